//! The network side: checks many URLs at once, politely (a global and a per-host limit, a least
//! interval between two requests to one host, `Retry-After`), safely (no private addresses unless
//! allowed, vetted after DNS resolution and at every redirect) and cheaply (HEAD first, GET
//! bodies cut after a few KB).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Method, StatusCode};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

use super::{key, Hop, Outcome, Settings};

/// The most a GET reads of a body: enough to know the server answered.
pub const BODY_CAP: usize = 4096;

/// Refused by the address policy (`links.allow_private`).
#[derive(Debug)]
pub struct Blocked(pub String);

impl std::fmt::Display for Blocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Blocked {}

/// The host name did not resolve.
#[derive(Debug)]
struct DnsFailure(String);

impl std::fmt::Display for DnsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for DnsFailure {}

/// Whether connecting to `ip` is allowed without `allow_private`: public unicast only.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64) // 100.64/10, carrier-grade NAT
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // 192.0.0/24, protocol assignments
                || (o[0] == 198 && (o[1] & 0xfe) == 18) // 198.18/15, benchmarking
                || o[0] >= 240) // reserved
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let o = v6.octets();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(
                    o[12], o[13], o[14], o[15],
                )));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0) // site-local (deprecated)
        }
    }
}

fn refusal(host: &str, ip: IpAddr) -> String {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let at = if host == ip.to_string() {
        host.to_string()
    } else {
        format!("{host} ({ip})")
    };
    format!("refused to connect to {at}: a loopback, private, link-local or multicast address")
}

/// Resolves names and drops the addresses the policy forbids, so the connection can only go to
/// a vetted address (no second look-up that could answer differently).
struct Vetted {
    allow_private: bool,
}

impl Resolve for Vetted {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match tokio::net::lookup_host((host.as_str(), 0)).await {
                Ok(a) => a.collect(),
                Err(e) => {
                    return Err(Box::new(DnsFailure(format!(
                        "DNS failure: {host} does not resolve ({e})"
                    ))) as _)
                }
            };
            if addrs.is_empty() {
                return Err(
                    Box::new(DnsFailure(format!("DNS failure: {host} has no address"))) as _,
                );
            }
            let ok: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| allow || is_public(a.ip()))
                .collect();
            if ok.is_empty() {
                return Err(Box::new(Blocked(refusal(&host, addrs[0].ip()))) as _);
            }
            Ok(Box::new(ok.into_iter()) as Addrs)
        })
    }
}

/// Per-host pacing: how many requests may be in flight, and when the next may start.
struct Gate {
    slots: Semaphore,
    next: tokio::sync::Mutex<Instant>,
}

/// One answer, before policy.
#[derive(Clone)]
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

/// An answer several redirect chains may wait for.
type SharedAnswer = Arc<tokio::sync::OnceCell<Result<Answer, String>>>;

/// Why a request got no answer, and whether trying again may help.
struct Failure {
    reason: String,
    retryable: bool,
}

pub struct Checker {
    client: reqwest::Client,
    s: Settings,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Gate>>>,
    /// Hosts that refused a HEAD with 405/501: asked with GET from then on.
    get_only: Mutex<HashSet<String>>,
    requests: AtomicUsize,
    bar: Option<indicatif::ProgressBar>,
    /// One answer per URL for the run: chains that meet (two links redirecting to one page)
    /// share the request, even while it is in flight.
    answers: Mutex<HashMap<String, SharedAnswer>>,
}

/// Checks every URL once, concurrently; returns the outcome per key and the requests sent.
pub fn check_all(
    urls: Vec<Url>,
    s: &Settings,
    bar: Option<indicatif::ProgressBar>,
) -> Result<(HashMap<String, Outcome>, usize), String> {
    if urls.is_empty() {
        return Ok((HashMap::new(), 0));
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the network runtime: {e}"))?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A proxy would connect on our behalf to addresses we never vetted.
        .no_proxy()
        .timeout(s.timeout)
        .connect_timeout(s.connect_timeout)
        .pool_max_idle_per_host(s.per_host)
        .dns_resolver(Arc::new(Vetted {
            allow_private: s.allow_private,
        }))
        .user_agent(concat!(
            "postlint/",
            env!("CARGO_PKG_VERSION"),
            " (link checker; +https://github.com/)"
        ))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let checker = Arc::new(Checker {
        client,
        s: s.clone(),
        global: Semaphore::new(s.concurrency),
        hosts: Mutex::new(HashMap::new()),
        get_only: Mutex::new(HashSet::new()),
        requests: AtomicUsize::new(0),
        bar,
        answers: Mutex::new(HashMap::new()),
    });
    let out = rt.block_on(async {
        let mut tasks = Vec::with_capacity(urls.len());
        for u in urls {
            let c = Arc::clone(&checker);
            tasks.push(tokio::spawn(async move {
                let k = key(&u);
                let o = c.check(u).await;
                if let Some(b) = &c.bar {
                    b.inc(1);
                }
                (k, o)
            }));
        }
        let mut out = HashMap::with_capacity(tasks.len());
        for t in tasks {
            if let Ok((k, o)) = t.await {
                out.insert(k, o);
            }
        }
        out
    });
    let n = checker.requests.load(Ordering::Relaxed);
    Ok((out, n))
}

impl Checker {
    fn gate(&self, host: &str) -> Arc<Gate> {
        let mut hosts = self.hosts.lock().expect("hosts lock");
        Arc::clone(hosts.entry(host.to_string()).or_insert_with(|| {
            Arc::new(Gate {
                slots: Semaphore::new(self.s.per_host),
                next: tokio::sync::Mutex::new(Instant::now()),
            })
        }))
    }

    /// Follows the redirects of one URL and judges the final answer.
    async fn check(&self, url: Url) -> Outcome {
        let mut cur = url;
        let mut hops: Vec<Hop> = Vec::new();
        let mut seen = HashSet::new();
        seen.insert(key(&cur));
        loop {
            let answer = match self.fetch_shared(&cur).await {
                Ok(a) => a,
                Err(reason) => {
                    return Outcome::Unreachable {
                        status: None,
                        reason,
                        hops,
                    }
                }
            };
            let status = answer.status;
            if matches!(status, 301 | 302 | 303 | 307 | 308) && !self.s.accepts(status) {
                if let Some(loc) = answer.location {
                    let Ok(next) = cur.join(&loc) else {
                        return Outcome::Unreachable {
                            status: Some(status),
                            reason: format!("{status} redirect to an invalid Location `{loc}`"),
                            hops,
                        };
                    };
                    hops.push(Hop {
                        url: cur.to_string(),
                        status,
                        to: next.to_string(),
                    });
                    if !matches!(next.scheme(), "http" | "https") {
                        return Outcome::Unreachable {
                            status: Some(status),
                            reason: format!("redirects to {next}, which is not http(s)"),
                            hops,
                        };
                    }
                    if !seen.insert(key(&next)) {
                        return Outcome::Loop {
                            hops,
                            too_many: false,
                        };
                    }
                    if hops.len() > self.s.max_redirects {
                        return Outcome::Loop {
                            hops,
                            too_many: true,
                        };
                    }
                    cur = next;
                    continue;
                }
            }
            return if self.s.accepts(status) {
                Outcome::Ok { status, hops }
            } else {
                let reason = match answer.retry_after {
                    Some(w) if matches!(status, 429 | 503) => format!(
                        "{} (it asks to wait {} s, more than the {} s postlint waits)",
                        status_words(status),
                        w.as_secs(),
                        self.s.max_retry_wait.as_secs()
                    ),
                    _ => status_words(status),
                };
                Outcome::Unreachable {
                    status: Some(status),
                    reason,
                    hops,
                }
            };
        }
    }

    /// `fetch`, once per URL: a second caller waits for the first one's answer.
    async fn fetch_shared(&self, url: &Url) -> Result<Answer, String> {
        let cell = {
            let mut m = self.answers.lock().expect("answers lock");
            Arc::clone(m.entry(key(url)).or_default())
        };
        cell.get_or_init(|| self.fetch(url)).await.clone()
    }

    /// One URL, one answer: HEAD (GET when HEAD is refused or unreliable), with the retries of
    /// 429/503 and dropped connections.
    async fn fetch(&self, url: &Url) -> Result<Answer, String> {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        // IP literals never reach the resolver: vet them here.
        if !self.s.allow_private {
            let ip = match url.host() {
                Some(url::Host::Ipv4(a)) => Some(IpAddr::V4(a)),
                Some(url::Host::Ipv6(a)) => Some(IpAddr::V6(a)),
                _ => None,
            };
            if let Some(ip) = ip.filter(|ip| !is_public(*ip)) {
                return Err(refusal(&host, ip));
            }
        }
        let mut attempt = 0u32;
        loop {
            let get_only = self.get_only.lock().expect("lock").contains(&host);
            let mut got = self
                .send(
                    if get_only { Method::GET } else { Method::HEAD },
                    url,
                    &host,
                )
                .await;
            if !get_only {
                let fall_back = match &got {
                    Ok(a) => {
                        if matches!(a.status, 405 | 501) {
                            self.get_only.lock().expect("lock").insert(host.clone());
                        }
                        // Many servers answer HEAD wrongly (403, 404, 400…) while GET works.
                        a.status >= 400 && !matches!(a.status, 429 | 503)
                    }
                    Err(f) => f.retryable,
                };
                if fall_back {
                    got = self.send(Method::GET, url, &host).await;
                }
            }
            match got {
                Ok(a) if matches!(a.status, 429 | 503) && attempt < self.s.retries => {
                    let wait = match a.retry_after {
                        Some(w) if w > self.s.max_retry_wait => return Ok(a),
                        Some(w) => w + jitter(w / 10),
                        None => backoff(attempt),
                    };
                    tokio::time::sleep(wait).await;
                }
                Err(f) if f.retryable && attempt < self.s.retries => {
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Ok(a) => return Ok(a),
                Err(f) => return Err(f.reason),
            }
            attempt += 1;
        }
    }

    /// Sends one request when the host's and the global limits allow it.
    async fn send(&self, method: Method, url: &Url, host: &str) -> Result<Answer, Failure> {
        let gate = self.gate(host);
        let _slot = gate.slots.acquire().await.expect("host semaphore");
        if !self.s.host_interval.is_zero() {
            let at = {
                let mut next = gate.next.lock().await;
                let at = (*next).max(Instant::now());
                *next = at + self.s.host_interval;
                at
            };
            tokio::time::sleep_until(at).await;
        }
        let _permit = self.global.acquire().await.expect("global semaphore");
        if let Some(b) = &self.bar {
            b.set_message(host.to_string());
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut req = self.client.request(method.clone(), url.as_str());
        if let Some(hs) = self.s.headers.get(host) {
            for (name, env) in hs {
                if let Ok(v) = std::env::var(env) {
                    req = req.header(name.as_str(), v);
                }
            }
        }
        let mut resp = req.send().await.map_err(|e| self.failure(&e))?;
        let status = resp.status();
        let header = |n: reqwest::header::HeaderName| {
            resp.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header(reqwest::header::LOCATION);
        let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| retry_after(&v));
        if method == Method::GET {
            // Read only the start of the body: the status is what matters.
            let mut read = 0;
            while read < BODY_CAP {
                match resp.chunk().await {
                    Ok(Some(c)) => read += c.len(),
                    _ => break,
                }
            }
        }
        drop(resp);
        Ok(Answer {
            status: status.as_u16(),
            location,
            retry_after,
        })
    }

    fn failure(&self, e: &reqwest::Error) -> Failure {
        let mut retryable = false;
        let mut found: Option<String> = None;
        let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = src {
            // io::Errors nest (Other wrapping InvalidData wrapping rustls's error), and their
            // `source()` skips the wrapped error itself: unwrap them by hand.
            let mut layers = vec![err];
            while let Some(inner) = layers
                .last()
                .and_then(|e| e.downcast_ref::<std::io::Error>())
                .and_then(|io| io.get_ref())
            {
                layers.push(inner as &(dyn std::error::Error + 'static));
            }
            for x in layers {
                if let Some(b) = x.downcast_ref::<Blocked>() {
                    found.get_or_insert_with(|| b.0.clone());
                } else if let Some(d) = x.downcast_ref::<DnsFailure>() {
                    found.get_or_insert_with(|| d.0.clone());
                } else if let Some(t) = x.downcast_ref::<rustls::Error>() {
                    found.get_or_insert_with(|| format!("TLS failure: {t}"));
                } else if let Some(io) = x.downcast_ref::<std::io::Error>() {
                    use std::io::ErrorKind::*;
                    match io.kind() {
                        ConnectionRefused => {
                            found.get_or_insert_with(|| "connection refused".into());
                        }
                        ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe => {
                            retryable = true;
                            found.get_or_insert_with(|| {
                                "the server closed the connection without answering".into()
                            });
                        }
                        _ => {}
                    }
                }
            }
            src = err.source();
        }
        if let Some(reason) = found {
            return Failure { reason, retryable };
        }
        if e.is_timeout() {
            let reason = if e.is_connect() {
                format!(
                    "timed out connecting (no connection within {} of `links.connect_timeout`)",
                    secs(self.s.connect_timeout)
                )
            } else {
                format!(
                    "timed out (no answer within {} of `links.timeout`)",
                    secs(self.s.timeout)
                )
            };
            return Failure {
                reason,
                retryable: false,
            };
        }
        // Plain words from the chain: "error sending request: client error (Connect): …".
        let mut chain = Vec::new();
        let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = src {
            let t = err.to_string();
            if !chain.iter().any(|c: &String| c.contains(&t)) {
                chain.push(t);
            }
            src = err.source();
        }
        let text = chain.join(": ");
        let lower = text.to_ascii_lowercase();
        let reason = if lower.contains("certificate") || lower.contains("tls") {
            format!("TLS failure: {text}")
        } else if e.is_connect() {
            format!("could not connect: {text}")
        } else {
            retryable = true;
            text
        };
        Failure { reason, retryable }
    }
}

fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// The status in words: `404 Not Found`.
pub fn status_words(status: u16) -> String {
    match StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    }
}

/// `Retry-After`: seconds, or an HTTP date.
pub fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(n) = v.parse::<u64>() {
        return Some(Duration::from_secs(n));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(v)
        .ok()?;
    let d = at.duration_since(jiff::Timestamp::now());
    Some(Duration::try_from(d).unwrap_or(Duration::ZERO))
}

fn random() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// Uniform in `[0, max)`.
fn jitter(max: Duration) -> Duration {
    let ms = max.as_millis() as u64;
    if ms == 0 {
        return Duration::ZERO;
    }
    Duration::from_millis(random() % ms)
}

/// Exponential backoff with jitter: 250 ms, 500 ms, 1 s, … (capped at 10 s) plus up to as much.
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(250u64.saturating_mul(1 << attempt.min(6)))
        .min(Duration::from_secs(10));
    base + jitter(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "224.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
        for good in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700::1111",
            "64:ff9b::101:101",
        ] {
            assert!(is_public(good.parse().unwrap()), "{good}");
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(120);
        let text = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&later)
            .unwrap();
        let d = retry_after(&text).unwrap();
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        assert!(
            backoff(0) >= Duration::from_millis(250) && backoff(0) < Duration::from_millis(500)
        );
        assert!(backoff(2) >= Duration::from_secs(1));
        assert!(backoff(30) < Duration::from_secs(20));
    }
}
