//! Running test processes (runtime test-harness protocol) and running jobs in parallel with
//! results delivered in order (CLI.md §4.2).

use super::outcome::{Exit, ProcessResult};
use super::session::io_reason;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::Duration;
use wait_timeout::ChildExt;

/// The Valgrind command line prefix of `tmlc test --valgrind`.
pub const VALGRIND: [&str; 4] = ["valgrind", "-q", "--error-exitcode=98", "--leak-check=full"];

/// One test process to run.
#[derive(Clone, Debug)]
pub struct TestProcess {
    /// The test executable.
    pub exe: PathBuf,
    /// The harness INDEX of the test.
    pub index: usize,
    /// A directory owned by this process alone, for its status file and captured output.
    pub work_dir: PathBuf,
    /// Kill the process after this long; `None` for no limit.
    pub timeout: Option<Duration>,
    /// Run under Valgrind memcheck ([`VALGRIND`]).
    pub valgrind: bool,
}

/// Runs `EXE --tml-run-test INDEX --tml-status-file PATH` with stdin closed and stdout/stderr
/// captured to files, waits for it (killing it after the timeout) and collects what it left.
/// Failures to start it are reported as [`Exit::NotStarted`].
pub fn run_test_process(job: &TestProcess) -> ProcessResult {
    let status_path = job.work_dir.join("status");
    let stdout_path = job.work_dir.join("stdout");
    let stderr_path = job.work_dir.join("stderr");
    let exit = spawn_and_wait(job, &status_path, &stdout_path, &stderr_path)
        .unwrap_or_else(|e| Exit::NotStarted(io_reason(&e)));
    let status_line = std::fs::read(&status_path)
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).trim_end_matches(['\n', '\r']).to_string());
    ProcessResult { exit, status_line, stdout: read_lossy(&stdout_path), stderr: read_lossy(&stderr_path) }
}

fn spawn_and_wait(job: &TestProcess, status: &Path, stdout: &Path, stderr: &Path) -> std::io::Result<Exit> {
    std::fs::create_dir_all(&job.work_dir)?;
    let mut command = if job.valgrind {
        let mut c = Command::new(VALGRIND[0]);
        c.args(&VALGRIND[1..]).arg(&job.exe);
        c
    } else {
        Command::new(&job.exe)
    };
    command
        .arg("--tml-run-test")
        .arg(job.index.to_string())
        .arg("--tml-status-file")
        .arg(status)
        .stdin(Stdio::null())
        .stdout(File::create(stdout)?)
        .stderr(File::create(stderr)?);
    let mut child = command.spawn()?;
    let status = match job.timeout {
        None => child.wait()?,
        Some(limit) => match child.wait_timeout(limit)? {
            Some(status) => status,
            None => {
                child.kill()?;
                child.wait()?;
                return Ok(Exit::TimedOut(limit.as_secs()));
            }
        },
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ok(Exit::Signal(signal));
        }
    }
    Ok(Exit::Code(status.code().unwrap_or(1)))
}

fn read_lossy(path: &Path) -> String {
    std::fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

/// Runs `work` on every job with at most `workers` at a time (at least one) and calls
/// `deliver(index, result)` on the calling thread in job order, as soon as each result and all
/// earlier ones are available.
pub fn run_ordered<J, R, W, D>(jobs: Vec<J>, workers: usize, work: W, mut deliver: D)
where
    J: Send,
    R: Send,
    W: Fn(J) -> R + Sync,
    D: FnMut(usize, R),
{
    let total = jobs.len();
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, total.max(1)) {
            let sender = sender.clone();
            let (queue, work) = (&queue, &work);
            scope.spawn(move || loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                let Some((index, job)) = next else { break };
                if sender.send((index, work(job))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (index, result) in receiver {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&next) {
                deliver(next, result);
                next += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_delivered_in_order() {
        let jobs: Vec<u64> = (0..20).collect();
        let mut seen = Vec::new();
        run_ordered(
            jobs,
            4,
            |j| {
                std::thread::sleep(Duration::from_millis((20 - j) * 2));
                j * 10
            },
            |i, r| seen.push((i, r)),
        );
        let want: Vec<(usize, u64)> = (0..20).map(|i| (i as usize, i * 10)).collect();
        assert_eq!(seen, want);
        let mut none = 0;
        run_ordered(Vec::<u8>::new(), 0, |j| j, |_, _| none += 1);
        assert_eq!(none, 0);
    }

    #[cfg(unix)]
    fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[cfg(unix)]
    #[test]
    fn protocol_and_capture() {
        let dir = tempfile::TempDir::new().unwrap();
        let exe =
            script(dir.path(), "proto", "echo \"args $1 $2 $3\"; echo oops >&2; echo \"returned 4\" > \"$4\"; exit 1");
        let job = TestProcess { exe, index: 5, work_dir: dir.path().join("t5"), timeout: None, valgrind: false };
        let result = run_test_process(&job);
        assert_eq!(result.exit, Exit::Code(1));
        assert_eq!(result.status_line.as_deref(), Some("returned 4"));
        assert_eq!(result.stdout, "args --tml-run-test 5 --tml-status-file\n");
        assert_eq!(result.stderr, "oops\n");
    }

    #[cfg(unix)]
    #[test]
    fn timeouts_signals_and_missing_programs() {
        let dir = tempfile::TempDir::new().unwrap();
        let slow = script(dir.path(), "slow", "exec sleep 5");
        let job = TestProcess {
            exe: slow,
            index: 0,
            work_dir: dir.path().join("slow-work"),
            timeout: Some(Duration::from_millis(200)),
            valgrind: false,
        };
        assert_eq!(run_test_process(&job).exit, Exit::TimedOut(0));
        let crash = script(dir.path(), "crash", "kill -SEGV $$");
        let job = TestProcess {
            exe: crash,
            index: 0,
            work_dir: dir.path().join("crash-work"),
            timeout: None,
            valgrind: false,
        };
        assert_eq!(run_test_process(&job).exit, Exit::Signal(11));
        let missing = TestProcess {
            exe: dir.path().join("missing"),
            index: 0,
            work_dir: dir.path().join("missing-dir"),
            timeout: None,
            valgrind: false,
        };
        assert!(matches!(run_test_process(&missing).exit, Exit::NotStarted(_)));
    }
}
