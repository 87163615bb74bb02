//! Online link checking (`postlint lint --online`, `links.online: true`).
//!
//! Before the per-post pass, every external http(s) URL of the posts is gathered with the same
//! extraction the offline link rules use, each distinct URL is checked once (concurrently, with a
//! global and a per-host limit), and the outcomes are kept on the `Site`. The rules
//! `link/unreachable`, `link/redirect-loop` and `link/redirected` then read them while each post
//! is linted, so every place a URL appears gets its finding, rendered with the file's text.

pub mod cache;
pub mod net;

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

/// Keys of the `links` section that configure online checking.
pub const KEYS: &[&str] = &[
    "online",
    "concurrency",
    "per_host",
    "host_interval_ms",
    "max_redirects",
    "retries",
    "timeout",
    "connect_timeout",
    "accept",
    "exclude",
    "headers",
    "allow_private",
    "cache_dir",
    "cache_max_age",
];

/// The settings of online checking, from the `links` section (defaults when unset).
#[derive(Clone, Debug)]
pub struct Settings {
    pub online: bool,
    /// Requests in flight at once, all hosts together.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// The least time between two requests to one host.
    pub host_interval: Duration,
    pub max_redirects: usize,
    /// Retries of a 429/503 answer or a dropped connection.
    pub retries: u32,
    /// Total time for one request (connect, headers, the body read).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Status codes that count as reachable.
    pub accept: Vec<RangeInclusive<u16>>,
    /// URLs matching one of these are not checked.
    pub exclude: Vec<regex::Regex>,
    /// Per host (lower case): header name and the environment variable holding its value.
    pub headers: HashMap<String, Vec<(String, String)>>,
    /// Connect to loopback, private, link-local, … addresses too.
    pub allow_private: bool,
    /// Where the cache lives (relative paths are from the site root).
    pub cache_dir: PathBuf,
    pub cache_max_age: Duration,
    /// The longest `Retry-After` honoured; a longer one is a failure.
    pub max_retry_wait: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            online: false,
            concurrency: 32,
            per_host: 4,
            host_interval: Duration::from_millis(100),
            max_redirects: 10,
            retries: 3,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            accept: vec![200..=299],
            exclude: Vec::new(),
            headers: HashMap::new(),
            allow_private: false,
            cache_dir: PathBuf::from(".postlint-cache"),
            cache_max_age: Duration::from_secs(86_400),
            max_retry_wait: Duration::from_secs(60),
        }
    }
}

impl Settings {
    /// Reads the `links` section (already validated by the config loader, but every key is
    /// checked again here so a bad value can never be half-applied).
    pub fn from_links(links: Option<&Value>) -> Result<Settings, String> {
        let mut s = Settings::default();
        let Some(Value::Object(m)) = links else {
            return Ok(s);
        };
        for (k, v) in m {
            if KEYS.contains(&k.as_str()) {
                apply(&mut s, k, v).map_err(|e| format!("links.{k}: {e}"))?;
            }
        }
        Ok(s)
    }

    pub fn accepts(&self, status: u16) -> bool {
        self.accept.iter().any(|r| r.contains(&status))
    }

    pub fn excluded(&self, url: &str) -> bool {
        self.exclude.iter().any(|r| r.is_match(url))
    }
}

/// Checks one key of the `links` section (for the config loader).
pub fn check_key(key: &str, v: &Value) -> Result<(), String> {
    apply(&mut Settings::default(), key, v)
}

fn apply(s: &mut Settings, key: &str, v: &Value) -> Result<(), String> {
    let count = |min: u64, max: u64| -> Result<u64, String> {
        match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(format!("must be a whole number from {min} to {max}")),
        }
    };
    match key {
        "online" | "allow_private" => {
            let b = v.as_bool().ok_or("must be true or false")?;
            if key == "online" {
                s.online = b;
            } else {
                s.allow_private = b;
            }
        }
        "concurrency" => s.concurrency = count(1, 1024)? as usize,
        "per_host" => s.per_host = count(1, 256)? as usize,
        "host_interval_ms" => s.host_interval = Duration::from_millis(count(0, 600_000)?),
        "max_redirects" => s.max_redirects = count(0, 100)? as usize,
        "retries" => s.retries = count(0, 20)? as u32,
        "timeout" | "connect_timeout" | "cache_max_age" => {
            let d = duration(v)?;
            if d.is_zero() && key != "cache_max_age" {
                return Err("must be more than zero".into());
            }
            match key {
                "timeout" => s.timeout = d,
                "connect_timeout" => s.connect_timeout = d,
                _ => s.cache_max_age = d,
            }
        }
        "accept" => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            let mut out = Vec::new();
            for i in items {
                out.push(status_range(i)?);
            }
            if out.is_empty() {
                return Err("must list at least one status code or range".into());
            }
            s.accept = out;
        }
        "exclude" => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            let mut out = Vec::new();
            for i in items {
                let p = i.as_str().ok_or("must be a list of regular expressions")?;
                out.push(regex::Regex::new(p).map_err(|e| format!("`{p}`: {e}"))?);
            }
            s.exclude = out;
        }
        "headers" => {
            let Value::Object(hosts) = v else {
                return Err("must map host names to {Header-Name: ENV_VAR}".into());
            };
            let mut out = HashMap::new();
            for (host, hv) in hosts {
                let Value::Object(hs) = hv else {
                    return Err(format!(
                        "{host}: must map header names to environment variable names"
                    ));
                };
                let mut list = Vec::new();
                for (name, env) in hs {
                    if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
                        return Err(format!("{host}: `{name}` is not a header name"));
                    }
                    let env = env.as_str().unwrap_or("");
                    let valid = env
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if !valid {
                        return Err(format!(
                            "{host}: {name}: the value is the NAME of an environment variable holding the header value (e.g. GITHUB_TOKEN), never the secret itself"
                        ));
                    }
                    list.push((name.clone(), env.to_string()));
                }
                out.insert(host.trim().to_ascii_lowercase(), list);
            }
            s.headers = out;
        }
        "cache_dir" => {
            let p = v
                .as_str()
                .filter(|p| !p.trim().is_empty())
                .ok_or("must be a folder path")?;
            s.cache_dir = PathBuf::from(p);
        }
        _ => return Err("unknown key".into()),
    }
    Ok(())
}

/// `10`, `2.5` (seconds), or `"500ms"`, `"10s"`, `"5m"`, `"2h"`, `"1d"`.
fn duration(v: &Value) -> Result<Duration, String> {
    const HOW: &str =
        "must be seconds (a number) or a duration such as \"500ms\", \"10s\", \"5m\", \"1d\"";
    let secs = match v {
        Value::Number(n) => n.as_f64().ok_or(HOW)?,
        Value::String(t) => {
            let t = t.trim();
            let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
            let (num, unit) = t.split_at(split);
            let n: f64 = num.trim().parse().map_err(|_| HOW)?;
            n * match unit.trim() {
                "ms" => 0.001,
                "" | "s" => 1.0,
                "m" => 60.0,
                "h" => 3600.0,
                "d" => 86_400.0,
                _ => return Err(HOW.into()),
            }
        }
        _ => return Err(HOW.into()),
    };
    if !(0.0..=1e9).contains(&secs) {
        return Err(HOW.into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `200`, `"200"`, `"200..=299"`, `"200..300"`, `"200-299"`.
fn status_range(v: &Value) -> Result<RangeInclusive<u16>, String> {
    let bad = || format!("`{v}` is not a status code or range such as \"200..=299\"");
    let code = |t: &str| -> Result<u16, String> {
        t.trim()
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=999).contains(c))
            .ok_or_else(bad)
    };
    match v {
        Value::Number(n) => {
            let c = n
                .as_u64()
                .and_then(|c| u16::try_from(c).ok())
                .ok_or_else(bad)?;
            code(&c.to_string()).map(|c| c..=c)
        }
        Value::String(t) => {
            let r = if let Some((a, b)) = t.split_once("..=") {
                code(a)?..=code(b)?
            } else if let Some((a, b)) = t.split_once("..") {
                code(a)?..=code(b)?.checked_sub(1).ok_or_else(bad)?
            } else if let Some((a, b)) = t.split_once('-') {
                code(a)?..=code(b)?
            } else {
                let c = code(t)?;
                c..=c
            };
            if r.is_empty() {
                return Err(bad());
            }
            Ok(r)
        }
        _ => Err(bad()),
    }
}

/// One redirect: the URL that answered, its status, and where it sent us.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub url: String,
    pub status: u16,
    pub to: String,
}

/// What checking a URL found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Reachable (an accepted status), possibly after redirects.
    Ok { status: u16, hops: Vec<Hop> },
    /// An unaccepted status, or no answer (`status` None): why, in plain words.
    Unreachable {
        status: Option<u16>,
        reason: String,
        hops: Vec<Hop>,
    },
    /// The redirects come back to a URL already visited, or go on past `max_redirects`.
    Loop { hops: Vec<Hop>, too_many: bool },
}

impl Outcome {
    /// The hops followed before the final answer.
    pub fn hops(&self) -> &[Hop] {
        match self {
            Outcome::Ok { hops, .. }
            | Outcome::Unreachable { hops, .. }
            | Outcome::Loop { hops, .. } => hops,
        }
    }

    /// Where the redirects ended (None when there were none).
    pub fn final_url(&self) -> Option<&str> {
        self.hops().last().map(|h| h.to.as_str())
    }

    /// Every redirect was permanent (301/308): links can safely point at the final URL.
    pub fn permanent(&self) -> bool {
        let h = self.hops();
        !h.is_empty() && h.iter().all(|h| matches!(h.status, 301 | 308))
    }
}

/// The outcomes of one run, by URL (without its fragment).
#[derive(Debug, Default)]
pub struct Results {
    pub by_url: HashMap<String, Outcome>,
    /// URLs answered from the cache.
    pub from_cache: usize,
    /// Requests sent.
    pub requests: usize,
}

/// The key a URL is checked under: its serialization without the fragment (the server never
/// sees the fragment).
pub fn key(u: &Url) -> String {
    let mut u = u.clone();
    u.set_fragment(None);
    u.to_string()
}

/// Whether an absolute URL is one online checking looks at: http(s), with a host other than the
/// site's own (internal links are checked offline against the sources).
pub fn checkable(u: &Url, own_host: Option<&str>) -> bool {
    matches!(u.scheme(), "http" | "https")
        && u.host_str().is_some_and(|h| {
            !h.is_empty() && own_host.is_none_or(|own| !h.eq_ignore_ascii_case(own))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_reject() {
        let v: Value = serde_json::json!({
            "online": true, "concurrency": 8, "per_host": 2, "host_interval_ms": 0,
            "timeout": "1500ms", "connect_timeout": 2, "cache_max_age": "2h",
            "accept": [200, "300..=308", "429"], "exclude": ["^https://x\\.com/"],
            "headers": {"API.example.com": {"Authorization": "API_TOKEN"}},
        });
        let s = Settings::from_links(Some(&v)).unwrap();
        assert!(s.online);
        assert_eq!(s.concurrency, 8);
        assert_eq!(s.timeout, Duration::from_millis(1500));
        assert_eq!(s.connect_timeout, Duration::from_secs(2));
        assert_eq!(s.cache_max_age, Duration::from_secs(7200));
        assert!(s.accepts(200) && s.accepts(301) && s.accepts(429) && !s.accepts(404));
        assert!(s.excluded("https://x.com/a") && !s.excluded("https://y.com/"));
        assert_eq!(
            s.headers["api.example.com"],
            vec![("Authorization".to_string(), "API_TOKEN".to_string())]
        );
        for (k, v) in [
            ("concurrency", serde_json::json!(0)),
            ("timeout", serde_json::json!("soon")),
            ("accept", serde_json::json!(["200..=abc"])),
            ("accept", serde_json::json!("300..200")),
            ("exclude", serde_json::json!(["("])),
            (
                "headers",
                serde_json::json!({"a.com": {"Authorization": "Bearer abc123"}}),
            ),
            ("online", serde_json::json!("yes")),
        ] {
            assert!(check_key(k, &v).is_err(), "{k}: {v}");
        }
    }

    #[test]
    fn keys_drop_the_fragment() {
        let u = Url::parse("https://a.com/x?q=1#frag").unwrap();
        assert_eq!(key(&u), "https://a.com/x?q=1");
        assert!(checkable(&u, Some("b.com")));
        assert!(!checkable(&u, Some("A.com")));
        assert!(!checkable(&Url::parse("ftp://a.com/").unwrap(), None));
    }
}
