//! Semantic types (LANGUAGE.md §5).
//!
//! [`Ty`] is the one type representation shared by the typed HIR, the MIR and codegen. Generic
//! code mentions type parameters as [`Ty::Param`]; monomorphization substitutes them with
//! [`Ty::subst`]. Inference variables ([`Ty::Infer`]) exist only inside the type checker and
//! never appear in its output.

use std::fmt;

/// Index of a struct or enum in [`super::hir::Program::adts`].
pub type AdtId = usize;
/// Index of a function in [`super::hir::Program::fns`].
pub type FnId = usize;
/// Index of a behavior in [`super::hir::Program::behaviors`].
pub type BehaviorId = usize;

/// Integer types (LANGUAGE.md §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntTy {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntTy {
    /// Width in bits.
    pub fn bits(self) -> u32 {
        match self {
            IntTy::I8 | IntTy::U8 => 8,
            IntTy::I16 | IntTy::U16 => 16,
            IntTy::I32 | IntTy::U32 => 32,
            IntTy::I64 | IntTy::U64 => 64,
        }
    }

    pub fn is_signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64)
    }

    /// Smallest value, as i128.
    pub fn min(self) -> i128 {
        if self.is_signed() {
            -(1i128 << (self.bits() - 1))
        } else {
            0
        }
    }

    /// Largest value, as i128.
    pub fn max(self) -> i128 {
        if self.is_signed() {
            (1i128 << (self.bits() - 1)) - 1
        } else {
            (1i128 << self.bits()) - 1
        }
    }

    /// The TML spelling (`"I32"`).
    pub fn name(self) -> &'static str {
        match self {
            IntTy::I8 => "I8",
            IntTy::I16 => "I16",
            IntTy::I32 => "I32",
            IntTy::I64 => "I64",
            IntTy::U8 => "U8",
            IntTy::U16 => "U16",
            IntTy::U32 => "U32",
            IntTy::U64 => "U64",
        }
    }
}

/// Float types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FloatTy {
    F32,
    F64,
}

/// Shared or exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mutability {
    Not,
    Mut,
}

/// A semantic type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Bool,
    Int(IntTy),
    Float(FloatTy),
    /// A Unicode scalar value (4 bytes).
    Char,
    /// Pointer to a counted, immutable string block (MEMORY.md §2.2). `Copy` with copy glue.
    Str,
    /// `()`, zero-sized.
    Unit,
    /// The type of diverging expressions; coerces to every type.
    Never,
    Tuple(Vec<Ty>),
    /// `[T; N]`.
    Array(Box<Ty>, u64),
    /// A struct or enum (including prelude/stdlib ones such as `Maybe`, `List`) with its type
    /// arguments.
    Adt(AdtId, Vec<Ty>),
    /// `ref T` / `mut ref T`.
    Ref(Mutability, Box<Ty>),
    /// Raw pointer `*T` (lowlevel code).
    Ptr(Box<Ty>),
    /// Function value `func(A, B) -> R`: a (code, counted environment) pair (MEMORY.md §10.3).
    Func(Vec<Ty>, Box<Ty>),
    /// `dyn B[args]`: an owned (data box, vtable) pair (MEMORY.md §10.2). `ref dyn B` is
    /// `Ref(_, Dyn(..))`, the same pair without ownership.
    Dyn(BehaviorId, Vec<Ty>),
    /// A (reference) class value (LANGUAGE.md §9): an owning pointer to a heap object laid out
    /// as the struct ADT with this id (`[vtable | root fields | … | own fields]`, MEMORY.md
    /// §10.1; see [`super::hir::ClassDef`]). Never Copy; dropped through vtable slot 0.
    Class(AdtId),
    /// A type parameter: index into the generic parameter list of the enclosing item (for a
    /// method: the impl's parameters first, then the method's own).
    Param(u32),
    /// Inference variable; only inside the type checker.
    Infer(u32),
    /// The type of an erroneous expression; suppresses follow-up errors. Never in HIR output
    /// that is handed to MIR.
    Error,
}

impl Ty {
    /// `I32`, the default integer type.
    pub const I32: Ty = Ty::Int(IntTy::I32);
    /// `I64`, the type of lengths and offsets.
    pub const I64: Ty = Ty::Int(IntTy::I64);

    /// `ref T`.
    pub fn shared_ref(t: Ty) -> Ty {
        Ty::Ref(Mutability::Not, Box::new(t))
    }

    /// `mut ref T`.
    pub fn mut_ref(t: Ty) -> Ty {
        Ty::Ref(Mutability::Mut, Box::new(t))
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Ty::Int(_))
    }

    pub fn is_float(&self) -> bool {
        matches!(self, Ty::Float(_))
    }

    pub fn is_unit(&self) -> bool {
        matches!(self, Ty::Unit)
    }

    pub fn is_never(&self) -> bool {
        matches!(self, Ty::Never)
    }

    /// Whether the type contains no type parameters or inference variables.
    pub fn is_concrete(&self) -> bool {
        let mut concrete = true;
        self.walk(&mut |t| {
            if matches!(t, Ty::Param(_) | Ty::Infer(_) | Ty::Error) {
                concrete = false;
            }
        });
        concrete
    }

    /// Calls `f` on this type and every type nested in it, outermost first.
    pub fn walk(&self, f: &mut impl FnMut(&Ty)) {
        f(self);
        match self {
            Ty::Tuple(ts) | Ty::Adt(_, ts) | Ty::Dyn(_, ts) => ts.iter().for_each(|t| t.walk(f)),
            Ty::Array(t, _) | Ty::Ref(_, t) | Ty::Ptr(t) => t.walk(f),
            Ty::Func(ps, r) => {
                ps.iter().for_each(|t| t.walk(f));
                r.walk(f);
            }
            _ => {}
        }
    }

    /// Replaces every `Param(i)` with `args[i]` (monomorphization, instantiation of generic
    /// signatures). Parameters without a corresponding argument are left unchanged.
    pub fn subst(&self, args: &[Ty]) -> Ty {
        self.map(&mut |t| match t {
            Ty::Param(i) => args.get(*i as usize).cloned(),
            _ => None,
        })
    }

    /// Rebuilds the type bottom-up; where `f` returns `Some`, that replaces the node.
    pub fn map(&self, f: &mut impl FnMut(&Ty) -> Option<Ty>) -> Ty {
        if let Some(t) = f(self) {
            return t;
        }
        match self {
            Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| t.map(f)).collect()),
            Ty::Adt(id, ts) => Ty::Adt(*id, ts.iter().map(|t| t.map(f)).collect()),
            Ty::Dyn(id, ts) => Ty::Dyn(*id, ts.iter().map(|t| t.map(f)).collect()),
            Ty::Array(t, n) => Ty::Array(Box::new(t.map(f)), *n),
            Ty::Ref(m, t) => Ty::Ref(*m, Box::new(t.map(f))),
            Ty::Ptr(t) => Ty::Ptr(Box::new(t.map(f))),
            Ty::Func(ps, r) => Ty::Func(ps.iter().map(|t| t.map(f)).collect(), Box::new(r.map(f))),
            other => other.clone(),
        }
    }

    /// Structural matching of this pattern type (mentioning parameters, e.g. an impl's
    /// `self_ty`) against `ty`: `binds[i]` receives what `Param(i)` stands for (`binds` grows
    /// as needed). False when the shapes differ or a parameter would be bound twice
    /// differently.
    pub fn match_pattern(&self, ty: &Ty, binds: &mut Vec<Option<Ty>>) -> bool {
        match (self, ty) {
            (Ty::Param(i), _) => {
                let i = *i as usize;
                if binds.len() <= i {
                    binds.resize(i + 1, None);
                }
                match &binds[i] {
                    Some(b) => b == ty,
                    None => {
                        binds[i] = Some(ty.clone());
                        true
                    }
                }
            }
            (Ty::Tuple(a), Ty::Tuple(b)) | (Ty::Func(a, _), Ty::Func(b, _)) if a.len() != b.len() => false,
            (Ty::Tuple(a), Ty::Tuple(b)) => a.iter().zip(b).all(|(x, y)| x.match_pattern(y, binds)),
            (Ty::Adt(x, a), Ty::Adt(y, b)) | (Ty::Dyn(x, a), Ty::Dyn(y, b)) => {
                x == y && a.len() == b.len() && a.iter().zip(b).all(|(p, t)| p.match_pattern(t, binds))
            }
            (Ty::Array(a, n), Ty::Array(b, m)) => n == m && a.match_pattern(b, binds),
            (Ty::Ref(m1, a), Ty::Ref(m2, b)) => m1 == m2 && a.match_pattern(b, binds),
            (Ty::Ptr(a), Ty::Ptr(b)) => a.match_pattern(b, binds),
            (Ty::Func(a, r), Ty::Func(b, s)) => {
                a.iter().zip(b).all(|(x, y)| x.match_pattern(y, binds)) && r.match_pattern(s, binds)
            }
            _ => self == ty,
        }
    }

    /// The referenced type of `ref T` / `mut ref T`, else `self`.
    pub fn peel_refs(&self) -> &Ty {
        match self {
            Ty::Ref(_, t) => t.peel_refs(),
            t => t,
        }
    }
}

/// Renders a type the way the user writes it, given a way to name ADTs and parameters.
pub struct TyDisplay<'a> {
    pub ty: &'a Ty,
    pub adt_name: &'a dyn Fn(AdtId) -> String,
    pub behavior_name: &'a dyn Fn(BehaviorId) -> String,
    pub param_name: &'a dyn Fn(u32) -> String,
}

impl fmt::Display for TyDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sub = |ty: &'_ Ty| -> String {
            TyDisplay { ty, adt_name: self.adt_name, behavior_name: self.behavior_name, param_name: self.param_name }
                .to_string()
        };
        let list = |f: &mut fmt::Formatter<'_>, ts: &[Ty]| -> fmt::Result {
            for (i, t) in ts.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{}", sub(t))?;
            }
            Ok(())
        };
        match self.ty {
            Ty::Bool => write!(f, "Bool"),
            Ty::Int(i) => write!(f, "{}", i.name()),
            Ty::Float(FloatTy::F32) => write!(f, "F32"),
            Ty::Float(FloatTy::F64) => write!(f, "F64"),
            Ty::Char => write!(f, "Char"),
            Ty::Str => write!(f, "Str"),
            Ty::Unit => write!(f, "Unit"),
            Ty::Never => write!(f, "Never"),
            Ty::Tuple(ts) => {
                write!(f, "(")?;
                list(f, ts)?;
                if ts.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
            Ty::Array(t, n) => write!(f, "[{}; {}]", sub(t), n),
            Ty::Adt(id, args) => {
                write!(f, "{}", (self.adt_name)(*id))?;
                if !args.is_empty() {
                    write!(f, "[")?;
                    list(f, args)?;
                    write!(f, "]")?;
                }
                Ok(())
            }
            Ty::Dyn(id, args) => {
                write!(f, "dyn {}", (self.behavior_name)(*id))?;
                if !args.is_empty() {
                    write!(f, "[")?;
                    list(f, args)?;
                    write!(f, "]")?;
                }
                Ok(())
            }
            Ty::Class(id) => write!(f, "{}", (self.adt_name)(*id)),
            Ty::Ref(Mutability::Not, t) => write!(f, "ref {}", sub(t)),
            Ty::Ref(Mutability::Mut, t) => write!(f, "mut ref {}", sub(t)),
            Ty::Ptr(t) => write!(f, "*{}", sub(t)),
            Ty::Func(ps, r) => {
                write!(f, "func(")?;
                list(f, ps)?;
                write!(f, ")")?;
                if !r.is_unit() {
                    write!(f, " -> {}", sub(r))?;
                }
                Ok(())
            }
            Ty::Param(i) => write!(f, "{}", (self.param_name)(*i)),
            Ty::Infer(_) => write!(f, "_"),
            Ty::Error => write!(f, "{{error}}"),
        }
    }
}
