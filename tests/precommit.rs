//! The pre-commit hook for real: `pre-commit` builds this checkout with cargo (`language: rust`)
//! and runs `postlint lint` on a throwaway Jekyll site. Slow (a release build, minutes), so it is
//! ignored by plain `cargo test`; `.ci/run` runs it with `cargo test --test precommit -- --ignored`.
//!
//! The release build goes to `<target>/precommit-build`, kept between runs, so only the first run
//! compiles the dependencies. `pre-commit` itself gets a fresh `PRE_COMMIT_HOME` every run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const GOOD: &str = "_posts/2022-01-01-good.md";
const BROKEN: &str = "_posts/2022-01-02-broken.md";

fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `<target>` from this test binary's path (`<target>/debug/deps/precommit-…`).
fn target_dir() -> PathBuf {
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(t);
    }
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| checkout().join("target"))
}

fn available(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Env {
    home: tempfile::TempDir,
    site: tempfile::TempDir,
    build: PathBuf,
}

impl Env {
    fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(self.site.path())
            .env("PRE_COMMIT_HOME", self.home.path())
            .env("CARGO_TARGET_DIR", &self.build)
            .env("CARGO_TERM_COLOR", "never")
            .env("NO_COLOR", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        c
    }

    fn git(&self, args: &[&str]) -> Output {
        let out = self
            .cmd("git")
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .unwrap();
        out
    }

    fn git_ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn write(&self, rel: &str, body: &str) {
        let p = self.site.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    eprintln!("[precommit] {what}: {:.1} s", t.elapsed().as_secs_f64());
    r
}

#[test]
#[ignore = "slow: pre-commit builds postlint in release mode; run by .ci/run"]
fn pre_commit_hook_blocks_broken_posts() {
    for tool in ["git", "pre-commit", "cargo"] {
        if !available(tool) {
            eprintln!("skipped: {tool} is not installed (pip install pre-commit)");
            return;
        }
    }
    let repo = checkout();
    let tracked = Command::new("git")
        .current_dir(&repo)
        .args(["ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"])
        .output()
        .unwrap();
    assert!(
        tracked.status.success(),
        "pre-commit clones the checkout with git: commit .pre-commit-hooks.yaml first ({})",
        text(&tracked)
    );
    let env = Env {
        home: tempfile::tempdir().unwrap(),
        site: tempfile::tempdir().unwrap(),
        build: target_dir().join("precommit-build"),
    };
    // A minimal Jekyll site with one good and one broken post.
    env.write("_config.yml", "title: t\ntimezone: Asia/Shanghai\n");
    env.write("_layouts/post.html", "{{ content }}\n");
    env.write(
        GOOD,
        "---\nlayout: post\ntitle: \"A good post\"\ndate: 2022-01-01 10:00:00 +0800\n---\nHello.\n",
    );
    env.write(
        BROKEN,
        "---\nlayout: post\ntitle: \"He said \"hi\" to me\"\ndate: 2022-01-02 10:00:00 +0800\n---\nHello.\n",
    );
    env.git_ok(&["init", "-q"]);
    env.git_ok(&["add", "_config.yml", "_layouts"]);
    env.git_ok(&["commit", "-q", "-m", "site"]);

    let repo_arg = repo.to_str().unwrap();
    // 1. try-repo (builds the hook from this checkout, including uncommitted changes).
    let good = timed("try-repo, good post (includes the cargo build)", || {
        env.cmd("pre-commit")
            .args(["try-repo", repo_arg, "postlint", "--files", GOOD])
            .output()
            .unwrap()
    });
    let out = text(&good);
    assert!(good.status.success(), "the good post failed:\n{out}");
    assert!(out.contains("postlint") && out.contains("Passed"), "{out}");

    let broken = timed("try-repo, good and broken posts", || {
        env.cmd("pre-commit")
            .args(["try-repo", repo_arg, "postlint", "--files", GOOD, BROKEN])
            .output()
            .unwrap()
    });
    let out = text(&broken);
    assert_eq!(broken.status.code(), Some(1), "{out}");
    assert!(out.contains("Failed"), "{out}");
    // postlint's own diagnostics, at the exact place, with the fix.
    assert!(out.contains("front-matter/yaml-syntax"), "{out}");
    assert!(out.contains("2022-01-02-broken.md:3:17"), "{out}");
    assert!(out.contains("quote it with single quotes"), "{out}");
    assert!(!out.contains("2022-01-01-good.md:"), "{out}");

    // 2. The way a site uses it: three lines in .pre-commit-config.yaml, then `git commit`.
    // pre-commit clones `rev`, so this needs the hook files committed at HEAD; with uncommitted
    // changes to them it would test HEAD, not this tree, and is skipped.
    let dirty = Command::new("git")
        .current_dir(&repo)
        .args([
            "status",
            "--porcelain",
            "--",
            "Cargo.toml",
            "Cargo.lock",
            "src",
            "rules",
        ])
        .args([".pre-commit-hooks.yaml"])
        .output()
        .unwrap();
    if !dirty.stdout.is_empty() {
        eprintln!("[precommit] commit flow skipped: the checkout has uncommitted changes to the hook's sources");
        return;
    }
    let head = String::from_utf8_lossy(
        &Command::new("git")
            .current_dir(&repo)
            .args(["rev-parse", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .trim()
    .to_string();
    env.write(
        ".pre-commit-config.yaml",
        &format!("repos:\n  - repo: {repo_arg}\n    rev: {head}\n    hooks: [{{id: postlint}}]\n"),
    );
    let install = env.cmd("pre-commit").arg("install").output().unwrap();
    assert!(install.status.success(), "{}", text(&install));

    env.git_ok(&["add", ".pre-commit-config.yaml", GOOD]);
    let commit = timed("git commit, good post", || {
        env.git(&["commit", "-m", "good post"])
    });
    assert!(
        commit.status.success(),
        "the good commit was blocked:\n{}",
        text(&commit)
    );
    assert!(text(&commit).contains("Passed"), "{}", text(&commit));

    env.git_ok(&["add", BROKEN]);
    let commit = timed("git commit, broken post", || {
        env.git(&["commit", "-m", "broken post"])
    });
    let out = text(&commit);
    assert!(
        !commit.status.success(),
        "the broken commit went through:\n{out}"
    );
    assert!(out.contains("front-matter/yaml-syntax"), "{out}");
    assert!(out.contains("2022-01-02-broken.md:3:17"), "{out}");
    let log = env.git_ok(&["log", "--format=%s"]);
    assert_eq!(log.lines().collect::<Vec<_>>(), ["good post", "site"]);
}
