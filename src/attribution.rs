//! What a site requires a post to credit, read from the `attribution` config section (a preset
//! such as news-cn, or the site's own), compiled once per run.
//!
//! ```yaml
//! attribution:
//!   required_keys: [source, source_url]     # front matter keys that must be present and non-empty
//!   patterns:
//!     credit:                               # a name, used in messages and by `consistency`
//!       regex: '（文章来源：(?P<source>[^）]*)）'
//!       in: text                            # text: tags removed (default); raw: the source
//!       required: true                      # report when absent
//!       max: 1                              # report when found more often
//!       within_last_lines: 5                # must sit among the last N non-blank lines
//!       non_empty: [source]                 # named captures that must not be empty
//!       message: the source credit （文章来源：…） is missing
//!   exempt_categories: [sitenews]           # posts in these categories need no credit
//!   consistency:
//!     - capture: credit.source              # pattern.capture
//!       key: tags                           # front matter key (string or list)
//!       strip_suffix: [新闻]                 # removed from the key's values before comparing
//!       aliases: {上海证券报: [上证报]}        # other names of the same source
//!       skip: [东财滚动新闻]                  # key values for which any capture is fine
//! ```

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    #[serde(default)]
    pub required_keys: Vec<String>,
    #[serde(default)]
    pub patterns: BTreeMap<String, PatternFile>,
    #[serde(default)]
    pub consistency: Vec<Consistency>,
    /// Posts in these categories credit nobody (site news, announcements).
    #[serde(default)]
    pub exempt_categories: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    pub regex: String,
    #[serde(default, rename = "in")]
    pub scope: Scope,
    #[serde(default)]
    pub required: bool,
    pub max: Option<usize>,
    pub within_last_lines: Option<usize>,
    #[serde(default)]
    pub non_empty: Vec<String>,
    pub message: Option<String>,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Text,
    Raw,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consistency {
    pub capture: String,
    pub key: String,
    #[serde(default)]
    pub strip_suffix: Vec<String>,
    #[serde(default)]
    pub strip_prefix: Vec<String>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub skip: Vec<String>,
    #[serde(default)]
    pub lowercase: bool,
}

#[derive(Debug)]
pub struct Pattern {
    pub name: String,
    pub regex: Regex,
    pub file: PatternFile,
}

#[derive(Debug, Default)]
pub struct Spec {
    pub required_keys: Vec<String>,
    pub patterns: Vec<Pattern>,
    pub consistency: Vec<Consistency>,
    pub exempt_categories: Vec<String>,
}

impl Spec {
    pub fn from_json(v: &serde_json::Value) -> Result<Spec, String> {
        let file: SpecFile =
            serde_json::from_value(v.clone()).map_err(|e| format!("attribution: {e}"))?;
        let mut patterns = Vec::new();
        for (name, p) in file.patterns {
            let regex = regex::RegexBuilder::new(&p.regex)
                .multi_line(true)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| format!("attribution.patterns.{name}.regex: {e}"))?;
            for c in &p.non_empty {
                if !regex.capture_names().any(|n| n == Some(c.as_str())) {
                    return Err(format!("attribution.patterns.{name}.non_empty: the regex has no capture named `{c}`"));
                }
            }
            patterns.push(Pattern {
                name,
                regex,
                file: p,
            });
        }
        for c in &file.consistency {
            let (pat, cap) = c.capture.split_once('.').ok_or_else(|| {
                format!(
                    "attribution.consistency: capture `{}` must be `pattern.capture`",
                    c.capture
                )
            })?;
            let p = patterns
                .iter()
                .find(|p| p.name == pat)
                .ok_or_else(|| format!("attribution.consistency: no pattern named `{pat}`"))?;
            if !p.regex.capture_names().any(|n| n == Some(cap)) {
                return Err(format!(
                    "attribution.consistency: pattern `{pat}` has no capture `{cap}`"
                ));
            }
        }
        Ok(Spec {
            required_keys: file.required_keys,
            patterns,
            consistency: file.consistency,
            exempt_categories: file.exempt_categories,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.required_keys.is_empty() && self.patterns.is_empty()
    }
}

impl Consistency {
    /// The expected capture values for one front matter value, or None when it is skipped.
    pub fn expected(&self, value: &str) -> Option<Vec<String>> {
        if self.skip.iter().any(|s| s == value) {
            return None;
        }
        let mut v = value.trim().to_string();
        for s in &self.strip_suffix {
            if let Some(x) = v.strip_suffix(s.as_str()) {
                v = x.to_string();
            }
        }
        for s in &self.strip_prefix {
            if let Some(x) = v.strip_prefix(s.as_str()) {
                v = x.to_string();
            }
        }
        let mut out = vec![v.clone()];
        if let Some(a) = self.aliases.get(&v) {
            out.extend(a.iter().cloned());
        }
        // An alias listed the other way round counts too.
        for (canon, names) in &self.aliases {
            if names.contains(&v) {
                out.push(canon.clone());
            }
        }
        Some(out)
    }

    pub fn matches(&self, capture: &str, expected: &[String]) -> bool {
        let c = capture.trim();
        expected.iter().any(|e| {
            if self.lowercase {
                e.eq_ignore_ascii_case(c)
            } else {
                e == c
            }
        })
    }
}
