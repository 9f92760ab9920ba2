//! Closures (LANGUAGE.md §6.10): parameter inference from the expected `func` type, capture
//! analysis and the generation of closure bodies.
//!
//! A closure body is checked inline, with the enclosing checker's inference table, inside a
//! [`Frame`]: the locals vector, loop stack and result type are swapped out for the closure's
//! own. A name that resolves to a local of an enclosing context is *captured*: the frame
//! records the outer expression (a `Local` of the enclosing context, or that context's own
//! capture for nested closures) and the body reads it as field `i` of `*env`, where `env` is
//! the body's first parameter of type `ref (C1, …, Cn)`. Captures are numbered in order of
//! first mention. The outer expressions become the operands of [`ExprKind::Closure`], so MIR
//! copies or moves them (a non-Copy capture moves the outer variable).

use super::{Expect, FnCk, ScopeEntry};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, Body, ExprKind, FnDef, LocalDef, LocalId};
use crate::sema::infer::VarKind;
use crate::sema::ty::{FnId, Ty};
use crate::span::Span;
use crate::syntax::ast;

/// One captured variable of a [`Frame`].
#[derive(Clone, Debug)]
struct Capture {
    /// The capturing context's owner and local (see [`ClosureState::owner_of`]).
    key: (usize, LocalId),
    /// The value in the enclosing context (moved or copied into the environment).
    outer: hir::Expr,
    /// Span of the first mention inside the closure.
    span: Span,
}

/// A closure whose body is being checked.
#[derive(Debug)]
struct Frame {
    /// Index in `FnCk::scopes` of the closure's parameter scope.
    scope_base: usize,
    /// The locals of the enclosing context, restored when the closure ends.
    saved_locals: Vec<LocalDef>,
    /// The closure's `env` parameter (local 0 of its body).
    env: LocalId,
    /// The environment tuple type (an inference variable until the closure ends).
    env_ty: Ty,
    captures: Vec<Capture>,
}

/// Closure bookkeeping of one function checker.
#[derive(Debug)]
pub struct ClosureState {
    /// Name of the enclosing function (closure bodies are named `"{name}::{closure#k}"`).
    fn_name: String,
    /// The [`FnId`] of the first closure body of this function.
    first_id: FnId,
    frames: Vec<Frame>,
    /// Closure bodies in id order (`None` while a closure is being checked).
    pub defs: Vec<Option<FnDef>>,
}

impl ClosureState {
    /// The state of a function named `fn_name` whose first closure gets id `first_id`.
    pub fn new(fn_name: String, first_id: FnId) -> ClosureState {
        ClosureState { fn_name, first_id, frames: Vec::new(), defs: Vec::new() }
    }

    /// The context (0: the function, `k`: the `k`-th enclosing closure frame) whose scopes hold
    /// scope level `level`.
    fn owner_of(&self, level: usize) -> usize {
        self.frames.iter().rposition(|f| f.scope_base <= level).map_or(0, |k| k + 1)
    }
}

impl FnCk<'_, '_> {
    /// Looks a name up in the block scopes with the index of the scope that declares it.
    pub(super) fn lookup_scope_level(&self, name: &str) -> Option<(usize, ScopeEntry)> {
        self.scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, s)| s.iter().rev().find(|(n, _)| n == name).map(|(_, e)| (i, e.clone())))
    }

    /// The expression reading local `l` (declared at scope `level`) from the current context:
    /// the local itself, or a capture when it belongs to an enclosing function or closure.
    pub(super) fn local_use(&mut self, name: &str, l: LocalId, level: usize, span: Span) -> hir::Expr {
        let owner = self.closures.owner_of(level);
        let current = self.closures.frames.len();
        if owner == current {
            return Self::mk(ExprKind::Local(l), self.locals[l].ty.clone(), span);
        }
        if name == "this" {
            self.err(Diagnostic::error("E0407", "closures cannot capture `this`", span, "`this` captured here"));
            return Self::error_expr(span);
        }
        self.captured((owner, l), current, span)
    }

    /// The captured variable `key` as seen from context `ctx` (> its owner).
    fn captured(&mut self, key: (usize, LocalId), ctx: usize, span: Span) -> hir::Expr {
        let frame_ix = ctx - 1;
        let existing = self.closures.frames[frame_ix].captures.iter().position(|c| c.key == key);
        let (i, ty) = match existing {
            Some(i) => (i, self.closures.frames[frame_ix].captures[i].outer.ty.clone()),
            None => {
                let outer = if key.0 == ctx - 1 {
                    let ty = self.context_locals(ctx - 1)[key.1].ty.clone();
                    Self::mk(ExprKind::Local(key.1), ty, span)
                } else {
                    self.captured(key, ctx - 1, span)
                };
                let ty = outer.ty.clone();
                let f = &mut self.closures.frames[frame_ix];
                f.captures.push(Capture { key, outer, span });
                (f.captures.len() - 1, ty)
            }
        };
        let f = &self.closures.frames[frame_ix];
        let env_ref = Ty::shared_ref(f.env_ty.clone());
        let env = Self::mk(ExprKind::Local(f.env), env_ref, span);
        let tuple = Self::mk(ExprKind::Deref(Box::new(env)), f.env_ty.clone(), span);
        Self::mk(ExprKind::Field { base: Box::new(tuple), field: i }, ty, span)
    }

    /// The locals of context `ctx` (0: function, `k`: closure frame `k - 1`).
    fn context_locals(&self, ctx: usize) -> &[LocalDef] {
        if ctx == self.closures.frames.len() {
            &self.locals
        } else {
            &self.closures.frames[ctx].saved_locals
        }
    }

    /// `do(params) expr` / `do(params) -> T { … }`.
    pub(super) fn check_closure(
        &mut self,
        params: &[ast::ClosureParam],
        ret: Option<&ast::Type>,
        body: &ast::Expr,
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let expected = match exp.ty().map(|t| self.shallow(t)) {
            Some(Ty::Func(ps, r)) if ps.len() == params.len() => Some((ps, *r)),
            _ => None,
        };
        let mut ptys = Vec::new();
        for (i, p) in params.iter().enumerate() {
            let t = match (&p.ty, &expected) {
                (Some(t), _) => self.resolve_ty(t),
                (None, Some((ps, _))) => ps[i].clone(),
                (None, None) => self.infer.fresh(VarKind::General),
            };
            ptys.push(t);
        }
        let (ret_ty, ret_span) = match (ret, &expected) {
            (Some(t), _) => (self.resolve_ty(t), Some(t.span)),
            (None, Some((_, r))) => (r.clone(), None),
            (None, None) => (self.infer.fresh(VarKind::General), None),
        };
        let slot = self.closures.defs.len();
        self.closures.defs.push(None);
        let env_ty = self.infer.fresh(VarKind::General);
        let saved_locals = std::mem::take(&mut self.locals);
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_ret = std::mem::replace(&mut self.ret, ret_ty.clone());
        let saved_ret_span = std::mem::replace(&mut self.ret_span, ret_span);
        self.scopes.push(Vec::new());
        let env = self.new_local(None, Ty::shared_ref(env_ty.clone()), false, span);
        let frame =
            Frame { scope_base: self.scopes.len() - 1, saved_locals, env, env_ty: env_ty.clone(), captures: vec![] };
        self.closures.frames.push(frame);
        let mut locals = vec![env];
        for (p, t) in params.iter().zip(&ptys) {
            let l = self.new_local(Some(p.name.name.clone()), t.clone(), false, p.name.span);
            self.bind_name(&p.name.name, l);
            locals.push(l);
        }
        let value = self.check_as(body, &ret_ty, ret_span);
        let frame = self.closures.frames.pop().expect("closure frame");
        self.scopes.pop();
        let body_locals = std::mem::replace(&mut self.locals, frame.saved_locals);
        self.loops = saved_loops;
        self.ret = saved_ret;
        self.ret_span = saved_ret_span;
        let cap_tys: Vec<Ty> = frame.captures.iter().map(|c| c.outer.ty.clone()).collect();
        self.infer.unify(&env_ty, &Ty::Tuple(cap_tys.clone()));
        for c in &frame.captures {
            let t = self.infer.resolve(&c.outer.ty);
            let mut has_ref = false;
            t.walk(&mut |x| has_ref |= matches!(x, Ty::Ref(..)));
            if has_ref {
                let n = self.ty_name(&t);
                self.err(
                    Diagnostic::error(
                        "E0407",
                        format!("cannot capture a variable of type `{n}`, which contains a reference"),
                        c.span,
                        "captured here",
                    )
                    .with_note("closures capture by value and cannot hold references"),
                );
            }
        }
        let id = self.closures.first_id + slot;
        let n = self.generics.len() as u32;
        let mut fparams = vec![Ty::shared_ref(Ty::Tuple(cap_tys.clone()))];
        fparams.extend(ptys.iter().cloned());
        let def = FnDef {
            name: format!("{}::{{closure#{slot}}}", self.closures.fn_name),
            span,
            generics: self.generics.clone(),
            params: fparams,
            ret: ret_ty.clone(),
            body: Some(Body { locals: body_locals, params: locals, value }),
            track_caller: false,
            closure_env: Some(Ty::Tuple(cap_tys)),
            extern_symbol: None,
        };
        self.closures.defs[slot] = Some(def);
        let captures = frame.captures.into_iter().map(|c| c.outer).collect();
        let ty = Ty::Func(ptys, Box::new(ret_ty));
        Self::mk(ExprKind::Closure { id, ty_args: (0..n).map(Ty::Param).collect(), captures }, ty, span)
    }
}
