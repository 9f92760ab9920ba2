//! The final pass over a checked body: substitutes inference variables (applying literal
//! defaults), reports types that could not be inferred (E0202) and integer literals that do
//! not fit their final type (E0004).

use super::FnCk;
use crate::diagnostics::Diagnostic;
use crate::sema::consts;
use crate::sema::hir::{Block, Body, Callee, Const, Expr, ExprKind, ForIter, LocalId, Pat, PatKind, Stmt};
use crate::sema::infer::InferTable;
use crate::sema::ty::{IntTy, Ty};
use crate::span::Span;
use std::collections::HashSet;

struct Zonk<'i> {
    infer: &'i InferTable,
    diags: Vec<Diagnostic>,
    reported: bool,
    /// Locals that are read somewhere (for W0001).
    used: HashSet<LocalId>,
}

impl Zonk<'_> {
    fn ty(&mut self, t: &Ty, span: Span) -> Ty {
        match self.infer.finish(t) {
            Some(t) => t,
            None => {
                if !self.reported {
                    self.reported = true;
                    self.diags.push(
                        Diagnostic::error(
                            "E0202",
                            "type annotations needed",
                            span,
                            "cannot infer the type of this expression",
                        )
                        .with_help("add a type annotation"),
                    );
                }
                Ty::Error
            }
        }
    }

    fn tys(&mut self, ts: &mut [Ty], span: Span) {
        for t in ts {
            *t = self.ty(t, span);
        }
    }

    fn check_int(&mut self, c: &Const, ty: &Ty, span: Span) {
        if let (Const::Int(v), Ty::Int(it)) = (c, ty) {
            if *v < IntTy::min(*it) || *v > IntTy::max(*it) {
                self.diags.push(consts::out_of_range(*v, *it, span));
            }
        }
    }

    fn pat(&mut self, p: &mut Pat) {
        p.ty = self.ty(&p.ty, p.span);
        match &mut p.kind {
            PatKind::Const(c) => self.check_int(c, &p.ty, p.span),
            PatKind::Range { lo, hi, .. } => {
                self.check_int(lo, &p.ty, p.span);
                self.check_int(hi, &p.ty, p.span);
            }
            PatKind::Fields(ps) | PatKind::Or(ps) | PatKind::Variant { fields: ps, .. } => {
                ps.iter_mut().for_each(|p| self.pat(p))
            }
            PatKind::Deref(p) => self.pat(p),
            PatKind::Wild | PatKind::Binding { .. } => {}
        }
    }

    fn block(&mut self, b: &mut Block) {
        for s in &mut b.stmts {
            match s {
                Stmt::Let { pattern, init, else_block, .. } => {
                    self.pat(pattern);
                    if let Some(i) = init {
                        self.expr(i);
                    }
                    if let Some(e) = else_block {
                        self.block(e);
                    }
                }
                Stmt::Expr(e) => self.expr(e),
            }
        }
        if let Some(t) = &mut b.tail {
            self.expr(t);
        }
    }

    fn expr(&mut self, e: &mut Expr) {
        let span = e.span;
        e.ty = self.ty(&e.ty, span);
        match &mut e.kind {
            ExprKind::Lit(c) => self.check_int(c, &e.ty, span),
            ExprKind::Local(l) => {
                self.used.insert(*l);
            }
            ExprKind::Break | ExprKind::Continue => {}
            ExprKind::Assign { place, value } if matches!(place.kind, ExprKind::Local(_)) => {
                place.ty = self.ty(&place.ty, place.span);
                self.expr(value);
            }
            ExprKind::Field { base: x, .. }
            | ExprKind::ToDyn(x)
            | ExprKind::ClassCast(x)
            | ExprKind::Deref(x)
            | ExprKind::AddrOf(x)
            | ExprKind::Cast(x)
            | ExprKind::Ref { place: x, .. }
            | ExprKind::Unary { operand: x, .. }
            | ExprKind::ArrayRepeat(x, _) => self.expr(x),
            ExprKind::Index { base, index, .. } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Call { callee, args, .. } => {
                match callee {
                    Callee::Fn { ty_args, .. } => self.tys(ty_args, span),
                    Callee::Behavior { self_ty, ty_args, .. } => {
                        *self_ty = self.ty(self_ty, span);
                        self.tys(ty_args, span);
                    }
                    Callee::Value(f) => self.expr(f),
                    Callee::Dyn { .. } | Callee::Virtual { .. } => {}
                }
                args.iter_mut().for_each(|a| self.expr(a));
            }
            ExprKind::Intrinsic { ty_args, args, .. } => {
                self.tys(ty_args, span);
                args.iter_mut().for_each(|a| self.expr(a));
            }
            ExprKind::Binary { lhs, rhs, .. }
            | ExprKind::Assign { place: lhs, value: rhs }
            | ExprKind::CompoundAssign { place: lhs, value: rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Tuple(xs) | ExprKind::Array(xs) => xs.iter_mut().for_each(|x| self.expr(x)),
            ExprKind::Adt { ty_args, fields, .. } => {
                self.tys(ty_args, span);
                fields.iter_mut().for_each(|(_, x)| self.expr(x));
            }
            ExprKind::Block(b) | ExprKind::Loop(b) => self.block(b),
            ExprKind::If { cond, then_branch, else_branch } => {
                self.expr(cond);
                self.expr(then_branch);
                if let Some(x) = else_branch {
                    self.expr(x);
                }
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for a in arms {
                    self.pat(&mut a.pattern);
                    self.expr(&mut a.body);
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
            ExprKind::Return(x) => {
                if let Some(x) = x {
                    self.expr(x);
                }
            }
            ExprKind::FnRef { ty_args, .. } => self.tys(ty_args, span),
            ExprKind::Closure { ty_args, captures, .. } => {
                self.tys(ty_args, span);
                captures.iter_mut().for_each(|c| self.expr(c));
            }
        }
    }
}

impl FnCk<'_, '_> {
    /// Substitutes all inference variables in `body` and reports leftovers.
    pub(super) fn finish(&mut self, body: &mut Body) {
        self.solve_projections(true);
        for (pats, ty, span) in std::mem::take(&mut self.pending_when) {
            self.check_exhaustive(&pats, &ty, span);
        }
        let mut z = Zonk { infer: &self.infer, diags: Vec::new(), reported: false, used: HashSet::new() };
        z.expr(&mut body.value);
        for l in &mut body.locals {
            l.ty = z.ty(&l.ty, l.span);
        }
        let reported = z.reported;
        let had_errors = self.diags.iter().chain(&z.diags).any(Diagnostic::is_error);
        for (l, def) in body.locals.iter().enumerate().filter(|_| !had_errors) {
            let Some(name) = &def.name else { continue };
            if !z.used.contains(&l) && !name.starts_with('_') && name != "this" {
                z.diags.push(Diagnostic::warning(
                    "W0001",
                    format!("unused variable: `{name}`"),
                    def.span,
                    format!("if this is intentional, prefix it with an underscore: `_{name}`"),
                ));
            }
        }
        self.diags.extend(z.diags);
        // Closure bodies number their locals separately: zonked after the W0001 check.
        let mut z = Zonk { infer: &self.infer, diags: Vec::new(), reported, used: HashSet::new() };
        for def in self.closures.defs.iter_mut().flatten() {
            def.params.iter_mut().for_each(|t| *t = z.ty(t, def.span));
            def.ret = z.ty(&def.ret, def.span);
            def.closure_env = def.closure_env.as_ref().map(|t| z.ty(t, def.span));
            if let Some(b) = &mut def.body {
                z.expr(&mut b.value);
                b.locals.iter_mut().for_each(|l| l.ty = z.ty(&l.ty, l.span));
            }
        }
        let reported = z.reported;
        self.diags.extend(z.diags);
        for (ty, b, site) in std::mem::take(&mut self.obligations) {
            let Some(t) = self.infer.finish(&ty) else {
                continue;
            };
            if reported || !t.is_concrete() && !matches!(t, Ty::Param(_)) || self.ctx.implements(&t, b, &self.generics)
            {
                continue;
            }
            let (tn, bn) = (self.ty_name(&t), self.ctx.program.behaviors[b].name.clone());
            self.diags.push(Diagnostic::error(
                "E0203",
                format!("the behavior `{bn}` is not implemented for `{tn}`"),
                site,
                format!("`{tn}` does not implement `{bn}`"),
            ));
        }
    }
}
