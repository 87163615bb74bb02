#![no_main]
//! Liquid masking, Markdown and the HTML stack: never panic, masking keeps every byte offset,
//! and every span points inside the text (a tag cut off by the end of the text too).
use libfuzzer_sys::fuzz_target;
use postlint::parse::{html, liquid, markdown};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let scan = liquid::scan(text, &liquid::Options::default());
    assert_eq!(scan.masked.len(), text.len());
    for t in &scan.tags {
        assert!(t.span.end <= text.len());
    }
    let md = markdown::scan(&scan.masked);
    for l in &md.links {
        assert!(l.dest_span.end <= text.len() && l.span.end <= text.len());
    }
    let _ = html::check(&scan.masked);
    let mut tokens = html::tokenize(&scan.masked);
    for t in tokens.by_ref() {
        let _ = t;
    }
    // A tag cut off by the end of the text: `<` and its name, inside the text.
    if let Some(r) = tokens.cut_off {
        assert!(r.start < r.end && r.end <= text.len());
        assert_eq!(scan.masked.as_bytes()[r.start], b'<');
    }
});
