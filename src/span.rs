//! Source files and byte spans.
//!
//! Every diagnostic and every MIR statement carries a [`Span`]: a file id plus a half-open byte
//! range `[lo, hi)` into that file's text. [`SourceMap`] owns the texts and converts byte offsets
//! into 1-based line/column pairs (columns count bytes, CLI.md §2).

/// Index of a file inside a [`SourceMap`].
pub type FileId = usize;

/// A half-open byte range `[lo, hi)` inside one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    /// A span covering `[lo, hi)` of `file`.
    pub fn new(file: FileId, lo: usize, hi: usize) -> Span {
        Span { file, lo: lo as u32, hi: hi as u32 }
    }

    /// The smallest span covering both `self` and `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, lo: self.lo.min(other.lo), hi: self.hi.max(other.hi) }
    }

    /// The empty span at the start of `self`.
    pub fn shrink_to_lo(self) -> Span {
        Span { file: self.file, lo: self.lo, hi: self.lo }
    }

    /// The empty span at the end of `self`.
    pub fn shrink_to_hi(self) -> Span {
        Span { file: self.file, lo: self.hi, hi: self.hi }
    }
}

/// One loaded source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as shown in messages (CLI.md §2: as given, `/` separators, no leading `./`).
    pub name: String,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// 1-based `(line, column)` of byte offset `pos`; columns count bytes.
    pub fn line_col(&self, pos: usize) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line + 1, pos - self.line_starts[line] + 1)
    }
}

/// All source files of one compilation, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id. `name` should already be normalised (CLI.md §2).
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.files.push(SourceFile { name: name.into(), text, line_starts });
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// `(file name, line, column)` of the start of `span`, 1-based.
    pub fn location(&self, span: Span) -> (&str, usize, usize) {
        let f = self.get(span.file);
        let (l, c) = f.line_col(span.lo as usize);
        (&f.name, l, c)
    }

    /// The source text covered by `span`.
    pub fn snippet(&self, span: Span) -> &str {
        &self.get(span.file).text[span.lo as usize..span.hi as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_bytes() {
        let mut sm = SourceMap::new();
        let f = sm.add("a.tml", "ab\ncdé\nx");
        assert_eq!(sm.get(f).line_col(0), (1, 1));
        assert_eq!(sm.get(f).line_col(3), (2, 1));
        assert_eq!(sm.get(f).line_col(8), (3, 1));
        assert_eq!(sm.snippet(Span::new(f, 3, 5)), "cd");
    }
}
