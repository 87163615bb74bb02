//! The job summary: a Markdown report for `$GITHUB_STEP_SUMMARY` (or `--summary FILE`), written
//! whatever `--format` is. GitHub shows only 10 annotations of each kind per step, so this is
//! where a reviewer sees everything: totals per rule and per file, the worst findings with their
//! source line, and how to fix each rule that fired.
//!
//! It is fed by `WithSummary` while each file's text is in memory and keeps only counts and the
//! few worst findings, so its memory does not grow with the findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

use super::{sarif, Source, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;

/// How many findings the summary quotes with their source line.
pub const WORST: usize = 20;
/// How many files the per-file table lists (the most errors first).
pub const FILES: usize = 50;
/// GitHub shows this many annotations of each kind per step.
pub const ANNOTATIONS_PER_STEP: usize = 10;
/// Longest source line quoted, in characters.
const SNIPPET_CHARS: usize = 160;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    // The field order is the ranking: errors first, then by place.
    rank: std::cmp::Reverse<Severity>,
    path: PathBuf,
    line: usize,
    column: usize,
    rule: &'static str,
    message: String,
    snippet: String,
}

#[derive(Default)]
struct State {
    by_rule: BTreeMap<&'static str, [usize; 3]>,
    by_file: BTreeMap<PathBuf, [usize; 3]>,
    worst: Vec<Finding>,
}

pub struct JobSummary {
    /// Whether the run also wrote GitHub annotations (`--format github`), so the per-step limit
    /// is worth a note.
    annotations: bool,
    state: Mutex<State>,
}

fn slot(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl JobSummary {
    pub fn new(annotations: bool) -> JobSummary {
        JobSummary {
            annotations,
            state: Mutex::new(State::default()),
        }
    }

    /// Takes in one file's findings (called from the lint's worker threads).
    pub fn record(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) {
        let found: Vec<Finding> = diagnostics
            .iter()
            .map(|d| {
                let pos = source.index.position(d.span.start);
                let range = source.index.line_range(pos.line);
                let line = source.text.get(range).unwrap_or("");
                Finding {
                    rank: std::cmp::Reverse(d.severity),
                    path: d.path.to_path_buf(),
                    line: pos.line,
                    column: pos.column,
                    rule: d.rule,
                    message: d.message.clone(),
                    snippet: snippet(line),
                }
            })
            .collect();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        for d in diagnostics {
            st.by_rule.entry(d.rule).or_default()[slot(d.severity)] += 1;
            if let Some(c) = st.by_file.get_mut(&*d.path) {
                c[slot(d.severity)] += 1;
            } else {
                let mut c = [0; 3];
                c[slot(d.severity)] += 1;
                st.by_file.insert(d.path.to_path_buf(), c);
            }
        }
        st.worst.extend(found);
        if st.worst.len() > 4 * WORST {
            st.worst.sort();
            st.worst.truncate(WORST);
        }
    }

    /// The Markdown document.
    pub fn markdown(&self, summary: &Summary) -> String {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.worst.sort();
        st.worst.truncate(WORST);
        let mut md = String::new();
        let total = summary.errors + summary.warnings + summary.infos;
        let _ = writeln!(md, "## postlint\n");
        let _ = writeln!(
            md,
            "{} {} checked: {}, {}, {} info.\n",
            summary.files,
            plural(summary.files, "file", "files"),
            count(summary.errors, "error"),
            count(summary.warnings, "warning"),
            summary.infos,
        );
        if total == 0 {
            let _ = writeln!(md, "No findings.");
            return md;
        }
        if self.annotations {
            let over: Vec<String> = [
                (summary.errors, "error"),
                (summary.warnings, "warning"),
                (summary.infos, "notice"),
            ]
            .iter()
            .filter(|(n, _)| *n > ANNOTATIONS_PER_STEP)
            .map(|(n, k)| format!("{n} {k}s"))
            .collect();
            if !over.is_empty() {
                let _ = writeln!(
                    md,
                    "> [!NOTE]\n> GitHub shows only {ANNOTATIONS_PER_STEP} annotations of each kind \
                     per step, and this run has {}: the rest are not marked in the diff. \
                     Every finding is counted below; run `postlint lint` locally to see them all.\n",
                    join_and(&over)
                );
            }
        }

        let _ = writeln!(md, "### Findings by rule\n");
        let _ = writeln!(md, "| Rule | Errors | Warnings | Info |");
        let _ = writeln!(md, "| --- | ---: | ---: | ---: |");
        for (rule, c) in &st.by_rule {
            let _ = writeln!(md, "| `{rule}` | {} | {} | {} |", c[0], c[1], c[2]);
        }
        let _ = writeln!(md);

        let _ = writeln!(md, "### Findings by file\n");
        let _ = writeln!(md, "| File | Errors | Warnings | Info |");
        let _ = writeln!(md, "| --- | ---: | ---: | ---: |");
        let mut files: Vec<(&PathBuf, &[usize; 3])> = st.by_file.iter().collect();
        // The most errors first, then warnings; ties keep path order (the sort is stable).
        files.sort_by(|a, b| (b.1[0], b.1[1], b.1[2]).cmp(&(a.1[0], a.1[1], a.1[2])));
        for (path, c) in files.iter().take(FILES) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                code(&path.to_string_lossy()).replace('|', "\\|"),
                c[0],
                c[1],
                c[2]
            );
        }
        if files.len() > FILES {
            let _ = writeln!(md, "\n…and {} more files.", files.len() - FILES);
        }
        let _ = writeln!(md);

        let shown = st.worst.len();
        if shown < total {
            let _ = writeln!(
                md,
                "### Worst findings (the first {shown} of {total}, errors first)\n"
            );
        } else {
            let _ = writeln!(md, "### Findings\n");
        }
        for f in &st.worst {
            let _ = writeln!(
                md,
                "- **{}** {} at {}: {}\n",
                f.rank.0.as_str(),
                code(f.rule),
                code(&format!("{}:{}:{}", f.path.display(), f.line, f.column)),
                markdown_text(&f.message.replace('\n', " "))
            );
            let fence = fence_for(&f.snippet);
            let _ = writeln!(md, "  {fence}text\n  {}\n  {fence}\n", f.snippet);
        }

        let _ = writeln!(md, "### How to fix\n");
        for rule in st.by_rule.keys() {
            let how = rules::metas()
                .iter()
                .find(|m| m.id == *rule)
                .map(|m| (how_to_fix(m.body), sarif::help_uri(m.id)));
            match how {
                Some((text, uri)) => {
                    let _ = writeln!(md, "- [`{rule}`]({uri}): {text}");
                }
                None => {
                    let _ = writeln!(md, "- `{rule}`: see the messages above.");
                }
            }
        }
        md
    }
}

/// The first paragraph of a rule doc's `## How to fix` section, on one line.
pub fn how_to_fix(body: &str) -> String {
    let Some(at) = body.find("## How to fix") else {
        return String::new();
    };
    let rest = &body[at + "## How to fix".len()..];
    let section = rest.split("\n## ").next().unwrap_or("");
    sarif::first_paragraph(section)
}

/// Plain text for Markdown: `<`, `>` and `&` outside code spans are escaped, so that a message
/// about `<p>` does not become a paragraph on GitHub.
fn markdown_text(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                part.to_string()
            } else {
                part.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// The source line, tabs kept, cut to a readable length.
fn snippet(line: &str) -> String {
    let line = line.trim_end_matches('\r');
    match line.char_indices().nth(SNIPPET_CHARS) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// A code fence longer than any run of backticks in the text.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn diag(
        path: &str,
        rule: &'static str,
        severity: Severity,
        span: std::ops::Range<usize>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            path: PathBuf::from(path).into(),
            message: format!("{rule} here"),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    #[test]
    fn how_to_fix_takes_the_section_paragraph() {
        let body = "Intro.\n\n## Why\nBecause.\n\n## How to fix\nQuote it\nlike this.\n\nMore.\n";
        assert_eq!(how_to_fix(body), "Quote it like this.");
        for m in rules::metas() {
            assert!(
                !how_to_fix(m.body).is_empty(),
                "{} has no how-to-fix text",
                m.id
            );
        }
    }

    #[test]
    fn errors_come_first_and_the_list_is_capped() {
        let s = JobSummary::new(true);
        let text = "a\n".repeat(40);
        let src = Source::new(Path::new("p.md"), &text);
        let mut ds: Vec<Diagnostic> = (0..30)
            .map(|i| diag("p.md", "date/future", Severity::Warning, i * 2..i * 2 + 1))
            .collect();
        ds.push(diag(
            "p.md",
            "front-matter/yaml-syntax",
            Severity::Error,
            70..71,
        ));
        s.record(&src, &ds);
        let sum = Summary {
            files: 1,
            errors: 1,
            warnings: 30,
            ..Summary::default()
        };
        let md = s.markdown(&sum);
        assert!(md.contains("the first 20 of 31"), "{md}");
        let first = md.find("- **").unwrap();
        assert!(
            md[first..].starts_with("- **error** `front-matter/yaml-syntax` at `p.md:36:1`"),
            "{md}"
        );
        assert!(md.contains("GitHub shows only 10 annotations of each kind per step, and this run has 30 warnings"), "{md}");
        assert!(md.contains("| `date/future` | 0 | 30 | 0 |"), "{md}");
        assert!(md.contains("- [`date/future`](https://github.com/postlint/postlint/blob/main/rules/date/future.md): "), "{md}");
    }

    #[test]
    fn html_in_messages_is_escaped_outside_code_spans() {
        assert_eq!(
            markdown_text("<p> is never closed; write `&lt;` for `<`"),
            "&lt;p&gt; is never closed; write `&lt;` for `<`"
        );
    }

    #[test]
    fn fences_outlast_backticks_in_the_line() {
        assert_eq!(fence_for("plain"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }
}
