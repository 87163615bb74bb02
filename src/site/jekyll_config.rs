//! The parts of `_config.yml` that decide what Jekyll does with a post.

use std::ops::Range;

use serde_json::Value;

use crate::yaml;

#[derive(Clone, Debug)]
pub struct Collection {
    pub name: String,
    pub output: bool,
    pub permalink: Option<String>,
}

#[derive(Clone, Debug)]
pub struct FrontMatterDefault {
    pub path: String,
    pub kind: Option<String>,
    pub values: serde_json::Map<String, Value>,
}

#[derive(Clone, Debug, Default)]
pub struct JekyllConfig {
    /// The raw text, kept for diagnostics that point into `_config.yml`.
    pub text: String,
    pub timezone: Option<String>,
    pub url: Option<String>,
    pub baseurl: String,
    pub permalink: String,
    pub future: bool,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    pub collections: Vec<Collection>,
    pub defaults: Vec<FrontMatterDefault>,
    pub theme: Option<(String, Range<usize>)>,
    pub plugins: Vec<String>,
    pub source: Option<String>,
    pub destination: Option<String>,
    /// Top-level keys and their value spans, for pointing at settings.
    pub spans: Vec<(String, Range<usize>)>,
}

/// Jekyll's default `exclude` list (4.3).
pub const DEFAULT_EXCLUDE: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

impl JekyllConfig {
    pub fn parse(text: String) -> Result<JekyllConfig, yaml::YamlError> {
        let doc = yaml::parse(&text, 0)?;
        let mut cfg = JekyllConfig {
            permalink: "date".into(),
            ..JekyllConfig::default()
        };
        let root = doc.root.map(|r| doc.to_json(r)).unwrap_or(Value::Null);
        let str_of = |k: &str| root.get(k).and_then(value_string);
        cfg.timezone = str_of("timezone");
        cfg.url = str_of("url").filter(|s| !s.is_empty());
        cfg.baseurl = str_of("baseurl").unwrap_or_default();
        if let Some(p) = str_of("permalink") {
            cfg.permalink = p;
        }
        cfg.future = root.get("future").and_then(Value::as_bool).unwrap_or(false);
        cfg.exclude = string_list(root.get("exclude"));
        cfg.include = string_list(root.get("include"));
        cfg.plugins = string_list(root.get("plugins"));
        cfg.plugins.extend(string_list(root.get("gems")));
        cfg.source = str_of("source");
        cfg.destination = str_of("destination");
        for (key, k, v) in doc.entries() {
            cfg.spans.push((key.to_string(), doc.node(v).span.clone()));
            if key == "theme" {
                if let Some((name, _)) = doc.scalar(v) {
                    cfg.theme = Some((name.to_string(), doc.node(v).span.clone()));
                }
            }
            let _ = k;
        }
        match root.get("collections") {
            Some(Value::Object(m)) => {
                for (name, v) in m {
                    cfg.collections.push(Collection {
                        name: name.clone(),
                        output: v.get("output").and_then(Value::as_bool).unwrap_or(false),
                        permalink: v.get("permalink").and_then(value_string),
                    });
                }
            }
            Some(Value::Array(a)) => {
                for v in a.iter().filter_map(value_string) {
                    cfg.collections.push(Collection {
                        name: v,
                        output: false,
                        permalink: None,
                    });
                }
            }
            _ => {}
        }
        if let Some(Value::Array(defaults)) = root.get("defaults") {
            for d in defaults {
                let scope = d.get("scope");
                let path = scope
                    .and_then(|s| s.get("path"))
                    .and_then(value_string)
                    .unwrap_or_default();
                let kind = scope.and_then(|s| s.get("type")).and_then(value_string);
                if let Some(Value::Object(values)) = d.get("values") {
                    cfg.defaults.push(FrontMatterDefault {
                        path,
                        kind,
                        values: values.clone(),
                    });
                }
            }
        }
        cfg.text = text;
        Ok(cfg)
    }

    pub fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.spans
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s.clone())
    }

    /// The front matter defaults that apply to a file, merged in order (later scopes win,
    /// more specific paths win, as in Jekyll's FrontmatterDefaults).
    pub fn defaults_for(&self, rel: &str, kind: &str) -> serde_json::Map<String, Value> {
        let mut matching: Vec<&FrontMatterDefault> = self
            .defaults
            .iter()
            .filter(|d| {
                d.kind
                    .as_deref()
                    .is_none_or(|k| k == kind || (k == "posts" && kind == "drafts"))
            })
            .filter(|d| path_in_scope(rel, &d.path))
            .collect();
        // Jekyll sorts by specificity: a longer path, then having a type, wins.
        matching.sort_by_key(|d| (d.path.trim_matches('/').len(), d.kind.is_some()));
        let mut out = serde_json::Map::new();
        for d in matching {
            for (k, v) in &d.values {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }
}

fn path_in_scope(rel: &str, scope: &str) -> bool {
    let scope = scope.trim_start_matches("./").trim_matches('/');
    if scope.is_empty() {
        return true;
    }
    if scope.contains('*') {
        return globset::Glob::new(scope)
            .map(|g| {
                let m = g.compile_matcher();
                let mut p = std::path::Path::new(rel);
                loop {
                    if m.is_match(p) {
                        return true;
                    }
                    match p.parent() {
                        Some(q) if !q.as_os_str().is_empty() => p = q,
                        _ => return false,
                    }
                }
            })
            .unwrap_or(false);
    }
    rel == scope || rel.starts_with(&format!("{scope}/"))
}

fn value_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(value_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_finews_config() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/finews/_config.yml"
        ))
        .unwrap();
        let cfg = JekyllConfig::parse(text).unwrap();
        assert_eq!(cfg.timezone.as_deref(), Some("Asia/Shanghai"));
        assert_eq!(cfg.url.as_deref(), Some("https://finews.withounder.com"));
        assert_eq!(
            cfg.theme.as_ref().map(|t| t.0.as_str()),
            Some("jekyll-theme-minimal")
        );
        assert_eq!(cfg.plugins, vec!["jekyll-feed".to_string()]);
    }

    #[test]
    fn defaults_by_scope() {
        let cfg = JekyllConfig::parse(
            "defaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post, title: T}\n  - scope: {path: _posts/news}\n    values: {layout: news}\n".into(),
        )
        .unwrap();
        let d = cfg.defaults_for("_posts/news/2022-01-01-a.md", "posts");
        assert_eq!(d.get("layout").and_then(Value::as_str), Some("news"));
        assert_eq!(d.get("title").and_then(Value::as_str), Some("T"));
        assert!(cfg.defaults_for("about.md", "pages").is_empty());
    }
}
