//! Built-in syntax over the stdlib containers (LANGUAGE.md §6.7, §6.11, §14.5–§14.6): list
//! literals, `xs[i]` / `map[k]` places, `for` over `List` and `HashMap`, and the stdlib-only
//! intrinsic functions (`sema::lang`). Everything is desugared into calls of the containers'
//! TML methods, found by name.

use super::FnCk;
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, ExprKind};
use crate::sema::lang;
use crate::sema::ty::Ty;
use crate::sema::ModuleKind;
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// Whether the body being checked belongs to a stdlib module.
    pub(super) fn in_stdlib(&self) -> bool {
        self.ctx.modules.get(self.module).is_some_and(|m| m.kind == ModuleKind::Stdlib)
    }

    /// A call of a stdlib intrinsic function `__intrinsic_NAME[T](args)`; `None` if `name` is
    /// not one.
    pub(super) fn stdlib_intrinsic_call(
        &mut self,
        name: &str,
        ty_args: &[Ty],
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        let (op, generic, params, ret) = lang::stdlib_intrinsic(name)?;
        if ty_args.len() != usize::from(generic) {
            self.err(Diagnostic::error(
                "E0202",
                format!("wrong number of type arguments: expected {}, found {}", usize::from(generic), ty_args.len()),
                site,
                "wrong number of type arguments",
            ));
            return Some(Self::error_expr(span));
        }
        let args = self.builtin_args(name, args, &params, span)?;
        Some(Self::mk(ExprKind::Intrinsic { op, ty_args: ty_args.to_vec(), args, site }, ret, span))
    }
}
