//! What `tmlc test` prints to stdout (CLI.md §4.4).

use super::outcome::{Outcome, Status};

/// A named test with its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `FILE::FUNCTION`, or `FILE` for a file that failed to compile.
    pub name: String,
    /// The verdict.
    pub outcome: Outcome,
}

/// The status line of one test, with its line break: `test NAME ... STATUS`.
pub fn status_line(entry: &Entry) -> String {
    format!("test {} ... {}\n", entry.name, entry.outcome.status.label())
}

/// Counts of a finished run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// `ok` tests.
    pub passed: usize,
    /// `FAILED` and `LEAKED` tests, and files that failed to compile.
    pub failed: usize,
    /// `skipped` tests.
    pub skipped: usize,
}

impl Summary {
    /// Counts `entries`.
    pub fn of(entries: &[Entry]) -> Summary {
        let mut summary = Summary::default();
        for entry in entries {
            match entry.outcome.status {
                Status::Ok => summary.passed += 1,
                Status::Failed | Status::Leaked => summary.failed += 1,
                Status::Skipped => summary.skipped += 1,
            }
        }
        summary
    }

    /// The summary line without line break: `P passed, F failed[, S skipped]`.
    pub fn line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed, self.failed);
        if self.skipped > 0 {
            line.push_str(&format!(", {} skipped", self.skipped));
        }
        line
    }
}

/// Everything printed after the status lines: with `show_output`, a `successes:` block with the
/// captured stdout of passing tests that printed something; the `failures:` block when a test
/// failed or leaked; then an empty line and the summary line.
pub fn render_tail(entries: &[Entry], show_output: bool) -> String {
    let mut text = String::new();
    if show_output {
        let passing: Vec<(&str, &str)> = entries
            .iter()
            .filter(|e| e.outcome.status == Status::Ok)
            .map(|e| (e.name.as_str(), e.outcome.stdout.trim_end_matches(['\n', '\r'])))
            .filter(|(_, out)| !out.is_empty())
            .collect();
        render_block(&mut text, "successes:", &passing);
    }
    let failing: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e.outcome.status.is_failure())
        .map(|e| (e.name.as_str(), e.outcome.details.as_str()))
        .collect();
    render_block(&mut text, "failures:", &failing);
    text.push('\n');
    text.push_str(&Summary::of(entries).line());
    text.push('\n');
    text
}

/// Appends an empty line, `title`, and per item an empty line, `---- NAME ----` and its text
/// (when not empty); nothing when `items` is empty.
fn render_block(text: &mut String, title: &str, items: &[(&str, &str)]) {
    if items.is_empty() {
        return;
    }
    text.push('\n');
    text.push_str(title);
    text.push('\n');
    for (name, body) in items {
        text.push_str(&format!("\n---- {name} ----\n"));
        if !body.is_empty() {
            text.push_str(body);
            text.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, status: Status, stdout: &str, details: &str) -> Entry {
        Entry { name: name.into(), outcome: Outcome { status, stdout: stdout.into(), details: details.into() } }
    }

    #[test]
    fn spec_example() {
        let entries = [
            entry("calc.test.tml::adds", Status::Ok, "", ""),
            entry("calc.test.tml::divides", Status::Failed, "", "panicked at calc.test.tml:14:13: attempt to divide by zero"),
            entry(
                "calc.test.tml::keeps_memory",
                Status::Leaked,
                "",
                "leak check: 1 allocation (16 bytes) still live at exit\n  at calc.test.tml:20:5: 1 x Heap[I64] (16 bytes)",
            ),
            entry("calc.test.tml::slow", Status::Skipped, "", ""),
        ];
        let mut out: String = entries.iter().map(status_line).collect();
        out.push_str(&render_tail(&entries, false));
        let want = "\
test calc.test.tml::adds ... ok
test calc.test.tml::divides ... FAILED
test calc.test.tml::keeps_memory ... LEAKED
test calc.test.tml::slow ... skipped

failures:

---- calc.test.tml::divides ----
panicked at calc.test.tml:14:13: attempt to divide by zero

---- calc.test.tml::keeps_memory ----
leak check: 1 allocation (16 bytes) still live at exit
  at calc.test.tml:20:5: 1 x Heap[I64] (16 bytes)

1 passed, 2 failed, 1 skipped
";
        assert_eq!(out, want);
    }

    #[test]
    fn all_passing_and_show_output() {
        let entries = [entry("a.test.tml::x", Status::Ok, "hello\n", ""), entry("a.test.tml::y", Status::Ok, "", "")];
        assert_eq!(render_tail(&entries, false), "\n2 passed, 0 failed\n");
        assert_eq!(
            render_tail(&entries, true),
            "\nsuccesses:\n\n---- a.test.tml::x ----\nhello\n\n2 passed, 0 failed\n"
        );
        assert_eq!(render_tail(&[], false), "\n0 passed, 0 failed\n");
    }

    #[test]
    fn failure_without_details() {
        let entries = [entry("b.test.tml::z", Status::Failed, "", "")];
        assert_eq!(render_tail(&entries, false), "\nfailures:\n\n---- b.test.tml::z ----\n\n0 passed, 1 failed\n");
    }
}
