//! Conflict detection: every access of a place is checked against the loans live at that
//! point (MEMORY.md §6.3), with the messages of CLI.md §3.3.
//!
//! Reads, moves and new borrows in a statement are checked against the loans live *before* it;
//! the written place and ending locals against the loans still live *after* it (so `x = *r`
//! with the last use of `r` is accepted, as in NLL's mid-point rule).

use super::flow::{Flow, FlowState};
use super::liveness::{use_def, Liveness};
use super::loans::{is_overwrite_drop, overlap, BitSet, LoanId, Loans, Overlap};
use crate::diagnostics::Diagnostic;
use crate::mir::build::{place_display_name, successors, Built, Location};
use crate::mir::ir::{Callee, Local, LocalKind, Operand, Place, Projection, Rvalue, StatementKind, TerminatorKind};
use crate::sema::hir;
use crate::sema::ty::Mutability;
use crate::span::Span;
use std::collections::HashSet;

/// What an access does to a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Read,
    Move,
    /// Assignment (shallow: loans behind a reference stored in the place are unaffected).
    Write,
    /// A new borrow. A reserved two-phase `mut` borrow is checked as `Reserve`.
    Borrow(Mutability),
    Reserve,
    /// The place's storage ends (scope exit, drop).
    End,
}

/// The checker's results for one body.
pub struct Outcome {
    pub diags: Vec<Diagnostic>,
    /// Loans carried by the return place at some `Return`.
    pub returned: BitSet,
    /// Each assignment to the return place: its span and the loans it stores.
    pub ret_sites: Vec<(Span, BitSet)>,
}

/// Visits the accesses of one body with its dataflow results.
pub struct Checker<'a> {
    program: &'a hir::Program,
    built: &'a Built,
    flow: &'a Flow<'a>,
    live: &'a Liveness,
    loans: &'a Loans,
    /// Per location: the tracked locals it uses with the loans they carry there.
    uses_at: Vec<Vec<Vec<(Local, BitSet)>>>,
    reported: HashSet<(&'static str, Span)>,
    ended: HashSet<LoanId>,
    out: Outcome,
}

impl<'a> Checker<'a> {
    /// Checks every reachable location of the body.
    pub fn run(
        program: &'a hir::Program,
        built: &'a Built,
        flow: &'a Flow<'a>,
        live: &'a Liveness,
        loans: &'a Loans,
    ) -> Outcome {
        let body = &built.body;
        let mut uses_at: Vec<Vec<Vec<(Local, BitSet)>>> =
            body.blocks.iter().map(|bb| vec![Vec::new(); bb.statements.len() + 1]).collect();
        for (b, entry) in flow.entry.iter().enumerate() {
            let Some(mut st) = entry.clone() else { continue };
            for (i, slot) in uses_at[b].iter_mut().enumerate() {
                for u in use_def(body, (b, i)).uses {
                    if flow.tracked[u] && !st.carries[u].is_empty() {
                        slot.push((u, st.carries[u].clone()));
                    }
                }
                flow.apply(&mut st, (b, i));
            }
        }
        let out = Outcome { diags: Vec::new(), returned: BitSet::new(loans.len()), ret_sites: Vec::new() };
        let mut ck = Checker {
            program,
            built,
            flow,
            live,
            loans,
            uses_at,
            reported: HashSet::new(),
            ended: HashSet::new(),
            out,
        };
        for (b, entry) in flow.entry.iter().enumerate() {
            let Some(mut st) = entry.clone() else { continue };
            for i in 0..=body.blocks[b].statements.len() {
                let before = st.clone();
                flow.apply(&mut st, (b, i));
                ck.location((b, i), &before, &st);
            }
        }
        ck.out
    }

    fn location(&mut self, loc: Location, before: &FlowState, after: &FlowState) {
        let body = &self.built.body;
        let live_in = before.live_loans(self.live.before(loc));
        // Loans the location itself kills (ending a borrowed local) still count after it.
        let mut live_out = after.carried(self.live.after(loc));
        live_out.intersect_with(&before.in_scope);
        let bb = &body.blocks[loc.0];
        if let Some(s) = bb.statements.get(loc.1) {
            match &s.kind {
                StatementKind::Assign(dest, rv) => {
                    self.rvalue(loc, rv, s.span, &live_in);
                    self.check(loc, dest, Access::Write, s.span, &live_out, false);
                    if *dest == Place::local(0) {
                        let loans = self.flow.rvalue_loans(before, loc, rv);
                        self.out.ret_sites.push((s.span, loans));
                    }
                }
                StatementKind::StorageDead(l) => {
                    self.check(loc, &Place::local(*l), Access::End, s.span, &live_out, false)
                }
                StatementKind::StorageLive(_) | StatementKind::SetDropFlag(..) => {}
            }
            return;
        }
        let span = bb.terminator.span;
        match &bb.terminator.kind {
            TerminatorKind::Call { callee, args, dest, .. } => {
                if let Callee::Value(op) = callee {
                    self.operand(loc, op, span, &live_in);
                }
                args.iter().for_each(|a| self.operand(loc, a, span, &live_in));
                // Arguments are evaluated before the receiver's borrow activates: only loans
                // passed into the call or still live after it conflict with it.
                let mut passed = live_out.clone();
                for a in args {
                    if let Some(p) = super::loans::operand_place(a) {
                        passed.union_with(&self.flow.place_loans(before, p));
                    }
                }
                passed.intersect_with(&before.in_scope);
                self.activations(loc, before, &passed);
                self.check(loc, dest, Access::Write, span, &live_out, false);
                if *dest == Place::local(0) {
                    let ret = body.return_ty().clone();
                    let loans = self.flow.call_loans(before, callee, args, &ret);
                    self.out.ret_sites.push((span, loans));
                }
            }
            TerminatorKind::SwitchInt { discr, .. } => self.operand(loc, discr, span, &live_in),
            TerminatorKind::Drop { place, .. } if !is_overwrite_drop(body, loc.0) => {
                self.check(loc, place, Access::End, span, &live_out, false)
            }
            TerminatorKind::Return => {
                self.out.returned.union_with(&before.carries[0]);
            }
            _ => {}
        }
    }

    fn rvalue(&mut self, loc: Location, rv: &Rvalue, span: Span, live: &BitSet) {
        match rv {
            Rvalue::Use(o) | Rvalue::UnaryOp(_, o) | Rvalue::Cast(o, _) | Rvalue::Repeat(o, _) => {
                self.operand(loc, o, span, live)
            }
            Rvalue::MakeDyn { operand, .. } => self.operand(loc, operand, span, live),
            Rvalue::BinaryOp(_, a, b) => {
                self.operand(loc, a, span, live);
                self.operand(loc, b, span, live);
            }
            Rvalue::Aggregate(_, ops) => ops.iter().for_each(|o| self.operand(loc, o, span, live)),
            Rvalue::Ref(kind, p) => {
                let two_phase =
                    self.loans.by_loc.get(&loc).is_some_and(|id| self.loans.loans[*id].activation.is_some());
                let access = if two_phase { Access::Reserve } else { Access::Borrow(*kind) };
                self.check(loc, p, access, span, live, true);
            }
            Rvalue::Discriminant(p) => self.check(loc, p, Access::Read, span, live, true),
            Rvalue::AddressOf(_) => {}
        }
    }

    fn operand(&mut self, loc: Location, op: &Operand, span: Span, live: &BitSet) {
        match op {
            Operand::Copy(p) => self.check(loc, p, Access::Read, span, live, true),
            Operand::Move(p) => self.check(loc, p, Access::Move, span, live, true),
            Operand::Const(..) => {}
        }
    }

    /// Two-phase borrows activated by the call at `loc` become exclusive here.
    fn activations(&mut self, loc: Location, before: &FlowState, live: &BitSet) {
        let ids: Vec<LoanId> =
            (0..self.loans.len()).filter(|id| self.loans.loans[*id].activation == Some(loc)).collect();
        for id in ids {
            let loan = &self.loans.loans[id];
            let mut others = live.clone();
            for x in before.carries[loan.dest].iter() {
                others.remove(x);
            }
            let (place, span) = (loan.place.clone(), loan.place_span);
            self.check_against(loc, &place, Access::Borrow(Mutability::Mut), span, &others, true, Some(id));
        }
    }

    fn check(&mut self, loc: Location, place: &Place, access: Access, fallback: Span, live: &BitSet, before: bool) {
        let span = self.use_span(loc, place, fallback);
        self.check_against(loc, place, access, span, live, before, None);
    }

    /// Reports the first live loan that `access` to `place` conflicts with. `before`: the
    /// loans are those live before `loc` (else after it).
    #[allow(clippy::too_many_arguments)]
    fn check_against(
        &mut self,
        loc: Location,
        place: &Place,
        access: Access,
        span: Span,
        live: &BitSet,
        before: bool,
        itself: Option<LoanId>,
    ) {
        let locals = if before { self.live.before(loc) } else { self.live.after(loc) };
        for id in live.iter() {
            let loan = &self.loans.loans[id];
            if Some(id) == itself || loan.loc == loc {
                continue;
            }
            match overlap(place, &loan.place) {
                Overlap::Disjoint => continue,
                Overlap::BehindReference if matches!(access, Access::Write | Access::End) => continue,
                _ => {}
            }
            let reserved = loan.activation.is_some() && locals.contains(loan.dest);
            let exclusive = loan.kind == Mutability::Mut && !reserved;
            let conflict = match access {
                Access::Read | Access::Borrow(Mutability::Not) | Access::Reserve => exclusive,
                Access::Borrow(Mutability::Mut) | Access::Write | Access::Move | Access::End => true,
            };
            if conflict {
                let from = if before { vec![loc] } else { self.after(loc) };
                self.report(place, access, span, id, exclusive, from);
                return;
            }
        }
    }

    /// The locations right after `loc`.
    fn after(&self, (b, i): Location) -> Vec<Location> {
        if i < self.built.body.blocks[b].statements.len() {
            vec![(b, i + 1)]
        } else {
            successors(&self.built.body.blocks[b].terminator.kind).into_iter().map(|s| (s, 0)).collect()
        }
    }

    /// The span of the expression that produced `place` at `loc` (else `fallback`).
    fn use_span(&self, loc: Location, place: &Place, fallback: Span) -> Span {
        self.built
            .uses
            .get(&loc)
            .and_then(|v| v.iter().find(|(p, _)| p == place))
            .and_then(|(_, spans)| spans.last().copied())
            .unwrap_or(fallback)
    }

    /// The first use, from `starts` on, of a local carrying `loan` (the use keeping it live).
    fn later_use(&self, loan: LoanId, starts: Vec<Location>) -> Option<Span> {
        let body = &self.built.body;
        let mut seen = HashSet::new();
        let mut work = starts;
        while let Some((b, i)) = work.pop() {
            if !seen.insert((b, i)) {
                continue;
            }
            for j in i..=body.blocks[b].statements.len() {
                if let Some((local, _)) = self.uses_at[b][j].iter().find(|(_, c)| c.contains(loan)) {
                    let fallback = match body.blocks[b].statements.get(j) {
                        _ if self.built.temp_names.contains_key(local) => body.locals[*local].span,
                        Some(s) => s.span,
                        None => body.blocks[b].terminator.span,
                    };
                    let span = self
                        .built
                        .uses
                        .get(&(b, j))
                        .and_then(|v| v.iter().find(|(p, _)| p.local == *local))
                        .and_then(|(_, spans)| spans.first().copied())
                        .unwrap_or(fallback);
                    return Some(span);
                }
            }
            work.extend(successors(&body.blocks[b].terminator.kind).into_iter().map(|s| (s, 0)));
        }
        None
    }

    /// The place as written, with indexing shown as the whole collection.
    fn name(&self, place: &Place) -> String {
        let cut = place.projection.iter().position(|p| matches!(p, Projection::Index(_)));
        let shown = Place {
            local: place.local,
            projection: place.projection[..cut.unwrap_or(place.projection.len())].to_vec(),
        };
        place_display_name(self.program, &self.built.body.locals, &self.built.temp_names, &shown)
    }

    fn report(&mut self, place: &Place, access: Access, span: Span, id: LoanId, exclusive: bool, from: Vec<Location>) {
        let loan = &self.loans.loans[id];
        let name = self.name(place);
        let later = self.later_use(id, from).filter(|s| *s != span);
        let (code, message, primary, first, later_label) = match access {
            Access::Read => (
                "E0404",
                format!("cannot use `{name}` because it was mutably borrowed"),
                format!("use of borrowed {name}"),
                "mutable borrow occurs here".to_string(),
                "borrow later used here",
            ),
            Access::Borrow(Mutability::Not) => (
                "E0401",
                format!("cannot borrow `{name}` as immutable because it is also borrowed as mutable"),
                "immutable borrow occurs here".to_string(),
                "mutable borrow occurs here".to_string(),
                "mutable borrow later used here",
            ),
            Access::Borrow(Mutability::Mut) | Access::Reserve if exclusive => (
                "E0402",
                format!("cannot borrow `{name}` as mutable more than once at a time"),
                "second mutable borrow occurs here".to_string(),
                "first mutable borrow occurs here".to_string(),
                "first borrow later used here",
            ),
            Access::Borrow(Mutability::Mut) | Access::Reserve => (
                "E0401",
                format!("cannot borrow `{name}` as mutable because it is also borrowed as immutable"),
                "mutable borrow occurs here".to_string(),
                "immutable borrow occurs here".to_string(),
                "immutable borrow later used here",
            ),
            Access::Write => (
                "E0403",
                format!("cannot assign to `{name}` because it is borrowed"),
                format!("{name} is assigned to here but it was already borrowed"),
                format!("borrow of {name} occurs here"),
                "borrow later used here",
            ),
            Access::Move => (
                "E0403",
                format!("cannot move out of `{name}` because it is borrowed"),
                format!("move out of {name} occurs here"),
                format!("borrow of {name} occurs here"),
                "borrow later used here",
            ),
            Access::End => {
                if !self.ended.insert(id) {
                    return;
                }
                return self.report_end(place, span, id, later);
            }
        };
        if !self.reported.insert((code, span)) {
            return;
        }
        let mut d = Diagnostic::error(code, message, span, primary).with_secondary(loan.span, first);
        if let Some(l) = later {
            d = d.with_secondary(l, later_label);
        }
        self.out.diags.push(d);
    }

    /// A borrowed local ends while the loan is live: E0408 for temporaries; for named locals,
    /// E0403 (leaving the scope moves the value into its destructor).
    fn report_end(&mut self, place: &Place, span: Span, id: LoanId, later: Option<Span>) {
        let loan = &self.loans.loans[id];
        let decl = &self.built.body.locals[place.local];
        let d = if decl.kind == LocalKind::Temp && !self.built.temp_names.contains_key(&place.local) {
            Diagnostic::error(
                "E0408",
                "temporary value dropped while borrowed",
                decl.span,
                "creates a temporary value which is freed while still in use",
            )
        } else {
            let name = self.name(place);
            Diagnostic::error(
                "E0403",
                format!("cannot move out of `{name}` because it is borrowed"),
                span,
                format!("{name} dropped here while still borrowed"),
            )
            .with_secondary(loan.span, format!("borrow of {name} occurs here"))
        };
        let d = match later {
            Some(l) => d.with_secondary(l, "borrow later used here"),
            None => d,
        };
        if self.reported.insert((d.code, d.primary_span().unwrap_or_default())) {
            self.out.diags.push(d);
        }
    }
}
