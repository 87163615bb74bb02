pub mod ambiguous_order;
pub mod filename_mismatch;
pub mod future;
pub mod offset_range;
pub mod rollover;
pub mod unparseable;
pub mod zone_name;
pub mod zoneless_utc;

use std::ops::Range;

use crate::date::{self, DateValue, Resolved};
use crate::post::Post;
use crate::site::Site;
use crate::yaml::{Kind, Style, ValueType};

/// The front matter date as Jekyll computes it, once per post. None when there is no `date`
/// key (or no usable front matter).
pub fn resolved<'p>(post: &'p Post, site: &Site) -> Option<&'p Resolved> {
    post.date
        .get_or_init(|| {
            // Jekyll parses `date` for documents (posts, drafts, collections), not for pages.
            if post.kind == crate::post::Kind::Page {
                return None;
            }
            let doc = post.doc()?;
            let v = doc.get("date")?;
            let node = doc.node(doc.resolve(v));
            let value = match &node.kind {
                Kind::Scalar { value, style } => {
                    if doc.value_type(v) == ValueType::Null {
                        DateValue::Null
                    } else if *style == Style::Plain && node.tag.is_none() {
                        DateValue::Plain(value)
                    } else {
                        DateValue::Quoted(value)
                    }
                }
                // A list or mapping has no date in it: Ruby's to_s of it does not parse either.
                _ => DateValue::Quoted("[…]"),
            };
            Some(date::resolve_front_matter_date_at(
                value, &site.tz, site.now,
            ))
        })
        .as_ref()
}

/// The span of the `date` value, or of the key when the value is empty.
pub fn date_span(post: &Post) -> Option<Range<usize>> {
    let doc = post.doc()?;
    let (_, k, v) = doc.entries().filter(|e| e.0 == "date").last()?;
    let span = doc.node(v).span.clone();
    Some(if span.is_empty() {
        doc.node(k).span.clone()
    } else {
        span
    })
}

/// Source text of the value.
pub fn date_text(post: &Post) -> String {
    date_span(post)
        .map(|s| post.text[s].to_string())
        .unwrap_or_default()
}

pub fn fmt_zoned(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%d %H:%M:%S %z").to_string()
}

pub fn zone_name(site: &Site) -> String {
    site.config
        .timezone
        .clone()
        .unwrap_or_else(|| "UTC, as no timezone is set in _config.yml".into())
}
