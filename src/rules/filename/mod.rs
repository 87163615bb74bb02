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
    // `splitn(4, '-')` by bytes (this runs many times per post): year, month and day are
    // digits, so each ends at the first byte that is not one, which must be `-`.
    let b = name.as_bytes();
    let field = |from: usize, lo: usize, hi: usize| -> Option<usize> {
        let n = b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        ((lo..=hi).contains(&n) && b.get(from + n) == Some(&b'-')).then_some(from + n)
    };
    let y = field(0, 2, 4)?;
    let m = field(y + 1, 1, 2)?;
    let d = field(m + 1, 1, 2)?;
    let (year, month, day, rest) = (&name[..y], &name[y + 1..m], &name[m + 1..d], &name[d + 1..]);
    // `(\.[^.]+)$`: the extension is the last dot and what follows, which must be non-empty.
    let dot = memchr::memrchr(b'.', rest.as_bytes())?;
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
    Some(crate::site::discover::after_posts_dir(&post.rel).unwrap_or(post.file_name()))
}

/// Jekyll's EntryFilter skips names starting with `.`, `_`, `#` or `~`, or ending with `~`.
pub fn ignored_component(inside: &str) -> Option<&str> {
    // `split('/')` by bytes (this runs for several rules per post).
    let mut from = 0;
    let ends = memchr::memchr_iter(b'/', inside.as_bytes()).chain([inside.len()]);
    for end in ends {
        let c = &inside[from..end];
        if c.starts_with(['.', '_', '#', '~']) || c.ends_with('~') {
            return Some(c);
        }
        from = end + 1;
    }
    None
}

/// The post's file name when Jekyll reads it as a post (not ignored, and matching the pattern).
pub fn post_name(post: &Post) -> Option<PostName<'_>> {
    let at = post.post_name.get_or_init(|| {
        let inside = inside_posts(post)?;
        if ignored_component(inside).is_some() {
            return None;
        }
        let name = post.file_name();
        let p = parse_post_name(name)?;
        Some(PostNameAt::of(post.rel.len() - name.len(), &p))
    });
    // Offsets in the path: no search for the file name when kept.
    at.as_ref().map(|a| a.name(&post.rel))
}

/// `parse_post_name` of the file name, for any kind of file: the kept split of a post that
/// Jekyll reads (the common case, asked for by several rules and the post's URL), else parsed.
pub fn parsed_name(post: &Post) -> Option<PostName<'_>> {
    if post.kind == Kind::Post {
        if let Some(p) = post_name(post) {
            return Some(p);
        }
    }
    parse_post_name(post.file_name())
}

/// Where a post name's parts end (offsets in the site-relative path, whose last part is the
/// file name), kept in the post for `post_name`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PostNameAt {
    from: usize,
    year_end: usize,
    month_end: usize,
    day_end: usize,
    dot: usize,
}

impl PostNameAt {
    /// The parts of a file name that starts at `from` in the path.
    fn of(from: usize, p: &PostName<'_>) -> PostNameAt {
        let year_end = from + p.year.len();
        let month_end = year_end + 1 + p.month.len();
        let day_end = month_end + 1 + p.day.len();
        PostNameAt {
            from,
            year_end,
            month_end,
            day_end,
            dot: day_end + 1 + p.slug.len(),
        }
    }

    fn name<'a>(&self, path: &'a str) -> PostName<'a> {
        PostName {
            year: &path[self.from..self.year_end],
            month: &path[self.year_end + 1..self.month_end],
            day: &path[self.month_end + 1..self.day_end],
            slug: &path[self.day_end + 1..self.dot],
            ext: &path[self.dot..],
        }
    }
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
        assert!(parse_post_name("2022-1x-23-x.md").is_none());
        assert!(parse_post_name("2022--23-x.md").is_none());
        assert!(parse_post_name("2022-02-23").is_none());
        assert!(parse_post_name("2022-02-233-x.md").is_none());
        assert_eq!(parse_post_name("2022-2-3-x-y.md").unwrap().slug, "x-y");
        assert_eq!(parse_post_name("2022-02-23-.x").unwrap().ext, ".x");
    }

    /// The pattern as first written, with `splitn` and `rfind`.
    fn by_split(name: &str) -> Option<(&str, &str, &str, &str, &str)> {
        let digits = |s: &str, lo: usize, hi: usize| {
            (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        let mut it = name.splitn(4, '-');
        let (year, month, day, rest) = (it.next()?, it.next()?, it.next()?, it.next()?);
        if !(digits(year, 2, 4) && digits(month, 1, 2) && digits(day, 1, 2)) {
            return None;
        }
        let dot = rest.rfind('.')?;
        (rest.len() - dot >= 2).then(|| (year, month, day, &rest[..dot], &rest[dot..]))
    }

    #[test]
    fn byte_scan_agrees_with_split_on_every_short_name() {
        let alphabet = ["11", "1", "-1", "-", ".x", ".", "é"];
        let mut names = vec![String::new()];
        let (mut checked, mut posts) = (0, 0);
        for _ in 0..6 {
            names = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |a| format!("{n}{a}")))
                .collect();
            for n in &names {
                let got = parse_post_name(n).map(|p| (p.year, p.month, p.day, p.slug, p.ext));
                assert_eq!(got, by_split(n), "{n}");
                checked += 1;
                posts += usize::from(got.is_some());
            }
        }
        assert!(
            checked > 130_000 && posts >= 50,
            "{checked} names, {posts} posts"
        );
    }
}

#[cfg(test)]
mod post_name_at_tests {
    use super::{
        ignored_component, inside_posts, parse_post_name, parsed_name, post_name, PostNameAt,
    };
    use crate::post::{Kind, Post};

    fn names() -> Vec<String> {
        crate::test_support::files_under(&crate::test_support::shared().join("corpus"))
            .into_iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .chain(
                [
                    "22-2-3-x.md",
                    "2022-02-23-.md",
                    "2022-2-3-a.b.c.md",
                    "2022-02-23-漯河.md",
                    "2022-02-23-x.md~",
                    "-202101012100000051.md",
                    "x.md",
                ]
                .map(String::from),
            )
            .collect()
    }

    /// The kept offsets give back the parts the pattern found, for every real post name, at
    /// the start of the path and after folders.
    #[test]
    fn kept_offsets_give_the_parsed_parts() {
        let mut n = 0;
        for name in names() {
            if let Some(p) = parse_post_name(&name) {
                for dir in ["", "_posts/", "漯河/_posts/sub/"] {
                    let path = format!("{dir}{name}");
                    assert_eq!(PostNameAt::of(dir.len(), &p).name(&path), p, "{path}");
                }
                n += 1;
            }
        }
        assert!(n > 150, "{n}");
    }

    /// `post_name` is the pattern's split for a post Jekyll reads, and None otherwise;
    /// `parsed_name` is the pattern's split for every file; both the first time and kept.
    #[test]
    fn kept_names_match_the_pattern() {
        let mut posts = 0;
        for name in names() {
            for dir in [
                "_posts/",
                "news/_posts/",
                "_posts/_sub/",
                "_posts/#x/",
                "",
                "_drafts/",
            ] {
                for kind in [
                    Kind::Post,
                    Kind::Draft,
                    Kind::Page,
                    Kind::Collection("docs".into()),
                ] {
                    let rel = format!("{dir}{name}");
                    let post = Post::new(std::path::Path::new(&rel), rel.clone(), kind, Vec::new());
                    let parsed = parse_post_name(post.file_name());
                    let read = inside_posts(&post)
                        .filter(|inside| ignored_component(inside).is_none())
                        .and(parsed.clone());
                    for _ in 0..2 {
                        assert_eq!(post_name(&post), read, "{rel}");
                        assert_eq!(parsed_name(&post), parsed, "{rel}");
                    }
                    posts += usize::from(read.is_some());
                }
            }
        }
        assert!(posts > 300, "{posts}");
    }
}
