//! The date Jekyll 4.3 (Ruby 3.1, Psych 4) gives a post, modelled on their source.
//!
//! Jekyll computes a post's date in two steps:
//! 1. YAML typing (Psych 4, YAML 1.1): an unquoted timestamp becomes a Ruby
//!    `Time` (UTC when no zone is written), `YYYY-MM-DD` a `Date`, digits an
//!    `Integer`, and so on; quoted values stay strings (`psych.rs`).
//! 2. `Time.parse(value.to_s)` in the site's `timezone`, then `.localtime`
//!    (`ruby_time.rs`, built on a transcription of `Date._parse`,
//!    `date_parse.rs`).
//!
//! A failure in step 2 aborts the whole build. Most surprises are silent:
//! day 30 of February rolls into March, `03/02/2022` is the 3rd of
//! February, `JST` on a Shanghai site is ignored. [`Resolved::notes`] lists
//! those so a linter can tell the user.

mod date_parse;
#[cfg(test)]
mod fast_path_tests;
mod pattern;
mod psych;
mod ruby_time;
mod zones;

use std::fmt;
use std::ops::Range;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// How the front matter wrote the `date` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateValue<'a> {
    /// `date:` with nothing after it.
    Null,
    /// An unquoted scalar, as the YAML parser folded it.
    Plain(&'a str),
    /// A single- or double-quoted scalar, already unescaped.
    Quoted(&'a str),
}

/// What YAML 1.1 (Psych) made of the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlTyped {
    /// `~`, `null`, or nothing.
    Null,
    /// An unquoted, existing `YYYY-MM-DD`.
    Date {
        year: i32,
        month: i8,
        day: i8,
    },
    /// An unquoted YAML timestamp. The civil fields are after Psych's own
    /// rollover (Feb 30 → Mar 2, 24:00 → next day), in the written zone
    /// (UTC when none was written).
    Time {
        year: i32,
        month: i8,
        day: i8,
        hour: i8,
        minute: i8,
        second: i8,
        nanos: i32,
        /// `None`: no zone was written, so Psych took the time as UTC.
        offset_seconds: Option<i32>,
    },
    /// An integer, as Ruby prints it (`0x1F` is `"31"`, `08:00` is `"28800"`).
    Integer(String),
    /// A float, as Ruby prints it (`"2022.02"`, `"Infinity"`).
    Float(String),
    Bool(bool),
    Str(String),
    /// Psych raised an error that is not a syntax error (a `:symbol` under
    /// safe loading, a tab between date and time, a number Ruby's
    /// `Float()`/`Integer()` refuses): Jekyll logs it and drops the whole
    /// front matter.
    Rejected {
        reason: String,
    },
}

/// A fact about the value that Jekyll acts on silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The written date does not exist and Ruby moved it (Feb 30 → Mar 2;
    /// also 24:00 and second 60). `actual` is the date in the written zone.
    RolledOver {
        written: String,
        actual: jiff::civil::Date,
    },
    /// An unquoted timestamp without a zone: YAML took it as UTC, not as
    /// site time.
    ZonelessReadAsUtc,
    /// A string with a time but no zone: read as site time.
    ZonelessReadAsSiteTime,
    /// A zone name Ruby understood (UTC spellings are not reported). RFC 822
    /// names are US zones: `CST` is −06:00 even on a site in China. For the
    /// rare `[+9:JST]` form the span covers the brackets.
    ZoneAbbreviation {
        name: String,
        offset_seconds: i32,
        span: Range<usize>,
    },
    /// Zone text Ruby does not understand and silently ignores (the time is
    /// read as site time): `Asia/Shanghai`, `JST` outside Japan, `+8`,
    /// `GMT+8`, `+800`.
    IgnoredZoneText { text: String, span: Range<usize> },
    /// Other text `Time.parse` skipped over.
    UnusedText { text: String, span: Range<usize> },
    /// A `d/m/y` (or `d-m-y`, `d.m.y`) order was read day-first.
    DayFirst { day: i8, month: i8 },
    /// Fractional seconds of an unquoted timestamp are lost when Jekyll
    /// turns it back into text.
    FractionDropped,
    /// A year written with one or two digits was completed (69–99 → 19xx,
    /// 00–68 → 20xx).
    TwoDigitYear { written: String, year: i32 },
    /// An offset Ruby accepts but no real zone has (beyond −12:00…+14:00).
    OffsetImplausible { offset_seconds: i32 },
    /// A weekday name that does not match the date; Ruby ignores it.
    WeekdayMismatch {
        written: String,
        actual: jiff::civil::Weekday,
        span: Range<usize>,
    },
    /// Leading fields missing from the text were taken from the build
    /// clock, so the date changes with every build.
    FilledFromBuildTime { fields: Vec<&'static str> },
}

/// Why Jekyll cannot use the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Nothing to parse (`date:` with no value, `date: ""`, `date: ~`).
    Empty,
    /// `Time.parse` found no date or time in the text.
    NoDateInformation,
    /// `Date._parse` refuses text longer than 128 bytes.
    TooLong { bytes: usize },
    /// Ruby's `Time` rejects a field: "month", "day", "hour", "minute",
    /// "second", "utc offset" or "day of year".
    OutOfRange { what: &'static str },
    /// A field too large for a C int: Ruby raises RangeError, which Jekyll
    /// does not treat as a bad date (it logs "could not read file").
    IntegerTooBig { what: &'static str },
    /// A year Ruby accepts but postlint cannot represent (beyond ±9999).
    YearUnsupported { year: i64 },
    /// YAML typed the value as a number or boolean and Ruby cannot read a
    /// date from its text.
    NotADate { kind: &'static str, text: String },
    /// Psych raised while loading the value; Jekyll logs an error and
    /// discards the whole front matter (the post gets the build time).
    FrontMatterDiscarded { reason: String },
}

impl DateError {
    /// Whether `jekyll build` stops with "Invalid date" on this error.
    pub fn aborts_build(&self) -> bool {
        !matches!(
            self,
            DateError::IntegerTooBig { .. }
                | DateError::YearUnsupported { .. }
                | DateError::FrontMatterDiscarded { .. }
        )
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Empty => write!(f, "the date is empty"),
            DateError::NoDateInformation => {
                write!(f, "no date or time can be read from this text")
            }
            DateError::TooLong { bytes } => write!(
                f,
                "the date is {bytes} bytes long; Ruby refuses to parse more than 128 bytes"
            ),
            DateError::OutOfRange { what } => write!(f, "the {what} is out of range"),
            DateError::IntegerTooBig { what } => write!(
                f,
                "the {what} is a number too large for Ruby (RangeError); Jekyll reports \
                 \"could not read file\" for this post"
            ),
            DateError::YearUnsupported { year } => write!(
                f,
                "year {year} is outside the years postlint can check (-9999 to 9999)"
            ),
            DateError::NotADate { kind, text } => write!(
                f,
                "YAML reads this value as {kind} ({text}), and no date can be read from it"
            ),
            DateError::FrontMatterDiscarded { reason } => write!(
                f,
                "{reason}; Jekyll logs an error and ignores this post's whole front matter"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// The outcome for one post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub typed: YamlTyped,
    /// The `.to_s` Jekyll hands to `Time.parse` (also the text its "Invalid
    /// date '…'" message quotes).
    pub ruby_text: String,
    /// The date Jekyll uses, in the site zone.
    pub result: Result<ZonedDateTime, DateError>,
    /// Facts a linter should tell the user. Spans are byte ranges into the
    /// text given (the Plain/Quoted string, or `"{year}-{month}-{day}"`).
    pub notes: Vec<Note>,
}

fn finish(
    typed: YamlTyped,
    ruby_text: String,
    spans: bool,
    site_tz: &TimeZone,
    now: Timestamp,
    mut notes: Vec<Note>,
) -> Resolved {
    let result = if let YamlTyped::Rejected { reason } = &typed {
        Err(DateError::FrontMatterDiscarded {
            reason: reason.clone(),
        })
    } else {
        ruby_time::time_parse(&ruby_text, site_tz, now, spans, &mut notes)
            .map(|ts| ts.to_zoned_datetime(site_tz.clone()))
    };
    let kind = match &typed {
        YamlTyped::Integer(_) => Some("an integer"),
        YamlTyped::Float(_) => Some("a float"),
        YamlTyped::Bool(_) => Some("a boolean"),
        _ => None,
    };
    let result = match (result, kind) {
        (Err(_), Some(kind)) => Err(DateError::NotADate {
            kind,
            text: ruby_text.clone(),
        }),
        (result, _) => result,
    };
    Resolved {
        typed,
        ruby_text,
        result,
        notes,
    }
}

/// The date Jekyll derives from a front-matter `date` value, with the
/// build clock at `now` (it fills fields the text leaves out).
pub fn resolve_front_matter_date_at(
    value: DateValue<'_>,
    site_tz: &TimeZone,
    now: Timestamp,
) -> Resolved {
    let mut notes = Vec::new();
    let (typed, ruby_text) = match value {
        DateValue::Null => (YamlTyped::Null, String::new()),
        DateValue::Quoted(s) => (YamlTyped::Str(s.to_string()), s.to_string()),
        DateValue::Plain(s) => {
            let t = psych::tokenize(s, site_tz, &mut notes);
            (t.typed, t.ruby_text)
        }
    };
    // Only a string reaches Time.parse as the user wrote it.
    let spans = matches!(typed, YamlTyped::Str(_));
    finish(typed, ruby_text, spans, site_tz, now, notes)
}

/// The date Jekyll derives from a front-matter `date` value, using the
/// current time as the build clock.
pub fn resolve_front_matter_date(value: DateValue<'_>, site_tz: &TimeZone) -> Resolved {
    resolve_front_matter_date_at(value, site_tz, Timestamp::now())
}

/// The date Jekyll derives from a post's file name (`Y-M-D-slug.ext`) when
/// the front matter has no `date` key; `now` is the build clock.
pub fn resolve_filename_date_at(
    year: &str,
    month: &str,
    day: &str,
    site_tz: &TimeZone,
    now: Timestamp,
) -> Resolved {
    let text = [year, "-", month, "-", day].concat();
    finish(
        YamlTyped::Str(text.clone()),
        text,
        true,
        site_tz,
        now,
        Vec::new(),
    )
}

/// The date Jekyll derives from a post's file name, given the `Y`, `M` and
/// `D` digit strings, when the front matter has no `date` key.
pub fn resolve_filename_date(year: &str, month: &str, day: &str, site_tz: &TimeZone) -> Resolved {
    resolve_filename_date_at(year, month, day, site_tz, Timestamp::now())
}

/// The site time zone from `_config.yml`'s `timezone:` (an IANA name, or a
/// POSIX TZ string).
///
/// Without `timezone`, Jekyll leaves `TZ` alone and uses the build
/// machine's zone; `None` here gives UTC and the caller should say so. With
/// an unknown name, Jekyll still sets `TZ` and the C library quietly falls
/// back to UTC; here it is an error.
pub fn site_time_zone(name: Option<&str>) -> Result<TimeZone, String> {
    let Some(name) = name else {
        return Ok(TimeZone::UTC);
    };
    let name = name.trim();
    if name.is_empty() {
        return Err("`timezone` is empty".to_string());
    }
    TimeZone::get(name)
        .or_else(|_| TimeZone::posix(name))
        .map_err(|_| format!("`{name}` is not a known time zone"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle's build clock: 2026-11-27 20:40 UTC.
    fn now() -> Timestamp {
        Timestamp::new(1_795_812_000, 0).expect("valid")
    }

    fn shanghai() -> TimeZone {
        site_time_zone(Some("Asia/Shanghai")).expect("bundled zone")
    }

    fn fm(value: DateValue<'_>) -> Resolved {
        resolve_front_matter_date_at(value, &shanghai(), now())
    }

    /// The date as Jekyll prints it: `%Y-%m-%d %H:%M:%S %z`.
    fn shown(r: &Resolved) -> String {
        match &r.result {
            Ok(z) => z.strftime("%Y-%m-%d %H:%M:%S %z").to_string(),
            Err(e) => format!("error: {e:?}"),
        }
    }

    #[test]
    fn oracle_build_clock_is_right() {
        assert_eq!(now().to_string(), "2026-11-27T20:40:00Z");
    }

    #[test]
    fn case_10_no_value() {
        let r = fm(DateValue::Null);
        assert_eq!(r.result, Err(DateError::Empty));
        assert_eq!(r.ruby_text, "");
        assert!(DateError::Empty.aborts_build());
    }

    #[test]
    fn case_12_feb_30_rolls_to_march() {
        let r = fm(DateValue::Plain("2022-02-30 08:00:00 +0800"));
        assert_eq!(shown(&r), "2022-03-02 08:00:00 +0800");
        assert!(r.notes.contains(&Note::RolledOver {
            written: "2022-02-30".into(),
            actual: jiff::civil::date(2022, 3, 2),
        }));
    }

    #[test]
    fn case_13_feb_32_aborts() {
        let r = fm(DateValue::Plain("2022-02-32 08:00:00 +0800"));
        assert_eq!(r.result, Err(DateError::OutOfRange { what: "day" }));
        assert_eq!(r.ruby_text, "2022-02-32 08:00:00 +0800");
        assert_eq!(r.typed, YamlTyped::Str("2022-02-32 08:00:00 +0800".into()));
    }

    #[test]
    fn case_16_date_only_is_site_midnight() {
        let r = fm(DateValue::Plain("2022-02-23"));
        assert_eq!(shown(&r), "2022-02-23 00:00:00 +0800");
        assert_eq!(
            r.typed,
            YamlTyped::Date {
                year: 2022,
                month: 2,
                day: 23
            }
        );
    }

    #[test]
    fn case_17_t_and_z() {
        let r = fm(DateValue::Plain("2022-02-23T08:23:27Z"));
        assert_eq!(shown(&r), "2022-02-23 16:23:27 +0800");
        assert_eq!(r.ruby_text, "2022-02-23 08:23:27 UTC");
    }

    #[test]
    fn case_19_unquoted_zoneless_is_utc() {
        let r = fm(DateValue::Plain("2022-02-23 20:00:00"));
        assert_eq!(shown(&r), "2022-02-24 04:00:00 +0800");
        assert!(r.notes.contains(&Note::ZonelessReadAsUtc));
        assert!(matches!(
            r.typed,
            YamlTyped::Time {
                offset_seconds: None,
                hour: 20,
                ..
            }
        ));
    }

    #[test]
    fn case_20_quoted_zoneless_is_site_time() {
        let r = fm(DateValue::Quoted("2022-02-23 20:00:00"));
        assert_eq!(shown(&r), "2022-02-23 20:00:00 +0800");
        assert!(r.notes.contains(&Note::ZonelessReadAsSiteTime));
    }

    #[test]
    fn case_21_quoted_with_offset() {
        let r = fm(DateValue::Quoted("2022-02-23 08:23:27 +0800"));
        assert_eq!(shown(&r), "2022-02-23 08:23:27 +0800");
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn case_24_other_offset_moves_the_day() {
        let r = fm(DateValue::Plain("2022-02-23 20:00:00 -0500"));
        assert_eq!(shown(&r), "2022-02-24 09:00:00 +0800");
    }

    #[test]
    fn case_26_slashes() {
        let r = fm(DateValue::Plain("2022/02/23 08:23:27 +0800"));
        assert_eq!(shown(&r), "2022-02-23 08:23:27 +0800");
        assert!(!r.notes.iter().any(|n| matches!(n, Note::DayFirst { .. })));
    }

    #[test]
    fn case_27_dd_mm_yyyy() {
        let r = fm(DateValue::Plain("23/02/2022 08:23:27"));
        assert_eq!(shown(&r), "2022-02-23 08:23:27 +0800");
        assert!(r.notes.contains(&Note::DayFirst { day: 23, month: 2 }));
    }

    #[test]
    fn case_28_garbage_aborts() {
        let r = fm(DateValue::Plain("未知"));
        assert_eq!(r.result, Err(DateError::NoDateInformation));
        assert!(r.result.as_ref().is_err_and(DateError::aborts_build));
    }

    #[test]
    fn case_32_fraction_dropped() {
        let r = fm(DateValue::Plain("2022-02-23 08:23:27.5 +0800"));
        assert_eq!(shown(&r), "2022-02-23 08:23:27 +0800");
        assert_eq!(r.result.as_ref().map(|z| z.subsec_nanosecond()), Ok(0));
        assert!(r.notes.contains(&Note::FractionDropped));
        assert!(matches!(
            r.typed,
            YamlTyped::Time {
                nanos: 500_000_000,
                ..
            }
        ));
    }

    #[test]
    fn case_33_colon_offset() {
        let r = fm(DateValue::Plain("2022-02-23 08:23:27 +08:00"));
        assert_eq!(shown(&r), "2022-02-23 08:23:27 +0800");
        assert_eq!(r.ruby_text, "2022-02-23 08:23:27 +0800");
    }

    #[test]
    fn case_44_invalid_filename_date_aborts() {
        let r = resolve_filename_date_at("2022", "13", "45", &shanghai(), now());
        assert!(matches!(r.result, Err(DateError::OutOfRange { .. })));
        assert_eq!(r.ruby_text, "2022-13-45");
    }

    #[test]
    fn case_45_front_matter_date_is_valid() {
        let r = fm(DateValue::Plain("2022-02-23 08:23:27 +0800"));
        assert_eq!(shown(&r), "2022-02-23 08:23:27 +0800");
    }

    #[test]
    fn case_49_filename_date_is_site_midnight() {
        let r = resolve_filename_date_at("2022", "02", "23", &shanghai(), now());
        assert_eq!(shown(&r), "2022-02-23 00:00:00 +0800");
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn case_60_last_duplicate_value() {
        let r = fm(DateValue::Plain("2022-03-01 08:00:00 +0800"));
        assert_eq!(shown(&r), "2022-03-01 08:00:00 +0800");
    }

    #[test]
    fn lone_offset_aborts() {
        // Date._parse reads "+0800" as month 08, day 00; Time rejects day 0.
        let r = fm(DateValue::Plain("+0800"));
        assert_eq!(r.typed, YamlTyped::Str("+0800".into()));
        assert_eq!(r.result, Err(DateError::OutOfRange { what: "day" }));
        assert!(r.result.as_ref().is_err_and(DateError::aborts_build));
    }

    #[test]
    fn cst_is_us_central() {
        let text = "2022-02-23 08:00:00 CST";
        let r = fm(DateValue::Quoted(text));
        assert_eq!(shown(&r), "2022-02-23 22:00:00 +0800");
        assert!(r.notes.contains(&Note::ZoneAbbreviation {
            name: "CST".into(),
            offset_seconds: -21_600,
            span: 20..23,
        }));
        // Unquoted it is the same string to YAML.
        assert_eq!(
            shown(&fm(DateValue::Plain(text))),
            "2022-02-23 22:00:00 +0800"
        );
    }

    #[test]
    fn iana_name_suffix_is_ignored() {
        let text = "2022-02-23 08:00:00 Asia/Shanghai";
        let r = fm(DateValue::Quoted(text));
        assert_eq!(shown(&r), "2022-02-23 08:00:00 +0800");
        assert!(r.notes.contains(&Note::IgnoredZoneText {
            text: "Asia/Shanghai".into(),
            span: 20..33,
        }));
        assert!(!r.notes.iter().any(|n| matches!(n, Note::UnusedText { .. })));
        // Another zone's name is ignored just the same: site time.
        let r = fm(DateValue::Quoted("2022-02-23 08:00:00 America/New_York"));
        assert_eq!(shown(&r), "2022-02-23 08:00:00 +0800");
    }

    #[test]
    fn day_first_slashes() {
        let r = fm(DateValue::Plain("03/02/2022"));
        assert_eq!(shown(&r), "2022-02-03 00:00:00 +0800");
        assert!(r.notes.contains(&Note::DayFirst { day: 3, month: 2 }));
        // The US reading does not exist: month 23.
        let r = fm(DateValue::Plain("02/23/2022"));
        assert_eq!(r.result, Err(DateError::OutOfRange { what: "month" }));
    }

    #[test]
    fn unix_timestamp_integer_is_not_a_date() {
        let r = fm(DateValue::Plain("1645575807"));
        assert_eq!(r.typed, YamlTyped::Integer("1645575807".into()));
        assert_eq!(
            r.result,
            Err(DateError::NotADate {
                kind: "an integer",
                text: "1645575807".into()
            })
        );
        // Quoted, the same digits are a string Ruby reads as month 57.
        let r = fm(DateValue::Quoted("1645575807"));
        assert_eq!(r.result, Err(DateError::OutOfRange { what: "month" }));
    }

    #[test]
    fn two_digit_filename_year() {
        let r = resolve_filename_date_at("22", "2", "3", &shanghai(), now());
        assert_eq!(shown(&r), "2022-02-03 00:00:00 +0800");
        assert!(r.notes.contains(&Note::TwoDigitYear {
            written: "22".into(),
            year: 2022
        }));
        let r = resolve_filename_date_at("99", "12", "31", &shanghai(), now());
        assert_eq!(shown(&r), "1999-12-31 00:00:00 +0800");
        let r = resolve_filename_date_at("022", "2", "3", &shanghai(), now());
        assert_eq!(r.result.as_ref().map(|z| z.year()), Ok(22));
    }

    #[test]
    fn filename_feb_30_rolls_over() {
        let r = resolve_filename_date_at("2022", "02", "30", &shanghai(), now());
        assert_eq!(shown(&r), "2022-03-02 00:00:00 +0800");
        assert!(r.notes.iter().any(|n| matches!(n, Note::RolledOver { .. })));
    }

    #[test]
    fn offsets() {
        // A one-digit hour offset is not understood by Time.parse: ignored.
        let r = fm(DateValue::Quoted("2022-02-23 08:00:00 +8"));
        assert_eq!(shown(&r), "2022-02-23 08:00:00 +0800");
        assert!(r
            .notes
            .iter()
            .any(|n| matches!(n, Note::IgnoredZoneText { text, .. } if text == "+8")));
        let r = fm(DateValue::Quoted("2022-02-23 08:00:00 -0800"));
        assert_eq!(shown(&r), "2022-02-24 00:00:00 +0800");
        // But unquoted, Psych reads "+8" itself.
        let r = fm(DateValue::Plain("2022-02-23 08:00:00 -8"));
        assert_eq!(shown(&r), "2022-02-24 00:00:00 +0800");
        // A day-long offset: Psych keeps the string, Ruby then raises.
        for v in [
            DateValue::Plain("2022-02-23 08:00:00 +2400"),
            DateValue::Quoted("2022-02-23 08:00:00 +9999"),
        ] {
            assert_eq!(
                fm(v).result,
                Err(DateError::OutOfRange { what: "utc offset" })
            );
        }
        let r = fm(DateValue::Quoted("2022-02-23 08:00:00 +2300"));
        assert!(r.notes.contains(&Note::OffsetImplausible {
            offset_seconds: 82_800
        }));
        assert_eq!(shown(&r), "2022-02-22 17:00:00 +0800");
    }

    #[test]
    fn zone_abbreviations_depend_on_site() {
        let r = fm(DateValue::Quoted("2022-02-23 08:00:00 JST"));
        assert_eq!(shown(&r), "2022-02-23 08:00:00 +0800");
        assert!(r
            .notes
            .iter()
            .any(|n| matches!(n, Note::IgnoredZoneText { .. })));
        let tokyo = site_time_zone(Some("Asia/Tokyo")).expect("zone");
        let r = resolve_front_matter_date_at(
            DateValue::Quoted("2022-02-23 08:00:00 JST"),
            &tokyo,
            now(),
        );
        assert_eq!(shown(&r), "2022-02-23 08:00:00 +0900");
        let r = fm(DateValue::Quoted("2022-02-23 08:00:00 EST"));
        assert_eq!(shown(&r), "2022-02-23 21:00:00 +0800");
    }

    #[test]
    fn quoted_feb_30_with_negative_offset_loses_days() {
        // time.rb apply_offset resets the overflowing day to the 1st.
        let r = fm(DateValue::Quoted("2022-02-30 22:00:00 -0500"));
        assert_eq!(shown(&r), "2022-03-01 11:00:00 +0800");
        // Unquoted, Psych rolls over first: two days later.
        let r = fm(DateValue::Plain("2022-02-30 22:00:00 -0500"));
        assert_eq!(shown(&r), "2022-03-03 11:00:00 +0800");
    }

    #[test]
    fn lenient_forms() {
        for (text, want) in [
            ("2022/02/23", "2022-02-23 00:00:00 +0800"),
            ("2022-02-23 08:23", "2022-02-23 08:23:00 +0800"),
            ("Feb 23, 2022", "2022-02-23 00:00:00 +0800"),
            ("23 February 2022 8:15 pm", "2022-02-23 20:15:00 +0800"),
            ("Wed, 23 Feb 2022 08:23:27 GMT", "2022-02-23 16:23:27 +0800"),
            ("20220223", "2022-02-23 00:00:00 +0800"),
            ("2022-02-23T08:23:27.123+08:00", "2022-02-23 08:23:27 +0800"),
            ("2022-054", "2022-02-23 00:00:00 +0800"),
            ("2022-02-23 24:00:00", "2022-02-24 00:00:00 +0800"),
        ] {
            assert_eq!(shown(&fm(DateValue::Quoted(text))), want, "{text}");
        }
        let r = fm(DateValue::Quoted("2022-02-23 08:23:27.123 +0800"));
        assert_eq!(r.result.map(|z| z.subsec_nanosecond()), Ok(123_000_000));
    }

    #[test]
    fn missing_fields_come_from_the_build_clock() {
        let r = fm(DateValue::Quoted("08:00"));
        // The clock is 2026-11-28 04:40 in Shanghai.
        assert_eq!(shown(&r), "2026-11-28 08:00:00 +0800");
        assert!(r.notes.contains(&Note::FilledFromBuildTime {
            fields: vec!["year", "month", "day"]
        }));
        // Unquoted `08:00` is a YAML 1.1 base-60 integer (28800).
        let r = fm(DateValue::Plain("08:00"));
        assert_eq!(r.typed, YamlTyped::Integer("28800".into()));
        assert!(matches!(r.result, Err(DateError::NotADate { .. })));
        // An integer that happens to read as a date is fine.
        assert_eq!(
            shown(&fm(DateValue::Plain("20220223"))),
            "2022-02-23 00:00:00 +0800"
        );
    }

    #[test]
    fn yaml_rejections_discard_front_matter() {
        for v in [":today", "2022-02-23\t08:00:00"] {
            let r = fm(DateValue::Plain(v));
            assert!(
                matches!(r.result, Err(DateError::FrontMatterDiscarded { .. })),
                "{v}"
            );
            assert!(!r.result.as_ref().is_err_and(DateError::aborts_build));
        }
    }

    #[test]
    fn other_scalars() {
        for v in ["", "~", "null"] {
            assert_eq!(fm(DateValue::Plain(v)).result, Err(DateError::Empty), "{v}");
        }
        assert_eq!(fm(DateValue::Quoted("")).result, Err(DateError::Empty));
        assert!(matches!(
            fm(DateValue::Plain("yes")).result,
            Err(DateError::NotADate {
                kind: "a boolean",
                ..
            })
        ));
        let long = format!("2022-02-23 {}", "x".repeat(200));
        assert_eq!(
            fm(DateValue::Quoted(&long)).result,
            Err(DateError::TooLong { bytes: long.len() })
        );
        assert_eq!(
            fm(DateValue::Quoted("2022年02月23日")).result,
            Err(DateError::OutOfRange { what: "month" })
        );
    }

    #[test]
    fn wrong_weekday_is_ignored() {
        let r = fm(DateValue::Quoted("Mon, 23 Feb 2022 08:00:00 +0800"));
        assert_eq!(shown(&r), "2022-02-23 08:00:00 +0800");
        assert!(r.notes.contains(&Note::WeekdayMismatch {
            written: "Mon,".into(),
            actual: jiff::civil::Weekday::Wednesday,
            span: 0..4,
        }));
        let r = fm(DateValue::Quoted("Wed, 23 Feb 2022 08:00:00 +0800"));
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn clock_based_entry_points_work() {
        let r = resolve_front_matter_date(DateValue::Plain("2022-02-23"), &shanghai());
        assert_eq!(shown(&r), "2022-02-23 00:00:00 +0800");
        let r = resolve_filename_date("2022", "2", "23", &shanghai());
        assert_eq!(shown(&r), "2022-02-23 00:00:00 +0800");
    }

    #[test]
    fn unused_text_is_reported() {
        let r = fm(DateValue::Quoted("2022-02-23 发布"));
        assert_eq!(shown(&r), "2022-02-23 00:00:00 +0800");
        assert!(r.notes.contains(&Note::UnusedText {
            text: "发布".into(),
            span: 11..17,
        }));
    }

    #[test]
    fn site_zone_lookup() {
        assert_eq!(site_time_zone(None), Ok(TimeZone::UTC));
        assert!(site_time_zone(Some("Asia/Shanghai")).is_ok());
        assert!(site_time_zone(Some("CST-8")).is_ok());
        assert!(site_time_zone(Some("Mars/Olympus")).is_err());
        assert!(site_time_zone(Some("  ")).is_err());
        let utc = site_time_zone(None).expect("utc");
        let r = resolve_front_matter_date_at(DateValue::Plain("2022-02-23 20:00:00"), &utc, now());
        assert_eq!(shown(&r), "2022-02-23 20:00:00 +0000");
        assert_eq!(r.ruby_text, "2022-02-23 20:00:00 +0000");
    }

    #[test]
    fn errors_read_as_plain_english() {
        let e = DateError::OutOfRange { what: "month" };
        assert_eq!(e.to_string(), "the month is out of range");
        assert!(DateError::FrontMatterDiscarded { reason: "x".into() }
            .to_string()
            .contains("whole front matter"));
    }

    #[test]
    fn absurd_inputs_never_panic() {
        let nasty = [
            "99999999999-99-99 99:99:99 +9999",
            "9999-12-31 24:00:00",
            "9999-12-31 23:59:60 -2359",
            "-9999-01-01 00:00:00 +2359",
            "0000-01-01 00:00:00 +0001",
            "99999999999999999999999999999999 pm",
            "2022-02-23 08:00:00 +08:00:30",
            "2022-00-31 23:00 -0100",
            "2022-13-31 23:00 +2359",
            "12:99999999999999999999:00",
            "[+99999999999999999:JST]",
            "20220223T0800[+9:JST]",
            "1e999",
            "-.inf",
            ".nan",
            "0x",
            "0b",
            "+",
            "-",
            ".",
            ":",
            "''",
            "'99",
            "H99999999999999999.1.1",
            "w99-9",
            "--99-99",
            "-999",
            "bc 99 bc",
            "\u{0}\u{1}\u{7f}",
            "日本語 2022 年",
            "Ｔ２０２２",
            "\n\n\n",
            "y\nes",
            "2022-02-23\u{b}08:00:00",
            "2022-02-23 08:00:00.",
            "2022-02-23 08:00:00 +",
            "2022-02-23 08:00:00 +08:",
            "2022-02-23 08:00:00 Z Z",
        ];
        let zones = [
            shanghai(),
            TimeZone::UTC,
            site_time_zone(Some("America/New_York")).expect("zone"),
        ];
        let long_digits = "9".repeat(5000);
        let long_hex = format!("0x{}", "f".repeat(5000));
        let long_sexa = format!("-{}:30", "1".repeat(3000));
        let extra = [long_digits.as_str(), long_hex.as_str(), long_sexa.as_str()];
        let clocks = [now(), Timestamp::MIN, Timestamp::MAX];
        for tz in &zones {
            for clock in clocks {
                for s in nasty.iter().chain(extra.iter()) {
                    let _ = resolve_front_matter_date_at(DateValue::Plain(s), tz, clock);
                    let _ = resolve_front_matter_date_at(DateValue::Quoted(s), tz, clock);
                    let _ = resolve_filename_date_at(s, s, s, tz, clock);
                }
            }
        }
        let r = fm(DateValue::Quoted("99999999999-99-99 99:99:99 +9999"));
        assert!(r.result.is_err());
        let r = fm(DateValue::Plain("99999999999-99-99 99:99:99 +9999"));
        assert!(r.result.is_err());
    }

    #[test]
    fn every_char_position_is_safe() {
        // Slicing by byte spans must never split a multi-byte char.
        let base = "23/02/2022 ８:00 北京时间 Asia/上海 CST 漯河 +0800";
        for end in base.char_indices().map(|(i, _)| i).chain([base.len()]) {
            let s = &base[..end];
            let r = fm(DateValue::Quoted(s));
            for n in &r.notes {
                if let Note::IgnoredZoneText { text, span } | Note::UnusedText { text, span } = n {
                    assert_eq!(s.get(span.clone()), Some(text.as_str()));
                }
                if let Note::ZoneAbbreviation { name, span, .. } = n {
                    assert_eq!(s.get(span.clone()), Some(name.as_str()));
                }
            }
        }
    }
}
