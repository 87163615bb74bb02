//! URLs as Jekyll 4.3 computes them: permalink styles and templates, placeholders, slugify,
//! `escape_path` and the final sanitising. Pure functions of their inputs (no file system, no
//! date parsing), so they are tested against the URLs Jekyll really produced.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// Jekyll's `style_to_permalink`: the built-in styles expand to templates, anything else is
/// already a template.
pub fn style_to_template(style: &str) -> &str {
    match style {
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "none" => "/:categories/:title:output_ext",
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        other => other,
    }
}

/// Jekyll's `Utils.add_permalink_suffix`, used for pages.
pub fn add_permalink_suffix(template: &str, style: &str) -> String {
    let mut t = template.to_string();
    match style {
        "pretty" => t.push('/'),
        "date" | "ordinal" | "none" => t.push_str(":output_ext"),
        other => {
            if other.ends_with('/') {
                t.push('/');
            }
            if other.ends_with(":output_ext") {
                t.push_str(":output_ext");
            }
        }
    }
    t
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlugMode {
    Default,
    Pretty,
}

/// Jekyll's `Utils.slugify` in the `default` and `pretty` modes.
pub fn slugify(s: &str, mode: SlugMode, cased: bool) -> String {
    if s.is_ascii() {
        return slugify_ascii(s, mode, cased);
    }
    slugify_unicode(s, mode, cased)
}

/// `slugify` for ASCII, where the Unicode classes are `[A-Za-z0-9]` (most file names).
fn slugify_ascii(s: &str, mode: SlugMode, cased: bool) -> String {
    // Letters and digits only (a post id): the slug is the name itself.
    if s.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || (cased && b.is_ascii_alphabetic()))
    {
        return s.to_string();
    }
    let keep = |b: u8| {
        b.is_ascii_alphanumeric() || (mode == SlugMode::Pretty && b"._~!$&'()+,;=@".contains(&b))
    };
    // Runs of other bytes become one hyphen; Jekyll drops the one at each end.
    let mut slug = String::with_capacity(s.len());
    let mut gap = false;
    for &b in s.as_bytes() {
        if keep(b) {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(char::from(if cased { b } else { b.to_ascii_lowercase() }));
        } else {
            gap = true;
        }
    }
    slug
}

fn slugify_unicode(s: &str, mode: SlugMode, cased: bool) -> String {
    static DEFAULT: OnceLock<Regex> = OnceLock::new();
    static PRETTY: OnceLock<Regex> = OnceLock::new();
    let re = match mode {
        SlugMode::Default => {
            DEFAULT.get_or_init(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}]+").expect("regex"))
        }
        SlugMode::Pretty => {
            PRETTY.get_or_init(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+").expect("regex"))
        }
    };
    let mut slug = re.replace_all(s, "-").into_owned();
    // Ruby's `gsub!(/^-|-$/, "")`: one leading and one trailing hyphen.
    if slug.starts_with('-') {
        slug.remove(0);
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    if !cased {
        slug = slug.to_lowercase();
    }
    slug
}

/// Jekyll's `URL.escape_path`: everything but unreserved, sub-delims, `:`, `@` and `/` is
/// percent-encoded (UTF-8).
pub fn escape_path(s: &str) -> String {
    let mut out = String::new();
    escape_path_into(&mut out, s);
    out
}

/// `escape_path`, appended to `out` (a URL is built without a string per placeholder).
pub fn escape_path_into(out: &mut String, s: &str) {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-'))
    {
        out.push_str(s);
        return;
    }
    out.reserve(s.len() * 3);
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            );
        if keep {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Jekyll's `URL#sanitize_url`: a leading `/`, `..` turned into `/`, `./` removed, runs of `/`
/// collapsed.
pub fn sanitize_url(s: &str) -> String {
    sanitize_owned_url(s.to_string())
}

/// `sanitize_url` of a URL the caller has made: most have nothing to change and are returned
/// as they are, without a copy.
fn sanitize_owned_url(s: String) -> String {
    // Only the leading `/` is made sure of unless `..`, `./` or `//` occur: one pass over the
    // pairs of bytes (a search per `.` and `/` cost more than the URL, and three substring
    // searchers more still).
    let mut prev = 0;
    let mut plain = true;
    for &c in s.as_bytes() {
        plain &= !matches!((prev, c), (b'.', b'.' | b'/') | (b'/', b'/'));
        prev = c;
    }
    if !plain {
        return sanitize_url_slow(&s);
    }
    if s.starts_with('/') {
        s
    } else {
        let mut out = String::with_capacity(s.len() + 1);
        out.push('/');
        out.push_str(&s);
        out
    }
}

fn sanitize_url_slow(s: &str) -> String {
    let s = format!("/{s}").replace("..", "/").replace("./", "");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Percent-decodes a URL path (Jekyll's `URL.unescape_path`), lossily for invalid UTF-8.
pub fn unescape_path(s: &str) -> String {
    // Most paths have no escape: the decoder's byte iterator and UTF-8 check were a visible
    // cost (once per post and once per internal link).
    if memchr::memchr(b'%', s.as_bytes()).is_none() {
        return s.to_string();
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The extension Jekyll writes for a source extension (`.md` → `.html`); any other is kept.
pub fn output_ext(ext: &str) -> &str {
    // Compared without a lower-cased copy (this runs per post).
    let is = |e: &str| ext.eq_ignore_ascii_case(e);
    if is(".htm") {
        ".htm"
    } else if [
        ".md",
        ".markdown",
        ".mkdown",
        ".mkdn",
        ".mkd",
        ".mdown",
        ".html",
        ".textile",
    ]
    .iter()
    .any(|e| is(e))
    {
        ".html"
    } else if is(".scss") || is(".sass") {
        ".css"
    } else {
        ext
    }
}

/// The date-and-time fields a document URL can use, already in the site's time zone.
pub type DateTime = jiff::civil::DateTime;

/// What a document's URL is made of.
#[derive(Clone, Debug, Default)]
pub struct DocInput<'a> {
    /// The template: front matter `permalink`, else the collection's, else the site style
    /// expanded by [`style_to_template`].
    pub template: &'a str,
    /// The collection label (`posts`).
    pub collection: &'a str,
    /// The document's categories as Jekyll holds them (folders above `_posts/` first).
    pub categories: &'a [String],
    /// `slug` from the front matter, else the slug from the file name (None: neither).
    pub slug: Option<&'a str>,
    /// The file name without its extension (`:name`, and the slug fallback).
    pub basename: &'a str,
    /// The relative path inside the collection without the extension, `/sub/name` (`:path`).
    pub path: &'a str,
    pub date: Option<DateTime>,
    /// `.html` for Markdown and HTML.
    pub output_ext: &'a str,
}

/// A placeholder of a document URL template.
#[derive(Clone, Copy, Debug)]
enum Field {
    Collection,
    Path,
    Name,
    Title,
    Slug,
    Categories,
    /// A number of the date, zero-padded to this width (the strftime format for the years
    /// the shortcut does not cover).
    Num(Part, usize, &'static str),
    /// A date field only strftime makes.
    Strftime(&'static str),
    OutputExt,
}

#[derive(Clone, Copy, Debug)]
enum Part {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Field {
    fn of(name: &str) -> Option<Field> {
        use Part::*;
        Some(match name {
            "collection" => Field::Collection,
            "path" => Field::Path,
            "name" => Field::Name,
            "title" => Field::Title,
            "slug" => Field::Slug,
            "categories" => Field::Categories,
            "year" => Field::Num(Year, 4, "%Y"),
            "month" => Field::Num(Month, 2, "%m"),
            "day" => Field::Num(Day, 2, "%d"),
            "hour" => Field::Num(Hour, 2, "%H"),
            "minute" => Field::Num(Minute, 2, "%M"),
            "second" => Field::Num(Second, 2, "%S"),
            "i_day" => Field::Num(Day, 1, "%-d"),
            "i_month" => Field::Num(Month, 1, "%-m"),
            "short_month" => Field::Strftime("%b"),
            "long_month" => Field::Strftime("%B"),
            "short_year" => Field::Strftime("%y"),
            "w_year" => Field::Strftime("%G"),
            "week" => Field::Strftime("%V"),
            "w_day" => Field::Strftime("%u"),
            "short_day" => Field::Strftime("%a"),
            "long_day" => Field::Strftime("%A"),
            "y_day" => Field::Strftime("%j"),
            "output_ext" => Field::OutputExt,
            _ => return None,
        })
    }

    /// Appends the field's value, percent-encoded, to `out` (`scratch` is for values made
    /// before they are encoded).
    fn write(self, out: &mut String, d: &DocInput<'_>, scratch: &mut String) {
        use std::fmt::Write as _;
        let strftime = |out: &mut String, scratch: &mut String, fmt: &str| {
            if let Some(t) = d.date {
                scratch.clear();
                let _ = write!(scratch, "{}", t.strftime(fmt));
                escape_path_into(out, scratch);
            }
        };
        match self {
            Field::Collection => escape_path_into(out, d.collection),
            Field::Path => escape_path_into(out, d.path),
            Field::Name => slug_into(out, d.basename, SlugMode::Default, false),
            Field::Title => slug_into(out, d.slug.unwrap_or(d.basename), SlugMode::Pretty, true),
            Field::Slug => slug_into(out, d.slug.unwrap_or(d.basename), SlugMode::Default, false),
            Field::Categories => categories_into(out, d.categories),
            Field::Num(part, width, fmt) => match d.date {
                // Digits need no encoding; strftime was a visible cost per post. Never
                // negative here: zeros, then the digits, as `%0<width>d`.
                Some(t) if (0..=9999).contains(&t.year()) => {
                    let n: i64 = match part {
                        Part::Year => t.year().into(),
                        Part::Month => t.month().into(),
                        Part::Day => t.day().into(),
                        Part::Hour => t.hour().into(),
                        Part::Minute => t.minute().into(),
                        Part::Second => t.second().into(),
                    };
                    let mut b = itoa::Buffer::new();
                    let digits = b.format(n);
                    for _ in digits.len()..width {
                        out.push('0');
                    }
                    out.push_str(digits);
                }
                _ => strftime(out, scratch, fmt),
            },
            Field::Strftime(fmt) => strftime(out, scratch, fmt),
            Field::OutputExt => escape_path_into(out, d.output_ext),
        }
    }
}

/// `escape_path(slugify(s))`, without the slug's copy when the name is its own slug (a post
/// id: letters and digits).
fn slug_into(out: &mut String, s: &str, mode: SlugMode, cased: bool) {
    if s.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || (cased && b.is_ascii_alphabetic()))
    {
        out.push_str(s);
    } else {
        escape_path_into(out, &slugify(s, mode, cased));
    }
}

/// `:categories`: each category lower-cased, once, joined by `/`, percent-encoded (the `/`
/// is kept by the encoding, so each name is encoded on its own).
fn categories_into(out: &mut String, categories: &[String]) {
    let lower = |c: &String| c.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    if categories.iter().all(lower) {
        // The common case needs no lower-cased copies: an earlier equal name is a duplicate.
        for (i, c) in categories.iter().enumerate() {
            if !categories[..i].contains(c) {
                // The first name is always written.
                if i > 0 {
                    out.push('/');
                }
                escape_path_into(out, c);
            }
        }
        return;
    }
    let mut seen: Vec<Cow<'_, str>> = Vec::with_capacity(categories.len());
    for c in categories {
        let c = if lower(c) {
            Cow::Borrowed(c.as_str())
        } else {
            Cow::Owned(c.to_lowercase())
        };
        if !seen.contains(&c) {
            if !seen.is_empty() {
                out.push('/');
            }
            escape_path_into(out, &c);
            seen.push(c);
        }
    }
}

/// One piece of a parsed URL template.
#[derive(Clone, Debug)]
enum Piece {
    /// Template bytes written as they are.
    Literal(std::ops::Range<usize>),
    /// A placeholder, and whether a `_` follows it (`:title_` read as `:title` then `_`).
    Field(Field, bool),
}

/// Splits a template into literal text and placeholders: each `:name` (`:[a-z_]+`, longest
/// first) that Jekyll knows; an unknown one stays as written (Jekyll raises for it).
fn parse_template(t: &str) -> Vec<Piece> {
    let b = t.as_bytes();
    let mut pieces = Vec::new();
    let (mut i, mut copied) = (0, 0);
    while let Some(j) = memchr::memchr(b':', &b[i..]) {
        let colon = i + j;
        let end = colon
            + 1
            + b[colon + 1..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase() || **c == b'_')
                .count();
        i = colon + 1;
        if end == colon + 1 {
            continue;
        }
        let name = &t[colon + 1..end];
        // `:name_` may stand for `:name` followed by `_`.
        let field = match Field::of(name) {
            Some(f) => (f, false),
            None => match name.strip_suffix('_').and_then(Field::of) {
                Some(f) => (f, true),
                None => {
                    // Kept as written: part of the literal that runs on.
                    i = end;
                    continue;
                }
            },
        };
        if copied < colon {
            pieces.push(Piece::Literal(copied..colon));
        }
        pieces.push(Piece::Field(field.0, field.1));
        (i, copied) = (end, end);
    }
    if copied < t.len() {
        pieces.push(Piece::Literal(copied..t.len()));
    }
    pieces
}

thread_local! {
    /// The templates parsed so far, by their text: a site has a few (its style, its
    /// collections'), and parsing one per post was a visible cost.
    static TEMPLATES: std::cell::RefCell<Vec<(Box<str>, Vec<Piece>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// How many templates a thread keeps parsed (front matter permalinks may each differ).
const TEMPLATES_KEPT: usize = 16;

/// A document's (post's) URL, percent-encoded as Jekyll writes it in `page.url`.
pub fn document_url(d: &DocInput<'_>) -> String {
    let t = d.template;
    let render = |pieces: &[Piece]| {
        let mut out = String::with_capacity(t.len() + 32);
        let mut scratch = String::new();
        for p in pieces {
            match p {
                Piece::Literal(r) => out.push_str(&t[r.clone()]),
                Piece::Field(f, underscore) => {
                    f.write(&mut out, d, &mut scratch);
                    if *underscore {
                        out.push('_');
                    }
                }
            }
        }
        sanitize_owned_url(out)
    };
    TEMPLATES.with_borrow_mut(|kept| {
        if let Some((_, pieces)) = kept.iter().find(|(k, _)| **k == *t) {
            return render(pieces);
        }
        let pieces = parse_template(t);
        let url = render(&pieces);
        if kept.len() < TEMPLATES_KEPT {
            kept.push((t.into(), pieces));
        }
        url
    })
}

/// A page's URL: its `permalink` (placeholders `:path`, `:basename`, `:output_ext`), else the
/// template for its kind. `rel` is the site-relative path (`about/index.md`).
pub fn page_url(rel: &str, permalink: Option<&str>, site_style: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (basename, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let out_ext = output_ext(ext);
    let template = match permalink {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => {
            if out_ext != ".html" {
                "/:path/:basename:output_ext".to_string()
            } else if basename == "index" {
                "/:path/".to_string()
            } else {
                add_permalink_suffix("/:path/:basename", site_style)
            }
        }
    };
    let mut out = template;
    for (token, value) in [
        ("path", format!("/{dir}")),
        ("basename", basename.to_string()),
        ("output_ext", out_ext.to_string()),
    ] {
        if !out.contains(':') {
            break;
        }
        out = out.replace(&format!(":{token}"), &escape_path(&value));
    }
    sanitize_owned_url(out)
}

/// The file Jekyll writes for a URL, relative to the destination (decoded, with a leading `/`):
/// `index.html` inside a folder URL, the output extension appended when missing.
pub fn destination(url: &str, out_ext: &str) -> String {
    let mut path = unescape_path(url);
    if path.ends_with('/') {
        path.push_str("index.html");
    }
    if !out_ext.is_empty() && !path.ends_with(out_ext) {
        path.push_str(out_ext);
    }
    path
}

/// The parts of a post's file name: `(date, slug, ext)` per Jekyll's `DATE_FILENAME_MATCHER`
/// (`YYYY-MM-DD-slug.ext`, the year 2 to 4 digits, month and day 1 or 2).
pub fn split_post_name(name: &str) -> Option<((&str, &str, &str), &str, &str)> {
    let n = crate::rules::filename::parse_post_name(name)?;
    Some(((n.year, n.month, n.day), n.slug, n.ext))
}

/// Where the path inside a document's folder (`_<label>/`) starts: after its first
/// occurrence, found from its `_` (a substring searcher's set-up was a visible cost per post).
pub fn after_folder(rel: &str, label: &str) -> Option<usize> {
    let b = rel.as_bytes();
    let l = label.as_bytes();
    memchr::memchr_iter(b'_', b)
        .find(|&i| b[i + 1..].starts_with(l) && b.get(i + 1 + l.len()) == Some(&b'/'))
        .map(|i| i + l.len() + 2)
}

/// Categories as Jekyll builds them for a post: the folders above `_posts/`, then the front
/// matter's `categories` (a string is split on whitespace) or `category` (kept whole).
pub fn post_categories(
    rel: &str,
    categories: Option<&serde_json::Value>,
    category: Option<&serde_json::Value>,
) -> Vec<String> {
    use serde_json::Value;
    let mut out: Vec<String> = Vec::new();
    // The folders above the first `_posts/`.
    if let Some(above) = after_folder(rel, "posts").map(|at| &rel[..at - "_posts/".len()]) {
        out.extend(
            above
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    fn to_s(v: &Value) -> Option<Cow<'_, str>> {
        match v {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Null => None,
            other => Some(Cow::Owned(other.to_string())),
        }
    }
    // `merge_categories!` merges the front matter list into the folder list, and
    // `populate_categories` adds `category` (whole), or the plural again: each name goes in
    // once, copied only then (no list per key).
    let mut add = |c: Cow<'_, str>| {
        if !out.iter().any(|o| *o == *c) {
            out.push(c.into_owned());
        }
    };
    match categories {
        Some(Value::String(s)) => s.split_whitespace().for_each(|c| add(Cow::Borrowed(c))),
        Some(Value::Array(a)) => a.iter().filter_map(to_s).for_each(&mut add),
        Some(Value::Null) | None => {}
        Some(other) => to_s(other).into_iter().for_each(&mut add),
    }
    match category {
        Some(Value::Array(a)) => a.iter().filter_map(to_s).for_each(&mut add),
        Some(v) if !v.is_null() => to_s(v).into_iter().for_each(&mut add),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `style_to_template` as first written, a copy each time.
    fn style_to_template_reference(style: &str) -> String {
        match style {
            "pretty" => "/:categories/:year/:month/:day/:title/".into(),
            "none" => "/:categories/:title:output_ext".into(),
            "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
            "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
            "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
            other => other.into(),
        }
    }

    /// `output_ext` as first written, from a lower-cased copy.
    fn output_ext_reference(ext: &str) -> String {
        let e = ext.to_ascii_lowercase();
        match e.as_str() {
            ".md" | ".markdown" | ".mkdown" | ".mkdn" | ".mkd" | ".mdown" | ".html" | ".htm"
            | ".textile" => {
                if e == ".htm" {
                    ".htm".into()
                } else {
                    ".html".into()
                }
            }
            ".scss" | ".sass" => ".css".into(),
            _ => ext.to_string(),
        }
    }

    /// `post_categories` as first written: a list per key, then merged.
    fn post_categories_reference(
        rel: &str,
        categories: Option<&serde_json::Value>,
        category: Option<&serde_json::Value>,
    ) -> Vec<String> {
        use serde_json::Value;
        let mut out: Vec<String> = Vec::new();
        // The first `_posts/`, found from its `_` (a substring searcher's set-up cost more).
        let b = rel.as_bytes();
        let first = memchr::memchr_iter(b'_', b).find(|&i| b[i..].starts_with(b"_posts/"));
        if let Some(above) = first.map(|i| &rel[..i]) {
            out.extend(
                above
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        }
        let to_s = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        let plural: Vec<String> = match categories {
            Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
            Some(Value::Array(a)) => a.iter().filter_map(to_s).collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => to_s(other).into_iter().collect(),
        };
        // `merge_categories!`: the front matter list is merged into the folder list.
        for c in plural {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        // `populate_categories`: plus `category` (whole), or the plural again.
        let extra: Vec<String> = match category {
            Some(Value::Array(a)) => a.iter().filter_map(to_s).collect(),
            Some(v) if !v.is_null() => to_s(v).into_iter().collect(),
            _ => Vec::new(),
        };
        for c in extra {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Every combination of folders and `categories`/`category` values (strings with spaces,
    /// lists with duplicates, nulls and numbers, scalars of each kind) gives the list the
    /// per-key lists gave.
    #[test]
    fn categories_merge_like_the_lists_per_key() {
        use serde_json::json;
        let values = [
            None,
            Some(json!(null)),
            Some(json!("emnews")),
            Some(json!("a  b a\tc")),
            Some(json!("")),
            Some(json!(["a", "b", "a", null, 1, 2.5, true, "news"])),
            Some(json!([])),
            Some(json!(7)),
            Some(json!(false)),
            Some(json!({"k": "v"})),
            Some(json!("news")),
            Some(json!("漯河 日报")),
        ];
        let rels = [
            "_posts/x.md",
            "news/_posts/x.md",
            "a/b/_posts/x.md",
            "a/a/_posts/_posts/x.md",
            "",
        ];
        let mut n = 0;
        for rel in rels {
            for plural in &values {
                for single in &values {
                    let want = post_categories_reference(rel, plural.as_ref(), single.as_ref());
                    assert_eq!(
                        post_categories(rel, plural.as_ref(), single.as_ref()),
                        want,
                        "{rel} {plural:?} {single:?}"
                    );
                    n += usize::from(want.len() > 1);
                }
            }
        }
        assert!(n > 100, "{n}");
    }

    /// Every string of up to three pieces that make the known extensions in any case (and
    /// some that do not) maps as through the lower-cased copy; the styles expand as they did.
    #[test]
    fn output_ext_and_styles_match_the_copies() {
        let alphabet = [
            ".", "md", "MD", "markdown", "htm", "HTM", "l", "L", "scss", "Sass", "textile", "mkd",
            "n", "é",
        ];
        let exts = crate::test_support::strings_over(&alphabet, 3);
        assert!(exts.len() > 1500, "{}", exts.len());
        let mut kept = 0;
        for e in &exts {
            let want = output_ext_reference(e);
            assert_eq!(output_ext(e), want, "{e:?}");
            kept += usize::from(want == *e);
        }
        assert!(kept > 100 && exts.len() - kept >= 10, "{kept}");
        for style in [
            "pretty", "none", "date", "ordinal", "weekdate", "/:title/", "", "Date",
        ] {
            assert_eq!(style_to_template(style), style_to_template_reference(style));
        }
    }

    /// `document_url` as first written: the template scanned and each value made per post.
    fn document_url_reference(d: &DocInput<'_>) -> String {
        // Writes the value of placeholder `name` into `v` (one buffer for the whole URL); false
        // when there is no such placeholder.
        let value = |name: &str, v: &mut String| -> bool {
            use std::fmt::Write as _;
            v.clear();
            let date = d.date;
            let f = |v: &mut String, fmt: &str| {
                if let Some(t) = date {
                    let _ = write!(v, "{}", t.strftime(fmt));
                }
            };
            // The numeric fields without strftime (a visible cost per post); same digits.
            let num = |v: &mut String, fmt: &str, n: fn(&DateTime) -> i64, width: usize| match date
            {
                // Never negative here: `{:0width$}` is zeros, then the digits.
                Some(t) if (0..=9999).contains(&t.year()) => {
                    let mut b = itoa::Buffer::new();
                    let digits = b.format(n(&t));
                    v.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
                    v.push_str(digits);
                }
                _ => f(v, fmt),
            };
            match name {
                "collection" => v.push_str(d.collection),
                "path" => v.push_str(d.path),
                "name" => v.push_str(&slugify(d.basename, SlugMode::Default, false)),
                "title" => v.push_str(&slugify(
                    d.slug.unwrap_or(d.basename),
                    SlugMode::Pretty,
                    true,
                )),
                "slug" => v.push_str(&slugify(
                    d.slug.unwrap_or(d.basename),
                    SlugMode::Default,
                    false,
                )),
                "categories" => {
                    // Lower-cased, each once, joined by `/`; a name already in lower-case ASCII
                    // is not copied (this runs for every post of the default permalink).
                    let mut seen: Vec<Cow<'_, str>> = Vec::with_capacity(d.categories.len());
                    for c in d.categories {
                        let c = if c.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                            Cow::Borrowed(c.as_str())
                        } else {
                            Cow::Owned(c.to_lowercase())
                        };
                        if !seen.contains(&c) {
                            if !seen.is_empty() {
                                v.push('/');
                            }
                            v.push_str(&c);
                            seen.push(c);
                        }
                    }
                }
                "year" => num(v, "%Y", |t| t.year().into(), 4),
                "month" => num(v, "%m", |t| t.month().into(), 2),
                "day" => num(v, "%d", |t| t.day().into(), 2),
                "hour" => num(v, "%H", |t| t.hour().into(), 2),
                "minute" => num(v, "%M", |t| t.minute().into(), 2),
                "second" => num(v, "%S", |t| t.second().into(), 2),
                "i_day" => num(v, "%-d", |t| t.day().into(), 1),
                "i_month" => num(v, "%-m", |t| t.month().into(), 1),
                "short_month" => f(v, "%b"),
                "long_month" => f(v, "%B"),
                "short_year" => f(v, "%y"),
                "w_year" => f(v, "%G"),
                "week" => f(v, "%V"),
                "w_day" => f(v, "%u"),
                "short_day" => f(v, "%a"),
                "long_day" => f(v, "%A"),
                "y_day" => f(v, "%j"),
                "output_ext" => v.push_str(d.output_ext),
                _ => return false,
            }
            true
        };
        let mut v = String::new();
        // Each `:name` (`:[a-z_]+`, longest first) is replaced by its value.
        let t = d.template;
        let b = t.as_bytes();
        let mut out = String::with_capacity(t.len() + 32);
        let (mut i, mut copied) = (0, 0);
        while let Some(j) = memchr::memchr(b':', &b[i..]) {
            let colon = i + j;
            let end = colon
                + 1
                + b[colon + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_lowercase() || **c == b'_')
                    .count();
            i = colon + 1;
            if end == colon + 1 {
                continue;
            }
            let name = &t[colon + 1..end];
            out.push_str(&t[copied..colon]);
            // `:name_` may stand for `:name` followed by `_`.
            if value(name, &mut v) {
                escape_path_into(&mut out, &v);
            } else if name.strip_suffix('_').is_some_and(|n| value(n, &mut v)) {
                escape_path_into(&mut out, &v);
                out.push('_');
            } else {
                // Jekyll raises for an unknown placeholder; keep it as written.
                out.push_str(&t[colon..end]);
            }
            (i, copied) = (end, end);
        }
        out.push_str(&t[copied..]);
        sanitize_owned_url(out)
    }

    /// `:categories` is each category lower-cased, once, joined by `/` (the `Vec` and `join`
    /// it was written with), for every list of up to three names from a small set that mixes
    /// case, non-ASCII and empty names.
    #[test]
    fn categories_placeholder_is_the_deduplicated_join() {
        let names = ["a", "A", "b", "", "Ä", "ä", "ǅ", "x y"];
        let mut lists: Vec<Vec<String>> = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<String>> = lists
                .iter()
                .filter(|l| l.len() == lists.last().map_or(0, Vec::len))
                .flat_map(|l| {
                    names.iter().map(move |n| {
                        let mut l = l.clone();
                        l.push(n.to_string());
                        l
                    })
                })
                .collect();
            lists.extend(longer);
        }
        assert!(lists.len() > 500, "{}", lists.len());
        for cats in &lists {
            let mut seen: Vec<String> = Vec::new();
            for c in cats {
                let c = c.to_lowercase();
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
            let want = sanitize_url(&escape_path(&format!("/{}/x", seen.join("/"))));
            let got = document_url(&DocInput {
                template: "/:categories/x",
                collection: "posts",
                categories: cats,
                slug: None,
                basename: "x",
                path: "/x",
                date: None,
                output_ext: ".html",
            });
            assert_eq!(got, want, "{cats:?}");
        }
    }

    /// Every placeholder (with and without a `_` after it), unknown and partial ones, and
    /// literal text, two and three to a template, give the URL the per-post scan gave, for
    /// documents with and without dates, slugs and categories. Each template is asked for
    /// twice: once parsed, once from the kept ones (past the number kept, parsed each time).
    #[test]
    fn parsed_templates_give_the_scanned_urls() {
        let fields = [
            "collection",
            "path",
            "name",
            "title",
            "slug",
            "categories",
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "i_day",
            "i_month",
            "short_month",
            "long_month",
            "short_year",
            "w_year",
            "week",
            "w_day",
            "short_day",
            "long_day",
            "y_day",
            "output_ext",
        ];
        let mut frags: Vec<String> = fields
            .iter()
            .flat_map(|f| [format!(":{f}"), format!(":{f}_"), format!(":{f}__")])
            .collect();
        frags.extend(
            [
                "/",
                "//",
                "/../",
                "./",
                "-",
                "_",
                ":",
                "::",
                ":x",
                ":Title",
                ":titles",
                ":title_x",
                ":_",
                "a b",
                "%",
                "漯",
                ".html",
                ":year:month",
            ]
            .map(String::from),
        );
        let mut templates: Vec<String> = Vec::new();
        for a in &frags {
            for b in &frags {
                templates.push(format!("{a}{b}"));
            }
        }
        for a in ["/", ":categories", ":title_", ":x"] {
            for b in &frags {
                for c in ["/", ":output_ext", ":day", "::", "_"] {
                    templates.push(format!("{a}{b}{c}"));
                }
            }
        }
        assert!(templates.len() > 9000, "{}", templates.len());
        let cats = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        let category_lists = [
            cats(&[]),
            cats(&["emnews"]),
            cats(&["a", "b", "a"]),
            cats(&["", "a"]),
            cats(&["News", "news", "漯河 日报"]),
            cats(&["a b", "x/y"]),
        ];
        let dates = [
            None,
            Some(dt("2022-02-03T04:05:06")),
            Some(dt("0099-12-31T23:59:59")),
            Some(dt("-000001-05-06T07:08:09")),
        ];
        let mut inputs = Vec::new();
        for (i, categories) in category_lists.iter().enumerate() {
            for (j, date) in dates.iter().enumerate() {
                let (slug, basename) = [
                    (Some("hello"), "2022-02-03-hello"),
                    (None, "Hello World"),
                    (Some("漯河新闻 X."), "x"),
                    (Some("AbC9"), "-202101012100000051"),
                    (None, ""),
                ][(i + j) % 5];
                inputs.push(DocInput {
                    template: "",
                    collection: ["posts", "my docs"][j % 2],
                    categories,
                    slug,
                    basename,
                    path: ["/sub/x y", "/a", ""][i % 3],
                    date: *date,
                    output_ext: [".html", "", ".X m"][(i + 2 * j) % 3],
                });
            }
        }
        for t in &templates {
            for d in &inputs {
                let d = DocInput {
                    template: t,
                    ..d.clone()
                };
                let want = document_url_reference(&d);
                assert_eq!(document_url(&d), want, "{t:?} {d:?}");
                assert_eq!(document_url(&d), want, "{t:?} {d:?} (kept)");
            }
        }
    }

    /// The folder is found where `split_once` found it, for every path of up to four pieces
    /// that make and break `_posts/` and `_my_docs/`.
    #[test]
    fn folder_found_as_split_once_found_it() {
        let alphabet = ["_", "posts", "/", "my", "_docs", "x.md", "a"];
        let rels = crate::test_support::strings_over(&alphabet, 5);
        let mut found = 0;
        for rel in &rels {
            for label in ["posts", "my_docs"] {
                let folder = format!("_{label}/");
                let want = rel.split_once(folder.as_str()).map(|(_, r)| r);
                assert_eq!(
                    after_folder(rel, label).map(|i| &rel[i..]),
                    want,
                    "{rel} {label}"
                );
                found += usize::from(want.is_some());
            }
        }
        assert!(found > 100, "{found}");
    }

    /// The folders above the first `_posts/` come first, as `split_once` found them.
    #[test]
    fn categories_from_the_first_posts_folder() {
        for rel in [
            "_posts/x.md",
            "a/_posts/x.md",
            "a/b/_posts/c/_posts/x.md",
            "a_posts/_posts/x.md",
            "_x/_posts_/_posts/x.md",
            "x.md",
        ] {
            let want: Vec<String> = rel.split_once("_posts/").map_or(Vec::new(), |(above, _)| {
                above
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            assert_eq!(post_categories(rel, None, None), want, "{rel}");
        }
    }

    fn dt(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    /// The numeric placeholders are formatted without strftime: the same digits as strftime.
    #[test]
    fn numeric_placeholders_match_strftime() {
        let template = "/:year/:month/:day/:hour/:minute/:second/:i_day/:i_month/:short_year/";
        for s in [
            "2022-02-03T04:05:06",
            "0099-12-31T23:59:59",
            "9999-01-01T00:00:00",
            "-000001-05-06T07:08:09",
            "2021-11-20T10:00:00",
        ] {
            let t = dt(s);
            let url = document_url(&DocInput {
                template,
                collection: "posts",
                categories: &[],
                slug: None,
                basename: "x",
                path: "/x",
                date: Some(t),
                output_ext: ".html",
            });
            let want = sanitize_url(
                &["%Y", "%m", "%d", "%H", "%M", "%S", "%-d", "%-m", "%y"]
                    .iter()
                    .map(|f| escape_path(&t.strftime(f).to_string()))
                    .fold(String::from("/"), |acc, p| format!("{acc}{p}/")),
            );
            assert_eq!(url, want, "{s}");
        }
    }

    fn post(name: &str, cats: &[&str], date: &str, style: &str) -> String {
        let ((_, _, _), slug, ext) = split_post_name(name).unwrap();
        let basename = &name[..name.len() - ext.len()];
        let cats: Vec<String> = cats.iter().map(|s| s.to_string()).collect();
        let template = style_to_template(style);
        document_url(&DocInput {
            template,
            collection: "posts",
            categories: &cats,
            slug: Some(slug),
            basename,
            path: "",
            date: Some(dt(date)),
            output_ext: output_ext(ext),
        })
    }

    // The URLs Jekyll 4.3.1 produced (oracle/jekyll/JEKYLL-VERDICTS.md).
    #[test]
    fn oracle_post_urls() {
        let d = "2022-02-23T08:23:27";
        assert_eq!(
            post("2022-02-23-valid.md", &["taheribao"], d, "date"),
            "/taheribao/2022/02/23/valid.html"
        );
        assert_eq!(
            post("2022-02-23-漯河新闻.md", &["taheribao"], d, "date"),
            "/taheribao/2022/02/23/%E6%BC%AF%E6%B2%B3%E6%96%B0%E9%97%BB.html"
        );
        assert_eq!(
            post("2022-02-23-hello world.md", &["taheribao"], d, "date"),
            "/taheribao/2022/02/23/hello-world.html"
        );
        assert_eq!(
            post("2022-02-23-htmlext.html", &["taheribao"], d, "date"),
            "/taheribao/2022/02/23/htmlext.html"
        );
        // 19: the zone-less date read as UTC moves the day in Asia/Shanghai.
        assert_eq!(
            post(
                "2022-02-23-nooff.md",
                &["taheribao"],
                "2022-02-24T04:00:00",
                "date"
            ),
            "/taheribao/2022/02/24/nooff.html"
        );
        // 54/64: no categories.
        assert_eq!(
            post("2022-02-23-empty.md", &[], "2022-02-23T00:00:00", "date"),
            "/2022/02/23/empty.html"
        );
        // 71: `categories: taheribao news`.
        let cats = post_categories(
            "_posts/2022-02-23-catspace.md",
            Some(&"taheribao news".into()),
            None,
        );
        assert_eq!(cats, vec!["taheribao", "news"]);
        let c: Vec<&str> = cats.iter().map(String::as_str).collect();
        assert_eq!(
            post("2022-02-23-catspace.md", &c, d, "date"),
            "/taheribao/news/2022/02/23/catspace.html"
        );
        // 73: `category: 漯河 日报` is one category, its space escaped.
        let cats = post_categories(
            "_posts/2022-02-23-catsing.md",
            None,
            Some(&"漯河 日报".into()),
        );
        assert_eq!(cats, vec!["漯河 日报"]);
        assert_eq!(
            post("2022-02-23-catsing.md", &["漯河 日报"], d, "date"),
            "/%E6%BC%AF%E6%B2%B3%20%E6%97%A5%E6%8A%A5/2022/02/23/catsing.html"
        );
        assert_eq!(
            destination(
                "/%E6%BC%AF%E6%B2%B3%20%E6%97%A5%E6%8A%A5/2022/02/23/catsing.html",
                ".html"
            ),
            "/漯河 日报/2022/02/23/catsing.html"
        );
        // 74
        assert_eq!(
            post("2022-02-23-catzh.md", &["漯河日报"], d, "date"),
            "/%E6%BC%AF%E6%B2%B3%E6%97%A5%E6%8A%A5/2022/02/23/catzh.html"
        );
        // 48: a sub-folder below _posts/ is no category.
        assert_eq!(
            post_categories(
                "_posts/sub/2022-02-23-insub.md",
                Some(&"taheribao".into()),
                None
            ),
            vec!["taheribao"]
        );
        // 30b
        assert_eq!(
            post(
                "2022-02-23-futureflag.md",
                &["taheribao"],
                "2099-01-01T08:00:00",
                "date"
            ),
            "/taheribao/2099/01/01/futureflag.html"
        );
    }

    #[test]
    fn styles_and_placeholders() {
        let d = "2022-02-03T04:05:06";
        assert_eq!(
            post("2022-02-03-a b.md", &["X"], d, "pretty"),
            "/x/2022/02/03/a-b/"
        );
        assert_eq!(post("2022-02-03-ab.md", &[], d, "none"), "/ab.html");
        assert_eq!(
            post("2022-02-03-ab.md", &[], d, "ordinal"),
            "/2022/034/ab.html"
        );
        assert_eq!(
            post("2022-02-03-ab.md", &[], d, "weekdate"),
            "/2022/W05/Thu/ab.html"
        );
        assert_eq!(
            post("2022-02-03-Ab.md", &["a", "A"], d, "/:categories/:i_month/:i_day/:short_year/:hour:minute:second/:slug-:title:output_ext"),
            "/a/2/3/22/040506/ab-Ab.html"
        );
        // `..` in a permalink cannot climb out of the site.
        assert_eq!(post("2022-02-03-ab.md", &[], d, "/../:title/"), "/ab/");
        // Folders above _posts/ come first; duplicates go.
        assert_eq!(
            post_categories(
                "news/_posts/2022-02-03-ab.md",
                Some(&serde_json::json!(["news", "x"])),
                None
            ),
            vec!["news", "x"]
        );
    }

    #[test]
    fn sanitize_fast_path_agrees() {
        let alphabet = ["/", ".", "a", "中"];
        let inputs = crate::test_support::strings_over(&alphabet, 5);
        assert!(inputs.len() > 1000);
        for s in &inputs {
            assert_eq!(sanitize_url(s), sanitize_url_slow(s), "{s:?}");
        }
    }

    #[test]
    fn ascii_slugs_match_the_regex() {
        let mut inputs: Vec<String> = [
            "",
            "-",
            "--a--",
            "a",
            " Hi, you! ",
            "2022-01-01-x.y",
            "_x_",
            "A.B~C",
            "a  b\tc",
            "@@",
            "x-",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every string of up to three of a few classes of ASCII bytes.
        let alphabet = ["a", "Z", "9", "-", "_", ".", " ", "!", "~", "@", "/", "("];
        inputs.extend(crate::test_support::strings_over(&alphabet, 3));
        for p in crate::test_support::files_under(&crate::test_support::shared().join("corpus")) {
            if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                inputs.push(n.to_string());
            }
        }
        assert!(inputs.len() > 1800, "{}", inputs.len());
        for s in inputs.iter().filter(|s| s.is_ascii()) {
            for mode in [SlugMode::Default, SlugMode::Pretty] {
                for cased in [false, true] {
                    assert_eq!(
                        slugify_ascii(s, mode, cased),
                        slugify_unicode(s, mode, cased),
                        "{s:?} {mode:?} {cased}"
                    );
                }
            }
        }
    }

    #[test]
    fn slugify_modes() {
        assert_eq!(
            slugify("hello world", SlugMode::Pretty, true),
            "hello-world"
        );
        assert_eq!(slugify("漯河新闻", SlugMode::Pretty, true), "漯河新闻");
        assert_eq!(slugify(" Hi, you! ", SlugMode::Pretty, true), "Hi,-you!");
        assert_eq!(slugify(" Hi, you! ", SlugMode::Default, false), "hi-you");
    }

    #[test]
    fn page_urls() {
        assert_eq!(page_url("README.md", Some("/"), "date"), "/");
        assert_eq!(page_url("about.md", None, "date"), "/about.html");
        assert_eq!(page_url("about.md", None, "pretty"), "/about/");
        assert_eq!(page_url("docs/index.md", None, "date"), "/docs/");
        assert_eq!(page_url("index.html", None, "date"), "/");
        assert_eq!(page_url("feed.xml", None, "pretty"), "/feed.xml");
        assert_eq!(
            page_url(
                "category/21shijijingjibaodao  nancailicaitong.html",
                None,
                "date"
            ),
            "/category/21shijijingjibaodao%20%20nancailicaitong.html"
        );
        assert_eq!(destination("/docs/", ".html"), "/docs/index.html");
        assert_eq!(destination("/about", ".html"), "/about.html");
    }
}
