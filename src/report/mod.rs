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
use crate::source::LineIndex;

pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub index: LineIndex<'a>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Source {
            path,
            text,
            index: LineIndex::new(text.as_bytes()),
        }
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

pub trait Renderer: Sync {
    /// Formats the findings of one file (never called with an empty list).
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String;
    /// Writes everything: the parts in order, then any closing summary.
    fn finish(&self, out: &mut dyn Write, parts: &[String], summary: &Summary) -> io::Result<()>;
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
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        self.summary.record(source, diagnostics);
        self.main.file(source, diagnostics)
    }

    fn finish(&self, out: &mut dyn Write, parts: &[String], summary: &Summary) -> io::Result<()> {
        self.main.finish(out, parts, summary)
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

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename, so a reader
/// never sees half a report and a failed run leaves the old file in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
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
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
