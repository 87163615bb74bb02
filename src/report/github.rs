//! `--format github`: one GitHub Actions workflow command per finding, which GitHub shows as an
//! annotation on the pull request:
//! `::error file=PATH,line=L,endLine=L2,col=C,endColumn=C2,title=RULE::MESSAGE`.
//!
//! GitHub shows only 10 error and 10 warning annotations per step; the job summary
//! (`summary.rs`) lists everything.

use std::io::{self, Write};

use super::{slash_path, Renderer, Source, Summary};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Github;

/// The command for a severity: GitHub has `error`, `warning` and `notice`.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message (the data after `::`), as the Actions runner's `escapeData` does.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=…`, `title=…`), as the runner's `escapeProperty` does.
pub fn escape_property(s: &str) -> String {
    // The data escapes, plus the two characters that separate properties.
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command, ending in a newline.
pub fn annotation(source: &Source<'_>, d: &Diagnostic) -> String {
    let (start, end) = source.index.span(&d.span);
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    format!(
        "::{} file={},line={},endLine={},col={},endColumn={},title={}::{}\n",
        command(d.severity),
        escape_property(&slash_path(&d.path)),
        start.line,
        end.line,
        start.column,
        end.column,
        escape_property(d.rule),
        escape_data(&message),
    )
}

impl Renderer for Github {
    fn needs_text(&self) -> bool {
        false
    }

    fn needs_labels(&self) -> bool {
        false
    }

    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        diagnostics.iter().map(|d| annotation(source, d)).collect()
    }

    fn end(&self, out: &mut dyn Write, _any: bool, summary: &Summary) -> io::Result<()> {
        // A plain line for the log; workflow commands are not shown as text.
        writeln!(
            out,
            "postlint: {} file{} checked: {} error{}, {} warning{}, {} info",
            summary.files,
            if summary.files == 1 { "" } else { "s" },
            summary.errors,
            if summary.errors == 1 { "" } else { "s" },
            summary.warnings,
            if summary.warnings == 1 { "" } else { "s" },
            summary.infos,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn diag(
        path: &str,
        message: &str,
        help: Option<&str>,
        span: std::ops::Range<usize>,
    ) -> Diagnostic {
        Diagnostic {
            rule: "front-matter/yaml-syntax",
            severity: Severity::Error,
            path: PathBuf::from(path).into(),
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: help.map(str::to_string),
            fix: None,
        }
    }

    #[test]
    fn data_escapes_percent_cr_lf_but_keeps_colon_and_comma() {
        assert_eq!(
            escape_data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
    }

    #[test]
    fn property_escapes_colon_and_comma_too() {
        assert_eq!(
            escape_property("_posts/a:b,c%d\ne.md"),
            "_posts/a%3Ab%2Cc%25d%0Ae.md"
        );
    }

    #[test]
    fn escaping_is_done_once_percent_first() {
        // A literal "%3A" in a path must not come out as ':' after GitHub unescapes it.
        assert_eq!(escape_property("%3A"), "%253A");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn annotation_escapes_path_message_and_help() {
        let text = "---\ntitle: 增长 50%\n---\n";
        let path = Path::new("_posts/2022-02-23-a,b:c.md");
        let source = Source::new(path, text);
        let start = text.find("50%").unwrap();
        let d = diag(
            "_posts/2022-02-23-a,b:c.md",
            "growth of 50%\nsecond line",
            Some("quote it: `title: '增长 50%'`"),
            start..start + 3,
        );
        assert_eq!(
            annotation(&source, &d),
            "::error file=_posts/2022-02-23-a%2Cb%3Ac.md,line=2,endLine=2,col=11,endColumn=14,\
             title=front-matter/yaml-syntax::growth of 50%25%0Asecond line%0Ahelp: quote it: \
             `title: '增长 50%25'`\n"
        );
    }

    #[test]
    fn severities_map_to_error_warning_notice() {
        let text = "x\n";
        let source = Source::new(Path::new("a.md"), text);
        for (sev, cmd) in [
            (Severity::Error, "::error "),
            (Severity::Warning, "::warning "),
            (Severity::Info, "::notice "),
        ] {
            let mut d = diag("a.md", "m", None, 0..1);
            d.severity = sev;
            let line = annotation(&source, &d);
            assert!(line.starts_with(cmd), "{line}");
            assert_eq!(
                line.matches('\n').count(),
                1,
                "one command per line: {line:?}"
            );
        }
    }
}
