//! Renderers: each formats the diagnostic model and decides nothing.
//! A renderer formats one file's findings while its text is still in memory (so posts
//! need not be kept), then joins the parts at the end.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod summary;

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Position, Positions};

pub struct Source<'a> {
    pub path: &'a Path,
    /// Empty when only the findings' positions were kept (`Source::known`).
    pub text: &'a str,
    pub index: Index<'a>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Source {
            path,
            text,
            index: Index::Lines(LineIndex::new(text.as_bytes())),
        }
    }

    /// A file whose text is gone but whose findings' positions were kept: only for renderers
    /// that do not need the text (`Renderer::needs_text`).
    pub fn known(path: &'a Path, positions: &'a Positions) -> Self {
        Source {
            path,
            text: "",
            index: Index::Known(positions),
        }
    }
}

/// Offsets to lines and columns: from the text, or kept from when the text was in memory.
pub enum Index<'a> {
    Lines(LineIndex<'a>),
    Known(&'a Positions),
}

impl Index<'_> {
    pub fn position(&self, offset: usize) -> Position {
        match self {
            Index::Lines(l) => l.position(offset),
            Index::Known(k) => k.position(offset),
        }
    }

    /// End position of a span: the character just past it, so `end_column` is exclusive.
    pub fn span(&self, span: &std::ops::Range<usize>) -> (Position, Position) {
        (
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The byte range of a line of the text (empty without the text).
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        match self {
            Index::Lines(l) => l.line_range(line),
            Index::Known(_) => 0..0,
        }
    }

    /// Byte offset where line `i` (0-based) starts (0 without the text).
    pub fn line_start(&self, i: usize) -> usize {
        match self {
            Index::Lines(l) => l.line_start(i),
            Index::Known(_) => 0,
        }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.position(offset).line
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub elapsed: Duration,
    /// With `--fix`: the fixes applied and in how many files (None without `--fix`).
    pub fixed: Option<Fixed>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Fixed {
    pub fixes: usize,
    pub files: usize,
}

impl Fixed {
    /// "3 fixes applied in 2 files".
    pub fn describe(&self, verb: &str) -> String {
        format!(
            "{} fix{} {verb} in {} file{}",
            self.fixes,
            if self.fixes == 1 { "" } else { "es" },
            self.files,
            if self.files == 1 { "" } else { "s" }
        )
    }
}

/// A renderer formats each file's findings into a part while the file's text is in memory, then
/// writes the document as a stream: `begin`, the non-empty parts in order, `end`.
pub trait Renderer: Sync {
    /// Whether `file` reads the text (source lines) rather than only the findings' positions.
    fn needs_text(&self) -> bool {
        true
    }
    /// Whether `file` reads the findings' labels (`label`, `labels`). Findings held for a
    /// renderer that does not are held without them (`tests::labels_unread_where_declared`).
    fn needs_labels(&self) -> bool {
        true
    }
    /// Formats the findings of one file (never called with an empty list).
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String;
    /// What comes before the parts; `files` is the number of files checked.
    fn begin(&self, out: &mut dyn Write, files: usize) -> io::Result<()> {
        let _ = (out, files);
        Ok(())
    }
    /// One file's part; `first` when no part came before it.
    fn part(&self, out: &mut dyn Write, part: &str, first: bool) -> io::Result<()> {
        let _ = first;
        out.write_all(part.as_bytes())
    }
    /// What comes after the parts (`any`: a part was written), e.g. the closing summary.
    fn end(&self, out: &mut dyn Write, any: bool, summary: &Summary) -> io::Result<()>;
    /// The whole document from parts held in memory.
    fn finish(&self, out: &mut dyn Write, parts: &[String], summary: &Summary) -> io::Result<()> {
        self.begin(out, summary.files)?;
        let mut any = false;
        for p in parts.iter().filter(|p| !p.is_empty()) {
            self.part(out, p, !any)?;
            any = true;
        }
        self.end(out, any, summary)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
}

pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::Json),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif),
    }
}

/// A renderer that also feeds every file's findings to the job summary.
pub struct WithSummary<'a> {
    pub main: &'a dyn Renderer,
    pub summary: &'a summary::JobSummary,
}

impl Renderer for WithSummary<'_> {
    // The summary shows each worst finding's source line.
    fn needs_text(&self) -> bool {
        true
    }

    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        self.summary.record(source, diagnostics);
        self.main.file(source, diagnostics)
    }

    fn begin(&self, out: &mut dyn Write, files: usize) -> io::Result<()> {
        self.main.begin(out, files)
    }

    fn part(&self, out: &mut dyn Write, part: &str, first: bool) -> io::Result<()> {
        self.main.part(out, part, first)
    }

    fn end(&self, out: &mut dyn Write, any: bool, summary: &Summary) -> io::Result<()> {
        self.main.end(out, any, summary)
    }
}

/// A path with `/` between its parts whatever the platform (for GitHub and SARIF).
pub fn slash_path(path: &Path) -> String {
    if std::path::MAIN_SEPARATOR == '/' {
        return path.to_string_lossy().into_owned();
    }
    let mut out = String::new();
    for c in path.components() {
        match c {
            Component::RootDir => out.push('/'),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written atomically: into a temporary file beside it, renamed over it by `commit`, so a
/// reader never sees half a report and a failed run leaves the old file in place (the
/// temporary file is removed when it is dropped uncommitted).
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
            file: Some(io::BufWriter::with_capacity(1 << 20, file)),
        })
    }

    /// Puts the file in place.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(w) = self.file.take() else {
            return Ok(());
        };
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&self.tmp, &self.path)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed (or the rename failed): leave no temporary file behind.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};

    /// A renderer that says it does not read labels formats the same text without them.
    #[test]
    fn labels_unread_where_declared() {
        let text = "---\ntitle: x\n---\nsee [a](../b/) and <c>\n";
        let path = Path::new("_posts/2022-01-01-x.md");
        let with = vec![Diagnostic {
            rule: "link/internal-missing",
            severity: Severity::Error,
            path: path.into(),
            message: "`../b/` goes nowhere".into(),
            span: 24..29,
            label: Some("goes to /b/".into()),
            labels: vec![Label {
                span: 35..38,
                text: "and here".into(),
            }],
            help: Some("link to a page the site has".into()),
            fix: None,
        }];
        let mut without = with.clone();
        without[0].label = None;
        without[0].labels.clear();
        let mut unread = 0;
        for f in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
            let r = renderer(f, false);
            let source = Source::new(path, text);
            let (a, b) = (r.file(&source, &with), r.file(&source, &without));
            if r.needs_labels() {
                // Holds the test to renderers where labels show.
                assert_ne!(a, b, "{f:?} reads labels but shows none");
            } else {
                assert_eq!(a, b, "{f:?}");
                unread += 1;
            }
        }
        assert_eq!(unread, 2, "JSON and GitHub leave labels out");
    }
}
