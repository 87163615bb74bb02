//! `--changed-since REF`: which files changed since the merge base of HEAD and REF, asked of `git`.
//!
//! The files to lint are those changed between the merge base and the working tree (committed,
//! staged or not), the untracked ones (`.gitignore` respected), and the posts and pages whose
//! site-wide facts changed: those that link to a post renamed or deleted in that range (by its
//! `{% post_url %}` name or its `YYYY/MM/DD/slug` URL path). A change to `_config.yml` or to the
//! postlint config, or a removed layout, changes facts every file depends on: then every file is
//! linted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What changed in one git work tree.
#[derive(Debug, Default)]
pub struct Changed {
    /// The work tree's top folder (canonical).
    pub top: PathBuf,
    /// Absolute paths of the files changed since the merge base, and of untracked files.
    pub files: HashSet<PathBuf>,
    /// Absolute paths (as they were at the merge base) of files renamed or deleted since.
    pub gone: Vec<PathBuf>,
    /// The merge base commit.
    pub base: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("--changed-since needs git, which could not be run: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn z_list(bytes: &[u8]) -> impl Iterator<Item = &str> {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| std::str::from_utf8(s).unwrap_or(""))
}

impl Changed {
    /// Asks git, in the work tree holding `dir`, what changed since the merge base of HEAD and
    /// `reference`. Errors are meant for the user (the run then exits with 2).
    pub fn since(dir: &Path, reference: &str) -> Result<Changed, String> {
        if reference.is_empty() || reference.starts_with('-') {
            return Err(format!(
                "--changed-since: '{reference}' is not a git revision (a branch, tag or commit)"
            ));
        }
        let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            format!(
                "--changed-since needs a git repository, and {} is not inside one ({e})",
                dir.display()
            )
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
        let top = top.canonicalize().unwrap_or(top);
        let spec = format!("{reference}^{{commit}}");
        if git(&top, &["rev-parse", "--verify", "--quiet", &spec]).is_err() {
            return Err(format!(
                "--changed-since: unknown git revision '{reference}' in {} (fetch it first, e.g. `git fetch origin {reference}`)",
                top.display()
            ));
        }
        let base = git(&top, &["merge-base", "HEAD", reference]).map_err(|e| {
            let shallow = git(&top, &["rev-parse", "--is-shallow-repository"])
                .is_ok_and(|o| o.starts_with(b"true"));
            let hint = if shallow {
                "; this clone is shallow: fetch the history (e.g. actions/checkout with `fetch-depth: 0`)"
            } else {
                ""
            };
            let why = if e.is_empty() { "no common ancestor".to_string() } else { e };
            format!("--changed-since: no merge base of HEAD and '{reference}' ({why}){hint}")
        })?;
        let base = String::from_utf8_lossy(&base).trim().to_string();

        let mut files = HashSet::new();
        let diff = git(
            &top,
            &["diff", "--name-only", "--no-renames", "-z", &base, "--"],
        )?;
        let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for rel in z_list(&diff).chain(z_list(&untracked)) {
            files.insert(top.join(rel));
        }
        let status = git(&top, &["diff", "--name-status", "-M", "-z", &base, "--"])?;
        let mut gone = Vec::new();
        let mut fields = z_list(&status);
        while let Some(code) = fields.next() {
            let first = fields.next().unwrap_or("");
            match code.as_bytes().first() {
                Some(b'R') => {
                    let _new = fields.next();
                    gone.push(top.join(first));
                }
                Some(b'C') => {
                    let _new = fields.next();
                }
                Some(b'D') => gone.push(top.join(first)),
                _ => {}
            }
        }
        Ok(Changed {
            top,
            files,
            gone,
            base,
        })
    }
}

/// The strings by which other files link to the posts in `gone` that lay under `root`: the
/// `{% post_url %}` names (`2022-02-23-slug`, `sub/2022-02-23-slug`) and the date path of their
/// URL (`2022/02/23/slug`, raw and percent-encoded).
pub fn post_needles(root: &Path, gone: &[PathBuf]) -> Vec<String> {
    let mut out = Vec::new();
    for p in gone {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let Some((_, inside)) = rel.rsplit_once("_posts/") else {
            continue;
        };
        let stem = inside.rsplit_once('.').map_or(inside, |(s, _)| s);
        let file = stem.rsplit_once('/').map_or(stem, |(_, f)| f);
        out.push(stem.to_string());
        out.push(file.to_string());
        let b = file.as_bytes();
        let dated = b.len() > 11
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&i| b[i].is_ascii_digit())
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'-';
        if dated {
            let slug = &file[11..];
            let path = format!("{}/{}/{}/", &file[..4], &file[5..7], &file[8..10]);
            out.push(format!("{path}{slug}"));
            if !slug.is_ascii() {
                out.push(format!("{path}{}", percent_encode(slug)));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether `text` mentions one of the needles as a whole name (not inside a longer slug).
pub fn mentions(text: &[u8], needles: &[String]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80;
    needles.iter().any(|n| {
        memchr::memmem::find_iter(text, n.as_bytes()).any(|i| {
            let before = i.checked_sub(1).map(|j| text[j]);
            let after = text.get(i + n.len()).copied();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
    })
}

/// Whether a change to this file changes facts every file of the site at `root` depends on.
pub fn site_wide(root: &Path, changed: &Changed, config: Option<&Path>) -> bool {
    let names = [
        "_config.yml",
        "_config.yaml",
        ".postlint.yml",
        "postlint.yml",
    ];
    let touched = |p: &Path| changed.files.contains(p);
    if names.iter().any(|n| touched(&root.join(n))) || config.is_some_and(touched) {
        return true;
    }
    // A postlint config above the site root (looked up upward) counts too.
    if root.ancestors().skip(1).any(|d| {
        d.starts_with(&changed.top)
            && [".postlint.yml", "postlint.yml"]
                .iter()
                .any(|n| touched(&d.join(n)))
    }) {
        return true;
    }
    // A layout that disappeared: posts naming it (or getting it by default) are now wrong.
    let layouts = root.join("_layouts");
    changed.gone.iter().any(|p| p.starts_with(&layouts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_of_a_dated_post() {
        let root = Path::new("/s");
        let n = post_needles(root, &[PathBuf::from("/s/_posts/news/2022-02-23-楼市.md")]);
        assert!(n.contains(&"news/2022-02-23-楼市".to_string()));
        assert!(n.contains(&"2022-02-23-楼市".to_string()));
        assert!(n.contains(&"2022/02/23/楼市".to_string()));
        assert!(n.contains(&"2022/02/23/%E6%A5%BC%E5%B8%82".to_string()));
        assert!(post_needles(root, &[PathBuf::from("/s/about.md")]).is_empty());
    }

    #[test]
    fn mentions_whole_names_only() {
        let n = vec!["2022-02-23-foo".to_string()];
        assert!(mentions(b"{% post_url 2022-02-23-foo %}", &n));
        assert!(mentions(b"[x](/2022-02-23-foo.html)", &n));
        assert!(!mentions(b"{% post_url 2022-02-23-foobar %}", &n));
        assert!(!mentions(b"x2022-02-23-foo", &n));
    }
}
