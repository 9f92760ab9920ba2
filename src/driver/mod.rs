//! The driver: everything around the pipeline that touches the outside world (CLI.md).
//!
//! * [`session`] turns command-line flags and environment variables into pipeline
//!   [`Options`](crate::pipeline::Options), output paths and display names;
//! * [`runtime`] provides the C runtime archive to link against (embedded, cached on disk, or
//!   built with sanitizers); [`link`] links an object file into an executable;
//! * [`commands`] implements `tmlc build`, `run` and `check`;
//! * [`testing`] implements `tmlc test` on top of [`discover`] (which files), [`exec`] (one
//!   process per test, in parallel), [`outcome`] (what a finished process means) and
//!   [`report`] (what is printed).
//!
//! Commands return an exit status or a [`DriverError`]; only `main.rs` prints those and exits.

pub mod commands;
pub mod discover;
pub mod exec;
pub mod link;
pub mod outcome;
pub mod report;
pub mod runtime;
pub mod session;
pub mod testing;

use std::io::{IsTerminal, Write};

/// Exit status of a command that failed because of the user's input (compile errors, failing
/// tests).
pub const EXIT_FAILURE: i32 = 1;
/// Exit status of a usage error (CLI.md §5).
pub const EXIT_USAGE: i32 = 2;
/// Exit status of an internal compiler error (CLI.md §5).
pub const EXIT_INTERNAL: i32 = 70;

/// Why a command could not do its job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriverError {
    /// A usage error: bad options, an unreadable file (exit status 2). The text is the message
    /// without the `error: ` prefix.
    Usage(String),
    /// An internal compiler error, including linking and runtime-building failures (exit
    /// status 70). The text is shown after `error: internal compiler error: `.
    Internal(String),
}

impl DriverError {
    /// The process exit status for this error.
    pub fn exit_status(&self) -> i32 {
        match self {
            DriverError::Usage(_) => EXIT_USAGE,
            DriverError::Internal(_) => EXIT_INTERNAL,
        }
    }

    /// The full message line(s) printed to stderr, without a trailing newline.
    pub fn message(&self) -> String {
        match self {
            DriverError::Usage(msg) => format!("error: {msg}"),
            DriverError::Internal(msg) => format!("error: internal compiler error: {msg}"),
        }
    }
}

/// When to colour the driver's own messages (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether messages written to stderr should be coloured.
    pub fn enabled_for_stderr(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal(),
        }
    }
}

/// Writes `error: MESSAGE` (with `error` in bold red when `color`) and a newline to stderr.
/// Write errors are ignored: there is nowhere left to report them.
pub fn print_error(message: &str, color: bool) {
    let line = match message.strip_prefix("error:") {
        Some(rest) if color => format!("\x1b[1;31merror\x1b[0m\x1b[1m:{rest}\x1b[0m"),
        _ => message.to_string(),
    };
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes `text` to stderr unchanged, adding a final newline when it lacks one. Empty text
/// writes nothing.
pub fn print_stderr_block(text: &str) {
    if text.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = err.write_all(b"\n");
    }
}

/// Writes `text` to stdout and flushes it, ignoring write errors (a closed pipe must not turn
/// into an internal compiler error).
pub fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_and_statuses() {
        let usage = DriverError::Usage("no such file".into());
        assert_eq!(usage.exit_status(), 2);
        assert_eq!(usage.message(), "error: no such file");
        let ice = DriverError::Internal("linking failed: boom".into());
        assert_eq!(ice.exit_status(), 70);
        assert_eq!(ice.message(), "error: internal compiler error: linking failed: boom");
    }
}
