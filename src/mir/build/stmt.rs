//! Statements and loops: `let` (with patterns and `else`), `loop`, and `for` over ranges and
//! arrays.

use super::{Builder, LoopScope, ScopeKind};
use crate::mir::ir::{BlockId, ConstValue, Local, Operand, Place, Projection, Rvalue, TerminatorKind};
use crate::sema::hir::{self, BinOp, Const, Expr, ForIter, Pat, PatKind, Stmt};
use crate::sema::ty::{IntTy, Mutability, Ty};
use crate::span::Span;

impl<'a> Builder<'a> {
    pub(super) fn lower_stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Expr(e) => self.lower_expr_stmt(e),
            Stmt::Let { pattern, init, else_block, span } => {
                self.lower_let(pattern, init.as_ref(), else_block.as_ref(), *span);
                self.pending_uses.clear();
            }
        }
    }

    fn lower_let(&mut self, pattern: &Pat, init: Option<&Expr>, else_block: Option<&hir::Block>, span: Span) {
        if let (PatKind::Binding { local, mode: hir::BindingMode::ByValue }, None) = (&pattern.kind, else_block) {
            let l = Self::local(*local);
            self.storage_live(l, pattern.span);
            if let Some(init) = init {
                self.push_scope(ScopeKind::Temps);
                self.expr_into(&Place::local(l), init);
                self.pop_scope();
            }
            self.schedule_binding_drop(l, pattern.span);
            return;
        }
        let Some(init) = init else {
            // A pattern without initializer only binds (sema allows just a plain binding).
            self.declare_bindings(pattern);
            return;
        };
        self.push_scope(ScopeKind::Temps);
        let p = self.as_place(init, false);
        if let Some(else_block) = else_block {
            let (fail, ok) = (self.new_block(), self.new_block());
            self.test_pat(pattern, &p.place, fail);
            self.goto(ok, span);
            self.current = fail;
            let sink = self.unit_sink(span);
            self.lower_block(&sink, else_block, &Ty::Never);
            self.terminate(TerminatorKind::Unreachable, else_block.span);
            self.current = ok;
        }
        self.declare_bindings(pattern);
        self.bind_pat(pattern, &p.place, &p.spans);
        self.pop_scope();
    }

    /// `StorageLive` and a scheduled exit (drop if needed, `StorageDead`) in the enclosing
    /// block scope for every binding of `pat`, in pattern order.
    pub(super) fn declare_bindings(&mut self, pat: &Pat) {
        let mut locals = Vec::new();
        collect_bindings(pat, &mut locals);
        for (l, span) in locals {
            let l = Self::local(l);
            self.storage_live(l, span);
            self.schedule_binding_drop(l, span);
        }
    }

    /// `loop { body }`: `continue` jumps to the head, `break` to the exit.
    pub(super) fn lower_loop(&mut self, body: &hir::Block, span: Span) {
        let (head, exit) = (self.new_block(), self.new_block());
        self.goto(head, span);
        self.current = head;
        self.loops.push(LoopScope { depth: self.scopes.len(), break_bb: exit, continue_bb: head });
        let sink = self.unit_sink(span);
        self.lower_block(&sink, body, &Ty::Unit);
        self.goto(head, span);
        self.loops.pop();
        self.current = exit;
    }

    /// `for pattern in iter { body }`. Iterable temporaries live until the loop ends.
    pub(super) fn lower_for(&mut self, pattern: &Pat, iter: &ForIter, body: &hir::Block, span: Span) {
        self.push_scope(ScopeKind::Temps);
        match iter {
            ForIter::Range { start, end, inclusive } => {
                self.lower_for_range(pattern, start, end, *inclusive, body, span)
            }
            ForIter::Array(arr) => self.lower_for_array(pattern, arr, body, span),
        }
        self.pop_scope();
    }

    /// Ranges iterate a hidden counter. `Char` ranges count in `U32`. Exclusive: `while i < end
    /// { body; i += 1 }`. Inclusive (never overflows at the type's maximum): `if i <= end { loop
    /// { body; if i == end break; i += 1 } }`.
    fn lower_for_range(
        &mut self,
        pattern: &Pat,
        start: &Expr,
        end: &Expr,
        inclusive: bool,
        body: &hir::Block,
        span: Span,
    ) {
        let elem_ty = start.ty.clone();
        let counter_ty = if elem_ty == Ty::Char { Ty::Int(IntTy::U32) } else { elem_ty.clone() };
        let s = self.as_operand(start);
        let e = self.as_operand(end);
        let i = self.temp(counter_ty.clone(), start.span);
        let hi = self.temp(counter_ty.clone(), end.span);
        let widen = |o: Operand| {
            if elem_ty == Ty::Char {
                Rvalue::Cast(o, counter_ty.clone())
            } else {
                Rvalue::Use(o)
            }
        };
        self.assign(Place::local(i), widen(s), start.span);
        self.assign(Place::local(hi), widen(e), end.span);
        let (body_bb, latch, exit) = (self.new_block(), self.new_block(), self.new_block());
        let cmp = self.temp(Ty::Bool, span);
        let head = if inclusive { self.current } else { self.new_block() };
        if !inclusive {
            self.goto(head, span);
            self.current = head;
        }
        let op = if inclusive { BinOp::Le } else { BinOp::Lt };
        self.compare_and_branch(op, (i, hi), cmp, (exit, body_bb), span);
        self.current = body_bb;
        let value = if elem_ty == Ty::Char {
            Rvalue::Cast(Operand::Copy(Place::local(i)), Ty::Char)
        } else {
            Rvalue::Use(Operand::Copy(Place::local(i)))
        };
        self.loop_body(pattern, value, body, latch, exit, span);
        self.current = latch;
        let one = Operand::Const(ConstValue::Scalar(Const::Int(1)), counter_ty.clone());
        let increment = |b: &mut Self| {
            b.assign(Place::local(i), Rvalue::BinaryOp(BinOp::Add, Operand::Copy(Place::local(i)), one.clone()), span)
        };
        if inclusive {
            let inc = self.new_block();
            self.compare_and_branch(BinOp::Eq, (i, hi), cmp, (inc, exit), span);
            self.current = inc;
            increment(self);
            self.goto(body_bb, span);
        } else {
            increment(self);
            self.goto(head, span);
        }
        self.current = exit;
    }

    /// `cmp = lhs op rhs`, then jump to `on_false` when it is false, else to `on_true`.
    fn compare_and_branch(
        &mut self,
        op: BinOp,
        (lhs, rhs): (Local, Local),
        cmp: Local,
        (on_false, on_true): (BlockId, BlockId),
        span: Span,
    ) {
        let rv = Rvalue::BinaryOp(op, Operand::Copy(Place::local(lhs)), Operand::Copy(Place::local(rhs)));
        self.assign(Place::local(cmp), rv, span);
        let discr = Operand::Move(Place::local(cmp));
        self.terminate(TerminatorKind::SwitchInt { discr, targets: vec![(0, on_false)], otherwise: on_true }, span);
    }

    /// Arrays (or references to arrays) iterate an `I64` index; elements are copied if the
    /// pattern takes them by value, else borrowed. An array place is first borrowed into a
    /// temporary that every iteration reads through, so the loop holds the array's loan for
    /// its whole duration (MEMORY.md §6.3).
    fn lower_for_array(&mut self, pattern: &Pat, arr: &Expr, body: &hir::Block, span: Span) {
        let (base, elem_mut) = match &arr.ty {
            Ty::Ref(m, _) => {
                let o = self.as_operand(arr);
                let r = self.temp(arr.ty.clone(), arr.span);
                self.assign(Place::local(r), Rvalue::Use(o), arr.span);
                (Place::local(r).project(Projection::Deref), *m)
            }
            _ => {
                let p = self.as_place(arr, false);
                let r = self.temp(Ty::shared_ref(arr.ty.clone()), arr.span);
                let name = self.place_name(&p.place);
                self.temp_names.insert(r, name);
                self.assign(Place::local(r), Rvalue::Ref(Mutability::Not, p.place), arr.span);
                (Place::local(r).project(Projection::Deref), Mutability::Not)
            }
        };
        let len = match self.ty_of(&base) {
            Ty::Array(_, n) => n,
            _ => 0,
        };
        let idx = self.temp(Ty::I64, arr.span);
        self.assign(Place::local(idx), Rvalue::Use(int(0)), span);
        let (head, body_bb, latch, exit) = (self.new_block(), self.new_block(), self.new_block(), self.new_block());
        self.goto(head, span);
        self.current = head;
        let cmp = self.temp(Ty::Bool, span);
        self.assign(
            Place::local(cmp),
            Rvalue::BinaryOp(BinOp::Lt, Operand::Copy(Place::local(idx)), int(len as i128)),
            span,
        );
        self.terminate(
            TerminatorKind::SwitchInt {
                discr: Operand::Move(Place::local(cmp)),
                targets: vec![(0, exit)],
                otherwise: body_bb,
            },
            span,
        );
        self.current = body_bb;
        let elem = base.project(Projection::Index(idx));
        let value = if matches!(pattern.ty, Ty::Ref(..)) {
            Rvalue::Ref(elem_mut, elem)
        } else {
            Rvalue::Use(Operand::Copy(elem))
        };
        self.loop_body(pattern, value, body, latch, exit, span);
        self.current = latch;
        self.assign(Place::local(idx), Rvalue::BinaryOp(BinOp::Add, Operand::Copy(Place::local(idx)), int(1)), span);
        self.goto(head, span);
        self.current = exit;
    }

    /// One iteration: binds `value` to `pattern` in a per-iteration scope, runs `body`, then
    /// jumps to `latch` (also the `continue` target).
    fn loop_body(&mut self, pattern: &Pat, value: Rvalue, body: &hir::Block, latch: usize, exit: usize, span: Span) {
        self.loops.push(LoopScope { depth: self.scopes.len(), break_bb: exit, continue_bb: latch });
        self.push_scope(ScopeKind::Block);
        if let PatKind::Binding { local, mode: hir::BindingMode::ByValue } = &pattern.kind {
            self.declare_bindings(pattern);
            self.assign(Place::local(Self::local(*local)), value, pattern.span);
        } else {
            let elem = self.temp(pattern.ty.clone(), pattern.span);
            self.assign(Place::local(elem), value, pattern.span);
            if self.needs_drop(&pattern.ty) {
                self.schedule_drop(elem, pattern.span);
            }
            self.declare_bindings(pattern);
            self.bind_pat(pattern, &Place::local(elem), &[pattern.span]);
        }
        let sink = self.unit_sink(span);
        self.lower_block(&sink, body, &Ty::Unit);
        self.pop_scope();
        self.goto(latch, span);
        self.loops.pop();
    }
}

fn int(v: i128) -> Operand {
    Operand::Const(ConstValue::Scalar(Const::Int(v)), Ty::I64)
}

/// The bindings of `pat` (first alternative of or-patterns) in pattern order.
pub(super) fn collect_bindings(pat: &Pat, out: &mut Vec<(usize, Span)>) {
    match &pat.kind {
        PatKind::Binding { local, .. } => out.push((*local, pat.span)),
        PatKind::Fields(ps) | PatKind::Variant { fields: ps, .. } => ps.iter().for_each(|p| collect_bindings(p, out)),
        PatKind::Deref(p) => collect_bindings(p, out),
        PatKind::Or(ps) => {
            if let Some(p) = ps.first() {
                collect_bindings(p, out);
            }
        }
        PatKind::Wild | PatKind::Const(_) | PatKind::Range { .. } => {}
    }
}
