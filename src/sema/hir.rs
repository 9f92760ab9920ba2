//! The typed HIR: the output of semantic analysis and the input of MIR building.
//!
//! Invariants (checked by sema, relied upon by `mir::build`):
//! * every expression has a concrete-or-generic type (no [`Ty::Infer`], no [`Ty::Error`]);
//! * every name is resolved: locals to [`LocalId`]s, functions to [`FnId`]s, fields and
//!   variants to indices, method calls to a [`Callee`] with the receiver as first argument,
//!   already adapted (`Ref`/`MutRef` inserted for `this`/`mut this` receivers, auto-deref
//!   applied);
//! * implicit operations are explicit: Copy-decay of references is a [`ExprKind::Deref`],
//!   integer literals have their final type, string interpolation and `format` are
//!   [`Intrinsic::StrConcatN`] over [`Intrinsic::ToString`]/Display calls, `assert`/`assert_eq`
//!   are `if` + [`Intrinsic::Panic`], `+` on `Str` is [`Intrinsic::StrConcat`], comparisons of
//!   `Str` use [`Intrinsic::StrEq`]/[`Intrinsic::StrCmp`];
//! * `while`/`loop (cond)`/`loop (var …)` are [`ExprKind::Loop`] with an explicit `if … break`,
//!   except `for`, which stays structured ([`ExprKind::For`]) so MIR can hold the iterable's
//!   loan and lower ranges without overflow.
//!
//! Spans: `Expr::span` is the whole expression (used by move/borrow diagnostics); nodes that
//! can panic at run time carry a separate `site` span (LANGUAGE.md §15.2: the callee's first
//! token, the method name, the `[`, the operator token).

use super::ty::{AdtId, BehaviorId, FnId, Mutability, Ty};
use crate::span::Span;
use std::collections::HashMap;

/// Index of a local in [`Body::locals`].
pub type LocalId = usize;

/// The whole checked program (root module, imported modules and the stdlib prelude).
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub adts: Vec<AdtDef>,
    pub fns: Vec<FnDef>,
    pub behaviors: Vec<BehaviorDef>,
    pub impls: Vec<ImplDef>,
    /// `func main` of the root file (absent in test files).
    pub entry: Option<FnId>,
    /// `@test` functions of the root file, in source order.
    pub tests: Vec<TestDef>,
    /// The smart-pointer accessors of stdlib types (`@deref`/`@deref_mut`, `sema::lang`).
    pub derefs: Vec<DerefFn>,
    /// ADTs whose values are ref-like, like references (the RefCell guards, MEMORY.md §9).
    pub guards: Vec<AdtId>,
    /// Reference classes by the id of their object layout ADT (see [`ClassDef`]).
    pub classes: std::collections::BTreeMap<AdtId, ClassDef>,
    /// Static storage (class `static` fields), addressed by [`Intrinsic::StaticPtr`].
    pub statics: Vec<StaticDef>,
    /// Instances of generic behaviors (LANGUAGE.md §8.1, `behavior Convert[T]`): each written
    /// `Convert[Str]` is a behavior of its own (named `"Convert[Str]"`, with the generic
    /// behavior's methods, signatures instantiated) mapped here to the generic behavior and
    /// its arguments. Arguments may mention the parameters of the item that wrote them (an
    /// impl's or a function's); monomorphization substitutes them and matches instances of one
    /// generic behavior structurally.
    pub behavior_instances: HashMap<BehaviorId, (BehaviorId, Vec<Ty>)>,
}

/// A stdlib method marked `@deref` (`func get(this) -> ref T`) or `@deref_mut`
/// (`func get_mut(mut this) -> mut ref T`): auto-deref of method calls, fields, indexing and
/// `*e` goes through it (LANGUAGE.md §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DerefFn {
    /// The smart-pointer type.
    pub adt: AdtId,
    /// The accessor method.
    pub fn_id: FnId,
    /// `@deref_mut`: yields a `mut ref T`.
    pub mutable: bool,
    /// The method takes `this` (a shared borrow) even though it may be `@deref_mut`: the
    /// contents are a mutable place whatever the handle's mutability (`BorrowedMut`).
    pub shared_receiver: bool,
}

/// A reference class (LANGUAGE.md §9, MEMORY.md §10.1). Its object layout is the struct ADT
/// `adt` (same name as the class): field 0 is the vtable pointer (`*Unit`), then the fields of
/// the root class, …, then the class's own fields (`own_fields`). `@value` classes are plain
/// struct ADTs and have no `ClassDef`.
#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: String,
    pub parent: Option<AdtId>,
    pub is_abstract: bool,
    /// Indices (in the object ADT) of the fields declared by this class itself.
    pub own_fields: std::ops::Range<usize>,
    /// The class's own destructor `func drop(mut this)`, if declared.
    pub drop_fn: Option<FnId>,
    /// The virtual methods in vtable order (base class methods first): name and the
    /// implementation this class uses (`None` for a still-abstract method).
    pub vslots: Vec<(String, Option<FnId>)>,
    /// The behaviors implemented by this class itself (`implements`, inherited ones included,
    /// and `impl B for C`), for `is` tests on its objects.
    pub interfaces: Vec<BehaviorId>,
}

/// One static variable: a per-program global with a constant initial value.
#[derive(Clone, Debug)]
pub struct StaticDef {
    /// `Class::field`, for symbols.
    pub name: String,
    pub ty: Ty,
    pub init: Const,
}

/// A generic parameter of an item.
#[derive(Clone, Debug)]
pub struct GenericParamDef {
    pub name: String,
    /// Behaviors the parameter must implement (inline bounds and `where` clauses).
    pub bounds: Vec<BehaviorId>,
}

/// A struct or enum. Prelude/stdlib types are ordinary ADTs.
#[derive(Clone, Debug)]
pub struct AdtDef {
    /// The name shown to users and in leak reports (`"Node"`, `"Maybe"`).
    pub name: String,
    pub span: Span,
    pub generics: Vec<GenericParamDef>,
    pub kind: AdtKind,
    /// `@derive(Copy)`, `impl Copy for T {}` or a fieldless enum. For generic ADTs, the
    /// instantiation is Copy only if its field types are Copy as well.
    pub is_copy: bool,
    /// The user `Drop::drop` method (`func drop(mut this)`), if any.
    pub drop_fn: Option<FnId>,
}

#[derive(Clone, Debug)]
pub enum AdtKind {
    Struct(Vec<FieldDef>),
    Enum(Vec<VariantDef>),
}

/// A struct field or a variant's payload field (tuple payloads are named `"0"`, `"1"`, …).
#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: String,
    /// May mention the ADT's parameters as `Ty::Param(i)`.
    pub ty: Ty,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct VariantDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    /// The discriminant value (declaration index unless given explicitly).
    pub discriminant: i64,
    pub span: Span,
}

/// A behavior (LANGUAGE.md §8) or interface.
#[derive(Clone, Debug)]
pub struct BehaviorDef {
    pub name: String,
    pub span: Span,
    /// Required methods and methods with defaults, in declaration order (the `dyn` vtable order).
    pub methods: Vec<BehaviorMethod>,
}

#[derive(Clone, Debug)]
pub struct BehaviorMethod {
    pub name: String,
    /// The default body, instantiated per impl by sema, if any.
    pub default: Option<FnId>,
}

/// `impl B for T` (behavior impls only; inherent methods are plain functions).
#[derive(Clone, Debug)]
pub struct ImplDef {
    pub behavior: BehaviorId,
    pub generics: Vec<GenericParamDef>,
    /// The implementing type; may mention the impl's parameters.
    pub self_ty: Ty,
    /// For each method of the behavior (same order as [`BehaviorDef::methods`]), the function
    /// implementing it (the impl's own or an instantiated default).
    pub methods: Vec<FnId>,
    pub span: Span,
}

/// A `@test` function and its decorators.
#[derive(Clone, Debug)]
pub struct TestDef {
    pub name: String,
    /// The compiler-generated wrapper `() -> I32` that runs the test and reports its result
    /// (runtime ABI `TmlTest::run`).
    pub wrapper: FnId,
    /// `Some(None)` for `@should_panic`, `Some(Some(text))` for `@should_panic("text")`.
    pub should_panic: Option<Option<String>>,
    pub ignored: bool,
}

/// A function, method, behavior-method instance or closure body.
#[derive(Clone, Debug)]
pub struct FnDef {
    /// A readable, unique-per-program path used for symbols and MIR dumps
    /// (`"main"`, `"Point::new"`, `"Display for Point::to_string"`, `"main::{closure#0}"`).
    pub name: String,
    pub span: Span,
    /// All type parameters in scope (enclosing impl's first, then the function's own).
    pub generics: Vec<GenericParamDef>,
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// `None` only for behavior methods without a default.
    pub body: Option<Body>,
    /// Stdlib `@track_caller`: panics and allocations inside report the location of the call
    /// to this function (transitively through other `track_caller` functions), like Rust's
    /// `#[track_caller]`. Codegen passes the caller's site as a hidden trailing argument.
    pub track_caller: bool,
    /// For a closure body: the tuple type of its captured values. The body's first parameter
    /// is then `ref (C1, …, Cn)` (the captures, read-only) and the remaining parameters are the
    /// closure's declared ones.
    pub closure_env: Option<Ty>,
    /// A stdlib `@extern("symbol")` declaration (no body): calls go straight to the C runtime
    /// function `symbol` with the C ABI (parameters and result are scalars, pointers or Bool;
    /// MIR's `Callee::Extern`).
    pub extern_symbol: Option<String>,
}

/// A local variable (user binding, parameter or compiler temporary named by sema).
#[derive(Clone, Debug)]
pub struct LocalDef {
    /// The source name (`None` for compiler-introduced locals).
    pub name: Option<String>,
    pub ty: Ty,
    /// Declared with `let mut` / `var` (or a `mut this` receiver).
    pub mutable: bool,
    pub span: Span,
}

/// A function body. Parameters are the first `params.len()` locals, in order.
#[derive(Clone, Debug)]
pub struct Body {
    pub locals: Vec<LocalDef>,
    pub params: Vec<LocalId>,
    /// The body block as an expression of the function's result type.
    pub value: Expr,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Ty,
    pub span: Span,
}

/// A compile-time constant operand.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Bool(bool),
    /// Integer of the expression's integer type, as its mathematical value.
    Int(i128),
    Float(f64),
    Char(char),
    /// A string literal (a static, never-counted block).
    Str(String),
    Unit,
    /// `null` of a pointer type.
    Null,
}

/// Primitive binary operators (operands of one primitive type, see LANGUAGE.md §6.3).
/// `And`/`Or` short-circuit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// Primitive unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Not,
    BitNot,
}

/// Operations implemented by codegen or the C runtime rather than by a TML body.
/// Argument and result types are given per variant; `ty_args` of [`ExprKind::Intrinsic`]
/// supplies the `T` where one is mentioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    /// `(Str) -> Unit`: print to stdout (`stream` 1) or stderr (2), with a newline or not.
    Print {
        stream: u8,
        newline: bool,
    },
    /// `(Str) -> Never`: panic with the message at the site.
    Panic,
    /// `(I32) -> Never`: `exit(code)`.
    Exit,
    /// `(T) -> Str` for a primitive `T` (integers, floats, Bool, Char, Str, Unit): Display.
    ToString,
    /// `(F32|F64) -> Str`: `{:.N}` formatting with `N` digits.
    FloatToStrPrec(u32),
    /// `(Str) -> Str`: Str in double quotes with `\"`, `\\`, `\n`, `\t` escaped (assert_eq).
    StrDebug,
    /// `(Char) -> Str`: Char in single quotes (assert_eq).
    CharDebug,
    /// `(Str, Str) -> Str`.
    StrConcat,
    /// `(Str, …) -> Str`: concatenation of all arguments (interpolation, format).
    StrConcatN,
    /// `(Str, Str) -> Bool`.
    StrEq,
    /// `(Str, Str) -> I32`: byte-wise comparison, negative / 0 / positive.
    StrCmp,
    /// `(Str) -> I64`.
    StrLen,
    /// `(Str) -> I64`: FNV-1a hash.
    StrHash,
    /// `(Str, I64, I64) -> Str`.
    StrSlice,
    /// `(Str, Str) -> Bool`.
    StrContains,
    StrStartsWith,
    StrEndsWith,
    /// `(Str, Str) -> I64`: first occurrence or -1.
    StrFind,
    /// `(Str) -> Str`.
    StrToUppercase,
    StrToLowercase,
    StrTrim,
    StrTrimStart,
    StrTrimEnd,
    /// `(Str, Str, Str) -> Str`.
    StrReplace,
    /// `(Str, I64) -> Str`.
    StrRepeat,
    /// `(Str, I64) -> U8`.
    StrByteAt,
    /// `(Char) -> Str`: one-character string.
    StrFromChar,
    /// Numeric methods on a primitive `T` (receiver first): `(T) -> T`.
    Abs,
    /// `(T, T) -> T`.
    Min,
    Max,
    /// `(T, U32) -> T` for integers (overflow-checked in debug builds), `(F, F) -> F` for floats.
    Pow,
    /// `(T, T) -> T` wrapping arithmetic.
    WrappingAdd,
    WrappingSub,
    WrappingMul,
    /// `(F) -> F`.
    Sqrt,
    Floor,
    Ceil,
    /// Half away from zero.
    Round,
    /// `(F) -> Bool`.
    IsNan,
    /// `(I64) -> *Unit`: `mem_alloc` (16-byte aligned, tracked, type `raw`).
    MemAlloc,
    MemAllocZeroed,
    /// `(*Unit) -> Unit`.
    MemFree,
    /// `(*Unit, *Unit, I64) -> Unit`: memmove.
    MemCopy,
    /// `(*Unit, U8, I64) -> Unit`.
    MemSet,
    /// `(*U) -> T` (typed read through any pointer; `ty_args[0]` = T).
    PtrRead,
    /// `(*U, T) -> Unit` (typed write, old contents not dropped).
    PtrWrite,
    /// `(*T, I64) -> *T`: `n` **bytes** further (`ptr_offset`).
    PtrByteOffset,
    /// `(*T, I64) -> *T`: `n` **elements** further (`p.offset(n)`).
    PtrElemOffset,
    /// `(*T) -> Bool`.
    PtrIsNull,
    /// `() -> I64`, `ty_args[0]` = T.
    SizeOf,
    AlignOf,
    /// `() -> I64`: tracker introspection.
    LiveAllocations,
    LiveBytes,
    /// `(*T) -> Unit`: runs the drop glue of the `T` at the pointer (`ty_args[0]` = T).
    DropInPlace,
    /// `(size: I64, align: I64) -> *Unit`: a tracked allocation shown in leak reports as
    /// `display(ty_args[0])` (e.g. `Shared[RefCell[Node]]`) at the current site.
    AllocTyped,
    /// `(ptr: *Unit, new_size: I64, align: I64) -> *Unit`: resize a block from `AllocTyped`
    /// (or null); the block takes the current site (list/map buffer growth).
    ReallocTyped,
    /// `(*I64, I64) -> I64`: atomic fetch-add / fetch-sub (sequentially consistent), returning
    /// the previous value (`Sync` counts).
    AtomicAdd,
    AtomicSub,
    /// `(*I64) -> I64`: atomic load.
    AtomicLoad,
    /// `() -> *Unit`: pointer to `T`'s drop glue as a C function `void(void *)`, or null when
    /// `T` has nothing to drop (arena and pool destructor callbacks, DESIGN.md).
    DropGlue,
    /// `() -> Bool`: whether `T` has drop glue.
    NeedsDrop,
    /// `() -> *Unit`: the current source location as a `const TmlSite *` (inside a
    /// `track_caller` function: its caller's), for runtime calls that may panic.
    Site,
    /// `() -> *Unit`: like `Site`, labelled `display(ty_args[0])` for leak reports (the creation
    /// site of blocks a runtime structure allocates later: arena and pool chunks).
    AllocSite,
    /// `(Str) -> Unit`: records an `Err` test result's text (runtime `tml_test_record_err`).
    TestRecordErr,
    /// `() -> I64`: number of command-line arguments after the program name.
    ArgCount,
    /// `(I64) -> Str`: argument `i`.
    Arg,
    /// `() -> C` (`ty_args[0]` = C): for a reference class, a new tracked heap object of class
    /// C (shown as `C` in leak reports, at the current site) whose vtable pointer is set and
    /// whose fields are uninitialised; for a `@value` class, an uninitialised value.
    ClassNew,
    /// `(ref X) -> Bool` (`ty_args` = [the tested type, X]), where X is a class type or a
    /// `dyn`: for a tested class D whether the object's dynamic class is D or a subclass of D
    /// (a `dyn` holding no class object never is); for a tested `dyn B` whether the dynamic
    /// class (or the concrete type behind the `dyn`) implements B.
    ClassIs,
    /// `() -> *T`: the address of static `program.statics[i]`.
    StaticPtr(usize),
}

/// What a call calls.
#[derive(Clone, Debug)]
pub enum Callee {
    /// A known function with its type arguments (one per entry of its `generics`).
    Fn { id: FnId, ty_args: Vec<Ty> },
    /// Method `method` (index into [`BehaviorDef::methods`]) of behavior `behavior`,
    /// implemented by `self_ty` (which contains type parameters: resolved at
    /// monomorphization). `ty_args` are the impl-free extra arguments of the method.
    Behavior { behavior: BehaviorId, method: usize, self_ty: Ty, ty_args: Vec<Ty> },
    /// A function value (`func(…) -> R`).
    Value(Box<Expr>),
    /// Method `method` of behavior `behavior` called through a vtable; the first argument is
    /// the receiver of type `ref dyn B` / `mut ref dyn B`.
    Dyn { behavior: BehaviorId, method: usize },
    /// Virtual method `slot` (index into [`ClassDef::vslots`] of the receiver's static class)
    /// called through the object's vtable; the first argument is the receiver `ref C` /
    /// `mut ref C`.
    Virtual { slot: usize },
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Lit(Const),
    /// A local variable (a place).
    Local(LocalId),
    /// Field `field` of a struct or tuple place/value (a place if the base is).
    Field {
        base: Box<Expr>,
        field: usize,
    },
    /// Fixed-array indexing `base[index]` (a place); bounds-checked at `site`.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
        site: Span,
    },
    /// `*e` for `e: ref T`, `mut ref T` or `*T` (a place).
    Deref(Box<Expr>),
    /// `ref place` / `mut ref place` (also auto-ref of receivers). A non-place operand is
    /// first stored in a temporary that lives to the end of the enclosing statement.
    Ref {
        mutability: Mutability,
        place: Box<Expr>,
    },
    /// `&place` in lowlevel code: type `*T`, no loan.
    AddrOf(Box<Expr>),
    /// A call; `site` is the panic location (callee's first token or method name).
    Call {
        callee: Callee,
        args: Vec<Expr>,
        site: Span,
    },
    Intrinsic {
        op: Intrinsic,
        ty_args: Vec<Ty>,
        args: Vec<Expr>,
        site: Span,
    },
    /// Primitive unary operator; `site` is the operator token.
    Unary {
        op: UnOp,
        operand: Box<Expr>,
        site: Span,
    },
    /// Primitive binary operator on operands of one type; `site` is the operator token.
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        site: Span,
    },
    /// Primitive `as` cast to `Expr::ty`.
    Cast(Box<Expr>),
    /// `place = value`: value first, then the old value is dropped, then stored.
    Assign {
        place: Box<Expr>,
        value: Box<Expr>,
    },
    /// `place op= value` on primitives.
    CompoundAssign {
        op: BinOp,
        place: Box<Expr>,
        value: Box<Expr>,
        site: Span,
    },
    Tuple(Vec<Expr>),
    /// Array literal.
    Array(Vec<Expr>),
    /// `[value; count]` (value is Copy).
    ArrayRepeat(Box<Expr>, u64),
    /// Struct literal (`variant` 0) or enum variant construction. `fields` pairs a field index
    /// with its initialiser in evaluation (written) order; defaulted fields are appended.
    Adt {
        adt: AdtId,
        variant: usize,
        ty_args: Vec<Ty>,
        fields: Vec<(usize, Expr)>,
    },
    Block(Block),
    If {
        cond: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Option<Box<Expr>>,
    },
    /// `when` (and `if let`, `let … else`): arms tried in order; exhaustiveness already checked.
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<Arm>,
    },
    /// `loop { body }`; leaves only by `break`/`return`.
    Loop(Block),
    /// `for pattern in iterable { body }`.
    For {
        pattern: Pat,
        iter: ForIter,
        body: Block,
    },
    Break,
    Continue,
    Return(Option<Box<Expr>>),
    /// A non-capturing reference to a named function as a value.
    FnRef {
        id: FnId,
        ty_args: Vec<Ty>,
    },
    /// A closure value: the closure body `id` (see [`FnDef::closure_env`]) with the captured
    /// values, evaluated (copied or moved) in order into one counted environment block.
    Closure {
        id: FnId,
        ty_args: Vec<Ty>,
        captures: Vec<Expr>,
    },
    /// Coercion of a concrete value to `dyn B` (`Expr::ty`): the value is moved into a new heap
    /// box with the vtable of its type's `impl B` (MEMORY.md §10.2). When `Expr::ty` is
    /// `ref dyn B` / `mut ref dyn B`, the operand is a reference `ref T` / `mut ref T` to a
    /// concrete value and the result is the borrowed pair {data = that reference, vtable of
    /// `T`'s `impl B`}, built without allocation (LANGUAGE.md §5.7).
    ToDyn(Box<Expr>),
    /// Reinterprets a class value (or a reference to one) as another class type of the same
    /// hierarchy (`Expr::ty`): upcasts and checked downcasts. The object is unchanged; a value
    /// operand is moved.
    ClassCast(Box<Expr>),
}

/// What a `for` loop iterates over.
#[derive(Clone, Debug)]
pub enum ForIter {
    /// `start to end` (exclusive) / `start through end` over an integer or Char type.
    Range { start: Box<Expr>, end: Box<Expr>, inclusive: bool },
    /// A fixed array place or value, or a reference to one; elements are bound by value if
    /// Copy, else as references (the array is borrowed for the whole loop).
    Array(Box<Expr>),
}

/// `{ stmts; tail }`. `tail` is the block's value (absent: `()`).
#[derive(Clone, Debug)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub tail: Option<Box<Expr>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Stmt {
    /// `let pattern [= init] [else { … }]`; `else_block` diverges.
    Let { pattern: Pat, init: Option<Expr>, else_block: Option<Block>, span: Span },
    /// An expression statement; its value is dropped at the end of the statement.
    Expr(Expr),
}

/// One `when` arm.
#[derive(Clone, Debug)]
pub struct Arm {
    pub pattern: Pat,
    pub body: Expr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Pat {
    pub kind: PatKind,
    pub ty: Ty,
    pub span: Span,
}

/// How a binding takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingMode {
    /// Copies or moves the matched part.
    ByValue,
    /// Borrows the matched part (matching through a reference, LANGUAGE.md §7).
    ByRef(Mutability),
}

#[derive(Clone, Debug)]
pub enum PatKind {
    Wild,
    /// Binds the matched value to `local`.
    Binding {
        local: LocalId,
        mode: BindingMode,
    },
    /// Equality with a constant (integers, Char, Bool, Str, floats).
    Const(Const),
    /// Integer or Char range.
    Range {
        lo: Const,
        hi: Const,
        inclusive: bool,
    },
    /// A tuple or struct: one sub-pattern per field, in field order (missing ones are `Wild`).
    Fields(Vec<Pat>),
    /// An enum variant with one sub-pattern per payload field.
    Variant {
        adt: AdtId,
        variant: usize,
        fields: Vec<Pat>,
    },
    /// Match through a reference: the scrutinee has type `ref T`/`mut ref T`, the inner
    /// pattern has type `T` and its bindings are `ByRef`.
    Deref(Box<Pat>),
    Or(Vec<Pat>),
}
