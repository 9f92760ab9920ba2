//! Stdlib declarations of C runtime functions (DESIGN.md: the arena's and the pool's C halves):
//! `@extern("symbol") func name(params) -> R` without body, allowed only in stdlib modules
//! (E0108 elsewhere, `collect`). Calls become MIR `Callee::Extern(symbol)`: a direct call of the
//! C function with the C ABI, so only scalars, raw pointers and Bool cross it.

use super::ctx::Ctx;
use super::ty::Ty;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast;

/// Whether `ty` may cross the `@extern` C ABI: integers, floats, Bool, raw pointers (and Unit
/// as a result).
fn is_c_scalar(ty: &Ty, result: bool) -> bool {
    matches!(ty, Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Ptr(_)) || (result && ty.is_unit())
}

/// Checks the declaration of `@extern` function `id` (its signature is resolved): a symbol, no
/// body, no type parameters, C-scalar parameters and result (E0108 otherwise).
pub fn check_signature(ctx: &mut Ctx, id: usize, decl: &ast::FuncDecl) {
    let mut errs = Vec::new();
    let bad = |what: String, span, label: &str| Diagnostic::error("E0108", what, span, label.to_string());
    let def = &ctx.program.fns[id];
    if def.extern_symbol.as_deref() == Some("") {
        errs.push(bad("`@extern` needs the C symbol as a string".into(), decl.span, "`@extern(\"symbol\")`"));
    }
    if decl.body.is_some() {
        errs.push(bad(format!("`@extern` function `{}` has a body", decl.name.name), decl.span, "remove the body"));
    }
    if !def.generics.is_empty() {
        errs.push(bad(format!("`@extern` function `{}` cannot be generic", decl.name.name), decl.span, "generic"));
    }
    for (ty, span) in def.params.iter().zip(&ctx.fns[id].param_spans) {
        if !is_c_scalar(ty, false) {
            errs.push(bad(
                "only scalars, raw pointers and Bool cross the `@extern` ABI".into(),
                *span,
                "not a C scalar",
            ));
        }
    }
    if !is_c_scalar(&def.ret, true) {
        let span = ctx.fns[id].ret_span.unwrap_or(decl.span);
        errs.push(bad("only scalars, raw pointers and Bool cross the `@extern` ABI".into(), span, "not a C scalar"));
    }
    ctx.diags.extend(errs);
}
