#![no_main]
//! Spanned YAML: never panics, spans are in bounds, conversion to JSON is bounded.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
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
