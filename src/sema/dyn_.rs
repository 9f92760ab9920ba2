//! `dyn B` types (LANGUAGE.md §5.7): resolution and the object-safety check (E0213).

use super::collect::BUILTIN_BEHAVIORS;
use super::ctx::{Ctx, Def};
use super::ty::{BehaviorId, Ty};
use super::types::TyScope;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{self, ItemKind};

/// The declaration of user behavior `b` (behaviors are numbered after the built-in ones, in
/// module and item order).
pub fn behavior_decl<'a>(ctx: &Ctx<'a>, b: BehaviorId) -> Option<&'a ast::BehaviorDecl> {
    let modules = ctx.modules;
    let user = b.checked_sub(BUILTIN_BEHAVIORS.len())?;
    modules
        .iter()
        .flat_map(|m| m.ast.items.iter())
        .filter_map(|i| match &i.kind {
            ItemKind::Behavior(d) => Some(d),
            _ => None,
        })
        .nth(user)
}

/// Whether an AST type mentions `This`.
fn mentions_this(t: &ast::Type) -> bool {
    match &t.kind {
        ast::TypeKind::Path(p) | ast::TypeKind::Dyn(p) => {
            p.segments.first().is_some_and(|s| s.name.name == "This")
                || p.segments.iter().any(|s| s.args.iter().any(mentions_this))
        }
        ast::TypeKind::Ref(t) | ast::TypeKind::MutRef(t) | ast::TypeKind::Ptr(t) | ast::TypeKind::Array(t, _) => {
            mentions_this(t)
        }
        ast::TypeKind::Tuple(ts) => ts.iter().any(mentions_this),
        ast::TypeKind::Func(ps, r) => ps.iter().any(mentions_this) || r.as_deref().is_some_and(mentions_this),
        ast::TypeKind::Unit => false,
    }
}

/// Why behavior `b` cannot be used with `dyn`, if it cannot: a method without `this`/`mut this`
/// receiver, with its own type parameters, or mentioning `This` other than as the receiver;
/// or an associated type.
pub fn object_safety_violation(ctx: &Ctx, b: BehaviorId) -> Option<String> {
    let name = &ctx.program.behaviors.get(b)?.name;
    if ctx.builtin_behaviors.get(name.as_str()) == Some(&b) {
        return match name.as_str() {
            "Copy" | "Eq" | "Hash" | "Display" => None,
            "Iterator" => Some("`Iterator` has an associated type".into()),
            "Default" => Some("`default` has no `this` receiver".into()),
            "Drop" => Some("`Drop` cannot be called through `dyn`".into()),
            _ => Some("its methods use `This` other than as the receiver".into()),
        };
    }
    let decl = behavior_decl(ctx, b)?;
    for m in &decl.members {
        match m {
            ast::BehaviorMember::AssocType(n, _) => {
                return Some(format!("it has the associated type `{}`", n.name));
            }
            ast::BehaviorMember::Func(f) => {
                let m = &f.name.name;
                if !matches!(f.receiver, Some((ast::Receiver::Ref | ast::Receiver::MutRef, _))) {
                    return Some(format!("method `{m}` has no `this` or `mut this` receiver"));
                }
                if !f.generics.is_empty() {
                    return Some(format!("method `{m}` has type parameters"));
                }
                if f.params.iter().map(|p| &p.ty).chain(f.ret.as_ref()).any(mentions_this) {
                    return Some(format!("method `{m}` uses `This` other than as the receiver"));
                }
            }
        }
    }
    None
}

/// Resolves `dyn B[args]`; E0101 for an unknown behavior, E0213 when it is not object safe.
pub fn resolve_dyn(ctx: &Ctx, p: &ast::PathType, args: Vec<Ty>, scope: TyScope, diags: &mut Vec<Diagnostic>) -> Ty {
    let Some(last) = p.segments.last() else {
        return Ty::Error;
    };
    let Some(Def::Behavior(b)) = ctx.lookup(scope.module, &last.name.name) else {
        diags.push(Diagnostic::error(
            "E0101",
            format!("cannot find behavior `{}` in this scope", last.name.name),
            p.span,
            "not found in this scope",
        ));
        return Ty::Error;
    };
    // `dyn Convert[Str]`: the instance of the generic behavior (interned by the impls and
    // bounds that mention it; see `behavior_args`).
    let inst = ctx.program.behavior_instances.iter().find(|(_, (base, a))| *base == b && *a == args);
    let (b, args) = match inst {
        Some((&i, _)) => (i, Vec::new()),
        None => (b, args),
    };
    if let Some(why) = object_safety_violation(ctx, b) {
        let bname = &ctx.program.behaviors[b].name;
        diags.push(
            Diagnostic::error(
                "E0213",
                format!("the behavior `{bname}` cannot be made into an object"),
                p.span,
                "not object safe",
            )
            .with_note(format!("`{bname}` is not object safe because {why}")),
        );
        return Ty::Error;
    }
    Ty::Dyn(b, args)
}
