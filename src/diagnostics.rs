//! Compiler diagnostics and their rendering (CLI.md §3).
//!
//! Every stage reports problems as [`Diagnostic`] values; none prints. The driver renders them
//! with codespan-reporting in the layout of CLI.md §3.1 (ASCII gutter, `-->` location line,
//! `^` under primary spans, `-` under secondary spans, `= note:`/`= help:` lines).

use crate::span::{SourceMap, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use std::ops::Range;

/// Error or warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A span with a message under it. Primary labels are drawn with `^`, secondary with `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

/// One diagnostic: `error[CODE]: MESSAGE`, labelled spans and trailing notes.
///
/// `code` is the stable id of CLI.md §3.2/§3.4 (`"E0301"`, `"W0001"`). The first primary label
/// gives the `--> FILE:LINE:COL` location. Notes are rendered as `= note: …` unless they already
/// start with `help:` (rendered `= help: …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error with `code`, `message` and a primary label at `span`.
    pub fn error(code: &'static str, message: impl Into<String>, span: Span, label: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: vec![Label { span, message: label.into(), primary: true }],
            notes: Vec::new(),
        }
    }

    /// A warning with `code`, `message` and a primary label at `span`.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span, label: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message, span, label) }
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { span, message: message.into(), primary: false });
        self
    }

    /// Adds a `= note:` line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Adds a `= help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.notes.push(format!("help: {}", help.into()));
        self
    }

    /// The span of the first primary label (the `-->` location).
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).or(self.labels.first()).map(|l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Adapter so codespan-reporting can read our [`SourceMap`].
struct CsFiles<'a>(&'a SourceMap);

impl<'a> Files<'a> for CsFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.get(id).line_col(byte_index).0 - 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let text = &self.0.get(id).text;
        let start = text.split_inclusive('\n').take(line_index).map(str::len).sum::<usize>();
        if start > text.len() {
            return Err(FilesError::LineTooLarge { given: line_index, max: text.lines().count() });
        }
        let end = text[start..].find('\n').map(|i| start + i + 1).unwrap_or(text.len());
        Ok(start..end)
    }
}

/// Sorts diagnostics by file and position (CLI.md §3.1), keeping the order of equal positions.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.primary_span().map(|s| (s.file, s.lo)).unwrap_or((usize::MAX, 0)));
}

/// codespan-reporting indents the `--> FILE:LINE:COL` line by the gutter width plus one; CLI.md
/// §3.1 indents it by the gutter width `W` (the widest line number shown).
fn align_location_line(rendered: &str) -> String {
    rendered
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix(' ') {
            Some(rest) if rest.trim_start().starts_with("--> ") => rest,
            _ => line,
        })
        .collect()
}

/// Renders `diags` followed by the closing `error: aborting due to N previous error(s)` or
/// `warning: N warning(s) emitted` line (plain text, no colours).
pub fn render(sources: &SourceMap, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let config = term::Config { chars: term::Chars::ascii(), tab_width: 4, ..term::Config::default() };
    let files = CsFiles(sources);
    for d in diags {
        let sev = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let labels = d
            .labels
            .iter()
            .map(|l| {
                let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
                cs::Label::new(style, l.span.file, l.span.lo as usize..l.span.hi as usize).with_message(&l.message)
            })
            .collect();
        let notes =
            d.notes.iter().map(|n| if n.starts_with("help:") { n.clone() } else { format!("note: {n}") }).collect();
        let diag =
            cs::Diagnostic::new(sev).with_code(d.code).with_message(&d.message).with_labels(labels).with_notes(notes);
        // Rendering only fails on out-of-range spans, which would be a compiler bug; fall back
        // to the header line so the message is never lost.
        let mut one = String::new();
        if term::emit_to_string(&mut one, &config, &files, &diag).is_err() {
            let kind = if d.is_error() { "error" } else { "warning" };
            one = format!("{kind}[{}]: {}\n", d.code, d.message);
        }
        out.push_str(&align_location_line(&one));
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        out.push_str(&format!(
            "error: aborting due to {} previous error{}\n",
            errors,
            if errors == 1 { "" } else { "s" }
        ));
    } else if warnings > 0 {
        out.push_str(&format!("warning: {} warning{} emitted\n", warnings, if warnings == 1 { "" } else { "s" }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of CLI.md §3.1, byte for byte.
    #[test]
    fn renders_the_cli_layout() {
        let text = (1..=12).map(|_| "\n").collect::<String>()
            + "    let n = redeem(t)\n    println(\"redeemed {n}\")\n    println(\"owner was {t.owner}\")\n}\n";
        let mut sm = SourceMap::new();
        let f = sm.add("use_after_move.tml", text.clone());
        let moved = text.find("redeem(t)").unwrap() + 7;
        let used = text.find("{t.owner}").unwrap() + 1;
        let d = Diagnostic::error(
            "E0301",
            "use of moved value: `t`",
            Span::new(f, used, used + 1),
            "value used here after move",
        )
        .with_secondary(Span::new(f, moved, moved + 1), "value moved here")
        .with_note("`t` has type `Ticket`, which is not Copy")
        .with_help("lend it with `ref t`, or derive Duplicate for `Ticket` and pass `t.duplicate()`");
        let expected = "\
error[E0301]: use of moved value: `t`
  --> use_after_move.tml:15:25
   |
13 |     let n = redeem(t)
   |                    - value moved here
14 |     println(\"redeemed {n}\")
15 |     println(\"owner was {t.owner}\")
   |                         ^ value used here after move
   |
   = note: `t` has type `Ticket`, which is not Copy
   = help: lend it with `ref t`, or derive Duplicate for `Ticket` and pass `t.duplicate()`

error: aborting due to 1 previous error
";
        assert_eq!(render(&sm, &[d]), expected);
    }
}
