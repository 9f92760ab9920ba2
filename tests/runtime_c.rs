//! Builds the C runtime's unit tests (`runtime/tests/*_test.c`) together with the runtime
//! sources under AddressSanitizer and UndefinedBehaviorSanitizer, runs them, and checks that
//! they report success. Each C test binary prints `NAME: all checks passed` and exits 0 when
//! every check held; panics, exit codes and the leak report are checked inside the C tests by
//! running child processes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

fn runtime_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime")
}

/// `clang-19` when it is installed (the toolchain the driver links with), otherwise `cc`.
fn c_compiler() -> &'static str {
    let has_clang = Command::new("clang-19").arg("--version").output().is_ok_and(|o| o.status.success());
    if has_clang {
        "clang-19"
    } else {
        "cc"
    }
}

fn runtime_sources() -> Vec<PathBuf> {
    c_files_in(&runtime_dir().join("src"))
}

fn c_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    files.sort();
    files
}

/// Every C unit test: `runtime/tests/*_test.c`.
fn c_test_files() -> Vec<PathBuf> {
    c_files_in(&runtime_dir().join("tests"))
        .into_iter()
        .filter(|p| p.file_stem().is_some_and(|s| s.to_string_lossy().ends_with("_test")))
        .collect()
}

/// Compiles `test_file` with the runtime into `dir` (warnings are errors) and returns the
/// executable's path.
fn build(test_file: &Path, tracking: bool, dir: &Path) -> PathBuf {
    let stem = test_file.file_stem().expect("file name").to_string_lossy().into_owned();
    let exe = dir.join(format!("{stem}_{}", if tracking { "debug" } else { "release" }));
    let output = Command::new(c_compiler())
        .args(["-std=c11", "-g", "-Wall", "-Wextra", "-Werror", "-fno-omit-frame-pointer"])
        .args(["-fsanitize=address,undefined", "-fno-sanitize-recover=all"])
        .arg(format!("-DTML_TRACKING={}", u8::from(tracking)))
        .arg("-I")
        .arg(runtime_dir().join("include"))
        .args(runtime_sources())
        .arg(test_file)
        .arg("-o")
        .arg(&exe)
        .args(["-lm", "-lpthread"])
        .output()
        .expect("failed to start the C compiler");
    assert!(
        output.status.success(),
        "compiling {} failed:\n{}",
        test_file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

fn run(exe: &Path) -> Output {
    Command::new(exe)
        .env("UBSAN_OPTIONS", "print_stacktrace=1")
        .env_remove("TML_CHECK_LEAKS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()))
}

/// Builds and runs one C test and asserts that it passed.
fn check_c_test(test_file: &Path, tracking: bool, dir: &Path) {
    let exe = build(test_file, tracking, dir);
    let output = run(&exe);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stem = test_file.file_stem().expect("file name").to_string_lossy().into_owned();
    assert!(
        output.status.success() && stdout.contains(stem.as_str()) && stdout.contains("all checks passed"),
        "{} (TML_TRACKING={}) failed with {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        test_file.display(),
        u8::from(tracking),
        output.status
    );
}

fn check_named(name: &str) {
    let dir = TempDir::new().expect("temporary directory");
    let file = runtime_dir().join("tests").join(format!("{name}.c"));
    check_c_test(&file, true, dir.path());
}

#[test]
fn atomic_counts() {
    check_named("atomic_test");
}

#[test]
fn alloc_and_leak_report() {
    check_named("alloc_test");
}

#[test]
fn arena() {
    check_named("arena_test");
}

#[test]
fn pool() {
    check_named("pool_test");
}

#[test]
fn leak_report_cycles() {
    check_named("cycles_test");
}

#[test]
fn strings() {
    check_named("str_test");
}

#[test]
fn number_formatting_and_parsing() {
    check_named("fmt_test");
}

#[test]
fn output_panics_exit_and_stack_overflow() {
    check_named("io_test");
}

#[test]
fn test_harness_protocol() {
    check_named("harness_test");
}

/// The tests above, one per file, must cover every C test file.
#[test]
fn every_c_test_has_a_rust_test() {
    let names: Vec<String> =
        c_test_files().iter().map(|p| p.file_stem().expect("file name").to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "alloc_test",
            "arena_test",
            "atomic_test",
            "cycles_test",
            "fmt_test",
            "harness_test",
            "io_test",
            "pool_test",
            "str_test"
        ]
    );
}

/// The release variant (TML_TRACKING=0): every C test again; they expect the live counters to
/// stay 0 and no leak report.
#[test]
fn all_c_tests_without_tracking() {
    let dir = TempDir::new().expect("temporary directory");
    for file in c_test_files() {
        check_c_test(&file, false, dir.path());
    }
}
