//! `--format sarif`: SARIF 2.1.0 (OASIS), one run, for code scanning
//! (`github/codeql-action/upload-sarif`) and other SARIF viewers.
//!
//! Columns are counted in Unicode code points (`columnKind: unicodeCodePoints`), as postlint
//! counts them everywhere; `endColumn` is the column just past the region, as SARIF defines it.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::{slash_path, Renderer, Source, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, Meta};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/postlint/postlint";

pub struct Sarif;

/// SARIF's `level`: `error`, `warning` or `note`.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn help_uri(id: &str) -> String {
    format!("{INFORMATION_URI}/blob/main/rules/{id}.md")
}

/// The first paragraph of a rule's documentation, joined into one line.
pub fn first_paragraph(body: &str) -> String {
    body.trim_start()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

fn rule_descriptor(m: &Meta) -> Value {
    json!({
        "id": m.id,
        "name": rule_name(m.id),
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": first_paragraph(m.body)},
        "help": {"text": m.body, "markdown": m.body},
        "helpUri": help_uri(m.id),
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {"tags": [m.family]},
    })
}

/// `date/zoneless-utc` → `DateZonelessUtc`: SARIF suggests a PascalCase name beside the id.
fn rule_name(id: &str) -> String {
    id.split(['/', '-'])
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// A URI reference for a path: relative paths stay relative (code scanning resolves them against
/// the checkout), with `/` separators and every byte outside RFC 3986's unreserved set and `/`
/// percent-encoded (so CJK names, spaces, `%`, `#` and `?` are safe).
pub fn uri(path: &Path) -> String {
    let p = slash_path(path);
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::with_capacity(p.len());
    if path.is_absolute() {
        out.push_str("file://");
        if !p.starts_with('/') {
            out.push('/');
        }
    }
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(index: &super::Index<'_>, span: &std::ops::Range<usize>) -> Value {
    let (s, e) = index.span(span);
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
    })
}

fn result(source: &Source<'_>, d: &Diagnostic) -> Value {
    let artifact = json!({"uri": uri(&d.path)});
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": region(&source.index, &d.span),
        }
    });
    if let Some(l) = &d.label {
        location["message"] = json!({"text": l});
    }
    let mut r = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [location],
    });
    if let Some(i) = rules::metas().iter().position(|m| m.id == d.rule) {
        r["ruleIndex"] = json!(i);
    }
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": {"text": l.text},
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(&source.index, &l.span),
                    }
                })
            })
            .collect();
        r["relatedLocations"] = Value::Array(related);
    }
    if let Some(f) = &d.fix {
        if !f.edits.is_empty() {
            let replacements: Vec<Value> = f
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": region(&source.index, &e.span),
                        "insertedContent": {"text": e.replacement},
                    })
                })
                .collect();
            r["fixes"] = json!([{
                "description": {"text": f.description},
                "artifactChanges": [{
                    "artifactLocation": artifact,
                    "replacements": replacements,
                }],
            }]);
        }
    }
    r
}

/// Pretty JSON indented by `depth` levels (JSON strings hold no raw newlines, so this is safe).
fn pretty(v: &Value, depth: usize) -> String {
    let text = serde_json::to_string_pretty(v).expect("JSON values serialize");
    let pad = "  ".repeat(depth);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Renderer for Sarif {
    fn needs_text(&self) -> bool {
        false
    }

    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        diagnostics
            .iter()
            .map(|d| pretty(&result(source, d), 4))
            .collect::<Vec<_>>()
            .join(",\n")
    }

    /// Streams the document: the results are written as they were formatted, never held as
    /// values. Pretty-printed so that a SARIF file reads and diffs well.
    fn begin(&self, out: &mut dyn Write, _files: usize) -> io::Result<()> {
        let tool = json!({"driver": {
            "name": "postlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": rules::metas().iter().map(rule_descriptor).collect::<Vec<_>>(),
        }});
        writeln!(out, "{{")?;
        writeln!(out, "  \"$schema\": {},", Value::from(SCHEMA))?;
        writeln!(out, "  \"version\": \"2.1.0\",")?;
        writeln!(out, "  \"runs\": [")?;
        writeln!(out, "    {{")?;
        writeln!(out, "      \"tool\": {},", pretty(&tool, 3).trim_start())?;
        writeln!(out, "      \"columnKind\": \"unicodeCodePoints\",")
    }

    fn part(&self, out: &mut dyn Write, part: &str, first: bool) -> io::Result<()> {
        if first {
            writeln!(out, "      \"results\": [")?;
        } else {
            writeln!(out, ",")?;
        }
        out.write_all(part.as_bytes())
    }

    fn end(&self, out: &mut dyn Write, any: bool, _summary: &Summary) -> io::Result<()> {
        if !any {
            writeln!(out, "      \"results\": []")?;
        } else {
            writeln!(out, "\n      ]")?;
        }
        writeln!(out, "    }}")?;
        writeln!(out, "  ]")?;
        writeln!(out, "}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn uris_are_relative_with_slashes_and_percent_encoded() {
        assert_eq!(uri(Path::new("_posts/a b.md")), "_posts/a%20b.md");
        assert_eq!(
            uri(Path::new("./_posts/漯河.md")),
            "_posts/%E6%BC%AF%E6%B2%B3.md"
        );
        assert_eq!(uri(Path::new("a#b?c%d:e.md")), "a%23b%3Fc%25d%3Ae.md");
        assert_eq!(uri(Path::new("/srv/site/x.md")), "file:///srv/site/x.md");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("date/zoneless-utc"), "DateZonelessUtc");
    }

    #[test]
    fn first_paragraph_is_one_line() {
        assert_eq!(first_paragraph("a\nb\n\nc\n"), "a b");
    }

    #[test]
    fn whole_document_parses_and_results_follow_rules() {
        let text = "---\ntitle: \"他说\"你好\"吧\"\n---\n";
        let source = Source::new(Path::new("_posts/x.md"), text);
        let d = Diagnostic {
            rule: "front-matter/yaml-syntax",
            severity: Severity::Error,
            path: PathBuf::from("_posts/x.md").into(),
            message: "bad".into(),
            span: 11..12,
            label: Some("here".into()),
            labels: vec![crate::diagnostic::Label {
                span: 12..15,
                text: "there".into(),
            }],
            help: None,
            fix: Some(crate::diagnostic::Fix {
                description: "quote".into(),
                edits: vec![crate::diagnostic::Edit {
                    span: 11..12,
                    replacement: "'".into(),
                }],
            }),
        };
        let part = Sarif.file(&source, &[d]);
        let mut out = Vec::new();
        Sarif
            .finish(&mut out, &[part, String::new()], &Summary::default())
            .unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let run = &v["runs"][0];
        let r = &run["results"][0];
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][i]["id"], r["ruleId"]);
        // Columns are characters: `他` is column 9 whatever its bytes.
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(2), Some(8))
        );
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "there");
        assert_eq!(
            r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            "'"
        );
    }
}
