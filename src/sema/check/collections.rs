//! Built-in syntax over the stdlib containers (LANGUAGE.md §6.7, §6.11, §14.5–§14.6): list
//! literals, `xs[i]` / `map[k]` places, `for` over `List` and `HashMap`, and the stdlib-only
//! intrinsic functions (`sema::lang`). Everything is desugared into calls of the containers'
//! TML methods, found by name.

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, BindingMode, Callee, Const, ExprKind, ForIter, Pat, PatKind, Stmt};
use crate::sema::lang::{self, Container};
use crate::sema::ty::{IntTy, Mutability, Ty};
use crate::sema::ModuleKind;
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// Whether the body being checked belongs to a stdlib module.
    pub(super) fn in_stdlib(&self) -> bool {
        self.ctx.modules.get(self.module).is_some_and(|m| m.kind == ModuleKind::Stdlib)
    }

    /// A call of a stdlib intrinsic function `__intrinsic_NAME[T](args)`; `None` if `name` is
    /// not one.
    pub(super) fn stdlib_intrinsic_call(
        &mut self,
        name: &str,
        ty_args: &[Ty],
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        let (op, generic, params, ret) = lang::stdlib_intrinsic(name)?;
        if ty_args.len() != usize::from(generic) {
            self.err(Diagnostic::error(
                "E0202",
                format!("wrong number of type arguments: expected {}, found {}", usize::from(generic), ty_args.len()),
                site,
                "wrong number of type arguments",
            ));
            return Some(Self::error_expr(span));
        }
        let args = self.builtin_args(name, args, &params, span)?;
        Some(Self::mk(ExprKind::Intrinsic { op, ty_args: ty_args.to_vec(), args, site }, ret, span))
    }
}

impl FnCk<'_, '_> {
    /// A call of the stdlib method `name` of container `c`; its result type is the method's.
    fn lang_call(&mut self, c: Container, name: &str, ty_args: Vec<Ty>, args: Vec<hir::Expr>, span: Span) -> hir::Expr {
        let Some(f) = lang::container_method(self.ctx, c, name) else {
            return Self::error_expr(span);
        };
        let ret = self.ctx.program.fns[f].ret.subst(&ty_args);
        Self::mk(ExprKind::Call { callee: Callee::Fn { id: f, ty_args }, args, site: span }, ret, span)
    }

    /// The container whose `index_ref` method `e` calls, with the borrowed container place.
    pub(super) fn index_ref_base<'e>(&self, e: &'e hir::Expr) -> Option<&'e hir::Expr> {
        let ExprKind::Call { callee: Callee::Fn { id, .. }, args, .. } = &e.kind else {
            return None;
        };
        let is_index = [Container::List, Container::Map]
            .into_iter()
            .any(|c| lang::container_method(self.ctx, c, "index_ref") == Some(*id));
        match args.first().map(|a| &a.kind) {
            Some(ExprKind::Ref { place, .. }) if is_index => Some(place),
            _ => None,
        }
    }

    /// `xs[i]` / `map[k]` on the (dereferenced) container `b`: the place `*index_ref(ref b, i)`,
    /// bounds- or key-checked by the stdlib at the `[` (`site`).
    pub(super) fn container_index(&mut self, b: hir::Expr, ix: &ast::Expr, site: Span, span: Span) -> hir::Expr {
        let ty = self.infer.resolve(&b.ty);
        let (Some(c), Ty::Adt(_, args)) = (lang::container(self.ctx, &ty), &ty) else {
            return Self::error_expr(span);
        };
        let key = match c {
            Container::List => {
                let i = self.check(ix, &Expect::None);
                self.index_as_i64(i, ix.span)
            }
            Container::Map => self.check_as(ix, &args[0], None),
        };
        let recv = self.auto_ref(b, Mutability::Not);
        let mut call = self.lang_call(c, "index_ref", args.clone(), vec![recv, key], span);
        if let ExprKind::Call { site: s, .. } = &mut call.kind {
            *s = site;
        }
        let elem = match &call.ty {
            Ty::Ref(_, t) => (**t).clone(),
            _ => Ty::Error,
        };
        Self::mk(ExprKind::Deref(Box::new(call)), elem, span)
    }

    /// An integer index converted to `I64` (any integer type is accepted, LANGUAGE.md §14.5).
    fn index_as_i64(&mut self, i: hir::Expr, span: Span) -> hir::Expr {
        let i = self.decay(i);
        if !self.infer.is_integral(&i.ty) {
            if !matches!(self.shallow(&i.ty), Ty::Error) {
                let n = self.ty_name(&i.ty);
                self.err(Diagnostic::error(
                    "E0207",
                    format!("list index must be an integer, found `{n}`"),
                    span,
                    "not an integer",
                ));
            }
            return Self::error_expr(span);
        }
        match self.shallow(&i.ty) {
            Ty::Int(IntTy::I64) => i,
            Ty::Int(_) => Self::mk(ExprKind::Cast(Box::new(i)), Ty::I64, span),
            t => {
                self.infer.unify(&t, &Ty::I64);
                i
            }
        }
    }

    /// Rewrites a place for mutable use: container element places `*index_ref(ref c, i)`
    /// become `*index_mut(mut ref c, i)` (recursively through fields and indexes).
    pub(super) fn mutable_place(&mut self, e: hir::Expr) -> hir::Expr {
        let e = match self.smart_mutable_place(e) {
            Ok(x) => return x,
            Err(e) => *e,
        };
        let hir::Expr { kind, ty, span } = e;
        let kind = match kind {
            ExprKind::Deref(inner) if self.index_ref_base(&inner).is_some() => {
                let hir::Expr { kind, ty: rty, span: cspan } = *inner;
                let ExprKind::Call { callee: Callee::Fn { ty_args, .. }, mut args, site } = kind else {
                    return Self::error_expr(span);
                };
                let base = match args.remove(0).kind {
                    ExprKind::Ref { place, .. } => self.mutable_place(*place),
                    _ => return Self::error_expr(span),
                };
                let c = lang::container(self.ctx, &self.infer.resolve(&base.ty)).unwrap_or(Container::List);
                let recv_ty = Ty::mut_ref(base.ty.clone());
                args.insert(
                    0,
                    Self::mk(ExprKind::Ref { mutability: Mutability::Mut, place: Box::new(base) }, recv_ty, cspan),
                );
                let Some(f) = lang::container_method(self.ctx, c, "index_mut") else {
                    return Self::error_expr(span);
                };
                let rty = match rty {
                    Ty::Ref(_, t) => Ty::mut_ref(*t),
                    t => t,
                };
                let call = Self::mk(ExprKind::Call { callee: Callee::Fn { id: f, ty_args }, args, site }, rty, cspan);
                ExprKind::Deref(Box::new(call))
            }
            ExprKind::Field { base, field } => ExprKind::Field { base: Box::new(self.mutable_place(*base)), field },
            ExprKind::Index { base, index, site } => {
                ExprKind::Index { base: Box::new(self.mutable_place(*base)), index, site }
            }
            k => k,
        };
        hir::Expr { kind, ty, span }
    }

    /// A list literal `[a, b, …]` with expected type `List[elem]`:
    /// `{ var l = List::with_capacity(n); l.push(a); …; l }`.
    pub(super) fn list_literal(&mut self, xs: &[ast::Expr], elem: Ty, span: Span) -> hir::Expr {
        let list_ty = match lang::container_adt(self.ctx, Container::List) {
            Some(adt) => Ty::Adt(adt, vec![elem.clone()]),
            None => return Self::error_expr(span),
        };
        let tmp = self.new_local(None, list_ty.clone(), true, span);
        let cap = Self::mk(ExprKind::Lit(Const::Int(xs.len() as i128)), Ty::I64, span);
        let init = self.lang_call(Container::List, "with_capacity", vec![elem.clone()], vec![cap], span);
        let pat = Pat { kind: PatKind::Binding { local: tmp, mode: BindingMode::ByValue }, ty: list_ty.clone(), span };
        let mut stmts = vec![Stmt::Let { pattern: pat, init: Some(init), else_block: None, span }];
        for x in xs {
            let v = self.check_as(x, &elem, None);
            let l = Self::mk(ExprKind::Local(tmp), list_ty.clone(), x.span);
            let r = Self::mk(
                ExprKind::Ref { mutability: Mutability::Mut, place: Box::new(l) },
                Ty::mut_ref(list_ty.clone()),
                x.span,
            );
            stmts.push(Stmt::Expr(self.lang_call(Container::List, "push", vec![elem.clone()], vec![r, v], x.span)));
        }
        let tail = Self::mk(ExprKind::Local(tmp), list_ty.clone(), span);
        Self::mk(ExprKind::Block(hir::Block { stmts, tail: Some(Box::new(tail)), span }), list_ty, span)
    }

    /// `for pattern in c` over a `List`/`HashMap` `c` (or a reference to one), or `Err(it)` when
    /// `it` is not a container. Desugared to a counted loop over a reference local that every
    /// iteration uses, so the container stays borrowed for the whole loop (LANGUAGE.md §6.7).
    pub(super) fn for_container(
        &mut self,
        it: hir::Expr,
        pattern: &ast::Pattern,
        body: &ast::Block,
        span: Span,
    ) -> Result<hir::Expr, Box<hir::Expr>> {
        let t = self.infer.resolve(&it.ty);
        let (base, m) = match &t {
            Ty::Ref(m, inner) => (self.infer.resolve(inner), Some(*m)),
            other => (other.clone(), None),
        };
        let (Some(c), Ty::Adt(_, args)) = (lang::container(self.ctx, &base), &base) else {
            return Err(Box::new(it));
        };
        let args = args.clone();
        let isp = it.span;
        let mut stmts = Vec::new();
        let init = match m {
            Some(_) => self.reborrow(it),
            None if self.place_mutability(&it).is_some() => self.auto_ref(it, Mutability::Not),
            None => {
                let v = self.bind_temp(&mut stmts, it);
                self.auto_ref(v, Mutability::Not)
            }
        };
        let m = m.unwrap_or(Mutability::Not);
        let r = self.bind_temp(&mut stmts, init);
        let this = Self::mk(ExprKind::Deref(Box::new(r.clone())), base.clone(), isp);
        let shared = self.auto_ref(this.clone(), Mutability::Not);
        let len = self.lang_call(c, "len", args.clone(), vec![shared], isp);
        let i = self.new_local(None, Ty::I64, false, isp);
        let ix = Self::mk(ExprKind::Local(i), Ty::I64, isp);
        self.scopes.push(Vec::new());
        let mut lets = Vec::new();
        match c {
            Container::List => {
                let (elem, ety) = self.element(this, args[0].clone(), ix, m, isp);
                let pat = self.check_pattern(pattern, &ety, false);
                self.require_irrefutable(&pat, "for");
                lets.push(Stmt::Let { pattern: pat, init: Some(elem), else_block: None, span: pattern.span });
            }
            Container::Map => {
                let ast::PatternKind::Tuple(ps) = &pattern.kind else {
                    self.err(Diagnostic::error(
                        "E0207",
                        "a `for` loop over a `HashMap` binds `(key, value)` pairs",
                        pattern.span,
                        "expected a `(key, value)` pattern",
                    ));
                    self.scopes.pop();
                    return Ok(Self::error_expr(span));
                };
                for (k, p) in ps.iter().enumerate().take(2) {
                    let fty = match lang::container_adt(self.ctx, Container::List) {
                        Some(l) => Ty::Adt(l, vec![args[k].clone()]),
                        None => Ty::Error,
                    };
                    let field = Self::mk(ExprKind::Field { base: Box::new(this.clone()), field: k }, fty, isp);
                    let mode = if k == 0 { Mutability::Not } else { m };
                    let (elem, ety) = self.element(field, args[k].clone(), ix.clone(), mode, isp);
                    let pat = self.check_pattern(p, &ety, false);
                    self.require_irrefutable(&pat, "for");
                    lets.push(Stmt::Let { pattern: pat, init: Some(elem), else_block: None, span: p.span });
                }
            }
        }
        let (b, _) = self.loop_body(body);
        self.scopes.pop();
        let bspan = b.span;
        let user = Self::mk(ExprKind::Block(b), Ty::Unit, bspan);
        let body = hir::Block { stmts: lets, tail: Some(Box::new(user)), span: bspan };
        let zero = Self::mk(ExprKind::Lit(Const::Int(0)), Ty::I64, isp);
        let iter = ForIter::Range { start: Box::new(zero), end: Box::new(len), inclusive: false };
        let pattern = Pat { kind: PatKind::Binding { local: i, mode: BindingMode::ByValue }, ty: Ty::I64, span: isp };
        let lp = Self::mk(ExprKind::For { pattern, iter, body }, Ty::Unit, span);
        Ok(Self::mk(ExprKind::Block(hir::Block { stmts, tail: Some(Box::new(lp)), span }), Ty::Unit, span))
    }

    /// Element `i` of the list place `list` (of `List[elem]`) for a `for` loop: a copy when
    /// `elem` is Copy, else a `ref`/`mut ref` to it. Returns the expression and its type.
    fn element(&mut self, list: hir::Expr, elem: Ty, i: hir::Expr, m: Mutability, span: Span) -> (hir::Expr, Ty) {
        let copy = self.is_copy(&elem);
        let m = if copy { Mutability::Not } else { m };
        let recv = self.auto_ref(list, m);
        let name = if m == Mutability::Mut { "index_mut" } else { "index_ref" };
        let call = self.lang_call(Container::List, name, vec![elem.clone()], vec![recv, i], span);
        if copy {
            (Self::mk(ExprKind::Deref(Box::new(call)), elem.clone(), span), elem)
        } else {
            let t = call.ty.clone();
            (call, t)
        }
    }

    /// Binds `value` to a fresh immutable local (a `let` appended to `stmts`) and returns the
    /// local as an expression.
    fn bind_temp(&mut self, stmts: &mut Vec<Stmt>, value: hir::Expr) -> hir::Expr {
        let (ty, span) = (value.ty.clone(), value.span);
        let l = self.new_local(None, ty.clone(), false, span);
        let pat = Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty: ty.clone(), span };
        stmts.push(Stmt::Let { pattern: pat, init: Some(value), else_block: None, span });
        Self::mk(ExprKind::Local(l), ty, span)
    }

    /// `Type::name[Args](…)` where `Type` is generic and `name` has no type parameters of its
    /// own: the arguments belong to `Type` (LANGUAGE.md §6.11). `None` if `callee` is not of
    /// that form.
    pub(super) fn type_args_call(&mut self, callee: &ast::Expr, args: &[ast::Expr], span: Span) -> Option<hir::Expr> {
        let ast::ExprKind::Index(inner, items) = &callee.kind else {
            return None;
        };
        let ast::ExprKind::Path(tbase, name) = &inner.kind else {
            return None;
        };
        let Ty::Adt(id, targs) = self.expr_type(tbase)? else {
            return None;
        };
        let tys: Vec<ast::Type> = items.iter().map(super::call::type_or_expr_as_type).collect::<Option<_>>()?;
        if tys.len() != targs.len() {
            return None;
        }
        for (t, a) in tys.iter().zip(&targs) {
            let t = self.resolve_ty(t);
            self.infer.unify(&t, a);
        }
        Some(self.assoc_call(Ty::Adt(id, targs), name, args, callee.span, span))
    }
}
