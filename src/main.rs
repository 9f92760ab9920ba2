//! The `tmlc` command line (CLI.md): argument parsing with clap and dispatch to
//! [`tmlc::driver`]. Panics anywhere become internal compiler errors (exit status 70).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::Mutex;
use tmlc::driver::commands::{self, BuildRequest, RunRequest};
use tmlc::driver::session::BuildFlags;
use tmlc::driver::testing::{self, TestRequest};
use tmlc::driver::{print_error, ColorChoice, DriverError, EXIT_INTERNAL};
use tmlc::pipeline::Emit;

/// The `--version` text after the program name.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (TML core)");

/// The environment variables listed at the end of `--help` (CLI.md §1.5).
const ENVIRONMENT_HELP: &str = "\
Environment:
  TML_CHECK_LEAKS=0|1    like --no-check-leaks / --check-leaks
  TML_ENABLE_ASAN=1      add a sanitizer (also TML_ENABLE_UBSAN, _LSAN, _TSAN, _MSAN)
  NO_COLOR               no colour in --color auto mode";

#[derive(Debug, Parser)]
#[command(
    name = "tmlc",
    version = VERSION,
    about = "The TML core compiler",
    arg_required_else_help = true,
    after_help = ENVIRONMENT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile FILE and the modules it imports into an executable
    Build(BuildArgs),
    /// Build FILE into a temporary directory and run it
    Run(RunArgs),
    /// Check FILE for errors without generating code
    Check(CheckArgs),
    /// Compile and run the @test functions of test files
    Test(TestArgs),
}

/// Options shared by every command that generates code.
#[derive(Debug, Args)]
struct CodegenArgs {
    /// Release build: -O2, integer overflow wraps, leak checking off
    #[arg(long)]
    release: bool,
    /// Force the leak checker on
    #[arg(long, overrides_with = "no_check_leaks")]
    check_leaks: bool,
    /// Force the leak checker off
    #[arg(long, overrides_with = "check_leaks")]
    no_check_leaks: bool,
    /// Comma-separated sanitizers: address, undefined, leak, thread, memory
    #[arg(long, value_name = "LIST")]
    sanitize: Vec<String>,
    /// Coloured messages
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    color: ColorChoice,
}

impl CodegenArgs {
    fn flags(&self, opt_level: Option<u8>) -> BuildFlags {
        let check_leaks = match (self.check_leaks, self.no_check_leaks) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        BuildFlags { release: self.release, opt_level, check_leaks, sanitize: self.sanitize.clone() }
    }
}

/// What `--emit` can stop at.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum EmitKind {
    LlvmIr,
    Mir,
    Asm,
    Obj,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The root module
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output path (default: the file stem, or STEM.ll/.mir/.s/.o with --emit)
    #[arg(short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    /// Optimisation level (default 0, or 2 with --release)
    #[arg(short = 'O', value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    opt_level: Option<u8>,
    /// Stop after producing this instead of an executable
    #[arg(long, value_name = "KIND")]
    emit: Option<EmitKind>,
    #[command(flatten)]
    codegen: CodegenArgs,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// The root module
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Optimisation level (default 0, or 2 with --release)
    #[arg(short = 'O', value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    opt_level: Option<u8>,
    #[command(flatten)]
    codegen: CodegenArgs,
    /// Arguments passed to the program
    #[arg(last = true, value_name = "ARGS")]
    args: Vec<String>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The root module
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Coloured messages
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    color: ColorChoice,
}

#[derive(Debug, Args)]
struct TestArgs {
    /// Test files, or directories searched for *.test.tml (default: tests/ or .)
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Run only tests whose name FILE::FUNCTION contains SUBSTR
    #[arg(long, value_name = "SUBSTR")]
    filter: Option<String>,
    /// Run each test process under Valgrind memcheck
    #[arg(long)]
    valgrind: bool,
    /// Time limit per test process in seconds (0: none; default 10, 60 with --valgrind)
    #[arg(long, value_name = "SECS")]
    timeout: Option<u64>,
    /// Test processes run at once (default: the number of CPUs)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    jobs: Option<u64>,
    /// Also print the captured stdout of passing tests
    #[arg(long)]
    show_output: bool,
    #[command(flatten)]
    codegen: CodegenArgs,
}

/// Runs a parsed command line and returns the exit status.
fn dispatch(cli: Cli) -> (Result<i32, DriverError>, ColorChoice) {
    match cli.command {
        Command::Build(a) => {
            let emit = match a.emit {
                None => Emit::Exe,
                Some(EmitKind::LlvmIr) => Emit::LlvmIr,
                Some(EmitKind::Mir) => Emit::Mir,
                Some(EmitKind::Asm) => Emit::Asm,
                Some(EmitKind::Obj) => Emit::Obj,
            };
            let request = BuildRequest { file: a.file, output: a.output, emit, flags: a.codegen.flags(a.opt_level) };
            (commands::build(&request), a.codegen.color)
        }
        Command::Run(a) => {
            let request = RunRequest { file: a.file, flags: a.codegen.flags(a.opt_level), args: a.args };
            (commands::run(&request), a.codegen.color)
        }
        Command::Check(a) => (commands::check(&a.file), a.color),
        Command::Test(a) => {
            let color = a.codegen.color;
            let request = TestRequest {
                paths: a.paths,
                filter: a.filter,
                flags: a.codegen.flags(None),
                valgrind: a.valgrind,
                timeout_secs: a.timeout,
                jobs: a.jobs.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
                show_output: a.show_output,
                color: color.enabled_for_stderr(),
            };
            (testing::test(&request), color)
        }
    }
}

/// The message and location of the last panic, recorded by the panic hook.
static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

/// The text of a panic payload.
fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(e.exit_code());
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" (at {}:{}:{})", l.file(), l.line(), l.column()));
        let text = format!("{}{}", payload_text(info.payload()), location.unwrap_or_default());
        let mut slot = PANIC_MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert(text);
    }));
    let status = match std::panic::catch_unwind(move || dispatch(cli)) {
        Ok((Ok(status), _)) => status,
        Ok((Err(error), color)) => {
            print_error(&error.message(), color.enabled_for_stderr());
            error.exit_status()
        }
        Err(payload) => {
            let recorded = PANIC_MESSAGE.lock().unwrap_or_else(|e| e.into_inner()).take();
            let message = recorded.unwrap_or_else(|| payload_text(payload.as_ref()));
            print_error(&DriverError::Internal(message).message(), ColorChoice::Auto.enabled_for_stderr());
            EXIT_INTERNAL
        }
    };
    std::process::exit(status);
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("tmlc").chain(args.iter().copied()))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn options_before_or_after_file() {
        let Command::Build(a) = parse(&["build", "--release", "x.tml", "-O", "3", "-o", "out"]).unwrap().command else {
            panic!("not build")
        };
        assert_eq!((a.file, a.output, a.opt_level), (PathBuf::from("x.tml"), Some(PathBuf::from("out")), Some(3)));
        assert!(a.codegen.release);
        let Command::Build(a) =
            parse(&["build", "x.tml", "--emit", "llvm-ir", "--sanitize=address,undefined", "-O1"]).unwrap().command
        else {
            panic!("not build")
        };
        assert!(matches!(a.emit, Some(EmitKind::LlvmIr)));
        assert_eq!(a.codegen.flags(a.opt_level).sanitize, ["address,undefined"]);
        assert_eq!(a.opt_level, Some(1));
    }

    #[test]
    fn leak_flags_last_one_wins() {
        let Command::Build(a) = parse(&["build", "x.tml", "--check-leaks", "--no-check-leaks"]).unwrap().command else {
            panic!("not build")
        };
        assert_eq!(a.codegen.flags(None).check_leaks, Some(false));
        let Command::Build(a) = parse(&["build", "x.tml", "--no-check-leaks", "--check-leaks"]).unwrap().command else {
            panic!("not build")
        };
        assert_eq!(a.codegen.flags(None).check_leaks, Some(true));
    }

    #[test]
    fn run_passes_trailing_arguments() {
        let Command::Run(a) = parse(&["run", "x.tml", "--release", "--", "-o", "--check-leaks"]).unwrap().command
        else {
            panic!("not run")
        };
        assert_eq!(a.args, ["-o", "--check-leaks"]);
        assert!(a.codegen.release);
    }

    #[test]
    fn test_options() {
        let Command::Test(a) = parse(&[
            "test",
            "a",
            "b",
            "--filter",
            "add",
            "--jobs",
            "3",
            "--timeout",
            "0",
            "--show-output",
            "--valgrind",
        ])
        .unwrap()
        .command
        else {
            panic!("not test")
        };
        assert_eq!(a.paths, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!((a.filter.as_deref(), a.jobs, a.timeout), (Some("add"), Some(3), Some(0)));
        assert!(a.show_output && a.valgrind);
    }

    #[test]
    fn usage_errors_exit_with_2() {
        for args in [
            &["build"][..],
            &["build", "x.tml", "--bogus"],
            &["build", "x.tml", "-O", "4"],
            &["build", "x.tml", "--emit", "exe"],
            &["frobnicate"],
            &["test", "--jobs", "0"],
            &["check", "x.tml", "--color", "sometimes"],
        ] {
            let err = parse(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
        assert_eq!(parse(&["--version"]).unwrap_err().exit_code(), 0);
        assert_eq!(parse(&["--help"]).unwrap_err().exit_code(), 0);
    }
}
