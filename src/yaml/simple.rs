//! The front matter almost every post has, parsed without the general YAML parser: one
//! top-level mapping of `key: value` lines whose values are a plain scalar on one line, or a
//! quoted one without escapes. Anything else (comments, blank lines, indentation, flow or block
//! collections, anchors, tags, tabs, CR, escapes) returns None and takes the general path.
//! `tests::same_tree_as_the_general_parser` and the `yaml` fuzz target hold it to the exact
//! tree, spans and styles the general path builds.

use super::{Doc, Kind, Node, Style};

/// Characters that may not start a plain scalar here (YAML indicators, quotes, space).
const NOT_FIRST: &[u8] = b"-?:,[]{}#&*!|>'\"%@` ";

pub(super) fn parse(text: &str, base: usize) -> Option<Doc> {
    if text.is_empty() || text.len() > 64 * 1024 {
        return None;
    }
    // Jekyll's opening `---` is the text's first line: the document start marker.
    let mut at = if text.starts_with("---\n") { 4 } else { 0 };
    // Sized up front: a key and a value per line.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut nodes = Vec::with_capacity(1 + 2 * lines);
    nodes.push(Node {
        kind: Kind::Map(Vec::new()),
        span: base + at..base + text.len(),
        tag: None,
    });
    let mut entries = Vec::with_capacity(lines);
    if at == text.len() {
        return None;
    }
    // Line by line, by memchr (`split_inclusive` with a char pattern cost several times more).
    let body = &text[at..];
    let mut from = 0;
    let mut breaks = memchr::memchr_iter(b'\n', body.as_bytes());
    while from < body.len() {
        let end = breaks.next().map_or(body.len(), |i| i + 1);
        let line = &body[from..end];
        from = end;
        let start = at;
        at += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        // A tab, CR or `#` (a comment), or a character YAML does not allow.
        if memchr::memchr(b'#', line.as_bytes()).is_some() || !printable(line) {
            return None;
        }
        let b = line.as_bytes();
        let key_len = b
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
            .count();
        // Implicit keys are limited in length (1024 characters in YAML): stay well inside.
        if key_len == 0 || key_len > 512 || b[0] == b'-' || b.get(key_len) != Some(&b':') {
            return None;
        }
        let key = &line[..key_len];
        let rest = &line[key_len + 1..];
        let (value, vstart, vend, style) = if rest.is_empty() {
            (String::new(), key_len, key_len, Style::Plain)
        } else {
            let v = rest.trim_start_matches(' ');
            if v.len() == rest.len() || v.is_empty() {
                // `key:value` is one scalar; `key:   ` puts the span elsewhere.
                return None;
            }
            let vstart = line.len() - v.len();
            let (value, len, style) = value(v)?;
            (value, vstart, vstart + len, style)
        };
        let id = nodes.len();
        nodes.push(Node {
            kind: Kind::Scalar {
                value: key.to_string(),
                style: Style::Plain,
            },
            span: base + start..base + start + key_len,
            tag: None,
        });
        nodes.push(Node {
            kind: Kind::Scalar { value, style },
            span: base + start + vstart..base + start + vend,
            tag: None,
        });
        entries.push((id, id + 1));
    }
    nodes[0].kind = Kind::Map(entries);
    Some(Doc {
        nodes,
        root: Some(0),
    })
}

/// Only characters YAML allows in a stream (`c-printable`, less the BOM): the parser rejects
/// the rest, and so must this path. By bytes (decoding the characters of a Chinese title was
/// most of this parser's time): no C0 control (tab and CR included) or DEL, and of the
/// non-ASCII characters no C1 control but NEL (`C2 80`..`C2 9F`), no BOM (`EF BB BF`), no
/// U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`). `C2` and `EF` only ever lead a character.
fn printable(line: &str) -> bool {
    let b = line.as_bytes();
    if !b.iter().fold(true, |ok, &c| ok & (c >= 0x20) & (c != 0x7f)) {
        return false;
    }
    memchr::memchr2_iter(0xc2, 0xef, b).all(|i| {
        !matches!(
            (b[i], b.get(i + 1), b.get(i + 2)),
            (0xc2, Some(0x80..=0x84 | 0x86..=0x9f), _)
                | (0xef, Some(0xbb), Some(0xbf))
                | (0xef, Some(0xbf), Some(0xbe | 0xbf))
        )
    })
}

/// A value to the end of its line: (its value, its length as written, its style).
fn value(v: &str) -> Option<(String, usize, Style)> {
    let b = v.as_bytes();
    match b[0] {
        q @ (b'"' | b'\'') => {
            let inner = &v[1..];
            let close = inner.find(q as char)?;
            // Escapes, `''`, and anything after the closing quote take the general path.
            if close + 2 != v.len() || (q == b'"' && inner[..close].contains('\\')) {
                return None;
            }
            let style = if q == b'"' {
                Style::DoubleQuoted
            } else {
                Style::SingleQuoted
            };
            Some((inner[..close].to_string(), v.len(), style))
        }
        c if NOT_FIRST.contains(&c) => None,
        _ => {
            let t = v.trim_end_matches(' ');
            // `: ` would start a mapping, a final `:` too; flow indicators are left to the parser.
            if t.contains(": ") || t.ends_with(':') || t.bytes().any(|c| b"[]{}".contains(&c)) {
                return None;
            }
            Some((t.to_string(), t.len(), Style::Plain))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The general parser, for comparison.
    fn general(text: &str) -> Option<super::Doc> {
        super::super::parse_general(text, 7).ok()
    }

    fn same(text: &str) -> Option<bool> {
        let fast = super::parse(text, 7)?;
        let slow = general(text);
        assert_eq!(Some(&fast), slow.as_ref(), "{text:?}");
        Some(true)
    }

    #[test]
    fn same_tree_on_edge_cases() {
        let taken = [
            "layout: post\ntitle: \"打造 百亿\"\ndate:  2022-05-26 21:35:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n",
            "a:\nb: ''\nd: x  \ne: \"\"\n",
            "a: x",
            "a: 1\na: 2\n",
            "title: a:b\n",
            "title: 'it works'\n",
            "t: ~\nu: null\nv: yes\nw: 0x1F\nx: 1_000\ny: .inf\nz: 2022-01-01\n",
            "title: a, b (c) - d\n",
            "title: \"a: b, c\"\n",
            "title: 'a: b, c'\n",
            "x-y_z: 1\n",
            "---\ntitle: x\n",
        ];
        for t in taken {
            assert_eq!(same(t), Some(true), "not taken: {t:?}");
        }
        let refused: &[&str] = &[
            "",
            "# c\na: 1\n",
            "a: 1 # c\n",
            "a:\n  - x\n",
            "a: [1]\n",
            "a: {b: 1}\n",
            "a: &x 1\n",
            "a: *x\n",
            "a: !!str 1\n",
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a: 'it''s'\n",
            "a: \"\\n\"\n",
            "a: 'x'  \n",
            "a: \"x\" \n",
            "a:   \n",
            "a:b\n",
            "a: b: c\n",
            "a: b:\n",
            "\ta: 1\n",
            "a: 1\r\n",
            "a: 1\n\nb: 2\n",
            " a: 1\n",
            "- a\n",
            "a: 1\n  b\n",
            "? a\n: b\n",
            "a: -1\n",
            "---\n",
            "--- \na: 1\n",
            "---\n---\n",
            "a: 'x\n",
            "a: \"x\n",
            "a: \"b # c\"\n",
            "\"a\": 1\n",
            "a: %x\n",
            "a: @x\n",
            "a: `x\n",
        ];
        for t in refused {
            assert!(super::parse(t, 7).is_none(), "taken: {t:?}");
        }
    }

    /// The byte test is the character rule it replaced, on every short mix of the characters
    /// at its edges (and the tab and CR the parser refuses before).
    #[test]
    fn printable_is_the_character_rule() {
        fn by_chars(line: &str) -> bool {
            line.chars().all(|c| match c {
                ' '..='~' | '\u{85}' => true,
                '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' => c != '\u{feff}',
                c => c >= '\u{10000}',
            })
        }
        let alphabet = [
            "a",
            " ",
            "~",
            "\t",
            "\r",
            "\u{1f}",
            "\u{7f}",
            "\u{80}",
            "\u{84}",
            "\u{85}",
            "\u{86}",
            "\u{9f}",
            "\u{a0}",
            "\u{7ff}",
            "中",
            "\u{d7ff}",
            "\u{e000}",
            "\u{feff}",
            "\u{fefe}",
            "\u{fffd}",
            "\u{fffe}",
            "\u{ffff}",
            "\u{10000}",
            "\u{10ffff}",
        ];
        let inputs = crate::test_support::strings_over(&alphabet, 3);
        assert!(inputs.len() > 10_000);
        for s in &inputs {
            assert_eq!(super::printable(s), by_chars(s), "{s:?}");
        }
    }

    fn front_matters(dir: &Path, out: &mut Vec<String>) {
        for p in crate::test_support::files_under(dir) {
            if let Ok(t) = std::fs::read_to_string(&p) {
                if let crate::front_matter::Split::Found(f) = crate::front_matter::split(&t, 0) {
                    out.push(t[f.yaml.clone()].to_string());
                }
            }
        }
    }

    /// Every front matter of the shared corpus and oracle: where the fast path answers, it
    /// answers exactly what the general parser does; and it answers for nearly all real posts.
    #[test]
    fn same_tree_as_the_general_parser() {
        let shared = crate::test_support::shared();
        let mut all = Vec::new();
        front_matters(&shared.join("corpus"), &mut all);
        let corpus = all.len();
        front_matters(&shared.join("oracle"), &mut all);
        assert!(corpus >= 200, "{corpus} front matters in the corpus");
        let mut taken_in_corpus = 0;
        for (i, t) in all.iter().enumerate() {
            if same(t).is_some() && i < corpus {
                taken_in_corpus += 1;
            }
        }
        assert!(
            taken_in_corpus * 10 >= corpus * 9,
            "the fast path takes only {taken_in_corpus} of {corpus} real front matters"
        );
    }
}
