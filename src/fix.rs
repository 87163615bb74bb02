//! `lint --fix`: choosing the fixes to apply, applying them to the bytes, writing safely, and
//! the `--diff` view. Rules only propose fixes (see `Diagnostic::fix`); this module decides
//! nothing about what is right, only which proposals can be applied together.
//!
//! Not done yet: "turn a protocol-relative or http link to the site's own host into the
//! canonical form" belongs to `link/protocol-relative`, which is being written on another
//! branch. It needs nothing here: the rule emits `.fix(...)` with the canonical URL and sets
//! `fix: true` in its doc; the tests (`a_rule_emits_fixes_if_and_only_if_its_doc_says_fix_true`,
//! `tests/fix.rs`) then require a fix on its trigger fixture and round-trip it.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use crate::diagnostic::{Diagnostic, Edit};

/// What `--fix` does with the fixed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Only report (no `--fix`).
    #[default]
    Off,
    /// Write the fixed files.
    Write,
    /// Print a unified diff of what would change; write nothing.
    Diff,
}

/// Lint → fix → re-lint rounds per file. Fixes whose edits overlap wait for the next round;
/// a fix whose finding survives it would otherwise loop forever.
pub const MAX_ROUNDS: usize = 6;

/// The fixes that can be applied together: in the order of the findings, each fix whose edits
/// are valid for `text` and overlap no edit already taken. Returns the edits, sorted by
/// position, and how many fixes they make up.
pub fn pick<'d>(text: &str, diags: &'d [Diagnostic]) -> (Vec<&'d Edit>, usize) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut fixes = 0;
    for d in diags {
        let Some(fix) = &d.fix else { continue };
        if fix.edits.is_empty() || !valid(text, &fix.edits) {
            continue;
        }
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| conflict(&e.span, &t.span)))
        {
            continue;
        }
        taken.extend(fix.edits.iter());
        fixes += 1;
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    (taken, fixes)
}

/// Within bounds, on character boundaries, and not overlapping each other.
fn valid(text: &str, edits: &[Edit]) -> bool {
    let ok = edits.iter().all(|e| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    });
    ok && edits
        .iter()
        .enumerate()
        .all(|(i, a)| edits[i + 1..].iter().all(|b| !conflict(&a.span, &b.span)))
}

/// Two edits conflict when their ranges overlap, or both insert at the same point (the
/// order would be a guess). An insertion at the edge of a replaced range is fine.
fn conflict(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.is_empty() && b.is_empty() && a.start == b.start)
}

/// Applies edits sorted by position and free of conflicts; bytes outside them are copied.
pub fn apply(bytes: &[u8], edits: &[&Edit]) -> Vec<u8> {
    let grow: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = Vec::with_capacity(bytes.len() + grow);
    let mut at = 0;
    for e in edits {
        debug_assert!(e.span.start >= at, "edits must be sorted and disjoint");
        out.extend_from_slice(&bytes[at..e.span.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        at = e.span.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// What the file looked like when it was read, to notice a change before writing.
#[derive(Clone, Debug)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    permissions: Permissions,
}

/// Reads a file and notes its length, modification time and permissions from the same handle.
pub fn read(path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
    let mut f = File::open(path)?;
    let meta = f.metadata()?;
    // Sized up front: one read for the bytes and one to see the end, no regrowing. Through
    // `take`, because `File::read_to_end` asks the OS for the size and position again.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    (&mut f).take(u64::MAX).read_to_end(&mut bytes)?;
    Ok((
        bytes,
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            permissions: meta.permissions(),
        },
    ))
}

/// Reads a whole file without asking for its size first: through a buffer kept per thread,
/// then copied out at its exact length (a file larger than the buffer keeps the grown one).
/// A post is small, and the `statx` that `read` makes for the stamp was a visible share of a
/// run's system calls; a lint that writes no fix needs no stamp.
pub fn read_bytes(path: &Path) -> io::Result<Vec<u8>> {
    /// Kept per thread between files; a larger file's buffer is let go, not kept.
    const KEEP: usize = 256 << 10;
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut f = File::open(path)?;
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        buf.reserve(KEEP);
        // Through `take`: `File::read_to_end` would ask the OS for the size and position.
        let read = (&mut f).take(u64::MAX).read_to_end(buf);
        // A large file keeps the grown buffer (no second copy of it in memory).
        let bytes = if buf.len() > KEEP {
            std::mem::take(buf)
        } else {
            buf.as_slice().to_vec()
        };
        if buf.capacity() > KEEP {
            *buf = Vec::new();
        }
        read.map(|_| bytes)
    })
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// Someone changed the file since it was read: writing would lose their change.
    Changed,
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str(
                "the file changed on disk while it was being fixed; nothing was written (run again)",
            ),
            WriteError::Io(e) => write!(f, "cannot write the fixed file: {e}"),
        }
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Replaces the file at `path` with `data`, atomically (a temporary file in the same folder,
/// renamed over it) and keeping its permissions, unless it no longer holds `original` with
/// the length and modification time of `stamp`. A symlink is followed: its target is replaced.
pub fn write(path: &Path, original: &[u8], stamp: &Stamp, data: &[u8]) -> Result<(), WriteError> {
    let real = fs::canonicalize(path).map_err(WriteError::Io)?;
    let (now, now_stamp) = read(&real).map_err(WriteError::Io)?;
    if now_stamp.len != stamp.len || now_stamp.modified != stamp.modified || now != original {
        return Err(WriteError::Changed);
    }
    let dir = real.parent().unwrap_or(Path::new("."));
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut f) = create_temp(dir, &name).map_err(WriteError::Io)?;
    let result = (|| {
        f.set_permissions(stamp.permissions.clone())?;
        f.write_all(data)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, &real)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(WriteError::Io(e));
    }
    Ok(())
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.postlint-{}-{n}.tmp", std::process::id()));
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        match o.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file name left")))
}

/// A unified diff (`--- path` / `+++ path`, three lines of context) that `patch -p0` applies
/// from the current folder.
pub fn diff(path: &Path, old: &[u8], new: &[u8]) -> Vec<u8> {
    let name = path.to_string_lossy();
    let d = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old, new);
    let mut out = Vec::new();
    d.unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_writer(&mut out)
        .expect("writing to a Vec cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    /// `read_bytes` gives each file's bytes exactly, whatever was read before on the thread
    /// (its buffer is reused), on both sides of the buffer's size.
    #[test]
    fn read_bytes_reads_each_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let sizes = [
            0,
            1,
            1200,
            256 << 10,
            (256 << 10) + 1,
            3 << 20,
            7,
            0,
            65_537,
        ];
        for (i, &n) in sizes.iter().enumerate() {
            let p = dir.path().join(format!("f{i}"));
            let bytes: Vec<u8> = (0..n).map(|j| (j * 31 + i) as u8).collect();
            fs::write(&p, &bytes).unwrap();
            let got = read_bytes(&p).unwrap();
            assert_eq!(got.len(), n, "size {n}");
            assert!(got == bytes, "bytes of a file of {n}");
            assert_eq!(got, read(&p).unwrap().0);
        }
        assert!(read_bytes(&dir.path().join("missing")).is_err());
        assert!(read_bytes(dir.path()).is_err(), "a folder is no file");
    }

    fn diag(start: usize, edits: &[(Range<usize>, &str)]) -> Diagnostic {
        Diagnostic {
            rule: "x/y",
            severity: Severity::Error,
            path: PathBuf::from("p").into(),
            message: String::new(),
            span: start..start,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: Some(Fix {
                description: String::new(),
                edits: edits
                    .iter()
                    .map(|(s, r)| Edit {
                        span: s.clone(),
                        replacement: r.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let text = "abcdef";
        let ds = vec![
            diag(0, &[(0..2, "X")]),
            diag(1, &[(1..3, "Y")]),              // overlaps the first
            diag(2, &[(2..2, "+")]),              // an insertion at the edge: fine
            diag(2, &[(2..2, "-")]),              // a second insertion at the same point: waits
            diag(4, &[(4..5, "é")]),              // fine
            diag(5, &[(9..10, "out")]),           // out of bounds: never applied
            diag(5, &[(5..6, "Z"), (5..6, "W")]), // overlapping itself: never applied
        ];
        let (edits, n) = pick(text, &ds);
        assert_eq!(n, 3);
        assert_eq!(apply(text.as_bytes(), &edits), "X+cdéf".as_bytes());
    }

    #[test]
    fn not_on_a_character_boundary() {
        let ds = vec![diag(0, &[(1..2, "x")])];
        assert_eq!(pick("é", &ds).1, 0);
    }

    #[test]
    fn writes_atomically_and_refuses_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        fs::write(&p, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, Permissions::from_mode(0o640)).unwrap();
        }
        let (bytes, stamp) = read(&p).unwrap();
        write(&p, &bytes, &stamp, b"new\n").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        // Written by someone else meanwhile (same length, so the content decides).
        let (bytes, stamp) = read(&p).unwrap();
        fs::write(&p, "NEW\n").unwrap();
        assert!(matches!(
            write(&p, &bytes, &stamp, b"fix\n"),
            Err(WriteError::Changed)
        ));
        assert_eq!(fs::read(&p).unwrap(), b"NEW\n");
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = diff(Path::new("_posts/a.md"), b"a\nb\nc\n", b"a\nB\nc\n");
        let d = String::from_utf8(d).unwrap();
        assert!(
            d.starts_with("--- _posts/a.md\n+++ _posts/a.md\n@@ "),
            "{d}"
        );
        assert!(d.contains("-b\n+B\n"), "{d}");
    }
}
