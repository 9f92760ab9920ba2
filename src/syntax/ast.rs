//! The abstract syntax tree produced by the parser (LANGUAGE.md §3).
//!
//! The tree mirrors the surface grammar closely; it is untyped and unresolved. Every node that
//! can be the subject of a diagnostic carries a [`Span`]. Desugarings that need no name
//! resolution are done by the parser: `var x` is `let mut x`, `extend T with B` is
//! `impl B for T`, `&&`/`||`/prefix `!` are `and`/`or`/`not`, `while c { }` is
//! `loop (c) { }`, `a ? b : c` is `if a then b else c`, `Self` is `This`, and a string literal's
//! interpolations are split into [`StrPart`]s. Everything else (methods vs. fields, index vs.
//! type arguments, variants vs. bindings) is decided by semantic analysis.

use crate::span::Span;

/// An identifier with its span.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One parsed source file (a module).
#[derive(Clone, Debug, Default)]
pub struct File {
    pub uses: Vec<UseDecl>,
    pub items: Vec<Item>,
}

/// `[pub] use a::b::{c, d as e}` (LANGUAGE.md §12).
#[derive(Clone, Debug)]
pub struct UseDecl {
    pub is_pub: bool,
    /// The path segments before any `::*` / `::{…}` tail.
    pub path: Vec<Ident>,
    pub kind: UseKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum UseKind {
    /// `use a::b` or `use a::b as c`.
    Single { alias: Option<Ident> },
    /// `use a::*`.
    Glob,
    /// `use a::{x, y as z}`: `(name, alias)` pairs.
    List(Vec<(Ident, Option<Ident>)>),
}

/// `@name` or `@name(args)`.
#[derive(Clone, Debug)]
pub struct Decorator {
    pub name: Ident,
    pub args: Vec<DecoratorArg>,
    pub span: Span,
}

/// One decorator argument: a literal, an identifier, or `key: value`.
#[derive(Clone, Debug)]
pub struct DecoratorArg {
    pub key: Option<Ident>,
    pub value: DecoratorValue,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum DecoratorValue {
    Ident(Ident),
    Lit(Lit),
    /// A string (interpolation is not allowed in decorator strings).
    Str(String),
}

/// Member visibility (`pub`, `private`, `protected`, or none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// No modifier: visible within the module.
    Default,
    Pub,
    Private,
    Protected,
}

/// A top-level item with its decorators and visibility.
#[derive(Clone, Debug)]
pub struct Item {
    pub decorators: Vec<Decorator>,
    pub vis: Visibility,
    pub kind: ItemKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Func(FuncDecl),
    Const(ConstDecl),
    /// `type Name[..] { fields }`: a struct.
    Struct(StructDecl),
    /// `type Name[..] { variants }` or `enum Name[..] { … }`.
    Enum(EnumDecl),
    /// `type Name[..] = T`.
    Alias(AliasDecl),
    /// `impl`, `impl B for T`, `extend T`, `extend T with B`.
    Impl(ImplDecl),
    /// `behavior B[..]: Req { … }`.
    Behavior(BehaviorDecl),
    /// `interface I extends J { … }`.
    Interface(InterfaceDecl),
    Class(ClassDecl),
}

/// A generic parameter `T: B1 + B2`.
#[derive(Clone, Debug)]
pub struct GenericParam {
    pub name: Ident,
    pub bounds: Vec<PathType>,
}

/// A `where` predicate `Type: B1 + B2`.
#[derive(Clone, Debug)]
pub struct WherePred {
    pub ty: Type,
    pub bounds: Vec<PathType>,
    pub span: Span,
}

/// A method receiver (first parameter of a method).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// `this`, `ref this`, `this: ref This`: shared borrow.
    Ref,
    /// `mut this`, `mut ref this`, `this: mut ref This`: exclusive borrow.
    MutRef,
    /// `this: This`: by value.
    Value,
}

/// A function parameter `name: Type`.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: Ident,
    pub ty: Type,
    pub span: Span,
}

/// `[lowlevel] func name[G](params) -> Ret where … { body }`; also behavior and class methods.
#[derive(Clone, Debug)]
pub struct FuncDecl {
    pub name: Ident,
    pub is_lowlevel: bool,
    pub generics: Vec<GenericParam>,
    /// The receiver and its span, when the first parameter is `this`.
    pub receiver: Option<(Receiver, Span)>,
    pub params: Vec<Param>,
    pub ret: Option<Type>,
    pub where_clause: Vec<WherePred>,
    /// `None` for a required behavior/interface method or an abstract class method.
    pub body: Option<Block>,
    /// Span of the header (from `func` to the end of the result type).
    pub span: Span,
}

/// `const NAME[: T] = expr`.
#[derive(Clone, Debug)]
pub struct ConstDecl {
    pub name: Ident,
    pub ty: Option<Type>,
    pub value: Expr,
    pub span: Span,
}

/// A struct field (also struct-like variant fields and class fields).
#[derive(Clone, Debug)]
pub struct FieldDecl {
    pub decorators: Vec<Decorator>,
    pub vis: Visibility,
    pub name: Ident,
    pub ty: Type,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct StructDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub fields: Vec<FieldDecl>,
}

#[derive(Clone, Debug)]
pub struct EnumDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug)]
pub struct Variant {
    pub name: Ident,
    pub kind: VariantKind,
    /// Explicit discriminant `Name = 3` of a fieldless variant, if any.
    pub discriminant: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum VariantKind {
    Unit,
    Tuple(Vec<Type>),
    Struct(Vec<FieldDecl>),
}

#[derive(Clone, Debug)]
pub struct AliasDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub ty: Type,
}

/// `impl[G] [B for] T where … { members }` (and the `extend` spellings).
#[derive(Clone, Debug)]
pub struct ImplDecl {
    pub generics: Vec<GenericParam>,
    pub behavior: Option<PathType>,
    pub self_ty: Type,
    pub where_clause: Vec<WherePred>,
    pub members: Vec<ImplMember>,
}

#[derive(Clone, Debug)]
pub struct ImplMember {
    pub decorators: Vec<Decorator>,
    pub vis: Visibility,
    pub kind: ImplMemberKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ImplMemberKind {
    Func(FuncDecl),
    /// `type Item = T` (associated type binding).
    AssocType(Ident, Type),
}

#[derive(Clone, Debug)]
pub struct BehaviorDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    /// Required behaviors (`behavior B: A + C`).
    pub supers: Vec<PathType>,
    pub members: Vec<BehaviorMember>,
}

#[derive(Clone, Debug)]
pub struct InterfaceDecl {
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub extends: Vec<PathType>,
    pub members: Vec<BehaviorMember>,
}

#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum BehaviorMember {
    /// A method signature, with a default body when `body` is `Some`.
    Func(FuncDecl),
    /// `type Item[: Bounds]`.
    AssocType(Ident, Vec<PathType>),
}

/// `abstract` / `sealed` modifier of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassModifier {
    None,
    Abstract,
    Sealed,
}

#[derive(Clone, Debug)]
pub struct ClassDecl {
    pub modifier: ClassModifier,
    pub name: Ident,
    pub generics: Vec<GenericParam>,
    pub extends: Option<PathType>,
    pub implements: Vec<PathType>,
    pub members: Vec<ClassMember>,
}

#[derive(Clone, Debug)]
pub struct ClassMember {
    pub decorators: Vec<Decorator>,
    pub vis: Visibility,
    pub kind: ClassMemberKind,
    pub span: Span,
}

/// Method modifiers of a class method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MethodModifiers {
    pub is_static: bool,
    pub is_virtual: bool,
    pub is_override: bool,
    pub is_abstract: bool,
}

#[derive(Clone, Debug)]
pub enum ClassMemberKind {
    Field { is_static: bool, field: FieldDecl },
    Method { modifiers: MethodModifiers, func: FuncDecl },
    Constructor(Constructor),
}

/// `new(params) [base: Base::new(args)] { body }`.
#[derive(Clone, Debug)]
pub struct Constructor {
    pub params: Vec<Param>,
    /// `(base class path, arguments)` of the `base:` call.
    pub base_call: Option<(PathType, Vec<Expr>)>,
    pub body: Block,
    pub span: Span,
}

/// A path type `a::B[T, U]::C` (LANGUAGE.md §3.2 `PathType`).
#[derive(Clone, Debug)]
pub struct PathType {
    pub segments: Vec<PathSegment>,
    pub span: Span,
}

/// One path segment with optional generic arguments: `List[I32]`.
#[derive(Clone, Debug)]
pub struct PathSegment {
    pub name: Ident,
    pub args: Vec<Type>,
}

#[derive(Clone, Debug)]
pub struct Type {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    /// A named type; also primitives (`I32`), `This`/`Self` and `This::Item`.
    Path(PathType),
    Ref(Box<Type>),
    MutRef(Box<Type>),
    Dyn(PathType),
    /// `*T`.
    Ptr(Box<Type>),
    /// `()`.
    Unit,
    Tuple(Vec<Type>),
    /// `[T; N]`.
    Array(Box<Type>, Box<Expr>),
    /// `func(A, B) -> R` (`ret` is `None` for Unit).
    Func(Vec<Type>, Option<Box<Type>>),
}

/// `{ stmts }`. The value of the block is the last statement when it is an expression statement
/// without a trailing `;` (`has_trailing_semi == false`).
#[derive(Clone, Debug)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// Whether the last statement was followed by `;` (which discards its value).
    pub has_trailing_semi: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `let [mut] pat [: T] [= e [else { … }]]`; `var x [: T] [= e]` has `mutable: true`.
    Let {
        pattern: Pattern,
        mutable: bool,
        ty: Option<Type>,
        init: Option<Expr>,
        else_block: Option<Block>,
    },
    Const(ConstDecl),
    Expr(Expr),
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Literal values. Integer literals keep their value as `u128` (the magnitude; a `-` applied
/// directly to a literal is a separate [`UnaryOp::Neg`] that sema folds) and their suffix.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Int { value: u128, suffix: Option<String> },
    Float { value: f64, suffix: Option<String> },
    Bool(bool),
    Char(char),
    Null,
}

/// A piece of a string literal: literal text (escapes already decoded) or an interpolated
/// expression `{expr}`.
#[derive(Clone, Debug)]
pub enum StrPart {
    Text(String),
    Expr(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-e`
    Neg,
    /// `not e`, `!e`
    Not,
    /// `~e`
    BitNot,
    /// `*e`
    Deref,
    /// `&place` (lowlevel only)
    AddrOf,
}

/// Loop header forms.
#[derive(Clone, Debug)]
pub enum LoopKind {
    /// `loop { }`
    Infinite,
    /// `loop (cond) { }` and `while cond { }`.
    While(Box<Expr>),
    /// `loop (var name: T < limit) { }`.
    Counter { name: Ident, ty: Type, limit: Box<Expr> },
}

/// One `when` arm `pattern => body`.
#[derive(Clone, Debug)]
pub struct Arm {
    pub pattern: Pattern,
    pub body: Expr,
    pub span: Span,
}

/// A closure parameter `name[: T]`.
#[derive(Clone, Debug)]
pub struct ClosureParam {
    pub name: Ident,
    pub ty: Option<Type>,
}

/// A field initialiser in a struct literal; `Point { x }` has `value: None`.
#[derive(Clone, Debug)]
pub struct FieldInit {
    pub name: Ident,
    pub value: Option<Expr>,
    pub span: Span,
}

/// Either a type or an expression inside `e[ … ]` (LANGUAGE.md §3.5).
#[derive(Clone, Debug)]
pub enum TypeOrExpr {
    Type(Type),
    Expr(Expr),
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Lit(Lit),
    /// A string literal, split into text and interpolations.
    Str(Vec<StrPart>),
    /// A plain identifier (variable, function, constant, unit variant, type in a call path).
    Ident(Ident),
    /// `this`.
    This,
    /// `This` (as the start of a path, e.g. `This::new()`).
    ThisType,
    /// `base` used as `base.m(args)` inside a method.
    Base,
    /// `e::name` (path segment after a prefix expression such as `Type`, `module`, `Enum`).
    Path(Box<Expr>, Ident),
    /// `e[items]`: an index or type arguments (decided by sema).
    Index(Box<Expr>, Vec<TypeOrExpr>),
    /// `e.name` (field, or method when followed by a call).
    Field(Box<Expr>, Ident),
    /// `e.0`.
    TupleField(Box<Expr>, u32, Span),
    /// `e.name(args)`: a method call (or a call of a function-typed field, decided by sema).
    MethodCall {
        receiver: Box<Expr>,
        method: Ident,
        args: Vec<Expr>,
    },
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// The span of the operator token is kept for panic locations (LANGUAGE.md §15.2).
    Binary {
        op: BinaryOp,
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `place = value` or `place op= value` (`op` is `None` for plain `=`).
    Assign {
        op: Option<BinaryOp>,
        op_span: Span,
        place: Box<Expr>,
        value: Box<Expr>,
    },
    /// `e as T`.
    Cast(Box<Expr>, Type),
    /// `e is C`.
    Is(Box<Expr>, PathType),
    /// `ref e`.
    Ref(Box<Expr>),
    /// `mut ref e`.
    MutRef(Box<Expr>),
    /// Postfix `e!`.
    Propagate(Box<Expr>),
    /// `a to b` (`inclusive: false`) or `a through b`.
    Range {
        start: Box<Expr>,
        end: Box<Expr>,
        inclusive: bool,
    },
    /// `()`.
    Unit,
    /// `(a, b)`, `(a,)`.
    Tuple(Vec<Expr>),
    /// `(e)`, kept so that struct-literal-in-condition checks and spans stay exact.
    Paren(Box<Expr>),
    /// `[a, b, c]` (array, or a list when the expected type is `List[T]`).
    Array(Vec<Expr>),
    /// `[value; count]`.
    ArrayRepeat(Box<Expr>, Box<Expr>),
    /// `Path { fields }`.
    StructLit {
        path: Box<Expr>,
        fields: Vec<FieldInit>,
    },
    Block(Block),
    /// `lowlevel { }`.
    Lowlevel(Block),
    /// `if cond then e else e` / `if cond { } else { }`; `else_branch` is an expression (a block
    /// or another `if`).
    If {
        cond: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Option<Box<Expr>>,
    },
    /// `if let pattern = e { } else { }`.
    IfLet {
        pattern: Pattern,
        scrutinee: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Option<Box<Expr>>,
    },
    When {
        scrutinee: Box<Expr>,
        arms: Vec<Arm>,
    },
    Loop {
        kind: LoopKind,
        body: Block,
    },
    For {
        pattern: Pattern,
        iterable: Box<Expr>,
        body: Block,
    },
    /// `do(params) expr` or `do(params) -> T { block }`.
    Closure {
        params: Vec<ClosureParam>,
        ret: Option<Type>,
        body: Box<Expr>,
    },
    Return(Option<Box<Expr>>),
    Break,
    Continue,
    /// A placeholder for a syntax error that was recovered from; never reaches sema's output.
    Error,
}

#[derive(Clone, Debug)]
pub struct Pattern {
    pub kind: PatternKind,
    pub span: Span,
}

/// A literal pattern value (an optional leading `-` is folded into `negative`).
#[derive(Clone, Debug, PartialEq)]
pub enum LitPat {
    Int { value: u128, negative: bool, suffix: Option<String> },
    Float { value: f64, negative: bool },
    Char(char),
    Str(String),
    Bool(bool),
}

#[derive(Clone, Debug)]
pub enum PatternKind {
    Wild,
    /// `name` or `mut name`: a binding, unit variant or constant (decided by sema).
    Ident {
        name: Ident,
        mutable: bool,
    },
    Lit(LitPat),
    /// `a to b` / `a through b`.
    Range {
        start: LitPat,
        end: LitPat,
        inclusive: bool,
    },
    /// `Path(p, …)` or a qualified unit variant `Path` (`args` is `None` when no parentheses).
    Variant {
        path: Vec<Ident>,
        args: Option<Vec<Pattern>>,
    },
    /// `Path { field: pat, field, .. }`.
    Struct {
        path: Vec<Ident>,
        fields: Vec<FieldPat>,
        has_rest: bool,
    },
    Tuple(Vec<Pattern>),
    Or(Vec<Pattern>),
}

/// `field: pattern`, or the shorthand `field` (`pattern: None`).
#[derive(Clone, Debug)]
pub struct FieldPat {
    pub name: Ident,
    pub pattern: Option<Pattern>,
    pub span: Span,
}
