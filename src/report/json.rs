//! `--format json`: one document, as DESIGN.md's contract says. Add fields, never rename.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Renderer, Source, Summary};
use crate::diagnostic::Diagnostic;

pub struct Json;

impl Renderer for Json {
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        let mut out = String::new();
        for d in diagnostics {
            let (start, end) = source.index.span(&d.span);
            let mut v = json!({
                "path": d.path.to_string_lossy(),
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "message": d.message,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
            });
            if let Some(h) = &d.help {
                v["help"] = Value::String(h.clone());
            }
            if let Some(f) = &d.fix {
                let edits: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| {
                        let (s, t) = source.index.span(&e.span);
                        json!({"line": s.line, "column": s.column, "end_line": t.line, "end_column": t.column, "replacement": e.replacement})
                    })
                    .collect();
                v["fix"] = json!({"description": f.description, "edits": edits});
            }
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(&v.to_string());
        }
        out
    }

    fn finish(&self, out: &mut dyn Write, parts: &[String], summary: &Summary) -> io::Result<()> {
        write!(
            out,
            "{{\"version\":1,\"files\":{},\"diagnostics\":[",
            summary.files
        )?;
        let mut first = true;
        for p in parts.iter().filter(|p| !p.is_empty()) {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(p.as_bytes())?;
        }
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
