//! Ruby's `Time.parse` (lib/time.rb `make_time`, `apply_offset`) and the
//! argument checks of `Time.utc` / `Time.local` / `Time.new` (time.c
//! `time_arg`), plus `Time#to_s`.
//!
//! Civil arithmetic is done here in plain integers rather than with jiff,
//! because Ruby accepts fields jiff would reject (day 31 of February,
//! hour 24, second 60) and rolls them over linearly.

use std::fmt::Write as _;
use std::ops::Range;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::Timestamp;

use super::date_parse::{date_parse, Parsed};
use super::zones::{zone_offset, ZoneKind};
use super::{DateError, Note};

/// `Date._parse` refuses longer strings (CVE-2021-41817 limit, date ≥ 3.2.1).
pub(crate) const PARSE_LIMIT: usize = 128;

/// Offsets within −12:00…+14:00 exist in real zones; others are accepted by
/// Ruby up to ±23:59:59 but almost certainly typos.
const PLAUSIBLE_OFFSETS: Range<i32> = -12 * 3600..14 * 3600 + 1;

/// Ruby's integer `divmod` for a positive divisor (floored).
fn divmod(a: i64, b: i64) -> (i64, i64) {
    (a.div_euclid(b), a.rem_euclid(b))
}

pub(crate) fn is_leap(y: i64) -> bool {
    (y.rem_euclid(4) == 0 && y.rem_euclid(100) != 0) || y.rem_euclid(400) == 0
}

/// lib/time.rb `month_days`, including Ruby's negative array indexing
/// (month 0 reads December's 31) and `nil` past December.
fn month_days(y: i64, m: i64) -> Option<i64> {
    const COMMON: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let idx = m - 1;
    let idx = if idx < 0 { idx + 12 } else { idx };
    let days = *COMMON.get(usize::try_from(idx).ok()?)?;
    Some(if days == 28 && is_leap(y) { 29 } else { days })
}

/// Days in a real calendar month (m in 1..=12).
pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    if (1..=12).contains(&m) {
        month_days(y, m).unwrap_or(31)
    } else {
        31
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date; m in 1..=12.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9).rem_euclid(12);
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            era * 400 + yoe + 1
        } else {
            era * 400 + yoe
        },
        m,
        d,
    )
}

/// Broken-down civil time as Ruby's Time functions receive it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fields {
    pub(crate) year: i64,
    pub(crate) mon: i64,
    pub(crate) mday: i64,
    pub(crate) hour: i64,
    pub(crate) min: i64,
    pub(crate) sec: i64,
}

/// A normalised civil datetime (any year; fields in their usual ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) mon: i64,
    pub(crate) day: i64,
    pub(crate) hour: i64,
    pub(crate) min: i64,
    pub(crate) sec: i64,
}

impl Civil {
    pub(crate) fn from_seconds(secs: i64) -> Civil {
        let (days, sod) = divmod(secs, 86_400);
        let (year, mon, day) = civil_from_days(days);
        Civil {
            year,
            mon,
            day,
            hour: sod / 3600,
            min: sod % 3600 / 60,
            sec: sod % 60,
        }
    }

    pub(crate) fn date(&self) -> Option<Date> {
        Date::new(
            i16::try_from(self.year).ok()?,
            i8::try_from(self.mon).ok()?,
            i8::try_from(self.day).ok()?,
        )
        .ok()
    }

    fn datetime(&self, nanos: i32) -> Option<DateTime> {
        DateTime::new(
            i16::try_from(self.year).ok()?,
            i8::try_from(self.mon).ok()?,
            i8::try_from(self.day).ok()?,
            i8::try_from(self.hour).ok()?,
            i8::try_from(self.min).ok()?,
            i8::try_from(self.sec).ok()?,
            nanos,
        )
        .ok()
    }
}

/// time.c `obj2ubits`: NUM2INT (RangeError) then a bit-width check.
fn ubits(v: i64, bits: u32, what: &'static str) -> Result<(), DateError> {
    if i32::try_from(v).is_err() {
        return Err(DateError::IntegerTooBig { what });
    }
    if v < 0 || v >= 1_i64 << bits {
        return Err(DateError::OutOfRange { what });
    }
    Ok(())
}

/// time.c `time_arg` + `validate_vtm` as reached from Time.utc/local/new.
pub(crate) fn check_time_args(f: &Fields) -> Result<(), DateError> {
    ubits(f.mon, 4, "month")?;
    ubits(f.mday, 5, "day")?;
    ubits(f.hour, 5, "hour")?;
    ubits(f.min, 6, "minute")?;
    ubits(f.sec, 6, "second")?;
    let at24 = f.hour == 24;
    if !(1..=12).contains(&f.mon) {
        return Err(DateError::OutOfRange { what: "month" });
    }
    if !(1..=31).contains(&f.mday) {
        return Err(DateError::OutOfRange { what: "day" });
    }
    if f.hour > 24 {
        return Err(DateError::OutOfRange { what: "hour" });
    }
    if f.min > if at24 { 0 } else { 59 } {
        return Err(DateError::OutOfRange { what: "minute" });
    }
    if f.sec > if at24 { 0 } else { 60 } {
        return Err(DateError::OutOfRange { what: "second" });
    }
    Ok(())
}

/// Seconds of the civil fields read as UTC, rolling day 29–31, hour 24 and
/// second 60 over the way Ruby does. Fields must have passed
/// [`check_time_args`].
pub(crate) fn naive_seconds(f: &Fields) -> Result<i64, DateError> {
    if !(-9999..=9999).contains(&f.year) {
        return Err(DateError::YearUnsupported { year: f.year });
    }
    let days = days_from_civil(f.year, f.mon, 1) + f.mday - 1;
    Ok(days * 86_400 + f.hour * 3600 + f.min * 60 + f.sec)
}

fn timestamp(secs: i64, nanos: i32) -> Result<Timestamp, DateError> {
    Timestamp::new(secs, nanos).map_err(|_| DateError::YearUnsupported {
        year: Civil::from_seconds(secs).year,
    })
}

/// `Time.utc(...)`.
pub(crate) fn time_utc(f: &Fields, nanos: i32) -> Result<Timestamp, DateError> {
    check_time_args(f)?;
    timestamp(naive_seconds(f)?, nanos)
}

/// Resolves a civil time in the site zone as Ruby's `Time.local` does:
/// a skipped time is read with the offset before the gap (02:30 becomes
/// 03:30), a repeated time takes the later instant.
pub(crate) fn local_to_timestamp(
    site: &TimeZone,
    civil: &Civil,
    nanos: i32,
) -> Result<Timestamp, DateError> {
    let unsupported = DateError::YearUnsupported { year: civil.year };
    let dt = civil.datetime(nanos).ok_or(unsupported.clone())?;
    let offset = match site.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { before, .. } => before,
        AmbiguousOffset::Fold { after, .. } => after,
    };
    offset.to_timestamp(dt).map_err(|_| unsupported)
}

/// `Time.local(...)` in the site zone.
pub(crate) fn time_local(f: &Fields, nanos: i32, site: &TimeZone) -> Result<Timestamp, DateError> {
    check_time_args(f)?;
    let civil = Civil::from_seconds(naive_seconds(f)?);
    local_to_timestamp(site, &civil, nanos)
}

/// lib/time.rb `apply_offset`: turns local fields into UTC fields. Its
/// month-end handling is crude (it only ever steps one month and resets the
/// day to 1) and that crudeness is reproduced on purpose.
pub(crate) fn apply_offset(f: Fields, off: i64) -> Fields {
    let Fields {
        mut year,
        mut mon,
        mut mday,
        mut hour,
        mut min,
        mut sec,
    } = f;
    if off < 0 {
        let (mut off, o) = divmod(-off, 60);
        if o != 0 {
            sec += o;
            let (q, r) = divmod(sec, 60);
            sec = r;
            off += q;
        }
        let (q, o) = divmod(off, 60);
        off = q;
        if o != 0 {
            min += o;
            let (q, r) = divmod(min, 60);
            min = r;
            off += q;
        }
        let (q, o) = divmod(off, 24);
        off = q;
        if o != 0 {
            hour += o;
            let (q, r) = divmod(hour, 24);
            hour = r;
            off += q;
        }
        if off != 0 {
            mday += off;
            if month_days(year, mon).is_some_and(|days| days < mday) {
                mon += 1;
                if 12 < mon {
                    mon = 1;
                    year += 1;
                }
                mday = 1;
            }
        }
    } else if off > 0 {
        let (mut off, o) = divmod(off, 60);
        if o != 0 {
            sec -= o;
            let (q, r) = divmod(sec, 60);
            sec = r;
            off -= q;
        }
        let (q, o) = divmod(off, 60);
        off = q;
        if o != 0 {
            min -= o;
            let (q, r) = divmod(min, 60);
            min = r;
            off -= q;
        }
        let (q, o) = divmod(off, 24);
        off = q;
        if o != 0 {
            hour -= o;
            let (q, r) = divmod(hour, 24);
            hour = r;
            off -= q;
        }
        if off != 0 {
            mday -= off;
            if mday < 1 {
                mon -= 1;
                if mon < 1 {
                    year -= 1;
                    mon = 12;
                }
                // nil here becomes day 1 in Time.utc.
                mday = month_days(year, mon).unwrap_or(1);
            }
        }
    }
    Fields {
        year,
        mon,
        mday,
        hour,
        min,
        sec,
    }
}

// The formatters below push digits by hand: Psych's `to_s` of every
// unquoted timestamp goes through them, and `format!` with padding was a
// good part of that cost. Out-of-range values take `write!`, same text.

/// Appends `v` as `{:02}`.
fn push_2(out: &mut String, v: u64) {
    if v < 100 {
        out.push(char::from(b'0' + (v / 10) as u8));
        out.push(char::from(b'0' + (v % 10) as u8));
    } else {
        let _ = write!(out, "{v:02}");
    }
}

/// Appends `%z`: sign, hours, minutes (seconds truncated).
pub(crate) fn push_offset(out: &mut String, off: i32) {
    out.push(if off < 0 { '-' } else { '+' });
    let abs = u64::from(off.unsigned_abs());
    push_2(out, abs / 3600);
    push_2(out, abs % 3600 / 60);
}

/// Appends `%Y` / `%.4d`: at least four digits, sign in front.
fn push_year(out: &mut String, y: i64) {
    if (0..10_000).contains(&y) {
        let y = y.unsigned_abs();
        push_2(out, y / 100);
        push_2(out, y % 100);
    } else if y < 0 {
        let _ = write!(out, "-{:04}", y.unsigned_abs());
    } else {
        let _ = write!(out, "{y:04}");
    }
}

/// `%Y` / `%.4d`: at least four digits, sign in front.
pub(crate) fn format_year(y: i64) -> String {
    let mut s = String::with_capacity(4);
    push_year(&mut s, y);
    s
}

/// `Time#to_s` body: `%Y-%m-%d %H:%M:%S`, with room for a zone after it.
pub(crate) fn format_civil(c: &Civil) -> String {
    let mut s = String::with_capacity(32);
    push_year(&mut s, c.year);
    // Civil fields are normalised: never negative.
    for (sep, v) in [
        ('-', c.mon),
        ('-', c.day),
        (' ', c.hour),
        (':', c.min),
        (':', c.sec),
    ] {
        s.push(sep);
        match u64::try_from(v) {
            Ok(v) => push_2(&mut s, v),
            Err(_) => {
                let _ = write!(s, "{v:02}");
            }
        }
    }
    s
}

/// Nanoseconds of a fraction given as its decimal digits (truncated).
pub(crate) fn fraction_nanos(digits: &str) -> i32 {
    digits
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0, |n, b| n * 10 + i32::from(b.wrapping_sub(b'0') % 10))
}

struct MakeTime<'a> {
    site: &'a TimeZone,
    now: Timestamp,
    zone: Option<&'a str>,
    frac: Option<&'a str>,
    filled: Vec<&'static str>,
}

/// The outcome of one `make_time` call: the instant and the offset Ruby
/// displays it in (which decides its yday).
struct Made {
    ts: Timestamp,
    display_offset: i32,
    /// The date fields handed to Time.utc/local before rollover, and the
    /// hour/second (to spot 24:00 and :60).
    fields: Fields,
}

impl MakeTime<'_> {
    fn offset_for(&self, year: i64) -> Option<(i32, ZoneKind)> {
        self.zone.and_then(|z| zone_offset(z, year, self.site))
    }

    fn core(
        &mut self,
        year: Option<i64>,
        mon: Option<i64>,
        day: Option<i64>,
        hour: Option<i64>,
        min: Option<i64>,
        sec: Option<i64>,
    ) -> Result<Made, DateError> {
        // The build clock is only read when the text lacks the year, so it
        // is only computed then.
        let (now, site) = (self.now, self.site);
        let now_local = || now.to_zoned_datetime(site.clone());
        let off_year = year.unwrap_or_else(|| i64::from(now_local().year()));
        let mut off = self.offset_for(off_year).map(|(o, _)| o);

        // `now.getlocal(off)` validates the offset before anything else.
        let now_offset = match off {
            Some(o) => {
                if o <= -86_400 || o >= 86_400 {
                    return Err(DateError::OutOfRange { what: "utc offset" });
                }
                Some(
                    Offset::from_seconds(o)
                        .map_err(|_| DateError::OutOfRange { what: "utc offset" })?,
                )
            }
            None => None,
        };

        // Missing leading fields come from the build clock, down to the
        // first field the text gave.
        let (mut year, mut mon, mut day, mut hour, mut min, mut sec) =
            (year, mon, day, hour, min, sec);
        let mut nanos = self.frac.map_or(0, fraction_nanos);
        if year.is_none() {
            let now_dt = match now_offset {
                Some(o) => o.to_datetime(now),
                None => now_local().datetime(),
            };
            year = Some(i64::from(now_dt.year()));
            self.filled.push("year");
            if mon.is_none() {
                mon = Some(i64::from(now_dt.month()));
                self.filled.push("month");
                if day.is_none() {
                    day = Some(i64::from(now_dt.day()));
                    self.filled.push("day");
                    if hour.is_none() {
                        hour = Some(i64::from(now_dt.hour()));
                        self.filled.push("hour");
                        if min.is_none() {
                            min = Some(i64::from(now_dt.minute()));
                            self.filled.push("minute");
                            if sec.is_none() {
                                sec = Some(i64::from(now_dt.second()));
                                self.filled.push("second");
                                if self.frac.is_none() {
                                    nanos = now_dt.subsec_nanosecond() / 1000 * 1000;
                                }
                            }
                        }
                    }
                }
            }
        }
        let fields = Fields {
            year: year.unwrap_or(1970),
            mon: mon.unwrap_or(1),
            mday: day.unwrap_or(1),
            hour: hour.unwrap_or(0),
            min: min.unwrap_or(0),
            sec: sec.unwrap_or(0),
        };
        if fields.year != off_year {
            off = self.offset_for(fields.year).map(|(o, _)| o);
        }

        match off {
            Some(o) => {
                let utc = apply_offset(fields, i64::from(o));
                let ts = time_utc(&utc, nanos)?;
                Ok(Made {
                    ts,
                    display_offset: o,
                    fields,
                })
            }
            None => {
                let ts = time_local(&fields, nanos, self.site)?;
                Ok(Made {
                    ts,
                    display_offset: self.site.to_offset(ts).seconds(),
                    fields,
                })
            }
        }
    }
}

fn yday_of(made: &Made) -> i64 {
    let c = Civil::from_seconds(made.ts.as_second() + i64::from(made.display_offset));
    days_from_civil(c.year, c.mon, c.day) - days_from_civil(c.year, 1, 1) + 1
}

/// Extends a zone token over the non-blank text glued to it, so that
/// `Asia` is reported as the `Asia/Shanghai` the user wrote.
fn extend_zone_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let rest = text.get(span.end..).unwrap_or_default();
    let extra: usize = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    span.start..span.end + extra
}

/// Ruby `Time.parse(text)` with TZ = `site` and the clock at `now`; the
/// returned instant is what Jekyll stores (it then calls `.localtime`).
/// `spans` says whether `text` is the user's own text, so notes pointing
/// into it make sense.
pub(crate) fn time_parse(
    text: &str,
    site: &TimeZone,
    now: Timestamp,
    spans: bool,
    notes: &mut Vec<Note>,
) -> Result<Timestamp, DateError> {
    if text.len() > PARSE_LIMIT {
        return Err(DateError::TooLong { bytes: text.len() });
    }
    let p: Parsed = date_parse(text);
    if let Some(what) = p.range_error {
        return Err(DateError::IntegerTooBig { what });
    }
    if !p.has_time_information() {
        return Err(if text.is_empty() {
            DateError::Empty
        } else {
            DateError::NoDateInformation
        });
    }

    if let Some((written, year)) = &p.two_digit_year {
        if let Ok(year) = i32::try_from(*year) {
            notes.push(Note::TwoDigitYear {
                written: written.clone(),
                year,
            });
        }
    }
    if p.day_first {
        if let (Some(day), Some(month)) = (
            p.mday.and_then(|d| i8::try_from(d).ok()),
            p.mon.and_then(|m| i8::try_from(m).ok()),
        ) {
            notes.push(Note::DayFirst { day, month });
        }
    }

    let mut mk = MakeTime {
        site,
        now,
        zone: p.zone.as_ref().map(|z| z.text.as_str()),
        frac: p.sec_fraction.as_deref(),
        filled: Vec::new(),
    };

    let made = if let Some(yd) = p.yday {
        if !(1..=366).contains(&yd) {
            return Err(DateError::OutOfRange {
                what: "day of year",
            });
        }
        let (mut mon, mut day) = divmod(yd - 1, 31);
        mon += 1;
        day += 1;
        let first = mk.core(p.year, Some(mon), Some(day), p.hour, p.min, p.sec)?;
        let diff = yd - yday_of(&first);
        if diff == 0 {
            first
        } else {
            day += diff;
            let off_year = p
                .year
                .unwrap_or_else(|| i64::from(now.to_zoned_datetime(site.clone()).year()));
            if let Some(mdays) = month_days(off_year, mon).filter(|&m| day > 28 && day > m) {
                mon += 1;
                if mon > 12 {
                    return Err(DateError::OutOfRange {
                        what: "day of year",
                    });
                }
                day -= mdays;
            }
            mk.filled.clear();
            mk.core(p.year, Some(mon), Some(day), p.hour, p.min, p.sec)?
        }
    } else {
        mk.core(p.year, p.mon, p.mday, p.hour, p.min, p.sec)?
    };

    if !mk.filled.is_empty() {
        notes.push(Note::FilledFromBuildTime {
            fields: std::mem::take(&mut mk.filled),
        });
    }

    // Zone facts.
    let mut ignored_zone: Option<Range<usize>> = None;
    if let Some(z) = &p.zone {
        match zone_offset(&z.text, made.fields.year, site) {
            Some((off, kind)) => {
                // UTC spellings are unambiguous; other names are worth a word.
                let utc_name = ["Z", "UT", "UTC", "GMT"]
                    .iter()
                    .any(|n| z.text.eq_ignore_ascii_case(n));
                if spans && kind != ZoneKind::Numeric && !utc_name {
                    notes.push(Note::ZoneAbbreviation {
                        name: z.text.clone(),
                        offset_seconds: off,
                        span: z.span.clone(),
                    });
                }
                if !PLAUSIBLE_OFFSETS.contains(&off) {
                    notes.push(Note::OffsetImplausible {
                        offset_seconds: off,
                    });
                }
            }
            None => {
                if spans {
                    let span = extend_zone_span(text, &z.span);
                    notes.push(Note::IgnoredZoneText {
                        text: text.get(span.clone()).unwrap_or_default().to_string(),
                        span: span.clone(),
                    });
                    ignored_zone = Some(span);
                }
            }
        }
    } else if spans && p.hour.is_some() {
        notes.push(Note::ZonelessReadAsSiteTime);
    }
    if spans {
        for r in &p.unused {
            let overlaps = ignored_zone
                .as_ref()
                .is_some_and(|z| r.start < z.end && z.start < r.end);
            // A lone `T` is the ISO date/time separator.
            let separator = text
                .get(r.clone())
                .is_some_and(|t| t.eq_ignore_ascii_case("t"));
            if !overlaps && !separator {
                notes.push(Note::UnusedText {
                    text: text.get(r.clone()).unwrap_or_default().to_string(),
                    span: r.clone(),
                });
            }
        }
    }

    // A weekday name that disagrees with the date is silently ignored.
    if let (true, Some((wday, span))) = (spans, &p.wday) {
        let local = Civil::from_seconds(made.ts.as_second() + i64::from(made.display_offset));
        let days = days_from_civil(local.year, local.mon, local.day);
        let actual = (days + 4).rem_euclid(7);
        if *wday != actual {
            let weekday = i8::try_from(actual)
                .ok()
                .and_then(|a| jiff::civil::Weekday::from_sunday_zero_offset(a).ok());
            if let Some(actual) = weekday {
                notes.push(Note::WeekdayMismatch {
                    written: text.get(span.clone()).unwrap_or_default().to_string(),
                    actual,
                    span: span.clone(),
                });
            }
        }
    }

    // Rollover: a written date that does not exist, 24:00, or second 60.
    let f = made.fields;
    let rolls =
        p.mday.is_some() && (f.mday > days_in_month(f.year, f.mon) || f.hour == 24 || f.sec == 60);
    if rolls {
        let actual = Civil::from_seconds(made.ts.as_second() + i64::from(made.display_offset));
        if let Some(actual) = actual.date() {
            let written = format!("{}-{:02}-{:02}", format_year(f.year), f.mon, f.mday);
            notes.push(Note::RolledOver { written, actual });
        }
    }

    Ok(made.ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(year: i64, mon: i64, mday: i64, hour: i64, min: i64, sec: i64) -> Fields {
        Fields {
            year,
            mon,
            mday,
            hour,
            min,
            sec,
        }
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1_000_000, -719_468, -1, 0, 1, 19_046, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(2022, 2, 23), 19_046);
    }

    #[test]
    fn rollover_is_linear() {
        let ts = time_utc(&f(2022, 2, 30, 8, 0, 0), 0).expect("valid");
        assert_eq!(ts.to_string(), "2022-03-02T08:00:00Z");
        let ts = time_utc(&f(2022, 2, 23, 24, 0, 0), 0).expect("valid");
        assert_eq!(ts.to_string(), "2022-02-24T00:00:00Z");
        assert_eq!(
            time_utc(&f(2022, 2, 32, 0, 0, 0), 0),
            Err(DateError::OutOfRange { what: "day" })
        );
        assert_eq!(
            time_utc(&f(2022, 2, 23, 24, 30, 0), 0),
            Err(DateError::OutOfRange { what: "minute" })
        );
        assert_eq!(
            time_utc(&f(2022, 3_000_000_000, 1, 0, 0, 0), 0),
            Err(DateError::IntegerTooBig { what: "month" })
        );
    }

    #[test]
    fn apply_offset_quirks() {
        // +08:00 on the 1st steps back into the previous month's last day.
        assert_eq!(
            apply_offset(f(2022, 3, 1, 2, 0, 0), 28_800),
            f(2022, 2, 28, 18, 0, 0)
        );
        // -05:00 past the end of "Feb 30" resets to March 1st, losing days.
        assert_eq!(
            apply_offset(f(2022, 2, 30, 22, 0, 0), -18_000),
            f(2022, 3, 1, 3, 0, 0)
        );
        // Month 0 reads December's length; month 13 has none.
        assert_eq!(apply_offset(f(2022, 0, 31, 23, 0, 0), -3600).mon, 1);
        assert_eq!(apply_offset(f(2022, 13, 31, 23, 0, 0), -3600).mday, 32);
    }

    fn format_offset(off: i32) -> String {
        let mut s = String::new();
        push_offset(&mut s, off);
        s
    }

    #[test]
    fn formatting() {
        assert_eq!(format_offset(28_800), "+0800");
        assert_eq!(format_offset(-18_000), "-0500");
        assert_eq!(format_offset(-1521), "-0025");
        // The hand-pushed digits say what `format!` says, in range or not.
        for off in [0, 59, 3600, -86_399, 362_340, i32::MAX, i32::MIN] {
            let abs = off.unsigned_abs();
            let sign = if off < 0 { '-' } else { '+' };
            let want = format!("{sign}{:02}{:02}", abs / 3600, abs % 3600 / 60);
            assert_eq!(format_offset(off), want);
        }
        for y in [
            -100_000_i64,
            -10_000,
            -9999,
            -1,
            0,
            7,
            99,
            999,
            2022,
            9999,
            10_000,
            123_456,
        ] {
            let want = if y < 0 {
                format!("-{:04}", y.unsigned_abs())
            } else {
                format!("{y:04}")
            };
            assert_eq!(format_year(y), want);
            let c = Civil {
                year: y,
                mon: 12,
                day: 1,
                hour: 0,
                min: 9,
                sec: 60,
            };
            assert_eq!(format_civil(&c), format!("{want}-12-01 00:09:60"),);
        }
        let odd = Civil {
            year: 2022,
            mon: -1,
            day: 100,
            hour: 123,
            min: 0,
            sec: 0,
        };
        assert_eq!(format_civil(&odd), "2022--1-100 123:00:00");
        assert_eq!(format_year(5), "0005");
        assert_eq!(format_year(-5), "-0005");
        assert_eq!(fraction_nanos("5"), 500_000_000);
        assert_eq!(fraction_nanos("1234567891"), 123_456_789);
        assert_eq!(fraction_nanos(""), 0);
    }

    #[test]
    fn gaps_and_folds_resolve_like_ruby() {
        let ny = TimeZone::get("America/New_York").expect("zone");
        let gap = Civil {
            year: 2022,
            mon: 3,
            day: 13,
            hour: 2,
            min: 30,
            sec: 0,
        };
        let ts = local_to_timestamp(&ny, &gap, 0).expect("gap");
        assert_eq!(ts.to_string(), "2022-03-13T07:30:00Z");
        let fold = Civil {
            year: 2022,
            mon: 11,
            day: 6,
            hour: 1,
            min: 30,
            sec: 0,
        };
        let ts = local_to_timestamp(&ny, &fold, 0).expect("fold");
        assert_eq!(ts.to_string(), "2022-11-06T06:30:00Z");
    }
}
