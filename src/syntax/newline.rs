//! The statement-termination filter between lexer and parser (LANGUAGE.md §2.3).
//!
//! It decides for every [`Tok::Newline`] whether the line break ends a construct (kept) or not
//! (dropped), following rules 1–4 of §2.3, and marks each `{` that opens a struct literal or
//! struct pattern as [`Tok::LBraceStruct`] (§3.5), reporting E0013 for a struct literal at the
//! top level of an `if`/`while`/`when`/`for` header.

use super::token::{Spanned, Tok};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};

/// What kind of header is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HeaderKind {
    /// `func`, `enum`, `class`, `interface`, `behavior`, `impl`, `extend`, constructor `new`:
    /// ends at the `{` of the body.
    Item,
    /// `type`: ends at the `{` of the body or at `=`.
    TypeItem,
    /// `if`, `while`, `for`, `when`, `loop`: ends at the `{` or `then` starting the body.
    Control,
    /// `do(params) -> T`: ends at the `{` of the body (newlines are not affected).
    Closure,
}

#[derive(Clone, Copy, Debug)]
struct Header {
    kind: HeaderKind,
    /// Bracket depth at which the header started.
    depth: usize,
    /// Inside the pattern of `for PAT in` or `if let PAT =` (struct patterns are fine there).
    in_pattern: bool,
}

/// Decorator tracking: a line break after `@name` or `@name(…)` is dropped.
#[derive(Clone, Copy, Debug)]
struct Decorator {
    depth: usize,
    /// 0: after `@`; 1: after the name or the closing `)`; 2: inside the arguments.
    stage: u8,
}

/// Whether a line ending with `tok` needs a continuation (rule 2).
fn needs_continuation(tok: &Tok) -> bool {
    use Tok::*;
    matches!(
        tok,
        Plus | Minus
            | Star
            | Slash
            | Percent
            | StarStar
            | EqEq
            | Ne
            | Lt
            | Le
            | Gt
            | Ge
            | Amp
            | Pipe
            | Caret
            | Shl
            | Shr
            | And
            | Or
            | AndAnd
            | OrOr
            | Eq
            | PlusEq
            | MinusEq
            | StarEq
            | SlashEq
            | PercentEq
            | AmpEq
            | PipeEq
            | CaretEq
            | ShlEq
            | ShrEq
            | Comma
            | LParen
            | LBracket
            | LBrace
            | LBraceStruct
            | Dot
            | ColonColon
            | Colon
            | Arrow
            | FatArrow
            | Question
            | If
            | Then
            | Else
            | Let
            | Var
            | In
            | To
            | Through
            | As
            | Is
            | Not
            | Ref
            | Mut
            | Dyn
            | When
            | For
            | While
            | Loop
            | Do
            | At
            | Semi
            | Newline
    )
}

/// Whether a line starting with `tok` continues the previous line (rule 3).
fn continues_line(tok: &Tok) -> bool {
    use Tok::*;
    matches!(
        tok,
        Dot | Else
            | Then
            | And
            | Or
            | AndAnd
            | OrOr
            | As
            | Is
            | To
            | Through
            | EqEq
            | Ne
            | Lt
            | Le
            | Gt
            | Ge
            | Plus
            | Slash
            | Percent
            | StarStar
            | Pipe
            | Amp
            | Caret
            | Shl
            | Shr
            | Question
            | Colon
            | FatArrow
            | Arrow
            | Eq
            | PlusEq
            | MinusEq
            | StarEq
            | SlashEq
            | PercentEq
            | AmpEq
            | PipeEq
            | CaretEq
            | ShlEq
            | ShrEq
    )
}

/// Whether a line starting with `tok` continues an item header (rule 4).
fn continues_item_header(tok: &Tok) -> bool {
    match tok {
        Tok::LBrace | Tok::Where | Tok::For | Tok::Plus | Tok::Comma => true,
        Tok::Ident(name) => matches!(name.as_str(), "extends" | "implements" | "with" | "base"),
        _ => false,
    }
}

fn is_ident(tok: Option<&Tok>) -> bool {
    matches!(tok, Some(Tok::Ident(_)))
}

/// Applies the newline rules and brace classification to `tokens`.
pub fn filter(file: FileId, tokens: Vec<Spanned>, diags: &mut Vec<Diagnostic>) -> Vec<Spanned> {
    let mut f = Filter {
        file,
        out: Vec::with_capacity(tokens.len()),
        brackets: Vec::new(),
        headers: Vec::new(),
        decorator: None,
    };
    for i in 0..tokens.len() {
        f.step(&tokens, i, diags);
    }
    f.out
}

struct Filter {
    file: FileId,
    out: Vec<Spanned>,
    /// Open brackets: `(`, `[` or `{`.
    brackets: Vec<u8>,
    headers: Vec<Header>,
    decorator: Option<Decorator>,
}

impl Filter {
    fn depth(&self) -> usize {
        self.brackets.len()
    }

    fn last(&self) -> Option<&Tok> {
        self.out.last().map(|(_, t, _)| t)
    }

    /// The innermost header if it was opened at the current bracket depth.
    fn header(&self) -> Option<Header> {
        self.headers.last().copied().filter(|h| h.depth == self.depth())
    }

    fn step(&mut self, tokens: &[Spanned], i: usize, diags: &mut Vec<Diagnostic>) {
        let (lo, tok, hi) = &tokens[i];
        let next = tokens[i + 1..].iter().map(|(_, t, _)| t).find(|t| !matches!(t, Tok::Newline));
        if matches!(tok, Tok::Newline) {
            if !self.drop_newline(next) {
                let depth = self.depth();
                self.headers.retain(|h| h.depth != depth);
                self.out.push((*lo, Tok::Newline, *hi));
            }
            return;
        }
        self.track_decorator(tok);
        let mut tok = tok.clone();
        match tok {
            Tok::LParen => self.brackets.push(b'('),
            Tok::LBracket => self.brackets.push(b'['),
            Tok::LBrace => {
                tok = self.classify_brace(tokens, i, diags);
                self.brackets.push(b'{');
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                self.brackets.pop();
                let depth = self.depth();
                self.headers.retain(|h| h.depth <= depth);
                if let Some(h) = self.header() {
                    if h.kind == HeaderKind::Closure && matches!(tok, Tok::RParen) && !matches!(next, Some(Tok::Arrow))
                    {
                        self.headers.pop();
                    }
                }
            }
            _ => self.track_header(&tok, next),
        }
        self.out.push((*lo, tok, *hi));
    }

    fn drop_newline(&mut self, next: Option<&Tok>) -> bool {
        if matches!(self.brackets.last(), Some(b'(' | b'[')) {
            return true;
        }
        if self.last().is_none_or(needs_continuation) && !self.line_complete_anyway() {
            return true;
        }
        if next.is_none_or(continues_line) {
            return true;
        }
        if let Some(d) = self.decorator {
            if d.depth == self.depth() && d.stage == 1 {
                return true;
            }
        }
        match self.header() {
            Some(h) if h.kind == HeaderKind::Control => true,
            Some(h) if matches!(h.kind, HeaderKind::Item | HeaderKind::TypeItem) => {
                next.is_some_and(continues_item_header)
            }
            _ => false,
        }
    }

    /// Exceptions to rule 2: a glob import `::*` ends a line, and so does a `,` directly inside
    /// a `{ … }` body outside any header (class fields may end with a comma).
    fn line_complete_anyway(&self) -> bool {
        let n = self.out.len();
        match self.last() {
            Some(Tok::Star) => n >= 2 && matches!(self.out[n - 2].1, Tok::ColonColon),
            Some(Tok::Comma) => self.brackets.last() == Some(&b'{') && self.header().is_none(),
            _ => false,
        }
    }

    fn track_decorator(&mut self, tok: &Tok) {
        let depth = self.depth();
        self.decorator = match (self.decorator, tok) {
            (_, Tok::At) => Some(Decorator { depth, stage: 0 }),
            (Some(d), Tok::Ident(_)) if d.stage == 0 => Some(Decorator { stage: 1, ..d }),
            (Some(d), Tok::LParen) if d.stage == 1 && d.depth == depth => Some(Decorator { stage: 2, ..d }),
            (Some(d), Tok::RParen) if d.stage == 2 && d.depth + 1 == depth => Some(Decorator { stage: 1, ..d }),
            (Some(d), _) if d.stage == 2 && depth > d.depth => Some(d),
            _ => None,
        };
    }

    fn push_header(&mut self, kind: HeaderKind, in_pattern: bool) {
        let depth = self.depth();
        self.headers.retain(|h| h.depth != depth || h.kind == HeaderKind::Control && kind == HeaderKind::Control);
        self.headers.push(Header { kind, depth, in_pattern });
    }

    fn track_header(&mut self, tok: &Tok, next: Option<&Tok>) {
        let current = self.header();
        let in_item = current.is_some_and(|h| matches!(h.kind, HeaderKind::Item | HeaderKind::TypeItem));
        match tok {
            Tok::Func if is_ident(next) => self.push_header(HeaderKind::Item, false),
            Tok::Enum | Tok::Class | Tok::Interface | Tok::Behavior | Tok::Impl | Tok::Extend => {
                self.push_header(HeaderKind::Item, false)
            }
            Tok::Type => self.push_header(HeaderKind::TypeItem, false),
            Tok::Ident(name)
                if name == "new"
                    && matches!(next, Some(Tok::LParen))
                    && matches!(
                        self.last(),
                        None | Some(Tok::Newline | Tok::Semi | Tok::LBrace | Tok::Pub | Tok::Ident(_))
                    ) =>
            {
                self.push_header(HeaderKind::Item, false)
            }
            Tok::If | Tok::While | Tok::When | Tok::Loop | Tok::For if !in_item => {
                let in_pattern = matches!(tok, Tok::For) || matches!(tok, Tok::If) && matches!(next, Some(Tok::Let));
                self.push_header(HeaderKind::Control, in_pattern);
            }
            Tok::Do => self.push_header(HeaderKind::Closure, false),
            Tok::Then if current.is_some_and(|h| h.kind == HeaderKind::Control) => {
                self.headers.pop();
            }
            Tok::Eq if current.is_some_and(|h| h.kind == HeaderKind::TypeItem) => {
                self.headers.pop();
            }
            Tok::Eq | Tok::In if current.is_some_and(|h| h.in_pattern) => self.set_in_pattern(false),
            _ => {}
        }
    }

    fn set_in_pattern(&mut self, value: bool) {
        if let Some(h) = self.headers.last_mut() {
            h.in_pattern = value;
        }
    }

    /// Decides whether the `{` at `tokens[i]` opens a struct literal/pattern or a block/body.
    fn classify_brace(&mut self, tokens: &[Spanned], i: usize, diags: &mut Vec<Diagnostic>) -> Tok {
        let mut ahead = tokens[i + 1..].iter().map(|(_, t, _)| t).filter(|t| !matches!(t, Tok::Newline));
        let first = ahead.next();
        let second = ahead.next();
        let after_path = matches!(self.last(), Some(Tok::Ident(_) | Tok::ThisType | Tok::RBracket));
        let field_shape = is_ident(first) && matches!(second, Some(Tok::Colon | Tok::Comma));
        let struct_shape = after_path
            && (matches!(first, Some(Tok::RBrace))
                || field_shape
                || is_ident(first) && matches!(second, Some(Tok::RBrace)));
        match self.header() {
            Some(h) if h.in_pattern => {
                if struct_shape {
                    Tok::LBraceStruct
                } else {
                    Tok::LBrace
                }
            }
            Some(h) if h.kind == HeaderKind::Control && after_path && field_shape => {
                let (lo, _, hi) = &tokens[i];
                diags.push(
                    Diagnostic::error(
                        "E0013",
                        "struct literal must be parenthesised in this position",
                        Span::new(self.file, *lo, *hi),
                        "struct literal in a condition or scrutinee",
                    )
                    .with_help("wrap the struct literal in parentheses"),
                );
                Tok::LBraceStruct
            }
            Some(_) => {
                self.headers.pop();
                Tok::LBrace
            }
            None if struct_shape => Tok::LBraceStruct,
            None => Tok::LBrace,
        }
    }
}
