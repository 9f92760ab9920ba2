//! String building: interpolation (LANGUAGE.md §2.6), `Display` conversion, format strings
//! with `{}`/`{:.N}` placeholders (§14.1), and the assertion macros (§14.2).

use super::{Expect, FnCk};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, BinOp, BindingMode, Callee, Const, ExprKind, Intrinsic, Pat, PatKind, Stmt, UnOp};
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, StrPart};

/// A `{}` or `{:.N}` placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placeholder {
    Plain,
    Precision(u32),
}

/// For each `{` that survives escape decoding in a string literal's text, whether it starts a
/// placeholder (`true`) or came from an escape such as `\{` (`false`). Scans the raw source.
fn brace_events(raw: &str) -> Vec<bool> {
    let cs: Vec<char> = raw.chars().collect();
    let mut out = Vec::new();
    let mut i = usize::from(cs.first() == Some(&'"'));
    while i < cs.len() {
        match cs[i] {
            '\\' => {
                let decoded = match cs.get(i + 1) {
                    Some('u') => {
                        let end = cs[i..].iter().position(|c| *c == '}').map(|p| i + p).unwrap_or(cs.len() - 1);
                        let hex: String = cs.get(i + 3..end).map(|s| s.iter().collect()).unwrap_or_default();
                        let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        i = end + 1;
                        c
                    }
                    Some('x') => {
                        let hex: String = cs.get(i + 2..i + 4).map(|s| s.iter().collect()).unwrap_or_default();
                        i += 4;
                        u8::from_str_radix(&hex, 16).ok().map(char::from)
                    }
                    c => {
                        let c = c.copied();
                        i += 2;
                        c
                    }
                };
                if decoded == Some('{') {
                    out.push(false);
                }
            }
            '{' if matches!(cs.get(i + 1), Some('}' | ':')) => {
                out.push(true);
                i += 1;
            }
            '{' => {
                let mut depth = 0;
                while i < cs.len() {
                    match cs[i] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        q @ ('"' | '\'') => {
                            i += 1;
                            while i < cs.len() && cs[i] != q {
                                i += if cs[i] == '\\' { 2 } else { 1 };
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            '"' => break,
            _ => i += 1,
        }
    }
    out
}

/// A piece of a format string: literal text, an interpolated expression or a placeholder.
enum Piece<'e> {
    Text(String),
    Expr(&'e ast::Expr),
    Hole(Placeholder),
}

impl FnCk<'_, '_> {
    /// `"text {expr} text"` → `StrConcatN` of the pieces.
    pub(super) fn interpolate(&mut self, parts: &[StrPart], span: Span) -> hir::Expr {
        let mut pieces = Vec::new();
        for p in parts {
            match p {
                StrPart::Text(t) => pieces.push(self.str_lit(t, span)),
                StrPart::Expr(e) => {
                    let x = self.check(e, &Expect::None);
                    pieces.push(self.display_string(x));
                }
            }
        }
        self.concat(pieces, span)
    }

    fn str_lit(&self, s: &str, span: Span) -> hir::Expr {
        Self::mk(ExprKind::Lit(Const::Str(s.to_string())), Ty::Str, span)
    }

    /// Concatenates Str pieces (a single piece is returned as is).
    fn concat(&mut self, mut pieces: Vec<hir::Expr>, span: Span) -> hir::Expr {
        pieces.retain(|p| !matches!(&p.kind, ExprKind::Lit(Const::Str(s)) if s.is_empty()));
        match pieces.len() {
            0 => self.str_lit("", span),
            1 if matches!(pieces[0].ty, Ty::Str) => pieces.remove(0),
            _ => self.intrinsic(Intrinsic::StrConcatN, pieces, Ty::Str, span, span),
        }
    }

    /// Converts a value to `Str` with `Display` (E0203 if the type has no `Display`).
    pub(super) fn display_string(&mut self, e: hir::Expr) -> hir::Expr {
        match self.try_display(e) {
            Ok(x) => x,
            Err(e) => {
                if !matches!(self.shallow(&e.ty), Ty::Error) {
                    let n = self.ty_name(&e.ty);
                    self.err(
                        Diagnostic::error(
                            "E0203",
                            format!("`{n}` does not implement `Display`"),
                            e.span,
                            format!("`{n}` cannot be formatted"),
                        )
                        .with_help(format!(
                            "implement it with `impl Display for {n} {{ func to_string(this) -> Str {{ … }} }}`"
                        )),
                    );
                }
                Self::error_expr(e.span)
            }
        }
    }

    /// `Display` conversion, or the unchanged expression when the type has none.
    fn try_display(&mut self, e: hir::Expr) -> Result<hir::Expr, Box<hir::Expr>> {
        let mut e = self.decay(e);
        // `ref T` / `mut ref T` format as `T` (§2.6): format the referenced place.
        while let Ty::Ref(_, inner) = self.infer.apply_default(&e.ty) {
            let span = e.span;
            e = Self::mk(ExprKind::Deref(Box::new(e)), *inner, span);
        }
        let t = self.infer.apply_default(&e.ty);
        let span = e.span;
        match &t {
            Ty::Str => Ok(e),
            Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Char | Ty::Unit => {
                Ok(self.intrinsic(Intrinsic::ToString, vec![e], Ty::Str, span, span))
            }
            Ty::Adt(..) => {
                let base = self.infer.resolve(&t);
                let Some(f) = self.ctx.display_fn(&base) else {
                    return Err(Box::new(e));
                };
                let ty_args: Vec<Ty> = match &base {
                    Ty::Adt(_, args) if self.ctx.program.fns[f].generics.len() == args.len() => args.clone(),
                    _ => vec![Ty::Error; self.ctx.program.fns[f].generics.len()],
                };
                let recv = self.auto_ref(e, Mutability::Not);
                Ok(Self::mk(
                    ExprKind::Call { callee: Callee::Fn { id: f, ty_args }, args: vec![recv], site: span },
                    Ty::Str,
                    span,
                ))
            }
            Ty::Param(i) => {
                let display = *self.ctx.builtin_behaviors.get("Display").ok_or_else(|| Box::new(e.clone()))?;
                if !self.generics.get(*i as usize).is_some_and(|g| g.bounds.contains(&display)) {
                    return Err(Box::new(e));
                }
                let recv = self.auto_ref(e, Mutability::Not);
                let callee = Callee::Behavior { behavior: display, method: 0, self_ty: t.clone(), ty_args: Vec::new() };
                Ok(Self::mk(ExprKind::Call { callee, args: vec![recv], site: span }, Ty::Str, span))
            }
            _ => Err(Box::new(e)),
        }
    }

    /// The message string of the print family and `format`: one `Display` argument, or a
    /// format string literal with placeholders and arguments.
    pub(super) fn format_args(&mut self, args: &[ast::Expr], span: Span) -> hir::Expr {
        let Some(first) = args.first() else {
            return self.str_lit("", span);
        };
        if args.len() == 1 {
            let x = self.check(first, &Expect::None);
            return self.display_string(x);
        }
        let ast::ExprKind::Str(parts) = &first.kind else {
            self.err(Diagnostic::error(
                "E0217",
                "format string must be a string literal",
                first.span,
                "expected a string literal",
            ));
            for a in args {
                self.check(a, &Expect::None);
            }
            return Self::error_expr(span);
        };
        let events = self.ctx.snippet(first.span).map(brace_events);
        let mut ev = events.as_ref().map(|v| v.iter().copied());
        let mut pieces: Vec<Piece> = Vec::new();
        let mut text = String::new();
        for p in parts {
            match p {
                StrPart::Expr(e) => {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    pieces.push(Piece::Expr(e));
                }
                StrPart::Text(t) => {
                    let cs: Vec<char> = t.chars().collect();
                    let mut i = 0;
                    while i < cs.len() {
                        let c = cs[i];
                        let candidate = c == '{' && matches!(cs.get(i + 1), Some('}' | ':'));
                        let is_hole = if c == '{' {
                            ev.as_mut().and_then(|e| e.next()).unwrap_or(candidate) && candidate
                        } else {
                            false
                        };
                        if !is_hole {
                            text.push(c);
                            i += 1;
                            continue;
                        }
                        let close = cs[i..].iter().position(|c| *c == '}').map(|p| i + p).unwrap_or(cs.len());
                        let spec: String = cs[i + 1..close].iter().collect();
                        let hole = if spec.is_empty() {
                            Placeholder::Plain
                        } else if let Some(n) = spec.strip_prefix(":.").and_then(|n| n.parse::<u32>().ok()) {
                            Placeholder::Precision(n)
                        } else {
                            self.err(Diagnostic::error(
                                "E0217",
                                format!("invalid placeholder `{{{spec}}}`"),
                                first.span,
                                "only `{}` and `{:.N}` are supported",
                            ));
                            Placeholder::Plain
                        };
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                        pieces.push(Piece::Hole(hole));
                        i = close + 1;
                    }
                }
            }
        }
        pieces.push(Piece::Text(text));
        let holes = pieces.iter().filter(|p| matches!(p, Piece::Hole(_))).count();
        if holes != args.len() - 1 {
            let s = |n: usize| if n == 1 { "" } else { "s" };
            self.err(Diagnostic::error(
                "E0217",
                format!(
                    "format string has {holes} placeholder{} but {} argument{} {} given",
                    s(holes),
                    args.len() - 1,
                    s(args.len() - 1),
                    if args.len() == 2 { "was" } else { "were" }
                ),
                first.span,
                "placeholders do not match the arguments",
            ));
            for a in &args[1..] {
                self.check(a, &Expect::None);
            }
            return Self::error_expr(span);
        }
        let mut rest = args[1..].iter();
        let mut out = Vec::new();
        for p in pieces {
            match p {
                Piece::Text(t) => out.push(self.str_lit(&t, first.span)),
                Piece::Expr(e) => {
                    let x = self.check(e, &Expect::None);
                    out.push(self.display_string(x));
                }
                Piece::Hole(h) => {
                    let Some(a) = rest.next() else { break };
                    let x = self.check(a, &Expect::None);
                    out.push(match h {
                        Placeholder::Plain => self.display_string(x),
                        Placeholder::Precision(n) => {
                            let x = self.decay(x);
                            let t = self.infer.apply_default(&x.ty);
                            if !matches!(t, Ty::Float(_) | Ty::Error) {
                                let tn = self.ty_name(&t);
                                self.err(Diagnostic::error(
                                    "E0217",
                                    format!("`{{:.{n}}}` needs an `F32` or `F64` argument, found `{tn}`"),
                                    a.span,
                                    "not a float",
                                ));
                            }
                            let sp = x.span;
                            self.intrinsic(Intrinsic::FloatToStrPrec(n), vec![x], Ty::Str, sp, sp)
                        }
                    });
                }
            }
        }
        self.concat(out, span)
    }

    /// `if not cond { panic(msg) }`.
    fn panic_unless(&mut self, cond: hir::Expr, msg: hir::Expr, site: Span, span: Span) -> hir::Expr {
        let not = Self::mk(ExprKind::Unary { op: UnOp::Not, operand: Box::new(cond), site }, Ty::Bool, span);
        let panic = self.intrinsic(Intrinsic::Panic, vec![msg], Ty::Never, site, span);
        Self::mk(ExprKind::If { cond: Box::new(not), then_branch: Box::new(panic), else_branch: None }, Ty::Unit, span)
    }

    /// `assert(cond)` / `assert(cond, msg)`.
    pub(super) fn check_assert(&mut self, args: &[ast::Expr], site: Span, span: Span) -> hir::Expr {
        if !(1..=2).contains(&args.len()) {
            self.arity_builtin("assert", "1 or 2", args, span);
            return Self::error_expr(span);
        }
        let c = self.check_cond(&args[0]);
        let prefix = self.str_lit("assertion failed: ", span);
        let msg = match args.get(1) {
            Some(m) => {
                let m = self.check_as(m, &Ty::Str, None);
                self.concat(vec![prefix, m], span)
            }
            None => {
                let src = self.ctx.snippet(args[0].span).unwrap_or("condition").to_string();
                self.str_lit(&format!("assertion failed: {src}"), span)
            }
        };
        self.panic_unless(c, msg, site, span)
    }

    /// Reports a wrong argument count for a built-in function.
    pub(super) fn arity_builtin(&mut self, name: &str, want: &str, args: &[ast::Expr], span: Span) {
        self.err(Diagnostic::error(
            "E0201",
            format!("`{name}` takes {want} arguments but {} were supplied", args.len()),
            span,
            format!("expected {want} arguments"),
        ));
        for a in args {
            self.check(a, &Expect::None);
        }
    }

    /// Binds an operand of `assert_eq` without moving it: places by reference, other values
    /// in a temporary. Returns the `let` and an expression reading the value.
    fn bind_operand(&mut self, e: hir::Expr) -> (Stmt, hir::Expr) {
        let span = e.span;
        let ty = e.ty.clone();
        let (init, lty, read) = if self.place_mutability(&e).is_some() {
            let rty = Ty::shared_ref(ty.clone());
            let r = Self::mk(ExprKind::Ref { mutability: Mutability::Not, place: Box::new(e) }, rty.clone(), span);
            (r, rty, true)
        } else {
            (e, ty.clone(), false)
        };
        let l = self.new_local(None, lty.clone(), false, span);
        let pat = Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty: lty.clone(), span };
        let local = Self::mk(ExprKind::Local(l), lty, span);
        let value = if read { Self::mk(ExprKind::Deref(Box::new(local)), ty, span) } else { local };
        (Stmt::Let { pattern: pat, init: Some(init), else_block: None, span }, value)
    }

    /// How `assert_eq` shows a value: Debug forms for Str and Char, `Display`, or `<Type>`.
    fn show_value(&mut self, v: hir::Expr) -> hir::Expr {
        let span = v.span;
        match self.infer.apply_default(&v.ty) {
            Ty::Str => self.intrinsic(Intrinsic::StrDebug, vec![v], Ty::Str, span, span),
            Ty::Char => self.intrinsic(Intrinsic::CharDebug, vec![v], Ty::Str, span, span),
            t => match self.try_display(v) {
                Ok(x) => x,
                Err(_) => {
                    let n = self.ty_name(&t);
                    self.str_lit(&format!("<{n}>"), span)
                }
            },
        }
    }

    /// `assert_eq(a, b[, msg])` and `assert_ne(a, b[, msg])`.
    pub(super) fn check_assert_eq(&mut self, eq: bool, args: &[ast::Expr], site: Span, span: Span) -> hir::Expr {
        let name = if eq { "assert_eq" } else { "assert_ne" };
        if !(2..=3).contains(&args.len()) {
            self.arity_builtin(name, "2 or 3", args, span);
            return Self::error_expr(span);
        }
        let a = self.check(&args[0], &Expect::None);
        let a = self.decay(a);
        let b = self.check(&args[1], &Expect::Ty(a.ty.clone(), None));
        let b = self.decay(b);
        if !self.infer.unify(&a.ty, &b.ty) {
            self.mismatch(b.span, &a.ty, &b.ty, Some(a.span));
            return Self::error_expr(span);
        }
        let msg = args.get(2).map(|m| self.check_as(m, &Ty::Str, None));
        let (la, va) = self.bind_operand(a);
        let (lb, vb) = self.bind_operand(b);
        let op = if eq { BinOp::Eq } else { BinOp::Ne };
        let cmp = self.binary(op, va.clone(), vb.clone(), site, span);
        if matches!(cmp.ty, Ty::Error) {
            return Self::error_expr(span);
        }
        let sym = if eq { "==" } else { "!=" };
        let mut pieces = vec![self.str_lit(&format!("assertion `left {sym} right` failed"), span)];
        if let Some(m) = msg {
            pieces.push(self.str_lit(": ", span));
            pieces.push(m);
        }
        pieces.push(self.str_lit("\n  left: ", span));
        pieces.push(self.show_value(va));
        pieces.push(self.str_lit("\n right: ", span));
        pieces.push(self.show_value(vb));
        let message = self.concat(pieces, span);
        let check = self.panic_unless(cmp, message, site, span);
        Self::mk(
            ExprKind::Block(hir::Block { stmts: vec![la, lb, Stmt::Expr(check)], tail: None, span }),
            Ty::Unit,
            span,
        )
    }
}
