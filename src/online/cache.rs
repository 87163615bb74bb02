//! The persistent cache of successful checks (`.postlint-cache/links.json` under the site root
//! by default): only successes are kept, for `links.cache_max_age`; the file is replaced
//! atomically (written beside, then renamed), so a run killed at any moment leaves either the old
//! file or the new one, never a torn one.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Outcome, Settings};

pub const FILE: &str = "links.json";

#[derive(Serialize, Deserialize, Default)]
struct Disk {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Serialize, Deserialize, Clone)]
struct Entry {
    /// When it was checked (Unix seconds).
    checked: u64,
    outcome: Outcome,
}

pub struct Cache {
    path: PathBuf,
    max_age: Duration,
    entries: BTreeMap<String, Entry>,
    /// Changed since read: worth writing.
    dirty: bool,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache of a site (`cache_dir` relative to the root); a missing, unreadable or corrupt
    /// file is an empty cache.
    pub fn open(root: &Path, s: &Settings) -> Cache {
        let dir = if s.cache_dir.is_absolute() {
            s.cache_dir.clone()
        } else {
            root.join(&s.cache_dir)
        };
        let path = dir.join(FILE);
        let entries = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Disk>(&b).ok())
            .filter(|d| d.version == 1)
            .map(|d| d.entries)
            .unwrap_or_default();
        let mut c = Cache {
            path,
            max_age: s.cache_max_age,
            entries,
            dirty: false,
        };
        let t = now();
        let max = c.max_age.as_secs();
        c.entries.retain(|_, e| {
            e.checked <= t && t - e.checked < max && matches!(e.outcome, Outcome::Ok { .. })
        });
        c
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A fresh success for this URL, if the current settings still accept its status.
    pub fn get(&self, url: &str, s: &Settings) -> Option<&Outcome> {
        let e = self.entries.get(url)?;
        match &e.outcome {
            Outcome::Ok { status, .. } if s.accepts(*status) => Some(&e.outcome),
            _ => None,
        }
    }

    /// Records this run's outcomes: successes are stored, failures forget the URL.
    pub fn record(&mut self, results: &HashMap<String, Outcome>) {
        let t = now();
        for (url, o) in results {
            if matches!(o, Outcome::Ok { .. }) {
                self.dirty = true;
                self.entries.insert(
                    url.clone(),
                    Entry {
                        checked: t,
                        outcome: o.clone(),
                    },
                );
            } else if self.entries.remove(url).is_some() {
                self.dirty = true;
            }
        }
    }

    /// Writes the cache if it changed: a temporary file in the same folder, synced, then
    /// renamed over.
    pub fn save(&self) -> std::io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            // A cache is not source: keep it out of commits (the CI cache action still sees it).
            let _ = std::fs::write(&ignore, "*\n");
        }
        let disk = Disk {
            version: 1,
            entries: self.entries.clone(),
        };
        let bytes = serde_json::to_vec(&disk).map_err(std::io::Error::other)?;
        let tmp = dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_successes_forgets_failures_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::default();
        let mut c = Cache::open(dir.path(), &s);
        let mut r = HashMap::new();
        r.insert(
            "https://a.com/".to_string(),
            Outcome::Ok {
                status: 200,
                hops: vec![],
            },
        );
        r.insert(
            "https://b.com/".to_string(),
            Outcome::Unreachable {
                status: Some(404),
                reason: "404 Not Found".into(),
                hops: vec![],
            },
        );
        c.record(&r);
        c.save().unwrap();
        let c = Cache::open(dir.path(), &s);
        assert!(c.get("https://a.com/", &s).is_some());
        assert!(c.get("https://b.com/", &s).is_none());
        let text = std::fs::read_to_string(c.path()).unwrap();
        assert!(!text.contains("b.com"), "{text}");
        // Expired entries are not used.
        let old = Settings {
            cache_max_age: Duration::ZERO,
            ..Settings::default()
        };
        assert!(Cache::open(dir.path(), &old)
            .get("https://a.com/", &old)
            .is_none());
        // A torn or foreign file is an empty cache, not an error.
        std::fs::write(c.path(), b"{\"version\":1,\"entr").unwrap();
        assert!(Cache::open(dir.path(), &s)
            .get("https://a.com/", &s)
            .is_none());
    }
}
