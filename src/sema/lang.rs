//! Lang items: the stdlib types and functions that sema refers to by name (`List`, `HashMap`,
//! their element accessors, the `Str`/`Char` helpers) and the stdlib-only intrinsic functions
//! (`__intrinsic_*`, LANGUAGE.md §11 plus the allocation intrinsics of DESIGN.md).

use super::hir::Intrinsic;
use super::ty::Ty;
use crate::syntax::ast;

/// The decorator that marks a stdlib function as reporting its caller's location.
pub const TRACK_CALLER: &str = "track_caller";

/// Whether `@track_caller` is among the decorators.
pub fn is_track_caller(decorators: &[ast::Decorator]) -> bool {
    decorators.iter().any(|d| d.name.name == TRACK_CALLER)
}

/// The prefix of the intrinsic functions that only stdlib modules may call.
pub const INTRINSIC_PREFIX: &str = "__intrinsic_";

/// The signature of a stdlib intrinsic function `__intrinsic_NAME`: the operation, whether it
/// takes one type argument `T`, the parameter types and the result type.
pub fn stdlib_intrinsic(name: &str) -> Option<(Intrinsic, bool, Vec<Ty>, Ty)> {
    let raw = || Ty::Ptr(Box::new(Ty::Unit));
    Some(match name.strip_prefix(INTRINSIC_PREFIX)? {
        "alloc_typed" => (Intrinsic::AllocTyped, true, vec![Ty::I64, Ty::I64], raw()),
        "realloc_typed" => (Intrinsic::ReallocTyped, true, vec![raw(), Ty::I64, Ty::I64], raw()),
        "str_hash" => (Intrinsic::StrHash, false, vec![Ty::Str], Ty::I64),
        "arg_count" => (Intrinsic::ArgCount, false, Vec::new(), Ty::I64),
        "arg" => (Intrinsic::Arg, false, vec![Ty::I64], Ty::Str),
        _ => return None,
    })
}
