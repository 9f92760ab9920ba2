//! MIR: lowering of the typed HIR to control-flow graphs, initialization/move checking,
//! drop elaboration, monomorphization and a readable printer.
//!
//! Pipeline of [`lower`], per function with a body: [`build`] (HIR → generic MIR with
//! scope-exit drops) → [`dataflow`] + [`moveck`] (E0301–E0306) → [`borrowck`] (E0401–E0408)
//! → [`elaborate`] (drop flags,
//! open drops) → [`simplify`]; then, once for the program, [`mono`] from the entry point and test wrappers.

pub(crate) mod borrowck;
pub(crate) mod build;
pub(crate) mod dataflow;
pub(crate) mod elaborate;
pub mod ir;
pub(crate) mod mono;
pub(crate) mod moveck;
mod pretty;
pub(crate) mod simplify;
pub(crate) mod tyutil;

#[cfg(test)]
mod tests;

use crate::diagnostics::Diagnostic;
use crate::sema::hir;

pub use pretty::pretty_body;

/// Builds MIR for every function, runs initialization/move checking, borrow checking, drop
/// elaboration and monomorphization from the entry point and test wrappers. Errors: E0301–E0306,
/// E0401–E0408 (and E0203
/// for a behavior call without impl, which sema normally rules out).
pub fn lower(program: &hir::Program) -> Result<ir::Program, Vec<Diagnostic>> {
    let generic = build_checked(program)?;
    mono::monomorphize(program, &generic)
}

/// Builds, move- and borrow-checks and drop-elaborates every function body (generic, before
/// monomorphization). Index `f` holds the body of function `f`, `None` for functions without
/// body. All diagnostics of all functions are returned together, sorted by position.
pub fn build_checked(program: &hir::Program) -> Result<Vec<Option<ir::Body>>, Vec<Diagnostic>> {
    let mut diags = borrowck::check_placement(program);
    let mut bodies = Vec::new();
    for (id, def) in program.fns.iter().enumerate() {
        if def.body.is_none() {
            bodies.push(None);
            continue;
        }
        match build::build_fn(program, id) {
            Err(d) => {
                diags.extend(d);
                bodies.push(None);
            }
            Ok(mut built) => {
                let analysis = dataflow::Analysis::run(&built.body, &built.uses);
                let mut errs = moveck::check(program, &built, &analysis);
                errs.extend(borrowck::check(program, &built));
                if errs.is_empty() {
                    elaborate::elaborate(program, &mut built, &analysis);
                    simplify::simplify(&mut built.body);
                }
                diags.extend(errs);
                bodies.push(Some(built.body));
            }
        }
    }
    if diags.is_empty() {
        Ok(bodies)
    } else {
        crate::diagnostics::sort(&mut diags);
        diags.dedup();
        Err(diags)
    }
}

/// Readable text of the monomorphized MIR (`tmlc build --emit mir`), showing every Drop and
/// drop flag.
pub fn pretty(program: &ir::Program) -> String {
    pretty::pretty(program)
}
