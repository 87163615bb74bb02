//! How Psych 4 (Ruby 3.1's YAML 1.1 loader) types a plain scalar
//! (`Psych::ScalarScanner#tokenize` and `#parse_time`), and how Ruby then
//! prints the result with `#to_s`, which is the text Jekyll re-parses.
//!
//! The matchers are hand-written, anchored scans of Psych's regexes: a
//! front-matter value can be any length, and these must stay linear.

use jiff::tz::TimeZone;

use super::ruby_time::{
    check_time_args, format_civil, format_year, fraction_nanos, is_leap, naive_seconds,
    push_offset, Civil, Fields,
};
use super::{Note, YamlTyped};

/// Psych's reading of a plain scalar and Ruby's `to_s` of it.
pub(crate) struct Typing {
    pub(crate) typed: YamlTyped,
    pub(crate) ruby_text: String,
}

/// Ruby's `\s`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn digits_at(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn num(b: &[u8]) -> i64 {
    b.iter()
        .take(18)
        .fold(0, |v, d| v * 10 + i64::from(d.wrapping_sub(b'0') % 10))
}

/// The first alternative Psych checks: values that look like words are
/// strings (or YAML 1.1 booleans/null when short).
fn looks_like_word(s: &str) -> bool {
    fn word_char(c: char) -> bool {
        c.is_alphabetic()
            || c == '_'
            || u8::try_from(c).is_ok_and(is_space)
            || "!@#$%^&*(){}<>|/\\~;=".contains(c)
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if word_char(c) => true,
        Some(c) if !(c.is_ascii_digit() || c == '.' || c == ':' || c == '-') => {
            chars.next().is_some_and(word_char)
        }
        _ => false,
    }
}

/// `^X$` with Ruby's line anchors: some line equals `word`, ignoring case.
fn some_line_is(s: &str, words: &[&str]) -> bool {
    s.split('\n')
        .any(|line| words.iter().any(|w| line.eq_ignore_ascii_case(w)))
}

/// `^[^ytonf~]` (case-insensitive) with Ruby's line anchors.
fn some_line_starts_outside_ytonf(s: &str) -> bool {
    let lines: Vec<&str> = s.split('\n').collect();
    lines
        .iter()
        .enumerate()
        .any(|(i, line)| match line.chars().next() {
            Some(c) => !"ytonfYTONF~".contains(c),
            // An empty line that is not the last: the char there is "\n".
            None => i + 1 < lines.len(),
        })
}

fn short_word(s: &str) -> YamlTyped {
    if s.chars().count() > 5 || some_line_starts_outside_ytonf(s) {
        YamlTyped::Str(s.to_string())
    } else if s == "~" || some_line_is(s, &["null"]) {
        YamlTyped::Null
    } else if some_line_is(s, &["yes", "true", "on"]) {
        YamlTyped::Bool(true)
    } else if some_line_is(s, &["no", "false", "off"]) {
        YamlTyped::Bool(false)
    } else {
        YamlTyped::Str(s.to_string())
    }
}

enum TimeZonePart {
    None,
    Z,
    Offset { hours: i64, minutes: i64 },
}

struct TimeParts {
    year: i64,
    mon: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    frac: String,
    zone: TimeZonePart,
    /// Byte end of the Y-M-D part.
    date_end: usize,
    /// Psych splits at the first ' ', 't' or 'T'; if that is not the
    /// date/time separator its `time` half is nil and it crashes.
    splits_cleanly: bool,
}

/// The offset Psych's `parse_time` reads from a zone suffix after the sign
/// (`[-+]\d+(:\d\d)?` then `^([+\-]?\d{1,2})\:?(\d{1,2})?$`).
fn psych_offset(sign: u8, rest: &[u8]) -> TimeZonePart {
    let d = digits_at(rest, 0);
    let mut minutes_digits: &[u8] = &[];
    let hours_digits: &[u8];
    let all = rest.get(..d).unwrap_or_default();
    if rest.get(d) == Some(&b':') && digits_at(rest, d + 1) == 2 {
        hours_digits = all;
        minutes_digits = rest.get(d + 1..d + 3).unwrap_or_default();
    } else if d <= 2 {
        hours_digits = all;
    } else {
        // Greedy: two hour digits, the rest are minutes.
        hours_digits = all.get(..2).unwrap_or_default();
        minutes_digits = all.get(2..).unwrap_or_default();
    }
    // Integer("-08", 10): the sign belongs to the hours, so "-00:30" is
    // read as +00:30 (Psych tests `offset < 0` after multiplying).
    let magnitude = num(hours_digits);
    let hours = if sign == b'-' { -magnitude } else { magnitude };
    TimeZonePart::Offset {
        hours,
        minutes: num(minutes_digits),
    }
}

/// `\d{1,2}:?(?:\d\d)?` then end of string.
fn zone_suffix_ok(rest: &[u8]) -> bool {
    (1..=2).any(|h| {
        digits_at(rest, 0) >= h
            && matches!(
                rest.get(h..),
                Some([] | [b':'] | [b'0'..=b'9', b'0'..=b'9'] | [b':', b'0'..=b'9', b'0'..=b'9'])
            )
    })
}

/// Psych's TIME regex:
/// `^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$`
fn match_time(s: &str) -> Option<TimeParts> {
    let b = s.as_bytes();
    let mut i = 0;
    let neg = b.first() == Some(&b'-');
    if neg {
        i += 1;
    }
    let field = |i: &mut usize, min: usize, max: usize| -> Option<i64> {
        let n = digits_at(b, *i);
        if n < min || n > max {
            return None;
        }
        let v = num(b.get(*i..*i + n)?);
        *i += n;
        Some(v)
    };
    let lit = |i: &mut usize, c: u8| -> Option<()> { (b.get(*i) == Some(&c)).then(|| *i += 1) };
    let year = field(&mut i, 4, 4)?;
    lit(&mut i, b'-')?;
    let mon = field(&mut i, 1, 2)?;
    lit(&mut i, b'-')?;
    let day = field(&mut i, 1, 2)?;
    let date_end = i;
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(&c) if is_space(c) => {
            while b.get(i).is_some_and(|&c| is_space(c)) {
                i += 1;
            }
        }
        _ => return None,
    }
    let hour_start = i;
    let hour = field(&mut i, 1, 2)?;
    lit(&mut i, b':')?;
    let min = field(&mut i, 2, 2)?;
    lit(&mut i, b':')?;
    let sec = field(&mut i, 2, 2)?;
    let mut frac = String::new();
    if b.get(i) == Some(&b'.') {
        i += 1;
        let n = digits_at(b, i);
        frac = s.get(i..i + n)?.to_string();
        i += n;
    }
    let after_seconds = i;
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    let zone = match b.get(i) {
        // Blanks are only allowed in front of a zone.
        None if i == after_seconds => TimeZonePart::None,
        Some(b'Z') if i + 1 == b.len() => TimeZonePart::Z,
        Some(&sign @ (b'+' | b'-')) => {
            let rest = b.get(i + 1..)?;
            if !zone_suffix_ok(rest) {
                return None;
            }
            psych_offset(sign, rest)
        }
        _ => return None,
    };
    let first_split = b.iter().position(|&c| matches!(c, b' ' | b't' | b'T'));
    Some(TimeParts {
        year: if neg { -year } else { year },
        mon,
        day,
        hour,
        min,
        sec,
        frac,
        zone,
        date_end,
        splits_cleanly: first_split.is_some_and(|p| p < hour_start),
    })
}

fn typed_time(s: &str, t: TimeParts, site: &TimeZone, notes: &mut Vec<Note>) -> Typing {
    let as_string = || Typing {
        typed: YamlTyped::Str(s.to_string()),
        ruby_text: s.to_string(),
    };
    if !t.splits_cleanly {
        return Typing {
            typed: YamlTyped::Rejected {
                reason: "Psych crashes (NoMethodError) on a timestamp whose date and time \
                         are separated by a tab"
                    .to_string(),
            },
            ruby_text: String::new(),
        };
    }
    let fields = Fields {
        year: t.year,
        mon: t.mon,
        mday: t.day,
        hour: t.hour,
        min: t.min,
        sec: t.sec,
    };
    // Time.utc raising ArgumentError makes Psych keep the text.
    if check_time_args(&fields).is_err() {
        return as_string();
    }
    let offset = match t.zone {
        TimeZonePart::None => None,
        TimeZonePart::Z => Some(0),
        TimeZonePart::Offset { hours, minutes } => {
            let base = hours * 3600;
            let off = if base < 0 {
                base - minutes * 60
            } else {
                base + minutes * 60
            };
            // Time.new rejects |offset| >= 24h; Psych then keeps the text.
            if off <= -86_400 || off >= 86_400 {
                return as_string();
            }
            Some(off)
        }
    };
    let Ok(local_secs) = naive_seconds(&fields) else {
        return as_string();
    };
    let off = offset.unwrap_or(0);
    let civil = Civil::from_seconds(local_secs);
    let nanos = fraction_nanos(&t.frac);
    let off32 = i32::try_from(off).unwrap_or(0);

    let written_date = s.get(..t.date_end).unwrap_or_default();
    if (civil.year, civil.mon, civil.day) != (t.year, t.mon, t.day) {
        if let Some(actual) = civil.date() {
            notes.push(Note::RolledOver {
                written: written_date.to_string(),
                actual,
            });
        }
    }
    if t.frac.bytes().any(|c| c != b'0') {
        notes.push(Note::FractionDropped);
    }

    let with_offset = |c: &Civil, off: i32| {
        let mut s = format_civil(c);
        s.push(' ');
        push_offset(&mut s, off);
        s
    };
    let ruby_text = match t.zone {
        TimeZonePart::Z => format_civil(&civil) + " UTC",
        TimeZonePart::Offset { .. } => {
            if !(-12 * 3600..=14 * 3600).contains(&off) {
                notes.push(Note::OffsetImplausible {
                    offset_seconds: off32,
                });
            }
            with_offset(&civil, off32)
        }
        TimeZonePart::None => {
            notes.push(Note::ZonelessReadAsUtc);
            // Time.at(...) is a local time: printed in the site zone.
            match jiff::Timestamp::new(local_secs, 0) {
                Ok(ts) => {
                    let site_off = site.to_offset(ts).seconds();
                    let shown = Civil::from_seconds(local_secs + i64::from(site_off));
                    with_offset(&shown, site_off)
                }
                Err(_) => format_civil(&civil) + " +0000",
            }
        }
    };

    let small = |v: i64| i8::try_from(v).unwrap_or(0);
    Typing {
        typed: YamlTyped::Time {
            year: i32::try_from(civil.year).unwrap_or(0),
            month: small(civil.mon),
            day: small(civil.day),
            hour: small(civil.hour),
            minute: small(civil.min),
            second: small(civil.sec),
            nanos,
            offset_seconds: offset.map(|_| off32),
        },
        ruby_text,
    }
}

/// Psych's DATE regex `^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$`,
/// then `Date.strptime`, which rejects dates that do not exist.
fn match_date(s: &str) -> Option<Option<(i64, i64, i64)>> {
    let b = s.as_bytes();
    if b.len() < 8 || digits_at(b, 0) != 4 || b.get(4) != Some(&b'-') {
        return None;
    }
    let rest = b.get(5..)?;
    let dash = rest.iter().position(|&c| c == b'-')?;
    let (m, d) = (rest.get(..dash)?, rest.get(dash + 1..)?);
    let month_ok = match m {
        [x] => x.is_ascii_digit(),
        [b'1', b'0'..=b'2'] | [b'0', b'0'..=b'9'] => true,
        _ => false,
    };
    let day_ok = match d {
        [x] => x.is_ascii_digit(),
        [b'1' | b'2', b'0'..=b'9'] | [b'3', b'0' | b'1'] | [b'0', b'0'..=b'9'] => true,
        _ => false,
    };
    if !month_ok || !day_ok {
        return None;
    }
    let (y, m, d) = (num(b.get(..4)?), num(m), num(d));
    let exists = (1..=12).contains(&m) && d >= 1 && d <= month_length(y, m);
    Some(exists.then_some((y, m, d)))
}

fn month_length(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}` followed by `$` (integer) or by
/// `\.[0-9_]*$` (float). Returns the colon-separated parts.
fn match_sexagesimal(s: &str) -> Option<(Vec<&str>, bool)> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (body, float_tail) = match body.find('.') {
        Some(dot) => {
            let tail = body.get(dot + 1..)?;
            if !tail.bytes().all(|c| c.is_ascii_digit() || c == b'_') {
                return None;
            }
            (body.get(..dot)?, true)
        }
        None => (body, false),
    };
    let parts: Vec<&str> = body.split(':').collect();
    let head = parts.first()?;
    if !(2..=3).contains(&parts.len())
        || !head.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return None;
    }
    let tail_ok = parts.iter().skip(1).all(|p| match p.as_bytes() {
        [d] => d.is_ascii_digit(),
        [b'0'..=b'5', d] => d.is_ascii_digit(),
        _ => false,
    });
    tail_ok.then(|| (s.split(':').collect(), float_tail))
}

/// Psych's FLOAT regex.
fn match_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let b = body.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(u8::is_ascii_digit) {
        while b
            .get(i)
            .is_some_and(|&c| c.is_ascii_digit() || c == b'_' || c == b',')
        {
            i += 1;
        }
    }
    if b.get(i) != Some(&b'.') {
        return false;
    }
    i += 1 + digits_at(b, i + 1);
    if matches!(b.get(i), Some(b'e' | b'E')) {
        if !matches!(b.get(i + 1), Some(b'+' | b'-')) || digits_at(b, i + 2) == 0 {
            return false;
        }
        i += 2 + digits_at(b, i + 2);
    }
    i == b.len()
}

/// Psych's INTEGER regex (base 2, 8, 10, 16; `_` and `,` allowed).
fn match_integer(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let all = |t: &str, ok: fn(u8) -> bool| !t.is_empty() && t.bytes().all(ok);
    if let Some(bin) = body.strip_prefix("0b") {
        return all(bin, |c| matches!(c, b'0' | b'1' | b'_' | b','));
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return all(hex, |c| c.is_ascii_hexdigit() || c == b'_' || c == b',');
    }
    if body == "0" {
        return true;
    }
    if let Some(oct) = body.strip_prefix('0') {
        return all(oct, |c| matches!(c, b'0'..=b'7' | b'_' | b','));
    }
    body.as_bytes()
        .first()
        .is_some_and(|c| (b'1'..=b'9').contains(c))
        && body
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'_' || c == b',')
}

/// A non-negative integer in base 10^9 limbs, little-endian: Ruby integers
/// are unbounded and `to_s` prints every digit.
#[derive(Default)]
struct Big {
    limbs: Vec<u32>,
}

const LIMB: u64 = 1_000_000_000;

impl Big {
    fn mul_add(&mut self, mul: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(mul) + carry;
            *limb = (v % LIMB) as u32;
            carry = v / LIMB;
        }
        while carry > 0 {
            self.limbs.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }

    fn is_zero(&self) -> bool {
        self.limbs.iter().all(|&l| l == 0)
    }

    /// self - small, for self >= small.
    fn sub_small(&mut self, small: u32) {
        let mut borrow = u64::from(small);
        for limb in &mut self.limbs {
            if borrow == 0 {
                break;
            }
            let cur = u64::from(*limb);
            if cur >= borrow {
                *limb = (cur - borrow) as u32;
                borrow = 0;
            } else {
                *limb = (cur + LIMB - borrow) as u32;
                borrow = 1;
            }
        }
    }

    fn less_than(&self, small: u32) -> bool {
        let mut top = self.limbs.iter().rev().skip_while(|&&l| l == 0);
        match (top.next(), top.next()) {
            (None, _) => small > 0,
            (Some(&l), None) => l < small,
            _ => false,
        }
    }

    fn to_decimal(&self) -> String {
        let mut limbs = self.limbs.iter().rev().skip_while(|&&l| l == 0);
        let Some(first) = limbs.next() else {
            return "0".to_string();
        };
        let mut out = first.to_string();
        for l in limbs {
            out.push_str(&format!("{l:09}"));
        }
        out
    }
}

/// Values with more significant digits than this are not converted: their
/// decimal form is far beyond Date._parse's 128-byte limit either way.
const BIG_DIGITS: usize = 4096;

fn parse_big(digits: &str, radix: u32) -> Option<Big> {
    let mut big = Big::default();
    let significant = digits.trim_start_matches('0');
    if significant.len() > BIG_DIGITS {
        return None;
    }
    for c in significant.chars() {
        big.mul_add(radix, c.to_digit(radix)?);
    }
    Some(big)
}

/// `Integer(s)` (strict) of an already comma/underscore-free string.
fn ruby_integer(clean: &str) -> Result<String, ()> {
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean),
    };
    let (digits, radix) = if let Some(b) = body.strip_prefix("0b") {
        (b, 2)
    } else if let Some(x) = body.strip_prefix("0x") {
        (x, 16)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(());
    }
    let text = match parse_big(digits, radix) {
        Some(big) => {
            let zero = big.is_zero();
            let dec = big.to_decimal();
            if neg && !zero {
                format!("-{dec}")
            } else {
                dec
            }
        }
        // Too long to matter: keep the literal, Time.parse rejects it as
        // too long just as it would the decimal form.
        None => clean.to_string(),
    };
    Ok(text)
}

/// Ruby `String#to_i`: sign, digits with single underscores between them.
fn to_i_digits(s: &str) -> (bool, String) {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let b = body.as_bytes();
    let mut out = String::new();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            out.push(char::from(c));
        } else if c == b'_' && i > 0 && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            continue;
        } else {
            break;
        }
    }
    (neg, out)
}

fn sexagesimal_integer(parts: &[&str]) -> String {
    let head = parts.first().copied().unwrap_or_default();
    let (neg, digits) = to_i_digits(head);
    let rest: Vec<u32> = parts
        .iter()
        .skip(1)
        .map(|p| p.parse::<u32>().unwrap_or(0))
        .collect();
    // head * 3600 + a * 60 (+ b): 60 ** |e - 2| for e = 0, 1, 2.
    let small = rest.first().copied().unwrap_or(0) * 60 + rest.get(1).copied().unwrap_or(0);
    let Some(mut big) = parse_big(&digits, 10) else {
        return format!("{}{digits}", if neg { "-" } else { "" });
    };
    big.mul_add(3600, 0);
    if neg && !big.is_zero() {
        if big.less_than(small) {
            // Cannot happen (|head| >= 1 gives >= 3600 > small), kept total.
            return small.to_string();
        }
        big.sub_small(small);
        if big.is_zero() {
            return "0".to_string();
        }
        format!("-{}", big.to_decimal())
    } else {
        big.mul_add(1, small);
        big.to_decimal()
    }
}

/// Ruby `String#to_f` (lenient).
fn to_f(s: &str) -> f64 {
    let (neg, int) = to_i_digits(s);
    let frac = s
        .split_once('.')
        .map(|(_, f)| {
            f.chars()
                .filter(|c| *c != '_')
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .unwrap_or_default();
    let text = format!(
        "{}{}.{}",
        if neg { "-" } else { "" },
        if int.is_empty() { "0" } else { &int },
        if frac.is_empty() { "0" } else { &frac }
    );
    text.parse().unwrap_or(0.0)
}

/// Ruby `Float#to_s`.
pub(crate) fn ruby_float_to_s(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let sci = format!("{:e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp: i64 = exp.parse().unwrap_or(0);
    let decpt = exp + 1;
    let sign = if v < 0.0 { "-" } else { "" };
    let n = digits.len() as i64;
    let body = if 0 < decpt && decpt <= 16 {
        if n <= decpt {
            format!("{digits}{}.0", "0".repeat((decpt - n) as usize))
        } else {
            let (a, b) = digits.split_at(decpt as usize);
            format!("{a}.{b}")
        }
    } else if -4 < decpt && decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let rest = if rest.is_empty() { "0" } else { rest };
        let e = decpt - 1;
        format!(
            "{first}.{rest}e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.abs()
        )
    };
    format!("{sign}{body}")
}

/// `Float(s)` (strict) after Psych's cleanup; None where Ruby raises.
fn ruby_float(s: &str) -> Option<f64> {
    // gsub(/[,_]|\.([Ee]|$)/, '\1') in one left-to-right pass.
    let chars: Vec<char> = s.chars().collect();
    let mut clean = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            ',' | '_' => {}
            '.' if matches!(next, Some('e' | 'E') | None) => {}
            _ => clean.push(c),
        }
    }
    let b = clean.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int = digits_at(b, i);
    i += int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = digits_at(b, i + 1);
        if frac == 0 {
            return None;
        }
        i += 1 + frac;
    }
    if int == 0 && frac == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = digits_at(b, i);
        if e == 0 {
            return None;
        }
        i += e;
    }
    if i != b.len() {
        return None;
    }
    clean.parse().ok()
}

fn rejected(reason: &str) -> Typing {
    Typing {
        typed: YamlTyped::Rejected {
            reason: reason.to_string(),
        },
        ruby_text: String::new(),
    }
}

fn plain(typed: YamlTyped) -> Typing {
    let ruby_text = match &typed {
        YamlTyped::Null | YamlTyped::Rejected { .. } => String::new(),
        YamlTyped::Bool(b) => b.to_string(),
        YamlTyped::Integer(s) | YamlTyped::Float(s) | YamlTyped::Str(s) => s.clone(),
        YamlTyped::Date { year, month, day } => {
            format!("{}-{month:02}-{day:02}", format_year(i64::from(*year)))
        }
        YamlTyped::Time { .. } => String::new(),
    };
    Typing { typed, ruby_text }
}

/// `Psych::ScalarScanner#tokenize` for an unquoted scalar, with Jekyll's
/// safe-load permissions (Date and Time allowed, Symbol not).
pub(crate) fn tokenize(s: &str, site: &TimeZone, notes: &mut Vec<Note>) -> Typing {
    if s.is_empty() {
        return plain(YamlTyped::Null);
    }
    if looks_like_word(s) || s.contains('\n') {
        return plain(short_word(s));
    }
    if let Some(t) = match_time(s) {
        return typed_time(s, t, site, notes);
    }
    if let Some(date) = match_date(s) {
        return plain(match date {
            Some((y, m, d)) => YamlTyped::Date {
                year: i32::try_from(y).unwrap_or(0),
                month: i8::try_from(m).unwrap_or(0),
                day: i8::try_from(d).unwrap_or(0),
            },
            None => YamlTyped::Str(s.to_string()),
        });
    }
    if s.eq_ignore_ascii_case(".inf") {
        return plain(YamlTyped::Float("Infinity".to_string()));
    }
    if s.eq_ignore_ascii_case("-.inf") {
        return plain(YamlTyped::Float("-Infinity".to_string()));
    }
    if s.eq_ignore_ascii_case(".nan") {
        return plain(YamlTyped::Float("NaN".to_string()));
    }
    if s.starts_with(':') && s.chars().count() > 1 {
        return rejected("Psych's safe loader refuses Symbols such as this `:name` value");
    }
    if let Some((parts, is_float)) = match_sexagesimal(s) {
        return plain(if is_float {
            let total: f64 = parts
                .iter()
                .enumerate()
                .map(|(e, p)| to_f(p) * 60f64.powi((e as i32 - 2).abs()))
                .sum();
            YamlTyped::Float(ruby_float_to_s(total))
        } else {
            YamlTyped::Integer(sexagesimal_integer(&parts))
        });
    }
    if match_float(s) {
        if matches!(s, "." | "+." | "-.") {
            return plain(YamlTyped::Str(s.to_string()));
        }
        return match ruby_float(s) {
            Some(v) => plain(YamlTyped::Float(ruby_float_to_s(v))),
            None => rejected("Psych raises ArgumentError: Ruby's Float() refuses this value"),
        };
    }
    if match_integer(s) {
        let clean: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
        return match ruby_integer(&clean) {
            Ok(text) => plain(YamlTyped::Integer(text)),
            Err(()) => rejected("Psych raises ArgumentError: Ruby's Integer() refuses this value"),
        };
    }
    plain(YamlTyped::Str(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> YamlTyped {
        tokenize(s, &TimeZone::UTC, &mut Vec::new()).typed
    }

    fn text(s: &str) -> String {
        let sh = TimeZone::get("Asia/Shanghai").expect("zone");
        tokenize(s, &sh, &mut Vec::new()).ruby_text
    }

    #[test]
    fn scalars() {
        assert_eq!(ty(""), YamlTyped::Null);
        assert_eq!(ty("~"), YamlTyped::Null);
        assert_eq!(ty("NULL"), YamlTyped::Null);
        assert_eq!(ty("no"), YamlTyped::Bool(false));
        assert_eq!(ty("On"), YamlTyped::Bool(true));
        assert_eq!(ty("y"), YamlTyped::Str("y".into()));
        assert_eq!(ty("1645575807"), YamlTyped::Integer("1645575807".into()));
        assert_eq!(ty("0x1F"), YamlTyped::Integer("31".into()));
        assert_eq!(ty("-017"), YamlTyped::Integer("-15".into()));
        assert_eq!(ty("1,000"), YamlTyped::Integer("1000".into()));
        assert_eq!(ty("089"), YamlTyped::Str("089".into()));
        assert!(matches!(ty("0b_"), YamlTyped::Rejected { .. }));
        assert_eq!(ty("2022.02"), YamlTyped::Float("2022.02".into()));
        assert_eq!(ty("1."), YamlTyped::Float("1.0".into()));
        assert_eq!(ty("1._"), YamlTyped::Str("1._".into()));
        assert!(matches!(ty("+.inf"), YamlTyped::Rejected { .. }));
        assert!(matches!(ty("-.e+5"), YamlTyped::Rejected { .. }));
        assert_eq!(ty("1,.e+5"), YamlTyped::Float("100000.0".into()));
        assert_eq!(ty(".5"), YamlTyped::Float("0.5".into()));
        assert_eq!(ty("-.INF"), YamlTyped::Float("-Infinity".into()));
        assert!(matches!(ty(":sym"), YamlTyped::Rejected { .. }));
        assert_eq!(ty("+0800"), YamlTyped::Str("+0800".into()));
        assert_eq!(ty("未知"), YamlTyped::Str("未知".into()));
    }

    #[test]
    fn sexagesimal_numbers() {
        assert_eq!(ty("08:00"), YamlTyped::Integer("28800".into()));
        assert_eq!(ty("1:02:03"), YamlTyped::Integer("3723".into()));
        assert_eq!(ty("-1:30"), YamlTyped::Integer("-1800".into()));
        assert_eq!(ty("-0:30"), YamlTyped::Integer("1800".into()));
        assert_eq!(ty("1:30.5"), YamlTyped::Float("5430.0".into()));
        assert_eq!(ty("1:60"), YamlTyped::Str("1:60".into()));
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(
            ty("2022-02-23"),
            YamlTyped::Date {
                year: 2022,
                month: 2,
                day: 23
            }
        );
        assert_eq!(ty("2022-02-30"), YamlTyped::Str("2022-02-30".into()));
        assert_eq!(
            ty("2022-2-3"),
            YamlTyped::Date {
                year: 2022,
                month: 2,
                day: 3
            }
        );
        assert_eq!(text("2022-02-23T08:23:27Z"), "2022-02-23 08:23:27 UTC");
        assert_eq!(text("2022-02-23 20:00:00"), "2022-02-24 04:00:00 +0800");
        assert_eq!(
            text("2022-02-23 20:00:00 -0500"),
            "2022-02-23 20:00:00 -0500"
        );
        assert_eq!(text("2022-02-23 08:00:00 +8"), "2022-02-23 08:00:00 +0800");
        assert_eq!(
            text("2022-02-23 08:00:00 -00:30"),
            "2022-02-23 08:00:00 +0030"
        );
        assert_eq!(
            text("2022-02-30 08:00:00 +0800"),
            "2022-03-02 08:00:00 +0800"
        );
        assert_eq!(
            text("2022-02-23 24:00:00 +0800"),
            "2022-02-24 00:00:00 +0800"
        );
        // Offsets of a day or more make Time.new raise: Psych keeps text.
        assert_eq!(
            ty("2022-02-23 08:00:00 +9999"),
            YamlTyped::Str("2022-02-23 08:00:00 +9999".into())
        );
        assert_eq!(
            ty("2022-02-32 08:00:00 +0800"),
            YamlTyped::Str("2022-02-32 08:00:00 +0800".into())
        );
        assert!(matches!(
            ty("2022-02-23\t08:00:00"),
            YamlTyped::Rejected { .. }
        ));
        assert!(matches!(
            ty("2022-02-23\t 08:00:00"),
            YamlTyped::Time { .. }
        ));
    }

    #[test]
    fn float_to_s_matches_ruby() {
        assert_eq!(ruby_float_to_s(1.5), "1.5");
        assert_eq!(ruby_float_to_s(100.0), "100.0");
        assert_eq!(ruby_float_to_s(1e16), "1.0e+16");
        assert_eq!(ruby_float_to_s(1e15), "1000000000000000.0");
        assert_eq!(ruby_float_to_s(0.0001), "0.0001");
        assert_eq!(ruby_float_to_s(0.00001), "1.0e-05");
        assert_eq!(ruby_float_to_s(-2.5e-7), "-2.5e-07");
        assert_eq!(ruby_float_to_s(-0.0), "-0.0");
    }

    #[test]
    fn big_integers_print_in_full() {
        assert_eq!(
            ty("0x10000000000000000"),
            YamlTyped::Integer("18446744073709551616".into())
        );
        assert_eq!(
            ty(&format!("1{}", "0".repeat(30))),
            YamlTyped::Integer(format!("1{}", "0".repeat(30)))
        );
    }
}
