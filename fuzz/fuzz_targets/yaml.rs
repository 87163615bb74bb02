#![no_main]
//! Spanned YAML: never panics, spans are in bounds, conversion to JSON is bounded, and the
//! fast path for simple front matter builds exactly the general parser's tree.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match (postlint::yaml::parse(text, 3), postlint::yaml::parse_general(text, 3)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{text:?}: fast {:?} vs general {:?}", a.is_ok(), b.is_ok()),
    }
    if let Ok(doc) = postlint::yaml::parse(text, 0) {
        for n in &doc.nodes {
            assert!(n.span.start <= n.span.end && n.span.end <= text.len());
        }
        if let Some(r) = doc.root {
            let _ = doc.to_json(r);
        }
        for (_, _, v) in doc.entries() {
            let _ = doc.value_type(v);
        }
    }
});
