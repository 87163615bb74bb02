//! A transcription of Ruby's `Date._parse` (ext/date/date_parse.c, the
//! default non-"tight" parser), as used by `Time.parse`.
//!
//! `Date._parse` normalises junk to spaces, then runs a fixed chain of
//! regular expressions over the string; each one that matches blanks out
//! what it consumed, so later ones only see the rest. The chain order, the
//! patterns and the `s3e` field-shuffling below follow the C source, because
//! that order is what makes `03/02/2022` the 3rd of February.
//!
//! The common `YYYY-MM-DD[ HH:MM:SS[ ±HHMM]]` shapes skip the chain: for
//! them [`fast_date_parse`] computes the same result directly.

use std::ops::Range;
use std::sync::OnceLock;

use super::pattern::{Captures, Regex};

/// Parsed numbers saturate here: anything larger is out of range for every
/// field Time accepts, and the cap keeps later arithmetic overflow-free.
pub(crate) const NUM_CAP: i64 = 100_000_000_000_000_000;

/// A captured piece of text and where it came from in the original input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cap {
    pub(crate) text: String,
    pub(crate) span: Range<usize>,
}

/// The fields of the hash `Date._parse` returns that `Time.parse` uses,
/// plus facts the linter reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) year: Option<i64>,
    pub(crate) mon: Option<i64>,
    pub(crate) mday: Option<i64>,
    pub(crate) yday: Option<i64>,
    pub(crate) hour: Option<i64>,
    pub(crate) min: Option<i64>,
    pub(crate) sec: Option<i64>,
    /// Digits of the fraction of a second (`sec_fraction`), possibly empty.
    pub(crate) sec_fraction: Option<String>,
    pub(crate) zone: Option<Cap>,
    /// The year as written, when it was completed from two digits.
    pub(crate) two_digit_year: Option<(String, i64)>,
    /// `s3e` moved the first number into the day (d/m/y order).
    pub(crate) day_first: bool,
    /// A weekday name (Sunday = 0) and where it was; Time.parse ignores it.
    pub(crate) wday: Option<(i64, Range<usize>)>,
    /// Ruby raised RangeError (an integer too big for a C int) while parsing.
    pub(crate) range_error: Option<&'static str>,
    /// Input byte ranges that held text no parser consumed.
    pub(crate) unused: Vec<Range<usize>>,
    bc: bool,
    comp: bool,
    year_text: Option<String>,
}

impl Parsed {
    /// `Time.parse` raises "no time information" unless one of these is set.
    pub(crate) fn has_time_information(&self) -> bool {
        self.year.is_some()
            || self.yday.is_some()
            || self.mon.is_some()
            || self.mday.is_some()
            || self.hour.is_some()
            || self.min.is_some()
            || self.sec.is_some()
            || self.sec_fraction.is_some()
    }
}

#[derive(Clone, Debug)]
struct Elem {
    ch: char,
    span: Range<usize>,
    /// Blanked out by a parser that matched (as opposed to junk blanked out
    /// by the initial normalisation, or text nothing matched).
    consumed: bool,
}

/// The mutable working string, each char remembering its input bytes.
struct Work {
    elems: Vec<Elem>,
    /// `elems`' chars, kept in step with them so that each of the many
    /// pattern searches does not collect them anew.
    chars: Vec<char>,
}

fn kept_by_normalisation(c: char) -> bool {
    // Date._parse: gsub(/[^-+',.\/:@[:alnum:]\[\]]+/, ' ')
    c.is_alphanumeric() || "-+',./:@[]".contains(c)
}

impl Work {
    fn new(input: &str) -> Work {
        let mut elems: Vec<Elem> = Vec::new();
        for (i, c) in input.char_indices() {
            let span = i..i + c.len_utf8();
            if kept_by_normalisation(c) {
                elems.push(Elem {
                    ch: c,
                    span,
                    consumed: false,
                });
            } else if let Some(last) = elems.last_mut().filter(|e| e.ch == ' ' && !e.consumed) {
                // One space stands for the whole run of junk.
                if last.span.end == span.start {
                    last.span.end = span.end;
                } else {
                    elems.push(Elem {
                        ch: ' ',
                        span,
                        consumed: false,
                    });
                }
            } else {
                elems.push(Elem {
                    ch: ' ',
                    span,
                    consumed: false,
                });
            }
        }
        let chars = elems.iter().map(|e| e.ch).collect();
        Work { elems, chars }
    }

    fn span(&self, a: usize, b: usize) -> Range<usize> {
        let start = self.elems.get(a).map(|e| e.span.start);
        let end = b
            .checked_sub(1)
            .and_then(|i| self.elems.get(i))
            .map(|e| e.span.end);
        match (start, end) {
            (Some(s), Some(e)) if a < b && s <= e => s..e,
            (Some(s), _) => s..s,
            (None, _) => {
                let end = self.elems.last().map_or(0, |e| e.span.end);
                end..end
            }
        }
    }

    fn text(&self, a: usize, b: usize) -> String {
        self.elems
            .get(a..b)
            .map(|s| s.iter().map(|e| e.ch).collect())
            .unwrap_or_default()
    }

    /// `str[be, len] = " "`: the match becomes a single space.
    fn blank(&mut self, a: usize, b: usize) {
        if a > b || b > self.elems.len() {
            return;
        }
        let span = self.span(a, b);
        self.chars.splice(a..b, [' ']);
        self.elems.splice(
            a..b,
            [Elem {
                ch: ' ',
                span,
                consumed: true,
            }],
        );
    }

    /// Mirrors the C `check_class`: ASCII letters only (C locale isalpha).
    fn has(&self, flags: u8) -> bool {
        let mut found = 0u8;
        for e in &self.elems {
            if e.ch.is_ascii_alphabetic() {
                found |= ALPHA;
            }
            if e.ch.is_ascii_digit() {
                found |= DIGIT;
            }
            match e.ch {
                '-' => found |= DASH,
                '.' => found |= DOT,
                '/' => found |= SLASH,
                _ => {}
            }
        }
        found & flags == flags
    }
}

const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const DASH: u8 = 4;
const DOT: u8 = 8;
const SLASH: u8 = 16;

const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";

struct Patterns {
    day: Regex,
    time: Regex,
    time2: Regex,
    eu: Regex,
    us: Regex,
    iso: Regex,
    jis: Regex,
    vms11: Regex,
    vms12: Regex,
    sla: Regex,
    dot: Regex,
    iso21: Regex,
    iso22: Regex,
    iso23: Regex,
    iso24: Regex,
    iso25_0: Regex,
    iso25: Regex,
    iso26_0: Regex,
    iso26: Regex,
    year: Regex,
    mon: Regex,
    mday: Regex,
    ddd: Regex,
    bc: Regex,
    frag: Regex,
}

fn build_patterns() -> Result<Patterns, String> {
    let era = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))";
    Ok(Patterns {
        day: Regex::new(r"\b(sun|mon|tue|wed|thu|fri|sat)[^-/\d\s]*", true)?,
        time: Regex::new(
            concat!(
                r"((?:\d+\s*:\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?|\d+\s*h(?:\s*\d+m?(?:\s*\d+s?)?)?)",
                r"(?:\s*[ap](?:m\b|\.m\.))?|\d+\s*[ap](?:m\b|\.m\.))",
                r"(?:\s*((?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?",
                r"|(?-i:[[:alpha:].\s]+)(?:standard|daylight)\stime\b",
                r"|(?-i:[[:alpha:]]+)(?:\sdst)?\b))?"
            ),
            true,
        )?,
        time2: Regex::new(
            r"\A(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?",
            true,
        )?,
        eu: Regex::new(
            &format!(
                r"('?\d+)[^-\d\s]*\s*({MONTHS})[^-\d\s']*(?:\s*{era}?\s*('?-?\d+(?:(?:st|nd|rd|th)\b)?))?"
            ),
            true,
        )?,
        us: Regex::new(
            &format!(r"\b({MONTHS})[^-\d\s']*\s*('?\d+)[^-\d\s']*(?:\s*,?\s*{era}?\s*('?-?\d+))?"),
            true,
        )?,
        iso: Regex::new(r"('?[-+]?\d+)-(\d+)-('?-?\d+)", false)?,
        jis: Regex::new(r"\b([mtsh])(\d+)\.(\d+)\.(\d+)", true)?,
        vms11: Regex::new(&format!(r"('?-?\d+)-({MONTHS})[^-/.]*-('?-?\d+)"), true)?,
        vms12: Regex::new(
            &format!(r"\b({MONTHS})[^-/.]*-('?-?\d+)(?:-('?-?\d+))?"),
            true,
        )?,
        sla: Regex::new(r"('?-?\d+)/\s*('?\d+)(?:\D\s*('?-?\d+))?", true)?,
        dot: Regex::new(r"('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)", true)?,
        iso21: Regex::new(r"\b(\d{2}|\d{4})?-?w(\d{2})(?:-?(\d))?\b", true)?,
        iso22: Regex::new(r"-w-(\d)\b", true)?,
        iso23: Regex::new(r"--(\d{2})?-(\d{2})\b", false)?,
        iso24: Regex::new(r"--(\d{2})(\d{2})?\b", false)?,
        iso25_0: Regex::new(r"[,.](\d{2}|\d{4})-\d{3}\b", false)?,
        iso25: Regex::new(r"\b(\d{2}|\d{4})-(\d{3})\b", false)?,
        iso26_0: Regex::new(r"\d-\d{3}\b", false)?,
        iso26: Regex::new(r"\b-(\d{3})\b", false)?,
        year: Regex::new(r"'(\d+)\b", false)?,
        mon: Regex::new(&format!(r"\b({MONTHS})\S*"), true)?,
        mday: Regex::new(r"(\d+)(st|nd|rd|th)\b", true)?,
        ddd: Regex::new(
            concat!(
                r"([-+]?)(\d{2,14})(?:\s*t?\s*(\d{2,6})?(?:[,.](\d*))?)?",
                r"(?:\s*(z\b|[-+]\d{1,4}\b|\[[-+]?\d[^\]]*\]))?"
            ),
            true,
        )?,
        bc: Regex::new(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)", true)?,
        frag: Regex::new(r"\A\s*(\d{1,2})\s*\z", true)?,
    })
}

fn patterns() -> Option<&'static Patterns> {
    static PATTERNS: OnceLock<Result<Patterns, String>> = OnceLock::new();
    PATTERNS.get_or_init(build_patterns).as_ref().ok()
}

/// Ruby's `rb_str_to_inum(s, 10, false)`: optional sign, digits with single
/// underscores between them; stops at anything else; saturates at NUM_CAP.
pub(crate) fn str2num(s: &str) -> i64 {
    let s = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let bytes = digits.as_bytes();
    let mut value: i64 = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            value = (value * 10 + i64::from(b - b'0')).min(NUM_CAP);
        } else if b == b'_' && i > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            // A single underscore between digits is allowed.
        } else {
            break;
        }
        i += 1;
    }
    if neg {
        -value
    } else {
        value
    }
}

fn mon_num(s: &str) -> i64 {
    let lower: String = s.chars().take(3).collect::<String>().to_ascii_lowercase();
    MONTHS
        .split('|')
        .position(|m| m == lower)
        .map_or(13, |i| i as i64 + 1)
}

fn day_num(s: &str) -> i64 {
    let lower: String = s.chars().take(3).collect::<String>().to_ascii_lowercase();
    ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        .iter()
        .position(|d| *d == lower)
        .map_or(7, |i| i as i64)
}

fn n2i(s: &str, from: usize, width: usize) -> i64 {
    s.as_bytes().get(from..from + width).map_or(0, |d| {
        d.iter()
            .fold(0, |v, b| v * 10 + i64::from(b.wrapping_sub(b'0') % 10))
    })
}

/// Runs `re` on the working string; on a match blanks it and returns the
/// groups (index 0 = whole match).
fn subs(w: &mut Work, re: &Regex) -> Option<Vec<Option<Cap>>> {
    let caps: Captures = re.find(&w.chars)?;
    let groups = (0..caps.group_count())
        .map(|i| {
            caps.get(i).map(|(a, b)| Cap {
                text: w.text(a, b),
                span: w.span(a, b),
            })
        })
        .collect();
    let (a, b) = caps.get(0)?;
    w.blank(a, b);
    Some(groups)
}

fn group(groups: &[Option<Cap>], i: usize) -> Option<Cap> {
    groups.get(i).cloned().flatten()
}

fn is_sign(b: u8) -> bool {
    b == b'-' || b == b'+'
}

fn digit_span(b: &[u8], from: usize) -> usize {
    b.get(from..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_digit()).count()
    })
}

fn sub_cap(c: &Cap, a: usize, b: usize) -> Cap {
    let text = c.text.get(a..b).unwrap_or_default().to_string();
    let start = (c.span.start + a).min(c.span.end);
    let end = (c.span.start + b).min(c.span.end).max(start);
    Cap {
        text,
        span: start..end,
    }
}

/// The C `s3e`: decides which of three captured numbers is the year, the
/// month and the day, from their lengths and apostrophes.
fn s3e(
    h: &mut Parsed,
    y: Option<Cap>,
    m: Option<Cap>,
    d: Option<Cap>,
    bc: bool,
    numeric_order: bool,
) {
    let (mut y, mut m, mut d) = (y, m, d);

    if y.is_some() && m.is_some() && d.is_none() {
        let (oy, om, od) = (y.take(), m.take(), d.take());
        y = od;
        m = oy;
        d = om;
    }

    if y.is_none() {
        if d.as_ref().is_some_and(|d| d.text.len() > 2) {
            y = d.take();
        }
        if d.as_ref().is_some_and(|d| d.text.starts_with('\'')) {
            y = d.take();
        }
    }

    if let Some(yv) = y.clone() {
        let b = yv.text.as_bytes();
        let mut s = 0;
        while b
            .get(s)
            .is_some_and(|&c| !is_sign(c) && !c.is_ascii_digit())
        {
            s += 1;
        }
        if s < b.len() {
            let bp = s;
            if b.get(s).is_some_and(|&c| is_sign(c)) {
                s += 1;
            }
            let ep = s + digit_span(b, s);
            if ep < b.len() {
                // Trailing text such as "23rd": this is really the day.
                y = d.take();
                d = Some(sub_cap(&yv, bp, ep));
            }
        }
    }

    if m.as_ref()
        .is_some_and(|m| m.text.starts_with('\'') || m.text.len() > 2)
    {
        // us -> be
        let (oy, om, od) = (y.take(), m.take(), d.take());
        y = om;
        m = od;
        d = oy;
    }

    if d.as_ref()
        .is_some_and(|d| d.text.starts_with('\'') || d.text.len() > 2)
    {
        let (oy, od) = (y.take(), d.take());
        y = od;
        d = oy;
        if numeric_order {
            h.day_first = true;
        }
    }

    let mut comp: Option<bool> = None;
    if let Some(yv) = &y {
        let b = yv.text.as_bytes();
        let mut s = 0;
        while b
            .get(s)
            .is_some_and(|&c| !is_sign(c) && !c.is_ascii_digit())
        {
            s += 1;
        }
        if s < b.len() {
            let bp = s;
            if b.get(s).is_some_and(|&c| is_sign(c)) {
                s += 1;
                comp = Some(false);
            }
            let l = digit_span(b, s);
            if l > 2 {
                comp = Some(false);
            }
            let text = yv.text.get(bp..s + l).unwrap_or_default();
            h.year = Some(str2num(text));
            h.year_text = Some(text.to_string());
        }
    }

    if bc {
        h.bc = true;
    }

    for (field, target) in [(&m, &mut h.mon), (&d, &mut h.mday)] {
        if let Some(v) = field {
            let b = v.text.as_bytes();
            let s = b.iter().take_while(|c| !c.is_ascii_digit()).count();
            if s < b.len() {
                let l = digit_span(b, s);
                *target = Some(str2num(v.text.get(s..s + l).unwrap_or_default()));
            }
        }
    }

    if comp == Some(false) {
        h.comp = false;
    }
}

fn text_of(c: &Option<Cap>) -> &str {
    c.as_ref().map_or("", |c| c.text.as_str())
}

fn is_bc(c: &Option<Cap>) -> bool {
    c.as_ref()
        .is_some_and(|c| c.text.starts_with('b') || c.text.starts_with('B'))
}

fn month_cap(c: &Option<Cap>) -> Option<Cap> {
    c.as_ref().map(|c| Cap {
        text: mon_num(&c.text).to_string(),
        span: c.span.clone(),
    })
}

fn parse_time(w: &mut Work, h: &mut Parsed, p: &Patterns) {
    let Some(g) = subs(w, &p.time) else {
        return;
    };
    if let Some(zone) = group(&g, 2) {
        h.zone = Some(zone);
    }
    let s1: Vec<char> = text_of(&group(&g, 1)).chars().collect();
    let Some(c) = p.time2.find(&s1) else {
        return;
    };
    let part = |i: usize| -> Option<String> { c.get(i).map(|(a, b)| s1[a..b].iter().collect()) };
    let mut hour = part(1).map(|s| str2num(&s));
    if let Some(meridian) = part(5) {
        if let Some(hv) = hour {
            if hv > i64::from(i32::MAX) {
                // NUM2INT raises RangeError on an hour this large.
                h.range_error = Some("hour");
                return;
            }
            let mut ih = hv % 12;
            if meridian.eq_ignore_ascii_case("p") {
                ih += 12;
            }
            hour = Some(ih);
        }
    }
    h.hour = hour;
    if let Some(m) = part(2) {
        h.min = Some(str2num(&m));
    }
    if let Some(s) = part(3) {
        h.sec = Some(str2num(&s));
    }
    if let Some(f) = part(4) {
        h.sec_fraction = Some(f);
    }
}

fn parse_ddd(g: &[Option<Cap>], h: &mut Parsed) {
    let s1 = text_of(&group(g, 1)).to_string();
    let s2 = text_of(&group(g, 2)).to_string();
    let s3 = group(g, 3);
    let s4 = group(g, 4);
    let s5 = group(g, 5);
    let neg = s1.starts_with('-');
    let signed = |v: i64| if neg { -v } else { v };
    let l2 = s2.len();
    let time_only = s3.is_none() && s4.is_some();
    let tail = |back: usize, w: usize| n2i(&s2, l2.saturating_sub(back), w);
    match l2 {
        2 => {
            if time_only {
                h.sec = Some(tail(2, 2));
            } else {
                h.mday = Some(n2i(&s2, 0, 2));
            }
        }
        4 => {
            if time_only {
                h.sec = Some(tail(2, 2));
                h.min = Some(tail(4, 2));
            } else {
                h.mon = Some(n2i(&s2, 0, 2));
                h.mday = Some(n2i(&s2, 2, 2));
            }
        }
        6 => {
            if time_only {
                h.sec = Some(tail(2, 2));
                h.min = Some(tail(4, 2));
                h.hour = Some(tail(6, 2));
            } else {
                h.year = Some(signed(n2i(&s2, 0, 2)));
                h.year_text = Some(s2.get(0..2).unwrap_or_default().to_string());
                h.mon = Some(n2i(&s2, 2, 2));
                h.mday = Some(n2i(&s2, 4, 2));
            }
        }
        8 | 10 | 12 | 14 => {
            if time_only {
                h.sec = Some(tail(2, 2));
                h.min = Some(tail(4, 2));
                h.hour = Some(tail(6, 2));
                h.mday = Some(tail(8, 2));
                if l2 >= 10 {
                    h.mon = Some(tail(10, 2));
                }
                if l2 == 12 {
                    h.year = Some(signed(tail(12, 2)));
                    h.year_text = Some(s2.get(0..2).unwrap_or_default().to_string());
                }
                if l2 == 14 {
                    h.year = Some(signed(tail(14, 4)));
                    h.comp = false;
                }
            } else {
                h.year = Some(signed(n2i(&s2, 0, 4)));
                h.mon = Some(n2i(&s2, 4, 2));
                h.mday = Some(n2i(&s2, 6, 2));
                if l2 >= 10 {
                    h.hour = Some(n2i(&s2, 8, 2));
                }
                if l2 >= 12 {
                    h.min = Some(n2i(&s2, 10, 2));
                }
                if l2 >= 14 {
                    h.sec = Some(n2i(&s2, 12, 2));
                }
                h.comp = false;
            }
        }
        3 => {
            if time_only {
                h.sec = Some(tail(2, 2));
                h.min = Some(tail(3, 1));
            } else {
                h.yday = Some(n2i(&s2, 0, 3));
            }
        }
        5 => {
            if time_only {
                h.sec = Some(tail(2, 2));
                h.min = Some(tail(4, 2));
                h.hour = Some(tail(5, 1));
            } else {
                h.year = Some(signed(n2i(&s2, 0, 2)));
                h.year_text = Some(s2.get(0..2).unwrap_or_default().to_string());
                h.yday = Some(n2i(&s2, 2, 3));
            }
        }
        7 => {
            if time_only {
                h.sec = Some(tail(2, 2));
                h.min = Some(tail(4, 2));
                h.hour = Some(tail(6, 2));
                h.mday = Some(tail(7, 1));
            } else {
                h.year = Some(signed(n2i(&s2, 0, 4)));
                h.yday = Some(n2i(&s2, 4, 3));
            }
        }
        _ => {}
    }
    if let Some(s3) = &s3 {
        let t = s3.text.as_str();
        let l3 = t.len();
        if matches!(l3, 2 | 4 | 6) {
            if s4.is_some() {
                h.sec = Some(n2i(t, l3 - 2, 2));
                if l3 >= 4 {
                    h.min = Some(n2i(t, l3 - 4, 2));
                }
                if l3 >= 6 {
                    h.hour = Some(n2i(t, l3 - 6, 2));
                }
            } else {
                h.hour = Some(n2i(t, 0, 2));
                if l3 >= 4 {
                    h.min = Some(n2i(t, 2, 2));
                }
                if l3 >= 6 {
                    h.sec = Some(n2i(t, 4, 2));
                }
            }
        }
    }
    if let Some(s4) = &s4 {
        h.sec_fraction = Some(s4.text.clone());
    }
    if let Some(s5) = s5 {
        if s5.text.starts_with('[') {
            // "[+9:JST]": the zone is the part after ':' (or the whole
            // inside of the brackets).
            let inner = s5
                .text
                .get(1..s5.text.len().saturating_sub(1))
                .unwrap_or_default();
            let zone = inner.split_once(':').map_or(inner, |(_, name)| name);
            h.zone = Some(Cap {
                text: zone.to_string(),
                span: s5.span,
            });
        } else {
            h.zone = Some(s5);
        }
    }
}

fn parse_iso2(w: &mut Work, h: &mut Parsed, p: &Patterns) -> bool {
    // iso21/iso22 only set commercial-week fields, which Time.parse ignores,
    // but a match still ends the chain.
    if subs(w, &p.iso21).is_some() || subs(w, &p.iso22).is_some() {
        return true;
    }
    if let Some(g) = subs(w, &p.iso23) {
        if let Some(m) = group(&g, 1) {
            h.mon = Some(str2num(&m.text));
        }
        h.mday = Some(str2num(text_of(&group(&g, 2))));
        return true;
    }
    if let Some(g) = subs(w, &p.iso24) {
        h.mon = Some(str2num(text_of(&group(&g, 1))));
        if let Some(d) = group(&g, 2) {
            h.mday = Some(str2num(&d.text));
        }
        return true;
    }
    if p.iso25_0.find(&w.chars).is_none() {
        if let Some(g) = subs(w, &p.iso25) {
            let y = text_of(&group(&g, 1)).to_string();
            h.year = Some(str2num(&y));
            h.year_text = Some(y);
            h.yday = Some(str2num(text_of(&group(&g, 2))));
            return true;
        }
    }
    if p.iso26_0.find(&w.chars).is_none() {
        if let Some(g) = subs(w, &p.iso26) {
            h.yday = Some(str2num(text_of(&group(&g, 1))));
            return true;
        }
    }
    false
}

fn gengo(era: &str) -> i64 {
    match era.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('m') => 1867,
        Some('t') => 1911,
        Some('s') => 1925,
        Some('h') => 1988,
        _ => 0,
    }
}

/// The date-shaped parsers, tried in order until one matches.
fn parse_date_part(w: &mut Work, h: &mut Parsed, p: &Patterns) {
    if w.has(ALPHA | DIGIT) {
        if let Some(g) = subs(w, &p.eu) {
            let (d, mon, b, y) = (group(&g, 1), group(&g, 2), group(&g, 3), group(&g, 4));
            s3e(h, y, month_cap(&mon), d, is_bc(&b), false);
            return;
        }
        if let Some(g) = subs(w, &p.us) {
            let (mon, d, b, y) = (group(&g, 1), group(&g, 2), group(&g, 3), group(&g, 4));
            s3e(h, y, month_cap(&mon), d, is_bc(&b), false);
            return;
        }
    }
    if w.has(DIGIT | DASH) {
        if let Some(g) = subs(w, &p.iso) {
            s3e(h, group(&g, 1), group(&g, 2), group(&g, 3), false, true);
            return;
        }
    }
    if w.has(DIGIT | DOT) {
        if let Some(g) = subs(w, &p.jis) {
            let era = gengo(text_of(&group(&g, 1)));
            h.year = Some(str2num(text_of(&group(&g, 2))).saturating_add(era));
            h.mon = Some(str2num(text_of(&group(&g, 3))));
            h.mday = Some(str2num(text_of(&group(&g, 4))));
            return;
        }
    }
    if w.has(ALPHA | DIGIT | DASH) {
        if let Some(g) = subs(w, &p.vms11) {
            let (d, mon, y) = (group(&g, 1), group(&g, 2), group(&g, 3));
            s3e(h, y, month_cap(&mon), d, false, false);
            return;
        }
        if let Some(g) = subs(w, &p.vms12) {
            let (mon, d, y) = (group(&g, 1), group(&g, 2), group(&g, 3));
            s3e(h, y, month_cap(&mon), d, false, false);
            return;
        }
    }
    if w.has(DIGIT | SLASH) {
        if let Some(g) = subs(w, &p.sla) {
            s3e(h, group(&g, 1), group(&g, 2), group(&g, 3), false, true);
            return;
        }
    }
    if w.has(DIGIT | DOT) {
        if let Some(g) = subs(w, &p.dot) {
            s3e(h, group(&g, 1), group(&g, 2), group(&g, 3), false, true);
            return;
        }
    }
    if w.has(DIGIT) && parse_iso2(w, h, p) {
        return;
    }
    if w.has(DIGIT) {
        if let Some(g) = subs(w, &p.year) {
            let y = text_of(&group(&g, 1)).to_string();
            h.year = Some(str2num(&y));
            h.year_text = Some(y);
            return;
        }
    }
    if w.has(ALPHA) {
        if let Some(g) = subs(w, &p.mon) {
            h.mon = Some(mon_num(text_of(&group(&g, 1))));
            return;
        }
    }
    if w.has(DIGIT) {
        if let Some(g) = subs(w, &p.mday) {
            h.mday = Some(str2num(text_of(&group(&g, 1))));
            return;
        }
    }
    if w.has(DIGIT) {
        if let Some(g) = subs(w, &p.ddd) {
            parse_ddd(&g, h);
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Set by the equivalence tests to run the regex chain alone.
    pub(crate) static GENERAL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `Date._parse(text, true)`. The caller enforces the 128-byte limit.
pub(crate) fn date_parse(text: &str) -> Parsed {
    #[cfg(test)]
    if GENERAL_ONLY.get() {
        return general_date_parse(text);
    }
    fast_date_parse(text).unwrap_or_else(|| general_date_parse(text))
}

/// The end of a run of `min..=max` ASCII digits starting at `i`.
/// `str2num` of a run of ASCII digits (saturating at NUM_CAP as it does).
fn digits_value(b: &[u8]) -> i64 {
    b.iter().fold(0, |v: i64, &c| {
        (v * 10 + i64::from(c.wrapping_sub(b'0'))).min(NUM_CAP)
    })
}

fn digit_run(b: &[u8], i: usize, min: usize, max: usize) -> Option<usize> {
    let n = digit_span(b, i);
    (min..=max).contains(&n).then_some(i + n)
}

/// A shortcut for the shapes nearly every post uses, which the regex chain
/// below takes dozens of times longer to read (it was most of the linter's
/// time on a big site):
///
/// `YYYY-M-D` (month and day of one or two digits), optionally followed by
/// one ` ` or `T`, `H:M[:S[.fraction]]` (one or two digits each), and
/// optionally by at most one space and a zone: `±digits[:digits]`, `Z`,
/// `UTC` or `GMT`. That covers every `Time#to_s` Psych hands over, the
/// file-name date and the usual quoted forms.
///
/// For these the chain's outcome is fixed: no weekday name; the `time`
/// pattern's leftmost match starts at the hour (no digit run in the date is
/// followed by `:`, `h`, `a` or `p`) and takes the time and the zone; `iso`
/// then takes the date, and `s3e` leaves the four-digit year first with no
/// two-digit completion; only a `T` is left over. Anything else returns
/// None and goes through the chain; `fast_path_tests.rs` compares both on
/// many thousand inputs.
pub(crate) fn fast_date_parse(text: &str) -> Option<Parsed> {
    let b = text.as_bytes();
    let year_end = digit_run(b, 0, 4, 4)?;
    let mon_start = year_end + 1;
    let mon_end = (b.get(year_end) == Some(&b'-'))
        .then(|| digit_run(b, mon_start, 1, 2))
        .flatten()?;
    let day_start = mon_end + 1;
    let day_end = (b.get(mon_end) == Some(&b'-'))
        .then(|| digit_run(b, day_start, 1, 2))
        .flatten()?;
    // Every field here is a digit run, so `digits_value` reads it as `str2num` would, without
    // its sign, space and underscore handling (a visible share of the fast path).
    let num = |a: usize, e: usize| digits_value(b.get(a..e).unwrap_or_default());
    let year_text = text.get(..year_end)?;
    let mut h = Parsed {
        year: Some(num(0, year_end)),
        mon: Some(num(mon_start, mon_end)),
        mday: Some(num(day_start, day_end)),
        year_text: Some(year_text.to_string()),
        // `comp` false too: s3e clears it for a year of more than 2 digits.
        ..Parsed::default()
    };
    let Some(&sep) = b.get(day_end) else {
        return Some(h);
    };
    match sep {
        b' ' => {}
        // The ISO separator is left over, as text nothing used.
        b'T' => h.unused.push(day_end..day_end + 1),
        _ => return None,
    }

    let hour_start = day_end + 1;
    let hour_end = digit_run(b, hour_start, 1, 2)?;
    let min_end = (b.get(hour_end) == Some(&b':'))
        .then(|| digit_run(b, hour_end + 1, 1, 2))
        .flatten()?;
    h.hour = Some(num(hour_start, hour_end));
    h.min = Some(num(hour_end + 1, min_end));
    let mut i = min_end;
    if b.get(i) == Some(&b':') {
        let sec_end = digit_run(b, i + 1, 1, 2)?;
        h.sec = Some(num(i + 1, sec_end));
        i = sec_end;
        if b.get(i) == Some(&b'.') {
            let frac_end = digit_run(b, i + 1, 1, usize::MAX)?;
            h.sec_fraction = Some(text.get(i + 1..frac_end)?.to_string());
            i = frac_end;
        }
    }

    if i == b.len() {
        return Some(h);
    }
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let zone_end = match b.get(i)? {
        b'+' | b'-' => {
            let e = digit_run(b, i + 1, 1, usize::MAX)?;
            match b.get(e) {
                Some(b':') => digit_run(b, e + 1, 1, usize::MAX)?,
                _ => e,
            }
        }
        _ => b.len(),
    };
    let zone = text.get(i..zone_end)?;
    let numeric = matches!(zone.as_bytes().first(), Some(b'+' | b'-'));
    if zone_end != b.len() || !(numeric || matches!(zone, "Z" | "UTC" | "GMT")) {
        return None;
    }
    h.zone = Some(Cap {
        text: zone.to_string(),
        span: i..zone_end,
    });
    Some(h)
}

/// The regex chain of `Date._parse`.
pub(crate) fn general_date_parse(text: &str) -> Parsed {
    let mut h = Parsed {
        comp: true,
        ..Parsed::default()
    };
    let Some(p) = patterns() else {
        return h;
    };
    let mut w = Work::new(text);

    if w.has(ALPHA) {
        // Weekday names are consumed; Time.parse ignores them.
        if let Some(g) = subs(&mut w, &p.day) {
            if let (Some(name), Some(all)) = (group(&g, 1), group(&g, 0)) {
                h.wday = Some((day_num(&name.text), all.span));
            }
        }
    }
    if w.has(DIGIT) {
        parse_time(&mut w, &mut h, p);
    }
    parse_date_part(&mut w, &mut h, p);
    if w.has(ALPHA) && subs(&mut w, &p.bc).is_some() {
        h.bc = true;
    }
    if w.has(DIGIT) {
        if let Some(g) = subs(&mut w, &p.frag) {
            let n = str2num(text_of(&group(&g, 1)));
            if h.hour.is_some() && h.mday.is_none() && (1..=31).contains(&n) {
                h.mday = Some(n);
            }
            if h.mday.is_some() && h.hour.is_none() && (0..=24).contains(&n) {
                h.hour = Some(n);
            }
        }
    }

    if h.bc {
        h.year = h.year.map(|y| 1 - y);
    }
    if h.comp {
        if let Some(y) = h.year.filter(|y| (0..=99).contains(y)) {
            let full = if y >= 69 { y + 1900 } else { y + 2000 };
            h.year = Some(full);
            let written = h.year_text.clone().unwrap_or_else(|| y.to_string());
            h.two_digit_year = Some((written, full));
        }
    }

    // Whatever no parser consumed was silently ignored.
    let mut run: Option<Range<usize>> = None;
    let mut has_alnum = false;
    for e in &w.elems {
        if e.consumed || e.ch == ' ' {
            if let Some(r) = run.take() {
                if has_alnum {
                    h.unused.push(r);
                }
            }
            has_alnum = false;
            continue;
        }
        has_alnum |= e.ch.is_alphanumeric();
        run = Some(match run {
            Some(r) => r.start..e.span.end,
            None => e.span.clone(),
        });
    }
    if let Some(r) = run {
        if has_alnum {
            h.unused.push(r);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_patterns_compile() {
        assert!(build_patterns().is_ok(), "{:?}", build_patterns().err());
    }

    type Six = [Option<i64>; 6];

    fn fields(s: &str) -> Six {
        let h = date_parse(s);
        [h.year, h.mon, h.mday, h.hour, h.min, h.sec]
    }

    #[test]
    fn iso_with_time_and_zone() {
        let h = date_parse("2022-02-23 08:23:27 +0800");
        assert_eq!((h.year, h.mon, h.mday), (Some(2022), Some(2), Some(23)));
        assert_eq!((h.hour, h.min, h.sec), (Some(8), Some(23), Some(27)));
        assert_eq!(h.zone.map(|z| z.text).as_deref(), Some("+0800"));
    }

    #[test]
    fn slashes_are_day_first_with_three_parts() {
        let h = date_parse("03/02/2022");
        assert_eq!((h.year, h.mon, h.mday), (Some(2022), Some(2), Some(3)));
        assert!(h.day_first);
        // Two parts are month/day.
        assert_eq!(fields("02/23"), [None, Some(2), Some(23), None, None, None]);
        // Year first is not day-first.
        assert!(!date_parse("2022/02/23").day_first);
    }

    #[test]
    fn english_months_and_two_digit_years() {
        assert_eq!(
            fields("Feb 23, 2022"),
            [Some(2022), Some(2), Some(23), None, None, None]
        );
        assert_eq!(
            fields("23 February 2022 8pm"),
            [Some(2022), Some(2), Some(23), Some(20), None, None]
        );
        let h = date_parse("22-2-3");
        assert_eq!((h.year, h.mon, h.mday), (Some(2022), Some(2), Some(3)));
        assert_eq!(h.two_digit_year, Some(("22".to_string(), 2022)));
        assert_eq!(date_parse("0022-2-3").year, Some(22));
    }

    #[test]
    fn digits_are_read_as_str2num_reads_them() {
        let mut n = 0;
        for len in 1..=4u32 {
            for v in 0..10u32.pow(len) {
                let s = format!("{v:0width$}", width = len as usize);
                assert_eq!(super::digits_value(s.as_bytes()), str2num(&s), "{s}");
                n += 1;
            }
        }
        for s in [
            "0000000000000000000000",
            "99999999999999999999",
            "100000000000000000",
            "123456789012345678901234567890",
        ] {
            assert_eq!(super::digits_value(s.as_bytes()), str2num(s), "{s}");
        }
        assert_eq!(super::digits_value(b""), str2num(""));
        assert_eq!(n, 11_110);
    }

    #[test]
    fn digit_runs() {
        assert_eq!(
            fields("20220223"),
            [Some(2022), Some(2), Some(23), None, None, None]
        );
        // A Unix timestamp: 1645 57 58 07 — nonsense fields, Time rejects them.
        assert_eq!(
            fields("1645575807"),
            [Some(1645), Some(57), Some(58), Some(7), None, None]
        );
        assert_eq!(date_parse("480").yday, Some(480));
    }

    #[test]
    fn zone_words_and_leftovers() {
        let h = date_parse("2022-02-23 08:00:00 Asia/Shanghai");
        assert_eq!(h.zone.as_ref().map(|z| z.text.as_str()), Some("Asia"));
        assert_eq!(h.zone.map(|z| z.span), Some(20..24));
        assert_eq!(h.unused, vec![24..33]);
        assert_eq!(
            date_parse("2022-02-23 08:00 CST")
                .zone
                .map(|z| z.text)
                .as_deref(),
            Some("CST")
        );
    }

    #[test]
    fn garbage_has_no_information() {
        assert!(!date_parse("未知").has_time_information());
        // A lone offset is read as month 08, day 00 (and then rejected).
        let h = date_parse("+0800");
        assert_eq!((h.mon, h.mday), (Some(8), Some(0)));
        assert!(!date_parse("").has_time_information());
        assert!(!date_parse("true").has_time_information());
    }

    #[test]
    fn chinese_date_reads_month_twenty() {
        let h = date_parse("2022年02月23日 08:00");
        assert_eq!((h.mon, h.mday, h.hour), (Some(20), Some(22), Some(8)));
    }

    #[test]
    fn str2num_is_rubys_lenient_to_i() {
        assert_eq!(str2num("1_2"), 12);
        assert_eq!(str2num("1__2"), 1);
        assert_eq!(str2num("-07x"), -7);
        assert_eq!(str2num(""), 0);
        assert_eq!(str2num(&"9".repeat(40)), NUM_CAP);
    }
}
