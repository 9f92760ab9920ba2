//! Programs that must be rejected with specific codes.

use super::{codes, messages, run};
use crate::sema::Target;

#[test]
fn mismatch_has_spec_message_and_secondary_label() {
    let (_, diags) = run("func main() {\n    let x: I32 = \"hi\"\n}\n", Target::Program);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "E0200");
    assert_eq!(diags[0].message, "type mismatch: expected `I32`, found `Str`");
    assert_eq!(diags[0].labels.len(), 2);
    assert!(!diags[0].labels[1].primary);
}

#[test]
fn argument_mismatch_points_at_parameter() {
    let (_, diags) = run("func f(_a: I64) {}\nfunc main() { f(true) }\n", Target::Program);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].message, "type mismatch: expected `I64`, found `Bool`");
    assert_eq!(diags[0].labels.len(), 2);
}

#[test]
fn no_implicit_numeric_conversion() {
    assert_eq!(codes("func main() {\n let a = 1i64\n let b: I32 = 2\n let c = a + b\n}\n"), ["E0207"]);
}

#[test]
fn bad_operand_types() {
    assert_eq!(codes("func main() { let x = true + 1 }"), ["E0207"]);
    assert_eq!(codes("func main() { let x = \"a\" - \"b\" }"), ["E0207"]);
    assert_eq!(codes("func main() { let x = -(3u8) }"), ["E0207"]);
    assert_eq!(codes("func main() { let x = 1.5 & 2.5 }"), ["E0207"]);
}

#[test]
fn invalid_casts() {
    assert_eq!(codes("func main() { let x = \"a\" as I32 }"), ["E0207"]);
    assert_eq!(codes("func main() { let x = 300 as Char }"), ["E0207"]);
    assert!(codes(
        "func main() { let x = 65u8 as Char\n let y = 'a' as U32\n let z = 2.5 as I64\n let w = true as U8 }"
    )
    .is_empty());
}

#[test]
fn unresolved_names_and_types() {
    assert_eq!(codes("func main() { let x = y }"), ["E0100"]);
    assert_eq!(codes("func main() { foo() }"), ["E0100"]);
    assert_eq!(codes("func main() { let x: Foo = 1 }"), ["E0101"]);
}

#[test]
fn unknown_field_and_method() {
    let src = "type P { x: I32 }\nfunc main() {\n let p = P { x: 1 }\n let a = p.y\n p.nope()\n}\n";
    assert_eq!(codes(src), ["E0105", "E0106"]);
}

#[test]
fn wrong_argument_count() {
    assert_eq!(codes("func f(a: I32) {}\nfunc main() { f(1, 2) }"), ["E0201"]);
    assert_eq!(codes("type P { x: I32 }\nimpl P { func get(this) -> I32 { this.x } }\nfunc main() { let p = P { x: 1 }\n p.get(3) }"), ["E0201"]);
}

#[test]
fn assignment_to_immutable() {
    assert_eq!(codes("func main() {\n let x = 1\n x = 2\n}"), ["E0209"]);
    assert_eq!(codes("func main() {\n let x = 1\n x += 2\n}"), ["E0209"]);
    assert!(codes("func main() {\n var x = 1\n x += 2\n let mut y = 0\n y = x\n let z: I32\n z = 5\n}").is_empty());
}

#[test]
fn mut_this_on_immutable_place() {
    let src = "type C { n: I32 }\nimpl C { func inc(mut this) { this.n += 1 } }\nfunc main() {\n let c = C { n: 0 }\n c.inc()\n}";
    assert_eq!(codes(src), ["E0209"]);
    let ok = "type C { n: I32 }\nimpl C { func inc(mut this) { this.n += 1 } }\nfunc main() {\n var c = C { n: 0 }\n c.inc()\n}";
    assert!(codes(ok).is_empty());
}

#[test]
fn assignment_through_shared_reference() {
    assert_eq!(codes("func f(r: ref I32) { *r = 3 }\nfunc main() {}"), ["E0209"]);
    assert!(codes("func f(r: mut ref I32) { *r = 3 }\nfunc main() {}").is_empty());
}

#[test]
fn struct_literal_fields() {
    let decl = "type P { x: I32, y: I32, label: Str = \"p\" }\n";
    assert_eq!(codes(&format!("{decl}func main() {{ let p = P {{ x: 1 }} }}")), ["E0210"]);
    assert_eq!(codes(&format!("{decl}func main() {{ let p = P {{ x: 1, y: 2, x: 3 }} }}")), ["E0210"]);
    assert_eq!(codes(&format!("{decl}func main() {{ let p = P {{ x: 1, y: 2, z: 3 }} }}")), ["E0210"]);
    assert!(codes(&format!("{decl}func main() {{ let y = 2\n let p = P {{ x: 1, y }} }}")).is_empty());
}

#[test]
fn break_outside_loop() {
    assert_eq!(codes("func main() { break }"), ["E0214"]);
    assert_eq!(codes("func main() { continue }"), ["E0214"]);
    assert!(codes("func main() { loop { break } }").is_empty());
}

#[test]
fn main_signature() {
    assert_eq!(codes("func main(x: I32) {}"), ["E0215"]);
    assert_eq!(codes("func main() -> Str { \"\" }"), ["E0215"]);
    assert_eq!(codes("func helper() {}"), ["E0215"]);
    assert!(codes("func main() -> I32 { 0 }").is_empty());
}

#[test]
fn missing_value_on_some_path() {
    assert_eq!(codes("func f(x: I32) -> I32 {\n if x > 0 { return 1 }\n}\nfunc main() {}"), ["E0204"]);
    assert_eq!(codes("func f(x: I32) -> I32 {\n if x > 0 { 1 }\n}\nfunc main() {}"), ["E0204"]);
    assert!(codes("func f(x: I32) -> I32 {\n if x > 0 { return 1 }\n panic(\"no\")\n}\nfunc main() {}").is_empty());
    assert!(codes("func f() -> I32 { loop {} }\nfunc main() {}").is_empty());
}

#[test]
fn non_exhaustive_when() {
    let msgs = messages("func main() {\n let n = 3\n let s = when n { 0 => \"a\", 1 => \"b\" }\n}");
    assert_eq!(msgs, ["E0205: non-exhaustive `when`: `_` not covered"]);
    let msgs = messages("func main() {\n let b = true\n when b { true => println(\"t\") }\n}");
    assert_eq!(msgs, ["E0205: non-exhaustive `when`: `false` not covered"]);
    let msgs =
        messages("func main() {\n let t = (true, 1u8)\n when t { (true, _) => {}, (false, 0 through 254) => {} }\n}");
    assert_eq!(msgs, ["E0205: non-exhaustive `when`: `(false, U8::MAX)` not covered"]);
}

#[test]
fn exhaustive_ranges() {
    assert!(codes("func main() {\n let x = 5u8\n when x { 0 to 128 => {}, 128 through 255 => {} }\n}").is_empty());
    assert!(codes("func main() {\n let x = 5i8\n when x { -128 through -1 => {}, 0 => {}, 1 through 127 => {} }\n}")
        .is_empty());
    assert_eq!(
        codes("func main() {\n let x = 5i8\n when x { -128 through -1 => {}, 1 through 127 => {} }\n}"),
        ["E0205"]
    );
    assert_eq!(codes("func main() {\n let s = \"x\"\n when s { \"a\" => {}, \"b\" => {} }\n}"), ["E0205"]);
}

#[test]
fn unreachable_arm_warning() {
    let msgs = messages("func main() {\n let n = 1\n when n { _ => {}, 1 => {} }\n}");
    assert_eq!(msgs, ["W0003: unreachable `when` arm"]);
    let msgs = messages("func main() {\n let n = 1u8\n when n { 0 through 10 => {}, 5 => {}, _ => {} }\n}");
    assert_eq!(msgs, ["W0003: unreachable `when` arm"]);
}

#[test]
fn format_placeholder_count() {
    assert_eq!(codes("func main() { println(\"{} {}\", 1) }"), ["E0217"]);
    assert_eq!(codes("func main() { let s = format(\"{}\", 1, 2) }"), ["E0217"]);
    assert!(codes("func main() { println(\"{} {}\", 1, \"x\") }").is_empty());
    assert!(codes("func main() { println(\"\\{\\} {}\", 1) }").is_empty());
}

#[test]
fn non_display_interpolation() {
    assert_eq!(codes("type P { x: I32 }\nfunc main() {\n let p = P { x: 1 }\n println(\"{p}\")\n}"), ["E0203"]);
    assert!(codes("type P { x: I32 }\nimpl Display for P { func to_string(this) -> Str { \"P({this.x})\" } }\nfunc main() {\n let p = P { x: 1 }\n println(\"{p}\")\n println(p)\n}").is_empty());
}

#[test]
fn literal_out_of_range() {
    assert_eq!(codes("func main() { let x: U8 = 256 }"), ["E0004"]);
    assert_eq!(codes("func main() { let x = 128i8 }"), ["E0004"]);
    assert!(codes("func main() { let x = -128i8\n let y: I8 = -128 }").is_empty());
    assert_eq!(codes("const BIG: I32 = 2147483647 + 1\nfunc main() {}"), ["E0004"]);
}

#[test]
fn duplicate_definitions() {
    assert_eq!(codes("func f() {}\nfunc f() {}\nfunc main() {}"), ["E0102"]);
}

#[test]
fn decorators() {
    assert_eq!(codes("@frobnicate\nfunc main() {}"), ["E0108"]);
    assert!(codes("@inline\nfunc main() {}").is_empty());
    assert_eq!(codes("@derive(Debug)\ntype P { x: I32 }\nfunc main() {}"), ["E0108"]);
}

#[test]
fn recursive_struct() {
    assert_eq!(codes("type Node { value: I32, next: Node }\nfunc main() {}"), ["E0211"]);
    assert!(codes("type Node { value: I32, next: *Node }\nfunc main() {}").is_empty());
}

#[test]
fn lowlevel_operations() {
    assert_eq!(codes("func main() { let p = mem_alloc(8) }"), ["E0216"]);
    assert!(codes("func main() { lowlevel { let p = mem_alloc(8)\n ptr_write[I64](p, 5)\n let v = ptr_read[I64](p)\n mem_free(p) } }").is_empty());
    assert!(codes("func main() { let n = size_of[I64]() }").is_empty());
}

#[test]
fn missing_module() {
    assert_eq!(codes("use geometry\nfunc main() {}"), ["E0104"]);
    assert!(codes("use std::collections\nfunc main() {}").is_empty());
}

#[test]
fn refutable_let() {
    assert_eq!(codes("func main() { let 1 = 1 }"), ["E0206"]);
}

#[test]
fn errors_do_not_cascade() {
    assert_eq!(codes("func main() {\n let x = nope\n let y = x + 1\n println(\"{y}\")\n}"), ["E0100"]);
}

#[test]
fn enum_errors() {
    let decl = "enum Color { Red, Green, Blue }\nenum Light { Red, Amber }\n";
    assert_eq!(codes(&format!("{decl}func main() {{ let c = Red }}")), ["E0107"]);
    assert!(codes(&format!("{decl}func main() {{ let c: Color = Red\n let g = Green }}")).is_empty());
    let msgs = messages(&format!(
        "{decl}func f(c: Color) -> I32 {{ when c {{ Color::Red => 1, Color::Green => 2 }} }}\nfunc main() {{}}"
    ));
    assert_eq!(msgs, ["E0205: non-exhaustive `when`: `Blue` not covered"]);
    assert_eq!(codes("type S { A(I32), B }\nfunc main() { let s = S::A(1, 2) }"), ["E0201"]);
}

#[test]
fn unsatisfied_bound() {
    let src = "behavior Describe { func name(this) -> Str }\ntype Cat { age: I32 }\nfunc loudly[T: Describe](item: ref T) -> Str { item.name() }\nfunc main() {\n let c = Cat { age: 1 }\n let s = loudly(ref c)\n}";
    assert_eq!(codes(src), ["E0203"]);
    assert_eq!(codes("behavior B { func f(this) }\ntype D { x: I32 }\nimpl B for D {}\nfunc main() {}"), ["E0213"]);
    assert_eq!(codes("func f[T](x: T) -> Str { \"{x}\" }\nfunc main() {}"), ["E0203"]);
}

#[test]
fn propagation_errors() {
    let decl = "type Outcome[T, E] { Ok(T), Err(E) }\nfunc parse(s: Str) -> Outcome[I32, Str] { Ok(1) }\n";
    assert_eq!(codes(&format!("{decl}func f() -> I32 {{ parse(\"x\")! }}\nfunc main() {{}}")), ["E0208"]);
    assert_eq!(
        codes(&format!("{decl}func f() -> Outcome[I32, I64] {{ Ok(parse(\"x\")!) }}\nfunc main() {{}}")),
        ["E0208"]
    );
    assert_eq!(codes("func main() { let x = 5! }"), ["E0208"]);
}

#[test]
fn modules_and_privacy() {
    let geo = "pub type Point { pub x: F64, y: F64 }\npub func origin() -> Point { Point { x: 0.0, y: 0.0 } }\nfunc secret() {}\nimpl Point {\n pub func norm(this) -> F64 { this.x }\n func hidden(this) {}\n}\n";
    let root = "use geometry\nuse geometry::Point\nfunc main() {\n let p: Point = geometry::origin()\n println(\"{p.x} {p.norm()}\")\n}";
    assert!(super::codes_with_modules(root, &[("geometry", geo)]).is_empty());
    let root =
        "use geometry\nfunc main() {\n geometry::secret()\n let p = geometry::origin()\n let y = p.y\n p.hidden()\n}";
    assert_eq!(super::codes_with_modules(root, &[("geometry", geo)]), ["E0103", "E0103", "E0103"]);
    let root = "use geometry::{secret}\nfunc main() {}";
    assert_eq!(super::codes_with_modules(root, &[("geometry", geo)]), ["E0103"]);
}

#[test]
fn comparison_needs_partial_eq() {
    assert_eq!(codes("type P { x: I32 }\nfunc main() {\n let a = P { x: 1 }\n let b = a == a\n}"), ["E0207"]);
    assert_eq!(
        codes("@derive(PartialEq)\ntype P { x: I32 }\nfunc main() {\n let a = P { x: 1 }\n let b = a < a\n}"),
        ["E0207"]
    );
}

#[test]
fn required_behavior_missing() {
    assert_eq!(codes("behavior Describe { func name(this) -> Str }\nbehavior Loud: Describe { func shout(this) -> Str { \"!\" } }\ntype Dog { age: I32 }\nimpl Loud for Dog {}\nfunc main() {}"), ["E0203"]);
}

#[test]
fn raw_pointers() {
    let ok_src = "type Cell { v: I64 }\nlowlevel func poke(p: *I64) -> I64 {\n p.write(5)\n let q = p.offset(1)\n let a = p as I64\n let back = a as *I64\n *p = 7\n *p + p.read()\n}\nfunc main() {\n var x = 1i64\n let p: *I64 = null\n let nul = p.is_null()\n let v = lowlevel { poke(&x) }\n}";
    assert!(codes(ok_src).is_empty());
    assert_eq!(codes("func main() {\n var x = 1i64\n let p = &x\n}"), ["E0216"]);
    assert_eq!(codes("func f(p: *I64) -> I64 { *p }\nfunc main() {}"), ["E0216"]);
    assert_eq!(codes("func f(p: *I64) -> I64 { p.read() }\nfunc main() {}"), ["E0216"]);
    assert_eq!(codes("func f(p: *I64) -> I64 { p as I64 }\nfunc main() {}"), ["E0216"]);
}

#[test]
fn member_decorators() {
    assert_eq!(codes("type P {\n @test\n x: I32\n}\nfunc main() {}"), ["E0108"]);
    assert!(
        codes("type P { x: I32 }\nimpl P {\n @inline\n func get(this) -> I32 { this.x }\n}\nfunc main() {}").is_empty()
    );
    assert_eq!(codes("@should_panic\nfunc main() {}"), ["E0108"]);
}

#[test]
fn cascades_are_suppressed() {
    assert_eq!(codes("func main() {\n let x: Foo = 5\n x.bar()\n let y = x.f + 1\n}"), ["E0101"]);
    assert_eq!(codes("type P { x: I32 }\nfunc main() {\n let p = P { x: 1, z: 2 }\n let q = p.x + 1\n}"), ["E0210"]);
    assert_eq!(codes("func main() {\n let a = foo(1) + 2\n println(\"{a}\")\n}"), ["E0100"]);
    assert_eq!(codes("func main() {\n let a = [1, \"x\", 3]\n}"), ["E0200"]);
    assert_eq!(codes("func f(x: Nope) -> I32 { x.y }\nfunc main() { f(3) }"), ["E0101"]);
    assert_eq!(codes("func main() {\n let x = if true then 1 else \"a\"\n let y = x + 1\n}"), ["E0200"]);
}

#[test]
fn message_forms() {
    let m = messages("func f(a: I32, b: I32) {}\nfunc main() { f(1) }");
    assert_eq!(m, ["E0201: this function takes 2 arguments but 1 argument was supplied"]);
    let m = messages("type P { x: I32 }\nfunc main() {\n let p = P { x: 1 }\n let y = p.y\n p.go()\n}");
    assert_eq!(m, ["E0105: no field `y` on type `P`", "E0106: no method named `go` found for type `P`"]);
    let m = messages("func main() { let x = 1i64 + 1i32 }");
    assert_eq!(m, ["E0207: invalid operand types for `+`: `I64` and `I32`"]);
    let m = messages("type P { x: I32, y: I32 }\nfunc main() { let p = P { } }");
    assert_eq!(m, ["E0210: missing fields `x`, `y` in initializer of `P`"]);
    let m = messages("func main() { break }");
    assert_eq!(m, ["E0214: `break` outside of a loop"]);
}

#[test]
fn lint_warnings() {
    let (p, diags) = run("func f(used: I32, unused: I32) -> I32 { used }\nfunc main() {\n let _quiet = 1\n var x = 0\n x = 1\n let y = f(1, 2)\n return\n println(\"{y}\")\n}", Target::Program);
    assert!(p.is_some());
    let got: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
    assert_eq!(got, ["W0001: unused variable: `unused`", "W0001: unused variable: `x`", "W0002: unreachable code"]);
    let (_, diags) = run(
        "type Outcome[T, E] { Ok(T), Err(E) }\nfunc g() -> Outcome[I32, Str] { Ok(1) }\nfunc main() { g() }",
        Target::Program,
    );
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["W0005"]);
}

#[test]
fn exhaustiveness_waits_for_literal_types() {
    assert!(codes("func take(x: U8) {}\nfunc main() {\n let n = 5\n when n { 0 through 255 => {} }\n take(n)\n}")
        .is_empty());
    assert_eq!(codes("func main() {\n let n = 5\n when n { 0 through 255 => {} }\n}"), ["E0205"]);
}
