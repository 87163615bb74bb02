//! `--sarif FILE`: a minimal SARIF 2.1.0 log (rule ids, levels, messages, exact regions), written
//! alongside the main format in the same run so one CI step yields both annotations and a log for
//! `github/codeql-action/upload-sarif`.
//!
//! Minimal on purpose: the full writer (rule descriptions from rules/*.md, help URIs, fixes) is
//! `--format sarif`'s; when it lands, `--sarif` renders with it instead.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::{Renderer, Source, Summary};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Sarif;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF artifact URI: relative paths stay relative (to the working folder, which
/// GitHub takes as the repository root), with `/` separators and percent-encoding.
pub fn uri(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str("file://");
    }
    for &b in s.trim_start_matches("./").as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Renderer for Sarif {
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        let mut out = String::new();
        for d in diagnostics {
            let (start, end) = source.index.span(&d.span);
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let v = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&d.path)},
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                    }
                }}],
            });
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(&v.to_string());
        }
        out
    }

    fn finish(&self, out: &mut dyn Write, parts: &[String], _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = crate::rules::metas()
            .iter()
            .map(|m| {
                json!({
                    "id": m.id,
                    "shortDescription": {"text": m.summary},
                    "defaultConfiguration": {"level": level(m.severity)},
                })
            })
            .collect();
        let driver = json!({
            "name": "postlint",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
        )?;
        let mut first = true;
        for p in parts.iter().filter(|p| !p.is_empty()) {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(p.as_bytes())?;
        }
        writeln!(out, "]}}]}}")
    }
}
