#![no_main]
//! Link resolution. Input: a page path, a newline, a link (without a newline, the link alone
//! from a post's path). Classifying any link never panics, and whenever the path-arithmetic
//! shortcut (`site::path_join`) answers, it gives the URL parser's path; an absolute URL read
//! without the parser (`rules::link::abs_url`) has the parser's scheme, host and path.
use libfuzzer_sys::fuzz_target;
use postlint::rules::link::{classify, Class};
use postlint::site::path_join::join;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (base, reference) = text
        .split_once('\n')
        .unwrap_or(("/emnews/2022/07/15/x.html", text));
    for scheme in ["https", "http"] {
        let _ = classify(reference, scheme, false);
        if let Class::Absolute(u) = classify(reference, scheme, true) {
            let full = url::Url::parse(reference).expect("an absolute URL parses");
            assert_eq!(u.scheme(), full.scheme(), "{reference:?}");
            assert_eq!(u.host_str(), full.host_str(), "{reference:?}");
            assert_eq!(u.path(), full.path(), "{reference:?}");
            assert_eq!(u.url(), &full, "{reference:?}");
        }
    }
    let Some(got) = join(base, reference) else { return };
    // The url crate keeps a segment like `a:` before `..` for every scheme, not only `file:`
    // (servo/rust-url#1130); the shortcut follows the URL standard there, as browsers do
    // (tested in `path_join`), so such links are not compared.
    let drive = |s: &str| s.len() == 2 && s.as_bytes()[0].is_ascii_alphabetic() && s.ends_with(':');
    if base.split('/').chain(reference.split('/')).any(drive) {
        return;
    }
    let page = url::Url::parse(&format!("https://example.invalid{base}"))
        .expect("a base the shortcut accepts is a URL path");
    let want = page.join(reference).expect("a plain relative reference resolves");
    assert_eq!(got, want.path(), "base {base:?}, reference {reference:?}");
});
