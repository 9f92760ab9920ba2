//! The expression dispatcher, literals, names, references, tuples and arrays.

use super::{Expect, FnCk, ScopeEntry};
use crate::diagnostics::Diagnostic;
use crate::sema::consts::{self, CVal};
use crate::sema::ctx::Def;
use crate::sema::hir::{self, Const, ExprKind};
use crate::sema::infer::VarKind;
use crate::sema::ty::{FloatTy, Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, Lit};

impl FnCk<'_, '_> {
    /// Checks an expression against an expectation (a hint; callers coerce where needed).
    pub(super) fn check(&mut self, e: &ast::Expr, exp: &Expect) -> hir::Expr {
        use ast::ExprKind as K;
        let span = e.span;
        match &e.kind {
            K::Lit(Lit::Int { value, suffix }) => self.int_lit(*value, false, suffix.as_deref(), exp, span),
            K::Unary(ast::UnaryOp::Neg, inner) if matches!(&inner.kind, K::Lit(Lit::Int { .. })) => {
                let K::Lit(Lit::Int { value, suffix }) = &inner.kind else {
                    return Self::error_expr(span);
                };
                self.int_lit(*value, true, suffix.as_deref(), exp, span)
            }
            K::Lit(Lit::Float { value, suffix }) => self.float_lit(*value, suffix.as_deref(), exp, span),
            K::Unary(ast::UnaryOp::Neg, inner) if matches!(&inner.kind, K::Lit(Lit::Float { .. })) => {
                let K::Lit(Lit::Float { value, suffix }) = &inner.kind else {
                    return Self::error_expr(span);
                };
                self.float_lit(-*value, suffix.as_deref(), exp, span)
            }
            K::Lit(Lit::Bool(b)) => Self::mk(ExprKind::Lit(Const::Bool(*b)), Ty::Bool, span),
            K::Lit(Lit::Char(c)) => Self::mk(ExprKind::Lit(Const::Char(*c)), Ty::Char, span),
            K::Lit(Lit::Null) => {
                let ty = match exp.ty().map(|t| self.shallow(t)) {
                    Some(t @ Ty::Ptr(_)) => t,
                    _ => Ty::Ptr(Box::new(Ty::Unit)),
                };
                Self::mk(ExprKind::Lit(Const::Null), ty, span)
            }
            K::Str(parts) => self.interpolate(parts, span),
            K::Ident(id) => self.check_ident(id, exp),
            K::This => match self.lookup_scope_level("this") {
                Some((level, ScopeEntry::Local(l))) => self.local_use("this", l, level, span),
                _ => {
                    self.err(Diagnostic::error(
                        "E0109",
                        "`this` is only available in methods",
                        span,
                        "`this` not allowed here",
                    ));
                    Self::error_expr(span)
                }
            },
            K::ThisType => {
                self.err(Diagnostic::error("E0200", "expected a value, found the type `This`", span, "not a value"));
                Self::error_expr(span)
            }
            // `base` is a contextual keyword: outside a class method (classes are not supported
            // yet) it is an ordinary variable name.
            K::Base => self.check_ident(&ast::Ident { name: "base".to_string(), span }, exp),
            K::Path(base, name) => self.check_path(base, name, span),
            K::Index(base, items) => self.check_index(base, items, span),
            K::Field(base, name) => self.check_field(base, name, span),
            K::TupleField(base, idx, fspan) => self.check_tuple_field(base, *idx, *fspan, span),
            K::MethodCall { receiver, method, args } => self.check_method_call(receiver, method, args, exp, span),
            K::Call(callee, args) => self.check_call(callee, args, exp, span),
            K::Unary(op, x) => self.check_unary(*op, x, exp, span),
            K::Binary { op, op_span, lhs, rhs } => self.check_binary(*op, *op_span, lhs, rhs, exp, span),
            K::Assign { op, op_span, place, value } => self.check_assign(*op, *op_span, place, value, span),
            K::Cast(x, t) => self.check_cast(x, t, span),
            K::Is(x, p) => self.check_is(x, p, span),
            K::Ref(x) => self.check_ref(x, Mutability::Not, span),
            K::MutRef(x) => self.check_ref(x, Mutability::Mut, span),
            K::Propagate(x) => self.check_propagate(x, span),
            K::Range { .. } => self.unsupported(span, "range values outside `for` loops and patterns"),
            K::Unit => Self::unit(span),
            K::Tuple(xs) => {
                let exps: Vec<Expect> = match exp.ty().map(|t| self.shallow(t)) {
                    Some(Ty::Tuple(ts)) if ts.len() == xs.len() => {
                        ts.into_iter().map(|t| Expect::Ty(t, None)).collect()
                    }
                    _ => vec![Expect::None; xs.len()],
                };
                let items: Vec<hir::Expr> = xs.iter().zip(&exps).map(|(x, ex)| self.check(x, ex)).collect();
                let ty = Ty::Tuple(items.iter().map(|i| i.ty.clone()).collect());
                Self::mk(ExprKind::Tuple(items), ty, span)
            }
            K::Paren(x) => self.check(x, exp),
            K::Array(xs) => self.check_array(xs, exp, span),
            K::ArrayRepeat(v, n) => self.check_array_repeat(v, n, exp, span),
            K::StructLit { path, fields } => self.check_struct_lit(path, fields, span),
            K::Block(b) => self.check_block_expr(b, exp, false),
            K::Lowlevel(b) => {
                self.lowlevel += 1;
                let r = self.check_block_expr(b, exp, false);
                self.lowlevel -= 1;
                r
            }
            K::If { cond, then_branch, else_branch } => {
                self.check_if(cond, then_branch, else_branch.as_deref(), exp, span)
            }
            K::IfLet { pattern, scrutinee, then_branch, else_branch } => {
                self.check_if_let(pattern, scrutinee, then_branch, else_branch.as_deref(), exp, span)
            }
            K::When { scrutinee, arms } => self.check_when(scrutinee, arms, exp, span),
            K::Loop { kind, body } => self.check_loop(kind, body, span),
            K::For { pattern, iterable, body } => self.check_for(pattern, iterable, body, span),
            K::Closure { params, ret, body } => self.check_closure(params, ret.as_ref(), body, exp, span),
            K::Return(x) => {
                let ret = self.ret.clone();
                let value = match x {
                    Some(x) => Some(Box::new(self.check_as(x, &ret, self.ret_span))),
                    None => {
                        if !matches!(ret, Ty::Unit | Ty::Error) {
                            self.mismatch(span, &ret, &Ty::Unit, self.ret_span);
                        }
                        None
                    }
                };
                Self::mk(ExprKind::Return(value), Ty::Never, span)
            }
            K::Break | K::Continue => {
                let is_break = matches!(e.kind, K::Break);
                match self.loops.last_mut() {
                    Some(seen) => {
                        *seen |= is_break;
                        Self::mk(if is_break { ExprKind::Break } else { ExprKind::Continue }, Ty::Never, span)
                    }
                    None => {
                        let kw = if is_break { "break" } else { "continue" };
                        self.err(Diagnostic::error(
                            "E0214",
                            format!("`{kw}` outside of a loop"),
                            span,
                            format!("cannot `{kw}` outside of a loop"),
                        ));
                        Self::mk(ExprKind::Lit(Const::Unit), Ty::Never, span)
                    }
                }
            }
            K::Error => {
                self.syntax_error = true;
                Self::error_expr(span)
            }
        }
    }

    /// Reports a construct this compiler version does not implement yet.
    pub(super) fn unsupported(&mut self, span: Span, what: &str) -> hir::Expr {
        self.err(Diagnostic::error(
            "E0207",
            format!("{what} are not supported yet"),
            span,
            "not supported by this compiler version",
        ));
        Self::error_expr(span)
    }

    fn int_lit(&mut self, value: u128, neg: bool, suffix: Option<&str>, exp: &Expect, span: Span) -> hir::Expr {
        let ty = match suffix {
            Some(s) => match consts::int_suffix(s) {
                Some(t) => Ty::Int(t),
                None => {
                    self.err(Diagnostic::error(
                        "E0004",
                        format!("invalid suffix `{s}` for an integer literal"),
                        span,
                        "invalid suffix",
                    ));
                    return Self::error_expr(span);
                }
            },
            None => match exp.ty().map(|t| self.shallow(t)) {
                Some(t @ Ty::Int(_)) => t,
                Some(Ty::Infer(v)) if self.infer.kind(v) == VarKind::Int => Ty::Infer(v),
                _ => self.infer.fresh(VarKind::Int),
            },
        };
        let Ok(v) = i128::try_from(value) else {
            self.err(Diagnostic::error("E0004", "integer literal is too large", span, "literal out of range"));
            return Self::error_expr(span);
        };
        let v = if neg { -v } else { v };
        Self::mk(ExprKind::Lit(Const::Int(v)), ty, span)
    }

    fn float_lit(&mut self, value: f64, suffix: Option<&str>, exp: &Expect, span: Span) -> hir::Expr {
        let ty = match suffix {
            Some("f32") => Ty::Float(FloatTy::F32),
            Some(_) => Ty::Float(FloatTy::F64),
            None => match exp.ty().map(|t| self.shallow(t)) {
                Some(t @ Ty::Float(_)) => t,
                Some(Ty::Infer(v)) if self.infer.kind(v) == VarKind::Float => Ty::Infer(v),
                _ => self.infer.fresh(VarKind::Float),
            },
        };
        Self::mk(ExprKind::Lit(Const::Float(value)), ty, span)
    }

    fn check_ident(&mut self, id: &ast::Ident, exp: &Expect) -> hir::Expr {
        let span = id.span;
        match self.lookup_scope_level(&id.name) {
            Some((level, ScopeEntry::Local(l))) => return self.local_use(&id.name, l, level, span),
            Some((_, ScopeEntry::Const(v, t))) => return consts::to_expr(&v, &t, span),
            None => {}
        }
        match self.lookup_def(&id.name) {
            Some(Def::Const(j)) => match self.ctx.consts.get(j).and_then(|c| c.value.clone()) {
                Some((v, t)) => consts::to_expr(&v, &t, span),
                None => Self::error_expr(span),
            },
            Some(Def::Fn(f)) => self.fn_ref(f, span),
            Some(Def::Adt(_) | Def::Alias(_) | Def::Behavior(_) | Def::Module(_)) => {
                self.err(Diagnostic::error(
                    "E0100",
                    format!("expected a value, found `{}`", id.name),
                    span,
                    "not a value",
                ));
                Self::error_expr(span)
            }
            None => {
                if let Some((adt, v)) = self.unqualified_variant(id, exp.ty(), false) {
                    if self.variant_fields(adt, v).is_empty() {
                        return self.construct_variant(adt, v, None, None, exp.ty(), id, span);
                    }
                    return self.unsupported(span, "variant constructors used as function values");
                }
                self.err(Diagnostic::error(
                    "E0100",
                    format!("cannot find value `{}` in this scope", id.name),
                    span,
                    "not found in this scope",
                ));
                Self::error_expr(span)
            }
        }
    }

    /// A named function used as a value.
    pub(super) fn fn_ref(&mut self, f: usize, span: Span) -> hir::Expr {
        self.fn_ref_with(f, None, span)
    }

    /// A named function used as a value, with explicit type arguments if given.
    pub(super) fn fn_ref_with(&mut self, f: usize, explicit: Option<Vec<Ty>>, span: Span) -> hir::Expr {
        let n = self.ctx.program.fns[f].generics.len();
        let ty_args: Vec<Ty> = match explicit {
            Some(ts) if ts.len() == n => ts,
            Some(ts) => {
                self.err(Diagnostic::error(
                    "E0202",
                    format!("wrong number of type arguments: expected {n}, found {}", ts.len()),
                    span,
                    "wrong number of type arguments",
                ));
                vec![Ty::Error; n]
            }
            None => (0..n).map(|_| self.infer.fresh(VarKind::General)).collect(),
        };
        let def = &self.ctx.program.fns[f];
        if def.extern_symbol.is_some() {
            self.err(Diagnostic::error(
                "E0108",
                format!("`@extern` function `{}` can only be called, not used as a value", def.name),
                span,
                "not callable as a value",
            ));
        }
        let def = &self.ctx.program.fns[f];
        let ty = Ty::Func(def.params.iter().map(|p| p.subst(&ty_args)).collect(), Box::new(def.ret.subst(&ty_args)));
        Self::mk(ExprKind::FnRef { id: f, ty_args }, ty, span)
    }

    fn check_ref(&mut self, x: &ast::Expr, m: Mutability, span: Span) -> hir::Expr {
        let place = self.check(x, &Expect::None);
        if m == Mutability::Mut && self.place_mutability(&place) == Some(false) {
            let name = self.text(x.span);
            self.err(Diagnostic::error(
                "E0405",
                format!("cannot borrow `{name}` as mutable, as it is not declared as mutable"),
                x.span,
                "cannot borrow as mutable",
            ));
        }
        let place = if m == Mutability::Mut { self.mutable_place(place) } else { place };
        let ty = Ty::Ref(m, Box::new(place.ty.clone()));
        Self::mk(ExprKind::Ref { mutability: m, place: Box::new(place) }, ty, span)
    }

    fn check_array(&mut self, xs: &[ast::Expr], exp: &Expect, span: Span) -> hir::Expr {
        let mut elem = match exp.ty().map(|t| self.shallow(t)) {
            Some(Ty::Adt(id, args)) if crate::sema::lang::container(self.ctx, &Ty::Adt(id, Vec::new())).is_some() => {
                let elem = args.first().cloned().unwrap_or(Ty::Error);
                return self.list_literal(xs, elem, span);
            }
            Some(Ty::Array(t, _)) => Some(*t),
            _ => None,
        };
        let mut items = Vec::new();
        for x in xs {
            let item = match &elem {
                Some(t) => self.check_as(x, &t.clone(), None),
                None => {
                    let i = self.check(x, &Expect::None);
                    elem = Some(i.ty.clone());
                    i
                }
            };
            items.push(item);
        }
        let elem = match elem {
            Some(t) => t,
            None => self.infer.fresh(VarKind::General),
        };
        let ty = Ty::Array(Box::new(elem), items.len() as u64);
        Self::mk(ExprKind::Array(items), ty, span)
    }

    fn check_array_repeat(&mut self, v: &ast::Expr, n: &ast::Expr, exp: &Expect, span: Span) -> hir::Expr {
        let elem_exp = match exp.ty().map(|t| self.shallow(t)) {
            Some(Ty::Array(t, _)) => Expect::Ty(*t, None),
            _ => Expect::None,
        };
        let value = self.check(v, &elem_exp);
        let count = match consts::eval(self, n, Some(&Ty::I64)) {
            Some((CVal::Int(c), _)) if c >= 0 => c as u64,
            Some(_) => {
                self.err(Diagnostic::error(
                    "E0200",
                    "array length must be a non-negative `I64` constant",
                    n.span,
                    "invalid array length",
                ));
                0
            }
            None => 0,
        };
        if !self.is_copy(&value.ty) && !matches!(self.shallow(&value.ty), Ty::Error) {
            let t = self.ty_name(&value.ty);
            self.err(Diagnostic::error(
                "E0203",
                format!("the repeated element must be Copy, but `{t}` is not"),
                v.span,
                "not Copy",
            ));
        }
        let ty = Ty::Array(Box::new(value.ty.clone()), count);
        Self::mk(ExprKind::ArrayRepeat(Box::new(value), count), ty, span)
    }
}
