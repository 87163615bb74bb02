//! `--shard K/N`, `--changed-since REF`, `--sarif`/`--json` side outputs, and the CI integration
//! files (action.yml, the workflow, .pre-commit-hooks.yaml) checked against their schemas.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn postlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postlint"))
        .current_dir(dir)
        .arg("lint")
        .args(args)
        .args(["--now", "2026-01-01T00:00:00Z", "--color", "never"])
        .output()
        .expect("run postlint")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The paths that have findings (every generated post has at least one).
fn paths(v: &Value) -> BTreeSet<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

/// A post whose zone-less date always gives one `date/zoneless-utc` warning.
fn post(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2022-01-01 10:00:00\n---\n{body}\n")
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "timezone: Asia/Shanghai\n");
    for i in 0..n {
        let sub = if i % 5 == 0 { "news/" } else { "" };
        write(
            dir.path(),
            &format!("_posts/{sub}2022-01-{:02}-post-{i}.md", i % 28 + 1),
            &post(&format!("Post {i}"), "text"),
        );
    }
    // A page with front matter is linted too (its unknown layout is its finding).
    write(
        dir.path(),
        "about.md",
        "---\nlayout: nope\ntitle: About\n---\na page\n",
    );
    dir
}

#[test]
fn shards_partition_the_files() {
    let dir = site(60);
    let all = postlint(dir.path(), &["--format", "json"]);
    let all_json = json_of(&all);
    let all_files = all_json["files"].as_u64().unwrap();
    let all_paths = paths(&all_json);
    assert_eq!(all_files, 61);
    assert_eq!(all_paths.len(), 61, "every file has a finding");
    for n in 1..=4u32 {
        let mut union = BTreeSet::new();
        let mut files = 0;
        let mut sizes = Vec::new();
        for k in 1..=n {
            let out = postlint(
                dir.path(),
                &["--format", "json", "--shard", &format!("{k}/{n}")],
            );
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v = json_of(&out);
            let these = paths(&v);
            files += v["files"].as_u64().unwrap();
            sizes.push(these.len());
            assert_eq!(v["files"].as_u64().unwrap() as usize, these.len());
            for p in these {
                assert!(union.insert(p.clone()), "{p} is in two shards of {n}");
            }
            // Stable: the same shard again gives the same files.
            let again = paths(&json_of(&postlint(
                dir.path(),
                &["--format", "json", "--shard", &format!("{k}/{n}")],
            )));
            assert_eq!(again.len(), sizes[sizes.len() - 1]);
        }
        assert_eq!(files, all_files, "files of {n} shards add up");
        assert_eq!(union, all_paths, "{n} shards cover every file");
        if n > 1 {
            assert!(
                sizes.iter().all(|&s| s > 0),
                "an empty shard of {n}: {sizes:?}"
            );
        }
    }
}

#[test]
fn bad_shards_are_usage_errors() {
    let dir = site(2);
    for bad in ["0/3", "4/3", "1/0", "x/2", "3"] {
        let out = postlint(dir.path(), &["--shard", bad]);
        assert_eq!(out.status.code(), Some(2), "--shard {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("K/N"), "--shard {bad}: {err}");
        assert!(out.stdout.is_empty());
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An empty folder for a test that needs git; None (the test is skipped) without git.
fn folder_if_git() -> Option<tempfile::TempDir> {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return None;
    }
    Some(tempfile::tempdir().unwrap())
}

#[test]
fn changed_since_lints_changed_files_and_their_linkers() {
    let Some(tmp) = folder_if_git() else {
        return;
    };
    let repo = tmp.path();
    // The site is a sub-folder of the repository, as examples/site is here.
    let root = repo.join("site");
    write(&root, "_config.yml", "timezone: Asia/Shanghai\n");
    write(&root, "_posts/2022-01-01-changed.md", &post("A", "before"));
    write(
        &root,
        "_posts/2022-01-02-moved.md",
        &post("B", "moved later"),
    );
    write(
        &root,
        "_posts/2022-01-03-links-moved.md",
        &post("C", "see {% post_url 2022-01-02-moved %}"),
    );
    write(
        &root,
        "_posts/2022-01-04-deleted.md",
        &post("D", "deleted later"),
    );
    write(
        &root,
        "_posts/2022-01-05-links-deleted.md",
        &post("E", "<a href=\"/2022/01/04/deleted.html\">D</a>"),
    );
    write(
        &root,
        "_posts/2022-01-06-untouched.md",
        &post(
            "F",
            "[a look-alike](/2022/01/02/moved-not.html) {% post_url 2022-01-01-changed %}",
        ),
    );
    git(repo, &["init", "-q"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "base"]);
    git(repo, &["tag", "base"]);
    git(repo, &["checkout", "-q", "-b", "feature"]);
    write(&root, "_posts/2022-01-01-changed.md", &post("A", "after"));
    git(
        repo,
        &[
            "mv",
            "site/_posts/2022-01-02-moved.md",
            "site/_posts/2022-01-12-moved.md",
        ],
    );
    git(repo, &["rm", "-q", "site/_posts/2022-01-04-deleted.md"]);
    git(repo, &["commit", "-q", "-am", "change, rename, delete"]);
    // The base branch moves on: the merge base stays the tagged commit.
    git(repo, &["checkout", "-q", "main"]);
    write(
        &root,
        "_posts/2022-01-06-untouched.md",
        &post("F", "changed on main only"),
    );
    git(repo, &["commit", "-q", "-am", "main moves on"]);
    git(repo, &["checkout", "-q", "feature"]);
    // Untracked files count; ignored ones do not.
    write(&root, "_posts/2022-01-07-new.md", &post("G", "new"));
    write(repo, ".gitignore", "ignored/\n");
    write(&root, "ignored/page.md", &post("H", "ignored"));

    let out = postlint(&root, &["--format", "json", "--changed-since", "main"]);
    let v = json_of(&out);
    let want: BTreeSet<String> = [
        "_posts/2022-01-01-changed.md",       // edited
        "_posts/2022-01-12-moved.md",         // renamed: its new name is new to the site
        "_posts/2022-01-03-links-moved.md",   // links to the old name by post_url
        "_posts/2022-01-05-links-deleted.md", // links to the deleted post's URL
        "_posts/2022-01-07-new.md",           // untracked
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        paths(&v),
        want,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(v["files"], want.len());

    let all = json_of(&postlint(&root, &["--format", "json"]));
    assert_eq!(all["files"], 6, "the whole site, for comparison");

    // A changed _config.yml changes every file's facts: everything is linted.
    write(&root, "_config.yml", "timezone: Asia/Shanghai\ntitle: x\n");
    let v = json_of(&postlint(
        &root,
        &["--format", "json", "--changed-since", "main"],
    ));
    assert_eq!(v["files"], 6);
}

#[test]
fn changed_since_errors_are_exit_2() {
    let Some(tmp) = folder_if_git() else {
        return;
    };
    write(tmp.path(), "_config.yml", "title: t\n");
    write(tmp.path(), "_posts/2022-01-01-a.md", &post("A", "a"));
    // Not a repository (a temp folder is not inside one).
    let out = postlint(tmp.path(), &["--changed-since", "main"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("git repository"), "{err}");

    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-q", "-m", "base"]);
    let out = postlint(tmp.path(), &["--changed-since", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown git revision 'no-such-branch'"),
        "{err}"
    );
    let out = postlint(tmp.path(), &["--changed-since", "--help"]);
    assert_eq!(out.status.code(), Some(2));

    // Nothing changed since HEAD: nothing to lint, success.
    let out = postlint(tmp.path(), &["--format", "json", "--changed-since", "HEAD"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)["files"], 0);
}

/// An entry the walk cannot read (here a dangling symlink) is reported by `--changed-since`
/// when it changed, and not when it did not: like any other file.
#[cfg(unix)]
#[test]
fn changed_since_reports_changed_unreadable_entries() {
    let Some(tmp) = folder_if_git() else {
        return;
    };
    let root = tmp.path();
    write(root, "_config.yml", "timezone: Asia/Shanghai\n");
    write(root, "_posts/2022-01-01-a.md", &post("A", "a"));
    std::os::unix::fs::symlink("nowhere-old.md", root.join("_posts/2022-01-02-old.md")).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    std::os::unix::fs::symlink("nowhere-new.md", root.join("_posts/2022-01-03-new.md")).unwrap();

    let unreadable = |v: &Value| -> BTreeSet<String> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "meta/unreadable")
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    let all = json_of(&postlint(root, &["--format", "json"]));
    assert_eq!(unreadable(&all).len(), 2, "{all}");
    let out = postlint(root, &["--format", "json", "--changed-since", "HEAD"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    let got = unreadable(&v);
    assert_eq!(got.len(), 1, "{v}");
    assert!(got.iter().all(|p| p.ends_with("2022-01-03-new.md")), "{v}");
}

#[test]
fn sarif_and_json_side_outputs_in_one_run() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/site");
    let tmp = tempfile::tempdir().unwrap();
    let sarif = tmp.path().join("out.sarif");
    let json = tmp.path().join("out.json");
    let out = postlint(
        &example,
        &[
            "--sarif",
            sarif.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "the example site has errors");
    // The main format (human) still goes to stdout.
    assert!(String::from_utf8_lossy(&out.stdout).contains("files checked"));
    let j: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let s: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let run = &s["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let diags = j["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    let errors = results.iter().filter(|r| r["level"] == "error").count();
    assert_eq!(errors as u64, j["summary"]["errors"].as_u64().unwrap());
    for (r, d) in results.iter().zip(diags) {
        assert_eq!(r["ruleId"], d["rule"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("_posts/"), "{uri}");
    }
    let rule_ids: BTreeSet<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(results
        .iter()
        .all(|r| rule_ids.contains(r["ruleId"].as_str().unwrap())));
}

// ---- CI integration files ----

fn repo_file(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn check_jsonschema() -> Option<Command> {
    let ok = Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| Command::new("check-jsonschema"))
}

fn validate(schema: &str, rel: &str) {
    let Some(mut cmd) = check_jsonschema() else {
        eprintln!(
            "skipped: check-jsonschema is not installed (pip install check-jsonschema); {rel} not validated against {schema}"
        );
        return;
    };
    let out = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--builtin-schema", schema, rel])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{rel} does not validate against {schema}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn action_yml_validates() {
    validate("vendor.github-actions", "action.yml");
}

#[test]
fn workflow_validates() {
    validate("vendor.github-workflows", ".github/workflows/postlint.yml");
}

/// `${{ }}` expressions inside `run:` scripts are expanded before the shell sees them: an input
/// or a PR title there is script injection. Every value must come in through `env:`.
#[test]
fn no_expressions_in_run_scripts() {
    for rel in ["action.yml", ".github/workflows/postlint.yml"] {
        let text = repo_file(rel);
        let mut in_run: Option<usize> = None;
        let mut runs = 0;
        for (n, line) in text.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let t = line.trim_start().trim_start_matches("- ");
            if let Some(run_indent) = in_run {
                if line.trim().is_empty() || indent > run_indent {
                    assert!(
                        !line.contains("${{"),
                        "{rel}:{}: expression inside a run script: {line}",
                        n + 1
                    );
                    continue;
                }
                in_run = None;
            }
            if let Some(rest) = t.strip_prefix("run:") {
                runs += 1;
                assert!(!rest.contains("${{"), "{rel}:{}: {line}", n + 1);
                // The keys of a step sit at the indent of `run:` (after any `- `).
                in_run = Some(indent + (line.trim_start().len() - t.len()));
            }
        }
        assert!(
            runs > 0 || rel.contains("workflows"),
            "{rel} has no run step"
        );
    }
}

#[test]
fn action_declares_its_interface() {
    let a = repo_file("action.yml");
    for input in [
        "paths:",
        "config:",
        "format:",
        "online:",
        "changed-only:",
        "fail-on:",
        "sarif-file:",
    ] {
        assert!(a.contains(&format!("\n  {input}")), "input {input} missing");
    }
    for output in ["errors:", "warnings:", "sarif-file:"] {
        assert!(
            a.split("\noutputs:").nth(1).unwrap().contains(output),
            "output {output} missing"
        );
    }
    assert!(a.contains("using: composite"));
    assert!(a.contains("actions/cache@"));
    assert!(a.contains("github.event.pull_request.base.sha"));
}

#[test]
fn pre_commit_hook_definition() {
    let h = repo_file(".pre-commit-hooks.yaml");
    for line in [
        "- id: postlint",
        "language: rust",
        "entry: postlint lint",
        "types_or: [markdown, html]",
        "files: '(^|/)(_posts|_drafts|_[^/]+)/'",
        "require_serial: false",
        "pass_filenames: true",
    ] {
        assert!(
            h.contains(line),
            "{line} missing from .pre-commit-hooks.yaml"
        );
    }
}
