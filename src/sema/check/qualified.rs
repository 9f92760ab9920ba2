//! Qualified calls of behavior functions without a receiver (`Zero::zero()`, LANGUAGE.md
//! §8.6): the implementing type is inferred from the expected type (through `This` in the
//! result) and the call is dispatched through [`Callee::Behavior`], resolved at
//! monomorphization once the type is known. Also the choice between methods of several
//! instances of one generic behavior (`impl Convert[Str] for I32`, `impl Convert[I64] for
//! I32`) by the expected result type.

use super::{Expect, FnCk};
use crate::sema::ctx::BehaviorSig;
use crate::sema::hir::{self, Callee, ExprKind};
use crate::sema::infer::VarKind;
use crate::sema::ty::{BehaviorId, FnId, Ty};
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// `Behavior::f(args)` for method `k` of behavior `b` whose signature `sig` has no
    /// receiver (or that was called without arguments).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn static_behavior_call(
        &mut self,
        b: BehaviorId,
        k: usize,
        sig: &BehaviorSig,
        name: &ast::Ident,
        args: &[ast::Expr],
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let this = self.infer.fresh(VarKind::General);
        let mut params: Vec<Ty> = sig.params.iter().map(|t| self.sig_ty(t, &this, name.span)).collect();
        if let Some(kind) = sig.receiver {
            params.insert(
                0,
                match kind {
                    ast::Receiver::Ref => Ty::shared_ref(this.clone()),
                    ast::Receiver::MutRef => Ty::mut_ref(this.clone()),
                    ast::Receiver::Value => this.clone(),
                },
            );
        }
        if params.len() != args.len() {
            self.arity(params.len(), args.len(), span);
            return Self::error_expr(span);
        }
        let ret = self.sig_ty(&sig.ret, &this, name.span);
        if let Some(want) = exp.ty() {
            let want = want.clone();
            self.infer.unify(&ret, &want);
        }
        let all = args.iter().zip(&params).map(|(a, p)| self.check_arg(a, p, None)).collect();
        self.obligations.push((this.clone(), b, name.span));
        let callee = Callee::Behavior { behavior: b, method: k, self_ty: this, ty_args: Vec::new() };
        Self::mk(ExprKind::Call { callee, args: all, site: name.span }, ret, span)
    }

    /// Among several candidate methods (`fns`), the only one whose result type fits the
    /// expected type, if the expected type is known and exactly one fits.
    pub(super) fn pick_by_expected(&mut self, fns: Vec<FnId>, exp: &Expect) -> Option<FnId> {
        if fns.len() < 2 {
            return None;
        }
        let want = self.infer.resolve(exp.ty()?);
        if !want.is_concrete() {
            return None;
        }
        let fits: Vec<FnId> = fns
            .into_iter()
            .filter(|&f| crate::sema::behavior_args::matches_pattern(&self.ctx.program.fns[f].ret, &want))
            .collect();
        (fits.len() == 1).then(|| fits[0])
    }

    /// A stdlib or behavior method of a non-ADT type (`Str::split`, `I32::convert`).
    pub(super) fn prim_method(&mut self, base: &Ty, name: &str, exp: &Expect) -> Option<FnId> {
        let fns: Vec<FnId> = self.ctx.find_methods(base, name).iter().map(|m| m.fn_id).collect();
        self.pick_by_expected(fns.clone(), exp).or(fns.first().copied())
    }
}
