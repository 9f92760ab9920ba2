//! Lang items: the stdlib types and functions that sema refers to by name (`List`, `HashMap`,
//! their element accessors, the `Str`/`Char` helpers) and the stdlib-only intrinsic functions
//! (`__intrinsic_*`, LANGUAGE.md §11 plus the allocation intrinsics of DESIGN.md).

use super::ctx::{Ctx, Def};
use super::hir::{self, ExprKind, Intrinsic, PatKind};
use super::ty::{AdtId, FnId, Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast;

/// The decorator that marks a stdlib function as reporting its caller's location.
pub const TRACK_CALLER: &str = "track_caller";

/// Whether `@track_caller` is among the decorators.
pub fn is_track_caller(decorators: &[ast::Decorator]) -> bool {
    decorators.iter().any(|d| d.name.name == TRACK_CALLER)
}

/// The decorator of a stdlib function declared without body that calls a C runtime function:
/// `@extern("tml_arena_new") func __rt_arena_new(first_chunk: I64, site: *Unit) -> *Unit`.
pub const EXTERN: &str = "extern";

/// The C symbol named by an `@extern("symbol")` decorator, if any (`Some("")` when the
/// argument is missing or not a string: reported by the signature check).
pub fn extern_symbol(decorators: &[ast::Decorator]) -> Option<String> {
    let d = decorators.iter().find(|d| d.name.name == EXTERN)?;
    Some(match d.args.as_slice() {
        [ast::DecoratorArg { value: ast::DecoratorValue::Str(s), .. }] => s.clone(),
        _ => String::new(),
    })
}

/// Smart-pointer auto-deref (LANGUAGE.md §4.2, §6.11). A stdlib type `P[T]` opts in with
/// decorated methods (decorators are accepted only in the stdlib):
///
/// * `@deref func get(this) -> ref T`: method calls, field accesses and indexing that find
///   nothing on `P[T]` are retried on `*p.get()`, and `*p` is that place too;
/// * `@deref_mut func get_mut(mut this) -> mut ref T` (optional): used instead where the place
///   is written or mutably borrowed; it needs a mutable `p`. A `@deref_mut` method taking
///   `this` makes the contents mutable through any handle (`BorrowedMut[T]`).
///
/// Without `@deref_mut` the contents are read-only: calling a `mut this` method or assigning a
/// field through `P` is E0209 (`Shared`, `Sync`, `Borrowed`). Moving out of the contents is a
/// move out of a borrowed place (E0303). `Heap`, `Shared`, `Sync`, `Borrowed`, `BorrowedMut`
/// and `Pooled` follow this convention.
pub const DEREF: &str = "deref";
/// See [`DEREF`].
pub const DEREF_MUT: &str = "deref_mut";

/// The stdlib types whose values are ref-like (MEMORY.md §6.2, §9): borrowck treats them like
/// references that borrow from the receiver of the call that made them.
pub const GUARDS: &[&str] = &["Borrowed", "BorrowedMut"];

/// Records a `@deref`/`@deref_mut` method `f` of `self_ty` (see [`DEREF`]).
pub fn record_deref(ctx: &mut Ctx, decorators: &[ast::Decorator], self_ty: &Ty, f: FnId, receiver: ast::Receiver) {
    let Ty::Adt(adt, _) = self_ty else {
        return;
    };
    for d in decorators {
        let mutable = match d.name.name.as_str() {
            DEREF => false,
            DEREF_MUT => true,
            _ => continue,
        };
        let shared_receiver = receiver == ast::Receiver::Ref;
        ctx.program.derefs.push(hir::DerefFn { adt: *adt, fn_id: f, mutable, shared_receiver });
    }
}

/// Marks the stdlib guard types ([`GUARDS`]) in the program.
pub fn register_guards(ctx: &mut Ctx) {
    for name in GUARDS {
        if let Some(Def::Adt(id)) = ctx.prelude.get(*name) {
            ctx.program.guards.push(*id);
        }
    }
}

/// The `@deref` (or `@deref_mut`) method of `ty`, if it has one.
pub fn deref_fn(program: &hir::Program, ty: &Ty, mutable: bool) -> Option<hir::DerefFn> {
    let Ty::Adt(adt, _) = ty else {
        return None;
    };
    program.derefs.iter().find(|d| d.adt == *adt && d.mutable == mutable).copied()
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
        "atomic_add" => (Intrinsic::AtomicAdd, false, vec![Ty::Ptr(Box::new(Ty::I64)), Ty::I64], Ty::I64),
        "atomic_sub" => (Intrinsic::AtomicSub, false, vec![Ty::Ptr(Box::new(Ty::I64)), Ty::I64], Ty::I64),
        "atomic_load" => (Intrinsic::AtomicLoad, false, vec![Ty::Ptr(Box::new(Ty::I64))], Ty::I64),
        "str_hash" => (Intrinsic::StrHash, false, vec![Ty::Str], Ty::I64),
        "arg_count" => (Intrinsic::ArgCount, false, Vec::new(), Ty::I64),
        "arg" => (Intrinsic::Arg, false, vec![Ty::I64], Ty::Str),
        "site" => (Intrinsic::Site, false, Vec::new(), raw()),
        "alloc_site" => (Intrinsic::AllocSite, true, Vec::new(), raw()),
        "drop_glue" => (Intrinsic::DropGlue, true, Vec::new(), raw()),
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

/// The `E` of a test result type `Outcome[Unit, E]` (LANGUAGE.md §13), if `ret` is one.
pub fn test_outcome_err(ctx: &Ctx, ret: &Ty) -> Option<Ty> {
    match (ret, ctx.prelude.get("Outcome")) {
        (Ty::Adt(id, args), Some(Def::Adt(o))) if id == o && args.len() == 2 && args[0].is_unit() => {
            Some(args[1].clone())
        }
        _ => None,
    }
}

/// The test wrapper's value for a test returning `Outcome[Unit, E]`:
/// `when call { Ok(_) => 0, Err(e) => { record_err(text of e); 1 } }` where the text is the
/// error's `Display` (or NULL, shown as `Err`, without one); `e` is dropped after recording.
/// Returns the value and the wrapper's locals.
pub fn outcome_test_value(ctx: &Ctx, call: hir::Expr, err: Ty, span: Span) -> (hir::Expr, Vec<hir::LocalDef>) {
    let mk = |kind: ExprKind, ty: Ty| hir::Expr { kind, ty, span };
    let Ty::Adt(outcome, _) = call.ty.clone() else {
        return (call, Vec::new());
    };
    let sty = call.ty.clone();
    let local = hir::LocalDef { name: None, ty: err.clone(), mutable: false, span };
    let e = || mk(ExprKind::Local(0), err.clone());
    let intrinsic = |op: Intrinsic, args: Vec<hir::Expr>, ty: Ty| {
        mk(ExprKind::Intrinsic { op, ty_args: Vec::new(), args, site: span }, ty)
    };
    let text = match &err {
        Ty::Str => e(),
        Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Char | Ty::Unit => {
            intrinsic(Intrinsic::ToString, vec![e()], Ty::Str)
        }
        _ => match ctx.display_fn(&err) {
            Some(f) => {
                let ty_args = match &err {
                    Ty::Adt(_, a) if ctx.program.fns[f].generics.len() == a.len() => a.clone(),
                    _ => Vec::new(),
                };
                let r = mk(
                    ExprKind::Ref { mutability: Mutability::Not, place: Box::new(e()) },
                    Ty::shared_ref(err.clone()),
                );
                mk(ExprKind::Call { callee: hir::Callee::Fn { id: f, ty_args }, args: vec![r], site: span }, Ty::Str)
            }
            None => mk(ExprKind::Lit(hir::Const::Null), Ty::Str),
        },
    };
    let record = intrinsic(Intrinsic::TestRecordErr, vec![text], Ty::Unit);
    let int = |v: i128| mk(ExprKind::Lit(hir::Const::Int(v)), Ty::I32);
    let pat = |variant: usize, field: PatKind, ty: Ty| hir::Pat {
        kind: PatKind::Variant { adt: outcome, variant, fields: vec![hir::Pat { kind: field, ty, span }] },
        ty: sty.clone(),
        span,
    };
    let ok = hir::Arm { pattern: pat(0, PatKind::Wild, Ty::Unit), body: int(0), span };
    let bind = PatKind::Binding { local: 0, mode: hir::BindingMode::ByValue };
    let failed = hir::Block { stmts: vec![hir::Stmt::Expr(record)], tail: Some(Box::new(int(1))), span };
    let bad = hir::Arm { pattern: pat(1, bind, err.clone()), body: mk(ExprKind::Block(failed), Ty::I32), span };
    (mk(ExprKind::Match { scrutinee: Box::new(call), arms: vec![ok, bad] }, Ty::I32), vec![local])
}

/// The stdlib's `Outcome::unwrap_display` when `f` is the stdlib `Outcome::unwrap` and
/// `display(E)` holds for the receiver type `Outcome[T, E]` (LANGUAGE.md §10.2: the panic
/// message then includes the error's text).
pub fn unwrap_display(ctx: &Ctx, f: FnId, recv: &Ty, display: impl Fn(&Ty) -> bool) -> Option<FnId> {
    let Ty::Adt(id, args) = recv else {
        return None;
    };
    let is_outcome = ctx.prelude.get("Outcome") == Some(&Def::Adt(*id));
    let is_unwrap = ctx.fns.get(f)?.decl?.name.name == "unwrap";
    if !(is_outcome && is_unwrap && display(args.get(1)?)) {
        return None;
    }
    ctx.find_methods(recv, "unwrap_display").first().map(|m| m.fn_id)
}
