//! `.postlint.yml`: rule levels and options, presets, per-path overrides. Every key is checked;
//! a mistake is reported with its place in the file, and stops the run (exit 2).

pub mod presets;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diagnostic::{Level, Severity};
use crate::rules::{self, Meta};
use crate::yaml::{self, Doc, Kind, NodeId};

pub const FILE_NAMES: &[&str] = &[
    ".postlint.yml",
    ".postlint.yaml",
    "postlint.yml",
    "postlint.yaml",
];

/// One rule or family setting from one layer of configuration.
#[derive(Clone, Debug)]
pub struct Setting {
    pub selector: String,
    pub level: Option<Level>,
    pub options: Map<String, Value>,
}

#[derive(Clone, Debug)]
pub struct Override {
    pub globs: globset::GlobSet,
    pub settings: Vec<Setting>,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub presets: Vec<String>,
    /// Preset settings first, then the file's own, so the file wins.
    pub settings: Vec<Setting>,
    pub overrides: Vec<Override>,
    /// Sections other parts of postlint read (`links`, `attribution`), merged over presets.
    pub sections: Map<String, Value>,
    /// The `attribution` section, compiled.
    pub attribution: Option<Arc<crate::attribution::Spec>>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub span: Range<usize>,
    pub message: String,
}

/// Top-level keys a config file may have, and the sections kept for other modules.
const TOP_KEYS: &[&str] = &["presets", "rules", "overrides", "links", "attribution"];
const SECTIONS: &[&str] = &["links", "attribution"];

/// The effective level and options of every rule for one file, aligned with `rules::ALL`.
#[derive(Clone, Debug)]
pub struct Table {
    pub entries: Vec<Option<Entry>>,
}

/// A rule's effective severity and options.
pub type Entry = (Severity, Arc<Map<String, Value>>);

impl Config {
    /// Finds `.postlint.yml` from `start` upward.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            span: 0..0,
            message: format!("cannot read config: {e}"),
        })?;
        let mut cfg = Config::parse(&text, path)?;
        cfg.path = Some(path.to_path_buf());
        Ok(cfg)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let err = |span: Range<usize>, message: String| ConfigError {
            path: path.to_path_buf(),
            text: text.to_string(),
            span,
            message,
        };
        let doc = yaml::parse(text, 0)
            .map_err(|e| err(e.offset..e.offset, format!("invalid YAML: {}", e.message)))?;
        let mut cfg = Config::default();
        let Some(root) = doc.root else {
            return Ok(cfg);
        };
        let attribution_span = doc
            .entries()
            .find(|e| e.0 == "attribution")
            .map(|e| doc.node(e.1).span.clone());
        if !matches!(doc.node(root).kind, Kind::Map(_)) {
            return Err(err(
                doc.node(root).span.clone(),
                "the config must be a mapping of settings".into(),
            ));
        }
        for (key, k, v) in doc.entries() {
            match key {
                "presets" => {
                    for (name, span) in string_items(&doc, v) {
                        let Some(text) = presets::get(&name) else {
                            return Err(err(
                                span,
                                format!(
                                    "unknown preset '{name}' (known: {})",
                                    presets::names().join(", ")
                                ),
                            ));
                        };
                        let preset = Config::parse(text, Path::new(&format!("<preset {name}>")))
                            .map_err(|e| {
                                err(
                                    span.clone(),
                                    format!("preset '{name}' is broken: {}", e.message),
                                )
                            })?;
                        cfg.settings.extend(preset.settings);
                        merge_sections(&mut cfg.sections, preset.sections);
                        cfg.presets.push(name);
                    }
                }
                "rules" => {
                    let settings = parse_rules(&doc, v).map_err(|(s, m)| err(s, m))?;
                    cfg.settings.extend(settings);
                }
                "overrides" => {
                    let Kind::Seq(items) = &doc.node(doc.resolve(v)).kind else {
                        return Err(err(
                            doc.node(v).span.clone(),
                            "overrides must be a list of {files, rules}".into(),
                        ));
                    };
                    for &item in items {
                        cfg.overrides
                            .push(parse_override(&doc, item).map_err(|(s, m)| err(s, m))?);
                    }
                }
                k if SECTIONS.contains(&k) => {
                    if k == "links" {
                        check_links(&doc, v).map_err(|(s, m)| err(s, m))?;
                    }
                    let mut m = Map::new();
                    m.insert(k.to_string(), doc.to_json(v));
                    merge_sections(&mut cfg.sections, m);
                }
                _ => {
                    return Err(err(
                        doc.node(k).span.clone(),
                        format!(
                            "unknown key '{key}' (expected one of: {})",
                            TOP_KEYS.join(", ")
                        ),
                    ))
                }
            }
        }
        if let Some(a) = cfg.sections.get("attribution") {
            let spec = crate::attribution::Spec::from_json(a)
                .map_err(|m| err(attribution_span.clone().unwrap_or(0..0), m))?;
            cfg.attribution = Some(Arc::new(spec));
        }
        Ok(cfg)
    }

    /// The table for files no override matches, with `--select`/`--ignore` applied.
    pub fn base_table(&self, select: &[String], ignore: &[String]) -> Table {
        let mut t = Table::defaults();
        t.apply(&self.settings);
        t.select(select, ignore);
        t
    }

    /// The table for one file: the base, plus every override whose globs match.
    pub fn table_for(
        &self,
        base: &Table,
        rel: &str,
        select: &[String],
        ignore: &[String],
    ) -> Option<Table> {
        let matching: Vec<&Override> = self
            .overrides
            .iter()
            .filter(|o| o.globs.is_match(rel))
            .collect();
        if matching.is_empty() {
            return None;
        }
        let mut t = Table::defaults();
        t.apply(&self.settings);
        for o in matching {
            t.apply(&o.settings);
        }
        t.select(select, ignore);
        let _ = base;
        Some(t)
    }

    pub fn section(&self, name: &str) -> Option<&Value> {
        self.sections.get(name)
    }
}

impl Table {
    fn defaults() -> Table {
        Table {
            entries: rules::metas()
                .iter()
                .map(|m| Some((m.severity, Arc::new(m.options.clone()))))
                .collect(),
        }
    }

    fn apply(&mut self, settings: &[Setting]) {
        // Family settings first, then single rules, so the more specific one wins.
        for pass in [true, false] {
            for s in settings.iter().filter(|s| s.selector.contains('/') != pass) {
                for (entry, meta) in self.entries.iter_mut().zip(rules::metas()) {
                    if !rules::selects(&s.selector, meta) {
                        continue;
                    }
                    let (sev, opts) = match entry.take() {
                        Some((sev, opts)) => (Some(sev), opts),
                        None => (None, Arc::new(meta.options.clone())),
                    };
                    let sev = match s.level {
                        Some(Level::Off) => None,
                        Some(Level::On(l)) => Some(l),
                        None => sev.or(Some(meta.severity)),
                    };
                    let opts = if s.options.is_empty() {
                        opts
                    } else {
                        let mut o = (*opts).clone();
                        for (k, v) in &s.options {
                            o.insert(k.clone(), v.clone());
                        }
                        Arc::new(o)
                    };
                    *entry = sev.map(|l| (l, opts));
                }
            }
        }
    }

    fn select(&mut self, select: &[String], ignore: &[String]) {
        for (entry, meta) in self.entries.iter_mut().zip(rules::metas()) {
            if !select.is_empty() && !select.iter().any(|s| rules::selects(s, meta)) {
                *entry = None;
            }
            if ignore.iter().any(|s| rules::selects(s, meta)) {
                *entry = None;
            }
            if !select.is_empty() && entry.is_none() && select.iter().any(|s| s == meta.id) {
                *entry = Some((meta.severity, Arc::new(meta.options.clone())));
            }
        }
    }
}

fn merge_sections(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => {
                for (k2, v2) in b {
                    a.insert(k2, v2);
                }
            }
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

fn string_items(doc: &Doc, id: NodeId) -> Vec<(String, Range<usize>)> {
    let node = doc.node(doc.resolve(id));
    match &node.kind {
        Kind::Seq(items) => items
            .iter()
            .filter_map(|&i| {
                doc.scalar(i)
                    .map(|(s, _)| (s.to_string(), doc.node(i).span.clone()))
            })
            .collect(),
        Kind::Scalar { value, .. } => vec![(value.clone(), node.span.clone())],
        _ => Vec::new(),
    }
}

/// Keys of the `links` section: the offline ones here, the online ones owned by `online`.
fn link_keys() -> String {
    std::iter::once("retired_hosts")
        .chain(crate::online::KEYS.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `links` section: `retired_hosts` is a list of host names (or one host).
fn check_links(doc: &Doc, id: NodeId) -> Result<(), (Range<usize>, String)> {
    let node = doc.node(doc.resolve(id));
    let entries = match &node.kind {
        Kind::Map(e) => e,
        Kind::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {
            return Ok(())
        }
        _ => {
            return Err((
                node.span.clone(),
                format!("links must be a mapping (keys: {})", link_keys()),
            ))
        }
    };
    for &(k, v) in entries {
        let key = doc.scalar(k).map(|s| s.0).unwrap_or("");
        match key {
            "retired_hosts" => {
                let vn = doc.node(doc.resolve(v));
                let items: Vec<NodeId> = match &vn.kind {
                    Kind::Seq(items) => items.clone(),
                    Kind::Scalar { .. } => vec![v],
                    _ => {
                        return Err((
                            vn.span.clone(),
                            "retired_hosts must be a list of host names".into(),
                        ))
                    }
                };
                for i in items {
                    let n = doc.node(doc.resolve(i));
                    match doc.scalar(i) {
                        Some((h, _)) if !h.trim().is_empty() && !h.contains('/') && !h.contains(char::is_whitespace) => {}
                        _ => {
                            return Err((
                                n.span.clone(),
                                "each retired host is a bare host name such as `finews.zning.me` (no scheme, no path)".into(),
                            ))
                        }
                    }
                }
            }
            k2 if crate::online::KEYS.contains(&k2) => {
                crate::online::check_key(k2, &doc.to_json(v))
                    .map_err(|m| (doc.node(v).span.clone(), format!("links.{k2}: {m}")))?;
            }
            other => {
                return Err((
                    doc.node(k).span.clone(),
                    format!(
                        "unknown key '{other}' in links (expected one of: {})",
                        link_keys()
                    ),
                ))
            }
        }
    }
    Ok(())
}

/// Checks that a selector names a rule or a family.
pub fn check_selector(sel: &str) -> Result<(), String> {
    if rules::find(sel).is_some() || rules::families().contains(&sel) {
        return Ok(());
    }
    let mut candidates: Vec<(usize, &str)> = rules::metas()
        .iter()
        .map(|m| m.id)
        .chain(rules::families())
        .map(|id| (edit_distance(id, sel), id))
        .filter(|(d, id)| *d <= 3.max(id.len() / 4))
        .collect();
    candidates.sort();
    let near: Vec<&str> = candidates.iter().take(3).map(|c| c.1).collect();
    Err(if near.is_empty() {
        format!("unknown rule or family '{sel}' (see `postlint rules`)")
    } else {
        format!(
            "unknown rule or family '{sel}' (did you mean {}?)",
            near.join(", ")
        )
    })
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

fn parse_rules(doc: &Doc, id: NodeId) -> Result<Vec<Setting>, (Range<usize>, String)> {
    let node = doc.node(doc.resolve(id));
    let Kind::Map(entries) = &node.kind else {
        return Err((
            node.span.clone(),
            "rules must map rule ids or families to a level or {level, options…}".into(),
        ));
    };
    let mut out = Vec::new();
    for &(k, v) in entries {
        let Some((sel, _)) = doc.scalar(k) else {
            continue;
        };
        let kspan = doc.node(k).span.clone();
        check_selector(sel).map_err(|m| (kspan.clone(), m))?;
        let metas: Vec<&Meta> = rules::metas()
            .iter()
            .filter(|m| rules::selects(sel, m))
            .collect();
        let vnode = doc.node(doc.resolve(v));
        let mut setting = Setting {
            selector: sel.to_string(),
            level: None,
            options: Map::new(),
        };
        match &vnode.kind {
            Kind::Scalar { value, .. } => {
                setting.level = Some(parse_level(value).map_err(|m| (vnode.span.clone(), m))?);
            }
            Kind::Map(opts) => {
                for &(ok, ov) in opts {
                    let Some((okey, _)) = doc.scalar(ok) else {
                        continue;
                    };
                    if okey == "level" || okey == "severity" {
                        let (lv, _) = doc.scalar(ov).unwrap_or(("", yaml::Style::Plain));
                        setting.level =
                            Some(parse_level(lv).map_err(|m| (doc.node(ov).span.clone(), m))?);
                        continue;
                    }
                    if !metas.iter().any(|m| m.options.contains_key(okey)) {
                        let known: Vec<String> = metas
                            .iter()
                            .flat_map(|m| m.options.keys().cloned())
                            .collect();
                        return Err((
                            doc.node(ok).span.clone(),
                            if known.is_empty() {
                                format!(
                                    "unknown option '{okey}': {sel} has no options (only `level`)"
                                )
                            } else {
                                format!(
                                    "unknown option '{okey}' for {sel} (known: level, {})",
                                    known.join(", ")
                                )
                            },
                        ));
                    }
                    setting.options.insert(okey.to_string(), doc.to_json(ov));
                }
            }
            _ => {
                return Err((
                    vnode.span.clone(),
                    "expected a level (error, warning, info, off) or a mapping".into(),
                ))
            }
        }
        out.push(setting);
    }
    Ok(out)
}

fn parse_level(s: &str) -> Result<Level, String> {
    Severity::parse(s)
        .ok_or_else(|| format!("unknown level '{s}' (use error, warning, info or off)"))
}

fn parse_override(doc: &Doc, id: NodeId) -> Result<Override, (Range<usize>, String)> {
    let node = doc.node(doc.resolve(id));
    let Kind::Map(entries) = &node.kind else {
        return Err((
            node.span.clone(),
            "each override is a mapping with `files` and `rules`".into(),
        ));
    };
    let mut globs = globset::GlobSetBuilder::new();
    let mut settings = Vec::new();
    let mut has_files = false;
    for &(k, v) in entries {
        match doc.scalar(k).map(|s| s.0) {
            Some("files") => {
                for (g, span) in string_items(doc, v) {
                    let glob = globset::GlobBuilder::new(&g)
                        .literal_separator(false)
                        .build()
                        .map_err(|e| (span, format!("bad glob '{g}': {e}")))?;
                    globs.add(glob);
                    has_files = true;
                }
            }
            Some("rules") => settings = parse_rules(doc, v)?,
            Some(other) => {
                return Err((
                    doc.node(k).span.clone(),
                    format!("unknown key '{other}' in override (expected files, rules)"),
                ))
            }
            None => {}
        }
    }
    if !has_files {
        return Err((node.span.clone(), "override without `files`".into()));
    }
    let globs = globs
        .build()
        .map_err(|e| (node.span.clone(), e.to_string()))?;
    Ok(Override { globs, settings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Config, ConfigError> {
        Config::parse(t, Path::new(".postlint.yml"))
    }

    #[test]
    fn unknown_key_points_at_it() {
        let t = "rules:\n  date/future: off\nrulez: 1\n";
        let e = parse(t).unwrap_err();
        assert_eq!(&t[e.span.clone()], "rulez");
    }

    #[test]
    fn unknown_rule_and_option_are_errors() {
        let t = "rules:\n  date/futur: off\n";
        let e = parse(t).unwrap_err();
        assert_eq!(&t[e.span.clone()], "date/futur");
        assert!(e.message.contains("date/future"), "{}", e.message);
        let t = "rules:\n  date/future: {level: error, bogus: 1}\n";
        let e = parse(t).unwrap_err();
        assert_eq!(&t[e.span.clone()], "bogus");
    }

    #[test]
    fn family_then_rule_then_override() {
        let cfg = parse("rules:\n  date: off\n  date/future: error\noverrides:\n  - files: [\"_drafts/**\"]\n    rules: {date/future: off}\n").unwrap();
        let base = cfg.base_table(&[], &[]);
        let idx = |id: &str| rules::metas().iter().position(|m| m.id == id).unwrap();
        assert!(base.entries[idx("date/rollover")].is_none());
        assert_eq!(
            base.entries[idx("date/future")].as_ref().unwrap().0,
            Severity::Error
        );
        let t = cfg.table_for(&base, "_drafts/x.md", &[], &[]).unwrap();
        assert!(t.entries[idx("date/future")].is_none());
        assert!(cfg.table_for(&base, "_posts/x.md", &[], &[]).is_none());
    }

    #[test]
    fn links_section_is_checked() {
        let cfg = parse("links:\n  retired_hosts: [finews.zning.me]\n").unwrap();
        assert_eq!(
            cfg.section("links").unwrap()["retired_hosts"][0],
            "finews.zning.me"
        );
        let t = "links:\n  retired_host: [a.com]\n";
        let e = parse(t).unwrap_err();
        assert_eq!(&t[e.span.clone()], "retired_host");
        let t = "links:\n  retired_hosts: [\"https://a.com/\"]\n";
        let e = parse(t).unwrap_err();
        assert_eq!(&t[e.span.clone()], "\"https://a.com/\"");
        assert!(parse("links: [a]\n").is_err());
    }

    #[test]
    fn online_link_settings_are_checked_at_their_value() {
        let cfg = parse("links:\n  online: true\n  concurrency: 8\n  accept: [\"200..=299\", 403]\n  timeout: 5s\n")
            .unwrap();
        let s = crate::online::Settings::from_links(cfg.section("links")).unwrap();
        assert!(s.online && s.concurrency == 8 && s.accepts(403));
        for (t, at) in [
            ("links:\n  concurrency: 0\n", "0"),
            ("links:\n  timeout: soon\n", "soon"),
            ("links:\n  accept: [\"2xx\"]\n", "[\"2xx\"]"),
            (
                "links:\n  headers: {a.com: {Authorization: Bearer xyz}}\n",
                "{a.com: {Authorization: Bearer xyz}}",
            ),
        ] {
            let e = parse(t).unwrap_err();
            assert_eq!(&t[e.span.clone()], at, "{t}");
            assert!(e.message.starts_with("links."), "{}", e.message);
        }
    }

    #[test]
    fn select_and_ignore() {
        let cfg = Config::default();
        let idx = |id: &str| rules::metas().iter().position(|m| m.id == id).unwrap();
        let t = cfg.base_table(&["date".into()], &["date/future".into()]);
        assert!(t.entries[idx("date/rollover")].is_some());
        assert!(t.entries[idx("date/future")].is_none());
        assert!(t.entries[idx("filename/not-a-post")].is_none());
    }
}
