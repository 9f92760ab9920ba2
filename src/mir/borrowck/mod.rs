//! Borrow checking on MIR (MEMORY.md §6, DESIGN.md "MIR": liveness-based borrow regions):
//! E0401–E0404 conflicts, E0406 returned references, E0407 misplaced reference types and
//! E0408 temporaries dropped while borrowed. (E0405, `mut ref` of an immutable binding, is
//! reported by sema.)
//!
//! Algorithm: a simplified NLL (RFC 2094), location-insensitive in the style of Polonius's
//! "location insensitive" variant — loans flow between locals instead of region variables:
//!
//! 1. Every `Rvalue::Ref` statement creates a [`loans::Loan`]. A `mut` borrow stored in a
//!    temporary that is moved once, as the first argument of a call (a `mut this` receiver), is
//!    *two-phase*: only reserved (it acts as a shared loan) until that call activates it.
//! 2. A forward dataflow ([`flow`]) computes which loans each local may *carry* (the reference
//!    it holds, or any reference derived from it by copies, reborrows `&(*r).f`, or calls whose
//!    result borrows from an argument) and which loans are *in scope* (not killed by
//!    re-pointing the reference they were taken through, or by the end of the borrowed local).
//! 3. A backward liveness analysis ([`liveness`]) of the loan-carrying locals.
//! 4. A loan is *live* at a point when it is in scope and carried by a local live there
//!    (NLL: the region of a reference contains the points where it may still be used).
//!    [`check`] visits every access and reports the first live loan it conflicts with.
//!
//! Ref-like values are recognised only by [`loans::is_ref_like`]: references and the RefCell
//! guards (`hir::Program::guards`), whose drops count as uses (liveness), so a guard keeps the
//! loan on its cell live until it is dropped.

mod check;
mod flow;
mod liveness;
mod loans;
mod placement;
mod returns;

use crate::diagnostics::Diagnostic;
use crate::mir::build::Built;
use crate::mir::ir::StatementKind;
use crate::sema::hir;

/// Borrow-checks one freshly built body (before drop elaboration); returns its diagnostics.
pub fn check(program: &hir::Program, built: &Built) -> Vec<Diagnostic> {
    let body = &built.body;
    let loans = loans::Loans::collect(body, |loc, place, stmt_span| {
        let place_span = built
            .uses
            .get(&loc)
            .and_then(|v| v.iter().find(|(p, _)| p == place))
            .and_then(|(_, spans)| spans.last().copied())
            .unwrap_or(stmt_span);
        let dest_is_index_temp = match &body.blocks[loc.0].statements[loc.1].kind {
            StatementKind::Assign(d, _) => built.temp_names.contains_key(&d.local),
            _ => false,
        };
        (if dest_is_index_temp { place_span } else { stmt_span }, place_span)
    });
    let flow = flow::Flow::compute(program, body, &loans);
    let live = liveness::Liveness::compute(body, &flow.tracked);
    let outcome = check::Checker::run(program, built, &flow, &live, &loans);
    let mut diags = outcome.diags;
    diags.extend(returns::check(program, built, &loans, &outcome.returned, &outcome.ret_sites));
    diags
}

/// Reference types in fields, elements, generic arguments and closure captures (E0407),
/// checked once for the whole program.
pub fn check_placement(program: &hir::Program) -> Vec<Diagnostic> {
    placement::check(program)
}
