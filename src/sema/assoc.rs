//! Associated types (LANGUAGE.md §8.4): `type Item` in behaviors, `type Item = T` in impls,
//! and `This::Item` inside impls.
//!
//! Associated types are resolved at collection time, per implementing type: inside an impl,
//! `This::Item` is the impl's `Item`. A behavior's own signatures mention `This::Item` only
//! abstractly (it is resolved for each impl when the impl's methods are declared), so such
//! signatures carry no usable type for calls through bounds (`T::Item` in generic code is
//! reported as unsupported).

use super::ctx::{method_key, Ctx, THIS_PARAM};
use super::ty::Ty;
use super::types::{self, TyScope};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast;

/// Records `type Name = T` of an impl for `self_ty` (`gnames`: the impl's parameters).
pub fn record_impl_type(ctx: &mut Ctx, m: usize, gnames: &[String], self_ty: &Ty, name: &ast::Ident, t: &ast::Type) {
    let mut diags = Vec::new();
    let scope = TyScope { module: m, generics: gnames, this: Some(self_ty), local_consts: &[] };
    let ty = types::resolve(ctx, scope, t, &mut diags);
    ctx.diags.extend(diags);
    ctx.assoc_types.insert((method_key(self_ty), name.name.clone()), ty);
}

/// Resolves `This::name` given what `This` means; `None` (with a diagnostic) when unknown.
pub fn resolve_this_assoc(ctx: &Ctx, this: Option<&Ty>, name: &ast::Ident, diags: &mut Vec<Diagnostic>) -> Ty {
    match this {
        // Inside a behavior declaration: abstract, resolved per impl.
        Some(Ty::Param(THIS_PARAM)) => Ty::Error,
        Some(t) => match ctx.assoc_types.get(&(method_key(t), name.name.clone())) {
            Some(ty) => ty.clone(),
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
