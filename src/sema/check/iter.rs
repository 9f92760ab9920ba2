//! `for pattern in it` over a value implementing `Iterator` (LANGUAGE.md §6.7), desugared to
//!
//! ```text
//! { let mut <it> = it;            // by value, or the `mut ref` itself
//!   loop { when Iterator::next(mut ref <it>) { Just(pattern) => body, Nothing => break } } }
//! ```

use super::FnCk;
use crate::sema::hir::{self, Arm, Block, Callee, ExprKind, Pat, PatKind, Stmt};
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// The loop over iterator `it`, or `None` (with `it` given back) when its type does not
    /// implement `Iterator`.
    pub(super) fn for_iterator(
        &mut self,
        it: hir::Expr,
        pattern: &ast::Pattern,
        body: &ast::Block,
        span: Span,
    ) -> Result<hir::Expr, Box<hir::Expr>> {
        let t = self.infer.resolve(&it.ty);
        let (base, by_ref) = match &t {
            Ty::Ref(Mutability::Mut, inner) => ((**inner).clone(), true),
            other => (other.clone(), false),
        };
        let Some(&iterator) = self.ctx.builtin_behaviors.get("Iterator") else { return Err(Box::new(it)) };
        let (callee, ret) = if matches!(base, Ty::Param(_)) {
            // A parameter bounded by `Iterator`: `Iterator::next` through the bound, yielding
            // the projection parameter `I::Item` (§8.4).
            if !self.ctx.implements(&base, iterator, &self.generics) {
                return Err(Box::new(it));
            }
            let Some(k) = self.ctx.behavior_sigs[iterator].iter().position(|s| s.name == "next") else {
                return Err(Box::new(it));
            };
            let sig_ret = self.ctx.behavior_sigs[iterator][k].ret.clone();
            let ret = self.sig_ty(&sig_ret, &base, it.span);
            let callee = Callee::Behavior { behavior: iterator, method: k, self_ty: base.clone(), ty_args: Vec::new() };
            (callee, ret)
        } else {
            let Some(f) = self
                .ctx
                .find_methods(&base, "next")
                .into_iter()
                .find(|m| m.behavior == Some(iterator))
                .map(|m| m.fn_id)
            else {
                return Err(Box::new(it));
            };
            let def = &self.ctx.program.fns[f];
            let ty_args = match &base {
                Ty::Adt(_, args) if def.generics.len() == args.len() => args.clone(),
                _ => Vec::new(),
            };
            let ret = def.ret.subst(&ty_args);
            (Callee::Fn { id: f, ty_args }, ret)
        };
        let (Ty::Adt(maybe, margs), Some(item)) = (&ret, ret_item(&ret)) else { return Err(Box::new(it)) };
        let (Some(just), Some(nothing)) = (self.variant_index(*maybe, "Just"), self.variant_index(*maybe, "Nothing"))
        else {
            return Err(Box::new(it));
        };
        let sp = it.span;
        let local = self.new_local(None, t.clone(), true, sp);
        let let_it = Stmt::Let {
            pattern: Pat { kind: PatKind::Binding { local, mode: hir::BindingMode::ByValue }, ty: t.clone(), span: sp },
            init: Some(it),
            else_block: None,
            span: sp,
        };
        let var = Self::mk(ExprKind::Local(local), t.clone(), sp);
        let place = if by_ref { Self::mk(ExprKind::Deref(Box::new(var)), base.clone(), sp) } else { var };
        let recv = Self::mk(
            ExprKind::Ref { mutability: Mutability::Mut, place: Box::new(place) },
            Ty::mut_ref(base.clone()),
            sp,
        );
        let call = Self::mk(ExprKind::Call { callee, args: vec![recv], site: sp }, ret.clone(), sp);
        self.scopes.push(Vec::new());
        let pat = self.check_pattern(pattern, &item, false);
        self.require_irrefutable(&pat, "for");
        let (b, _) = self.loop_body(body);
        self.scopes.pop();
        let adt_pat = |variant: usize, fields: Vec<Pat>| Pat {
            kind: PatKind::Variant { adt: *maybe, variant, fields },
            ty: Ty::Adt(*maybe, margs.clone()),
            span,
        };
        let arms = vec![
            Arm { pattern: adt_pat(just, vec![pat]), body: Self::mk(ExprKind::Block(b), Ty::Unit, span), span },
            Arm { pattern: adt_pat(nothing, Vec::new()), body: Self::mk(ExprKind::Break, Ty::Never, span), span },
        ];
        let when = Self::mk(ExprKind::Match { scrutinee: Box::new(call), arms }, Ty::Unit, span);
        let lp = Self::mk(ExprKind::Loop(Block { stmts: vec![Stmt::Expr(when)], tail: None, span }), Ty::Unit, span);
        let block = Block { stmts: vec![let_it, Stmt::Expr(lp)], tail: None, span };
        Ok(Self::mk(ExprKind::Block(block), Ty::Unit, span))
    }
}

/// The `T` of `Maybe[T]`.
fn ret_item(ret: &Ty) -> Option<Ty> {
    match ret {
        Ty::Adt(_, args) if args.len() == 1 => Some(args[0].clone()),
        _ => None,
    }
}
