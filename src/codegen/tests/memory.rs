//! Strings, copy glue, drop glue order, enums, arrays and bounds checks, raw memory, leak
//! checks (through the runtime double's live-block counter) and ASan builds.

use super::builder::*;
use crate::codegen::Options;
use crate::mir::ir::*;
use crate::sema::hir::{BinOp, Intrinsic};
use crate::sema::ty::{Mutability, Ty};

fn concat(f: &mut Fb, a: Operand, b: Operand) -> Local {
    let s = f.local(Ty::Str);
    f.intrinsic(Intrinsic::StrConcat, vec![], vec![a, b], pl(s));
    s
}

/// `s = "foo" + "bar"; t = s (copy); print(t); drop s; drop t` (drops optional).
fn str_prog(drop_t: bool) -> Program {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let s = concat(&mut f, string("foo"), string("bar"));
    let t = f.local(Ty::Str);
    f.assign(t, Rvalue::Use(cp(s)));
    f.drop(pl(s));
    f.println(cp(t));
    let n = concat(&mut f, cp(t), string("!"));
    f.println(mv(n));
    if drop_t {
        f.drop(pl(t));
    }
    program(vec![f.ret()], vec![])
}

#[test]
fn strings_concat_print_and_are_counted() {
    let r = run(&str_prog(true), &opts());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("foobar\nfoobar!\n", "", 0));
}

#[test]
fn a_missing_drop_is_a_leak() {
    let r = run(&str_prog(false), &opts());
    assert_eq!(r.status, 3, "{}", r.stderr);
}

fn noisy_adts() -> Vec<crate::sema::hir::AdtDef> {
    let noisy = Ty::Adt(0, vec![]);
    vec![struct_def("Noisy", vec![Ty::Str]), struct_def("Pair", vec![noisy.clone(), I64, noisy])]
}

/// `drop(this: mut ref T)` printing `prefix` + the Str at field 0 of `*this` (or only
/// `prefix`).
fn drop_fn(name: &str, ty: Ty, prefix: &str, with_field: bool) -> Body {
    let mut f = Fb::new(name, &[Ty::Ref(Mutability::Mut, Box::new(ty))], Ty::Unit);
    if with_field {
        let field = Operand::Copy(Place { local: 1, projection: vec![Projection::Deref, Projection::Field(0)] });
        let s = concat(&mut f, string(prefix), field);
        f.println(mv(s));
    } else {
        f.println(string(prefix));
    }
    f.ret()
}

fn drop_order_prog() -> Program {
    let (noisy, pair) = (Ty::Adt(0, vec![]), Ty::Adt(1, vec![]));
    let mut f = Fb::new("main", &[], Ty::Unit);
    let a = f.local(noisy.clone());
    let n = concat(&mut f, string("a"), string(""));
    f.assign(a, Rvalue::Aggregate(AggregateKind::Adt(0, 0, vec![]), vec![mv(n)]));
    let b = f.local(noisy.clone());
    f.assign(b, Rvalue::Aggregate(AggregateKind::Adt(0, 0, vec![]), vec![string("b")]));
    let p = f.local(pair.clone());
    f.assign(p, Rvalue::Aggregate(AggregateKind::Adt(1, 0, vec![]), vec![mv(a), int(7, I64), mv(b)]));
    f.drop(pl(p));
    f.println(string("end"));
    let mut prog = program(
        vec![
            f.ret(),
            drop_fn("Noisy::drop", noisy.clone(), "drop ", true),
            drop_fn("Pair::drop", pair.clone(), "drop pair", false),
        ],
        noisy_adts(),
    );
    prog.drop_fns = vec![(noisy, 1), (pair, 2)];
    prog
}

#[test]
fn drop_glue_runs_drop_then_fields_in_declaration_order() {
    let r = run(&drop_order_prog(), &opts());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("drop pair\ndrop a\ndrop b\nend\n", "", 0));
}

fn o2() -> Options {
    let mut o = opts();
    o.opt_level = 2;
    o
}

fn asan() -> Options {
    let mut o = opts();
    o.sanitizers.address = true;
    o.opt_level = 1;
    o
}

#[test]
fn drop_glue_at_o2_and_under_asan() {
    for o in [o2(), asan()] {
        let r = run(&drop_order_prog(), &o);
        assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("drop pair\ndrop a\ndrop b\nend\n", "", 0));
        let r = run(&str_prog(true), &o);
        assert_eq!((r.stdout.as_str(), r.status), ("foobar\nfoobar!\n", 0), "{}", r.stderr);
    }
}

/// `enum Shape { Circle(I64), Rect(I64, I64) }`, `enum MaybeStr { None, Some(Str) }`.
fn enum_adts() -> Vec<crate::sema::hir::AdtDef> {
    vec![enum_def("Shape", vec![vec![I64], vec![I64, I64]]), enum_def("MaybeStr", vec![vec![], vec![Ty::Str]])]
}

/// `area(s: Shape) -> I64` switching on the discriminant.
fn area() -> Body {
    let shape = Ty::Adt(0, vec![]);
    let mut f = Fb::new("area", &[shape], I64);
    let d = f.local(I64);
    f.assign(d, Rvalue::Discriminant(pl(1)));
    let (circle, rect) = (f.block(), f.block());
    let bad = f.block();
    f.term(TerminatorKind::SwitchInt { discr: cp(d), targets: vec![(0, circle), (1, rect)], otherwise: bad });
    let field =
        |v, i| Operand::Copy(Place { local: 1, projection: vec![Projection::Downcast(v), Projection::Field(i)] });
    f.switch_to(circle);
    let r2 = f.local(I64);
    f.assign(r2, Rvalue::BinaryOp(BinOp::Mul, field(0, 0), field(0, 0)));
    f.assign(0, Rvalue::BinaryOp(BinOp::Mul, cp(r2), int(3, I64)));
    f.term(TerminatorKind::Return);
    f.switch_to(rect);
    f.assign(0, Rvalue::BinaryOp(BinOp::Mul, field(1, 0), field(1, 1)));
    f.ret()
}

fn enum_prog() -> Program {
    let (shape, maybe) = (Ty::Adt(0, vec![]), Ty::Adt(1, vec![]));
    let mut f = Fb::new("main", &[], Ty::Unit);
    let s = f.local(shape.clone());
    f.assign(s, Rvalue::Aggregate(AggregateKind::Adt(0, 1, vec![]), vec![int(3, I64), int(4, I64)]));
    let a = f.local(I64);
    f.call(Callee::Instance(1), vec![cp(s)], pl(a));
    f.print_val(cp(a));
    f.assign(s, Rvalue::Aggregate(AggregateKind::Adt(0, 0, vec![]), vec![int(5, I64)]));
    f.call(Callee::Instance(1), vec![mv(s)], pl(a));
    f.print_val(cp(a));
    let m = f.local(maybe.clone());
    let txt = concat(&mut f, string("x"), string("y"));
    f.assign(m, Rvalue::Aggregate(AggregateKind::Adt(1, 1, vec![]), vec![mv(txt)]));
    let m2 = f.local(maybe.clone());
    f.assign(m2, Rvalue::Use(cp(m)));
    f.drop(pl(m));
    let payload = Operand::Copy(Place { local: m2, projection: vec![Projection::Downcast(1), Projection::Field(0)] });
    f.println(payload);
    f.drop(pl(m2));
    f.assign(m, Rvalue::Aggregate(AggregateKind::Adt(1, 0, vec![]), vec![]));
    f.drop(pl(m));
    let size = f.local(I64);
    f.intrinsic(Intrinsic::SizeOf, vec![shape], vec![], pl(size));
    f.print_val(cp(size));
    f.intrinsic(
        Intrinsic::SizeOf,
        vec![Ty::Tuple(vec![Ty::Int(crate::sema::ty::IntTy::I8), I64, Ty::Bool])],
        vec![],
        pl(size),
    );
    f.print_val(cp(size));
    program(vec![f.ret(), area()], enum_adts())
}

#[test]
fn enums_switch_on_tags_and_drop_active_payloads() {
    for o in [opts(), o2(), asan()] {
        let r = run(&enum_prog(), &o);
        assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("12\n75\nxy\n24\n24\n", "", 0));
    }
}

/// `arr = [10, 20, 30]; print(arr[i])` with the index `i` (type `ity`) at 7:12.
fn index_prog(i: i128, ity: Ty) -> Program {
    let arr_ty = Ty::Array(Box::new(I64), 3);
    let mut f = Fb::new("main", &[], Ty::Unit);
    let a = f.local(arr_ty);
    f.assign(a, Rvalue::Aggregate(AggregateKind::Array(I64), vec![int(10, I64), int(20, I64), int(30, I64)]));
    let idx = f.local(ity.clone());
    f.assign(idx, Rvalue::Use(int(i, ity)));
    let x = f.local(I64);
    f.at(7, 12).assign(x, Rvalue::Use(Operand::Copy(Place { local: a, projection: vec![Projection::Index(idx)] })));
    f.print_val(cp(x));
    program(vec![f.ret()], vec![])
}

#[test]
fn array_indexing_is_bounds_checked() {
    assert_eq!(run(&index_prog(1, I64), &opts()).stdout, "20\n");
    assert_eq!(run(&index_prog(2, uint(8)), &o2()).stdout, "30\n");
    for (i, o) in [(5, opts()), (-1, o2())] {
        let r = run(&index_prog(i, I32), &o);
        assert_eq!(r.status, 101);
        assert_eq!(
            r.stderr,
            format!("panicked at t.tml:7:12: index out of bounds: the len is 3 but the index is {i}\n")
        );
    }
}

#[test]
fn repeat_copies_counted_elements() {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let s = concat(&mut f, string("r"), string("ep"));
    let arr = f.local(Ty::Array(Box::new(Ty::Str), 3));
    f.assign(arr, Rvalue::Repeat(mv(s), 3));
    let i = f.local(I64);
    f.assign(i, Rvalue::Use(int(2, I64)));
    f.println(Operand::Copy(Place { local: arr, projection: vec![Projection::Index(i)] }));
    f.drop(pl(arr));
    let r = run(&program(vec![f.ret()], vec![]), &asan());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("rep\n", "", 0));
}

#[test]
fn raw_memory_intrinsics() {
    let p_ty = Ty::Ptr(Box::new(Ty::Unit));
    let pi = Ty::Ptr(Box::new(I64));
    let mut f = Fb::new("main", &[], Ty::Unit);
    let p = f.local(p_ty.clone());
    f.intrinsic(Intrinsic::MemAllocZeroed, vec![], vec![int(32, I64)], pl(p));
    let q = f.local(pi.clone());
    f.assign(q, Rvalue::Cast(cp(p), pi.clone()));
    let q2 = f.local(pi.clone());
    f.intrinsic(Intrinsic::PtrElemOffset, vec![], vec![cp(q), int(2, I64)], pl(q2));
    let unit = f.local(Ty::Unit);
    f.intrinsic(Intrinsic::PtrWrite, vec![I64], vec![cp(q2), int(99, I64)], pl(unit));
    let q3 = f.local(p_ty.clone());
    f.intrinsic(Intrinsic::PtrByteOffset, vec![], vec![cp(p), int(16, I64)], pl(q3));
    let v = f.local(I64);
    f.intrinsic(Intrinsic::PtrRead, vec![I64], vec![cp(q3)], pl(v));
    f.print_val(cp(v));
    f.intrinsic(Intrinsic::PtrRead, vec![I64], vec![cp(p)], pl(v));
    f.print_val(cp(v));
    f.intrinsic(Intrinsic::MemFree, vec![], vec![cp(p)], pl(unit));
    let r = run(&program(vec![f.ret()], vec![]), &asan());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("99\n0\n", "", 0));
}

#[test]
fn str_debug_escapes() {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let s = f.local(Ty::Str);
    f.intrinsic(Intrinsic::StrDebug, vec![], vec![string("a\"b\\\n")], pl(s));
    f.println(mv(s));
    f.intrinsic(
        Intrinsic::CharDebug,
        vec![],
        vec![Operand::Const(ConstValue::Scalar(crate::sema::hir::Const::Char('z')), Ty::Char)],
        pl(s),
    );
    f.println(mv(s));
    let r = run(&program(vec![f.ret()], vec![]), &opts());
    assert_eq!((r.stdout.as_str(), r.status), ("\"a\\\"b\\\\\\n\"\n'z'\n", 0), "{}", r.stderr);
}

#[test]
fn string_queries_and_bool_layout() {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let s = concat(&mut f, string("ab"), string("cd"));
    let n = f.local(I64);
    f.intrinsic(Intrinsic::StrLen, vec![], vec![cp(s)], pl(n));
    f.print_val(cp(n));
    let eq = f.local(Ty::Bool);
    f.intrinsic(Intrinsic::StrEq, vec![], vec![mv(s), string("abcd")], pl(eq));
    f.print_val(cp(eq));
    let pair = Ty::Tuple(vec![Ty::Bool, Ty::I32]);
    f.intrinsic(Intrinsic::SizeOf, vec![pair.clone()], vec![], pl(n));
    f.print_val(cp(n));
    let t = f.local(pair);
    f.assign(t, Rvalue::Aggregate(AggregateKind::Tuple, vec![cp(eq), int(1, Ty::I32)]));
    f.print_val(Operand::Copy(Place { local: t, projection: vec![Projection::Field(0)] }));
    f.print_val(Operand::Const(ConstValue::Scalar(crate::sema::hir::Const::Unit), Ty::Unit));
    let r = run(&program(vec![f.ret()], vec![]), &opts());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("4\ntrue\n8\ntrue\n()\n", "", 0));
}
