//! Type properties used by sema and by MIR building: `Copy`, drop glue, display names.

use super::hir::{AdtKind, GenericParamDef, Program};
use super::ty::{Mutability, Ty, TyDisplay};
use std::collections::HashSet;

/// Whether values of `ty` are Copy (LANGUAGE.md §5.8). Params: Copy only if bounded by Copy
/// (generic bodies are checked against bounds).
pub fn is_copy(program: &Program, ty: &Ty, generics: &[GenericParamDef]) -> bool {
    is_copy_rec(program, ty, generics, &mut HashSet::new())
}

fn is_copy_rec(program: &Program, ty: &Ty, generics: &[GenericParamDef], seen: &mut HashSet<Ty>) -> bool {
    match ty {
        Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::Char | Ty::Str | Ty::Unit | Ty::Never => true,
        Ty::Func(..) | Ty::Ptr(_) | Ty::Ref(Mutability::Not, _) => true,
        Ty::Ref(Mutability::Mut, _) | Ty::Dyn(..) | Ty::Class(_) => false,
        Ty::Tuple(ts) => ts.iter().all(|t| is_copy_rec(program, t, generics, seen)),
        Ty::Array(t, _) => is_copy_rec(program, t, generics, seen),
        Ty::Adt(id, args) => {
            let Some(adt) = program.adts.get(*id) else {
                return false;
            };
            if !adt.is_copy || adt.drop_fn.is_some() {
                return false;
            }
            if !seen.insert(ty.clone()) {
                return true;
            }
            adt_field_types(program, *id, args).iter().all(|t| is_copy_rec(program, t, generics, seen))
        }
        Ty::Param(i) => {
            let copy = program.behaviors.iter().position(|b| b.name == "Copy");
            match (generics.get(*i as usize), copy) {
                (Some(g), Some(c)) => g.bounds.contains(&c),
                _ => false,
            }
        }
        Ty::Infer(_) | Ty::Error => false,
    }
}

/// The types of all fields of an ADT (all variants for enums), instantiated with `args`.
pub fn adt_field_types(program: &Program, adt: usize, args: &[Ty]) -> Vec<Ty> {
    match program.adts.get(adt).map(|a| &a.kind) {
        Some(AdtKind::Struct(fs)) => fs.iter().map(|f| f.ty.subst(args)).collect(),
        Some(AdtKind::Enum(vs)) => vs.iter().flat_map(|v| v.fields.iter().map(|f| f.ty.subst(args))).collect(),
        None => Vec::new(),
    }
}

/// Whether dropping a value of `ty` does anything (Str, function values, ADTs with a Drop fn
/// or droppable fields, …). Type parameters: true.
pub fn needs_drop(program: &Program, ty: &Ty) -> bool {
    needs_drop_rec(program, ty, &mut HashSet::new())
}

fn needs_drop_rec(program: &Program, ty: &Ty, seen: &mut HashSet<Ty>) -> bool {
    match ty {
        Ty::Str | Ty::Func(..) | Ty::Param(_) | Ty::Dyn(..) | Ty::Class(_) => true,
        Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::Char | Ty::Unit | Ty::Never => false,
        Ty::Ref(..) | Ty::Ptr(_) | Ty::Infer(_) | Ty::Error => false,
        Ty::Tuple(ts) => ts.iter().any(|t| needs_drop_rec(program, t, seen)),
        Ty::Array(t, n) => *n > 0 && needs_drop_rec(program, t, seen),
        Ty::Adt(id, args) => {
            let Some(adt) = program.adts.get(*id) else {
                return false;
            };
            if adt.drop_fn.is_some() {
                return true;
            }
            if !seen.insert(ty.clone()) {
                return false;
            }
            adt_field_types(program, *id, args).iter().any(|t| needs_drop_rec(program, t, seen))
        }
    }
}

/// A user-facing name of the type (`"Shared[RefCell[Node]]"`, `"ref List[I32]"`).
pub fn display_ty(program: &Program, ty: &Ty, generics: &[GenericParamDef]) -> String {
    let adt_name = |id: usize| program.adts.get(id).map(|a| a.name.clone()).unwrap_or_else(|| "?".to_string());
    let param_name = |i: u32| generics.get(i as usize).map(|g| g.name.clone()).unwrap_or_else(|| format!("T{i}"));
    let behavior_name =
        |id: usize| program.behaviors.get(id).map(|b| b.name.clone()).unwrap_or_else(|| "?".to_string());
    TyDisplay { ty, adt_name: &adt_name, behavior_name: &behavior_name, param_name: &param_name }.to_string()
}
