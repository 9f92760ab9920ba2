//! Helpers for the grammar's semantic actions: AST construction, desugarings and the checks that
//! the grammar itself leaves open (contextual keywords, modifiers, receivers).

use super::ast::*;
use super::token::{IntLit, Tok};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use lalrpop_util::{ErrorRecovery, ParseError};

/// The recovered-error list the grammar threads through its actions.
pub type Errors = Vec<ErrorRecovery<usize, Tok, Diagnostic>>;

/// What the parser's single start symbol produces.
pub enum Unit {
    File(File),
    /// The expression of a string interpolation (after the synthetic `INTERP` token).
    Expr(Expr),
}

/// A top-level entry of a file (short-lived, so the variant sizes do not matter).
#[allow(clippy::large_enum_variant)]
pub enum Entry {
    Use(UseDecl),
    Item(Item),
    /// A syntax error that was recovered from.
    Error,
}

/// A member of a `type`/`enum` body: a field (struct) or a variant (enum).
pub enum TypeMember {
    Field(FieldDecl),
    Variant(Vec<Decorator>, Visibility, Variant),
}

/// A parameter or a receiver, before the receiver is checked to come first.
pub enum ParamItem {
    Param(Param),
    Receiver(Receiver, Span),
}

/// The condition of an `if`: a boolean expression or `let pattern = e`.
pub enum Cond {
    Expr(Expr),
    Let(Pattern, Expr),
}

/// The span `[l, r)` of `file`.
pub fn sp(file: FileId, l: usize, r: usize) -> Span {
    Span::new(file, l, r)
}

/// Builds an expression node.
pub fn mk(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

/// Records a diagnostic raised by a semantic action.
pub fn report(errors: &mut Errors, diag: Diagnostic) {
    errors.push(ErrorRecovery { error: ParseError::User { error: diag }, dropped_tokens: Vec::new() });
}

fn syntax_error(errors: &mut Errors, msg: impl Into<String>, span: Span, label: &str) {
    report(errors, Diagnostic::error("E0010", msg, span, label));
}

/// Assembles a file from its entries.
pub fn build_file(entries: Vec<Entry>, last: Option<Entry>) -> File {
    let mut file = File::default();
    for entry in entries.into_iter().chain(last) {
        match entry {
            Entry::Use(u) => file.uses.push(u),
            Entry::Item(i) => file.items.push(i),
            Entry::Error => {}
        }
    }
    file
}

/// A `use` declaration (decorators are not allowed on it).
#[allow(clippy::too_many_arguments)]
pub fn use_entry(
    errors: &mut Errors,
    file: FileId,
    decorators: Vec<Decorator>,
    vis: Visibility,
    (path, kind): (Vec<Ident>, UseKind),
    l: usize,
    r: usize,
) -> Entry {
    if let Some(d) = decorators.first() {
        syntax_error(errors, "decorators are not allowed on `use` declarations", d.span, "unexpected decorator");
    }
    Entry::Use(UseDecl { is_pub: vis == Visibility::Pub, path, kind, span: sp(file, l, r) })
}

/// The text of a string literal that may not contain interpolations (patterns, decorators).
pub fn plain_string(errors: &mut Errors, file: FileId, parts: Vec<StrPart>, l: usize, r: usize) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            StrPart::Text(t) => out.push_str(&t),
            StrPart::Expr(e) => report(
                errors,
                Diagnostic::error(
                    "E0012",
                    "interpolation is not allowed in this string literal",
                    e.span,
                    "interpolation here",
                )
                .with_secondary(sp(file, l, r), "in this literal"),
            ),
        }
    }
    out
}

/// `type Name { … }` / `enum Name { … }`: a struct when the members are fields, else an enum.
pub fn type_decl(
    errors: &mut Errors,
    name: Ident,
    generics: Vec<GenericParam>,
    members: Vec<TypeMember>,
    force_enum: bool,
) -> ItemKind {
    let is_struct = !force_enum && matches!(members.first(), None | Some(TypeMember::Field(_)));
    let mut fields = Vec::new();
    let mut variants = Vec::new();
    for m in members {
        match (m, is_struct) {
            (TypeMember::Field(f), true) => fields.push(f),
            (TypeMember::Variant(d, v, var), false) => {
                if let Some(d) = d.first() {
                    syntax_error(errors, "decorators are not allowed on enum variants", d.span, "unexpected decorator");
                }
                if v != Visibility::Default {
                    syntax_error(errors, "enum variants cannot have a visibility", var.name.span, "unexpected `pub`");
                }
                variants.push(var);
            }
            (TypeMember::Field(f), false) => syntax_error(
                errors,
                format!("expected a variant, found field `{}`", f.name.name),
                f.span,
                "fields cannot be mixed with variants",
            ),
            (TypeMember::Variant(_, _, var), true) => syntax_error(
                errors,
                format!("expected `:` after field `{}`", var.name.name),
                var.span,
                "variants cannot be mixed with fields",
            ),
        }
    }
    if is_struct {
        ItemKind::Struct(StructDecl { name, generics, fields })
    } else {
        ItemKind::Enum(EnumDecl { name, generics, variants })
    }
}

fn expect_word(errors: &mut Errors, word: &Ident, expected: &str) {
    if word.name != expected {
        syntax_error(
            errors,
            format!("expected `{expected}`, found `{}`", word.name),
            word.span,
            "unexpected identifier",
        );
    }
}

/// `extend T [with B] { … }` as an impl.
pub fn extend_decl(
    errors: &mut Errors,
    generics: Vec<GenericParam>,
    self_ty: Type,
    with: Option<(Ident, PathType)>,
    where_clause: Vec<WherePred>,
    members: Vec<Option<ImplMember>>,
) -> ItemKind {
    let behavior = with.map(|(kw, b)| {
        expect_word(errors, &kw, "with");
        b
    });
    ItemKind::Impl(ImplDecl {
        generics,
        behavior,
        self_ty,
        where_clause,
        members: members.into_iter().flatten().collect(),
    })
}

/// `interface I [extends A, B] { … }`.
pub fn interface_decl(
    errors: &mut Errors,
    name: Ident,
    generics: Vec<GenericParam>,
    extends: Option<(Ident, Vec<PathType>)>,
    members: Vec<Option<BehaviorMember>>,
) -> ItemKind {
    let extends = extends
        .map(|(kw, list)| {
            expect_word(errors, &kw, "extends");
            list
        })
        .unwrap_or_default();
    ItemKind::Interface(InterfaceDecl { name, generics, extends, members: members.into_iter().flatten().collect() })
}

/// `[abstract|sealed] class C [extends B] [implements I, J] { … }`.
pub fn class_decl(
    errors: &mut Errors,
    modifier: Option<Ident>,
    name: Ident,
    generics: Vec<GenericParam>,
    clauses: Vec<(Ident, Vec<PathType>)>,
    members: Vec<Option<ClassMember>>,
) -> ItemKind {
    let modifier = match modifier {
        None => ClassModifier::None,
        Some(m) if m.name == "abstract" => ClassModifier::Abstract,
        Some(m) if m.name == "sealed" => ClassModifier::Sealed,
        Some(m) => {
            syntax_error(
                errors,
                format!("expected `abstract` or `sealed`, found `{}`", m.name),
                m.span,
                "unknown class modifier",
            );
            ClassModifier::None
        }
    };
    let mut extends = None;
    let mut implements = Vec::new();
    for (kw, mut list) in clauses {
        match kw.name.as_str() {
            "extends" if extends.is_none() && list.len() == 1 => extends = list.pop(),
            "extends" => {
                syntax_error(errors, "a class extends exactly one base class", kw.span, "single inheritance only")
            }
            "implements" => implements.append(&mut list),
            _ => syntax_error(
                errors,
                format!("expected `extends`, `implements` or `{{`, found `{}`", kw.name),
                kw.span,
                "unexpected identifier",
            ),
        }
    }
    ItemKind::Class(ClassDecl {
        modifier,
        name,
        generics,
        extends,
        implements,
        members: members.into_iter().flatten().collect(),
    })
}

/// Splits a parameter list into the receiver (which must come first) and ordinary parameters.
pub fn split_params(errors: &mut Errors, items: Vec<ParamItem>) -> (Option<(Receiver, Span)>, Vec<Param>) {
    let mut receiver = None;
    let mut params = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            ParamItem::Param(p) => params.push(p),
            ParamItem::Receiver(r, span) if i == 0 => receiver = Some((r, span)),
            ParamItem::Receiver(_, span) => {
                syntax_error(errors, "`this` must be the first parameter", span, "receiver not in first position")
            }
        }
    }
    (receiver, params)
}

/// The receiver kind of `this: T`.
pub fn receiver_from_type(ty: &Type) -> Receiver {
    match ty.kind {
        TypeKind::Ref(_) => Receiver::Ref,
        TypeKind::MutRef(_) => Receiver::MutRef,
        _ => Receiver::Value,
    }
}

/// Splits class member words into modifiers; reports unknown ones.
fn member_modifiers(errors: &mut Errors, vis: &mut Visibility, words: &[Ident], allowed: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        match w.name.as_str() {
            "private" | "protected" if *vis == Visibility::Default => {
                *vis = if w.name == "private" { Visibility::Private } else { Visibility::Protected };
            }
            m if allowed.contains(&m) && !out.iter().any(|o: &String| o == m) => out.push(m.to_string()),
            _ => syntax_error(errors, format!("unexpected modifier `{}`", w.name), w.span, "not a valid modifier here"),
        }
    }
    out
}

/// A class field `[modifiers] name: T [= e]`.
#[allow(clippy::too_many_arguments)]
pub fn class_field(
    errors: &mut Errors,
    file: FileId,
    decorators: Vec<Decorator>,
    mut vis: Visibility,
    mut words: Vec<Ident>,
    ty: Type,
    default: Option<Expr>,
    l: usize,
    r: usize,
) -> Option<ClassMember> {
    let name = words.pop()?;
    let mods = member_modifiers(errors, &mut vis, &words, &["static"]);
    let span = sp(file, l, r);
    let field = FieldDecl { decorators: Vec::new(), vis, name, ty, default, span };
    let kind = ClassMemberKind::Field { is_static: mods.iter().any(|m| m == "static"), field };
    Some(ClassMember { decorators, vis, kind, span })
}

/// A class method with its modifiers.
#[allow(clippy::too_many_arguments)]
pub fn class_method(
    errors: &mut Errors,
    file: FileId,
    decorators: Vec<Decorator>,
    mut vis: Visibility,
    words: Vec<Ident>,
    func: FuncDecl,
    body: Option<Block>,
    l: usize,
    r: usize,
) -> Option<ClassMember> {
    let mods = member_modifiers(errors, &mut vis, &words, &["static", "virtual", "override", "abstract"]);
    let has = |m: &str| mods.iter().any(|x| x == m);
    let modifiers = MethodModifiers {
        is_static: has("static"),
        is_virtual: has("virtual"),
        is_override: has("override"),
        is_abstract: has("abstract"),
    };
    let func = FuncDecl { body, ..func };
    Some(ClassMember { decorators, vis, kind: ClassMemberKind::Method { modifiers, func }, span: sp(file, l, r) })
}

/// A constructor `new(params) [base: B::new(args)] { … }`.
#[allow(clippy::too_many_arguments)]
pub fn class_constructor(
    errors: &mut Errors,
    file: FileId,
    decorators: Vec<Decorator>,
    mut vis: Visibility,
    mut words: Vec<Ident>,
    params: Vec<ParamItem>,
    base: Option<(Ident, PathType, Vec<Expr>)>,
    body: Block,
    l: usize,
    r: usize,
) -> Option<ClassMember> {
    let new_kw = words.pop()?;
    expect_word(errors, &new_kw, "new");
    member_modifiers(errors, &mut vis, &words, &[]);
    let (receiver, params) = split_params(errors, params);
    if let Some((_, span)) = receiver {
        syntax_error(errors, "a constructor has no receiver parameter", span, "`this` is implicit in constructors");
    }
    let base_call = base.map(|(kw, mut path, args)| {
        expect_word(errors, &kw, "base");
        match path.segments.last() {
            Some(last) if last.name.name == "new" && path.segments.len() > 1 => {
                path.segments.pop();
                if let Some(seg) = path.segments.last() {
                    path.span = Span { hi: seg.name.span.hi, ..path.span };
                }
            }
            _ => {
                syntax_error(errors, "expected `Base::new(…)` after `base:`", path.span, "not a base constructor call")
            }
        }
        (path, args)
    });
    let span = sp(file, l, r);
    let ctor = Constructor { params, base_call, body, span };
    Some(ClassMember { decorators, vis, kind: ClassMemberKind::Constructor(ctor), span })
}

/// A block from `(statement, separator-had-semicolon)` pairs and an optional final statement.
pub fn build_block(stmts: Vec<(Stmt, bool)>, last: Option<Stmt>, span: Span) -> Block {
    let has_trailing_semi = last.is_none() && stmts.last().is_some_and(|(_, semi)| *semi);
    let stmts = stmts.into_iter().map(|(s, _)| s).chain(last).collect();
    Block { stmts, has_trailing_semi, span }
}

/// `let [mut] pattern [: T] [= e [else { … }]]`; a top-level `mut x` pattern makes the binding
/// mutable.
pub fn let_stmt(pattern: Pattern, ty: Option<Type>, init: Option<Expr>, else_block: Option<Block>, span: Span) -> Stmt {
    let (pattern, mutable) = match pattern.kind {
        PatternKind::Ident { name, mutable: true } => {
            (Pattern { kind: PatternKind::Ident { name, mutable: false }, span: pattern.span }, true)
        }
        kind => (Pattern { kind, span: pattern.span }, false),
    };
    Stmt { kind: StmtKind::Let { pattern, mutable, ty, init, else_block }, span }
}

/// A block as an expression.
pub fn block_expr(b: Block) -> Expr {
    let span = b.span;
    mk(ExprKind::Block(b), span)
}

/// `place op= value`.
pub fn assign(place: Expr, (op, op_span): (Option<BinaryOp>, Span), value: Expr) -> Expr {
    let span = place.span.to(value.span);
    mk(ExprKind::Assign { op, op_span, place: Box::new(place), value: Box::new(value) }, span)
}

/// `lhs op rhs`.
pub fn binary(lhs: Expr, (op, op_span): (BinaryOp, Span), rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    mk(ExprKind::Binary { op, op_span, lhs: Box::new(lhs), rhs: Box::new(rhs) }, span)
}

/// A prefix operator starting at `l`.
pub fn unary(file: FileId, l: usize, op: UnaryOp, e: Expr) -> Expr {
    let span = sp(file, l, e.span.hi as usize);
    mk(ExprKind::Unary(op, Box::new(e)), span)
}

/// `a to b` / `a through b`.
pub fn range(start: Expr, end: Expr, inclusive: bool) -> Expr {
    let span = start.span.to(end.span);
    mk(ExprKind::Range { start: Box::new(start), end: Box::new(end), inclusive }, span)
}

/// `return e`.
pub fn ret(file: FileId, l: usize, e: Expr) -> Expr {
    let span = sp(file, l, e.span.hi as usize);
    mk(ExprKind::Return(Some(Box::new(e))), span)
}

/// `if` in all its spellings (also the ternary operator).
pub fn if_expr(file: FileId, l: usize, cond: Cond, then_branch: Expr, else_branch: Option<Expr>) -> Expr {
    let hi = else_branch.as_ref().unwrap_or(&then_branch).span.hi as usize;
    let span = sp(file, l, hi);
    let then_branch = Box::new(then_branch);
    let else_branch = else_branch.map(Box::new);
    match cond {
        Cond::Expr(c) => mk(ExprKind::If { cond: Box::new(c), then_branch, else_branch }, span),
        Cond::Let(pattern, s) => {
            mk(ExprKind::IfLet { pattern, scrutinee: Box::new(s), then_branch, else_branch }, span)
        }
    }
}

/// `do(params) [-> T] body`.
pub fn closure(file: FileId, l: usize, params: Vec<ClosureParam>, ret: Option<Type>, body: Expr) -> Expr {
    let span = sp(file, l, body.span.hi as usize);
    mk(ExprKind::Closure { params, ret, body: Box::new(body) }, span)
}

/// `e.0`.
pub fn tuple_field(errors: &mut Errors, file: FileId, e: Expr, index: IntLit, l: usize, r: usize) -> Expr {
    let span = sp(file, e.span.lo as usize, r);
    let index_span = sp(file, l, r);
    let value = match (u32::try_from(index.value), index.suffix) {
        (Ok(v), None) => v,
        _ => {
            syntax_error(errors, "invalid tuple index", index_span, "expected a plain integer");
            0
        }
    };
    mk(ExprKind::TupleField(Box::new(e), value, index_span), span)
}

/// `callee(args)`: a method call when the callee is a field access (`base.m(…)` calls the base
/// class's method).
pub fn call(file: FileId, callee: Expr, args: Vec<Expr>, r: usize) -> Expr {
    let span = sp(file, callee.span.lo as usize, r);
    match callee.kind {
        ExprKind::Field(receiver, method) => {
            let receiver = match receiver.kind {
                ExprKind::Ident(ref i) if i.name == "base" => Box::new(mk(ExprKind::Base, receiver.span)),
                _ => receiver,
            };
            mk(ExprKind::MethodCall { receiver, method, args }, span)
        }
        kind => mk(ExprKind::Call(Box::new(Expr { kind, span: callee.span }), args), span),
    }
}

/// Whether a type name looks like a type rather than a value: `T`, `I32`, `List`, but not
/// `MAX` or `count`.
fn looks_like_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_ascii_uppercase() {
        return false;
    }
    let rest: String = chars.collect();
    rest.is_empty() || rest.chars().any(|c| c.is_ascii_lowercase()) || rest.chars().all(|c| c.is_ascii_digit())
}

/// Converts an expression written inside `e[ … ]` to a type, when it has the shape of one.
fn expr_to_type(e: &Expr) -> Option<Type> {
    let kind = match &e.kind {
        ExprKind::Ident(_) | ExprKind::ThisType | ExprKind::Path(..) | ExprKind::Index(..) => {
            TypeKind::Path(expr_to_path(e)?)
        }
        ExprKind::Ref(inner) => TypeKind::Ref(Box::new(expr_to_type(inner)?)),
        ExprKind::MutRef(inner) => TypeKind::MutRef(Box::new(expr_to_type(inner)?)),
        ExprKind::Unary(UnaryOp::Deref, inner) => TypeKind::Ptr(Box::new(expr_to_type(inner)?)),
        ExprKind::Unit => TypeKind::Unit,
        ExprKind::Tuple(items) => TypeKind::Tuple(items.iter().map(expr_to_type).collect::<Option<_>>()?),
        ExprKind::Paren(inner) => return expr_to_type(inner),
        ExprKind::ArrayRepeat(t, n) => TypeKind::Array(Box::new(expr_to_type(t)?), n.clone()),
        _ => return None,
    };
    Some(Type { kind, span: e.span })
}

fn expr_to_path(e: &Expr) -> Option<PathType> {
    let mut segments = match &e.kind {
        ExprKind::Ident(i) => vec![PathSegment { name: i.clone(), args: Vec::new() }],
        ExprKind::ThisType => {
            vec![PathSegment { name: Ident { name: "This".to_string(), span: e.span }, args: Vec::new() }]
        }
        ExprKind::Path(prefix, name) => {
            let mut p = expr_to_path(prefix)?;
            p.segments.push(PathSegment { name: name.clone(), args: Vec::new() });
            p.segments
        }
        ExprKind::Index(prefix, items) => {
            let mut p = expr_to_path(prefix)?;
            let args = items
                .iter()
                .map(|item| match item {
                    TypeOrExpr::Type(t) => Some(t.clone()),
                    TypeOrExpr::Expr(x) => expr_to_type(x),
                })
                .collect::<Option<Vec<_>>>()?;
            let last = p.segments.last_mut()?;
            if !last.args.is_empty() {
                return None;
            }
            last.args = args;
            p.segments
        }
        _ => return None,
    };
    segments.shrink_to_fit();
    Some(PathType { segments, span: e.span })
}

/// Whether the expression form of a type names a type (see [`looks_like_type_name`]).
fn looks_like_type(t: &Type) -> bool {
    match &t.kind {
        TypeKind::Path(p) => {
            p.segments.last().is_some_and(|s| s.name.name == "This" || looks_like_type_name(&s.name.name))
        }
        TypeKind::Ref(inner) | TypeKind::MutRef(inner) | TypeKind::Ptr(inner) | TypeKind::Array(inner, _) => {
            looks_like_type(inner)
        }
        TypeKind::Tuple(items) => !items.is_empty() && items.iter().all(looks_like_type),
        TypeKind::Unit | TypeKind::Dyn(_) | TypeKind::Func(..) => true,
    }
}

/// One item of `e[ … ]`: a type when it has the shape of a type and names one by the naming
/// conventions (`List[I32]`, `pick[T]`), otherwise an expression (`a[i]`, `a[MAX]`). Semantic
/// analysis has the final word and may convert either way.
pub fn index_item(e: Expr) -> TypeOrExpr {
    match expr_to_type(&e) {
        Some(t) if looks_like_type(&t) => TypeOrExpr::Type(t),
        _ => TypeOrExpr::Expr(e),
    }
}

/// `p1 | p2 | …`.
pub fn or_pattern(first: Pattern, rest: Vec<Pattern>) -> Pattern {
    let span = rest.last().map_or(first.span, |p| first.span.to(p.span));
    let mut all = vec![first];
    all.extend(rest);
    Pattern { kind: PatternKind::Or(all), span }
}

/// A path pattern without arguments: a binding/unit variant (one segment) or a qualified variant.
pub fn path_pattern(mut path: Vec<Ident>, span: Span) -> Pattern {
    let kind = if path.len() == 1 {
        PatternKind::Ident { name: path.remove(0), mutable: false }
    } else {
        PatternKind::Variant { path, args: None }
    };
    Pattern { kind, span }
}

/// `Path { field: p, field, .. }`; `None` items are `..`, which must come last.
pub fn struct_pattern(errors: &mut Errors, path: Vec<Ident>, items: Vec<Option<FieldPat>>, span: Span) -> Pattern {
    let has_rest = items.iter().any(Option::is_none);
    if has_rest && items.last().is_some_and(Option::is_some) {
        syntax_error(errors, "`..` must be the last item of a struct pattern", span, "misplaced `..`");
    }
    let fields = items.into_iter().flatten().collect();
    Pattern { kind: PatternKind::Struct { path, fields, has_rest }, span }
}
