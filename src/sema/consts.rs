//! Constant evaluation (LANGUAGE.md §4.3): literals, other constants, operators, primitive
//! casts, tuples and arrays. Overflow is E0004.

use super::hir::{self, Const};
use super::ty::{FloatTy, IntTy, Ty};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, BinaryOp, ExprKind, Lit, UnaryOp};

/// A constant value.
#[derive(Clone, Debug, PartialEq)]
pub enum CVal {
    Bool(bool),
    Int(i128),
    Float(f64),
    Char(char),
    Str(String),
    Unit,
    Tuple(Vec<CVal>),
    Array(Vec<CVal>),
}

/// What constant evaluation needs from its surroundings.
pub trait ConstEnv {
    /// The value of the constant `name`: `None` if no constant of that name is visible,
    /// `Some(None)` if it exists but could not be evaluated (error already reported).
    fn lookup_const(&mut self, name: &str) -> Option<Option<(CVal, Ty)>>;
    /// Resolves a type annotation (for casts).
    fn resolve_type(&mut self, ty: &ast::Type) -> Ty;
    /// Reports a diagnostic.
    fn error(&mut self, d: Diagnostic);
}

/// Parses an integer suffix (`"i64"`).
pub fn int_suffix(s: &str) -> Option<IntTy> {
    Some(match s {
        "i8" => IntTy::I8,
        "i16" => IntTy::I16,
        "i32" => IntTy::I32,
        "i64" => IntTy::I64,
        "u8" => IntTy::U8,
        "u16" => IntTy::U16,
        "u32" => IntTy::U32,
        "u64" => IntTy::U64,
        _ => return None,
    })
}

/// Parses a primitive integer type name (`"I64"`).
pub fn int_ty_named(s: &str) -> Option<IntTy> {
    int_suffix(&s.to_ascii_lowercase()).filter(|_| s.starts_with(['I', 'U']))
}

/// The out-of-range error for a literal or constant.
pub fn out_of_range(value: i128, ty: IntTy, span: Span) -> Diagnostic {
    Diagnostic::error(
        "E0004",
        format!("literal out of range for `{}`", ty.name()),
        span,
        format!(
            "the literal `{value}` does not fit into the type `{}` whose range is `{}..={}`",
            ty.name(),
            ty.min(),
            ty.max()
        ),
    )
}

/// Evaluates `e` as a constant. `expect` guides the type of unsuffixed literals. Returns the
/// value, its type and whether the type only came from a literal default.
pub fn eval(env: &mut dyn ConstEnv, e: &ast::Expr, expect: Option<&Ty>) -> Option<(CVal, Ty)> {
    eval_flex(env, e, expect).map(|(v, t, _)| (v, t))
}

fn not_const(env: &mut dyn ConstEnv, span: Span) -> Option<(CVal, Ty, bool)> {
    env.error(Diagnostic::error("E0200", "expected a constant expression", span, "not a constant expression"));
    None
}

fn overflow(env: &mut dyn ConstEnv, span: Span, what: &str) -> Option<(CVal, Ty, bool)> {
    env.error(Diagnostic::error(
        "E0004",
        format!("evaluation of constant value failed: {what}"),
        span,
        what.to_string(),
    ));
    None
}

fn eval_int_lit(
    env: &mut dyn ConstEnv,
    value: u128,
    neg: bool,
    suffix: &Option<String>,
    expect: Option<&Ty>,
    span: Span,
) -> Option<(CVal, Ty, bool)> {
    let (ty, flex) = match suffix.as_deref().map(int_suffix) {
        Some(Some(t)) => (t, false),
        Some(None) => return overflow(env, span, "invalid integer suffix"),
        None => match expect {
            Some(Ty::Int(t)) => (*t, false),
            _ => (IntTy::I32, true),
        },
    };
    let v = i128::try_from(value).unwrap_or(i128::MAX);
    let v = if neg { -v } else { v };
    if v < ty.min() || v > ty.max() {
        env.error(out_of_range(v, ty, span));
        return None;
    }
    Some((CVal::Int(v), Ty::Int(ty), flex))
}

fn eval_flex(env: &mut dyn ConstEnv, e: &ast::Expr, expect: Option<&Ty>) -> Option<(CVal, Ty, bool)> {
    match &e.kind {
        ExprKind::Lit(Lit::Int { value, suffix }) => eval_int_lit(env, *value, false, suffix, expect, e.span),
        ExprKind::Unary(UnaryOp::Neg, inner) if matches!(&inner.kind, ExprKind::Lit(Lit::Int { .. })) => {
            let ExprKind::Lit(Lit::Int { value, suffix }) = &inner.kind else {
                return None;
            };
            eval_int_lit(env, *value, true, suffix, expect, e.span)
        }
        ExprKind::Lit(Lit::Float { value, suffix }) => {
            let ty = match (suffix.as_deref(), expect) {
                (Some("f32"), _) => FloatTy::F32,
                (Some(_), _) => FloatTy::F64,
                (None, Some(Ty::Float(f))) => *f,
                _ => FloatTy::F64,
            };
            Some((CVal::Float(*value), Ty::Float(ty), suffix.is_none()))
        }
        ExprKind::Lit(Lit::Bool(b)) => Some((CVal::Bool(*b), Ty::Bool, false)),
        ExprKind::Lit(Lit::Char(c)) => Some((CVal::Char(*c), Ty::Char, false)),
        ExprKind::Unit => Some((CVal::Unit, Ty::Unit, false)),
        ExprKind::Str(parts) => {
            let mut s = String::new();
            for p in parts {
                match p {
                    ast::StrPart::Text(t) => s.push_str(t),
                    ast::StrPart::Expr(x) => return not_const(env, x.span),
                }
            }
            Some((CVal::Str(s), Ty::Str, false))
        }
        ExprKind::Paren(x) => eval_flex(env, x, expect),
        ExprKind::Ident(id) => match env.lookup_const(&id.name) {
            Some(Some((v, t))) => Some((v, t, false)),
            Some(None) => None,
            None => not_const(env, e.span),
        },
        ExprKind::Path(base, name) => {
            if let ExprKind::Ident(tn) = &base.kind {
                if let Some(c) = prim_assoc_const(&tn.name, &name.name) {
                    let ty = prim_ty_named(&tn.name).unwrap_or(Ty::Error);
                    return Some((c, ty, false));
                }
            }
            not_const(env, e.span)
        }
        ExprKind::Tuple(xs) => {
            let exp: Vec<Option<Ty>> = match expect {
                Some(Ty::Tuple(ts)) if ts.len() == xs.len() => ts.iter().cloned().map(Some).collect(),
                _ => vec![None; xs.len()],
            };
            let mut vals = Vec::new();
            let mut tys = Vec::new();
            for (x, t) in xs.iter().zip(exp) {
                let (v, ty) = eval(env, x, t.as_ref())?;
                vals.push(v);
                tys.push(ty);
            }
            Some((CVal::Tuple(vals), Ty::Tuple(tys), false))
        }
        ExprKind::Array(xs) => {
            let mut elem = match expect {
                Some(Ty::Array(t, _)) => Some((**t).clone()),
                _ => None,
            };
            let mut vals = Vec::new();
            for x in xs {
                let (v, ty) = eval(env, x, elem.as_ref())?;
                if elem.as_ref().is_some_and(|t| *t != ty) {
                    return not_const(env, x.span);
                }
                elem = Some(ty);
                vals.push(v);
            }
            let n = vals.len() as u64;
            Some((CVal::Array(vals), Ty::Array(Box::new(elem.unwrap_or(Ty::I32)), n), false))
        }
        ExprKind::ArrayRepeat(x, n) => {
            let elem = match expect {
                Some(Ty::Array(t, _)) => Some((**t).clone()),
                _ => None,
            };
            let (v, ty) = eval(env, x, elem.as_ref())?;
            let (CVal::Int(count), _) = eval(env, n, Some(&Ty::I64))? else {
                return not_const(env, n.span);
            };
            if !(0..=1 << 16).contains(&count) {
                return overflow(env, n.span, "constant arrays are limited to 65536 elements");
            }
            let count = count as u64;
            Some((CVal::Array(vec![v; count as usize]), Ty::Array(Box::new(ty), count), false))
        }
        ExprKind::Unary(op, x) => {
            let (v, ty, flex) = eval_flex(env, x, expect)?;
            let r = match (op, v) {
                (UnaryOp::Neg, CVal::Int(i)) => {
                    let Ty::Int(it) = ty else {
                        return not_const(env, e.span);
                    };
                    if !it.is_signed() || -i < it.min() || -i > it.max() {
                        return overflow(env, e.span, "attempt to negate with overflow");
                    }
                    CVal::Int(-i)
                }
                (UnaryOp::Neg, CVal::Float(f)) => CVal::Float(-f),
                (UnaryOp::Not, CVal::Bool(b)) => CVal::Bool(!b),
                (UnaryOp::BitNot, CVal::Int(i)) => {
                    let Ty::Int(it) = ty else {
                        return not_const(env, e.span);
                    };
                    CVal::Int(wrap(!i, it))
                }
                _ => return not_const(env, e.span),
            };
            Some((r, ty, flex))
        }
        ExprKind::Binary { op, op_span, lhs, rhs } => eval_binary(env, *op, *op_span, lhs, rhs, expect, e.span),
        ExprKind::Cast(x, t) => {
            let target = env.resolve_type(t);
            let (v, _) = eval(env, x, None)?;
            let r = match (&v, &target) {
                (CVal::Int(i), Ty::Int(it)) => CVal::Int(wrap(*i, *it)),
                (CVal::Int(i), Ty::Float(_)) => CVal::Float(*i as f64),
                (CVal::Float(f), Ty::Int(it)) => CVal::Int((f.trunc() as i128).clamp(IntTy::min(*it), IntTy::max(*it))),
                (CVal::Float(f), Ty::Float(_)) => CVal::Float(*f),
                (CVal::Bool(b), Ty::Int(_)) => CVal::Int(*b as i128),
                (CVal::Char(c), Ty::Int(_)) => CVal::Int(*c as i128),
                (CVal::Int(i), Ty::Char) if (0..=255).contains(i) => CVal::Char(char::from(*i as u8)),
                _ => return not_const(env, e.span),
            };
            Some((r, target, false))
        }
        _ => not_const(env, e.span),
    }
}

/// Truncates `v` to the range of `ty` (two's complement).
pub fn wrap(v: i128, ty: IntTy) -> i128 {
    let bits = ty.bits();
    let mask = (1i128 << bits) - 1;
    let u = v & mask;
    if ty.is_signed() && u > ty.max() {
        u - (1i128 << bits)
    } else {
        u
    }
}

fn eval_binary(
    env: &mut dyn ConstEnv,
    op: BinaryOp,
    op_span: Span,
    lhs: &ast::Expr,
    rhs: &ast::Expr,
    expect: Option<&Ty>,
    span: Span,
) -> Option<(CVal, Ty, bool)> {
    use BinaryOp::*;
    let arith = matches!(op, Add | Sub | Mul | Div | Rem | Pow | BitAnd | BitOr | BitXor | Shl | Shr);
    let (mut a, mut ta, fa) = eval_flex(env, lhs, if arith { expect } else { None })?;
    let rexp = if matches!(op, Shl | Shr) { None } else { Some(ta.clone()) };
    let (b, tb, fb) = eval_flex(env, rhs, rexp.as_ref())?;
    if fa && !fb && ta != tb && !matches!(op, Shl | Shr) {
        let (a2, t2, _) = eval_flex(env, lhs, Some(&tb))?;
        a = a2;
        ta = t2;
    }
    if !matches!(op, Shl | Shr) && ta != tb {
        env.error(Diagnostic::error(
            "E0207",
            "invalid operand types in constant expression",
            op_span,
            "operands have different types",
        ));
        return None;
    }
    let flex = fa && fb;
    let cmp = |o: std::cmp::Ordering| -> bool {
        match op {
            Eq => o.is_eq(),
            Ne => o.is_ne(),
            Lt => o.is_lt(),
            Le => o.is_le(),
            Gt => o.is_gt(),
            _ => o.is_ge(),
        }
    };
    let r = match (&a, &b, &ta) {
        (CVal::Int(x), CVal::Int(y), Ty::Int(it)) => {
            let (x, y, it) = (*x, *y, *it);
            let checked = |v: Option<i128>| v.filter(|v| *v >= it.min() && *v <= it.max());
            let res = match op {
                Add => checked(x.checked_add(y)).ok_or("attempt to add with overflow"),
                Sub => checked(x.checked_sub(y)).ok_or("attempt to subtract with overflow"),
                Mul => checked(x.checked_mul(y)).ok_or("attempt to multiply with overflow"),
                Div if y == 0 => Err("attempt to divide by zero"),
                Rem if y == 0 => Err("attempt to calculate the remainder with a divisor of zero"),
                Div => checked(x.checked_div(y)).ok_or("attempt to divide with overflow"),
                Rem => checked(x.checked_rem(y)).ok_or("attempt to divide with overflow"),
                Pow if y < 0 => Err("attempt to raise to a negative power"),
                Pow => checked(u32::try_from(y).ok().and_then(|e| x.checked_pow(e)))
                    .ok_or("attempt to raise to a power with overflow"),
                BitAnd => Ok(x & y),
                BitOr => Ok(x | y),
                BitXor => Ok(x ^ y),
                Shl if y < 0 || y >= it.bits() as i128 => Err("attempt to shift left with overflow"),
                Shr if y < 0 || y >= it.bits() as i128 => Err("attempt to shift right with overflow"),
                Shl => Ok(wrap(x << y, it)),
                Shr => Ok(wrap(x, it) >> y),
                Eq | Ne | Lt | Le | Gt | Ge => return Some((CVal::Bool(cmp(x.cmp(&y))), Ty::Bool, false)),
                And | Or => return not_const(env, span),
            };
            match res {
                Ok(v) => CVal::Int(v),
                Err(m) => return overflow(env, op_span, m),
            }
        }
        (CVal::Float(x), CVal::Float(y), _) => match op {
            Add => CVal::Float(x + y),
            Sub => CVal::Float(x - y),
            Mul => CVal::Float(x * y),
            Div => CVal::Float(x / y),
            Rem => CVal::Float(x % y),
            Pow => CVal::Float(x.powf(*y)),
            Eq | Ne | Lt | Le | Gt | Ge => match x.partial_cmp(y) {
                Some(o) => return Some((CVal::Bool(cmp(o)), Ty::Bool, false)),
                None => return Some((CVal::Bool(op == Ne), Ty::Bool, false)),
            },
            _ => return not_const(env, span),
        },
        (CVal::Bool(x), CVal::Bool(y), _) => match op {
            And => CVal::Bool(*x && *y),
            Or => CVal::Bool(*x || *y),
            Eq | Ne | Lt | Le | Gt | Ge => return Some((CVal::Bool(cmp(x.cmp(y))), Ty::Bool, false)),
            _ => return not_const(env, span),
        },
        (CVal::Char(x), CVal::Char(y), _) if matches!(op, Eq | Ne | Lt | Le | Gt | Ge) => {
            return Some((CVal::Bool(cmp(x.cmp(y))), Ty::Bool, false));
        }
        (CVal::Str(x), CVal::Str(y), _) => match op {
            Add => CVal::Str(format!("{x}{y}")),
            Eq | Ne | Lt | Le | Gt | Ge => {
                return Some((CVal::Bool(cmp(x.as_bytes().cmp(y.as_bytes()))), Ty::Bool, false))
            }
            _ => return not_const(env, span),
        },
        _ => return not_const(env, span),
    };
    Some((r, ta, flex))
}

/// Parses a primitive type name.
pub fn prim_ty_named(name: &str) -> Option<Ty> {
    Some(match name {
        "Bool" => Ty::Bool,
        "Char" => Ty::Char,
        "Str" => Ty::Str,
        "Unit" => Ty::Unit,
        "Never" => Ty::Never,
        "F32" => Ty::Float(FloatTy::F32),
        "F64" => Ty::Float(FloatTy::F64),
        n => Ty::Int(int_ty_named(n)?),
    })
}

/// `I32::MAX`, `F64::NAN`, … (LANGUAGE.md §5.1).
pub fn prim_assoc_const(ty: &str, name: &str) -> Option<CVal> {
    if let Some(it) = int_ty_named(ty) {
        return match name {
            "MIN" => Some(CVal::Int(it.min())),
            "MAX" => Some(CVal::Int(it.max())),
            _ => None,
        };
    }
    let f32 = match ty {
        "F32" => true,
        "F64" => false,
        _ => return None,
    };
    let v = match name {
        "INFINITY" => f64::INFINITY,
        "NEG_INFINITY" => f64::NEG_INFINITY,
        "NAN" => f64::NAN,
        "EPSILON" if f32 => f32::EPSILON as f64,
        "EPSILON" => f64::EPSILON,
        "MAX" if f32 => f32::MAX as f64,
        "MAX" => f64::MAX,
        "MIN" if f32 => f32::MIN as f64,
        "MIN" => f64::MIN,
        _ => return None,
    };
    Some(CVal::Float(v))
}

/// Builds the HIR expression for a constant value of type `ty`.
pub fn to_expr(v: &CVal, ty: &Ty, span: Span) -> hir::Expr {
    let kind = match (v, ty) {
        (CVal::Tuple(vs), Ty::Tuple(ts)) => {
            hir::ExprKind::Tuple(vs.iter().zip(ts).map(|(v, t)| to_expr(v, t, span)).collect())
        }
        (CVal::Array(vs), Ty::Array(t, _)) => hir::ExprKind::Array(vs.iter().map(|v| to_expr(v, t, span)).collect()),
        (CVal::Bool(b), _) => hir::ExprKind::Lit(Const::Bool(*b)),
        (CVal::Int(i), _) => hir::ExprKind::Lit(Const::Int(*i)),
        (CVal::Float(f), _) => hir::ExprKind::Lit(Const::Float(*f)),
        (CVal::Char(c), _) => hir::ExprKind::Lit(Const::Char(*c)),
        (CVal::Str(s), _) => hir::ExprKind::Lit(Const::Str(s.clone())),
        _ => hir::ExprKind::Lit(Const::Unit),
    };
    hir::Expr { kind, ty: ty.clone(), span }
}
