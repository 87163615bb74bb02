//! Human output: miette's graphical diagnostics, with our own line/column (in characters) and
//! a closing summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Renderer, Source, Summary};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Human {
    handler: GraphicalReportHandler,
    color: bool,
}

impl Human {
    pub fn new(color: bool) -> Human {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_context_lines(1)
                .with_width(100)
                .with_links(false),
            color,
        }
    }
}

/// The file's text with positions counted the way we report them (columns in characters).
struct Text<'a> {
    source: &'a Source<'a>,
    name: String,
}

impl SourceCode for Text<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.source.text.read_span(span, before, after)?;
        let start = inner.span().offset();
        let pos = self.source.index.position(start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            pos.line - 1,
            pos.column - 1,
            inner.line_count(),
        )))
    }
}

struct Report<'a> {
    d: &'a Diagnostic,
    text: Text<'a>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.text)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// miette needs spans on character boundaries inside the text.
fn clamp(text: &str, span: &std::ops::Range<usize>) -> SourceSpan {
    let mut s = span.start.min(text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = span.end.clamp(s, text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    (s, e - s).into()
}

impl Renderer for Human {
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        let mut out = String::new();
        for d in diagnostics {
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                d.label.clone(),
                clamp(source.text, &d.span),
            )];
            labels.extend(d.labels.iter().map(|l| {
                LabeledSpan::new_with_span(Some(l.text.clone()), clamp(source.text, &l.span))
            }));
            let report = Report {
                d,
                text: Text {
                    source,
                    name: d.path.display().to_string(),
                },
                labels,
            };
            let mut s = String::new();
            if self.handler.render_report(&mut s, &report).is_err() {
                s = format!("{}: {}\n", d.rule, d.message);
            }
            out.push_str(&s);
            out.push('\n');
        }
        out
    }

    fn end(&self, out: &mut dyn Write, _any: bool, summary: &Summary) -> io::Result<()> {
        let files = if summary.files == 1 { "file" } else { "files" };
        let line = format!(
            "{} {files} checked: {} error{}, {} warning{}, {} info in {:.2}s",
            summary.files,
            summary.errors,
            if summary.errors == 1 { "" } else { "s" },
            summary.warnings,
            if summary.warnings == 1 { "" } else { "s" },
            summary.infos,
            summary.elapsed.as_secs_f64()
        );
        let line = match &summary.fixed {
            Some(f) => format!("{}; {line}", f.describe("applied")),
            None => line,
        };
        if self.color {
            let code = if summary.errors > 0 {
                "31"
            } else if summary.warnings > 0 {
                "33"
            } else {
                "32"
            };
            writeln!(out, "\x1b[1;{code}m{line}\x1b[0m")
        } else {
            writeln!(out, "{line}")
        }
    }
}
