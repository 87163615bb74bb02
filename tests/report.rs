//! The report formats, end to end with the real binary: SARIF against the official schema and
//! the rule docs, GitHub escaping of odd paths, `--output`, and the job summary.
//! (The byte-exact snapshots of every format are the `report-site-*` trycmd cases.)

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-11-27T20:40:00Z";

fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures-report/site")
}

/// Runs `postlint lint` in `dir` with `args`, without the caller's GitHub summary variable.
fn lint(dir: &Path, args: &[&str], step_summary: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postlint"));
    cmd.current_dir(dir)
        .arg("lint")
        .args(["--now", NOW, "--color", "never"])
        .args(args)
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(p) = step_summary {
        cmd.env("GITHUB_STEP_SUMMARY", p);
    }
    cmd.output().expect("run postlint")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn check_jsonschema(schema: &Path, doc: &Path) -> Output {
    Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(schema)
        .arg(doc)
        .output()
        .expect("run check-jsonschema")
}

#[test]
fn sarif_validates_against_the_official_sarif_2_1_0_schema() {
    if !have("check-jsonschema") {
        eprintln!(
            "SKIPPED: check-jsonschema is not installed (`pip install check-jsonschema`; \
             .ci/run installs it), so the SARIF output was not validated against the schema"
        );
        return;
    }
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("postlint.sarif");
    let run = lint(
        &site(),
        &["--format", "sarif", "--output", out.to_str().unwrap()],
        None,
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let check = check_jsonschema(&schema, &out);
    assert!(
        check.status.success(),
        "postlint's SARIF does not validate:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    // A run without findings is a valid document too (empty results).
    let clean = dir.path().join("clean.sarif");
    let run = lint(
        &site(),
        &[
            "_posts/2022-02-26-clean.md",
            "--format",
            "sarif",
            "--output",
            clean.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(check_jsonschema(&schema, &clean).status.success());

    // The validator is not a rubber stamp: a wrong columnKind and a zero line are rejected.
    let mut v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    v["runs"][0]["columnKind"] = "bytes".into();
    v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let bad = dir.path().join("bad.sarif");
    std::fs::write(&bad, v.to_string()).unwrap();
    assert!(!check_jsonschema(&schema, &bad).status.success());
}

#[test]
fn sarif_rules_come_from_the_rule_docs_and_results_point_at_them() {
    let run = lint(&site(), &["--format", "sarif"], None);
    let v: Value = serde_json::from_str(&stdout(&run)).expect("one JSON document");
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "postlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let metas = postlint::rules::metas();
    assert_eq!(rules.len(), metas.len());
    for (r, m) in rules.iter().zip(metas) {
        assert_eq!(r["id"], m.id);
        assert_eq!(r["shortDescription"]["text"], m.summary.as_str());
        let full = r["fullDescription"]["text"].as_str().unwrap();
        assert!(
            !full.is_empty() && !full.contains('\n'),
            "{}: {full:?}",
            m.id
        );
        assert!(
            m.body.replace('\n', " ").starts_with(full),
            "{}: not the first paragraph",
            m.id
        );
        assert_eq!(r["help"]["markdown"], m.body);
        assert_eq!(
            r["helpUri"],
            format!(
                "https://github.com/postlint/postlint/blob/main/rules/{}.md",
                m.id
            )
        );
        let level = match m.severity {
            postlint::diagnostic::Severity::Error => "error",
            postlint::diagnostic::Severity::Warning => "warning",
            postlint::diagnostic::Severity::Info => "note",
        };
        assert_eq!(r["defaultConfiguration"]["level"], level, "{}", m.id);
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("_posts/"), "relative, with slashes: {uri}");
    }
    let by_rule = |id: &str| results.iter().find(|r| r["ruleId"] == id).unwrap();
    // Columns count characters: `<` after `<p>涨幅` is column 6, though byte 9 of the line.
    let lt = by_rule("html/bare-lt");
    let region = &lt["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"]
        ),
        (&Value::from(6), &Value::from(6), &Value::from(7))
    );
    let rep = &lt["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(rep["insertedContent"]["text"], "&lt;");
    assert_eq!(rep["deletedRegion"], *region);
    // An insertion is an empty region: start column == end column.
    let z = &by_rule("date/zoneless-utc")["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        z["deletedRegion"]["startColumn"],
        z["deletedRegion"]["endColumn"]
    );
    assert_eq!(z["insertedContent"]["text"], " +0800");
    // Secondary labels become related locations.
    let y = by_rule("front-matter/yaml-syntax");
    assert_eq!(y["level"], "error");
    assert_eq!(
        y["relatedLocations"][0]["message"]["text"],
        "the YAML parser gives up here"
    );
    assert_eq!(by_rule("filename/ignored")["level"], "note");
}

/// A site whose post name holds `%`, `,` and `:` (legal on Unix; GitHub must get them escaped).
#[cfg(unix)]
#[test]
fn github_escapes_percent_comma_and_colon_in_the_path_and_newlines_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(root.join("_config.yml"), "timezone: Asia/Shanghai\n").unwrap();
    std::fs::write(
        root.join("_posts/2022-02-23-100%,a:b.md"),
        "---\ntitle: 涨幅\ndate: 2022-02-23 20:00:00\n---\n正文\n",
    )
    .unwrap();
    let run = lint(
        root,
        &["--format", "github", "--select", "date/zoneless-utc"],
        None,
    );
    let out = stdout(&run);
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with(
            "::warning file=_posts/2022-02-23-100%25%2Ca%3Ab.md,line=3,endLine=3,col=7,endColumn=26,\
             title=date/zoneless-utc::an unquoted date"
        ),
        "{line}"
    );
    // One command per line: the help is on the same line, after an escaped newline.
    assert!(line.contains("%0Ahelp: add the offset you meant"), "{line}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::")).count(),
        1,
        "{out}"
    );
    assert!(
        !line[2..].contains("::w"),
        "no unescaped `::` inside: {line}"
    );
}

#[test]
fn output_writes_the_same_report_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "json", "github", "sarif"] {
        let path = dir.path().join(format!("report.{format}"));
        std::fs::write(&path, "old contents").unwrap();
        let to_file = lint(
            &site(),
            &["--format", format, "--output", path.to_str().unwrap()],
            None,
        );
        assert_eq!(to_file.status.code(), Some(1), "{format}");
        assert!(to_file.stdout.is_empty(), "{format}: {}", stdout(&to_file));
        let to_stdout = lint(&site(), &["--format", format], None);
        let written = std::fs::read_to_string(&path).unwrap();
        let strip_time = |s: &str| {
            s.lines()
                .filter(|l| !l.contains(" info in "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            strip_time(&written),
            strip_time(&stdout(&to_stdout)),
            "{format}"
        );
    }
    // Written by rename: no temporary file is left beside the report.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.starts_with("report.")), "{names:?}");
    // A report that cannot be written is a failed run (exit 2), not a silent success.
    let run = lint(
        &site(),
        &["--format", "json", "--output", "/nonexistent-dir/x.json"],
        None,
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot write"));
}

#[test]
fn the_job_summary_is_appended_to_github_step_summary_whatever_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("step_summary.md");
    std::fs::write(&summary, "# earlier step\n\n").unwrap();
    let json = lint(&site(), &["--format", "json"], Some(&summary));
    assert_eq!(json.status.code(), Some(1));
    // stdout stays one JSON document.
    serde_json::from_str::<Value>(&stdout(&json)).expect("JSON untouched by the summary");
    let sarif = lint(&site(), &["--format", "sarif"], Some(&summary));
    assert_eq!(sarif.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("# earlier step\n\n## postlint\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("## postlint").count(),
        2,
        "appended once per run: {text}"
    );
    assert!(text.contains("| `front-matter/yaml-syntax` | 1 | 0 | 0 |"));
    assert!(text.contains("| `_posts/2022-02-23-quote.md` | 1 | 0 | 0 |"));
    // The error comes first among the quoted findings, with its source line.
    let first = text.find("- **").unwrap();
    assert!(text[first..].starts_with("- **error** `front-matter/yaml-syntax`"));
    assert!(text.contains("  ```text\n  title: \"他说\"你好\"吧\"\n  ```"));
    // How to fix, from the rule doc.
    assert!(text.contains("): Quote the value so that YAML reads it as one string."));
    // Not the annotation note: these runs wrote no annotations.
    assert!(!text.contains("annotations of each kind"));
}

#[test]
fn the_job_summary_says_when_github_hides_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(root.join("_config.yml"), "timezone: Asia/Shanghai\n").unwrap();
    for i in 1..=12 {
        std::fs::write(
            root.join(format!("_posts/2022-01-{i:02}-p.md")),
            format!("---\ntitle: t\ndate: 2022-01-{i:02} 08:00:00\n---\nx\n"),
        )
        .unwrap();
    }
    let summary = root.join("summary.md");
    let run = lint(
        root,
        &[
            "--format",
            "github",
            "--select",
            "date/zoneless-utc",
            "--summary",
            summary.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        stdout(&run)
            .lines()
            .filter(|l| l.starts_with("::warning "))
            .count(),
        12
    );
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.contains(
            "GitHub shows only 10 annotations of each kind per step, and this run has 12 warnings"
        ),
        "{text}"
    );
    // No step summary file was named, so only --summary was written.
    assert!(!root.join("step_summary.md").exists());
}

/// Reports are written as a stream, a chunk of files at a time: on a site of more files than a
/// chunk, every format is still one well-formed document with every finding, in path order,
/// and the side outputs of the same run agree with the main one.
#[test]
fn streamed_reports_are_whole_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("_posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(
        dir.path().join("_config.yml"),
        "title: t\ntimezone: Asia/Shanghai\n",
    )
    .unwrap();
    let n = 2600;
    for i in 0..n {
        // One finding each: an unquoted date without a zone.
        std::fs::write(
            posts.join(format!("2022-02-23-p{i:04}.md")),
            "---\ntitle: t\ndate: 2022-02-23 08:00:00\n---\nx\n",
        )
        .unwrap();
    }
    let sarif = dir.path().join("out.sarif");
    let out = lint(
        dir.path(),
        &[
            "--format",
            "json",
            "--select",
            "date/zoneless-utc",
            "--sarif",
            sarif.to_str().unwrap(),
        ],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(json["files"], n);
    assert_eq!(diags.len(), n);
    let paths: Vec<&str> = diags.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(paths, sorted, "one finding per file, in path order");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap())
        .expect("one SARIF document");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), n);
}
