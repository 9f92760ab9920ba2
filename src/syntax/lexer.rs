//! The lexer (LANGUAGE.md §2): a logos scanner for the raw token shapes, followed by a
//! conversion pass that decodes literals, recognises keywords, collapses line breaks into single
//! [`Tok::Newline`] tokens and reports lexical errors (E0001–E0005).

use super::interp;
use super::token::{FloatLit, IntLit, Spanned, Tok};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use logos::Logos;

/// Result of scanning a block comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Comment {
    has_newline: bool,
    terminated: bool,
}

/// Raw token shapes recognised by logos; literals are only delimited here, decoded later.
#[derive(Logos, Clone, Copy, Debug, PartialEq)]
#[logos(skip(r"([ \t\r\f]+|//[^\n]*)", allow_greedy = true))]
enum Raw {
    #[token("\n")]
    Newline,
    #[token("/*", block_comment)]
    BlockComment(Comment),
    #[regex("[A-Za-z_][A-Za-z0-9_]*")]
    Word,
    #[regex("[0-9]", number)]
    Number,
    #[token("\"", string)]
    Str(bool),
    #[token("'", char_lit)]
    Char(bool),
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("**")]
    StarStar,
    #[token("==")]
    EqEq,
    #[token("!=")]
    Ne,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("&")]
    Amp,
    #[token("|")]
    Pipe,
    #[token("^")]
    Caret,
    #[token("~")]
    Tilde,
    #[token("<<")]
    Shl,
    #[token(">>")]
    Shr,
    #[token("=")]
    Eq,
    #[token("+=")]
    PlusEq,
    #[token("-=")]
    MinusEq,
    #[token("*=")]
    StarEq,
    #[token("/=")]
    SlashEq,
    #[token("%=")]
    PercentEq,
    #[token("&=")]
    AmpEq,
    #[token("|=")]
    PipeEq,
    #[token("^=")]
    CaretEq,
    #[token("<<=")]
    ShlEq,
    #[token(">>=")]
    ShrEq,
    #[token("!")]
    Bang,
    #[token("&&")]
    AndAnd,
    #[token("||")]
    OrOr,
    #[token("?")]
    Question,
    #[token(":")]
    Colon,
    #[token("::")]
    ColonColon,
    #[token(".")]
    Dot,
    #[token("..")]
    DotDot,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token("->")]
    Arrow,
    #[token("=>")]
    FatArrow,
    #[token("@")]
    At,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
}

/// Scans a (nested) block comment after its opening `/*`.
fn block_comment(lex: &mut logos::Lexer<Raw>) -> Comment {
    let rest = lex.remainder().as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    let mut has_newline = false;
    while i < rest.len() {
        match (rest[i], rest.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    lex.bump(i);
                    return Comment { has_newline, terminated: true };
                }
            }
            (c, _) => {
                has_newline |= c == b'\n';
                i += 1;
            }
        }
    }
    lex.bump(rest.len());
    Comment { has_newline, terminated: false }
}

/// Scans the rest of a numeric literal. After a `.` (tuple index position) only the integer part
/// is taken, so `pair.0.1` lexes as `pair . 0 . 1`.
fn number(lex: &mut logos::Lexer<Raw>) {
    let start = lex.span().start;
    let before = &lex.source().as_bytes()[..start];
    let after_dot = before.last() == Some(&b'.') && before.len() >= 2 && before[before.len() - 2] != b'.';
    let first = lex.slice().as_bytes()[0];
    let rest = lex.remainder().as_bytes();
    let alnum = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = rest.iter().take_while(|&&c| alnum(c)).count();
    let radix_prefixed = first == b'0' && matches!(rest.first(), Some(b'x' | b'o' | b'b'));
    if !after_dot && !radix_prefixed {
        if rest.get(i) == Some(&b'.') && rest.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            i += rest[i..].iter().take_while(|&&c| alnum(c)).count();
        }
        if i > 0
            && matches!(rest[i - 1], b'e' | b'E')
            && matches!(rest.get(i), Some(b'+' | b'-'))
            && rest.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 1;
            i += rest[i..].iter().take_while(|&&c| alnum(c)).count();
        }
    }
    lex.bump(i);
}

/// Scans a string literal after its opening quote up to the closing quote, skipping over
/// interpolations (which may contain nested string and character literals). Returns whether the
/// literal is terminated; an unterminated literal stops before the line break.
fn string(lex: &mut logos::Lexer<Raw>) -> bool {
    let rest = lex.remainder().as_bytes();
    let (len, terminated) = interp::scan_string_body(rest);
    lex.bump(len);
    terminated
}

/// Scans a character literal after its opening quote. Returns whether it is terminated.
fn char_lit(lex: &mut logos::Lexer<Raw>) -> bool {
    let rest = lex.remainder();
    let line = rest.split('\n').next().unwrap_or("");
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' => {
                lex.bump(i + 1);
                return true;
            }
            _ => i += 1,
        }
    }
    let take = line.chars().next().map_or(0, char::len_utf8);
    lex.bump(take);
    false
}

/// Maps an identifier-shaped word to its keyword token, if it is one.
fn keyword(word: &str) -> Option<Tok> {
    use Tok::*;
    Some(match word {
        "and" => And,
        "as" => As,
        "behavior" => Behavior,
        "break" => Break,
        "class" => Class,
        "const" => Const,
        "continue" => Continue,
        "do" => Do,
        "dyn" => Dyn,
        "else" => Else,
        "enum" => Enum,
        "extend" => Extend,
        "false" => False,
        "for" => For,
        "func" => Func,
        "if" => If,
        "impl" => Impl,
        "in" => In,
        "interface" => Interface,
        "is" => Is,
        "let" => Let,
        "loop" => Loop,
        "lowlevel" => Lowlevel,
        "mut" => Mut,
        "not" => Not,
        "null" => Null,
        "or" => Or,
        "pub" => Pub,
        "ref" => Ref,
        "return" => Return,
        "then" => Then,
        "this" => This,
        "This" | "Self" => ThisType,
        "through" => Through,
        "to" => To,
        "true" => True,
        "type" => Type,
        "use" => Use,
        "var" => Var,
        "when" => When,
        "where" => Where,
        "while" => While,
        "_" => Underscore,
        _ => return None,
    })
}

/// Words reserved for future use (LANGUAGE.md §2.5, "also reserved").
const RESERVED: &[&str] = &[
    "async",
    "await",
    "catch",
    "crate",
    "decorator",
    "life",
    "mod",
    "namespace",
    "prop",
    "quote",
    "super",
    "throw",
    "union",
];

fn punct(raw: Raw) -> Tok {
    use Raw as R;
    match raw {
        R::Plus => Tok::Plus,
        R::Minus => Tok::Minus,
        R::Star => Tok::Star,
        R::Slash => Tok::Slash,
        R::Percent => Tok::Percent,
        R::StarStar => Tok::StarStar,
        R::EqEq => Tok::EqEq,
        R::Ne => Tok::Ne,
        R::Lt => Tok::Lt,
        R::Le => Tok::Le,
        R::Gt => Tok::Gt,
        R::Ge => Tok::Ge,
        R::Amp => Tok::Amp,
        R::Pipe => Tok::Pipe,
        R::Caret => Tok::Caret,
        R::Tilde => Tok::Tilde,
        R::Shl => Tok::Shl,
        R::Shr => Tok::Shr,
        R::Eq => Tok::Eq,
        R::PlusEq => Tok::PlusEq,
        R::MinusEq => Tok::MinusEq,
        R::StarEq => Tok::StarEq,
        R::SlashEq => Tok::SlashEq,
        R::PercentEq => Tok::PercentEq,
        R::AmpEq => Tok::AmpEq,
        R::PipeEq => Tok::PipeEq,
        R::CaretEq => Tok::CaretEq,
        R::ShlEq => Tok::ShlEq,
        R::ShrEq => Tok::ShrEq,
        R::Bang => Tok::Bang,
        R::AndAnd => Tok::AndAnd,
        R::OrOr => Tok::OrOr,
        R::Question => Tok::Question,
        R::Colon => Tok::Colon,
        R::ColonColon => Tok::ColonColon,
        R::Dot => Tok::Dot,
        R::DotDot => Tok::DotDot,
        R::Comma => Tok::Comma,
        R::Semi => Tok::Semi,
        R::Arrow => Tok::Arrow,
        R::FatArrow => Tok::FatArrow,
        R::At => Tok::At,
        R::LParen => Tok::LParen,
        R::RParen => Tok::RParen,
        R::LBracket => Tok::LBracket,
        R::RBracket => Tok::RBracket,
        R::LBrace => Tok::LBrace,
        R::RBrace => Tok::RBrace,
        R::Newline | R::BlockComment(_) | R::Word | R::Number | R::Str(_) | R::Char(_) => Tok::Newline,
    }
}

/// Lexes `src`, whose first byte is at offset `base` of `file`. Returns the tokens (with
/// absolute offsets) and the lexical diagnostics. Never fails: erroneous input yields
/// diagnostics plus substitute tokens.
pub fn lex(file: FileId, src: &str, base: usize) -> (Vec<Spanned>, Vec<Diagnostic>) {
    let mut cx = Cx { file, base, src, tokens: Vec::new(), diags: Vec::new(), bad: None };
    let mut body = src;
    let mut skip = 0;
    if base == 0 && src.starts_with('\u{FEFF}') {
        cx.diags.push(Diagnostic::error(
            "E0001",
            "byte-order mark at the start of the file",
            Span::new(file, 0, 3),
            "remove the byte-order mark",
        ));
        body = &src[3..];
        skip = 3;
    }
    let mut lexer = Raw::lexer(body);
    while let Some(result) = lexer.next() {
        let range = lexer.span();
        let (lo, hi) = (range.start + skip, range.end + skip);
        match result {
            Ok(raw) => {
                cx.flush_bad();
                cx.token(raw, lo, hi);
            }
            Err(()) if lexer.slice().starts_with('`') => {
                cx.flush_bad();
                let rest = lexer.remainder();
                let line = rest.split('\n').next().unwrap_or("");
                let skip_len = line.find('`').map_or(0, |i| i + 1);
                lexer.bump(skip_len);
                cx.error(
                    "E0001",
                    "backtick template literals are not part of TML core",
                    lo,
                    hi + skip_len,
                    "unsupported literal form",
                );
            }
            Err(()) => cx.bad_char(lo, hi),
        }
    }
    cx.flush_bad();
    (cx.tokens, cx.diags)
}

/// Lexing state of one call to [`lex`].
struct Cx<'a> {
    file: FileId,
    base: usize,
    src: &'a str,
    tokens: Vec<Spanned>,
    diags: Vec<Diagnostic>,
    /// A pending run of invalid characters (reported as one diagnostic).
    bad: Option<(usize, usize)>,
}

impl Cx<'_> {
    fn span(&self, lo: usize, hi: usize) -> Span {
        Span::new(self.file, self.base + lo, self.base + hi)
    }

    fn push(&mut self, tok: Tok, lo: usize, hi: usize) {
        if matches!(tok, Tok::Newline) && matches!(self.tokens.last(), Some((_, Tok::Newline, _))) {
            return;
        }
        self.tokens.push((self.base + lo, tok, self.base + hi));
    }

    fn error(&mut self, code: &'static str, msg: impl Into<String>, lo: usize, hi: usize, label: &str) {
        let span = self.span(lo, hi);
        self.diags.push(Diagnostic::error(code, msg, span, label));
    }

    fn bad_char(&mut self, lo: usize, hi: usize) {
        self.bad = Some(match self.bad {
            Some((start, end)) if end == lo => (start, hi),
            Some(_) => {
                self.flush_bad();
                (lo, hi)
            }
            None => (lo, hi),
        });
    }

    fn flush_bad(&mut self) {
        if let Some((lo, hi)) = self.bad.take() {
            let text = &self.src[lo..hi];
            let first = text.chars().next().unwrap_or('?');
            let msg = if text.chars().count() == 1 {
                format!("invalid character `{}`", first.escape_default())
            } else {
                format!("invalid characters starting with `{}`", first.escape_default())
            };
            self.error("E0001", msg, lo, hi, "not valid in TML source");
        }
    }

    fn token(&mut self, raw: Raw, lo: usize, hi: usize) {
        let text = &self.src[lo..hi];
        match raw {
            Raw::Newline => self.push(Tok::Newline, lo, hi),
            Raw::BlockComment(c) => {
                if !c.terminated {
                    self.error("E0005", "unterminated block comment", lo, lo + 2, "comment starts here");
                }
                if c.has_newline {
                    self.push(Tok::Newline, lo, hi);
                }
            }
            Raw::Word => self.word(text, lo, hi),
            Raw::Number => {
                let tok = self.number(text, lo, hi);
                self.push(tok, lo, hi);
            }
            Raw::Str(terminated) => {
                if !terminated {
                    self.error("E0002", "unterminated string literal", lo, hi, "string starts here");
                }
                let end = if terminated { hi - 1 } else { hi };
                let content = &self.src[lo + 1..end.max(lo + 1)];
                let parts = interp::string_parts(self.file, content, self.base + lo + 1, &mut self.diags);
                self.push(Tok::Str(parts), lo, hi);
            }
            Raw::Char(terminated) => {
                let c = if terminated {
                    self.char_value(&text[1..text.len() - 1], lo + 1)
                } else {
                    self.error("E0002", "unterminated character literal", lo, hi, "character literal starts here");
                    '\0'
                };
                self.push(Tok::Char(c), lo, hi);
            }
            other => self.push(punct(other), lo, hi),
        }
    }

    fn word(&mut self, text: &str, lo: usize, hi: usize) {
        let next = self.src.as_bytes().get(hi).copied();
        if matches!(text, "r" | "b" | "br" | "rb") && matches!(next, Some(b'"' | b'#' | b'\'')) {
            let msg = if text.contains('r') { "raw strings" } else { "byte strings" };
            self.error("E0001", format!("{msg} are not part of TML core"), lo, hi + 1, "unsupported literal form");
            return;
        }
        if let Some(kw) = keyword(text) {
            self.push(kw, lo, hi);
            return;
        }
        if RESERVED.contains(&text) {
            self.error(
                "E0010",
                format!("expected identifier, found reserved keyword `{text}`"),
                lo,
                hi,
                "reserved keyword",
            );
        }
        self.push(Tok::Ident(text.to_string()), lo, hi);
    }

    fn number(&mut self, text: &str, lo: usize, hi: usize) -> Tok {
        match parse_number(text) {
            Ok(tok) => tok,
            Err(msg) => {
                self.error("E0004", msg, lo, hi, "malformed numeric literal");
                Tok::Int(IntLit { value: 0, suffix: None })
            }
        }
    }

    /// Decodes the body of a character literal (`lo` is the offset of the body).
    fn char_value(&mut self, body: &str, lo: usize) -> char {
        let mut decoded = String::new();
        interp::decode_escapes(self.file, body, self.base + lo, &mut decoded, &mut self.diags);
        let chars: Vec<char> = decoded.chars().collect();
        let hi = lo + body.len();
        match chars.as_slice() {
            [c] => *c,
            [] => {
                self.error("E0002", "empty character literal", lo - 1, hi + 1, "expected one character");
                '\0'
            }
            _ => {
                self.error(
                    "E0002",
                    "character literal must hold exactly one character",
                    lo - 1,
                    hi + 1,
                    "more than one character",
                );
                chars[0]
            }
        }
    }
}

const INT_SUFFIXES: &[&str] = &["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"];

/// Parses the text of a numeric literal (LANGUAGE.md §2.6).
fn parse_number(text: &str) -> Result<Tok, String> {
    let bytes = text.as_bytes();
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1], b'x' | b'o' | b'b') {
        let radix = match bytes[1] {
            b'x' => 16,
            b'o' => 8,
            _ => 2,
        };
        let body = &text[2..];
        let split = body.find(|c: char| !(c.is_digit(radix) || c == '_')).unwrap_or(body.len());
        let (digits, suffix) = body.split_at(split);
        let suffix = int_suffix(suffix, text)?;
        return Ok(Tok::Int(IntLit { value: int_value(digits, radix, text)?, suffix }));
    }
    let int_end = text.find(|c: char| !(c.is_ascii_digit() || c == '_')).unwrap_or(text.len());
    let mut end = int_end;
    let mut is_float = false;
    if text[end..].starts_with('.') {
        let frac =
            text[end + 1..].find(|c: char| !(c.is_ascii_digit() || c == '_')).map_or(text.len(), |i| end + 1 + i);
        end = frac;
        is_float = true;
    }
    if text[end..].starts_with(['e', 'E']) {
        let mut j = end + 1;
        if text[j..].starts_with(['+', '-']) {
            j += 1;
        }
        let exp_end = text[j..].find(|c: char| !(c.is_ascii_digit() || c == '_')).map_or(text.len(), |i| j + i);
        if !text[j..exp_end].bytes().any(|b| b.is_ascii_digit()) {
            return Err(format!("malformed exponent in numeric literal `{text}`"));
        }
        end = exp_end;
        is_float = true;
    }
    let number = &text[..end];
    let suffix = text[end..].strip_prefix('_').unwrap_or(&text[end..]);
    if matches!(suffix, "f32" | "f64") {
        is_float = true;
    }
    if is_float {
        let suffix = match suffix {
            "" => None,
            "f32" | "f64" => Some(suffix.to_string()),
            _ => return Err(format!("invalid suffix `{suffix}` on float literal `{text}`")),
        };
        let clean: String = number.chars().filter(|&c| c != '_').collect();
        let value = clean.parse::<f64>().map_err(|_| format!("malformed float literal `{text}`"))?;
        return Ok(Tok::Float(FloatLit { value, suffix }));
    }
    let suffix = int_suffix(&text[int_end..], text)?;
    Ok(Tok::Int(IntLit { value: int_value(&text[..int_end], 10, text)?, suffix }))
}

fn int_suffix(raw: &str, text: &str) -> Result<Option<String>, String> {
    let s = raw.strip_prefix('_').unwrap_or(raw);
    if s.is_empty() && raw.is_empty() {
        Ok(None)
    } else if INT_SUFFIXES.contains(&s) {
        Ok(Some(s.to_string()))
    } else {
        Err(format!("invalid suffix `{raw}` on integer literal `{text}`"))
    }
}

fn int_value(digits: &str, radix: u32, text: &str) -> Result<u128, String> {
    let mut value: u128 = 0;
    let mut any = false;
    for c in digits.chars().filter(|&c| c != '_') {
        let d = c.to_digit(radix).ok_or_else(|| format!("invalid digit `{c}` in numeric literal `{text}`"))?;
        value = value * radix as u128 + d as u128;
        any = true;
        if value > u64::MAX as u128 {
            return Err(format!("integer literal `{text}` is too large"));
        }
    }
    if !any {
        return Err(format!("numeric literal `{text}` has no digits"));
    }
    Ok(value)
}
