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
        // Sized once: growing it line by line reallocated a few times per post.
        let mut starts = Vec::with_capacity(1 + memchr::memchr_iter(b'\n', text).count());
        starts.push(0);
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

    /// Byte offset where line `i` (0-based) starts; the text's end past the last line.
    pub fn line_start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.position(offset).line
    }
}

/// The positions of chosen offsets, worked out while the text was in memory: a finding that is
/// rendered later (after the pass, see `lint::deferred`) by a renderer that prints positions but
/// no source lines needs these, not the file's text.
#[derive(Debug)]
pub struct Positions(Vec<(usize, Position)>);

impl Positions {
    /// The positions of `offsets` in `text`, found in one pass (no line index is built).
    pub fn new(text: &[u8], mut offsets: Vec<usize>) -> Positions {
        offsets.sort_unstable();
        offsets.dedup();
        // Each byte is looked at once: columns count on from the previous offset on its line.
        let (mut line, mut column, mut scanned) = (1, 1, 0);
        let kept = offsets
            .into_iter()
            .map(|o| {
                let at = o.min(text.len());
                let seg = &text[scanned..at];
                // Two searches per offset (the count is a vector count), not one per line.
                let mut from = scanned;
                if let Some(last) = memchr::memrchr(b'\n', seg) {
                    line += memchr::memchr_iter(b'\n', seg).count();
                    column = 1;
                    from = scanned + last + 1;
                }
                column += count_chars(&text[from..at]);
                scanned = at;
                (o, Position { line, column })
            })
            .collect();
        Positions(kept)
    }

    /// The position of an offset given to `new`; for any other, that of the nearest one before
    /// it (line 1, column 1 when there is none): a wrong place, never a panic.
    pub fn position(&self, offset: usize) -> Position {
        match self.0.binary_search_by_key(&offset, |e| e.0) {
            Ok(i) => self.0[i].1,
            Err(i) => {
                debug_assert!(false, "offset {offset} was not kept");
                i.checked_sub(1)
                    .map_or(Position { line: 1, column: 1 }, |i| self.0[i].1)
            }
        }
    }
}

/// Counts characters the way UTF-8 decoders do: every byte that does not continue a sequence.
fn count_chars(bytes: &[u8]) -> usize {
    // Eight bytes at a time: a continuation byte is `10xxxxxx` (bit 7 set, bit 6 clear).
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let continuation = w & !(w << 1) & 0x8080_8080_8080_8080;
        n += 8 - continuation.count_ones() as usize;
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|&&b| (b as i8) >= -0x40)
        .count()
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
    fn chars_are_counted_as_utf8_decoders_count_them() {
        let mut texts: Vec<Vec<u8>> = vec![
            "title: 漯河日报 😀 x\n".repeat(5).into_bytes(),
            (0..=255u8).collect(),
        ];
        // Every byte value at every place in a word, and every length around a word.
        for at in 0..9 {
            for b in 0..=255u8 {
                let mut t = b"abcdefghi".to_vec();
                t[at] = b;
                texts.push(t);
            }
        }
        for t in &texts {
            for end in 0..=t.len() {
                let t = &t[..end];
                let want = t.iter().filter(|&&b| (b as i8) >= -0x40).count();
                assert_eq!(count_chars(t), want, "{t:?}");
            }
        }
        let s = "漯河日报 😀 x";
        assert_eq!(count_chars(s.as_bytes()), s.chars().count());
    }

    #[test]
    fn kept_positions_are_those_of_the_text() {
        let text = "a: 漯河\n\nb: <x\r\nc\n";
        let idx = LineIndex::new(text.as_bytes());
        let offsets = [0, 3, 9, 10, text.len(), text.find('c').unwrap(), 3, 500];
        let kept = Positions::new(text.as_bytes(), offsets.to_vec());
        assert_eq!(kept.0.len(), 7, "sorted and deduplicated");
        for o in offsets {
            assert_eq!(kept.position(o), idx.position(o), "offset {o}");
        }
    }

    /// On the real posts, kept positions are the line index's for offsets at every spacing
    /// (several per line, one per several lines, the text's end and past it).
    #[test]
    fn kept_positions_on_the_corpus() {
        let files = crate::test_support::files_under(&crate::test_support::shared().join("corpus"));
        let mut checked = 0;
        for p in files.iter().take(60) {
            let Ok(text) = std::fs::read_to_string(p) else {
                continue;
            };
            let idx = LineIndex::new(text.as_bytes());
            for step in [1, 13, 97, 1001] {
                let mut offsets: Vec<usize> = (0..=text.len())
                    .step_by(step)
                    .filter(|&o| text.is_char_boundary(o))
                    .collect();
                offsets.push(text.len() + 3);
                let kept = Positions::new(text.as_bytes(), offsets.clone());
                for o in offsets {
                    assert_eq!(kept.position(o), idx.position(o), "{p:?} offset {o}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn line_range_excludes_newline() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text.as_bytes());
        assert_eq!(idx.line_range(1), 0..2);
        assert_eq!(idx.line_range(2), 3..5);
    }
}

/// `text` with every byte inside `ranges` replaced by the ASCII `with`, `\n` and `\r` kept, so
/// that byte offsets and line numbers survive. A range is widened to whole characters, so the
/// result is valid UTF-8 by construction (no second validation of the text).
pub fn mask(text: &str, ranges: &[Range<usize>], with: char) -> String {
    debug_assert!(with.is_ascii());
    let mut out = text.to_string();
    if ranges.is_empty() {
        return out;
    }
    // Overwritten in place, not rebuilt piece by piece (a byte at a time was a visible share
    // of each post's body scan); overlapping ranges mask the same bytes twice.
    let with = with as u8;
    // SAFETY: only bytes of ranges widened to whole characters change, each to the ASCII
    // `with` (`\n` and `\r` stay): a whole character becomes ASCII characters, so the string
    // stays UTF-8 (`debug_assert` below and the tests check it).
    let bytes = unsafe { out.as_mut_vec() };
    for r in ranges {
        let mut end = r.end.min(text.len());
        let mut start = r.start.min(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = with;
            }
        }
    }
    debug_assert!(std::str::from_utf8(out.as_bytes()).is_ok());
    out
}

#[cfg(test)]
mod mask_tests {
    use super::mask;
    use std::ops::Range;

    /// The copy-and-push version `mask` replaced: the reference for the in-place one.
    fn mask_by_copy(text: &str, ranges: &[Range<usize>], with: char) -> String {
        debug_assert!(with.is_ascii());
        if ranges.is_empty() {
            return text.to_string();
        }
        let mut sorted: Vec<Range<usize>> = ranges
            .iter()
            .map(|r| {
                let end = r.end.min(text.len());
                let mut start = r.start.min(end);
                let mut end = end;
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                start..end
            })
            .filter(|r| !r.is_empty())
            .collect();
        sorted.sort_unstable_by_key(|r| r.start);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in sorted {
            let start = r.start.max(at);
            if start >= r.end {
                continue;
            }
            out.push_str(&text[at..start]);
            for b in text[start..r.end].bytes() {
                out.push(if b == b'\n' || b == b'\r' {
                    b as char
                } else {
                    with
                });
            }
            at = r.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// On every post of the corpus, ranges of every length from every offset near
    /// multi-byte characters and line breaks (starting and ending inside characters too),
    /// several at once, overlapping and unsorted: the same text as the copying version.
    #[test]
    fn in_place_is_the_copying_version() {
        let mut checked = 0;
        for path in crate::test_support::files_under(&crate::test_support::shared().join("corpus"))
        {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let text = &text[..text.floor_char_boundary(600)];
            let n = text.len();
            for start in (0..n).step_by(7) {
                for len in [0, 1, 2, 3, 5, 40] {
                    let a = start..(start + len).min(n + 2);
                    let b = n.saturating_sub(start + 9)..n.saturating_sub(start);
                    let c = start / 2..start / 2 + 4;
                    let ranges: Vec<Range<usize>> = vec![a, b, c];
                    assert_eq!(
                        mask(text, &ranges, ' '),
                        mask_by_copy(text, &ranges, ' '),
                        "{path:?} {ranges:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// Byte by byte, as the masks were applied before.
    fn naive(text: &str, ranges: &[std::ops::Range<usize>], with: u8) -> String {
        let mut b = text.as_bytes().to_vec();
        for r in ranges {
            let end = r.end.min(b.len());
            for c in &mut b[r.start.min(end)..end] {
                if *c != b'\n' && *c != b'\r' {
                    *c = with;
                }
            }
        }
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn same_as_bytewise_and_keeps_utf8() {
        let t = "ab{{ 价\n格 }}cd{% x %}\r\n`代码`";
        let at = |s: &str| t.find(s).unwrap();
        let cases: Vec<Vec<std::ops::Range<usize>>> = vec![
            vec![],
            vec![at("{{")..at("cd")],
            vec![at("{%")..t.len()],
            // Unsorted, overlapping, empty, out of range.
            vec![
                at("`")..999,
                at("{{")..at("格"),
                at("b")..at("{{") + 3,
                5..5,
            ],
        ];
        for ranges in cases {
            assert_eq!(mask(t, &ranges, 'x'), naive(t, &ranges, b'x'), "{ranges:?}");
        }
        // A range starting inside a character is widened to the whole character.
        let inside = at("价") + 1..at("价") + 2;
        let m = mask(t, &[inside], ' ');
        assert_eq!(m.len(), t.len());
        assert!(m.contains("{{    \n"));
    }
}
