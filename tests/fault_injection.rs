//! Faults injected into real posts are caught; harmless rewrites of every real post add nothing.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

type Edit = Box<dyn Fn(&str) -> String>;
type Rewrite = Box<dyn Fn(&[u8]) -> Vec<u8>>;
type Findings = BTreeMap<String, Vec<String>>;

/// A copy of the finews site with the reference post in `_posts/` and the news-cn preset on.
fn site() -> tempfile::TempDir {
    let dir = finews_with_seed();
    fs::write(dir.path().join(".postlint.yml"), "presets: [news-cn]\n").unwrap();
    dir
}

/// Rules reported per file (errors and warnings), as a sorted multiset.
fn findings(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let run = postlint_json(&[dir.to_str().unwrap()]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in run.diagnostics() {
        if d["severity"] == "info" {
            continue;
        }
        let file = d["path"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        m.entry(file)
            .or_default()
            .push(d["rule"].as_str().unwrap().to_string());
    }
    for v in m.values_mut() {
        v.sort();
    }
    m
}

fn seed_rules_after(edit: impl Fn(&str) -> String) -> Vec<String> {
    let dir = site();
    let p = dir.path().join("_posts").join(SEED);
    let text = fs::read_to_string(&p).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the fault must change the post");
    fs::write(&p, changed).unwrap();
    let run = postlint_json(&[p.to_str().unwrap()]);
    run.for_file(SEED)
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn faults_in_the_reference_post_are_caught() {
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "a removed </p>",
            Box::new(|t: &str| t.replacen("</p>", "", 1)),
            "html/unclosed",
        ),
        (
            "a stray </p>",
            Box::new(|t: &str| t.replacen("</p>\n", "</p></p>\n", 1)),
            "html/stray-end-tag",
        ),
        (
            "a removed credit",
            Box::new(|t: &str| t.replace("<p class=\"em_media\">（文章来源：漯河日报）</p>", "")),
            "attribution/missing",
        ),
        (
            "an emptied credit",
            Box::new(|t: &str| t.replace("（文章来源：漯河日报）", "（文章来源：）")),
            "attribution/empty",
        ),
        (
            "an emptied source link",
            Box::new(|t: &str| {
                t.replace("<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202232285347935>", "<>")
            }),
            "attribution/empty",
        ),
        (
            "an unclosed {{",
            Box::new(|t: &str| t.replacen("<p>最是", "<p>{{ 最是", 1)),
            "liquid/syntax",
        ),
        (
            "a wrong credit",
            Box::new(|t: &str| t.replace("文章来源：漯河日报", "文章来源：上海证券报")),
            "attribution/mismatch",
        ),
    ];
    let mut missed = Vec::new();
    for (what, edit, rule) in cases {
        let got = seed_rules_after(edit);
        if !got.iter().any(|r| r == rule) {
            missed.push(format!("{what}: expected {rule}, got {got:?}"));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// Applies a rewrite to every post of the site, returns the findings.
fn findings_after_rewrite(rewrite: &dyn Fn(&[u8]) -> Vec<u8>) -> (Findings, Findings) {
    let dir = site();
    let before = findings(dir.path());
    for e in fs::read_dir(dir.path().join("_posts")).unwrap().flatten() {
        let b = fs::read(e.path()).unwrap();
        fs::write(e.path(), rewrite(&b)).unwrap();
    }
    (before, findings(dir.path()))
}

fn reorder_keys(text: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let Some(end) = rest.find("\n---\n") else {
        return text.to_string();
    };
    let mut lines: Vec<&str> = rest[..end].lines().collect();
    lines.reverse();
    format!("---\n{}{}", lines.join("\n"), &rest[end..])
}

fn single_quote_title(text: &str) -> String {
    text.lines()
        .map(|l| {
            match l
                .strip_prefix("title: \"")
                .and_then(|v| v.strip_suffix('"'))
            {
                Some(v) if !v.contains(['\\', '"']) => {
                    format!("title: '{}'", v.replace('\'', "''"))
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

#[test]
fn harmless_rewrites_of_every_real_post_add_nothing() {
    let text = |f: fn(&str) -> String| move |b: &[u8]| f(&String::from_utf8_lossy(b)).into_bytes();
    let rewrites: Vec<(&str, Rewrite)> = vec![
        ("CRLF", Box::new(text(|t| t.replace('\n', "\r\n")))),
        (
            "BOM",
            Box::new(|b: &[u8]| [&[0xEF, 0xBB, 0xBF][..], b].concat()),
        ),
        ("key order", Box::new(text(reorder_keys))),
        ("single-quoted title", Box::new(text(single_quote_title))),
        (
            "final newline",
            Box::new(text(|t| {
                if t.ends_with('\n') {
                    t.trim_end_matches('\n').to_string()
                } else {
                    format!("{t}\n")
                }
            })),
        ),
    ];
    let mut problems = Vec::new();
    for (what, rw) in rewrites {
        let (before, after) = findings_after_rewrite(rw.as_ref());
        assert!(
            before.contains_key("-202205262391921712.md"),
            "baseline sees the corpus defects"
        );
        for (file, rules) in &after {
            let was = before.get(file).cloned().unwrap_or_default();
            let added: Vec<&String> = rules
                .iter()
                .filter(|r| {
                    rules.iter().filter(|x| x == r).count() > was.iter().filter(|x| x == r).count()
                })
                .collect();
            if !added.is_empty() {
                problems.push(format!("{what}: {file} gained {added:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
