//! Type queries used by MIR building, move checking, drop elaboration and monomorphization.
//!
//! `is_copy`, `needs_drop` and `display_ty` mirror the signatures that sema provides in
//! `sema::traits`; they are private stand-ins until the stages are integrated. `place_ty`
//! computes the type of a MIR place.

use super::ir::{LocalDecl, Place, Projection};
use crate::sema::hir::{AdtKind, GenericParamDef, Program};
use crate::sema::ty::{Mutability, Ty, TyDisplay};
use std::collections::HashSet;

/// Whether using a value of type `ty` by value copies it (LANGUAGE.md §5.8). `generics` are
/// the generic parameters in scope; a parameter is Copy if it is bounded by a behavior named
/// `Copy`.
pub fn is_copy(program: &Program, ty: &Ty, generics: &[GenericParamDef]) -> bool {
    is_copy_rec(program, ty, generics, &mut HashSet::new())
}

fn is_copy_rec(
    program: &Program,
    ty: &Ty,
    generics: &[GenericParamDef],
    seen: &mut HashSet<Ty>,
) -> bool {
    match ty {
        Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::Char | Ty::Str | Ty::Unit | Ty::Never => true,
        Ty::Func(..) | Ty::Ptr(_) | Ty::Ref(Mutability::Not, _) => true,
        Ty::Ref(Mutability::Mut, _) => false,
        Ty::Tuple(ts) => ts.iter().all(|t| is_copy_rec(program, t, generics, seen)),
        Ty::Array(t, _) => is_copy_rec(program, t, generics, seen),
        Ty::Adt(id, args) => {
            let Some(def) = program.adts.get(*id) else {
                return false;
            };
            if !def.is_copy || def.drop_fn.is_some() {
                return false;
            }
            if !seen.insert(ty.clone()) {
                return true;
            }
            adt_field_tys(program, *id, args)
                .iter()
                .all(|t| is_copy_rec(program, t, generics, seen))
        }
        Ty::Param(i) => generics.get(*i as usize).is_some_and(|g| {
            g.bounds
                .iter()
                .any(|b| program.behaviors.get(*b).is_some_and(|d| d.name == "Copy"))
        }),
        Ty::Infer(_) | Ty::Error => false,
    }
}

/// Whether dropping a value of type `ty` does anything (MEMORY.md §5.2): `Str`, function
/// values, ADTs with a `drop_fn` and aggregates containing any of these. Type parameters
/// conservatively need drop (monomorphization re-checks the substituted type).
pub fn needs_drop(program: &Program, ty: &Ty) -> bool {
    needs_drop_rec(program, ty, &mut HashSet::new())
}

fn needs_drop_rec(program: &Program, ty: &Ty, seen: &mut HashSet<Ty>) -> bool {
    match ty {
        Ty::Str | Ty::Func(..) | Ty::Param(_) => true,
        Ty::Tuple(ts) => ts.iter().any(|t| needs_drop_rec(program, t, seen)),
        Ty::Array(t, n) => *n > 0 && needs_drop_rec(program, t, seen),
        Ty::Adt(id, args) => {
            let Some(def) = program.adts.get(*id) else {
                return false;
            };
            if def.drop_fn.is_some() {
                return true;
            }
            if !seen.insert(ty.clone()) {
                return false;
            }
            adt_field_tys(program, *id, args)
                .iter()
                .any(|t| needs_drop_rec(program, t, seen))
        }
        _ => false,
    }
}

/// The field types of every variant of ADT `id` instantiated with `args`.
pub fn adt_field_tys(program: &Program, id: usize, args: &[Ty]) -> Vec<Ty> {
    match &program.adts[id].kind {
        AdtKind::Struct(fields) => fields.iter().map(|f| f.ty.subst(args)).collect(),
        AdtKind::Enum(variants) => variants
            .iter()
            .flat_map(|v| v.fields.iter().map(|f| f.ty.subst(args)))
            .collect(),
    }
}

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
            fields
                .get(field)
                .map(|f| f.ty.subst(args))
                .unwrap_or(Ty::Error)
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

/// Renders `ty` as the user writes it (`Ticket`, `Maybe[Str]`, `ref T`).
pub fn display_ty(program: &Program, ty: &Ty, generics: &[GenericParamDef]) -> String {
    let adt_name = |id: usize| {
        program
            .adts
            .get(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| format!("adt#{id}"))
    };
    let param_name = |i: u32| {
        generics
            .get(i as usize)
            .map(|g| g.name.clone())
            .unwrap_or_else(|| format!("T{i}"))
    };
    TyDisplay {
        ty,
        adt_name: &adt_name,
        param_name: &param_name,
    }
    .to_string()
}
