//! Liquid scanner and masker for post bodies.
//!
//! Jekyll renders a post body as a Liquid template before Markdown, and any Liquid syntax error
//! aborts the whole build. This module finds every `{% tag %}` and `{{ output }}` the way Liquid 5's
//! tokenizer splits a template, checks block nesting the way Liquid's parser does, and produces a
//! *masked* copy of the text in which all Liquid markup is replaced by `x` bytes of the same length,
//! so that later passes (Markdown, HTML) see plain text at unchanged byte offsets.
//!
//! How Liquid 5 splits a template (`Liquid::Tokenizer`, regex
//! `{%.*?%}|{{.*?}}?|{%|{{`, tried left to right):
//! - `{%` starts a tag that runs to the first `%}`; with no `%}` anywhere after it, the lone `{%`
//!   is a token of its own and parsing it raises "Tag '{%' was not properly terminated".
//! - `{{` starts an output that runs to the first `}`, plus one more `}` if it follows directly.
//!   An output token that does not end in `}}` (no `}` at all, or a single `}` as in `{{ a } b }}`)
//!   raises "Variable '{{' was not properly terminated with regexp: /\}\}/".
//! - A tag token is `{%`, an optional `-`, whitespace, a name (`#` or ASCII `\w+`), the markup, an
//!   optional `-`, and `%}`. A tag with no such name (`{% %}`, `{% 中 %}`) is also a syntax error.
//!
//! Blocks: Liquid allows at most 100 nested blocks ("Nesting too deep"), which is also our stack
//! cap, so memory and the end-tag search are bounded. `raw` content is kept literally (its end is
//! found the way `Liquid::Raw` does: the last `{% endraw %}` inside a token); `comment` content is
//! skipped except for nested `comment`/`raw` pairs, as in Liquid 5.5+ (5.4 parsed comment bodies
//! as ordinary Liquid; we follow the newer, documented behaviour and report nothing inside).
//!
//! Every search here moves forward through the text, and a failed search for `%}` or `}` is
//! remembered, so a post full of unterminated `{{` stays linear.

use std::ops::Range;

use memchr::memchr;
use memchr::memmem;

/// Liquid's own nesting limit (`Liquid::Block::MAX_DEPTH`): one more nested block is a syntax error.
pub const MAX_DEPTH: usize = 100;

/// Everything found in one body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// Every `{% %}` tag outside raw/comment content, in source order (including the
    /// `raw`/`endraw`/`comment`/`endcomment` tags themselves).
    pub tags: Vec<Tag>,
    /// Every `{{ }}` span outside raw/comment content, in source order.
    pub outputs: Vec<Range<usize>>,
    /// Problems, sorted by position.
    pub problems: Vec<Problem>,
    /// The text with Liquid markup replaced by `x` (line breaks kept); same byte length.
    pub masked: String,
}

/// One `{% name markup %}` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// From `{%` to `%}` inclusive.
    pub span: Range<usize>,
    /// `if`, `endif`, `#`, ... For a tag without a valid name, the first word after `{%` (maybe empty).
    pub name: String,
    pub name_span: Range<usize>,
    /// The arguments, without surrounding whitespace and whitespace-control dashes.
    pub markup: String,
    pub markup_span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A `{{` never terminated by `}}`. `open` is the two bytes `{{`.
    UnclosedOutput { open: Range<usize> },
    /// A `{%` with no `%}` after it. `open` is the two bytes `{%`.
    UnclosedTag { open: Range<usize> },
    /// A tag Liquid/Jekyll/the configured plugins do not know, or a tag without a valid name
    /// (`{% %}`: `name` is empty). `span` is the whole tag.
    UnknownTag { name: String, span: Range<usize> },
    /// A block (`{% if %}`) never closed. `open` is the opening tag.
    UnclosedBlock { name: String, open: Range<usize> },
    /// An `{% endX %}` with no open X, or one that closes the wrong block. `expected` is the end
    /// tag the innermost open block needs and that block's opening tag.
    UnexpectedEnd {
        name: String,
        span: Range<usize>,
        expected: Option<(String, Range<usize>)>,
    },
    /// `else`/`elsif`/`when` outside a block that accepts it.
    MisplacedBranch { name: String, span: Range<usize> },
    /// `{% raw %}` without `{% endraw %}`. `open` is the raw tag.
    UnclosedRaw { open: Range<usize> },
    /// `{% comment %}` without `{% endcomment %}`. `open` is the comment tag.
    UnclosedComment { open: Range<usize> },
    /// More than [`MAX_DEPTH`] nested blocks; reported once, at the first block too deep.
    TooDeep { span: Range<usize> },
}

impl Problem {
    /// Moves every span by `by` bytes (for a body that starts `by` bytes into its file).
    pub fn shift(&mut self, by: usize) {
        let sh = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
        match self {
            Problem::UnclosedOutput { open }
            | Problem::UnclosedTag { open }
            | Problem::UnclosedBlock { open, .. }
            | Problem::UnclosedRaw { open }
            | Problem::UnclosedComment { open } => sh(open),
            Problem::UnknownTag { span, .. }
            | Problem::MisplacedBranch { span, .. }
            | Problem::TooDeep { span } => sh(span),
            Problem::UnexpectedEnd { span, expected, .. } => {
                sh(span);
                if let Some((_, open)) = expected {
                    sh(open);
                }
            }
        }
    }

    /// Where the problem is, for sorting.
    fn start(&self) -> usize {
        match self {
            Problem::UnclosedOutput { open }
            | Problem::UnclosedTag { open }
            | Problem::UnclosedBlock { open, .. }
            | Problem::UnclosedRaw { open }
            | Problem::UnclosedComment { open } => open.start,
            Problem::UnknownTag { span, .. }
            | Problem::UnexpectedEnd { span, .. }
            | Problem::MisplacedBranch { span, .. }
            | Problem::TooDeep { span } => span.start,
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

/// Site-specific tags, from the plugins named in `_config.yml` (see [`plugin_tags`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Simple tags (no end tag).
    pub extra_tags: &'a [String],
    /// Block tags, closed by `end<name>`.
    pub extra_blocks: &'a [String],
}

/// Liquid 5 and Jekyll simple tags.
const TAGS: &[&str] = &[
    "assign",
    "cycle",
    "decrement",
    "increment",
    "echo",
    "break",
    "continue",
    "include",
    "render",
    "liquid",
    "#",
    // Jekyll
    "link",
    "post_url",
    "include_relative",
];

/// Liquid 5 and Jekyll block tags (closed by `end<name>`).
const BLOCKS: &[&str] = &[
    "capture",
    "case",
    "comment",
    "for",
    "if",
    "unless",
    "ifchanged",
    "raw",
    "tablerow",
    // Jekyll
    "highlight",
];

/// The tags and blocks a known Jekyll plugin registers: `(simple tags, blocks)`.
/// Unknown plugins, and plugins that only add filters or generators, give two empty lists.
pub fn plugin_tags(plugin: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match plugin.trim() {
        "jekyll-seo-tag" => (&["seo"], &[]),
        "jekyll-feed" => (&["feed_meta"], &[]),
        "jekyll-gist" => (&["gist"], &[]),
        "jekyll-twitter-plugin" => (&["twitter"], &[]),
        "jekyll-youtube" => (&["youtube"], &[]),
        "jekyll-include-cache" => (&["include_cached"], &[]),
        "jekyll-avatar" => (&["avatar"], &[]),
        "jekyll-last-modified-at" => (&["last_modified_at"], &[]),
        "jekyll-github-metadata" => (&["github_edit_link"], &[]),
        "jekyll-mermaid" => (&[], &["mermaid"]),
        // jekyll-mentions, jekyll-sitemap, jekyll-paginate, jemoji, jekyll-redirect-from,
        // jekyll-relative-links, jekyll-remote-theme, ...: no tags.
        _ => (&[], &[]),
    }
}

/// What a tag name means to the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Simple,
    Block,
    Branch,
    /// `end...` whose rest is not a known block either.
    Unknown,
}

fn classify(name: &str, opts: &Options) -> Kind {
    if matches!(name, "else" | "elsif" | "when") {
        Kind::Branch
    } else if TAGS.contains(&name) || opts.extra_tags.iter().any(|t| t == name) {
        Kind::Simple
    } else if is_block(name, opts) {
        Kind::Block
    } else {
        Kind::Unknown
    }
}

fn is_block(name: &str, opts: &Options) -> bool {
    BLOCKS.contains(&name) || opts.extra_blocks.iter().any(|t| t == name)
}

/// Which branch tags a block accepts.
fn accepts_branch(block: &str, branch: &str) -> bool {
    match block {
        "if" | "unless" => matches!(branch, "elsif" | "else"),
        "case" => matches!(branch, "when" | "else"),
        "for" => branch == "else",
        _ => false,
    }
}

/// Ruby's `\s`.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Ruby's ASCII `\w`.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// One token of Liquid's split; text between tokens is not represented.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// `{% ... %}`.
    Tag(Range<usize>),
    /// `{{ ... }` or `{{ ... }}`; `complete` when it ends in `}}`.
    Var(Range<usize>, bool),
    /// A `{%` with no `%}` after it.
    LoneTag(Range<usize>),
    /// A `{{` with no `}` after it.
    LoneVar(Range<usize>),
}

/// Liquid's tokenizer, as an iterator over byte ranges.
struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    tag_end: &'static memmem::Finder<'static>,
    /// No `%}` starts at or after this offset (a failed search is not repeated).
    no_tag_end_from: usize,
    /// No `}` at or after this offset.
    no_brace_from: usize,
}

impl<'a> Lexer<'a> {
    fn new(b: &'a [u8]) -> Self {
        Lexer {
            b,
            pos: 0,
            // Made once for the run: a searcher per post was a visible cost.
            tag_end: {
                static TAG_END: std::sync::LazyLock<memmem::Finder<'static>> =
                    std::sync::LazyLock::new(|| memmem::Finder::new(b"%}"));
                &TAG_END
            },
            no_tag_end_from: usize::MAX,
            no_brace_from: usize::MAX,
        }
    }

    fn find_tag_end(&mut self, from: usize) -> Option<usize> {
        if from >= self.no_tag_end_from {
            return None;
        }
        let found = self.tag_end.find(self.b.get(from..)?).map(|o| from + o);
        if found.is_none() {
            self.no_tag_end_from = from;
        }
        found
    }

    fn find_close_brace(&mut self, from: usize) -> Option<usize> {
        if from >= self.no_brace_from {
            return None;
        }
        let found = memchr(b'}', self.b.get(from..)?).map(|o| from + o);
        if found.is_none() {
            self.no_brace_from = from;
        }
        found
    }
}

impl Iterator for Lexer<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        loop {
            let i = self.pos + memchr(b'{', self.b.get(self.pos..)?)?;
            match self.b.get(i + 1) {
                Some(b'%') => {
                    // `{%.*?%}`: the `%}` may not reuse the opening `%`.
                    return Some(match self.find_tag_end(i + 2) {
                        Some(e) => {
                            self.pos = e + 2;
                            Tok::Tag(i..e + 2)
                        }
                        None => {
                            self.pos = i + 2;
                            Tok::LoneTag(i..i + 2)
                        }
                    });
                }
                Some(b'{') => {
                    // `{{.*?}}?`: to the first `}`, taking a second `}` if it follows.
                    return Some(match self.find_close_brace(i + 2) {
                        Some(e) => {
                            let complete = self.b.get(e + 1) == Some(&b'}');
                            let end = if complete { e + 2 } else { e + 1 };
                            self.pos = end;
                            Tok::Var(i..end, complete)
                        }
                        None => {
                            self.pos = i + 2;
                            Tok::LoneVar(i..i + 2)
                        }
                    });
                }
                _ => self.pos = i + 1,
            }
        }
    }
}

/// The parts of a tag token (Liquid's `FullToken`), as absolute ranges.
struct Parsed {
    /// `None` when no valid name follows `{%`; then `name` is the first word, for messages.
    valid: bool,
    name: Range<usize>,
    markup: Range<usize>,
}

/// Parses the tag token at `span` (which starts with `{%` and ends with `%}`).
fn parse_tag(b: &[u8], span: &Range<usize>) -> Parsed {
    let mut start = span.start + 2;
    let mut end = span.end.saturating_sub(2).max(start);
    if b.get(start) == Some(&b'-') && start < end {
        start += 1; // `{%-`
    }
    if end > start && b.get(end - 1) == Some(&b'-') {
        end -= 1; // `-%}`
    }
    let mut i = start;
    while i < end && is_ws(b[i]) {
        i += 1;
    }
    let name_start = i;
    let valid = if b.get(i) == Some(&b'#') && i < end {
        i += 1;
        true
    } else {
        while i < end && is_word(b[i]) {
            i += 1;
        }
        i > name_start
    };
    if !valid {
        // For the message only: the first run of non-whitespace.
        while i < end && !is_ws(b[i]) {
            i += 1;
        }
    }
    let name = name_start..i;
    while i < end && is_ws(b[i]) {
        i += 1;
    }
    let mut m_end = end;
    while m_end > i && is_ws(b[m_end - 1]) {
        m_end -= 1;
    }
    Parsed {
        valid,
        name,
        markup: i..m_end,
    }
}

/// For a token inside `raw`: the `{% endraw %}` it ends with, if any (Liquid's
/// `FullTokenPossiblyInvalid`: the last `{%` in the token that is followed by a tag name, with the
/// token ending in `%}`). Returns the range from that `{%` to the token end.
fn raw_end(b: &[u8], span: &Range<usize>) -> Option<Range<usize>> {
    let tok = b.get(span.clone())?;
    if !tok.ends_with(b"%}") || tok.len() < 4 {
        return None;
    }
    let mut limit = tok.len() - 2;
    // Walk the `{%` occurrences from the last one back; each byte is looked at once.
    while let Some(k) = memmem::rfind(&tok[..limit], b"{%") {
        let sub = span.start + k..span.end;
        let p = parse_tag(b, &sub);
        if p.valid {
            return (b.get(p.name.clone()) == Some(b"endraw".as_slice())).then_some(sub);
        }
        limit = k;
    }
    None
}

/// Open block on the stack.
struct Open {
    name: String,
    open: Range<usize>,
}

/// Where the scanner is.
enum Mode {
    Normal,
    /// Inside `{% raw %}`; `in_comment` when that raw is itself inside a comment.
    Raw {
        open: Range<usize>,
        in_comment: Option<(Range<usize>, usize)>,
    },
    /// Inside `{% comment %}`, `depth` nested comments deep.
    Comment {
        open: Range<usize>,
        depth: usize,
    },
}

fn text_of(text: &str, r: &Range<usize>) -> String {
    text.get(r.clone()).unwrap_or("").to_string()
}

/// Scans `text` (a post body) for Liquid markup.
pub fn scan(text: &str, opts: &Options) -> Scan {
    let b = text.as_bytes();
    let mut out = Scan::default();
    let mut mask: Vec<Range<usize>> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Blocks opened past MAX_DEPTH: counted, not stored (Liquid would have stopped already).
    let mut overflow = 0usize;
    let mut mode = Mode::Normal;
    let mut problems = Problems::default();

    for tok in Lexer::new(b) {
        match mode {
            Mode::Raw { ref in_comment, .. } => {
                let span = match &tok {
                    Tok::Tag(s) | Tok::Var(s, _) => s,
                    _ => continue,
                };
                let Some(end) = raw_end(b, span) else {
                    continue;
                };
                match in_comment {
                    Some((copen, depth)) => {
                        mode = Mode::Comment {
                            open: copen.clone(),
                            depth: *depth,
                        }
                    }
                    None => {
                        let p = parse_tag(b, &end);
                        out.tags.push(make_tag(text, &end, &p));
                        mask.push(end);
                        mode = Mode::Normal;
                    }
                }
            }
            Mode::Comment {
                ref open,
                ref mut depth,
            } => {
                let Tok::Tag(span) = &tok else { continue };
                let p = parse_tag(b, span);
                if !p.valid {
                    continue;
                }
                match b.get(p.name.clone()).unwrap_or_default() {
                    b"comment" => *depth += 1,
                    b"endcomment" => {
                        *depth -= 1;
                        if *depth == 0 {
                            out.tags.push(make_tag(text, span, &p));
                            mask.push(open.start..span.end);
                            mode = Mode::Normal;
                        }
                    }
                    b"raw" => {
                        mode = Mode::Raw {
                            open: span.clone(),
                            in_comment: Some((open.clone(), *depth)),
                        }
                    }
                    _ => {}
                }
            }
            Mode::Normal => match tok {
                Tok::LoneVar(open) => {
                    mask.push(open.clone());
                    problems.push(Problem::UnclosedOutput { open });
                }
                Tok::LoneTag(open) => {
                    mask.push(open.clone());
                    problems.push(Problem::UnclosedTag { open });
                }
                Tok::Var(span, complete) => {
                    if !complete {
                        problems.push(Problem::UnclosedOutput {
                            open: span.start..span.start + 2,
                        });
                    }
                    mask.push(span.clone());
                    out.outputs.push(span);
                }
                Tok::Tag(span) => {
                    let p = parse_tag(b, &span);
                    let tag = make_tag(text, &span, &p);
                    if !p.valid {
                        problems.push(Problem::UnknownTag {
                            name: tag.name.clone(),
                            span: span.clone(),
                        });
                        mask.push(span);
                        out.tags.push(tag);
                        continue;
                    }
                    match tag.name.as_str() {
                        "raw" => {
                            mask.push(span.clone());
                            mode = Mode::Raw {
                                open: span,
                                in_comment: None,
                            };
                        }
                        "comment" => {
                            // Masked together with its content once the end is found.
                            mode = Mode::Comment {
                                open: span,
                                depth: 1,
                            };
                        }
                        _ => {
                            mask.push(span.clone());
                            structure(&tag, opts, &mut stack, &mut overflow, &mut problems);
                        }
                    }
                    out.tags.push(tag);
                }
            },
        }
    }

    match mode {
        Mode::Normal => {}
        Mode::Raw { open, in_comment } => {
            problems.push(Problem::UnclosedRaw { open });
            if let Some((copen, _)) = in_comment {
                mask.push(copen.start..b.len());
                problems.push(Problem::UnclosedComment { open: copen });
            }
        }
        Mode::Comment { open, .. } => {
            mask.push(open.start..b.len());
            problems.push(Problem::UnclosedComment { open });
        }
    }
    for o in stack {
        problems.push(Problem::UnclosedBlock {
            name: o.name,
            open: o.open,
        });
    }
    out.problems = problems.0;
    out.problems.sort_by_key(Problem::start);
    out.masked = crate::source::mask(text, &mask, 'x');
    out
}

fn make_tag(text: &str, span: &Range<usize>, p: &Parsed) -> Tag {
    Tag {
        span: span.clone(),
        name: text_of(text, &p.name),
        name_span: p.name.clone(),
        markup: text_of(text, &p.markup),
        markup_span: p.markup.clone(),
    }
}

/// Applies one (valid-named) tag to the block stack, as Liquid's parser would.
fn structure(
    tag: &Tag,
    opts: &Options,
    stack: &mut Vec<Open>,
    overflow: &mut usize,
    problems: &mut Problems,
) {
    let name = tag.name.as_str();
    let kind = classify(name, opts);
    let end_of = name
        .strip_prefix("end")
        .filter(|rest| kind == Kind::Unknown && is_block(rest, opts));

    if *overflow > 0 {
        // Past the depth cap only the count is kept, to know when we are back under it.
        match (kind, end_of) {
            (Kind::Block, _) => *overflow += 1,
            (_, Some(_)) => *overflow -= 1,
            _ => {}
        }
        return;
    }
    match kind {
        Kind::Simple => {}
        Kind::Branch => {
            let ok = stack.last().is_some_and(|o| accepts_branch(&o.name, name));
            if !ok {
                problems.push(Problem::MisplacedBranch {
                    name: name.to_string(),
                    span: tag.span.clone(),
                });
            }
        }
        Kind::Block => {
            if stack.len() >= MAX_DEPTH {
                problems.push(Problem::TooDeep {
                    span: tag.span.clone(),
                });
                *overflow = 1;
            } else {
                stack.push(Open {
                    name: name.to_string(),
                    open: tag.span.clone(),
                });
            }
        }
        Kind::Unknown => {
            let Some(block) = end_of else {
                problems.push(Problem::UnknownTag {
                    name: name.to_string(),
                    span: tag.span.clone(),
                });
                return;
            };
            if stack.last().is_some_and(|o| o.name == block) {
                stack.pop();
                return;
            }
            let expected = stack
                .last()
                .map(|o| (format!("end{}", o.name), o.open.clone()));
            problems.push(Problem::UnexpectedEnd {
                name: name.to_string(),
                span: tag.span.clone(),
                expected,
            });
            // Recover: if the block is open further down, this end closes it and everything
            // opened inside it (the innermost one is already named in `expected`).
            // The stack is at most MAX_DEPTH long, so this search is bounded.
            if let Some(at) = stack.iter().rposition(|o| o.name == block) {
                let top = stack.len() - 1;
                for (k, o) in stack.drain(at..).enumerate() {
                    if k != 0 && at + k != top {
                        problems.push(Problem::UnclosedBlock {
                            name: o.name,
                            open: o.open,
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Scan {
        let s = scan(text, &Options::default());
        assert_eq!(s.masked.len(), text.len());
        s
    }

    #[test]
    fn plain_text_is_untouched() {
        let s = run("<p>法治 { } {x} %} }}</p>");
        assert!(s.tags.is_empty() && s.outputs.is_empty() && s.problems.is_empty());
        assert_eq!(s.masked, "<p>法治 { } {x} %} }}</p>");
    }

    #[test]
    fn output_and_tag_spans_and_mask() {
        let t = "[a]({{ site.url }}/x) {% if a %}\n{%- assign b = 1 -%}{% endif %}";
        let s = run(t);
        assert_eq!(s.outputs, vec![4..18]);
        assert_eq!(&t[4..18], "{{ site.url }}");
        let names: Vec<_> = s.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["if", "assign", "endif"]);
        let assign = &s.tags[1];
        assert_eq!(&t[assign.span.clone()], "{%- assign b = 1 -%}");
        assert_eq!(&t[assign.name_span.clone()], "assign");
        assert_eq!(assign.markup, "b = 1");
        assert_eq!(&t[assign.markup_span.clone()], "b = 1");
        assert!(s.problems.is_empty());
        let x = |n| "x".repeat(n);
        assert_eq!(s.masked, format!("[a]({}/x) {}\n{}", x(14), x(10), x(31)));
    }

    #[test]
    fn mask_keeps_line_breaks_and_utf8() {
        let t = "a{{ \"中\"\r\n }}b";
        let s = run(t);
        assert_eq!(s.masked, "axxxxxxxx\r\nxxxb");
    }

    #[test]
    fn unclosed_output_case_90() {
        // Oracle case 90: `<p>漯河 {{ 未闭合</p>`.
        let t = "<p>漯河 {{ 未闭合</p>";
        let s = run(t);
        assert_eq!(s.problems, vec![Problem::UnclosedOutput { open: 10..12 }]);
        assert_eq!(&t[10..12], "{{");
        assert_eq!(s.masked, "<p>漯河 xx 未闭合</p>");
        assert!(s.outputs.is_empty());
    }

    #[test]
    fn unclosed_tag_case_96() {
        let t = "<p>比例 {% 没有结束</p>";
        let s = run(t);
        assert_eq!(s.problems, vec![Problem::UnclosedTag { open: 10..12 }]);
        assert_eq!(&t[10..12], "{%");
        assert_eq!(s.masked, "<p>比例 xx 没有结束</p>");
    }

    #[test]
    fn output_ends_at_first_brace() {
        // Liquid's `{{.*?}}?`: `{{ a }` is the token, and it is a syntax error.
        let t = "{{ a } b }}";
        let s = run(t);
        assert_eq!(s.outputs, vec![0..6]);
        assert_eq!(s.problems, vec![Problem::UnclosedOutput { open: 0..2 }]);
        assert_eq!(s.masked, "xxxxxx b }}");
        // `{{ x }}}`: the output is `{{ x }}`; the third brace is text.
        let s = run("{{ x }}}");
        assert_eq!(s.outputs, vec![0..7]);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn output_swallows_tag_up_to_first_brace() {
        // `{{ a {% if x %}`: the output token runs to the `}` of `%}`.
        let s = run("{{ a {% if x %} b");
        assert_eq!(s.outputs, vec![0..15]);
        assert!(s.tags.is_empty());
        assert_eq!(s.problems, vec![Problem::UnclosedOutput { open: 0..2 }]);
    }

    #[test]
    fn whitespace_control_and_inline_comment() {
        let t = "{%- if x -%}{{- y -}}{%- endif -%}{% # note %}{%#x%}";
        let s = run(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let names: Vec<_> = s.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["if", "endif", "#", "#"]);
        assert_eq!(s.tags[2].markup, "note");
        assert_eq!(s.tags[3].markup, "x");
    }

    #[test]
    fn unknown_and_nameless_tags() {
        let t = "{% foo bar %} {% %} {% 中 %}";
        let s = run(t);
        assert_eq!(
            s.problems,
            vec![
                Problem::UnknownTag {
                    name: "foo".into(),
                    span: 0..13
                },
                Problem::UnknownTag {
                    name: "".into(),
                    span: 14..19
                },
                Problem::UnknownTag {
                    name: "中".into(),
                    span: 20..29
                },
            ]
        );
    }

    #[test]
    fn jekyll_and_plugin_tags() {
        let t = "{% post_url 2022-01-01-a %}{% highlight ruby %}x{% endhighlight %}{% seo %}";
        let s = run(t);
        assert_eq!(s.problems.len(), 1);
        let (tags, blocks) = plugin_tags("jekyll-seo-tag");
        let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
        let blocks: Vec<String> = blocks.iter().map(|s| s.to_string()).collect();
        let opts = Options {
            extra_tags: &tags,
            extra_blocks: &blocks,
        };
        assert!(scan(t, &opts).problems.is_empty());
        let (t2, b2) = plugin_tags("jekyll-sitemap");
        assert!(t2.is_empty() && b2.is_empty());
        let extra = vec!["mermaid".to_string()];
        let opts = Options {
            extra_tags: &[],
            extra_blocks: &extra,
        };
        let s = scan("{% mermaid %}a{% endmermaid %}{% if %}", &opts);
        assert_eq!(
            s.problems,
            vec![Problem::UnclosedBlock {
                name: "if".into(),
                open: 30..38
            }]
        );
    }

    #[test]
    fn blocks_and_branches() {
        let ok = "{% if a %}1{% elsif b %}2{% else %}3{% endif %}\
                  {% unless a %}{% else %}{% endunless %}\
                  {% case x %}{% when 1 %}{% else %}{% endcase %}\
                  {% for i in l %}{% break %}{% else %}{% endfor %}\
                  {% capture c %}{% endcapture %}{% tablerow t in l %}{% endtablerow %}\
                  {% ifchanged %}{% endifchanged %}{% liquid assign a = 1 %}";
        assert!(run(ok).problems.is_empty());

        let s = run("{% else %}{% capture x %}{% when 1 %}{% endcapture %}");
        assert_eq!(
            s.problems,
            vec![
                Problem::MisplacedBranch {
                    name: "else".into(),
                    span: 0..10
                },
                Problem::MisplacedBranch {
                    name: "when".into(),
                    span: 25..37
                },
            ]
        );
    }

    #[test]
    fn shift_moves_every_span() {
        let mut s = run("{% if a %}{% for i in l %}{% endif %}");
        s.problems[0].shift(7);
        assert_eq!(
            s.problems[0],
            Problem::UnexpectedEnd {
                name: "endif".into(),
                span: 33..44,
                expected: Some(("endfor".into(), 17..33))
            }
        );
    }

    #[test]
    fn unclosed_block() {
        let s = run("{% if a %}x{% for i in l %}y{% endfor %}");
        assert_eq!(
            s.problems,
            vec![Problem::UnclosedBlock {
                name: "if".into(),
                open: 0..10
            }]
        );
    }

    #[test]
    fn stray_and_wrong_end() {
        let s = run("{% endfor %}");
        assert_eq!(
            s.problems,
            vec![Problem::UnexpectedEnd {
                name: "endfor".into(),
                span: 0..12,
                expected: None
            }]
        );
        // `{% if %}{% for %}{% endif %}`: Liquid: "'endif' is not a valid delimiter for for tags".
        let t = "{% if a %}{% for i in l %}{% endif %}";
        let s = run(t);
        assert_eq!(
            s.problems,
            vec![Problem::UnexpectedEnd {
                name: "endif".into(),
                span: 26..37,
                expected: Some(("endfor".into(), 10..26))
            }]
        );
        // Three deep: the middle one is reported as unclosed too; nothing remains open.
        let t = "{% if a %}{% for i in l %}{% unless b %}{% endif %}";
        let s = run(t);
        assert_eq!(s.problems.len(), 2);
        assert_eq!(
            s.problems[0],
            Problem::UnclosedBlock {
                name: "for".into(),
                open: 10..26
            }
        );
        assert!(
            matches!(&s.problems[1], Problem::UnexpectedEnd { expected: Some((e, _)), .. } if e == "endunless")
        );
        // An end for a block that is not open does not pop anything.
        let s = run("{% if a %}{% endfor %}{% endif %}");
        assert_eq!(s.problems.len(), 1);
        // An end of an unknown block is an unknown tag.
        let s = run("{% endfoo %}");
        assert!(matches!(&s.problems[..], [Problem::UnknownTag { name, .. }] if name == "endfoo"));
    }

    #[test]
    fn raw_keeps_content() {
        let t = "{% raw %}{{ x }} {% if %} {{ {% endraw %} after {{ y }}";
        let s = run(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let y = t.find("{{ y").unwrap();
        assert_eq!(s.outputs, vec![y..y + 7]);
        let names: Vec<_> = s.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["raw", "endraw"]);
        // `{{ {% endraw %}` is one token; its last `{%` ends the raw block.
        assert_eq!(s.tags[1].span, 29..41);
        assert_eq!(
            s.masked,
            "xxxxxxxxx{{ x }} {% if %} {{ xxxxxxxxxxxx after xxxxxxx"
        );
    }

    #[test]
    fn unclosed_raw() {
        let s = run("a {% raw %} {{ x");
        assert_eq!(s.problems, vec![Problem::UnclosedRaw { open: 2..11 }]);
        assert_eq!(s.masked, "a xxxxxxxxx {{ x");
    }

    #[test]
    fn comment_content_ignored_and_masked() {
        let t = "a{% comment %} {% foo %} {{ x }} {% comment %}{% endcomment %}\n\
                 {% raw %}{% endcomment %}{% endraw %}{{ {% endcomment %}{% endcomment %}b";
        let s = run(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let names: Vec<_> = s.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["comment", "endcomment"]);
        let mut expect = String::from("a");
        expect.push_str(&"x".repeat(t.len() - 2));
        let nl = t.find('\n').unwrap();
        expect.replace_range(nl..nl + 1, "\n");
        expect.push('b');
        assert_eq!(s.masked, expect);
    }

    #[test]
    fn unclosed_comment() {
        let s = run("a {% comment %} b {% endcomment");
        assert_eq!(s.problems, vec![Problem::UnclosedComment { open: 2..15 }]);
        assert_eq!(s.masked, format!("a {}", "x".repeat(29)));
    }

    #[test]
    fn too_deep_is_reported_once() {
        let n = 200_000;
        let mut t = "{% if a %}".repeat(n);
        t.push_str(&"{% endif %}".repeat(n));
        let s = run(&t);
        assert_eq!(
            s.problems,
            vec![Problem::TooDeep {
                span: MAX_DEPTH * 10..MAX_DEPTH * 10 + 10
            }]
        );
        // Exactly MAX_DEPTH nested blocks are fine.
        let mut t = "{% if a %}".repeat(MAX_DEPTH);
        t.push_str(&"{% endif %}".repeat(MAX_DEPTH));
        assert!(run(&t).problems.is_empty());
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        // Megabytes after a bare `{{`, and many unterminated openers: each search runs once.
        let mut t = String::from("{{");
        t.push_str(&"中文 {{ {% ".repeat(300_000));
        let s = run(&t);
        // 600,001 unterminated openers, all masked; problems stop at the cap.
        assert_eq!(s.problems.len(), MAX_PROBLEMS);
        assert_eq!(s.masked.matches("xx").count(), 600_001);
        let t = "{% endif %}".repeat(300_000);
        assert_eq!(run(&t).problems.len(), MAX_PROBLEMS);
        let t = "{{}".repeat(500_000);
        assert_eq!(run(&t).outputs.len(), 500_000);
    }

    #[test]
    fn real_posts_have_no_liquid() {
        for path in [
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpus/seed/2022-02-23-202202232285347935.md"
            ),
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpus/finews/_posts/-202205262391921712.md"
            ),
        ] {
            let text = std::fs::read_to_string(path).unwrap();
            let s = run(&text);
            assert!(s.problems.is_empty() && s.tags.is_empty() && s.outputs.is_empty());
            assert_eq!(s.masked, text);
        }
    }
}
