//! Enum variants (LANGUAGE.md §4.5, §12.4): resolution of qualified and unqualified variant
//! names, construction, and `==` on fieldless enums.

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::ctx::Def;
use crate::sema::hir::{self, AdtKind, Arm, Const, ExprKind, Pat, PatKind};
use crate::sema::infer::VarKind;
use crate::sema::ty::{AdtId, Ty};
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// Enums visible in the current module (its own, imported and prelude enums).
    fn visible_enums(&self) -> Vec<AdtId> {
        let mut ids: Vec<AdtId> = self
            .ctx
            .scopes
            .get(self.module)
            .into_iter()
            .flat_map(|s| s.values())
            .chain(self.ctx.prelude.values())
            .filter_map(|d| match d {
                Def::Adt(id) if matches!(self.ctx.program.adts[*id].kind, AdtKind::Enum(_)) => Some(*id),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The index of variant `name` in enum `adt`.
    pub(super) fn variant_index(&self, adt: AdtId, name: &str) -> Option<usize> {
        match &self.ctx.program.adts.get(adt)?.kind {
            AdtKind::Enum(vs) => vs.iter().position(|v| v.name == name),
            AdtKind::Struct(_) => None,
        }
    }

    /// Resolves an unqualified variant name: the expected enum first, then the unique
    /// visible enum declaring it (E0107 when several do). `None` if no enum declares it.
    pub(super) fn unqualified_variant(
        &mut self,
        name: &ast::Ident,
        expected: Option<&Ty>,
        unit_only: bool,
    ) -> Option<(AdtId, usize)> {
        if let Some(Ty::Adt(id, _)) = expected.map(|t| self.infer.resolve(t)) {
            if let Some(v) = self.variant_index(id, &name.name) {
                return Some((id, v));
            }
        }
        let found: Vec<(AdtId, usize)> = self
            .visible_enums()
            .into_iter()
            .filter_map(|id| self.variant_index(id, &name.name).map(|v| (id, v)))
            .filter(|(id, v)| !unit_only || self.variant_fields(*id, *v).is_empty())
            .collect();
        match found.as_slice() {
            [] => None,
            [one] => Some(*one),
            _ => {
                let names: Vec<String> = found
                    .iter()
                    .map(|(id, _)| format!("`{}::{}`", self.ctx.program.adts[*id].name, name.name))
                    .collect();
                self.err(
                    Diagnostic::error(
                        "E0107",
                        format!("ambiguous variant name `{}`", name.name),
                        name.span,
                        "provided by several enums",
                    )
                    .with_help(format!("qualify it: {}", names.join(" or "))),
                );
                Some(found[0])
            }
        }
    }

    /// The payload field types of a variant (still mentioning the enum's parameters).
    pub(super) fn variant_fields(&self, adt: AdtId, v: usize) -> Vec<(String, Ty)> {
        match &self.ctx.program.adts[adt].kind {
            AdtKind::Enum(vs) => {
                vs.get(v).map(|v| v.fields.iter().map(|f| (f.name.clone(), f.ty.clone())).collect()).unwrap_or_default()
            }
            AdtKind::Struct(_) => Vec::new(),
        }
    }

    /// Type arguments for a use of enum `adt`: those of `given` (an instantiated type), else
    /// fresh variables unified with the expected type.
    pub(super) fn enum_args(&mut self, adt: AdtId, given: Option<&Ty>, expected: Option<&Ty>) -> Vec<Ty> {
        if let Some(Ty::Adt(id, args)) = given {
            if *id == adt && !args.is_empty() {
                return args.clone();
            }
        }
        let n = self.ctx.program.adts[adt].generics.len();
        let args: Vec<Ty> = (0..n).map(|_| self.infer.fresh(VarKind::General)).collect();
        if let Some(e) = expected {
            if let Ty::Adt(id, _) = self.infer.resolve(e) {
                if id == adt {
                    self.infer.unify(&Ty::Adt(adt, args.clone()), e);
                }
            }
        }
        args
    }

    /// Builds `Enum::Variant` (`args: None`) or `Enum::Variant(args)`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn construct_variant(
        &mut self,
        adt: AdtId,
        v: usize,
        given: Option<&Ty>,
        args: Option<&[ast::Expr]>,
        exp: Option<&Ty>,
        name: &ast::Ident,
        span: Span,
    ) -> hir::Expr {
        let ty_args = self.enum_args(adt, given, exp);
        let fields: Vec<Ty> = self.variant_fields(adt, v).into_iter().map(|(_, t)| t.subst(&ty_args)).collect();
        let given_n = args.map(|a| a.len()).unwrap_or(0);
        if given_n != fields.len() {
            let s = if fields.len() == 1 { "" } else { "s" };
            self.err(Diagnostic::error(
                "E0201",
                format!("variant `{}` has {} field{s} but {given_n} were supplied", name.name, fields.len()),
                span,
                format!("expected {} field{s}", fields.len()),
            ));
            for a in args.unwrap_or(&[]) {
                self.check(a, &Expect::None);
            }
            return Self::error_expr(span);
        }
        let mut out = Vec::new();
        for (i, (a, t)) in args.unwrap_or(&[]).iter().zip(&fields).enumerate() {
            out.push((i, self.check_as(a, t, None)));
        }
        let ty = Ty::Adt(adt, ty_args.clone());
        Self::mk(ExprKind::Adt { adt, variant: v, ty_args, fields: out }, ty, span)
    }

    /// `==` on a fieldless enum: `when l { V0 => when r { V0 => true, _ => false }, … }`.
    pub(super) fn enum_eq(&mut self, l: hir::Expr, r: hir::Expr, ty: &Ty, span: Span) -> Option<hir::Expr> {
        let Ty::Adt(adt, _) = self.infer.resolve(ty) else {
            return None;
        };
        let AdtKind::Enum(vs) = &self.ctx.program.adts[adt].kind else {
            return None;
        };
        if vs.iter().any(|v| !v.fields.is_empty()) {
            return None;
        }
        let n = vs.len();
        let lit = |b: bool| Self::mk(ExprKind::Lit(Const::Bool(b)), Ty::Bool, span);
        let vpat =
            |v: usize| Pat { kind: PatKind::Variant { adt, variant: v, fields: Vec::new() }, ty: ty.clone(), span };
        let wild = Pat { kind: PatKind::Wild, ty: ty.clone(), span };
        let arms = (0..n)
            .map(|v| {
                let inner = vec![
                    Arm { pattern: vpat(v), body: lit(true), span },
                    Arm { pattern: wild.clone(), body: lit(false), span },
                ];
                let body = Self::mk(ExprKind::Match { scrutinee: Box::new(r.clone()), arms: inner }, Ty::Bool, span);
                Arm { pattern: vpat(v), body, span }
            })
            .collect();
        Some(Self::mk(ExprKind::Match { scrutinee: Box::new(l), arms }, Ty::Bool, span))
    }
}

impl FnCk<'_, '_> {
    /// The ADT `Maybe` or `Outcome` (declared by the stdlib), with the index of the variant
    /// named `ok` and of the other variant.
    fn propagation_adt(&self, ty: &Ty) -> Option<(AdtId, Vec<Ty>, usize, usize)> {
        let Ty::Adt(id, args) = self.infer.resolve(ty) else {
            return None;
        };
        let (ok, bad) = match self.ctx.program.adts[id].name.as_str() {
            "Maybe" => ("Just", "Nothing"),
            "Outcome" => ("Ok", "Err"),
            _ => return None,
        };
        Some((id, args, self.variant_index(id, ok)?, self.variant_index(id, bad)?))
    }

    /// Postfix `e!` (LANGUAGE.md §10.3): `when e { Just(v) => v, Nothing => return Nothing }`
    /// and `when e { Ok(v) => v, Err(x) => return Err(x) }`.
    pub(super) fn check_propagate(&mut self, x: &ast::Expr, span: Span) -> hir::Expr {
        let e = self.check(x, &Expect::None);
        let e = self.decay(e);
        if matches!(self.shallow(&e.ty), Ty::Error) {
            return Self::error_expr(span);
        }
        let Some((adt, args, ok, bad)) = self.propagation_adt(&e.ty) else {
            let n = self.ty_name(&e.ty);
            self.err(Diagnostic::error(
                "E0208",
                format!("the `!` operator needs a `Maybe` or `Outcome` value, found `{n}`"),
                span,
                "not a `Maybe` or `Outcome`",
            ));
            return Self::error_expr(span);
        };
        let ret = self.ret.clone();
        let ret_args = match self.propagation_adt(&ret) {
            Some((radt, rargs, ..)) if radt == adt => rargs,
            _ => {
                let (n, r) = (self.ctx.program.adts[adt].name.clone(), self.ty_name(&ret));
                let mut d = Diagnostic::error(
                    "E0208",
                    format!("the `!` operator can only be used in a function that returns `{n}`"),
                    span,
                    format!("this function returns `{r}`"),
                );
                if let Some(s) = self.ret_span {
                    d = d.with_secondary(s, "result type declared here");
                }
                self.err(d);
                return Self::error_expr(span);
            }
        };
        let bad_fields: Vec<Ty> = self.variant_fields(adt, bad).into_iter().map(|(_, t)| t.subst(&args)).collect();
        let ret_bad: Vec<Ty> = self.variant_fields(adt, bad).into_iter().map(|(_, t)| t.subst(&ret_args)).collect();
        for (a, b) in bad_fields.iter().zip(&ret_bad) {
            if !self.infer.unify(a, b) {
                let (x, y) = (self.ty_name(a), self.ty_name(b));
                self.err(Diagnostic::error(
                    "E0208",
                    format!("the error type `{x}` does not match the function's error type `{y}`"),
                    span,
                    "incompatible error type",
                ));
                return Self::error_expr(span);
            }
        }
        let ok_ty = self.variant_fields(adt, ok).first().map(|(_, t)| t.subst(&args)).unwrap_or(Ty::Unit);
        let sty = e.ty.clone();
        let bind = |ck: &mut Self, ty: Ty| {
            let l = ck.new_local(None, ty.clone(), false, span);
            (l, Pat { kind: PatKind::Binding { local: l, mode: hir::BindingMode::ByValue }, ty, span })
        };
        let (v, vpat) = bind(self, ok_ty.clone());
        let ok_arm = Arm {
            pattern: Pat { kind: PatKind::Variant { adt, variant: ok, fields: vec![vpat] }, ty: sty.clone(), span },
            body: Self::mk(ExprKind::Local(v), ok_ty.clone(), span),
            span,
        };
        let mut bad_pats = Vec::new();
        let mut rebuilt = Vec::new();
        for (i, t) in bad_fields.iter().enumerate() {
            let (l, p) = bind(self, t.clone());
            bad_pats.push(p);
            rebuilt.push((i, Self::mk(ExprKind::Local(l), t.clone(), span)));
        }
        let value = Self::mk(
            ExprKind::Adt { adt, variant: bad, ty_args: ret_args.clone(), fields: rebuilt },
            Ty::Adt(adt, ret_args),
            span,
        );
        let ret_expr = Self::mk(ExprKind::Return(Some(Box::new(value))), Ty::Never, span);
        let bad_arm = Arm {
            pattern: Pat { kind: PatKind::Variant { adt, variant: bad, fields: bad_pats }, ty: sty, span },
            body: ret_expr,
            span,
        };
        Self::mk(ExprKind::Match { scrutinee: Box::new(e), arms: vec![ok_arm, bad_arm] }, ok_ty, span)
    }
}
