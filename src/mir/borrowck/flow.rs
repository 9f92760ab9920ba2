//! Forward "which loans may a local carry" dataflow, and the loans in scope.
//!
//! A local carries a loan when it may hold the reference created by the loan or any reference
//! derived from it: assigning a reference copies the source's loans (strong update for whole
//! locals), a reborrow `&(*r).f` carries its own loan plus `r`'s, and a call whose result
//! contains a reference carries the loans of the argument it borrows from (MEMORY.md §6.2).
//! A loan is *in scope* from its creation until the place it names stops denoting the same
//! memory: re-pointing `x` kills loans of places behind `*x`, and `StorageDead(x)` or a drop of
//! `x` kills loans of places rooted at `x` (as in NLL's `kill_loans_out_of_scope`).

use super::loans::{carries_loans, is_overwrite_drop, BitSet, Loans};
use crate::mir::build::{successors, Location};
use crate::mir::ir::{
    Body, Callee, Local, LocalKind, Operand, Place, Projection, Rvalue, StatementKind, TerminatorKind,
};
use crate::mir::tyutil::place_ty;
use crate::sema::hir;
use crate::sema::ty::Ty;

/// Dataflow state at one program point.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowState {
    /// Per local: the loans it may carry.
    pub carries: Vec<BitSet>,
    /// Loans created and not killed.
    pub in_scope: BitSet,
}

impl FlowState {
    /// Joins `other` into `self`; returns whether `self` changed.
    fn join(&mut self, other: &FlowState) -> bool {
        let mut changed = self.in_scope.union_with(&other.in_scope);
        for (a, b) in self.carries.iter_mut().zip(&other.carries) {
            changed |= a.union_with(b);
        }
        changed
    }

    /// The loans carried by any local in `live`.
    pub fn carried(&self, live: &BitSet) -> BitSet {
        let mut s = self.in_scope.clone();
        s.clear();
        for l in live.iter() {
            s.union_with(&self.carries[l]);
        }
        s
    }

    /// The loans carried by any local in `live` that are still in scope.
    pub fn live_loans(&self, live: &BitSet) -> BitSet {
        let mut s = self.carried(live);
        s.intersect_with(&self.in_scope);
        s
    }
}

/// Which arguments the result of a call borrows from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultSource {
    /// The argument at this index (the receiver, or the single reference parameter).
    Arg(usize),
    /// Unknown callee or invalid signature: every argument.
    All,
}

/// The parameter a function's returned reference must borrow from (MEMORY.md §6.2): the
/// receiver if the first parameter is `this`, else the single parameter of reference type
/// (closures: not counting the environment). `None` when there is none or several.
pub fn result_source(program: &hir::Program, f: usize) -> Option<usize> {
    let def = &program.fns[f];
    if let Some(body) = &def.body {
        let first = body.params.first().map(|p| body.locals[*p].name.as_deref());
        if first == Some(Some("this")) {
            return Some(0);
        }
    }
    let skip = usize::from(def.closure_env.is_some());
    let refs: Vec<usize> = (skip..def.params.len()).filter(|i| carries_loans(program, &def.params[*i])).collect();
    match refs.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The forward analysis of one body.
pub struct Flow<'a> {
    pub program: &'a hir::Program,
    pub body: &'a Body,
    pub loans: &'a Loans,
    /// Whether each local's type may carry loans.
    pub tracked: Vec<bool>,
    /// Entry state of each block (`None`: unreachable).
    pub entry: Vec<Option<FlowState>>,
}

impl<'a> Flow<'a> {
    /// Runs the worklist fixpoint.
    pub fn compute(program: &'a hir::Program, body: &'a Body, loans: &'a Loans) -> Flow<'a> {
        let tracked = body.locals.iter().map(|d| carries_loans(program, &d.ty)).collect();
        let mut flow = Flow { program, body, loans, tracked, entry: vec![None; body.blocks.len()] };
        let empty = FlowState {
            carries: vec![BitSet::new(loans.len()); body.locals.len()],
            in_scope: BitSet::new(loans.len()),
        };
        flow.entry[0] = Some(empty);
        let mut work = vec![0];
        while let Some(b) = work.pop() {
            let mut st = flow.entry[b].clone().expect("reachable");
            for i in 0..=body.blocks[b].statements.len() {
                flow.apply(&mut st, (b, i));
            }
            for s in successors(&body.blocks[b].terminator.kind) {
                let changed = match &mut flow.entry[s] {
                    None => {
                        flow.entry[s] = Some(st.clone());
                        true
                    }
                    Some(old) => old.join(&st),
                };
                if changed && !work.contains(&s) {
                    work.push(s);
                }
            }
        }
        flow
    }

    /// The loans a value read from `place` may carry.
    pub fn place_loans(&self, st: &FlowState, place: &Place) -> BitSet {
        let ty = place_ty(self.program, &self.body.locals, place).0;
        if self.tracked[place.local] && carries_loans(self.program, &ty) {
            st.carries[place.local].clone()
        } else {
            BitSet::new(self.loans.len())
        }
    }

    fn operand_loans(&self, st: &FlowState, op: &Operand) -> BitSet {
        match op {
            Operand::Copy(p) | Operand::Move(p) => self.place_loans(st, p),
            Operand::Const(..) => BitSet::new(self.loans.len()),
        }
    }

    /// The loans carried by the value of `rv` evaluated at `loc`.
    pub fn rvalue_loans(&self, st: &FlowState, loc: Location, rv: &Rvalue) -> BitSet {
        let mut s = BitSet::new(self.loans.len());
        match rv {
            // A borrowed `ref dyn` (`MakeDyn` of a reference) carries the reference's loans.
            Rvalue::Use(o) | Rvalue::Cast(o, _) | Rvalue::Repeat(o, _) | Rvalue::MakeDyn { operand: o, .. } => {
                s = self.operand_loans(st, o)
            }
            Rvalue::Aggregate(_, ops) => ops.iter().for_each(|o| {
                s.union_with(&self.operand_loans(st, o));
            }),
            Rvalue::Ref(_, p) => {
                if let Some(id) = self.loans.by_loc.get(&loc) {
                    s.insert(*id);
                }
                if p.projection.contains(&Projection::Deref) {
                    s.union_with(&st.carries[p.local]);
                }
            }
            _ => {}
        }
        s
    }

    /// The loans carried by the result of a call.
    pub fn call_loans(&self, st: &FlowState, callee: &Callee, args: &[Operand], ret: &Ty) -> BitSet {
        let mut s = BitSet::new(self.loans.len());
        if !carries_loans(self.program, ret) {
            return s;
        }
        let source = match callee {
            Callee::Fn { id, .. } => result_source(self.program, *id).map_or(ResultSource::All, ResultSource::Arg),
            Callee::Dyn { .. } => ResultSource::Arg(0),
            _ => ResultSource::All,
        };
        for (i, a) in args.iter().enumerate() {
            if source == ResultSource::All || source == ResultSource::Arg(i) {
                s.union_with(&self.operand_loans(st, a));
            }
        }
        s
    }

    /// Stores `loans` into `dest` and kills the loans behind a re-pointed local.
    fn write(&self, st: &mut FlowState, dest: &Place, loans: BitSet) {
        if dest.projection.is_empty() {
            for id in &self.loans.on_local[dest.local] {
                if self.loans.loans[*id].place.projection.first() == Some(&Projection::Deref) {
                    st.in_scope.remove(*id);
                }
            }
            st.carries[dest.local] = loans;
        } else {
            st.carries[dest.local].union_with(&loans);
        }
    }

    /// `local` ends (storage or drop): it carries nothing and loans of places in it end.
    fn end_local(&self, st: &mut FlowState, local: Local) {
        st.carries[local].clear();
        for id in &self.loans.on_local[local] {
            st.in_scope.remove(*id);
        }
    }

    /// Applies the effect of the statement or terminator at `loc`.
    pub fn apply(&self, st: &mut FlowState, (b, i): Location) {
        let bb = &self.body.blocks[b];
        if let Some(s) = bb.statements.get(i) {
            match &s.kind {
                StatementKind::Assign(dest, rv) => {
                    let loans = self.rvalue_loans(st, (b, i), rv);
                    if let Some(id) = self.loans.by_loc.get(&(b, i)) {
                        st.in_scope.insert(*id);
                    }
                    self.write(st, dest, loans);
                }
                StatementKind::StorageLive(l) | StatementKind::StorageDead(l) => self.end_local(st, *l),
                StatementKind::SetDropFlag(..) => {}
            }
            return;
        }
        match &bb.terminator.kind {
            TerminatorKind::Call { callee, args, dest, .. } => {
                let ret = place_ty(self.program, &self.body.locals, dest).0;
                let loans = self.call_loans(st, callee, args, &ret);
                self.write(st, dest, loans);
            }
            TerminatorKind::Drop { place, .. }
                if place.projection.is_empty()
                    && !is_overwrite_drop(self.body, b)
                    && self.body.locals[place.local].kind != LocalKind::ReturnPlace =>
            {
                self.end_local(st, place.local);
            }
            _ => {}
        }
    }
}
