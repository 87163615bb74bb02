//! Site-wide facts gathered once, before or during the per-post pass, from the whole site.

use foldhash::HashSet;
use std::sync::OnceLock;

use crate::site::discover;
use crate::site::served;
use crate::site::Site;

#[derive(Default, Debug)]
pub struct Facts {
    /// Post names as `{% post_url %}` accepts them: the file stem, and `sub/stem` for posts in
    /// sub-folders of `_posts/`.
    pub post_names: HashSet<String>,
    /// Every URL the site serves (posts, pages, static files), read on first use: only the
    /// link rules need it.
    served: OnceLock<served::Served>,
}

impl Facts {
    pub fn gather(site: &Site) -> Facts {
        Facts::from_targets(&discover::walk(site, &site.root).targets)
    }

    /// The facts from the documents of a walk of the whole site.
    pub fn from_targets(targets: &[discover::Target]) -> Facts {
        let mut f = Facts::default();
        // Sized once: growing it rehashed every name a few times.
        f.post_names.reserve(targets.len());
        for t in targets {
            if t.kind != crate::post::Kind::Post {
                continue;
            }
            let inside = discover::after_posts_dir(&t.rel).unwrap_or(&t.rel);
            let stem = inside.rsplit_once('.').map_or(inside, |(s, _)| s);
            f.post_names.insert(stem.to_string());
            if let Some((_, file)) = stem.rsplit_once('/') {
                f.post_names.insert(file.to_string());
            }
        }
        f
    }

    /// The URLs the site serves.
    pub fn served(&self, site: &Site) -> &served::Served {
        self.served.get_or_init(|| served::Served::gather(site))
    }

    /// Sets the served set once it is known (a whole-site pass learns it as it goes).
    pub fn set_served(&self, served: served::Served) {
        let _ = self.served.set(served);
    }

    /// The served set if it has been gathered already (it never is gathered on demand here).
    pub fn served_if_gathered(&self) -> Option<&served::Served> {
        self.served.get()
    }

    pub fn has_post(&self, name: &str) -> bool {
        self.post_names.contains(name.trim_start_matches('/'))
    }
}
