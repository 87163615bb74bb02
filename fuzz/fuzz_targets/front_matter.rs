#![no_main]
//! Front matter split: never panics, and every range it returns lies inside the text.
use libfuzzer_sys::fuzz_target;
use postlint::front_matter::{split, Split};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if let Split::Found(f) = split(text, bom) {
        assert!(f.yaml.end <= text.len() && f.body <= text.len() && f.close.end <= text.len());
        assert!(text.is_char_boundary(f.body));
    }
});
