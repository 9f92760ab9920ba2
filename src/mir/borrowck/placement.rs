//! Where references may live (MEMORY.md §6.2, E0407): not in struct or enum fields, tuple or
//! array elements, generic arguments or closure captures. Checked on the HIR program's types:
//! ADT field types (at the field), the types of parameters and named variables (at the
//! binding), and closure environments (at the closure).

use super::loans::{carries_loans, is_ref_like};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, AdtKind};
use crate::sema::ty::Ty;
use crate::span::Span;

const LABEL: &str = "reference type here";

/// All E0407 errors of the program.
pub fn check(program: &hir::Program) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut report = |what: &str, span: Span| {
        diags.push(Diagnostic::error("E0407", format!("reference type not allowed in {what}"), span, LABEL));
    };
    for adt in &program.adts {
        let fields: Vec<&hir::FieldDef> = match &adt.kind {
            AdtKind::Struct(fs) => fs.iter().collect(),
            AdtKind::Enum(vs) => vs.iter().flat_map(|v| &v.fields).collect(),
        };
        for f in fields {
            if carries_loans(program, &f.ty) {
                report("a field", f.span);
            } else if let Some(what) = misplaced(program, &f.ty, None) {
                report(what, f.span);
            }
        }
    }
    for def in &program.fns {
        if let Some(env) = &def.closure_env {
            if carries_loans(program, env) {
                report("a closure capture", def.span);
            }
        }
        let Some(body) = &def.body else { continue };
        let params = body.params.len();
        for (i, l) in body.locals.iter().enumerate() {
            let env_param = i == 0 && def.closure_env.is_some();
            if (l.name.is_some() || i < params) && !env_param {
                if let Some(what) = misplaced(program, &l.ty, None) {
                    report(what, l.span);
                }
            }
        }
    }
    diags
}

/// Where a ref-like type occurs inside `ty` in a position that does not allow it (`inside`:
/// the position of `ty` itself, `None` where references are fine).
fn misplaced(program: &hir::Program, ty: &Ty, inside: Option<&'static str>) -> Option<&'static str> {
    if is_ref_like(program, ty) && inside.is_some() {
        return inside;
    }
    match ty {
        Ty::Ref(_, t) => misplaced(program, t, None),
        Ty::Tuple(ts) => ts.iter().find_map(|t| misplaced(program, t, Some(inside.unwrap_or("an element")))),
        Ty::Array(t, _) => misplaced(program, t, Some(inside.unwrap_or("an element"))),
        Ty::Adt(_, args) => {
            args.iter().find_map(|t| misplaced(program, t, Some(inside.unwrap_or("a generic argument"))))
        }
        Ty::Func(ps, r) => ps.iter().chain(std::iter::once(&**r)).find_map(|t| misplaced(program, t, None)),
        _ => None,
    }
}
