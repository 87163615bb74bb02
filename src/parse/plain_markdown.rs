//! Markdown that is only paragraphs of text with inline links `[text](url)` and URL autolinks
//! `<scheme:…>`, as most posts are: scanned in one pass over the bytes instead of building
//! pulldown-cmark's tree, which was about an eighth of the instructions of a whole-site lint.
//!
//! It is deliberately narrow: anything that could change what the full parser reports (code,
//! raw HTML, block quotes, lists, headings, escapes, images, reference links, titles, a
//! destination with spaces, parentheses or entities…) gives None, and the caller takes the full
//! parser. Where it answers, the answer is the full parser's: tests compare both over the real
//! corpus and generated text, and `fuzz/fuzz_targets/markdown.rs` compares them on any input.

use super::markdown::{MdLink, MdLinkKind, MdScan};

/// The Markdown facts of `text` when it is plain (see the module), else None.
pub fn scan(text: &str) -> Option<MdScan> {
    let b = text.as_bytes();
    // Code fences and spans, escapes, and control bytes (tabs change indentation, `\r` ends
    // lines) anywhere: the full parser's.
    if memchr::memchr3(b'`', b'~', b'\\', b).is_some() || has_control(b) {
        return None;
    }
    // A post has a few links: sized once rather than grown.
    let mut out = MdScan {
        links: Vec::with_capacity(4),
        ..MdScan::default()
    };
    if !plain_line_start(b, 0) {
        return None;
    }
    let mut i = 0;
    while let Some(k) = memchr::memchr3(b'\n', b'<', b'[', &b[i..]) {
        i += k;
        match b[i] {
            b'\n' => {
                if !plain_line_start(b, i + 1) {
                    return None;
                }
                i += 1;
            }
            b'<' => {
                let end = autolink_end(b, i)?;
                out.autolinks.push(i..end);
                out.links.push(MdLink {
                    kind: MdLinkKind::Autolink,
                    dest: text[i + 1..end - 1].to_string(),
                    dest_span: i + 1..end - 1,
                    span: i..end,
                });
                i = end;
            }
            _ => {
                // `![…](…)` is an image.
                if i > 0 && b[i - 1] == b'!' {
                    return None;
                }
                // The destination is all of what is inside the parentheses (no spaces, no
                // title), as `markdown::inline_dest` finds it for the full parser.
                let (dest, end) = link_end(b, i)?;
                out.links.push(MdLink {
                    kind: MdLinkKind::Inline,
                    dest: text[dest.clone()].to_string(),
                    dest_span: dest,
                    span: i..end,
                });
                i = end;
            }
        }
    }
    // Each link holds one `]` and autolinks none: any other `]` is not plain.
    let links = out.links.len() - out.autolinks.len();
    (memchr::memchr_iter(b']', b).count() == links).then_some(out)
}

/// Whether `b` has an ASCII control byte other than the line break. One pass without an early
/// exit, which the compiler turns into wide compares (most posts have none).
fn has_control(b: &[u8]) -> bool {
    b.iter()
        .fold(false, |any, &c| any | ((c < 0x20) & (c != b'\n')))
}

/// Whether the line starting at `at` can only continue or start a paragraph: not indented code
/// (four spaces), and not a heading, quote, list item, thematic break, setext underline or
/// table. Lines that begin with `<` or `[` are judged where those bytes are read.
fn plain_line_start(b: &[u8], at: usize) -> bool {
    let rest = &b[at.min(b.len())..];
    let spaces = rest.iter().take(4).take_while(|&&c| c == b' ').count();
    if spaces == 4 {
        return false;
    }
    let rest = &rest[spaces..];
    match rest.first() {
        Some(b'#' | b'>' | b'-' | b'+' | b'*' | b'_' | b'=' | b'|') => false,
        Some(c) if c.is_ascii_digit() => {
            // An ordered list item: up to nine digits, then `.` or `)`.
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            !(digits <= 9 && matches!(rest.get(digits), Some(b'.' | b')')))
        }
        _ => true,
    }
}

/// The end (exclusive) of the URL autolink starting at `<`: a scheme of 2 to 32 characters, a
/// colon, then printable ASCII without spaces, angle brackets or square brackets up to `>`.
fn autolink_end(b: &[u8], at: usize) -> Option<usize> {
    let mut j = at + 1;
    if !b.get(j)?.is_ascii_alphabetic() {
        return None;
    }
    j += 1;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
    {
        j += 1;
    }
    let scheme = j - at - 1;
    if !(2..=32).contains(&scheme) || b.get(j) != Some(&b':') {
        return None;
    }
    j += 1;
    loop {
        match *b.get(j)? {
            b'>' => return Some(j + 1),
            // No brackets: `scan` counts every `]` as a link's.
            b'<' | b'[' | b']' => return None,
            0x21..=0x7e => j += 1,
            _ => return None,
        }
    }
}

/// The destination range and the end (exclusive) of the inline link starting at `[`: text on
/// one line without brackets or angle brackets, `](`, then a destination of printable
/// ASCII without spaces, quotes, parentheses, brackets, angle brackets, `&` or `\`, then `)`.
fn link_end(b: &[u8], at: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let mut j = at + 1;
    while *b.get(j)? != b']' {
        if matches!(b[j], b'\n' | b'<' | b'>' | b'[') {
            return None;
        }
        j += 1;
    }
    if b.get(j + 1) != Some(&b'(') {
        return None;
    }
    let start = j + 2;
    let mut k = start;
    loop {
        match *b.get(k)? {
            b')' => return Some((start..k, k + 1)),
            b'(' | b'<' | b'>' | b'[' | b']' | b'"' | b'\'' | b'&' => return None,
            0x21..=0x7e => k += 1,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::scan_full;
    use crate::test_support::{files_under, shared, strings_over};

    /// Where the plain scan answers, it answers what the full parser does.
    fn agrees(text: &str) -> bool {
        match scan(text) {
            Some(plain) => {
                assert_eq!(plain, scan_full(text), "plain scan differs on {text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn agrees_with_the_full_parser_on_every_real_post_and_takes_most() {
        let mut posts = 0;
        let mut plain = 0;
        for p in files_under(&shared().join("corpus")) {
            if !p.extension().is_some_and(|e| e == "md" || e == "markdown") {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            // The body after the front matter, as the engine passes it, and the whole file.
            let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
            posts += 1;
            plain += usize::from(agrees(body));
            agrees(&text);
        }
        assert!(posts > 150, "the corpus has {posts} Markdown files");
        // The point of the shortcut: most real posts take it (196 of 204 when written).
        assert!(
            plain * 10 >= posts * 9,
            "{plain} of {posts} posts were plain"
        );
    }

    #[test]
    fn agrees_on_every_short_mix_of_the_bytes_it_decides_on() {
        let pieces = [
            "[", "](", ")", "<ab:", ">", "x", " ", "\n", "!", "- ", "1.", "&",
        ];
        let mut answered = 0;
        for s in strings_over(&pieces, 5) {
            answered += usize::from(agrees(&s));
        }
        assert!(answered > 10_000, "only {answered} strings were plain");
    }

    #[test]
    fn agrees_on_longer_generated_posts() {
        let pieces = [
            "[返回](../emnews/)",
            "<http://a.com/x?b=1&c=2>",
            "<mailto:a@b.c>",
            "文字",
            "text ",
            "\n",
            "\n\n",
            "   ",
            "    ",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "*",
            "_",
            "!",
            "#",
            "> ",
            "- ",
            "2021.",
            "12)",
            "[x]: /y\n",
            "[x][y]",
            "[a](b \"t\")",
            "[a](<b c>)",
            "<b>",
            "&amp;",
            "](",
            "<ab:c>",
            "\t",
            "\r\n",
            "`",
            "~",
            "\\",
            "=",
            "|",
        ];
        // A fixed xorshift, so a failure reproduces.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut answered = 0;
        for _ in 0..20_000 {
            let len = 1 + next() % 24;
            let s: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            answered += usize::from(agrees(&s));
        }
        assert!(answered > 500, "only {answered} generated posts were plain");
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        for text in [
            "a `code` b",
            "```\nx\n```",
            "    indented",
            "# heading",
            "> quote",
            "- item",
            "1. item",
            "a\n===",
            "<b>bold</b>",
            "![i](x.png)",
            "[r][x]\n\n[x]: /y",
            "[a](b \"title\")",
            "[a](<b>)",
            "[a](b(c))",
            "[a](x&amp;y)",
            "a \\[b\\]",
            "<a@b.c>",
            "<>",
            "a\tb",
            "[unclosed",
        ] {
            assert_eq!(scan(text), None, "{text:?}");
        }
        let s = scan("文字 [返回](../emnews/)\n<http://e.com/n?a=1&b=2>\n").unwrap();
        let dests: Vec<&str> = s.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["../emnews/", "http://e.com/n?a=1&b=2"]);
        assert_eq!(s.autolinks, vec![28..52]);
    }
}
