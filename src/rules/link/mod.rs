//! Links, offline: every link of a post with the exact span of its URL (Markdown links, images,
//! autolinks, reference definitions, empty `<>` autolinks, and in raw HTML `href`, `src` and
//! each `srcset` candidate), what kind of URL each is, and where the relative ones really go
//! from the post's own URL.

pub mod abs_url;
pub mod empty;
pub mod http_own_host;
pub mod internal_missing;
pub mod javascript;
pub mod malformed;
pub mod protocol_relative;
pub mod redirect_loop;
pub mod redirected;
pub mod retired_host;
pub mod unreachable;

use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

use url::Url;

pub use abs_url::AbsUrl;

use crate::parse::html::Token;
use crate::parse::markdown::MdLinkKind;
use crate::post::Post;
use crate::site::path_join;
use crate::site::served::{self, OwnUrl};
use crate::site::Site;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// `[x](url)`
    Inline,
    /// `![x](url)`
    Image,
    /// `<http://…>`
    Autolink,
    /// `[label]: url`
    Definition,
    /// `<>` in Markdown text.
    EmptyAutolink,
    /// `href` of a raw HTML tag.
    Href,
    /// `src` of a raw HTML tag.
    Src,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub kind: LinkKind,
    /// The destination as the renderer reads it (Markdown escapes and HTML entities decoded,
    /// surrounding whitespace trimmed).
    pub url: String,
    /// File offsets of the destination as written (empty for `[x]()`).
    pub span: Range<usize>,
    /// Where to point when the destination is empty: `<>`, `()`, `href=""`.
    pub construct: Range<usize>,
    /// Written inside `<…>` in Markdown.
    pub bracketed: bool,
    /// Contains Liquid markup: its value is only known after rendering, so it is not checked.
    pub liquid: bool,
    /// What the URL is (see `classify`, with the site's scheme); None when it has Liquid.
    pub class: Option<Class>,
}

impl Link {
    /// The span to report a finding about the URL at: the URL, or the construct when empty.
    pub fn at(&self) -> Range<usize> {
        if self.span.is_empty() {
            self.construct.clone()
        } else {
            self.span.clone()
        }
    }
}

/// All links of a post (computed once per post, shared by the link rules).
pub struct Links(pub Vec<Link>);

pub fn links(post: &Post, site: &Site) -> Rc<Links> {
    post.memo(|| Links(extract(post, site)))
}

fn extract(post: &Post, site: &Site) -> Vec<Link> {
    let Some(body) = crate::body::get(post, site) else {
        return Vec::new();
    };
    let text = post.text.as_str();
    let base = body.base;
    let masked = body.liquid.masked.as_str();
    // Liquid was masked before parsing: a URL whose bytes differ from the masked text has Liquid.
    let has_liquid = |r: &Range<usize>| {
        let (Some(a), Some(b)) = (
            text.get(r.clone()),
            masked.get(r.start.saturating_sub(base)..r.end.saturating_sub(base)),
        ) else {
            return true;
        };
        a != b
    };
    // Sized for the usual post (a few links): growing them was a visible share of the pass.
    let n = body.markdown.as_ref().map_or(0, |m| m.links.len());
    let mut out = Vec::with_capacity(n + 2);
    let mut md_spans: Vec<Range<usize>> = Vec::with_capacity(n);
    if let Some(md) = &body.markdown {
        for l in &md.links {
            md_spans.push(l.span.clone());
            let mut span = l.dest_span.clone();
            let kind = match l.kind {
                MdLinkKind::Inline => LinkKind::Inline,
                MdLinkKind::Image => LinkKind::Image,
                MdLinkKind::Autolink => LinkKind::Autolink,
                MdLinkKind::Definition => LinkKind::Definition,
            };
            // `<a@b.c>`: an e-mail autolink, not a URL.
            if kind == LinkKind::Autolink && !l.dest.contains(':') {
                continue;
            }
            let mut bracketed = false;
            if kind == LinkKind::Definition {
                if let Some(s) = text.get(span.clone()) {
                    if s.len() >= 2 && s.starts_with('<') && s.ends_with('>') {
                        span = span.start + 1..span.end - 1;
                        bracketed = true;
                    }
                }
            } else if kind != LinkKind::Autolink {
                bracketed = span.start > 0
                    && text.as_bytes().get(span.start - 1) == Some(&b'<')
                    && text.as_bytes().get(span.end) == Some(&b'>');
            }
            let construct = if bracketed {
                span.start - 1..span.end + 1
            } else if kind == LinkKind::Autolink {
                l.span.clone()
            } else if span.is_empty() {
                // `()` around the empty destination, else the whole link.
                let b = text.as_bytes();
                match (span.start.checked_sub(1).map(|i| b.get(i)), b.get(span.end)) {
                    (Some(Some(b'(')), Some(b')')) => span.start - 1..span.end + 1,
                    _ => l.span.clone(),
                }
            } else {
                span.clone()
            };
            out.push(Link {
                kind,
                url: l.dest.trim().to_string(),
                liquid: has_liquid(&l.span),
                span,
                construct,
                bracketed,
                class: None,
            });
        }
    }
    // Raw HTML: href, src and srcset attributes; and where tags, comments and raw text are.
    let mut html_spans: Vec<Range<usize>> = Vec::new();
    let mut raw_open: Option<(usize, String)> = None;
    for tok in body.html_tokens() {
        match tok {
            Token::Start {
                name, span, attrs, ..
            } => {
                html_spans.push(span.clone());
                if matches!(
                    &*name,
                    "script"
                        | "style"
                        | "textarea"
                        | "title"
                        | "xmp"
                        | "iframe"
                        | "noembed"
                        | "noframes"
                ) {
                    raw_open = Some((span.end, name.into_owned()));
                }
                for a in attrs {
                    // `srcset`: each candidate's URL is a link of its own.
                    if a.name.eq_ignore_ascii_case("srcset") {
                        let Some(r) = a.value_span.clone() else {
                            continue;
                        };
                        let vspan = r.start + base..r.end + base;
                        for c in srcset_urls(text.get(vspan.clone()).unwrap_or("")) {
                            let span = vspan.start + c.start..vspan.start + c.end;
                            out.push(Link {
                                kind: LinkKind::Src,
                                url: decode_entities(&text[span.clone()]),
                                liquid: has_liquid(&span),
                                span: span.clone(),
                                construct: span,
                                bracketed: false,
                                class: None,
                            });
                        }
                        continue;
                    }
                    let kind = if a.name.eq_ignore_ascii_case("href") {
                        LinkKind::Href
                    } else if a.name.eq_ignore_ascii_case("src") {
                        LinkKind::Src
                    } else {
                        continue;
                    };
                    let name_span = a.name_span.start + base..a.name_span.end + base;
                    let (value, vspan) = match (a.value, a.value_span) {
                        (Some(v), Some(r)) => (v, r.start + base..r.end + base),
                        _ => ("", name_span.end..name_span.end),
                    };
                    // Keep the exact bytes of the trimmed value.
                    let lead = value.len() - value.trim_start_matches(is_html_space).len();
                    let trimmed = value.trim_matches(is_html_space);
                    let span = vspan.start + lead..vspan.start + lead + trimmed.len();
                    let tb = text.as_bytes();
                    let quoted = a.value.is_some()
                        && vspan.start > 0
                        && matches!(tb.get(vspan.start - 1), Some(b'"' | b'\''))
                        && tb.get(vspan.end) == tb.get(vspan.start - 1);
                    let construct = name_span.start..if quoted {
                        vspan.end + 1
                    } else {
                        vspan.end.max(name_span.end)
                    };
                    out.push(Link {
                        kind,
                        url: decode_entities(text.get(span.clone()).unwrap_or(trimmed)),
                        liquid: has_liquid(&vspan),
                        span,
                        construct,
                        bracketed: false,
                        class: None,
                    });
                }
            }
            Token::End { name, span } => {
                html_spans.push(span.clone());
                if let Some((start, open)) = &raw_open {
                    if *open == *name {
                        html_spans.push(*start..span.start);
                        raw_open = None;
                    }
                }
            }
            Token::Comment { span, .. } => html_spans.push(span.clone()),
            Token::BareLt { .. } => {}
        }
    }
    if let Some((start, _)) = raw_open {
        html_spans.push(start..body.html_text.len());
    }
    // `<>` in Markdown text: an autolink whose URL is missing (code was blanked already).
    if body.markdown.is_some() {
        let h = body.html_text.as_bytes();
        let mut i = 0;
        // A `<` followed by `>`, by memchr (`memmem::find` set up a searcher per post).
        let empty_autolink = |from: usize| {
            memchr::memchr_iter(b'<', &h[from..]).find(|&j| h.get(from + j + 1) == Some(&b'>'))
        };
        while let Some(j) = empty_autolink(i) {
            let at = i + j;
            i = at + 2;
            let file = at + base..at + base + 2;
            if at > 0 && h[at - 1] == b'\\' {
                continue;
            }
            if html_spans.iter().any(|r| r.start <= at && at < r.end)
                || md_spans
                    .iter()
                    .any(|r| r.start <= file.start && file.start < r.end)
            {
                continue;
            }
            out.push(Link {
                kind: LinkKind::EmptyAutolink,
                url: String::new(),
                span: file.start + 1..file.start + 1,
                construct: file,
                bracketed: true,
                liquid: false,
                class: None,
            });
        }
    }
    out.sort_by_key(|l| l.construct.start);
    let scheme = &site_base(site).scheme;
    for l in &mut out {
        if !l.liquid {
            l.class = Some(classify(&l.url, scheme, l.bracketed));
        }
    }
    out
}

/// The URLs of a `srcset` value (`a.png 1x, b.png 2x`), as ranges into it, the way the HTML
/// standard splits it: a URL runs to white space; commas before it are skipped and after it
/// end the candidate; descriptors run to a comma outside parentheses.
fn srcset_urls(v: &str) -> Vec<Range<usize>> {
    let b = v.as_bytes();
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && (space(b[i]) || b[i] == b',') {
            i += 1;
        }
        if i >= b.len() {
            return out;
        }
        let start = i;
        while i < b.len() && !space(b[i]) {
            i += 1;
        }
        let mut end = i;
        if b[end - 1] == b',' {
            while end > start && b[end - 1] == b',' {
                end -= 1;
            }
        } else {
            // Descriptors: up to the next comma outside parentheses.
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
        if end > start {
            out.push(start..end);
        }
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// The few character references that matter in URLs (`&amp;` above all).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// What a URL is, before any look-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// No URL at all (`""`), or a scheme with nothing after it (`mailto:`).
    Empty,
    /// `#id`
    Fragment,
    /// `javascript:`
    Javascript,
    /// Not a valid URL: why.
    Malformed(String),
    /// `//host/path`, resolved with the given scheme.
    ProtocolRelative(AbsUrl),
    /// With a scheme.
    Absolute(AbsUrl),
    /// A path, root-relative (`/a`) or relative (`a`, `../a`, `?q`).
    Relative,
}

/// The scheme of `s` (`http` of `http://…`), by bytes: letters, digits, `+`, `-` and `.` up to
/// a `:`, starting with a letter (a non-ASCII byte is none of them, so any string may be read
/// this way).
fn scheme_of(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (n > 0 && b[n] == b':' && b[0].is_ascii_alphabetic()).then(|| &s[..n])
}

/// What `classify`'s first pass notes of a byte: outside printable ASCII, `%`, `\`.
const UNPRINTABLE: u8 = 1;
const PERCENT: u8 = 2;
const BACKSLASH: u8 = 4;
const SEEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            0x21..=0x7e => 0,
            _ => UNPRINTABLE,
        };
        i += 1;
    }
    t[b'%' as usize] = PERCENT;
    t[b'\\' as usize] = BACKSLASH;
    t
};

/// Classifies a URL as written (already trimmed). `scheme` is the site's (`https`).
pub fn classify(url: &str, scheme: &str, bracketed: bool) -> Class {
    let b = url.as_bytes();
    // The usual link is printable ASCII: one pass tells whether it is, and whether it has a `%`
    // or `\` to look at; everything else takes the general path. (A table lookup per byte took
    // fewer instructions than the comparisons, which did not vectorize.)
    let mut seen = 0u8;
    for &c in b {
        seen |= SEEN[usize::from(c)];
    }
    if b.is_empty() || seen & UNPRINTABLE != 0 {
        return classify_general(url, scheme, bracketed);
    }
    // No leading controls, spaces, tabs or newlines to drop before `javascript:`.
    if b.len() >= 11 && b[..11].eq_ignore_ascii_case(b"javascript:") {
        return Class::Javascript;
    }
    if seen & PERCENT != 0 {
        if let Some(bad) = bad_escape(url) {
            return bad;
        }
    }
    match b[0] {
        b'#' => return Class::Fragment,
        b'/' if b.get(1) == Some(&b'/') => return protocol_relative(url, scheme),
        _ => {}
    }
    if let Some(s) = scheme_of(url) {
        return absolute(url, s);
    }
    // See the end of `classify_general`.
    if seen & BACKSLASH == 0 {
        return Class::Relative;
    }
    relative_by_parsing(url)
}

/// `classify` for any URL (the fast path takes the printable ASCII ones).
fn classify_general(url: &str, scheme: &str, bracketed: bool) -> Class {
    if url.trim().is_empty() {
        return Class::Empty;
    }
    // Browsers drop leading controls and spaces, and tabs and newlines anywhere.
    let mut squeezed = url
        .trim_start_matches(|c: char| c <= ' ')
        .bytes()
        .filter(|c| !matches!(c, b'\t' | b'\n' | b'\r'));
    if b"javascript:".iter().all(|want| {
        squeezed
            .next()
            .is_some_and(|c| c.to_ascii_lowercase() == *want)
    }) {
        return Class::Javascript;
    }
    // The common case, printable ASCII, has no controls, spaces or bidirectional marks.
    if !url.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        if let Some(c) = url.chars().find(|&c| is_bidi(c)) {
            return Class::Malformed(format!(
                "it contains the invisible bidirectional control U+{:04X}, which can make a link read differently from where it goes",
                c as u32
            ));
        }
        if let Some(c) = url.chars().find(|c| c.is_control()) {
            return Class::Malformed(format!(
                "it contains the control character U+{:04X}",
                c as u32
            ));
        }
        if !bracketed && url.contains(char::is_whitespace) {
            return Class::Malformed("it contains a space; write it as %20".into());
        }
    }
    if let Some(bad) = bad_escape(url) {
        return bad;
    }
    if url.starts_with('#') {
        return Class::Fragment;
    }
    if url.starts_with("//") {
        return protocol_relative(url, scheme);
    }
    if let Some(s) = scheme_of(url) {
        return absolute(url, s);
    }
    // A relative reference of printable ASCII without `\` always resolves (only a host can fail
    // to parse, and `\` is where one could start: `/\host`); no need to parse it to know.
    if url.bytes().all(|b| (0x21..0x7f).contains(&b) && b != b'\\') {
        return Class::Relative;
    }
    relative_by_parsing(url)
}

/// The finding for the first `%` not followed by two hex digits, if any.
fn bad_escape(url: &str) -> Option<Class> {
    let b = url.as_bytes();
    for i in memchr::memchr_iter(b'%', b) {
        if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            let bad: String = url[i..].chars().take(3).collect();
            return Some(Class::Malformed(format!(
                "`{bad}` is not a percent escape (write %25 for a literal %)"
            )));
        }
    }
    None
}

/// `//host/path`, read with the site's scheme.
fn protocol_relative(url: &str, scheme: &str) -> Class {
    // Read off the text when plain, as an absolute URL is (`AbsUrl`); the joined text is the
    // one kept (`parse_owned`), not copied again.
    match AbsUrl::parse_owned([scheme, ":", url].concat()) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Class::ProtocolRelative(u),
        Ok(_) => Class::Malformed("`//` starts a host name, but none follows".into()),
        Err(e) => Class::Malformed(e.to_string()),
    }
}

/// A URL with the scheme `scheme` (as written, any case).
fn absolute(url: &str, scheme: &str) -> Class {
    if url.len() == scheme.len() + 1
        && ["mailto", "tel", "sms"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
    {
        return Class::Empty;
    }
    match AbsUrl::parse(url) {
        Ok(u) => Class::Absolute(u),
        Err(e) => Class::Malformed(e.to_string()),
    }
}

fn relative_by_parsing(url: &str) -> Class {
    static BASE: OnceLock<Url> = OnceLock::new();
    let base =
        BASE.get_or_init(|| Url::parse("https://example.invalid/a/b.html").expect("base URL"));
    match base.join(url) {
        Ok(_) => Class::Relative,
        Err(e) => Class::Malformed(e.to_string()),
    }
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The site's own URL facts the link rules share, parsed once per site.
#[derive(Debug)]
pub struct SiteBase {
    /// The site's `url` parsed (None when unset or not a URL).
    pub url: Option<Url>,
    /// The scheme protocol-relative links get on this site (`https` when `url` is unset).
    pub scheme: String,
    /// The host of `url`, lower-cased.
    pub host: Option<String>,
    /// Where root-relative links resolve: `url`, else a placeholder origin.
    origin: Url,
    /// `baseurl` as a path prefix: `""` or `/blog`.
    pub baseurl: String,
}

pub fn site_base(site: &Site) -> &SiteBase {
    site.link_base.get_or_init(|| {
        let url = site
            .config
            .url
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
            .filter(|u| u.host_str().is_some());
        let b = site.config.baseurl.trim().trim_matches('/');
        SiteBase {
            scheme: url
                .as_ref()
                .map_or_else(|| "https".into(), |u| u.scheme().to_string()),
            host: url
                .as_ref()
                .and_then(|u| u.host_str())
                .map(str::to_ascii_lowercase),
            origin: url
                .clone()
                .unwrap_or_else(|| Url::parse("http://site.invalid/").expect("origin")),
            baseurl: if b.is_empty() {
                String::new()
            } else {
                format!("/{b}")
            },
            url,
        }
    })
}

pub struct OwnMemo(pub Option<OwnUrl>);

/// This post's own URL (once per post, shared by the rules that need it).
pub fn own_url(post: &Post, site: &Site) -> Rc<OwnMemo> {
    post.memo(|| {
        // Computed already when the site's URLs were gathered (same bytes: the file is read
        // once per pass, and --fix re-lints only in memory where the URL may have moved).
        let known = site
            .facts()
            .served_if_gathered()
            .and_then(|s| s.own_url(&post.rel));
        match known {
            Some(u) if !post.fixed => OwnMemo(Some(u.clone())),
            _ => OwnMemo(served::own_url(post, site)),
        }
    })
}

/// Where an internal link goes.
pub struct Target {
    /// The path the browser asks for, decoded (with the baseurl).
    pub path: String,
    /// The path inside the site (baseurl removed); None when outside the baseurl.
    pub in_site: Option<String>,
    /// The page URL it was resolved from, for relative links.
    pub from: Option<String>,
}

/// The page a post's relative links resolve from: its path (with the baseurl), made on the
/// first relative link and shared by the others; parsed as a URL only for a link the
/// shortcut (`path_join`) leaves to the parser.
#[derive(Default)]
pub struct Page {
    path: std::cell::OnceCell<Option<String>>,
    /// Whether the path shortcut resolves from `path` (`path_join::plain_base`).
    plain: std::cell::OnceCell<bool>,
    url: std::cell::OnceCell<Option<Url>>,
}

/// Resolves a link the way a browser would from the page's URL; None when it is not internal
/// (another host, another scheme) or cannot be resolved (a relative link on a page without a
/// known URL).
pub fn resolve(
    url: &str,
    class: &Class,
    own: Option<&OwnUrl>,
    page: &Page,
    site: &Site,
) -> Option<Target> {
    let sb = site_base(site);
    let origin = &sb.origin;
    let base_path = sb.baseurl.as_str();
    let parsed;
    let resolved: std::borrow::Cow<'_, str> = match class {
        Class::Absolute(u) | Class::ProtocolRelative(u) => {
            let same_host = match (u.host_str(), origin.host_str()) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (a, b) => a == b,
            };
            if !matches!(u.scheme(), "http" | "https") || !same_host {
                return None;
            }
            u.path().into()
        }
        Class::Relative => {
            let rooted = url.starts_with('/');
            let from = if rooted {
                "/"
            } else {
                page.path
                    .get_or_init(|| own.map(|o| format!("{base_path}{}", o.url)))
                    .as_deref()?
            };
            let joined = if rooted || *page.plain.get_or_init(|| path_join::plain_base(from)) {
                path_join::join_from_plain_base(from, url)
            } else {
                None
            };
            match joined {
                Some(p) => p.into(),
                None => {
                    parsed = if rooted {
                        origin.join(url).ok()?
                    } else {
                        page.url
                            .get_or_init(|| origin.join(from).ok())
                            .as_ref()?
                            .join(url)
                            .ok()?
                    };
                    parsed.path().into()
                }
            }
        }
        _ => return None,
    };
    // A path without escapes is already decoded; one joined above is a String to keep as it is.
    let path = match resolved {
        std::borrow::Cow::Owned(p) if !p.as_bytes().contains(&b'%') => p,
        r => crate::site::permalink::unescape_path(&r),
    };
    let in_site = if base_path.is_empty() {
        Some(path.clone())
    } else if path == *base_path {
        Some("/".into())
    } else {
        path.strip_prefix(base_path)
            .filter(|r| r.starts_with('/'))
            .map(str::to_string)
    };
    let from = (matches!(class, Class::Relative) && !url.starts_with('/'))
        .then(|| page.path.get().cloned().flatten())
        .flatten();
    Some(Target {
        path,
        in_site,
        from,
    })
}

/// The external links of a post that `--online` checked, with what it found (empty when
/// online checking did not run).
pub fn online_outcomes<'s>(post: &Post, site: &'s Site) -> Vec<(Link, &'s crate::online::Outcome)> {
    let Some(results) = site.online.get() else {
        return Vec::new();
    };
    if results.by_url.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for l in &links(post, site).0 {
        if let Some(Class::Absolute(u) | Class::ProtocolRelative(u)) = &l.class {
            if let Some(o) = results.by_url.get(&crate::online::key(u.url())) {
                out.push((l.clone(), o));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `srcset` values split into their candidates' URLs as the HTML standard splits them.
    #[test]
    fn srcset_candidates() {
        let urls = |v: &str| -> Vec<String> {
            srcset_urls(v)
                .into_iter()
                .map(|r| v[r].to_string())
                .collect()
        };
        assert_eq!(urls("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
        // A comma inside a URL belongs to it (only trailing ones end it), as in the standard.
        assert_eq!(urls(" a.png,b.png, ,c.png 3w "), ["a.png,b.png", "c.png"]);
        assert_eq!(urls("a,b.png 1x"), ["a,b.png"]);
        assert_eq!(urls("x.png (a, b) 2x, y.png"), ["x.png", "y.png"]);
        assert_eq!(urls("/p/中文.png 1x"), ["/p/中文.png"]);
        assert!(urls("").is_empty() && urls(" , ,").is_empty());
    }

    /// The shortcut for relative references agrees with parsing them, on every short string
    /// over the characters that matter to URL parsing.
    #[test]
    fn relative_shortcut_agrees_with_parsing() {
        let alphabet = [
            "/", "\\", ":", "@", "[", "]", "%41", "?", "#", "a", ".", "1", "-", "é",
        ];
        let inputs = crate::test_support::strings_over(&alphabet, 4);
        let mut relative = 0;
        for u in &inputs {
            if classify(u, "https", false) == Class::Relative {
                relative += 1;
                assert_eq!(relative_by_parsing(u), Class::Relative, "{u:?}");
            }
        }
        assert!(relative > 10_000, "{relative}");
    }

    /// `resolve` keeps a joined path without `%` as it is, instead of `unescape_path`: the same
    /// bytes.
    #[test]
    fn a_path_without_escapes_is_its_own_unescaping() {
        for p in crate::test_support::strings_over(&["/", "a", ".", "é", "+", "~", "%41"], 4) {
            if !p.contains('%') {
                assert_eq!(crate::site::permalink::unescape_path(&p), p);
            }
        }
    }

    #[test]
    fn the_seen_table_notes_what_it_says() {
        for c in 0..=255u8 {
            let mut want = 0;
            if !(0x21..0x7f).contains(&c) {
                want |= UNPRINTABLE;
            }
            if c == b'%' {
                want |= PERCENT;
            }
            if c == b'\\' {
                want |= BACKSLASH;
            }
            assert_eq!(SEEN[usize::from(c)], want, "byte {c:#04x}");
        }
    }

    /// `classify` as it was before its printable-ASCII fast path: the reference it must match.
    fn classify_before(url: &str, scheme: &str, bracketed: bool) -> Class {
        fn scheme_of(s: &str) -> Option<&str> {
            let i = s.find(':')?;
            let scheme = &s[..i];
            let mut cs = scheme.chars();
            (cs.next()?.is_ascii_alphabetic()
                && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .then_some(scheme)
        }
        if url.trim().is_empty() {
            return Class::Empty;
        }
        let mut squeezed = url
            .trim_start_matches(|c: char| c <= ' ')
            .bytes()
            .filter(|c| !matches!(c, b'\t' | b'\n' | b'\r'));
        if b"javascript:".iter().all(|want| {
            squeezed
                .next()
                .is_some_and(|c| c.to_ascii_lowercase() == *want)
        }) {
            return Class::Javascript;
        }
        if !url.bytes().all(|b| (0x21..0x7f).contains(&b)) {
            if let Some(c) = url.chars().find(|&c| is_bidi(c)) {
                return Class::Malformed(format!(
                    "it contains the invisible bidirectional control U+{:04X}, which can make a link read differently from where it goes",
                    c as u32
                ));
            }
            if let Some(c) = url.chars().find(|c| c.is_control()) {
                return Class::Malformed(format!(
                    "it contains the control character U+{:04X}",
                    c as u32
                ));
            }
            if !bracketed && url.contains(char::is_whitespace) {
                return Class::Malformed("it contains a space; write it as %20".into());
            }
        }
        let b = url.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'%'
                && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                let bad: String = url[i..].chars().take(3).collect();
                return Class::Malformed(format!(
                    "`{bad}` is not a percent escape (write %25 for a literal %)"
                ));
            }
        }
        if url.starts_with('#') {
            return Class::Fragment;
        }
        if url.starts_with("//") {
            return match AbsUrl::parse(&[scheme, ":", url].concat()) {
                Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Class::ProtocolRelative(u),
                Ok(_) => Class::Malformed("`//` starts a host name, but none follows".into()),
                Err(e) => Class::Malformed(e.to_string()),
            };
        }
        if let Some(s) = scheme_of(url) {
            let rest = &url[s.len() + 1..];
            let s = s.to_ascii_lowercase();
            if rest.is_empty() && matches!(s.as_str(), "mailto" | "tel" | "sms") {
                return Class::Empty;
            }
            return match AbsUrl::parse(url) {
                Ok(u) => Class::Absolute(u),
                Err(e) => Class::Malformed(e.to_string()),
            };
        }
        if url.bytes().all(|b| (0x21..0x7f).contains(&b) && b != b'\\') {
            return Class::Relative;
        }
        relative_by_parsing(url)
    }

    /// Same class, and the same reading of an absolute URL (`Debug` shows whether it was read
    /// off the text or parsed, which `==` does not).
    fn same_as_before(url: &str) {
        for scheme in ["https", "http"] {
            for bracketed in [false, true] {
                let (got, want) = (
                    classify(url, scheme, bracketed),
                    classify_before(url, scheme, bracketed),
                );
                assert_eq!(got, want, "{url:?} {scheme} {bracketed}");
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "{url:?}");
            }
        }
    }

    /// The fast path and the general one classify every short string over the pieces that
    /// matter to them as `classify` did before it had the fast path.
    #[test]
    fn classify_is_what_it_was() {
        let pieces = [
            "javascript:",
            "Java",
            "script:",
            "\t",
            "\n",
            " ",
            "\u{1}",
            "\u{7f}",
            "\u{202E}",
            "\u{2066}",
            "é",
            "中",
            "%",
            "%4",
            "%zz",
            "%41",
            "%2e",
            "#",
            "/",
            "//",
            "\\",
            ":",
            "a",
            "1",
            ".",
            "+",
            "HTTP",
            "mailto",
            "tel",
            "sms",
            "x.com",
        ];
        let mut classes = std::collections::HashMap::<String, usize>::new();
        for u in crate::test_support::strings_over(&pieces, 3) {
            same_as_before(&u);
            let c = format!("{:?}", classify(&u, "https", false));
            *classes
                .entry(c[..c.find('(').unwrap_or(c.len())].to_string())
                .or_default() += 1;
        }
        // Every class was met, many times.
        for c in [
            "Empty",
            "Fragment",
            "Javascript",
            "Malformed",
            "ProtocolRelative",
            "Absolute",
            "Relative",
        ] {
            assert!(classes.get(c).is_some_and(|&n| n > 20), "{c}: {classes:?}");
        }
        for u in [
            "../emnews/",
            "../",
            "http://finance.eastmoney.com/news/1354,202103062100177643.html",
            "https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=106.NIO&imageType=k&at=1",
            "//finews.withounder.com/emnews/",
            "//finews.withounder.com/category/taheribao.html",
            "//",
            "///x",
            "//a b",
            "/\\host/x",
            "\\\\host",
            "JAVASCRIPT:alert(1)",
            "javascript",
            "javascript:",
            "  javascript:x",
            "\u{1}\u{2}javascript:x",
            "j\ta\nv\ra script:x",
            "java\u{0b}script:x",
            "MAILTO:",
            "Mailto:a@b.c",
            "tel:",
            "SMS:",
            "news:",
            "a+b-c.d:x",
            "1a:b",
            ":x",
            "-a:b",
            "%",
            "a%4",
            "%4g",
            "%%41",
            "%e4%b8%ad",
            "/%E4%B8%AD/x.html",
            "x\u{202E}y",
            "x\u{200F}y",
            "\u{85}",
            "a b",
            "http://a.com/a%20b",
            "http://[::1]/",
            "http://[::1",
            "HTTP://A.COM/",
            "https://例子.测试/路径",
            "#",
            "?q",
            "~",
            " ",
            "\u{3000}",
            "",
        ] {
            same_as_before(u);
        }
    }

    #[test]
    fn classes() {
        assert_eq!(classify("", "https", false), Class::Empty);
        assert_eq!(classify("mailto:", "https", false), Class::Empty);
        assert_eq!(classify("#x", "https", false), Class::Fragment);
        assert_eq!(
            classify("JavaScript:void(0)", "https", false),
            Class::Javascript
        );
        assert_eq!(
            classify("java\tscript:alert(1)", "https", false),
            Class::Javascript
        );
        assert_eq!(classify("../emnews/", "https", false), Class::Relative);
        assert_eq!(classify("/a/b.html?x#y", "https", false), Class::Relative);
        match classify("//finews.withounder.com/emnews/", "https", false) {
            Class::ProtocolRelative(u) => {
                assert_eq!(u.url().as_str(), "https://finews.withounder.com/emnews/")
            }
            c => panic!("{c:?}"),
        }
        for bad in [
            "http://[::1",
            "%zz",
            "a%2",
            "http://",
            "//",
            "http://a b",
            "x\u{202E}y",
            "a\u{1}b",
            "http://exa mple.com",
        ] {
            assert!(
                matches!(classify(bad, "https", false), Class::Malformed(_)),
                "{bad}"
            );
        }
        assert_eq!(classify("a b.html", "https", true), Class::Relative);
        assert!(matches!(
            classify("https://例子.测试/路径", "https", false),
            Class::Absolute(_)
        ));
        let long = format!("https://e.com/{}", "a".repeat(10_000));
        assert!(matches!(
            classify(&long, "https", false),
            Class::Absolute(_)
        ));
        let long = format!("{}%zz", "%".repeat(10_000));
        assert!(matches!(
            classify(&long, "https", false),
            Class::Malformed(_)
        ));
    }
}
