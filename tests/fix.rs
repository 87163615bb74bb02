//! `lint --fix` round trips on copies of the real corpus and of the rule fixtures: the fixed
//! findings are gone, only bytes inside the reported fix spans change (checked by replaying the
//! edits of the JSON `fix` field), a second `--fix` changes nothing, `--diff` writes nothing
//! and its patch gives the same files, and permissions are kept.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `postlint lint . ARGS` inside `dir` (so paths are relative, as `patch -p0` wants).
fn postlint_in(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .current_dir(dir)
        .args(["lint", "."])
        .args(args)
        .args(["--now", ORACLE_NOW])
        .output()
        .expect("run postlint");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = postlint_in(dir, &all);
    assert_ne!(out.code, 2, "{}", out.stderr);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            out.stderr
        )
    })
}

fn diags(j: &Value) -> &Vec<Value> {
    j["diagnostics"].as_array().unwrap()
}

/// Every regular file under `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                walk(root, &e.path(), out);
            } else if ft.is_file() {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Byte offset of a 1-based line and 1-based column counted in characters.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..]
            .find('\n')
            .map_or(text.len() - start, |i| i + 1);
    }
    let mut at = start;
    for c in text[start..].chars().take(column as usize - 1) {
        at += c.len_utf8();
    }
    at
}

fn edits_of(text: &str, d: &Value) -> Vec<(Range<usize>, String)> {
    d["fix"]["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let u = |k: &str| e[k].as_u64().unwrap();
            let s = offset(text, u("line"), u("column"));
            let t = offset(text, u("end_line"), u("end_column"));
            (s..t, e["replacement"].as_str().unwrap().to_string())
        })
        .collect()
}

fn conflict(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.is_empty() && b.is_empty() && a.start == b.start)
}

/// Does by hand what `--fix` should do, from the JSON findings only: in each round, apply the
/// reported edits that overlap no edit taken before them, then lint again. Returns the rounds.
fn replay(dir: &Path, extra: &[&str]) -> usize {
    for round in 0..8 {
        let j = json_in(dir, extra);
        let mut by_path: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for d in diags(&j).iter().filter(|d| !d["fix"].is_null()) {
            by_path
                .entry(d["path"].as_str().unwrap().to_string())
                .or_default()
                .push(d);
        }
        if by_path.is_empty() {
            return round;
        }
        for (path, ds) in by_path {
            let p = dir.join(&path);
            let text = fs::read_to_string(&p).unwrap();
            let mut taken: Vec<(Range<usize>, String)> = Vec::new();
            for d in ds {
                let edits = edits_of(&text, d);
                if edits
                    .iter()
                    .any(|(s, _)| taken.iter().any(|(t, _)| conflict(s, t)))
                {
                    continue;
                }
                taken.extend(edits);
            }
            taken.sort_by_key(|(s, _)| (s.start, s.end));
            let mut out = String::new();
            let mut at = 0;
            for (s, r) in &taken {
                out.push_str(&text[at..s.start]);
                out.push_str(r);
                at = s.end;
            }
            out.push_str(&text[at..]);
            fs::write(&p, out).unwrap();
        }
    }
    panic!("fixes did not converge in 8 rounds in {}", dir.display());
}

/// (path, rule) → count, of all findings and of the fixable ones.
fn counts(j: &Value, fixable_only: bool) -> BTreeMap<(String, String), usize> {
    let mut m = BTreeMap::new();
    for d in diags(j) {
        if fixable_only && d["fix"].is_null() {
            continue;
        }
        let k = (
            d["path"].as_str().unwrap().to_string(),
            d["rule"].as_str().unwrap().to_string(),
        );
        *m.entry(k).or_default() += 1;
    }
    m
}

fn chmod_all(dir: &Path, mode: u32) {
    for (rel, _) in snapshot(dir) {
        fs::set_permissions(dir.join(rel), fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// The whole round trip on a site laid out in `site` (left untouched). Returns the fixed
/// files (relative path → before, after) and the JSON before and after fixing.
struct Trip {
    changed: BTreeMap<PathBuf, (Vec<u8>, Vec<u8>)>,
    before: Value,
    after: Value,
    fixed_dir: tempfile::TempDir,
}

fn round_trip(site: &Path, extra: &[&str]) -> Trip {
    let name = site.display().to_string();
    // A: fixed by postlint. B: fixed by replaying the JSON edits. C: patched with the --diff.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    for d in [&a, &b, &c] {
        copy_dir(site, d.path());
    }
    chmod_all(a.path(), 0o640);
    let original = snapshot(a.path());
    let before = json_in(a.path(), extra);

    // --diff writes nothing, and says whether something would change.
    let mut args = vec!["--fix", "--diff"];
    args.extend_from_slice(extra);
    let diff = postlint_in(a.path(), &args);
    assert_ne!(diff.code, 2, "{name}: {}", diff.stderr);
    assert_eq!(
        snapshot(a.path()),
        original,
        "{name}: --diff wrote something"
    );
    let fixable = diags(&before).iter().any(|d| !d["fix"].is_null());
    assert_eq!(diff.code == 1, fixable, "{name}: --diff exit code");
    assert_eq!(diff.stdout.is_empty(), !fixable, "{name}: --diff output");

    // --fix.
    let mut args = vec!["--fix", "--format", "json"];
    args.extend_from_slice(extra);
    let fixed = postlint_in(a.path(), &args);
    assert_ne!(fixed.code, 2, "{name}: {}", fixed.stderr);
    let after: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    let now = snapshot(a.path());
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>(),
        "{name}: files appeared or vanished (a temporary file left behind?)"
    );
    let changed: BTreeMap<PathBuf, (Vec<u8>, Vec<u8>)> = original
        .iter()
        .filter(|(k, v)| now[*k] != **v)
        .map(|(k, v)| (k.clone(), (v.clone(), now[k].clone())))
        .collect();
    assert_eq!(
        changed.is_empty(),
        !fixable,
        "{name}: fixable but unchanged"
    );

    // The summary counts the fixes and the files.
    let files_fixed = after["summary"]["files_fixed"].as_u64().unwrap() as usize;
    assert_eq!(files_fixed, changed.len(), "{name}: files_fixed");
    let applied = after["summary"]["fixes_applied"].as_u64().unwrap() as usize;
    let fixable_before = diags(&before)
        .iter()
        .filter(|d| !d["fix"].is_null())
        .count();
    assert!(
        applied >= fixable_before,
        "{name}: {applied} < {fixable_before}"
    );

    // The report after fixing is the re-lint: the same as a fresh lint, with nothing fixable.
    let mut again = json_in(a.path(), extra);
    let mut reported = after.clone();
    for j in [&mut again, &mut reported] {
        j["summary"] = Value::Null;
    }
    assert_eq!(
        reported, again,
        "{name}: the report after --fix is not the re-lint"
    );
    let left: Vec<_> = diags(&after)
        .iter()
        .filter(|d| !d["fix"].is_null())
        .collect();
    assert!(
        left.is_empty(),
        "{name}: fixable findings remain: {left:#?}"
    );
    // Exactly the fixed findings are gone; the others of the same rule stay.
    let all_before = counts(&before, false);
    let all_after = counts(&after, false);
    for (k, n) in counts(&before, true) {
        assert_eq!(
            all_after.get(&k).copied().unwrap_or(0),
            all_before[&k] - n,
            "{name}: {k:?} after fixing"
        );
    }

    // Only bytes inside the reported fix spans changed: replaying the reported edits gives
    // exactly the same files.
    replay(b.path(), extra);
    let replayed = snapshot(b.path());
    for (k, v) in &now {
        assert!(
            replayed[k] == *v,
            "{name}: {} differs from the replay of the reported edits",
            k.display()
        );
    }

    // The --diff output applies cleanly and gives the --fix result.
    if !diff.stdout.is_empty() {
        let patch = c.path().join("fix.patch");
        fs::write(&patch, &diff.stdout).unwrap();
        let out = Command::new("patch")
            .current_dir(c.path())
            .args(["-p0", "--batch", "--forward", "-i"])
            .arg(&patch)
            .output()
            .expect("run patch");
        assert!(
            out.status.success(),
            "{name}: patch failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        fs::remove_file(&patch).unwrap();
        let patched = snapshot(c.path());
        for (k, v) in &now {
            assert!(
                patched[k] == *v,
                "{name}: {} patched with --diff differs from --fix",
                k.display()
            );
        }
    }

    // Permissions kept.
    for k in changed.keys() {
        let mode = fs::metadata(a.path().join(k)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{name}: {} mode {mode:o}", k.display());
    }

    // Idempotent: a second --fix changes nothing.
    let second = postlint_in(a.path(), &args);
    assert_ne!(second.code, 2, "{name}: {}", second.stderr);
    let j: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(j["summary"]["fixes_applied"], 0, "{name}");
    assert_eq!(
        snapshot(a.path()),
        now,
        "{name}: a second --fix changed files"
    );
    let mut args = vec!["--fix", "--diff"];
    args.extend_from_slice(extra);
    let diff = postlint_in(a.path(), &args);
    assert_eq!((diff.code, diff.stdout.len()), (0, 0), "{name}");

    Trip {
        changed,
        before,
        after,
        fixed_dir: a,
    }
}

#[test]
fn finews_round_trip() {
    let site = finews_with_seed();
    let trip = round_trip(site.path(), &[]);
    let rules_fixed: std::collections::BTreeSet<_> = diags(&trip.before)
        .iter()
        .filter(|d| !d["fix"].is_null())
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for r in [
        "date/zoneless-utc",
        "front-matter/not-recognized",
        "html/bare-lt",
    ] {
        assert!(rules_fixed.contains(r), "{r} not among {rules_fixed:?}");
    }
    assert!(trip.changed.len() > 90, "{}", trip.changed.len());
    // The reference post only gets its protocol-relative links to the site's own host made
    // canonical (`url:` is https://finews.withounder.com).
    for (k, (before, after)) in &trip.changed {
        if k.ends_with(SEED) {
            let expected = String::from_utf8_lossy(before).replace(
                "](//finews.withounder.com/",
                "](https://finews.withounder.com/",
            );
            assert_eq!(String::from_utf8_lossy(after), expected);
        }
    }
    // The same, with the news preset's rules on.
    let with_preset = finews_with_seed();
    fs::write(
        with_preset.path().join(".postlint.yml"),
        "presets: [news-cn]\n",
    )
    .unwrap();
    round_trip(with_preset.path(), &[]);
}

#[test]
fn zoneless_finews_dates_get_the_site_offset_and_keep_their_time() {
    use postlint::date::{resolve_front_matter_date_at, DateValue};
    let site = finews_with_seed();
    let trip = round_trip(site.path(), &["--select", "date"]);
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let now: jiff::Timestamp = ORACLE_NOW.parse().unwrap();
    let mut n = 0;
    for (path, (before, after)) in &trip.changed {
        let (before, after) = (
            String::from_utf8(before.clone()).unwrap(),
            String::from_utf8(after.clone()).unwrap(),
        );
        let date_line = |t: &str| {
            t.lines()
                .find_map(|l| l.strip_prefix("date: ").map(str::to_string))
                .unwrap()
        };
        let (old, new) = (date_line(&before), date_line(&after));
        assert_eq!(new, format!("{old} +0800"), "{}", path.display());
        // Nothing else in the file moved.
        assert_eq!(
            after,
            before.replacen(&format!("date: {old}\n"), &format!("date: {new}\n"), 1)
        );
        // The written local time, as Jekyll reads it when quoted (Time.parse in the site zone)…
        let meant = resolve_front_matter_date_at(DateValue::Quoted(&old), &tz, now)
            .result
            .unwrap();
        // …is what the fixed, unquoted value now gives; the unfixed one was read as UTC.
        let fixed = resolve_front_matter_date_at(DateValue::Plain(&new), &tz, now)
            .result
            .unwrap();
        let unfixed = resolve_front_matter_date_at(DateValue::Plain(&old), &tz, now)
            .result
            .unwrap();
        assert_eq!(fixed.datetime(), meant.datetime(), "{}", path.display());
        assert_eq!(fixed.timestamp(), meant.timestamp(), "{}", path.display());
        assert_ne!(unfixed.timestamp(), meant.timestamp());
        n += 1;
    }
    assert!(n >= 94, "only {n} dates fixed");
    let zoneless = diags(&trip.after)
        .iter()
        .filter(|d| d["rule"] == "date/zoneless-utc")
        .count();
    assert_eq!(zoneless, 0);
    // Also the post hidden behind a blank line before its front matter: fixed with all rules
    // (two rounds: the blank line, then its date).
    let all = round_trip(site.path(), &[]);
    let hidden = all
        .changed
        .iter()
        .find(|(k, _)| k.ends_with("2021-12-08-202112082206703990.md"))
        .map(|(_, (_, a))| String::from_utf8(a.clone()).unwrap())
        .unwrap();
    assert!(hidden.starts_with("---\n"), "{hidden:.40}");
    assert!(hidden.contains("\ndate: 2021-12-08 10:18:31 +0800\n"));
    drop(all.fixed_dir);
}

#[test]
fn every_trigger_fixture_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut fixed_rules = std::collections::BTreeSet::new();
    for fam in fs::read_dir(&root).unwrap().flatten() {
        if fam.file_name() == "skeleton" || !fam.path().is_dir() {
            continue;
        }
        for r in fs::read_dir(fam.path()).unwrap().flatten() {
            let site = tempfile::tempdir().unwrap();
            copy_dir(&root.join("skeleton"), site.path());
            copy_dir(&r.path().join("trigger"), site.path());
            common::http::fill_port(site.path());
            let trip = round_trip(site.path(), &[]);
            for d in diags(&trip.before) {
                if !d["fix"].is_null() {
                    fixed_rules.insert(d["rule"].as_str().unwrap().to_string());
                }
            }
        }
    }
    // Every rule that declares a fix has one on its trigger fixture, and only those have fixes.
    let out = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .arg("rules")
        .output()
        .unwrap();
    let declared: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.ends_with("(fixable)"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(fixed_rules, declared);
}

#[test]
fn a_title_with_an_unescaped_quote_becomes_parseable() {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(&root.join("skeleton"), site.path());
    let post = |title: &str, more: &str| {
        format!("---\nlayout: post\ntitle: {title}\n{more}date: 2022-02-23 08:23:27 +0800\n---\n<p>正文。</p>\n")
    };
    let cases = [
        // (file, front matter line(s), fixed title line, or None when it must stay)
        (
            "a",
            post(r#""他说"你好"吧""#, ""),
            Some(r#"title: '他说"你好"吧'"#),
        ),
        (
            "b",
            post(r#""It's "quoted"""#, ""),
            Some(r#"title: 'It''s "quoted"'"#),
        ),
        // Two broken lines: fixed over two rounds.
        (
            "c",
            post(r#""a "b" c""#, "description: \"d \"e\" f\"\n"),
            Some(r#"title: 'a "b" c'"#),
        ),
        // A backslash escape: single quotes would change its meaning.
        ("d", post(r#""a \t "b" c""#, ""), None),
        // Not the whole line.
        ("e", post(r#""a "b" c" # note"#, ""), None),
    ];
    fs::create_dir_all(site.path().join("_posts")).unwrap();
    for (name, text, _) in &cases {
        fs::write(
            site.path().join(format!("_posts/2022-02-23-{name}.md")),
            text,
        )
        .unwrap();
    }
    let trip = round_trip(site.path(), &[]);
    for (name, text, want) in &cases {
        let file = format!("_posts/2022-02-23-{name}.md");
        let now = fs::read_to_string(trip.fixed_dir.path().join(&file)).unwrap();
        let errors: Vec<_> = diags(&trip.after)
            .iter()
            .filter(|d| d["path"] == file.as_str() && d["rule"] == "front-matter/yaml-syntax")
            .collect();
        match want {
            Some(line) => {
                assert!(now.contains(&format!("\n{line}\n")), "{name}: {now}");
                assert!(errors.is_empty(), "{name}: {errors:#?}");
            }
            None => {
                assert_eq!(&now, text, "{name} must not be touched");
                assert_eq!(errors.len(), 1, "{name}");
            }
        }
    }
    let c = fs::read_to_string(trip.fixed_dir.path().join("_posts/2022-02-23-c.md")).unwrap();
    assert!(c.contains("\ndescription: 'd \"e\" f'\n"), "{c}");
}

#[test]
fn human_summary_counts_the_fixes() {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(&root.join("skeleton"), site.path());
    copy_dir(&root.join("date/zoneless-utc/trigger"), site.path());
    let out = postlint_in(site.path(), &["--fix", "--color", "never"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 fix applied in 1 file; 1 file checked"),
        "{text}"
    );
    assert_eq!(out.code, 0, "{text}");
    // --diff needs --fix.
    let out = postlint_in(site.path(), &["--diff"]);
    assert_eq!(out.code, 2);
}

#[test]
fn only_reported_findings_are_fixed() {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(&root.join("skeleton"), site.path());
    let head = "---\nlayout: post\ntitle: x\ndate: 2022-02-23 08:23:27\n---\n";
    let suppressed =
        format!("{head}<!-- postlint-disable-next-line html/bare-lt -->\n<p>涨幅<1%</p>\n");
    fs::create_dir_all(site.path().join("_posts")).unwrap();
    let p = site.path().join("_posts/2022-02-23-a.md");
    fs::write(&p, &suppressed).unwrap();
    // A suppressed finding and an ignored rule are not fixed…
    let out = postlint_in(site.path(), &["--fix", "--ignore", "date"]);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert_eq!(fs::read_to_string(&p).unwrap(), suppressed);
    // …and a selected one is.
    let out = postlint_in(site.path(), &["--fix", "--select", "date/zoneless-utc"]);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        suppressed.replace("08:23:27\n", "08:23:27 +0800\n")
    );
}
