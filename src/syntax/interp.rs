//! String literal bodies (LANGUAGE.md §2.6): delimiting a literal that may contain
//! interpolations, decoding escapes, and splitting the body into [`StrPart`]s. Interpolated
//! expressions are parsed with [`super::parse_interpolation`], with spans into the original file.

use super::ast::StrPart;
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};

/// Length of a string literal's body after the opening quote (including the closing quote when
/// terminated) and whether it is terminated. Braces of interpolations nest; string and character
/// literals inside an interpolation are skipped as units. A raw line break ends the literal
/// (unterminated).
pub fn scan_string_body(rest: &[u8]) -> (usize, bool) {
    let mut i = 0;
    let mut depth = 0usize;
    while i < rest.len() {
        let c = rest[i];
        if c == b'\n' {
            return (i, false);
        }
        if depth == 0 {
            match c {
                b'\\' if matches!(rest.get(i + 1), None | Some(b'\n')) => i += 1,
                b'\\' if rest.get(i + 1) == Some(&b'u') && rest.get(i + 2) == Some(&b'{') => {
                    i += 3;
                    while i < rest.len() && rest[i].is_ascii_hexdigit() {
                        i += 1;
                    }
                    if rest.get(i) == Some(&b'}') {
                        i += 1;
                    }
                }
                b'\\' => i += 2,
                b'"' => return (i + 1, true),
                b'{' if !matches!(rest.get(i + 1), Some(b'}' | b':')) => {
                    depth = 1;
                    i += 1;
                }
                _ => i += 1,
            }
        } else {
            match c {
                b'{' => {
                    depth += 1;
                    i += 1;
                }
                b'}' => {
                    depth -= 1;
                    i += 1;
                }
                b'"' => match skip_inner_string(rest, i) {
                    Some(end) => i = end,
                    // An inner quote without a partner on this line closes the outer literal.
                    None => return (i + 1, true),
                },
                b'\'' => i = skip_inner_char(rest, i),
                _ => i += 1,
            }
        }
    }
    (rest.len(), false)
}

/// Skips a string literal starting at `rest[i] == '"'` inside an interpolation; returns the
/// offset after its closing quote, or `None` if it is not closed on this line.
fn skip_inner_string(rest: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < rest.len() {
        match rest[j] {
            b'"' => return Some(j + 1),
            b'\n' => return None,
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
    None
}

/// Skips a character literal starting at `rest[i] == '\''`; returns the offset after it (or
/// after the quote alone when it does not look like a character literal).
fn skip_inner_char(rest: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if rest.get(j) == Some(&b'\\') {
        j += 2;
        while j < rest.len() && rest[j] != b'\'' && rest[j] != b'\n' && j < i + 12 {
            j += 1;
        }
    } else {
        j += 1;
        while j < rest.len() && (rest[j] & 0xC0) == 0x80 {
            j += 1;
        }
    }
    if rest.get(j) == Some(&b'\'') {
        j + 1
    } else {
        i + 1
    }
}

/// Offset of the `}` that closes the interpolation whose `{` is at `bytes[open]`.
fn interpolation_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
                i += 1;
            }
            b'"' => i = skip_inner_string(bytes, i)?,
            b'\'' => i = skip_inner_char(bytes, i),
            _ => i += 1,
        }
    }
    None
}

/// Splits a string literal body (`content`, starting at file offset `base`) into text and
/// interpolated expressions, decoding escapes and merging adjacent text. An empty literal has
/// no parts.
pub fn string_parts(file: FileId, content: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Vec<StrPart> {
    let bytes = content.as_bytes();
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut seg_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i = skip_escape(content, i),
            b'{' if !matches!(bytes.get(i + 1), Some(b'}' | b':')) => {
                decode_escapes(file, &content[seg_start..i], base + seg_start, &mut text, diags);
                let Some(end) = interpolation_end(bytes, i) else {
                    diags.push(Diagnostic::error(
                        "E0012",
                        "unterminated interpolation in string literal",
                        Span::new(file, base + i, base + i + 1),
                        "this `{` is never closed",
                    ));
                    return finish(parts, text);
                };
                let inner = &content[i + 1..end];
                if inner.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(
                            "E0012",
                            "empty interpolation in string literal",
                            Span::new(file, base + i, base + end + 1),
                            "expected an expression",
                        )
                        .with_help("write `\\{` for a literal brace"),
                    );
                } else if let Some(expr) = super::parse_interpolation(file, inner, base + i + 1, diags) {
                    if !text.is_empty() {
                        parts.push(StrPart::Text(std::mem::take(&mut text)));
                    }
                    parts.push(StrPart::Expr(expr));
                }
                i = end + 1;
                seg_start = i;
            }
            _ => i += 1,
        }
    }
    let end = bytes.len().min(i);
    decode_escapes(file, &content[seg_start..end], base + seg_start, &mut text, diags);
    finish(parts, text)
}

/// Offset just after the escape sequence starting at `content[i] == '\\'`.
fn skip_escape(content: &str, i: usize) -> usize {
    let rest = &content[i + 1..];
    if let Some(body) = rest.strip_prefix("u{") {
        let digits = body.bytes().take_while(u8::is_ascii_hexdigit).count();
        let close = usize::from(body.as_bytes().get(digits) == Some(&b'}'));
        return i + 3 + digits + close;
    }
    i + 1 + rest.chars().next().map_or(0, char::len_utf8)
}

fn finish(mut parts: Vec<StrPart>, text: String) -> Vec<StrPart> {
    if !text.is_empty() {
        parts.push(StrPart::Text(text));
    }
    parts
}

/// Decodes the escapes of `text` (which starts at file offset `base`) and appends the result to
/// `out`. Invalid escapes are reported as E0003 and skipped.
pub fn decode_escapes(file: FileId, text: &str, base: usize, out: &mut String, diags: &mut Vec<Diagnostic>) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            diags.push(escape_error(file, base + i, base + i + 1, "\\"));
            break;
        };
        let simple = match e {
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            '0' => Some('\0'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            '\'' => Some('\''),
            '{' => Some('{'),
            '}' => Some('}'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        let mut end = i + 1 + e.len_utf8();
        let decoded = match e {
            'x' => {
                let digits: String = text[end..].chars().take(2).take_while(char::is_ascii_hexdigit).collect();
                end += digits.len();
                for _ in 0..digits.len() {
                    chars.next();
                }
                match u8::from_str_radix(&digits, 16) {
                    Ok(v) if digits.len() == 2 && v <= 0x7F => Some(v as char),
                    _ => None,
                }
            }
            'u' if text[end..].starts_with('{') => {
                let close = text[end..].find('}').filter(|&k| k <= 8);
                match close {
                    Some(k) if text[end..end + k].is_ascii() => {
                        let digits = &text[end + 1..end + k];
                        for _ in 0..=k {
                            chars.next();
                        }
                        end += k + 1;
                        let valid = (1..=6).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_hexdigit());
                        if valid {
                            u32::from_str_radix(digits, 16).ok().and_then(char::from_u32)
                        } else {
                            None
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match decoded {
            Some(ch) => out.push(ch),
            None => diags.push(escape_error(file, base + i, base + end, &text[i..end])),
        }
    }
}

fn escape_error(file: FileId, lo: usize, hi: usize, text: &str) -> Diagnostic {
    Diagnostic::error("E0003", format!("invalid escape sequence `{text}`"), Span::new(file, lo, hi), "unknown escape")
        .with_note("valid escapes are \\n \\r \\t \\0 \\\\ \\\" \\' \\{ \\} \\xNN (at most 7F) and \\u{N...}")
}
