//! Operators (LANGUAGE.md §6.3), assignments and casts (§6.4).

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, BinOp, Const, ExprKind, Intrinsic, Stmt, UnOp};
use crate::sema::infer::VarKind;
use crate::sema::ty::{IntTy, Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, BinaryOp, UnaryOp};

/// The HIR operator for an AST operator.
pub(super) fn bin_op(op: BinaryOp) -> BinOp {
    match op {
        BinaryOp::Add => BinOp::Add,
        BinaryOp::Sub => BinOp::Sub,
        BinaryOp::Mul => BinOp::Mul,
        BinaryOp::Div => BinOp::Div,
        BinaryOp::Rem => BinOp::Rem,
        BinaryOp::Pow => BinOp::Pow,
        BinaryOp::BitAnd => BinOp::BitAnd,
        BinaryOp::BitOr => BinOp::BitOr,
        BinaryOp::BitXor => BinOp::BitXor,
        BinaryOp::Shl => BinOp::Shl,
        BinaryOp::Shr => BinOp::Shr,
        BinaryOp::Eq => BinOp::Eq,
        BinaryOp::Ne => BinOp::Ne,
        BinaryOp::Lt => BinOp::Lt,
        BinaryOp::Le => BinOp::Le,
        BinaryOp::Gt => BinOp::Gt,
        BinaryOp::Ge => BinOp::Ge,
        BinaryOp::And => BinOp::And,
        BinaryOp::Or => BinOp::Or,
    }
}

/// The source spelling of an operator.
fn op_str(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Rem => "%",
        BinOp::Pow => "**",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::Shl => "<<",
        BinOp::Shr => ">>",
        BinOp::Eq => "==",
        BinOp::Ne => "!=",
        BinOp::Lt => "<",
        BinOp::Le => "<=",
        BinOp::Gt => ">",
        BinOp::Ge => ">=",
        BinOp::And => "and",
        BinOp::Or => "or",
    }
}

/// Whether `e` is a place whose repeated evaluation has no effects.
fn is_pure_place(e: &hir::Expr) -> bool {
    match &e.kind {
        ExprKind::Local(_) => true,
        ExprKind::Field { base, .. } | ExprKind::Deref(base) => is_pure_place(base),
        ExprKind::Index { base, index, .. } => {
            is_pure_place(base) && matches!(index.kind, ExprKind::Local(_) | ExprKind::Lit(_))
        }
        _ => false,
    }
}

fn is_cmp(op: BinOp) -> bool {
    matches!(op, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
}

impl FnCk<'_, '_> {
    /// A binary operator expression (LANGUAGE.md §6.3).
    pub(super) fn check_binary(
        &mut self,
        op: BinaryOp,
        op_span: Span,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        exp: &Expect,
        span: Span,
    ) -> hir::Expr {
        let op = bin_op(op);
        if matches!(op, BinOp::And | BinOp::Or) {
            let l = self.check_cond(lhs);
            let r = self.check_cond(rhs);
            return Self::mk(
                ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r), site: op_span },
                Ty::Bool,
                span,
            );
        }
        let hint = match exp.ty().map(|t| self.shallow(t)) {
            Some(t) if !is_cmp(op) && (self.infer.is_integral(&t) || self.infer.is_floating(&t)) => Expect::Ty(t, None),
            _ => Expect::None,
        };
        let l = self.check(lhs, &hint);
        let l = self.decay(l);
        let rexp = if matches!(op, BinOp::Shl | BinOp::Shr) { Expect::None } else { Expect::Ty(l.ty.clone(), None) };
        let r = self.check(rhs, &rexp);
        let r = self.decay(r);
        self.binary(op, l, r, op_span, span)
    }

    /// Types and builds a binary operation on already checked operands.
    pub(super) fn binary(&mut self, op: BinOp, l: hir::Expr, r: hir::Expr, op_span: Span, span: Span) -> hir::Expr {
        let lt = self.shallow(&l.ty);
        let rt = self.shallow(&r.ty);
        if matches!(lt, Ty::Error) || matches!(rt, Ty::Error) {
            return Self::error_expr(span);
        }
        if matches!(op, BinOp::Shl | BinOp::Shr) {
            if !self.infer.is_integral(&lt) || !self.infer.is_integral(&rt) {
                return self.bad_operands(op, &lt, &rt, op_span, span);
            }
            return Self::mk(ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r), site: op_span }, lt, span);
        }
        if !self.infer.unify(&lt, &rt) {
            return self.bad_operands(op, &lt, &rt, op_span, span);
        }
        let t = self.shallow(&lt);
        let num = self.infer.is_integral(&t) || self.infer.is_floating(&t);
        if t == Ty::Str {
            return match op {
                BinOp::Add => self.intrinsic(Intrinsic::StrConcat, vec![l, r], Ty::Str, op_span, span),
                BinOp::Eq => self.intrinsic(Intrinsic::StrEq, vec![l, r], Ty::Bool, op_span, span),
                BinOp::Ne => {
                    let eq = self.intrinsic(Intrinsic::StrEq, vec![l, r], Ty::Bool, op_span, span);
                    Self::mk(ExprKind::Unary { op: UnOp::Not, operand: Box::new(eq), site: op_span }, Ty::Bool, span)
                }
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    let c = self.intrinsic(Intrinsic::StrCmp, vec![l, r], Ty::I32, op_span, span);
                    let zero = Self::mk(ExprKind::Lit(Const::Int(0)), Ty::I32, span);
                    Self::mk(
                        ExprKind::Binary { op, lhs: Box::new(c), rhs: Box::new(zero), site: op_span },
                        Ty::Bool,
                        span,
                    )
                }
                _ => self.bad_operands(op, &t, &t, op_span, span),
            };
        }
        let ok = match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem | BinOp::Pow => num,
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => self.infer.is_integral(&t),
            BinOp::Eq | BinOp::Ne => num || matches!(t, Ty::Bool | Ty::Char | Ty::Unit | Ty::Ptr(_)),
            _ => num || matches!(t, Ty::Bool | Ty::Char),
        };
        if !ok && is_cmp(op) {
            if let Some(e) = self.compound_cmp(op, l.clone(), r.clone(), &t, op_span, span) {
                return e;
            }
        }
        if !ok {
            return self.bad_operands(op, &t, &t, op_span, span);
        }
        let ty = if is_cmp(op) { Ty::Bool } else { t };
        Self::mk(ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r), site: op_span }, ty, span)
    }

    fn bad_operands(&mut self, op: BinOp, l: &Ty, r: &Ty, op_span: Span, span: Span) -> hir::Expr {
        let (ln, rn) = (self.ty_name(l), self.ty_name(r));
        let d = if ln == rn {
            Diagnostic::error(
                "E0207",
                format!("invalid operand type for `{}`: `{ln}`", op_str(op)),
                op_span,
                format!("`{}` cannot be applied to `{ln}`", op_str(op)),
            )
        } else {
            Diagnostic::error(
                "E0207",
                format!("invalid operand types for `{}`: `{ln}` and `{rn}`", op_str(op)),
                op_span,
                "no implicit conversion between these types",
            )
            .with_help("convert one operand with `as`")
        };
        self.err(d);
        Self::error_expr(span)
    }

    /// Builds an intrinsic call.
    pub(super) fn intrinsic(
        &mut self,
        op: Intrinsic,
        args: Vec<hir::Expr>,
        ty: Ty,
        site: Span,
        span: Span,
    ) -> hir::Expr {
        Self::mk(ExprKind::Intrinsic { op, ty_args: Vec::new(), args, site }, ty, span)
    }

    /// Comparisons of non-primitive operands: through references, user `PartialEq` impls,
    /// fieldless enums, and field-wise (lexicographic) comparison of tuples and structs that
    /// derive `PartialEq`/`Ord`. `None` when the type supports no such comparison.
    fn compound_cmp(
        &mut self,
        op: BinOp,
        l: hir::Expr,
        r: hir::Expr,
        ty: &Ty,
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        let t = self.infer.resolve(ty);
        let not =
            |e: hir::Expr| Self::mk(ExprKind::Unary { op: UnOp::Not, operand: Box::new(e), site }, Ty::Bool, span);
        if let Ty::Ref(_, inner) = &t {
            let (a, b) = (
                Self::mk(ExprKind::Deref(Box::new(l)), (**inner).clone(), span),
                Self::mk(ExprKind::Deref(Box::new(r)), (**inner).clone(), span),
            );
            let e = self.binary(op, a, b, site, span);
            return (!matches!(e.ty, Ty::Error)).then_some(e);
        }
        if let Some(e) = self.behavior_cmp(op, l.clone(), r.clone(), &t, site, span) {
            return Some(e);
        }
        let is_eq = matches!(op, BinOp::Eq | BinOp::Ne);
        if is_eq {
            if let Some(f) = self.user_eq(&t) {
                let a = self.auto_ref(l, Mutability::Not);
                let b = self.auto_ref(r, Mutability::Not);
                let ty_args = match &t {
                    Ty::Adt(_, args) if self.ctx.program.fns[f].generics.len() == args.len() => args.clone(),
                    _ => Vec::new(),
                };
                let call = Self::mk(
                    ExprKind::Call { callee: hir::Callee::Fn { id: f, ty_args }, args: vec![a, b], site },
                    Ty::Bool,
                    span,
                );
                return Some(if op == BinOp::Ne { not(call) } else { call });
            }
            if let Some(e) = self.enum_eq(l.clone(), r.clone(), &t, span) {
                return Some(if op == BinOp::Ne { not(e) } else { e });
            }
        }
        let behavior = if is_eq { "PartialEq" } else { "Ord" };
        let fields: Vec<Ty> = match &t {
            Ty::Tuple(ts) => ts.clone(),
            Ty::Adt(id, args) if self.ctx.adt_derives(*id, behavior) => {
                self.ctx.struct_fields(*id, args)?.into_iter().map(|f| f.1).collect()
            }
            _ => return None,
        };
        let (stmts, a, b) = self.comparable_places(l, r, &t);
        let field = |base: &hir::Expr, i: usize, ft: &Ty| {
            Self::mk(ExprKind::Field { base: Box::new(base.clone()), field: i }, ft.clone(), span)
        };
        let lit = |v: bool| Self::mk(ExprKind::Lit(Const::Bool(v)), Ty::Bool, span);
        let and_or = |op: BinOp, x: hir::Expr, y: hir::Expr| {
            Self::mk(ExprKind::Binary { op, lhs: Box::new(x), rhs: Box::new(y), site }, Ty::Bool, span)
        };
        let value = if is_eq {
            let mut acc: Option<hir::Expr> = None;
            for (i, ft) in fields.iter().enumerate() {
                let eq = self.binary(BinOp::Eq, field(&a, i, ft), field(&b, i, ft), site, span);
                acc = Some(match acc {
                    None => eq,
                    Some(x) => and_or(BinOp::And, x, eq),
                });
            }
            let eq = acc.unwrap_or_else(|| lit(true));
            if op == BinOp::Ne {
                not(eq)
            } else {
                eq
            }
        } else {
            let strict = match op {
                BinOp::Le => BinOp::Lt,
                BinOp::Ge => BinOp::Gt,
                o => o,
            };
            let mut acc = lit(matches!(op, BinOp::Le | BinOp::Ge));
            for (i, ft) in fields.iter().enumerate().rev() {
                let lt = self.binary(strict, field(&a, i, ft), field(&b, i, ft), site, span);
                let eq = self.binary(BinOp::Eq, field(&a, i, ft), field(&b, i, ft), site, span);
                acc = and_or(BinOp::Or, lt, and_or(BinOp::And, eq, acc));
            }
            acc
        };
        if stmts.is_empty() {
            return Some(value);
        }
        Some(Self::mk(ExprKind::Block(hir::Block { stmts, tail: Some(Box::new(value)), span }), Ty::Bool, span))
    }

    /// The user `PartialEq::eq` implementation for the head of `ty`, if any (tuples, whose
    /// stdlib impl serves generic code, compare field-wise instead).
    fn user_eq(&self, ty: &Ty) -> Option<crate::sema::ty::FnId> {
        if matches!(ty, Ty::Tuple(_)) {
            return None;
        }
        let b = *self.ctx.builtin_behaviors.get("PartialEq")?;
        self.ctx.find_methods(ty, "eq").into_iter().find(|m| m.behavior == Some(b)).map(|m| m.fn_id)
    }

    /// Operands that can be read field by field without moving: places are used as they are,
    /// other values are stored in temporaries first.
    fn comparable_places(&mut self, l: hir::Expr, r: hir::Expr, ty: &Ty) -> (Vec<Stmt>, hir::Expr, hir::Expr) {
        if is_pure_place(&l) && is_pure_place(&r) {
            return (Vec::new(), l, r);
        }
        let mut stmts = Vec::new();
        let mut out = Vec::new();
        for e in [l, r] {
            let sp = e.span;
            let local = self.new_local(None, ty.clone(), false, sp);
            let pat = hir::Pat {
                kind: hir::PatKind::Binding { local, mode: hir::BindingMode::ByValue },
                ty: ty.clone(),
                span: sp,
            };
            stmts.push(Stmt::Let { pattern: pat, init: Some(e), else_block: None, span: sp });
            out.push(Self::mk(ExprKind::Local(local), ty.clone(), sp));
        }
        let b = out.pop().unwrap_or_else(|| Self::error_expr(Span::default()));
        let a = out.pop().unwrap_or_else(|| Self::error_expr(Span::default()));
        (stmts, a, b)
    }

    /// `-e`, `not e`, `~e`, `*e` and `&place`.
    pub(super) fn check_unary(&mut self, op: UnaryOp, x: &ast::Expr, exp: &Expect, span: Span) -> hir::Expr {
        let op_span = Span { hi: span.lo.saturating_add(1).min(span.hi), ..span };
        match op {
            UnaryOp::Neg | UnaryOp::BitNot | UnaryOp::Not => {
                let e = match op {
                    UnaryOp::Not => self.check_cond(x),
                    _ => {
                        let e = self.check(x, exp);
                        self.decay(e)
                    }
                };
                let t = self.shallow(&e.ty);
                let ok = match op {
                    UnaryOp::Neg => {
                        self.infer.is_floating(&t)
                            || matches!(t, Ty::Int(i) if i.is_signed())
                            || matches!(t, Ty::Infer(v) if self.infer.kind(v) == VarKind::Int)
                    }
                    UnaryOp::BitNot => self.infer.is_integral(&t),
                    _ => true,
                };
                if matches!(t, Ty::Error) {
                    return Self::error_expr(span);
                }
                if !ok {
                    let n = self.ty_name(&t);
                    let sym = if op == UnaryOp::Neg { "-" } else { "~" };
                    self.err(Diagnostic::error(
                        "E0207",
                        format!("cannot apply unary operator `{sym}` to type `{n}`"),
                        span,
                        "invalid operand type",
                    ));
                    return Self::error_expr(span);
                }
                let uop = match op {
                    UnaryOp::Neg => UnOp::Neg,
                    UnaryOp::Not => UnOp::Not,
                    _ => UnOp::BitNot,
                };
                let ty = if op == UnaryOp::Not { Ty::Bool } else { t };
                Self::mk(ExprKind::Unary { op: uop, operand: Box::new(e), site: op_span }, ty, span)
            }
            UnaryOp::Deref => {
                let e = self.check(x, &Expect::None);
                let e = match self.shallow(&e.ty) {
                    Ty::Ref(..) => e,
                    _ => match self.smart_deref(e, span) {
                        Ok(place) => return place,
                        Err(e) => *e,
                    },
                };
                match self.shallow(&e.ty) {
                    Ty::Ref(_, inner) => Self::mk(ExprKind::Deref(Box::new(e)), *inner, span),
                    Ty::Ptr(inner) => {
                        self.require_lowlevel(span, "dereferencing a raw pointer");
                        Self::mk(ExprKind::Deref(Box::new(e)), *inner, span)
                    }
                    Ty::Error => Self::error_expr(span),
                    t => {
                        let n = self.ty_name(&t);
                        self.err(Diagnostic::error(
                            "E0207",
                            format!("type `{n}` cannot be dereferenced"),
                            span,
                            "not a reference or pointer",
                        ));
                        Self::error_expr(span)
                    }
                }
            }
            UnaryOp::AddrOf => {
                self.require_lowlevel(span, "taking an address with `&`");
                let e = self.check(x, &Expect::None);
                if self.place_mutability(&e).is_none() {
                    self.err(Diagnostic::error("E0207", "`&` needs a place", x.span, "not a place"));
                }
                let ty = Ty::Ptr(Box::new(e.ty.clone()));
                Self::mk(ExprKind::AddrOf(Box::new(e)), ty, span)
            }
        }
    }

    /// E0216 unless inside `lowlevel` code.
    pub(super) fn require_lowlevel(&mut self, span: Span, what: &str) {
        if self.lowlevel == 0 {
            self.err(
                Diagnostic::error(
                    "E0216",
                    format!("{what} is only allowed in `lowlevel` code"),
                    span,
                    "low-level operation outside `lowlevel`",
                )
                .with_help("wrap it in `lowlevel { … }`"),
            );
        }
    }

    /// Reports E0209 if `place` is not a mutable place.
    pub(super) fn require_mutable_place(&mut self, place: &hir::Expr, ast_place: &ast::Expr) -> bool {
        match self.place_mutability(place) {
            Some(true) => true,
            Some(false) => {
                let name = self.text(ast_place.span);
                let mut d = match &place.kind {
                    ExprKind::Local(l) => {
                        let decl = self.locals[*l].span;
                        Diagnostic::error(
                            "E0209",
                            format!("cannot assign to immutable binding `{name}`"),
                            ast_place.span,
                            "cannot assign twice to immutable binding",
                        )
                        .with_secondary(decl, "binding declared here")
                        .with_help(format!("make the binding mutable: `let mut {name}` or `var {name}`"))
                    }
                    _ => Diagnostic::error(
                        "E0209",
                        format!("cannot assign to `{name}`, which is not a mutable place"),
                        ast_place.span,
                        "cannot assign",
                    ),
                };
                if matches!(&place.kind, ExprKind::Deref(_)) {
                    d = Diagnostic::error(
                        "E0209",
                        format!("cannot assign to `{name}`, which is behind a shared reference"),
                        ast_place.span,
                        "cannot assign through `ref`",
                    );
                }
                self.err(d);
                false
            }
            None => {
                self.err(Diagnostic::error(
                    "E0209",
                    "invalid left-hand side of assignment",
                    ast_place.span,
                    "cannot assign to this expression",
                ));
                false
            }
        }
    }

    /// `place = value` and `place op= value` (E0209 for immutable places).
    pub(super) fn check_assign(
        &mut self,
        op: Option<BinaryOp>,
        op_span: Span,
        place: &ast::Expr,
        value: &ast::Expr,
        span: Span,
    ) -> hir::Expr {
        let p = self.check(place, &Expect::None);
        if matches!(p.ty, Ty::Error) {
            self.check(value, &Expect::None);
            return Self::unit(span);
        }
        self.require_mutable_place(&p, place);
        let p = self.mutable_place(p);
        let pty = p.ty.clone();
        let Some(op) = op else {
            let v = self.check_as(value, &pty, None);
            return Self::mk(ExprKind::Assign { place: Box::new(p), value: Box::new(v) }, Ty::Unit, span);
        };
        let op = bin_op(op);
        let rexp = if matches!(op, BinOp::Shl | BinOp::Shr) { Expect::None } else { Expect::Ty(pty.clone(), None) };
        let v = self.check(value, &rexp);
        let v = self.decay(v);
        let pt = self.shallow(&pty);
        if pt == Ty::Str && op == BinOp::Add {
            let v = self.coerce(v, &Ty::Str, None);
            let cat = self.intrinsic(Intrinsic::StrConcat, vec![p.clone(), v], Ty::Str, op_span, span);
            return Self::mk(ExprKind::Assign { place: Box::new(p), value: Box::new(cat) }, Ty::Unit, span);
        }
        let probe = self.binary(
            op,
            Self::mk(ExprKind::Lit(Const::Unit), pt.clone(), span),
            Self::mk(ExprKind::Lit(Const::Unit), v.ty.clone(), span),
            op_span,
            span,
        );
        if matches!(probe.ty, Ty::Error) || is_cmp(op) || matches!(op, BinOp::And | BinOp::Or) {
            return Self::unit(span);
        }
        Self::mk(ExprKind::CompoundAssign { op, place: Box::new(p), value: Box::new(v), site: op_span }, Ty::Unit, span)
    }

    /// `e as T` (LANGUAGE.md §6.4, E0207).
    pub(super) fn check_cast(&mut self, x: &ast::Expr, t: &ast::Type, span: Span) -> hir::Expr {
        let target = self.resolve_ty(t);
        let e = self.check(x, &Expect::None);
        let e = self.decay(e);
        let src = self.infer.apply_default(&e.ty);
        if matches!(src, Ty::Error) || matches!(target, Ty::Error) {
            return Self::error_expr(span);
        }
        if self.is_class_cast(&src, &target) {
            return self.class_downcast(e, &target, span).unwrap_or_else(|| Self::error_expr(span));
        }
        let ok = match (&src, &target) {
            (a, b) if a == b => true,
            (Ty::Int(_) | Ty::Float(_), Ty::Int(_) | Ty::Float(_)) => true,
            (Ty::Bool, Ty::Int(_)) => true,
            (Ty::Char, Ty::Int(IntTy::U32 | IntTy::I32 | IntTy::U64 | IntTy::I64)) => true,
            (Ty::Int(IntTy::U8), Ty::Char) => true,
            (Ty::Ptr(_), Ty::Ptr(_))
            | (Ty::Ptr(_), Ty::Int(IntTy::I64 | IntTy::U64))
            | (Ty::Int(IntTy::I64 | IntTy::U64), Ty::Ptr(_)) => {
                self.require_lowlevel(span, "a pointer cast");
                true
            }
            _ => false,
        };
        if !ok {
            let (a, b) = (self.ty_name(&src), self.ty_name(&target));
            self.err(Diagnostic::error("E0207", format!("invalid cast from `{a}` to `{b}`"), span, "invalid cast"));
            return Self::error_expr(span);
        }
        Self::mk(ExprKind::Cast(Box::new(e)), target, span)
    }

    /// `e` converted to a reference of mutability `m` without moving: places are borrowed,
    /// references are passed on (re-borrowed when the mutability differs).
    pub(super) fn auto_ref(&mut self, e: hir::Expr, m: Mutability) -> hir::Expr {
        let e = if m == Mutability::Mut { self.mutable_place(e) } else { e };
        let t = self.shallow(&e.ty);
        if let Ty::Ref(rm, inner) = &t {
            if *rm == m {
                return self.reborrow(e);
            }
            let span = e.span;
            let d = Self::mk(ExprKind::Deref(Box::new(e)), (**inner).clone(), span);
            return self.auto_ref(d, m);
        }
        let span = e.span;
        let ty = Ty::Ref(m, Box::new(e.ty.clone()));
        Self::mk(ExprKind::Ref { mutability: m, place: Box::new(e) }, ty, span)
    }
}
