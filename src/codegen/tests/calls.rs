//! Calls: direct calls with aggregate arguments and results, function values, Unit values, the
//! entry status, the test harness, and IR/assembly output.

use super::builder::*;
use crate::codegen::{emit, Output};
use crate::mir::ir::*;
use crate::sema::hir::{BinOp, Intrinsic};
use crate::sema::ty::Ty;

/// `swap(p: (I64, Str)) -> (Str, I64)`.
fn swap() -> Body {
    let mut f = Fb::new("swap", &[Ty::Tuple(vec![I64, Ty::Str])], Ty::Tuple(vec![Ty::Str, I64]));
    let field = |i| Operand::Move(Place { local: 1, projection: vec![Projection::Field(i)] });
    f.assign(0, Rvalue::Aggregate(AggregateKind::Tuple, vec![field(1), field(0)]));
    f.ret()
}

/// `double(x: I64) -> I64`.
fn double() -> Body {
    let mut f = Fb::new("double", &[I64], I64);
    f.assign(0, Rvalue::BinaryOp(BinOp::Mul, cp(1), int(2, I64)));
    f.ret()
}

/// `nothing(u: ()) -> ()`.
fn nothing() -> Body {
    let mut f = Fb::new("nothing", &[Ty::Unit], Ty::Unit);
    f.println(string("nothing"));
    f.ret()
}

fn calls_prog() -> Program {
    let mut f = Fb::new("main", &[], I32);
    let s = f.local(Ty::Str);
    f.intrinsic(Intrinsic::StrConcat, vec![], vec![string("s"), string("tr")], pl(s));
    let t = f.local(Ty::Tuple(vec![I64, Ty::Str]));
    f.assign(t, Rvalue::Aggregate(AggregateKind::Tuple, vec![int(5, I64), mv(s)]));
    let u = f.local(Ty::Tuple(vec![Ty::Str, I64]));
    f.call(Callee::Instance(1), vec![mv(t)], pl(u));
    f.println(Operand::Copy(Place { local: u, projection: vec![Projection::Field(0)] }));
    f.print_val(Operand::Copy(Place { local: u, projection: vec![Projection::Field(1)] }));
    f.drop(pl(u));
    let fn_ty = Ty::Func(vec![I64], Box::new(I64));
    let fv = f.local(fn_ty.clone());
    f.assign(fv, Rvalue::Use(Operand::Const(ConstValue::Fn(Callee::Instance(2)), fn_ty)));
    let r = f.local(I64);
    f.call(Callee::Value(Box::new(cp(fv))), vec![int(21, I64)], pl(r));
    f.print_val(cp(r));
    f.drop(pl(fv));
    let unit = f.local(Ty::Unit);
    f.call(
        Callee::Instance(3),
        vec![Operand::Const(ConstValue::Scalar(crate::sema::hir::Const::Unit), Ty::Unit)],
        pl(unit),
    );
    f.print_val(cp(unit));
    f.assign(0, Rvalue::Use(int(7, I32)));
    program(vec![f.ret(), swap(), double(), nothing()], vec![])
}

#[test]
fn calls_pass_aggregates_function_values_and_units() {
    let mut o = opts();
    for level in [0, 2] {
        o.opt_level = level;
        let r = run(&calls_prog(), &o);
        assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("str\n5\n42\nnothing\n()\n", "", 7));
    }
}

#[test]
fn panic_intrinsic_reports_site() {
    let mut f = Fb::new("main", &[], Ty::Unit);
    f.println(string("before"));
    let never = f.local(Ty::Never);
    f.at(9, 5);
    f.term(TerminatorKind::Call {
        callee: Callee::Intrinsic(Intrinsic::Panic, vec![]),
        args: vec![string("boom")],
        dest: pl(never),
        target: None,
    });
    let r = run(&program(vec![f.body], vec![]), &opts());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("before\n", "panicked at t.tml:9:5: boom\n", 101));
}

#[test]
fn test_harness_lists_tests() {
    let wrapper = |name: &str, status| {
        let mut f = Fb::new(name, &[], I32);
        f.assign(0, Rvalue::Use(int(status, I32)));
        f.ret()
    };
    let mut p = program(vec![wrapper("t_ok", 0), wrapper("t_fail", 1)], vec![]);
    p.entry = None;
    p.tests = vec![("ok".into(), 0), ("fails".into(), 1)];
    let mut o = opts();
    o.test_harness = true;
    let r = run(&p, &o);
    assert_eq!((r.stdout.as_str(), r.status), ("ok\nfails\n", 0));
    let dir = tempfile::tempdir().expect("tempdir");
    let status_file = dir.path().join("status");
    for (index, status, line) in [("0", 0, "ok\n"), ("1", 1, "returned 1\n")] {
        let path = status_file.to_string_lossy();
        let r = run_with_args(&p, &o, &["--tml-run-test", index, "--tml-status-file", &path]);
        assert_eq!(r.status, status, "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&status_file).expect("status file"), line);
    }
}

#[test]
fn ir_and_assembly_outputs() {
    let p = calls_prog();
    let ir = ir(&p, &opts());
    assert!(ir.contains("define internal void @\"tml::swap\"(ptr"), "{ir}");
    assert!(ir.contains("define i32 @main(i32"), "{ir}");
    let mut o = opts();
    o.sanitizers.address = true;
    assert!(super::builder::ir(&p, &o).contains("sanitize_address"));
    let dir = tempfile::tempdir().expect("tempdir");
    let asm = dir.path().join("p.s");
    emit(&p, &sources(), &opts(), Output::Asm, &asm).expect("asm");
    assert!(std::fs::read_to_string(asm).expect("asm").contains("main:"));
}

#[test]
fn invalid_mir_is_an_error_not_a_crash() {
    let mut f = Fb::new("main", &[], Ty::Unit);
    f.call(Callee::Fn { id: 0, ty_args: vec![] }, vec![], pl(0));
    let dir = tempfile::tempdir().expect("tempdir");
    let err = emit(&program(vec![f.ret()], vec![]), &sources(), &opts(), Output::Object, &dir.path().join("x.o"));
    assert!(err.unwrap_err().contains("non-monomorphized"));
}

/// Builds a function value with a hand-made counted environment `{ rc, drop_fn = null }` and
/// checks that copies retain it, calls pass it, and the last drop frees it.
#[test]
fn function_environments_are_counted_and_freed() {
    let fn_ty = Ty::Func(vec![I64], Box::new(I64));
    let raw = Ty::Ptr(Box::new(Ty::Unit));
    let null = Operand::Const(ConstValue::Scalar(crate::sema::hir::Const::Null), raw.clone());
    let mut f = Fb::new("main", &[], Ty::Unit);
    let unit = f.local(Ty::Unit);
    let fv = f.local(fn_ty.clone());
    f.assign(fv, Rvalue::Use(Operand::Const(ConstValue::Fn(Callee::Instance(1)), fn_ty.clone())));
    let env = f.local(raw.clone());
    f.intrinsic(Intrinsic::MemAlloc, vec![], vec![int(16, I64)], pl(env));
    f.intrinsic(Intrinsic::PtrWrite, vec![I64], vec![cp(env), int(1, I64)], pl(unit));
    let env8 = f.local(raw.clone());
    f.intrinsic(Intrinsic::PtrByteOffset, vec![], vec![cp(env), int(8, I64)], pl(env8));
    f.intrinsic(Intrinsic::PtrWrite, vec![raw.clone()], vec![cp(env8), null], pl(unit));
    let a = f.local(Ty::Ptr(Box::new(fn_ty.clone())));
    f.assign(a, Rvalue::AddressOf(pl(fv)));
    let a8 = f.local(Ty::Ptr(Box::new(fn_ty.clone())));
    f.intrinsic(Intrinsic::PtrByteOffset, vec![], vec![cp(a), int(8, I64)], pl(a8));
    f.intrinsic(Intrinsic::PtrWrite, vec![raw], vec![cp(a8), cp(env)], pl(unit));
    let g = f.local(fn_ty);
    f.assign(g, Rvalue::Use(cp(fv)));
    let r = f.local(I64);
    f.call(Callee::Value(Box::new(cp(g))), vec![int(21, I64)], pl(r));
    f.print_val(cp(r));
    f.drop(pl(fv));
    let rc = f.local(I64);
    f.intrinsic(Intrinsic::PtrRead, vec![I64], vec![cp(env)], pl(rc));
    f.print_val(cp(rc));
    f.drop(pl(g));
    f.intrinsic(Intrinsic::LiveAllocations, vec![], vec![], pl(rc));
    f.print_val(cp(rc));
    let p = program(vec![f.ret(), double()], vec![]);
    let r = run(&p, &opts());
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("42\n1\n0\n", "", 0));
}

#[test]
fn every_sanitizer_pipeline_runs() {
    let p = calls_prog();
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, level) in [0u8, 2].into_iter().enumerate() {
        let mut msan = opts();
        msan.opt_level = level;
        msan.sanitizers.memory = true;
        msan.sanitizers.undefined = true;
        let mut tsan = opts();
        tsan.opt_level = level;
        tsan.sanitizers.thread = true;
        let mut asan = opts();
        asan.opt_level = level;
        asan.sanitizers.address = true;
        asan.sanitizers.leak = true;
        for (j, (o, marker)) in [(msan, "__msan_"), (tsan, "__tsan_"), (asan, "__asan_")].iter().enumerate() {
            let out = dir.path().join(format!("p{i}{j}.o"));
            emit(&p, &sources(), o, Output::Object, &out).expect("instrumented object");
            assert!(ir(&p, o).contains(marker), "{marker} at -O{level}");
        }
    }
    let mut o = opts();
    o.sanitizers.address = true;
    let r = run(&p, &o);
    assert_eq!((r.stdout.as_str(), r.status), ("str\n5\n42\nnothing\n()\n", 7), "{}", r.stderr);
}
