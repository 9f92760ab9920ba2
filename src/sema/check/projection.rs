//! Associated types in bodies (LANGUAGE.md §8.4, design in `sema::assoc`): the projection
//! parameters of called generic functions are inferred from the arguments of their base
//! parameters, and `This::Item` in behavior signatures becomes the projection of the type the
//! call goes through.

use super::FnCk;
use crate::diagnostics::Diagnostic;
use crate::sema::assoc;
use crate::sema::ctx::THIS_PARAM;
use crate::sema::infer::VarKind;
use crate::sema::ty::{FnId, Ty};
use crate::span::Span;

/// A projection waiting for its base type: `var` must become associated type `name` of
/// `base`.
pub(super) struct PendingProjection {
    base: Ty,
    name: String,
    var: Ty,
    site: Span,
}

impl FnCk<'_, '_> {
    /// The number of type arguments written explicitly for `f` (its parameters without the
    /// projection parameters).
    pub(super) fn declared_generics(&self, f: FnId) -> usize {
        self.ctx.program.fns[f].generics.iter().filter(|g| !assoc::is_projection(g)).count()
    }

    /// Records that the projection parameters among `ty_args` (the instantiated parameters of
    /// `f`) follow from their bases, and solves what can be solved already.
    pub(super) fn register_projections(&mut self, f: FnId, ty_args: &[Ty], site: Span) {
        let generics = &self.ctx.program.fns[f].generics;
        for (k, g) in generics.iter().enumerate() {
            let Some((base, name)) = assoc::projection_of(generics, g) else { continue };
            let (Some(base), Some(var)) = (ty_args.get(base as usize), ty_args.get(k)) else { continue };
            let p = PendingProjection { base: base.clone(), name: name.to_string(), var: var.clone(), site };
            self.projections.push(p);
        }
        self.solve_projections(false);
    }

    /// Solves the pending projections whose base type is known; with `last`, gives up on the
    /// others (their type stays unknown or is reported elsewhere).
    pub(super) fn solve_projections(&mut self, last: bool) {
        for p in std::mem::take(&mut self.projections) {
            let base = self.infer.resolve(&p.base);
            // Literal types get their defaults only at the end.
            let base = if last { self.infer.finish(&base).unwrap_or(base) } else { base };
            let solved = match &base {
                Ty::Param(i) => self.param_projection(*i, &p.name),
                Ty::Error => Some(Ty::Error),
                t if t.is_concrete() => Some(assoc::normalize(self.ctx, t, &p.name).unwrap_or(Ty::Error)),
                _ => None,
            };
            match solved {
                Some(t) => {
                    if !self.infer.unify(&p.var, &t) {
                        let (want, found) = (self.ty_name(&t), self.ty_name(&self.infer.resolve(&p.var)));
                        self.err(Diagnostic::error(
                            "E0200",
                            format!("type mismatch: expected `{want}`, found `{found}`"),
                            p.site,
                            format!("`{}` of `{}` is `{want}`", p.name, self.ty_name(&base)),
                        ));
                    }
                }
                None if last => {}
                None => self.projections.push(p),
            }
        }
    }

    /// The projection parameter `T::name` of this function for its parameter `T = Param(i)`.
    fn param_projection(&self, i: u32, name: &str) -> Option<Ty> {
        let base = self.gnames.get(i as usize)?;
        let pname = assoc::projection_name(base, name);
        self.gnames.iter().rposition(|g| *g == pname).map(|k| Ty::Param(k as u32))
    }

    /// A behavior signature type with `This` replaced by `this` and `This::Item` markers by
    /// the projection of `this` (`span`: where to report a projection that does not exist).
    pub(super) fn sig_ty(&mut self, t: &Ty, this: &Ty, span: Span) -> Ty {
        let mut marks = Vec::new();
        let with_this = t.map(&mut |x| match x {
            Ty::Param(THIS_PARAM) => Some(this.clone()),
            Ty::Param(p) => assoc::marked_name(self.ctx, *p).map(|n| {
                marks.push((*p, n.to_string()));
                x.clone()
            }),
            _ => None,
        });
        if marks.is_empty() {
            return with_this;
        }
        let mut found = Vec::new();
        for (p, name) in marks {
            let t = self.this_projection(this, &name, span);
            found.push((p, t));
        }
        with_this.map(&mut |x| match x {
            Ty::Param(p) => found.iter().find(|(q, _)| q == p).map(|(_, t)| t.clone()),
            _ => None,
        })
    }

    /// Associated type `name` of `this` (a parameter of this function, or a type that becomes
    /// known later).
    fn this_projection(&mut self, this: &Ty, name: &str, span: Span) -> Ty {
        let base = self.infer.resolve(this);
        if let Ty::Param(i) = base {
            if let Some(t) = self.param_projection(i, name) {
                return t;
            }
            let tn = self.ty_name(&base);
            self.err(Diagnostic::error(
                "E0101",
                format!("cannot find associated type `{name}` of `{tn}`"),
                span,
                "associated type not available here",
            ));
            return Ty::Error;
        }
        let var = self.infer.fresh(VarKind::General);
        self.projections.push(PendingProjection { base, name: name.to_string(), var: var.clone(), site: span });
        self.solve_projections(false);
        var
    }
}
