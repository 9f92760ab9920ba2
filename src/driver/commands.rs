//! `tmlc build`, `tmlc run` and `tmlc check` (CLI.md §1.1–§1.3).

use super::session::{
    check_readable, default_output, display_name, io_reason, process_env, resolve_options, BuildFlags,
};
use super::{link, print_stderr_block, runtime, DriverError, EXIT_FAILURE};
use crate::pipeline::{self, Compiled, Emit, Failure, Mode, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What `tmlc build` was asked to do.
#[derive(Clone, Debug)]
pub struct BuildRequest {
    /// The root module.
    pub file: PathBuf,
    /// `-o OUT`; `None` for the default of CLI.md §1.1.
    pub output: Option<PathBuf>,
    /// `--emit KIND`, or [`Emit::Exe`] for an executable.
    pub emit: Emit,
    /// Code-generation flags.
    pub flags: BuildFlags,
}

/// What `tmlc run` was asked to do.
#[derive(Clone, Debug)]
pub struct RunRequest {
    /// The root module.
    pub file: PathBuf,
    /// Code-generation flags.
    pub flags: BuildFlags,
    /// Arguments after `--`, passed to the program.
    pub args: Vec<String>,
}

/// The result of compiling and linking one root module.
#[derive(Clone, Debug)]
pub enum Compilation {
    /// The executable (or other artefact) was written.
    Succeeded(Compiled),
    /// The program was rejected; the rendered diagnostics.
    Rejected(String),
}

/// `tmlc build`: returns the exit status (0, or 1 after printing diagnostics).
///
/// Errors: usage errors (unreadable file, bad options) and internal errors (pipeline, linking).
pub fn build(request: &BuildRequest) -> Result<i32, DriverError> {
    check_readable(&request.file)?;
    let opts = resolve_options(&request.flags, &process_env)?;
    let display = display_name(&request.file);
    let out = request.output.clone().unwrap_or_else(|| default_output(&request.file, request.emit));
    check_writable_location(&out)?;
    let compilation = if request.emit == Emit::Exe {
        let scratch = scratch_dir()?;
        build_executable(&request.file, &display, Mode::Program, &opts, &out, scratch.path())?
    } else {
        compilation_of(pipeline::compile(&request.file, &display, Mode::Program, request.emit, &opts, &out))?
    };
    Ok(report(&compilation))
}

/// `tmlc run`: builds into a temporary directory, runs the program with inherited stdio and
/// returns its exit status (128 + N when killed by signal N), or 1 after printing diagnostics.
///
/// Errors: as for [`build`], plus an internal error when the program cannot be started.
pub fn run(request: &RunRequest) -> Result<i32, DriverError> {
    check_readable(&request.file)?;
    let opts = resolve_options(&request.flags, &process_env)?;
    let display = display_name(&request.file);
    let scratch = scratch_dir()?;
    let exe = scratch.path().join(default_output(&request.file, Emit::Exe));
    let compilation = build_executable(&request.file, &display, Mode::Program, &opts, &exe, scratch.path())?;
    let status = report(&compilation);
    if status != 0 {
        return Ok(status);
    }
    let status = Command::new(&exe)
        .args(&request.args)
        .status()
        .map_err(|e| DriverError::Internal(format!("cannot run `{display}`: {}", io_reason(&e))))?;
    Ok(exit_code_of(status))
}

/// `tmlc check`: returns 0 (warnings allowed) or 1 after printing diagnostics.
///
/// Errors: usage errors and internal errors.
pub fn check(file: &Path) -> Result<i32, DriverError> {
    check_readable(file)?;
    let compilation = compilation_of(pipeline::check(file, &display_name(file)))?;
    Ok(report(&compilation))
}

/// Compiles `file` in `mode` and links it into the executable `exe`, using `scratch` for the
/// object file (and for runtime archives when no cache directory is usable).
///
/// Errors: internal errors from the pipeline, the runtime archive or the linker.
pub fn build_executable(
    file: &Path,
    display: &str,
    mode: Mode,
    opts: &Options,
    exe: &Path,
    scratch: &Path,
) -> Result<Compilation, DriverError> {
    let object = scratch.join(format!("{}.o", exe.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    let compilation = compilation_of(pipeline::compile(file, display, mode, Emit::Exe, opts, &object))?;
    if let Compilation::Succeeded(_) = compilation {
        let archive =
            runtime::runtime_archive(opts.check_leaks, &opts.sanitizers, scratch).map_err(DriverError::Internal)?;
        link::link(&object, &archive, &opts.sanitizers, exe).map_err(DriverError::Internal)?;
    }
    Ok(compilation)
}

/// Checks that the directory an output file goes to exists.
///
/// Errors: [`DriverError::Usage`] naming the output path.
pub fn check_writable_location(out: &Path) -> Result<(), DriverError> {
    match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(DriverError::Usage(format!(
            "cannot write `{}`: directory `{}` does not exist",
            out.display(),
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// A fresh temporary directory, removed when dropped.
///
/// Errors: an internal error when none can be created.
pub fn scratch_dir() -> Result<tempfile::TempDir, DriverError> {
    tempfile::Builder::new()
        .prefix("tmlc-")
        .tempdir()
        .map_err(|e| DriverError::Internal(format!("cannot create a temporary directory: {}", io_reason(&e))))
}

/// Maps a pipeline result: rejection is a normal outcome, [`Failure::Internal`] an error.
fn compilation_of(result: Result<Compiled, Failure>) -> Result<Compilation, DriverError> {
    match result {
        Ok(compiled) => Ok(Compilation::Succeeded(compiled)),
        Err(Failure::Diagnostics(text)) => Ok(Compilation::Rejected(text)),
        Err(Failure::Internal(msg)) => Err(DriverError::Internal(msg)),
    }
}

/// Prints warnings or diagnostics to stderr and returns the command's exit status.
fn report(compilation: &Compilation) -> i32 {
    match compilation {
        Compilation::Succeeded(compiled) => {
            print_stderr_block(&compiled.warnings);
            0
        }
        Compilation::Rejected(diagnostics) => {
            print_stderr_block(diagnostics);
            EXIT_FAILURE
        }
    }
}

/// A child's exit status as `tmlc run`'s own: its code, or 128 + N for signal N.
pub fn exit_code_of(status: std::process::ExitStatus) -> i32 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    status.code().unwrap_or(EXIT_FAILURE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn exit_codes_of_children() {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(exit_code_of(std::process::ExitStatus::from_raw(7 << 8)), 7);
        assert_eq!(exit_code_of(std::process::ExitStatus::from_raw(11)), 139);
    }

    #[test]
    fn output_directories_must_exist() {
        assert!(check_writable_location(Path::new("hello")).is_ok());
        assert!(check_writable_location(Path::new("/tmp/hello")).is_ok());
        let err = check_writable_location(Path::new("/no/such/dir/hello")).unwrap_err();
        assert!(matches!(err, DriverError::Usage(_)));
    }

    #[test]
    fn pipeline_failures_map_to_errors() {
        assert!(matches!(compilation_of(Ok(Compiled::default())), Ok(Compilation::Succeeded(_))));
        let rejected = compilation_of(Err(Failure::Diagnostics("error: aborting".into())));
        assert!(matches!(rejected, Ok(Compilation::Rejected(ref t)) if t == "error: aborting"));
        let internal = compilation_of(Err(Failure::Internal("boom".into())));
        assert_eq!(internal.unwrap_err(), DriverError::Internal("boom".into()));
    }
}
