//! Command-line behaviour of the `tmlc` binary that does not depend on compiling programs
//! (CLI.md §1, §4.1, §5).

use std::path::Path;
use std::process::{Command, Output};

const TMLC: &str = env!("CARGO_BIN_EXE_tmlc");

fn tmlc(args: &[&str], cwd: &Path) -> Output {
    Command::new(TMLC).args(args).current_dir(cwd).env_remove("TML_ENABLE_ASAN").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory with an (unparsed) source file `a.tml`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("a.tml"), "func main() {}\n").unwrap();
    dir
}

#[test]
fn version() {
    let out = tmlc(&["--version"], Path::new("."));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), format!("tmlc {} (TML core)\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_lists_the_commands() {
    let out = tmlc(&["--help"], Path::new("."));
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for command in ["build", "run", "check", "test"] {
        assert!(help.contains(command), "{help}");
    }
    let out = tmlc(&["test", "--help"], Path::new("."));
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("--valgrind"));
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = scratch();
    let cases: [&[&str]; 12] = [
        &[],
        &["frobnicate"],
        &["build"],
        &["build", "a.tml", "--bogus"],
        &["build", "missing.tml"],
        &["check", "missing.tml"],
        &["run", "."],
        &["build", "a.tml", "-O", "7"],
        &["build", "a.tml", "--sanitize=address,thread"],
        &["run", "a.tml", "--sanitize", "leak,memory"],
        &["build", "a.tml", "--sanitize=everything"],
        &["test", "--valgrind", "--sanitize=address"],
    ];
    for args in cases {
        let out = tmlc(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(!out.stderr.is_empty(), "{args:?}: no message");
    }
}

#[test]
fn sanitizer_environment_is_validated() {
    let dir = scratch();
    let out = Command::new(TMLC)
        .args(["build", "a.tml", "--sanitize=thread"])
        .env("TML_ENABLE_ASAN", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot be combined"), "{}", text(&out.stderr));
}

#[test]
fn missing_file_message_names_the_file() {
    let dir = scratch();
    let out = tmlc(&["build", "missing.tml"], dir.path());
    assert_eq!(text(&out.stderr), "error: cannot read `missing.tml`: No such file or directory\n");
}

#[test]
fn test_without_test_files() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = tmlc(&["test"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "error: no test files found\n");
    assert!(out.stdout.is_empty());
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::write(dir.path().join("tests/not_a_test.tml"), "").unwrap();
    let out = tmlc(&["test", "tests"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "error: no test files found\n");
}

#[test]
fn test_with_missing_path_is_a_usage_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = tmlc(&["test", "nowhere"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}
