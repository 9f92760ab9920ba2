//! Lexing and parsing (LANGUAGE.md §2–§3).
//!
//! The pipeline is: [`lexer`] (logos; literals decoded, string interpolations parsed
//! recursively) → [`newline`] (the statement-termination rules of §2.3 and struct-literal brace
//! classification) → the lalrpop parser generated from `grammar.lalrpop`, whose actions live in
//! [`actions`]. Invariants: parsing never panics and always terminates; on errors it returns a
//! partial AST plus diagnostics.

mod actions;
pub mod ast;
mod interp;
mod lexer;
mod newline;
#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod tests;
mod token;

use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use actions::Unit;
use lalrpop_util::{lalrpop_mod, ParseError};
use std::cell::Cell;
use token::{Spanned, Tok};

lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused_parens, unused_qualifications)]
    grammar,
    "/syntax/grammar.rs"
);

/// Maximum nesting of string literals inside interpolations.
const MAX_INTERPOLATION_DEPTH: usize = 16;

thread_local! {
    static INTERPOLATION_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Parses one file. Never panics; on errors returns a partial AST plus diagnostics.
pub fn parse_file(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let (tokens, mut diags) = lexer::lex(file, text, 0);
    let tokens = newline::filter(file, tokens, &mut diags);
    let lexical: Vec<Span> = diags.iter().filter_map(Diagnostic::primary_span).collect();
    let token_ends: Vec<usize> = tokens.iter().map(|t| t.2).collect();
    let closed = close_brackets(&tokens);
    let first = run_parser(file, tokens, &mut diags);
    // When the input ends inside unclosed brackets, the AST comes from a second run with the
    // brackets closed (its diagnostics are dropped: those of the first run stand).
    let unit = match closed {
        Some(t) => run_parser(file, t, &mut Vec::new()),
        None => first,
    };
    let ast = match unit {
        Some(Unit::File(f)) => f,
        _ => ast::File::default(),
    };
    diags.retain(|d| !is_consequence(d, &lexical, &token_ends));
    dedup(&mut diags);
    crate::diagnostics::sort(&mut diags);
    (ast, diags)
}

/// Parses the expression of an interpolation `{…}` whose text starts at file offset `base`.
/// Syntax errors inside it are reported as E0012. Returns `None` when it is invalid.
fn parse_interpolation(file: FileId, text: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Option<ast::Expr> {
    let depth = INTERPOLATION_DEPTH.with(Cell::get);
    if depth >= MAX_INTERPOLATION_DEPTH {
        diags.push(Diagnostic::error(
            "E0012",
            "string interpolations are nested too deeply",
            Span::new(file, base, base + text.len()),
            "nested too deeply",
        ));
        return None;
    }
    INTERPOLATION_DEPTH.with(|d| d.set(depth + 1));
    let (tokens, mut inner) = lexer::lex(file, text, base);
    let mut tokens = newline::filter(file, tokens, &mut inner);
    tokens.insert(0, (base, Tok::InterpStart, base));
    let lexical_errors = inner.len();
    let unit = run_parser(file, tokens, &mut inner);
    INTERPOLATION_DEPTH.with(|d| d.set(depth));
    let ok = inner.len() == lexical_errors;
    for mut d in inner {
        if matches!(d.code, "E0010" | "E0011" | "E0013") {
            d.code = "E0012";
            d.message = format!("invalid interpolation: {}", d.message);
        }
        diags.push(d);
    }
    match unit {
        Some(Unit::Expr(e)) if ok => Some(e),
        _ => None,
    }
}

/// `tokens` followed by closers for every bracket left open, or `None` if all are closed.
fn close_brackets(tokens: &[Spanned]) -> Option<Vec<Spanned>> {
    let mut open = Vec::new();
    for (_, t, _) in tokens {
        match t {
            Tok::LParen => open.push(Tok::RParen),
            Tok::LBracket => open.push(Tok::RBracket),
            Tok::LBrace | Tok::LBraceStruct => open.push(Tok::RBrace),
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                open.pop();
            }
            _ => {}
        }
    }
    if open.is_empty() {
        return None;
    }
    let end = tokens.last().map_or(0, |t| t.2);
    let mut out = tokens.to_vec();
    out.extend(open.into_iter().rev().map(|t| (end, t, end)));
    Some(out)
}

/// Runs the generated parser over `tokens`, converting every syntax error into a diagnostic.
fn run_parser(file: FileId, tokens: Vec<Spanned>, diags: &mut Vec<Diagnostic>) -> Option<Unit> {
    let end = tokens.last().map_or(0, |t| t.2);
    let mut errors = Vec::new();
    let result = grammar::UnitParser::new().parse(file, &mut errors, tokens.into_iter().map(Ok::<_, Diagnostic>));
    for e in errors {
        diags.push(convert_error(file, e.error, end));
    }
    match result {
        Ok(unit) => Some(unit),
        Err(e) => {
            diags.push(convert_error(file, e, end));
            None
        }
    }
}

/// Whether syntax error `d` directly follows a lexical error (an invalid character that was
/// skipped), so that it is only a consequence of it.
fn is_consequence(d: &Diagnostic, lexical: &[Span], token_ends: &[usize]) -> bool {
    if !matches!(d.code, "E0010" | "E0011") {
        return false;
    }
    let Some(span) = d.primary_span() else {
        return false;
    };
    let lo = span.lo as usize;
    let prev_end = token_ends.iter().copied().filter(|&e| e <= lo).max().unwrap_or(0);
    lexical.iter().any(|l| l.lo as usize >= prev_end && l.hi as usize <= lo)
}

/// Removes diagnostics that repeat an earlier one at the same location.
fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    diags.retain(|d| {
        let key = (d.code, d.primary_span());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}

/// The user-facing name of a terminal as lalrpop reports it in `expected` lists.
fn terminal_name(raw: &str) -> String {
    match raw {
        "IDENT" => "identifier".to_string(),
        "INT" => "integer literal".to_string(),
        "FLOAT" => "float literal".to_string(),
        "CHAR" => "character literal".to_string(),
        "STRING" => "string literal".to_string(),
        "NL" => "line break".to_string(),
        "INTERP" => "interpolation".to_string(),
        _ => {
            let inner = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(raw);
            let inner = inner.replace("\\\"", "\"").replace("\\\\", "\\");
            format!("`{inner}`")
        }
    }
}

/// Describes an `expected` list compactly.
fn describe_expected(expected: &[String]) -> String {
    let has = |t: &str| expected.iter().any(|e| e == t);
    if has("IDENT") && has("INT") {
        return "expression".to_string();
    }
    if has("IDENT") && has("\"dyn\"") && has("\"func\"") {
        return "type".to_string();
    }
    let mut names: Vec<String> = Vec::new();
    for e in expected.iter().filter(|e| !matches!(e.as_str(), "INTERP" | "\"{s\"")) {
        let n = terminal_name(e);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    match names.len() {
        0 => "end of input".to_string(),
        1 => names.remove(0),
        n if n <= 6 => {
            let last = names.pop().unwrap_or_default();
            format!("one of {} or {last}", names.join(", "))
        }
        _ => format!("one of {}, …", names[..6].join(", ")),
    }
}

/// Whether `tok` can begin a statement (for the E0011 "missing separator" diagnosis).
fn starts_statement(tok: &Tok) -> bool {
    use Tok::*;
    matches!(
        tok,
        Ident(_)
            | Int(_)
            | Float(_)
            | Char(_)
            | Str(_)
            | Let
            | Var
            | Const
            | Return
            | Break
            | Continue
            | If
            | While
            | For
            | When
            | Loop
            | Do
            | Lowlevel
            | Not
            | This
            | ThisType
            | True
            | False
            | Null
            | Ref
            | Mut
            | Minus
            | Star
            | Bang
            | Tilde
            | LBrace
            | LBracket
            | LParen
            | Func
            | Type
            | Enum
            | Class
            | Impl
            | Extend
            | Behavior
            | Interface
            | Use
            | Pub
            | At
    )
}

fn is_comparison(tok: &Tok) -> bool {
    matches!(tok, Tok::EqEq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge)
}

/// Converts a lalrpop error into an E0010/E0011 diagnostic.
fn convert_error(file: FileId, error: ParseError<usize, Tok, Diagnostic>, end: usize) -> Diagnostic {
    match error {
        ParseError::User { error } => error,
        ParseError::UnrecognizedToken { token: (lo, tok, hi), expected } => {
            let span = Span::new(file, lo, hi);
            if expected.iter().any(|e| e == "NL") && starts_statement(&tok) {
                let sep = if expected.iter().any(|e| e == "\",\"") { "`,`" } else { "`;`" };
                return Diagnostic::error(
                    "E0011",
                    format!("expected {sep} or line break, found {tok}"),
                    span,
                    format!("expected {sep} or line break before this"),
                )
                .with_help("put the statements on separate lines or separate them with `;`");
            }
            let diag = Diagnostic::error(
                "E0010",
                format!("expected {}, found {tok}", describe_expected(&expected)),
                span,
                format!("unexpected {tok}"),
            );
            if is_comparison(&tok) {
                diag.with_note("comparison operators cannot be chained")
                    .with_help("combine the comparisons with `and`: `a < b and b < c`")
            } else {
                diag
            }
        }
        ParseError::UnrecognizedEof { location, expected } => {
            let at = location.max(end);
            Diagnostic::error(
                "E0010",
                format!("expected {}, found end of file", describe_expected(&expected)),
                Span::new(file, at, at),
                "unexpected end of file",
            )
        }
        ParseError::ExtraToken { token: (lo, tok, hi) } => {
            Diagnostic::error("E0010", format!("unexpected {tok}"), Span::new(file, lo, hi), "unexpected token")
        }
        ParseError::InvalidToken { location } => {
            Diagnostic::error("E0010", "invalid token", Span::new(file, location, location), "invalid token")
        }
    }
}
