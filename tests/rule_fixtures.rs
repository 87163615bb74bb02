//! Every rule has a fixture site that triggers it and one that must not:
//! `tests/fixtures/<family>/<name>/{trigger,clean}/`, laid over `tests/fixtures/skeleton/`.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

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
    fill_port(dir.path());
    let run = postlint_json(&[dir.path().to_str().unwrap(), "--select", id]);
    assert_ne!(run.code, 2, "{id}/{kind}: {}", run.stderr);
    run
}

/// The online link fixtures point at `http://127.0.0.1:{{PORT}}/…`: a local server started
/// for the run (tests/common/http.rs) answers them, and its port is written into the copies.
fn fill_port(dir: &Path) {
    static SERVER: OnceLock<http::Server> = OnceLock::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            fill_port(&p);
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            if text.contains("{{PORT}}") {
                let port = SERVER.get_or_init(http::Server::start).port;
                std::fs::write(&p, text.replace("{{PORT}}", &port.to_string())).unwrap();
            }
        }
    }
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
