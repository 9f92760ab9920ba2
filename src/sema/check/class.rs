//! Classes in bodies (LANGUAGE.md §9): constructor bodies, object creation, field access with
//! `private`/`protected` visibility, virtual and `base.` calls, upcasts, `is`, downcasts and
//! static fields.
//!
//! * A field `o.f` of a class object is `Field(Deref(o), k)`: `Deref` of a class value is its
//!   object (the class's layout ADT).
//! * In a constructor initialiser, an assignment `this.f = v` to a field not yet initialised
//!   writes without dropping; `this` may not otherwise be mentioned before every field is set
//!   (E0507). Both follow the control flow of the body (`ctor_init`).
//! * A call of a virtual method is [`Callee::Virtual`] with the slot of the static class; the
//!   receiver is cast to the declaring class's reference type where needed.

use super::{Checked, Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::ctx::{Ctx, Def};
use crate::sema::hir::{self, BindingMode, Body, Callee, ExprKind, Intrinsic, Pat, PatKind, Stmt};
use crate::sema::ty::{AdtId, FnId, Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, Visibility};

/// Checks the body of constructor function `id` (`None`: not a constructor).
pub(super) fn check_ctor(ctx: &Ctx, id: FnId, first_closure: FnId) -> Option<Checked> {
    let info = *ctx.classes.ctors.get(&id)?;
    let def = &ctx.program.fns[id];
    let mut ck = FnCk::new(ctx, id, first_closure);
    let mut params = Vec::new();
    let names: Vec<(String, Span)> = match info.decl {
        Some(k) => k.params.iter().map(|p| (p.name.name.clone(), p.name.span)).collect(),
        None => Vec::new(),
    };
    let span = def.span;
    let mut tys = def.params.iter();
    if info.is_init {
        let t = tys.next()?.clone();
        let l = ck.new_local(Some("this".into()), t, true, span);
        ck.bind_name("this", l);
        params.push(l);
    }
    for ((n, s), t) in names.iter().zip(tys) {
        let l = ck.new_local(Some(n.clone()), t.clone(), false, *s);
        ck.bind_name(n, l);
        params.push(l);
    }
    let value = if info.is_init {
        ck.ctor_init(info.class, info.decl, params[0], span)
    } else {
        ck.ctor_new(info.class, info.init, &params, span)
    };
    let mut body = Body { locals: std::mem::take(&mut ck.locals), params, value };
    ck.finish(&mut body);
    let closures = std::mem::take(&mut ck.closures.defs).into_iter().flatten().collect();
    Some((Some(body).filter(|_| !ck.syntax_error), ck.diags, closures))
}

/// Checks the body of interface thunk `id` (`None`: not a thunk): a virtual call of the class
/// method with the thunk's parameters.
pub(super) fn check_thunk(ctx: &Ctx, id: FnId, first_closure: FnId) -> Option<Checked> {
    let th = ctx.classes.thunks.get(&id)?;
    let def = &ctx.program.fns[id];
    let span = def.span;
    let mut ck = FnCk::new(ctx, id, first_closure);
    let params: Vec<usize> = def.params.iter().map(|t| ck.new_local(None, t.clone(), false, span)).collect();
    let mut args: Vec<hir::Expr> =
        params.iter().zip(&def.params).map(|(&l, t)| FnCk::mk(ExprKind::Local(l), t.clone(), span)).collect();
    let slot = ctx.program.classes.get(&th.class).and_then(|d| d.vslots.iter().position(|s| s.0 == th.name));
    let callee = match slot {
        Some(slot) => {
            let sig = ctx.classes.classes[&th.class].slot_sigs.get(slot).copied().unwrap_or(th.target);
            let root = ctx.program.fns[sig].params.first().and_then(|t| ck.class_of(t.peel_refs()));
            if let (Some(root), Some(recv)) = (root, args.first_mut()) {
                let r = std::mem::replace(recv, FnCk::error_expr(span));
                *recv = ck.cast_receiver(r, root);
            }
            Callee::Virtual { slot }
        }
        None => Callee::Fn { id: th.target, ty_args: Vec::new() },
    };
    let value = FnCk::mk(ExprKind::Call { callee, args, site: span }, def.ret.clone(), span);
    let mut body = Body { locals: std::mem::take(&mut ck.locals), params, value };
    ck.finish(&mut body);
    Some((Some(body), ck.diags, Vec::new()))
}

impl FnCk<'_, '_> {
    fn class_ty(&self, c: AdtId) -> Ty {
        self.ctx.classes.ty(c)
    }

    /// The class of `ty` (a class type or a value class struct).
    fn class_of(&self, ty: &Ty) -> Option<AdtId> {
        match ty {
            Ty::Class(c) => Some(*c),
            Ty::Adt(c, _) if self.ctx.classes.classes.contains_key(c) => Some(*c),
            _ => None,
        }
    }

    /// The class whose body is being checked, if any.
    fn current_class(&self) -> Option<AdtId> {
        self.this_ty.as_ref().and_then(|t| self.class_of(t))
    }

    /// E0103 for a `private`/`protected` member used outside its class (or subclasses).
    fn check_member_visible(&mut self, owner: AdtId, vis: Visibility, what: &str, name: &ast::Ident) {
        let here = self.current_class();
        let ok = match vis {
            Visibility::Private => here == Some(owner),
            Visibility::Protected => here.is_some_and(|h| self.ctx.classes.descends(h, owner)),
            _ => true,
        };
        if !ok {
            let d = Diagnostic::error("E0103", format!("{what} `{}` is private", name.name), name.span, "private")
                .with_help(format!("`{}` is not visible outside its class", name.name));
            self.err(d);
        }
    }

    /// `o.f` for a class object `o` (after auto-deref); `Err` gives the base back otherwise.
    pub(super) fn class_field(
        &mut self,
        b: hir::Expr,
        name: &ast::Ident,
        span: Span,
    ) -> Result<hir::Expr, Box<hir::Expr>> {
        let Some(c) = self.class_of(&self.infer.resolve(&b.ty)) else { return Err(Box::new(b)) };
        let obj = Ty::Adt(c, Vec::new());
        let Some(fields) = self.ctx.struct_fields(c, &[]) else { return Err(Box::new(b)) };
        let Some(idx) = fields.iter().position(|(n, _)| *n == name.name && n != "__vtable") else {
            return Err(Box::new(b));
        };
        let (owner, vis) = self.ctx.classes.classes[&c].fields[idx];
        self.check_member_visible(owner, vis, "field", name);
        let base = match b.ty {
            Ty::Class(_) => Self::mk(ExprKind::Deref(Box::new(b)), obj, span),
            _ => b,
        };
        Ok(Self::mk(ExprKind::Field { base: Box::new(base), field: idx }, fields[idx].1.clone(), span))
    }

    /// The place `this.f` (field `k`) inside a body whose `this` is `mut ref C`.
    fn this_field(&self, this: usize, c: AdtId, k: usize, span: Span) -> hir::Expr {
        let cty = self.class_ty(c);
        let r = Self::mk(ExprKind::Local(this), Ty::mut_ref(cty.clone()), span);
        let v = Self::mk(ExprKind::Deref(Box::new(r)), cty.clone(), span);
        let obj = match cty {
            Ty::Class(_) => Self::mk(ExprKind::Deref(Box::new(v)), Ty::Adt(c, Vec::new()), span),
            _ => v,
        };
        let fty = self.ctx.struct_fields(c, &[]).map(|f| f[k].1.clone()).unwrap_or(Ty::Error);
        Self::mk(ExprKind::Field { base: Box::new(obj), field: k }, fty, span)
    }

    /// The body of a constructor initialiser: base initialiser, field defaults, body.
    fn ctor_init(&mut self, c: AdtId, decl: Option<&ast::Constructor>, this: usize, span: Span) -> hir::Expr {
        let mut stmts = Vec::new();
        let parent = self.ctx.classes.classes[&c].parent;
        let base_call = decl.and_then(|k| k.base_call.as_ref());
        match (parent, base_call) {
            (Some(p), call) => {
                let (args, at): (&[ast::Expr], Span) = match call {
                    Some((path, args)) => (args, path.span),
                    None => (&[], decl.map_or(span, |k| k.span)),
                };
                let named = call.and_then(|(path, _)| path.segments.first()).map(|s| s.name.name.clone());
                let pname = self.ctx.program.adts[p].name.clone();
                let init = self.ctx.classes.classes[&p]
                    .ctors
                    .iter()
                    .map(|n| self.ctx.classes.ctors[n].init)
                    .find(|f| self.ctx.program.fns[*f].params.len() == args.len() + 1);
                match init {
                    Some(init) if named.as_ref().is_none_or(|n| *n == pname) => {
                        let r = Self::mk(ExprKind::Local(this), Ty::mut_ref(Ty::Class(c)), at);
                        let r = self.reborrow(r);
                        let up = Self::mk(ExprKind::ClassCast(Box::new(r)), Ty::mut_ref(Ty::Class(p)), at);
                        let n = args.len() + 1;
                        stmts.push(Stmt::Expr(self.call_with(init, Vec::new(), n, vec![up], args, at, at)));
                    }
                    _ if call.is_none() => {
                        let (what, fix) = match decl {
                            Some(_) => ("this constructor", "add `base: "),
                            None => ("the implicit constructor", "declare a constructor that calls `base: "),
                        };
                        self.err(
                            Diagnostic::error(
                                "E0508",
                                format!("missing `base:` constructor call of `{pname}`"),
                                at,
                                format!("{what} needs a zero-parameter constructor of `{pname}`, which has none"),
                            )
                            .with_help(format!("{fix}{pname}::new(…)`")),
                        )
                    }
                    _ => self.err(Diagnostic::error(
                        "E0508",
                        format!("invalid `base:` constructor call of `{pname}`"),
                        at,
                        format!("no constructor of `{pname}` with {} parameters is called here", args.len()),
                    )),
                }
            }
            (None, Some((path, _))) => self.err(Diagnostic::error(
                "E0508",
                "`base:` call in a class without a base class",
                path.span,
                "no base class",
            )),
            (None, None) => {}
        }
        let own = match self.ctx.program.classes.get(&c) {
            Some(d) => d.own_fields.clone(),
            None => 0..self.ctx.adts[c].defaults.len(),
        };
        let fields = self.ctx.struct_fields(c, &[]).unwrap_or_default();
        let mut init = vec![false; fields.len()];
        for k in own.clone() {
            if let Some(d) = self.ctx.adts[c].defaults[k] {
                let v = self.check_as(d, &fields[k].1, None);
                let place = self.this_field(this, c, k, d.span);
                stmts.push(Stmt::Expr(super::ctor_init::init_write(place, v, d.span)));
                init[k] = true;
            }
        }
        let Some(k) = decl else {
            return Self::mk(ExprKind::Block(hir::Block { stmts, tail: None, span }), Ty::Unit, span);
        };
        let (mut block, _) = self.check_block(&k.body, &Expect::Discard, true);
        let mut body_stmts: Vec<Stmt> = std::mem::take(&mut block.stmts);
        if let Some(t) = block.tail.take() {
            body_stmts.push(Stmt::Expr(*t));
        }
        let info: Vec<(String, bool)> =
            fields.iter().map(|(n, t)| (n.clone(), !crate::sema::traits::needs_drop(&self.ctx.program, t))).collect();
        let mut flow = super::ctor_init::InitFlow::new(this, own, info, &init);
        flow.run(&mut body_stmts, k.span);
        if let Some(d) = flow.error {
            self.err(d);
        }
        stmts.extend(body_stmts);
        Self::mk(ExprKind::Block(hir::Block { stmts, tail: None, span }), Ty::Unit, span)
    }

    /// The body of `C::new(params)`: a new object, initialised by the initialiser.
    fn ctor_new(&mut self, c: AdtId, init: FnId, params: &[usize], span: Span) -> hir::Expr {
        let cty = self.class_ty(c);
        let obj = self.new_local(None, cty.clone(), true, span);
        let alloc =
            ExprKind::Intrinsic { op: Intrinsic::ClassNew, ty_args: vec![cty.clone()], args: Vec::new(), site: span };
        let pat = Pat { kind: PatKind::Binding { local: obj, mode: BindingMode::ByValue }, ty: cty.clone(), span };
        let bind = Stmt::Let { pattern: pat, init: Some(Self::mk(alloc, cty.clone(), span)), else_block: None, span };
        let place = Self::mk(ExprKind::Local(obj), cty.clone(), span);
        let this = Self::mk(
            ExprKind::Ref { mutability: Mutability::Mut, place: Box::new(place) },
            Ty::mut_ref(cty.clone()),
            span,
        );
        let mut args = vec![this];
        for (p, t) in params.iter().zip(&self.ctx.program.fns[init].params[1..]) {
            args.push(Self::mk(ExprKind::Local(*p), t.clone(), span));
        }
        let call = ExprKind::Call { callee: Callee::Fn { id: init, ty_args: Vec::new() }, args, site: span };
        let stmts = vec![bind, Stmt::Expr(Self::mk(call, Ty::Unit, span))];
        let tail = Self::mk(ExprKind::Local(obj), cty.clone(), span);
        Self::mk(ExprKind::Block(hir::Block { stmts, tail: Some(Box::new(tail)), span }), cty, span)
    }

    /// An object literal of reference class `c` with its checked field values (written ones
    /// first, then defaults): the values are evaluated into temporaries, then the object is
    /// created and its fields written.
    pub(super) fn class_object(&mut self, c: AdtId, fields: Vec<(usize, hir::Expr)>, span: Span) -> hir::Expr {
        if self.ctx.program.classes.get(&c).is_some_and(|d| d.is_abstract) {
            let cname = self.ctx.program.adts[c].name.clone();
            self.err(Diagnostic::error(
                "E0504",
                format!("cannot create an instance of abstract class `{cname}`"),
                span,
                "abstract class",
            ));
            return Self::error_expr(span);
        }
        let mut stmts = Vec::new();
        let mut bind = |ck: &mut Self, ty: Ty, init: hir::Expr| {
            let l = ck.new_local(None, ty.clone(), false, span);
            let pattern = Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty, span };
            stmts.push(Stmt::Let { pattern, init: Some(init), else_block: None, span });
            l
        };
        let temps: Vec<(usize, usize, Ty)> = fields
            .into_iter()
            .map(|(k, v)| {
                let t = v.ty.clone();
                (k, bind(self, t.clone(), v), t)
            })
            .collect();
        let cty = Ty::Class(c);
        let alloc =
            ExprKind::Intrinsic { op: Intrinsic::ClassNew, ty_args: vec![cty.clone()], args: Vec::new(), site: span };
        let obj = bind(self, cty.clone(), Self::mk(alloc, cty.clone(), span));
        for (k, t, ty) in temps {
            let o = Self::mk(ExprKind::Local(obj), cty.clone(), span);
            let o = Self::mk(ExprKind::Deref(Box::new(o)), Ty::Adt(c, Vec::new()), span);
            let place = Self::mk(ExprKind::Field { base: Box::new(o), field: k }, ty.clone(), span);
            let value = Self::mk(ExprKind::Local(t), ty, span);
            stmts.push(Stmt::Expr(super::ctor_init::init_write(place, value, span)));
        }
        let tail = Self::mk(ExprKind::Local(obj), cty.clone(), span);
        Self::mk(ExprKind::Block(hir::Block { stmts, tail: Some(Box::new(tail)), span }), cty, span)
    }

    /// `C::new(args)` (overloaded by arity; E0504 for abstract classes); `None` when `ty` is not
    /// a class or `name` is not `new`.
    pub(super) fn class_new_call(
        &mut self,
        ty: &Ty,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<hir::Expr> {
        let c = self.class_of(ty)?;
        if name.name != "new" {
            return None;
        }
        let cname = self.ctx.program.adts[c].name.clone();
        if self.ctx.program.classes.get(&c).is_some_and(|d| d.is_abstract) {
            self.err(Diagnostic::error(
                "E0504",
                format!("cannot create an instance of abstract class `{cname}`"),
                span,
                "abstract class",
            ));
            return Some(Self::error_expr(span));
        }
        let ctors = self.ctx.classes.classes[&c].ctors.clone();
        let Some(f) = ctors.iter().copied().find(|f| self.ctx.program.fns[*f].params.len() == args.len()) else {
            self.err(Diagnostic::error(
                "E0106",
                format!("no constructor of `{cname}` takes {} arguments", args.len()),
                name.span,
                "no such constructor",
            ));
            for a in args {
                self.check(a, &Expect::None);
            }
            return Some(Self::error_expr(span));
        };
        Some(self.call_with(f, Vec::new(), args.len(), Vec::new(), args, name.span, span))
    }

    /// `C::field` for a static field of class `C`: `*static_ptr()`.
    pub(super) fn class_static(&mut self, base: &ast::Expr, name: &ast::Ident, span: Span) -> Option<hir::Expr> {
        let ast::ExprKind::Ident(b) = &base.kind else { return None };
        if self.lookup_scope(&b.name).is_some() {
            return None;
        }
        let c = match (self.lookup_def(&b.name), &base.kind) {
            (Some(Def::Adt(c)), _) => c,
            _ => return None,
        };
        let chain = self.ctx.classes.classes.contains_key(&c).then(|| self.ctx.classes.chain(c))?;
        let s = chain.iter().find_map(|l| self.ctx.classes.classes[l].statics.iter().find(|s| s.0 == name.name))?.1;
        let ty = self.ctx.program.statics[s].ty.clone();
        let pty = Ty::Ptr(Box::new(ty.clone()));
        let p = ExprKind::Intrinsic { op: Intrinsic::StaticPtr(s), ty_args: Vec::new(), args: Vec::new(), site: span };
        Some(Self::mk(ExprKind::Deref(Box::new(Self::mk(p, pty, span))), ty, span))
    }

    /// `recv.m(args)` on a class value (after auto-deref to `C`); `None` when `m` is not a
    /// class method.
    pub(super) fn class_method_call(
        &mut self,
        recv: hir::Expr,
        c: AdtId,
        receiver: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<hir::Expr> {
        let (owner, f, md, vis) = self.ctx.classes.find_method(c, &method.name)?;
        self.check_member_visible(owner, vis, "method", method);
        let kind = self.ctx.fns[f].receiver?;
        let adapted = self.adapt_receiver(recv, kind, receiver, method);
        let is_virtual = md.is_virtual || md.is_abstract || md.is_override;
        let slot = self.ctx.program.classes.get(&c).and_then(|d| d.vslots.iter().position(|s| s.0 == method.name));
        let (target, callee) = match (is_virtual, slot) {
            (true, Some(k)) => (c, Some(k)),
            _ => (owner, None),
        };
        let adapted = self.cast_receiver(adapted, target);
        let sig = match callee {
            Some(k) => self.ctx.classes.classes[&c].slot_sigs.get(k).copied().unwrap_or(f),
            None => f,
        };
        let n = self.ctx.program.fns[sig].params.len();
        let call = self.call_with(sig, Vec::new(), n, vec![adapted], args, method.span, span);
        Some(match (callee, call.kind) {
            (Some(slot), ExprKind::Call { args, site, .. }) => {
                Self::mk(ExprKind::Call { callee: Callee::Virtual { slot }, args, site }, call.ty, call.span)
            }
            (_, kind) => Self::mk(kind, call.ty, call.span),
        })
    }

    /// A receiver `ref C`/`mut ref C`/`C` cast to class `target`'s type (an upcast).
    fn cast_receiver(&mut self, e: hir::Expr, target: AdtId) -> hir::Expr {
        let tt = self.class_ty(target);
        let want = match self.shallow(&e.ty) {
            Ty::Ref(_, inner) if *inner == tt => return e,
            Ty::Ref(m, _) => Ty::Ref(m, Box::new(tt)),
            t if t == tt => return e,
            _ => tt,
        };
        let span = e.span;
        Self::mk(ExprKind::ClassCast(Box::new(e)), want, span)
    }

    /// `base.m(args)`: the parent class's implementation of `m`, statically.
    pub(super) fn base_method_call(&mut self, method: &ast::Ident, args: &[ast::Expr], span: Span) -> hir::Expr {
        let here = self.current_class();
        let parent = here.and_then(|c| self.ctx.classes.classes[&c].parent);
        let found = parent.and_then(|p| self.ctx.classes.find_method(p, &method.name));
        let this = self.lookup_scope("this").cloned();
        let (Some((owner, f, _, _)), Some(super::ScopeEntry::Local(l))) = (found, this) else {
            self.err(Diagnostic::error(
                "E0106",
                format!("no base class method named `{}`", method.name),
                method.span,
                "not found in the base class",
            ));
            return Self::error_expr(span);
        };
        if self.ctx.classes.abstract_fns.contains(&f) {
            self.err(Diagnostic::error(
                "E0106",
                format!("`{}` is abstract in the base class", method.name),
                method.span,
                "abstract",
            ));
            return Self::error_expr(span);
        }
        let recv = Self::mk(ExprKind::Local(l), self.locals[l].ty.clone(), method.span);
        let recv = self.reborrow(recv);
        let recv = self.cast_receiver(recv, owner);
        let n = self.ctx.program.fns[f].params.len();
        self.call_with(f, Vec::new(), n, vec![recv], args, method.span, span)
    }

    /// Implicit upcasts `D` → `B`, `ref D` → `ref B` at coercion sites.
    pub(super) fn coerce_class(&mut self, e: hir::Expr, want: &Ty) -> hir::Expr {
        let found = self.shallow(&e.ty);
        let (d, b) = match (&found, want) {
            (Ty::Class(d), Ty::Class(b)) => (*d, *b),
            (Ty::Ref(_, x), Ty::Ref(_, y)) => match (&**x, &**y) {
                (Ty::Class(d), Ty::Class(b)) => (*d, *b),
                _ => return e,
            },
            _ => return e,
        };
        if d == b || !self.ctx.classes.descends(d, b) {
            return e;
        }
        let span = e.span;
        let ty = match found {
            Ty::Ref(m, _) => Ty::Ref(m, Box::new(Ty::Class(b))),
            _ => Ty::Class(b),
        };
        Self::mk(ExprKind::ClassCast(Box::new(e)), ty, span)
    }

    /// `e is C`: a dynamic class or interface test (the operand is only borrowed). Known
    /// answers are constants; tests on class objects and `dyn` values otherwise inspect the
    /// dynamic class (or the concrete type behind the `dyn`) at run time.
    pub(super) fn check_is(&mut self, x: &ast::Expr, path: &ast::PathType, span: Span) -> hir::Expr {
        let e = self.check(x, &Expect::None);
        let target = self.resolve_ty(&ast::Type { kind: ast::TypeKind::Path(path.clone()), span: path.span });
        let e = self.deref_all(e);
        let src = self.infer.resolve(&e.ty);
        let lit = |b: bool| Self::mk(ExprKind::Lit(hir::Const::Bool(b)), Ty::Bool, span);
        let statically = match (&src, &target) {
            (Ty::Error, _) | (_, Ty::Error) => return Self::error_expr(span),
            (Ty::Class(_) | Ty::Dyn(..), Ty::Class(_)) => false,
            (_, Ty::Dyn(b, _)) => {
                matches!(&src, Ty::Dyn(x, _) if x == b) || self.ctx.implements(&src, *b, &self.generics)
            }
            _ => return lit(src == target),
        };
        if statically || !matches!(src, Ty::Class(_) | Ty::Dyn(..)) {
            return lit(statically);
        }
        let r = self.auto_ref(e, Mutability::Not);
        let op = ExprKind::Intrinsic { op: Intrinsic::ClassIs, ty_args: vec![target, src], args: vec![r], site: span };
        Self::mk(op, Ty::Bool, span)
    }

    /// Whether `src as target` is a cast between classes of one hierarchy.
    pub(super) fn is_class_cast(&self, src: &Ty, target: &Ty) -> bool {
        match (src, target) {
            (Ty::Class(b), Ty::Class(d)) => self.ctx.classes.descends(*b, *d) || self.ctx.classes.descends(*d, *b),
            _ => false,
        }
    }

    /// `b as D` for a subclass `D` of `b`'s class: `Outcome[D, B]` (`None`: not a class cast).
    pub(super) fn class_downcast(&mut self, e: hir::Expr, target: &Ty, span: Span) -> Option<hir::Expr> {
        let (Ty::Class(b), Ty::Class(d)) = (self.infer.resolve(&e.ty), target.clone()) else { return None };
        if self.ctx.classes.descends(b, d) {
            return Some(Self::mk(ExprKind::ClassCast(Box::new(e)), target.clone(), span));
        }
        let Some(Def::Adt(outcome)) = self.ctx.prelude.get("Outcome").copied() else { return None };
        let (ok, errv) = (self.variant_index(outcome, "Ok")?, self.variant_index(outcome, "Err")?);
        let (bt, dt) = (Ty::Class(b), Ty::Class(d));
        let out = Ty::Adt(outcome, vec![dt.clone(), bt.clone()]);
        let l = self.new_local(None, bt.clone(), false, span);
        let pat = Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty: bt.clone(), span };
        let bind = Stmt::Let { pattern: pat, init: Some(e), else_block: None, span };
        let local = || Self::mk(ExprKind::Local(l), bt.clone(), span);
        let r = Self::mk(
            ExprKind::Ref { mutability: Mutability::Not, place: Box::new(local()) },
            Ty::shared_ref(bt.clone()),
            span,
        );
        let tys = vec![dt.clone(), bt.clone()];
        let test = ExprKind::Intrinsic { op: Intrinsic::ClassIs, ty_args: tys, args: vec![r], site: span };
        let cast = Self::mk(ExprKind::ClassCast(Box::new(local())), dt.clone(), span);
        let mk_variant = |v: usize, x: hir::Expr| {
            let k =
                ExprKind::Adt { adt: outcome, variant: v, ty_args: vec![dt.clone(), bt.clone()], fields: vec![(0, x)] };
            Self::mk(k, out.clone(), span)
        };
        let iff = ExprKind::If {
            cond: Box::new(Self::mk(test, Ty::Bool, span)),
            then_branch: Box::new(mk_variant(ok, cast)),
            else_branch: Some(Box::new(mk_variant(errv, local()))),
        };
        let tail = Self::mk(iff, out.clone(), span);
        Some(Self::mk(ExprKind::Block(hir::Block { stmts: vec![bind], tail: Some(Box::new(tail)), span }), out, span))
    }
}
