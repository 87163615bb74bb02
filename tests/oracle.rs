//! Builds every case of ../shared/oracle/jekyll as a site and checks expected.tsv.

mod common;

use std::fs;

use common::*;

/// Families whose rules exist; cases that need others (Liquid, HTML) are skipped until then.
fn families() -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_postlint"))
        .arg("rules")
        .output()
        .unwrap();
    let mut f: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split('/').next().map(str::to_string))
        .collect();
    f.dedup();
    f
}

#[test]
fn oracle_cases_agree_with_expected_tsv() {
    let oracle = shared().join("oracle/jekyll");
    let expected = fs::read_to_string(oracle.join("expected.tsv")).unwrap();
    let fams = families();
    let jekyll_facing: Vec<&str> = [
        "front-matter",
        "date",
        "filename",
        "encoding",
        "liquid",
        "html",
    ]
    .into_iter()
    .filter(|f| fams.iter().any(|x| x == f))
    .collect();
    let select = jekyll_facing.join(",");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (case, expect) = (cols.next().unwrap(), cols.next().unwrap());
        let needs_body = ["90-", "93-", "94-", "96-", "97-"]
            .iter()
            .any(|p| case.starts_with(p));
        if needs_body && !(fams.iter().any(|f| f == "liquid") && fams.iter().any(|f| f == "html")) {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&oracle.join("site"), dir.path());
        copy_dir(&oracle.join("cases").join(case), dir.path());
        let meta: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join("meta.json")).unwrap())
                .unwrap();
        fs::remove_file(dir.path().join("meta.json")).unwrap();
        let mut config = fs::read_to_string(dir.path().join("_config.yml")).unwrap();
        if meta["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "--future")
        {
            config.push_str("\nfuture: true\n");
        }
        if let Some(extra) = meta["extra_config"].as_str() {
            config.push('\n');
            config.push_str(extra);
        }
        fs::write(dir.path().join("_config.yml"), config).unwrap();
        let run = postlint_json(&[dir.path().to_str().unwrap(), "--select", &select]);
        assert_ne!(run.code, 2, "{case}: run failed: {}", run.stderr);
        let sev: Vec<&str> = run
            .diagnostics()
            .iter()
            .map(|d| d["severity"].as_str().unwrap())
            .collect();
        let errors = sev.iter().filter(|s| **s == "error").count();
        let warnings = sev.iter().filter(|s| **s == "warning").count();
        let ok = match expect {
            "error" => errors > 0,
            "warn+" => errors + warnings > 0,
            "clean" => errors + warnings == 0,
            "any" => true,
            other => panic!("unknown expectation {other}"),
        };
        // Exit code follows the contract: 1 exactly when there is an error.
        assert_eq!(run.code, i32::from(errors > 0), "{case}: exit code");
        if !ok {
            let found: Vec<String> = run
                .diagnostics()
                .iter()
                .map(|d| format!("{} {}: {}", d["severity"], d["rule"], d["message"]))
                .collect();
            failures.push(format!("{case}: expected {expect}, got {found:#?}"));
        }
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "{} oracle case(s) disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
