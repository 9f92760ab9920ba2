//! Impl coherence (LANGUAGE.md §4.7, E0218): a behavior impl may not target a bare type
//! parameter (`impl[T] B for T`), and two impls of one behavior may not apply to the same type.
//!
//! Only impls written in user modules (and derives on user types) are checked: the stdlib and
//! the generated primitive impls are trusted. Two impls overlap when their implementing types
//! (and, for generic behaviors, their behavior arguments) unify with every impl parameter
//! treated as a wildcard.

use super::ctx::Ctx;
use super::hir::ImplDef;
use super::ty::Ty;
use super::ModuleKind;
use crate::diagnostics::Diagnostic;

/// Reports E0218 for bare-parameter impls and overlapping impls.
pub fn check(ctx: &mut Ctx) {
    let mut errs = Vec::new();
    let impls = &ctx.program.impls;
    for (i, imp) in impls.iter().enumerate() {
        if !is_user(ctx, imp) {
            continue;
        }
        if matches!(imp.self_ty, Ty::Param(_)) {
            errs.push(Diagnostic::error(
                "E0218",
                "impls over a bare type parameter are not allowed",
                imp.span,
                "implements a behavior for every type",
            ));
            continue;
        }
        let other = impls.iter().enumerate().find(|&(j, o)| {
            j != i && (j < i || !is_user(ctx, o)) && same_behavior(ctx, imp, o) && unifiable(&imp.self_ty, &o.self_ty)
        });
        if let Some((_, o)) = other {
            let b = &ctx.program.behaviors[imp.behavior].name;
            let t = ctx.ty_name(&imp.self_ty, &imp.generics);
            let mut d = Diagnostic::error(
                "E0218",
                format!("conflicting implementations of behavior `{b}` for type `{t}`"),
                imp.span,
                "conflicting implementation",
            );
            if is_user(ctx, o) {
                d = d.with_secondary(o.span, "first implementation here");
            }
            errs.push(d);
        }
    }
    ctx.diags.extend(errs);
}

/// Whether the impl comes from a user module (not the stdlib or generated primitive impls).
fn is_user(ctx: &Ctx, imp: &ImplDef) -> bool {
    imp.span.hi > imp.span.lo && ctx.modules.iter().any(|m| m.file == imp.span.file && m.kind != ModuleKind::Stdlib)
}

/// Whether two impls implement the same behavior (for generic behaviors: instances of the same
/// behavior with unifiable arguments).
fn same_behavior(ctx: &Ctx, a: &ImplDef, b: &ImplDef) -> bool {
    if a.behavior == b.behavior {
        return true;
    }
    let inst = &ctx.program.behavior_instances;
    match (inst.get(&a.behavior), inst.get(&b.behavior)) {
        (Some((x, xs)), Some((y, ys))) => {
            x == y && xs.len() == ys.len() && xs.iter().zip(ys).all(|(p, q)| unifiable(p, q))
        }
        _ => false,
    }
}

/// Structural unification with every `Param` a wildcard.
pub fn unifiable(a: &Ty, b: &Ty) -> bool {
    let all = |xs: &[Ty], ys: &[Ty]| xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| unifiable(x, y));
    match (a, b) {
        (Ty::Param(_), _) | (_, Ty::Param(_)) => true,
        (Ty::Tuple(xs), Ty::Tuple(ys)) => all(xs, ys),
        (Ty::Adt(x, xs), Ty::Adt(y, ys)) | (Ty::Dyn(x, xs), Ty::Dyn(y, ys)) => x == y && all(xs, ys),
        (Ty::Array(x, n), Ty::Array(y, m)) => n == m && unifiable(x, y),
        (Ty::Ref(m1, x), Ty::Ref(m2, y)) => m1 == m2 && unifiable(x, y),
        (Ty::Ptr(x), Ty::Ptr(y)) => unifiable(x, y),
        (Ty::Func(xs, r), Ty::Func(ys, s)) => all(xs, ys) && unifiable(r, s),
        _ => a == b,
    }
}
