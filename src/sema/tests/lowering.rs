//! Shape of the produced HIR.

use super::invariants::{all_exprs, assert_concrete, assert_consistent};
use super::{ok, run};
use crate::sema::hir::{Body, Callee, Const, Expr, ExprKind, FnDef, Intrinsic, PatKind, Program, Stmt};
use crate::sema::ty::{FloatTy, IntTy, Mutability, Ty};
use crate::sema::Target;

fn func<'p>(p: &'p Program, name: &str) -> &'p FnDef {
    p.fns.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no function {name}"))
}

fn body<'p>(p: &'p Program, name: &str) -> &'p Body {
    func(p, name).body.as_ref().expect("body")
}

#[test]
fn literals_default_and_unify() {
    let p = ok("func main() {\n let a = 1\n let b = 2.5\n let c: I64 = 3\n let d = c + 4\n let e: U8 = 255\n}");
    assert_concrete(&p);
    let b = body(&p, "main");
    let tys: Vec<Ty> = b.locals.iter().map(|l| l.ty.clone()).collect();
    assert_eq!(tys, [Ty::I32, Ty::Float(FloatTy::F64), Ty::I64, Ty::I64, Ty::Int(IntTy::U8)]);
}

#[test]
fn literal_type_flows_backwards() {
    let p = ok("func take(x: I64) {}\nfunc main() {\n let a = 5\n take(a)\n}");
    assert_eq!(body(&p, "main").locals[0].ty, Ty::I64);
}

#[test]
fn receivers_are_adapted_with_explicit_refs() {
    let src = "type C { n: I32 }\nimpl C {\n func get(this) -> I32 { this.n }\n func inc(mut this) { this.n += 1 }\n func take(this: This) -> I32 { this.n }\n}\nfunc main() {\n var c = C { n: 0 }\n c.inc()\n let a = c.get()\n let b = c.take()\n}";
    let p = ok(src);
    assert_concrete(&p);
    let calls: Vec<(usize, Expr)> = all_exprs(body(&p, "main"))
        .into_iter()
        .filter_map(|e| match &e.kind {
            ExprKind::Call { callee: Callee::Fn { id, .. }, args, .. } => Some((*id, args[0].clone())),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 3);
    assert!(matches!(calls[0].1.kind, ExprKind::Ref { mutability: Mutability::Mut, .. }));
    assert!(matches!(calls[1].1.kind, ExprKind::Ref { mutability: Mutability::Not, .. }));
    assert!(matches!(calls[2].1.kind, ExprKind::Local(_)));
    assert_eq!(p.fns[calls[0].0].name, "C::inc");
    assert_eq!(p.fns[calls[0].0].params[0], Ty::mut_ref(Ty::Adt(0, vec![])));
}

#[test]
fn interpolation_is_concatenation_of_to_string() {
    let p = ok("func main() {\n let n = 3\n let s = \"n = {n}!\"\n}");
    let exprs = all_exprs(body(&p, "main"));
    let cat = exprs
        .iter()
        .find(|e| matches!(e.kind, ExprKind::Intrinsic { op: Intrinsic::StrConcatN, .. }))
        .expect("StrConcatN");
    let ExprKind::Intrinsic { args, .. } = &cat.kind else { unreachable!() };
    assert_eq!(args.len(), 3);
    assert!(matches!(&args[0].kind, ExprKind::Lit(Const::Str(s)) if s == "n = "));
    assert!(matches!(&args[1].kind, ExprKind::Intrinsic { op: Intrinsic::ToString, .. }));
    assert!(matches!(&args[2].kind, ExprKind::Lit(Const::Str(s)) if s == "!"));
}

#[test]
fn display_impl_is_called_for_structs() {
    let p = ok("type P { x: I32 }\nimpl Display for P { func to_string(this) -> Str { \"P\" } }\nfunc main() {\n let p = P { x: 1 }\n println(\"<{p}>\")\n}");
    assert_concrete(&p);
    let to_string = p.fns.iter().position(|f| f.name == "Display for P::to_string").expect("impl fn");
    let displays: Vec<_> = p.impls.iter().filter(|i| p.behaviors[i.behavior].name == "Display").collect();
    assert_eq!(displays.len(), 1);
    assert_eq!(displays[0].methods, [to_string]);
    let found = all_exprs(body(&p, "main")).iter().any(|e| matches!(&e.kind, ExprKind::Call { callee: Callee::Fn { id, .. }, args, .. } if *id == to_string && matches!(args[0].kind, ExprKind::Ref { .. })));
    assert!(found);
}

#[test]
fn copy_decay_of_references() {
    let p = ok("func bigger(a: ref I64, b: ref I64) -> I64 {\n if a > b then *a else *b\n}\nfunc main() {}");
    assert_concrete(&p);
    let exprs = all_exprs(body(&p, "bigger"));
    let cmp = exprs.iter().find(|e| matches!(e.kind, ExprKind::Binary { .. })).expect("comparison");
    let ExprKind::Binary { lhs, rhs, .. } = &cmp.kind else { unreachable!() };
    assert!(matches!(lhs.kind, ExprKind::Deref(_)) && lhs.ty == Ty::I64);
    assert!(matches!(rhs.kind, ExprKind::Deref(_)));
}

#[test]
fn while_becomes_loop_with_break() {
    let p = ok("func main() {\n var i = 0\n while i < 3 { i += 1 }\n}");
    let exprs = all_exprs(body(&p, "main"));
    let lp = exprs.iter().find(|e| matches!(e.kind, ExprKind::Loop(_))).expect("loop");
    let ExprKind::Loop(b) = &lp.kind else { unreachable!() };
    let Stmt::Expr(first) = &b.stmts[0] else { panic!("expected if") };
    let ExprKind::If { then_branch, .. } = &first.kind else { panic!("expected if") };
    assert!(matches!(then_branch.kind, ExprKind::Break));
    assert_eq!(lp.ty, Ty::Unit);
}

#[test]
fn infinite_loop_is_never() {
    let p = ok("func f() -> I32 { loop { } }\nfunc main() {}");
    assert_eq!(body(&p, "f").value.ty, Ty::Never);
}

#[test]
fn assert_message_uses_source_text() {
    let p = ok("func main() {\n let x = 1\n assert(x + 1 == 2)\n}");
    let msg = all_exprs(body(&p, "main")).iter().find_map(|e| match &e.kind {
        ExprKind::Intrinsic { op: Intrinsic::Panic, args, .. } => match &args[0].kind {
            ExprKind::Lit(Const::Str(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    });
    assert_eq!(msg.as_deref(), Some("assertion failed: x + 1 == 2"));
}

#[test]
fn assert_eq_uses_debug_forms() {
    let p = ok("func main() {\n let s = \"a\"\n assert_eq(s, \"b\")\n assert_ne(1, 2, \"ones\")\n}");
    assert_concrete(&p);
    let exprs = all_exprs(body(&p, "main"));
    assert!(exprs.iter().any(|e| matches!(e.kind, ExprKind::Intrinsic { op: Intrinsic::StrDebug, .. })));
    assert!(exprs.iter().any(|e| matches!(e.kind, ExprKind::Intrinsic { op: Intrinsic::StrEq, .. })));
    assert!(exprs
        .iter()
        .any(|e| matches!(&e.kind, ExprKind::Lit(Const::Str(s)) if s == "assertion `left != right` failed")));
}

#[test]
fn when_on_references_uses_deref_patterns() {
    let p = ok("func f(x: ref I32) -> Str {\n when x { 0 => \"zero\", _ => \"other\" }\n}\nfunc main() {}");
    let m = all_exprs(body(&p, "f")).into_iter().find(|e| matches!(e.kind, ExprKind::Match { .. })).expect("match");
    let ExprKind::Match { arms, .. } = &m.kind else { unreachable!() };
    assert!(matches!(arms[0].pattern.kind, PatKind::Deref(_)));
}

#[test]
fn for_loops_over_ranges_and_arrays() {
    let p = ok("func main() {\n var t = 0\n for i in 0 to 10 { t += i }\n for c in 'a' through 'z' { }\n let arr = [1, 2, 3]\n for n in arr { t += n }\n for n in [4, 5] { t += n }\n}");
    assert_concrete(&p);
    assert_eq!(all_exprs(body(&p, "main")).iter().filter(|e| matches!(e.kind, ExprKind::For { .. })).count(), 4);
}

#[test]
fn test_wrappers() {
    let (p, diags) = run("@test\nfunc unit_test() { assert(true) }\n@test\n@should_panic(\"boom\")\nfunc code_test() -> I32 { 0 }\n@test\n@ignore\nfunc skipped() {}\n", Target::Test);
    assert!(diags.is_empty(), "{diags:#?}");
    let p = p.expect("program");
    assert!(p.entry.is_none());
    assert_eq!(p.tests.len(), 3);
    assert_eq!(p.tests[1].should_panic, Some(Some("boom".to_string())));
    assert!(p.tests[2].ignored);
    let w = &p.fns[p.tests[0].wrapper];
    assert_eq!(w.ret, Ty::I32);
    assert!(matches!(w.body.as_ref().expect("wrapper body").value.kind, ExprKind::Block(_)));
    let (_, diags) = run("@test\nfunc bad(_x: I32) {}\n", Target::Test);
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0215"]);
}

#[test]
fn constants_and_arrays() {
    let p = ok("const N: I64 = 4\nconst MASK = 0xFF\nfunc main() {\n const K = N * 2\n let a: [I32; K] = [0; 8]\n let x = a[N - 1]\n let m = MASK\n let big = I64::MAX\n}");
    assert_concrete(&p);
    let b = body(&p, "main");
    assert_eq!(b.locals[0].ty, Ty::Array(Box::new(Ty::I32), 8));
    assert_eq!(b.locals[3].ty, Ty::I64);
}

#[test]
fn str_and_number_methods() {
    let p = ok("func main() {\n let s = \"Hello\"\n let n = s.len()\n let u = s.to_uppercase()\n let c = s.char_at(0)\n let e = s == \"x\"\n let lt = s < \"z\"\n let cat = s + \"!\"\n let a = (-5).abs()\n let r = 2.5.round()\n let up = 'a'.to_uppercase()\n let w = 'x'.is_alphabetic()\n let f = Str::from_char('z')\n}");
    assert_concrete(&p);
    let tys: Vec<Ty> = body(&p, "main").locals.iter().filter(|l| l.name.is_some()).map(|l| l.ty.clone()).collect();
    assert_eq!(
        tys,
        [
            Ty::Str,
            Ty::I64,
            Ty::Str,
            Ty::I32,
            Ty::Bool,
            Ty::Bool,
            Ty::Str,
            Ty::I32,
            Ty::Float(FloatTy::F64),
            Ty::Char,
            Ty::Bool,
            Ty::Str
        ]
    );
}

#[test]
fn tuples_and_structs() {
    let p = ok("@derive(PartialEq)\ntype P { x: I32, y: I32 }\nfunc main() {\n let t = (1, \"a\")\n let a = t.0\n let p = P { x: 1, y: 2 }\n let q = P { y: 3, x: 4 }\n let same = p == q\n let (u, v) = t\n let P { x, .. } = p\n}");
    assert_concrete(&p);
}

#[test]
fn format_with_precision() {
    let p = ok("func main() { println(format(\"{:.2} is {}\", 2.0 / 3.0, \"x\")) }");
    assert!(all_exprs(body(&p, "main"))
        .iter()
        .any(|e| matches!(e.kind, ExprKind::Intrinsic { op: Intrinsic::FloatToStrPrec(2), .. })));
}

#[test]
fn examples_are_consistent() {
    for src in [
        include_str!("../../../tests/parse_corpus/hello.tml"),
        include_str!("../../../tests/parse_corpus/control_flow.tml"),
        include_str!("../../../tests/parse_corpus/use_after_move.tml"),
        "@derive(PartialEq, Ord)\ntype S { a: I32, b: Str }\ntype E { A, B }\nfunc f(x: ref S, e: E) -> I32 {\n if x.a > 3 { 1 } else if e == E::A { 2 } else { 3 }\n}\nfunc main() {\n let s = S { a: 1, b: \"x\" }\n if s == s { println(\"eq\") }\n when f(ref s, E::B) { 1 => println(\"one\"), _ => {} }\n if s.a < 2 then 5 else 6\n assert_eq(s.b, \"x\")\n let c = 'q'.to_uppercase()\n}",
    ] {
        let p = ok(src);
        assert_concrete(&p);
        assert_consistent(&p);
    }
}

#[test]
fn mut_refs_are_reborrowed_for_calls() {
    let p = ok("type C { n: I32 }\nimpl C {\n func inc(mut this) { this.n += 1 }\n func twice(mut this) {\n  this.inc()\n  this.inc()\n }\n}\nfunc bump(r: mut ref I32) { *r += 1 }\nfunc read(r: ref I32) -> I32 { *r }\nfunc both(r: mut ref I32) -> I32 {\n bump(r)\n bump(r)\n read(r)\n}\nfunc main() {\n var x = 1\n let a = both(mut ref x)\n}");
    let calls: Vec<Expr> = all_exprs(body(&p, "both"))
        .into_iter()
        .filter_map(|e| match e.kind {
            ExprKind::Call { mut args, .. } => Some(args.remove(0)),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 3);
    assert!(
        matches!(&calls[0].kind, ExprKind::Ref { mutability: Mutability::Mut, place } if matches!(place.kind, ExprKind::Deref(_)))
    );
    assert!(matches!(&calls[2].kind, ExprKind::Ref { mutability: Mutability::Not, .. }));
    let inner: Vec<Expr> = all_exprs(body(&p, "C::twice"))
        .into_iter()
        .filter_map(|e| match e.kind {
            ExprKind::Call { mut args, .. } => Some(args.remove(0)),
            _ => None,
        })
        .collect();
    assert!(inner.iter().all(|a| matches!(&a.kind, ExprKind::Ref { mutability: Mutability::Mut, place } if matches!(place.kind, ExprKind::Deref(_)))));
}
