//! Borrow-checking diagnostics E0401–E0408 and the accepted NLL patterns (MEMORY.md §6).

use super::*;
use crate::diagnostics::Label;

/// `Counter { n: I64 }` with `inc(mut this)`, `get(this) -> I64`, `view(this) -> ref I64`,
/// `add(mut this, v: I64)` and `set(mut this, r: ref I64)`.
struct Counter {
    prog: Prog,
    ty: Ty,
    inc: FnId,
    get: FnId,
    view: FnId,
    add: FnId,
    set: FnId,
}

fn counter() -> Counter {
    let mut prog = Prog::new();
    let adt = prog.strukt("Counter", &[("n", Ty::I64)], false);
    let ty = Ty::Adt(adt, vec![]);
    let (sr, mr) = (Ty::shared_ref(ty.clone()), Ty::mut_ref(ty.clone()));
    let inc = prog.func("Counter::inc", &[("this", mr.clone())], Ty::Unit, |f| f.unit_block());
    let get = prog.func("Counter::get", &[("this", sr.clone())], Ty::I64, |f| {
        let this = f.var(0);
        let d = f.deref(this);
        let n = f.field(d, 0, Ty::I64);
        f.block(vec![], Some(n))
    });
    let view = prog.func("Counter::view", &[("this", sr)], Ty::shared_ref(Ty::I64), |f| {
        let this = f.var(0);
        let d = f.deref(this);
        let n = f.field(d, 0, Ty::I64);
        let r = f.refer(n);
        f.block(vec![], Some(r))
    });
    let add = prog.func("Counter::add", &[("this", mr.clone()), ("v", Ty::I64)], Ty::Unit, |f| f.unit_block());
    let set = prog.func("Counter::set", &[("this", mr), ("r", Ty::shared_ref(Ty::I64))], Ty::Unit, |f| f.unit_block());
    Counter { prog, ty, inc, get, view, add, set }
}

fn mref(f: &mut Fb, place: Expr) -> Expr {
    let sp = f.span();
    let ty = Ty::mut_ref(place.ty.clone());
    e(ExprKind::Ref { mutability: Mutability::Mut, place: Box::new(place) }, ty, sp)
}

impl Counter {
    /// `Counter { n: 0 }`.
    fn literal(&self, f: &mut Fb) -> Expr {
        let zero = f.int(0, IntTy::I64);
        let Ty::Adt(adt, _) = self.ty else { unreachable!() };
        f.adt(adt, vec![], 0, vec![zero])
    }

    /// `var NAME = Counter { n: 0 }`: the local and its `let`.
    fn var(&self, f: &mut Fb, name: &str) -> (LocalId, Stmt) {
        let l = f.local(name, self.ty.clone(), true);
        let init = self.literal(f);
        let st = f.let_(l, Some(init));
        (l, st)
    }

    /// `main` built by `build`; returns the program.
    fn main(mut self, build: impl FnOnce(&Counter, &mut Fb) -> Expr) -> Program {
        let mut prog = std::mem::take(&mut self.prog);
        let id = prog.func("main", &[], Ty::Unit, |f| build(&self, f));
        prog.p.entry = Some(id);
        prog.p
    }
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

/// `let r = ref c; c.inc(); r.get()` — E0401 at the receiver, with the loan and the later use.
#[test]
fn e0401_mut_method_while_shared_borrow_is_used_later() {
    let cx = counter();
    let mut spans = (Span::default(), Span::default(), Span::default());
    let p = cx.main(|cx, f| {
        let (c, sc) = cx.var(f, "c");
        let r = f.local("r", Ty::shared_ref(cx.ty.clone()), false);
        let vc = f.var(c);
        let borrow = f.refer(vc);
        spans.0 = borrow.span;
        let sr = f.let_(r, Some(borrow));
        let recv = f.var(c);
        spans.1 = recv.span;
        let m = mref(f, recv);
        let inc = s(f.call(cx.inc, vec![m], Ty::Unit));
        let vr = f.var(r);
        spans.2 = vr.span;
        let get = s(f.call(cx.get, vec![vr], Ty::I64));
        f.block(vec![sc, sr, inc, get], None)
    });
    let d = lower_err(&p);
    assert_eq!(codes(&d), ["E0401"], "{d:#?}");
    assert_eq!(d[0].message, "cannot borrow `c` as mutable because it is also borrowed as immutable");
    assert_eq!(
        d[0].labels,
        [
            Label { span: spans.1, message: "mutable borrow occurs here".into(), primary: true },
            Label { span: spans.0, message: "immutable borrow occurs here".into(), primary: false },
            Label { span: spans.2, message: "immutable borrow later used here".into(), primary: false },
        ]
    );
}

/// NLL: `let r = ref c; r.get(); c.inc()` — the loan ended at the last use of `r`.
#[test]
fn borrow_ends_at_last_use() {
    let cx = counter();
    let p = cx.main(|cx, f| {
        let (c, sc) = cx.var(f, "c");
        let r = f.local("r", Ty::shared_ref(cx.ty.clone()), false);
        let vc = f.var(c);
        let borrow = f.refer(vc);
        let sr = f.let_(r, Some(borrow));
        let vr = f.var(r);
        let get = s(f.call(cx.get, vec![vr], Ty::I64));
        let recv = f.var(c);
        let m = mref(f, recv);
        let inc = s(f.call(cx.inc, vec![m], Ty::Unit));
        f.block(vec![sc, sr, get, inc], None)
    });
    lower_ok(&p);
}

/// Two-phase borrows: `c.add(c.get())` is accepted; `c.set(c.view())` passes a live shared
/// loan into the call that activates the exclusive one (E0401).
#[test]
fn two_phase_receiver_borrows() {
    let cx = counter();
    let p = cx.main(|cx, f| {
        let (c, sc) = cx.var(f, "c");
        let recv = f.var(c);
        let m = mref(f, recv);
        let inner = f.var(c);
        let ir = f.refer(inner);
        let arg = f.call(cx.get, vec![ir], Ty::I64);
        let add = s(f.call(cx.add, vec![m, arg], Ty::Unit));
        f.block(vec![sc, add], None)
    });
    lower_ok(&p);

    let cx = counter();
    let p = cx.main(|cx, f| {
        let (c, sc) = cx.var(f, "c");
        let recv = f.var(c);
        let m = mref(f, recv);
        let inner = f.var(c);
        let ir = f.refer(inner);
        let arg = f.call(cx.view, vec![ir], Ty::shared_ref(Ty::I64));
        let set = s(f.call(cx.set, vec![m, arg], Ty::Unit));
        f.block(vec![sc, set], None)
    });
    assert_eq!(codes(&lower_err(&p)), ["E0401"]);
}

/// `let m = mut ref c; c.inc(); m.inc()` — E0402.
#[test]
fn e0402_second_mutable_borrow() {
    let cx = counter();
    let p = cx.main(|cx, f| {
        let (c, sc) = cx.var(f, "c");
        let m = f.local("m", Ty::mut_ref(cx.ty.clone()), false);
        let vc = f.var(c);
        let borrow = mref(f, vc);
        let sm = f.let_(m, Some(borrow));
        let recv = f.var(c);
        let r2 = mref(f, recv);
        let inc = s(f.call(cx.inc, vec![r2], Ty::Unit));
        let vm = f.var(m);
        let inc2 = s(f.call(cx.inc, vec![vm], Ty::Unit));
        f.block(vec![sc, sm, inc, inc2], None)
    });
    let d = lower_err(&p);
    assert_eq!(codes(&d), ["E0402"]);
    assert_eq!(d[0].message, "cannot borrow `c` as mutable more than once at a time");
    assert_eq!(d[0].labels[1].message, "first mutable borrow occurs here");
    assert_eq!(d[0].labels[2].message, "first borrow later used here");
}

/// `var x = 1; let r = ref x; x = 2; *r` — E0403 at the assignment; `let m = mut ref x;
/// let y = x; *m` — E0404 at the use.
#[test]
fn e0403_assign_and_e0404_use_of_borrowed_place() {
    let cx = counter();
    let p = cx.main(|cx, f| {
        let x = f.local("x", Ty::I64, true);
        let one = f.int(1, IntTy::I64);
        let sx = f.let_(x, Some(one));
        let r = f.local("r", Ty::shared_ref(Ty::I64), false);
        let vx = f.var(x);
        let b = f.refer(vx);
        let sr = f.let_(r, Some(b));
        let vx = f.var(x);
        let two = f.int(2, IntTy::I64);
        let asg = f.assign(vx, two);
        let y = f.local("y", Ty::I64, false);
        let vr = f.var(r);
        let d = f.deref(vr);
        let sy = f.let_(y, Some(d));
        let _ = cx;
        f.block(vec![sx, sr, asg, sy], None)
    });
    let d = lower_err(&p);
    assert_eq!(codes(&d), ["E0403"]);
    assert_eq!(d[0].message, "cannot assign to `x` because it is borrowed");

    let cx = counter();
    let p = cx.main(|_, f| {
        let x = f.local("x", Ty::I64, true);
        let one = f.int(1, IntTy::I64);
        let sx = f.let_(x, Some(one));
        let m = f.local("m", Ty::mut_ref(Ty::I64), false);
        let vx = f.var(x);
        let b = mref(f, vx);
        let sm = f.let_(m, Some(b));
        let y = f.local("y", Ty::I64, false);
        let vx = f.var(x);
        let sy = f.let_(y, Some(vx));
        let vm = f.var(m);
        let d = f.deref(vm);
        let three = f.int(3, IntTy::I64);
        let asg = f.assign(d, three);
        f.block(vec![sx, sm, sy, asg], None)
    });
    let d = lower_err(&p);
    assert_eq!(codes(&d), ["E0404"]);
    assert_eq!(d[0].message, "cannot use `x` because it was mutably borrowed");
    assert_eq!(d[0].labels[0].message, "use of borrowed x");
}

/// A `mut ref` parameter passed to several calls is reborrowed each time.
#[test]
fn mut_ref_parameter_is_reborrowed_across_calls() {
    let mut cx = counter();
    let mr = Ty::mut_ref(cx.ty.clone());
    let (inc, get) = (cx.inc, cx.get);
    cx.prog.func("twice", &[("p", mr.clone())], Ty::I64, |f| {
        let a = f.var(0);
        let c1 = s(f.call(inc, vec![a], Ty::Unit));
        let b = f.var(0);
        let c2 = s(f.call(inc, vec![b], Ty::Unit));
        let c = f.var(0);
        let d = f.deref(c);
        let r = f.refer(d);
        let g = f.call(get, vec![r], Ty::I64);
        f.block(vec![c1, c2], Some(g))
    });
    let p = cx.main(|_, f| f.unit_block());
    lower_ok(&p);
}

/// `var cur = ref a; loop { let v = ref (*cur).n; cur = ref b; v; if flag { break } }` then
/// `a.inc()`: re-pointing `cur` is not a use of its target, and the loans end after the loop.
#[test]
fn cursor_re_pointing_loop() {
    let mut cx = counter();
    let flag = cx.prog.func("flag", &[], Ty::Bool, |f| {
        let b = f.bool(true);
        f.block(vec![], Some(b))
    });
    let p = cx.main(|cx, f| {
        let (a, sa) = cx.var(f, "a");
        let (b, sb) = cx.var(f, "b");
        let cur = f.local("cur", Ty::shared_ref(cx.ty.clone()), true);
        let va = f.var(a);
        let ra = f.refer(va);
        let scur = f.let_(cur, Some(ra));
        let v = f.local("v", Ty::shared_ref(Ty::I64), false);
        let vc = f.var(cur);
        let dc = f.deref(vc);
        let n = f.field(dc, 0, Ty::I64);
        let rn = f.refer(n);
        let sv = f.let_(v, Some(rn));
        let vcur = f.var(cur);
        let vb = f.var(b);
        let rb = f.refer(vb);
        let repoint = f.assign(vcur, rb);
        let vv = f.var(v);
        let dv = f.deref(vv);
        let y = f.local("y", Ty::I64, false);
        let sy = f.let_(y, Some(dv));
        let c = f.call(flag, vec![], Ty::Bool);
        let brk = f.brk();
        let then = f.block(vec![s(brk)], None);
        let cond = f.if_(c, then, None);
        let lp = f.loop_(vec![sv, repoint, sy, s(cond)]);
        let recv = f.var(a);
        let m = mref(f, recv);
        let inc = s(f.call(cx.inc, vec![m], Ty::Unit));
        f.block(vec![sa, sb, scur, s(lp), inc], None)
    });
    lower_ok(&p);
}

/// `for x in arr { arr = [x, x] }` — the loop's shared loan on `arr` makes the assignment E0403.
#[test]
fn for_loop_holds_a_loan_on_the_array() {
    let cx = counter();
    let arr_ty = Ty::Array(Box::new(Ty::I64), 2);
    let p = cx.main(|_, f| {
        let arr = f.local("arr", arr_ty.clone(), true);
        let one = f.int(1, IntTy::I64);
        let sp = f.span();
        let lit = e(ExprKind::ArrayRepeat(Box::new(one), 2), arr_ty.clone(), sp);
        let sarr = f.let_(arr, Some(lit));
        let x = f.local("x", Ty::I64, false);
        let pat = f.pat_bind(x);
        let va = f.var(arr);
        let vx = f.var(x);
        let sp = f.span();
        let again = e(ExprKind::ArrayRepeat(Box::new(vx), 2), arr_ty.clone(), sp);
        let target = f.var(arr);
        let asg = f.assign(target, again);
        let body = f.raw_block(vec![asg]);
        let sp = f.span();
        let lp = e(ExprKind::For { pattern: pat, iter: ForIter::Array(Box::new(va)), body }, Ty::Unit, sp);
        f.block(vec![sarr, s(lp)], None)
    });
    assert_eq!(codes(&lower_err(&p)), ["E0403"]);
}

/// Returning references: from `this` is fine (`Counter::view`); to a local, or from a
/// function with two reference parameters, is E0406.
#[test]
fn e0406_returned_references() {
    let mut cx = counter();
    let ret = Ty::shared_ref(Ty::I64);
    cx.prog.func("local", &[], ret.clone(), |f| {
        let x = f.local("x", Ty::I64, false);
        let one = f.int(1, IntTy::I64);
        let sx = f.let_(x, Some(one));
        let vx = f.var(x);
        let r = f.refer(vx);
        f.block(vec![sx], Some(r))
    });
    let p = cx.main(|_, f| f.unit_block());
    let d = lower_err(&p);
    assert_eq!(codes(&d), ["E0406"]);
    assert_eq!(d[0].message, "cannot return a reference to `x`");
    assert_eq!(d[0].labels[0].message, "returns a reference to data owned by the current function");

    let mut cx = counter();
    cx.prog.func("pick", &[("a", ret.clone()), ("b", ret.clone())], ret.clone(), |f| {
        let a = f.var(0);
        f.block(vec![], Some(a))
    });
    let p = cx.main(|_, f| f.unit_block());
    let d = lower_err(&p);
    assert_eq!(codes(&d), ["E0406"]);
    assert_eq!(d[0].message, "returned reference does not borrow from this or the single reference parameter");
}

/// The result of `c.view()` borrows `c`: `let v = c.view(); c.inc(); *v` is E0401.
#[test]
fn call_result_keeps_the_argument_borrowed() {
    let cx = counter();
    let p = cx.main(|cx, f| {
        let (c, sc) = cx.var(f, "c");
        let v = f.local("v", Ty::shared_ref(Ty::I64), false);
        let vc = f.var(c);
        let rc = f.refer(vc);
        let call = f.call(cx.view, vec![rc], Ty::shared_ref(Ty::I64));
        let sv = f.let_(v, Some(call));
        let recv = f.var(c);
        let m = mref(f, recv);
        let inc = s(f.call(cx.inc, vec![m], Ty::Unit));
        let y = f.local("y", Ty::I64, false);
        let vv = f.var(v);
        let dv = f.deref(vv);
        let sy = f.let_(y, Some(dv));
        f.block(vec![sc, sv, inc, sy], None)
    });
    assert_eq!(codes(&lower_err(&p)), ["E0401"]);
}

/// A struct field of reference type is E0407 at the field.
#[test]
fn e0407_reference_field() {
    let mut prog = Prog::new();
    prog.strukt("Holder", &[("value", Ty::shared_ref(Ty::I64))], false);
    let id = prog.func("main", &[], Ty::Unit, |f| f.unit_block());
    prog.p.entry = Some(id);
    let d = lower_err(&prog.p);
    assert_eq!(codes(&d), ["E0407"]);
    assert_eq!(d[0].message, "reference type not allowed in a field");
}

/// `let r = ref tracer("t"); look(r)` — the temporary is dropped at the end of the `let`.
#[test]
fn e0408_reference_to_dropped_temporary() {
    let mut fx = fixture();
    let ty = fx.tracer_ty.clone();
    fx.main(&[], |fx, f| {
        let r = f.local("r", Ty::shared_ref(ty.clone()), false);
        let t = fx.mk(f, "t");
        let b = f.refer(t);
        let sr = f.let_(r, Some(b));
        let vr = f.var(r);
        let look = s(f.call(fx.look, vec![vr], Ty::Unit));
        f.block(vec![sr, look], None)
    });
    let d = lower_err(&fx.prog.p);
    assert_eq!(codes(&d), ["E0408"]);
    assert_eq!(d[0].message, "temporary value dropped while borrowed");
    assert_eq!(d[0].labels[1].message, "borrow later used here");
}

/// heap_tree.tml's cursors over `Node { key: I64, left: Maybe[Node] }`: `loop { when cur {
/// Just(node) => cur = ref node.left, Nothing => break } }`, shared and mutable (the mutable
/// one then writes `*cur`).
#[test]
fn cursor_loops_over_a_linked_chain() {
    for m in [Mutability::Not, Mutability::Mut] {
        let mut prog = Prog::new();
        let maybe = prog.maybe();
        let node = prog.p.adts.len();
        let node_ty = Ty::Adt(node, vec![]);
        let link = Ty::Adt(maybe, vec![node_ty.clone()]);
        prog.strukt("Node", &[("key", Ty::I64), ("left", link.clone())], false);
        let cur_ty = Ty::Ref(m, Box::new(link.clone()));
        prog.func("walk", &[("root", cur_ty.clone())], Ty::Unit, |f| {
            let cur = f.local("cur", cur_ty.clone(), true);
            let root = f.var(0);
            let scur = f.let_(cur, Some(root));
            let n = f.local("node", Ty::Ref(m, Box::new(node_ty.clone())), false);
            let bind = f.pat(PatKind::Binding { local: n, mode: BindingMode::ByRef(m) }, node_ty.clone());
            let just = f.pat(PatKind::Variant { adt: maybe, variant: 1, fields: vec![bind] }, link.clone());
            let just = f.pat(PatKind::Deref(Box::new(just)), cur_ty.clone());
            let nothing = f.pat(PatKind::Variant { adt: maybe, variant: 0, fields: vec![] }, link.clone());
            let nothing = f.pat(PatKind::Deref(Box::new(nothing)), cur_ty.clone());
            let target = f.var(cur);
            let vn = f.var(n);
            let dn = f.deref(vn);
            let left = f.field(dn, 1, link.clone());
            let sp = f.span();
            let next = e(ExprKind::Ref { mutability: m, place: Box::new(left) }, cur_ty.clone(), sp);
            let repoint = f.assign(target, next);
            let arm_just = f.block(vec![repoint], None);
            let brk = f.brk();
            let scrut = f.var(cur);
            let when = f.when(scrut, vec![(just, arm_just), (nothing, brk)], Ty::Unit);
            let lp = f.loop_(vec![s(when)]);
            let mut stmts = vec![scur, s(lp)];
            if m == Mutability::Mut {
                let vc = f.var(cur);
                let place = f.deref(vc);
                let sp = f.span();
                let value = e(
                    ExprKind::Adt { adt: maybe, variant: 0, ty_args: vec![node_ty.clone()], fields: vec![] },
                    link.clone(),
                    sp,
                );
                stmts.push(f.assign(place, value));
            }
            f.block(stmts, None)
        });
        if let Err(d) = crate::mir::build_checked(&prog.p) {
            panic!("{m:?} cursor rejected: {d:#?}");
        }
    }
}
