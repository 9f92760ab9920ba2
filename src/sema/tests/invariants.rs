//! HIR invariants checked on every accepted test program.

use crate::sema::hir::{Body, Callee, Expr, ExprKind, Program, Stmt};
use crate::sema::ty::Ty;

/// Calls `f` on every expression of `e`, outermost first.
pub fn walk(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    let stmts = |b: &crate::sema::hir::Block, f: &mut dyn FnMut(&Expr)| {
        for s in &b.stmts {
            match s {
                Stmt::Let { init, .. } => init.iter().for_each(|i| walk(i, f)),
                Stmt::Expr(x) => walk(x, f),
            }
        }
        b.tail.iter().for_each(|t| walk(t, f));
    };
    match &e.kind {
        ExprKind::Field { base: x, .. }
        | ExprKind::Deref(x)
        | ExprKind::AddrOf(x)
        | ExprKind::Cast(x)
        | ExprKind::Ref { place: x, .. }
        | ExprKind::Unary { operand: x, .. }
        | ExprKind::ArrayRepeat(x, _) => walk(x, f),
        ExprKind::Index { base, index, .. } => {
            walk(base, f);
            walk(index, f);
        }
        ExprKind::Call { callee, args, .. } => {
            if let Callee::Value(v) = callee {
                walk(v, f);
            }
            args.iter().for_each(|a| walk(a, f));
        }
        ExprKind::Intrinsic { args, .. } | ExprKind::Tuple(args) | ExprKind::Array(args) => {
            args.iter().for_each(|a| walk(a, f))
        }
        ExprKind::Binary { lhs, rhs, .. }
        | ExprKind::Assign { place: lhs, value: rhs }
        | ExprKind::CompoundAssign { place: lhs, value: rhs, .. } => {
            walk(lhs, f);
            walk(rhs, f);
        }
        ExprKind::Adt { fields, .. } => fields.iter().for_each(|(_, x)| walk(x, f)),
        ExprKind::Block(b) | ExprKind::Loop(b) => stmts(b, f),
        ExprKind::If { cond, then_branch, else_branch } => {
            walk(cond, f);
            walk(then_branch, f);
            else_branch.iter().for_each(|x| walk(x, f));
        }
        ExprKind::Match { scrutinee, arms } => {
            walk(scrutinee, f);
            arms.iter().for_each(|a| walk(&a.body, f));
        }
        ExprKind::For { iter, body, .. } => {
            match iter {
                crate::sema::hir::ForIter::Range { start, end, .. } => {
                    walk(start, f);
                    walk(end, f);
                }
                crate::sema::hir::ForIter::Array(x) => walk(x, f),
            }
            stmts(body, f);
        }
        ExprKind::Return(x) => x.iter().for_each(|x| walk(x, f)),
        _ => {}
    }
}

pub fn all_exprs(b: &Body) -> Vec<Expr> {
    let mut v = Vec::new();
    walk(&b.value, &mut |e| v.push(e.clone()));
    v
}

/// The HIR invariant: no inference variables or error types anywhere.
pub fn assert_concrete(p: &Program) {
    for f in &p.fns {
        let Some(b) = &f.body else { continue };
        for l in &b.locals {
            assert!(!matches!(l.ty, Ty::Infer(_) | Ty::Error), "{}: local {:?}", f.name, l);
        }
        for e in all_exprs(b) {
            let mut bad = false;
            e.ty.walk(&mut |t| bad |= matches!(t, Ty::Infer(_) | Ty::Error));
            assert!(!bad, "{}: {:?}", f.name, e.ty);
        }
    }
}

/// Structural typing invariants MIR building relies on: branch and tail types agree with
/// their node (or are `Never`), conditions are `Bool`, `let` initializers have the pattern's
/// type, call arguments match parameter types.
pub fn assert_consistent(p: &Program) {
    let same = |a: &Ty, b: &Ty| a == b || a.is_never();
    for f in &p.fns {
        let Some(b) = &f.body else { continue };
        assert!(same(&b.value.ty, &f.ret), "{}: body {:?} vs {:?}", f.name, b.value.ty, f.ret);
        for e in all_exprs(b) {
            match &e.kind {
                ExprKind::If { cond, then_branch, else_branch } => {
                    assert_eq!(cond.ty, Ty::Bool);
                    match else_branch {
                        Some(x) => {
                            assert!(
                                same(&then_branch.ty, &e.ty) && same(&x.ty, &e.ty),
                                "{}: if {:?}/{:?} vs {:?}",
                                f.name,
                                then_branch.ty,
                                x.ty,
                                e.ty
                            );
                        }
                        None => assert!(same(&then_branch.ty, &Ty::Unit), "{}: if-then {:?}", f.name, then_branch.ty),
                    }
                }
                ExprKind::Match { scrutinee, arms } => {
                    for a in arms {
                        assert!(same(&a.body.ty, &e.ty), "{}: arm {:?} vs {:?}", f.name, a.body.ty, e.ty);
                        assert_eq!(a.pattern.ty, scrutinee.ty, "{}: pattern type", f.name);
                    }
                }
                ExprKind::Block(blk) => {
                    if let Some(t) = &blk.tail {
                        assert!(same(&t.ty, &e.ty), "{}: tail {:?} vs block {:?}", f.name, t.ty, e.ty);
                    }
                    for s in &blk.stmts {
                        if let Stmt::Let { pattern, init: Some(i), .. } = s {
                            assert!(same(&i.ty, &pattern.ty), "{}: let {:?} = {:?}", f.name, pattern.ty, i.ty);
                        }
                    }
                }
                ExprKind::Call { callee: Callee::Fn { id, ty_args }, args, .. } => {
                    let params = &p.fns[*id].params;
                    assert_eq!(params.len(), args.len());
                    for (a, t) in args.iter().zip(params) {
                        assert!(same(&a.ty, &t.subst(ty_args)), "{}: arg {:?} vs {:?}", f.name, a.ty, t);
                    }
                }
                ExprKind::Binary { lhs, rhs, op, .. }
                    if !matches!(op, crate::sema::hir::BinOp::Shl | crate::sema::hir::BinOp::Shr) =>
                {
                    assert_eq!(lhs.ty, rhs.ty, "{}: binary operands", f.name);
                }
                ExprKind::Assign { place, value } => {
                    assert!(same(&value.ty, &place.ty), "{}: assign", f.name)
                }
                _ => {}
            }
        }
    }
}
