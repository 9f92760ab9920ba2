//! Expressions: evaluation into a destination, as operands and as places.

use super::{Builder, PlaceInfo, ScopeKind};
use crate::mir::ir::{
    AggregateKind, Callee, ConstValue, Operand, Place, Projection, Rvalue, StatementKind, TerminatorKind,
};
use crate::sema::hir::{self, BinOp, Const, Expr, ExprKind, Intrinsic};
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;

impl<'a> Builder<'a> {
    /// Evaluates `e` and stores its value in `dest` (which must be uninitialised or a sink).
    pub(super) fn expr_into(&mut self, dest: &Place, e: &Expr) {
        match &e.kind {
            ExprKind::Lit(c) => self.assign(
                dest.clone(),
                Rvalue::Use(Operand::Const(ConstValue::Scalar(c.clone()), e.ty.clone())),
                e.span,
            ),
            ExprKind::FnRef { .. }
            | ExprKind::Local(_)
            | ExprKind::Field { .. }
            | ExprKind::Index { .. }
            | ExprKind::Deref(_) => {
                let op = self.as_operand(e);
                self.assign(dest.clone(), Rvalue::Use(op), e.span);
            }
            ExprKind::Ref { mutability, place } => {
                let p = self.as_place(place, *mutability == Mutability::Mut);
                self.assign(dest.clone(), Rvalue::Ref(*mutability, p.place), e.span);
            }
            ExprKind::AddrOf(place) => {
                let p = self.as_place(place, true);
                self.assign(dest.clone(), Rvalue::AddressOf(p.place), e.span);
            }
            ExprKind::Call { callee, args, site } => {
                let callee = match callee {
                    hir::Callee::Fn { id, ty_args } => match &self.program.fns[*id].extern_symbol {
                        Some(symbol) => Callee::Extern(symbol.clone()),
                        None => Callee::Fn { id: *id, ty_args: ty_args.clone() },
                    },
                    hir::Callee::Behavior { behavior, method, self_ty, ty_args } => Callee::Behavior {
                        behavior: *behavior,
                        method: *method,
                        self_ty: self_ty.clone(),
                        ty_args: ty_args.clone(),
                    },
                    hir::Callee::Value(f) => Callee::Value(Box::new(self.as_operand(f))),
                    hir::Callee::Dyn { behavior, method } => Callee::Dyn { behavior: *behavior, method: *method },
                    hir::Callee::Virtual { slot } => Callee::Virtual { slot: *slot },
                };
                self.call(dest, callee, args, &e.ty, *site);
            }
            ExprKind::Intrinsic { op, ty_args, args, site } => {
                self.call(dest, Callee::Intrinsic(*op, ty_args.clone()), args, &e.ty, *site);
            }
            ExprKind::Unary { op, operand, site } => {
                let o = self.as_operand(operand);
                self.assign(dest.clone(), Rvalue::UnaryOp(*op, o), *site);
            }
            ExprKind::Binary { op: op @ (BinOp::And | BinOp::Or), lhs, rhs, .. } => {
                self.short_circuit(dest, *op, lhs, rhs, e.span)
            }
            ExprKind::Binary { op, lhs, rhs, site } => {
                let a = self.as_operand(lhs);
                let b = self.as_operand(rhs);
                self.assign(dest.clone(), Rvalue::BinaryOp(*op, a, b), *site);
            }
            ExprKind::Cast(inner) => {
                let o = self.as_operand(inner);
                self.assign(dest.clone(), Rvalue::Cast(o, e.ty.clone()), e.span);
            }
            ExprKind::Assign { place, value } => {
                self.lower_assign(place, value, e.span);
                self.unit_result(dest, e.span);
            }
            ExprKind::CompoundAssign { op, place, value, site } => {
                self.lower_compound_assign(*op, place, value, *site, e.span);
                self.unit_result(dest, e.span);
            }
            ExprKind::Closure { id, ty_args, captures } => {
                let ops: Vec<Operand> = captures.iter().map(|x| self.as_operand(x)).collect();
                let code = Callee::Fn { id: *id, ty_args: ty_args.clone() };
                self.assign(dest.clone(), Rvalue::Aggregate(AggregateKind::Closure(code), ops), e.span);
            }
            ExprKind::ClassCast(inner) => {
                let o = self.as_operand(inner);
                self.assign(dest.clone(), Rvalue::Use(o), e.span);
            }
            ExprKind::ToDyn(inner) => {
                let (behavior, self_ty) = match (&e.ty, &inner.ty) {
                    (Ty::Dyn(b, _), t) => (*b, t.clone()),
                    (Ty::Ref(_, d), Ty::Ref(_, t)) => match &**d {
                        Ty::Dyn(b, _) => (*b, (**t).clone()),
                        _ => unreachable!("sema types a borrowed ToDyn as a reference to dyn"),
                    },
                    _ => unreachable!("sema types ToDyn as dyn"),
                };
                let operand = self.as_operand(inner);
                let rv = Rvalue::MakeDyn { operand, self_ty, behavior };
                self.assign(dest.clone(), rv, e.span);
            }
            ExprKind::Tuple(elems) => {
                let ops: Vec<Operand> = elems.iter().map(|x| self.as_operand(x)).collect();
                self.assign(dest.clone(), Rvalue::Aggregate(AggregateKind::Tuple, ops), e.span);
            }
            ExprKind::Array(elems) => {
                let elem_ty = match &e.ty {
                    Ty::Array(t, _) => (**t).clone(),
                    _ => Ty::Error,
                };
                let ops: Vec<Operand> = elems.iter().map(|x| self.as_operand(x)).collect();
                self.assign(dest.clone(), Rvalue::Aggregate(AggregateKind::Array(elem_ty), ops), e.span);
            }
            ExprKind::ArrayRepeat(value, n) => {
                let o = self.as_operand(value);
                self.assign(dest.clone(), Rvalue::Repeat(o, *n), e.span);
            }
            ExprKind::Adt { adt, variant, ty_args, fields } => {
                let mut ops: Vec<(usize, Operand)> = fields.iter().map(|(i, x)| (*i, self.as_operand(x))).collect();
                ops.sort_by_key(|(i, _)| *i);
                let ops = ops.into_iter().map(|(_, o)| o).collect();
                self.assign(
                    dest.clone(),
                    Rvalue::Aggregate(AggregateKind::Adt(*adt, *variant, ty_args.clone()), ops),
                    e.span,
                );
            }
            ExprKind::Block(b) => self.lower_block(dest, b, &e.ty),
            ExprKind::If { cond, then_branch, else_branch } => {
                self.lower_if(dest, cond, then_branch, else_branch.as_deref(), e)
            }
            ExprKind::Match { scrutinee, arms } => self.lower_match(dest, scrutinee, arms, e.span),
            ExprKind::Loop(body) => self.lower_loop(body, e.span),
            ExprKind::For { pattern, iter, body } => self.lower_for(pattern, iter, body, e.span),
            ExprKind::Break | ExprKind::Continue => {
                let Some(l) = self.loops.last() else {
                    self.terminate(TerminatorKind::Unreachable, e.span);
                    return self.diverge();
                };
                let (depth, target) =
                    (l.depth, if matches!(e.kind, ExprKind::Break) { l.break_bb } else { l.continue_bb });
                self.unwind_to(depth);
                self.goto(target, e.span);
                self.diverge();
            }
            ExprKind::Return(value) => {
                match value {
                    Some(v) => self.expr_into(&Place::local(0), v),
                    None => self.assign(Place::local(0), Rvalue::Use(unit()), e.span),
                }
                self.unwind_to(0);
                self.terminate(TerminatorKind::Return, e.span);
                self.diverge();
            }
        }
    }

    /// `dest = ()` unless `dest` is the discarding sink.
    pub(super) fn unit_result(&mut self, dest: &Place, span: Span) {
        if !self.is_unit_sink(dest) {
            self.assign(dest.clone(), Rvalue::Use(unit()), span);
        }
    }

    fn call(&mut self, dest: &Place, callee: Callee, args: &[Expr], ret: &Ty, site: Span) {
        let args: Vec<Operand> = args.iter().map(|a| self.call_arg(a)).collect();
        if ret.is_never() {
            self.terminate(TerminatorKind::Call { callee, args, dest: dest.clone(), target: None }, site);
            self.diverge();
        } else {
            let next = self.new_block();
            self.terminate_into(
                TerminatorKind::Call { callee, args, dest: dest.clone(), target: Some(next) },
                site,
                next,
            );
        }
    }

    /// A call argument. A `mut ref` place is reborrowed (`&mut *r` in a temporary) rather than
    /// moved, so it stays usable after the call (MEMORY.md §6.1).
    fn call_arg(&mut self, a: &Expr) -> Operand {
        if matches!(a.ty, Ty::Ref(Mutability::Mut, _)) && is_place_expr(a) {
            let p = self.as_place(a, false);
            let t = self.temp(a.ty.clone(), a.span);
            let reborrow = Rvalue::Ref(Mutability::Mut, p.place.project(Projection::Deref));
            self.assign(Place::local(t), reborrow, a.span);
            return Operand::Move(Place::local(t));
        }
        self.as_operand(a)
    }

    /// `a and b` / `a or b`: `b` is evaluated only if needed.
    fn short_circuit(&mut self, dest: &Place, op: BinOp, lhs: &Expr, rhs: &Expr, span: Span) {
        let a = self.as_operand(lhs);
        let (eval_rhs, short, join) = (self.new_block(), self.new_block(), self.new_block());
        let (on_false, on_true) = if op == BinOp::And { (short, eval_rhs) } else { (eval_rhs, short) };
        self.terminate(TerminatorKind::SwitchInt { discr: a, targets: vec![(0, on_false)], otherwise: on_true }, span);
        self.current = short;
        self.assign(
            dest.clone(),
            Rvalue::Use(Operand::Const(ConstValue::Scalar(Const::Bool(op == BinOp::Or)), Ty::Bool)),
            span,
        );
        self.goto(join, span);
        self.current = eval_rhs;
        self.expr_into(dest, rhs);
        self.goto(join, span);
        self.current = join;
    }

    /// `place = value`: value first, then the old value is dropped, then stored.
    fn lower_assign(&mut self, place: &Expr, value: &Expr, span: Span) {
        let v = self.as_operand(value);
        let v = self.read_before_index(v, place, value);
        let p = self.as_place(place, true);
        self.drop_before_overwrite(&p.place, span);
        self.assign(p.place, Rvalue::Use(v), span);
    }

    /// Copies a projected place operand into a temporary when the destination is indexed, so
    /// the value is read (and its borrows end) before the destination element is mutably
    /// borrowed: `a[i] = a[j]` (MEMORY.md §6.3).
    fn read_before_index(&mut self, v: Operand, place: &Expr, value: &Expr) -> Operand {
        match &v {
            Operand::Copy(p) if !p.projection.is_empty() && has_index(place) => {
                let t = self.temp(value.ty.clone(), value.span);
                self.assign(Place::local(t), Rvalue::Use(v), value.span);
                if self.needs_drop(&value.ty) {
                    self.schedule_drop(t, value.span);
                }
                Operand::Move(Place::local(t))
            }
            _ => v,
        }
    }

    fn drop_before_overwrite(&mut self, place: &Place, span: Span) {
        if self.needs_drop(&self.ty_of(place)) {
            let next = self.new_block();
            self.terminate_into(TerminatorKind::Drop { place: place.clone(), target: next }, span, next);
        }
    }

    fn lower_compound_assign(&mut self, op: BinOp, place: &Expr, value: &Expr, site: Span, span: Span) {
        let v = self.as_operand(value);
        let v = self.read_before_index(v, place, value);
        let p = self.as_place(place, true);
        if place.ty == Ty::Str {
            let t = self.temp(Ty::Str, span);
            let next = self.new_block();
            let call = TerminatorKind::Call {
                callee: Callee::Intrinsic(Intrinsic::StrConcat, Vec::new()),
                args: vec![Operand::Copy(p.place.clone()), v],
                dest: Place::local(t),
                target: Some(next),
            };
            self.terminate_into(call, site, next);
            self.drop_before_overwrite(&p.place, span);
            self.assign(p.place, Rvalue::Use(Operand::Move(Place::local(t))), span);
        } else {
            self.assign(p.place.clone(), Rvalue::BinaryOp(op, Operand::Copy(p.place), v), site);
        }
    }

    /// The value of `e` as an operand: constants directly, places by `Copy`/`Move` (moves are
    /// checked for E0303/E0305), anything else through a temporary of the current scope.
    pub(super) fn as_operand(&mut self, e: &Expr) -> Operand {
        match &e.kind {
            ExprKind::Lit(c) => Operand::Const(ConstValue::Scalar(c.clone()), e.ty.clone()),
            ExprKind::FnRef { id, ty_args } => {
                Operand::Const(ConstValue::Fn(Callee::Fn { id: *id, ty_args: ty_args.clone() }), e.ty.clone())
            }
            ExprKind::Local(_) | ExprKind::Field { .. } | ExprKind::Index { .. } | ExprKind::Deref(_) => {
                let p = self.as_place(e, false);
                self.place_operand(p, &e.ty)
            }
            _ => Operand::Move(Place::local(self.as_temp(e))),
        }
    }

    /// `Copy` of a Copy-typed place, else a checked `Move`.
    pub(super) fn place_operand(&mut self, p: PlaceInfo, ty: &Ty) -> Operand {
        if self.is_copy(ty) {
            Operand::Copy(p.place)
        } else {
            let span = *p.spans.last().expect("place spans");
            self.check_move_out(&p.place, span);
            Operand::Move(p.place)
        }
    }

    /// Evaluates `e` into a fresh temporary dropped at the end of the innermost scope.
    pub(super) fn as_temp(&mut self, e: &Expr) -> usize {
        let t = self.temp(e.ty.clone(), e.span);
        self.expr_into(&Place::local(t), e);
        if self.needs_drop(&e.ty) {
            self.schedule_drop(t, e.span);
        }
        t
    }

    /// `e` as a place. Non-place expressions are stored in a temporary first. Index
    /// expressions take a (bounds-checked, at the `[`) reference to the element and yield its
    /// dereference, so every indexing has its own statement and panic location; `mutable`
    /// selects a `mut ref` for places that are written or mutably borrowed.
    pub(super) fn as_place(&mut self, e: &Expr, mutable: bool) -> PlaceInfo {
        let info = match &e.kind {
            ExprKind::Local(l) => PlaceInfo { place: Place::local(Self::local(*l)), spans: vec![e.span] },
            ExprKind::Field { base, field } => {
                let mut b = self.as_place(base, mutable);
                b.place = b.place.project(Projection::Field(*field));
                b.spans.push(e.span);
                b
            }
            ExprKind::Deref(inner) => {
                let mut b = match &inner.ty {
                    Ty::Ref(..) | Ty::Ptr(_) | Ty::Class(_) if is_place_expr(inner) => self.as_place(inner, false),
                    _ => {
                        let t = self.as_temp(inner);
                        if let Some(name) = self.smart_deref_name(e, inner) {
                            self.temp_names.insert(t, name);
                        }
                        PlaceInfo { place: Place::local(t), spans: vec![inner.span] }
                    }
                };
                b.place = b.place.project(Projection::Deref);
                b.spans.push(e.span);
                b
            }
            ExprKind::Index { base, index, site } => {
                let b = self.as_place(base, mutable);
                let idx_op = self.as_operand(index);
                let idx = self.temp(index.ty.clone(), index.span);
                self.assign(crate::mir::ir::Place::local(idx), Rvalue::Use(idx_op), index.span);
                let m = if mutable { Mutability::Mut } else { Mutability::Not };
                let r = self.temp(Ty::Ref(m, Box::new(e.ty.clone())), e.span);
                let name = format!("{}[..]", self.place_name(&b.place));
                self.temp_names.insert(r, name);
                self.index_temps.insert(r);
                let elem = b.place.project(Projection::Index(idx));
                let mut spans = b.spans.clone();
                spans.push(e.span);
                self.pending_uses.push((elem.clone(), spans));
                self.assign(Place::local(r), Rvalue::Ref(m, elem), *site);
                PlaceInfo { place: Place::local(r).project(Projection::Deref), spans: vec![e.span, e.span] }
            }
            _ => {
                let t = self.as_temp(e);
                return PlaceInfo { place: Place::local(t), spans: vec![e.span] };
            }
        };
        self.pending_uses.push((info.place.clone(), info.spans.clone()));
        info
    }

    /// Evaluates a block into `dest`: statements, then the tail in its own temporary scope,
    /// then the block's locals are dropped.
    pub(super) fn lower_block(&mut self, dest: &Place, b: &hir::Block, ty: &Ty) {
        self.push_scope(ScopeKind::Block);
        for s in &b.stmts {
            self.lower_stmt(s);
        }
        match &b.tail {
            Some(tail) => {
                self.push_scope(ScopeKind::Temps);
                self.expr_into(dest, tail);
                self.pop_scope();
            }
            None if !ty.is_never() => self.unit_result(dest, b.span),
            None => {}
        }
        self.pop_scope();
        self.pending_uses.clear();
    }

    /// An `if`: condition temporaries are dropped before the branch runs.
    fn lower_if(&mut self, dest: &Place, cond: &Expr, then_branch: &Expr, else_branch: Option<&Expr>, e: &Expr) {
        self.push_scope(ScopeKind::Temps);
        let c = self.as_operand(cond);
        self.pop_scope();
        let (then_bb, else_bb, join) = (self.new_block(), self.new_block(), self.new_block());
        self.terminate(
            TerminatorKind::SwitchInt { discr: c, targets: vec![(0, else_bb)], otherwise: then_bb },
            cond.span,
        );
        self.current = then_bb;
        self.expr_into(dest, then_branch);
        self.goto(join, e.span);
        self.current = else_bb;
        match else_branch {
            Some(x) => self.expr_into(dest, x),
            None => self.unit_result(dest, e.span),
        }
        self.goto(join, e.span);
        self.current = join;
    }

    /// A discarded expression statement: its value (if any) is dropped at the end of it.
    pub(super) fn lower_expr_stmt(&mut self, e: &Expr) {
        self.push_scope(ScopeKind::Temps);
        if e.ty.is_unit() || e.ty.is_never() {
            let sink = self.unit_sink(e.span);
            self.expr_into(&sink, e);
        } else {
            self.as_temp(e);
        }
        self.pop_scope();
        self.pending_uses.clear();
    }

    /// `StorageLive` for a user binding.
    pub(super) fn storage_live(&mut self, local: usize, span: Span) {
        self.push_stmt(StatementKind::StorageLive(local), span);
    }
}

/// Whether `e` denotes a place (a local, a field or index of a place, a dereference).
pub(super) fn is_place_expr(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Local(_) | ExprKind::Index { .. } | ExprKind::Deref(_) => true,
        ExprKind::Field { base, .. } => is_place_expr(base),
        _ => false,
    }
}

/// Whether the place expression `e` indexes an array somewhere.
fn has_index(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Index { .. } => true,
        ExprKind::Field { base, .. } | ExprKind::Deref(base) => has_index(base),
        _ => false,
    }
}

/// The unit constant.
pub(super) fn unit() -> Operand {
    Operand::Const(ConstValue::Scalar(Const::Unit), Ty::Unit)
}

impl Builder<'_> {
    /// For `deref` = `*get(ref p)` through a smart pointer's `@deref`/`@deref_mut` method
    /// (`inner` is the call): the name of the place as written — `p` for auto-deref (`p.f`
    /// then reads `p.f`), `*p` for an explicit `*p` (whose span is wider than the call's).
    fn smart_deref_name(&self, deref: &Expr, inner: &Expr) -> Option<String> {
        let ExprKind::Call { callee: hir::Callee::Fn { id, .. }, args, .. } = &inner.kind else {
            return None;
        };
        if !self.program.derefs.iter().any(|d| d.fn_id == *id) {
            return None;
        }
        let ExprKind::Ref { place, .. } = &args.first()?.kind else {
            return None;
        };
        let name = self.hir_place_name(place)?;
        Some(if deref.span == inner.span { name } else { format!("*{name}") })
    }

    /// The source name of a HIR place (`h`, `node.left`, `s.items`), looking through
    /// references and smart-pointer dereferences as auto-deref does.
    fn hir_place_name(&self, e: &Expr) -> Option<String> {
        match &e.kind {
            ExprKind::Local(l) => Some(self.place_name(&Place::local(Self::local(*l)))),
            ExprKind::Field { base, field } => {
                let b = self.hir_place_name(base)?;
                let name = match &base.ty {
                    Ty::Adt(id, _) => match &self.program.adts[*id].kind {
                        hir::AdtKind::Struct(fs) => fs.get(*field).map(|f| f.name.clone()),
                        hir::AdtKind::Enum(_) => None,
                    },
                    _ => None,
                };
                Some(format!("{b}.{}", name.unwrap_or_else(|| field.to_string())))
            }
            ExprKind::Deref(inner) => match &inner.kind {
                ExprKind::Call { .. } => self.smart_deref_name(inner, inner),
                _ => self.hir_place_name(inner),
            },
            _ => None,
        }
    }
}
