//! Initialization and move checking (MEMORY.md §3): E0301 use of moved value, E0302 moved in
//! a previous loop iteration, E0304 use of partially moved value, E0306 possibly
//! uninitialised binding. (E0303 and E0305 are detected while building, where the source
//! form of the moved place is known.)
//!
//! Every reachable location is visited once with the fixpoint state of [`Analysis`]; each
//! `Use` checks the used path, its ancestors (moved or uninitialised → E0301/E0302/E0306) and
//! its descendants (→ E0304). A path that produced an error is not reported again, nor are
//! paths below it.

use super::build::{place_display_name, Built};
use super::dataflow::{Analysis, Effect, PathId, State};
use super::ir::{Body, LocalKind, Place};
use super::tyutil::display_ty;
use crate::diagnostics::Diagnostic;
use crate::sema::hir;
use crate::span::Span;
use std::collections::HashSet;

/// Checks `built` and returns its diagnostics (empty if none).
pub fn check(program: &hir::Program, built: &Built, analysis: &Analysis) -> Vec<Diagnostic> {
    let generics = &program.fns[built.body.source].generics;
    let mut ck = Checker { program, built, analysis, generics, reported: HashSet::new(), diags: Vec::new() };
    for (b, entry) in analysis.entry.iter().enumerate() {
        let Some(entry) = entry else { continue };
        let mut st = entry.clone();
        for e in analysis.effects[b].iter().flatten() {
            match e {
                Effect::Use { place, spans } => ck.check_use(&st, place, spans, false),
                Effect::Write { place, spans } => ck.check_use(&st, place, spans, true),
                _ => {}
            }
            analysis.apply(&mut st, e);
        }
    }
    ck.diags
}

struct Checker<'a> {
    program: &'a hir::Program,
    built: &'a Built,
    analysis: &'a Analysis,
    generics: &'a [hir::GenericParamDef],
    reported: HashSet<PathId>,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn body(&self) -> &Body {
        &self.built.body
    }

    fn name(&self, place: &Place) -> String {
        place_display_name(self.program, &self.body().locals, &self.built.temp_names, place)
    }

    /// Checks a use of `place` (or, for `write`, an assignment to it: only strict ancestors
    /// must be initialised).
    fn check_use(&mut self, st: &State, place: &Place, spans: &[Span], write: bool) {
        let paths = &self.analysis.paths;
        let (id, _) = paths.lookup(place);
        let chain = paths.ancestors_and_self(id);
        if chain.iter().any(|p| self.reported.contains(p)) {
            return;
        }
        let ancestors = if write { &chain[..chain.len() - 1] } else { &chain[..] };
        if let Some(&q) = ancestors.iter().find(|p| st[**p].maybe_uninit) {
            let depth = paths.paths[q].place.projection.len();
            let span = spans.get(depth).or(spans.last()).copied().unwrap_or_default();
            self.report_whole(st, q, span);
            return;
        }
        if write {
            return;
        }
        let sub = paths.subtree(id);
        if let Some(&d) = sub[1..].iter().find(|p| st[**p].maybe_uninit && !st[**p].moves.is_empty()) {
            let span = spans.last().copied().unwrap_or_default();
            let used = paths.paths[id].place.clone();
            let moved_at = self.analysis.moves[*st[d].moves.iter().next().expect("nonempty")].span;
            let name = self.name(&used);
            let d_err = Diagnostic::error(
                "E0304",
                format!("use of partially moved value: `{name}`"),
                span,
                "value used here after partial move",
            )
            .with_secondary(moved_at, "value partially moved here");
            self.reported.insert(id);
            self.diags.push(d_err);
        }
    }

    /// The used path `q` (or an ancestor of the used place) is moved or uninitialised.
    fn report_whole(&mut self, st: &State, q: PathId, span: Span) {
        let place = self.analysis.paths.paths[q].place.clone();
        let decl = &self.body().locals[place.local];
        if !matches!(decl.kind, LocalKind::User | LocalKind::Arg) {
            return;
        }
        self.reported.insert(q);
        let name = self.name(&place);
        let moves: Vec<&super::dataflow::MoveSite> = st[q].moves.iter().map(|m| &self.analysis.moves[*m]).collect();
        if moves.is_empty() {
            let d = Diagnostic::error(
                "E0306",
                format!("used binding `{name}` is possibly uninitialized"),
                span,
                format!("`{name}` used here but it is possibly uninitialized"),
            );
            self.diags.push(d);
            return;
        }
        let ty = super::tyutil::place_ty(self.program, &self.body().locals, &place).0;
        let ty_name = display_ty(self.program, &ty, self.generics);
        let header = format!("use of moved value: `{name}`");
        let later = moves.iter().filter(|m| m.span.lo >= span.lo).min_by_key(|m| m.span.lo);
        let d = match later {
            Some(m) if m.span == span => {
                Diagnostic::error("E0302", header, span, "value moved here, in previous iteration of loop")
            }
            Some(m) => Diagnostic::error("E0302", header, span, "value used here after move")
                .with_secondary(m.span, "value moved here, in previous iteration of loop"),
            None => {
                let m = moves.iter().max_by_key(|m| m.span.lo).expect("nonempty");
                Diagnostic::error("E0301", header, span, "value used here after move")
                    .with_secondary(m.span, "value moved here")
            }
        };
        let d = d.with_note(format!("`{name}` has type `{ty_name}`, which is not Copy")).with_help(format!(
            "lend it with `ref {name}`, or derive Duplicate for `{ty_name}` and pass `{name}.duplicate()`"
        ));
        self.diags.push(d);
    }
}
