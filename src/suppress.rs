//! Inline suppression comments:
//! `<!-- postlint-disable-next-line rule-id -->`, `<!-- postlint-disable rule-id -->` …
//! `<!-- postlint-enable rule-id -->`, and in front matter `# postlint-disable-next-line rule-id`.
//! Ids may be rules or families, separated by spaces or commas; none means every rule.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::rules::{self, Meta};
use crate::source::LineIndex;

#[derive(Debug)]
struct Directive {
    kind: DirKind,
    /// Selectors; empty = all rules.
    ids: Vec<String>,
    line: usize,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum DirKind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Default, Debug)]
pub struct Suppressions {
    directives: Vec<Directive>,
    /// Ids that name no rule or family, with their byte spans.
    pub unknown: Vec<(String, Range<usize>)>,
}

impl Suppressions {
    pub fn scan(text: &str, index: &LineIndex<'_>) -> Suppressions {
        let mut s = Suppressions::default();
        if !text.contains("postlint-") {
            return s;
        }
        for (at, _) in text.match_indices("postlint-") {
            let rest = &text[at + "postlint-".len()..];
            let (kind, word) = if rest.starts_with("disable-next-line") {
                (DirKind::NextLine, "disable-next-line")
            } else if rest.starts_with("disable") {
                (DirKind::Disable, "disable")
            } else if rest.starts_with("enable") {
                (DirKind::Enable, "enable")
            } else {
                continue;
            };
            // Only inside an HTML comment or a YAML comment on the same line.
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let before = text[line_start..at].trim_end();
            let html = before.ends_with("<!--");
            let yaml = before.trim_start() == "#";
            if !html && !yaml {
                continue;
            }
            let args_start = at + "postlint-".len() + word.len();
            let line_end = text[args_start..]
                .find('\n')
                .map_or(text.len(), |i| args_start + i);
            let mut args_end = line_end;
            if html {
                match text[args_start..line_end].find("-->") {
                    Some(i) => args_end = args_start + i,
                    None => continue,
                }
            }
            let mut ids = Vec::new();
            let args = &text[args_start..args_end];
            let mut pos = args_start;
            for part in args.split(|c: char| c == ',' || c.is_whitespace()) {
                let off = pos;
                pos += part.len() + 1;
                if part.is_empty() {
                    continue;
                }
                if crate::config::check_selector(part).is_err() {
                    s.unknown.push((part.to_string(), off..off + part.len()));
                } else {
                    ids.push(part.to_string());
                }
            }
            s.directives.push(Directive {
                kind,
                ids,
                line: index.line_of(at),
            });
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    fn covers(ids: &[String], meta: &Meta) -> bool {
        ids.is_empty() || ids.iter().any(|i| rules::selects(i, meta))
    }

    /// Whether a diagnostic of `meta` starting on `line` is suppressed.
    pub fn suppressed(&self, meta: &Meta, line: usize) -> bool {
        let mut disabled = false;
        for d in &self.directives {
            match d.kind {
                DirKind::NextLine if d.line + 1 == line && Self::covers(&d.ids, meta) => {
                    return true
                }
                DirKind::NextLine => {}
                _ if d.line > line => break,
                DirKind::Disable if Self::covers(&d.ids, meta) => disabled = true,
                DirKind::Enable if Self::covers(&d.ids, meta) => disabled = false,
                _ => {}
            }
        }
        disabled
    }

    pub fn retain(&self, diags: &mut Vec<Diagnostic>, index: &LineIndex<'_>) {
        if self.directives.is_empty() {
            return;
        }
        diags.retain(|d| match rules::find(d.rule) {
            Some((_, meta)) if meta.family != "meta" => {
                !self.suppressed(meta, index.line_of(d.span.start))
            }
            _ => true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_and_ranges() {
        let t = "a\n<!-- postlint-disable-next-line date/future -->\nb\nc\n<!-- postlint-disable html -->\nd\n<!-- postlint-enable -->\ne\n";
        let idx = LineIndex::new(t.as_bytes());
        let s = Suppressions::scan(t, &idx);
        let fut = rules::find("date/future").unwrap().1;
        assert!(s.suppressed(fut, 3));
        assert!(!s.suppressed(fut, 4));
        assert!(!s.suppressed(fut, 6));
        assert!(s.unknown.is_empty() || s.unknown.iter().all(|u| u.0 == "html"));
    }

    #[test]
    fn unknown_ids_are_reported_with_span() {
        let t = "---\n# postlint-disable-next-line date/nope\ndate: x\n---\n";
        let idx = LineIndex::new(t.as_bytes());
        let s = Suppressions::scan(t, &idx);
        assert_eq!(s.unknown.len(), 1);
        assert_eq!(&t[s.unknown[0].1.clone()], "date/nope");
    }
}
