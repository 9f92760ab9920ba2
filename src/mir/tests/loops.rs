//! Loops: range `for` structure and termination, `break`/`continue` drops.

use super::*;

/// `for i in lo to/through hi { body(i) }` over `ty`; returns the trace of `main`.
fn range_loop(ty: IntTy, lo: i128, hi: i128, inclusive: bool) -> Vec<String> {
    let mut prog = Prog::new();
    let tick = prog.func("tick", &[("i", Ty::Int(ty))], Ty::Unit, |f| f.unit_block());
    let main = prog.func("main", &[], Ty::Unit, |f| {
        let i = f.local("i", Ty::Int(ty), false);
        let pat = f.pat_bind(i);
        let (a, b) = (f.int(lo, ty), f.int(hi, ty));
        let vi = f.var(i);
        let call = f.call(tick, vec![vi], Ty::Unit);
        let lp = f.for_range(pat, a, b, inclusive, vec![s(call)]);
        f.block(vec![s(lp)], None)
    });
    prog.p.entry = Some(main);
    let m = lower_ok(&prog.p);
    trace(&m, body(&m, "main"), &[])
}

#[test]
fn inclusive_range_up_to_the_type_maximum_terminates() {
    let t = range_loop(IntTy::U8, 0, 255, true);
    assert_eq!(t.len(), 256);
    assert!(t.iter().all(|c| c == "call tick()"));
}

#[test]
fn exclusive_and_empty_ranges() {
    assert_eq!(range_loop(IntTy::I32, 0, 3, false).len(), 3);
    assert_eq!(range_loop(IntTy::I32, 5, 5, false).len(), 0);
    assert_eq!(range_loop(IntTy::I32, 5, 5, true).len(), 1);
    assert_eq!(range_loop(IntTy::I32, 6, 5, true).len(), 0);
}

#[test]
fn inclusive_range_never_increments_past_the_end() {
    let mut prog = Prog::new();
    let main = prog.func("main", &[], Ty::Unit, |f| {
        let i = f.local("i", Ty::Int(IntTy::U8), false);
        let pat = f.pat_bind(i);
        let (a, b) = (f.int(0, IntTy::U8), f.int(255, IntTy::U8));
        let lp = f.for_range(pat, a, b, true, vec![]);
        f.block(vec![s(lp)], None)
    });
    prog.p.entry = Some(main);
    let m = lower_ok(&prog.p);
    let b = body(&m, "main");
    // The increment block is only reachable through the `i == end` test failing.
    let eq_then_add = b.blocks.iter().any(|bb| {
        matches!(&bb.terminator.kind, TerminatorKind::SwitchInt { targets, .. }
            if targets.len() == 1 && targets[0].0 == 0
            && b.blocks[targets[0].1].statements.iter().any(|s| matches!(&s.kind, StatementKind::Assign(_, Rvalue::BinaryOp(BinOp::Add, ..)))))
            && bb.statements.iter().any(|s| matches!(&s.kind, StatementKind::Assign(_, Rvalue::BinaryOp(BinOp::Eq, ..))))
    });
    assert!(eq_then_add, "{}", crate::mir::pretty(&m));
}

/// `loop { let g = tracer("g"); if flag() { break } ; if flag() { continue } ; … }` — the
/// body's locals are dropped on `break` and `continue`.
#[test]
fn break_and_continue_drop_the_loop_body_scope() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[("stop", Ty::Bool)], |fx, f| {
        let outer = f.local("outer", ty.clone(), false);
        let io = fx.mk(f, "outer");
        let so = f.let_(outer, Some(io));
        let g = f.local("g", ty.clone(), false);
        let ig = fx.mk(f, "g");
        let sg = f.let_(g, Some(ig));
        let c = f.var(0);
        let b = f.brk();
        let then = f.block(vec![s(b)], None);
        let if_break = f.if_(c, then, None);
        let k = f.cont();
        let lp = f.loop_(vec![sg, s(if_break), s(k)]);
        f.block(vec![so, s(lp)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(trace(&m, b, &[(1, 1)]), [r#"call tracer("outer")"#, r#"call tracer("g")"#, "drop g", "drop outer"]);
    let text = crate::mir::pretty(&m);
    // `continue` path: drop g then jump back to the loop head.
    assert_eq!(text.matches("drop(_3)").count(), 2, "{text}");
}

/// `for i in 0 to 2 { let x = tracer("x"); if i == 0 { consume(x) } }`: the drop flag is
/// reset when `x` is re-declared, so the second iteration drops its own `x`.
#[test]
fn drop_flag_is_reset_for_each_iteration() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let i = f.local("i", Ty::I32, false);
        let x = f.local("x", ty.clone(), false);
        let pat = f.pat_bind(i);
        let (a, b) = (f.int(0, IntTy::I32), f.int(2, IntTy::I32));
        let init = fx.mk(f, "x");
        let sx = f.let_(x, Some(init));
        let (vi, zero) = (f.var(i), f.int(0, IntTy::I32));
        let sp = f.span();
        let cond =
            e(ExprKind::Binary { op: BinOp::Eq, lhs: Box::new(vi), rhs: Box::new(zero), site: sp }, Ty::Bool, sp);
        let vx = f.var(x);
        let c = f.call(fx.consume, vec![vx], Ty::Unit);
        let then = f.block(vec![s(c)], None);
        let iff = f.if_(cond, then, None);
        let lp = f.for_range(pat, a, b, false, vec![sx, s(iff)]);
        f.block(vec![s(lp)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(flag_count(b), 1);
    assert_eq!(trace(&m, b, &[]), [r#"call tracer("x")"#, "call consume()", r#"call tracer("x")"#, "drop x"]);
}
