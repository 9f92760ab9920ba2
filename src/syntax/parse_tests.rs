//! Unit tests of the syntax stage, part 2: precedence, struct-literal disambiguation, items,
//! patterns, diagnostics, spans, and robustness on garbage input.

use super::ast::*;
use super::parse_file;
use super::tests::{arm_patterns, codes, first_expr, parse_ok, sexp, sexps, text_of};
use crate::diagnostics::Diagnostic;

// --- precedence -----------------------------------------------------------------------------

#[test]
fn precedence_table() {
    let cases = [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("-2 ** 2", "(** (neg 2) 2)"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("not a == b", "(not (== a b))"),
        ("!a && b", "(and (not a) b)"),
        ("a or b and c", "(or a (and b c))"),
        ("a ? b : c ? d : e", "(if a b (if c d e))"),
        ("x as I64 + 1", "(+ (as x) 1)"),
        ("a to b + 1", "(to a (+ b 1))"),
        ("a & b == c", "(== (& a b) c)"),
        ("a | b ^ c & d", "(| a (^ b (& c d)))"),
        ("1 << 2 + 3", "(<< 1 (+ 2 3))"),
        ("x = y + 1", "(= x (+ y 1))"),
        ("x += if c then 1 else 2", "(+= x (if c 1 2))"),
        ("a.b.c(1)[2]!", "(! (index (mcall (. a b) c 1) 2))"),
        ("-x.y", "(neg (. x y))"),
        ("ref a.b", "(ref (. a b))"),
        ("mut ref v[0]", "(mutref (index v 0))"),
        ("*p = 3", "(= (deref p) 3)"),
        ("a is Dog and b", "(and (is a Dog) b)"),
        ("List[I32]::new()", "(call (index List type)::new)"),
        ("f(do(x) x * 2)", "(call f (do 1 (* x 2)))"),
        ("if a then if b then c else d", "(if a (if b c d))"),
        ("return a + b", "(return (+ a b))"),
        ("(a, b).0", "(. (tuple a b) 0)"),
        ("[0; 16]", "(repeat 0 16)"),
        ("base.greet()", "(mcall base greet)"),
    ];
    for (src, want) in cases {
        assert_eq!(sexp(src), want, "for {src}");
    }
}

#[test]
fn chained_comparison_is_an_error() {
    let (_, diags) = parse_file(0, "func main() {\n    a < b < c\n}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "E0010");
    assert!(diags[0].message.contains("found `<`"), "{}", diags[0].message);
    assert_eq!(codes("func main() { a == b == c }"), ["E0010"]);
}

// --- struct literals ------------------------------------------------------------------------

#[test]
fn struct_literal_or_block() {
    assert_eq!(sexp("Point { x: 1, y: 2 }"), "(struct Point x:1 y:2)");
    assert_eq!(sexp("Point { x, y }"), "(struct Point x y)");
    assert_eq!(sexp("Empty {}"), "(struct Empty)");
    assert_eq!(sexp("Shape::Rect {\n    w: 1\n    h: 2\n}"), "(struct Shape::Rect w:1 h:2)");
    assert_eq!(sexp("if x { y }"), "(if x {y})");
    assert_eq!(sexp("when x { a => b }"), "(when x 1)");
    assert_eq!(sexp("if p == (Point { x: 0 }) { 1 }"), "(if (== p (paren (struct Point x:0))) {1})");
    assert_eq!(sexp("f(Point { x: 0 })"), "(call f (struct Point x:0))");
    assert_eq!(sexps("for Point { x, .. } in pts { }"), ["(for (struct Point x ..) pts)"]);
    assert_eq!(sexps("let Point { x, y } = p"), ["(let (struct Point x y) p)"]);
}

#[test]
fn struct_literal_in_condition_needs_parentheses() {
    assert_eq!(codes("func main() { if p == Point { x: 0 } { } }"), ["E0013"]);
    assert_eq!(codes("func main() { while Flag { on: true }.on { } }"), ["E0013"]);
}

// --- items ----------------------------------------------------------------------------------

#[test]
fn items_of_every_kind() {
    let src = "use a::b::{c, d as e}\npub use m::*\nconst MAX: I64 = 1_000\ntype Celsius = F64\n\
               type Shape { Circle(F64), Rect { w: F64, h: F64 }, Empty = 3 }\nenum Token[T] { Number(T), Plus }\n\
               impl[T: Display] Display for Stack[T] where T: Copy { type Item = T\n func f(this) -> Str { \"\" } }\n\
               extend Rect with Show { func g(mut this) {} }\n\
               behavior Loud: Describe + Copy { type Item: Display\n func shout(this) -> Str\n func d(ref this) {} }\n\
               interface Priced extends A, B { func price(this) -> I64 }\n\
               abstract class Animal implements Priced {\n  protected name: Str\n  static count: I32 = 0,\n  new(name: Str) { this.name = name }\n  abstract func sound(this) -> Str\n  pub static func make() -> I32 { 1 }\n}\n\
               sealed class Dog extends Animal { new(n: Str) base: Animal::new(n) { } }\n\
               lowlevel func raw(p: *U8, f: func(I32) -> I32, t: (I32, Str), a: [I32; 4], d: dyn Show) {}\n";
    let file = parse_ok(src);
    assert_eq!(file.uses.len(), 2);
    let kinds: Vec<&str> = file
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Func(_) => "func",
            ItemKind::Const(_) => "const",
            ItemKind::Struct(_) => "struct",
            ItemKind::Enum(_) => "enum",
            ItemKind::Alias(_) => "alias",
            ItemKind::Impl(_) => "impl",
            ItemKind::Behavior(_) => "behavior",
            ItemKind::Interface(_) => "interface",
            ItemKind::Class(_) => "class",
        })
        .collect();
    assert_eq!(
        kinds,
        ["const", "alias", "enum", "enum", "impl", "impl", "behavior", "interface", "class", "class", "func"]
    );
    let ItemKind::Class(animal) = &file.items[8].kind else { panic!() };
    assert_eq!(animal.modifier, ClassModifier::Abstract);
    assert_eq!(animal.members.len(), 5);
    assert_eq!(animal.members[0].vis, Visibility::Protected);
    let ItemKind::Class(dog) = &file.items[9].kind else { panic!() };
    let ClassMemberKind::Constructor(ctor) = &dog.members[0].kind else { panic!() };
    let (base, args) = ctor.base_call.as_ref().expect("base call");
    assert_eq!(base.segments.len(), 1);
    assert_eq!(args.len(), 1);
}

#[test]
fn patterns() {
    let e = first_expr(
        "when x {\n  0 => a\n  -1 | 2 => b,\n  3 to 9 => c, 'a' through 'z' => d\n  Just(mut n) => e\n  Shape::Empty => f\n  (a, _) => g\n  \"s\" => h\n  Circle { radius, .. } => i\n}",
    );
    let want = [
        "0",
        "(| -1 2)",
        "(to 3 9)",
        "(through 'a' 'z')",
        "(Just mut n)",
        "Shape::Empty",
        "(tuple a _)",
        "\"s\"",
        "(struct Circle radius ..)",
    ];
    assert_eq!(arm_patterns(&e), want);
    assert_eq!(sexps("let mut x = 1\nvar y: I32 = 2"), ["(let mut x 1)", "(let mut y 2)"]);
    assert_eq!(sexps("let Just(n) = f() else { return 0 }"), ["(let (Just n) (call f))"]);
    assert_eq!(sexp("if let Just(v) = m { v }"), "(iflet (Just v) m {v})");
}

// --- diagnostics ----------------------------------------------------------------------------

#[test]
fn lexical_error_codes() {
    assert_eq!(codes("func main() { let a = $ }"), ["E0001"]);
    assert_eq!(codes("\u{FEFF}func main() {}"), ["E0001"]);
    assert_eq!(codes("func main() { let s = r\"raw\" }"), ["E0001"]);
    assert_eq!(codes("func main() { let s = `tpl` }"), ["E0001"]);
    assert_eq!(codes("func main() {\n    let s = \"abc\n}"), ["E0002"]);
    assert_eq!(codes("func main() { let c = 'a }"), ["E0002"]);
    assert_eq!(codes("func main() { let s = \"a\\qb\" }"), ["E0003"]);
    assert_eq!(codes("func main() { let s = \"\\x80\" }"), ["E0003"]);
    assert_eq!(codes("func main() { let n = 0x }"), ["E0004"]);
    assert_eq!(codes("func main() { let n = 12i7 }"), ["E0004"]);
    assert_eq!(codes("func main() { let n = 18446744073709551616 }"), ["E0004"]);
    assert_eq!(codes("func main() { let n = 1.5i32 }"), ["E0004"]);
    assert_eq!(codes("func main() {}\n/* open /* nested */"), ["E0005"]);
}

#[test]
fn syntax_error_codes() {
    let (_, diags) = parse_file(0, "func main() {\n    let = 5\n}");
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0010"]);
    assert!(diags[0].message.starts_with("expected") && diags[0].message.contains("found `=`"), "{}", diags[0].message);
    assert_eq!(codes("func main() { let async = 1 }"), ["E0010"]);
    assert_eq!(codes("func main() { a = b = c }"), ["E0010"]);
}

#[test]
fn interpolation_errors() {
    assert_eq!(codes("func main() { println(\"{ }\") }"), ["E0012"]);
    assert_eq!(codes("func main() { println(\"{a b}\") }"), ["E0012"]);
    assert_eq!(codes("func main() { println(\"{a\") }"), ["E0012"]);
    assert!(codes("func main() { println(\"{}\") }").is_empty());
}

#[test]
fn several_errors_are_reported_in_one_run() {
    let src =
        "func a() {\n    let x = )\n    ok()\n}\nfunc b() {\n    foo(,)\n}\nfunc c() {\n    let = 1\n    fine()\n}\n";
    let (file, diags) = parse_file(0, src);
    let lines: Vec<usize> =
        diags.iter().map(|d: &Diagnostic| src[..d.primary_span().unwrap().lo as usize].lines().count()).collect();
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0010", "E0010", "E0010"], "{diags:#?}");
    assert_eq!(lines, [2, 6, 9]);
    assert_eq!(file.items.len(), 3);
}

#[test]
fn unterminated_input_still_yields_a_partial_ast() {
    let (file, diags) = parse_file(0, "func a() { 1 }\nfunc b() {\n    if x {\n        foo(1,");
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0010"]);
    assert!(diags[0].message.ends_with("found end of file"), "{}", diags[0].message);
    assert_eq!(file.items.len(), 2);
}

// --- spans ----------------------------------------------------------------------------------

#[test]
fn operator_method_and_callee_spans() {
    let src = "func main() {\n    total = a.b.apply(x) / count\n}";
    let (file, diags) = parse_file(0, src);
    assert!(diags.is_empty());
    let ItemKind::Func(f) = &file.items[0].kind else { panic!() };
    let StmtKind::Expr(e) = &f.body.as_ref().unwrap().stmts[0].kind else { panic!() };
    assert_eq!(text_of(src, e.span), "total = a.b.apply(x) / count");
    let ExprKind::Assign { op_span, value, .. } = &e.kind else { panic!() };
    assert_eq!(text_of(src, *op_span), "=");
    let ExprKind::Binary { op_span, lhs, .. } = &value.kind else { panic!() };
    assert_eq!(text_of(src, *op_span), "/");
    let ExprKind::MethodCall { method, receiver, .. } = &lhs.kind else { panic!() };
    assert_eq!(text_of(src, method.span), "apply");
    assert_eq!(text_of(src, lhs.span), "a.b.apply(x)");
    assert_eq!(text_of(src, receiver.span), "a.b");
    let src2 = "func main() {\n    Foo::make[I32](1)\n}";
    let (file, _) = parse_file(0, src2);
    let ItemKind::Func(f) = &file.items[0].kind else { panic!() };
    let StmtKind::Expr(Expr { kind: ExprKind::Call(callee, _), span }) = &f.body.as_ref().unwrap().stmts[0].kind else {
        panic!()
    };
    assert_eq!(text_of(src2, callee.span), "Foo::make[I32]");
    assert_eq!(text_of(src2, *span), "Foo::make[I32](1)");
}

// --- robustness -----------------------------------------------------------------------------

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn never_panics_on_garbage_or_truncated_input() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let alphabet = b"{}()[]\"'\\/*\n abcx_019.,;:=+-!<>@&|?`$#fnuielt";
    for _ in 0..300 {
        let len = (rng.next() % 120) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize]).collect();
        let _ = parse_file(0, &String::from_utf8_lossy(&bytes));
        let raw: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = parse_file(0, &String::from_utf8_lossy(&raw));
    }
    let _ = parse_file(0, "");
    let _ = parse_file(0, "\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{\"{");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse_corpus");
    for name in ["classes.tml", "control_flow.tml", "text_and_collections.tml"] {
        let text = std::fs::read_to_string(dir.join(name)).expect("read");
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let _ = parse_file(0, &text[..cut]);
            }
            cut += 1 + (rng.next() % 40) as usize;
        }
    }
}
