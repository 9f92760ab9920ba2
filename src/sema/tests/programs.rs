//! Whole programs that must be accepted.

use super::ok;

#[test]
fn hello_example() {
    ok(include_str!("../../../tests/parse_corpus/hello.tml"));
}

#[test]
fn control_flow_example() {
    ok(include_str!("../../../tests/parse_corpus/control_flow.tml"));
}

#[test]
fn use_after_move_passes_sema() {
    ok(include_str!("../../../tests/parse_corpus/use_after_move.tml"));
}

#[test]
fn enums_construct_match_and_compare() {
    let p = ok("type Shape {\n Circle(F64),\n Rect { w: F64, h: F64 },\n Empty,\n}\nenum Color { Red, Green, Blue }\nfunc area(s: ref Shape) -> F64 {\n when s {\n  Circle(r) => 3.14 * *r * *r,\n  Shape::Rect { w, h } => *w * *h,\n  Empty => 0.0,\n }\n}\nfunc name(c: Color) -> Str {\n when c { Red => \"red\", Color::Green => \"green\", Blue => \"blue\" }\n}\nfunc main() {\n let a = Shape::Circle(1.0)\n let b = Rect { w: 2.0, h: 3.0 }\n let c = Empty\n let t = area(ref a) + area(ref b) + area(ref c)\n let same = Color::Red == Red\n println(name(Green))\n}");
    assert!(p.adts.iter().any(|a| a.name == "Color" && a.is_copy));
}

#[test]
fn behaviors_defaults_and_bounded_generics() {
    let p = ok("behavior Describe {\n func name(this) -> Str\n func describe(this) -> Str { \"<{this.name()}>\" }\n}\ntype Dog { age: I32 }\nimpl Describe for Dog { func name(this) -> Str { \"dog {this.age}\" } }\nfunc loudly[T: Describe](item: ref T) -> Str { item.describe().to_uppercase() }\nfunc show[T: Display](x: T) -> Str { \"[{x}]\" }\nfunc main() {\n let rex = Dog { age: 3 }\n println(rex.describe())\n println(loudly(ref rex))\n println(show(5))\n}");
    let imp = &p.impls.iter().find(|i| p.behaviors[i.behavior].name == "Describe").expect("impl").methods;
    assert_eq!(imp.len(), 2);
    assert_eq!(p.fns[imp[1]].name, "Describe for Dog::describe");
    assert!(p.fns[imp[1]].body.is_some());
}

#[test]
fn propagation_and_generic_enums() {
    let p = ok("type Outcome[T, E] { Ok(T), Err(E) }\ntype Maybe[T] { Just(T), Nothing }\nfunc parse(s: Str) -> Outcome[I32, Str] { if s == \"1\" { Ok(1) } else { Err(\"bad\") } }\nfunc total(a: Str, b: Str) -> Outcome[I32, Str] {\n let x = parse(a)!\n let y = parse(b)!\n Ok(x + y)\n}\nfunc first(m: Maybe[I64]) -> Maybe[I64] {\n let v = m!\n Just(v + 1)\n}\nfunc main() {\n when total(\"1\", \"1\") { Ok(n) => println(\"{n}\"), Err(e) => println(e) }\n let j = Just(5)\n let n: Maybe[Str] = Nothing\n}");
    let main = p.fns.iter().find(|f| f.name == "main").and_then(|f| f.body.as_ref()).expect("main");
    assert!(main.locals.iter().any(|l| l.ty == crate::sema::ty::Ty::Adt(1, vec![crate::sema::ty::Ty::I32])));
}

/// Valid programs that exercise most of the checker; mutated by the robustness test.
const SEEDS: &[&str] = &[
    "type Shape {\n Circle(F64),\n Rect { w: F64, h: F64 },\n Empty,\n}\nfunc area(s: ref Shape) -> F64 {\n when s {\n  Circle(r) => 3.14 * *r * *r,\n  Shape::Rect { w, h } => *w * *h,\n  Empty => 0.0,\n }\n}\nfunc main() {\n let a = Shape::Circle(1.0)\n let t = area(ref a)\n println(\"{:.2}\", t)\n}",
    "behavior Describe {\n func name(this) -> Str\n func describe(this) -> Str { \"<{this.name()}>\" }\n}\ntype Dog { age: I32 }\nimpl Describe for Dog { func name(this) -> Str { \"dog {this.age}\" } }\nfunc loudly[T: Describe](item: ref T) -> Str { item.describe().to_uppercase() }\nfunc main() {\n let rex = Dog { age: 3 }\n println(loudly(ref rex))\n var n = 0\n loop (var k: I32 < 4) { n += k\n k += 1 }\n for i in 0 to 10 { if i % 2 == 0 { continue }\n n -= i\n }\n assert_eq(n, 6, \"sum\")\n}",
    "type Outcome[T, E] { Ok(T), Err(E) }\nfunc parse(s: Str) -> Outcome[I32, Str] { if s == \"1\" { Ok(1) } else { Err(\"bad\") } }\nfunc total(a: Str) -> Outcome[I32, Str] {\n let x = parse(a)!\n Ok(x + 1)\n}\n@derive(PartialEq, Ord)\ntype S { a: I32, b: Str }\nconst N: I64 = 4\nfunc main() {\n let arr: [I32; N] = [0; 4]\n let s = S { a: arr[1], b: \"x\" }\n let t = (s.a, 'c')\n when t { (0, 'a' through 'z') => {}, (_, c) => println(c) }\n lowlevel { let p = mem_alloc(8)\n ptr_write[I64](p, 5)\n mem_free(p) }\n}",
];

/// Analysis never panics, also on truncated or partially parsed input.
#[test]
fn never_panics_on_damaged_sources() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/parse_corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    let seeds = std::env::temp_dir().join(format!("tmlc-sema-seeds-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&seeds);
    for (i, src) in SEEDS.iter().enumerate() {
        let path = seeds.join(format!("seed{i}.tml"));
        if std::fs::write(&path, src).is_ok() {
            files.push(path);
        }
    }
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for p in files {
        let Ok(src) = std::fs::read_to_string(&p) else {
            continue;
        };
        for round in 0..80 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text = src.clone();
            if round > 0 {
                let a = (seed as usize) % text.len().max(1);
                let b = (a + (seed >> 20) as usize % 40).min(text.len());
                if text.is_char_boundary(a) && text.is_char_boundary(b) {
                    text.replace_range(a..b, "");
                }
            }
            let mut sm = crate::span::SourceMap::new();
            let file = sm.add("fuzz.tml", text.clone());
            let (ast, _) = crate::syntax::parse_file(file, &text);
            let modules =
                vec![crate::sema::ModuleInput { path: Vec::new(), file, ast, kind: crate::sema::ModuleKind::Root }];
            for target in [crate::sema::Target::Program, crate::sema::Target::Test] {
                let (_, diags) = crate::sema::analyze(&modules, &sm, target);
                let ice = diags.iter().find(|d| d.message.starts_with("internal compiler error"));
                assert!(ice.is_none(), "{}: {ice:?}\n{text}", p.display());
            }
        }
    }
}

#[test]
fn compound_comparisons() {
    ok("@derive(PartialEq, Ord)\ntype Score { points: I32, bonus: I32 }\ntype Name { s: Str }\nimpl PartialEq for Name { func eq(this, other: ref This) -> Bool { this.s == other.s } }\nfunc same(a: ref Score, b: ref Score) -> Bool { a == b }\nfunc main() {\n let a = Score { points: 1, bonus: 2 }\n let b = Score { points: 1, bonus: 3 }\n let lt = a < b\n let ge = (1, \"x\") >= (1, \"a\")\n let n = Name { s: \"a\" } != Name { s: \"b\" }\n assert_eq(a, b)\n assert(same(ref a, ref b))\n}");
}

#[test]
fn generics_and_required_behaviors() {
    ok("behavior Describe { func name(this) -> Str }\nbehavior Loud: Describe { func shout(this) -> Str { this.name().to_uppercase() } }\ntype Dog { age: I32 }\nimpl Describe for Dog { func name(this) -> Str { \"dog\" } }\nimpl Loud for Dog {}\nfunc both[T: Loud](x: ref T) -> Str { x.name() + x.shout() }\nfunc identity[T](x: T) -> T { x }\ntype Pair[A, B] { first: A, second: B }\nimpl[A, B] Pair[A, B] {\n func swap(this: This) -> Pair[B, A] { Pair { first: this.second, second: this.first } }\n}\nfunc zero[T: Default]() -> T { T::default() }\nfunc main() {\n let d = Dog { age: 1 }\n println(both(ref d))\n let a = identity(5)\n let b = identity[I64](6)\n let p = Pair { first: 1, second: \"x\" }\n let q = p.swap()\n let s: Str = q.first\n let n = size_of[Pair[I32, I64]]()\n}");
}

#[test]
fn qualified_behavior_calls() {
    ok("behavior Describe { func name(this) -> Str }\ntype Dog { age: I32 }\nimpl Describe for Dog { func name(this) -> Str { \"dog\" } }\nfunc g[T: Describe](x: ref T) -> Str { Describe::name(x) }\nfunc main() {\n let d = Dog { age: 1 }\n println(Describe::name(ref d))\n println(g(ref d))\n}");
}

#[test]
fn function_values() {
    ok("func double(x: I32) -> I32 { x * 2 }\nfunc identity[T](x: T) -> T { x }\nfunc apply(f: func(I32) -> I32, v: I32) -> I32 { f(v) }\nfunc main() {\n let a = apply(double, 4)\n let g: func(I64) -> I64 = identity[I64]\n let b = g(5)\n}");
}

#[test]
fn fuzz_seeds_are_valid() {
    for s in SEEDS {
        ok(s);
    }
}
