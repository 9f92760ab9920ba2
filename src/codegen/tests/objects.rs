//! Closures (environment creation, calls, copies, drops, capture drop order) and `dyn` values
//! (boxing, method calls through the vtable, drop through slot 0, leak report type names),
//! linked with the real runtime.

use super::builder::*;
use crate::mir::ir::*;
use crate::sema::hir::{BinOp, Intrinsic};
use crate::sema::ty::{Mutability, Ty};

fn str_concat(f: &mut Fb, a: Operand, b: Operand) -> Local {
    let s = f.local(Ty::Str);
    f.intrinsic(Intrinsic::StrConcat, vec![], vec![a, b], pl(s));
    s
}

/// `*local.projection…` as a place.
fn deref_field(local: Local, field: usize) -> Place {
    Place { local, projection: vec![Projection::Deref, Projection::Field(field)] }
}

/// Closure body `(env: ref (Str, I64), x: I64) -> I64`: prints the Str, returns `x + env.1`.
fn closure_body() -> Body {
    let env = Ty::Ref(Mutability::Not, Box::new(Ty::Tuple(vec![Ty::Str, I64])));
    let mut f = Fb::new("main::{closure#0}", &[env, I64], I64);
    f.println(Operand::Copy(deref_field(1, 0)));
    f.assign(0, Rvalue::BinaryOp(BinOp::Add, cp(2), Operand::Copy(deref_field(1, 1))));
    f.ret()
}

fn closure_prog() -> Program {
    let fn_ty = Ty::Func(vec![I64], Box::new(I64));
    let mut f = Fb::new("main", &[], Ty::Unit);
    let s = str_concat(&mut f, string("hel"), string("lo"));
    let c = f.local(fn_ty.clone());
    f.at(3, 5).assign(c, Rvalue::Aggregate(AggregateKind::Closure(Callee::Instance(1)), vec![mv(s), int(5, I64)]));
    let g = f.local(fn_ty);
    f.assign(g, Rvalue::Use(cp(c)));
    let r = f.local(I64);
    f.call(Callee::Value(Box::new(cp(c))), vec![int(10, I64)], pl(r));
    f.print_val(cp(r));
    f.drop(pl(c));
    f.call(Callee::Value(Box::new(mv(g))), vec![int(1, I64)], pl(r));
    f.print_val(cp(r));
    let live = f.local(I64);
    f.intrinsic(Intrinsic::LiveAllocations, vec![], vec![], pl(live));
    f.print_val(cp(live));
    program(vec![f.ret(), closure_body()], vec![])
}

#[test]
fn closures_capture_call_copy_and_free_their_environment() {
    let r = run_real(&closure_prog(), &opts(), &[]);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), ("hello\n15\nhello\n6\n0\n", "", 0));
}

#[test]
fn a_leaked_closure_environment_is_reported_as_closure() {
    let mut p = closure_prog();
    for b in &mut p.bodies[0].blocks {
        if let TerminatorKind::Call { callee: Callee::Value(op), .. } = &mut b.terminator.kind {
            if let Operand::Move(place) = &**op {
                **op = Operand::Copy(place.clone());
            }
        }
    }
    let r = run_real(&p, &opts(), &[]);
    assert_eq!(r.status, 3, "{}", r.stderr);
    assert!(r.stderr.contains("  at t.tml:3:5: 1 x closure ("), "{}", r.stderr);
    assert!(r.stderr.contains(" x Str ("), "{}", r.stderr);
}

/// `Noisy { name: Str }` whose `drop` prints `drop NAME`, and `Speak` methods on it.
fn noisy_drop() -> Body {
    let mut f = Fb::new("Noisy::drop", &[Ty::Ref(Mutability::Mut, Box::new(Ty::Adt(0, vec![])))], Ty::Unit);
    let s = str_concat(&mut f, string("drop "), Operand::Copy(deref_field(1, 0)));
    f.println(mv(s));
    f.ret()
}

/// `speak(this: ref Noisy)` prints `I am NAME`.
fn speak() -> Body {
    let mut f = Fb::new("Speak for Noisy::speak", &[Ty::Ref(Mutability::Not, Box::new(Ty::Adt(0, vec![])))], Ty::Unit);
    let s = str_concat(&mut f, string("I am "), Operand::Copy(deref_field(1, 0)));
    f.println(mv(s));
    f.ret()
}

/// `pair(this: ref Noisy, a: I64, b: (I64, I64)) -> (I64, I64)`: `(a + b.0, b.1)`.
fn pair() -> Body {
    let t = Ty::Tuple(vec![I64, I64]);
    let mut f =
        Fb::new("Speak for Noisy::pair", &[Ty::Ref(Mutability::Not, Box::new(Ty::Adt(0, vec![]))), I64, t.clone()], t);
    let x = f.local(I64);
    let b0 = Operand::Copy(Place { local: 3, projection: vec![Projection::Field(0)] });
    f.assign(x, Rvalue::BinaryOp(BinOp::Add, cp(2), b0));
    let b1 = Operand::Copy(Place { local: 3, projection: vec![Projection::Field(1)] });
    f.assign(0, Rvalue::Aggregate(AggregateKind::Tuple, vec![cp(x), b1]));
    f.ret()
}

/// Boxes two `Noisy` values as `dyn Speak`, calls both methods through a `ref dyn`, drops one,
/// and leaks the other when `leak` is set.
fn dyn_prog(leak: bool) -> Program {
    let noisy = Ty::Adt(0, vec![]);
    let dyn_ty = Ty::Dyn(0, vec![]);
    let mut f = Fb::new("main", &[], Ty::Unit);
    let mut boxes = Vec::new();
    for (i, name) in ["rex", "tom"].into_iter().enumerate() {
        let n = f.local(noisy.clone());
        let s = str_concat(&mut f, string(name), string(""));
        f.assign(n, Rvalue::Aggregate(AggregateKind::Adt(0, 0, vec![]), vec![mv(s)]));
        let d = f.local(dyn_ty.clone());
        f.at(5 + i, 9).assign(d, Rvalue::Aggregate(AggregateKind::Dyn(0), vec![mv(n)]));
        boxes.push(d);
    }
    for &d in &boxes {
        let r = f.local(Ty::Ref(Mutability::Not, Box::new(dyn_ty.clone())));
        f.assign(r, Rvalue::Ref(Mutability::Not, pl(d)));
        let unit = f.local(Ty::Unit);
        f.call(Callee::Dyn { behavior: 0, method: 0 }, vec![cp(r)], pl(unit));
        let t = f.local(Ty::Tuple(vec![I64, I64]));
        let arg = f.local(Ty::Tuple(vec![I64, I64]));
        f.assign(arg, Rvalue::Aggregate(AggregateKind::Tuple, vec![int(30, I64), int(4, I64)]));
        f.call(Callee::Dyn { behavior: 0, method: 1 }, vec![mv(r), int(12, I64), mv(arg)], pl(t));
        f.print_val(Operand::Copy(Place { local: t, projection: vec![Projection::Field(0)] }));
        f.print_val(Operand::Copy(Place { local: t, projection: vec![Projection::Field(1)] }));
    }
    f.drop(pl(boxes[0]));
    if !leak {
        f.drop(pl(boxes[1]));
    }
    f.println(string("end"));
    let mut p = program(vec![f.ret(), noisy_drop(), speak(), pair()], vec![struct_def("Noisy", vec![Ty::Str])]);
    p.drop_fns = vec![(noisy.clone(), 1)];
    p.vtables = vec![VTable { self_ty: noisy, behavior: 0, methods: vec![2, 3], implements: Vec::new() }];
    p.behaviors = vec!["Speak".into()];
    p
}

#[test]
fn dyn_values_call_methods_and_drop_through_the_vtable() {
    let r = run_real(&dyn_prog(false), &opts(), &[]);
    let out = "I am rex\n42\n4\nI am tom\n42\n4\ndrop rex\ndrop tom\nend\n";
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), (out, "", 0));
}

#[test]
fn a_leaked_dyn_box_is_reported_under_its_concrete_type() {
    let r = run_real(&dyn_prog(true), &opts(), &[]);
    assert_eq!(r.status, 3, "{}", r.stderr);
    assert!(r.stderr.contains("  at t.tml:6:9: 1 x Noisy ("), "{}", r.stderr);
    assert!(r.stderr.starts_with("leak check: 2 allocations"), "{}", r.stderr);
    assert!(!r.stderr.contains("[reference cycle]"), "{}", r.stderr);
}

#[test]
fn dyn_types_are_named_by_behavior_and_vtables_hold_the_type_descriptor() {
    let ir = ir(&dyn_prog(false), &opts());
    assert!(ir.contains("tml.vtable.Noisy"), "{ir}");
    assert!(ir.contains("c\"Noisy\\00\""), "{ir}");
    assert!(ir.contains("tml.dyn.drop"), "{ir}");
}

/// A closure capturing two `Noisy` values and an `I64`: dropping the last copy of the function
/// value drops the captures in tuple (first-mention) order.
#[test]
fn dropping_the_last_closure_copy_drops_captures_in_order() {
    let noisy = Ty::Adt(0, vec![]);
    let caps = Ty::Tuple(vec![noisy.clone(), I64, noisy.clone()]);
    let mut body = Fb::new("main::{closure#0}", &[Ty::Ref(Mutability::Not, Box::new(caps))], Ty::Unit);
    body.println(string("called"));
    let fn_ty = Ty::Func(vec![], Box::new(Ty::Unit));
    let mut f = Fb::new("main", &[], Ty::Unit);
    let mut caps = Vec::new();
    for name in ["first", "second"] {
        let n = f.local(noisy.clone());
        let s = str_concat(&mut f, string(name), string(""));
        f.assign(n, Rvalue::Aggregate(AggregateKind::Adt(0, 0, vec![]), vec![mv(s)]));
        caps.push(n);
    }
    let c = f.local(fn_ty.clone());
    let ops = vec![mv(caps[0]), int(1, I64), mv(caps[1])];
    f.assign(c, Rvalue::Aggregate(AggregateKind::Closure(Callee::Instance(2)), ops));
    let d = f.local(fn_ty);
    f.assign(d, Rvalue::Use(cp(c)));
    f.drop(pl(c));
    f.println(string("one copy dropped"));
    let unit = f.local(Ty::Unit);
    f.call(Callee::Value(Box::new(cp(d))), vec![], pl(unit));
    f.drop(pl(d));
    f.println(string("end"));
    let mut p = program(vec![f.ret(), noisy_drop(), body.ret()], vec![struct_def("Noisy", vec![Ty::Str])]);
    p.drop_fns = vec![(noisy, 1)];
    let r = run_real(&p, &opts(), &[]);
    let out = "one copy dropped\ncalled\ndrop first\ndrop second\nend\n";
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.status), (out, "", 0));
}
