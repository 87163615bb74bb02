//! HTML tokenizer and open-element stack for the raw HTML inside posts, with exact byte spans.
//!
//! Why not html5gum (named in DESIGN.md): version 0.9 does report `Span<usize>` through its
//! `CallbackEmitter`, but an empty attribute value (`alt=""`) produces no value event, so it cannot
//! be told from a bare `alt`; the open-tag span includes trailing whitespace (`"<img "`); raw-text
//! elements are only handled by an opt-in guess; and it copies every text byte into owned buffers
//! (about 3.7 s for 23 MB in a debug build). Posts also need things a spec tokenizer does not do:
//! Markdown autolinks (`<https://…>`, `<a@b.c>`) are not tags, and a stray `<` is worth reporting.
//! So this is a small tokenizer that follows the HTML5 tokenizer states for what posts contain:
//! start/end tags, attributes (unquoted, `'`, `"`), comments (`<!-- -->`, including `<!-->` and
//! `--!>`), `<!DOCTYPE>`, `<![CDATA[ ]]>`, bogus comments (`<!x>`, `<?x>`), and the raw-text
//! elements (`script`, `style`, `textarea`, `title`, `xmp`, `iframe`, `noembed`, `noframes`:
//! content up to the matching end tag is text; `plaintext`: everything after it). No entity
//! decoding. It jumps from `<` to `<` with memchr and allocates only per tag (the lower-cased
//! name and the attribute list).
//!
//! Deviations from the spec, on purpose: a `<` that starts no tag is a [`Token::BareLt`] (also `</`
//! not followed by a letter, which the spec turns into a bogus comment; kramdown escapes it);
//! `<>` is left alone (it is Markdown's empty autolink, a link problem, not an HTML one); a tag cut
//! off by the end of the text is dropped, as in the spec, and ends tokenization; script data
//! escapes (`<!--` inside `<script>`) are not modelled.
//!
//! [`check`] then runs a reduced HTML5 tree builder: void elements, optional end tags, `p` closed by
//! block starts, `li`/`dd`/`dt`/`td`/`th`/`tr`/`option` closing their siblings, scopes, end tags
//! that close several elements at once, and a simplified adoption agency for formatting elements.
//! Each stack entry caches the index of the nearest scope boundary of every kind, so all scope
//! questions are O(1); the stack is capped at [`MAX_DEPTH`].

use std::borrow::Cow;
use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use memchr::memchr;

/// Open elements tracked at most; deeper nesting is reported once as [`Problem::TooDeep`] and the
/// structure checks stop there (the tokenizer-level checks go on).
pub const MAX_DEPTH: usize = 1024;

/// One token. Text between tokens is not represented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attrs…>` or `<name …/>`; `span` covers `<` to `>`.
    Start {
        /// ASCII lower-cased; borrowed when the text has it so (no allocation per tag).
        name: Cow<'a, str>,
        span: Range<usize>,
        name_span: Range<usize>,
        attrs: Vec<Attr<'a>>,
        self_closing: bool,
    },
    /// `</name>` (attributes, if any, are skipped); `span` covers `<` to `>`.
    End {
        name: Cow<'a, str>,
        span: Range<usize>,
    },
    /// A comment, doctype, CDATA section or bogus comment; `closed` is false when the text ended
    /// before its terminator (the rest of the page would vanish into it).
    Comment { span: Range<usize>, closed: bool },
    /// A `<` that starts no tag and is followed by a non-space (`<1%`, `<中`); `span` is the `<`.
    BareLt { span: Range<usize> },
}

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    /// As written (not lower-cased).
    pub name: &'a str,
    pub name_span: Range<usize>,
    /// `None` for a bare attribute (`<input disabled>`); `Some("")` for `alt=""`.
    pub value: Option<&'a str>,
    /// Inside the quotes, if quoted.
    pub value_span: Option<Range<usize>>,
}

/// Tokenizes `text`.
pub fn tokenize(text: &str) -> Tokenizer<'_> {
    Tokenizer {
        text,
        pos: 0,
        raw: None,
        cut_off: None,
    }
}

/// Iterator over the [`Token`]s of a text.
#[derive(Debug, Clone)]
pub struct Tokenizer<'a> {
    text: &'a str,
    pos: usize,
    /// Set after a raw-text start tag: its content is text up to this end tag (`None` inside:
    /// `plaintext`, text to the end).
    raw: Option<Option<&'static str>>,
    /// Set when the text ends inside a start or end tag (no `>`): `<` and the tag name. The
    /// iteration ends there, and the tag is no token.
    pub cut_off: Option<Range<usize>>,
}

/// For elements whose content is not markup: the end tag that ends it (`Some(None)`: nothing
/// does, for `plaintext`).
fn raw_text(name: &str) -> Option<Option<&'static str>> {
    Some(Some(match name {
        "script" => "script",
        "style" => "style",
        "textarea" => "textarea",
        "title" => "title",
        "xmp" => "xmp",
        "iframe" => "iframe",
        "noembed" => "noembed",
        "noframes" => "noframes",
        "plaintext" => return Some(None),
        _ => return None,
    }))
}

/// `s` ASCII lower-cased, borrowed when it already is (most tags are written lower-case).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// HTML whitespace (the tokenizer's).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

impl<'a> Tokenizer<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn slice(&self, r: &Range<usize>) -> &'a str {
        self.text.get(r.clone()).unwrap_or("")
    }

    /// Ends the iteration (the rest of the text is swallowed or is plain text).
    fn finish(&mut self) -> Option<Token<'a>> {
        self.pos = self.text.len();
        None
    }

    /// The tag at `lt` (its name at `name`) runs to the end of the text.
    fn cut(&mut self, lt: usize, name: usize) -> Option<Token<'a>> {
        self.cut_off = Some(lt..self.tag_name(name).end);
        self.finish()
    }

    /// `<!…` at `lt`.
    fn markup_declaration(&mut self, lt: usize) -> Token<'a> {
        let b = self.bytes();
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            return self.comment(lt);
        }
        if rest.starts_with(b"<![CDATA[") {
            // Real CDATA only exists in SVG/MathML; authors mean it to end at `]]>` anyway.
            return match memchr::memmem::find(&rest[9..], b"]]>") {
                Some(o) => self.emit_comment(lt, lt + 9 + o + 3, true),
                None => self.emit_comment(lt, b.len(), false),
            };
        }
        // `<!DOCTYPE …>` and other `<!…>`: to the first `>`.
        self.bogus_comment(lt, lt + 2)
    }

    fn emit_comment(&mut self, start: usize, end: usize, closed: bool) -> Token<'a> {
        self.pos = end;
        Token::Comment {
            span: start..end,
            closed,
        }
    }

    /// A comment-like construct from `lt` to the first `>` at or after `from`.
    fn bogus_comment(&mut self, lt: usize, from: usize) -> Token<'a> {
        let b = self.bytes();
        match memchr(b'>', &b[from.min(b.len())..]) {
            Some(o) => self.emit_comment(lt, from + o + 1, true),
            None => self.emit_comment(lt, b.len(), false),
        }
    }

    /// `<!--` at `lt`: ends at `-->` or `--!>`; `<!-->` and `<!--->` are (empty) comments too.
    fn comment(&mut self, lt: usize) -> Token<'a> {
        let b = self.bytes();
        let body = lt + 4;
        let mut from = body;
        while let Some(o) = memchr(b'>', &b[from..]) {
            let g = from + o;
            let closes = g == body
                || (g == body + 1 && b[body] == b'-')
                || (g >= body + 2 && &b[g - 2..g] == b"--")
                || (g >= body + 3 && &b[g - 3..g] == b"--!");
            if closes {
                return self.emit_comment(lt, g + 1, true);
            }
            from = g + 1;
        }
        self.emit_comment(lt, b.len(), false)
    }

    /// Parses attributes from `i` (just after the tag name) to the closing `>`.
    /// Returns the position after `>` and the self-closing flag; `None` at end of text.
    fn attributes(&self, mut i: usize, attrs: &mut Vec<Attr<'a>>) -> Option<(usize, bool)> {
        let b = self.bytes();
        let len = b.len();
        loop {
            // Before attribute name.
            while i < len && is_space(b[i]) {
                i += 1;
            }
            match *b.get(i)? {
                b'>' => return Some((i + 1, false)),
                b'/' => {
                    if b.get(i + 1) == Some(&b'>') {
                        return Some((i + 2, true));
                    }
                    i += 1; // unexpected-solidus-in-tag: ignored
                    continue;
                }
                _ => {}
            }
            // Attribute name; its first byte may be `=`, later ones `"`, `'` or `<` (parse errors).
            let name_start = i;
            i += 1;
            while i < len && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_span = name_start..i;
            // After attribute name.
            let mut j = i;
            while j < len && is_space(b[j]) {
                j += 1;
            }
            let mut value_span = None;
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < len && is_space(b[j]) {
                    j += 1;
                }
                match *b.get(j)? {
                    q @ (b'"' | b'\'') => {
                        let vs = j + 1;
                        let ve = vs + memchr(q, &b[vs..])?;
                        value_span = Some(vs..ve);
                        j = ve + 1;
                    }
                    // missing-attribute-value: an empty value, and `>` ends the tag.
                    b'>' => value_span = Some(j..j),
                    _ => {
                        let vs = j;
                        while j < len && !is_space(b[j]) && b[j] != b'>' {
                            j += 1;
                        }
                        value_span = Some(vs..j);
                    }
                }
                i = j;
            }
            attrs.push(Attr {
                name: self.slice(&name_span),
                name_span,
                value: value_span.as_ref().map(|r| self.slice(r)),
                value_span,
            });
        }
    }

    /// The tag name starting at `i`: up to whitespace, `/` or `>`.
    fn tag_name(&self, i: usize) -> Range<usize> {
        let b = self.bytes();
        let mut e = i;
        while e < b.len() && !is_space(b[e]) && !matches!(b[e], b'/' | b'>') {
            e += 1;
        }
        i..e
    }

    fn start_tag(&mut self, lt: usize) -> Option<Token<'a>> {
        let name_span = self.tag_name(lt + 1);
        let mut attrs = Vec::new();
        let (end, self_closing) = self.attributes(name_span.end, &mut attrs)?;
        self.pos = end;
        let name = lower(self.slice(&name_span));
        self.raw = raw_text(&name);
        Some(Token::Start {
            name,
            span: lt..end,
            name_span,
            attrs,
            self_closing,
        })
    }

    fn end_tag(&mut self, lt: usize) -> Option<Token<'a>> {
        let name_span = self.tag_name(lt + 2);
        // End tags may carry attributes (a parse error); they are tokenized and dropped.
        let mut ignored = Vec::new();
        let (end, _) = self.attributes(name_span.end, &mut ignored)?;
        self.pos = end;
        Some(Token::End {
            name: lower(self.slice(&name_span)),
            span: lt..end,
        })
    }

    /// The start of the end tag `</name` (followed by whitespace, `/` or `>`) at or after `from`.
    fn raw_text_end(&self, from: usize, name: &str) -> Option<usize> {
        let b = self.bytes();
        let n = name.len();
        let mut k = from;
        while let Some(o) = memchr(b'<', &b[k..]) {
            let lt = k + o;
            let matches_name = b.get(lt + 1) == Some(&b'/')
                && b.get(lt + 2..lt + 2 + n)
                    .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()));
            if matches_name
                && b.get(lt + 2 + n)
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
            {
                return Some(lt);
            }
            k = lt + 1;
        }
        None
    }
}

/// If a Markdown autolink starts at `lt` (`<scheme://…>`, `<mailto:…>`, `<tel:…>`, `<a@b.c>`),
/// the position after its `>`. Schemes as in CommonMark (2–32 characters); other `scheme:x`
/// forms are left to the tag parser so that `<o:p>`/`<st1:place>` from Word stay tags.
/// Both scans stop at the first space, `<` or `>`, so they never run past the tag parse.
fn autolink_end(b: &[u8], lt: usize) -> Option<usize> {
    let s = lt + 1;
    let mut i = s;
    while i < b.len() && i - s <= 32 && (b[i].is_ascii_alphanumeric() || b"+.-".contains(&b[i])) {
        i += 1;
    }
    if b.get(i) == Some(&b':') && (2..=32).contains(&(i - s)) {
        let scheme = &b[s..i];
        let rest = i + 1;
        let mut j = rest;
        while j < b.len() && b[j] > b' ' && b[j] != b'<' && b[j] != b'>' && b[j] != 0x7f {
            j += 1;
        }
        let url_like = b[rest..].starts_with(b"//")
            || scheme.eq_ignore_ascii_case(b"mailto")
            || scheme.eq_ignore_ascii_case(b"tel");
        if b.get(j) == Some(&b'>') && j > rest && url_like {
            return Some(j + 1);
        }
    }
    let mut i = s;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b[i])) {
        i += 1;
    }
    if i > s && b.get(i) == Some(&b'@') {
        let d = i + 1;
        let mut j = d;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'.') {
            j += 1;
        }
        if j > d && b.get(j) == Some(&b'>') {
            return Some(j + 1);
        }
    }
    None
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let b = self.bytes();
        if let Some(raw) = self.raw.take() {
            match raw.and_then(|name| self.raw_text_end(self.pos, name)) {
                Some(at) => self.pos = at,
                None => return self.finish(),
            }
        }
        loop {
            let Some(o) = memchr(b'<', b.get(self.pos..)?) else {
                return self.finish();
            };
            let lt = self.pos + o;
            let Some(&next) = b.get(lt + 1) else {
                return self.finish();
            };
            match next {
                b'!' => return Some(self.markup_declaration(lt)),
                b'?' => return Some(self.bogus_comment(lt, lt + 2)),
                b'/' if b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                    return self.end_tag(lt).or_else(|| self.cut(lt, lt + 2));
                }
                c if c.is_ascii_alphabetic() => {
                    if let Some(end) = autolink_end(b, lt) {
                        self.pos = end;
                        continue;
                    }
                    return self.start_tag(lt).or_else(|| self.cut(lt, lt + 1));
                }
                b'>' => self.pos = lt + 1,
                c if is_space(c) => self.pos = lt + 1,
                c if c >= 0x80
                    && self
                        .text
                        .get(lt + 1..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_whitespace) =>
                {
                    self.pos = lt + 1 // `<` + a Unicode space (U+3000 …): "a < b"
                }
                _ => {
                    self.pos = lt + 1;
                    return Some(Token::BareLt { span: lt..lt + 1 });
                }
            }
        }
    }
}

/// A structural problem, with the spans needed to point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An element never closed. `open` is its start tag; `closed_by` is where the browser closed
    /// it instead (an ancestor's end tag, a start tag that implies its end), `None` = end of text.
    Unclosed {
        name: String,
        open: Range<usize>,
        closed_by: Option<Range<usize>>,
    },
    /// An end tag with no open element it could close (`</p>` with no open `p`, `</br>`).
    StrayEnd { name: String, span: Range<usize> },
    /// `name` (opened at `open`) was ended at `end` while the formatting element `inner` (opened
    /// at `inner_open`) was still open inside it, and `inner`'s own end tag came later
    /// (`<p><strong>x</p></strong>`), or `name` is a formatting element ended across the block
    /// `inner` (`<b><div>x</b></div>`).
    Misnested {
        name: String,
        open: Range<usize>,
        end: Range<usize>,
        inner: String,
        inner_open: Range<usize>,
    },
    /// The attribute `name` (lower-cased) appears again at `span`; browsers keep the `first`.
    DuplicateAttr {
        name: String,
        span: Range<usize>,
        first: Range<usize>,
    },
    /// A comment (or `<!…`, `<?…`, CDATA) never terminated; `span` is its opening (`<!--`).
    UnclosedComment { span: Range<usize> },
    /// A `<` that starts no tag (see [`Token::BareLt`]).
    BareLt { span: Range<usize> },
    /// A start or end tag that the end of the text cuts off before its `>`; `span` is `<` and
    /// the tag name, `name` what follows the `<` there (`a`, `/strong`).
    CutOff { name: String, span: Range<usize> },
    /// Elements nested deeper than [`MAX_DEPTH`]; reported once, at the first start tag too deep.
    TooDeep { span: Range<usize> },
}

impl Problem {
    /// Moves every span by `by` bytes (for a body that starts `by` bytes into its file).
    pub fn shift(&mut self, by: usize) {
        let sh = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
        match self {
            Problem::Unclosed {
                open, closed_by, ..
            } => {
                sh(open);
                if let Some(c) = closed_by {
                    sh(c);
                }
            }
            Problem::StrayEnd { span, .. }
            | Problem::UnclosedComment { span }
            | Problem::BareLt { span }
            | Problem::CutOff { span, .. }
            | Problem::TooDeep { span } => sh(span),
            Problem::Misnested {
                open,
                end,
                inner_open,
                ..
            } => {
                sh(open);
                sh(end);
                sh(inner_open);
            }
            Problem::DuplicateAttr { span, first, .. } => {
                sh(span);
                sh(first);
            }
        }
    }

    /// Where the problem is, for sorting.
    fn start(&self) -> usize {
        match self {
            Problem::Unclosed { open, .. } => open.start,
            Problem::StrayEnd { span, .. }
            | Problem::DuplicateAttr { span, .. }
            | Problem::UnclosedComment { span }
            | Problem::BareLt { span }
            | Problem::CutOff { span, .. }
            | Problem::TooDeep { span } => span.start,
            Problem::Misnested { end, .. } => end.start,
        }
    }
}

/// Problems recorded per text at most. Past this the text is garbage anyway, and the cap keeps
/// memory bounded on hostile input (5 MB of `<` would otherwise be five million problems).
pub const MAX_PROBLEMS: usize = 10_000;

/// A problem list that stops growing at [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, p: Problem) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(p);
        }
    }
}

/// Checks the HTML structure of `text`. Problems come sorted by position.
pub fn check(text: &str) -> Vec<Problem> {
    let mut tree = Tree::default();
    let mut tokens = tokenize(text);
    for tok in tokens.by_ref() {
        match tok {
            Token::Start {
                name,
                span,
                attrs,
                self_closing,
                ..
            } => {
                duplicate_attrs(&attrs, &mut tree.problems);
                tree.start(name.into_owned(), span, self_closing);
            }
            Token::End { name, span } => tree.end(&name, span),
            Token::Comment {
                span,
                closed: false,
            } => {
                let rest = text.as_bytes().get(span.start..).unwrap_or_default();
                let opener = if rest.starts_with(b"<!--") {
                    4
                } else if rest.starts_with(b"<![") {
                    9.min(rest.len())
                } else {
                    2
                };
                tree.problems.push(Problem::UnclosedComment {
                    span: span.start..span.start + opener,
                });
            }
            Token::Comment { .. } => {}
            Token::BareLt { span } => tree.problems.push(Problem::BareLt { span }),
        }
    }
    if let Some(span) = tokens.cut_off {
        let name = text.get(span.start + 1..span.end).unwrap_or_default();
        tree.problems.push(Problem::CutOff {
            name: name.to_string(),
            span,
        });
    }
    tree.finish()
}

fn duplicate_attrs(attrs: &[Attr], problems: &mut Problems) {
    let mut report = |a: &Attr, first: &Attr| {
        problems.push(Problem::DuplicateAttr {
            name: a.name.to_ascii_lowercase(),
            span: a.name_span.clone(),
            first: first.name_span.clone(),
        })
    };
    if attrs.len() <= 16 {
        for (i, a) in attrs.iter().enumerate() {
            if let Some(first) = attrs[..i]
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(a.name))
            {
                report(a, first);
            }
        }
    } else {
        // Many attributes: a map keeps this linear.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, a) in attrs.iter().enumerate() {
            match seen.get(&a.name.to_ascii_lowercase()) {
                Some(&f) => report(a, &attrs[f]),
                None => {
                    seen.insert(a.name.to_ascii_lowercase(), i);
                }
            }
        }
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// End tags that may be left out where the tree builder implies them; never reported when implied.
/// (`p` is optional in HTML too, but authors of news posts mean to close it, so it is reported.)
const OPTIONAL_END: &[&str] = &[
    "li", "dd", "dt", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rp", "rt", "rtc", "html", "head", "body",
];

/// Start tags that close an open `p` (in button scope).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "listing",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
    "plaintext",
    "xmp",
];

/// The HTML "special" category.
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// End tags whose element must be "in scope" (default scope unless noted in [`Tree::end`]).
const SCOPED_END: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "button",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "pre",
    "search",
    "section",
    "summary",
    "ul",
    "applet",
    "marquee",
    "object",
    "dd",
    "dt",
    "body",
    "html",
];

const TABLE_PARTS: &[&str] = &[
    "table", "caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// What the tree builder needs to know about an element name, as bits (one table lookup per
/// tag instead of scanning the lists above).
mod fl {
    pub const VOID: u16 = 1;
    pub const FORMATTING: u16 = 1 << 1;
    pub const OPTIONAL_END: u16 = 1 << 2;
    pub const CLOSES_P: u16 = 1 << 3;
    pub const SCOPED_END: u16 = 1 << 4;
    pub const TABLE_PART: u16 = 1 << 5;
    pub const HEADING: u16 = 1 << 6;
    /// Boundary bits, in [`super::Bound`] order.
    pub const SPECIAL: u16 = 1 << 8;
    pub const B_SCOPE: u16 = 1 << 9;
    pub const B_BUTTON: u16 = 1 << 10;
    pub const B_LIST: u16 = 1 << 11;
    pub const B_TABLE: u16 = 1 << 12;
    pub const B_LIST_ITEM_STOP: u16 = 1 << 13;
    pub const B_MARKER: u16 = 1 << 14;
}

/// FNV-1a, for the fixed table of known element names: faster than SipHash on short keys, and
/// safe here because the table's keys are fixed, so input cannot make them collide.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type NameTable = std::collections::HashMap<&'static str, u16, BuildHasherDefault<Fnv>>;

fn flags(name: &str) -> u16 {
    static TABLE: OnceLock<NameTable> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let scope: &[&str] = &[
            "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
        ];
        let marker: &[&str] = &[
            "applet", "caption", "marquee", "object", "td", "th", "template",
        ];
        let sets: &[(&[&str], u16)] = &[
            (VOID, fl::VOID),
            (FORMATTING, fl::FORMATTING),
            (OPTIONAL_END, fl::OPTIONAL_END),
            (CLOSES_P, fl::CLOSES_P),
            (SCOPED_END, fl::SCOPED_END),
            (&["template"], fl::SCOPED_END),
            (TABLE_PARTS, fl::TABLE_PART),
            (HEADINGS, fl::HEADING),
            (SPECIAL, fl::SPECIAL | fl::B_LIST_ITEM_STOP),
            (scope, fl::B_SCOPE | fl::B_BUTTON | fl::B_LIST),
            (&["button"], fl::B_BUTTON),
            (&["ol", "ul"], fl::B_LIST),
            (&["html", "table", "template"], fl::B_TABLE),
            (marker, fl::B_MARKER),
        ];
        let mut t = NameTable::default();
        for (names, bits) in sets {
            for n in names.iter() {
                *t.entry(n).or_default() |= bits;
            }
        }
        for n in ["address", "div", "p"] {
            *t.entry(n).or_default() &= !fl::B_LIST_ITEM_STOP;
        }
        t
    });
    table.get(name).copied().unwrap_or(0)
}

/// Kinds of boundaries whose nearest instance each stack entry remembers.
#[derive(Clone, Copy)]
enum Bound {
    /// The nearest "special" element (stops the generic end-tag search).
    Special = 0,
    /// Default scope: applet, caption, html, table, td, th, marquee, object, template.
    Scope,
    /// Button scope: default + button.
    Button,
    /// List item scope: default + ol, ul.
    List,
    /// Table scope: html, table, template.
    Table,
    /// What stops the `<li>`/`<dd>` search: special except address, div, p.
    ListItemStop,
    /// Active-formatting markers: applet, caption, marquee, object, td, th, template.
    Marker,
}

const BOUNDS: usize = 7;

/// One open element.
#[derive(Debug)]
struct Entry {
    name: String,
    open: Range<usize>,
    /// Closed by a misnested formatting end tag while blocks above it stay open.
    dead: bool,
    /// Inside `svg`/`math`: self-closing tags count, HTML's implied ends do not apply.
    foreign: bool,
    /// [`flags`] of the name (0 for foreign elements).
    flags: u16,
    /// For each [`Bound`]: 1 + index of the nearest such element at or below this one; 0 = none.
    bounds: [u32; BOUNDS],
}

/// A formatting element popped by someone else's end tag, waiting to see whether its own end
/// tag follows (then it was misnested) or not (then it was just unclosed).
#[derive(Debug)]
struct Pending {
    name: String,
    open: Range<usize>,
    /// The element whose end tag popped it: name, start tag, end tag. `None` when it was popped
    /// by a start tag and already reported: only its late end tag is to be absorbed.
    closer: Option<(String, Range<usize>, Range<usize>)>,
}

/// How many pending formatting elements are remembered; older ones are settled as unclosed.
const MAX_PENDING: usize = 64;

#[derive(Default)]
struct Tree {
    stack: Vec<Entry>,
    /// Indices of the live entries with each name, innermost last.
    by_name: HashMap<String, Vec<usize>>,
    pending: VecDeque<Pending>,
    problems: Problems,
    too_deep: bool,
}

/// What closes the elements popped by [`Tree::pop_to`].
#[derive(Clone, Copy)]
enum Closer<'s> {
    /// A start tag implying their end (its span).
    Start(&'s Range<usize>),
    /// An end tag (its span), which ends the element at the target index.
    End(&'s Range<usize>),
}

impl Tree {
    /// Index of the innermost live element called `name`.
    fn last(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).and_then(|v| v.last().copied())
    }

    /// The innermost live element among `names`.
    fn last_of(&self, names: &[&str]) -> Option<usize> {
        names.iter().filter_map(|n| self.last(n)).max()
    }

    /// Whether the element at `idx` is reachable from the current node without crossing a
    /// boundary of kind `bound` (the element itself may be such a boundary).
    fn in_scope(&self, idx: usize, bound: Bound) -> bool {
        let b = self.stack.last().map_or(0, |e| e.bounds[bound as usize]) as usize;
        idx + 1 >= b
    }

    /// Whether the current node is a live HTML element with any of the `flag` bits.
    fn top_has(&self, flag: u16) -> bool {
        self.stack
            .last()
            .is_some_and(|e| !e.dead && e.flags & flag != 0)
    }

    fn top_named(&self, name: &str) -> bool {
        self.stack
            .last()
            .is_some_and(|e| !e.dead && !e.foreign && e.name == name)
    }

    fn push(&mut self, name: String, open: Range<usize>, foreign: bool, flags: u16) {
        if self.stack.len() >= MAX_DEPTH {
            self.problems.push(Problem::TooDeep { span: open });
            self.too_deep = true;
            return;
        }
        let idx = self.stack.len();
        let mut bounds = self.stack.last().map_or([0; BOUNDS], |e| e.bounds);
        for (k, bound) in bounds.iter_mut().enumerate() {
            if flags & (fl::SPECIAL << k) != 0 {
                *bound = idx as u32 + 1;
            }
        }
        match self.by_name.get_mut(name.as_str()) {
            Some(v) => v.push(idx),
            None => {
                // Names no longer open are kept for reuse, but dropped in bulk when there are
                // many (thousands of distinct tag names), so memory stays bounded; at most
                // MAX_DEPTH names are live, so this is amortized O(1).
                if self.by_name.len() >= 4 * MAX_DEPTH {
                    self.by_name.retain(|_, v| !v.is_empty());
                }
                self.by_name.insert(name.clone(), vec![idx]);
            }
        }
        self.stack.push(Entry {
            name,
            open,
            dead: false,
            foreign,
            flags,
            bounds,
        });
    }

    /// Forgets entry `idx` in `by_name` (it is the innermost of its name).
    fn unindex(&mut self, idx: usize) {
        if let Some(e) = self.stack.get(idx) {
            if let Some(v) = self.by_name.get_mut(e.name.as_str()) {
                if v.last() == Some(&idx) {
                    v.pop();
                } else {
                    v.retain(|&i| i != idx);
                }
            }
        }
    }

    /// Pops the current node (whose end tag is optional, so nothing is reported).
    fn pop_top(&mut self) {
        if let Some(top) = self.stack.len().checked_sub(1) {
            self.unindex(top);
            self.stack.pop();
        }
    }

    /// Pops everything above `idx`, then `idx` itself, which the caller reports if needed.
    /// Elements above it are reported as closed by `closer`, except optional-end ones; formatting
    /// elements closed by an end tag wait in `pending` to see if their own end tag follows.
    /// Each element is popped once, so the total work is linear.
    fn pop_to(&mut self, idx: usize, closer: Closer) -> Option<Entry> {
        while self.stack.len() > idx + 1 {
            let top = self.stack.len() - 1;
            if !self.stack[top].dead {
                self.unindex(top); // dead entries were unindexed when they died
            }
            let Some(e) = self.stack.pop() else { break };
            if e.dead || e.flags & fl::OPTIONAL_END != 0 {
                continue;
            }
            let formatting = e.flags & fl::FORMATTING != 0;
            match closer {
                Closer::End(end) if formatting => {
                    let target = &self.stack[idx];
                    let closer = Some((target.name.clone(), target.open.clone(), end.clone()));
                    self.add_pending(e.name, e.open, closer);
                }
                Closer::Start(span) | Closer::End(span) => {
                    self.problems.push(Problem::Unclosed {
                        name: e.name.clone(),
                        open: e.open.clone(),
                        closed_by: Some(span.clone()),
                    });
                    if formatting {
                        // Browsers reopen it in the next block, where its end tag still fits.
                        self.add_pending(e.name, e.open, None);
                    }
                }
            }
        }
        self.unindex(idx);
        self.stack.pop()
    }

    fn add_pending(
        &mut self,
        name: String,
        open: Range<usize>,
        closer: Option<(String, Range<usize>, Range<usize>)>,
    ) {
        if self.pending.len() >= MAX_PENDING {
            if let Some(old) = self.pending.pop_front() {
                self.settle(old);
            }
        }
        self.pending.push_back(Pending { name, open, closer });
    }

    /// A pending element whose own end tag never came: it was simply unclosed.
    fn settle(&mut self, p: Pending) {
        if let Some((_, _, end)) = p.closer {
            self.problems.push(Problem::Unclosed {
                name: p.name,
                open: p.open,
                closed_by: Some(end),
            });
        }
    }

    /// Closes the open `p` (known to be in button scope) because of the start tag at `span`.
    fn close_p(&mut self, idx: usize, span: &Range<usize>) {
        if let Some(p) = self.pop_to(idx, Closer::Start(span)) {
            self.problems.push(Problem::Unclosed {
                name: p.name,
                open: p.open,
                closed_by: Some(span.clone()),
            });
        }
    }

    fn start(&mut self, name: String, span: Range<usize>, self_closing: bool) {
        if self.too_deep {
            return;
        }
        if self.stack.last().is_some_and(|e| e.foreign) || name == "svg" || name == "math" {
            // Foreign content: XML-like, no implied ends.
            if !self_closing {
                self.push(name, span, true, 0);
            }
            return;
        }
        let flags = flags(&name);
        if flags & fl::CLOSES_P != 0 {
            // `li`, `dd`, `dt` first close their open sibling (which may hold the `p`).
            let sibling = match name.as_str() {
                "li" => self.last("li"),
                "dd" | "dt" => self.last_of(&["dd", "dt"]),
                _ => None,
            };
            if let Some(idx) = sibling.filter(|&i| self.in_scope(i, Bound::ListItemStop)) {
                self.pop_to(idx, Closer::Start(&span));
            }
            if let Some(idx) = self.last("p").filter(|&i| self.in_scope(i, Bound::Button)) {
                self.close_p(idx, &span);
            }
        }
        if flags & fl::VOID != 0 {
            return;
        }
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.top_has(fl::HEADING) => {
                let idx = self.stack.len() - 1;
                if let Some(h) = self.pop_to(idx, Closer::Start(&span)) {
                    self.problems.push(Problem::Unclosed {
                        name: h.name,
                        open: h.open,
                        closed_by: Some(span.clone()),
                    });
                }
            }
            "a" => {
                // `<a>` inside an open `<a>` closes the first one.
                if let Some(idx) = self.last("a").filter(|&i| self.in_scope(i, Bound::Marker)) {
                    let e = &self.stack[idx];
                    self.problems.push(Problem::Unclosed {
                        name: e.name.clone(),
                        open: e.open.clone(),
                        closed_by: Some(span.clone()),
                    });
                    if self.in_scope(idx, Bound::Special) {
                        self.pop_to(idx, Closer::Start(&span));
                    } else {
                        self.stack[idx].dead = true;
                        self.unindex(idx);
                    }
                }
            }
            "td" | "th" => {
                if let Some(idx) = self
                    .last_of(&["td", "th"])
                    .filter(|&i| self.in_scope(i, Bound::Table))
                {
                    self.pop_to(idx, Closer::Start(&span));
                }
            }
            "tr" | "tbody" | "thead" | "tfoot" => {
                let parts: &[&str] = if name == "tr" {
                    &["tr"]
                } else {
                    &["tbody", "thead", "tfoot"]
                };
                if let Some(idx) = self
                    .last_of(parts)
                    .filter(|&i| self.in_scope(i, Bound::Table))
                {
                    self.pop_to(idx, Closer::Start(&span));
                }
            }
            "option" | "optgroup" => {
                if self.top_named("option") {
                    self.pop_top();
                }
                if name == "optgroup" && self.top_named("optgroup") {
                    self.pop_top();
                }
            }
            _ => {}
        }
        self.push(name, span, false, flags);
    }

    /// `name` is borrowed: most end tags close an element and need no copy of it.
    fn end(&mut self, name: &str, span: Range<usize>) {
        if self.too_deep {
            return;
        }
        let flags = flags(name);
        if flags & fl::VOID != 0 {
            return self.stray(name.to_string(), span);
        }
        if self.stack.last().is_some_and(|e| e.foreign) {
            if let Some(idx) = self.last(name).filter(|&i| self.stack[i].foreign) {
                self.pop_to(idx, Closer::End(&span));
                return;
            }
        }
        let n = name;
        let found = if n == "p" {
            self.last("p").filter(|&i| self.in_scope(i, Bound::Button))
        } else if n == "li" {
            self.last("li").filter(|&i| self.in_scope(i, Bound::List))
        } else if flags & fl::HEADING != 0 {
            self.last_of(HEADINGS)
                .filter(|&i| self.in_scope(i, Bound::Scope))
        } else if flags & fl::TABLE_PART != 0 {
            self.last(n).filter(|&i| self.in_scope(i, Bound::Table))
        } else if flags & fl::SCOPED_END != 0 {
            self.last(n).filter(|&i| self.in_scope(i, Bound::Scope))
        } else if flags & fl::FORMATTING != 0 {
            return self.formatting_end(name, span);
        } else {
            // Any other end tag: the innermost element of that name, unless a special element
            // lies in between (then browsers ignore the end tag).
            self.last(n).filter(|&i| self.in_scope(i, Bound::Special))
        };
        let Some(idx) = found else {
            return self.stray(name.to_string(), span);
        };
        if let Some(e) = self.pop_to(idx, Closer::End(&span)) {
            if e.name != name {
                // `<h1>…</h2>`: closed, but by the wrong end tag.
                self.problems.push(Problem::Unclosed {
                    name: e.name,
                    open: e.open,
                    closed_by: Some(span),
                });
            }
        }
    }

    /// A simplified adoption agency for `</b>` and the other formatting elements.
    fn formatting_end(&mut self, name: &str, span: Range<usize>) {
        let Some(idx) = self.last(name) else {
            // Not open: maybe it was popped earlier by another element's end tag.
            match self.pending.iter().rposition(|p| p.name == name) {
                Some(k) => {
                    if let Some(Pending {
                        name: inner,
                        open: inner_open,
                        closer: Some((outer, outer_open, end)),
                    }) = self.pending.remove(k)
                    {
                        self.problems.push(Problem::Misnested {
                            name: outer,
                            open: outer_open,
                            end,
                            inner,
                            inner_open,
                        });
                    }
                }
                None => self.stray(name.to_string(), span),
            }
            return;
        };
        if self.in_scope(idx, Bound::Special) {
            // No block in between: pop it and whatever inline elements are inside it.
            self.pop_to(idx, Closer::End(&span));
            return;
        }
        // A block was opened inside it (`<b><div>x</b>`): browsers end the formatting element
        // but keep the block open. Name the first block above it; the walk is capped.
        let top_special = self
            .stack
            .last()
            .map_or(0, |e| e.bounds[Bound::Special as usize]);
        let inner = (idx + 1..self.stack.len())
            .take(64)
            .find(|&i| self.stack[i].flags & fl::SPECIAL != 0)
            .unwrap_or((top_special as usize).saturating_sub(1));
        let (outer, inner) = (&self.stack[idx], &self.stack[inner]);
        self.problems.push(Problem::Misnested {
            name: outer.name.clone(),
            open: outer.open.clone(),
            end: span,
            inner: inner.name.clone(),
            inner_open: inner.open.clone(),
        });
        self.stack[idx].dead = true;
        self.unindex(idx);
    }

    fn stray(&mut self, name: String, span: Range<usize>) {
        self.problems.push(Problem::StrayEnd { name, span });
    }

    fn finish(mut self) -> Vec<Problem> {
        if !self.too_deep {
            for e in std::mem::take(&mut self.stack) {
                if !e.dead && e.flags & fl::OPTIONAL_END == 0 {
                    self.problems.push(Problem::Unclosed {
                        name: e.name,
                        open: e.open,
                        closed_by: None,
                    });
                }
            }
        }
        while let Some(p) = self.pending.pop_front() {
            self.settle(p);
        }
        let mut problems = self.problems.0;
        problems.sort_by_key(Problem::start);
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/2022-02-23-202202232285347935.md"
    );
    const FINEWS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/finews/_posts/-202205262391921712.md"
    );

    /// The body of a post: everything after the second `---` line.
    fn body(path: &str) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        let mut off = 0;
        let mut fences = 0;
        for line in text.split_inclusive('\n') {
            off += line.len();
            if line.trim_end() == "---" {
                fences += 1;
                if fences == 2 {
                    break;
                }
            }
        }
        text[off..].to_string()
    }

    fn unclosed(name: &str, open: Range<usize>, closed_by: Option<Range<usize>>) -> Problem {
        Problem::Unclosed {
            name: name.into(),
            open,
            closed_by,
        }
    }

    fn stray(name: &str, span: Range<usize>) -> Problem {
        Problem::StrayEnd {
            name: name.into(),
            span,
        }
    }

    #[test]
    fn start_tag_attributes_and_spans() {
        let t = r#"<IMG Alt="" src=x.png data-a = 'q' hidden/>"#;
        let toks: Vec<_> = tokenize(t).collect();
        let Token::Start {
            name,
            span,
            name_span,
            attrs,
            self_closing,
        } = &toks[0]
        else {
            panic!("{toks:?}")
        };
        assert_eq!(name, "img");
        assert_eq!(span, &(0..t.len()));
        assert_eq!(&t[name_span.clone()], "IMG");
        assert!(*self_closing);
        let got: Vec<_> = attrs
            .iter()
            .map(|a| {
                (
                    a.name,
                    &t[a.name_span.clone()],
                    a.value,
                    a.value_span.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Alt", "Alt", Some(""), Some(10..10)),
                ("src", "src", Some("x.png"), Some(16..21)),
                ("data-a", "data-a", Some("q"), Some(32..33)),
                ("hidden", "hidden", None, None),
            ]
        );
    }

    #[test]
    fn attribute_edge_cases() {
        // Unquoted value with `/` is not self-closing; `a=>` has an empty value; no space
        // between quoted attributes is fine; `<` inside a quoted value is text.
        let t = r#"<a href=/x/ b=>t</a><p c="1"d='<b>'>"#;
        let toks: Vec<_> = tokenize(t).collect();
        assert_eq!(toks.len(), 3, "{toks:?}");
        let Token::Start {
            attrs,
            self_closing,
            ..
        } = &toks[0]
        else {
            panic!()
        };
        assert!(!self_closing);
        assert_eq!(attrs[0].value, Some("/x/"));
        assert_eq!(attrs[1].value, Some(""));
        assert_eq!(attrs[1].value_span, Some(14..14));
        let Token::Start { attrs, .. } = &toks[2] else {
            panic!()
        };
        assert_eq!(attrs[1].name, "d");
        assert_eq!(attrs[1].value, Some("<b>"));
        assert_eq!(
            toks[1],
            Token::End {
                name: "a".into(),
                span: 16..20
            }
        );
    }

    #[test]
    fn comments_doctype_cdata_bogus() {
        let t =
            "<!DOCTYPE html><!-- a -- b --><!--><!---><!-- x --!><![CDATA[ <p> ]]><?xml v?><!x>";
        let spans: Vec<_> = tokenize(t)
            .map(|tok| match tok {
                Token::Comment { span, closed } => {
                    assert!(closed);
                    &t[span]
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            spans,
            [
                "<!DOCTYPE html>",
                "<!-- a -- b -->",
                "<!-->",
                "<!--->",
                "<!-- x --!>",
                "<![CDATA[ <p> ]]>",
                "<?xml v?>",
                "<!x>"
            ]
        );
        let toks: Vec<_> = tokenize("a<!-- b -> <p>").collect();
        assert_eq!(
            toks,
            vec![Token::Comment {
                span: 1..14,
                closed: false
            }]
        );
    }

    /// `lower` is the `to_ascii_lowercase` the tokenizer called before, and tag names are
    /// that of their text, over every byte value in every place and on the real posts.
    #[test]
    fn lower_is_to_ascii_lowercase() {
        let mut words: Vec<String> = ["", "a", "A", "dIv", "DIV", "o:P", "中a", "ÄB", "x1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for at in 0..4 {
            for c in (0..=127u8).map(char::from).chain(['é', 'É', '中']) {
                let mut w: Vec<char> = "abcd".chars().collect();
                w[at] = c;
                words.push(w.into_iter().collect());
            }
        }
        for w in &words {
            let got = lower(w);
            assert_eq!(*got, w.to_ascii_lowercase(), "{w:?}");
            assert_eq!(
                matches!(got, Cow::Borrowed(_)),
                *w == w.to_ascii_lowercase()
            );
        }
        let mut texts = vec![body(FINEWS)];
        texts.extend(words.iter().map(|w| format!("<{w} x=1></{w}><{w}/>")));
        let mut names = 0;
        for text in &texts {
            for tok in tokenize(text) {
                let (name, span) = match &tok {
                    Token::Start {
                        name, name_span, ..
                    } => (name, name_span.clone()),
                    Token::End { name, span } => {
                        (name, span.start + 2..span.start + 2 + name.len())
                    }
                    _ => continue,
                };
                assert_eq!(**name, text[span].to_ascii_lowercase());
                names += 1;
            }
        }
        assert!(names > 500, "{names}");
    }

    #[test]
    fn raw_text_elements() {
        let t =
            "<script>if (a<b && c>d) x='</p>'</SCRIPT ><style>p>a{}</style><title>a<b</title><p>";
        let names: Vec<_> = tokenize(t)
            .map(|tok| match tok {
                Token::Start { name, .. } => name.into_owned(),
                Token::End { name, .. } => format!("/{name}"),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            names,
            ["script", "/script", "style", "/style", "title", "/title", "p"]
        );
        // Unterminated raw text runs to the end; the element stays open.
        assert_eq!(
            check("<textarea><p></p>"),
            vec![unclosed("textarea", 0..10, None)]
        );
        assert_eq!(tokenize("<plaintext></plaintext><p>").count(), 1);
    }

    #[test]
    fn bare_lt_and_autolinks() {
        let t = "涨幅<1% a < b <中 <> x<=y <http://x.y/z?a=1&b=2> <mailto:a@b.c> <a.b@c.d> <o:p></o:p> a <\u{3000}b 1</2";
        let bare: Vec<_> = tokenize(t)
            .filter_map(|tok| match tok {
                Token::BareLt { span } => Some(span),
                _ => None,
            })
            .collect();
        let lt = |s: &str| {
            let i = t.find(s).unwrap();
            i..i + 1
        };
        assert_eq!(bare, vec![6..7, lt("<中"), lt("<=y"), lt("</2")]);
        assert_eq!(&t[6..9], "<1%");
        // `<o:p>` (Word markup) stays a tag.
        let tags = tokenize(t)
            .filter(|tok| matches!(tok, Token::Start { .. } | Token::End { .. }))
            .count();
        assert_eq!(tags, 2);
    }

    #[test]
    fn unterminated_tag_swallows_the_rest() {
        assert_eq!(tokenize("<p>a<a href=\"x>b</a></p>").count(), 1);
        assert_eq!(
            check("x <br"),
            vec![Problem::CutOff {
                name: "br".into(),
                span: 2..5
            }]
        );
    }

    #[test]
    fn case_97_implied_p_and_stray_div() {
        // Oracle case 97: `<p>一\n<p>二</div>`.
        let t = "<p>一\n<p>二</div>";
        assert_eq!(&t[7..10], "<p>");
        assert_eq!(&t[13..19], "</div>");
        assert_eq!(
            check(t),
            vec![
                unclosed("p", 0..3, Some(7..10)),
                unclosed("p", 7..10, None),
                stray("div", 13..19),
            ]
        );
    }

    #[test]
    fn misnested_formatting() {
        let t = "<p><strong>x</p></strong>";
        assert_eq!(
            check(t),
            vec![Problem::Misnested {
                name: "p".into(),
                open: 0..3,
                end: 12..16,
                inner: "strong".into(),
                inner_open: 3..11,
            }]
        );
        // Without the late end tag it is just unclosed, closed by `</p>`.
        assert_eq!(
            check("<p><strong>x</p>"),
            vec![unclosed("strong", 3..11, Some(12..16))]
        );
        // Chinese text, byte-exact.
        let t = "<p>中<b>文<i>字</b>。</i></p>";
        assert_eq!(
            check(t),
            vec![Problem::Misnested {
                name: "b".into(),
                open: 6..9,
                end: 18..22,
                inner: "i".into(),
                inner_open: 12..15,
            }]
        );
        assert_eq!(&t[18..22], "</b>");
        // A formatting element ended across a block.
        assert_eq!(
            check("<b><div>x</b>y</div>"),
            vec![Problem::Misnested {
                name: "b".into(),
                open: 0..3,
                end: 9..13,
                inner: "div".into(),
                inner_open: 3..8,
            }]
        );
        // Reopened by the browser after a block start: its late end tag is not stray.
        assert_eq!(
            check("<p><b>x<div>y</b></div>"),
            vec![
                unclosed("p", 0..3, Some(7..12)),
                unclosed("b", 3..6, Some(7..12)),
            ]
        );
    }

    #[test]
    fn stray_ends() {
        assert_eq!(check("一</p>"), vec![stray("p", 3..7)]);
        assert_eq!(check("<br></br>"), vec![stray("br", 4..9)]);
        assert_eq!(check("<div></span></div>"), vec![stray("span", 5..12)]);
        // `</span>` cannot close across a block: browsers ignore it; the span stays open.
        assert_eq!(
            check("<span><div>x</span></div></span>"),
            vec![stray("span", 12..19)]
        );
    }

    #[test]
    fn end_tag_closes_inner_elements() {
        assert_eq!(
            check("<div><span>x</div>"),
            vec![unclosed("span", 5..11, Some(12..18))]
        );
        assert_eq!(
            check("<div><p>x</div>"),
            vec![unclosed("p", 5..8, Some(9..15))]
        );
        assert_eq!(check("<h1>x</h2>"), vec![unclosed("h1", 0..4, Some(5..10))]);
    }

    #[test]
    fn block_start_closes_p() {
        let t = "<p>一<div>二</div></p>";
        assert_eq!(
            check(t),
            vec![unclosed("p", 0..3, Some(6..11)), stray("p", 20..24)]
        );
        assert_eq!(
            check("<p>a<ul><li>x</ul>"),
            vec![unclosed("p", 0..3, Some(4..8))]
        );
        assert_eq!(
            check("<p><span>a<table></table>"),
            vec![
                unclosed("p", 0..3, Some(10..17)),
                unclosed("span", 3..9, Some(10..17)),
            ]
        );
    }

    #[test]
    fn optional_end_tags_are_fine() {
        for t in [
            "<ul><li>a<li>b</ul>",
            "<ol><li>a<ul><li>b</ul><li>c</ol>",
            "<dl><dt>a<dd>b<dt>c</dl>",
            "<table><tr><td>a<td>b<tr><th>c</table>",
            "<table><thead><tr><td>a<tbody><tr><td>b</table>",
            "<select><option>a<option>b<optgroup><option>c</select>",
            "<html><head><title>t</title></head><body><p>x</p></body></html>",
            "<li>loose item",
            "<p style=\"x\"><br /></p><center><img src=a /></center><hr><input>",
            "<svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><circle r=1></circle></svg>",
            "<a href=x>1</a><a href=y>2</a>",
        ] {
            assert_eq!(check(t), vec![], "{t}");
        }
    }

    #[test]
    fn nested_anchor_and_headings() {
        assert_eq!(check("<a>1<a>2</a>"), vec![unclosed("a", 0..3, Some(4..7))]);
        assert_eq!(
            check("<h1>x<h2>y</h2>"),
            vec![unclosed("h1", 0..4, Some(5..9))]
        );
    }

    #[test]
    fn duplicate_attribute() {
        let t = "<a href=x HREF=y href=z>k</a>";
        assert_eq!(
            check(t),
            vec![
                Problem::DuplicateAttr {
                    name: "href".into(),
                    span: 10..14,
                    first: 3..7
                },
                Problem::DuplicateAttr {
                    name: "href".into(),
                    span: 17..21,
                    first: 3..7
                },
            ]
        );
        // Many attributes take the map path.
        let mut t = String::from("<i");
        for k in 0..40 {
            t.push_str(&format!(" a{k}=1"));
        }
        t.push_str(" a7=2></i>");
        let p = check(&t);
        assert!(matches!(&p[..], [Problem::DuplicateAttr { name, .. }] if name == "a7"));
    }

    #[test]
    fn unclosed_comment_and_bare_lt() {
        assert_eq!(
            check("<p>x</p><!-- never closed <p>"),
            vec![Problem::UnclosedComment { span: 8..12 }]
        );
        assert_eq!(check("收益率<1%"), vec![Problem::BareLt { span: 9..10 }]);
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_the_text() {
        let cut = |name: &str, span| Problem::CutOff {
            name: name.into(),
            span,
        };
        assert_eq!(
            check(r#"x <a href="https://e.example/y"#),
            vec![cut("a", 2..4)]
        );
        // Inside a quoted value that never ends, and between attributes.
        assert_eq!(check(r#"<img alt="cut"#), vec![cut("img", 0..4)]);
        assert_eq!(check("<img src=x "), vec![cut("img", 0..4)]);
        assert_eq!(
            check("<p>x</strong"),
            vec![unclosed("p", 0..3, None), cut("/strong", 4..12)]
        );
        assert_eq!(check("a<b \n"), vec![cut("b", 1..3)]);
        // A finished tag is no problem, however late.
        assert_eq!(check(r#"<a href="x">y</a>"#), vec![]);
        let mut t = tokenize("<b>x</b><i title='y");
        assert_eq!(t.by_ref().count(), 2);
        assert_eq!(t.cut_off, Some(8..10));
    }

    #[test]
    fn shift_moves_every_span() {
        let mut p = check("<p><strong>x</p></strong><a b b>");
        for x in &mut p {
            x.shift(100);
        }
        assert_eq!(
            p[0],
            Problem::Misnested {
                name: "p".into(),
                open: 100..103,
                end: 112..116,
                inner: "strong".into(),
                inner_open: 103..111,
            }
        );
        let mut u = unclosed("p", 0..3, Some(5..8));
        u.shift(1);
        assert_eq!(u, unclosed("p", 1..4, Some(6..9)));
    }

    #[test]
    fn real_posts_are_clean() {
        for path in [SEED, FINEWS] {
            let text = body(path);
            assert_eq!(check(&text), vec![], "{path}");
            assert!(tokenize(&text).count() > 40);
        }
    }

    #[test]
    fn finews_tokens_are_exact() {
        let text = body(FINEWS);
        let mut centers = 0;
        for tok in tokenize(&text) {
            match tok {
                Token::Start {
                    name,
                    span,
                    name_span,
                    attrs,
                    ..
                } => {
                    assert!(text[span.clone()].starts_with('<') && text[span].ends_with('>'));
                    assert!(text[name_span].eq_ignore_ascii_case(&name));
                    for a in attrs {
                        assert_eq!(&text[a.name_span], a.name);
                        if let (Some(v), Some(r)) = (a.value, a.value_span) {
                            assert_eq!(&text[r], v);
                        }
                    }
                    centers += usize::from(name == "center");
                }
                Token::End { name, span } => {
                    assert_eq!(&text[span], format!("</{name}>"));
                }
                Token::Comment { span, closed } => {
                    assert!(closed);
                    assert!(text[span].starts_with("<!-- EM_StockImg_"));
                }
                Token::BareLt { span } => panic!("bare < at {span:?}"),
            }
        }
        assert_eq!(centers, 3);
    }

    #[test]
    fn seed_with_a_removed_end_p() {
        let text = body(SEED);
        // Drop the `</p>` of the second paragraph.
        let second = text.find(" <p>最是").unwrap() + 1;
        let cut = second + text[second..].find("</p>").unwrap();
        let broken = format!("{}{}", &text[..cut], &text[cut + 4..]);
        let next = cut + broken[cut..].find("<p>").unwrap();
        assert_eq!(
            check(&broken),
            vec![unclosed("p", second..second + 3, Some(next..next + 3))]
        );
        // And a stray one.
        let extra = format!("{}</p>{}", &text[..cut + 4], &text[cut + 4..]);
        assert_eq!(check(&extra), vec![stray("p", cut + 4..cut + 8)]);
    }

    #[test]
    fn deep_nesting_is_capped() {
        let n = 200_000;
        let mut t = "<div>".repeat(n);
        t.push_str(&"</div>".repeat(n));
        assert_eq!(
            check(&t),
            vec![Problem::TooDeep {
                span: MAX_DEPTH * 5..MAX_DEPTH * 5 + 5
            }]
        );
        let mut t = "<div>".repeat(MAX_DEPTH);
        t.push_str(&"</div>".repeat(MAX_DEPTH));
        assert_eq!(check(&t), vec![]);
    }

    #[test]
    fn hostile_inputs_stay_linear() {
        // Each of these is a few MB; a quadratic step would not finish in time for the suite.
        let lt = "<".repeat(3_000_000);
        assert_eq!(check(&lt).len(), MAX_PROBLEMS);
        let soup = "<a<b c=\"".repeat(200_000);
        check(&soup);
        let mut t = String::from("<p><table>");
        t.push_str(&"<span>".repeat(1000));
        t.push_str(&"<div></div><b></b><li><td></i>".repeat(100_000));
        check(&t);
        let mut t = "<b>".repeat(500);
        t.push_str(&"<div>".repeat(500));
        t.push_str(&"</b>".repeat(100_000));
        check(&t);
        let t = "<!--".repeat(1_000_000);
        assert_eq!(check(&t).len(), 1);
        let t = "<script>".repeat(500_000);
        check(&t);
        let t = "<x ".to_string() + &"a ".repeat(1_000_000) + ">";
        assert_eq!(check(&t).len(), MAX_PROBLEMS.min(999_999));
    }
}
