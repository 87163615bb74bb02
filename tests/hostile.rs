//! Hostile posts and sites: nothing may panic or hang, one bad file never stops the run, and each
//! gets a clear finding. (A watchdog guards against hangs; it is not a performance test.)

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const FM: &str = "---\ntitle: x\ndate: 2022-02-23 08:00:00 +0800\n---\n";

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

fn hostile_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "_config.yml",
        "title: hostile\ntimezone: Asia/Shanghai\nurl: https://example.com\n",
    );
    write(d, "_posts/2022-02-23-good.md", format!("{FM}<p>好</p>\n"));
    write(d, "_posts/2022-02-23-random.md", noise(100_000, 42));
    write(d, "_posts/2022-02-23-nul.md", format!("{FM}<p>a\0b</p>\n"));
    let mut long = FM.as_bytes().to_vec();
    long.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    write(d, "_posts/2022-02-23-long-line.md", long);
    write(
        d,
        "_posts/2022-02-23-million-lines.md",
        format!("{FM}{}", "a\n".repeat(1_000_000)),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("{FM}<p>好</p>\n").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(d, "_posts/2022-02-23-utf16.md", utf16);
    write(
        d,
        "_posts/2022-02-23-overlong.md",
        [FM.as_bytes(), b"\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80\n"].concat(),
    );
    write(
        d,
        "_posts/2022-02-23-bare-cr.md",
        "---\rtitle: x\r---\rbody\r",
    );
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!("b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("title: *b11\n---\nbody\n");
    write(d, "_posts/2022-02-23-alias-bomb.md", bomb);
    write(
        d,
        "_posts/2022-02-23-deep-yaml.md",
        format!("---\ntitle: {}\n---\n", "[".repeat(100_000)),
    );
    write(
        d,
        "_posts/2022-02-23-deep-html.md",
        format!("{FM}{}", "<div>".repeat(200_000)),
    );
    write(
        d,
        "_posts/2022-02-23-deep-liquid.md",
        format!("{FM}{}", "{% if a %}".repeat(200_000)),
    );
    write(
        d,
        "_posts/2022-02-23-absurd-date.md",
        "---\ntitle: x\ndate: 99999999999-99-99 99:99:99 +9999\n---\n",
    );
    write(
        d,
        "_posts/2022-02-23-junk-urls.md",
        format!(
            "{FM}[a](http://[::1) [b](%zz) [c](http://exa\u{202E}mple.com) <a href=\"{}\">d</a>\n",
            "x".repeat(10_000)
        ),
    );
    fs::create_dir_all(d.join("_posts/x.md")).unwrap();
    std::os::unix::fs::symlink("missing.md", d.join("_posts/2022-02-23-dangling.md")).unwrap();
    std::os::unix::fs::symlink("..", d.join("_posts/parent")).unwrap();
    std::os::unix::fs::symlink("loop-b", d.join("_posts/loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", d.join("_posts/loop-b")).unwrap();
    dir
}

#[test]
fn hostile_inputs_give_findings_not_crashes() {
    let dir = hostile_site();
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["lint", "--format", "json", "--now", "2026-11-27T20:40:00Z"])
        .arg(dir.path())
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Watchdog against hangs only; the output is read on another thread so pipes never fill.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = match rx.recv_timeout(Duration::from_secs(300)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("postlint hung on hostile input ({:?})", start.elapsed());
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "one bad file never stops the run; stderr: {stderr}"
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let diags = json["diagnostics"].as_array().unwrap();
    let rules_for = |name: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(name))
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let expect = [
        ("2022-02-23-random.md", "encoding/"),
        ("2022-02-23-nul.md", "encoding/nul-byte"),
        ("2022-02-23-long-line.md", "meta/too-large"),
        ("2022-02-23-utf16.md", "encoding/not-utf8"),
        ("2022-02-23-overlong.md", "encoding/invalid-utf8"),
        ("2022-02-23-bare-cr.md", "front-matter/not-recognized"),
        ("2022-02-23-deep-yaml.md", "front-matter/yaml-syntax"),
        ("2022-02-23-deep-html.md", "html/"),
        ("2022-02-23-deep-liquid.md", "liquid/"),
        ("2022-02-23-absurd-date.md", "date/unparseable"),
        ("2022-02-23-dangling.md", "meta/unreadable"),
    ];
    let mut missing = Vec::new();
    for (file, rule) in expect {
        let got = rules_for(file);
        if !got.iter().any(|r| r.starts_with(rule)) {
            missing.push(format!("{file}: expected {rule}…, got {got:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The alias bomb is parsed without expanding it, and the good post is still clean.
    assert!(
        rules_for("2022-02-23-good.md").is_empty(),
        "{:?}",
        rules_for("2022-02-23-good.md")
    );
    assert!(!rules_for("2022-02-23-alias-bomb.md")
        .iter()
        .any(|r| r.starts_with("meta/")));
}
