//! `when` lowering: a decision sequence that tests the arms in order.
//!
//! Or-patterns are first expanded into or-free alternatives; each alternative is a chain of
//! tests on the scrutinee place (`SwitchInt` on integers, chars, bools and discriminants,
//! comparisons for ranges and floats, `StrEq` calls for strings) that jumps to the next
//! alternative on failure and to its binding block on success. An arm that binds a non-Copy
//! part by value first moves the whole scrutinee into an arm temporary (MEMORY.md §4.3), binds
//! from it, and drops the unbound remainder with it at the end of the arm.

use super::{Builder, ScopeKind};
use crate::mir::ir::{Callee, ConstValue, Operand, Place, Projection, Rvalue, TerminatorKind};
use crate::sema::hir::{Arm, BinOp, BindingMode, Const, Expr, Intrinsic, Pat, PatKind};
use crate::sema::ty::Ty;
use crate::span::Span;

impl<'a> Builder<'a> {
    pub(super) fn lower_match(&mut self, dest: &Place, scrutinee: &Expr, arms: &[Arm], span: Span) {
        self.push_scope(ScopeKind::Temps);
        let scrut = self.as_place(scrutinee, false);
        let end = self.new_block();
        for arm in arms {
            let alts = expand_or(&arm.pattern);
            let moves = alts.iter().any(|a| self.binds_by_move(a));
            let body_bb = self.new_block();
            self.push_scope(ScopeKind::Block);
            let holder = if moves {
                let s = self.temp(scrutinee.ty.clone(), scrutinee.span);
                if self.needs_drop(&scrutinee.ty) {
                    self.schedule_drop(s, arm.span);
                }
                Some(s)
            } else {
                None
            };
            let mut first = true;
            for alt in &alts {
                let next = self.new_block();
                self.test_pat(alt, &scrut.place, next);
                let (base, spans) = match holder {
                    Some(s) => {
                        let op = self.place_operand(scrut.clone(), &scrutinee.ty);
                        self.pending_uses.push((scrut.place.clone(), scrut.spans.clone()));
                        self.assign(Place::local(s), Rvalue::Use(op), scrutinee.span);
                        (Place::local(s), vec![scrutinee.span])
                    }
                    None => (scrut.place.clone(), scrut.spans.clone()),
                };
                if first {
                    self.declare_bindings_here(alt);
                    first = false;
                } else {
                    self.storage_live_bindings(alt);
                }
                self.bind_pat(alt, &base, &spans);
                self.goto(body_bb, arm.span);
                self.current = next;
            }
            let fail = self.current;
            self.current = body_bb;
            self.push_scope(ScopeKind::Temps);
            self.expr_into(dest, &arm.body);
            self.pop_scope();
            self.pop_scope();
            self.goto(end, arm.span);
            self.current = fail;
        }
        self.terminate(TerminatorKind::Unreachable, span);
        self.current = end;
        self.pop_scope();
    }

    /// `StorageLive` plus exits (drop if needed, `StorageDead`) scheduled in the innermost (arm)
    /// scope.
    fn declare_bindings_here(&mut self, pat: &Pat) {
        let mut locals = Vec::new();
        super::stmt::collect_bindings(pat, &mut locals);
        for (l, span) in locals {
            let l = Self::local(l);
            self.storage_live(l, span);
            self.schedule_drop(l, span);
        }
    }

    fn storage_live_bindings(&mut self, pat: &Pat) {
        let mut locals = Vec::new();
        super::stmt::collect_bindings(pat, &mut locals);
        for (l, span) in locals {
            self.storage_live(Self::local(l), span);
        }
    }

    /// Whether `pat` binds a non-Copy part by value.
    fn binds_by_move(&self, pat: &Pat) -> bool {
        match &pat.kind {
            PatKind::Binding { mode: BindingMode::ByValue, .. } => !self.is_copy(&pat.ty),
            PatKind::Fields(ps) | PatKind::Variant { fields: ps, .. } | PatKind::Or(ps) => {
                ps.iter().any(|p| self.binds_by_move(p))
            }
            PatKind::Deref(p) => self.binds_by_move(p),
            _ => false,
        }
    }

    /// Emits the tests of the or-free pattern `pat` against `place`: falls through on success,
    /// jumps to `fail` otherwise.
    pub(super) fn test_pat(&mut self, pat: &Pat, place: &Place, fail: usize) {
        match &pat.kind {
            PatKind::Wild | PatKind::Binding { .. } | PatKind::Or(_) => {}
            PatKind::Const(c) => self.test_const(pat, place, c, fail),
            PatKind::Range { lo, hi, inclusive } => {
                let ge = Rvalue::BinaryOp(BinOp::Ge, Operand::Copy(place.clone()), konst(lo, &pat.ty));
                self.test_bool(ge, fail, pat.span);
                let op = if *inclusive { BinOp::Le } else { BinOp::Lt };
                let le = Rvalue::BinaryOp(op, Operand::Copy(place.clone()), konst(hi, &pat.ty));
                self.test_bool(le, fail, pat.span);
            }
            PatKind::Fields(ps) => {
                for (i, p) in ps.iter().enumerate() {
                    self.test_pat(p, &place.project(Projection::Field(i)), fail);
                }
            }
            PatKind::Variant { adt, variant, fields } => {
                let d = self.temp(Ty::I64, pat.span);
                self.assign(Place::local(d), Rvalue::Discriminant(place.clone()), pat.span);
                let value = match &self.program.adts[*adt].kind {
                    crate::sema::hir::AdtKind::Enum(vs) => vs[*variant].discriminant as i128,
                    crate::sema::hir::AdtKind::Struct(_) => 0,
                };
                let ok = self.new_block();
                self.terminate(
                    TerminatorKind::SwitchInt {
                        discr: Operand::Move(Place::local(d)),
                        targets: vec![(value, ok)],
                        otherwise: fail,
                    },
                    pat.span,
                );
                self.current = ok;
                let down = place.project(Projection::Downcast(*variant));
                for (i, p) in fields.iter().enumerate() {
                    self.test_pat(p, &down.project(Projection::Field(i)), fail);
                }
            }
            PatKind::Deref(inner) => self.test_pat(inner, &place.project(Projection::Deref), fail),
        }
    }

    fn test_const(&mut self, pat: &Pat, place: &Place, c: &Const, fail: usize) {
        let value = match c {
            Const::Bool(b) => Some(*b as i128),
            Const::Int(i) => Some(*i),
            Const::Char(ch) => Some(*ch as i128),
            _ => None,
        };
        if let Some(v) = value {
            let ok = self.new_block();
            self.terminate(
                TerminatorKind::SwitchInt {
                    discr: Operand::Copy(place.clone()),
                    targets: vec![(v, ok)],
                    otherwise: fail,
                },
                pat.span,
            );
            self.current = ok;
            return;
        }
        match c {
            Const::Str(_) => {
                let t = self.temp(Ty::Bool, pat.span);
                let ok = self.new_block();
                let call = TerminatorKind::Call {
                    callee: Callee::Intrinsic(Intrinsic::StrEq, Vec::new()),
                    args: vec![Operand::Copy(place.clone()), konst(c, &Ty::Str)],
                    dest: Place::local(t),
                    target: Some(ok),
                };
                self.terminate_into(call, pat.span, ok);
                let next = self.new_block();
                self.terminate(
                    TerminatorKind::SwitchInt {
                        discr: Operand::Move(Place::local(t)),
                        targets: vec![(0, fail)],
                        otherwise: next,
                    },
                    pat.span,
                );
                self.current = next;
            }
            Const::Float(_) => self.test_bool(
                Rvalue::BinaryOp(BinOp::Eq, Operand::Copy(place.clone()), konst(c, &pat.ty)),
                fail,
                pat.span,
            ),
            _ => {}
        }
    }

    /// Evaluates a Bool rvalue and continues only if it is true.
    fn test_bool(&mut self, rv: Rvalue, fail: usize, span: Span) {
        let t = self.temp(Ty::Bool, span);
        self.assign(Place::local(t), rv, span);
        let ok = self.new_block();
        self.terminate(
            TerminatorKind::SwitchInt {
                discr: Operand::Move(Place::local(t)),
                targets: vec![(0, fail)],
                otherwise: ok,
            },
            span,
        );
        self.current = ok;
    }

    /// Assigns the bindings of the or-free pattern `pat` from the parts of `place` (by copy,
    /// move or reference). `spans` are the source spans of `place`'s prefixes.
    pub(super) fn bind_pat(&mut self, pat: &Pat, place: &Place, spans: &[Span]) {
        let sub = |p: &Pat, proj: Vec<Projection>| {
            let mut pl = place.clone();
            let mut sp = spans.to_vec();
            for x in proj {
                pl = pl.project(x);
                sp.push(p.span);
            }
            (pl, sp)
        };
        match &pat.kind {
            PatKind::Binding { local, mode } => {
                let l = Self::local(*local);
                let rv = match mode {
                    BindingMode::ByValue => {
                        self.pending_uses.push((place.clone(), spans.to_vec()));
                        let info = super::PlaceInfo { place: place.clone(), spans: with_last(spans, pat.span) };
                        Rvalue::Use(self.place_operand(info, &pat.ty))
                    }
                    BindingMode::ByRef(m) => Rvalue::Ref(*m, place.clone()),
                };
                self.assign(Place::local(l), rv, pat.span);
            }
            PatKind::Fields(ps) => {
                for (i, p) in ps.iter().enumerate() {
                    let (pl, sp) = sub(p, vec![Projection::Field(i)]);
                    self.bind_pat(p, &pl, &sp);
                }
            }
            PatKind::Variant { variant, fields, .. } => {
                for (i, p) in fields.iter().enumerate() {
                    let (pl, sp) = sub(p, vec![Projection::Downcast(*variant), Projection::Field(i)]);
                    self.bind_pat(p, &pl, &sp);
                }
            }
            PatKind::Deref(inner) => {
                let (pl, sp) = sub(inner, vec![Projection::Deref]);
                self.bind_pat(inner, &pl, &sp);
            }
            PatKind::Wild | PatKind::Const(_) | PatKind::Range { .. } | PatKind::Or(_) => {}
        }
    }
}

fn with_last(spans: &[Span], last: Span) -> Vec<Span> {
    let mut v = spans.to_vec();
    if let Some(l) = v.last_mut() {
        *l = last;
    }
    v
}

fn konst(c: &Const, ty: &Ty) -> Operand {
    Operand::Const(ConstValue::Scalar(c.clone()), ty.clone())
}

/// Expands or-patterns (at any depth) into the list of or-free alternatives, in order.
pub(super) fn expand_or(pat: &Pat) -> Vec<Pat> {
    let with = |kind: PatKind| Pat { kind, ty: pat.ty.clone(), span: pat.span };
    match &pat.kind {
        PatKind::Or(ps) => ps.iter().flat_map(expand_or).collect(),
        PatKind::Fields(ps) => product(ps).into_iter().map(|fs| with(PatKind::Fields(fs))).collect(),
        PatKind::Variant { adt, variant, fields } => product(fields)
            .into_iter()
            .map(|fs| with(PatKind::Variant { adt: *adt, variant: *variant, fields: fs }))
            .collect(),
        PatKind::Deref(inner) => expand_or(inner).into_iter().map(|p| with(PatKind::Deref(Box::new(p)))).collect(),
        _ => vec![pat.clone()],
    }
}

fn product(ps: &[Pat]) -> Vec<Vec<Pat>> {
    let mut out: Vec<Vec<Pat>> = vec![Vec::new()];
    for p in ps {
        let alts = expand_or(p);
        out = out
            .iter()
            .flat_map(|prefix| alts.iter().map(move |a| [prefix.clone(), vec![a.clone()]].concat()))
            .collect();
    }
    out
}
