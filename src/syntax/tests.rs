//! Unit tests of the syntax stage, part 1: test helpers (an S-expression printer), the example
//! corpus, the newline rules of LANGUAGE.md §2.3 and literal lexing.

use super::ast::*;
use super::lexer::lex;
use super::parse_file;
use super::token::Tok;

pub(super) fn codes(src: &str) -> Vec<&'static str> {
    parse_file(0, src).1.iter().map(|d| d.code).collect()
}

pub(super) fn parse_ok(src: &str) -> File {
    let (file, diags) = parse_file(0, src);
    assert!(diags.is_empty(), "unexpected diagnostics for {src:?}: {diags:#?}");
    file
}

/// The statements of `func main() { BODY }`.
pub(super) fn stmts(body: &str) -> Vec<Stmt> {
    let file = parse_ok(&format!("func main() {{\n{body}\n}}"));
    match &file.items[0].kind {
        ItemKind::Func(f) => f.body.as_ref().expect("body").stmts.clone(),
        other => panic!("not a function: {other:?}"),
    }
}

/// S-expressions of the statements of `func main() { BODY }`.
pub(super) fn sexps(body: &str) -> Vec<String> {
    stmts(body).iter().map(stmt_sexp).collect()
}

/// The S-expression of a single expression statement.
pub(super) fn sexp(expr: &str) -> String {
    let all = sexps(expr);
    assert_eq!(all.len(), 1, "expected one statement in {expr:?}: {all:?}");
    all[0].clone()
}

fn stmt_sexp(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Let { pattern, mutable, init, .. } => {
            let m = if *mutable { "mut " } else { "" };
            match init {
                Some(e) => format!("(let {m}{} {})", pat_sexp(pattern), e_sexp(e)),
                None => format!("(let {m}{})", pat_sexp(pattern)),
            }
        }
        StmtKind::Const(c) => format!("(const {} {})", c.name.name, e_sexp(&c.value)),
        StmtKind::Expr(e) => e_sexp(e),
    }
}

fn pat_sexp(p: &Pattern) -> String {
    match &p.kind {
        PatternKind::Wild => "_".into(),
        PatternKind::Ident { name, mutable } => {
            format!("{}{}", if *mutable { "mut " } else { "" }, name.name)
        }
        PatternKind::Struct { path, fields, has_rest } => format!(
            "(struct {} {}{})",
            path.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join("::"),
            fields.iter().map(|f| f.name.name.as_str()).collect::<Vec<_>>().join(" "),
            if *has_rest { " .." } else { "" }
        ),
        PatternKind::Variant { path, args } => {
            let path = path.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join("::");
            match args {
                Some(a) => format!("({path}{})", a.iter().map(|p| format!(" {}", pat_sexp(p))).collect::<String>()),
                None => path,
            }
        }
        PatternKind::Lit(l) => lit_pat(l),
        PatternKind::Range { start, end, inclusive } => {
            format!("({} {} {})", if *inclusive { "through" } else { "to" }, lit_pat(start), lit_pat(end))
        }
        PatternKind::Tuple(items) => {
            format!("(tuple{})", items.iter().map(|p| format!(" {}", pat_sexp(p))).collect::<String>())
        }
        PatternKind::Or(items) => {
            format!("(|{})", items.iter().map(|p| format!(" {}", pat_sexp(p))).collect::<String>())
        }
    }
}

fn lit_pat(l: &LitPat) -> String {
    match l {
        LitPat::Int { value, negative, .. } => format!("{}{value}", if *negative { "-" } else { "" }),
        LitPat::Float { value, negative } => {
            format!("{}{value:?}", if *negative { "-" } else { "" })
        }
        LitPat::Char(c) => format!("{c:?}"),
        LitPat::Str(t) => format!("{t:?}"),
        LitPat::Bool(b) => b.to_string(),
    }
}

pub(super) fn arm_patterns(e: &Expr) -> Vec<String> {
    match &e.kind {
        ExprKind::When { arms, .. } => arms.iter().map(|a| pat_sexp(&a.pattern)).collect(),
        _ => panic!("not a when"),
    }
}

fn bin_op(op: BinaryOp) -> &'static str {
    use BinaryOp::*;
    match op {
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        Rem => "%",
        Pow => "**",
        BitAnd => "&",
        BitOr => "|",
        BitXor => "^",
        Shl => "<<",
        Shr => ">>",
        Eq => "==",
        Ne => "!=",
        Lt => "<",
        Le => "<=",
        Gt => ">",
        Ge => ">=",
        And => "and",
        Or => "or",
    }
}

fn list(items: &[Expr]) -> String {
    items.iter().map(|e| format!(" {}", e_sexp(e))).collect()
}

fn e_sexp(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Lit(Lit::Int { value, suffix }) => {
            format!("{value}{}", suffix.as_deref().unwrap_or(""))
        }
        ExprKind::Lit(Lit::Float { value, .. }) => format!("{value:?}"),
        ExprKind::Lit(Lit::Bool(b)) => b.to_string(),
        ExprKind::Lit(Lit::Char(c)) => format!("{c:?}"),
        ExprKind::Lit(Lit::Null) => "null".into(),
        ExprKind::Str(parts) => {
            let inner: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    StrPart::Text(t) => format!("{t:?}"),
                    StrPart::Expr(e) => format!("{{{}}}", e_sexp(e)),
                })
                .collect();
            format!("(str {})", inner.join(" "))
        }
        ExprKind::Ident(i) => i.name.clone(),
        ExprKind::This => "this".into(),
        ExprKind::ThisType => "This".into(),
        ExprKind::Base => "base".into(),
        ExprKind::Path(p, n) => format!("{}::{}", e_sexp(p), n.name),
        ExprKind::Index(b, items) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| match i {
                    TypeOrExpr::Type(_) => "type".to_string(),
                    TypeOrExpr::Expr(e) => e_sexp(e),
                })
                .collect();
            format!("(index {} {})", e_sexp(b), items.join(" "))
        }
        ExprKind::Field(b, n) => format!("(. {} {})", e_sexp(b), n.name),
        ExprKind::TupleField(b, i, _) => format!("(. {} {i})", e_sexp(b)),
        ExprKind::MethodCall { receiver, method, args } => {
            format!("(mcall {} {}{})", e_sexp(receiver), method.name, list(args))
        }
        ExprKind::Call(f, args) => format!("(call {}{})", e_sexp(f), list(args)),
        ExprKind::Unary(op, x) => format!("({} {})", format!("{op:?}").to_lowercase(), e_sexp(x)),
        ExprKind::Binary { op, lhs, rhs, .. } => {
            format!("({} {} {})", bin_op(*op), e_sexp(lhs), e_sexp(rhs))
        }
        ExprKind::Assign { op, place, value, .. } => {
            format!("({}= {} {})", op.map_or("", bin_op), e_sexp(place), e_sexp(value))
        }
        ExprKind::Cast(x, _) => format!("(as {})", e_sexp(x)),
        ExprKind::Is(x, p) => format!("(is {} {})", e_sexp(x), p.segments[0].name.name),
        ExprKind::Ref(x) => format!("(ref {})", e_sexp(x)),
        ExprKind::MutRef(x) => format!("(mutref {})", e_sexp(x)),
        ExprKind::Propagate(x) => format!("(! {})", e_sexp(x)),
        ExprKind::Range { start, end, inclusive } => {
            format!("({} {} {})", if *inclusive { "through" } else { "to" }, e_sexp(start), e_sexp(end))
        }
        ExprKind::Unit => "()".into(),
        ExprKind::Tuple(items) => format!("(tuple{})", list(items)),
        ExprKind::Paren(x) => format!("(paren {})", e_sexp(x)),
        ExprKind::Array(items) => format!("(array{})", list(items)),
        ExprKind::ArrayRepeat(v, n) => format!("(repeat {} {})", e_sexp(v), e_sexp(n)),
        ExprKind::StructLit { path, fields } => {
            let f: String = fields
                .iter()
                .map(|f| match &f.value {
                    Some(v) => format!(" {}:{}", f.name.name, e_sexp(v)),
                    None => format!(" {}", f.name.name),
                })
                .collect();
            format!("(struct {}{f})", e_sexp(path))
        }
        ExprKind::Block(b) | ExprKind::Lowlevel(b) => {
            let inner: String = b.stmts.iter().map(|s| format!(" {}", stmt_sexp(s))).collect();
            format!("{{{}}}", inner.trim_start())
        }
        ExprKind::If { cond, then_branch, else_branch } => match else_branch {
            Some(e) => format!("(if {} {} {})", e_sexp(cond), e_sexp(then_branch), e_sexp(e)),
            None => format!("(if {} {})", e_sexp(cond), e_sexp(then_branch)),
        },
        ExprKind::IfLet { pattern, scrutinee, then_branch, .. } => {
            format!("(iflet {} {} {})", pat_sexp(pattern), e_sexp(scrutinee), e_sexp(then_branch))
        }
        ExprKind::When { scrutinee, arms } => {
            format!("(when {} {})", e_sexp(scrutinee), arms.len())
        }
        ExprKind::Loop { kind, .. } => match kind {
            LoopKind::Infinite => "(loop)".into(),
            LoopKind::While(c) => format!("(while {})", e_sexp(c)),
            LoopKind::Counter { name, .. } => format!("(loopvar {})", name.name),
        },
        ExprKind::For { pattern, iterable, .. } => format!("(for {} {})", pat_sexp(pattern), e_sexp(iterable)),
        ExprKind::Closure { params, body, .. } => format!("(do {} {})", params.len(), e_sexp(body)),
        ExprKind::Return(Some(x)) => format!("(return {})", e_sexp(x)),
        ExprKind::Return(None) => "(return)".into(),
        ExprKind::Break => "break".into(),
        ExprKind::Continue => "continue".into(),
        ExprKind::Error => "<error>".into(),
    }
}

pub(super) fn first_expr(body: &str) -> Expr {
    match stmts(body).remove(0).kind {
        StmtKind::Expr(e) => e,
        StmtKind::Let { init: Some(e), .. } => e,
        other => panic!("no expression: {other:?}"),
    }
}

fn toks(src: &str) -> Vec<Tok> {
    let (t, d) = lex(0, src, 0);
    assert!(d.is_empty(), "{d:#?}");
    t.into_iter().map(|(_, t, _)| t).collect()
}

fn int(t: &Tok) -> (u128, Option<String>) {
    match t {
        Tok::Int(i) => (i.value, i.suffix.clone()),
        other => panic!("not an int: {other:?}"),
    }
}

fn float(t: &Tok) -> (f64, Option<String>) {
    match t {
        Tok::Float(f) => (f.value, f.suffix.clone()),
        other => panic!("not a float: {other:?}"),
    }
}

pub(super) fn text_of(src: &str, span: crate::span::Span) -> &str {
    &src[span.lo as usize..span.hi as usize]
}

// --- corpus ---------------------------------------------------------------------------------

#[test]
fn every_example_parses_without_diagnostics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse_corpus");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus directory") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "tml") {
            let text = std::fs::read_to_string(&path).expect("read");
            let (file, diags) = parse_file(0, &text);
            assert!(diags.is_empty(), "{}: {diags:#?}", path.display());
            assert!(!file.items.is_empty(), "{}: no items", path.display());
            count += 1;
        }
    }
    assert!(count >= 17, "only {count} corpus files found");
}

// --- newline rules (LANGUAGE.md §2.3) ---------------------------------------------------------

#[test]
fn newline_continues_before_binary_operator() {
    assert_eq!(sexps("let total = price * count\n    + shipping"), ["(let total (+ (* price count) shipping))"]);
}

#[test]
fn newline_continues_after_and() {
    assert_eq!(sexps("let ok = is_ready and\n    has_fuel"), ["(let ok (and is_ready has_fuel))"]);
}

#[test]
fn newline_continues_before_dot() {
    assert_eq!(
        sexps("let name = builder\n    .with_prefix(\"dr \")\n    .build()"),
        ["(let name (mcall (mcall builder with_prefix (str \"dr \")) build))"]
    );
}

#[test]
fn newline_continues_before_else() {
    assert_eq!(
        sexps("let label = if total > 100 then \"big\"\n    else \"small\""),
        ["(let label (if (> total 100) (str \"big\") (str \"small\")))"]
    );
}

#[test]
fn newline_before_minus_starts_new_statement() {
    assert_eq!(sexps("let n = compute()\n-n"), ["(let n (call compute))", "(neg n)"]);
}

#[test]
fn newline_inside_parentheses_and_brackets_is_ignored() {
    assert_eq!(sexps("foo(a,\n  b\n)\nlet v = [1\n, 2]"), ["(call foo a b)", "(let v (array 1 2))"]);
}

#[test]
fn newline_in_item_and_control_headers_is_ignored() {
    let file = parse_ok("func f(a: I32)\n    -> I32\n    where T: Copy\n{\n    if a > 0\n    {\n        a\n    } else { 0 }\n}\nclass A\n    extends B\n{\n}\n");
    assert_eq!(file.items.len(), 2);
    assert_eq!(sexps("for x\n  in xs\n{ x }\nwhile a\n{ }"), ["(for x xs)", "(while a)"]);
}

#[test]
fn newline_after_decorator_is_ignored() {
    let file = parse_ok("@test\n@should_panic(\"boom\")\nfunc t() {}\n@derive(Copy, PartialEq)\ntype P { x: I32 }\n");
    assert_eq!(file.items[0].decorators.len(), 2);
    assert_eq!(file.items[1].decorators.len(), 1);
}

#[test]
fn return_break_continue_before_newline_take_no_operand() {
    assert_eq!(sexps("return\nfoo()"), ["(return)", "(call foo)"]);
    assert_eq!(sexps("loop {\n  break\n  continue\n}"), ["(loop)"]);
}

#[test]
fn two_statements_on_one_line_need_a_semicolon() {
    assert_eq!(codes("func main() {\n    let a = 1 let b = 2\n}"), ["E0011"]);
    assert_eq!(sexps("let a = 1; let b = 2"), ["(let a 1)", "(let b 2)"]);
}

#[test]
fn comments_and_blank_lines_collapse_and_block_comment_breaks_lines() {
    assert_eq!(sexps("a\n\n// c\n   \n/* x */ b /* multi\nline */ c"), ["a", "b", "c"]);
    assert_eq!(sexps("a /* nested /* inner */ still */ + b"), ["(+ a b)"]);
}

#[test]
fn trailing_semicolon_discards_block_value() {
    let s = stmts("{ 1; }\n{ 1 }");
    let semi: Vec<bool> = s
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Expr(Expr { kind: ExprKind::Block(b), .. }) => b.has_trailing_semi,
            _ => panic!(),
        })
        .collect();
    assert_eq!(semi, [true, false]);
}

// --- literals -------------------------------------------------------------------------------

#[test]
fn tuple_indices_are_split_after_dot() {
    let t = toks("pair.0.1");
    assert!(matches!(t[1], Tok::Dot) && matches!(t[3], Tok::Dot));
    assert_eq!(int(&t[2]).0, 0);
    assert_eq!(int(&t[4]).0, 1);
    assert_eq!(sexp("pair.0.1"), "(. (. pair 0) 1)");
    assert_eq!(sexp("1.0.max(x)"), "(mcall 1.0 max x)");
    assert_eq!(sexp("1.abs()"), "(mcall 1 abs)");
}

#[test]
fn integer_literals_with_radix_and_suffix() {
    let t = toks("1_000 0xFF 0o755 0b1010 42i64 255u8 7_u16 0xFF_u8 18446744073709551615");
    let got: Vec<_> = t.iter().map(int).collect();
    let want = [
        (1000, None),
        (255, None),
        (0o755, None),
        (10, None),
        (42, Some("i64")),
        (255, Some("u8")),
        (7, Some("u16")),
        (255, Some("u8")),
        (u64::MAX as u128, None),
    ];
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1.as_deref()), w);
    }
}

#[test]
fn float_literals() {
    let t = toks("3.5 1.0e-3 2e10 0.25f32 10f64 1E+2");
    let got: Vec<_> = t.iter().map(float).collect();
    assert_eq!(got[0], (3.5, None));
    assert_eq!(got[1], (1.0e-3, None));
    assert_eq!(got[2], (2e10, None));
    assert_eq!(got[3], (0.25, Some("f32".into())));
    assert_eq!(got[4], (10.0, Some("f64".into())));
    assert_eq!(got[5], (100.0, None));
}

#[test]
fn string_and_char_escapes() {
    assert_eq!(sexp(r#""a\n\t\\\"\'\{\}\x41\u{1F600}\0""#), format!("(str {:?})", "a\n\t\\\"'{}A\u{1F600}\0"));
    let t = toks(r"'\'' 'x' '\u{E9}' '\n'");
    let chars: Vec<char> = t.iter().map(|t| if let Tok::Char(c) = t { *c } else { panic!() }).collect();
    assert_eq!(chars, ['\'', 'x', 'é', '\n']);
}

#[test]
fn string_interpolation_splits_parts() {
    assert_eq!(sexp(r#""hello {who}, {n * 2} times""#), r#"(str "hello " {who} ", " {(* n 2)} " times")"#);
    assert_eq!(sexp(r#""{} and {:.2} stay""#), r#"(str "{} and {:.2} stay")"#);
    assert_eq!(sexp(r#""x{s.find("}")}y""#), r#"(str "x" {(mcall s find (str "}"))} "y")"#);
    assert_eq!(sexp(r#""\{a\}""#), r#"(str "{a}")"#);
}

#[test]
fn interpolation_spans_point_into_the_file() {
    let src = "func main() {\n    \"ab {x + yy}\"\n}";
    let file = parse_ok(src);
    let ItemKind::Func(f) = &file.items[0].kind else { panic!() };
    let StmtKind::Expr(Expr { kind: ExprKind::Str(parts), .. }) = &f.body.as_ref().unwrap().stmts[0].kind else {
        panic!()
    };
    let StrPart::Expr(inner) = &parts[1] else { panic!() };
    assert_eq!(text_of(src, inner.span), "x + yy");
    let ExprKind::Binary { op_span, .. } = &inner.kind else { panic!() };
    assert_eq!(text_of(src, *op_span), "+");
}
