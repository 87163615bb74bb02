//! `--format json`: one document, as DESIGN.md's contract says. Add fields, never rename.

use std::io::{self, Write};

use serde::Serialize;

use super::{Renderer, Source, Summary};
use crate::diagnostic::Diagnostic;

pub struct Json;

// Fields in alphabetical order, as the first version of the output had them.
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

impl Renderer for Json {
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::with_capacity(diagnostics.len() * 256);
        for d in diagnostics {
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
            let item = Item {
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
            };
            if !out.is_empty() {
                out.push(b',');
            }
            // Writing to a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, &item);
        }
        String::from_utf8(out).unwrap_or_default()
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
