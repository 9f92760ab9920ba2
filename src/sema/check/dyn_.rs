//! `dyn` values in bodies: coercion of concrete values at coercion sites ([`ExprKind::ToDyn`])
//! and method calls through the vtable ([`Callee::Dyn`]).

use super::FnCk;
use crate::diagnostics::Diagnostic;
use crate::sema::ctx::THIS_PARAM;
use crate::sema::hir::{self, Callee, ExprKind};
use crate::sema::ty::{BehaviorId, Ty};
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// Wraps a concrete value in [`ExprKind::ToDyn`] when `want` is `dyn B` and `e` is not a
    /// `dyn` value already; the `T: B` requirement is checked once the type is known (E0203).
    pub(super) fn coerce_dyn(&mut self, e: hir::Expr, want: &Ty) -> hir::Expr {
        if let Ty::Ref(m, inner) = want {
            return self.coerce_ref_dyn(e, *m, inner);
        }
        let Ty::Dyn(b, _) = want else {
            return e;
        };
        let found = self.shallow(&e.ty);
        if matches!(found, Ty::Dyn(..) | Ty::Never | Ty::Error | Ty::Ref(..))
            || matches!(&found, Ty::Infer(v) if self.infer.kind(*v) == crate::sema::infer::VarKind::General)
        {
            return e;
        }
        let span = e.span;
        self.obligations.push((found, *b, span));
        Self::mk(ExprKind::ToDyn(Box::new(e)), want.clone(), span)
    }

    /// A borrowed trait object from a reference to a concrete value (LANGUAGE.md §5.7): `ref x`
    /// where `ref dyn B` (or `mut ref dyn B`) is expected becomes [`ExprKind::ToDyn`] of type
    /// `ref dyn B` over the reference, which builds the pair {data = the reference, vtable}
    /// without allocating.
    fn coerce_ref_dyn(&mut self, e: hir::Expr, m: crate::sema::ty::Mutability, inner: &Ty) -> hir::Expr {
        let Ty::Dyn(b, _) = self.shallow(inner) else {
            return e;
        };
        let Ty::Ref(found_m, pointee) = self.shallow(&e.ty) else {
            return e;
        };
        let pointee = self.shallow(&pointee);
        if found_m != m
            || matches!(pointee, Ty::Dyn(..) | Ty::Never | Ty::Error | Ty::Ref(..))
            || matches!(&pointee, Ty::Infer(v) if self.infer.kind(*v) == crate::sema::infer::VarKind::General)
        {
            return e;
        }
        let span = e.span;
        self.obligations.push((pointee, b, span));
        let want = Ty::Ref(m, Box::new(self.shallow(inner)));
        Self::mk(ExprKind::ToDyn(Box::new(e)), want, span)
    }

    /// `recv.method(args)` on a `dyn B` or a reference to one.
    pub(super) fn dyn_call(
        &mut self,
        recv: hir::Expr,
        (b, bargs): (BehaviorId, &[Ty]),
        receiver: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<hir::Expr> {
        let k = self.ctx.behavior_sigs.get(b)?.iter().position(|s| s.name == method.name)?;
        let sig = self.ctx.behavior_sigs[b][k].clone();
        let kind = sig.receiver?;
        if kind == ast::Receiver::Value {
            self.err(Diagnostic::error(
                "E0213",
                format!("method `{}` takes `this` by value and cannot be called on `dyn`", method.name),
                method.span,
                "not callable through `dyn`",
            ));
            return Some(Self::error_expr(span));
        }
        let this = Ty::Dyn(b, bargs.to_vec());
        let sub = |t: &Ty| {
            t.map(&mut |x| match x {
                Ty::Param(p) if *p == THIS_PARAM => Some(this.clone()),
                Ty::Param(p) => bargs.get(*p as usize).cloned(),
                _ => None,
            })
        };
        let mut all = vec![self.adapt_receiver(recv, kind, receiver, method)];
        if args.len() != sig.params.len() {
            self.arity(sig.params.len(), args.len(), span);
            return Some(Self::error_expr(span));
        }
        for (a, p) in args.iter().zip(&sig.params) {
            let p = sub(p);
            let x = self.check_arg(a, &p, None);
            all.push(x);
        }
        let callee = Callee::Dyn { behavior: b, method: k };
        Some(Self::mk(ExprKind::Call { callee, args: all, site: method.span }, sub(&sig.ret), span))
    }
}
