//! The compiler pipeline as the driver sees it: one call compiles a root module and writes
//! the requested artefact; nothing here prints, exits or links.
//!
//! The driver (`crate::driver`) turns command-line options into [`Options`], calls
//! [`compile`] or [`check`], prints the returned warnings or diagnostics, and — for
//! [`Emit::Exe`] — links the object file written by [`compile`] against the C runtime.

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

/// The sanitizers a build is instrumented with (MEMORY.md §13). The driver only passes valid
/// combinations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sanitizers {
    pub address: bool,
    pub undefined: bool,
    pub leak: bool,
    pub thread: bool,
    pub memory: bool,
}

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
    _root: &Path,
    _display_name: &str,
    _mode: Mode,
    _emit: Emit,
    _opts: &Options,
    _out: &Path,
) -> Result<Compiled, Failure> {
    Err(Failure::Internal("pipeline not connected yet".into()))
}

/// Front end + MIR checks only (`tmlc check`): parsing, name resolution, type checking, move and
/// borrow checking, no code generation.
///
/// Errors: as for [`compile`].
pub fn check(_root: &Path, _display_name: &str) -> Result<Compiled, Failure> {
    Err(Failure::Internal("pipeline not connected yet".into()))
}
