//! Runs the real `postlint` binary and reads its JSON contract.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub mod http;

pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The build clock of the oracle verdicts (JEKYLL-VERDICTS.md).
pub const ORACLE_NOW: &str = "2026-11-27T20:40:00Z";

pub struct Run {
    pub code: i32,
    pub json: Value,
    pub stderr: String,
}

impl Run {
    pub fn diagnostics(&self) -> &Vec<Value> {
        self.json["diagnostics"]
            .as_array()
            .expect("diagnostics array")
    }

    /// Diagnostics for files whose path ends with `suffix`.
    pub fn for_file(&self, suffix: &str) -> Vec<&Value> {
        self.diagnostics()
            .iter()
            .filter(|d| d["path"].as_str().unwrap_or("").ends_with(suffix))
            .collect()
    }

    pub fn rules_for(&self, suffix: &str) -> Vec<String> {
        self.for_file(suffix)
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn has(&self, suffix: &str, rule: &str) -> bool {
        self.rules_for(suffix).iter().any(|r| r == rule)
    }
}

pub fn postlint_json(args: &[&str]) -> Run {
    postlint_json_env(args, &[])
}

/// `postlint_json` with extra environment variables.
pub fn postlint_json_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .arg("lint")
        .args(args)
        .args(["--format", "json", "--now", ORACLE_NOW])
        // Under GitHub Actions, test runs must not write to the real job summary.
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(env.iter().copied())
        .output()
        .expect("run postlint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The reference post of ../shared/corpus/seed.
pub const SEED: &str = "2022-02-23-202202232285347935.md";

/// A copy of the finews site with the reference post placed in `_posts/`.
pub fn finews_with_seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&shared().join("corpus/finews"), dir.path());
    std::fs::copy(
        shared().join("corpus/seed").join(SEED),
        dir.path().join("_posts").join(SEED),
    )
    .unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        let ft = e.file_type().unwrap();
        if ft.is_symlink() {
            let _ = std::fs::remove_file(&dest);
            std::os::unix::fs::symlink(std::fs::read_link(e.path()).unwrap(), &dest).unwrap();
        } else if ft.is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
