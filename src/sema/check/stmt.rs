//! Blocks, `let`, local constants, `if`, `when`, and the loop forms (LANGUAGE.md §6).

use super::{Expect, FnCk, ScopeEntry};
use crate::diagnostics::Diagnostic;
use crate::sema::consts;
use crate::sema::exhaustive;
use crate::sema::hir::{self, Arm, BinOp, Const, ExprKind, ForIter, Pat, PatKind, Stmt, UnOp};
use crate::sema::infer::VarKind;
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast;

impl FnCk<'_, '_> {
    /// Checks a block as an expression. `fn_body` marks the body of the function (for E0204).
    pub(super) fn check_block_expr(&mut self, block: &ast::Block, exp: &Expect, fn_body: bool) -> hir::Expr {
        let (b, ty) = self.check_block(block, exp, fn_body);
        Self::mk(ExprKind::Block(b), ty, block.span)
    }

    /// Checks a block; returns it with its type.
    pub(super) fn check_block(&mut self, block: &ast::Block, exp: &Expect, fn_body: bool) -> (hir::Block, Ty) {
        self.scopes.push(Vec::new());
        let n = block.stmts.len();
        let mut stmts = Vec::new();
        let mut tail: Option<hir::Expr> = None;
        let mut diverges = false;
        let mut warned = false;
        for (i, s) in block.stmts.iter().enumerate() {
            let last = i + 1 == n && !block.has_trailing_semi;
            if diverges && !warned && !matches!(s.kind, ast::StmtKind::Const(_)) {
                warned = true;
                self.err(Diagnostic::warning("W0002", "unreachable code", s.span, "unreachable statement"));
            }
            match &s.kind {
                ast::StmtKind::Let { pattern, mutable, ty, init, else_block } => {
                    let st = self.check_let(pattern, *mutable, ty.as_ref(), init.as_ref(), else_block.as_ref(), s.span);
                    if let Stmt::Let { init: Some(x), .. } = &st {
                        diverges |= x.ty.is_never();
                    }
                    stmts.push(st);
                }
                ast::StmtKind::Const(c) => self.local_const(c),
                ast::StmtKind::Expr(e) if last => tail = Some(self.check(e, exp)),
                ast::StmtKind::Expr(e) => {
                    let x = self.check(e, &Expect::Discard);
                    self.warn_unused_outcome(&x);
                    diverges |= x.ty.is_never();
                    stmts.push(Stmt::Expr(x));
                }
            }
        }
        self.scopes.pop();
        let mut ty = match &tail {
            Some(t) => t.ty.clone(),
            None if diverges => Ty::Never,
            None => Ty::Unit,
        };
        if matches!(exp, Expect::Discard) {
            if let Some(t) = tail.take() {
                let tt = self.shallow(&t.ty);
                if matches!(tt, Ty::Unit | Ty::Never | Ty::Error) {
                    tail = Some(t);
                } else {
                    self.warn_unused_outcome(&t);
                    diverges |= tt.is_never();
                    stmts.push(Stmt::Expr(t));
                    ty = if diverges { Ty::Never } else { Ty::Unit };
                }
            }
        }
        if tail.is_none() && !diverges {
            if let Some(want) = exp.ty() {
                let w = self.shallow(want);
                if !matches!(w, Ty::Unit | Ty::Infer(_) | Ty::Error | Ty::Never) {
                    self.missing_value(block.span, &w, fn_body);
                    ty = Ty::Error;
                }
            }
        }
        (hir::Block { stmts, tail: tail.map(Box::new), span: block.span }, ty)
    }

    /// W0005 for a discarded `Outcome` value.
    fn warn_unused_outcome(&mut self, e: &hir::Expr) {
        if let Ty::Adt(id, _) = self.infer.resolve(&e.ty) {
            if self.ctx.program.adts[id].name == "Outcome" {
                self.err(
                    Diagnostic::warning(
                        "W0005",
                        "unused `Outcome` that must be used",
                        e.span,
                        "this `Outcome` may be an `Err` that should be handled",
                    )
                    .with_help("use `!` to propagate the error, or handle it with `when`"),
                );
            }
        }
    }

    /// Checks a branch whose value is discarded; a non-`Unit` value becomes a statement of a
    /// `Unit` block, so that every branch of a statement-level `if`/`when` has type `Unit`.
    fn check_discarded(&mut self, e: &ast::Expr) -> hir::Expr {
        let x = self.check(e, &Expect::Discard);
        if matches!(self.shallow(&x.ty), Ty::Unit | Ty::Never | Ty::Error) {
            return x;
        }
        let span = x.span;
        Self::mk(ExprKind::Block(hir::Block { stmts: vec![Stmt::Expr(x)], tail: None, span }), Ty::Unit, span)
    }

    fn missing_value(&mut self, span: Span, want: &Ty, fn_body: bool) {
        let n = self.ty_name(want);
        let end = Span { lo: span.hi.saturating_sub(1).max(span.lo), ..span };
        let mut d = Diagnostic::error(
            "E0204",
            format!("missing value: not all paths produce a value of type `{n}`"),
            end,
            format!("expected `{n}` here"),
        );
        if fn_body {
            if let Some(r) = self.ret_span {
                d = d.with_secondary(r, "result type declared here");
            }
        }
        self.err(d);
    }

    fn local_const(&mut self, c: &ast::ConstDecl) {
        let declared = c.ty.as_ref().map(|t| self.resolve_ty(t));
        let entry = match consts::eval(self, &c.value, declared.as_ref()) {
            Some((v, t)) => {
                if let Some(d) = declared.filter(|d| *d != t && *d != Ty::Error) {
                    self.mismatch(c.value.span, &d, &t, c.ty.as_ref().map(|t| t.span));
                    (consts::CVal::Unit, Ty::Error)
                } else {
                    (v, t)
                }
            }
            None => (consts::CVal::Unit, Ty::Error),
        };
        if let Some(s) = self.scopes.last_mut() {
            s.push((c.name.name.clone(), ScopeEntry::Const(entry.0, entry.1)));
        }
    }

    fn check_let(
        &mut self,
        pattern: &ast::Pattern,
        mutable: bool,
        ty: Option<&ast::Type>,
        init: Option<&ast::Expr>,
        else_block: Option<&ast::Block>,
        span: Span,
    ) -> Stmt {
        let declared = ty.map(|t| self.resolve_ty(t));
        let value = init.map(|e| match &declared {
            Some(t) => self.check_as(e, t, ty.map(|t| t.span)),
            None => self.check(e, &Expect::None),
        });
        let pty = match (&declared, &value) {
            (Some(t), _) => t.clone(),
            (None, Some(v)) => v.ty.clone(),
            (None, None) => self.infer.fresh(VarKind::General),
        };
        let else_b = else_block.map(|b| {
            let (blk, t) = self.check_block(b, &Expect::Discard, false);
            if !t.is_never() && t != Ty::Error {
                self.err(Diagnostic::error(
                    "E0200",
                    "the `else` block of `let … else` must diverge",
                    b.span,
                    "expected `return`, `break`, `continue` or `panic`",
                ));
            }
            blk
        });
        let pat = self.check_pattern(pattern, &pty, mutable);
        if value.is_none() {
            if let PatKind::Binding { local, .. } = pat.kind {
                self.late_init.insert(local);
            } else {
                self.err(Diagnostic::error(
                    "E0206",
                    "a `let` without initializer must bind a single name",
                    pattern.span,
                    "pattern needs a value",
                ));
            }
        }
        if else_b.is_none() {
            self.require_irrefutable(&pat, "let");
        }
        Stmt::Let { pattern: pat, init: value, else_block: else_b, span }
    }

    /// E0206 if `pat` can fail to match.
    pub(super) fn require_irrefutable(&mut self, pat: &Pat, what: &str) {
        let ty = self.infer.resolve(&pat.ty);
        if let Some(missing) = exhaustive::missing(self.ctx, &[pat], &ty) {
            self.err(Diagnostic::error(
                "E0206",
                format!("refutable pattern in `{what}`: `{missing}` not covered"),
                pat.span,
                "pattern may not match",
            ));
        }
    }

    /// `if` with or without `else` (E0204 when a value is required but `else` is missing).
    pub(super) fn check_if(
        &mut self,
        cond: &ast::Expr,
        then: &ast::Expr,
        els: Option<&ast::Expr>,
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let c = self.check_cond(cond);
        let Some(els) = els else {
            let t = self.check_discarded(then);
            if let Some(want) = exp.ty() {
                let w = self.shallow(want);
                if !matches!(w, Ty::Unit | Ty::Infer(_) | Ty::Error | Ty::Never) {
                    self.missing_value(span, &w, false);
                    return Self::error_expr(span);
                }
            }
            return Self::mk(
                ExprKind::If { cond: Box::new(c), then_branch: Box::new(t), else_branch: None },
                Ty::Unit,
                span,
            );
        };
        let (t, e, ty) = self.branches(then, els, exp);
        Self::mk(ExprKind::If { cond: Box::new(c), then_branch: Box::new(t), else_branch: Some(Box::new(e)) }, ty, span)
    }

    /// Checks two branches that must agree in type.
    fn branches(&mut self, a: &ast::Expr, b: &ast::Expr, exp: &Expect) -> (hir::Expr, hir::Expr, Ty) {
        match exp {
            Expect::Discard => {
                let x = self.check_discarded(a);
                let y = self.check_discarded(b);
                let ty = if x.ty.is_never() && y.ty.is_never() { Ty::Never } else { Ty::Unit };
                (x, y, ty)
            }
            Expect::Ty(t, origin) => {
                let x = self.check_as(a, t, *origin);
                let y = self.check_as(b, t, *origin);
                let ty = if x.ty.is_never() && y.ty.is_never() { Ty::Never } else { t.clone() };
                (x, y, ty)
            }
            Expect::None => {
                let x = self.check(a, &Expect::None);
                if x.ty.is_never() {
                    let y = self.check(b, &Expect::None);
                    let ty = y.ty.clone();
                    return (x, y, ty);
                }
                let x = self.decay_if_copy_ref(x);
                let ty = x.ty.clone();
                let y = self.check(b, &Expect::Ty(ty.clone(), None));
                let y = self.coerce(y, &ty, Some(a.span));
                (x, y, ty)
            }
        }
    }

    /// Branch values that are references to Copy values are used by value.
    fn decay_if_copy_ref(&mut self, e: hir::Expr) -> hir::Expr {
        self.decay(e)
    }

    /// `if let pattern = e { … } else { … }` as a two-arm match.
    pub(super) fn check_if_let(
        &mut self,
        pattern: &ast::Pattern,
        scrutinee: &ast::Expr,
        then: &ast::Expr,
        els: Option<&ast::Expr>,
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let s = self.check(scrutinee, &Expect::None);
        let sty = self.infer.apply_default(&s.ty);
        self.scopes.push(Vec::new());
        let pat = self.check_pattern(pattern, &sty, false);
        let (t, e, ty) = match els {
            Some(els) => {
                let (t, e, ty) = self.branches_scoped(then, els, exp);
                (t, e, ty)
            }
            None => {
                let t = self.check_discarded(then);
                self.scopes.pop();
                (t, Self::unit(span), Ty::Unit)
            }
        };
        let wild = Pat { kind: PatKind::Wild, ty: sty.clone(), span: pattern.span };
        let arms = vec![Arm { pattern: pat, body: t, span }, Arm { pattern: wild, body: e, span }];
        Self::mk(ExprKind::Match { scrutinee: Box::new(s), arms }, ty, span)
    }

    /// Like [`Self::branches`], popping the pattern scope between the two branches.
    fn branches_scoped(&mut self, then: &ast::Expr, els: &ast::Expr, exp: &Expect) -> (hir::Expr, hir::Expr, Ty) {
        let t = match exp {
            Expect::None => {
                let x = self.check(then, exp);
                if x.ty.is_never() {
                    x
                } else {
                    self.decay(x)
                }
            }
            Expect::Ty(ty, o) => self.check_as(then, ty, *o),
            Expect::Discard => self.check_discarded(then),
        };
        self.scopes.pop();
        let (e, ty) = match exp {
            Expect::Discard => {
                let e = self.check_discarded(els);
                let ty = if t.ty.is_never() && e.ty.is_never() { Ty::Never } else { Ty::Unit };
                (e, ty)
            }
            Expect::Ty(ty, o) => {
                let e = self.check_as(els, ty, *o);
                let r = if t.ty.is_never() && e.ty.is_never() { Ty::Never } else { ty.clone() };
                (e, r)
            }
            Expect::None if t.ty.is_never() => {
                let e = self.check(els, exp);
                let ty = e.ty.clone();
                (e, ty)
            }
            Expect::None => {
                let ty = t.ty.clone();
                let e = self.check(els, &Expect::Ty(ty.clone(), None));
                (self.coerce(e, &ty, Some(then.span)), ty)
            }
        };
        (t, e, ty)
    }

    /// `when` with exhaustiveness (E0205) and reachability (W0003) checks.
    pub(super) fn check_when(
        &mut self,
        scrutinee: &ast::Expr,
        arms: &[ast::Arm],
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let s = self.check(scrutinee, &Expect::None);
        let sty = self.shallow(&s.ty);
        let mut out = Vec::new();
        let mut result: Option<Ty> = exp.ty().cloned();
        let mut first_span = None;
        for arm in arms {
            self.scopes.push(Vec::new());
            let pat = self.check_pattern(&arm.pattern, &sty, false);
            let body = match (exp, &result) {
                (Expect::Discard, _) => self.check_discarded(&arm.body),
                (_, Some(t)) => {
                    let t = t.clone();
                    let origin = match exp {
                        Expect::Ty(_, o) => *o,
                        _ => first_span,
                    };
                    let x = self.check(&arm.body, &Expect::Ty(t.clone(), origin));
                    self.coerce(x, &t, origin)
                }
                (_, None) => {
                    let x = self.check(&arm.body, &Expect::None);
                    if !x.ty.is_never() {
                        let x = self.decay(x);
                        result = Some(x.ty.clone());
                        first_span = Some(arm.body.span);
                        x
                    } else {
                        x
                    }
                }
            };
            self.scopes.pop();
            out.push(Arm { pattern: pat, body, span: arm.span });
        }
        let all_never = out.iter().all(|a| a.body.ty.is_never());
        let ty = if all_never {
            Ty::Never
        } else {
            match exp {
                Expect::Discard => Ty::Unit,
                _ => result.unwrap_or(Ty::Unit),
            }
        };
        let pats: Vec<Pat> = out.iter().map(|a| a.pattern.clone()).collect();
        if self.infer.resolve(&sty).is_concrete() || matches!(self.infer.resolve(&sty), Ty::Param(_)) {
            self.check_exhaustive(&pats, &sty, scrutinee.span);
        } else {
            self.pending_when.push((pats, sty.clone(), scrutinee.span));
        }
        Self::mk(ExprKind::Match { scrutinee: Box::new(s), arms: out }, ty, span)
    }

    /// E0205 for non-exhaustive arms and W0003 for unreachable ones; `ty` is the scrutinee
    /// type (literal variables get their defaults).
    pub(super) fn check_exhaustive(&mut self, pats: &[Pat], ty: &Ty, scrutinee: Span) {
        let Some(rty) = self.infer.finish(ty) else {
            return;
        };
        if rty.walk_has_error() {
            return;
        }
        let refs: Vec<&Pat> = pats.iter().collect();
        if let Some(m) = exhaustive::missing(self.ctx, &refs, &rty) {
            self.err(
                Diagnostic::error(
                    "E0205",
                    format!("non-exhaustive `when`: `{m}` not covered"),
                    scrutinee,
                    format!("pattern `{m}` not covered"),
                )
                .with_help("add an arm for the missing values, or a wildcard `_ => …`"),
            );
        }
        for i in exhaustive::unreachable_arms(self.ctx, &refs, &rty) {
            self.err(Diagnostic::warning("W0003", "unreachable `when` arm", pats[i].span, "this arm can never match"));
        }
    }

    /// `if not (cond) { break }`.
    fn break_unless(cond: hir::Expr, span: Span) -> Stmt {
        let not = Self::mk(ExprKind::Unary { op: UnOp::Not, operand: Box::new(cond), site: span }, Ty::Bool, span);
        let brk = Self::mk(ExprKind::Break, Ty::Never, span);
        Stmt::Expr(Self::mk(
            ExprKind::If { cond: Box::new(not), then_branch: Box::new(brk), else_branch: None },
            Ty::Unit,
            span,
        ))
    }

    pub(super) fn loop_body(&mut self, body: &ast::Block) -> (hir::Block, bool) {
        self.loops.push(false);
        let (b, _) = self.check_block(body, &Expect::Discard, false);
        let broke = self.loops.pop().unwrap_or(false);
        (b, broke)
    }

    /// `loop {}`, `loop (cond) {}`/`while`, and `loop (var k: T < n) {}` desugared to
    /// `Loop` with an explicit `if … break`.
    pub(super) fn check_loop(&mut self, kind: &ast::LoopKind, body: &ast::Block, span: Span) -> hir::Expr {
        match kind {
            ast::LoopKind::Infinite => {
                let (b, broke) = self.loop_body(body);
                Self::mk(ExprKind::Loop(b), if broke { Ty::Unit } else { Ty::Never }, span)
            }
            ast::LoopKind::While(cond) => {
                let c = self.check_cond(cond);
                let (b, _) = self.loop_body(body);
                let bspan = b.span;
                let stmts =
                    vec![Self::break_unless(c, cond.span), Stmt::Expr(Self::mk(ExprKind::Block(b), Ty::Unit, bspan))];
                Self::mk(ExprKind::Loop(hir::Block { stmts, tail: None, span }), Ty::Unit, span)
            }
            ast::LoopKind::Counter { name, ty, limit } => {
                let t = self.resolve_ty(ty);
                if !matches!(t, Ty::Int(_) | Ty::Error) {
                    let n = self.ty_name(&t);
                    self.err(Diagnostic::error(
                        "E0207",
                        format!("loop counter must have an integer type, found `{n}`"),
                        ty.span,
                        "not an integer type",
                    ));
                }
                let lim = self.check_as(limit, &t, Some(ty.span));
                self.scopes.push(Vec::new());
                let k = self.new_local(Some(name.name.clone()), t.clone(), true, name.span);
                self.bind_name(&name.name, k);
                let (b, _) = self.loop_body(body);
                self.scopes.pop();
                let kexpr = Self::mk(ExprKind::Local(k), t.clone(), name.span);
                let cond = Self::mk(
                    ExprKind::Binary { op: BinOp::Lt, lhs: Box::new(kexpr), rhs: Box::new(lim), site: limit.span },
                    Ty::Bool,
                    limit.span,
                );
                let bspan = b.span;
                let inner = hir::Block {
                    stmts: vec![
                        Self::break_unless(cond, limit.span),
                        Stmt::Expr(Self::mk(ExprKind::Block(b), Ty::Unit, bspan)),
                    ],
                    tail: None,
                    span,
                };
                let pat = Pat {
                    kind: PatKind::Binding { local: k, mode: hir::BindingMode::ByValue },
                    ty: t.clone(),
                    span: name.span,
                };
                let zero = Self::mk(ExprKind::Lit(Const::Int(0)), t, name.span);
                let init = Stmt::Let { pattern: pat, init: Some(zero), else_block: None, span: name.span };
                let lp = Self::mk(ExprKind::Loop(inner), Ty::Unit, span);
                Self::mk(
                    ExprKind::Block(hir::Block { stmts: vec![init], tail: Some(Box::new(lp)), span }),
                    Ty::Unit,
                    span,
                )
            }
        }
    }

    /// `for pattern in range/array { … }`.
    pub(super) fn check_for(
        &mut self,
        pattern: &ast::Pattern,
        iterable: &ast::Expr,
        body: &ast::Block,
        span: Span,
    ) -> hir::Expr {
        let (iter, elem) = match &iterable.kind {
            ast::ExprKind::Range { start, end, inclusive } => {
                let s = self.check(start, &Expect::None);
                let s = self.decay(s);
                let t = s.ty.clone();
                let e = self.check_as(end, &t, None);
                let rt = self.infer.apply_default(&t);
                if !matches!(rt, Ty::Int(_) | Ty::Char | Ty::Error) {
                    let n = self.ty_name(&rt);
                    self.err(Diagnostic::error(
                        "E0207",
                        format!("range bounds must be integers or `Char`, found `{n}`"),
                        iterable.span,
                        "invalid range",
                    ));
                }
                (ForIter::Range { start: Box::new(s), end: Box::new(e), inclusive: *inclusive }, rt)
            }
            _ => {
                let it = self.check(iterable, &Expect::None);
                let it = match self.for_container(it, pattern, body, span) {
                    Ok(e) => return e,
                    Err(it) => *it,
                };
                let t = self.infer.resolve(&it.ty);
                let (arr, m) = match &t {
                    Ty::Ref(m, inner) => ((**inner).clone(), Some(*m)),
                    other => (other.clone(), None),
                };
                match arr {
                    Ty::Array(elem, _) => {
                        let elem =
                            if self.is_copy(&elem) { *elem } else { Ty::Ref(m.unwrap_or(Mutability::Not), elem) };
                        (ForIter::Array(Box::new(it)), elem)
                    }
                    Ty::Error => (ForIter::Array(Box::new(it)), Ty::Error),
                    _ => {
                        let it = match self.for_iterator(it, pattern, body, span) {
                            Ok(lowered) => return lowered,
                            Err(it) => *it,
                        };
                        let n = self.ty_name(&t);
                        self.err(Diagnostic::error(
                            "E0203",
                            format!("`{n}` is not iterable"),
                            iterable.span,
                            "cannot iterate over this value",
                        ));
                        (ForIter::Array(Box::new(it)), Ty::Error)
                    }
                }
            }
        };
        self.scopes.push(Vec::new());
        let pat = self.check_pattern(pattern, &elem, false);
        self.require_irrefutable(&pat, "for");
        let (b, _) = self.loop_body(body);
        self.scopes.pop();
        Self::mk(ExprKind::For { pattern: pat, iter, body: b }, Ty::Unit, span)
    }
}

/// Helper trait: whether a type mentions `Ty::Error`.
trait HasError {
    fn walk_has_error(&self) -> bool;
}

impl HasError for Ty {
    fn walk_has_error(&self) -> bool {
        let mut found = false;
        self.walk(&mut |t| found |= matches!(t, Ty::Error));
        found
    }
}
