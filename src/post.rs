//! One file to lint: its bytes, its text, its front matter, and what is parsed from them, once.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

use crate::front_matter::{self, Split};
use crate::yaml::{self, Doc, YamlError};

/// Where a file sits in the site, which decides what Jekyll does with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// In `_posts/` (or `<dir>/_posts/`).
    Post,
    /// In `_drafts/`.
    Draft,
    /// In a collection folder `_<name>/` other than posts.
    Collection(String),
    /// Any other file with front matter.
    Page,
}

impl Kind {
    pub fn is_post_like(&self) -> bool {
        matches!(self, Kind::Post | Kind::Draft)
    }

    /// The `type` Jekyll's front matter defaults match against.
    pub fn defaults_type(&self) -> &str {
        match self {
            Kind::Post => "posts",
            Kind::Draft => "drafts",
            Kind::Collection(name) => name,
            Kind::Page => "pages",
        }
    }
}

/// How the bytes decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Valid UTF-8 except these bytes; each was replaced by `?` in `text`, one for one.
    InvalidUtf8 {
        bad: Vec<Range<usize>>,
    },
    /// The whole file is in another encoding; `text` is empty.
    Other {
        name: &'static str,
        bom: bool,
    },
}

pub struct Post {
    /// Path as shown to the user.
    pub display: std::sync::Arc<std::path::Path>,
    /// Path relative to the site root, with `/` separators.
    pub rel: String,
    pub kind: Kind,
    /// The original bytes, kept only when they are not valid UTF-8 (otherwise `text` is them).
    raw: Option<Vec<u8>>,
    /// The text with the same byte offsets as the file's bytes.
    pub text: String,
    pub encoding: Encoding,
    /// Length of a UTF-8 byte order mark (0 or 3).
    pub bom: usize,
    pub split: Split,
    yaml: OnceCell<Option<Result<Doc, YamlError>>>,
    /// The date Jekyll computes, filled by the date rules (they know the site's zone).
    pub(crate) date: OnceCell<Option<crate::date::Resolved>>,
    /// Liquid, Markdown and HTML facts of the body, filled by `body::get`.
    pub(crate) body: OnceCell<crate::body::Body>,
    /// Where `rules::filename::post_name` splits the file name (None: not a post name), filled
    /// by it: several rules ask per post.
    pub(crate) post_name: OnceCell<Option<crate::rules::filename::PostNameAt>>,
    /// Made by `--fix` in memory: facts gathered from the file on disk no longer apply to it.
    pub fixed: bool,
    /// Per-post results other modules compute once and share between their rules.
    memo: std::cell::RefCell<Vec<(std::any::TypeId, std::rc::Rc<dyn std::any::Any>)>>,
}

impl Post {
    /// `display` is the path as shown, shared with the post's findings (`&Path` or `PathBuf`
    /// to make it, an `Arc` to share one that is made already).
    pub fn new(
        display: impl Into<std::sync::Arc<Path>>,
        rel: String,
        kind: Kind,
        bytes: Vec<u8>,
    ) -> Post {
        let (text, encoding, raw) = match utf8_string(bytes) {
            // The common case costs no copy.
            Ok(s) if !looks_utf16(s.as_bytes()) => (s, Encoding::Utf8, None),
            Ok(s) => {
                let b = s.into_bytes();
                let (t, e) = decode(&b);
                (t, e, Some(b))
            }
            Err(e) => {
                let b = e.into_bytes();
                let (t, e) = decode(&b);
                (t, e, Some(b))
            }
        };
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let split = front_matter::split(&text, bom);
        Post {
            display: display.into(),
            rel,
            kind,
            raw,
            text,
            encoding,
            bom,
            split,
            yaml: OnceCell::new(),
            date: OnceCell::new(),
            post_name: OnceCell::new(),
            body: OnceCell::new(),
            memo: std::cell::RefCell::new(Vec::with_capacity(8)),
            fixed: false,
        }
    }

    /// The file's bytes as read.
    pub fn bytes(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(self.text.as_bytes())
    }

    pub fn front_matter(&self) -> Option<&front_matter::FrontMatter> {
        match &self.split {
            Split::Found(f) => Some(f),
            Split::Missing(_) => None,
        }
    }

    /// The parsed front matter: None when there is none, Err when YAML rejects it.
    pub fn yaml(&self) -> Option<&Result<Doc, YamlError>> {
        self.yaml
            .get_or_init(|| {
                let fm = self.front_matter()?;
                Some(yaml::parse(&self.text[fm.yaml.clone()], fm.yaml.start))
            })
            .as_ref()
    }

    /// The front matter as Jekyll uses it: only when it parsed and is a mapping.
    pub fn doc(&self) -> Option<&Doc> {
        match self.yaml()? {
            Ok(doc) if doc.root.is_none() || doc.root_map().is_some() => Some(doc),
            _ => None,
        }
    }

    pub fn body_start(&self) -> usize {
        self.front_matter().map_or(self.bom, |f| f.body)
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start()..]
    }

    /// Computes a value once per post and shares it (keyed by its type).
    pub fn memo<T: 'static>(&self, make: impl FnOnce() -> T) -> std::rc::Rc<T> {
        let id = std::any::TypeId::of::<T>();
        if let Some((_, v)) = self.memo.borrow().iter().find(|(t, _)| *t == id) {
            if let Ok(v) = v.clone().downcast::<T>() {
                return v;
            }
        }
        let v = std::rc::Rc::new(make());
        self.memo.borrow_mut().push((id, v.clone()));
        v
    }

    /// The file name without folders.
    pub fn file_name(&self) -> &str {
        // By bytes: several rules ask per post, and `rsplit`'s searcher was a visible cost.
        match memchr::memrchr(b'/', self.rel.as_bytes()) {
            Some(i) => &self.rel[i + 1..],
            None => &self.rel,
        }
    }

    /// Whether the file is Markdown by its extension (Jekyll's default ones, in any case).
    pub fn is_markdown(&self) -> bool {
        let name = self.file_name().as_bytes();
        [".md", ".markdown", ".mkd", ".mkdn", ".mdown"]
            .iter()
            .any(|e| {
                name.len() >= e.len()
                    && name[name.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
            })
    }
}

/// Decodes keeping byte offsets: invalid bytes become `?`; a file that is entirely UTF-16
/// (by its BOM or its NUL pattern) or GBK is recognised as such instead.
fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        if !looks_utf16(bytes) {
            return (s.to_string(), Encoding::Utf8);
        }
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return (
            String::new(),
            Encoding::Other {
                name: "UTF-16",
                bom: true,
            },
        );
    }
    if looks_utf16(bytes) {
        return (
            String::new(),
            Encoding::Other {
                name: "UTF-16",
                bom: false,
            },
        );
    }
    let mut bad = Vec::new();
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    let mut base = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend_from_slice(&rest[..good]);
                let n = e.error_len().unwrap_or(rest.len() - good);
                out.extend(std::iter::repeat_n(b'?', n));
                let start = base + good;
                match bad.last_mut() {
                    Some(r @ Range { .. }) if r.end == start => r.end = start + n,
                    _ => bad.push(start..start + n),
                }
                rest = &rest[good + n..];
                base += good + n;
            }
        }
    }
    // A file whose non-UTF-8 bytes decode cleanly as GBK into Chinese text was written in GBK
    // (stray bytes in a UTF-8 file rarely do).
    if bad.len() >= 2 || bad.iter().map(|r| r.len()).sum::<usize>() >= 4 {
        let (decoded, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
        let non_ascii = decoded.chars().filter(|c| !c.is_ascii()).count();
        let cjk = decoded
            .chars()
            .filter(|c| matches!(*c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF))
            .count();
        if !had_errors && non_ascii >= 2 && cjk * 10 >= non_ascii * 8 {
            return (
                String::new(),
                Encoding::Other {
                    name: "GBK",
                    bom: false,
                },
            );
        }
    }
    let text = String::from_utf8(out).unwrap_or_default();
    (text, Encoding::InvalidUtf8 { bad })
}

/// UTF-16 without a BOM: ASCII text leaves every other byte NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return false;
    }
    let sample = &bytes[..bytes.len().min(512)];
    // Without a NUL byte it is not UTF-16 (the common case, known from one SIMD scan).
    if memchr::memchr(0, sample).is_none() {
        return false;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    (even * 10 >= half * 8 && odd * 10 < half) || (odd * 10 >= half * 8 && even * 10 < half)
}

/// `String::from_utf8` with SIMD validation: std's check was 4% of a run on CJK posts, where
/// simdutf8's is several times faster. The general check runs only to build the error.
fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that the bytes are valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SIMD check accepts and rejects exactly what std does (real posts, and the invalid
    /// forms: overlong, surrogates, out of range, cut off, stray continuation bytes).
    #[test]
    fn utf8_check_agrees_with_std() {
        let mut inputs: Vec<Vec<u8>> =
            crate::test_support::files_under(&crate::test_support::shared().join("corpus"))
                .iter()
                .filter_map(|p| std::fs::read(p).ok())
                .collect();
        assert!(inputs.len() > 100);
        let bad: [&[u8]; 9] = [
            b"\xc0\xaf",
            b"\xe0\x80\xaf",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xe4\xb8",
            b"\x80",
            b"\xff",
            b"\xf0\x9f\x98",
            b"\xfe\xff",
        ];
        for b in bad {
            for at in [0usize, 1, 63, 64, 65] {
                let mut v = "中".repeat(40).into_bytes();
                v.truncate(at.min(v.len()));
                v.extend_from_slice(b);
                v.extend_from_slice("文".repeat(30).as_bytes());
                inputs.push(v);
            }
        }
        for v in inputs {
            match (utf8_string(v.clone()), String::from_utf8(v)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!(a.utf8_error(), b.utf8_error()),
                (a, b) => panic!("{a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn invalid_bytes_keep_offsets() {
        let (t, e) = decode(b"ab\xff\xfecd");
        assert_eq!(t, "ab??cd");
        assert_eq!(
            e,
            Encoding::InvalidUtf8 {
                bad: vec![Range { start: 2, end: 4 }]
            }
        );
    }

    #[test]
    fn gbk_file_is_named() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("---\ntitle: 漯河日报新闻\n---\n正文内容很长的一段中文");
        let (_, e) = decode(&gbk);
        assert_eq!(
            e,
            Encoding::Other {
                name: "GBK",
                bom: false
            }
        );
    }

    #[test]
    fn utf16_is_named() {
        let mut v = vec![0xFF, 0xFE];
        for c in "---\ntitle: x\n---\n".encode_utf16() {
            v.extend_from_slice(&c.to_le_bytes());
        }
        assert!(matches!(
            decode(&v).1,
            Encoding::Other {
                name: "UTF-16",
                bom: true
            }
        ));
        assert!(matches!(
            decode(&v[2..]).1,
            Encoding::Other {
                name: "UTF-16",
                bom: false
            }
        ));
    }
}
