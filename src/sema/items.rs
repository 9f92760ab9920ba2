//! Item definitions: behavior signatures, struct/enum fields, impls (inherent methods,
//! behavior impls with instantiated default methods) and function signatures.

use super::behavior_args;
use super::collect::{new_fn, BUILTIN_BEHAVIORS};
use super::consts::CVal;
use super::ctx::{BehaviorSig, Ctx, Def, FnInfo, MethodEntry, THIS_PARAM};
use super::hir::{self, AdtKind, FieldDef, GenericParamDef, VariantDef};
use super::traits;
use super::ty::{AdtId, FnId, Ty};
use super::types::{self, TyScope};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, ItemKind, Visibility};

/// The signature of a built-in behavior method (`This` is `Param(THIS_PARAM)`).
pub fn builtin_sig<'a>(name: &str) -> BehaviorSig<'a> {
    let this = Ty::Param(THIS_PARAM);
    let (receiver, params, ret) = match name {
        "duplicate" => (Some(ast::Receiver::Ref), vec![], this),
        "drop" => (Some(ast::Receiver::MutRef), vec![], Ty::Unit),
        "eq" => (Some(ast::Receiver::Ref), vec![Ty::shared_ref(this)], Ty::Bool),
        "cmp" => (Some(ast::Receiver::Ref), vec![Ty::shared_ref(this)], Ty::Error),
        "hash" => (Some(ast::Receiver::Ref), vec![], Ty::I64),
        "default" => (None, vec![], this),
        "to_string" => (Some(ast::Receiver::Ref), vec![], Ty::Str),
        _ => (Some(ast::Receiver::MutRef), vec![], Ty::Error),
    };
    BehaviorSig { name: name.to_string(), receiver, params, ret, default: None }
}

/// Resolves the method signatures of user behaviors and the `Ordering` result of `Ord::cmp`.
pub fn define_behaviors(ctx: &mut Ctx) {
    if let (Some(Def::Adt(ord)), Some(&b)) = (ctx.prelude.get("Ordering").copied(), ctx.builtin_behaviors.get("Ord")) {
        for s in &mut ctx.behavior_sigs[b] {
            if s.name == "cmp" {
                s.ret = Ty::Adt(ord, Vec::new());
            }
        }
    }
    super::assoc::define_iterator(ctx);
    ctx.behavior_supers = vec![Vec::new(); ctx.program.behaviors.len()];
    if let (Some(&eq), Some(&partial), Some(&ord)) =
        (ctx.builtin_behaviors.get("Eq"), ctx.builtin_behaviors.get("PartialEq"), ctx.builtin_behaviors.get("Ord"))
    {
        ctx.behavior_supers[eq].push(partial);
        ctx.behavior_supers[ord].push(partial);
    }
    let modules = ctx.modules;
    let mut id = BUILTIN_BEHAVIORS.len();
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let (_, generics, supers, members) = match &item.kind {
                ItemKind::Behavior(b) => (&b.name, &b.generics, &b.supers, &b.members),
                ItemKind::Interface(i) => (&i.name, &i.generics, &i.extends, &i.members),
                _ => continue,
            };
            let bnames: Vec<String> = generics.iter().map(|g| g.name.name.clone()).collect();
            let this = Ty::Param(THIS_PARAM);
            let mut sigs = Vec::new();
            let mut diags = Vec::new();
            for mem in members {
                match mem {
                    ast::BehaviorMember::Func(f) => {
                        let gnames: Vec<String> =
                            bnames.iter().cloned().chain(f.generics.iter().map(|g| g.name.name.clone())).collect();
                        let scope = TyScope { module: m, generics: &gnames, this: Some(&this), local_consts: &[] };
                        let params = f.params.iter().map(|p| types::resolve(ctx, scope, &p.ty, &mut diags)).collect();
                        let ret = f.ret.as_ref().map(|t| types::resolve(ctx, scope, t, &mut diags)).unwrap_or(Ty::Unit);
                        sigs.push(BehaviorSig {
                            name: f.name.name.clone(),
                            receiver: f.receiver.map(|r| r.0),
                            params,
                            ret,
                            default: f.body.as_ref().map(|_| (m, f)),
                        });
                    }
                    ast::BehaviorMember::AssocType(..) => {}
                }
            }
            ctx.diags.extend(diags);
            if let Some(slot) = ctx.behavior_sigs.get_mut(id) {
                *slot = sigs;
            }
            let supers: Vec<usize> = supers.iter().filter_map(|p| resolve_behavior(ctx, m, p)).collect();
            if let Some(slot) = ctx.behavior_supers.get_mut(id) {
                *slot = supers;
            }
            id += 1;
        }
    }
}

fn generic_defs(
    ctx: &mut Ctx,
    module: usize,
    generics: &[ast::GenericParam],
    where_clause: &[ast::WherePred],
    offset: &[GenericParamDef],
    projections: bool,
) -> Vec<GenericParamDef> {
    let mut out: Vec<GenericParamDef> = offset.to_vec();
    let names: Vec<String> =
        out.iter().map(|g| g.name.clone()).chain(generics.iter().map(|g| g.name.name.clone())).collect();
    for g in generics {
        let bounds = g.bounds.iter().filter_map(|b| behavior_args::resolve(ctx, module, b, &names)).collect();
        out.push(GenericParamDef { name: g.name.name.clone(), bounds });
    }
    for w in where_clause.iter().filter(|w| !projections || super::assoc::projection_pred(w).is_none()) {
        let target = match &w.ty.kind {
            ast::TypeKind::Path(p) if p.segments.len() == 1 => {
                out.iter().rposition(|g| g.name == p.segments[0].name.name)
            }
            _ => None,
        };
        match target {
            Some(i) => {
                let bs: Vec<usize> =
                    w.bounds.iter().filter_map(|b| behavior_args::resolve(ctx, module, b, &names)).collect();
                out[i].bounds.extend(bs);
            }
            None => ctx.emit(Diagnostic::error(
                "E0101",
                "`where` predicates must name a type parameter",
                w.span,
                "unsupported predicate",
            )),
        }
    }
    if projections {
        super::assoc::add_projections(ctx, module, &mut out, offset.len(), where_clause);
    }
    out
}

/// Resolves a behavior path (`Display`, `Convert[Str]`) outside any generic scope.
pub fn resolve_behavior(ctx: &mut Ctx, module: usize, p: &ast::PathType) -> Option<usize> {
    behavior_args::resolve(ctx, module, p, &[])
}

/// Resolves the fields and variants of all structs and enums; sets `is_copy` and derives.
pub fn define_adts(ctx: &mut Ctx) {
    let modules = ctx.modules;
    let mut id = 0;
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let (name, generics) = match &item.kind {
                ItemKind::Struct(s) => (&s.name, &s.generics),
                ItemKind::Enum(e) => (&e.name, &e.generics),
                _ => continue,
            };
            let gdefs = generic_defs(ctx, m, generics, &[], &[], false);
            let gnames: Vec<String> = gdefs.iter().map(|g| g.name.clone()).collect();
            let this = Ty::Adt(id, (0..gnames.len() as u32).map(Ty::Param).collect());
            let scope = TyScope { module: m, generics: &gnames, this: Some(&this), local_consts: &[] };
            let mut diags = Vec::new();
            let field = |f: &ast::FieldDecl, diags: &mut Vec<Diagnostic>| FieldDef {
                name: f.name.name.clone(),
                ty: types::resolve(ctx, scope, &f.ty, diags),
                span: f.span,
            };
            let (kind, defaults) = match &item.kind {
                ItemKind::Struct(s) => (
                    AdtKind::Struct(s.fields.iter().map(|f| field(f, &mut diags)).collect()),
                    s.fields.iter().map(|f| f.default.as_ref()).collect(),
                ),
                ItemKind::Enum(e) => {
                    let mut next = 0i64;
                    let mut vs = Vec::new();
                    for v in &e.variants {
                        let fields = match &v.kind {
                            ast::VariantKind::Unit => Vec::new(),
                            ast::VariantKind::Tuple(ts) => ts
                                .iter()
                                .enumerate()
                                .map(|(i, t)| FieldDef {
                                    name: i.to_string(),
                                    ty: types::resolve(ctx, scope, t, &mut diags),
                                    span: t.span,
                                })
                                .collect(),
                            ast::VariantKind::Struct(fs) => fs.iter().map(|f| field(f, &mut diags)).collect(),
                        };
                        if let Some(d) = &v.discriminant {
                            if let Some((CVal::Int(x), _)) =
                                types::eval_const(ctx, scope, d, Some(&Ty::I64), &mut diags)
                            {
                                next = x as i64;
                            }
                        }
                        vs.push(VariantDef { name: v.name.name.clone(), fields, discriminant: next, span: v.span });
                        next = next.wrapping_add(1);
                    }
                    (AdtKind::Enum(vs), Vec::new())
                }
                _ => continue,
            };
            ctx.diags.extend(diags);
            let fieldless = matches!(&kind, AdtKind::Enum(vs) if vs.iter().all(|v| v.fields.is_empty()));
            let adt = &mut ctx.program.adts[id];
            adt.generics = gdefs;
            adt.kind = kind;
            adt.is_copy |= fieldless;
            ctx.adts[id].defaults = defaults;
            if let ItemKind::Struct(s) = &item.kind {
                ctx.adts[id].field_pub = s.fields.iter().map(|f| f.vis == Visibility::Pub).collect();
            }
            if fieldless {
                for d in ["Copy", "PartialEq", "Eq", "Hash"] {
                    ctx.adts[id].derives.push(d.to_string());
                }
            }
            let _ = name;
            id += 1;
        }
    }
    for id in 0..ctx.program.adts.len() {
        check_copy(ctx, id);
    }
}

/// E0212 when a Copy type has a non-Copy field.
pub fn check_copy(ctx: &mut Ctx, id: AdtId) {
    let adt = &ctx.program.adts[id];
    if !adt.is_copy {
        return;
    }
    let generics = adt.generics.clone();
    let args: Vec<Ty> = (0..generics.len() as u32).map(Ty::Param).collect();
    let bad = traits::adt_field_types(&ctx.program, id, &args)
        .into_iter()
        .find(|t| !matches!(t, Ty::Param(_)) && t.is_concrete() && !traits::is_copy(&ctx.program, t, &generics));
    if let Some(t) = bad {
        let name = ctx.ty_name(&t, &generics);
        let adt = &ctx.program.adts[id];
        let d = Diagnostic::error(
            "E0212",
            format!("the type `{}` cannot be Copy", adt.name),
            adt.span,
            format!("field of type `{name}` is not Copy"),
        );
        ctx.program.adts[id].is_copy = false;
        ctx.emit(d);
    }
}

/// Registers the methods of all `impl`/`extend` blocks and builds behavior impls.
pub fn collect_impls(ctx: &mut Ctx) {
    let modules = ctx.modules;
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            if let ItemKind::Impl(imp) = &item.kind {
                collect_impl(ctx, m, imp, item.span);
            }
        }
    }
}

/// Collects one `impl` block of module `m` (methods, default instances, the [`hir::ImplDef`]).
pub fn collect_impl<'a>(ctx: &mut Ctx<'a>, m: usize, imp: &'a ast::ImplDecl, span: Span) {
    let gdefs = generic_defs(ctx, m, &imp.generics, &imp.where_clause, &[], false);
    let gnames: Vec<String> = gdefs.iter().map(|g| g.name.clone()).collect();
    let mut diags = Vec::new();
    let self_ty = types::resolve(
        ctx,
        TyScope { module: m, generics: &gnames, this: None, local_consts: &[] },
        &imp.self_ty,
        &mut diags,
    );
    ctx.diags.extend(diags);
    if self_ty == Ty::Error {
        return;
    }
    let behavior = match &imp.behavior {
        Some(p) => match behavior_args::resolve(ctx, m, p, &gnames) {
            Some(b) => Some(b),
            None => return,
        },
        None => None,
    };
    let stdlib = ctx.modules[m].kind == super::ModuleKind::Stdlib;
    if behavior.is_none() && !matches!(self_ty, Ty::Adt(..)) && !stdlib {
        ctx.emit(Diagnostic::error(
            "E0218",
            "inherent impls are only allowed for types declared in the program",
            imp.self_ty.span,
            "impl not allowed for this type",
        ));
        return;
    }
    let self_name = ctx.ty_name(&self_ty, &gdefs);
    let prefix = match behavior {
        Some(b) => format!("{} for {self_name}", ctx.program.behaviors[b].name),
        None => self_name,
    };
    let mut provided: Vec<(String, FnId, Span)> = Vec::new();
    for mem in &imp.members {
        let f = match &mem.kind {
            ast::ImplMemberKind::Func(f) => f,
            ast::ImplMemberKind::AssocType(n, t) => {
                super::assoc::record_impl_type(ctx, m, &gnames, &self_ty, n, t);
                continue;
            }
        };
        if provided.iter().any(|p| p.0 == f.name.name)
            || (behavior.is_none() && !ctx.find_methods(&self_ty, &f.name.name).is_empty())
        {
            ctx.emit(Diagnostic::error(
                "E0102",
                format!("duplicate definition of method `{}`", f.name.name),
                f.name.span,
                "duplicate definition",
            ));
            continue;
        }
        let id = new_fn(ctx, format!("{prefix}::{}", f.name.name), f.name.span);
        ctx.program.fns[id].generics = gdefs.clone();
        ctx.program.fns[id].track_caller = super::lang::is_track_caller(&mem.decorators);
        if let Some((r, _)) = f.receiver {
            super::lang::record_deref(ctx, &mem.decorators, &self_ty, id, r);
        }
        ctx.fns.push(FnInfo {
            module: m,
            decl: Some(f),
            self_ty: Some(self_ty.clone()),
            receiver: f.receiver.map(|r| r.0),
            param_spans: Vec::new(),
            ret_span: None,
            is_lowlevel: f.is_lowlevel,
        });
        ctx.methods.entry(super::ctx::method_key(&self_ty)).or_default().push(MethodEntry {
            name: f.name.name.clone(),
            fn_id: id,
            behavior,
            is_pub: behavior.is_some() || mem.vis == Visibility::Pub,
        });
        provided.push((f.name.name.clone(), id, f.name.span));
    }
    let Some(b) = behavior else { return };
    let bname = ctx.program.behaviors[b].name.clone();
    match (bname.as_str(), &self_ty) {
        ("Copy", Ty::Adt(id, _)) if ctx.builtin_behaviors.get("Copy") == Some(&b) => {
            ctx.program.adts[*id].is_copy = true;
            ctx.adts[*id].derives.push("Copy".into());
            check_copy(ctx, *id);
        }
        ("Drop", Ty::Class(_)) | ("Drop", Ty::Adt(..)) if ctx.builtin_behaviors.get("Drop") == Some(&b) => {
            let drop = provided.iter().find(|p| p.0 == "drop").map(|p| (p.1, p.2));
            super::class::impl_drop(ctx, &self_ty, drop);
        }
        (_, Ty::Adt(id, _)) => ctx.adts[*id].derives.push(bname.clone()),
        _ => {}
    }
    let wanted: Vec<String> = ctx.program.behaviors[b].methods.iter().map(|m| m.name.clone()).collect();
    let mut methods = Vec::new();
    for (k, w) in wanted.iter().enumerate() {
        let sig = ctx.behavior_sigs.get(b).and_then(|s| s.get(k)).cloned();
        if let (Some(p), Some(sig)) = (provided.iter().find(|p| &p.0 == w), &sig) {
            let decl = ctx.fns[p.1].decl;
            let shape_ok =
                decl.is_some_and(|d| d.receiver.map(|r| r.0) == sig.receiver && d.params.len() == sig.params.len());
            if !shape_ok {
                ctx.emit(Diagnostic::error(
                    "E0213",
                    format!("method `{w}` does not match its declaration in `{bname}`"),
                    p.2,
                    "receiver or parameter count differs",
                ));
            }
        }
        match (provided.iter().find(|p| &p.0 == w), sig.and_then(|s| s.default)) {
            (Some(p), _) => methods.push(p.1),
            (None, Some((bm, f))) => {
                let id = new_fn(ctx, format!("{prefix}::{w}"), f.name.span);
                ctx.program.fns[id].generics = gdefs.clone();
                ctx.fns.push(FnInfo {
                    module: bm,
                    decl: Some(f),
                    self_ty: Some(self_ty.clone()),
                    receiver: f.receiver.map(|r| r.0),
                    param_spans: Vec::new(),
                    ret_span: None,
                    is_lowlevel: f.is_lowlevel,
                });
                ctx.methods.entry(super::ctx::method_key(&self_ty)).or_default().push(MethodEntry {
                    name: w.clone(),
                    fn_id: id,
                    behavior: Some(b),
                    is_pub: true,
                });
                methods.push(id);
            }
            (None, None) => ctx.emit(Diagnostic::error(
                "E0213",
                format!("not all items of `{bname}` are implemented: missing `{w}`"),
                span,
                format!("missing `{w}` in implementation"),
            )),
        }
    }
    for p in provided.iter().filter(|p| !wanted.contains(&p.0)) {
        ctx.emit(Diagnostic::error(
            "E0213",
            format!("method `{}` is not a member of behavior `{bname}`", p.0),
            p.2,
            format!("not a member of `{bname}`"),
        ));
    }
    if methods.len() == wanted.len() {
        ctx.program.impls.push(hir::ImplDef { behavior: b, generics: gdefs, self_ty, methods, span });
    }
}

/// E0203 for impls of behaviors whose required behaviors the type does not implement.
pub fn check_supers(ctx: &mut Ctx) {
    let mut errs = Vec::new();
    for imp in &ctx.program.impls {
        for &s in ctx.behavior_supers.get(imp.behavior).into_iter().flatten() {
            if !ctx.implements(&imp.self_ty, s, &imp.generics) {
                let (b, t, sn) = (
                    &ctx.program.behaviors[imp.behavior].name,
                    ctx.ty_name(&imp.self_ty, &imp.generics),
                    &ctx.program.behaviors[s].name,
                );
                errs.push(Diagnostic::error(
                    "E0203",
                    format!("`{b}` requires `{sn}`, which is not implemented for `{t}`"),
                    imp.span,
                    format!("`{t}` does not implement `{sn}`"),
                ));
            }
        }
    }
    ctx.diags.extend(errs);
}

/// Resolves the signatures of all functions and methods.
pub fn define_fns(ctx: &mut Ctx) {
    for id in 0..ctx.fns.len() {
        let info = ctx.fns[id].clone();
        let Some(decl) = info.decl else { continue };
        let outer = ctx.program.fns[id].generics.clone();
        let gdefs = generic_defs(ctx, info.module, &decl.generics, &decl.where_clause, &outer, true);
        let gnames: Vec<String> = gdefs.iter().map(|g| g.name.clone()).collect();
        let scope = TyScope { module: info.module, generics: &gnames, this: info.self_ty.as_ref(), local_consts: &[] };
        let mut diags = Vec::new();
        let mut params = Vec::new();
        let mut spans = Vec::new();
        if let Some((r, rspan)) = decl.receiver {
            match &info.self_ty {
                Some(t) => {
                    params.push(match r {
                        ast::Receiver::Ref => Ty::shared_ref(t.clone()),
                        ast::Receiver::MutRef => Ty::mut_ref(t.clone()),
                        ast::Receiver::Value => t.clone(),
                    });
                    spans.push(rspan);
                }
                None => diags.push(Diagnostic::error(
                    "E0109",
                    "`this` parameter is only allowed in methods",
                    rspan,
                    "not a method",
                )),
            }
        }
        for p in &decl.params {
            params.push(types::resolve(ctx, scope, &p.ty, &mut diags));
            spans.push(p.ty.span);
        }
        let ret = decl.ret.as_ref().map(|t| types::resolve(ctx, scope, t, &mut diags)).unwrap_or(Ty::Unit);
        ctx.diags.extend(diags);
        let f = &mut ctx.program.fns[id];
        f.generics = gdefs;
        f.params = params;
        f.ret = ret;
        ctx.fns[id].param_spans = spans;
        ctx.fns[id].ret_span = decl.ret.as_ref().map(|t| t.span);
        if ctx.program.fns[id].extern_symbol.is_some() {
            super::externs::check_signature(ctx, id, decl);
        } else if decl.body.is_none() && !ctx.classes.abstract_fns.contains(&id) {
            ctx.emit(Diagnostic::error(
                "E0200",
                format!("function `{}` has no body", decl.name.name),
                decl.span,
                "missing body",
            ));
        }
    }
}
