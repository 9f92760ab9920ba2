//! insta snapshots of `pretty` for small functions covering every kind of exit.

use super::*;

fn snap(name: &str, fx: Fixture) {
    let m = lower_ok(&fx.prog.p);
    let text = crate::mir::pretty(&m);
    let start = text.find("fn main").expect("main");
    let rest = &text[start..];
    let end = rest.find("\n}\n").map(|i| i + 3).unwrap_or(rest.len());
    insta::assert_snapshot!(name, &rest[..end]);
}

fn print(f: &mut Fb, text: &str) -> Expr {
    let s = f.str(text);
    let sp = f.span();
    e(
        ExprKind::Intrinsic {
            op: Intrinsic::Print { stream: 1, newline: true },
            ty_args: vec![],
            args: vec![s],
            site: sp,
        },
        Ty::Unit,
        sp,
    )
}

#[test]
fn snapshot_scope_end() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let (a, b) = (f.local("a", ty.clone(), false), f.local("b", ty.clone(), false));
        let (ia, ib) = (fx.mk(f, "a"), fx.mk(f, "b"));
        let (sa, sb) = (f.let_(a, Some(ia)), f.let_(b, Some(ib)));
        f.block(vec![sa, sb], None)
    });
    snap("scope_end", fx);
}

#[test]
fn snapshot_if_else_value() {
    let mut fx = fixture();
    fx.main(&[("c", Ty::Bool)], |_, f| {
        let x = f.local("x", Ty::Str, false);
        let c = f.var(0);
        let (a, b) = (f.str("yes"), f.str("no"));
        let iff = f.if_(c, a, Some(b));
        let sx = f.let_(x, Some(iff));
        f.block(vec![sx], None)
    });
    snap("if_else_value", fx);
}

#[test]
fn snapshot_early_return() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[("c", Ty::Bool)], |fx, f| {
        let g = f.local("g", ty.clone(), false);
        let ig = fx.mk(f, "g");
        let sg = f.let_(g, Some(ig));
        let c = f.var(0);
        let r = f.ret(None);
        let then = f.block(vec![s(r)], None);
        let iff = f.if_(c, then, None);
        let p = print(f, "after");
        f.block(vec![sg, s(iff), s(p)], None)
    });
    snap("early_return", fx);
}

#[test]
fn snapshot_loop_break_continue() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let g = f.local("g", ty.clone(), false);
        let ig = fx.mk(f, "g");
        let sg = f.let_(g, Some(ig));
        let c1 = f.call(fx.flag, vec![], Ty::Bool);
        let b = f.brk();
        let t1 = f.block(vec![s(b)], None);
        let if1 = f.if_(c1, t1, None);
        let c2 = f.call(fx.flag, vec![], Ty::Bool);
        let k = f.cont();
        let t2 = f.block(vec![s(k)], None);
        let if2 = f.if_(c2, t2, None);
        let lp = f.loop_(vec![sg, s(if1), s(if2)]);
        f.block(vec![s(lp)], None)
    });
    snap("loop_break_continue", fx);
}

#[test]
fn snapshot_drop_flag() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[("urgent", Ty::Bool)], |fx, f| {
        let msg = f.local("msg", ty.clone(), false);
        let init = fx.mk(f, "msg");
        let st = f.let_(msg, Some(init));
        let c = f.var(0);
        let v = f.var(msg);
        let call = f.call(fx.consume, vec![v], Ty::Unit);
        let then = f.block(vec![s(call)], None);
        let iff = f.if_(c, then, None);
        f.block(vec![st, s(iff)], None)
    });
    snap("drop_flag", fx);
}

#[test]
fn snapshot_partial_move() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let pair = fx.prog.strukt("Pair", &[("a", ty.clone()), ("b", ty.clone())], false);
    let pty = Ty::Adt(pair, vec![]);
    fx.main(&[("p", pty)], |fx, f| {
        let base = f.var(0);
        let fld = f.field(base, 0, ty.clone());
        let c = f.call(fx.consume, vec![fld], Ty::Unit);
        f.block(vec![s(c)], None)
    });
    snap("partial_move", fx);
}

#[test]
fn snapshot_when_enum_moving_arm() {
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
        let p = print(f, "nothing");
        let w = f.when(scrut, vec![(just, c), (nothing, p)], Ty::Unit);
        f.block(vec![s(w)], None)
    });
    snap("when_enum_moving_arm", fx);
}

#[test]
fn snapshot_when_int_str_and_range() {
    let mut fx = fixture();
    fx.main(&[("n", Ty::I32), ("s", Ty::Str)], |_, f| {
        let scrut = f.var(0);
        let zero = f.pat(PatKind::Const(Const::Int(0)), Ty::I32);
        let small = f.pat(PatKind::Range { lo: Const::Int(1), hi: Const::Int(9), inclusive: true }, Ty::I32);
        let (p1, p2) = (f.pat(PatKind::Const(Const::Int(10)), Ty::I32), f.pat(PatKind::Const(Const::Int(20)), Ty::I32));
        let tens = f.pat(PatKind::Or(vec![p1, p2]), Ty::I32);
        let wild = f.pat(PatKind::Wild, Ty::I32);
        let (a, b, c, d) = (print(f, "zero"), print(f, "small"), print(f, "tens"), print(f, "other"));
        let w1 = f.when(scrut, vec![(zero, a), (small, b), (tens, c), (wild, d)], Ty::Unit);
        let scrut2 = f.var(1);
        let yes = f.pat(PatKind::Const(Const::Str("yes".into())), Ty::Str);
        let any = f.pat(PatKind::Wild, Ty::Str);
        let (x, y) = (print(f, "said yes"), print(f, "said something"));
        let w2 = f.when(scrut2, vec![(yes, x), (any, y)], Ty::Unit);
        f.block(vec![s(w1), s(w2)], None)
    });
    snap("when_int_str_and_range", fx);
}

#[test]
fn snapshot_for_range_inclusive() {
    let mut fx = fixture();
    fx.main(&[], |fx, f| {
        let i = f.local("i", Ty::Int(IntTy::U8), false);
        let pat = f.pat_bind(i);
        let (a, b) = (f.int(0, IntTy::U8), f.int(255, IntTy::U8));
        let c = f.call(fx.flag, vec![], Ty::Bool);
        let k = f.cont();
        let t = f.block(vec![s(k)], None);
        let iff = f.if_(c, t, None);
        let lp = f.for_range(pat, a, b, true, vec![s(iff)]);
        f.block(vec![s(lp)], None)
    });
    snap("for_range_inclusive", fx);
}

#[test]
fn snapshot_for_array_of_tracers() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    let aty = Ty::Array(Box::new(ty.clone()), 2);
    fx.main(&[], |fx, f| {
        let arr = f.local("arr", aty.clone(), false);
        let (x, y) = (fx.mk(f, "x"), fx.mk(f, "y"));
        let sp = f.span();
        let init = e(ExprKind::Array(vec![x, y]), aty.clone(), sp);
        let sa = f.let_(arr, Some(init));
        let r = f.local("r", Ty::shared_ref(ty.clone()), false);
        let pat = f.pat_bind(r);
        let vr = f.var(r);
        let call = f.call(fx.look, vec![vr], Ty::Unit);
        let body = f.raw_block(vec![s(call)]);
        let va = f.var(arr);
        let sp = f.span();
        let lp = e(ExprKind::For { pattern: pat, iter: ForIter::Array(Box::new(va)), body }, Ty::Unit, sp);
        f.block(vec![sa, s(lp)], None)
    });
    snap("for_array_of_tracers", fx);
}

#[test]
fn snapshot_short_circuit_and_index() {
    let mut fx = fixture();
    let aty = Ty::Array(Box::new(Ty::I64), 3);
    fx.main(&[("a", aty), ("i", Ty::I64)], |fx, f| {
        let x = f.local("x", Ty::Bool, false);
        let c1 = f.call(fx.flag, vec![], Ty::Bool);
        let base = f.var(0);
        let idx = f.var(1);
        let sp = f.span();
        let elem = e(ExprKind::Index { base: Box::new(base), index: Box::new(idx), site: sp }, Ty::I64, sp);
        let zero = f.int(0, IntTy::I64);
        let sp2 = f.span();
        let cmp =
            e(ExprKind::Binary { op: BinOp::Gt, lhs: Box::new(elem), rhs: Box::new(zero), site: sp2 }, Ty::Bool, sp2);
        let sp3 = f.span();
        let and =
            e(ExprKind::Binary { op: BinOp::And, lhs: Box::new(c1), rhs: Box::new(cmp), site: sp3 }, Ty::Bool, sp3);
        let sx = f.let_(x, Some(and));
        f.block(vec![sx], None)
    });
    snap("short_circuit_and_index", fx);
}
