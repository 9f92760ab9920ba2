//! Operators, overflow and division checks, shifts, powers, casts and comparisons.

use super::builder::*;
use crate::codegen::Options;
use crate::mir::ir::*;
use crate::sema::hir::{BinOp, Const, UnOp};
use crate::sema::ty::{FloatTy, IntTy, Ty};

/// `main` printing `a OP b` (operands held in locals so nothing is folded), the operator at
/// 5:9.
fn binop_prog(op: BinOp, ty: Ty, a: i128, b: i128) -> Program {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let (x, y) = (f.local(ty.clone()), f.local(ty.clone()));
    f.assign(x, Rvalue::Use(int(a, ty.clone())));
    f.assign(y, Rvalue::Use(int(b, ty.clone())));
    let rty =
        if matches!(op, BinOp::Lt | BinOp::Gt | BinOp::Eq | BinOp::Ne | BinOp::Le | BinOp::Ge) { Ty::Bool } else { ty };
    let r = f.local(rty);
    f.at(5, 9).assign(r, Rvalue::BinaryOp(op, cp(x), cp(y)));
    f.print_val(cp(r));
    program(vec![f.ret()], vec![])
}

fn expect_out(op: BinOp, ty: Ty, a: i128, b: i128, out: &str) {
    let r = run(&binop_prog(op, ty.clone(), a, b), &opts());
    assert_eq!((r.stdout.as_str(), r.status), (format!("{out}\n").as_str(), 0), "{op:?} {ty:?} {a} {b}: {}", r.stderr);
}

fn expect_panic_with(op: BinOp, ty: Ty, a: i128, b: i128, msg: &str, o: &Options) {
    let r = run(&binop_prog(op, ty, a, b), o);
    assert_eq!(r.status, 101, "stdout {:?}", r.stdout);
    assert_eq!(r.stderr, format!("panicked at t.tml:5:9: {msg}\n"));
}

fn expect_panic(op: BinOp, ty: Ty, a: i128, b: i128, msg: &str) {
    expect_panic_with(op, ty, a, b, msg, &opts());
}

#[test]
fn arithmetic_results() {
    expect_out(BinOp::Add, I32, 40, 2, "42");
    expect_out(BinOp::Sub, I64, 5, 7, "-2");
    expect_out(BinOp::Mul, uint(8), 15, 17, "255");
    expect_out(BinOp::Div, I32, 7, -2, "-3");
    expect_out(BinOp::Rem, I32, -7, 2, "-1");
    expect_out(BinOp::Div, uint(32), 4_000_000_000, 3, "1333333333");
    expect_out(BinOp::Pow, I64, 3, 4, "81");
    expect_out(BinOp::Pow, I32, -2, 0, "1");
    expect_out(BinOp::BitXor, I32, 0b1100, 0b1010, "6");
}

#[test]
fn shifts_are_arithmetic_on_signed_and_logical_on_unsigned() {
    expect_out(BinOp::Shr, I32, -16, 2, "-4");
    expect_out(BinOp::Shr, uint(32), 0x8000_0000, 31, "1");
    expect_out(BinOp::Shl, uint(8), 1, 7, "128");
}

#[test]
fn overflow_panics_with_exact_messages() {
    expect_panic(BinOp::Add, I32, i32::MAX as i128, 1, "attempt to add with overflow");
    expect_panic(BinOp::Sub, uint(8), 0, 1, "attempt to subtract with overflow");
    expect_panic(BinOp::Mul, I64, i64::MAX as i128, 2, "attempt to multiply with overflow");
    expect_panic(BinOp::Pow, I32, 2, 31, "attempt to raise to a power with overflow");
    expect_panic(BinOp::Shl, I32, 1, 32, "attempt to shift left with overflow");
    expect_panic(BinOp::Shr, I64, 1, 64, "attempt to shift right with overflow");
}

#[test]
fn division_checks_in_every_build() {
    let mut release = opts();
    release.overflow_checks = false;
    for o in [opts(), release] {
        expect_panic_with(BinOp::Div, I32, 1, 0, "attempt to divide by zero", &o);
        expect_panic_with(BinOp::Rem, uint(64), 1, 0, "attempt to calculate the remainder with a divisor of zero", &o);
        expect_panic_with(BinOp::Div, I32, i32::MIN as i128, -1, "attempt to divide with overflow", &o);
        expect_panic_with(BinOp::Rem, I8(), -128, -1, "attempt to divide with overflow", &o);
        expect_panic_with(BinOp::Pow, I32, 2, -1, "attempt to raise to a negative power", &o);
    }
}

#[allow(non_snake_case)]
fn I8() -> Ty {
    Ty::Int(IntTy::I8)
}

#[test]
fn release_builds_wrap_and_mask_shifts() {
    let mut o = opts();
    o.overflow_checks = false;
    let out = |op, ty, a, b| run(&binop_prog(op, ty, a, b), &o).stdout;
    assert_eq!(out(BinOp::Add, I32, i32::MAX as i128, 1), "-2147483648\n");
    assert_eq!(out(BinOp::Sub, uint(8), 0, 1), "255\n");
    assert_eq!(out(BinOp::Shl, I32, 1, 33), "2\n");
    assert_eq!(out(BinOp::Pow, I32, 2, 32), "0\n");
}

#[test]
fn comparisons_respect_signedness() {
    expect_out(BinOp::Lt, I32, -1, 1, "true");
    expect_out(BinOp::Gt, uint(32), 0xFFFF_FFFF, 1, "true");
    expect_out(BinOp::Ge, I64, 3, 3, "true");
    expect_out(BinOp::Ne, I8(), 3, 3, "false");
}

fn unop_prog(op: UnOp, ty: Ty, v: Const) -> Program {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let x = f.local(ty.clone());
    f.assign(x, Rvalue::Use(Operand::Const(ConstValue::Scalar(v), ty.clone())));
    let r = f.local(ty);
    f.at(2, 3).assign(r, Rvalue::UnaryOp(op, cp(x)));
    f.print_val(cp(r));
    program(vec![f.ret()], vec![])
}

#[test]
fn unary_operators() {
    assert_eq!(run(&unop_prog(UnOp::Neg, I32, Const::Int(5)), &opts()).stdout, "-5\n");
    assert_eq!(run(&unop_prog(UnOp::BitNot, uint(8), Const::Int(1)), &opts()).stdout, "254\n");
    assert_eq!(run(&unop_prog(UnOp::Not, Ty::Bool, Const::Bool(false)), &opts()).stdout, "true\n");
    let r = run(&unop_prog(UnOp::Neg, I64, Const::Int(i64::MIN as i128)), &opts());
    assert_eq!((r.status, r.stderr.as_str()), (101, "panicked at t.tml:2:3: attempt to negate with overflow\n"));
}

fn cast_prog(from: Ty, v: Const, to: Ty) -> Program {
    let mut f = Fb::new("main", &[], Ty::Unit);
    let x = f.local(from.clone());
    f.assign(x, Rvalue::Use(Operand::Const(ConstValue::Scalar(v), from)));
    let r = f.local(to.clone());
    f.assign(r, Rvalue::Cast(cp(x), to));
    f.print_val(cp(r));
    program(vec![f.ret()], vec![])
}

#[test]
fn casts_follow_the_spec() {
    let f64t = Ty::Float(FloatTy::F64);
    let cases = [
        (f64t.clone(), Const::Float(f64::NAN), I32, "0"),
        (f64t.clone(), Const::Float(1e20), I32, "2147483647"),
        (f64t.clone(), Const::Float(-5.7), uint(8), "0"),
        (f64t.clone(), Const::Float(-5.7), I64, "-5"),
        (I32, Const::Int(300), uint(8), "44"),
        (I32, Const::Int(-1), uint(64), "18446744073709551615"),
        (uint(8), Const::Int(200), Ty::Char, "È"),
        (Ty::Bool, Const::Bool(true), I32, "1"),
        (Ty::Char, Const::Char('A'), I64, "65"),
        (I64, Const::Int(3), f64t, "3"),
    ];
    for (from, v, to, out) in cases {
        let r = run(&cast_prog(from.clone(), v.clone(), to.clone()), &opts());
        assert_eq!(r.stdout, format!("{out}\n"), "{v:?} {from:?} as {to:?}");
    }
}

#[test]
fn float_ops_are_ieee() {
    let f64t = Ty::Float(FloatTy::F64);
    let mut f = Fb::new("main", &[], Ty::Unit);
    let (x, z) = (f.local(f64t.clone()), f.local(f64t.clone()));
    f.assign(x, Rvalue::Use(Operand::Const(ConstValue::Scalar(Const::Float(1.5)), f64t.clone())));
    f.assign(z, Rvalue::Use(Operand::Const(ConstValue::Scalar(Const::Float(0.0)), f64t.clone())));
    let (m, d, e) = (f.local(f64t.clone()), f.local(f64t), f.local(Ty::Bool));
    f.assign(m, Rvalue::BinaryOp(BinOp::Mul, cp(x), int(4, Ty::Float(FloatTy::F64))));
    f.assign(d, Rvalue::BinaryOp(BinOp::Div, cp(x), cp(z)));
    f.print_val(cp(m));
    f.print_val(cp(d));
    let nan = f.local(Ty::Float(FloatTy::F64));
    f.assign(nan, Rvalue::BinaryOp(BinOp::Div, cp(z), cp(z)));
    f.assign(e, Rvalue::BinaryOp(BinOp::Ne, cp(nan), cp(nan)));
    f.print_val(cp(e));
    let r = run(&program(vec![f.ret()], vec![]), &opts());
    assert_eq!(r.stdout, "6\ninf\ntrue\n");
}

#[test]
fn optimized_build_keeps_checks() {
    let mut o = opts();
    o.opt_level = 2;
    expect_panic_with(BinOp::Add, I32, i32::MAX as i128, 1, "attempt to add with overflow", &o);
    let r = run(&binop_prog(BinOp::Pow, I64, 3, 5), &o);
    assert_eq!(r.stdout, "243\n");
}
