//! The rule registry. Each rule lives in its own file under `src/rules/<family>/` and is
//! documented in `rules/<family>/<name>.md`, whose front matter gives its id, default
//! severity and default options. `ALL` is the one place a rule is registered; a test checks it
//! against the docs folder in both directions.

pub mod attribution;
pub mod ctx;
pub mod date;
pub mod encoding;
pub mod filename;
pub mod front_matter;
pub mod html;
pub mod link;
pub mod liquid;
pub mod meta;

use std::sync::OnceLock;

pub use ctx::Ctx;

use crate::diagnostic::Severity;
use crate::yaml;

pub struct Rule {
    pub doc: &'static str,
    pub check: fn(&mut Ctx<'_>),
}

#[derive(Debug)]
pub struct Meta {
    pub id: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    /// One line: what it finds and why it matters.
    pub summary: String,
    /// Default options, a JSON object (empty when the rule has none).
    pub options: serde_json::Map<String, serde_json::Value>,
    /// The Markdown documentation after the front matter.
    pub body: &'static str,
    pub fixable: bool,
}

impl Rule {
    pub fn meta(&'static self) -> &'static Meta {
        // One OnceLock per rule would need a field; a table indexed by position is simpler.
        let all = metas();
        let i = ALL
            .iter()
            .position(|r| std::ptr::eq(*r, self))
            .expect("every rule is in ALL");
        &all[i]
    }
}

pub static ALL: &[&Rule] = &[
    &encoding::invalid_utf8::RULE,
    &encoding::not_utf8::RULE,
    &encoding::nul_byte::RULE,
    &front_matter::not_recognized::RULE,
    &front_matter::empty_post::RULE,
    &front_matter::yaml_syntax::RULE,
    &front_matter::not_mapping::RULE,
    &front_matter::duplicate_key::RULE,
    &front_matter::unsafe_value::RULE,
    &front_matter::required_key::RULE,
    &front_matter::empty_value::RULE,
    &front_matter::wrong_type::RULE,
    &front_matter::comment_cut::RULE,
    &front_matter::categories_format::RULE,
    &front_matter::published_string::RULE,
    &front_matter::key_case::RULE,
    &front_matter::unknown_layout::RULE,
    &date::unparseable::RULE,
    &date::rollover::RULE,
    &date::offset_range::RULE,
    &date::zoneless_utc::RULE,
    &date::zone_name::RULE,
    &date::ambiguous_order::RULE,
    &date::future::RULE,
    &date::filename_mismatch::RULE,
    &filename::not_a_post::RULE,
    &filename::ignored::RULE,
    &filename::empty_slug::RULE,
    &filename::two_digit_year::RULE,
    &filename::invalid_date::RULE,
    &liquid::syntax::RULE,
    &liquid::unknown_tag::RULE,
    &liquid::unclosed_block::RULE,
    &liquid::post_url::RULE,
    &liquid::missing_include::RULE,
    &html::unclosed::RULE,
    &html::stray_end_tag::RULE,
    &html::misnested::RULE,
    &html::duplicate_attribute::RULE,
    &html::unclosed_comment::RULE,
    &html::cut_off_tag::RULE,
    &html::bare_lt::RULE,
    &attribution::missing_key::RULE,
    &attribution::missing::RULE,
    &attribution::empty::RULE,
    &attribution::duplicate::RULE,
    &attribution::position::RULE,
    &attribution::mismatch::RULE,
    &link::empty::RULE,
    &link::malformed::RULE,
    &link::protocol_relative::RULE,
    &link::http_own_host::RULE,
    &link::javascript::RULE,
    &link::retired_host::RULE,
    &link::internal_missing::RULE,
    &link::unreachable::RULE,
    &link::redirect_loop::RULE,
    &link::redirected::RULE,
    &meta::unknown_rule::RULE,
    &meta::too_large::RULE,
    &meta::unreadable::RULE,
];

/// Parsed rule docs, in the order of `ALL`.
pub fn metas() -> &'static [Meta] {
    static METAS: OnceLock<Vec<Meta>> = OnceLock::new();
    METAS.get_or_init(|| ALL.iter().map(|r| parse_doc(r.doc)).collect())
}

/// Where a rule is in `ALL` (and `metas()`, and a `Table`'s entries).
pub fn index_of(rule: &'static Rule) -> usize {
    ALL.iter()
        .position(|r| std::ptr::eq(*r, rule))
        .expect("every rule is in ALL")
}

pub fn meta_of(rule: &'static Rule) -> &'static Meta {
    &metas()[index_of(rule)]
}

pub fn find(id: &str) -> Option<(&'static Rule, &'static Meta)> {
    ALL.iter()
        .zip(metas())
        .find(|(_, m)| m.id == id)
        .map(|(r, m)| (*r, m))
}

pub fn families() -> Vec<&'static str> {
    let mut f: Vec<&'static str> = metas().iter().map(|m| m.family).collect();
    f.dedup();
    f.sort_unstable();
    f.dedup();
    f
}

/// Whether `sel` names this rule or its family.
pub fn selects(sel: &str, meta: &Meta) -> bool {
    sel == meta.id || sel == meta.family
}

fn parse_doc(doc: &'static str) -> Meta {
    let (fm, body) = match crate::front_matter::split(doc, 0) {
        crate::front_matter::Split::Found(f) => (&doc[f.yaml.clone()], &doc[f.body..]),
        _ => panic!("rule doc without front matter: {doc:.60}"),
    };
    let parsed = yaml::parse(fm, 0).unwrap_or_else(|e| panic!("rule doc front matter: {e:?}"));
    let json = parsed.root.map(|r| parsed.to_json(r)).unwrap_or_default();
    let get = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let id: &'static str = Box::leak(get("id").expect("rule doc has an id").into_boxed_str());
    let family = id.split('/').next().unwrap_or(id);
    let severity = match get("severity").as_deref().and_then(Severity::parse) {
        Some(crate::diagnostic::Level::On(s)) => s,
        _ => panic!("rule {id}: severity must be error, warning or info"),
    };
    Meta {
        id,
        family,
        severity,
        summary: get("summary").unwrap_or_default(),
        options: json
            .get("options")
            .and_then(|o| o.as_object())
            .cloned()
            .unwrap_or_default(),
        body: body.trim_start_matches('\n'),
        fixable: json.get("fix").and_then(|v| v.as_bool()).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_doc_has_a_rule_and_every_rule_a_doc() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk = BTreeSet::new();
        for fam in std::fs::read_dir(&root).unwrap().flatten() {
            if !fam.path().is_dir() || fam.file_name() == "presets" {
                continue;
            }
            for f in std::fs::read_dir(fam.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if let Some(stem) = name.strip_suffix(".md") {
                    on_disk.insert(format!("{}/{}", fam.file_name().to_string_lossy(), stem));
                }
            }
        }
        let registered: BTreeSet<String> = metas().iter().map(|m| m.id.to_string()).collect();
        assert_eq!(on_disk, registered, "rules/ docs and rules::ALL disagree");
    }

    #[test]
    fn docs_are_complete() {
        for m in metas() {
            assert!(!m.summary.is_empty(), "{} has no summary", m.id);
            for section in ["## Why", "## Example", "## How to fix"] {
                assert!(m.body.contains(section), "{} doc lacks '{section}'", m.id);
            }
        }
        let ids: BTreeSet<_> = metas().iter().map(|m| m.id).collect();
        assert_eq!(ids.len(), metas().len(), "duplicate rule ids");
    }

    #[test]
    fn rule_source_file_matches_id() {
        // The doc is included from the rule's own file: src/rules/<family>/<name>.rs.
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for m in metas() {
            let file = src.join(format!("{}.rs", m.id.replace('-', "_")));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|_| panic!("{} has no {}", m.id, file.display()));
            assert!(
                text.contains(&format!("rules/{}.md", m.id)),
                "{} does not include its own doc",
                file.display()
            );
        }
    }

    #[test]
    fn a_rule_emits_fixes_if_and_only_if_its_doc_says_fix_true() {
        // The rule's own source is the only place a fix can come from (`.fix(` on a finding).
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut wrong = Vec::new();
        for m in metas() {
            let file = src.join(format!("{}.rs", m.id.replace('-', "_")));
            let text = std::fs::read_to_string(&file).unwrap();
            let emits = text.contains(".fix(");
            if emits != m.fixable {
                wrong.push(format!(
                    "{}: emits a fix: {emits}, doc says fix: {}",
                    m.id, m.fixable
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
