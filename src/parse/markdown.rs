//! What the Markdown parser tells us: code (where `<` is not HTML) and links with exact spans.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MdLinkKind {
    Inline,
    Image,
    Autolink,
    /// `[label]: url`
    Definition,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MdLink {
    pub kind: MdLinkKind,
    /// The destination as written (inside `<…>` for autolinks).
    pub dest: String,
    /// Byte range of the destination; empty (a point) for `[x]()`.
    pub dest_span: Range<usize>,
    /// The whole construct.
    pub span: Range<usize>,
}

#[derive(Default, Debug, PartialEq, Eq)]
pub struct MdScan {
    /// Code spans and code blocks.
    pub code: Vec<Range<usize>>,
    /// Autolinks `<http://…>`, which look like tags to an HTML tokenizer.
    pub autolinks: Vec<Range<usize>>,
    pub links: Vec<MdLink>,
}

/// The Markdown facts of `text`: by the plain-text scan when the text is that simple (most
/// posts), else by the full parser.
pub fn scan(text: &str) -> MdScan {
    super::plain_markdown::scan(text).unwrap_or_else(|| scan_full(text))
}

/// The Markdown facts of `text` by pulldown-cmark.
pub fn scan_full(text: &str) -> MdScan {
    let mut out = MdScan::default();
    let parser = Parser::new_ext(text, Options::empty()).into_offset_iter();
    let defs: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| (d.dest.to_string(), d.span.clone()))
        .collect();
    let mut code_block: Option<usize> = None;
    for (event, range) in parser {
        match event {
            Event::Code(_) => out.code.push(range),
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(s) = code_block.take() {
                    out.code.push(s..range.end);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => match link_type {
                LinkType::Autolink | LinkType::Email => {
                    out.autolinks.push(range.clone());
                    let inner = (range.start + 1)..range.end.saturating_sub(1).max(range.start + 1);
                    out.links.push(MdLink {
                        kind: MdLinkKind::Autolink,
                        dest: dest_url.to_string(),
                        dest_span: inner,
                        span: range,
                    });
                }
                LinkType::Inline => {
                    if let Some(dest_span) = inline_dest(text, &range) {
                        out.links.push(MdLink {
                            kind: MdLinkKind::Inline,
                            dest: dest_url.to_string(),
                            dest_span,
                            span: range,
                        });
                    }
                }
                _ => {}
            },
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) => {
                if let Some(dest_span) = inline_dest(text, &range) {
                    out.links.push(MdLink {
                        kind: MdLinkKind::Image,
                        dest: dest_url.to_string(),
                        dest_span,
                        span: range,
                    });
                }
            }
            _ => {}
        }
    }
    for (dest, span) in defs {
        let s = &text[span.clone()];
        let dest_span = s
            .find("]:")
            .map(|i| {
                let after = &s[i + 2..];
                let lead = after.len() - after.trim_start().len();
                let start = span.start + i + 2 + lead;
                let raw = after.trim_start();
                let len = if raw.starts_with('<') {
                    raw.find('>').map_or(raw.len(), |j| j + 1)
                } else {
                    raw.find(char::is_whitespace).unwrap_or(raw.len())
                };
                start..start + len
            })
            .unwrap_or(span.clone());
        out.links.push(MdLink {
            kind: MdLinkKind::Definition,
            dest,
            dest_span,
            span,
        });
    }
    out
}

/// The destination inside `[text](dest "title")`: after the last `](` of the construct.
fn inline_dest(text: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let s = text.get(range.clone())?;
    let open = s.rfind("](")? + 2;
    let rest = &s[open..];
    let lead = rest.len() - rest.trim_start().len();
    let raw = &rest[lead..];
    let start = range.start + open + lead;
    if let Some(inner) = raw.strip_prefix('<') {
        let end = inner.find('>')?;
        return Some(start + 1..start + 1 + end);
    }
    // Balanced parentheses are allowed in a bare destination.
    let mut depth = 0usize;
    for (i, c) in raw.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(start..start + i),
            ')' => depth -= 1,
            c if c.is_whitespace() => return Some(start..start + i),
            _ => {}
        }
    }
    Some(start..start + raw.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_spans() {
        let t = "a [x](/p/q.html) b [y]() c <http://e.com/x> d ![i](<img.png>)\n\n[r]: http://r.com\n`<b>` x\n";
        let s = scan(t);
        let d: Vec<(&str, &str)> = s
            .links
            .iter()
            .map(|l| (l.dest.as_str(), &t[l.dest_span.clone()]))
            .collect();
        assert!(d.contains(&("/p/q.html", "/p/q.html")));
        assert!(d.contains(&("", "")));
        assert!(d.contains(&("http://e.com/x", "http://e.com/x")));
        assert!(d.contains(&("img.png", "img.png")));
        assert!(d.contains(&("http://r.com", "http://r.com")));
        assert_eq!(s.code.len(), 1);
        assert_eq!(&t[s.code[0].clone()], "`<b>`");
        let empty = s.links.iter().find(|l| l.dest.is_empty()).unwrap();
        assert_eq!(&t[empty.span.clone()], "[y]()");
    }
}
