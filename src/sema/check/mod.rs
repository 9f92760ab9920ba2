//! Type checking of function bodies: AST expressions → typed HIR.
//!
//! One [`FnCk`] checks one body. Expressions are checked with an [`Expect`]ation (a hint that
//! guides literal types and block values) and then coerced where a type is required.

mod access;
mod behave;
mod builtins;
mod call;
mod class;
mod closure;
mod collections;
mod ctor_init;
mod deref;
mod dyn_;
mod enums;
mod expr;
mod format;
mod iter;
mod ops;
mod pattern;
mod projection;
mod qualified;
mod stmt;
mod zonk;

use super::consts::{CVal, ConstEnv};
use super::ctx::{Ctx, Def};
use super::hir::{self, Body, ExprKind, GenericParamDef, LocalDef, LocalId};
use super::infer::{InferTable, VarKind};
use super::traits;
use super::ty::{FnId, Mutability, Ty};
use super::types::{self, TyScope};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast;
use std::collections::HashSet;

/// What the context of an expression wants.
#[derive(Clone, Debug)]
pub enum Expect {
    /// Nothing known.
    None,
    /// A value of this type; the span (if any) is the annotation that set it.
    Ty(Ty, Option<Span>),
    /// The value is discarded (statement position, `Unit` blocks, loop bodies).
    Discard,
}

impl Expect {
    fn ty(&self) -> Option<&Ty> {
        match self {
            Expect::Ty(t, _) => Some(t),
            _ => None,
        }
    }
}

/// A name in a block scope.
#[derive(Clone, Debug)]
enum ScopeEntry {
    Local(LocalId),
    Const(CVal, Ty),
}

/// The checker of one function body.
pub struct FnCk<'c, 'a> {
    ctx: &'c Ctx<'a>,
    module: usize,
    generics: Vec<GenericParamDef>,
    gnames: Vec<String>,
    this_ty: Option<Ty>,
    ret: Ty,
    ret_span: Option<Span>,
    infer: InferTable,
    locals: Vec<LocalDef>,
    /// Locals declared without initializer (`let x: T`), which may be assigned once.
    late_init: HashSet<LocalId>,
    scopes: Vec<Vec<(String, ScopeEntry)>>,
    /// One entry per enclosing loop: whether a `break` for it was seen.
    loops: Vec<bool>,
    /// Nesting depth of `lowlevel` code.
    lowlevel: u32,
    diags: Vec<Diagnostic>,
    /// Behavior bounds of generic calls, checked once all types are known:
    /// `(type argument, behavior, call site)`.
    obligations: Vec<(Ty, super::ty::BehaviorId, Span)>,
    /// Associated types of types not known yet (see [`projection`]).
    projections: Vec<projection::PendingProjection>,
    /// Whether the body contains an error node of the parser (already reported).
    syntax_error: bool,
    /// `when` exhaustiveness checks waiting for literal types: `(arm patterns, scrutinee
    /// type, scrutinee span)`.
    pending_when: Vec<(Vec<hir::Pat>, Ty, Span)>,
    /// Closures of this body (frames being checked and finished closure bodies).
    closures: closure::ClosureState,
}

/// The result of checking one function: its body (`None` for functions without one and for
/// bodies containing parser error nodes), its diagnostics, and the bodies of its closures
/// (numbered from the `first_closure` passed to [`check_fn`]).
pub type Checked = (Option<Body>, Vec<Diagnostic>, Vec<hir::FnDef>);

/// Checks the body of function `id`. Its closure bodies get the ids `first_closure`, … .
pub fn check_fn(ctx: &Ctx, id: FnId, first_closure: FnId) -> Checked {
    if let Some(checked) = class::check_ctor(ctx, id, first_closure) {
        return checked;
    }
    if let Some(checked) = class::check_thunk(ctx, id, first_closure) {
        return checked;
    }
    let info = &ctx.fns[id];
    let Some(decl) = info.decl else {
        return (None, Vec::new(), Vec::new());
    };
    let Some(block) = &decl.body else {
        return (None, Vec::new(), Vec::new());
    };
    let def = &ctx.program.fns[id];
    let mut ck = FnCk::new(ctx, id, first_closure);
    let mut params = Vec::new();
    let mut tys = def.params.iter();
    if let Some((r, span)) = decl.receiver {
        if let Some(t) = tys.next() {
            let l = ck.new_local(Some("this".into()), t.clone(), r == ast::Receiver::MutRef, span);
            ck.bind_name("this", l);
            params.push(l);
        }
    }
    for (p, t) in decl.params.iter().zip(tys) {
        let l = ck.new_local(Some(p.name.name.clone()), t.clone(), false, p.name.span);
        ck.bind_name(&p.name.name, l);
        params.push(l);
    }
    let ret = def.ret.clone();
    let expect = if ret.is_unit() { Expect::Discard } else { Expect::Ty(ret.clone(), ck.ret_span) };
    let value = ck.check_block_expr(block, &expect, true);
    let value = if ret.is_unit() { value } else { ck.coerce(value, &ret, ck.ret_span) };
    let mut body = Body { locals: std::mem::take(&mut ck.locals), params, value };
    ck.finish(&mut body);
    let closures = std::mem::take(&mut ck.closures.defs).into_iter().flatten().collect();
    // A body with parser error nodes is incomplete: no HIR is produced for it.
    (Some(body).filter(|_| !ck.syntax_error), ck.diags, closures)
}

impl<'c, 'a> FnCk<'c, 'a> {
    /// A checker for the body of function `id`, without locals.
    fn new(ctx: &'c Ctx<'a>, id: FnId, first_closure: FnId) -> Self {
        let info = &ctx.fns[id];
        let def = &ctx.program.fns[id];
        FnCk {
            ctx,
            module: info.module,
            generics: def.generics.clone(),
            gnames: def.generics.iter().map(|g| g.name.clone()).collect(),
            this_ty: info.self_ty.clone(),
            ret: def.ret.clone(),
            ret_span: info.ret_span,
            infer: InferTable::default(),
            locals: Vec::new(),
            late_init: HashSet::new(),
            scopes: vec![Vec::new()],
            loops: Vec::new(),
            lowlevel: u32::from(info.is_lowlevel),
            diags: Vec::new(),
            obligations: Vec::new(),
            projections: Vec::new(),
            syntax_error: false,
            pending_when: Vec::new(),
            closures: closure::ClosureState::new(def.name.clone(), first_closure),
        }
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn new_local(&mut self, name: Option<String>, ty: Ty, mutable: bool, span: Span) -> LocalId {
        self.locals.push(LocalDef { name, ty, mutable, span });
        self.locals.len() - 1
    }

    fn bind_name(&mut self, name: &str, l: LocalId) {
        if let Some(s) = self.scopes.last_mut() {
            s.push((name.to_string(), ScopeEntry::Local(l)));
        }
    }

    fn lookup_scope(&self, name: &str) -> Option<&ScopeEntry> {
        self.scopes.iter().rev().flat_map(|s| s.iter().rev()).find(|(n, _)| n == name).map(|(_, e)| e)
    }

    fn local_consts(&self) -> Vec<(String, CVal, Ty)> {
        self.scopes
            .iter()
            .flat_map(|s| s.iter())
            .filter_map(|(n, e)| match e {
                ScopeEntry::Const(v, t) => Some((n.clone(), v.clone(), t.clone())),
                ScopeEntry::Local(_) => None,
            })
            .collect()
    }

    /// Resolves a type annotation in the body's scope.
    fn resolve_ty(&mut self, t: &ast::Type) -> Ty {
        let consts = self.local_consts();
        let scope =
            TyScope { module: self.module, generics: &self.gnames, this: self.this_ty.as_ref(), local_consts: &consts };
        let mut diags = Vec::new();
        let ty = types::resolve(self.ctx, scope, t, &mut diags);
        self.diags.extend(diags);
        ty
    }

    /// The user-facing name of a (possibly partially inferred) type.
    fn ty_name(&self, ty: &Ty) -> String {
        let t = self.infer.resolve(ty);
        if let Ty::Infer(v) = t {
            return match self.infer.kind(v) {
                VarKind::Int => "{integer}".into(),
                VarKind::Float => "{float}".into(),
                VarKind::General => "_".into(),
            };
        }
        traits::display_ty(&self.ctx.program, &t, &self.generics)
    }

    fn shallow(&self, ty: &Ty) -> Ty {
        self.infer.shallow(ty)
    }

    /// Whether the (partially inferred) type is Copy; literal variables are.
    fn is_copy(&self, ty: &Ty) -> bool {
        let t = self.infer.resolve(ty);
        match t {
            Ty::Infer(v) => self.infer.kind(v) != VarKind::General,
            t => traits::is_copy(
                &self.ctx.program,
                &t.map(&mut |x| matches!(x, Ty::Infer(_)).then_some(Ty::I32)),
                &self.generics,
            ),
        }
    }

    fn mk(kind: ExprKind, ty: Ty, span: Span) -> hir::Expr {
        hir::Expr { kind, ty, span }
    }

    fn error_expr(span: Span) -> hir::Expr {
        Self::mk(ExprKind::Lit(hir::Const::Unit), Ty::Error, span)
    }

    fn unit(span: Span) -> hir::Expr {
        Self::mk(ExprKind::Lit(hir::Const::Unit), Ty::Unit, span)
    }

    /// Reports ``type mismatch: expected `E`, found `F` `` (CLI.md §3.3: the primary span is the
    /// expression whose type is wrong).
    fn mismatch(&mut self, span: Span, expected: &Ty, found: &Ty, origin: Option<Span>) {
        let (e, f) = (self.ty_name(expected), self.ty_name(found));
        let mut d = Diagnostic::error(
            "E0200",
            format!("type mismatch: expected `{e}`, found `{f}`"),
            span,
            format!("expected `{e}`, found `{f}`"),
        );
        if let Some(o) = origin {
            d = d.with_secondary(o, "expected due to this");
        }
        self.err(d);
    }

    /// Inserts Copy-decay (`*r` for `r: ref T`, `T: Copy`) as long as the type is a reference.
    fn decay(&mut self, mut e: hir::Expr) -> hir::Expr {
        loop {
            let t = self.shallow(&e.ty);
            match t {
                Ty::Ref(_, inner) if self.is_copy(&inner) => {
                    let span = e.span;
                    e = Self::mk(ExprKind::Deref(Box::new(e)), *inner, span);
                }
                _ => return e,
            }
        }
    }

    /// Makes `e` have type `ty`: Never and errors pass, references to Copy values decay, then
    /// the types are unified (E0200 on failure).
    fn coerce(&mut self, e: hir::Expr, ty: &Ty, origin: Option<Span>) -> hir::Expr {
        let found = self.shallow(&e.ty);
        if matches!(found, Ty::Never | Ty::Error) {
            return e;
        }
        let want = self.shallow(ty);
        let e = if matches!(found, Ty::Ref(..)) && !matches!(want, Ty::Ref(..) | Ty::Infer(_) | Ty::Error) {
            self.decay(e)
        } else {
            e
        };
        // A `mut ref T` is accepted where a `ref T` is expected (shared reborrow).
        let e = match (self.shallow(&e.ty), &want) {
            (Ty::Ref(Mutability::Mut, inner), Ty::Ref(Mutability::Not, _)) => {
                let span = e.span;
                let d = Self::mk(ExprKind::Deref(Box::new(e)), *inner, span);
                let ty = Ty::shared_ref(d.ty.clone());
                Self::mk(ExprKind::Ref { mutability: Mutability::Not, place: Box::new(d) }, ty, span)
            }
            _ => e,
        };
        let e = self.coerce_class(e, &want);
        let e = self.coerce_dyn(e, &want);
        if !self.infer.unify(&e.ty, ty) {
            self.mismatch(value_span(&e), ty, &e.ty, origin);
        }
        e
    }

    /// Checks `e` and coerces it to `ty`.
    fn check_as(&mut self, e: &ast::Expr, ty: &Ty, origin: Option<Span>) -> hir::Expr {
        let x = self.check(e, &Expect::Ty(ty.clone(), origin));
        self.coerce(x, ty, origin)
    }

    /// Checks an argument: like [`Self::check_as`], and a `mut ref` place passed where a
    /// `mut ref` is expected is reborrowed (`mut ref *r`) instead of moved (MEMORY.md §6.1).
    fn check_arg(&mut self, e: &ast::Expr, ty: &Ty, origin: Option<Span>) -> hir::Expr {
        let x = self.check_as(e, ty, origin);
        self.reborrow(x)
    }

    /// `mut ref *r` for a place `r` of type `mut ref T`; other expressions unchanged.
    fn reborrow(&mut self, e: hir::Expr) -> hir::Expr {
        match self.shallow(&e.ty) {
            Ty::Ref(Mutability::Mut, inner) if self.place_mutability(&e).is_some() => {
                let span = e.span;
                let ty = e.ty.clone();
                let d = Self::mk(ExprKind::Deref(Box::new(e)), *inner, span);
                Self::mk(ExprKind::Ref { mutability: Mutability::Mut, place: Box::new(d) }, ty, span)
            }
            _ => e,
        }
    }

    /// Checks a Bool condition.
    fn check_cond(&mut self, e: &ast::Expr) -> hir::Expr {
        self.check_as(e, &Ty::Bool, None)
    }

    /// Place mutability: `Some(true)` for mutable places, `Some(false)` for immutable ones,
    /// `None` for values that are not places. The string names the offending root.
    fn place_mutability(&self, e: &hir::Expr) -> Option<bool> {
        match &e.kind {
            ExprKind::Local(l) => Some(self.locals.get(*l).is_some_and(|d| d.mutable) || self.late_init.contains(l)),
            ExprKind::Field { base, .. } | ExprKind::Index { base, .. } => self.place_mutability(base),
            ExprKind::Deref(_) if self.smart_place_mutability(e).is_some() => self.smart_place_mutability(e),
            ExprKind::Deref(inner) if self.index_ref_base(inner).is_some() => {
                self.index_ref_base(inner).and_then(|b| self.place_mutability(b))
            }
            ExprKind::Deref(inner) => match self.shallow(&inner.ty) {
                Ty::Ref(m, _) => Some(m == Mutability::Mut),
                Ty::Ptr(_) => Some(true),
                Ty::Class(_) => self.place_mutability(inner),
                _ => Some(false),
            },
            _ => None,
        }
    }

    /// Source text of a span, for messages.
    fn text(&self, span: Span) -> String {
        self.ctx.snippet(span).unwrap_or("").to_string()
    }

    /// Looks up a module-level definition.
    fn lookup_def(&self, name: &str) -> Option<Def> {
        self.ctx.lookup(self.module, name)
    }
}

/// Local constants are evaluated against block scopes and module constants.
impl ConstEnv for FnCk<'_, '_> {
    fn lookup_const(&mut self, name: &str) -> Option<Option<(CVal, Ty)>> {
        match self.lookup_scope(name) {
            Some(ScopeEntry::Const(v, t)) => return Some(Some((v.clone(), t.clone()))),
            Some(ScopeEntry::Local(_)) => return None,
            None => {}
        }
        match self.lookup_def(name)? {
            Def::Const(j) => Some(self.ctx.consts.get(j).and_then(|c| c.value.clone())),
            _ => None,
        }
    }

    fn resolve_type(&mut self, ty: &ast::Type) -> Ty {
        self.resolve_ty(ty)
    }

    fn error(&mut self, d: Diagnostic) {
        self.err(d);
    }
}

/// The span of the expression that produces `e`'s value: the tail of a block (recursively), so
/// that a mismatched block result points at the offending expression, not the whole block.
fn value_span(e: &hir::Expr) -> Span {
    match &e.kind {
        ExprKind::Block(b) => b.tail.as_deref().map_or(e.span, value_span),
        _ => e.span,
    }
}
