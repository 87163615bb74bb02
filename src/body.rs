//! The body as Jekyll reads it: Liquid first (masked to same-length placeholders), then
//! Markdown with raw HTML inside. Computed once per post, shared by the body rules. All
//! offsets here are offsets into the whole file.

use std::cell::OnceCell;
use std::ops::Range;

use crate::parse::{html, liquid, markdown};
use crate::post::Post;
use crate::site::Site;

pub struct Body {
    /// Offset of the body in the file.
    pub base: usize,
    pub liquid: liquid::Scan,
    /// Markdown facts (None for HTML posts, which Jekyll does not run through Markdown).
    pub markdown: Option<markdown::MdScan>,
    /// The body with Liquid masked and Markdown code and autolinks blanked: what the HTML
    /// tokenizer reads. Same length as the body.
    pub html_text: String,
    html_problems: OnceCell<Vec<html::Problem>>,
}

impl Body {
    fn new(post: &Post, site: &Site) -> Body {
        let base = post.body_start();
        let text = post.body();
        let (tags, blocks) = site_liquid_tags(site);
        let scan = liquid::scan(
            text,
            &liquid::Options {
                extra_tags: &tags,
                extra_blocks: &blocks,
            },
        );
        let md = post.is_markdown().then(|| markdown::scan(&scan.masked));
        // Code and autolinks are not HTML.
        let html_text = match &md {
            Some(md) => {
                let blanked: Vec<Range<usize>> =
                    md.code.iter().chain(&md.autolinks).cloned().collect();
                crate::source::mask(&scan.masked, &blanked, ' ')
            }
            None => scan.masked.clone(),
        };
        let mut liquid = scan;
        shift_liquid(&mut liquid, base);
        let markdown = md.map(|mut m| {
            for r in m.code.iter_mut().chain(m.autolinks.iter_mut()) {
                *r = r.start + base..r.end + base;
            }
            for l in &mut m.links {
                l.span = l.span.start + base..l.span.end + base;
                l.dest_span = l.dest_span.start + base..l.dest_span.end + base;
            }
            m
        });
        Body {
            base,
            liquid,
            markdown,
            html_text,
            html_problems: OnceCell::new(),
        }
    }

    /// HTML problems, with spans shifted to file offsets.
    pub fn html_problems(&self) -> &[html::Problem] {
        self.html_problems.get_or_init(|| {
            let mut p = html::check(&self.html_text);
            for x in &mut p {
                x.shift(self.base);
            }
            p
        })
    }

    /// HTML tokens of the body (spans relative to the body: add `base`).
    pub fn html_tokens(&self) -> html::Tokenizer<'_> {
        html::tokenize(&self.html_text)
    }
}

/// Replaces a range with spaces, keeping line breaks (so lines and columns still match).
fn shift_liquid(s: &mut liquid::Scan, base: usize) {
    let sh = |r: &mut Range<usize>| *r = r.start + base..r.end + base;
    for t in &mut s.tags {
        sh(&mut t.span);
        sh(&mut t.name_span);
        sh(&mut t.markup_span);
    }
    for o in &mut s.outputs {
        sh(o);
    }
    for p in &mut s.problems {
        p.shift(base);
    }
}

/// Tags that plugins named in `_config.yml` add.
fn site_liquid_tags(site: &Site) -> (Vec<String>, Vec<String>) {
    let mut tags = Vec::new();
    let mut blocks = Vec::new();
    for p in &site.config.plugins {
        let (t, b) = liquid::plugin_tags(p);
        tags.extend(t.iter().map(|s| s.to_string()));
        blocks.extend(b.iter().map(|s| s.to_string()));
    }
    (tags, blocks)
}

pub fn get<'p>(post: &'p Post, site: &Site) -> Option<&'p Body> {
    if matches!(post.encoding, crate::post::Encoding::Other { .. }) {
        return None;
    }
    Some(post.body.get_or_init(|| Body::new(post, site)))
}
