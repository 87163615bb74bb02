//! Splits a post into front matter and body exactly as Jekyll 4.3 does
//! (`YAML_FRONT_MATTER_REGEXP = /\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)/m`, after a BOM),
//! and names the near misses Jekyll silently treats as body text.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    /// The YAML text Jekyll loads: from the opening `---` up to the closing line (exclusive).
    pub yaml: Range<usize>,
    /// The opening `---` line, without its newline.
    pub open: Range<usize>,
    /// The closing `---` or `...` line, without its newline.
    pub close: Range<usize>,
    /// Where the body starts.
    pub body: usize,
}

/// Why Jekyll finds no front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// The file is empty or only whitespace.
    Empty,
    /// Blank lines or spaces come before `---` (the span covers them).
    LeadingWhitespace {
        span: Range<usize>,
        dashes: Range<usize>,
    },
    /// The first line is `----` or longer.
    TooManyDashes { span: Range<usize> },
    /// The first line starts with `---` but has text after it.
    TextAfterDashes { span: Range<usize> },
    /// `---` opens it but no later line is `---` or `...`.
    NoClosing { open: Range<usize> },
    /// The file does not start with `---` at all.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Split {
    Found(FrontMatter),
    Missing(Missing),
}

/// Ruby's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
fn is_ruby_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `start` is the offset after a UTF-8 BOM, if any.
pub fn split(text: &str, start: usize) -> Split {
    let b = text.as_bytes();
    let rest = &b[start..];
    if rest.iter().all(|&c| is_ruby_space(c)) {
        return Split::Missing(Missing::Empty);
    }
    if !rest.starts_with(b"---") {
        let ws = rest.iter().take_while(|&&c| is_ruby_space(c)).count();
        if ws > 0 && rest[ws..].starts_with(b"---") {
            let dashes = start + ws..start + ws + 3;
            return Split::Missing(Missing::LeadingWhitespace {
                span: start..start + ws,
                dashes,
            });
        }
        return Split::Missing(Missing::None);
    }
    // `---\s*\n`: greedy whitespace that must end with a newline.
    let after = start + 3;
    let ws_end = after + b[after..].iter().take_while(|&&c| is_ruby_space(c)).count();
    let Some(nl) = b[after..ws_end]
        .iter()
        .rposition(|&c| c == b'\n')
        .map(|i| after + i)
    else {
        let line_end = line_end(b, start);
        if b.get(after) == Some(&b'-') {
            return Split::Missing(Missing::TooManyDashes {
                span: start..line_end,
            });
        }
        if ws_end == b.len() {
            return Split::Missing(Missing::NoClosing {
                open: start..line_end,
            });
        }
        return Split::Missing(Missing::TextAfterDashes {
            span: start..line_end,
        });
    };
    let open = start..line_end(b, start);
    // `.*?\n?^` then `(---|\.\.\.)\s*$`: the first later line that starts with the marker and
    // has only whitespace after it. The search starts at the line after the opening newline
    // (the lazy `.*?` may be empty, and `^` then matches right after that newline).
    let mut line_start = nl + 1;
    while line_start <= b.len() {
        let end = line_end(b, line_start);
        let line = &b[line_start..end];
        if (line.starts_with(b"---") || line.starts_with(b"..."))
            && line[3..].iter().all(|&c| is_ruby_space(c))
        {
            // `\s*$\n?`: trailing whitespace, possibly whole blank lines, then one newline.
            let mut body = end;
            let ws_end = body + b[body..].iter().take_while(|&&c| is_ruby_space(c)).count();
            // `$` must match: back off to the last newline within the whitespace (or the end).
            if ws_end == b.len() {
                body = ws_end;
            } else if let Some(i) = b[body..ws_end].iter().rposition(|&c| c == b'\n') {
                body += i + 1;
            }
            let close_end = trim_end_cr(b, line_start, end);
            return Split::Found(FrontMatter {
                yaml: start..line_start,
                open,
                close: line_start..close_end,
                body,
            });
        }
        if end >= b.len() {
            break;
        }
        line_start = end + 1;
    }
    Split::Missing(Missing::NoClosing { open })
}

fn line_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |i| from + i)
}

fn trim_end_cr(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && is_ruby_space(b[end - 1]) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> FrontMatter {
        match split(text, 0) {
            Split::Found(f) => f,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_and_crlf_and_dots() {
        let t = "---\ntitle: a\n---\nbody\n";
        let f = found(t);
        assert_eq!(&t[f.yaml.clone()], "---\ntitle: a\n");
        assert_eq!(&t[f.body..], "body\n");
        let t = "---\r\ntitle: a\r\n---\r\nbody";
        let f = found(t);
        assert_eq!(&t[f.body..], "body");
        assert_eq!(&t[f.close.clone()], "---");
        let t = "---\ntitle: a\n...\nbody";
        assert_eq!(&t[found(t).body..], "body");
    }

    #[test]
    fn empty_front_matter() {
        let t = "---\n---\nbody";
        let f = found(t);
        assert_eq!(&t[f.body..], "body");
    }

    #[test]
    fn near_misses() {
        assert!(matches!(
            split("\n---\na: 1\n---\n", 0),
            Split::Missing(Missing::LeadingWhitespace { .. })
        ));
        assert!(matches!(
            split("----\na: 1\n---\n", 0),
            Split::Missing(Missing::TooManyDashes { .. })
        ));
        assert!(matches!(
            split("---\na: 1\nbody\n", 0),
            Split::Missing(Missing::NoClosing { .. })
        ));
        assert!(matches!(
            split("---a: 1\n---\n", 0),
            Split::Missing(Missing::TextAfterDashes { .. })
        ));
        assert!(matches!(split("", 0), Split::Missing(Missing::Empty)));
        assert!(matches!(split("hello", 0), Split::Missing(Missing::None)));
        // `----` as a closing line does not close.
        assert!(matches!(
            split("---\na: 1\n----\n", 0),
            Split::Missing(Missing::NoClosing { .. })
        ));
    }

    #[test]
    fn bom_offset() {
        let t = "\u{feff}---\na: 1\n---\nx";
        let f = match split(t, 3) {
            Split::Found(f) => f,
            o => panic!("{o:?}"),
        };
        assert_eq!(f.yaml.start, 3);
        assert_eq!(&t[f.body..], "x");
    }
}
