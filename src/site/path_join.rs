//! The path a relative reference resolves to from a page of the site, as the URL standard
//! resolves it for an `http(s)` page, without parsing URLs. Most internal links are plain
//! (`../x/`, `/category/y.html`); parsing and serializing a URL for each was a visible cost
//! per link. Anything outside the plain subset returns None, and the caller parses.

/// Bytes the URL parser copies into a path as they are (no escaping, no special meaning).
fn plain(b: u8) -> bool {
    PLAIN[usize::from(b)]
}

/// `plain` as a table: it runs for every byte of the page's path and of the link.
const PLAIN: [bool; 256] = crate::byte_set::alphanumeric_and(b"-._~!$&'()*+,;=:@/");

/// The serialized path (`Url::path`) of `reference` resolved from a page whose path is `base`
/// (`/emnews/2022/07/15/x.html`, percent-encoded as in `page.url`). None when either holds
/// anything the parser would treat specially: the caller then parses them.
pub fn join(base: &str, reference: &str) -> Option<String> {
    if !plain_base(base) {
        return None;
    }
    join_from_plain_base(base, reference)
}

/// Whether the shortcut can resolve from the page path `base`: rooted, of plain bytes and
/// percent escapes other than `%2e` (a dot to the parser), without dot segments (the parser
/// would have removed them already). A page with many links checks this once.
pub fn plain_base(base: &str) -> bool {
    base.starts_with('/')
        && !base.starts_with("//")
        && plain_path_end(base.as_bytes(), &PAGE_PATH) == Some(base.len())
}

/// What `plain_path_end` makes of a byte; 0 (not listed) is a byte outside the shortcut.
const ORDINARY: u8 = 1;
const SLASH: u8 = 2;
const PERCENT: u8 = 3;
/// `?` or `#`: the path ends.
const END: u8 = 4;

/// The byte classes of a page path: the plain bytes.
pub(crate) const PAGE_PATH: [u8; 256] = path_classes(b"-._~!$&'()*+,;=:@");
/// Of an absolute URL's path read off its text (`AbsUrl`): the plain bytes but `'`, which the
/// parser escapes in a query.
pub(crate) const URL_PATH: [u8; 256] = path_classes(b"-._~!$&()*+,;=:@");

const fn path_classes(ordinary: &[u8]) -> [u8; 256] {
    let plain = crate::byte_set::alphanumeric_and(ordinary);
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        if plain[i] {
            t[i] = ORDINARY;
        }
        i += 1;
    }
    t[b'/' as usize] = SLASH;
    t[b'%' as usize] = PERCENT;
    t[b'?' as usize] = END;
    t[b'#' as usize] = END;
    t
}

/// Where the path at the start of `b` ends (its first `?` or `#`, else the end), when it is
/// plain as `plain_base` wants it past its leading `/`: of `classes`' ordinary bytes, `/` and
/// percent escapes other than `%2e`, without `.` or `..` segments. One pass: the separate
/// checks per byte and per `/` were most of the cost of reading a URL off its text.
pub(crate) fn plain_path_end(b: &[u8], classes: &[u8; 256]) -> Option<usize> {
    let ordinary = |c: &u8| classes[usize::from(*c)] == ORDINARY;
    // A segment ends at `/`, at the end of the path, or at the end of `b`.
    let segment_ends = |j: usize| b.get(j).is_none_or(|c| matches!(c, b'/' | b'?' | b'#'));
    let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
    let mut i = 0;
    loop {
        // Runs of ordinary bytes, four at a time while they last (without an early exit per
        // byte: fewer instructions than a byte loop, or than a `match` per byte).
        while let Some(four) = b.get(i..i + 4) {
            if !four.iter().fold(true, |all, c| all & ordinary(c)) {
                break;
            }
            i += 4;
        }
        while b.get(i).is_some_and(ordinary) {
            i += 1;
        }
        let Some(&c) = b.get(i) else {
            return Some(i);
        };
        match classes[usize::from(c)] {
            SLASH => {
                if b.get(i + 1) == Some(&b'.')
                    && (segment_ends(i + 2) || (b.get(i + 2) == Some(&b'.') && segment_ends(i + 3)))
                {
                    return None;
                }
            }
            PERCENT => {
                if !(hex(i + 1) && hex(i + 2)) || b[i + 1..i + 3].eq_ignore_ascii_case(b"2e") {
                    return None;
                }
            }
            END => return Some(i),
            _ => return None,
        }
        i += 1;
    }
}

/// `join` from a base that `plain_base` accepted.
pub fn join_from_plain_base(base: &str, reference: &str) -> Option<String> {
    debug_assert!(plain_base(base));
    // One pass to the end of the path (the query and fragment do not change it): plain bytes
    // only, and no `:` before the first `/` (`x:` there may be a scheme).
    let r = reference.as_bytes();
    let mut end = r.len();
    let mut slash = false;
    for (i, &c) in r.iter().enumerate() {
        if matches!(c, b'?' | b'#') {
            end = i;
            break;
        }
        if !plain(c) || (c == b':' && !slash) {
            return None;
        }
        slash |= c == b'/';
    }
    let path = &reference[..end];
    // `//host` is another host.
    if path.starts_with("//") {
        return None;
    }
    if path.is_empty() {
        // Only a query or a fragment (or nothing): the page's own path.
        return Some(base.to_string());
    }
    // The path is built as `/segment` after `/segment`: dropping a segment is cutting at the
    // last `/` (found from the end, where it is near: `rfind` called the general `memrchr`).
    let last_slash = |s: &str| s.bytes().rposition(|c| c == b'/').unwrap_or(0);
    let mut out = String::with_capacity(base.len() + path.len());
    let mut rest = match path.strip_prefix('/') {
        Some(rooted) => rooted,
        None => {
            // From the page's folder: its last segment goes.
            out.push_str(&base[..last_slash(base)]);
            path
        }
    };
    // Segment by segment (by bytes: `split` searched for each `/` with a searcher of its own).
    loop {
        let (part, next) = match rest.bytes().position(|c| c == b'/') {
            Some(j) => (&rest[..j], Some(&rest[j + 1..])),
            None => (rest, None),
        };
        match part {
            ".." | "." => {
                if part == ".." {
                    out.truncate(last_slash(&out));
                }
                if next.is_none() {
                    out.push('/');
                }
            }
            _ => {
                out.push('/');
                out.push_str(part);
            }
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `plain_base` as it was before `plain_path_end`: the reference it must match.
#[cfg(test)]
pub(crate) fn plain_base_before(base: &str) -> bool {
    fn has_dot_segment(path: &str) -> bool {
        let b = path.as_bytes();
        b.iter().enumerate().any(|(i, &c)| {
            c == b'/'
                && matches!(
                    (b.get(i + 1), b.get(i + 2), b.get(i + 3)),
                    (Some(b'.'), None | Some(b'/'), _)
                        | (Some(b'.'), Some(b'.'), None | Some(b'/'))
                )
        })
    }
    let b = base.as_bytes();
    base.starts_with('/')
        && !base.starts_with("//")
        && b.iter().enumerate().all(|(i, &c)| {
            plain(c)
                || (c == b'%'
                    && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                    && !b[i + 1..i + 3].eq_ignore_ascii_case(b"2e"))
        })
        && !has_dot_segment(base)
}

/// `join_from_plain_base` as it was before its one-pass check and its segment loop: the
/// reference it must match.
#[cfg(test)]
pub(crate) fn join_from_plain_base_before(base: &str, reference: &str) -> Option<String> {
    // The query and fragment do not change the path.
    let cut = memchr::memchr2(b'?', b'#', reference.as_bytes());
    let path = &reference[..cut.unwrap_or(reference.len())];
    // `//host` is another host; `x:` before any `/` may be a scheme.
    let first = &path.as_bytes()[..memchr::memchr(b'/', path.as_bytes()).unwrap_or(path.len())];
    if path.starts_with("//") || first.contains(&b':') || !path.bytes().all(plain) {
        return None;
    }
    if path.is_empty() {
        // Only a query or a fragment (or nothing): the page's own path.
        return Some(base.to_string());
    }
    // The path is built as `/segment` after `/segment`: dropping a segment is cutting at the
    // last `/`.
    let mut out = String::with_capacity(base.len() + path.len());
    let rest = match path.strip_prefix('/') {
        Some(rooted) => rooted,
        None => {
            // From the page's folder: its last segment goes.
            out.push_str(&base[..base.rfind('/').unwrap_or(0)]);
            path
        }
    };
    let mut parts = rest.split('/').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        match part {
            ".." | "." => {
                if part == ".." {
                    out.truncate(out.rfind('/').unwrap_or(0));
                }
                if last {
                    out.push('/');
                }
            }
            _ => {
                out.push('/');
                out.push_str(part);
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::join;
    use url::Url;

    /// The byte scan refuses the segments `split` finds, on every short rooted path.
    #[test]
    fn dot_segments_by_bytes_are_those_split_finds() {
        for rest in crate::test_support::strings_over(&["/", ".", "a"], 6) {
            let path = format!("/{rest}");
            let by_split = path[1..].split('/').any(|s| s == "." || s == "..");
            let want = !by_split && !path.starts_with("//");
            assert_eq!(super::plain_base(&path), want, "{path:?}");
        }
    }

    /// The one-pass `plain_base` is the one it replaced, on every short string over the bytes
    /// and escapes that matter to it.
    #[test]
    fn plain_base_is_what_it_was() {
        let pieces = [
            "/", ".", "a", "%", "%2e", "%2E", "%41", "%4", "%zz", "?", "#", "'", "\\", " ", "é",
            ":",
        ];
        let mut plain = 0;
        for s in crate::test_support::strings_over(&pieces, 5) {
            let want = super::plain_base_before(&s);
            assert_eq!(super::plain_base(&s), want, "{s:?}");
            plain += usize::from(want);
        }
        assert!(plain > 1_000, "{plain}");
    }

    /// The one-pass `join_from_plain_base` is the one it replaced, on every short reference
    /// over the pieces that matter to it (those the parser disagrees on included), from bases
    /// of several shapes.
    #[test]
    fn join_is_what_it_was() {
        let bases = [
            "/",
            "/a",
            "/a/",
            "/emnews/2022/07/15/x.html",
            "/x/a:/y.html",
            "/%E4%B8%AD/x.html",
            "/a//b/",
        ];
        let pieces = [
            "..", ".", "/", "a", "?", "#", "b.html", "%2e", "\\", " ", ":", "a:", "'", "é",
        ];
        let mut joined = 0;
        for base in bases {
            assert!(super::plain_base(base), "{base}");
            for r in crate::test_support::strings_over(&pieces, 5) {
                let want = super::join_from_plain_base_before(base, &r);
                assert_eq!(
                    super::join_from_plain_base(base, &r),
                    want,
                    "{base:?} {r:?}"
                );
                joined += usize::from(want.is_some());
            }
        }
        assert!(joined > 100_000, "{joined}");
    }

    #[test]
    fn the_path_tables_are_the_plain_sets() {
        for b in 0..=255u8 {
            let page = super::PAGE_PATH[usize::from(b)] == super::ORDINARY;
            assert_eq!(
                page,
                super::plain(b) && !b"/%".contains(&b),
                "byte {b:#04x}"
            );
            let url = super::URL_PATH[usize::from(b)] == super::ORDINARY;
            assert_eq!(url, page && b != b'\'', "byte {b:#04x}");
        }
    }

    #[test]
    fn the_plain_table_is_the_plain_set() {
        for b in 0..=255u8 {
            let want = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
            assert_eq!(super::plain(b), want, "byte {b:#04x}");
        }
    }

    /// The shortcut agrees with the URL parser on every short reference over the pieces that
    /// matter to path resolution, from bases of several shapes; and it takes the shortcut
    /// often enough to be worth having.
    #[test]
    fn agrees_with_the_url_parser() {
        let bases = [
            "/",
            "/a",
            "/a/",
            "/emnews/2022/07/15/x.html",
            "/blog/a/b/",
            "/%E4%B8%AD/x.html",
            "/a/%2e/b",
            "/a/./b",
            "/a/../b",
            "//host/x",
            "/a b/c",
            "/a%zz/b",
            "/x?q",
        ];
        let pieces = [
            "..", ".", "/", "a", "?", "#", "b.html", "%2e", "\\", " ", ":",
        ];
        let mut shortcut = 0;
        let mut total = 0;
        for base in bases {
            let page = Url::parse(&format!("https://example.invalid{base}")).expect("base");
            for r in crate::test_support::strings_over(&pieces, 4) {
                total += 1;
                let Some(got) = join(base, &r) else { continue };
                shortcut += 1;
                let want = page.join(&r).expect("a relative reference resolves");
                assert_eq!(got, want.path(), "base {base:?}, reference {r:?}");
            }
        }
        // Five of the eleven pieces and five of the thirteen bases are outside the shortcut.
        assert!(
            shortcut * 10 > total,
            "the shortcut took {shortcut} of {total} cases"
        );
    }

    /// Outside `file:` URLs a segment like `a:` is an ordinary one, and `..` removes it: the URL
    /// standard's "shorten a URL's path", as browsers do. (The url crate keeps it for every
    /// scheme, servo/rust-url#1130; the fuzz target found the difference.)
    #[test]
    fn a_drive_letter_segment_is_ordinary_on_the_web() {
        let page = "/emnews/2022/07/15/x.html";
        assert_eq!(join(page, "/x/a:/../c").as_deref(), Some("/x/c"));
        assert_eq!(
            join(page, "/e/e/a:/./../c./..///./../c./../c").as_deref(),
            Some("/e/e//c")
        );
        assert_eq!(join("/x/a:/y.html", "../c").as_deref(), Some("/x/c"));
    }
}
