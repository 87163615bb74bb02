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
    /// Line ends are `\n` only (no `\r`), as the line index counts them: miette's scan for the
    /// context lines can then start a few lines above the span rather than at the top of the
    /// file, which made each finding cost the size of its file.
    lf_only: bool,
}

impl SourceCode for Text<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let index = &self.source.index;
        // A line start `before + 1` lines above the span: the scan from there finds the same
        // context as from the top; the lines above it are added back to the count.
        let (window, lines_above) = if self.lf_only {
            let line = index.line_of(span.offset()) - 1;
            let from = line.saturating_sub(before + 1);
            (index.line_start(from).min(span.offset()), from)
        } else {
            (0, 0)
        };
        let shifted = SourceSpan::new((span.offset() - window).into(), span.len());
        let inner = self.source.text.as_bytes()[window..].read_span(&shifted, before, after)?;
        let start = window + inner.span().offset();
        let pos = index.position(start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(start.into(), inner.span().len()),
            pos.line - 1,
            pos.column - 1,
            inner.line_count() + lines_above,
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
        let lf_only = memchr::memchr(b'\r', source.text.as_bytes()).is_none();
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
                    lf_only,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Reading a span's context from a few lines above it gives what reading from the top of
    /// the file gives: the same text, place and line counts, for spans all over real posts and
    /// at the edges of small texts.
    #[test]
    fn windowed_context_matches_the_whole_file_scan() {
        let mut texts: Vec<String> =
            crate::test_support::files_under(&crate::test_support::shared().join("corpus"))
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .filter(|t| !t.contains('\r'))
                .take(60)
                .collect();
        assert!(texts.len() >= 30);
        for t in [
            "",
            "a",
            "\n",
            "\n\n\n",
            "ab\ncd",
            "ab\ncd\n",
            "x\n\ny\n\n\nz",
            "中文\n\n文",
        ] {
            texts.push(t.to_string());
        }
        let mut compared = 0;
        for text in &texts {
            let source = Source::new(Path::new("p.md"), text);
            let read = |lf_only: bool, span: SourceSpan, before: usize, after: usize| {
                let t = Text {
                    source: &source,
                    name: "p.md".into(),
                    lf_only,
                };
                t.read_span(&span, before, after)
                    .map(|c| {
                        (
                            c.data().to_vec(),
                            *c.span(),
                            c.line(),
                            c.column(),
                            c.line_count(),
                        )
                    })
                    .map_err(|e| e.to_string())
            };
            let n = text.len();
            let mut spans: Vec<(usize, usize)> = vec![(0, 0), (0, n), (n, 0)];
            for k in 1..12 {
                let at = n * k / 12;
                spans.push((at, 0));
                spans.push((at, (n - at).min(7)));
                spans.push((at, (n - at).min(300)));
            }
            for (at, len) in spans {
                let span = clamp(text, &(at..at + len));
                for before in 0..3 {
                    for after in 0..3 {
                        assert_eq!(
                            read(true, span, before, after),
                            read(false, span, before, after),
                            "{span:?} {before} {after} in {:?}",
                            text.get(..80)
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }
}
