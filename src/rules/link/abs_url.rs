//! An absolute URL of a link. Most are plain `http(s)://host/path` (the source credit of every
//! post): for those the scheme, host and path are read off the text, which is all the offline
//! rules ask, and the `url` crate parses them only when asked for more (online checking, the
//! retired-host help). `Url::parse` was about 4% of the instructions of a whole-site lint.
//!
//! "Plain" is narrow on purpose: a lower-case `http` or `https`, a lower-case ASCII host name
//! whose last label starts with a letter (no IP address, no port, no punycode), and a path, query
//! and fragment of characters the URL standard leaves as written, without dot segments. For
//! those the parts are exactly the parser's; the tests and the `link` fuzz target hold it so.

use std::cell::OnceCell;
use std::fmt;
use url::Url;

use crate::site::path_join;

#[derive(Clone)]
pub struct AbsUrl {
    /// The URL as written (empty when built from a parsed `Url`).
    text: Box<str>,
    /// Where the parts are in `text`, for a plain URL.
    plain: Option<Parts>,
    full: OnceCell<Url>,
}

#[derive(Clone, Copy)]
struct Parts {
    scheme_len: u8,
    host_end: u32,
    path_end: u32,
}

impl AbsUrl {
    /// Reads an absolute URL, as `Url::parse` would (the error is its error).
    pub fn parse(text: &str) -> Result<AbsUrl, url::ParseError> {
        if let Some(plain) = plain_parts(text) {
            return Ok(AbsUrl {
                text: text.into(),
                plain: Some(plain),
                full: OnceCell::new(),
            });
        }
        Url::parse(text).map(AbsUrl::from)
    }

    /// `parse` of a text made for it (`https:` + `//host/…`): kept as it is when plain, not
    /// copied again.
    pub fn parse_owned(text: String) -> Result<AbsUrl, url::ParseError> {
        if let Some(plain) = plain_parts(&text) {
            return Ok(AbsUrl {
                text: text.into_boxed_str(),
                plain: Some(plain),
                full: OnceCell::new(),
            });
        }
        Url::parse(&text).map(AbsUrl::from)
    }

    pub fn scheme(&self) -> &str {
        match self.plain {
            Some(p) => &self.text[..usize::from(p.scheme_len)],
            None => self.url().scheme(),
        }
    }

    pub fn host_str(&self) -> Option<&str> {
        match self.plain {
            Some(p) => Some(&self.text[usize::from(p.scheme_len) + 3..p.host_end as usize]),
            None => self.url().host_str(),
        }
    }

    /// The path, `/` when none is written (as the parser gives it).
    pub fn path(&self) -> &str {
        match self.plain {
            Some(p) if p.host_end == p.path_end => "/",
            Some(p) => &self.text[p.host_end as usize..p.path_end as usize],
            None => self.url().path(),
        }
    }

    /// The parsed URL, parsed on first use for a plain one.
    pub fn url(&self) -> &Url {
        self.full.get_or_init(|| {
            // `plain_parts` accepts only what the parser takes (see the tests).
            Url::parse(&self.text).expect("a plain URL parses")
        })
    }
}

impl From<Url> for AbsUrl {
    fn from(u: Url) -> AbsUrl {
        AbsUrl {
            text: Box::default(),
            plain: None,
            full: OnceCell::from(u),
        }
    }
}

impl PartialEq for AbsUrl {
    fn eq(&self, other: &AbsUrl) -> bool {
        self.url() == other.url()
    }
}

impl Eq for AbsUrl {}

impl fmt::Debug for AbsUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.plain {
            Some(_) => write!(f, "AbsUrl({:?})", self.text),
            None => write!(f, "AbsUrl({:?})", self.url().as_str()),
        }
    }
}

/// The parts of a plain URL (see the module), else None.
fn plain_parts(s: &str) -> Option<Parts> {
    let b = s.as_bytes();
    let scheme_len = if b.starts_with(b"https://") {
        5
    } else if b.starts_with(b"http://") {
        4
    } else {
        return None;
    };
    let host_end = plain_host_end(b, scheme_len + 3)?;
    let rest = &b[host_end..];
    // The path (from the `/` that ended the host, if that was one) as the relative-link shortcut
    // takes a page's: no dot segments, written or as `%2e`, and no `//` at its start (none of
    // which the parser leaves as written).
    if rest.starts_with(b"//") {
        return None;
    }
    let path_len = path_join::plain_path_end(rest, &path_join::URL_PATH)?;
    if !rest[path_len..].iter().all(|&c| plain_byte(c)) {
        return None;
    }
    Some(Parts {
        scheme_len: scheme_len as u8,
        host_end: u32::try_from(host_end).ok()?,
        path_end: u32::try_from(host_end + path_len).ok()?,
    })
}

/// Where a plain host starting at `start` ends (at a `/`, `?`, `#` or the end), else None:
/// lower-case ASCII labels of letters, digits and inner hyphens, the last starting with a
/// letter (so never an IPv4 address), none of them punycode. Checked in the one pass that
/// finds its end.
fn plain_host_end(b: &[u8], start: usize) -> Option<usize> {
    let mut label = start;
    let mut i = start;
    loop {
        let c = b.get(i).copied();
        if matches!(c, Some(b'a'..=b'z' | b'0'..=b'9' | b'-')) {
            i += 1;
            continue;
        }
        if !matches!(c, None | Some(b'.' | b'/' | b'?' | b'#')) {
            return None;
        }
        let l = &b[label..i];
        if l.is_empty()
            || l.len() > 63
            || l[0] == b'-'
            || l[l.len() - 1] == b'-'
            || l.starts_with(b"xn--")
        {
            return None;
        }
        if c != Some(b'.') {
            return (l[0].is_ascii_lowercase() && i - start <= 253).then_some(i);
        }
        i += 1;
        label = i;
    }
}

/// Characters the parser keeps as written in a path, query or fragment (`%` only before two
/// hex digits, which `classify` has checked; `'` is escaped in a query, so it is not here).
fn plain_byte(c: u8) -> bool {
    const PLAIN: [bool; 256] = crate::byte_set::alphanumeric_and(b"-._~!$&()*+,;=:@/?#%");
    PLAIN[usize::from(c)]
}

/// The span of the host in a plain URL, for tests.
#[cfg(test)]
fn host_span(s: &str) -> Option<std::ops::Range<usize>> {
    plain_parts(s).map(|p| usize::from(p.scheme_len) + 3..p.host_end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::strings_over;

    /// `plain_parts` as it was before its checks were fused: the reference it must match.
    fn plain_parts_before(s: &str) -> Option<Parts> {
        let b = s.as_bytes();
        let scheme_len = if b.starts_with(b"https://") {
            5
        } else if b.starts_with(b"http://") {
            4
        } else {
            return None;
        };
        let host_start = scheme_len + 3;
        let host_len = b[host_start..]
            .iter()
            .position(|c| matches!(c, b'/' | b'?' | b'#'))
            .unwrap_or(b.len() - host_start);
        let host_end = host_start + host_len;
        if !plain_host_before(&b[host_start..host_end]) {
            return None;
        }
        let rest = &b[host_end..];
        let path_len = rest
            .iter()
            .position(|c| matches!(c, b'?' | b'#'))
            .unwrap_or(rest.len());
        // The path as the relative-link shortcut takes a page's: no dot segments, written or as
        // `%2e`, and no `//` at its start (none of which the parser leaves as written).
        let path = &s[host_end..host_end + path_len];
        if !rest.iter().all(|&c| plain_byte(c))
            || !(path.is_empty() || path_join::plain_base_before(path))
        {
            return None;
        }
        Some(Parts {
            scheme_len: scheme_len as u8,
            host_end: u32::try_from(host_end).ok()?,
            path_end: u32::try_from(host_end + path_len).ok()?,
        })
    }

    /// Lower-case ASCII labels of letters, digits and inner hyphens, the last starting with a letter
    /// (so never an IPv4 address), none of them punycode.
    fn plain_host_before(h: &[u8]) -> bool {
        if h.is_empty() || h.len() > 253 {
            return false;
        }
        let mut labels = h.split(|&c| c == b'.').peekable();
        while let Some(label) = labels.next() {
            let ok = !label.is_empty()
                && label.len() <= 63
                && label
                    .iter()
                    .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && label[0] != b'-'
                && label[label.len() - 1] != b'-'
                && !label.starts_with(b"xn--");
            if !ok {
                return false;
            }
            if labels.peek().is_none() && !label[0].is_ascii_lowercase() {
                return false;
            }
        }
        true
    }

    /// The fused `plain_parts` finds what the one it replaced found, on every short tail over
    /// the pieces that matter to a path, query and fragment, after hosts of every shape.
    #[test]
    fn plain_parts_are_what_they_were() {
        let parts = |p: Option<Parts>| p.map(|p| (p.scheme_len, p.host_end, p.path_end));
        let label63 = "a".repeat(63);
        let label64 = "a".repeat(64);
        // 253 and 254 bytes.
        let long253 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "a".repeat(61));
        let long254 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "a".repeat(62));
        let mut hosts = vec![
            "a.com",
            "x-1.cn",
            "a",
            "1.com",
            "a.1",
            "a.b1",
            "A.com",
            "a.Com",
            "xn--a.com",
            "a.xn--b",
            "xn-a.com",
            "a-.b",
            "-a.b",
            "a.-b",
            "a..b",
            ".a",
            "a.",
            "",
            "1.2.3.4",
            "a_b.com",
            "a:80",
            "a@b",
            "例子.测试",
            "a b",
            "a%41",
        ];
        hosts.extend([&label63, &label64, &long253, &long254].map(String::as_str));
        assert_eq!((long253.len(), long254.len()), (253, 254));
        let rests = [
            "", "/", "//", "/a", "/.", "/..", "/.a", "/..a", "%2e", "%2E", "%41", "%4", "%", "?",
            "#", "'", "a", "\\", " ", "é", "|", ":80",
        ];
        let tails = strings_over(&rests, 3);
        let mut plain = 0;
        for scheme in ["http://", "https://", "HTTP://", "http:/"] {
            for h in &hosts {
                for tail in &tails {
                    let u = format!("{scheme}{h}{tail}");
                    let want = parts(plain_parts_before(&u));
                    assert_eq!(parts(plain_parts(&u)), want, "{u:?}");
                    plain += usize::from(want.is_some());
                }
            }
        }
        assert!(plain > 20_000, "only {plain} URLs were plain");
    }

    /// A plain URL's parts are the parser's, and the parser takes it.
    fn agrees(s: &str) -> bool {
        let Some(_) = plain_parts(s) else {
            return false;
        };
        let light = AbsUrl::parse(s).unwrap();
        let full = Url::parse(s).unwrap_or_else(|e| panic!("{s:?} is plain but fails: {e}"));
        assert_eq!(light.scheme(), full.scheme(), "{s:?}");
        assert_eq!(light.host_str(), full.host_str(), "{s:?}");
        assert_eq!(light.path(), full.path(), "{s:?}");
        assert_eq!(light.url(), &full, "{s:?}");
        true
    }

    #[test]
    fn plain_parts_are_the_parsers_on_every_short_url() {
        let hosts = [
            "a.com",
            "x-1.cn",
            "a",
            "1.com",
            "a.1",
            "A.com",
            "xn--a.com",
            "a-.b",
            "a..b",
        ];
        let rests = [
            "", "/", "/a", "/./", "/../x", "/%2E", "//", "?q", "#f", "'", "%41", "|", ":80",
        ];
        let mut plain = 0;
        for scheme in ["http://", "https://", "HTTP://", "ftp://"] {
            for h in hosts {
                for tail in strings_over(&rests, 3) {
                    plain += usize::from(agrees(&format!("{scheme}{h}{tail}")));
                }
            }
        }
        assert!(plain > 2_000, "only {plain} URLs were plain");
    }

    #[test]
    fn the_real_source_credits_are_plain() {
        let u = "http://finance.eastmoney.com/news/11158,202106262100048429.html";
        assert!(agrees(u));
        assert_eq!(host_span(u), Some(7..28));
        for not in [
            "http://192.168.0.1/",
            "http://a.com:8080/",
            "http://例子.测试/",
            "HTTP://a.com/",
            "http://a.com/a b",
            "http://a.com/x/../y",
            "mailto:a@b.c",
        ] {
            assert!(plain_parts(not).is_none(), "{not}");
        }
    }
}
