//! Paths, field access (with auto-deref), indexing and struct literals.

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::consts;
use crate::sema::ctx::Def;
use crate::sema::hir::{self, AdtKind, ExprKind};
use crate::sema::ty::{AdtId, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, TypeOrExpr};

impl FnCk<'_, '_> {
    /// E0103 for a non-`pub` struct field used outside its module.
    fn check_field_visible(&mut self, adt: AdtId, idx: usize, name: &ast::Ident) {
        let info = &self.ctx.adts[adt];
        if info.module != self.module && !info.field_pub.get(idx).copied().unwrap_or(true) {
            self.err(self.ctx.private("field", &name.name, name.span));
        }
    }

    /// `e.name`: a struct field, with auto-deref through references (E0105).
    pub(super) fn check_field(&mut self, base: &ast::Expr, name: &ast::Ident, span: Span) -> hir::Expr {
        let b = self.check(base, &Expect::None);
        let b = self.deref_all(b);
        let mut b = match self.class_field(b, name, span) {
            Ok(e) => return e,
            Err(b) => *b,
        };
        let bt = loop {
            let bt = self.infer.resolve(&b.ty);
            if let Ty::Adt(id, args) = &bt {
                let smart = crate::sema::lang::deref_fn(&self.ctx.program, &bt, false).is_some();
                if let Some(fields) = self.ctx.struct_fields(*id, args) {
                    if let Some((idx, (_, ty))) = fields.into_iter().enumerate().find(|(_, (n, _))| *n == name.name) {
                        // A smart pointer's private fields do not hide the fields of its contents.
                        let hidden = smart && self.ctx.adts[*id].module != self.module;
                        if !hidden {
                            self.check_field_visible(*id, idx, name);
                            return Self::mk(ExprKind::Field { base: Box::new(b), field: idx }, ty, span);
                        }
                    }
                }
            }
            match self.smart_deref(b, base.span) {
                Ok(d) => b = d,
                Err(_) => break bt,
            }
        };
        match bt {
            Ty::Error => {}
            Ty::Infer(_) => self.err(Diagnostic::error(
                "E0202",
                "type annotations needed",
                base.span,
                "type must be known at this point",
            )),
            t => {
                let n = self.ty_name(&t);
                let mut d = Diagnostic::error(
                    "E0105",
                    format!("no field `{}` on type `{n}`", name.name),
                    name.span,
                    "unknown field",
                );
                if !self.ctx.find_methods(&t, &name.name).is_empty() {
                    d = d.with_help(format!("`{}` is a method; call it with `{}()`", name.name, name.name));
                }
                self.err(d);
            }
        }
        Self::error_expr(span)
    }

    /// `e.0`: a tuple element, with auto-deref.
    pub(super) fn check_tuple_field(&mut self, base: &ast::Expr, idx: u32, fspan: Span, span: Span) -> hir::Expr {
        let b = self.check(base, &Expect::None);
        let mut b = self.deref_all(b);
        while !matches!(self.infer.resolve(&b.ty), Ty::Tuple(_)) {
            match self.smart_deref(b, base.span) {
                Ok(d) => b = d,
                Err(e) => {
                    b = *e;
                    break;
                }
            }
        }
        match self.infer.resolve(&b.ty) {
            Ty::Tuple(ts) if (idx as usize) < ts.len() => {
                let ty = ts[idx as usize].clone();
                Self::mk(ExprKind::Field { base: Box::new(b), field: idx as usize }, ty, span)
            }
            Ty::Error => Self::error_expr(span),
            t => {
                let n = self.ty_name(&t);
                self.err(Diagnostic::error("E0105", format!("no field `{idx}` on type `{n}`"), fspan, "unknown field"));
                Self::error_expr(span)
            }
        }
    }

    /// `A::b` in value position: primitive constants, module items, unit variants, associated
    /// functions as values.
    pub(super) fn check_path(&mut self, base: &ast::Expr, name: &ast::Ident, span: Span) -> hir::Expr {
        if let Some(e) = self.class_static(base, name, span) {
            return e;
        }
        if let ast::ExprKind::Ident(b) = &base.kind {
            if self.lookup_scope(&b.name).is_none() {
                if let Some(c) = consts::prim_assoc_const(&b.name, &name.name) {
                    let ty = consts::prim_ty_named(&b.name).unwrap_or(Ty::Error);
                    return consts::to_expr(&c, &ty, span);
                }
                if let Some(Def::Module(m)) = self.lookup_def(&b.name) {
                    if self.ctx.scopes[m].contains_key(&name.name) && !self.ctx.is_public(m, &name.name) {
                        self.err(self.ctx.private("item", &name.name, name.span));
                    }
                    match self.ctx.scopes[m].get(&name.name) {
                        Some(Def::Fn(f)) => return self.fn_ref(*f, span),
                        Some(Def::Const(j)) => {
                            if let Some((v, t)) = self.ctx.consts.get(*j).and_then(|c| c.value.clone()) {
                                return consts::to_expr(&v, &t, span);
                            }
                            return Self::error_expr(span);
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Some(ty) = self.expr_type(base) {
            if let Ty::Adt(adt, _) = &ty {
                if let Some(v) = self.variant_index(*adt, &name.name) {
                    return self.construct_variant(*adt, v, Some(&ty), None, None, name, span);
                }
            }
            if let Some(entry) = self.ctx.find_methods(&ty, &name.name).first() {
                return self.fn_ref(entry.fn_id, span);
            }
        }
        let full = self.text(span);
        self.err(Diagnostic::error("E0100", format!("cannot find `{full}` in this scope"), name.span, "not found"));
        Self::error_expr(span)
    }

    /// `e[…]`: explicit type arguments of a generic function, or array indexing.
    pub(super) fn check_index(&mut self, base: &ast::Expr, items: &[TypeOrExpr], span: Span) -> hir::Expr {
        if let ast::ExprKind::Ident(id) = &base.kind {
            if let (None, Some(Def::Fn(f))) = (self.lookup_scope(&id.name), self.lookup_def(&id.name)) {
                let tys: Option<Vec<ast::Type>> = items.iter().map(super::call::type_or_expr_as_type).collect();
                if let Some(tys) = tys.filter(|_| !self.ctx.program.fns[f].generics.is_empty()) {
                    let tys: Vec<Ty> = tys.iter().map(|t| self.resolve_ty(t)).collect();
                    return self.fn_ref_with(f, Some(tys), span);
                }
            }
        }
        let b = self.check(base, &Expect::None);
        let [TypeOrExpr::Expr(ix)] = items else {
            self.err(Diagnostic::error("E0207", "an index takes exactly one expression", span, "invalid index"));
            return Self::error_expr(span);
        };
        let mut b = self.deref_all(b);
        while crate::sema::lang::container(self.ctx, &self.infer.resolve(&b.ty)).is_none()
            && !matches!(self.infer.resolve(&b.ty), Ty::Array(..))
        {
            match self.smart_deref(b, base.span) {
                Ok(d) => b = d,
                Err(e) => {
                    b = *e;
                    break;
                }
            }
        }
        let site = Span { lo: base.span.hi, hi: base.span.hi.saturating_add(1), ..base.span };
        if crate::sema::lang::container(self.ctx, &self.infer.resolve(&b.ty)).is_some() {
            return self.container_index(b, ix, site, span);
        }
        match self.infer.resolve(&b.ty) {
            Ty::Array(elem, _) => {
                let i = self.check(ix, &Expect::None);
                let i = self.decay(i);
                if !self.infer.is_integral(&i.ty) && !matches!(self.shallow(&i.ty), Ty::Error) {
                    let n = self.ty_name(&i.ty);
                    self.err(Diagnostic::error(
                        "E0207",
                        format!("array index must be an integer, found `{n}`"),
                        ix.span,
                        "not an integer",
                    ));
                }
                Self::mk(ExprKind::Index { base: Box::new(b), index: Box::new(i), site }, *elem, span)
            }
            Ty::Error => Self::error_expr(span),
            t => {
                let n = self.ty_name(&t);
                self.err(Diagnostic::error(
                    "E0207",
                    format!("cannot index into a value of type `{n}`"),
                    span,
                    "not indexable",
                ));
                Self::error_expr(span)
            }
        }
    }

    /// Resolves the path of a struct literal to a struct or a struct-like enum variant.
    fn struct_lit_target(&mut self, path: &ast::Expr) -> Option<(AdtId, Option<usize>, Vec<Ty>)> {
        match &path.kind {
            ast::ExprKind::Path(base, name) if !self.is_module_name(base) => {
                let ty = self.expr_type(base)?;
                let Ty::Adt(adt, args) = &ty else { return None };
                let v = self.variant_index(*adt, &name.name)?;
                Some((*adt, Some(v), args.clone()))
            }
            ast::ExprKind::Ident(id) if !self.names_type(&id.name) && self.lookup_scope(&id.name).is_none() => {
                let (adt, v) = self.unqualified_variant(id, None, false)?;
                let args = self.enum_args(adt, None, None);
                Some((adt, Some(v), args))
            }
            _ => match self.expr_type(path)? {
                Ty::Adt(id, args) if matches!(self.ctx.program.adts[id].kind, AdtKind::Struct(_)) => {
                    Some((id, None, args))
                }
                Ty::Class(id) => Some((id, None, Vec::new())),
                _ => None,
            },
        }
    }

    /// `Path { fields }` for structs and struct-like variants (E0210).
    pub(super) fn check_struct_lit(&mut self, path: &ast::Expr, fields: &[ast::FieldInit], span: Span) -> hir::Expr {
        let Some((adt, variant, targs)) = self.struct_lit_target(path) else {
            if !self.diags.iter().any(|d| d.primary_span() == Some(path.span)) {
                let n = self.text(path.span);
                self.err(Diagnostic::error(
                    "E0101",
                    format!("cannot find struct `{n}` in this scope"),
                    path.span,
                    "not a struct",
                ));
            }
            for f in fields {
                if let Some(v) = &f.value {
                    self.check(v, &Expect::None);
                }
            }
            return Self::error_expr(span);
        };
        let def = &self.ctx.program.adts[adt];
        let (sname, defs) = match (&def.kind, variant) {
            (AdtKind::Struct(fs), None) => (def.name.clone(), fs),
            (AdtKind::Enum(vs), Some(v)) => match vs.get(v) {
                Some(vd) => (format!("{}::{}", def.name, vd.name), &vd.fields),
                None => return Self::error_expr(span),
            },
            _ => return Self::error_expr(span),
        };
        let decl: Vec<(String, Ty, Span)> = defs.iter().map(|f| (f.name.clone(), f.ty.subst(&targs), f.span)).collect();
        let mut seen: Vec<Option<Span>> = vec![None; decl.len()];
        let mut out = Vec::new();
        for fi in fields {
            let Some(idx) = decl.iter().position(|d| d.0 == fi.name.name) else {
                self.err(Diagnostic::error(
                    "E0210",
                    format!("struct `{sname}` has no field named `{}`", fi.name.name),
                    fi.name.span,
                    "unknown field",
                ));
                if let Some(v) = &fi.value {
                    self.check(v, &Expect::None);
                }
                continue;
            };
            if let Some(prev) = seen[idx] {
                self.err(
                    Diagnostic::error(
                        "E0210",
                        format!("field `{}` specified more than once", fi.name.name),
                        fi.name.span,
                        "used more than once",
                    )
                    .with_secondary(prev, "first use here"),
                );
                continue;
            }
            seen[idx] = Some(fi.name.span);
            if variant.is_none() {
                self.check_field_visible(adt, idx, &fi.name);
            }
            let (fty, fspan) = (decl[idx].1.clone(), decl[idx].2);
            let v = match &fi.value {
                Some(v) => self.check_as(v, &fty, Some(fspan)),
                None => {
                    let e = self.check(
                        &ast::Expr { kind: ast::ExprKind::Ident(fi.name.clone()), span: fi.name.span },
                        &Expect::None,
                    );
                    self.coerce(e, &fty, Some(fspan))
                }
            };
            out.push((idx, v));
        }
        let mut missing = Vec::new();
        for (idx, d) in decl.iter().enumerate() {
            if seen[idx].is_some() || (idx == 0 && self.ctx.program.classes.contains_key(&adt)) {
                continue;
            }
            match self.ctx.adts[adt].defaults.get(idx).copied().flatten().filter(|_| variant.is_none()) {
                Some(dexpr) => {
                    let v = self.check_isolated(dexpr, &d.1, self.ctx.adts[adt].module);
                    out.push((idx, v));
                }
                None => missing.push(format!("`{}`", d.0)),
            }
        }
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            self.err(Diagnostic::error(
                "E0210",
                format!("missing field{s} {} in initializer of `{sname}`", missing.join(", ")),
                path.span,
                format!("missing field{s}"),
            ));
        }
        if self.ctx.program.classes.contains_key(&adt) {
            return self.class_object(adt, out, span);
        }
        Self::mk(
            ExprKind::Adt { adt, variant: variant.unwrap_or(0), ty_args: targs.clone(), fields: out },
            Ty::Adt(adt, targs),
            span,
        )
    }

    /// Checks an item-level expression (a field default) without access to local variables.
    fn check_isolated(&mut self, e: &ast::Expr, ty: &Ty, module: usize) -> hir::Expr {
        let scopes = std::mem::replace(&mut self.scopes, vec![Vec::new()]);
        let loops = std::mem::take(&mut self.loops);
        let old_module = std::mem::replace(&mut self.module, module);
        let v = self.check_as(e, ty, None);
        self.module = old_module;
        self.loops = loops;
        self.scopes = scopes;
        v
    }
}
