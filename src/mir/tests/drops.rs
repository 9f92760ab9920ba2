//! Drop order, temporaries, assignment, moves, drop flags and partial moves.

use super::*;

#[test]
fn scope_end_drops_in_reverse_declaration_order() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let (a, b, c) =
            (f.local("a", ty.clone(), false), f.local("b", ty.clone(), false), f.local("c", ty.clone(), false));
        let stmts = vec![];
        let mut inner = vec![];
        for (l, n) in [(a, "a"), (b, "b"), (c, "c")] {
            let init = fx.mk(f, n);
            inner.push(f.let_(l, Some(init)));
        }
        let blk = f.block(inner, None);
        let mut stmts = stmts;
        stmts.push(s(blk));
        let done = f.str("done");
        stmts.push(s(e(
            ExprKind::Intrinsic {
                op: Intrinsic::Print { stream: 1, newline: true },
                ty_args: vec![],
                args: vec![done],
                site: Span::default(),
            },
            Ty::Unit,
            Span::default(),
        )));
        f.block(stmts, None)
    });
    let m = lower_ok(&fx.prog.p);
    let t = trace(&m, body(&m, "main"), &[]);
    assert_eq!(
        t,
        [
            r#"call tracer("a")"#,
            r#"call tracer("b")"#,
            r#"call tracer("c")"#,
            "drop c",
            "drop b",
            "drop a",
            r#"call Print { stream: 1, newline: true }("done")"#
        ]
    );
}

#[test]
fn parameters_dropped_after_locals_in_reverse_parameter_order() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let tracer = fx.tracer;
    let mut prog = std::mem::take(&mut fx.prog);
    let two = prog.func("two", &[("p", ty.clone()), ("q", ty.clone())], Ty::Unit, |f| {
        let l = f.local("l", ty.clone(), false);
        let s0 = f.str("l");
        let init = f.call(tracer, vec![s0], ty.clone());
        let st = f.let_(l, Some(init));
        f.block(vec![st], None)
    });
    fx.prog = prog;
    let m = {
        fx.prog.p.entry = Some(two);
        lower_ok(&fx.prog.p)
    };
    assert_eq!(trace(&m, body(&m, "two"), &[]), [r#"call tracer("l")"#, "drop l", "drop q", "drop p"]);
}

#[test]
fn temporaries_dropped_at_end_of_statement_before_next_statement() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let tmp = fx.mk(f, "temp");
        let r = f.refer(tmp);
        let call = f.call(fx.look, vec![r], Ty::Unit);
        let x = f.local("x", ty.clone(), false);
        let init = fx.mk(f, "x");
        let st = f.let_(x, Some(init));
        f.block(vec![s(call), st], None)
    });
    let m = lower_ok(&fx.prog.p);
    let t = trace(&m, body(&m, "main"), &[]);
    assert_eq!(t, [r#"call tracer("temp")"#, "call look()", "drop _4", r#"call tracer("x")"#, "drop x"]);
}

#[test]
fn assignment_evaluates_value_then_drops_old_then_stores() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let slot = f.local("slot", ty.clone(), true);
        let old = fx.mk(f, "old");
        let st = f.let_(slot, Some(old));
        let new = fx.mk(f, "new");
        let place = f.var(slot);
        let asg = f.assign(place, new);
        f.block(vec![st, asg], None)
    });
    let m = lower_ok(&fx.prog.p);
    let t = trace(&m, body(&m, "main"), &[]);
    assert_eq!(t, [r#"call tracer("old")"#, r#"call tracer("new")"#, "drop slot", "drop slot"]);
    assert_eq!(flag_count(body(&m, "main")), 0);
}

#[test]
fn moved_value_is_not_dropped_and_needs_no_flag() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let x = f.local("x", ty.clone(), false);
        let y = f.local("y", ty.clone(), false);
        let ix = fx.mk(f, "x");
        let iy = fx.mk(f, "y");
        let (sx, sy) = (f.let_(x, Some(ix)), f.let_(y, Some(iy)));
        let vx = f.var(x);
        let c = f.call(fx.consume, vec![vx], Ty::Unit);
        f.block(vec![sx, sy, s(c)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(trace(&m, b, &[]), [r#"call tracer("x")"#, r#"call tracer("y")"#, "call consume()", "drop y"]);
    assert_eq!(flag_count(b), 0);
}

/// early_exit.tml's `maybe_send`: moved on one path only → one drop flag.
fn maybe_send() -> (ir::Program, usize) {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[("urgent", Ty::Bool)], |fx, f| {
        let msg = f.local("msg", ty.clone(), false);
        let init = fx.mk(f, "message");
        let st = f.let_(msg, Some(init));
        let c = f.var(0);
        let v = f.var(msg);
        let call = f.call(fx.consume, vec![v], Ty::Unit);
        let then = f.block(vec![s(call)], None);
        let iff = f.if_(c, then, None);
        let end = f.str("end of maybe_send");
        let p = e(
            ExprKind::Intrinsic {
                op: Intrinsic::Print { stream: 1, newline: true },
                ty_args: vec![],
                args: vec![end],
                site: Span::default(),
            },
            Ty::Unit,
            Span::default(),
        );
        f.block(vec![st, s(iff), s(p)], None)
    });
    (lower_ok(&fx.prog.p), 1)
}

#[test]
fn conditional_move_gets_a_drop_flag() {
    let (m, urgent) = maybe_send();
    let b = body(&m, "main");
    assert_eq!(flag_count(b), 1);
    let print = r#"call Print { stream: 1, newline: true }("end of maybe_send")"#;
    assert_eq!(trace(&m, b, &[(urgent, 1)]), [r#"call tracer("message")"#, "call consume()", print]);
    assert_eq!(trace(&m, b, &[(urgent, 0)]), [r#"call tracer("message")"#, print, "drop msg"]);
}

#[test]
fn partial_move_drops_remaining_fields_only() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let loose = fx.prog.strukt("Loose", &[("keep", ty.clone()), ("give", ty.clone())], false);
    let lty = Ty::Adt(loose, vec![]);
    fx.main(&[], |fx, f| {
        let l = f.local("loose", lty.clone(), false);
        let k = fx.mk(f, "keep");
        let g = fx.mk(f, "give");
        let init = f.adt(loose, vec![], 0, vec![k, g]);
        let st = f.let_(l, Some(init));
        let taken = f.local("taken", ty.clone(), false);
        let base = f.var(l);
        let fld = f.field(base, 1, ty.clone());
        let st2 = f.let_(taken, Some(fld));
        f.block(vec![st, st2], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(trace(&m, b, &[]), [r#"call tracer("keep")"#, r#"call tracer("give")"#, "drop taken", "drop loose.0"]);
    assert_eq!(flag_count(b), 0);
}

#[test]
fn return_drops_every_exited_scope_innermost_first() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[("early", Ty::Bool)], |fx, f| {
        let outer = f.local("outer", ty.clone(), false);
        let inner = f.local("inner", ty.clone(), false);
        let io = fx.mk(f, "outer");
        let ii = fx.mk(f, "inner");
        let so = f.let_(outer, Some(io));
        let si = f.let_(inner, Some(ii));
        let c = f.var(0);
        let r = f.ret(None);
        let then = f.block(vec![s(r)], None);
        let iff = f.if_(c, then, None);
        let blk = f.block(vec![si, s(iff)], None);
        let after = fx.mk(f, "after");
        f.block(vec![so, s(blk), s(after)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(
        trace(&m, b, &[(1, 1)]),
        [r#"call tracer("outer")"#, r#"call tracer("inner")"#, "drop inner", "drop outer"]
    );
    assert_eq!(
        trace(&m, b, &[(1, 0)]),
        [
            r#"call tracer("outer")"#,
            r#"call tracer("inner")"#,
            "drop inner",
            r#"call tracer("after")"#,
            "drop _5",
            "drop outer"
        ]
    );
}

#[test]
fn when_arm_moving_a_binding_moves_the_scrutinee_and_drops_the_rest_at_arm_end() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let pair = fx.prog.strukt("Pair", &[("a", ty.clone()), ("b", ty.clone())], false);
    let pty = Ty::Adt(pair, vec![]);
    fx.main(&[], |fx, f| {
        let p = f.local("p", pty.clone(), false);
        let x = f.local("x", ty.clone(), false);
        let (ia, ib) = (fx.mk(f, "a"), fx.mk(f, "b"));
        let init = f.adt(pair, vec![], 0, vec![ia, ib]);
        let st = f.let_(p, Some(init));
        let scrut = f.var(p);
        let bx = f.pat_bind(x);
        let wild = f.pat(PatKind::Wild, ty.clone());
        let pat = f.pat(PatKind::Fields(vec![bx, wild]), pty.clone());
        let vx = f.var(x);
        let r = f.refer(vx);
        let arm_body = f.call(fx.look, vec![r], Ty::Unit);
        let w = f.when(scrut, vec![(pat, arm_body)], Ty::Unit);
        let after = fx.mk(f, "after");
        f.block(vec![st, s(w), s(after)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    let t = trace(&m, b, &[]);
    // x (bound by value) first, then the unbound remainder `b` of the moved scrutinee; `p` is
    // moved so nothing is dropped for it at the end.
    assert_eq!(
        t[..4],
        [r#"call tracer("a")"#.to_string(), r#"call tracer("b")"#.into(), "call look()".into(), "drop x".into()]
    );
    assert!(t[4].starts_with("drop _") && t[4].ends_with(".1"), "{t:?}");
    assert_eq!(t[5..], [r#"call tracer("after")"#.to_string(), "drop _8".into()]);
    assert_eq!(flag_count(b), 0);
}

#[test]
fn if_condition_temporaries_are_dropped_before_the_branch() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let pred = fx.prog.func("pred", &[("t", Ty::shared_ref(ty.clone()))], Ty::Bool, |f| {
        let b = f.bool(true);
        f.block(vec![], Some(b))
    });
    fx.main(&[], |fx, f| {
        let tmp = fx.mk(f, "cond");
        let r = f.refer(tmp);
        let c = f.call(pred, vec![r], Ty::Bool);
        let inside = fx.mk(f, "inside");
        let then = f.block(vec![s(inside)], None);
        let iff = f.if_(c, then, None);
        f.block(vec![s(iff)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let t = trace(&m, body(&m, "main"), &[]);
    assert_eq!(t, [r#"call tracer("cond")"#, "call pred()", "drop _4", r#"call tracer("inside")"#, "drop _5"]);
}

#[test]
fn drop_methods_are_recorded_per_dropped_adt() {
    let (m, _) = maybe_send();
    assert_eq!(m.drop_fns.len(), 1);
    let (ty, inst) = &m.drop_fns[0];
    assert!(matches!(ty, Ty::Adt(0, _)));
    assert_eq!(m.bodies[*inst].name, "Tracer::drop");
}

#[test]
fn tuple_let_pattern_moves_parts_and_drops_in_reverse_binding_order() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let tty = Ty::Tuple(vec![ty.clone(), ty.clone()]);
    fx.main(&[], |fx, f| {
        let (a, b) = (f.local("a", ty.clone(), false), f.local("b", ty.clone(), false));
        let (ia, ib) = (fx.mk(f, "a"), fx.mk(f, "b"));
        let sp = f.span();
        let init = e(ExprKind::Tuple(vec![ia, ib]), tty.clone(), sp);
        let (pa, pb) = (f.pat_bind(a), f.pat_bind(b));
        let pat = f.pat(PatKind::Fields(vec![pa, pb]), tty.clone());
        let st = Stmt::Let { pattern: pat, init: Some(init), else_block: None, span: sp };
        f.block(vec![st], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(trace(&m, b, &[]), [r#"call tracer("a")"#, r#"call tracer("b")"#, "drop b", "drop a"]);
    assert_eq!(flag_count(b), 0);
}

#[test]
fn let_else_binds_on_success_and_diverges_otherwise() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let maybe = fx.prog.maybe();
    let mty = Ty::Adt(maybe, vec![ty.clone()]);
    fx.main(&[("opt", mty.clone())], |fx, f| {
        let t = f.local("t", ty.clone(), false);
        let bt = f.pat_bind(t);
        let pat = f.pat(PatKind::Variant { adt: maybe, variant: 1, fields: vec![bt] }, mty.clone());
        let init = f.var(0);
        let r = f.ret(None);
        let els = f.raw_block(vec![s(r)]);
        let sp = f.span();
        let st = Stmt::Let { pattern: pat, init: Some(init), else_block: Some(els), span: sp };
        let after = fx.mk(f, "after");
        f.block(vec![st, s(after)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(flag_count(b), 0);
    let text = crate::mir::pretty(&m);
    // Success path: `t` is dropped, `opt`'s only payload was moved into `t`; else path: `opt`
    // is dropped whole.
    assert!(text.contains("drop(_2)") && text.contains("drop(_1)"), "{text}");
    assert!(!text.contains("drop(((_1 as Just).0))"), "{text}");
}
