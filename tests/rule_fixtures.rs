//! Every rule has a fixture site that triggers it and one that must not:
//! `tests/fixtures/<family>/<name>/{trigger,clean}/`, laid over `tests/fixtures/skeleton/`.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn rule_ids() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .arg("rules")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn run_fixture(id: &str, kind: &str) -> Run {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let fixture = root.join(id).join(kind);
    assert!(
        fixture.is_dir(),
        "{id} has no {kind} fixture at {}",
        fixture.display()
    );
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("skeleton"), dir.path());
    copy_dir(&fixture, dir.path());
    http::fill_port(dir.path());
    let run = postlint_json(&[dir.path().to_str().unwrap(), "--select", id]);
    assert_ne!(run.code, 2, "{id}/{kind}: {}", run.stderr);
    run
}

#[test]
fn every_rule_triggers_on_its_fixture_and_not_on_the_clean_one() {
    let ids = rule_ids();
    assert!(ids.len() >= 30, "{ids:?}");
    let mut failures = Vec::new();
    for id in &ids {
        let hit = run_fixture(id, "trigger");
        let n = hit
            .diagnostics()
            .iter()
            .filter(|d| d["rule"] == id.as_str())
            .count();
        if n == 0 {
            failures.push(format!(
                "{id}: trigger fixture produced nothing: {:#?}",
                hit.diagnostics()
            ));
        }
        let clean = run_fixture(id, "clean");
        let n = clean
            .diagnostics()
            .iter()
            .filter(|d| d["rule"] == id.as_str())
            .count();
        if n != 0 {
            failures.push(format!(
                "{id}: clean fixture produced {n}: {:#?}",
                clean.diagnostics()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_fixture_without_a_rule() {
    let ids = rule_ids();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for fam in std::fs::read_dir(&root).unwrap().flatten() {
        if fam.file_name() == "skeleton" || !fam.path().is_dir() {
            continue;
        }
        for r in std::fs::read_dir(fam.path()).unwrap().flatten() {
            let id = format!(
                "{}/{}",
                fam.file_name().to_string_lossy(),
                r.file_name().to_string_lossy()
            );
            assert!(ids.contains(&id), "fixture {id} has no rule");
        }
    }
}

/// `front-matter/duplicate-key` keeps short front matter in a list and a long one in a map:
/// a repeat is found on both sides of the switch (after 32 keys), against its first place.
#[test]
fn duplicate_keys_are_found_in_a_long_front_matter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("skeleton"), dir.path());
    let mut fm = String::from("---\nlayout: post\ntitle: long\n");
    for i in 0..40 {
        fm.push_str(&format!("k{i}: {i}\n"));
    }
    fm.push_str("k1: again\nk35: again\n---\nText.\n");
    let posts = dir.path().join("_posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(posts.join("2022-02-23-long.md"), fm).unwrap();
    // SARIF, for the place each repeat is first given (a related location).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["lint", dir.path().to_str().unwrap()])
        .args([
            "--select",
            "front-matter/duplicate-key",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let line = |loc: &serde_json::Value| loc["physicalLocation"]["region"]["startLine"].as_u64();
    let found: Vec<(Option<u64>, Option<u64>, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                line(&r["locations"][0]),
                line(&r["relatedLocations"][0]),
                r["message"]["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // Lines: 1 `---`, 2 layout, 3 title, then k0..k39 on 4..43: k1 on 5, k35 on 39.
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (Some(44), Some(5)), "{found:?}");
    assert!(
        found[0].2.starts_with("`k1` is given more than once"),
        "{found:?}"
    );
    assert_eq!((found[1].0, found[1].1), (Some(45), Some(39)), "{found:?}");
    assert!(
        found[1].2.starts_with("`k35` is given more than once"),
        "{found:?}"
    );
}
