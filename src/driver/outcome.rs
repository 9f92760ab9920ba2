//! What a finished test process means (CLI.md §4.3–§4.4, runtime test-harness protocol).
//!
//! Pure functions over [`ProcessResult`] values, so that every case is unit-tested without
//! running anything.

use crate::pipeline::TestDesc;

/// Exit status of the test process that the harness uses for a panic.
pub const PANIC_STATUS: i32 = 101;
/// Exit status of a process whose leak check reported live allocations.
pub const LEAK_STATUS: i32 = 3;

/// How a test process ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this status.
    Code(i32),
    /// It was killed by this signal.
    Signal(i32),
    /// It was killed after running for the timeout, in seconds.
    TimedOut(u64),
    /// It could not be started; the reason.
    NotStarted(String),
}

/// Everything the runner observed about one test process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessResult {
    /// How it ended.
    pub exit: Exit,
    /// The status file's content without trailing line breaks (`ok`, `returned N`,
    /// `err MESSAGE`), or `None` when nothing was written.
    pub status_line: Option<String>,
    /// Captured stdout (lossily decoded).
    pub stdout: String,
    /// Captured stderr (lossily decoded).
    pub stderr: String,
}

/// The status shown for a test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed,
    Leaked,
    Skipped,
}

impl Status {
    /// The word on the test's status line.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "FAILED",
            Status::Leaked => "LEAKED",
            Status::Skipped => "skipped",
        }
    }

    /// Whether the test counts as a failure (`FAILED` or `LEAKED`).
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Failed | Status::Leaked)
    }
}

/// The verdict on one test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Its status.
    pub status: Status,
    /// The captured stdout (shown for passing tests with `--show-output`).
    pub stdout: String,
    /// The detail text of the failures block (CLI.md §4.4), already joined; empty for none.
    pub details: String,
}

impl Outcome {
    /// A test that was not run because it is `@ignore`.
    pub fn skipped() -> Outcome {
        Outcome { status: Status::Skipped, stdout: String::new(), details: String::new() }
    }

    /// A failure with only a runner message (e.g. a file that did not compile).
    pub fn failed(message: &str) -> Outcome {
        Outcome { status: Status::Failed, stdout: String::new(), details: message.to_string() }
    }
}

/// Classifies a finished test process.
pub fn classify(desc: &TestDesc, result: &ProcessResult) -> Outcome {
    let stderr_first = |status: Status, message: Option<String>| {
        let details = join_details(&[&result.stdout, &result.stderr, message.as_deref().unwrap_or("")]);
        Outcome { status, stdout: result.stdout.clone(), details }
    };
    match (&result.exit, &desc.should_panic) {
        (Exit::TimedOut(secs), _) => stderr_first(Status::Failed, Some(format!("test timed out after {secs} seconds"))),
        (Exit::Signal(n), _) => {
            stderr_first(Status::Failed, Some(format!("test process terminated by signal {n} ({})", signal_name(*n))))
        }
        (Exit::NotStarted(reason), _) => {
            stderr_first(Status::Failed, Some(format!("could not start the test process: {reason}")))
        }
        (Exit::Code(PANIC_STATUS), None) => stderr_first(Status::Failed, None),
        (Exit::Code(PANIC_STATUS), Some(None)) => stderr_first(Status::Ok, None),
        (Exit::Code(PANIC_STATUS), Some(Some(text))) if result.stderr.contains(text.as_str()) => {
            stderr_first(Status::Ok, None)
        }
        (Exit::Code(PANIC_STATUS), Some(Some(text))) => {
            let message = format!("panic message did not contain \"{text}\"");
            let details = join_details(&[&result.stdout, &message, &result.stderr]);
            Outcome { status: Status::Failed, stdout: result.stdout.clone(), details }
        }
        (Exit::Code(_), Some(_)) => stderr_first(Status::Failed, Some("test did not panic as expected".into())),
        (Exit::Code(code), None) => {
            let (status, message) = from_status_line(result.status_line.as_deref(), *code);
            stderr_first(status, message)
        }
    }
}

/// The status and runner message for a process that exited with `code` (not a panic) after
/// writing `line` to its status file.
fn from_status_line(line: Option<&str>, code: i32) -> (Status, Option<String>) {
    match line {
        Some("ok") if code == 0 => (Status::Ok, None),
        Some("ok") if code == LEAK_STATUS => (Status::Leaked, None),
        Some("ok") => (Status::Failed, None),
        Some(line) if line.starts_with("returned ") => (Status::Failed, Some(format!("test {line}"))),
        Some("err") => (Status::Failed, Some("test returned Err: Err".into())),
        Some(line) if line.starts_with("err ") => (Status::Failed, Some(format!("test returned Err: {}", &line[4..]))),
        Some(line) => (Status::Failed, Some(format!("malformed test status `{line}`"))),
        None => (Status::Failed, Some(format!("test process exited with status {code}"))),
    }
}

/// Joins detail parts with line breaks after removing each part's trailing line breaks;
/// empty parts are left out.
pub fn join_details(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|part| part.trim_end_matches(['\n', '\r']))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The conventional name of a POSIX signal (Linux numbering), or `unknown signal`.
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        31 => "SIGSYS",
        _ => "unknown signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desc(should_panic: Option<Option<&str>>) -> TestDesc {
        TestDesc { name: "t".into(), should_panic: should_panic.map(|o| o.map(String::from)), ignored: false }
    }

    fn result(exit: Exit, line: Option<&str>, stdout: &str, stderr: &str) -> ProcessResult {
        ProcessResult { exit, status_line: line.map(String::from), stdout: stdout.into(), stderr: stderr.into() }
    }

    fn check(d: &TestDesc, r: &ProcessResult, status: Status, details: &str) {
        let outcome = classify(d, r);
        assert_eq!((outcome.status, outcome.details.as_str()), (status, details), "{r:?}");
    }

    #[test]
    fn normal_results() {
        let plain = desc(None);
        check(&plain, &result(Exit::Code(0), Some("ok"), "hi\n", ""), Status::Ok, "hi");
        check(&plain, &result(Exit::Code(1), Some("returned 7"), "", ""), Status::Failed, "test returned 7");
        check(
            &plain,
            &result(Exit::Code(1), Some("err bad input"), "", ""),
            Status::Failed,
            "test returned Err: bad input",
        );
        check(&plain, &result(Exit::Code(1), Some("err"), "", ""), Status::Failed, "test returned Err: Err");
        let leak = "leak check: 1 allocation (16 bytes) still live at exit\n  at a.tml:2:3: 1 x Heap[I64] (16 bytes)\n";
        check(&plain, &result(Exit::Code(3), Some("ok"), "", leak), Status::Leaked, leak.trim_end());
        check(&plain, &result(Exit::Code(98), Some("ok"), "", "==1== error\n"), Status::Failed, "==1== error");
        check(&plain, &result(Exit::Code(0), None, "", ""), Status::Failed, "test process exited with status 0");
        check(&plain, &result(Exit::Code(1), Some("what"), "", ""), Status::Failed, "malformed test status `what`");
    }

    #[test]
    fn panics() {
        let stderr = "panicked at t.tml:3:5: attempt to divide by zero\n";
        check(
            &desc(None),
            &result(Exit::Code(101), None, "out\n\n", stderr),
            Status::Failed,
            "out\npanicked at t.tml:3:5: attempt to divide by zero",
        );
        check(
            &desc(Some(None)),
            &result(Exit::Code(101), None, "", stderr),
            Status::Ok,
            "panicked at t.tml:3:5: attempt to divide by zero",
        );
        check(
            &desc(Some(Some("divide by zero"))),
            &result(Exit::Code(101), None, "", stderr),
            Status::Ok,
            stderr.trim_end(),
        );
        check(
            &desc(Some(Some("overflow"))),
            &result(Exit::Code(101), None, "x\n", stderr),
            Status::Failed,
            "x\npanic message did not contain \"overflow\"\npanicked at t.tml:3:5: attempt to divide by zero",
        );
        check(
            &desc(Some(None)),
            &result(Exit::Code(0), Some("ok"), "", ""),
            Status::Failed,
            "test did not panic as expected",
        );
    }

    #[test]
    fn crashes_and_timeouts() {
        let plain = desc(None);
        check(
            &plain,
            &result(Exit::Signal(11), None, "", ""),
            Status::Failed,
            "test process terminated by signal 11 (SIGSEGV)",
        );
        check(
            &desc(Some(None)),
            &result(Exit::Signal(6), None, "", "abort\n"),
            Status::Failed,
            "abort\ntest process terminated by signal 6 (SIGABRT)",
        );
        check(
            &plain,
            &result(Exit::TimedOut(10), None, "partial\n", ""),
            Status::Failed,
            "partial\ntest timed out after 10 seconds",
        );
        check(
            &plain,
            &result(Exit::NotStarted("denied".into()), None, "", ""),
            Status::Failed,
            "could not start the test process: denied",
        );
        assert_eq!(signal_name(99), "unknown signal");
    }

    #[test]
    fn details_join() {
        assert_eq!(join_details(&["a\n\n", "", "b", "c\r\n"]), "a\nb\nc");
        assert_eq!(join_details(&["", ""]), "");
        assert_eq!(Status::Leaked.label(), "LEAKED");
        assert!(Status::Leaked.is_failure() && !Status::Skipped.is_failure());
    }
}
