//! Byte offsets to 1-based lines and character columns, computed only when reporting.

use std::ops::Range;

pub struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// Line (1-based) and column (1-based, in Unicode scalar values, as editors and GitHub count).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = count_chars(&self.text[start..offset]) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// End position of a span: the character just past it, so `end_column` is exclusive.
    pub fn span(&self, span: &Range<usize>) -> (Position, Position) {
        (
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        start..end.max(start)
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.position(offset).line
    }
}

/// Counts characters the way UTF-8 decoders do: every byte that does not continue a sequence.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "title: 漯河日报\nx: 1\n";
        let idx = LineIndex::new(text.as_bytes());
        let off = text.find("日").unwrap();
        assert_eq!(
            idx.position(off),
            Position {
                line: 1,
                column: 10
            }
        );
        let off = text.find('x').unwrap();
        assert_eq!(idx.position(off), Position { line: 2, column: 1 });
    }

    #[test]
    fn line_range_excludes_newline() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text.as_bytes());
        assert_eq!(idx.line_range(1), 0..2);
        assert_eq!(idx.line_range(2), 3..5);
    }
}
