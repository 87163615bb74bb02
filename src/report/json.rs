//! `--format json`: one document, as DESIGN.md's contract says. Add fields, never rename.

use std::io::{self, Write};

use super::{Renderer, Source, Summary};
use crate::diagnostic::Diagnostic;
use crate::source::Position;

pub struct Json;

impl Renderer for Json {
    fn needs_text(&self) -> bool {
        false
    }

    fn needs_labels(&self) -> bool {
        false
    }

    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        // Written as text throughout (every piece is text), so no UTF-8 check at the end.
        let mut out = String::with_capacity(diagnostics.len() * 512);
        // The file's own path, made a JSON string once rather than per finding.
        let mut own = String::with_capacity(source.path.as_os_str().len() + 2);
        // `to_str` first: the lossy conversion's chunk decoder cost more than the check.
        match source.path.to_str() {
            Some(p) => string(&mut own, p),
            None => string(&mut own, &source.path.to_string_lossy()),
        }
        let mut other = String::new();
        for d in diagnostics {
            if !out.is_empty() {
                out.push(',');
            }
            let path = if *d.path == *source.path {
                &own
            } else {
                other.clear();
                string(&mut other, &d.path.to_string_lossy());
                &other
            };
            item(&mut out, source, d, path);
        }
        out
    }

    fn begin(&self, out: &mut dyn Write, files: usize) -> io::Result<()> {
        write!(out, "{{\"version\":1,\"files\":{files},\"diagnostics\":[")
    }

    fn part(&self, out: &mut dyn Write, part: &str, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        out.write_all(part.as_bytes())
    }

    fn end(&self, out: &mut dyn Write, _any: bool, summary: &Summary) -> io::Result<()> {
        write!(
            out,
            "],\"summary\":{{\"errors\":{},\"warnings\":{},\"infos\":{}",
            summary.errors, summary.warnings, summary.infos
        )?;
        if let Some(f) = &summary.fixed {
            write!(
                out,
                ",\"fixes_applied\":{},\"files_fixed\":{}",
                f.fixes, f.files
            )?;
        }
        writeln!(out, "}}}}")
    }
}

/// One finding as a JSON object, fields in alphabetical order as the first version of the
/// output had them. Written by hand: serde_json's string escaping was a visible share of a run
/// with many findings; a test holds this to serde_json's bytes. `path` is already a JSON string.
fn item(out: &mut String, source: &Source<'_>, d: &Diagnostic, path: &str) {
    let (start, end) = source.index.span(&d.span);
    out.push('{');
    positions(out, start, end);
    if let Some(f) = &d.fix {
        out.push_str(",\"fix\":{\"description\":");
        string(out, &f.description);
        out.push_str(",\"edits\":[");
        for (i, e) in f.edits.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let (s, t) = source.index.span(&e.span);
            out.push('{');
            positions(out, s, t);
            num(out, ",\"line\":", s.line);
            out.push_str(",\"replacement\":");
            string(out, &e.replacement);
            out.push('}');
        }
        out.push_str("]}");
    }
    if let Some(h) = &d.help {
        out.push_str(",\"help\":");
        string(out, h);
    }
    num(out, ",\"line\":", start.line);
    out.push_str(",\"message\":");
    string(out, &d.message);
    out.push_str(",\"path\":");
    out.push_str(path);
    out.push_str(",\"rule\":");
    name(out, d.rule);
    out.push_str(",\"severity\":");
    name(out, d.severity.as_str());
    out.push('}');
}

/// A rule id or severity, which never need escaping (a test holds every one to that).
fn name(out: &mut String, s: &str) {
    debug_assert!(!needs_escape(s), "{s:?}");
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// Whether a JSON string escapes some byte of `s`: `"`, `\\` or a C0 control. One pass
/// without an early exit: the compiler makes it wide compares, which beat a table lookup per
/// byte on messages.
fn needs_escape(s: &str) -> bool {
    s.bytes().fold(false, |any, c| {
        any | (c < 0x20) | (c == b'"') | (c == b'\\')
    })
}

/// `"column":…,"end_column":…,"end_line":…` (the first fields of a finding and of an edit).
fn positions(out: &mut String, start: Position, end: Position) {
    num(out, "\"column\":", start.column);
    num(out, ",\"end_column\":", end.column);
    num(out, ",\"end_line\":", end.line);
}

/// `key` (the field name with its quotes, colon and any comma before it), then `n`.
fn num(out: &mut String, key: &str, n: usize) {
    out.push_str(key);
    out.push_str(itoa::Buffer::new().format(n));
}

/// A JSON string, escaped as serde_json escapes: `"`, `\\` and the C0 controls, nothing else.
fn string(out: &mut String, s: &str) {
    let b = s.as_bytes();
    out.push('"');
    // Most strings need no escape: one check, one copy.
    if !needs_escape(s) {
        out.push_str(s);
    } else {
        let mut from = 0;
        for (i, &c) in b.iter().enumerate() {
            let short = match c {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            // `from` and `i` are at ASCII bytes: character boundaries.
            out.push_str(&s[from..i]);
            if short.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(c >> 4)]));
                out.push(char::from(HEX[usize::from(c & 0xf)]));
            } else {
                out.push_str(short);
            }
            from = i + 1;
        }
        out.push_str(&s[from..]);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix, Severity};
    use serde::Serialize;
    use std::path::PathBuf;

    // The serde_json form the output had before it was written by hand.
    #[derive(Serialize)]
    struct Item<'a> {
        column: usize,
        end_column: usize,
        end_line: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        fix: Option<FixOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
        line: usize,
        message: &'a str,
        path: std::borrow::Cow<'a, str>,
        rule: &'a str,
        severity: &'a str,
    }

    #[derive(Serialize)]
    struct FixOut<'a> {
        description: &'a str,
        edits: Vec<EditOut<'a>>,
    }

    #[derive(Serialize)]
    struct EditOut<'a> {
        column: usize,
        end_column: usize,
        end_line: usize,
        line: usize,
        replacement: &'a str,
    }

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        string(&mut out, s);
        out
    }

    /// Rule ids and severities are written without escaping.
    #[test]
    fn rule_ids_and_severities_need_no_escaping() {
        let ids = crate::rules::metas().iter().map(|m| m.id);
        let severities = [Severity::Info, Severity::Warning, Severity::Error].map(|s| s.as_str());
        let mut n = 0;
        for s in ids.chain(severities) {
            assert!(!needs_escape(s), "{s:?}");
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
            n += 1;
        }
        assert!(n > 30, "{n}");
        assert!(needs_escape("a\"b") && needs_escape("a\\b") && needs_escape("\u{1f}"));
    }

    fn by_serde(source: &Source<'_>, d: &Diagnostic) -> String {
        let (start, end) = source.index.span(&d.span);
        let fix = d.fix.as_ref().map(|f| FixOut {
            description: &f.description,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (s, t) = source.index.span(&e.span);
                    EditOut {
                        column: s.column,
                        end_column: t.column,
                        end_line: t.line,
                        line: s.line,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        });
        serde_json::to_string(&Item {
            column: start.column,
            end_column: end.column,
            end_line: end.line,
            fix,
            help: d.help.as_deref(),
            line: start.line,
            message: &d.message,
            path: d.path.to_string_lossy(),
            rule: d.rule,
            severity: d.severity.as_str(),
        })
        .expect("serializes")
    }

    /// Every byte value that could need escaping, in every field, written as serde_json writes
    /// it; and the findings of real posts.
    #[test]
    fn items_are_written_as_serde_json_writes_them() {
        let every: String =
            (0u8..0x80).map(char::from).collect::<String>() + "é中\u{2028}\u{feff}\"\\";
        let text = format!("line one\n{every}\nthird 中文 line\r\nlast");
        let path = PathBuf::from("_posts/2022-01-01-\"q\"\\中.md");
        let source = Source::new(&path, &text);
        let mut diags = Vec::new();
        for (i, sev) in [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .enumerate()
        {
            diags.push(Diagnostic {
                rule: "date/zoneless-utc",
                severity: sev,
                path: path.clone().into(),
                message: format!("{every} {i}"),
                span: i * 7..text.len() - i,
                label: None,
                labels: Vec::new(),
                help: (i != 1).then(|| every.clone()),
                fix: (i != 2).then(|| Fix {
                    description: every.clone(),
                    edits: vec![
                        Edit {
                            span: 3..3,
                            replacement: every.clone(),
                        },
                        Edit {
                            span: text.len()..text.len(),
                            replacement: String::new(),
                        },
                    ],
                }),
            });
        }
        diags[2].fix = Some(Fix {
            description: String::new(),
            edits: Vec::new(),
        });
        for d in &diags {
            let mut mine = String::new();
            item(&mut mine, &source, d, &quoted(&d.path.to_string_lossy()));
            assert_eq!(mine, by_serde(&source, d));
        }
        let mut checked = 0;
        for (p, t) in
            crate::test_support::files_under(&crate::test_support::shared().join("corpus"))
                .into_iter()
                .filter_map(|p| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
                .take(300)
        {
            let source = Source::new(&p, &t);
            let d = Diagnostic {
                rule: "html/bare-lt",
                severity: Severity::Warning,
                path: p.clone().into(),
                message: t.chars().take(400).collect(),
                span: t.len() / 3..t.len() / 2,
                label: None,
                labels: Vec::new(),
                help: Some(t.chars().rev().take(200).collect()),
                fix: None,
            };
            let mut mine = String::new();
            item(&mut mine, &source, &d, &quoted(&d.path.to_string_lossy()));
            assert_eq!(mine, by_serde(&source, &d));
            checked += 1;
        }
        assert!(checked > 0, "no corpus posts found to compare");
    }
}
