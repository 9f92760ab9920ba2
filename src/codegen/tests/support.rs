//! The stdlib-support intrinsics (`DropInPlace`, `AllocTyped`/`ReallocTyped`, atomics,
//! `DropGlue`, `NeedsDrop`, `TestRecordErr`, `ArgCount`/`Arg`), `track_caller` locations and
//! the cycle-aware leak report, linked with the real runtime.

use super::builder::*;
use crate::mir::ir::*;
use crate::sema::hir::Intrinsic;
use crate::sema::ty::{Mutability, Ty};

fn raw() -> Ty {
    Ty::Ptr(Box::new(Ty::Unit))
}

fn boolean(f: &mut Fb, op: Intrinsic, tys: Vec<Ty>, args: Vec<Operand>) {
    let b = f.local(Ty::Bool);
    f.intrinsic(op, tys, args, pl(b));
    f.print_val(cp(b));
}

/// `Noisy::drop` printing `drop NAME` (ADT 0 is `Noisy { name: Str }`).
fn noisy_drop() -> Body {
    let mut f = Fb::new("Noisy::drop", &[Ty::Ref(Mutability::Mut, Box::new(Ty::Adt(0, vec![])))], Ty::Unit);
    let s = f.local(Ty::Str);
    let name = Operand::Copy(Place { local: 1, projection: vec![Projection::Deref, Projection::Field(0)] });
    f.intrinsic(Intrinsic::StrConcat, vec![], vec![string("drop "), name], pl(s));
    f.println(mv(s));
    f.ret()
}

/// A typed allocation of `size` bytes (align 8) returning the local holding the pointer.
fn alloc_typed(f: &mut Fb, ty: Ty, size: Operand) -> Local {
    let p = f.local(raw());
    f.intrinsic(Intrinsic::AllocTyped, vec![ty], vec![size, int(8, I64)], pl(p));
    p
}

fn intrinsics_prog() -> Program {
    let noisy = Ty::Adt(0, vec![]);
    let mut f = Fb::new("main", &[], Ty::Unit);
    let x = f.local(I64);
    f.assign(x, Rvalue::Use(int(5, I64)));
    let px = f.local(Ty::Ptr(Box::new(I64)));
    f.assign(px, Rvalue::AddressOf(pl(x)));
    for (op, n) in [(Intrinsic::AtomicAdd, 3), (Intrinsic::AtomicSub, 1)] {
        let old = f.local(I64);
        f.intrinsic(op, vec![], vec![cp(px), int(n, I64)], pl(old));
        f.print_val(cp(old));
    }
    let v = f.local(I64);
    f.intrinsic(Intrinsic::AtomicLoad, vec![], vec![cp(px)], pl(v));
    f.print_val(cp(v));
    boolean(&mut f, Intrinsic::NeedsDrop, vec![noisy.clone()], vec![]);
    boolean(&mut f, Intrinsic::NeedsDrop, vec![I64], vec![]);
    for t in [noisy.clone(), I64] {
        let g = f.local(raw());
        f.intrinsic(Intrinsic::DropGlue, vec![t], vec![], pl(g));
        boolean(&mut f, Intrinsic::PtrIsNull, vec![], vec![cp(g)]);
    }
    let n = f.local(I64);
    f.intrinsic(Intrinsic::ArgCount, vec![], vec![], pl(n));
    f.print_val(cp(n));
    let a = f.local(Ty::Str);
    f.intrinsic(Intrinsic::Arg, vec![], vec![int(1, I64)], pl(a));
    f.println(mv(a));
    let blk = alloc_typed(&mut f, noisy.clone(), int(8, I64));
    let value = f.local(noisy.clone());
    let name = f.local(Ty::Str);
    f.intrinsic(Intrinsic::StrConcat, vec![], vec![string("bo"), string("x")], pl(name));
    f.assign(value, Rvalue::Aggregate(AggregateKind::Adt(0, 0, vec![]), vec![mv(name)]));
    let unit = f.local(Ty::Unit);
    f.intrinsic(Intrinsic::PtrWrite, vec![noisy.clone()], vec![cp(blk), mv(value)], pl(unit));
    f.intrinsic(Intrinsic::DropInPlace, vec![noisy.clone()], vec![cp(blk)], pl(unit));
    f.intrinsic(Intrinsic::MemFree, vec![], vec![cp(blk)], pl(unit));
    let buf = alloc_typed(&mut f, Ty::Adt(1, vec![I64]), int(8, I64));
    let grown = f.local(raw());
    f.at(9, 17).intrinsic(
        Intrinsic::ReallocTyped,
        vec![Ty::Adt(1, vec![I64])],
        vec![cp(buf), int(64, I64), int(8, I64)],
        pl(grown),
    );
    let mut p = program(
        vec![f.ret(), noisy_drop()],
        vec![struct_def("Noisy", vec![Ty::Str]), struct_def("List", vec![raw(), I64])],
    );
    p.drop_fns = vec![(noisy, 1)];
    p
}

#[test]
fn atomics_drop_glue_arguments_and_typed_allocation_intrinsics() {
    let r = run_real(&intrinsics_prog(), &opts(), &["a", "bc"]);
    assert_eq!(r.stdout, "5\n8\n7\ntrue\nfalse\nfalse\ntrue\n2\nbc\ndrop box\n");
    assert_eq!(r.status, 3, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "leak check: 1 allocation (64 bytes) still live at exit\n  at t.tml:9:17: 1 x List[I64] (64 bytes)\n"
    );
}

#[test]
fn test_record_err_reaches_the_status_file() {
    let mut t = Fb::new("test wrapper", &[], I32);
    let s = t.local(Ty::Str);
    t.intrinsic(Intrinsic::StrConcat, vec![], vec![string("bo"), string("om")], pl(s));
    let unit = t.local(Ty::Unit);
    t.intrinsic(Intrinsic::TestRecordErr, vec![], vec![mv(s)], pl(unit));
    t.assign(0, Rvalue::Use(int(1, I32)));
    let mut p = program(vec![t.ret()], vec![]);
    p.entry = None;
    p.tests = vec![("t".into(), 0)];
    let dir = tempfile::tempdir().expect("tempdir");
    let status = dir.path().join("status");
    let o = crate::codegen::Options { test_harness: true, ..opts() };
    let r = run_real(&p, &o, &["--tml-run-test", "0", "--tml-status-file", status.to_str().expect("utf-8")]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(status).expect("status file"), "err boom\n");
}

/// `main` calls `outer` (track_caller) at 4:7, which calls `inner` (track_caller) at 20:1;
/// `inner` allocates a Str and a typed block (leaked) and, if `panic`, panics.
fn track_caller_prog(panic: bool, through_value: bool) -> Program {
    let mut m = Fb::new("main", &[], Ty::Unit);
    let unit = m.local(Ty::Unit);
    if through_value {
        let fn_ty = Ty::Func(vec![], Box::new(Ty::Unit));
        let fv = m.local(fn_ty.clone());
        m.assign(fv, Rvalue::Use(Operand::Const(ConstValue::Fn(Callee::Instance(2)), fn_ty)));
        m.at(4, 7).call(Callee::Value(Box::new(cp(fv))), vec![], pl(unit));
    } else {
        m.at(4, 7).call(Callee::Instance(1), vec![], pl(unit));
    }
    let mut outer = Fb::new("outer", &[], Ty::Unit);
    outer.body.track_caller = true;
    let u = outer.local(Ty::Unit);
    outer.at(20, 1).call(Callee::Instance(2), vec![], pl(u));
    let mut inner = Fb::new("inner", &[], Ty::Unit);
    inner.body.span = at(2, 2);
    inner.body.track_caller = true;
    let s = inner.local(Ty::Str);
    inner.at(30, 3).intrinsic(Intrinsic::StrConcat, vec![], vec![string("le"), string("ak")], pl(s));
    alloc_typed(&mut inner, Ty::Adt(0, vec![]), int(16, I64));
    if panic {
        let u = inner.local(Ty::Unit);
        inner.term(TerminatorKind::Call {
            callee: Callee::Intrinsic(Intrinsic::Panic, vec![]),
            args: vec![string("boom")],
            dest: pl(u),
            target: None,
        });
        let rest = inner.block();
        inner.switch_to(rest);
    }
    program(vec![m.ret(), outer.ret(), inner.ret()], vec![struct_def("Node", vec![I64])])
}

#[test]
fn track_caller_functions_report_their_callers_location() {
    let r = run_real(&track_caller_prog(true, false), &opts(), &[]);
    assert_eq!((r.stderr.as_str(), r.status), ("panicked at t.tml:4:7: boom\n", 101));
    let r = run_real(&track_caller_prog(false, false), &opts(), &[]);
    assert_eq!(r.status, 3, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stderr);
    assert!(lines[1].starts_with("  at t.tml:4:7: 1 x Node ("), "{}", r.stderr);
    assert!(lines[2].starts_with("  at t.tml:4:7: 1 x Str ("), "{}", r.stderr);
}

#[test]
fn function_values_of_track_caller_functions_report_the_definition() {
    let r = run_real(&track_caller_prog(true, true), &opts(), &[]);
    assert_eq!((r.stderr.as_str(), r.status), ("panicked at t.tml:2:2: boom\n", 101));
}

/// Two `Shared[Node]` blocks pointing at each other (each strong 1, one owning a Str label),
/// plus an unrelated leaked `Shared[Node]` (strong 2, no owner in the leaked set).
fn cycle_prog() -> Program {
    let node = Ty::Adt(2, vec![]);
    let shared = Ty::Adt(1, vec![node.clone()]);
    let block = Ty::Tuple(vec![I64, I64, node.clone()]);
    let mut f = Fb::new("main", &[], Ty::Unit);
    let size = f.local(I64);
    f.intrinsic(Intrinsic::SizeOf, vec![block.clone()], vec![], pl(size));
    let a = alloc_typed(f.at(18, 13), shared.clone(), cp(size));
    let b = alloc_typed(f.at(19, 13), shared.clone(), cp(size));
    let c = alloc_typed(f.at(25, 1), shared.clone(), cp(size));
    let unit = f.local(Ty::Unit);
    let maybe = Ty::Adt(3, vec![]);
    for (blk, other, strong, line) in [(a, Some(b), 1, 21), (b, Some(a), 1, 22), (c, None, 2, 26)] {
        let label = f.local(Ty::Str);
        f.at(line, 5).intrinsic(Intrinsic::StrConcat, vec![], vec![string("no"), string("de")], pl(label));
        let next = f.local(maybe.clone());
        match other {
            Some(o) => {
                let h = f.local(shared.clone());
                f.assign(h, Rvalue::Aggregate(AggregateKind::Adt(1, 0, vec![node.clone()]), vec![cp(o)]));
                f.assign(next, Rvalue::Aggregate(AggregateKind::Adt(3, 1, vec![]), vec![mv(h)]));
            }
            None => f.assign(next, Rvalue::Aggregate(AggregateKind::Adt(3, 0, vec![]), vec![])),
        }
        let n = f.local(node.clone());
        f.assign(n, Rvalue::Aggregate(AggregateKind::Adt(2, 0, vec![]), vec![mv(label), mv(next)]));
        let t = f.local(block.clone());
        f.assign(t, Rvalue::Aggregate(AggregateKind::Tuple, vec![int(strong, I64), int(0, I64), mv(n)]));
        f.intrinsic(Intrinsic::PtrWrite, vec![block.clone()], vec![cp(blk), mv(t)], pl(unit));
    }
    let adts = vec![
        struct_def("Weak", vec![raw()]),
        struct_def("Shared", vec![raw()]),
        struct_def("Node", vec![Ty::Str, maybe]),
        enum_def("MaybeShared", vec![vec![], vec![shared], vec![Ty::Adt(0, vec![node])]]),
    ];
    program(vec![f.ret()], adts)
}

#[test]
fn shared_cycles_are_marked_in_the_leak_report() {
    let r = run_real(&cycle_prog(), &opts(), &[]);
    assert_eq!(r.status, 3, "{}", r.stderr);
    let without_bytes = |l: &str| match l.split_once(" (") {
        Some((head, rest)) => format!("{head}{}", rest.split_once(')').map_or("", |(_, tail)| tail)),
        None => l.to_string(),
    };
    let lines: Vec<String> = r.stderr.lines().map(without_bytes).collect();
    let expected = [
        "leak check: 6 allocations still live at exit",
        "  at t.tml:18:13: 1 x Shared[Node] [reference cycle]",
        "  at t.tml:19:13: 1 x Shared[Node] [reference cycle]",
        "  at t.tml:21:5: 1 x Str [reference cycle]",
        "  at t.tml:22:5: 1 x Str [reference cycle]",
        "  at t.tml:25:1: 1 x Shared[Node]",
        "  at t.tml:26:5: 1 x Str",
        "note: reference cycles are never freed; use Weak for back-references",
    ];
    assert_eq!(lines, expected, "{}", r.stderr);
}
