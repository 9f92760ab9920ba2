//! Patterns (LANGUAGE.md §7): typing, bindings and binding modes.

use super::{FnCk, ScopeEntry};
use crate::diagnostics::Diagnostic;
use crate::sema::consts::{self, CVal};
use crate::sema::ctx::Def;
use crate::sema::hir::{AdtKind, BindingMode, Const, Pat, PatKind};
use crate::sema::infer::VarKind;
use crate::sema::ty::{AdtId, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, LitPat, PatternKind};

impl FnCk<'_, '_> {
    /// Checks a pattern against the scrutinee type `ty`, declaring its bindings in the current
    /// scope. `mutable` makes all bindings mutable (`let mut`).
    pub(super) fn check_pattern(&mut self, p: &ast::Pattern, ty: &Ty, mutable: bool) -> Pat {
        let mut or_names = None;
        self.pat(p, ty, mutable, BindingMode::ByValue, &mut or_names)
    }

    fn pat(
        &mut self,
        p: &ast::Pattern,
        ty: &Ty,
        mutable: bool,
        mode: BindingMode,
        or_names: &mut Option<Vec<(String, usize)>>,
    ) -> Pat {
        let span = p.span;
        let t = self.shallow(ty);
        let mk = |kind: PatKind, ty: &Ty| Pat { kind, ty: ty.clone(), span };
        let binds_or_wild = match &p.kind {
            PatternKind::Wild => true,
            PatternKind::Ident { name, .. } => {
                self.const_pattern(&name.name).is_none() && self.unit_variant_pattern(name, t.peel_refs()).is_none()
            }
            _ => false,
        };
        if let (Ty::Ref(m, inner), false) = (&t, binds_or_wild) {
            let inner_pat = self.pat(p, inner, mutable, BindingMode::ByRef(*m), or_names);
            return mk(PatKind::Deref(Box::new(inner_pat)), &t);
        }
        match &p.kind {
            PatternKind::Wild => mk(PatKind::Wild, &t),
            PatternKind::Ident { name, mutable: m } => {
                if let Some((v, vt)) = self.const_pattern(&name.name) {
                    if !self.infer.unify(&vt, &t) {
                        self.mismatch(span, &t, &vt, None);
                    }
                    return match v {
                        CVal::Bool(_) | CVal::Int(_) | CVal::Float(_) | CVal::Char(_) | CVal::Str(_) => {
                            let c = cval_const(&v);
                            mk(PatKind::Const(c), &t)
                        }
                        _ => {
                            self.err(Diagnostic::error(
                                "E0207",
                                "only scalar constants can be used as patterns",
                                span,
                                "unsupported constant pattern",
                            ));
                            mk(PatKind::Wild, &Ty::Error)
                        }
                    };
                }
                if let Some((adt, v)) = self.unit_variant_pattern(name, &t) {
                    return self.variant_pat(adt, v, None, &t, mutable, mode, or_names, name, span);
                }
                let lty = match mode {
                    BindingMode::ByValue => t.clone(),
                    BindingMode::ByRef(m) => Ty::Ref(m, Box::new(t.clone())),
                };
                if let Some(names) = or_names.as_ref() {
                    if let Some((_, l)) = names.iter().find(|(n, _)| *n == name.name) {
                        let l = *l;
                        let prev = self.locals[l].ty.clone();
                        if !self.infer.unify(&prev, &lty) {
                            self.mismatch(span, &prev, &lty, Some(self.locals[l].span));
                        }
                        return mk(PatKind::Binding { local: l, mode }, &t);
                    }
                    self.err(Diagnostic::error(
                        "E0207",
                        format!("variable `{}` is not bound in all alternatives", name.name),
                        span,
                        "not bound in the first alternative",
                    ));
                }
                let l = self.new_local(Some(name.name.clone()), lty, *m || mutable, name.span);
                self.bind_name(&name.name, l);
                mk(PatKind::Binding { local: l, mode }, &t)
            }
            PatternKind::Lit(lp) => {
                let (c, lt) = self.lit_pat(lp, span);
                if !self.infer.unify(&lt, &t) {
                    self.mismatch(span, &t, &lt, None);
                    return mk(PatKind::Wild, &Ty::Error);
                }
                mk(PatKind::Const(c), &t)
            }
            PatternKind::Range { start, end, inclusive } => {
                let (lo, lt) = self.lit_pat(start, span);
                let (hi, ht) = self.lit_pat(end, span);
                if !self.infer.unify(&lt, &ht) || !self.infer.unify(&lt, &t) {
                    self.mismatch(span, &t, &lt, None);
                    return mk(PatKind::Wild, &Ty::Error);
                }
                let ok_kind = self.infer.is_integral(&t) || matches!(self.shallow(&t), Ty::Char);
                let (a, b) = (const_ord(&lo), const_ord(&hi));
                if !ok_kind {
                    self.err(Diagnostic::error(
                        "E0207",
                        "range patterns need integer or `Char` bounds",
                        span,
                        "invalid range pattern",
                    ));
                } else if a > b || (a == b && !inclusive) {
                    self.err(Diagnostic::error(
                        "E0207",
                        "range pattern is empty: the lower bound must be below the upper bound",
                        span,
                        "empty range",
                    ));
                }
                mk(PatKind::Range { lo, hi, inclusive: *inclusive }, &t)
            }
            PatternKind::Tuple(ps) => {
                let elems = match self.infer.resolve(&t) {
                    Ty::Tuple(ts) if ts.len() == ps.len() => ts,
                    Ty::Infer(_) => {
                        let ts: Vec<Ty> = ps.iter().map(|_| self.infer.fresh(VarKind::General)).collect();
                        self.infer.unify(&t, &Ty::Tuple(ts.clone()));
                        ts
                    }
                    Ty::Error => vec![Ty::Error; ps.len()],
                    other => {
                        let n = self.ty_name(&other);
                        self.err(Diagnostic::error(
                            "E0200",
                            format!("type mismatch: expected `{n}`, found a tuple pattern of {} elements", ps.len()),
                            span,
                            format!("expected `{n}`"),
                        ));
                        vec![Ty::Error; ps.len()]
                    }
                };
                let subs = ps.iter().zip(&elems).map(|(sp, et)| self.pat(sp, et, mutable, mode, or_names)).collect();
                mk(PatKind::Fields(subs), &t)
            }
            PatternKind::Struct { path, fields, has_rest } => {
                self.struct_pat(path, fields, *has_rest, &t, mutable, mode, or_names, span)
            }
            PatternKind::Variant { path, args } => match self.resolve_variant_path(path, &t) {
                Some((adt, v)) => {
                    let name = path.last().cloned().unwrap_or(ast::Ident { name: String::new(), span });
                    self.variant_pat(adt, v, args.as_deref(), &t, mutable, mode, or_names, &name, span)
                }
                None => {
                    for a in args.iter().flatten() {
                        self.pat(a, &Ty::Error, mutable, mode, or_names);
                    }
                    mk(PatKind::Wild, &Ty::Error)
                }
            },
            PatternKind::Or(alts) => {
                let mut out = Vec::new();
                let outer = or_names.clone();
                for (i, a) in alts.iter().enumerate() {
                    if i == 0 {
                        let before = self.locals.len();
                        out.push(self.pat(a, &t, mutable, mode, or_names));
                        let mut names = outer.clone().unwrap_or_default();
                        names.extend(
                            (before..self.locals.len()).filter_map(|l| self.locals[l].name.clone().map(|n| (n, l))),
                        );
                        *or_names = Some(names);
                    } else {
                        out.push(self.pat(a, &t, mutable, mode, or_names));
                    }
                }
                *or_names = outer;
                mk(PatKind::Or(out), &t)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn struct_pat(
        &mut self,
        path: &[ast::Ident],
        fields: &[ast::FieldPat],
        has_rest: bool,
        t: &Ty,
        mutable: bool,
        mode: BindingMode,
        or_names: &mut Option<Vec<(String, usize)>>,
        span: Span,
    ) -> Pat {
        let name = path.last().map(|i| i.name.clone()).unwrap_or_default();
        let module_struct = match path {
            [m, ty] => {
                self.module_adt(m, ty).filter(|id| matches!(self.ctx.program.adts[*id].kind, AdtKind::Struct(_)))
            }
            _ => None,
        };
        let (adt, variant) = match (module_struct, path.len(), self.lookup_def(&name)) {
            (Some(id), _, _) => (id, None),
            (None, 1, Some(Def::Adt(id))) if matches!(self.ctx.program.adts[id].kind, AdtKind::Struct(_)) => (id, None),
            _ => match self.resolve_variant_path(path, t) {
                Some((adt, v)) => (adt, Some(v)),
                None => return Pat { kind: PatKind::Wild, ty: Ty::Error, span },
            },
        };
        let n = self.ctx.program.adts[adt].generics.len();
        let args: Vec<Ty> = (0..n).map(|_| self.infer.fresh(VarKind::General)).collect();
        let st = Ty::Adt(adt, args.clone());
        if !self.infer.unify(&st, t) {
            self.mismatch(span, t, &st, None);
            return Pat { kind: PatKind::Wild, ty: Ty::Error, span };
        }
        let decl: Vec<(String, Ty)> = match variant {
            None => self.ctx.struct_fields(adt, &args).unwrap_or_default(),
            Some(v) => self.variant_fields(adt, v).into_iter().map(|(n, t)| (n, t.subst(&args))).collect(),
        };
        let mut subs: Vec<Option<Pat>> = vec![None; decl.len()];
        for f in fields {
            let Some(idx) = decl.iter().position(|d| d.0 == f.name.name) else {
                self.err(Diagnostic::error(
                    "E0210",
                    format!("struct `{name}` has no field named `{}`", f.name.name),
                    f.name.span,
                    "unknown field",
                ));
                continue;
            };
            let sub = match &f.pattern {
                Some(p) => self.pat(p, &decl[idx].1, mutable, mode, or_names),
                None => {
                    let p = ast::Pattern {
                        kind: PatternKind::Ident { name: f.name.clone(), mutable: false },
                        span: f.span,
                    };
                    self.pat(&p, &decl[idx].1, mutable, mode, or_names)
                }
            };
            subs[idx] = Some(sub);
        }
        let missing: Vec<String> =
            decl.iter().zip(&subs).filter(|(_, s)| s.is_none()).map(|(d, _)| format!("`{}`", d.0)).collect();
        if !has_rest && !missing.is_empty() {
            self.err(
                Diagnostic::error(
                    "E0210",
                    format!(
                        "pattern does not mention field{} {}",
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", ")
                    ),
                    span,
                    "missing fields",
                )
                .with_help("add `..` to ignore the remaining fields"),
            );
        }
        let subs = subs
            .into_iter()
            .zip(&decl)
            .map(|(s, d)| s.unwrap_or(Pat { kind: PatKind::Wild, ty: d.1.clone(), span }))
            .collect();
        match variant {
            None => Pat { kind: PatKind::Fields(subs), ty: t.clone(), span },
            Some(v) => Pat { kind: PatKind::Variant { adt, variant: v, fields: subs }, ty: t.clone(), span },
        }
    }

    /// A unit variant named by a bare identifier pattern: of the scrutinee's enum, or of any
    /// visible enum when the scrutinee is not an enum.
    fn unit_variant_pattern(&mut self, name: &ast::Ident, ty: &Ty) -> Option<(AdtId, usize)> {
        let t = self.infer.resolve(ty);
        if let Ty::Adt(id, _) = &t {
            if matches!(self.ctx.program.adts[*id].kind, AdtKind::Enum(_)) {
                let v = self.variant_index(*id, &name.name)?;
                return self.variant_fields(*id, v).is_empty().then_some((*id, v));
            }
        }
        if self.lookup_scope(&name.name).is_some() {
            return None;
        }
        self.unqualified_variant(name, None, true)
    }

    /// `m::Type` in a pattern path, where `m` is a module imported with `use` (E0103 if private).
    fn module_adt(&mut self, m: &ast::Ident, ty: &ast::Ident) -> Option<AdtId> {
        let Some(Def::Module(mi)) = self.lookup_def(&m.name) else { return None };
        let Some(Def::Adt(id)) = self.ctx.scopes[mi].get(&ty.name).copied() else { return None };
        if !self.ctx.is_public(mi, &ty.name) {
            self.err(self.ctx.private("type", &ty.name, ty.span));
        }
        Some(id)
    }

    /// Resolves the path of a variant pattern (`Circle`, `Shape::Circle`) against the
    /// scrutinee type.
    fn resolve_variant_path(&mut self, path: &[ast::Ident], t: &Ty) -> Option<(AdtId, usize)> {
        let span = path.last().map(|i| i.span).unwrap_or_default();
        let found = match path {
            [name] => self.unqualified_variant(name, Some(t), false),
            [ty, name] => match self.lookup_def(&ty.name) {
                Some(Def::Adt(id)) => self.variant_index(id, &name.name).map(|v| (id, v)),
                _ => None,
            },
            [m, ty, name] => self.module_adt(m, ty).and_then(|id| self.variant_index(id, &name.name).map(|v| (id, v))),
            _ => None,
        };
        if found.is_none() {
            let full: Vec<&str> = path.iter().map(|i| i.name.as_str()).collect();
            self.err(Diagnostic::error(
                "E0100",
                format!("cannot find variant `{}` in this scope", full.join("::")),
                span,
                "not found",
            ));
        }
        found
    }

    /// `Variant` or `Variant(p, …)` against scrutinee type `t`.
    #[allow(clippy::too_many_arguments)]
    fn variant_pat(
        &mut self,
        adt: AdtId,
        v: usize,
        args: Option<&[ast::Pattern]>,
        t: &Ty,
        mutable: bool,
        mode: BindingMode,
        or_names: &mut Option<Vec<(String, usize)>>,
        name: &ast::Ident,
        span: Span,
    ) -> Pat {
        let n = self.ctx.program.adts[adt].generics.len();
        let targs: Vec<Ty> = (0..n).map(|_| self.infer.fresh(VarKind::General)).collect();
        let et = Ty::Adt(adt, targs.clone());
        if !self.infer.unify(&et, t) {
            self.mismatch(span, t, &et, None);
            for a in args.unwrap_or(&[]) {
                self.pat(a, &Ty::Error, mutable, mode, or_names);
            }
            return Pat { kind: PatKind::Wild, ty: Ty::Error, span };
        }
        let fields: Vec<Ty> = self.variant_fields(adt, v).into_iter().map(|(_, ft)| ft.subst(&targs)).collect();
        let given = args.map(|a| a.len()).unwrap_or(0);
        if given != fields.len() {
            let s = if fields.len() == 1 { "" } else { "s" };
            self.err(Diagnostic::error(
                "E0201",
                format!("variant `{}` has {} field{s}, but the pattern has {given}", name.name, fields.len()),
                span,
                format!("expected {} field{s}", fields.len()),
            ));
        }
        let mut subs = Vec::new();
        for (i, ft) in fields.iter().enumerate() {
            subs.push(match args.and_then(|a| a.get(i)) {
                Some(p) => self.pat(p, ft, mutable, mode, or_names),
                None => Pat { kind: PatKind::Wild, ty: ft.clone(), span },
            });
        }
        for extra in args.unwrap_or(&[]).iter().skip(fields.len()) {
            self.pat(extra, &Ty::Error, mutable, mode, or_names);
        }
        Pat { kind: PatKind::Variant { adt, variant: v, fields: subs }, ty: t.clone(), span }
    }

    /// A constant usable as a pattern (`MAX => …`), if `name` names one.
    fn const_pattern(&self, name: &str) -> Option<(CVal, Ty)> {
        match self.lookup_scope(name) {
            Some(ScopeEntry::Const(v, t)) => return Some((v.clone(), t.clone())),
            Some(ScopeEntry::Local(_)) => return None,
            None => {}
        }
        match self.lookup_def(name)? {
            Def::Const(j) => self.ctx.consts.get(j).and_then(|c| c.value.clone()),
            _ => None,
        }
    }

    fn lit_pat(&mut self, lp: &LitPat, span: Span) -> (Const, Ty) {
        match lp {
            LitPat::Int { value, negative, suffix } => {
                let ty = match suffix.as_deref().map(consts::int_suffix) {
                    Some(Some(t)) => Ty::Int(t),
                    Some(None) => {
                        self.err(Diagnostic::error("E0004", "invalid integer suffix", span, "invalid suffix"));
                        Ty::Error
                    }
                    None => self.infer.fresh(VarKind::Int),
                };
                let v = i128::try_from(*value).unwrap_or(i128::MAX);
                (Const::Int(if *negative { -v } else { v }), ty)
            }
            LitPat::Float { value, negative } => {
                (Const::Float(if *negative { -value } else { *value }), self.infer.fresh(VarKind::Float))
            }
            LitPat::Char(c) => (Const::Char(*c), Ty::Char),
            LitPat::Str(s) => (Const::Str(s.clone()), Ty::Str),
            LitPat::Bool(b) => (Const::Bool(*b), Ty::Bool),
        }
    }
}

fn cval_const(v: &CVal) -> Const {
    match v {
        CVal::Bool(b) => Const::Bool(*b),
        CVal::Int(i) => Const::Int(*i),
        CVal::Float(f) => Const::Float(*f),
        CVal::Char(c) => Const::Char(*c),
        CVal::Str(s) => Const::Str(s.clone()),
        _ => Const::Unit,
    }
}

/// Orders integer and char constants.
fn const_ord(c: &Const) -> i128 {
    match c {
        Const::Int(i) => *i,
        Const::Char(c) => *c as i128,
        _ => 0,
    }
}
