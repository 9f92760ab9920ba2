//! MIR data types (DESIGN.md "MIR").
//!
//! A function body is a list of locals and a control-flow graph of basic blocks. Local 0 is
//! the return place, locals `1..=arg_count` are the arguments, the rest are user variables,
//! temporaries and drop flags. A block is a list of statements ended by one terminator.
//!
//! Semantics that codegen relies on:
//! * `Operand::Copy(p)` of a type with counted components (Str, function values, aggregates
//!   containing them) runs copy glue (increments counts); `Operand::Move(p)` transfers
//!   ownership bit-for-bit and leaves `p` uninitialised.
//! * `Drop(p)` runs `p`'s drop glue (MEMORY.md §5.2); after drop elaboration every `Drop`
//!   terminator is unconditional: conditional drops test a drop-flag local with `SwitchInt`.
//! * `Rvalue::BinaryOp`/`UnaryOp` on integers are overflow-checked when codegen's
//!   `overflow_checks` option is on (debug builds); division/remainder by zero and `MIN / -1`
//!   are always checked; the statement's span is the panic location. `Place` projections
//!   `Index` are always bounds-checked, also at the statement's span.
//! * `Assign(place, rvalue)` does **not** drop the old value of `place`; MIR building emits an
//!   explicit `Drop` before re-assigning an initialised place.

use crate::sema::hir::{BinOp, Const, Intrinsic, UnOp};
use crate::sema::ty::{AdtId, BehaviorId, FnId, Mutability, Ty};
use crate::span::Span;

/// Index of a local in [`Body::locals`].
pub type Local = usize;
/// Index of a basic block in [`Body::blocks`].
pub type BlockId = usize;
/// Index of a monomorphic function in [`Program::bodies`].
pub type InstanceId = usize;

/// What a local is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalKind {
    /// Local 0.
    ReturnPlace,
    Arg,
    /// A named user variable.
    User,
    /// A compiler temporary.
    Temp,
    /// A `Bool` drop flag created by drop elaboration.
    DropFlag,
}

#[derive(Clone, Debug)]
pub struct LocalDecl {
    pub ty: Ty,
    pub kind: LocalKind,
    /// Source name of user variables and arguments.
    pub name: Option<String>,
    pub mutable: bool,
    pub span: Span,
}

/// A projection step from a place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Projection {
    /// Field `i` of a struct or tuple, or of the variant selected by a preceding `Downcast`.
    Field(usize),
    /// Through a reference or raw pointer.
    Deref,
    /// Array element at the index held in the given local (an integer local).
    Index(Local),
    /// View an enum place as its variant `i` (only valid after a discriminant test).
    Downcast(usize),
}

/// A memory location: a local plus projections.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub local: Local,
    pub projection: Vec<Projection>,
}

impl Place {
    /// The place of a bare local.
    pub fn local(local: Local) -> Place {
        Place { local, projection: Vec::new() }
    }

    /// `self` extended by one projection.
    pub fn project(&self, p: Projection) -> Place {
        let mut projection = self.projection.clone();
        projection.push(p);
        Place { local: self.local, projection }
    }

    /// Whether `self` is `other` or a place inside it.
    pub fn starts_with(&self, other: &Place) -> bool {
        self.local == other.local && self.projection.starts_with(&other.projection)
    }
}

/// A constant operand: a HIR constant of type `ty`, or a function item.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    Scalar(Const),
    /// A non-capturing function value.
    Fn(Callee),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Copy(Place),
    Move(Place),
    Const(ConstValue, Ty),
}

#[derive(Clone, Debug, PartialEq)]
pub enum AggregateKind {
    Tuple,
    /// Fixed array of the given element type.
    Array(Ty),
    /// Struct (variant 0) or enum variant, with the ADT's type arguments.
    Adt(AdtId, usize, Vec<Ty>),
    /// A closure value: allocates a counted environment block holding the operands (the
    /// captures, in order) and pairs it with the closure body's code (MEMORY.md §10.3).
    Closure(Callee),
    /// `dyn B` from one operand of a concrete type: boxes the value with the vtable of
    /// `Program::vtables[index]` (after monomorphization; before it, the index is meaningless
    /// and `Rvalue::MakeDyn` is used instead). With a `ref dyn B` / `mut ref dyn B`
    /// destination, the operand is a reference to the concrete value, which becomes the data
    /// pointer of the pair as it is (no box).
    Dyn(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Rvalue {
    Use(Operand),
    /// `ref place` / `mut ref place`: creates a loan.
    Ref(Mutability, Place),
    /// Lowlevel `&place`: raw pointer, no loan.
    AddressOf(Place),
    BinaryOp(BinOp, Operand, Operand),
    UnaryOp(UnOp, Operand),
    /// Primitive cast to the given type.
    Cast(Operand, Ty),
    Aggregate(AggregateKind, Vec<Operand>),
    /// `[value; count]`.
    Repeat(Operand, u64),
    /// The discriminant (as I64) of an enum place.
    Discriminant(Place),
    /// Before monomorphization: coerce the operand (of type `self_ty`) to `dyn behavior`;
    /// monomorphization replaces it by `Aggregate(AggregateKind::Dyn(vtable), [operand])`.
    /// When the destination is a `ref dyn B` / `mut ref dyn B`, the operand is a reference to
    /// a `self_ty` value and the aggregate is the borrowed pair (no allocation).
    MakeDyn {
        operand: Operand,
        self_ty: Ty,
        behavior: BehaviorId,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    Assign(Place, Rvalue),
    /// The local's storage becomes live (scope entry).
    StorageLive(Local),
    /// The local's storage ends (scope exit, after its drop).
    StorageDead(Local),
    /// Sets a drop flag local to the given value.
    SetDropFlag(Local, bool),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

/// What a `Call` terminator calls.
#[derive(Clone, Debug, PartialEq)]
pub enum Callee {
    /// A HIR function with type arguments (before monomorphization).
    Fn {
        id: FnId,
        ty_args: Vec<Ty>,
    },
    /// A behavior method on a type containing parameters (before monomorphization).
    Behavior {
        behavior: BehaviorId,
        method: usize,
        self_ty: Ty,
        ty_args: Vec<Ty>,
    },
    /// A monomorphic instance (after monomorphization).
    Instance(InstanceId),
    Intrinsic(Intrinsic, Vec<Ty>),
    /// A C runtime function declared in the stdlib with `@extern("symbol")`
    /// (`hir::FnDef::extern_symbol`): called directly with the C ABI; its parameter and result
    /// types are those of the arguments and the destination (scalars, raw pointers, Bool).
    Extern(String),
    /// A function value.
    Value(Box<Operand>),
    /// Method `method` of the behavior through the receiver's vtable (first argument: a
    /// `ref dyn B`): slot `4 + method` (MEMORY.md §10.2).
    Dyn {
        behavior: BehaviorId,
        method: usize,
    },
    /// Virtual class method `slot` through the vtable of the object behind the first argument
    /// (`ref C` / `mut ref C`); see [`crate::sema::hir::Callee::Virtual`].
    Virtual {
        slot: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum TerminatorKind {
    Goto(BlockId),
    /// Jumps to the target whose value equals `discr` (an integer, Bool or Char operand), else
    /// to `otherwise`.
    SwitchInt {
        discr: Operand,
        targets: Vec<(i128, BlockId)>,
        otherwise: BlockId,
    },
    /// Calls `callee` with `args`, writes the result to `dest`, continues at `target`
    /// (`None`: the callee returns `Never`).
    Call {
        callee: Callee,
        args: Vec<Operand>,
        dest: Place,
        target: Option<BlockId>,
    },
    Return,
    /// Runs the drop glue of `place`, then continues at `target`.
    Drop {
        place: Place,
        target: BlockId,
    },
    Unreachable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Terminator {
    pub kind: TerminatorKind,
    /// For calls: the panic location (LANGUAGE.md §15.2).
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BasicBlock {
    pub statements: Vec<Statement>,
    pub terminator: Terminator,
}

/// One function body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Readable name (`"Point::new"`); after monomorphization, unique per instance
    /// (`"identity[I64]"`).
    pub name: String,
    /// The HIR function this body was built from.
    pub source: FnId,
    /// Type arguments of this instance (empty before monomorphization).
    pub ty_args: Vec<Ty>,
    pub locals: Vec<LocalDecl>,
    pub arg_count: usize,
    /// Entry block is block 0.
    pub blocks: Vec<BasicBlock>,
    pub span: Span,
    /// The HIR function is `track_caller` (`FnDef::track_caller`): codegen gives it a hidden
    /// trailing `const TmlSite *caller` parameter and reports its panics and allocations there.
    pub track_caller: bool,
}

impl Body {
    /// The result type (type of local 0).
    pub fn return_ty(&self) -> &Ty {
        &self.locals[0].ty
    }
}

/// The monomorphized program handed to codegen.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every reachable function instance; bodies mention only concrete types and call
    /// `Callee::Instance`, `Callee::Intrinsic`, `Callee::Extern` or `Callee::Value`.
    pub bodies: Vec<Body>,
    /// The ADT definitions (for layouts and drop glue), indexed by `AdtId`.
    pub adts: Vec<crate::sema::hir::AdtDef>,
    /// For each concrete ADT type with a user `Drop`, the instance of its `drop` method.
    pub drop_fns: Vec<(Ty, InstanceId)>,
    /// The user's `main`.
    pub entry: Option<InstanceId>,
    /// Test wrappers (`() -> I32`) by test name, in source order.
    pub tests: Vec<(String, InstanceId)>,
    /// One vtable per (concrete type, behavior) coerced to `dyn`.
    pub vtables: Vec<VTable>,
    /// Behavior names indexed by `BehaviorId` (to spell `dyn B` in type names and leak reports).
    pub behaviors: Vec<String>,
    /// The reference classes (copied from the HIR program).
    pub classes: std::collections::BTreeMap<AdtId, crate::sema::hir::ClassDef>,
    /// Static variables (copied from the HIR program).
    pub statics: Vec<crate::sema::hir::StaticDef>,
    /// Instantiated class vtables, one per class that is ever constructed.
    pub class_vtables: Vec<ClassVTable>,
}

/// The vtable of a constructed class (MEMORY.md §10.1): its virtual methods' instances in slot
/// order and the destructor instances of every level, most-derived first.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassVTable {
    pub class: AdtId,
    /// One instance per [`crate::sema::hir::ClassDef::vslots`] entry (abstract ones: `None`).
    pub methods: Vec<Option<InstanceId>>,
    /// `(class level, its drop method instance)` from the class itself up to the root.
    pub levels: Vec<(AdtId, Option<InstanceId>)>,
}

/// The vtable of `self_ty` as `dyn behavior`: slot 0 drop glue, 1 size, 2 alignment,
/// 3 type descriptor (the type's name, whether it is a class, `implements`), then `methods` in
/// the behavior's declaration order.
#[derive(Clone, Debug, PartialEq)]
pub struct VTable {
    pub self_ty: Ty,
    pub behavior: BehaviorId,
    pub methods: Vec<InstanceId>,
    /// The behaviors tested with `is` on `dyn` values that `self_ty` implements (empty for a
    /// class: its objects' descriptors answer).
    pub implements: Vec<BehaviorId>,
}
