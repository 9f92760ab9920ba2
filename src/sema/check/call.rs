//! Calls: functions, function values, associated functions, methods (with receiver
//! adaptation), calls on bounded type parameters and qualified behavior calls.

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::consts;
use crate::sema::ctx::Def;
use crate::sema::hir::{self, Callee, ExprKind};
use crate::sema::infer::VarKind;
use crate::sema::ty::{AdtId, FnId, Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, TypeOrExpr};

/// Converts an expression that spells a type (`Point`, `List[I32]`, `m::T`, `This`) into an
/// AST type.
pub(super) fn expr_as_type(e: &ast::Expr) -> Option<ast::Type> {
    let seg = |id: &ast::Ident, args: Vec<ast::Type>| ast::PathSegment { name: id.clone(), args };
    let path = match &e.kind {
        ast::ExprKind::Ident(id) => vec![seg(id, Vec::new())],
        ast::ExprKind::ThisType => vec![seg(&ast::Ident { name: "This".into(), span: e.span }, Vec::new())],
        ast::ExprKind::Path(base, name) => {
            let ast::Type { kind: ast::TypeKind::Path(mut p), .. } = expr_as_type(base)? else {
                return None;
            };
            p.segments.push(seg(name, Vec::new()));
            p.segments
        }
        ast::ExprKind::Index(base, items) => {
            let ast::Type { kind: ast::TypeKind::Path(mut p), .. } = expr_as_type(base)? else {
                return None;
            };
            let args: Option<Vec<ast::Type>> = items.iter().map(type_or_expr_as_type).collect();
            p.segments.last_mut()?.args = args?;
            p.segments
        }
        _ => return None,
    };
    Some(ast::Type { kind: ast::TypeKind::Path(ast::PathType { segments: path, span: e.span }), span: e.span })
}

/// A `TypeOrExpr` item read as a type.
pub(super) fn type_or_expr_as_type(t: &TypeOrExpr) -> Option<ast::Type> {
    match t {
        TypeOrExpr::Type(t) => Some(t.clone()),
        TypeOrExpr::Expr(e) => expr_as_type(e),
    }
}

impl FnCk<'_, '_> {
    /// Whether `name` (not shadowed by a local) names a type.
    pub(super) fn names_type(&self, name: &str) -> bool {
        if self.lookup_scope(name).is_some() {
            return false;
        }
        consts::prim_ty_named(name).is_some()
            || name == "This"
            || self.gnames.iter().any(|g| g == name)
            || matches!(self.lookup_def(name), Some(Def::Adt(_) | Def::Alias(_)))
    }

    /// The type denoted by an expression in type position (`Point::new`, `Point.new`).
    pub(super) fn expr_type(&mut self, e: &ast::Expr) -> Option<Ty> {
        let name_expr = match &e.kind {
            ast::ExprKind::Index(b, _) => &**b,
            _ => e,
        };
        // `m::Type` through `use m` (§12.2).
        if let ast::ExprKind::Path(b, name) = &name_expr.kind {
            return self.module_expr_type(e, b, name);
        }
        let head = match &name_expr.kind {
            ast::ExprKind::Ident(id) => id.name.clone(),
            ast::ExprKind::ThisType if std::ptr::eq(name_expr, e) => "This".into(),
            _ => return None,
        };
        if !self.names_type(&head) {
            return None;
        }
        // A generic ADT named without arguments gets fresh inference variables.
        if let (ast::ExprKind::Ident(_), Some(Def::Adt(id))) = (&e.kind, self.lookup_def(&head)) {
            if consts::prim_ty_named(&head).is_none() && !self.gnames.contains(&head) {
                return Some(self.fresh_adt_ty(id));
            }
        }
        let t = expr_as_type(e)?;
        Some(self.resolve_ty(&t))
    }

    /// A class type, or a generic ADT with fresh inference variables for its arguments.
    fn fresh_adt_ty(&mut self, id: AdtId) -> Ty {
        if self.ctx.program.classes.contains_key(&id) {
            return Ty::Class(id);
        }
        let n = self.ctx.program.adts[id].generics.len();
        Ty::Adt(id, (0..n).map(|_| self.infer.fresh(VarKind::General)).collect())
    }

    /// Whether `e` is an identifier naming a module imported with `use` (not shadowed).
    pub(super) fn is_module_name(&self, e: &ast::Expr) -> bool {
        matches!(&e.kind, ast::ExprKind::Ident(m)
            if self.lookup_scope(&m.name).is_none() && matches!(self.lookup_def(&m.name), Some(Def::Module(_))))
    }

    /// `m::Type` or `m::Type[Args]` (`e`) where `m` is a module imported with `use`.
    fn module_expr_type(&mut self, e: &ast::Expr, base: &ast::Expr, name: &ast::Ident) -> Option<Ty> {
        let ast::ExprKind::Ident(m) = &base.kind else { return None };
        if self.lookup_scope(&m.name).is_some() {
            return None;
        }
        let Some(Def::Module(mi)) = self.lookup_def(&m.name) else { return None };
        let def = self.ctx.scopes[mi].get(&name.name).copied();
        match def {
            Some(Def::Adt(id)) if !matches!(e.kind, ast::ExprKind::Index(..)) => {
                if !self.ctx.is_public(mi, &name.name) {
                    self.err(self.ctx.private("type", &name.name, name.span));
                }
                Some(self.fresh_adt_ty(id))
            }
            Some(Def::Adt(_) | Def::Alias(_)) => {
                let t = expr_as_type(e)?;
                Some(self.resolve_ty(&t))
            }
            _ => None,
        }
    }

    /// `callee(args)`: functions, prelude built-ins, variant constructors, associated
    /// functions, module functions and function values.
    pub(super) fn check_call(&mut self, callee: &ast::Expr, args: &[ast::Expr], exp: &Expect, span: Span) -> hir::Expr {
        match &callee.kind {
            ast::ExprKind::Ident(id) if self.lookup_scope(&id.name).is_none() => match self.lookup_def(&id.name) {
                Some(Def::Fn(f)) => return self.call_fn(f, None, Vec::new(), args, id.span, span),
                Some(_) => {}
                None => {
                    if let Some((adt, v)) = self.unqualified_variant(id, exp.ty(), false) {
                        return self.construct_variant(adt, v, None, Some(args), exp.ty(), id, span);
                    }
                    if let Some(e) = self.builtin_call(&id.name, &[], args, id.span, span) {
                        return e;
                    }
                    self.err(Diagnostic::error(
                        "E0100",
                        format!("cannot find function `{}` in this scope", id.name),
                        id.span,
                        "not found in this scope",
                    ));
                    for a in args {
                        self.check(a, &Expect::None);
                    }
                    return Self::error_expr(span);
                }
            },
            ast::ExprKind::Index(base, items) => {
                if let Some(e) = self.type_args_call(callee, args, span) {
                    return e;
                }
                if let ast::ExprKind::Ident(id) = &base.kind {
                    if self.lookup_scope(&id.name).is_none() && !self.names_type(&id.name) {
                        let tys: Option<Vec<ast::Type>> = items.iter().map(type_or_expr_as_type).collect();
                        if let Some(tys) = tys {
                            let tys: Vec<Ty> = tys.iter().map(|t| self.resolve_ty(t)).collect();
                            if let Some(Def::Fn(f)) = self.lookup_def(&id.name) {
                                return self.call_fn(f, Some(tys), Vec::new(), args, id.span, span);
                            }
                            if let Some(e) = self.builtin_call(&id.name, &tys, args, id.span, span) {
                                return e;
                            }
                        }
                    }
                }
            }
            ast::ExprKind::Path(base, name) => {
                if let ast::ExprKind::Ident(m) = &base.kind {
                    if let (None, Some(Def::Behavior(b))) = (self.lookup_scope(&m.name), self.lookup_def(&m.name)) {
                        return self.qualified_behavior_call(b, name, args, exp, span);
                    }
                    if self.lookup_scope(&m.name).is_none() {
                        if let Some(Def::Module(mi)) = self.lookup_def(&m.name) {
                            return match self.ctx.scopes[mi].get(&name.name) {
                                Some(Def::Fn(f)) => {
                                    if !self.ctx.is_public(mi, &name.name) {
                                        self.err(self.ctx.private("function", &name.name, name.span));
                                    }
                                    self.call_fn(*f, None, Vec::new(), args, callee.span, span)
                                }
                                _ => {
                                    self.err(Diagnostic::error(
                                        "E0100",
                                        format!("cannot find function `{}` in module `{}`", name.name, m.name),
                                        name.span,
                                        "not found",
                                    ));
                                    Self::error_expr(span)
                                }
                            };
                        }
                    }
                }
                if let Some(ty) = self.expr_type(base) {
                    if let Ty::Adt(adt, _) = &ty {
                        if let Some(v) = self.variant_index(*adt, &name.name) {
                            return self.construct_variant(*adt, v, Some(&ty), Some(args), exp.ty(), name, span);
                        }
                    }
                    return self.assoc_call(ty, name, args, callee.span, span);
                }
            }
            _ => {}
        }
        let f = self.check(callee, &Expect::None);
        self.call_value(f, args, callee.span, span)
    }

    /// Calls a function value.
    fn call_value(&mut self, f: hir::Expr, args: &[ast::Expr], site: Span, span: Span) -> hir::Expr {
        let f = self.decay(f);
        match self.shallow(&f.ty) {
            Ty::Func(ps, r) => {
                if ps.len() != args.len() {
                    self.arity(ps.len(), args.len(), span);
                    return Self::error_expr(span);
                }
                let args = args.iter().zip(&ps).map(|(a, p)| self.check_arg(a, p, None)).collect();
                Self::mk(ExprKind::Call { callee: Callee::Value(Box::new(f)), args, site }, *r, span)
            }
            Ty::Error => Self::error_expr(span),
            t => {
                let n = self.ty_name(&t);
                self.err(Diagnostic::error(
                    "E0207",
                    format!("expected a function, found `{n}`"),
                    f.span,
                    "not a function",
                ));
                Self::error_expr(span)
            }
        }
    }

    pub(super) fn arity(&mut self, want: usize, got: usize, span: Span) {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        self.err(Diagnostic::error(
            "E0201",
            format!(
                "this function takes {want} argument{} but {got} argument{} supplied",
                s(want),
                if got == 1 { " was" } else { "s were" }
            ),
            span,
            format!("expected {want} argument{}", s(want)),
        ));
    }

    /// Calls function `f` with `pre` already checked leading arguments (an adapted receiver)
    /// followed by `args`.
    pub(super) fn call_fn(
        &mut self,
        f: FnId,
        explicit: Option<Vec<Ty>>,
        pre: Vec<hir::Expr>,
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> hir::Expr {
        let def = &self.ctx.program.fns[f];
        let ty_args = self.instantiate(f, explicit, site);
        self.call_with(f, ty_args, def.params.len(), pre, args, site, span)
    }

    fn instantiate(&mut self, f: FnId, explicit: Option<Vec<Ty>>, site: Span) -> Vec<Ty> {
        let all = self.ctx.program.fns[f].generics.len();
        let n = self.declared_generics(f);
        let ty_args = match explicit {
            Some(mut ts) if ts.len() == n => {
                ts.extend((n..all).map(|_| self.infer.fresh(VarKind::General)));
                ts
            }
            Some(ts) => {
                self.err(Diagnostic::error(
                    "E0202",
                    format!("wrong number of type arguments: expected {n}, found {}", ts.len()),
                    site,
                    "wrong number of type arguments",
                ));
                (0..all).map(|_| Ty::Error).collect()
            }
            None => (0..all).map(|_| self.infer.fresh(VarKind::General)).collect(),
        };
        self.register_projections(f, &ty_args, site);
        ty_args
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn call_with(
        &mut self,
        f: FnId,
        ty_args: Vec<Ty>,
        nparams: usize,
        pre: Vec<hir::Expr>,
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> hir::Expr {
        let def = &self.ctx.program.fns[f];
        let params: Vec<Ty> = def.params.iter().map(|p| p.subst(&ty_args)).collect();
        let ret = def.ret.subst(&ty_args);
        let spans = self.ctx.fns[f].param_spans.clone();
        if pre.len() + args.len() != nparams {
            self.arity(nparams - pre.len().min(nparams), args.len(), span);
            for a in args {
                self.check(a, &Expect::None);
            }
            return Self::error_expr(span);
        }
        for (k, g) in def.generics.iter().enumerate() {
            for b in &g.bounds {
                self.obligations.push((ty_args[k].clone(), *b, site));
            }
        }
        let mut all = pre;
        let skip = all.len();
        for (i, a) in args.iter().enumerate() {
            let p = &params[skip + i];
            let x = self.check_arg(a, p, spans.get(skip + i).copied());
            all.push(x);
        }
        self.solve_projections(false);
        Self::mk(ExprKind::Call { callee: Callee::Fn { id: f, ty_args }, args: all, site }, ret, span)
    }

    /// `Type::name(args)`.
    pub(super) fn assoc_call(
        &mut self,
        ty: Ty,
        name: &ast::Ident,
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> hir::Expr {
        if let Some(e) = self.class_new_call(&ty, name, args, span) {
            return e;
        }
        if !matches!(ty, Ty::Adt(..)) {
            if let Some(e) = self.builtin_assoc_call(&ty, name, args, site, span) {
                return e;
            }
        }
        if let Ty::Param(i) = ty {
            if let Some(e) = self.bound_call(i, None, name, args, span) {
                return e;
            }
        }
        let mname = crate::sema::lang::ctor_alias(self.ctx, &ty, &name.name, args.len()).unwrap_or(&name.name);
        let entries = self.ctx.find_methods(&ty, mname);
        let Some(entry) = entries.iter().find(|m| m.behavior.is_none()).or(entries.first()) else {
            if !matches!(ty, Ty::Error) {
                let n = self.ty_name(&ty);
                self.err(Diagnostic::error(
                    "E0106",
                    format!("no function or associated item named `{}` found for type `{n}`", name.name),
                    name.span,
                    format!("not found in `{n}`"),
                ));
            }
            return Self::error_expr(span);
        };
        let f = entry.fn_id;
        self.check_method_visible(f, entry.is_pub, name);
        let ty_args = self.instantiate(f, None, site);
        if let Some(self_ty) = &self.ctx.fns[f].self_ty {
            let st = self_ty.subst(&ty_args);
            self.infer.unify(&st, &ty);
        }
        let n = self.ctx.program.fns[f].params.len();
        self.call_with(f, ty_args, n, Vec::new(), args, site, span)
    }

    /// `receiver.method(args)`: inherent and behavior methods, bounded type parameters and
    /// built-in methods; `Type.f(args)` is a static call.
    pub(super) fn check_method_call(
        &mut self,
        receiver: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        if matches!(receiver.kind, ast::ExprKind::Base) && self.lookup_scope("base").is_none() {
            return self.base_method_call(method, args, span);
        }
        if let Some(ty) = self.expr_type(receiver) {
            return self.assoc_call(ty, method, args, method.span, span);
        }
        let recv = self.check(receiver, &Expect::None);
        self.method_on(recv, receiver, method, args, exp, span)
    }

    /// `recv.method(args)` for a checked receiver; retried through the `@deref` method of the
    /// receiver's type when nothing is found (auto-deref, LANGUAGE.md §4.2).
    fn method_on(
        &mut self,
        recv: hir::Expr,
        receiver: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let mut base = self.infer.apply_default(&recv.ty);
        while let Ty::Ref(_, inner) = base {
            base = self.infer.apply_default(&inner);
        }
        if matches!(base, Ty::Error) {
            for a in args {
                self.check(a, &Expect::None);
            }
            return Self::error_expr(span);
        }
        if let Ty::Class(c) = base {
            if let Some(e) = self.class_method_call(recv.clone(), c, receiver, method, args, span) {
                return e;
            }
        }
        if let Ty::Adt(..) = &base {
            let mut entries = self.ctx.find_methods(&base, &method.name);
            if crate::sema::lang::deref_fn(&self.ctx.program, &base, false).is_some() {
                // A smart pointer's private methods do not hide the methods of its contents.
                entries.retain(|m| m.is_pub || self.ctx.fns[m.fn_id].module == self.module);
            }
            let inherent: Vec<_> = entries.iter().filter(|m| m.behavior.is_none()).collect();
            let by_expected = self.pick_by_expected(entries.iter().map(|m| m.fn_id).collect(), exp);
            let chosen = if let Some(m) = inherent.first() {
                let (f, public) = (m.fn_id, m.is_pub);
                self.check_method_visible(f, public, method);
                Some(f)
            } else if by_expected.is_some() {
                by_expected
            } else if entries.len() > 1 {
                self.err(
                    Diagnostic::error(
                        "E0107",
                        format!("multiple behaviors provide a method named `{}`", method.name),
                        method.span,
                        "ambiguous method",
                    )
                    .with_help("use the qualified form `Behavior::method(receiver, …)`"),
                );
                return Self::error_expr(span);
            } else {
                entries.first().map(|m| m.fn_id)
            };
            if let Some(f) = chosen {
                let f = self.unwrap_display(f, &base).unwrap_or(f);
                return self.method_call(f, recv, &base, receiver, method, args, span);
            }
            if let Some(e) = self.call_fn_field(recv.clone(), &base, method, args, span) {
                return e;
            }
            let place = self.deref_all(recv);
            if let Ok(d) = self.smart_deref(place, receiver.span) {
                return self.method_on(d, receiver, method, args, exp, span);
            }
        } else if let Ty::Param(i) = base {
            if let Some(e) = self.bound_call(i, Some((recv, receiver)), method, args, span) {
                return e;
            }
        } else if let Ty::Dyn(b, bargs) = &base {
            if let Some(e) = self.dyn_call(recv, (*b, bargs), receiver, method, args, span) {
                return e;
            }
        } else if let Some(f) = self.prim_method(&base, &method.name, exp) {
            // Stdlib methods of primitive types (`Str::split`, `I32::checked_add`, …).
            return self.method_call(f, recv, &base, receiver, method, args, span);
        } else if let Some(e) = self.builtin_method(recv, &base, method, args, span) {
            return e;
        }
        if let Ty::Infer(_) = base {
            self.err(Diagnostic::error(
                "E0202",
                "type annotations needed",
                receiver.span,
                "the type must be known to call a method",
            ));
            for a in args {
                self.check(a, &Expect::None);
            }
            return Self::error_expr(span);
        }
        let n = self.ty_name(&base);
        self.err(Diagnostic::error(
            "E0106",
            format!("no method named `{}` found for type `{n}`", method.name),
            method.span,
            format!("method not found in `{n}`"),
        ));
        for a in args {
            self.check(a, &Expect::None);
        }
        Self::error_expr(span)
    }

    /// [`crate::sema::lang::unwrap_display`] for the receiver type `base`, once `E` is known.
    fn unwrap_display(&mut self, f: FnId, base: &Ty) -> Option<FnId> {
        let display = *self.ctx.builtin_behaviors.get("Display")?;
        let base = self.infer.resolve(base);
        crate::sema::lang::unwrap_display(self.ctx, f, &base, |e| {
            !matches!(e, Ty::Infer(_) | Ty::Error) && self.ctx.implements(e, display, &self.generics)
        })
    }

    /// E0103 for a non-`pub` method used outside its module.
    fn check_method_visible(&mut self, f: FnId, is_pub: bool, name: &ast::Ident) {
        if !is_pub && self.ctx.fns[f].module != self.module {
            self.err(self.ctx.private("method", &name.name, name.span));
        }
    }

    /// A call of a method of the bounds of type parameter `i` (`item.describe()` with
    /// `T: Describe`, `T::default()`): dispatched through [`Callee::Behavior`].
    fn bound_call(
        &mut self,
        i: u32,
        recv: Option<(hir::Expr, &ast::Expr)>,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<hir::Expr> {
        let bounds = self.ctx.with_supers(&self.generics.get(i as usize)?.bounds);
        let found: Vec<(usize, usize)> = bounds
            .iter()
            .filter_map(|&b| self.ctx.behavior_sigs.get(b)?.iter().position(|s| s.name == method.name).map(|k| (b, k)))
            .collect();
        let &(b, k) = found.first()?;
        if found.len() > 1 {
            self.err(Diagnostic::error(
                "E0107",
                format!("multiple bounds provide a method named `{}`", method.name),
                method.span,
                "ambiguous method",
            ));
        }
        let sig = self.ctx.behavior_sigs[b][k].clone();
        let this = Ty::Param(i);
        let mut all = Vec::new();
        match (recv, sig.receiver) {
            (Some((r, rast)), Some(kind)) => all.push(self.adapt_receiver(r, kind, rast, method)),
            (None, _) => {}
            (Some(_), None) => {
                let n = self.ty_name(&this);
                self.err(Diagnostic::error(
                    "E0106",
                    format!("`{}` is an associated function of `{n}`, not a method", method.name),
                    method.span,
                    "not a method",
                ));
                return Some(Self::error_expr(span));
            }
        }
        let mut params: Vec<Ty> = sig.params.iter().map(|t| self.sig_ty(t, &this, method.span)).collect();
        if all.is_empty() {
            if let Some(kind) = sig.receiver {
                let m = match kind {
                    ast::Receiver::Ref => Some(Mutability::Not),
                    ast::Receiver::MutRef => Some(Mutability::Mut),
                    ast::Receiver::Value => None,
                };
                params.insert(0, m.map(|m| Ty::Ref(m, Box::new(this.clone()))).unwrap_or(this.clone()));
            }
        }
        if args.len() != params.len() {
            self.arity(params.len(), args.len(), span);
            return Some(Self::error_expr(span));
        }
        for (a, p) in args.iter().zip(&params) {
            let x = self.check_arg(a, p, None);
            all.push(x);
        }
        let ret = self.sig_ty(&sig.ret, &this, method.span);
        let callee = Callee::Behavior { behavior: b, method: k, self_ty: this.clone(), ty_args: Vec::new() };
        Some(Self::mk(ExprKind::Call { callee, args: all, site: method.span }, ret, span))
    }

    /// `Behavior::method(receiver, args)` (LANGUAGE.md §8.6).
    fn qualified_behavior_call(
        &mut self,
        b: usize,
        name: &ast::Ident,
        args: &[ast::Expr],
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let bname = self.ctx.program.behaviors[b].name.clone();
        let Some((k, sig)) = self
            .ctx
            .behavior_sigs
            .get(b)
            .and_then(|sigs| sigs.iter().enumerate().find(|(_, s)| s.name == name.name))
            .map(|(k, s)| (k, s.clone()))
        else {
            self.err(Diagnostic::error(
                "E0106",
                format!("no method named `{}` in behavior `{bname}`", name.name),
                name.span,
                "not found",
            ));
            return Self::error_expr(span);
        };
        let (Some(kind), Some(first)) = (sig.receiver, args.first()) else {
            return self.static_behavior_call(b, k, &sig, name, args, exp, span);
        };
        let recv = self.check(first, &Expect::None);
        let mut self_ty = self.infer.apply_default(&recv.ty);
        while let Ty::Ref(_, inner) = self_ty {
            self_ty = self.infer.apply_default(&inner);
        }
        let this = self_ty.clone();
        let want = match kind {
            ast::Receiver::Ref => Ty::shared_ref(this.clone()),
            ast::Receiver::MutRef => Ty::mut_ref(this.clone()),
            ast::Receiver::Value => this.clone(),
        };
        let recv = self.coerce(recv, &want, None);
        if let Ty::Param(_) = self_ty {
            let params: Vec<Ty> = sig.params.iter().map(|t| self.sig_ty(t, &this, name.span)).collect();
            if params.len() + 1 != args.len() {
                self.arity(params.len() + 1, args.len(), span);
                return Self::error_expr(span);
            }
            self.obligations.push((self_ty.clone(), b, name.span));
            let mut all = vec![recv];
            for (a, p) in args[1..].iter().zip(&params) {
                let x = self.check_arg(a, p, None);
                all.push(x);
            }
            let callee = Callee::Behavior { behavior: b, method: k, self_ty: self_ty.clone(), ty_args: Vec::new() };
            let ret = self.sig_ty(&sig.ret, &this, name.span);
            return Self::mk(ExprKind::Call { callee, args: all, site: name.span }, ret, span);
        }
        let Some(f) =
            self.ctx.find_methods(&self_ty, &name.name).into_iter().find(|m| m.behavior == Some(b)).map(|m| m.fn_id)
        else {
            if !matches!(self_ty, Ty::Error) {
                let t = self.ty_name(&self_ty);
                self.err(Diagnostic::error(
                    "E0203",
                    format!("the behavior `{bname}` is not implemented for `{t}`"),
                    first.span,
                    format!("`{t}` does not implement `{bname}`"),
                ));
            }
            return Self::error_expr(span);
        };
        let ty_args = self.instantiate(f, None, name.span);
        if let Some(st) = &self.ctx.fns[f].self_ty {
            let st = st.subst(&ty_args);
            self.infer.unify(&st, &self_ty);
        }
        let n = self.ctx.program.fns[f].params.len();
        self.call_with(f, ty_args, n, vec![recv], &args[1..], name.span, span)
    }

    /// `x.f(args)` where `f` is a field of function type.
    fn call_fn_field(
        &mut self,
        recv: hir::Expr,
        base: &Ty,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<hir::Expr> {
        let Ty::Adt(id, targs) = base else {
            return None;
        };
        let fields = self.ctx.struct_fields(*id, targs)?;
        let (idx, (_, fty)) = fields.into_iter().enumerate().find(|(_, (n, _))| *n == method.name)?;
        if !matches!(fty, Ty::Func(..)) {
            return None;
        }
        let b = self.deref_all(recv);
        let field = Self::mk(ExprKind::Field { base: Box::new(b), field: idx }, fty, method.span);
        Some(self.call_value(field, args, method.span, span))
    }

    /// Derefs references until the type is not a reference (auto-deref, LANGUAGE.md §4.2).
    pub(super) fn deref_all(&mut self, mut e: hir::Expr) -> hir::Expr {
        while let Ty::Ref(_, inner) = self.shallow(&e.ty) {
            let span = e.span;
            e = Self::mk(ExprKind::Deref(Box::new(e)), *inner, span);
        }
        e
    }

    #[allow(clippy::too_many_arguments)]
    fn method_call(
        &mut self,
        f: FnId,
        recv: hir::Expr,
        base: &Ty,
        receiver: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> hir::Expr {
        let info = &self.ctx.fns[f];
        let Some(kind) = info.receiver else {
            let n = self.ty_name(base);
            self.err(
                Diagnostic::error(
                    "E0106",
                    format!("`{}` is an associated function of `{n}`, not a method", method.name),
                    method.span,
                    "not a method",
                )
                .with_help(format!("call it as `{n}::{}(…)`", method.name)),
            );
            return Self::error_expr(span);
        };
        let ty_args = self.instantiate(f, None, method.span);
        if let Some(self_ty) = &info.self_ty {
            let st = self_ty.subst(&ty_args);
            self.infer.unify(&st, base);
        }
        let adapted = self.adapt_receiver(recv, kind, receiver, method);
        let n = self.ctx.program.fns[f].params.len();
        self.call_with(f, ty_args, n, vec![adapted], args, method.span, span)
    }

    /// Adapts a receiver: borrowed for `this`, mutably borrowed for `mut this` (E0209 on an
    /// immutable place), moved/copied for `this: This`.
    pub(super) fn adapt_receiver(
        &mut self,
        recv: hir::Expr,
        kind: ast::Receiver,
        receiver: &ast::Expr,
        method: &ast::Ident,
    ) -> hir::Expr {
        match kind {
            ast::Receiver::Ref => self.auto_ref(recv, Mutability::Not),
            ast::Receiver::MutRef => {
                let exact = matches!(self.shallow(&recv.ty), Ty::Ref(Mutability::Mut, _));
                let place = if exact { recv } else { self.deref_all(recv) };
                if !exact && self.place_mutability(&place) == Some(false) {
                    let name = self.text(receiver.span);
                    let mut d = Diagnostic::error(
                        "E0209",
                        format!("cannot call `mut this` method `{}` on immutable place `{name}`", method.name),
                        receiver.span,
                        "not mutable",
                    );
                    if let ExprKind::Local(l) = &place.kind {
                        d = d
                            .with_secondary(self.locals[*l].span, "binding declared here")
                            .with_help(format!("make the binding mutable: `let mut {name}` or `var {name}`"));
                    }
                    self.err(d);
                }
                self.auto_ref(place, Mutability::Mut)
            }
            ast::Receiver::Value => self.deref_all(recv),
        }
    }
}
