//! What a site serves: every post's, page's and static file's URL, as the files Jekyll writes
//! (decoded paths relative to the destination, `/a/b/index.html`). Known once per run: read from
//! the whole site before the per-file pass (`Served::gather`), or, when the pass covers the whole
//! site, put together from what each file reported (`Served::from_parts`). Only the paths are kept.

use std::borrow::Cow;
// foldhash: the served set is probed once per internal link, and SipHash showed.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde_json::Value;

use crate::post::{Kind, Post};
use crate::site::discover;
use crate::site::permalink::{self, DocInput};
use crate::site::Site;

/// A document's own URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnUrl {
    /// Percent-encoded, as `page.url` (`/emnews/2021/12/08/x.html`).
    pub url: String,
    /// The file Jekyll writes, decoded (`/emnews/2021/12/08/x.html`, `/about/index.html`).
    pub dest: String,
}

/// A front matter value as Jekyll sees it: the file's own, else the `_config.yml` default.
fn value(post: &Post, defaults: &serde_json::Map<String, Value>, key: &str) -> Option<Value> {
    if let Some(doc) = post.doc() {
        if let Some(v) = doc.get(key) {
            return Some(doc.to_json(v));
        }
    }
    defaults.get(key).cloned()
}

/// `value` of several keys, from one pass over the front matter (a lookup per key scanned it
/// each time, and the keys a URL needs are mostly absent).
fn values<const N: usize>(
    post: &Post,
    defaults: &serde_json::Map<String, Value>,
    keys: [&str; N],
) -> [Option<Value>; N] {
    let doc = post.doc();
    let mut found: [Option<crate::yaml::NodeId>; N] = [None; N];
    if let Some(doc) = doc {
        // In source order, so the last of a key wins, as in `Doc::get`.
        for (k, _, v) in doc.entries() {
            if let Some(i) = keys.iter().position(|key| *key == k) {
                found[i] = Some(v);
            }
        }
    }
    std::array::from_fn(|i| match (doc, found[i]) {
        (Some(doc), Some(v)) => Some(doc.to_json(v)),
        _ => defaults.get(keys[i]).cloned(),
    })
}

fn as_template(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// The URL Jekyll gives this file, or None when it publishes none (a post without a date in
/// its name or with a date Jekyll rejects, a draft, a collection without output, front matter
/// YAML that fails).
pub fn own_url(post: &Post, site: &Site) -> Option<OwnUrl> {
    if matches!(post.yaml(), Some(Err(_))) {
        return None;
    }
    let defaults = site
        .config
        .defaults_for(&post.rel, post.kind.defaults_type());
    match &post.kind {
        Kind::Page => {
            let url = permalink::page_url(
                &post.rel,
                as_template(value(post, &defaults, "permalink")).as_deref(),
                &site.config.permalink,
            );
            let ext = post
                .file_name()
                .rfind('.')
                .map_or("", |i| &post.file_name()[i..]);
            let dest = permalink::destination(&url, permalink::output_ext(ext));
            Some(OwnUrl { url, dest })
        }
        Kind::Draft => None,
        Kind::Post | Kind::Collection(_) => {
            let name = post.file_name();
            let label = match &post.kind {
                Kind::Collection(c) => c.as_str(),
                _ => "posts",
            };
            let coll = site.config.collections.iter().find(|c| c.name == label);
            if label != "posts" && !coll.is_some_and(|c| c.output) {
                return None;
            }
            // Through the post's kept split of its name (several rules ask too).
            let (file_date, file_slug, ext) = match crate::rules::filename::parsed_name(post) {
                Some(n) => (Some((n.year, n.month, n.day)), Some(n.slug), n.ext),
                None if label == "posts" => return None,
                None => (None, None, name.rfind('.').map_or("", |i| &name[i..])),
            };
            let basename = &name[..name.len() - ext.len()];
            // The civil time in the site's zone (without cloning the zone: both threads would
            // share its reference count).
            let date = match crate::rules::date::resolved(post, site) {
                Some(r) => Some(site.tz.to_datetime(r.result.as_ref().ok()?.timestamp())),
                None => match file_date {
                    Some(_) => {
                        let f = crate::rules::date::filename_resolved(post, site);
                        let z = f.0.as_ref()?.result.as_ref().ok()?;
                        Some(site.tz.to_datetime(z.timestamp()))
                    }
                    None => None,
                },
            };
            let [permalink, categories, category, slug] = values(
                post,
                &defaults,
                ["permalink", "categories", "category", "slug"],
            );
            // Borrowed unless the front matter or the collection's default makes one (the
            // site's style was copied per post).
            let template: Cow<'_, str> = match as_template(permalink) {
                Some(t) => Cow::Owned(t),
                None => match coll.and_then(|c| c.permalink.as_deref()) {
                    Some(t) => Cow::Borrowed(t),
                    None if label == "posts" => {
                        Cow::Borrowed(permalink::style_to_template(&site.config.permalink))
                    }
                    None => Cow::Owned(permalink::add_permalink_suffix(
                        "/:collection/:path",
                        &site.config.permalink,
                    )),
                },
            };
            let categories = permalink::post_categories(
                if label == "posts" { &post.rel } else { "" },
                categories.as_ref(),
                category.as_ref(),
            );
            let fm_slug = slug.and_then(|v| match v {
                Value::String(s) => Some(s),
                Value::Null => None,
                other => Some(other.to_string()),
            });
            // Jekyll drops trailing periods from the slug taken from the file name.
            let slug = fm_slug
                .map(Cow::Owned)
                .or_else(|| file_slug.map(|s| Cow::Borrowed(s.trim_end_matches('.'))));
            // `/` and the path inside the document's folder without the extension: in the
            // path itself after the folder's `/`, so not copied.
            let path = match permalink::after_folder(&post.rel, label) {
                Some(at) => {
                    let inside = &post.rel[at..];
                    let stem = inside[..inside.len() - ext.len()].trim_end_matches('.');
                    Cow::Borrowed(&post.rel[at - 1..at + stem.len()])
                }
                None => {
                    let inside = post.rel.as_str();
                    Cow::Owned(
                        [
                            "/",
                            inside[..inside.len() - ext.len()].trim_end_matches('.'),
                        ]
                        .concat(),
                    )
                }
            };
            let out_ext = permalink::output_ext(ext);
            let url = permalink::document_url(&DocInput {
                template: &template,
                collection: label,
                categories: &categories,
                slug: slug.as_deref(),
                basename,
                path: &path,
                date,
                output_ext: out_ext,
            });
            let dest = permalink::destination(&url, out_ext);
            Some(OwnUrl { url, dest })
        }
    }
}

/// Whether Jekyll writes this document at all (drafts, `published: false`, future posts).
fn published(post: &Post, site: &Site) -> bool {
    if post.kind == Kind::Draft {
        return false;
    }
    let defaults = site
        .config
        .defaults_for(&post.rel, post.kind.defaults_type());
    if let Some(Value::Bool(false) | Value::Null) = value(post, &defaults, "published") {
        return false;
    }
    if post.kind.is_post_like() && !site.config.future {
        let date = match crate::rules::date::resolved(post, site) {
            Some(r) => r.result.as_ref().ok().map(|z| z.timestamp()),
            None => crate::rules::date::filename_resolved(post, site)
                .0
                .as_ref()
                .and_then(|r| r.result.as_ref().ok().map(|z| z.timestamp())),
        };
        if date.is_some_and(|t| t > site.now) {
            return false;
        }
    }
    true
}

/// What one document adds to the served set: the file Jekyll writes for it (empty when none:
/// unpublished, or no URL) and its own URL. A page without front matter is copied as is.
pub fn document_entry(post: &Post, site: &Site) -> (String, Option<OwnUrl>) {
    let own = if copied_as_is(post) {
        None
    } else {
        crate::rules::link::own_url(post, site).0.clone()
    };
    (document_file(post, site), own)
}

/// `document_entry` without the own URL (the caller has it in the post's memo).
pub fn document_file(post: &Post, site: &Site) -> String {
    if copied_as_is(post) {
        return format!("/{}", post.rel);
    }
    // Through the post's memo: the link rules need the same URL.
    match &crate::rules::link::own_url(post, site).0 {
        Some(u) if published(post, site) => u.dest.clone(),
        _ => String::new(),
    }
}

/// A page without front matter: Jekyll copies it to the site as it is.
fn copied_as_is(post: &Post) -> bool {
    post.kind == Kind::Page && post.front_matter().is_none()
}

/// The set of files a site serves.
#[derive(Default, Debug)]
pub struct Served {
    files: HashSet<String>,
    /// For `suggest`: the one URL with a given last segment, by a hash of that segment (None:
    /// several).
    stems: OnceLock<HashMap<u64, Option<String>>>,
    /// Each document's own URL by site-relative path, so the main pass need not compute it again.
    own: HashMap<String, OwnUrl>,
}

impl Served {
    pub fn from_files(files: impl IntoIterator<Item = String>) -> Served {
        // Sized once: a set grown from a filtered iterator rehashes all along the way.
        let files: Vec<String> = files.into_iter().collect();
        let mut set = HashSet::with_capacity(files.len());
        set.extend(files);
        Served {
            files: set,
            stems: OnceLock::new(),
            own: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads the whole site (in parallel when not already inside the thread pool).
    pub fn gather(site: &Site) -> Served {
        let walk = discover::walk(site, &site.root);
        // (the file it serves or "" when none, the document's own URL when it has one)
        let one = |t: &discover::Target| -> Option<(String, Option<OwnUrl>)> {
            let bytes = std::fs::read(&t.path).ok()?;
            let post = Post::new(t.path.clone(), t.rel.clone(), t.kind.clone(), bytes);
            Some(document_entry(&post, site))
        };
        let found: Vec<Option<(String, Option<OwnUrl>)>> =
            if rayon::current_thread_index().is_none() {
                walk.targets.par_iter().map(one).collect()
            } else {
                // Inside the pool (gathered lazily by a rule): a nested parallel loop could steal
                // a task that waits for these very facts.
                walk.targets.iter().map(one).collect()
            };
        let mut own = HashMap::new();
        let mut dests = Vec::with_capacity(found.len());
        for (t, (dest, url)) in walk
            .targets
            .iter()
            .zip(found)
            .filter_map(|(t, f)| Some((t, f?)))
        {
            dests.push(dest);
            if let Some(u) = url {
                own.insert(t.rel.clone(), u);
            }
        }
        let mut served = Served::from_parts(site, walk.statics, dests);
        served.own = own;
        served
    }

    /// The served set from the static files (site-relative paths) and what the documents
    /// write (`document_entry`; empty for none), with what the common plugins add.
    pub fn from_parts(
        site: &Site,
        statics: impl IntoIterator<Item = String>,
        dests: impl IntoIterator<Item = String>,
    ) -> Served {
        let files = statics
            .into_iter()
            .map(|rel| format!("/{rel}"))
            .chain(dests.into_iter().filter(|d| !d.is_empty()))
            .chain(plugin_outputs(site));
        Served::from_files(files)
    }

    /// A document's own URL as computed when the site was read, by site-relative path.
    pub fn own_url(&self, rel: &str) -> Option<&OwnUrl> {
        self.own.get(rel)
    }

    /// Whether a decoded path (baseurl removed) is served: the file itself, `path.html`, or
    /// `path/index.html` (GitHub Pages and most servers do both).
    pub fn serves(&self, path: &str) -> bool {
        let path = if path.is_empty() { "/" } else { path };
        // One buffer for the candidate names (this runs once per internal link).
        let mut with = String::with_capacity(path.len() + 11);
        let mut has = |suffix: &str| {
            with.clear();
            with.push_str(path);
            with.push_str(suffix);
            self.files.contains(with.as_str())
        };
        if path.ends_with('/') {
            return has("index.html");
        }
        self.files.contains(path) || has(".html") || has("/index.html")
    }

    /// A served URL whose last segment matches the missing path's, when there is exactly one.
    pub fn suggest(&self, path: &str) -> Option<String> {
        // Built on first use, while the other threads wait: keyed by a hash of the stem, so
        // each served file costs one allocation at most (its URL, the first time its stem is
        // seen). A hit is checked against the stem itself.
        let stems = self.stems.get_or_init(|| {
            let mut m: HashMap<u64, Option<String>> = HashMap::with_capacity(self.files.len());
            for f in &self.files {
                let url = f.strip_suffix("index.html").unwrap_or(f);
                let Some(stem) = stem(url) else { continue };
                m.entry(crate::shard::fnv1a64(stem.as_bytes()))
                    .and_modify(|v| *v = None)
                    .or_insert_with(|| Some(url.to_string()));
            }
            m
        });
        let want = stem(path)?;
        let url = stems
            .get(&crate::shard::fnv1a64(want.as_bytes()))?
            .as_ref()?;
        (stem(url) == Some(want)).then(|| url.clone())
    }
}

/// Files the common plugins named in `_config.yml` generate.
fn plugin_outputs(site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    for p in &site.config.plugins {
        match p.as_str() {
            "jekyll-feed" => out.push("/feed.xml".to_string()),
            "jekyll-sitemap" => {
                out.push("/sitemap.xml".to_string());
                out.push("/robots.txt".to_string());
            }
            _ => {}
        }
    }
    out
}

/// The last segment of a path without `.html`.
fn stem(path: &str) -> Option<&str> {
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let last = last.strip_suffix(".html").unwrap_or(last);
    (!last.is_empty()).then_some(last)
}

/// Whether a built site (`--site-dir`) has a file for a decoded path.
pub fn built_serves(dir: &Path, path: &str) -> bool {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return false;
    }
    let p = dir.join(rel);
    if path.ends_with('/') || rel.is_empty() {
        return p.join("index.html").is_file();
    }
    p.is_file() || dir.join(format!("{rel}.html")).is_file() || p.join("index.html").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass gives what a lookup per key gave, for every file of the shared corpus and
    /// for front matter with repeated keys, aliases and odd values, with and without
    /// defaults.
    #[test]
    fn values_in_one_pass_match_the_lookups() {
        let mut texts: Vec<Vec<u8>> =
            crate::test_support::files_under(&crate::test_support::shared().join("corpus"))
                .iter()
                .filter_map(|p| std::fs::read(p).ok())
                .collect();
        assert!(texts.len() > 150, "{}", texts.len());
        for fm in [
            "slug: a\nslug: b\ncategories: [x, y]\n",
            "a: &k slug\n*k : aliased\ncategory: ~\n",
            "permalink: /:title/\npermalink: ''\ncategories: 3\ncategory: [1, true]\n",
            "- not\n- a map\n",
            "slug: [unclosed\n",
            "",
        ] {
            texts.push(format!("---\n{fm}---\nbody\n").into_bytes());
        }
        let keys = [
            "permalink",
            "categories",
            "category",
            "slug",
            "title",
            "absent",
        ];
        let mut defaults = serde_json::Map::new();
        defaults.insert("absent".into(), Value::from("default"));
        defaults.insert("slug".into(), Value::from("default-slug"));
        let mut found = 0;
        for bytes in texts {
            let post = Post::new(
                Path::new("_posts/x.md"),
                "_posts/x.md".into(),
                Kind::Post,
                bytes,
            );
            for d in [&serde_json::Map::new(), &defaults] {
                let want = keys.map(|k| value(&post, d, k));
                assert_eq!(values(&post, d, keys), want, "{:?}", post.text);
                found += want.iter().flatten().count();
            }
        }
        assert!(found > 500, "{found}");
    }

    #[test]
    fn serves_folders_and_extensionless() {
        let s = Served::from_files([
            "/index.html".to_string(),
            "/a/index.html".into(),
            "/b.html".into(),
            "/c.png".into(),
        ]);
        assert!(s.serves("/"));
        assert!(s.serves(""));
        assert!(s.serves("/a/"));
        assert!(s.serves("/a"));
        assert!(s.serves("/a/index.html"));
        assert!(s.serves("/b"));
        assert!(s.serves("/b.html"));
        assert!(s.serves("/c.png"));
        assert!(!s.serves("/b/"));
        assert!(!s.serves("/d"));
        assert_eq!(s.suggest("/x/y/b/"), Some("/b.html".into()));
        assert_eq!(s.suggest("/nothing"), None);
    }

    #[test]
    fn suggests_only_a_unique_last_segment() {
        let s = Served::from_files([
            "/2022/01/02/a.html".to_string(),
            "/tags/a/index.html".into(),
            "/2022/b.html".into(),
            "/feed.xml".into(),
        ]);
        // `a` ends two served paths: no suggestion.
        assert_eq!(s.suggest("/old/a.html"), None);
        assert_eq!(s.suggest("/old/b/"), Some("/2022/b.html".into()));
        assert_eq!(s.suggest("/b"), Some("/2022/b.html".into()));
        assert_eq!(s.suggest("/x/feed.xml"), Some("/feed.xml".into()));
        assert_eq!(s.suggest("/bb"), None);
        assert_eq!(s.suggest("/"), None);
    }
}
