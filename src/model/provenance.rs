//! Where a fact came from, and whether a document said it or schemata concluded it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A position in an input document: the file as the user named it, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Provenance {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl Provenance {
    pub fn new(file: impl Into<String>, line: u32, column: u32) -> Self {
        Self { file: file.into(), line, column }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Whether a document stated an item or schemata inferred it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    #[default]
    Stated,
    Inferred,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Stated => "stated",
            Origin::Inferred => "inferred",
        })
    }
}

/// Maps byte offsets of one text to 1-based line and column (columns count chars, not bytes).
///
/// Columns are counted from the line start; the last answer is cached so that positions asked
/// in increasing order along one very long line cost the distance moved, not the whole line
/// each time (a 50 MB single-line document would otherwise make reading quadratic).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset, line index, column) of the last position computed.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts, last: std::cell::Cell::new((0, 0, 0)) }
    }

    /// Line and column of `offset`; offsets past the end clamp to the last line.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts[line];
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line && last_offset <= offset && last_offset >= start {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[start..offset].chars().count()
        };
        self.last.set((offset, line, column));
        (line as u32 + 1, column as u32 + 1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        self.starts[i]
    }
}

/// The largest char boundary at or below `offset`.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        // 'd' sits after the two-byte 'ç': byte 5, column 2.
        assert_eq!(idx.position(text, 5), (2, 2));
        assert_eq!(idx.position(text, 7), (3, 1));
        assert_eq!(idx.line_count(), 3);
        // Out of order and mid-character offsets are still right.
        assert_eq!(idx.position(text, 4), (2, 1));
        assert_eq!(idx.position(text, 0), (1, 1));
    }
}
