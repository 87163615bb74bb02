//! Ruby `Time.zone_offset` (lib/time.rb): the only zone names `Time.parse`
//! understands. It is NOT Date's big zone table: only RFC 822 names, the
//! military letters, numeric offsets with two-digit hours, and the
//! abbreviations of the process time zone (Jekyll's `timezone`). Anything
//! else is silently ignored and the time is read as site-local.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// How a zone string was understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ZoneKind {
    /// `+0800`, `-05:00`, `+08`, `+08:00:00`.
    Numeric,
    /// A name from the RFC 822 / military table.
    Rfc822Name,
    /// The site time zone's own abbreviation (e.g. `JST` on an Asia/Tokyo site).
    SiteAbbreviation,
}

const RFC822: &[(&str, i32)] = &[
    ("UTC", 0),
    ("Z", 0),
    ("UT", 0),
    ("GMT", 0),
    ("EST", -5),
    ("EDT", -4),
    ("CST", -6),
    ("CDT", -5),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
    ("A", 1),
    ("B", 2),
    ("C", 3),
    ("D", 4),
    ("E", 5),
    ("F", 6),
    ("G", 7),
    ("H", 8),
    ("I", 9),
    ("K", 10),
    ("L", 11),
    ("M", 12),
    ("N", -1),
    ("O", -2),
    ("P", -3),
    ("Q", -4),
    ("R", -5),
    ("S", -6),
    ("T", -7),
    ("U", -8),
    ("V", -9),
    ("W", -10),
    ("X", -11),
    ("Y", -12),
];

fn two_digits(b: &[u8]) -> Option<i32> {
    match b {
        [a, c] if a.is_ascii_digit() && c.is_ascii_digit() => {
            Some(i32::from(a - b'0') * 10 + i32::from(c - b'0'))
        }
        _ => None,
    }
}

/// `/\A([+-])(\d\d)(:?)(\d\d)(?:\3(\d\d))?\z/` and `/\A[+-]\d\d\z/`.
fn numeric(zone: &str) -> Option<i32> {
    let b = zone.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hh = two_digits(b.get(1..3)?)?;
    let rest = b.get(3..)?;
    let (mm, ss) = match rest {
        [] => return Some(sign * hh * 3600),
        [b':', m @ ..] => match m {
            [_, _] => (two_digits(m)?, 0),
            [m1, m2, b':', s1, s2] => (two_digits(&[*m1, *m2])?, two_digits(&[*s1, *s2])?),
            _ => return None,
        },
        [_, _] => (two_digits(rest)?, 0),
        [m1, m2, s1, s2] => (two_digits(&[*m1, *m2])?, two_digits(&[*s1, *s2])?),
        _ => return None,
    };
    Some(sign * ((hh * 60 + mm) * 60 + ss))
}

/// The site zone's abbreviation at local midnight of the given day
/// (`Time.local(year, month, 1).zone`).
pub(crate) fn site_abbreviation(site: &TimeZone, year: i64, month: i8) -> Option<String> {
    let year = i16::try_from(year).ok()?;
    let dt = Date::new(year, month, 1)
        .ok()?
        .to_datetime(jiff::civil::Time::midnight());
    let ts = site.to_ambiguous_timestamp(dt).compatible().ok()?;
    Some(site.to_offset_info(ts).abbreviation().to_string())
}

/// Ruby `Time.zone_offset(zone, year)` with the site zone as the process
/// zone. Returns seconds east of UTC.
pub(crate) fn zone_offset(zone: &str, year: i64, site: &TimeZone) -> Option<(i32, ZoneKind)> {
    // Signs, digits and colons have no case, and no letter upper-cases to
    // one: the common numeric zone needs no upper-cased copy.
    if let Some(off) = numeric(zone) {
        return Some((off, ZoneKind::Numeric));
    }
    let upper = zone.to_uppercase();
    if let Some(&(_, hours)) = RFC822.iter().find(|(name, _)| *name == upper) {
        return Some((hours * 3600, ZoneKind::Rfc822Name));
    }
    for month in [1, 7] {
        if site_abbreviation(site, year, month).is_some_and(|a| a.to_uppercase() == upper) {
            let year16 = i16::try_from(year).ok()?;
            let dt = Date::new(year16, month, 1)
                .ok()?
                .to_datetime(jiff::civil::Time::midnight());
            let ts = site.to_ambiguous_timestamp(dt).compatible().ok()?;
            return Some((site.to_offset(ts).seconds(), ZoneKind::SiteAbbreviation));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).expect("bundled zone")
    }

    #[test]
    fn numeric_forms() {
        let utc = TimeZone::UTC;
        assert_eq!(
            zone_offset("+0800", 2022, &utc),
            Some((28800, ZoneKind::Numeric))
        );
        assert_eq!(
            zone_offset("-05:00", 2022, &utc),
            Some((-18000, ZoneKind::Numeric))
        );
        assert_eq!(
            zone_offset("+08", 2022, &utc),
            Some((28800, ZoneKind::Numeric))
        );
        assert_eq!(
            zone_offset("+08:00:30", 2022, &utc),
            Some((28830, ZoneKind::Numeric))
        );
        assert_eq!(
            zone_offset("+9999", 2022, &utc),
            Some((362_340, ZoneKind::Numeric))
        );
        // One-digit hours and three digits are not understood at all.
        assert_eq!(zone_offset("+8", 2022, &utc), None);
        assert_eq!(zone_offset("+800", 2022, &utc), None);
        assert_eq!(zone_offset("+08:0030", 2022, &utc), None);
        assert_eq!(zone_offset("GMT+8", 2022, &utc), None);
    }

    #[test]
    fn names() {
        let sh = tz("Asia/Shanghai");
        assert_eq!(
            zone_offset("cst", 2022, &sh),
            Some((-21600, ZoneKind::Rfc822Name))
        );
        assert_eq!(zone_offset("JST", 2022, &sh), None);
        assert_eq!(zone_offset("Asia", 2022, &sh), None);
        let tokyo = tz("Asia/Tokyo");
        assert_eq!(
            zone_offset("JST", 2022, &tokyo),
            Some((32400, ZoneKind::SiteAbbreviation))
        );
        let berlin = tz("Europe/Berlin");
        assert_eq!(
            zone_offset("CEST", 2022, &berlin),
            Some((7200, ZoneKind::SiteAbbreviation))
        );
        assert_eq!(
            zone_offset("CET", 2022, &berlin),
            Some((3600, ZoneKind::SiteAbbreviation))
        );
        assert_eq!(zone_offset("CET", 99999, &berlin), None);
    }
}
