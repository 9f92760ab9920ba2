//! Drop elaboration (MEMORY.md §4): rewrites every `Drop` using the initialization dataflow.
//!
//! For the dropped place's path: no part maybe-initialised → the drop is removed; every part
//! definitely initialised → it stays; a whole place that is maybe initialised → it is guarded
//! by a drop flag (`SwitchInt` on a `Bool` [`LocalKind::DropFlag`] local); a partially moved
//! aggregate → "open drop": each field in declaration order is elaborated recursively (fields
//! without their own path share the aggregate's state and flag). Flags are created only where a
//! guarded drop needs them; they are reset to `false` on entry and updated after every
//! initialisation (`true`), move and `StorageLive` (`false`) of a path containing them.
//! Places through references or indexes are always dropped. Types that need no drop lose their
//! `Drop`s. Modelled on rustc's `ElaborateDrops`.

use super::build::Built;
use super::dataflow::{Analysis, Effect, PathId, State};
use super::ir::{
    BasicBlock, Body, LocalDecl, LocalKind, Operand, Place, Projection, Statement, StatementKind, Terminator,
    TerminatorKind,
};
use super::tyutil::{field_count, field_ty, needs_drop, place_ty};
use crate::sema::hir;
use crate::sema::ty::Ty;
use std::collections::{BTreeMap, HashMap};

/// Elaborates the drops of `built.body` in place.
pub fn elaborate(program: &hir::Program, built: &mut Built, analysis: &Analysis) {
    let mut el = Elaborator { program, analysis, flags: BTreeMap::new(), new_locals: Vec::new() };
    let base_locals = built.body.locals.len();
    let body = &mut built.body;
    let mut rewrites = Vec::new();
    for (b, entry) in analysis.entry.iter().enumerate() {
        let Some(entry) = entry else { continue };
        let TerminatorKind::Drop { place, target } = &body.blocks[b].terminator.kind else {
            continue;
        };
        let mut st = entry.clone();
        for e in analysis.effects[b][..body.blocks[b].statements.len()].iter().flatten() {
            analysis.apply(&mut st, e);
        }
        let mut actions = Vec::new();
        el.drop_actions(&body.locals, place, &st, &mut actions);
        rewrites.push((b, actions, *target));
    }
    for (b, actions, target) in rewrites {
        let span = body.blocks[b].terminator.span;
        let mut next = target;
        for (place, flag) in actions.into_iter().rev() {
            let drop_bb = push_block(body, TerminatorKind::Drop { place, target: next }, span);
            next = match flag {
                None => drop_bb,
                Some(path) => {
                    let f = el.flag(path, base_locals, span);
                    push_block(
                        body,
                        TerminatorKind::SwitchInt {
                            discr: Operand::Copy(Place::local(f)),
                            targets: vec![(0, next)],
                            otherwise: drop_bb,
                        },
                        span,
                    )
                }
            };
        }
        body.blocks[b].terminator.kind = TerminatorKind::Goto(next);
    }
    body.locals.append(&mut el.new_locals);
    if !el.flags.is_empty() {
        insert_flag_updates(body, analysis, &el.flags);
    }
}

fn push_block(body: &mut Body, kind: TerminatorKind, span: crate::span::Span) -> usize {
    body.blocks.push(BasicBlock { statements: Vec::new(), terminator: Terminator { kind, span } });
    body.blocks.len() - 1
}

struct Elaborator<'a> {
    program: &'a hir::Program,
    analysis: &'a Analysis,
    /// Drop flag local of each flagged path.
    flags: BTreeMap<PathId, usize>,
    new_locals: Vec<LocalDecl>,
}

impl Elaborator<'_> {
    fn flag(&mut self, path: PathId, base: usize, span: crate::span::Span) -> usize {
        if let Some(f) = self.flags.get(&path) {
            return *f;
        }
        let f = base + self.new_locals.len();
        self.new_locals.push(LocalDecl { ty: Ty::Bool, kind: LocalKind::DropFlag, name: None, mutable: true, span });
        self.flags.insert(path, f);
        f
    }

    /// The unconditional (`None`) or flag-guarded (`Some(path)`) drops that replace
    /// `Drop(place)` in state `st`, in execution order.
    fn drop_actions(&self, locals: &[LocalDecl], place: &Place, st: &State, out: &mut Vec<(Place, Option<PathId>)>) {
        let (ty, variant) = place_ty(self.program, locals, place);
        if !needs_drop(self.program, &ty) {
            return;
        }
        let (id, exact) = self.analysis.paths.lookup(place);
        if !exact {
            out.push((place.clone(), None));
            return;
        }
        self.open(id, place.clone(), &ty, variant, st, out);
    }

    fn open(
        &self,
        id: PathId,
        place: Place,
        ty: &Ty,
        variant: Option<usize>,
        st: &State,
        out: &mut Vec<(Place, Option<PathId>)>,
    ) {
        if !needs_drop(self.program, ty) {
            return;
        }
        let paths = &self.analysis.paths;
        let sub = paths.subtree(id);
        let live = sub.iter().any(|p| st[*p].maybe_init);
        let dead = sub.iter().any(|p| st[*p].maybe_uninit);
        if !live {
            return;
        }
        if !dead {
            out.push((place, None));
            return;
        }
        let children = &paths.paths[id].children;
        if children.is_empty() {
            out.push((place, Some(id)));
            return;
        }
        // Partially moved: open the aggregate. An enum opens the variant it was downcast to.
        let (owner, base, variant) = match (variant, children.iter().find_map(|c| downcast_of(&paths.paths[*c].place)))
        {
            (None, Some(v)) => {
                let dv = paths.find(&place.project(Projection::Downcast(v))).expect("downcast path");
                (dv, place.project(Projection::Downcast(v)), Some(v))
            }
            _ => (id, place, variant),
        };
        for i in 0..field_count(self.program, ty, variant) {
            let fplace = base.project(Projection::Field(i));
            let fty = field_ty(self.program, ty, variant, i);
            match paths.find(&fplace) {
                Some(child) => self.open(child, fplace, &fty, None, st, out),
                None if !needs_drop(self.program, &fty) => {}
                None => {
                    let s = &st[owner];
                    if s.maybe_init && !s.maybe_uninit {
                        out.push((fplace, None));
                    } else if s.maybe_init {
                        out.push((fplace, Some(owner)));
                    }
                }
            }
        }
    }
}

fn downcast_of(place: &Place) -> Option<usize> {
    match place.projection.last() {
        Some(Projection::Downcast(v)) => Some(*v),
        _ => None,
    }
}

/// Inserts `SetDropFlag` statements: at entry `true` for flags of arguments, else `false`; after each effect on a
/// path (initialisation, move, `StorageLive`), the new state of every flagged path in its
/// subtree.
fn insert_flag_updates(body: &mut Body, analysis: &Analysis, flags: &BTreeMap<PathId, usize>) {
    let mut inserts: HashMap<usize, Vec<(usize, Statement)>> = HashMap::new();
    let paths = &analysis.paths;
    for (b, per) in analysis.effects.iter().enumerate() {
        if analysis.entry[b].is_none() {
            continue;
        }
        let n = per.len() - 1;
        for (i, effects) in per.iter().enumerate() {
            let span = if i < n { body.blocks[b].statements[i].span } else { body.blocks[b].terminator.span };
            for e in effects {
                let (place, value) = match e {
                    Effect::Move(m) => (paths.paths[analysis.moves[*m].path].place.clone(), false),
                    Effect::Init(p) => (p.clone(), true),
                    Effect::Kill(p)
                        if i < n && matches!(body.blocks[b].statements[i].kind, StatementKind::StorageLive(_)) =>
                    {
                        (p.clone(), false)
                    }
                    _ => continue,
                };
                let (id, exact) = paths.lookup(&place);
                if !exact {
                    continue;
                }
                for p in paths.subtree(id) {
                    let Some(f) = flags.get(&p) else { continue };
                    let stmt = Statement { kind: StatementKind::SetDropFlag(*f, value), span };
                    let at = match (&body.blocks[b].terminator.kind, i < n, value) {
                        (_, true, _) => (b, i + 1),
                        (TerminatorKind::Call { target: Some(t), .. }, false, true) => (*t, 0),
                        (TerminatorKind::Call { target: None, .. }, false, true) => continue,
                        _ => (b, n),
                    };
                    inserts.entry(at.0).or_default().push((at.1, stmt));
                }
            }
        }
    }
    for (b, list) in inserts {
        let mut list: Vec<(usize, (usize, Statement))> = list.into_iter().enumerate().collect();
        list.sort_by_key(|(k, (pos, _))| (std::cmp::Reverse(*pos), std::cmp::Reverse(*k)));
        for (_, (pos, stmt)) in list {
            body.blocks[b].statements.insert(pos, stmt);
        }
    }
    let is_arg = |p: &PathId| (1..=body.arg_count).contains(&paths.paths[*p].place.local);
    let resets: Vec<Statement> = flags
        .iter()
        .map(|(p, f)| Statement { kind: StatementKind::SetDropFlag(*f, is_arg(p)), span: body.span })
        .collect();
    body.blocks[0].statements.splice(0..0, resets);
}
