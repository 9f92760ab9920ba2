//! Associated types (LANGUAGE.md §8.4): `type Item` in behaviors, `type Item = T` in impls,
//! `This::Item` inside impls and behaviors, and `T::Item` in generic functions.
//!
//! Inside an impl, `This::Item` is the impl's `Item`, resolved at collection time. Inside a
//! behavior declaration it is abstract: signatures mention it as a *marker* parameter
//! ([`this_assoc_param`]) that calls through bounds replace.
//!
//! In a generic function, every associated type of every bound of its own type parameters is
//! a *projection parameter*: an extra type parameter named `T::Item`, appended after the
//! declared ones ([`add_projections`]). `where T::Item: Display` bounds it like any parameter;
//! call sites infer it from `T`'s argument (the checker normalises the projection with
//! [`normalize`]) and monomorphization just substitutes it, so MIR and codegen never see a
//! projection. Projections of impl parameters (`impl[I: Iterator] … { I::Item }`) are not
//! supported (E0101).

use super::behavior_args;
use super::ctx::{method_key, Ctx, THIS_PARAM};
use super::hir::GenericParamDef;
use super::ty::{BehaviorId, Ty};
use super::types::{self, TyScope};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast;

/// Records the associated type names that behavior `b` declares (`type Item`).
pub fn declare(ctx: &mut Ctx, b: BehaviorId, names: Vec<String>) {
    for n in &names {
        if !ctx.assoc_marks.contains(n) {
            ctx.assoc_marks.push(n.clone());
        }
    }
    ctx.behavior_assoc.insert(b, names);
}

/// The marker parameter standing for `This::NAME` in behavior signatures, where `k` indexes
/// [`Ctx::assoc_marks`]. Markers count down from just below [`THIS_PARAM`].
pub fn this_assoc_param(k: usize) -> u32 {
    THIS_PARAM - 1 - k as u32
}

/// The associated type name of marker parameter `p`, if it is one.
pub fn marked_name<'c>(ctx: &'c Ctx, p: u32) -> Option<&'c str> {
    let k = (THIS_PARAM - 1).checked_sub(p)?;
    ctx.assoc_marks.get(k as usize).map(String::as_str)
}

/// The name of the projection parameter for associated type `name` of parameter `base`.
pub fn projection_name(base: &str, name: &str) -> String {
    format!("{base}::{name}")
}

/// Whether generic parameter `g` is a projection parameter (see the module docs).
pub fn is_projection(g: &GenericParamDef) -> bool {
    g.name.contains("::")
}

/// For a projection parameter `T::Item` of `generics`: the index of `T` and `"Item"`.
pub fn projection_of<'g>(generics: &'g [GenericParamDef], g: &'g GenericParamDef) -> Option<(u32, &'g str)> {
    let (base, name) = g.name.split_once("::")?;
    let i = generics.iter().rposition(|x| x.name == base)?;
    Some((i as u32, name))
}

/// Sets the result of the built-in `Iterator::next` to `Maybe[This::Item]`.
pub fn define_iterator(ctx: &mut Ctx) {
    let (Some(&it), Some(super::ctx::Def::Adt(maybe))) =
        (ctx.builtin_behaviors.get("Iterator"), ctx.prelude.get("Maybe").copied())
    else {
        return;
    };
    declare(ctx, it, vec!["Item".into()]);
    let Some(k) = ctx.assoc_marks.iter().position(|n| n == "Item") else { return };
    for s in &mut ctx.behavior_sigs[it] {
        if s.name == "next" {
            s.ret = Ty::Adt(maybe, vec![Ty::Param(this_assoc_param(k))]);
        }
    }
}

/// Appends the projection parameters of the own parameters `out[own..]` (see the module docs)
/// and applies the `where` predicates on projections (`where T::Item: Display`). Other
/// predicates are left to the caller.
pub fn add_projections(
    ctx: &mut Ctx,
    module: usize,
    out: &mut Vec<GenericParamDef>,
    own: usize,
    where_clause: &[ast::WherePred],
) {
    let declared = out.len();
    for i in own..declared {
        for b in ctx.with_supers(&out[i].bounds) {
            for name in ctx.behavior_assoc.get(&b).cloned().unwrap_or_default() {
                let pname = projection_name(&out[i].name, &name);
                if !out.iter().any(|g| g.name == pname) {
                    out.push(GenericParamDef { name: pname, bounds: Vec::new() });
                }
            }
        }
    }
    let names: Vec<String> = out.iter().map(|g| g.name.clone()).collect();
    for w in where_clause {
        let Some((base, name)) = projection_pred(w) else { continue };
        let pname = projection_name(&base.name, &name.name);
        match out.iter().rposition(|g| g.name == pname) {
            Some(i) => {
                let bs: Vec<BehaviorId> =
                    w.bounds.iter().filter_map(|b| behavior_args::resolve(ctx, module, b, &names)).collect();
                out[i].bounds.extend(bs);
            }
            None => ctx.emit(unknown_projection(&base.name, name, names.contains(&base.name))),
        }
    }
}

/// `T::Item` of a `where T::Item: …` predicate.
pub fn projection_pred(w: &ast::WherePred) -> Option<(&ast::Ident, &ast::Ident)> {
    match &w.ty.kind {
        ast::TypeKind::Path(p) if p.segments.len() == 2 && p.segments.iter().all(|s| s.args.is_empty()) => {
            Some((&p.segments[0].name, &p.segments[1].name))
        }
        _ => None,
    }
}

/// E0101 for `T::name` when no bound of `T` declares `name` (`is_param`: `T` is a type
/// parameter at all).
fn unknown_projection(base: &str, name: &ast::Ident, is_param: bool) -> Diagnostic {
    let d = Diagnostic::error(
        "E0101",
        format!("cannot find associated type `{}` of `{base}`", name.name),
        name.span,
        "not found",
    );
    if is_param {
        d.with_help(format!("add a bound that declares `{}`, like `{base}: Iterator`", name.name))
    } else {
        d
    }
}

/// `T::name` for a type parameter `T` of `scope`: its projection parameter, or E0101.
/// `None` when `T` is not a type parameter.
pub fn resolve_param_assoc(scope: TyScope, p: &ast::PathType, diags: &mut Vec<Diagnostic>) -> Option<Ty> {
    let [base, name] = &p.segments[..] else { return None };
    if !scope.generics.contains(&base.name.name) {
        return None;
    }
    let pname = projection_name(&base.name.name, &name.name.name);
    match scope.generics.iter().rposition(|g| *g == pname) {
        Some(i) => Some(Ty::Param(i as u32)),
        None => {
            diags.push(unknown_projection(&base.name.name, &name.name, true));
            Some(Ty::Error)
        }
    }
}

/// Records `type Name = T` of an impl for `self_ty` (`gnames`: the impl's parameters).
pub fn record_impl_type(ctx: &mut Ctx, m: usize, gnames: &[String], self_ty: &Ty, name: &ast::Ident, t: &ast::Type) {
    let mut diags = Vec::new();
    let scope = TyScope { module: m, generics: gnames, this: Some(self_ty), local_consts: &[] };
    let ty = types::resolve(ctx, scope, t, &mut diags);
    ctx.diags.extend(diags);
    ctx.assoc_types.insert((method_key(self_ty), name.name.clone()), (self_ty.clone(), ty));
}

/// The associated type `name` of the concrete type `ty`, from the impl that defines it.
pub fn normalize(ctx: &Ctx, ty: &Ty, name: &str) -> Option<Ty> {
    let (pattern, value) = ctx.assoc_types.get(&(method_key(ty), name.to_string()))?;
    let mut binds = Vec::new();
    pattern
        .match_pattern(ty, &mut binds)
        .then(|| value.subst(&binds.into_iter().map(|b| b.unwrap_or(Ty::Error)).collect::<Vec<_>>()))
}

/// Resolves `This::name` given what `This` means; `Ty::Error` (with a diagnostic) when unknown.
pub fn resolve_this_assoc(ctx: &Ctx, this: Option<&Ty>, name: &ast::Ident, diags: &mut Vec<Diagnostic>) -> Ty {
    match this {
        // Inside a behavior declaration: abstract, a marker replaced per call.
        Some(Ty::Param(THIS_PARAM)) => match ctx.assoc_marks.iter().position(|n| *n == name.name) {
            Some(k) => Ty::Param(this_assoc_param(k)),
            None => {
                diags.push(Diagnostic::error(
                    "E0101",
                    format!("cannot find associated type `{}` of `This`", name.name),
                    name.span,
                    "not found",
                ));
                Ty::Error
            }
        },
        Some(t) => match ctx.assoc_types.get(&(method_key(t), name.name.clone())) {
            Some((_, ty)) => ty.clone(),
            None => {
                let tn = ctx.ty_name(t, &[]);
                diags.push(Diagnostic::error(
                    "E0101",
                    format!("cannot find associated type `{}` of `{tn}`", name.name),
                    name.span,
                    "not found",
                ));
                Ty::Error
            }
        },
        None => {
            diags.push(Diagnostic::error(
                "E0101",
                "`This` is only available in impls and behaviors",
                name.span,
                "no `This` here",
            ));
            Ty::Error
        }
    }
}
