//! Type queries used by MIR building, move checking, drop elaboration and monomorphization:
//! sema's Copy/drop/display queries, plus the type of a MIR place.

use super::ir::{LocalDecl, Place, Projection};
use crate::sema::hir::{AdtKind, Program};
use crate::sema::ty::Ty;

pub use crate::sema::traits::{adt_field_types as adt_field_tys, display_ty, is_copy, needs_drop};

/// The type of field `field` of `ty` (a tuple, a struct, or variant `variant` of an enum),
/// with the ADT's arguments substituted.
pub fn field_ty(program: &Program, ty: &Ty, variant: Option<usize>, field: usize) -> Ty {
    match ty {
        Ty::Tuple(ts) => ts.get(field).cloned().unwrap_or(Ty::Error),
        Ty::Adt(id, args) => {
            let fields = match &program.adts[*id].kind {
                AdtKind::Struct(fields) => fields,
                AdtKind::Enum(variants) => &variants[variant.unwrap_or(0)].fields,
            };
            fields.get(field).map(|f| f.ty.subst(args)).unwrap_or(Ty::Error)
        }
        _ => Ty::Error,
    }
}

/// Number of fields of `ty` (tuple, struct, or the given enum variant).
pub fn field_count(program: &Program, ty: &Ty, variant: Option<usize>) -> usize {
    match ty {
        Ty::Tuple(ts) => ts.len(),
        Ty::Adt(id, _) => match &program.adts[*id].kind {
            AdtKind::Struct(fields) => fields.len(),
            AdtKind::Enum(variants) => variants[variant.unwrap_or(0)].fields.len(),
        },
        _ => 0,
    }
}

/// The type of `place` given the body's `locals`, and the enum variant it is downcast to (if the last
/// projection step that changed the type was a `Downcast`).
pub fn place_ty(program: &Program, locals: &[LocalDecl], place: &Place) -> (Ty, Option<usize>) {
    let mut ty = locals[place.local].ty.clone();
    let mut variant = None;
    for p in &place.projection {
        match p {
            Projection::Field(i) => {
                ty = field_ty(program, &ty, variant, *i);
                variant = None;
            }
            Projection::Deref => {
                ty = match ty {
                    Ty::Ref(_, t) | Ty::Ptr(t) => *t,
                    Ty::Class(id) => Ty::Adt(id, Vec::new()),
                    _ => Ty::Error,
                };
                variant = None;
            }
            Projection::Index(_) => {
                ty = match ty {
                    Ty::Array(t, _) => *t,
                    _ => Ty::Error,
                };
                variant = None;
            }
            Projection::Downcast(v) => variant = Some(*v),
        }
    }
    (ty, variant)
}
