//! Prelude functions and methods of built-in types (LANGUAGE.md §11, §14.1–§14.4).

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, BinOp, BindingMode, Const, ExprKind, Intrinsic, Pat, PatKind, Stmt};
use crate::sema::ty::{IntTy, Ty};
use crate::span::Span;
use crate::syntax::ast;

fn ptr_unit() -> Ty {
    Ty::Ptr(Box::new(Ty::Unit))
}

impl FnCk<'_, '_> {
    /// Checks `args` against `tys` (E0201 on a count mismatch).
    pub(super) fn builtin_args(
        &mut self,
        name: &str,
        args: &[ast::Expr],
        tys: &[Ty],
        span: Span,
    ) -> Option<Vec<hir::Expr>> {
        if args.len() != tys.len() {
            self.arity_builtin(name, &tys.len().to_string(), args, span);
            return None;
        }
        Some(args.iter().zip(tys).map(|(a, t)| self.check_as(a, t, None)).collect())
    }

    /// A pointer argument (any `*T`).
    fn ptr_arg(&mut self, a: &ast::Expr) -> hir::Expr {
        let x = self.check(a, &Expect::Ty(ptr_unit(), None));
        match self.shallow(&x.ty) {
            Ty::Ptr(_) | Ty::Error => x,
            t => {
                let n = self.ty_name(&t);
                self.err(Diagnostic::error(
                    "E0200",
                    format!("type mismatch: expected a pointer, found `{n}`"),
                    a.span,
                    "expected a pointer",
                ));
                Self::error_expr(a.span)
            }
        }
    }

    /// Calls of prelude functions; `None` if `name` is not one.
    pub(super) fn builtin_call(
        &mut self,
        name: &str,
        ty_args: &[Ty],
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        let intr = |ck: &mut Self, op: Intrinsic, args: Vec<hir::Expr>, ty: Ty| ck.intrinsic(op, args, ty, site, span);
        Some(match name {
            "print" | "println" | "eprint" | "eprintln" => {
                let stream = if name.starts_with('e') { 2 } else { 1 };
                let newline = name.ends_with("ln");
                if args.is_empty() && !newline {
                    self.arity_builtin(name, "at least 1", args, span);
                    return Some(Self::error_expr(span));
                }
                let msg = self.format_args(args, span);
                intr(self, Intrinsic::Print { stream, newline }, vec![msg], Ty::Unit)
            }
            "format" => {
                if args.is_empty() {
                    self.arity_builtin(name, "at least 1", args, span);
                    return Some(Self::error_expr(span));
                }
                self.format_args(args, span)
            }
            "panic" => {
                let a = self.builtin_args(name, args, &[Ty::Str], span)?;
                intr(self, Intrinsic::Panic, a, Ty::Never)
            }
            "unreachable" | "todo" => {
                self.builtin_args(name, args, &[], span)?;
                let msg =
                    if name == "todo" { "not yet implemented" } else { "internal error: entered unreachable code" };
                let m = Self::mk(ExprKind::Lit(Const::Str(msg.into())), Ty::Str, span);
                intr(self, Intrinsic::Panic, vec![m], Ty::Never)
            }
            "drop" => {
                let [x] = args else {
                    self.arity_builtin(name, "1", args, span);
                    return Some(Self::error_expr(span));
                };
                let v = self.check(x, &Expect::None);
                let l = self.new_local(None, v.ty.clone(), false, x.span);
                let pat = Pat {
                    kind: PatKind::Binding { local: l, mode: BindingMode::ByValue },
                    ty: v.ty.clone(),
                    span: x.span,
                };
                let bind = Stmt::Let { pattern: pat, init: Some(v), else_block: None, span };
                Self::mk(ExprKind::Block(hir::Block { stmts: vec![bind], tail: None, span }), Ty::Unit, span)
            }
            "exit" => {
                let a = self.builtin_args(name, args, &[Ty::I32], span)?;
                intr(self, Intrinsic::Exit, a, Ty::Never)
            }
            "assert" => self.check_assert(args, site, span),
            "assert_eq" => self.check_assert_eq(true, args, site, span),
            "assert_ne" => self.check_assert_eq(false, args, site, span),
            "mem_live_allocations" | "mem_live_bytes" => {
                self.builtin_args(name, args, &[], span)?;
                let op = if name == "mem_live_bytes" { Intrinsic::LiveBytes } else { Intrinsic::LiveAllocations };
                intr(self, op, Vec::new(), Ty::I64)
            }
            "size_of" | "align_of" => {
                let [t] = ty_args else {
                    self.err(Diagnostic::error(
                        "E0202",
                        format!("`{name}` needs one type argument: `{name}[T]()`"),
                        site,
                        "missing type argument",
                    ));
                    return Some(Self::error_expr(span));
                };
                self.builtin_args(name, args, &[], span)?;
                let op = if name == "size_of" { Intrinsic::SizeOf } else { Intrinsic::AlignOf };
                Self::mk(ExprKind::Intrinsic { op, ty_args: vec![t.clone()], args: Vec::new(), site }, Ty::I64, span)
            }
            "mem_alloc" | "mem_alloc_zeroed" | "mem_free" | "mem_copy" | "mem_set" | "ptr_read" | "ptr_write"
            | "ptr_offset" => {
                self.require_lowlevel(site, &format!("`{name}`"));
                return Some(self.lowlevel_call(name, ty_args, args, site, span));
            }
            _ if self.in_stdlib() => return self.stdlib_intrinsic_call(name, ty_args, args, site, span),
            _ => return None,
        })
    }

    fn lowlevel_call(&mut self, name: &str, ty_args: &[Ty], args: &[ast::Expr], site: Span, span: Span) -> hir::Expr {
        let want = match name {
            "mem_alloc" | "mem_alloc_zeroed" | "mem_free" | "ptr_read" => 1,
            "mem_copy" | "mem_set" => 3,
            _ => 2,
        };
        if args.len() != want {
            self.arity_builtin(name, &want.to_string(), args, span);
            return Self::error_expr(span);
        }
        let mk = |op: Intrinsic, ty_args: Vec<Ty>, args: Vec<hir::Expr>, ty: Ty| {
            Self::mk(ExprKind::Intrinsic { op, ty_args, args, site }, ty, span)
        };
        match name {
            "mem_alloc" | "mem_alloc_zeroed" => {
                let n = self.check_as(&args[0], &Ty::I64, None);
                let op = if name == "mem_alloc" { Intrinsic::MemAlloc } else { Intrinsic::MemAllocZeroed };
                mk(op, Vec::new(), vec![n], ptr_unit())
            }
            "mem_free" => {
                let p = self.ptr_arg(&args[0]);
                mk(Intrinsic::MemFree, Vec::new(), vec![p], Ty::Unit)
            }
            "mem_copy" => {
                let d = self.ptr_arg(&args[0]);
                let s = self.ptr_arg(&args[1]);
                let n = self.check_as(&args[2], &Ty::I64, None);
                mk(Intrinsic::MemCopy, Vec::new(), vec![d, s, n], Ty::Unit)
            }
            "mem_set" => {
                let p = self.ptr_arg(&args[0]);
                let b = self.check_as(&args[1], &Ty::Int(IntTy::U8), None);
                let n = self.check_as(&args[2], &Ty::I64, None);
                mk(Intrinsic::MemSet, Vec::new(), vec![p, b, n], Ty::Unit)
            }
            "ptr_offset" => {
                let p = self.ptr_arg(&args[0]);
                let n = self.check_as(&args[1], &Ty::I64, None);
                let ty = p.ty.clone();
                mk(Intrinsic::PtrByteOffset, Vec::new(), vec![p, n], ty)
            }
            _ => {
                let p = self.ptr_arg(&args[0]);
                let t = match (ty_args, self.shallow(&p.ty)) {
                    ([t], _) => t.clone(),
                    ([], Ty::Ptr(inner)) if *inner != Ty::Unit => *inner,
                    _ => {
                        self.err(Diagnostic::error(
                            "E0202",
                            format!("`{name}` needs a type argument: `{name}[T](…)`"),
                            site,
                            "type cannot be inferred",
                        ));
                        Ty::Error
                    }
                };
                if name == "ptr_read" {
                    mk(Intrinsic::PtrRead, vec![t.clone()], vec![p], t)
                } else {
                    let v = self.check_as(&args[1], &t, None);
                    mk(Intrinsic::PtrWrite, vec![t], vec![p, v], Ty::Unit)
                }
            }
        }
    }

    /// `Str::from(s)`, `Str::from_char(c)`.
    pub(super) fn builtin_assoc_call(
        &mut self,
        ty: &Ty,
        name: &ast::Ident,
        args: &[ast::Expr],
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        match (ty, name.name.as_str()) {
            (Ty::Str, "from") => Some(self.builtin_args("Str::from", args, &[Ty::Str], span)?.remove(0)),
            (Ty::Str, "from_char") => {
                let a = self.builtin_args("Str::from_char", args, &[Ty::Char], span)?;
                Some(self.intrinsic(Intrinsic::StrFromChar, a, Ty::Str, site, span))
            }
            _ => None,
        }
    }

    /// Methods of `Str`, numbers, `Char`, `Bool`, arrays and raw pointers; `None` if there is
    /// no such method.
    pub(super) fn builtin_method(
        &mut self,
        recv: hir::Expr,
        base: &Ty,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<hir::Expr> {
        let site = method.span;
        let name = method.name.as_str();
        let full = format!("{}::{name}", self.ty_name(base));
        let recv = self.deref_all(recv);
        let call = |ck: &mut Self, op: Intrinsic, tys: &[Ty], ret: Ty, recv: hir::Expr| -> Option<hir::Expr> {
            let mut a = ck.builtin_args(&full, args, tys, span)?;
            a.insert(0, recv);
            Some(ck.intrinsic(op, a, ret, site, span))
        };
        let s = Ty::Str;
        let i64 = Ty::I64;
        match base {
            Ty::Str => match name {
                "len" => call(self, Intrinsic::StrLen, &[], i64, recv),
                "is_empty" => {
                    let len = call(self, Intrinsic::StrLen, &[], i64.clone(), recv)?;
                    let zero = Self::mk(ExprKind::Lit(Const::Int(0)), i64, span);
                    Some(Self::mk(
                        ExprKind::Binary { op: BinOp::Eq, lhs: Box::new(len), rhs: Box::new(zero), site },
                        Ty::Bool,
                        span,
                    ))
                }
                "slice" => call(self, Intrinsic::StrSlice, &[i64.clone(), i64], s, recv),
                "contains" => call(self, Intrinsic::StrContains, &[s], Ty::Bool, recv),
                "starts_with" => call(self, Intrinsic::StrStartsWith, &[s], Ty::Bool, recv),
                "ends_with" => call(self, Intrinsic::StrEndsWith, &[s], Ty::Bool, recv),
                "find" => call(self, Intrinsic::StrFind, &[s], i64, recv),
                "to_uppercase" => call(self, Intrinsic::StrToUppercase, &[], s, recv),
                "to_lowercase" => call(self, Intrinsic::StrToLowercase, &[], s, recv),
                "trim" => call(self, Intrinsic::StrTrim, &[], s, recv),
                "trim_start" => call(self, Intrinsic::StrTrimStart, &[], s, recv),
                "trim_end" => call(self, Intrinsic::StrTrimEnd, &[], s, recv),
                "replace" => call(self, Intrinsic::StrReplace, &[s.clone(), s.clone()], s, recv),
                "repeat" => call(self, Intrinsic::StrRepeat, &[i64], s, recv),
                "byte_at" => call(self, Intrinsic::StrByteAt, &[i64], Ty::Int(IntTy::U8), recv),
                "char_at" => {
                    let b = call(self, Intrinsic::StrByteAt, &[i64], Ty::Int(IntTy::U8), recv)?;
                    Some(Self::mk(ExprKind::Cast(Box::new(b)), Ty::I32, span))
                }
                "to_string" => {
                    self.builtin_args(&full, args, &[], span)?;
                    Some(recv)
                }
                _ => None,
            },
            Ty::Int(_) | Ty::Float(_) => {
                let t = base.clone();
                let float = matches!(base, Ty::Float(_));
                match name {
                    "abs" => call(self, Intrinsic::Abs, &[], t, recv),
                    "min" => call(self, Intrinsic::Min, std::slice::from_ref(&t), t.clone(), recv),
                    "max" => call(self, Intrinsic::Max, std::slice::from_ref(&t), t.clone(), recv),
                    "to_string" => call(self, Intrinsic::ToString, &[], s, recv),
                    "pow" if float => call(self, Intrinsic::Pow, std::slice::from_ref(&t), t.clone(), recv),
                    "pow" => call(self, Intrinsic::Pow, &[Ty::Int(IntTy::U32)], t, recv),
                    "wrapping_add" if !float => {
                        call(self, Intrinsic::WrappingAdd, std::slice::from_ref(&t), t.clone(), recv)
                    }
                    "wrapping_sub" if !float => {
                        call(self, Intrinsic::WrappingSub, std::slice::from_ref(&t), t.clone(), recv)
                    }
                    "wrapping_mul" if !float => {
                        call(self, Intrinsic::WrappingMul, std::slice::from_ref(&t), t.clone(), recv)
                    }
                    "sqrt" if float => call(self, Intrinsic::Sqrt, &[], t, recv),
                    "floor" if float => call(self, Intrinsic::Floor, &[], t, recv),
                    "ceil" if float => call(self, Intrinsic::Ceil, &[], t, recv),
                    "round" if float => call(self, Intrinsic::Round, &[], t, recv),
                    "is_nan" if float => call(self, Intrinsic::IsNan, &[], Ty::Bool, recv),
                    _ => None,
                }
            }
            Ty::Bool | Ty::Unit if name == "to_string" => call(self, Intrinsic::ToString, &[], s, recv),
            Ty::Char => self.char_method(name, recv, args, &full, site, span),
            Ty::Array(_, n) if name == "len" => {
                self.builtin_args(&full, args, &[], span)?;
                let lit = Self::mk(ExprKind::Lit(Const::Int(*n as i128)), i64, span);
                if self.place_mutability(&recv).is_some() {
                    return Some(lit);
                }
                Some(Self::mk(
                    ExprKind::Block(hir::Block { stmts: vec![Stmt::Expr(recv)], tail: Some(Box::new(lit)), span }),
                    Ty::I64,
                    span,
                ))
            }
            Ty::Ptr(inner) => {
                let t = (**inner).clone();
                let mk = |op: Intrinsic, ty_args: Vec<Ty>, a: Vec<hir::Expr>, ty: Ty| {
                    Self::mk(ExprKind::Intrinsic { op, ty_args, args: a, site }, ty, span)
                };
                match name {
                    "is_null" => call(self, Intrinsic::PtrIsNull, &[], Ty::Bool, recv),
                    "read" => {
                        self.require_lowlevel(site, "reading through a raw pointer");
                        self.builtin_args(&full, args, &[], span)?;
                        Some(mk(Intrinsic::PtrRead, vec![t.clone()], vec![recv], t))
                    }
                    "write" => {
                        self.require_lowlevel(site, "writing through a raw pointer");
                        let mut a = self.builtin_args(&full, args, std::slice::from_ref(&t), span)?;
                        a.insert(0, recv);
                        Some(mk(Intrinsic::PtrWrite, vec![t], a, Ty::Unit))
                    }
                    "offset" => {
                        self.require_lowlevel(site, "pointer arithmetic");
                        let pt = recv.ty.clone();
                        call(self, Intrinsic::PtrElemOffset, &[i64], pt, recv)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `Char` predicates and ASCII case mapping, written as plain comparisons on a temporary.
    fn char_method(
        &mut self,
        name: &str,
        recv: hir::Expr,
        args: &[ast::Expr],
        full: &str,
        site: Span,
        span: Span,
    ) -> Option<hir::Expr> {
        if !matches!(
            name,
            "is_alphabetic"
                | "is_numeric"
                | "is_alphanumeric"
                | "is_whitespace"
                | "is_uppercase"
                | "is_lowercase"
                | "to_uppercase"
                | "to_lowercase"
                | "to_string"
        ) {
            return None;
        }
        self.builtin_args(full, args, &[], span)?;
        if name == "to_string" {
            return Some(self.intrinsic(Intrinsic::ToString, vec![recv], Ty::Str, site, span));
        }
        let l = self.new_local(None, Ty::Char, false, span);
        let c = || Self::mk(ExprKind::Local(l), Ty::Char, span);
        let ch = |x: char| Self::mk(ExprKind::Lit(Const::Char(x)), Ty::Char, span);
        let bin = |op: BinOp, a: hir::Expr, b: hir::Expr| {
            Self::mk(ExprKind::Binary { op, lhs: Box::new(a), rhs: Box::new(b), site }, Ty::Bool, span)
        };
        let between = |lo: char, hi: char| bin(BinOp::And, bin(BinOp::Ge, c(), ch(lo)), bin(BinOp::Le, c(), ch(hi)));
        let any = |xs: Vec<hir::Expr>| {
            xs.into_iter()
                .reduce(|a, b| bin(BinOp::Or, a, b))
                .unwrap_or_else(|| Self::mk(ExprKind::Lit(Const::Bool(false)), Ty::Bool, span))
        };
        let shift = |lo: char, hi: char, up: bool| {
            let as_u32 = Self::mk(ExprKind::Cast(Box::new(c())), Ty::Int(IntTy::U32), span);
            let k = Self::mk(ExprKind::Lit(Const::Int(32)), Ty::Int(IntTy::U32), span);
            let op = if up { BinOp::Sub } else { BinOp::Add };
            let moved = Self::mk(
                ExprKind::Binary { op, lhs: Box::new(as_u32), rhs: Box::new(k), site },
                Ty::Int(IntTy::U32),
                span,
            );
            let byte = Self::mk(ExprKind::Cast(Box::new(moved)), Ty::Int(IntTy::U8), span);
            let back = Self::mk(ExprKind::Cast(Box::new(byte)), Ty::Char, span);
            Self::mk(
                ExprKind::If {
                    cond: Box::new(between(lo, hi)),
                    then_branch: Box::new(back),
                    else_branch: Some(Box::new(c())),
                },
                Ty::Char,
                span,
            )
        };
        let (value, ty) = match name {
            "is_alphabetic" => (any(vec![between('a', 'z'), between('A', 'Z')]), Ty::Bool),
            "is_numeric" => (between('0', '9'), Ty::Bool),
            "is_alphanumeric" => (any(vec![between('a', 'z'), between('A', 'Z'), between('0', '9')]), Ty::Bool),
            "is_whitespace" => (
                any([' ', '\t', '\n', '\r', '\x0C'].into_iter().map(|x| bin(BinOp::Eq, c(), ch(x))).collect()),
                Ty::Bool,
            ),
            "is_uppercase" => (between('A', 'Z'), Ty::Bool),
            "is_lowercase" => (between('a', 'z'), Ty::Bool),
            "to_uppercase" => (shift('a', 'z', true), Ty::Char),
            _ => (shift('A', 'Z', false), Ty::Char),
        };
        let pat = Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty: Ty::Char, span };
        let bind = Stmt::Let { pattern: pat, init: Some(recv), else_block: None, span };
        Some(Self::mk(ExprKind::Block(hir::Block { stmts: vec![bind], tail: Some(Box::new(value)), span }), ty, span))
    }
}
