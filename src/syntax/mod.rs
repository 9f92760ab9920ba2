//! Lexing and parsing (LANGUAGE.md §2–§3).

pub mod ast;
