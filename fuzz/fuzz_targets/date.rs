#![no_main]
//! Jekyll date semantics: never panics on any value, quoted or not, in several zones.
use libfuzzer_sys::fuzz_target;
use postlint::date::{resolve_filename_date_at, resolve_front_matter_date_at, DateValue};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let now = jiff::Timestamp::from_second(1_795_000_000).unwrap();
    for tz in ["Asia/Shanghai", "UTC", "America/New_York"] {
        let tz = jiff::tz::TimeZone::get(tz).unwrap();
        let _ = resolve_front_matter_date_at(DateValue::Plain(text), &tz, now);
        let _ = resolve_front_matter_date_at(DateValue::Quoted(text), &tz, now);
        let mut parts = text.splitn(3, '-');
        if let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) {
            let _ = resolve_filename_date_at(y, m, d, &tz, now);
        }
    }
});
