pub mod ambiguous_order;
pub mod filename_mismatch;
pub mod future;
pub mod offset_range;
pub mod rollover;
pub mod unparseable;
pub mod zone_name;
pub mod zoneless_utc;

use std::ops::Range;

use crate::date::{self, DateValue, Resolved};
use crate::post::Post;
use crate::site::Site;
use crate::yaml::{Kind, Style, ValueType};

/// The date of the post's file name (`YYYY-MM-DD-…`) as Jekyll computes it: None when the name
/// has no date.
pub struct FileDate(pub Option<std::sync::Arc<Resolved>>);

/// The file-name date, once per post (several rules and the post's URL need it).
pub fn filename_resolved(post: &Post, site: &Site) -> std::rc::Rc<FileDate> {
    post.memo(|| {
        FileDate(
            crate::rules::filename::parsed_name(post)
                .map(|p| filename_date(p.year, p.month, p.day, site)),
        )
    })
}

/// `resolve_filename_date_at` for the site, through the site's table of the dates worked out
/// (Ruby's `Time.parse` emulation was a visible cost per post; the posts of a day share it).
/// Shared by `Arc`: cloning a whole `Resolved` per hit (strings, notes, the zone) was most of
/// the cost of a hit.
fn filename_date(year: &str, month: &str, day: &str, site: &Site) -> std::sync::Arc<Resolved> {
    let key = [year, "-", month, "-", day].concat();
    if let Some(r) = site
        .filename_dates
        .lock()
        .ok()
        .and_then(|m| m.get(&key).cloned())
    {
        return r;
    }
    let r = std::sync::Arc::new(crate::date::resolve_filename_date_at(
        year, month, day, &site.tz, site.now,
    ));
    if let Ok(mut m) = site.filename_dates.lock() {
        m.insert(key, r.clone());
    }
    r
}

/// The front matter date as Jekyll computes it, once per post. None when there is no `date`
/// key (or no usable front matter).
pub fn resolved<'p>(post: &'p Post, site: &Site) -> Option<&'p Resolved> {
    post.date
        .get_or_init(|| {
            // Jekyll parses `date` for documents (posts, drafts, collections), not for pages.
            if post.kind == crate::post::Kind::Page {
                return None;
            }
            let doc = post.doc()?;
            let v = doc.get("date")?;
            let node = doc.node(doc.resolve(v));
            let value = match &node.kind {
                Kind::Scalar { value, style } => {
                    if doc.value_type(v) == ValueType::Null {
                        DateValue::Null
                    } else if *style == Style::Plain && node.tag.is_none() {
                        DateValue::Plain(value)
                    } else {
                        DateValue::Quoted(value)
                    }
                }
                // A list or mapping has no date in it: Ruby's to_s of it does not parse either.
                _ => DateValue::Quoted("[…]"),
            };
            Some(date::resolve_front_matter_date_at(
                value, &site.tz, site.now,
            ))
        })
        .as_ref()
}

/// The span of the `date` value, or of the key when the value is empty.
pub fn date_span(post: &Post) -> Option<Range<usize>> {
    let doc = post.doc()?;
    let (_, k, v) = doc.entries().filter(|e| e.0 == "date").last()?;
    let span = doc.node(v).span.clone();
    Some(if span.is_empty() {
        doc.node(k).span.clone()
    } else {
        span
    })
}

/// Source text of the value.
pub fn date_text(post: &Post) -> String {
    date_span(post)
        .map(|s| post.text[s].to_string())
        .unwrap_or_default()
}

/// `%Y-%m-%d %H:%M:%S %z`, as Jekyll prints a date. Formatted directly in the common case
/// (strftime was a visible cost per finding); a test holds it to strftime.
pub fn fmt_zoned(z: &jiff::ZonedDateTime) -> String {
    match fmt_offset(z.offset().seconds()) {
        Some(off) if (0..=9999).contains(&z.year()) => {
            let d = z.datetime();
            let mut s = String::with_capacity(25);
            let year = d.year().unsigned_abs();
            two_digits(&mut s, year / 100);
            two_digits(&mut s, year % 100);
            for (sep, v) in [
                ('-', d.month()),
                ('-', d.day()),
                (' ', d.hour()),
                (':', d.minute()),
                (':', d.second()),
            ] {
                s.push(sep);
                two_digits(&mut s, v.unsigned_abs().into());
            }
            s.push(' ');
            s.push_str(&off);
            s
        }
        _ => z.strftime("%Y-%m-%d %H:%M:%S %z").to_string(),
    }
}

fn two_digits(s: &mut String, v: u16) {
    s.push(char::from(b'0' + (v / 10 % 10) as u8));
    s.push(char::from(b'0' + (v % 10) as u8));
}

/// strftime's `%z` (`+0800`) for whole-minute offsets; None for offsets with seconds.
pub fn fmt_offset(seconds: i32) -> Option<String> {
    if seconds % 60 != 0 {
        return None;
    }
    let m = seconds.unsigned_abs() / 60;
    // Pushed rather than formatted: two per `date/zoneless-utc` finding, and `format!` was
    // most of the rule's cost.
    let sign = if seconds < 0 { '-' } else { '+' };
    let hours = u16::try_from(m / 60).ok().filter(|h| *h < 100);
    let Some(hours) = hours else {
        // Never from a real offset (jiff's stay under 26 hours).
        return Some(format!("{sign}{:02}{:02}", m / 60, m % 60));
    };
    let mut s = String::with_capacity(5);
    s.push(sign);
    two_digits(&mut s, hours);
    two_digits(&mut s, (m % 60) as u16);
    Some(s)
}

pub fn zone_name(site: &Site) -> &str {
    site.config
        .timezone
        .as_deref()
        .unwrap_or("UTC, as no timezone is set in _config.yml")
}

#[cfg(test)]
mod format_tests {
    use super::{fmt_offset, fmt_zoned};

    #[test]
    fn dates_are_formatted_as_strftime_formats_them() {
        let zones = [
            "UTC",
            "Asia/Shanghai",
            "America/St_Johns",
            "Asia/Kathmandu",
            "Pacific/Kiritimati",
        ];
        let mut n = 0;
        for zone in zones {
            let tz = jiff::tz::TimeZone::get(zone).expect("bundled zone");
            for (y, mo, d, h, mi, s) in [
                (0, 1, 1, 0, 0, 0),
                (1, 2, 3, 4, 5, 6),
                (1883, 11, 18, 12, 3, 58),
                (2022, 5, 26, 21, 0, 0),
                (9999, 12, 31, 23, 59, 59),
                (-1, 6, 1, 1, 1, 1),
                (-9999, 1, 1, 0, 0, 0),
            ] {
                let Ok(z) = jiff::civil::date(y, mo, d)
                    .at(h, mi, s, 0)
                    .to_zoned_datetime(tz.clone())
                else {
                    continue;
                };
                assert_eq!(
                    fmt_zoned(&z),
                    z.strftime("%Y-%m-%d %H:%M:%S %z").to_string(),
                    "{z}"
                );
                if let Some(o) = fmt_offset(z.offset().seconds()) {
                    assert_eq!(o, z.strftime("%z").to_string());
                }
                n += 1;
            }
        }
        assert!(n >= 25, "{n}");
        for secs in [-86340, -43200, -3600, -60, 0, 60, 5400, 50400, 86340] {
            let off = jiff::tz::Offset::from_seconds(secs).expect("offset");
            let z = jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(jiff::tz::TimeZone::fixed(off));
            assert_eq!(
                fmt_offset(secs).as_deref(),
                Some(z.strftime("%z").to_string().as_str())
            );
        }
        assert_eq!(fmt_offset(-3601), None);
    }

    /// Every whole-minute offset of two days either way, and some past 99 hours, as `format!`
    /// wrote them before.
    #[test]
    fn offsets_are_formatted_as_format_wrote_them() {
        for secs in
            (-86_400 * 2..=86_400 * 2)
                .step_by(60)
                .chain([i32::MIN / 60 * 60, 360_000, -360_060])
        {
            let sign = if secs < 0 { '-' } else { '+' };
            let m = i32::unsigned_abs(secs) / 60;
            let want = format!("{sign}{:02}{:02}", m / 60, m % 60);
            assert_eq!(fmt_offset(secs).as_deref(), Some(want.as_str()), "{secs}");
        }
    }
}

#[cfg(test)]
mod filename_date_tests {
    use super::filename_date;

    /// The site's table gives what working the date out again gives, valid or not.
    #[test]
    fn the_table_of_filename_dates_answers_as_the_parser_does() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_config.yml"), "timezone: Asia/Shanghai\n").unwrap();
        let site = crate::site::Site::load(dir.path(), jiff::Timestamp::UNIX_EPOCH).unwrap();
        let dates = [
            ("2021", "06", "26"),
            ("2021", "02", "30"),
            ("2021", "13", "01"),
            ("22", "2", "3"),
            ("2021", "06", "26"),
        ];
        for _ in 0..2 {
            for (y, m, d) in dates {
                let want = crate::date::resolve_filename_date_at(y, m, d, &site.tz, site.now);
                assert_eq!(*filename_date(y, m, d, &site), want, "{y}-{m}-{d}");
            }
        }
        assert_eq!(site.filename_dates.lock().unwrap().len(), 4);
    }
}
