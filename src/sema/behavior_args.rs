//! Generic behaviors (LANGUAGE.md §8.1): `behavior Convert[T] { func convert(this) -> T }`,
//! `impl Convert[Str] for I32`, bounds `T: Convert[Str]`.
//!
//! Inside the generic behavior's own signatures its parameters are `Param(0..n)` (a method's
//! own parameters follow). Each use with arguments (`Convert[Str]`, `Convert[T]`) is interned
//! as an *instance*: a separate [`BehaviorId`] whose signatures have the arguments substituted,
//! recorded in [`super::hir::Program::behavior_instances`]. Bounds, impls, `Callee::Behavior`
//! and `implements` then work on instances like on ordinary behaviors; impls of different
//! instances of one generic behavior are told apart by their arguments (method calls on
//! concrete types pick the impl whose result type fits the expected type).

use super::ctx::{BehaviorSig, Ctx, Def};
use super::hir::{BehaviorDef, GenericParamDef};
use super::ty::{BehaviorId, Ty};
use super::types::{self, TyScope};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast;

/// Number of type parameters of behavior `b` (0 for built-in behaviors and instances).
pub fn arity(ctx: &Ctx, b: BehaviorId) -> usize {
    if ctx.program.behavior_instances.contains_key(&b) {
        return 0;
    }
    super::dyn_::behavior_decl(ctx, b).map_or(0, |d| d.generics.len())
}

/// Resolves a behavior path with optional arguments (`Display`, `Convert[Str]`, `Convert[T]`
/// with `T` among `gnames`); E0101 for an unknown behavior, E0202 for a wrong argument count.
pub fn resolve(ctx: &mut Ctx, module: usize, p: &ast::PathType, gnames: &[String]) -> Option<BehaviorId> {
    let seg = p.segments.last()?;
    let name = seg.name.name.clone();
    let b = match ctx.lookup(module, &name) {
        Some(Def::Behavior(b)) => b,
        _ => {
            ctx.emit(Diagnostic::error(
                "E0101",
                format!("cannot find behavior `{name}` in this scope"),
                p.span,
                "not found in this scope",
            ));
            return None;
        }
    };
    let want = arity(ctx, b);
    if seg.args.len() != want {
        ctx.emit(Diagnostic::error(
            "E0202",
            format!("wrong number of type arguments: behavior `{name}` takes {want}, found {}", seg.args.len()),
            seg.name.span,
            format!("expected {want} type argument{}", if want == 1 { "" } else { "s" }),
        ));
        return None;
    }
    if want == 0 {
        return Some(b);
    }
    let mut diags = Vec::new();
    let scope = TyScope { module, generics: gnames, this: None, local_consts: &[] };
    let args: Vec<Ty> = seg.args.iter().map(|t| types::resolve(ctx, scope, t, &mut diags)).collect();
    ctx.diags.extend(diags);
    if args.contains(&Ty::Error) {
        return None;
    }
    let generics: Vec<GenericParamDef> =
        gnames.iter().map(|n| GenericParamDef { name: n.clone(), bounds: Vec::new() }).collect();
    Some(intern(ctx, b, args, &generics))
}

/// The instance of generic behavior `base` with `args` (created on first use).
fn intern(ctx: &mut Ctx, base: BehaviorId, args: Vec<Ty>, generics: &[GenericParamDef]) -> BehaviorId {
    if let Some((&id, _)) = ctx.program.behavior_instances.iter().find(|(_, (b, a))| *b == base && *a == args) {
        return id;
    }
    let shown: Vec<String> = args.iter().map(|t| ctx.ty_name(t, generics)).collect();
    let def = &ctx.program.behaviors[base];
    let inst = BehaviorDef {
        name: format!("{}[{}]", def.name, shown.join(", ")),
        span: def.span,
        methods: def.methods.clone(),
    };
    let id = ctx.program.behaviors.len();
    ctx.program.behaviors.push(inst);
    ctx.behavior_sigs.push(instance_sigs(ctx, base, &args));
    ctx.program.behavior_instances.insert(id, (base, args));
    id
}

/// The signatures of `base` with its parameters replaced by `args` (a method's own parameters
/// renumbered from 0).
fn instance_sigs<'a>(ctx: &Ctx<'a>, base: BehaviorId, args: &[Ty]) -> Vec<BehaviorSig<'a>> {
    let n = args.len() as u32;
    let sub = |t: &Ty| {
        t.map(&mut |x| match x {
            Ty::Param(i) if *i < n => args.get(*i as usize).cloned(),
            Ty::Param(i) if *i != super::ctx::THIS_PARAM => Some(Ty::Param(i - n)),
            _ => None,
        })
    };
    let sigs = ctx.behavior_sigs.get(base).cloned().unwrap_or_default();
    sigs.into_iter()
        .map(|s| BehaviorSig { params: s.params.iter().map(sub).collect(), ret: sub(&s.ret), ..s })
        .collect()
}

/// Recomputes the signatures and required behaviors of instances created before their generic
/// behavior's signatures were resolved.
pub fn fill_instances(ctx: &mut Ctx) {
    let insts: Vec<(BehaviorId, BehaviorId, Vec<Ty>)> =
        ctx.program.behavior_instances.iter().map(|(i, (b, a))| (*i, *b, a.clone())).collect();
    for (id, base, args) in insts {
        let sigs = instance_sigs(ctx, base, &args);
        ctx.behavior_sigs[id] = sigs;
        let supers = ctx.behavior_supers.get(base).cloned().unwrap_or_default();
        if ctx.behavior_supers.len() <= id {
            ctx.behavior_supers.resize(id + 1, Vec::new());
        }
        ctx.behavior_supers[id] = supers;
    }
}

/// Whether an impl of behavior `imp` provides behavior `b`: the same behavior, or instances of
/// one generic behavior whose arguments match (the impl's parameters match anything).
pub fn provides(ctx: &Ctx, imp: BehaviorId, b: BehaviorId) -> bool {
    if imp == b {
        return true;
    }
    let inst = &ctx.program.behavior_instances;
    match (inst.get(&imp), inst.get(&b)) {
        (Some((x, pats)), Some((y, args))) => {
            x == y && pats.len() == args.len() && pats.iter().zip(args).all(|(p, a)| matches_pattern(p, a))
        }
        _ => false,
    }
}

/// Structural match of `pat` against `ty` where every `Param` of `pat` matches anything.
pub fn matches_pattern(pat: &Ty, ty: &Ty) -> bool {
    let all = |xs: &[Ty], ys: &[Ty]| xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| matches_pattern(x, y));
    match (pat, ty) {
        (Ty::Param(_), _) => true,
        (Ty::Tuple(xs), Ty::Tuple(ys)) => all(xs, ys),
        (Ty::Adt(x, xs), Ty::Adt(y, ys)) | (Ty::Dyn(x, xs), Ty::Dyn(y, ys)) => x == y && all(xs, ys),
        (Ty::Array(x, n), Ty::Array(y, m)) => n == m && matches_pattern(x, y),
        (Ty::Ref(m1, x), Ty::Ref(m2, y)) => m1 == m2 && matches_pattern(x, y),
        (Ty::Ptr(x), Ty::Ptr(y)) => matches_pattern(x, y),
        (Ty::Func(xs, r), Ty::Func(ys, s)) => all(xs, ys) && matches_pattern(r, s),
        _ => pat == ty,
    }
}
