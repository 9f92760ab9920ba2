//! `tmlc test` (CLI.md §4): discover test files, compile each once in test mode, run every test
//! in its own process, print status lines in order, then the failures block and the summary.

use super::commands::{build_executable, scratch_dir, Compilation};
use super::discover::{discover, TestFile};
use super::exec::{run_ordered, run_test_process, TestProcess};
use super::outcome::{classify, Outcome};
use super::report::{render_tail, status_line, Entry, Summary};
use super::session::{process_env, resolve_options, sanitizer_list, BuildFlags};
use super::{print_error, print_stderr_block, print_stdout, DriverError, EXIT_FAILURE};
use crate::pipeline::{Mode, Options, TestDesc};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Default per-test time limit in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;
/// Default per-test time limit in seconds under `--valgrind`.
pub const VALGRIND_TIMEOUT_SECS: u64 = 60;

/// What `tmlc test` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct TestRequest {
    /// Files and directories to search; empty for the default (`tests/` or `.`).
    pub paths: Vec<PathBuf>,
    /// `--filter SUBSTR`.
    pub filter: Option<String>,
    /// Code-generation flags.
    pub flags: BuildFlags,
    /// `--valgrind`.
    pub valgrind: bool,
    /// `--timeout SECS` (0 disables the limit); `None` for the default.
    pub timeout_secs: Option<u64>,
    /// `--jobs N`; `None` for the number of CPUs.
    pub jobs: Option<usize>,
    /// `--show-output`.
    pub show_output: bool,
    /// Colour the driver's own error messages.
    pub color: bool,
}

/// A line of the report: either already decided, or a test process to run.
enum Planned {
    Done(Entry),
    Run { name: String, desc: TestDesc, process: TestProcess },
}

/// Runs `tmlc test` and returns its exit status: 0 when nothing failed or leaked, 1 otherwise
/// (also when no test file was found).
///
/// Errors: usage errors (bad options, missing paths, `--valgrind` without Valgrind or with
/// sanitizers) and internal errors (pipeline, linking, temporary files).
pub fn test(request: &TestRequest) -> Result<i32, DriverError> {
    let opts = resolve_options(&request.flags, &process_env)?;
    if request.valgrind {
        if sanitizer_list(&opts.sanitizers).is_some() {
            return Err(DriverError::Usage("--valgrind cannot be combined with sanitizers".into()));
        }
        if !on_path("valgrind") {
            return Err(DriverError::Usage("--valgrind needs `valgrind` on PATH".into()));
        }
    }
    let files = discover(&request.paths, Path::new(""))?;
    if files.is_empty() {
        print_error("error: no test files found", request.color);
        return Ok(EXIT_FAILURE);
    }
    let default_secs = if request.valgrind { VALGRIND_TIMEOUT_SECS } else { DEFAULT_TIMEOUT_SECS };
    let timeout = match request.timeout_secs.unwrap_or(default_secs) {
        0 => None,
        secs => Some(Duration::from_secs(secs)),
    };
    let scratch = scratch_dir()?;
    let mut planned = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        let dir = scratch.path().join(format!("file{file_index}"));
        planned.extend(plan_file(file, &dir, request, &opts, timeout)?);
    }
    let workers = request.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut entries = Vec::with_capacity(planned.len());
    run_ordered(planned, workers, execute, |_, entry| {
        print_stdout(&status_line(&entry));
        entries.push(entry);
    });
    print_stdout(&render_tail(&entries, request.show_output));
    Ok(if Summary::of(&entries).failed > 0 { EXIT_FAILURE } else { 0 })
}

/// Compiles one test file into `dir` and plans its report lines: one `FAILED` line when it does
/// not compile (its diagnostics go to stderr), else one line per test that passes the filter.
///
/// Errors: internal errors from the pipeline, linking or creating `dir`.
fn plan_file(
    file: &TestFile,
    dir: &Path,
    request: &TestRequest,
    opts: &Options,
    timeout: Option<Duration>,
) -> Result<Vec<Planned>, DriverError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| DriverError::Internal(format!("cannot create `{}`: {e}", dir.display())))?;
    let exe = dir.join(format!("tests{}", std::env::consts::EXE_SUFFIX));
    let compiled = match build_executable(&file.path, &file.display, Mode::Test, opts, &exe, dir)? {
        Compilation::Rejected(diagnostics) => {
            print_stderr_block(&diagnostics);
            let outcome = Outcome::failed("compilation failed (the diagnostics are on stderr)");
            return Ok(vec![Planned::Done(Entry { name: file.display.clone(), outcome })]);
        }
        Compilation::Succeeded(compiled) => compiled,
    };
    print_stderr_block(&compiled.warnings);
    let mut planned = Vec::new();
    for (index, desc) in compiled.tests.into_iter().enumerate() {
        let name = format!("{}::{}", file.display, desc.name);
        if request.filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        if desc.ignored {
            planned.push(Planned::Done(Entry { name, outcome: Outcome::skipped() }));
            continue;
        }
        let work_dir = dir.join(format!("test{index}"));
        let process = TestProcess { exe: exe.clone(), index, work_dir, timeout, valgrind: request.valgrind };
        planned.push(Planned::Run { name, desc, process });
    }
    Ok(planned)
}

/// Runs one planned test (if it needs running) and returns its report entry.
fn execute(planned: Planned) -> Entry {
    match planned {
        Planned::Done(entry) => entry,
        Planned::Run { name, desc, process } => Entry { name, outcome: classify(&desc, &run_test_process(&process)) },
    }
}

/// Whether an executable file `program` is in one of the `PATH` directories.
pub fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| is_executable(&dir.join(program)))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_programs_on_path() {
        assert!(on_path("sh"));
        assert!(!on_path("tmlc-surely-not-installed"));
    }

    #[test]
    fn valgrind_and_sanitizers_conflict() {
        let request = TestRequest {
            valgrind: true,
            flags: BuildFlags { sanitize: vec!["address".into()], ..BuildFlags::default() },
            ..TestRequest::default()
        };
        assert!(matches!(test(&request), Err(DriverError::Usage(_))));
    }
}
