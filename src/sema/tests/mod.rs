//! Unit tests of semantic analysis, driven by source text (parsed with `syntax::parse_file`).

mod errors;
mod externs;
mod invariants;
mod lowering;
mod programs;

use crate::diagnostics::Diagnostic;
use crate::sema::hir::Program;
use crate::sema::{analyze, ModuleInput, ModuleKind, Target};
use crate::span::SourceMap;

/// Parses and analyzes `src` as the root file; panics on syntax errors.
pub fn run(src: &str, target: Target) -> (Option<Program>, Vec<Diagnostic>) {
    let mut sm = SourceMap::new();
    let file = sm.add("test.tml", src);
    let (ast, pdiags) = crate::syntax::parse_file(file, src);
    assert!(pdiags.iter().all(|d| !d.is_error()), "syntax errors: {pdiags:#?}");
    let modules = vec![ModuleInput { path: Vec::new(), file, ast, kind: ModuleKind::Root }];
    analyze(&modules, &sm, target)
}

/// Analyzes a root file plus user modules `(path, source)`; returns the error codes.
pub fn codes_with_modules(root: &str, others: &[(&str, &str)]) -> Vec<&'static str> {
    let mut sm = SourceMap::new();
    let mut modules = Vec::new();
    let all = std::iter::once(("", root)).chain(others.iter().copied());
    for (path, src) in all {
        let file = sm.add(format!("{}.tml", if path.is_empty() { "main" } else { path }), src);
        let (ast, pdiags) = crate::syntax::parse_file(file, src);
        assert!(pdiags.iter().all(|d| !d.is_error()), "syntax errors: {pdiags:#?}");
        let (kind, path) =
            if path.is_empty() { (ModuleKind::Root, Vec::new()) } else { (ModuleKind::User, vec![path.to_string()]) };
        modules.push(ModuleInput { path, file, ast, kind });
    }
    let (p, diags) = analyze(&modules, &sm, Target::Program);
    let codes: Vec<&'static str> = diags.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
    assert_eq!(p.is_some(), codes.is_empty());
    codes
}

/// Analyzes a program that must be accepted; returns it.
pub fn ok(src: &str) -> Program {
    let (p, diags) = run(src, Target::Program);
    let errs: Vec<String> =
        diags.iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.code, d.message)).collect();
    assert!(errs.is_empty(), "unexpected errors: {errs:#?}");
    let p = p.expect("program without errors");
    invariants::assert_concrete(&p);
    invariants::assert_consistent(&p);
    p
}

/// The error codes reported for `src`, in position order.
pub fn codes(src: &str) -> Vec<&'static str> {
    let (p, diags) = run(src, Target::Program);
    let codes: Vec<&'static str> = diags.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
    assert_eq!(p.is_some(), codes.is_empty(), "a program is returned exactly when there are no errors");
    codes
}

/// The messages of all diagnostics (errors and warnings other than unused variables) for
/// `src`.
pub fn messages(src: &str) -> Vec<String> {
    run(src, Target::Program)
        .1
        .iter()
        .filter(|d| d.code != "W0001")
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}
