//! Operators through behavior impls: `==`/`!=` on type parameters bounded by `PartialEq`, and
//! `< <= > >=` on type parameters bounded by `Ord` and on types with an `Ord` impl (derived
//! or written): `a < b` is `a.cmp(ref b) == Less`, `a <= b` is `a.cmp(ref b) != Greater`.

use super::FnCk;
use crate::sema::hir::{self, BinOp, Callee, ExprKind, UnOp};
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;

impl FnCk<'_, '_> {
    /// The comparison `l op r` of operands of type `t` through `PartialEq::eq`/`Ord::cmp`, if
    /// `t` is a bounded parameter or has an `Ord` impl.
    pub(super) fn behavior_cmp(
        &mut self,
        op: BinOp,
        l: hir::Expr,
        r: hir::Expr,
        t: &Ty,
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        let is_eq = matches!(op, BinOp::Eq | BinOp::Ne);
        let bname = if is_eq { "PartialEq" } else { "Ord" };
        let b = *self.ctx.builtin_behaviors.get(bname)?;
        let mname = if is_eq { "eq" } else { "cmp" };
        let k = self.ctx.program.behaviors[b].methods.iter().position(|m| m.name == mname)?;
        let (callee, ret) = match t {
            Ty::Param(_) if self.ctx.implements(t, b, &self.generics) => {
                let ret = self.ctx.behavior_sigs[b][k].ret.clone();
                (Callee::Behavior { behavior: b, method: k, self_ty: t.clone(), ty_args: Vec::new() }, ret)
            }
            Ty::Adt(_, args) if !is_eq => {
                let f = self.ctx.find_methods(t, mname).into_iter().find(|m| m.behavior == Some(b))?.fn_id;
                let def = &self.ctx.program.fns[f];
                let ty_args = if def.generics.len() == args.len() { args.clone() } else { Vec::new() };
                (Callee::Fn { id: f, ty_args: ty_args.clone() }, def.ret.subst(&ty_args))
            }
            _ => return None,
        };
        let a = self.auto_ref(l, Mutability::Not);
        let bb = self.auto_ref(r, Mutability::Not);
        let call_ty = if is_eq { Ty::Bool } else { ret.clone() };
        let call = Self::mk(ExprKind::Call { callee, args: vec![a, bb], site }, call_ty, span);
        if is_eq {
            return Some(if op == BinOp::Ne {
                Self::mk(ExprKind::Unary { op: UnOp::Not, operand: Box::new(call), site }, Ty::Bool, span)
            } else {
                call
            });
        }
        let Ty::Adt(ord, _) = ret else { return None };
        let (variant, cmp) = match op {
            BinOp::Lt => ("Less", BinOp::Eq),
            BinOp::Gt => ("Greater", BinOp::Eq),
            BinOp::Le => ("Greater", BinOp::Ne),
            _ => ("Less", BinOp::Ne),
        };
        let v = self.variant_index(ord, variant)?;
        let lit = Self::mk(
            ExprKind::Adt { adt: ord, variant: v, ty_args: Vec::new(), fields: Vec::new() },
            Ty::Adt(ord, Vec::new()),
            span,
        );
        Some(self.binary(cmp, call, lit, site, span))
    }
}
