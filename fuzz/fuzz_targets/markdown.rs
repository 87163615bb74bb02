#![no_main]
//! The plain-Markdown shortcut against pulldown-cmark: wherever the shortcut answers, it
//! answers what the full parser does.
use libfuzzer_sys::fuzz_target;
use postlint::parse::{markdown, plain_markdown};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(plain) = plain_markdown::scan(text) {
        assert_eq!(plain, markdown::scan_full(text), "{text:?}");
    }
});
