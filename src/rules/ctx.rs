//! What a rule sees (the post, the site, its options) and how it reports.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
use crate::post::Post;
use crate::rules::Meta;
use crate::site::Site;

pub struct Ctx<'a> {
    pub post: &'a Post,
    pub site: &'a Site,
    pub config: &'a crate::config::Config,
    pub(crate) meta: &'static Meta,
    /// Default options overlaid with the configured ones.
    pub(crate) options: &'a serde_json::Map<String, Value>,
    pub(crate) severity: Severity,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// Reports a finding at `span` of the post; the rule id and severity are the engine's.
    pub fn report(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let path = self.post.display.clone();
        self.report_in(path, span, message)
    }

    /// Reports a finding in another file of the site (e.g. `_config.yml`).
    pub fn report_in(
        &mut self,
        path: impl Into<Arc<Path>>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.meta.id,
            severity: self.severity,
            path: path.into(),
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        });
        self.out.last_mut().expect("just pushed")
    }

    pub fn option(&self, key: &str) -> Option<&Value> {
        self.options.get(key)
    }

    pub fn option_strings(&self, key: &str) -> Vec<&'a str> {
        let options: &'a serde_json::Map<String, Value> = self.options;
        match options.get(key) {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        }
    }

    pub fn option_bool(&self, key: &str) -> bool {
        self.options
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
}

impl Diagnostic {
    /// Text under the primary span.
    pub fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.label = Some(text.into());
        self
    }

    /// Another place that explains the finding.
    pub fn also(&mut self, span: Range<usize>, text: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Lowers the severity to `max` for a milder case of the rule (never raises it).
    pub fn severity_at_most(&mut self, max: Severity) -> &mut Self {
        self.severity = self.severity.min(max);
        self
    }

    pub fn help(&mut self, text: impl Into<String>) -> &mut Self {
        self.help = Some(text.into());
        self
    }

    pub fn fix(
        &mut self,
        description: impl Into<String>,
        edits: Vec<(Range<usize>, String)>,
    ) -> &mut Self {
        self.fix = Some(Fix {
            description: description.into(),
            edits: edits
                .into_iter()
                .map(|(span, replacement)| Edit { span, replacement })
                .collect(),
        });
        self
    }
}
