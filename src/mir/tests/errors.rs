//! Move-checking diagnostics E0301–E0306.

use super::*;

/// use_after_move.tml: `let n = redeem(t)` then `t.owner`.
#[test]
fn e0301_use_after_move_labels_the_use_and_the_move() {
    let mut fx = fixture();
    let ticket = fx.prog.strukt("Ticket", &[("id", Ty::I32), ("owner", Ty::Str)], false);
    let tty = Ty::Adt(ticket, vec![]);
    let redeem = fx.prog.func("redeem", &[("t", tty.clone())], Ty::I32, |f| {
        let base = f.var(0);
        let id = f.field(base, 0, Ty::I32);
        f.block(vec![], Some(id))
    });
    let mut spans = (Span::default(), Span::default());
    fx.main(&[], |_, f| {
        let t = f.local("t", tty.clone(), false);
        let id = f.int(7, IntTy::I32);
        let owner = f.str("ana");
        let init = f.adt(ticket, vec![], 0, vec![id, owner]);
        let st = f.let_(t, Some(init));
        let n = f.local("n", Ty::I32, false);
        let moved = f.var(t);
        spans.0 = moved.span;
        let call = f.call(redeem, vec![moved], Ty::I32);
        let sn = f.let_(n, Some(call));
        let used = f.var(t);
        spans.1 = used.span;
        let fld = f.field(used, 1, Ty::Str);
        let show = e(
            ExprKind::Intrinsic { op: Intrinsic::ToString, ty_args: vec![], args: vec![fld], site: Span::default() },
            Ty::Str,
            Span::default(),
        );
        f.block(vec![st, sn, s(show)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    let d = &d[0];
    assert_eq!(d.code, "E0301");
    assert_eq!(d.message, "use of moved value: `t`");
    assert_eq!(
        d.labels[0],
        crate::diagnostics::Label { span: spans.1, message: "value used here after move".into(), primary: true }
    );
    assert_eq!(
        d.labels[1],
        crate::diagnostics::Label { span: spans.0, message: "value moved here".into(), primary: false }
    );
    assert_eq!(
        d.notes,
        [
            "`t` has type `Ticket`, which is not Copy",
            "help: lend it with `ref t`, or derive Duplicate for `Ticket` and pass `t.duplicate()`"
        ]
    );
}

#[test]
fn e0301_is_reported_once_per_moved_place() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let x = f.local("x", ty.clone(), false);
        let init = fx.mk(f, "x");
        let st = f.let_(x, Some(init));
        let mut stmts = vec![st];
        for _ in 0..3 {
            let v = f.var(x);
            stmts.push(s(f.call(fx.consume, vec![v], Ty::Unit)));
        }
        f.block(stmts, None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0301"]);
}

#[test]
fn e0302_move_in_previous_loop_iteration() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let mut moved = Span::default();
    fx.main(&[], |fx, f| {
        let x = f.local("x", ty.clone(), false);
        let init = fx.mk(f, "x");
        let st = f.let_(x, Some(init));
        let v = f.var(x);
        moved = v.span;
        let c = f.call(fx.consume, vec![v], Ty::Unit);
        let fl = f.call(fx.flag, vec![], Ty::Bool);
        let b = f.brk();
        let then = f.block(vec![s(b)], None);
        let iff = f.if_(fl, then, None);
        let lp = f.loop_(vec![s(c), s(iff)]);
        f.block(vec![st, s(lp)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E0302");
    assert_eq!(d[0].message, "use of moved value: `x`");
    assert_eq!(d[0].labels[0].span, moved);
    assert_eq!(d[0].labels[0].message, "value moved here, in previous iteration of loop");
}

#[test]
fn reassignment_before_next_iteration_is_accepted() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let x = f.local("x", ty.clone(), true);
        let init = fx.mk(f, "x");
        let st = f.let_(x, Some(init));
        let v = f.var(x);
        let c = f.call(fx.consume, vec![v], Ty::Unit);
        let place = f.var(x);
        let again = fx.mk(f, "again");
        let asg = f.assign(place, again);
        let fl = f.call(fx.flag, vec![], Ty::Bool);
        let b = f.brk();
        let then = f.block(vec![s(b)], None);
        let iff = f.if_(fl, then, None);
        let lp = f.loop_(vec![s(c), asg, s(iff)]);
        f.block(vec![st, s(lp)], None)
    });
    let m = lower_ok(&fx.prog.p);
    // The assignment follows a move: its drop of the old value is statically removed.
    assert_eq!(flag_count(body(&m, "main")), 0);
}

#[test]
fn e0306_possibly_uninitialized_binding() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let mut use_span = Span::default();
    fx.main(&[], |fx, f| {
        let x = f.local("x", ty.clone(), false);
        let st = f.let_(x, None);
        let fl = f.call(fx.flag, vec![], Ty::Bool);
        let place = f.var(x);
        let init = fx.mk(f, "x");
        let asg = f.assign(place, init);
        let then = f.block(vec![asg], None);
        let iff = f.if_(fl, then, None);
        let v = f.var(x);
        use_span = v.span;
        let c = f.call(fx.consume, vec![v], Ty::Unit);
        f.block(vec![st, s(iff), s(c)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E0306");
    assert_eq!(d[0].message, "used binding `x` is possibly uninitialized");
    assert_eq!(d[0].labels[0].span, use_span);
    assert_eq!(d[0].labels[0].message, "`x` used here but it is possibly uninitialized");
}

#[test]
fn e0304_use_of_partially_moved_value() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let loose = fx.prog.strukt("Loose", &[("keep", ty.clone()), ("give", ty.clone())], false);
    let lty = Ty::Adt(loose, vec![]);
    let eat = fx.prog.func("eat", &[("l", lty.clone())], Ty::Unit, |f| f.unit_block());
    fx.main(&[], |fx, f| {
        let l = f.local("loose", lty.clone(), false);
        let (k, g) = (fx.mk(f, "keep"), fx.mk(f, "give"));
        let init = f.adt(loose, vec![], 0, vec![k, g]);
        let st = f.let_(l, Some(init));
        let base = f.var(l);
        let fld = f.field(base, 1, ty.clone());
        let c1 = f.call(fx.consume, vec![fld], Ty::Unit);
        let whole = f.var(l);
        let c2 = f.call(eat, vec![whole], Ty::Unit);
        f.block(vec![st, s(c1), s(c2)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E0304");
    assert_eq!(d[0].message, "use of partially moved value: `loose`");
    assert_eq!(d[0].labels[1].message, "value partially moved here");
}

#[test]
fn e0303_move_out_of_reference() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let mut span = Span::default();
    fx.main(&[("r", Ty::shared_ref(ty.clone()))], |fx, f| {
        let r = f.var(0);
        let d = f.deref(r);
        span = d.span;
        let c = f.call(fx.consume, vec![d], Ty::Unit);
        f.block(vec![s(c)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E0303");
    assert_eq!(d[0].message, "cannot move out of `*r`");
    assert_eq!(d[0].labels[0].span, span);
    assert_eq!(d[0].labels[0].message, "move occurs here");
}

#[test]
fn e0305_move_field_out_of_type_with_drop() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let bundle = fx.prog.strukt("Bundle", &[("first", ty.clone())], true);
    let bty = Ty::Adt(bundle, vec![]);
    fx.main(&[("b", bty.clone())], |fx, f| {
        let base = f.var(0);
        let fld = f.field(base, 0, ty.clone());
        let c = f.call(fx.consume, vec![fld], Ty::Unit);
        f.block(vec![s(c)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E0305");
    assert_eq!(d[0].message, "cannot move out of type `Bundle`, which implements `Drop`");
}

#[test]
fn move_in_when_arm_makes_later_use_an_error() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let maybe = fx.prog.maybe();
    let mty = Ty::Adt(maybe, vec![ty.clone()]);
    fx.main(&[("opt", mty.clone())], |fx, f| {
        let t = f.local("t", ty.clone(), false);
        let scrut = f.var(0);
        let bt = f.pat_bind(t);
        let just = f.pat(PatKind::Variant { adt: maybe, variant: 1, fields: vec![bt] }, mty.clone());
        let nothing = f.pat(PatKind::Variant { adt: maybe, variant: 0, fields: vec![] }, mty.clone());
        let vt = f.var(t);
        let c = f.call(fx.consume, vec![vt], Ty::Unit);
        let unit = f.unit_block();
        let w = f.when(scrut, vec![(just, c), (nothing, unit)], Ty::Unit);
        let again = f.var(0);
        let r = f.refer(again);
        let look_opt = f.call(fx.look, vec![r], Ty::Unit);
        f.block(vec![s(w), s(look_opt)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0301"]);
    assert_eq!(d[0].message, "use of moved value: `opt`");
}

#[test]
fn moves_in_when_arms_without_later_use_drop_with_a_flag() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let maybe = fx.prog.maybe();
    let mty = Ty::Adt(maybe, vec![ty.clone()]);
    fx.main(&[("opt", mty.clone())], |fx, f| {
        let t = f.local("t", ty.clone(), false);
        let scrut = f.var(0);
        let bt = f.pat_bind(t);
        let just = f.pat(PatKind::Variant { adt: maybe, variant: 1, fields: vec![bt] }, mty.clone());
        let wild = f.pat(PatKind::Wild, mty.clone());
        let vt = f.var(t);
        let c = f.call(fx.consume, vec![vt], Ty::Unit);
        let unit = f.unit_block();
        let w = f.when(scrut, vec![(just, c), (wild, unit)], Ty::Unit);
        f.block(vec![s(w)], None)
    });
    let m = lower_ok(&fx.prog.p);
    let b = body(&m, "main");
    assert_eq!(flag_count(b), 1);
    let text = crate::mir::pretty(&m);
    assert!(text.contains(" as Just).0)"), "{text}");
}

#[test]
fn mut_ref_arguments_are_reborrowed_not_moved() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let poke = fx.prog.func("poke", &[("t", Ty::mut_ref(ty.clone()))], Ty::Unit, |f| f.unit_block());
    fx.main(&[("r", Ty::mut_ref(ty.clone()))], |_, f| {
        let (a, b) = (f.var(0), f.var(0));
        let c1 = f.call(poke, vec![a], Ty::Unit);
        let c2 = f.call(poke, vec![b], Ty::Unit);
        f.block(vec![s(c1), s(c2)], None)
    });
    let m = lower_ok(&fx.prog.p);
    assert!(crate::mir::pretty(&m).contains("= &mut (*_1);"));
}

#[test]
fn e0303_move_out_of_index() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let aty = Ty::Array(Box::new(ty.clone()), 2);
    fx.main(&[("a", aty), ("i", Ty::I64)], |fx, f| {
        let (base, idx) = (f.var(0), f.var(1));
        let sp = f.span();
        let elem = e(ExprKind::Index { base: Box::new(base), index: Box::new(idx), site: sp }, ty.clone(), sp);
        let c = f.call(fx.consume, vec![elem], Ty::Unit);
        f.block(vec![s(c)], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E0303");
    assert_eq!(d[0].message, "cannot move out of `a[..]`");
}
