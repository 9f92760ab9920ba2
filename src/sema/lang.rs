//! Lang items: the stdlib types and functions that sema refers to by name (`List`, `HashMap`,
//! their element accessors, the `Str`/`Char` helpers) and the stdlib-only intrinsic functions
//! (`__intrinsic_*`, LANGUAGE.md §11 plus the allocation intrinsics of DESIGN.md).

use super::ctx::{Ctx, Def};
use super::hir::Intrinsic;
use super::ty::{AdtId, FnId, Ty};
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

/// The stdlib container types that have built-in syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// `List[T]`: literals, `xs[i]`, `for`.
    List,
    /// `HashMap[K, V]`: `map[k]`, `for (k, v)`.
    Map,
}

impl Container {
    /// The stdlib type's name.
    pub fn name(self) -> &'static str {
        match self {
            Container::List => "List",
            Container::Map => "HashMap",
        }
    }
}

/// Which container `ty` is (the stdlib's `List`/`HashMap`, not a user type of that name).
pub fn container(ctx: &Ctx, ty: &Ty) -> Option<Container> {
    let Ty::Adt(id, _) = ty else {
        return None;
    };
    [Container::List, Container::Map].into_iter().find(|c| ctx.prelude.get(c.name()) == Some(&Def::Adt(*id)))
}

/// The ADT of a container.
pub fn container_adt(ctx: &Ctx, c: Container) -> Option<AdtId> {
    match ctx.prelude.get(c.name()) {
        Some(Def::Adt(id)) => Some(*id),
        _ => None,
    }
}

/// The stdlib method `name` of a container (private helpers included).
pub fn container_method(ctx: &Ctx, c: Container, name: &str) -> Option<FnId> {
    let adt = container_adt(ctx, c)?;
    ctx.find_methods(&Ty::Adt(adt, Vec::new()), name).first().map(|m| m.fn_id)
}

/// `List::new(capacity)` / `HashMap::new(capacity)` call `with_capacity` (LANGUAGE.md §14.5).
pub fn ctor_alias(ctx: &Ctx, ty: &Ty, name: &str, nargs: usize) -> Option<&'static str> {
    (container(ctx, ty).is_some() && name == "new" && nargs == 1).then_some("with_capacity")
}
