//! A final safety net over the HIR handed to MIR building: no `Ty::Infer` or `Ty::Error`
//! may remain (hir.rs invariant). Finding one without a reported error is a compiler bug; it
//! is reported as a diagnostic instead of being passed on.

use super::hir::{Block, Callee, Expr, ExprKind, ForIter, Pat, PatKind, Program, Stmt};
use super::ty::Ty;
use crate::diagnostics::Diagnostic;
use crate::span::Span;

fn bad(t: &Ty) -> bool {
    let mut found = false;
    t.walk(&mut |x| found |= matches!(x, Ty::Infer(_) | Ty::Error));
    found
}

struct Validator {
    first: Option<Span>,
}

impl Validator {
    fn ty(&mut self, t: &Ty, span: Span) {
        if self.first.is_none() && bad(t) {
            self.first = Some(span);
        }
    }

    fn pat(&mut self, p: &Pat) {
        self.ty(&p.ty, p.span);
        match &p.kind {
            PatKind::Fields(ps) | PatKind::Or(ps) | PatKind::Variant { fields: ps, .. } => {
                ps.iter().for_each(|p| self.pat(p))
            }
            PatKind::Deref(p) => self.pat(p),
            PatKind::Wild | PatKind::Binding { .. } | PatKind::Const(_) | PatKind::Range { .. } => {}
        }
    }

    fn block(&mut self, b: &Block) {
        for s in &b.stmts {
            match s {
                Stmt::Let { pattern, init, else_block, .. } => {
                    self.pat(pattern);
                    init.iter().for_each(|i| self.expr(i));
                    else_block.iter().for_each(|b| self.block(b));
                }
                Stmt::Expr(e) => self.expr(e),
            }
        }
        b.tail.iter().for_each(|t| self.expr(t));
    }

    fn expr(&mut self, e: &Expr) {
        self.ty(&e.ty, e.span);
        match &e.kind {
            ExprKind::Lit(_) | ExprKind::Local(_) | ExprKind::Break | ExprKind::Continue => {}
            ExprKind::Field { base: x, .. }
            | ExprKind::ToDyn(x)
            | ExprKind::ClassCast(x)
            | ExprKind::Deref(x)
            | ExprKind::AddrOf(x)
            | ExprKind::Cast(x)
            | ExprKind::Ref { place: x, .. }
            | ExprKind::Unary { operand: x, .. }
            | ExprKind::ArrayRepeat(x, _) => self.expr(x),
            ExprKind::Index { base: a, index: b, .. }
            | ExprKind::Binary { lhs: a, rhs: b, .. }
            | ExprKind::Assign { place: a, value: b }
            | ExprKind::CompoundAssign { place: a, value: b, .. } => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Call { callee, args, .. } => {
                match callee {
                    Callee::Fn { ty_args, .. } => ty_args.iter().for_each(|t| self.ty(t, e.span)),
                    Callee::Behavior { self_ty, ty_args, .. } => {
                        self.ty(self_ty, e.span);
                        ty_args.iter().for_each(|t| self.ty(t, e.span));
                    }
                    Callee::Value(f) => self.expr(f),
                    Callee::Dyn { .. } | Callee::Virtual { .. } => {}
                }
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Intrinsic { ty_args, args, .. } => {
                ty_args.iter().for_each(|t| self.ty(t, e.span));
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Tuple(xs) | ExprKind::Array(xs) => xs.iter().for_each(|x| self.expr(x)),
            ExprKind::Adt { ty_args, fields, .. } => {
                ty_args.iter().for_each(|t| self.ty(t, e.span));
                fields.iter().for_each(|(_, x)| self.expr(x));
            }
            ExprKind::Block(b) | ExprKind::Loop(b) => self.block(b),
            ExprKind::If { cond, then_branch, else_branch } => {
                self.expr(cond);
                self.expr(then_branch);
                else_branch.iter().for_each(|x| self.expr(x));
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for a in arms {
                    self.pat(&a.pattern);
                    self.expr(&a.body);
                }
            }
            ExprKind::For { pattern, iter, body } => {
                self.pat(pattern);
                match iter {
                    ForIter::Range { start, end, .. } => {
                        self.expr(start);
                        self.expr(end);
                    }
                    ForIter::Array(x) => self.expr(x),
                }
                self.block(body);
            }
            ExprKind::Return(x) => x.iter().for_each(|x| self.expr(x)),
            ExprKind::FnRef { ty_args, .. } => ty_args.iter().for_each(|t| self.ty(t, e.span)),
            ExprKind::Closure { ty_args, captures, .. } => {
                ty_args.iter().for_each(|t| self.ty(t, e.span));
                captures.iter().for_each(|c| self.expr(c));
            }
        }
    }
}

/// Reports the first unresolved type of the program (a compiler bug), if any.
pub fn check(program: &Program) -> Option<Diagnostic> {
    let mut v = Validator { first: None };
    for f in &program.fns {
        f.params.iter().chain(std::iter::once(&f.ret)).for_each(|t| v.ty(t, f.span));
        if let Some(b) = &f.body {
            b.locals.iter().for_each(|l| v.ty(&l.ty, l.span));
            v.expr(&b.value);
        }
    }
    for (id, a) in program.adts.iter().enumerate() {
        for t in super::traits::adt_field_types(program, id, &[]) {
            v.ty(&t, a.span);
        }
    }
    v.first.map(|span| {
        Diagnostic::error(
            "E0202",
            "internal compiler error: a type could not be determined",
            span,
            "type not determined",
        )
        .with_note("please report this as a compiler bug")
    })
}
