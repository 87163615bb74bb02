pub mod empty_slug;
pub mod ignored;
pub mod invalid_date;
pub mod not_a_post;
pub mod two_digit_year;

use crate::post::{Kind, Post};

/// A post file name as Jekyll's `DATE_FILENAME_MATCHER` splits it:
/// `Y-M-D-slug.ext` with 2–4, 1–2, 1–2 digits, a slug without `/` (maybe empty), an extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostName<'a> {
    pub year: &'a str,
    pub month: &'a str,
    pub day: &'a str,
    pub slug: &'a str,
    pub ext: &'a str,
}

pub fn parse_post_name(name: &str) -> Option<PostName<'_>> {
    let digits = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let mut it = name.splitn(4, '-');
    let (year, month, day, rest) = (it.next()?, it.next()?, it.next()?, it.next()?);
    if !(digits(year, 2, 4) && digits(month, 1, 2) && digits(day, 1, 2)) {
        return None;
    }
    // `(\.[^.]+)$`: the extension is the last dot and what follows, which must be non-empty.
    let dot = rest.rfind('.')?;
    let ext = &rest[dot..];
    if ext.len() < 2 {
        return None;
    }
    Some(PostName {
        year,
        month,
        day,
        slug: &rest[..dot],
        ext,
    })
}

/// The part of the path inside `_posts/` (sub-folders included), for posts only.
pub fn inside_posts(post: &Post) -> Option<&str> {
    if post.kind != Kind::Post {
        return None;
    }
    let rel = post.rel.as_str();
    // memmem: `str::rfind`'s searcher set-up was a visible cost, and this runs per rule.
    match memchr::memmem::rfind(rel.as_bytes(), b"_posts/") {
        Some(i) => Some(&rel[i + "_posts/".len()..]),
        None => Some(post.file_name()),
    }
}

/// Jekyll's EntryFilter skips names starting with `.`, `_`, `#` or `~`, or ending with `~`.
pub fn ignored_component(inside: &str) -> Option<&str> {
    inside
        .split('/')
        .find(|c| c.starts_with(['.', '_', '#', '~']) || c.ends_with('~'))
}

/// The post's file name when Jekyll reads it as a post (not ignored, and matching the pattern).
pub fn post_name(post: &Post) -> Option<PostName<'_>> {
    let inside = inside_posts(post)?;
    if ignored_component(inside).is_some() {
        return None;
    }
    parse_post_name(post.file_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_pattern() {
        let p = parse_post_name("2022-02-23-漯河新闻.md").unwrap();
        assert_eq!(
            (p.year, p.month, p.day, p.slug, p.ext),
            ("2022", "02", "23", "漯河新闻", ".md")
        );
        assert_eq!(parse_post_name("22-2-3-x.md").unwrap().year, "22");
        assert_eq!(parse_post_name("2022-02-23-.md").unwrap().slug, "");
        assert_eq!(parse_post_name("2022-02-23-a.b.md").unwrap().slug, "a.b");
        assert!(parse_post_name("-2022.md").is_none());
        assert!(parse_post_name("-202205262391921712.md").is_none());
        assert!(parse_post_name("2022-02-23.md").is_none());
        assert!(parse_post_name("2022-02-23-noext").is_none());
        assert!(parse_post_name("foo.md").is_none());
        assert!(parse_post_name("20222-02-23-x.md").is_none());
    }
}
