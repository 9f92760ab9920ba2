//! File-driven tests over TML programs (DESIGN.md "Tests"), one libtest-mimic trial per file,
//! all run through the `tmlc` binary:
//!
//! * Multi-file programs: a directory below `tests/run` or `tests/ui` that contains a `main.tml`
//!   is one program; only its `main.tml` is a trial, the other `.tml` files below that
//!   directory are its modules (see [`is_module_file`]).
//! * `run::PATH` — every `tests/run/**/*.tml` (not `*.test.tml`): `tmlc run NAME.tml` from the
//!   file's directory; stdout must equal `NAME.expected` (absent: empty), the exit status
//!   `NAME.expected_exit` (absent: 0), no line of `NAME.expected_stderr_lacks` may occur in
//!   stderr, and each line of `NAME.expected_stderr_contains` must
//!   occur in stderr. With `TMLC_VALGRIND=1` the program is built with `tmlc build` and run
//!   under `valgrind --error-exitcode=99 --leak-check=full`.
//! * `repo-examples::NAME` — every `examples/*.tml`, with the same rules as `run::`.
//! * `ui::PATH` — every `tests/ui/**/*.tml`: `tmlc check` must exit 1 and report exactly the
//!   errors annotated in the source (`//~ ERROR E0xxx` on the offending line, `//~^ ERROR` for
//!   the line above, one `^` per line); warnings are compared too when any
//!   `//~ WARNING W000x` annotation is present.
//! * `tml::PATH` — every `tests/tml/**/*.test.tml`: `tmlc test` must exit 0, unless
//!   `NAME.test.expected` exists, which is then the exact expected stdout.
//! * `examples::NAME` — every program in `../shared/examples` (or `$TML_EXAMPLES_DIR`) when
//!   that directory exists, with the rules of `shared/tools/check-examples`.

use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// The compiler under test.
const TMLC: &str = env!("CARGO_BIN_EXE_tmlc");
/// Time limit for one `tmlc` or program invocation.
const TIMEOUT: Duration = Duration::from_secs(120);

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut trials = Vec::new();
    let run_root = root.join("tests/run");
    for file in tml_files(&run_root).into_iter().filter(|f| !is_test_file(f) && !is_module_file(&run_root, f)) {
        let name = format!("run::{}", trial_name(&root.join("tests/run"), &file, ".tml"));
        trials.push(Trial::test(name, move || check_program(&file, Strictness::Exact)));
    }
    for file in tml_files(&root.join("examples")) {
        let name = format!("repo-examples::{}", trial_name(&root.join("examples"), &file, ".tml"));
        trials.push(Trial::test(name, move || check_program(&file, Strictness::Exact)));
    }
    let ui_root = root.join("tests/ui");
    for file in tml_files(&ui_root).into_iter().filter(|f| !is_module_file(&ui_root, f)) {
        let name = format!("ui::{}", trial_name(&root.join("tests/ui"), &file, ".tml"));
        trials.push(Trial::test(name, move || check_ui(&file)));
    }
    for file in tml_files(&root.join("tests/tml")).into_iter().filter(|f| is_test_file(f)) {
        let name = format!("tml::{}", trial_name(&root.join("tests/tml"), &file, ".test.tml"));
        trials.push(Trial::test(name, move || check_test_file(&file, Strictness::Exact)));
    }
    let examples =
        std::env::var_os("TML_EXAMPLES_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("../shared/examples"));
    if examples.is_dir() {
        for file in tml_files(&examples) {
            let suffix = if is_test_file(&file) { ".test.tml" } else { ".tml" };
            let name = format!("examples::{}", trial_name(&examples, &file, suffix));
            let trial = if is_test_file(&file) {
                Trial::test(name, move || check_test_file(&file, Strictness::Examples))
            } else {
                Trial::test(name, move || check_program(&file, Strictness::Examples))
            };
            trials.push(trial);
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

/// Every `*.tml` file below `dir` (none if it does not exist), sorted.
fn tml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".tml"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Whether `path` is a module of a multi-file program: some directory between `suite` and the
/// file (inclusive of the file's own directory) contains a `main.tml` other than `path`.
fn is_module_file(suite: &Path, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(suite) && *d != suite)
        .any(|d| d.join("main.tml").is_file() && d.join("main.tml") != path)
}

fn is_test_file(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".test.tml")
}

/// `path` relative to `base`, with `/` separators and without `suffix`.
fn trial_name(base: &Path, path: &Path, suffix: &str) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/");
    rel.strip_suffix(suffix).unwrap_or(&rel).to_string()
}

/// The file name and directory of a program, for running it "from its directory".
fn split(path: &Path) -> (String, PathBuf) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    (name, dir)
}

/// A file beside `path` with `.tml` replaced by `extension` (e.g. `.expected`).
fn sibling(path: &Path, extension: &str) -> PathBuf {
    let text = path.to_string_lossy();
    PathBuf::from(format!("{}{extension}", text.strip_suffix(".tml").unwrap_or(&text)))
}

fn read_optional(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// What a finished command left.
struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `command` with captured output, killing it after [`TIMEOUT`].
fn run(command: &mut Command) -> Result<Output, Failed> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut buf);
        buf
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut buf);
        buf
    });
    let status = match child.wait_timeout(TIMEOUT).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{command:?} timed out after {} s", TIMEOUT.as_secs()).into());
        }
    };
    let stdout = String::from_utf8_lossy(&stdout_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr_reader.join().unwrap()).into_owned();
    Ok(Output { code: status.code(), stdout, stderr })
}

/// Which convention the expectation files follow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strictness {
    /// `tests/`: a missing `.expected` means empty stdout.
    Exact,
    /// `shared/examples`: a missing `.expected` means stdout is not checked, and a missing
    /// `.expected_exit` means non-zero when `.expected_stderr_contains` exists.
    Examples,
}

/// Builds and runs a program (`tmlc run`, or `tmlc build` + Valgrind with `TMLC_VALGRIND=1`).
fn run_program(path: &Path) -> Result<Output, Failed> {
    let (name, dir) = split(path);
    if std::env::var("TMLC_VALGRIND").as_deref() != Ok("1") {
        return run(Command::new(TMLC).arg("run").arg(&name).current_dir(&dir));
    }
    let scratch = tempfile::TempDir::new().map_err(|e| e.to_string())?;
    let exe = scratch.path().join("program");
    let built = run(Command::new(TMLC).arg("build").arg(&name).arg("-o").arg(&exe).current_dir(&dir))?;
    if built.code != Some(0) {
        return Ok(built);
    }
    let mut command = Command::new("valgrind");
    command.args(["-q", "--error-exitcode=99", "--leak-check=full"]).arg(&exe).current_dir(&dir);
    let mut output = run(&mut command)?;
    output.stderr.insert_str(0, &built.stderr);
    Ok(output)
}

fn check_program(path: &Path, strictness: Strictness) -> Result<(), Failed> {
    let output = run_program(path)?;
    let mut problems = Vec::new();
    let expected = read_optional(&sibling(path, ".expected"));
    let stderr_lines = read_optional(&sibling(path, ".expected_stderr_contains"));
    let want_stdout = match strictness {
        Strictness::Exact => Some(expected.unwrap_or_default()),
        Strictness::Examples => expected,
    };
    if let Some(want) = want_stdout {
        if output.stdout != want {
            problems.push(format!("stdout differs:\n--- expected\n{want}--- got\n{}---", output.stdout));
        }
    }
    let want_exit = match read_optional(&sibling(path, ".expected_exit")) {
        Some(text) => Some(text.trim().parse::<i32>().map_err(|_| format!("bad .expected_exit: {text:?}"))?),
        None if strictness == Strictness::Examples && stderr_lines.is_some() => None,
        None => Some(0),
    };
    match want_exit {
        Some(want) if output.code != Some(want) => {
            problems.push(format!("exit status {:?}, expected {want}", output.code))
        }
        None if output.code == Some(0) => problems.push("exit status 0, expected a failure".into()),
        _ => {}
    }
    for line in stderr_lines.iter().flat_map(|text| text.lines()).map(str::trim) {
        if !line.is_empty() && !output.stderr.contains(line) {
            problems.push(format!("stderr lacks: {line:?}"));
        }
    }
    let forbidden = read_optional(&sibling(path, ".expected_stderr_lacks"));
    for line in forbidden.iter().flat_map(|text| text.lines()).map(str::trim) {
        if !line.is_empty() && output.stderr.contains(line) {
            problems.push(format!("stderr must not contain: {line:?}"));
        }
    }
    verdict(problems, &output)
}

/// `Ok` when there are no problems; else all problems and the captured stderr.
fn verdict(problems: Vec<String>, output: &Output) -> Result<(), Failed> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!("{}\nstderr was:\n{}", problems.join("\n"), output.stderr).into())
}

/// `(line, code)` pairs: errors, and warnings.
type Expected = (BTreeSet<(usize, String)>, BTreeSet<(usize, String)>);

/// The `//~ ERROR CODE` / `//~^ WARNING CODE` annotations of a source text.
fn annotations(source: &str) -> Result<Expected, String> {
    let (mut errors, mut warnings) = (BTreeSet::new(), BTreeSet::new());
    for (index, line) in source.lines().enumerate() {
        let mut rest = line;
        while let Some(pos) = rest.find("//~") {
            let after = &rest[pos + 3..];
            let carets = after.chars().take_while(|&c| c == '^').count();
            let mut words = after[carets..].split_whitespace();
            let (kind, code) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            let target = (index + 1).checked_sub(carets).filter(|&l| l > 0);
            let target = target.ok_or_else(|| format!("line {}: annotation points above the file", index + 1))?;
            match kind {
                "ERROR" => errors.insert((target, code.to_string())),
                "WARNING" => warnings.insert((target, code.to_string())),
                _ => return Err(format!("line {}: malformed annotation {:?}", index + 1, rest.trim())),
            };
            rest = &after[carets..];
        }
    }
    Ok((errors, warnings))
}

/// The `(line, code)` pairs of the errors and warnings rendered in `stderr`: each
/// `error[CODE]`/`warning[CODE]` header with the line of the `--> FILE:LINE:COL` after it.
fn reported(stderr: &str) -> Expected {
    let (mut errors, mut warnings) = (BTreeSet::new(), BTreeSet::new());
    let mut pending: Option<(bool, String)> = None;
    for line in stderr.lines() {
        let header = line
            .strip_prefix("error[")
            .map(|r| (true, r))
            .or_else(|| line.strip_prefix("warning[").map(|r| (false, r)));
        if let Some((is_error, rest)) = header {
            pending = rest.split(']').next().map(|code| (is_error, code.to_string()));
            continue;
        }
        let Some(location) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let Some((is_error, code)) = pending.take() else {
            continue;
        };
        let mut parts = location.rsplitn(3, ':');
        let line_no = parts.nth(1).and_then(|l| l.parse::<usize>().ok()).unwrap_or(0);
        if is_error { &mut errors } else { &mut warnings }.insert((line_no, code));
    }
    (errors, warnings)
}

fn check_ui(path: &Path) -> Result<(), Failed> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (want_errors, want_warnings) = annotations(&source)?;
    let (name, dir) = split(path);
    let output = run(Command::new(TMLC).arg("check").arg(&name).current_dir(&dir))?;
    let (errors, warnings) = reported(&output.stderr);
    let mut problems = Vec::new();
    let want_code = if want_errors.is_empty() { 0 } else { 1 };
    if output.code != Some(want_code) {
        problems.push(format!("exit status {:?}, expected {want_code}", output.code));
    }
    if errors != want_errors {
        problems.push(format!("errors (line, code) differ:\n  expected {want_errors:?}\n  reported {errors:?}"));
    }
    if !want_warnings.is_empty() && warnings != want_warnings {
        problems.push(format!("warnings (line, code) differ:\n  expected {want_warnings:?}\n  reported {warnings:?}"));
    }
    verdict(problems, &output)
}

/// The number of failures on the `P passed, F failed[, S skipped]` line, if there is one.
fn summary_failures(stdout: &str) -> Option<usize> {
    stdout.lines().rev().find_map(|line| {
        let line = line.trim();
        let line = line.split_once(": ").filter(|(w, _)| !w.contains(' ')).map_or(line, |(_, rest)| rest);
        let mut parts = line.split(", ");
        parts.next()?.strip_suffix(" passed")?.parse::<usize>().ok()?;
        let failed = parts.next()?.strip_suffix(" failed")?.parse::<usize>().ok()?;
        match parts.next() {
            None => Some(failed),
            Some(s) if s.strip_suffix(" skipped").is_some_and(|n| n.parse::<usize>().is_ok()) => Some(failed),
            Some(_) => None,
        }
    })
}

/// Whether `text` matches `template` where each `<BYTES>` stands for a decimal number.
fn matches_template(template: &str, text: &str) -> bool {
    let mut pieces = template.split("<BYTES>");
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for piece in pieces {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        let Some(after) = rest[digits..].strip_prefix(piece) else {
            return false;
        };
        rest = after;
    }
    rest.is_empty()
}

fn check_test_file(path: &Path, strictness: Strictness) -> Result<(), Failed> {
    let (name, dir) = split(path);
    let output = run(Command::new(TMLC).arg("test").arg(&name).current_dir(&dir))?;
    let mut problems = Vec::new();
    let got = output.stdout.trim_end_matches('\n');
    let template = read_optional(&sibling(path, ".expected_template"));
    let mut expected = read_optional(&sibling(path, ".expected"));
    if strictness == Strictness::Examples && expected.is_none() {
        let text = path.to_string_lossy();
        expected = read_optional(Path::new(&format!("{}.expected", text.strip_suffix(".test.tml").unwrap_or(&text))));
    }
    let template = template.filter(|_| strictness == Strictness::Examples);
    let has_expectation = template.is_some() || expected.is_some();
    if let Some(template) = template {
        if !matches_template(template.trim_end_matches('\n'), got) {
            problems.push(format!("stdout does not match the template:\n--- template\n{template}--- got\n{got}\n---"));
        }
    } else if let Some(want) = &expected {
        if got != want.trim_end_matches('\n') {
            problems.push(format!("stdout differs:\n--- expected\n{want}--- got\n{got}\n---"));
        }
    }
    match summary_failures(&output.stdout) {
        None => problems.push("no summary line `N passed, N failed` on stdout".into()),
        Some(failed) if (failed == 0) != (output.code == Some(0)) => {
            problems.push(format!("exit status {:?} does not match {failed} failures", output.code))
        }
        Some(failed) if !has_expectation && failed > 0 => problems.push(format!("{failed} tests failed:\n{got}")),
        Some(_) => {}
    }
    verdict(problems, &output)
}
