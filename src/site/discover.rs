//! Which files of a site Jekyll reads, and as what.

use std::path::{Path, PathBuf};

use crate::post::Kind;
use crate::site::jekyll_config::DEFAULT_EXCLUDE;
use crate::site::Site;

/// A file to lint.
#[derive(Clone, Debug)]
pub struct Target {
    pub path: PathBuf,
    /// Relative to the site root, `/`-separated.
    pub rel: String,
    pub kind: Kind,
    /// Named on the command line: linted even where Jekyll would not look.
    pub explicit: bool,
}

/// Extensions in `_posts/` that are assets, not posts: never reported as misnamed posts.
const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "pdf", "css", "scss", "js",
    "json", "zip", "gz", "mp3", "mp4", "webm", "woff", "woff2", "ttf",
];

/// Extensions of pages worth linting when they have front matter.
const PAGE_EXTENSIONS: &[&str] = &["md", "markdown", "mkd", "mkdn", "mdown", "html", "htm"];

pub fn rel_path(site: &Site, path: &Path) -> String {
    let rel = path.strip_prefix(&site.root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Classifies a site-relative path; None when Jekyll never treats it as a document.
pub fn classify(site: &Site, rel: &str) -> Option<Kind> {
    let parts: Vec<&str> = rel.split('/').collect();
    let (dirs, name) = parts.split_at(parts.len().saturating_sub(1));
    let name = name.first().copied().unwrap_or("");
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if let Some(i) = dirs.iter().position(|d| *d == "_posts" || *d == "_drafts") {
        if ext
            .as_deref()
            .is_some_and(|e| ASSET_EXTENSIONS.contains(&e))
        {
            return None;
        }
        let _ = i;
        return Some(if dirs.contains(&"_posts") {
            Kind::Post
        } else {
            Kind::Draft
        });
    }
    if let Some(first) = dirs.first() {
        if let Some(coll) = first.strip_prefix('_') {
            if site.config.collections.iter().any(|c| c.name == coll) {
                return ext
                    .as_deref()
                    .filter(|e| PAGE_EXTENSIONS.contains(e))
                    .map(|_| Kind::Collection(coll.to_string()));
            }
        }
    }
    if !site.is_jekyll() {
        // A bare folder of posts: every Markdown or HTML file is a post.
        return ext
            .as_deref()
            .filter(|e| PAGE_EXTENSIONS.contains(e))
            .map(|_| Kind::Post);
    }
    ext.as_deref()
        .filter(|e| PAGE_EXTENSIONS.contains(e))
        .map(|_| Kind::Page)
}

/// Whether Jekyll skips this site-relative path altogether (underscore and dot folders,
/// `exclude`, the destination), `include` taken into account.
pub fn excluded(site: &Site, rel: &str) -> bool {
    let cfg = &site.config;
    let included = |p: &str| cfg.include.iter().any(|i| i.trim_matches('/') == p);
    let dest = cfg
        .destination
        .as_deref()
        .unwrap_or("_site")
        .trim_matches('/')
        .to_string();
    let mut prefix = String::new();
    for (i, part) in rel.split('/').enumerate() {
        if i > 0 {
            prefix.push('/');
        }
        prefix.push_str(part);
        if prefix == dest {
            return true;
        }
        let special = part == "_posts"
            || part == "_drafts"
            || (i == 0
                && part
                    .strip_prefix('_')
                    .is_some_and(|c| cfg.collections.iter().any(|x| x.name == c)));
        if (part.starts_with('.')
            || part.starts_with('_')
            || part.starts_with('#')
            || part.ends_with('~'))
            && !special
            && !included(&prefix)
        {
            // Names like `_2022-…md` inside `_posts/` are still reported by the file-name rule.
            let in_posts = rel
                .split('/')
                .take(i)
                .any(|p| p == "_posts" || p == "_drafts");
            if !in_posts {
                return true;
            }
        }
        for ex in DEFAULT_EXCLUDE
            .iter()
            .copied()
            .chain(cfg.exclude.iter().map(String::as_str))
        {
            let ex = ex.trim_start_matches("./").trim_end_matches('/');
            if ex.is_empty() {
                continue;
            }
            if ex.contains('*') {
                if globset::Glob::new(ex).is_ok_and(|g| g.compile_matcher().is_match(&prefix)) {
                    return true;
                }
            } else if prefix == ex {
                return true;
            }
        }
    }
    false
}

/// Walks `dir` (inside the site) and returns the documents to lint, sorted by path.
/// `.gitignore` files are respected, as are Jekyll's own exclusions.
pub fn walk(site: &Site, dir: &Path) -> (Vec<Target>, Vec<(PathBuf, String)>) {
    use std::sync::Mutex;
    let found = Mutex::new((Vec::new(), Vec::new()));
    // The walk runs on its own threads: on a large site it is a fair share of the run.
    ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(true)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let item = match entry {
                    Err(e) => {
                        let path = match &e {
                            ignore::Error::WithPath { path, .. } => path.clone(),
                            _ => dir.to_path_buf(),
                        };
                        Err((path, e.to_string()))
                    }
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        let path = entry.into_path();
                        let rel = rel_path(site, &path);
                        if site.is_jekyll() && excluded(site, &rel) {
                            return ignore::WalkState::Continue;
                        }
                        match classify(site, &rel) {
                            Some(kind) => Ok(Target {
                                path,
                                rel,
                                kind,
                                explicit: false,
                            }),
                            None => return ignore::WalkState::Continue,
                        }
                    }
                    Ok(_) => return ignore::WalkState::Continue,
                };
                if let Ok(mut f) = found.lock() {
                    match item {
                        Ok(t) => f.0.push(t),
                        Err(e) => f.1.push(e),
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let (mut targets, mut errors) = found.into_inner().unwrap_or_default();
    targets.sort_by(|a: &Target, b: &Target| a.path.cmp(&b.path));
    errors.sort();
    (targets, errors)
}
