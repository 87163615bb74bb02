#![no_main]
//! The whole per-post pipeline, every rule, on a post in a small real site.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    postlint::lint::fuzz_one(data);
});
