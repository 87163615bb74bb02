//! The fast path in front of `Date._parse` (`date_parse::fast_date_parse`)
//! must give exactly what the regex chain gives. These tests run both on
//! every date in the shared corpus and oracle cases and on many thousand
//! generated variants, and compare the parse and the whole [`Resolved`].

use std::collections::BTreeSet;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::date_parse::{fast_date_parse, general_date_parse, GENERAL_ONLY};
use super::*;
use crate::test_support::{files_under, shared};

/// The oracle's build clock, and one in another year and season.
fn clocks() -> [Timestamp; 2] {
    [
        Timestamp::new(1_795_812_000, 0).expect("valid"),
        Timestamp::new(1_656_633_600, 0).expect("valid"),
    ]
}

fn zones() -> Vec<TimeZone> {
    ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Tokyo"]
        .iter()
        .map(|z| site_time_zone(Some(z)).expect("bundled zone"))
        .collect()
}

/// Every `date:` value (quotes removed, as written and CR-trimmed) and every
/// file-name date of the posts under `dir`.
fn real_dates(dir: &Path, texts: &mut BTreeSet<String>, names: &mut BTreeSet<[String; 3]>) {
    let files = files_under(dir);
    assert!(!files.is_empty(), "no files under {}", dir.display());
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let mut parts = name.splitn(4, '-');
        if let (Some(y), Some(m), Some(d), Some(_)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            names.insert([y.into(), m.into(), d.into()]);
        }
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        for line in String::from_utf8_lossy(&bytes).split('\n') {
            let Some(v) = line.trim_start().strip_prefix("date:") else {
                continue;
            };
            texts.insert(v.to_string());
            let v = v.trim_end_matches('\r').trim();
            texts.insert(v.to_string());
            for q in ['"', '\''] {
                if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
                    texts.insert(inner.to_string());
                }
            }
        }
    }
}

/// Systematic variants of the shapes the fast path takes, and of shapes
/// just outside it.
fn generated(texts: &mut BTreeSet<String>, names: &mut BTreeSet<[String; 3]>) {
    let mut add = |s: String| {
        texts.insert(s);
    };
    // Every day 0–32 of every month 0–13, bare, with a time, with a zone.
    for y in ["2022", "2024", "1999", "0000"] {
        for m in 0..=13 {
            for d in 0..=32 {
                add(format!("{y}-{m:02}-{d:02}"));
                add(format!("{y}-{m}-{d}"));
                add(format!("{y}-{m:02}-{d:02} 23:30:00"));
                add(format!("{y}-{m:02}-{d:02} 00:30:00 +0800"));
                add(format!("{y}-{m:02}-{d:02} 22:00:00 -0500"));
            }
        }
    }
    // Every hour 0–25 with edge minutes and seconds, at month and year ends
    // and over New York's DST changes.
    for date in [
        "2022-02-23",
        "2022-03-01",
        "2022-12-31",
        "2022-03-13",
        "2022-11-06",
    ] {
        for h in 0..=25 {
            for (mi, s) in [(0, 0), (30, 0), (59, 59), (0, 60), (60, 0), (59, 61)] {
                add(format!("{date} {h:02}:{mi:02}:{s:02}"));
                add(format!("{date} {h}:{mi:02}"));
                add(format!("{date}T{h:02}:{mi:02}:{s:02}Z"));
                add(format!("{date} {h:02}:{mi:02}:{s:02} +0800"));
                add(format!("{date} {h:02}:{mi:02}:{s:02} -05:00"));
            }
        }
    }
    // Offsets −15:00…+25:00 in every spelling, attached or not.
    for base in [
        "2022-02-23 08:23:27",
        "2022-03-01 00:30:00",
        "2022-12-31 23:59:59",
        "2022-02-30 22:00:00",
    ] {
        for oh in -15_i32..=25 {
            for om in [0, 30, 45, 59, 60] {
                let sign = if oh < 0 { '-' } else { '+' };
                let h = oh.unsigned_abs();
                for zone in [
                    format!("{sign}{h:02}{om:02}"),
                    format!("{sign}{h:02}:{om:02}"),
                    format!("{sign}{h:02}"),
                    format!("{sign}{h}"),
                    format!("{sign}{h}{om:02}"),
                    format!("{sign}{h}:{om:02}"),
                    format!("{sign}{h:02}:{om:02}:30"),
                ] {
                    add(format!("{base} {zone}"));
                    add(format!("{base}{zone}"));
                }
            }
        }
    }
    // Shapes around the fast path's edges, each quoted and unquoted below.
    let bases = [
        "2021-12-08 10:18:31",
        "2022-02-23 08:23:27 +0800",
        "2022-02-23 08:23:27 +08:00",
        "2022-02-23T08:23:27Z",
        "2022-02-23T08:23:27+08:00",
        "2022-02-23",
        "2022-02-23 08:23",
        "2022-2-3 8:5:3",
        "2022-02-23T08:23",
        "2022-02-23T08:23:27.5Z",
        "2022-02-23T08:23:27.123+08:00",
        "2022-02-23 08:23:27.123456 +0800",
    ];
    let suffixes = [
        "",
        " ",
        "  ",
        "\t",
        "\r",
        " \r",
        "Z",
        " Z",
        "z",
        " UTC",
        "UTC",
        " utc",
        " GMT",
        " gmt",
        " UT",
        " CST",
        " JST",
        " EST",
        " Asia/Shanghai",
        " +0800",
        "+0800",
        "  +0800",
        "\t+0800",
        " +08:00",
        " +8",
        " +800",
        " +08:",
        " +",
        " -",
        ".",
        ".5",
        ".123456789",
        ".0",
        ",5",
        " am",
        " pm",
        "am",
        "h",
        "T",
        " 发布",
        "x",
        "-",
        "/",
        ":",
        ":00",
        "+0800x",
        " (UTC)",
        " Sat",
        " MON",
        " Mar",
        " bc",
        " +99999999999999999999",
        " -0",
        "+08:00:30",
    ];
    for b in bases {
        for s in suffixes {
            add(format!("{b}{s}"));
            add(format!(" {b}{s}"));
            for sep in ["t", "  ", "\t", "_", "T ", " T"] {
                add(format!("{b}{s}").replacen(' ', sep, 1));
            }
        }
        add(b.replace('-', "/"));
        add(b.replace('-', "."));
        add(b.replacen("20", "", 1));
        add(b.replacen("2", "+2", 1));
        add(b.replacen("2", "-2", 1));
        add(b.replacen("2", "'2", 1));
        add(b.replacen("08", "008", 1));
        add(b.replacen(":27", ":270", 1));
        add(b.replacen("2022", "20222", 1));
        add(b.replacen("-02-", "-002-", 1));
        add(b.replacen("-23", "-233", 1));
        add(format!("Wed, {b}"));
        add(format!("{b} Wed"));
    }
    // File-name dates: 4-, 3-, 2- and 1-digit years, months 0–13 and days
    // 0–32 with and without their leading zero, and non-digits.
    for y in ["2022", "2024", "022", "22", "9", "99999"] {
        for m in 0..=13 {
            for d in 0..=32 {
                for (ms, ds) in [
                    (format!("{m:02}"), format!("{d:02}")),
                    (format!("{m}"), format!("{d}")),
                ] {
                    names.insert([y.into(), ms, ds]);
                }
            }
        }
    }
    for odd in ["", "x", "02x", "+2", "-2", " 2", "2 ", "002"] {
        names.insert(["2022".into(), odd.into(), "23".into()]);
        names.insert(["2022".into(), "02".into(), odd.into()]);
        names.insert([odd.into(), "02".into(), "23".into()]);
    }
}

fn general_only<T>(f: impl FnOnce() -> T) -> T {
    GENERAL_ONLY.set(true);
    let out = f();
    GENERAL_ONLY.set(false);
    out
}

/// Both paths, the whole result, compared in full (Debug shows the zone).
fn assert_same(what: &str, run: impl Fn() -> Resolved) {
    let fast = run();
    let general = general_only(&run);
    assert_eq!(fast, general, "{what}");
    assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{what}");
}

#[test]
fn fast_path_takes_the_usual_forms() {
    for s in [
        "2021-12-08 10:18:31",
        "2021-12-08 18:18:31 +0800",
        "2022-02-23 08:23:27 +08:00",
        "2022-02-23 08:23:27 -0500",
        "2022-02-23 08:23:27 UTC",
        "2022-02-23T08:23:27Z",
        "2022-02-23T08:23:27.123+08:00",
        "2022-02-23 08:23",
        "2022-02-23",
        "2022-2-3",
        "2022-13-45",
    ] {
        assert!(fast_date_parse(s).is_some(), "{s}");
    }
    for s in [
        "22-02-23",
        " 2022-02-23",
        "2022-02-23 ",
        "2022-02-23  08:23:27",
        "2022-02-23t08:23:27",
        "2022-02-23 08:23:27 CST",
        "2022-02-23 08:23:27 +08:00:30",
        "2022/02/23",
    ] {
        assert!(fast_date_parse(s).is_none(), "{s}");
    }
}

#[test]
fn fast_path_matches_the_regex_chain() {
    let mut texts = BTreeSet::new();
    let mut names = BTreeSet::new();
    real_dates(
        &shared().join("corpus/finews/_posts"),
        &mut texts,
        &mut names,
    );
    real_dates(
        &shared().join("oracle/jekyll/cases"),
        &mut texts,
        &mut names,
    );
    let real = texts.len();
    assert!(real > 100, "only {real} real dates found");
    generated(&mut texts, &mut names);

    // Every text Time.parse can be handed: the value itself, and what
    // Psych's typing makes of it unquoted in each site zone.
    let zones = zones();
    let mut parsed = texts.clone();
    // The texts whose resolution meets the fast path, one way or the other.
    let mut touched = Vec::new();
    for s in &texts {
        let mut hit = fast_date_parse(s).is_some();
        for tz in &zones {
            let t = psych::tokenize(s, tz, &mut Vec::new());
            hit |= fast_date_parse(&t.ruby_text).is_some();
            parsed.insert(t.ruby_text);
        }
        if hit {
            touched.push(s);
        }
    }
    for [y, m, d] in &names {
        parsed.insert(format!("{y}-{m}-{d}"));
    }
    let mut fast = 0;
    for s in &parsed {
        if let Some(p) = fast_date_parse(s) {
            fast += 1;
            assert_eq!(p, general_date_parse(s), "{s:?}");
        }
    }
    // The test is only worth something if the fast path is taken often.
    assert!(fast * 2 > parsed.len(), "{fast} of {}", parsed.len());

    // The whole resolution, for those texts (the others run the same code
    // either way), in each zone and with each clock.
    for s in touched {
        for (i, tz) in zones.iter().enumerate() {
            for now in clocks().into_iter().take(if i == 0 { 2 } else { 1 }) {
                for v in [DateValue::Plain(s), DateValue::Quoted(s)] {
                    assert_same(&format!("{v:?} in {tz:?}"), || {
                        resolve_front_matter_date_at(v, tz, now)
                    });
                }
            }
        }
    }
    for [y, m, d] in &names {
        for tz in &zones {
            assert_same(&format!("file name {y}-{m}-{d} in {tz:?}"), || {
                resolve_filename_date_at(y, m, d, tz, clocks()[0])
            });
        }
    }
    println!(
        "{real} real dates, {} texts, {} file names; {fast} of {} parses fast",
        texts.len(),
        names.len(),
        parsed.len()
    );
}
