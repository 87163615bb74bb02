//! Renderers: each formats the diagnostic model and decides nothing.
//! A renderer formats one file's findings while its text is still in memory (so posts
//! need not be kept), then joins the parts at the end.

pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};
use std::path::Path;
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
}

pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::Json),
    }
}
