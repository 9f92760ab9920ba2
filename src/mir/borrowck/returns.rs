//! Returned references (MEMORY.md §6.2, E0406): a function whose result contains a reference
//! must return one derived from `this` or from its single reference parameter.
//!
//! Because a derived reference carries every loan it was derived from (see [`super::flow`]),
//! the loans carried by the return place at `Return` name every place the result borrows: a
//! loan of a place owned by the function (a local, a by-value parameter, a temporary) is
//! "a reference to data owned by the current function"; a loan through another reference
//! parameter borrows from the wrong source.

use super::flow::result_source;
use super::loans::{carries_loans, BitSet, Loans};
use crate::diagnostics::Diagnostic;
use crate::mir::build::{place_display_name, Built};
use crate::mir::ir::{LocalKind, Place, Projection};
use crate::sema::hir;
use crate::sema::ty::Ty;
use crate::span::Span;

const LABEL: &str = "returns a reference to data owned by the current function";
const WRONG_SOURCE: &str = "returned reference does not borrow from this or the single reference parameter";

/// Checks the returned loans of `built`; `sites` are the assignments to the return place with
/// the loans each stores (for the span of the returned expression).
pub fn check(
    program: &hir::Program,
    built: &Built,
    loans: &Loans,
    returned: &BitSet,
    sites: &[(Span, BitSet)],
) -> Vec<Diagnostic> {
    let body = &built.body;
    if !carries_loans(program, body.return_ty()) {
        return Vec::new();
    }
    let source = result_source(program, body.source).map(|i| i + 1);
    let site_of = |id: usize| sites.iter().find(|(_, s)| s.contains(id)).map(|(sp, _)| *sp);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut wrong_source = None;
    for id in returned.iter() {
        let loan = &loans.loans[id];
        let span = site_of(id).unwrap_or(loan.span);
        let place = &loan.place;
        let decl = &body.locals[place.local];
        match place.projection.iter().position(|p| *p == Projection::Deref) {
            None => {
                let what = if decl.kind == LocalKind::Temp && !built.temp_names.contains_key(&place.local) {
                    "a temporary value".to_string()
                } else {
                    let name = place_display_name(program, &body.locals, &built.temp_names, &Place::local(place.local));
                    format!("`{name}`")
                };
                let d = Diagnostic::error("E0406", format!("cannot return a reference to {what}"), span, LABEL);
                if !diags.iter().any(|x| x.primary_span() == Some(span)) {
                    diags.push(d);
                }
            }
            Some(_) => {
                let foreign = decl.kind == LocalKind::Arg && Some(place.local) != source;
                if foreign && !matches!(decl.ty, Ty::Ptr(_)) {
                    wrong_source.get_or_insert(span);
                }
            }
        }
    }
    if diags.is_empty() {
        let bad_signature = source.is_none().then(|| sites.first().map(|(s, _)| *s).unwrap_or(body.span));
        if let Some(span) = bad_signature.or(wrong_source) {
            diags.push(Diagnostic::error("E0406", WRONG_SOURCE, span, LABEL));
        }
    }
    diags
}
