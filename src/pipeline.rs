//! The compiler pipeline as the driver sees it: one call compiles a root module and writes
//! the requested artefact; nothing here prints, exits or links.
//!
//! The driver (`crate::driver`) turns command-line options into [`Options`], calls
//! [`compile`] or [`check`], prints the returned warnings or diagnostics, and — for
//! [`Emit::Exe`] — links the object file written by [`compile`] against the C runtime.

mod loader;

use crate::diagnostics::{self, Diagnostic};
use crate::span::SourceMap;
use crate::{codegen, mir, sema};
use std::path::Path;

/// What the root module is compiled as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// An ordinary program: the generated `main` calls the user's `main`.
    Program,
    /// A test executable: the generated `main` calls `tml_test_main` with the `@test`
    /// functions of the root module (runtime header, test-harness protocol).
    Test,
}

/// The artefact [`compile`] writes to its `out` path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emit {
    /// An object file that the driver links into an executable afterwards.
    Exe,
    /// Textual LLVM IR (`.ll`).
    LlvmIr,
    /// The compiler's textual MIR (`.mir`).
    Mir,
    /// Target assembly (`.s`).
    Asm,
    /// An object file (`.o`), not linked.
    Obj,
}

/// The sanitizers a build is instrumented with (MEMORY.md §13); the driver only passes valid
/// combinations.
pub use crate::codegen::Sanitizers;

/// Code generation settings of one build.
#[derive(Clone, Debug)]
pub struct Options {
    /// LLVM optimisation level, 0..=3.
    pub opt_level: u8,
    /// Release build: integer overflow wraps instead of panicking, no debug info.
    pub release: bool,
    /// Leak tracking and the exit-time leak report (MEMORY.md §12).
    pub check_leaks: bool,
    /// Sanitizer instrumentation.
    pub sanitizers: Sanitizers,
}

/// One `@test` function of a test executable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestDesc {
    /// The function's name (the part after `FILE::` in the test's name).
    pub name: String,
    /// `None`: not `@should_panic`; `Some(None)`: any panic passes; `Some(Some(text))`: the
    /// panic message must contain `text`.
    pub should_panic: Option<Option<String>>,
    /// Marked `@ignore`: listed as `skipped`, never run.
    pub ignored: bool,
}

/// The result of a successful compilation.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    /// Rendered warnings, including the closing `warning: N warnings emitted` line; empty when
    /// there were none.
    pub warnings: String,
    /// [`Mode::Test`]: the `@test` functions in source order; the index is the harness INDEX.
    /// Empty otherwise.
    pub tests: Vec<TestDesc>,
}

/// Why a compilation produced nothing.
#[derive(Clone, Debug)]
pub enum Failure {
    /// Rendered diagnostics (errors and warnings), including the closing
    /// `error: aborting due to …` line.
    Diagnostics(String),
    /// A compiler bug or an environment problem; the driver reports it as an internal
    /// compiler error (exit status 70).
    Internal(String),
}

/// Compiles `root` (shown in messages as `display_name`) and writes LLVM IR / MIR / asm / an
/// object file to `out`. For [`Emit::Exe`] the caller links `out` (an object file) afterwards.
///
/// Errors: [`Failure::Diagnostics`] when the program is rejected, [`Failure::Internal`] on
/// compiler or I/O failures.
pub fn compile(
    root: &Path,
    display_name: &str,
    mode: Mode,
    emit: Emit,
    opts: &Options,
    out: &Path,
) -> Result<Compiled, Failure> {
    let front = front_end(root, display_name, mode)?;
    match emit {
        Emit::Mir => std::fs::write(out, mir::pretty(&front.program))
            .map_err(|e| Failure::Internal(format!("cannot write {}: {e}", out.display())))?,
        Emit::Exe | Emit::Obj | Emit::LlvmIr | Emit::Asm => {
            let output = match emit {
                Emit::LlvmIr => codegen::Output::LlvmIr,
                Emit::Asm => codegen::Output::Asm,
                _ => codegen::Output::Object,
            };
            let cg = codegen::Options {
                opt_level: opts.opt_level,
                overflow_checks: !opts.release,
                check_leaks: opts.check_leaks,
                sanitizers: opts.sanitizers.clone(),
                test_harness: mode == Mode::Test,
            };
            codegen::emit(&front.program, &front.sources, &cg, output, out).map_err(Failure::Internal)?;
        }
    }
    Ok(front.compiled)
}

/// Front end + MIR checks only (`tmlc check`): parsing, name resolution, type checking, move and
/// borrow checking, no code generation.
///
/// Errors: as for [`compile`].
pub fn check(root: &Path, display_name: &str) -> Result<Compiled, Failure> {
    let mode = if display_name.ends_with(".test.tml") { Mode::Test } else { Mode::Program };
    front_end(root, display_name, mode).map(|f| f.compiled)
}

/// The checked, monomorphized program and what the driver needs to know about it.
struct FrontEnd {
    sources: SourceMap,
    program: mir::ir::Program,
    compiled: Compiled,
}

/// Parses, analyses and lowers `root` to MIR. Syntax errors stop before semantic analysis so
/// that they are not followed by consequential errors.
fn front_end(root: &Path, display_name: &str, mode: Mode) -> Result<FrontEnd, Failure> {
    let mut sources = SourceMap::new();
    let loaded = loader::load(root, display_name, &mut sources).map_err(Failure::Internal)?;
    let mut diags = loaded.diagnostics;
    if diags.iter().any(Diagnostic::is_error) {
        return Err(reject(&sources, diags));
    }
    let target = if mode == Mode::Test { sema::Target::Test } else { sema::Target::Program };
    let (hir, sema_diags) = sema::analyze(&loaded.modules, &sources, target);
    diags.extend(sema_diags);
    let hir = match hir {
        Some(hir) if !diags.iter().any(Diagnostic::is_error) => hir,
        _ => return Err(reject(&sources, diags)),
    };
    let program = match mir::lower(&hir) {
        Ok(program) => program,
        Err(errors) => {
            diags.extend(errors);
            return Err(reject(&sources, diags));
        }
    };
    let tests = hir
        .tests
        .iter()
        .map(|t| TestDesc { name: t.name.clone(), should_panic: t.should_panic.clone(), ignored: t.ignored })
        .collect();
    let warnings = if diags.is_empty() { String::new() } else { render_sorted(&sources, diags) };
    Ok(FrontEnd { sources, program, compiled: Compiled { warnings, tests } })
}

fn reject(sources: &SourceMap, diags: Vec<Diagnostic>) -> Failure {
    Failure::Diagnostics(render_sorted(sources, diags))
}

fn render_sorted(sources: &SourceMap, mut diags: Vec<Diagnostic>) -> String {
    diagnostics::sort(&mut diags);
    diagnostics::render(sources, &diags)
}
