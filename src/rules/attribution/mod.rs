//! The `attribution` family: what the site's `attribution` config requires of each post.
//! The body is searched once per post (see `Analysis`) and shared by the rules.

pub mod duplicate;
pub mod empty;
pub mod mismatch;
pub mod missing;
pub mod missing_key;
pub mod position;

use std::ops::Range;
use std::rc::Rc;

use crate::attribution::{Scope, Spec};
use crate::parse::html::Token;
use crate::post::Post;
use crate::rules::Ctx;

/// One match of a pattern, with file offsets.
#[derive(Debug)]
pub struct Found {
    pub span: Range<usize>,
    /// Named captures: (name, text, span).
    pub captures: Vec<(String, String, Range<usize>)>,
}

impl Found {
    pub fn capture(&self, name: &str) -> Option<&(String, String, Range<usize>)> {
        self.captures.iter().find(|c| c.0 == name)
    }
}

#[derive(Debug, Default)]
pub struct Analysis {
    /// Matches per pattern, in the order of `Spec::patterns`.
    pub found: Vec<Vec<Found>>,
}

/// Text with tags removed, and the way back to source offsets.
struct TextView {
    text: String,
    /// (offset in `text`, offset in the file) at the start of each copied segment.
    map: Vec<(usize, usize)>,
}

impl TextView {
    fn new(post: &Post, body: &crate::body::Body) -> TextView {
        let src = post.body();
        let mut text = String::with_capacity(src.len());
        let mut map = Vec::new();
        let mut pos = 0;
        let mut copy = |from: usize, to: usize, text: &mut String| {
            if to > from && src.is_char_boundary(from) && src.is_char_boundary(to) {
                map.push((text.len(), body.base + from));
                text.push_str(&src[from..to]);
            }
        };
        for t in body.html_tokens() {
            let span = match t {
                Token::Start { span, .. }
                | Token::End { span, .. }
                | Token::Comment { span, .. } => span,
                Token::BareLt { .. } => continue,
            };
            copy(pos, span.start, &mut text);
            pos = span.end;
        }
        copy(pos, src.len(), &mut text);
        TextView { text, map }
    }

    fn to_file(&self, t: usize) -> usize {
        let i = match self.map.binary_search_by_key(&t, |m| m.0) {
            Ok(i) => i,
            Err(0) => return self.map.first().map_or(0, |m| m.1),
            Err(i) => i - 1,
        };
        self.map[i].1 + (t - self.map[i].0)
    }

    /// End offsets map from the last character, so a match ending at a tag boundary does not
    /// swallow the tag.
    fn to_file_end(&self, t: usize) -> usize {
        if t == 0 {
            return self.to_file(0);
        }
        let last = self.text[..t].chars().next_back().map_or(1, char::len_utf8);
        self.to_file(t - last) + last
    }
}

/// Whether the post is in a category the spec exempts.
pub fn exempt(cx: &Ctx<'_>, spec: &Spec) -> bool {
    if spec.exempt_categories.is_empty() {
        return false;
    }
    let Some(doc) = cx.post.doc() else {
        return false;
    };
    ["categories", "category"]
        .iter()
        .filter_map(|k| doc.get(k))
        .any(|v| {
            let json = doc.to_json(v);
            let cats: Vec<String> = match json {
                serde_json::Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
                serde_json::Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
                _ => Vec::new(),
            };
            cats.iter().any(|c| spec.exempt_categories.contains(c))
        })
}

pub fn analysis(cx: &Ctx<'_>) -> Option<(Rc<Analysis>, std::sync::Arc<Spec>)> {
    let spec = cx.config.attribution.clone()?;
    if exempt(cx, &spec) {
        return None;
    }
    if spec.patterns.is_empty() || !cx.post.kind.is_post_like() {
        return Some((Rc::new(Analysis::default()), spec));
    }
    let body = crate::body::get(cx.post, cx.site)?;
    let post = cx.post;
    let a = post.memo(|| {
        let needs_text = spec.patterns.iter().any(|p| p.file.scope == Scope::Text);
        let view = needs_text.then(|| TextView::new(post, body));
        let raw = post.body();
        let found = spec
            .patterns
            .iter()
            .map(|p| {
                let (hay, is_text) = match (&view, p.file.scope) {
                    (Some(v), Scope::Text) => (v.text.as_str(), true),
                    _ => (raw, false),
                };
                let map = |r: Range<usize>| match (&view, is_text) {
                    (Some(v), true) => {
                        v.to_file(r.start)..v.to_file_end(r.end).max(v.to_file(r.start))
                    }
                    _ => r.start + body.base..r.end + body.base,
                };
                p.regex
                    .captures_iter(hay)
                    .take(100)
                    .map(|c| {
                        let m = c.get(0).map_or(0..0, |m| m.range());
                        let captures = p
                            .regex
                            .capture_names()
                            .flatten()
                            .filter_map(|n| {
                                c.name(n).map(|g| {
                                    (n.to_string(), g.as_str().to_string(), map(g.range()))
                                })
                            })
                            .collect();
                        Found {
                            span: map(m),
                            captures,
                        }
                    })
                    .collect()
            })
            .collect();
        Analysis { found }
    });
    Some((a, spec))
}

/// The last non-blank line of the body: where a missing credit is expected.
pub fn end_of_body(post: &Post) -> Range<usize> {
    let text = &post.text;
    let start = post.body_start();
    let trimmed = text[start..].trim_end();
    let end = start + trimmed.len();
    let line_start = text[..end]
        .rfind('\n')
        .map_or(start, |i| (i + 1).max(start));
    line_start..end
}
