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
