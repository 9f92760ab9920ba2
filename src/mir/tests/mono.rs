//! Monomorphization.

use super::*;

fn identity_program() -> Program {
    let mut prog = Prog::new();
    let id = prog.declare("identity", &["T"], vec![Ty::Param(0)], Ty::Param(0));
    prog.define(id, |f| {
        f.param("x", Ty::Param(0));
        let x = f.var(0);
        f.block(vec![], Some(x))
    });
    let main = prog.func("main", &[], Ty::Unit, |f| {
        let a = f.local("a", Ty::I64, false);
        let b = f.local("b", Ty::Str, false);
        let one = f.int(1, IntTy::I64);
        let c1 = f.call_generic(id, vec![Ty::I64], vec![one], Ty::I64);
        let hi = f.str("hi");
        let c2 = f.call_generic(id, vec![Ty::Str], vec![hi], Ty::Str);
        let c3 = {
            let two = f.int(2, IntTy::I64);
            f.call_generic(id, vec![Ty::I64], vec![two], Ty::I64)
        };
        let (sa, sb) = (f.let_(a, Some(c1)), f.let_(b, Some(c2)));
        f.block(vec![sa, sb, s(c3)], None)
    });
    prog.p.entry = Some(main);
    prog.p
}

#[test]
fn generic_identity_is_instantiated_once_per_type_argument_list() {
    let m = lower_ok(&identity_program());
    let names: Vec<&str> = m.bodies.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["main", "identity[I64]", "identity[Str]"]);
    assert_eq!(m.entry, Some(0));
    let i64_inst = body(&m, "identity[I64]");
    assert_eq!(i64_inst.locals[1].ty, Ty::I64);
    assert_eq!(i64_inst.ty_args, [Ty::I64]);
    // Calls are rewritten to instances.
    let calls: Vec<usize> = body(&m, "main")
        .blocks
        .iter()
        .filter_map(|bb| match &bb.terminator.kind {
            TerminatorKind::Call { callee: Callee::Instance(i), .. } => Some(*i),
            _ => None,
        })
        .collect();
    assert_eq!(calls, [1, 2, 1]);
}

#[test]
fn generic_drops_vanish_for_types_without_drop() {
    let mut prog = Prog::new();
    let id = prog.declare("forget_it", &["T"], vec![Ty::Param(0)], Ty::Unit);
    prog.define(id, |f| {
        f.param("x", Ty::Param(0));
        f.unit_block()
    });
    let main = prog.func("main", &[], Ty::Unit, |f| {
        let one = f.int(1, IntTy::I64);
        let c1 = f.call_generic(id, vec![Ty::I64], vec![one], Ty::Unit);
        let hi = f.str("hi");
        let c2 = f.call_generic(id, vec![Ty::Str], vec![hi], Ty::Unit);
        f.block(vec![s(c1), s(c2)], None)
    });
    prog.p.entry = Some(main);
    let m = lower_ok(&prog.p);
    let has_drop = |b: &ir::Body| b.blocks.iter().any(|bb| matches!(bb.terminator.kind, TerminatorKind::Drop { .. }));
    assert!(!has_drop(body(&m, "forget_it[I64]")));
    assert!(has_drop(body(&m, "forget_it[Str]")));
}

#[test]
fn behavior_calls_resolve_to_the_matching_impl() {
    let mut prog = Prog::new();
    let point = prog.strukt("Point", &[("x", Ty::I64)], false);
    let pty = Ty::Adt(point, vec![]);
    prog.p.behaviors.push(BehaviorDef {
        name: "Show".into(),
        span: Span::default(),
        methods: vec![BehaviorMethod { name: "show".into(), default: None }],
    });
    let show_i64 = prog.func("Show for I64::show", &[("this", Ty::shared_ref(Ty::I64))], Ty::Unit, |f| f.unit_block());
    let show_point =
        prog.func("Show for Point::show", &[("this", Ty::shared_ref(pty.clone()))], Ty::Unit, |f| f.unit_block());
    for (ty, m) in [(Ty::I64, show_i64), (pty.clone(), show_point)] {
        prog.p.impls.push(ImplDef {
            behavior: 0,
            generics: vec![],
            self_ty: ty,
            methods: vec![m],
            span: Span::default(),
        });
    }
    let g = prog.declare("show_it", &["T"], vec![Ty::shared_ref(Ty::Param(0))], Ty::Unit);
    prog.define(g, |f| {
        f.param("v", Ty::shared_ref(Ty::Param(0)));
        let v = f.var(0);
        let sp = f.span();
        let call = e(
            ExprKind::Call {
                callee: crate::sema::hir::Callee::Behavior {
                    behavior: 0,
                    method: 0,
                    self_ty: Ty::Param(0),
                    ty_args: vec![],
                },
                args: vec![v],
                site: sp,
            },
            Ty::Unit,
            sp,
        );
        f.block(vec![s(call)], None)
    });
    let main = prog.func("main", &[("p", pty.clone()), ("n", Ty::I64)], Ty::Unit, |f| {
        let p = f.var(0);
        let rp = f.refer(p);
        let c1 = f.call_generic(g, vec![pty.clone()], vec![rp], Ty::Unit);
        let n = f.var(1);
        let rn = f.refer(n);
        let c2 = f.call_generic(g, vec![Ty::I64], vec![rn], Ty::Unit);
        f.block(vec![s(c1), s(c2)], None)
    });
    prog.p.entry = Some(main);
    let m = lower_ok(&prog.p);
    let target = |name: &str| {
        body(&m, name)
            .blocks
            .iter()
            .find_map(|bb| match &bb.terminator.kind {
                TerminatorKind::Call { callee: Callee::Instance(i), .. } => Some(m.bodies[*i].name.clone()),
                _ => None,
            })
            .expect("a call")
    };
    assert_eq!(target("show_it[Point]"), "Show for Point::show");
    assert_eq!(target("show_it[I64]"), "Show for I64::show");
}

#[test]
fn test_wrappers_are_roots() {
    let mut prog = Prog::new();
    let w = prog.func("test wrapper", &[], Ty::I32, |f| {
        let z = f.int(0, IntTy::I32);
        f.block(vec![], Some(z))
    });
    prog.p.tests.push(TestDef { name: "works".into(), wrapper: w, should_panic: None, ignored: false });
    let m = lower_ok(&prog.p);
    assert_eq!(m.entry, None);
    assert_eq!(m.tests, [("works".to_string(), 0)]);
}
