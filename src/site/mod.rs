//! The site: its root, `_config.yml`, and the site-wide facts gathered once before linting.

pub mod discover;
pub mod facts;
pub mod jekyll_config;
pub mod path_join;
pub mod permalink;
pub mod served;

use foldhash::{HashSet, HashSetExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use jekyll_config::JekyllConfig;

pub struct Site {
    pub root: PathBuf,
    /// `_config.yml` as found (None for a bare folder of posts).
    pub config_path: Option<PathBuf>,
    pub config: JekyllConfig,
    pub tz: jiff::tz::TimeZone,
    /// Layout names available in `_layouts/` (file stems).
    pub layouts: HashSet<String>,
    /// The build time Jekyll would use, for the future-date check.
    pub now: jiff::Timestamp,
    /// A built copy of the site (`--site-dir`): internal links are checked against its files.
    pub built: Option<PathBuf>,
    /// What `--online` found about the external links (set before the per-post pass).
    pub online: OnceLock<crate::online::Results>,
    facts: OnceLock<facts::Facts>,
    /// The site's own URL, scheme and baseurl as the link rules use them (parsed once).
    pub(crate) link_base: OnceLock<crate::rules::link::SiteBase>,
    /// `exclude`/`include` compiled (see `discover::excluded`).
    pub(crate) exclusions: OnceLock<discover::Exclusions>,
    /// A whole-site pass learns the served URLs as it goes: `link/internal-missing` reports
    /// provisionally and the engine settles its findings after the pass.
    pub defer_internal_links: bool,
    /// File-name dates worked out so far, by their text: the posts of one day share one (each
    /// is a pure function of the text, the zone and `now`, which do not change during a run).
    pub(crate) filename_dates:
        std::sync::Mutex<foldhash::HashMap<String, std::sync::Arc<crate::date::Resolved>>>,
}

#[derive(Debug)]
pub struct SiteError {
    pub path: PathBuf,
    pub message: String,
    pub offset: Option<usize>,
}

impl Site {
    /// Loads the site whose root is `root`; `now` is the build time to assume.
    pub fn load(root: &Path, now: jiff::Timestamp) -> Result<Site, SiteError> {
        let config_path = ["_config.yml", "_config.yaml"]
            .iter()
            .map(|n| root.join(n))
            .find(|p| p.is_file());
        let config = match &config_path {
            Some(p) => {
                let bytes = std::fs::read(p).map_err(|e| SiteError {
                    path: p.clone(),
                    message: format!("cannot read: {e}"),
                    offset: None,
                })?;
                let text = String::from_utf8(bytes).map_err(|e| SiteError {
                    path: p.clone(),
                    message: format!(
                        "not UTF-8 (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                    offset: Some(e.utf8_error().valid_up_to()),
                })?;
                JekyllConfig::parse(text).map_err(|e| SiteError {
                    path: p.clone(),
                    message: format!(
                        "invalid YAML: {} (line {}, column {})",
                        e.message, e.line, e.col
                    ),
                    offset: Some(e.offset),
                })?
            }
            None => JekyllConfig {
                permalink: "date".into(),
                ..JekyllConfig::default()
            },
        };
        let tz = match config.timezone.as_deref() {
            None => jiff::tz::TimeZone::UTC,
            Some(name) => jiff::tz::TimeZone::get(name).map_err(|e| SiteError {
                path: config_path.clone().unwrap_or_default(),
                message: format!("unknown timezone '{name}': {e}"),
                offset: config.span_of("timezone").map(|s| s.start),
            })?,
        };
        let layouts = read_stems(&root.join("_layouts"));
        Ok(Site {
            root: root.to_path_buf(),
            config_path,
            config,
            tz,
            layouts,
            now,
            built: None,
            online: OnceLock::new(),
            facts: OnceLock::new(),
            link_base: OnceLock::new(),
            exclusions: OnceLock::new(),
            defer_internal_links: false,
            filename_dates: Default::default(),
        })
    }

    /// Site-wide facts (which posts exist, …), gathered from the whole site on first use.
    pub fn facts(&self) -> &facts::Facts {
        self.facts.get_or_init(|| facts::Facts::gather(self))
    }

    /// Sets the site-wide facts from a walk of the whole site that the run made anyway.
    pub fn set_facts(&self, facts: facts::Facts) {
        let _ = self.facts.set(facts);
    }

    /// The URLs the site serves (see `served`).
    pub fn served(&self) -> &served::Served {
        self.facts().served(self)
    }

    pub fn is_jekyll(&self) -> bool {
        self.config_path.is_some()
    }
}

fn read_stems(dir: &Path) -> HashSet<String> {
    let mut out = HashSet::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stem = match name.rfind('.') {
            Some(i) if i > 0 => name[..i].to_string(),
            _ => name,
        };
        out.insert(stem);
    }
    out
}

/// The Jekyll site root for a path: the nearest folder, upward, holding `_config.yml`.
pub fn find_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path } else { path.parent()? };
    start
        .ancestors()
        .find(|d| d.join("_config.yml").is_file() || d.join("_config.yaml").is_file())
        .map(Path::to_path_buf)
}
