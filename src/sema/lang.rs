//! Lang items: the stdlib types and functions that sema refers to by name (`List`, `HashMap`,
//! their element accessors, the `Str`/`Char` helpers) and the stdlib-only intrinsic functions
//! (`__intrinsic_*`, LANGUAGE.md §11 plus the allocation intrinsics of DESIGN.md).

use crate::syntax::ast;

/// The decorator that marks a stdlib function as reporting its caller's location.
pub const TRACK_CALLER: &str = "track_caller";

/// Whether `@track_caller` is among the decorators.
pub fn is_track_caller(decorators: &[ast::Decorator]) -> bool {
    decorators.iter().any(|d| d.name.name == TRACK_CALLER)
}
