//! Type inference variables and unification (LANGUAGE.md §5.9).
//!
//! Each function body gets its own [`InferTable`]. Unsuffixed integer literals create
//! [`VarKind::Int`] variables (default `I32`), float literals [`VarKind::Float`] variables
//! (default `F64`); everything else that is not known yet is a [`VarKind::General`] variable.

use super::ty::{FloatTy, IntTy, Ty};

/// What a variable may be bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// Any type.
    General,
    /// Only an integer type.
    Int,
    /// Only a float type.
    Float,
}

/// The inference variables of one function body.
#[derive(Clone, Debug, Default)]
pub struct InferTable {
    vars: Vec<(VarKind, Option<Ty>)>,
}

impl InferTable {
    /// A fresh variable of `kind`.
    pub fn fresh(&mut self, kind: VarKind) -> Ty {
        self.vars.push((kind, None));
        Ty::Infer((self.vars.len() - 1) as u32)
    }

    /// The kind of variable `v`.
    pub fn kind(&self, v: u32) -> VarKind {
        self.vars
            .get(v as usize)
            .map(|x| x.0)
            .unwrap_or(VarKind::General)
    }

    /// Follows bindings at the top level only.
    pub fn shallow(&self, ty: &Ty) -> Ty {
        let mut t = ty.clone();
        while let Ty::Infer(v) = t {
            match self.vars.get(v as usize).and_then(|x| x.1.clone()) {
                Some(next) => t = next,
                None => break,
            }
        }
        t
    }

    /// Substitutes all bound variables (unbound ones stay).
    pub fn resolve(&self, ty: &Ty) -> Ty {
        ty.map(&mut |t| match t {
            Ty::Infer(_) => {
                let s = self.shallow(t);
                if matches!(s, Ty::Infer(_)) {
                    Some(s)
                } else {
                    Some(self.resolve(&s))
                }
            }
            _ => None,
        })
    }

    /// Substitutes all variables, applying the literal defaults to unbound integer/float
    /// variables. Returns `None` when a general variable is still unbound.
    pub fn finish(&self, ty: &Ty) -> Option<Ty> {
        let mut ok = true;
        let t = self.resolve(ty).map(&mut |t| match t {
            Ty::Infer(v) => Some(match self.kind(*v) {
                VarKind::Int => Ty::I32,
                VarKind::Float => Ty::Float(FloatTy::F64),
                VarKind::General => {
                    ok = false;
                    Ty::Error
                }
            }),
            _ => None,
        });
        ok.then_some(t)
    }

    /// Binds an unbound integer or float variable to its default (used before method calls
    /// and casts on literal-typed values). Returns the resolved type.
    pub fn apply_default(&mut self, ty: &Ty) -> Ty {
        let t = self.shallow(ty);
        if let Ty::Infer(v) = t {
            let def = match self.kind(v) {
                VarKind::Int => Ty::Int(IntTy::I32),
                VarKind::Float => Ty::Float(FloatTy::F64),
                VarKind::General => return t,
            };
            self.vars[v as usize].1 = Some(def.clone());
            return def;
        }
        t
    }

    fn occurs(&self, v: u32, ty: &Ty) -> bool {
        let mut found = false;
        self.resolve(ty).walk(&mut |t| {
            if *t == Ty::Infer(v) {
                found = true;
            }
        });
        found
    }

    fn bind(&mut self, v: u32, ty: Ty) -> bool {
        let ok = match (self.kind(v), &ty) {
            (VarKind::General, _) => !self.occurs(v, &ty),
            (VarKind::Int, Ty::Int(_)) | (VarKind::Float, Ty::Float(_)) => true,
            (k, Ty::Infer(w)) => {
                let wk = self.kind(*w);
                if wk == VarKind::General {
                    self.vars[*w as usize].1 = Some(Ty::Infer(v));
                    return true;
                }
                wk == k
            }
            (_, Ty::Error) => true,
            _ => false,
        };
        if ok {
            self.vars[v as usize].1 = Some(ty);
        }
        ok
    }

    /// Makes `a` and `b` equal. `Error` unifies with everything. Returns false on mismatch
    /// (bindings made before the mismatch are kept, which only affects follow-up messages).
    pub fn unify(&mut self, a: &Ty, b: &Ty) -> bool {
        let a = self.shallow(a);
        let b = self.shallow(b);
        match (&a, &b) {
            (Ty::Error, _) | (_, Ty::Error) => true,
            (Ty::Infer(x), Ty::Infer(y)) if x == y => true,
            (Ty::Infer(x), _) => self.bind(*x, b.clone()),
            (_, Ty::Infer(y)) => self.bind(*y, a.clone()),
            (Ty::Tuple(xs), Ty::Tuple(ys)) | (Ty::Adt(_, xs), Ty::Adt(_, ys)) => {
                if let (Ty::Adt(i, _), Ty::Adt(j, _)) = (&a, &b) {
                    if i != j {
                        return false;
                    }
                }
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.unify(x, y))
            }
            (Ty::Array(x, n), Ty::Array(y, m)) => n == m && self.unify(x, y),
            (Ty::Ref(m1, x), Ty::Ref(m2, y)) => m1 == m2 && self.unify(x, y),
            (Ty::Ptr(x), Ty::Ptr(y)) => self.unify(x, y),
            (Ty::Func(ps, r), Ty::Func(qs, s)) => {
                ps.len() == qs.len()
                    && ps.iter().zip(qs).all(|(x, y)| self.unify(x, y))
                    && self.unify(r, s)
            }
            _ => a == b,
        }
    }

    /// Whether `ty` is (or must become) an integer type.
    pub fn is_integral(&self, ty: &Ty) -> bool {
        match self.shallow(ty) {
            Ty::Int(_) => true,
            Ty::Infer(v) => self.kind(v) == VarKind::Int,
            _ => false,
        }
    }

    /// Whether `ty` is (or must become) a float type.
    pub fn is_floating(&self, ty: &Ty) -> bool {
        match self.shallow(ty) {
            Ty::Float(_) => true,
            Ty::Infer(v) => self.kind(v) == VarKind::Float,
            _ => false,
        }
    }
}
