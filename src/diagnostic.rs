//! The one model every renderer formats: a finding at exact bytes of one file.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::On(Severity::Error)),
            "warning" | "warn" => Some(Level::On(Severity::Warning)),
            "info" => Some(Level::On(Severity::Info)),
            "off" => Some(Level::Off),
            _ => None,
        }
    }
}

/// A configured level: a severity, or the rule turned off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// A secondary place that explains the finding (e.g. where a tag should have closed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub text: String,
}

/// A mechanical edit: replace `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub span: Range<usize>,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id, filled in by the engine from the rule that emitted it.
    pub rule: &'static str,
    pub severity: Severity,
    /// The file the finding is in (as the user named it, or relative to the current directory).
    /// Shared by the findings of a file (a copy per finding was 65,000 allocations and 5 MB at
    /// 20,000 posts).
    pub path: Arc<Path>,
    pub message: String,
    /// Byte range into the original file; empty ranges are allowed (a point).
    pub span: Range<usize>,
    /// The text under the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

/// A value shortened for a message: long generated values must not flood the output.
pub fn excerpt(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

impl Diagnostic {
    pub fn sort_key(&self) -> (&Path, usize, &'static str) {
        (&self.path, self.span.start, self.rule)
    }
}
