//! Smart-pointer auto-deref (LANGUAGE.md §4.2, §6.11; the `@deref` convention of
//! `sema::lang`): `p` of a type with a `@deref` method becomes the place `*get(ref p)`, which
//! is rewritten to `*get_mut(mut ref p)` where the place is written or mutably borrowed.

use super::FnCk;
use crate::sema::hir::{self, Callee, DerefFn, ExprKind};
use crate::sema::lang;
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;

impl FnCk<'_, '_> {
    /// `*get(ref e)` through the `@deref` method of `e`'s type (`e` already dereferenced past
    /// references), or `Err(e)` (boxed) if the type has none. The `Deref` node gets `span` (the whole
    /// `*e` for an explicit dereference, `e`'s span for auto-deref).
    pub(super) fn smart_deref(&mut self, e: hir::Expr, span: Span) -> Result<hir::Expr, Box<hir::Expr>> {
        let ty = self.infer.resolve(&e.ty);
        let Some(d) = lang::deref_fn(&self.ctx.program, &ty, false) else {
            return Err(Box::new(e));
        };
        let recv = self.auto_ref(e, Mutability::Not);
        Ok(self.deref_call(d, &ty, recv, span))
    }

    /// `*f(recv)` for the deref method `d` of `ty`.
    fn deref_call(&mut self, d: DerefFn, ty: &Ty, recv: hir::Expr, span: Span) -> hir::Expr {
        let ty_args = match ty {
            Ty::Adt(_, args) => args.clone(),
            _ => Vec::new(),
        };
        let rty = self.ctx.program.fns[d.fn_id].ret.subst(&ty_args);
        let inner = match &rty {
            Ty::Ref(_, t) => (**t).clone(),
            _ => Ty::Error,
        };
        let cspan = recv.span;
        let callee = Callee::Fn { id: d.fn_id, ty_args };
        let call = Self::mk(ExprKind::Call { callee, args: vec![recv], site: cspan }, rty, cspan);
        Self::mk(ExprKind::Deref(Box::new(call)), inner, span)
    }

    /// For a place `*get(ref p)` made by [`Self::smart_deref`]: the `@deref_mut` method of `p`'s
    /// type (if any) and `p`.
    fn smart_deref_base<'e>(&self, e: &'e hir::Expr) -> Option<(Option<DerefFn>, &'e hir::Expr)> {
        let ExprKind::Deref(inner) = &e.kind else {
            return None;
        };
        let ExprKind::Call { callee: Callee::Fn { id, .. }, args, .. } = &inner.kind else {
            return None;
        };
        let d = self.ctx.program.derefs.iter().find(|d| d.fn_id == *id && !d.mutable)?;
        let Some(ExprKind::Ref { place, .. }) = args.first().map(|a| &a.kind) else {
            return None;
        };
        let ty = Ty::Adt(d.adt, Vec::new());
        Some((lang::deref_fn(&self.ctx.program, &ty, true), place))
    }

    /// The mutability of a place `*get(ref p)`: mutable when `p`'s type has a `@deref_mut`
    /// method taking `this`, or one taking `mut this` and `p` is mutable (or a temporary);
    /// read-only without `@deref_mut`. `None` if `e` is not such a place.
    pub(super) fn smart_place_mutability(&self, e: &hir::Expr) -> Option<bool> {
        let (dm, base) = self.smart_deref_base(e)?;
        Some(match dm {
            None => false,
            Some(d) if d.shared_receiver => true,
            Some(_) => self.place_mutability(base).unwrap_or(true),
        })
    }

    /// Rewrites `*get(ref p)` to `*get_mut(…p)` for mutable use (through `mutable_place`, so
    /// `p` itself is rewritten when it is an element or another smart place); `Err(e)` if `e` is
    /// not such a place.
    pub(super) fn smart_mutable_place(&mut self, e: hir::Expr) -> Result<hir::Expr, Box<hir::Expr>> {
        let Some((Some(d), _)) = self.smart_deref_base(&e) else {
            return Err(Box::new(e));
        };
        let hir::Expr { kind: ExprKind::Deref(inner), span, .. } = e else {
            unreachable!("smart_deref_base checked the shape")
        };
        let ExprKind::Call { mut args, .. } = inner.kind else { unreachable!("smart_deref_base checked the shape") };
        let ExprKind::Ref { place, .. } = args.remove(0).kind else {
            unreachable!("smart_deref_base checked the shape")
        };
        let base = *place;
        let ty = self.infer.resolve(&base.ty);
        let recv =
            if d.shared_receiver { self.auto_ref(base, Mutability::Not) } else { self.auto_ref(base, Mutability::Mut) };
        Ok(self.deref_call(d, &ty, recv, span))
    }
}
