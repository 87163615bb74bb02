//! `--online`: every case against a real HTTP server on 127.0.0.1 (tests/common/http.rs).
//! Nothing here touches the internet.

mod common;

use std::path::Path;

use common::http::Server;
use common::*;

const FM: &str = "---\nlayout: post\ntitle: t\ndate: 2022-02-23 08:00:00 +0800\n---\n";

/// A site with the skeleton, this config and these posts (name, body).
fn site(config: &str, posts: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/skeleton");
    copy_dir(&root, dir.path());
    std::fs::write(dir.path().join(".postlint.yml"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
    for (name, body) in posts {
        std::fs::write(
            dir.path().join("_posts").join(name),
            format!("{FM}{body}\n"),
        )
        .unwrap();
    }
    dir
}

const ALLOW: &str =
    "links:\n  online: true\n  allow_private: true\n  host_interval_ms: 0\n  timeout: 2s\n";

fn lint(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![dir.to_str().unwrap(), "--select", "link"];
    args.extend_from_slice(extra);
    postlint_json(&args)
}

fn find<'a>(run: &'a Run, rule: &str) -> Vec<&'a serde_json::Value> {
    run.diagnostics()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn msgs(run: &Run, rule: &str) -> Vec<String> {
    find(run, rule)
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn statuses_redirects_and_loops() {
    let s = Server::start();
    let body = [
        "ok",
        "missing",
        "gone",
        "error",
        "moved",
        "found",
        "loop-a",
        "moved-to-missing",
    ]
    .iter()
    .map(|p| format!("[{p}]({})", s.url(&format!("/{p}"))))
    .collect::<Vec<_>>()
    .join("\n\n");
    let dir = site(ALLOW, &[("2022-02-23-a.md", body)]);
    let run = lint(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let un = msgs(&run, "link/unreachable");
    assert_eq!(un.len(), 4, "{un:#?}");
    assert!(
        un.iter()
            .any(|m| m.contains("/missing") && m.contains("404 Not Found")),
        "{un:#?}"
    );
    assert!(
        un.iter()
            .any(|m| m.contains("/gone") && m.contains("410 Gone")),
        "{un:#?}"
    );
    assert!(
        un.iter()
            .any(|m| m.contains("/error") && m.contains("500 Internal Server Error")),
        "{un:#?}"
    );
    assert!(
        un.iter().any(|m| m.contains("/moved-to-missing")
            && m.contains("404")
            && m.contains("after 1 redirect")),
        "{un:#?}"
    );
    let lp = msgs(&run, "link/redirect-loop");
    assert_eq!(lp.len(), 1, "{lp:#?}");
    assert!(
        lp[0].contains("redirect loop") && lp[0].contains("/loop-b"),
        "{lp:#?}"
    );
    let rd = find(&run, "link/redirected");
    assert_eq!(rd.len(), 2, "{rd:#?}");
    let permanent = rd
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("/moved "))
        .unwrap();
    assert_eq!(permanent["severity"], "info");
    assert!(permanent["message"]
        .as_str()
        .unwrap()
        .contains("permanently"));
    assert_eq!(
        permanent["fix"]["edits"][0]["replacement"].as_str(),
        Some(s.url("/ok").as_str()),
        "{permanent:#}"
    );
    let temporary = rd
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("/found "))
        .unwrap();
    assert!(temporary["fix"].is_null(), "{temporary:#}");
    // A link that just works is silent; a HEAD that works is not followed by a GET.
    // /ok is the link of one post and the target of /moved and /found: asked once, shared.
    assert_eq!(s.hits("/ok"), 1);
    assert_eq!(
        s.hits_by("HEAD", "/ok"),
        1,
        "a HEAD that works is not followed by a GET"
    );
}

#[test]
fn fix_rewrites_a_permanent_redirect() {
    let s = Server::start();
    let dir = site(
        ALLOW,
        &[("2022-02-23-a.md", format!("[a]({}#part)", s.url("/moved")))],
    );
    let run = lint(dir.path(), &["--fix"]);
    assert_eq!(run.code, 0, "{:#?}", run.json);
    let text = std::fs::read_to_string(dir.path().join("_posts/2022-02-23-a.md")).unwrap();
    assert!(
        text.contains(&format!("[a]({}#part)", s.url("/ok"))),
        "{text}"
    );
}

#[test]
fn timeout_is_reported_in_plain_words() {
    let s = Server::start();
    let cfg = "links:\n  online: true\n  allow_private: true\n  timeout: 500ms\n  retries: 0\n";
    let dir = site(
        cfg,
        &[("2022-02-23-a.md", format!("[slow]({})", s.url("/slow")))],
    );
    let started = std::time::Instant::now();
    let run = lint(dir.path(), &[]);
    let un = msgs(&run, "link/unreachable");
    assert_eq!(un.len(), 1, "{:#?}", run.json);
    assert!(un[0].contains("timed out"), "{un:#?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "the timeout was not applied"
    );
}

#[test]
fn retry_after_is_honoured_then_the_link_passes() {
    let s = Server::start();
    let dir = site(
        ALLOW,
        &[("2022-02-23-a.md", format!("[busy]({})", s.url("/busy")))],
    );
    let started = std::time::Instant::now();
    let run = lint(dir.path(), &[]);
    assert!(find(&run, "link/unreachable").is_empty(), "{:#?}", run.json);
    assert_eq!(s.hits("/busy"), 2);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After: 1 was not waited"
    );
}

#[test]
fn retry_after_too_long_is_a_failure_not_a_wait() {
    let s = Server::start();
    let dir = site(
        ALLOW,
        &[(
            "2022-02-23-a.md",
            format!("[b]({})", s.url("/busy-forever")),
        )],
    );
    let run = lint(dir.path(), &[]);
    let un = msgs(&run, "link/unreachable");
    assert!(
        un.len() == 1 && un[0].contains("429") && un[0].contains("3600"),
        "{un:#?}"
    );
    assert_eq!(s.hits("/busy-forever"), 1);
}

#[test]
fn head_refused_falls_back_to_get() {
    let s = Server::start();
    let dir = site(
        ALLOW,
        &[("2022-02-23-a.md", format!("[h]({})", s.url("/head-405")))],
    );
    let run = lint(dir.path(), &[]);
    assert!(find(&run, "link/unreachable").is_empty(), "{:#?}", run.json);
    assert_eq!(s.hits_by("HEAD", "/head-405"), 1);
    assert_eq!(s.hits_by("GET", "/head-405"), 1);
}

#[test]
fn one_url_in_many_posts_is_fetched_once_and_reported_everywhere() {
    let s = Server::start();
    let posts: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("2022-02-23-p{i}.md"),
                format!(
                    "[x]({})\n\n<a href=\"{}\">y</a>",
                    s.url("/missing"),
                    s.url("/shared")
                ),
            )
        })
        .collect();
    let posts: Vec<(&str, String)> = posts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let dir = site(ALLOW, &posts);
    let run = lint(dir.path(), &[]);
    assert_eq!(find(&run, "link/unreachable").len(), 40, "{:#?}", run.json);
    assert_eq!(s.hits("/shared"), 1, "a shared URL is asked once");
    // HEAD 404, then the GET that confirms it: 2, not 80.
    assert_eq!(s.hits("/missing"), 2);
}

#[test]
fn private_addresses_are_refused_by_default() {
    let s = Server::start();
    let cfg = "links:\n  online: true\n";
    let body = format!(
        "[a]({})\n\n[b](http://localhost:{}/ok)\n\n[c](http://[::1]:{}/ok)",
        s.url("/ok"),
        s.port,
        s.port
    );
    let dir = site(cfg, &[("2022-02-23-a.md", body)]);
    let run = lint(dir.path(), &[]);
    let un = msgs(&run, "link/unreachable");
    assert_eq!(un.len(), 3, "{un:#?}");
    assert!(
        un.iter().all(|m| m.contains("refused to connect")),
        "{un:#?}"
    );
    assert_eq!(s.total(), 0, "nothing may reach the server");
}

#[test]
fn cache_answers_the_second_run_and_never_keeps_failures() {
    let s = Server::start();
    let body = format!("[a]({})\n\n[b]({})", s.url("/ok"), s.url("/missing"));
    let dir = site(ALLOW, &[("2022-02-23-a.md", body)]);
    let first = lint(dir.path(), &[]);
    assert_eq!(find(&first, "link/unreachable").len(), 1);
    let cache = dir.path().join(".postlint-cache/links.json");
    let text = std::fs::read_to_string(&cache).expect("cache written");
    assert!(text.contains("/ok"), "{text}");
    assert!(
        !text.contains("/missing"),
        "failures are not cached: {text}"
    );
    let (ok, missing) = (s.hits("/ok"), s.hits("/missing"));
    let second = lint(dir.path(), &[]);
    assert_eq!(find(&second, "link/unreachable").len(), 1);
    assert_eq!(s.hits("/ok"), ok, "the cached success was asked again");
    assert!(
        s.hits("/missing") > missing,
        "a failure must be checked again"
    );
    // --no-cache asks again.
    lint(dir.path(), &["--no-cache"]);
    assert_eq!(s.hits("/ok"), ok + 1);
}

#[test]
fn offline_by_default_and_without_results() {
    let s = Server::start();
    let dir = site(
        "links:\n  allow_private: true\n",
        &[("2022-02-23-a.md", format!("[a]({})", s.url("/missing")))],
    );
    let run = lint(dir.path(), &[]);
    assert!(find(&run, "link/unreachable").is_empty());
    assert_eq!(s.total(), 0);
    // --online turns it on.
    let run = lint(dir.path(), &["--online"]);
    assert_eq!(find(&run, "link/unreachable").len(), 1);
}

#[test]
fn exclude_accept_and_headers_from_the_environment() {
    let s = Server::start();
    let cfg = format!(
        "{ALLOW}  exclude: ['/missing$']\n  accept: ['200..=299', 410]\n  headers:\n    127.0.0.1: {{X-Token: POSTLINT_TEST_TOKEN}}\n"
    );
    let body = format!("[a]({})\n\n[b]({})", s.url("/missing"), s.url("/gone"));
    let dir = site(&cfg, &[("2022-02-23-a.md", body)]);
    let run = postlint_json_env(
        &[dir.path().to_str().unwrap(), "--select", "link"],
        &[("POSTLINT_TEST_TOKEN", "s3cret")],
    );
    assert!(find(&run, "link/unreachable").is_empty(), "{:#?}", run.json);
    assert_eq!(s.hits("/missing"), 0);
    assert_eq!(s.header_seen("x-token"), Some("s3cret".to_string()));
    // A literal secret in the config is refused.
    let bad = format!("{ALLOW}  headers:\n    a.com: {{Authorization: 'Bearer abc'}}\n");
    std::fs::write(dir.path().join(".postlint.yml"), bad).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["lint", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("never the secret itself"), "{err}");
}

#[test]
fn connection_refused_in_plain_words() {
    // A port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = site(
        ALLOW,
        &[("2022-02-23-a.md", format!("[a](http://127.0.0.1:{port}/x)"))],
    );
    let run = lint(dir.path(), &[]);
    let un = msgs(&run, "link/unreachable");
    assert!(
        un.len() == 1 && un[0].contains("connection refused"),
        "{un:#?}"
    );
}

#[test]
fn a_killed_run_leaves_the_cache_intact() {
    let s = Server::start();
    let dir = site(
        ALLOW,
        &[("2022-02-23-a.md", format!("[a]({})", s.url("/ok")))],
    );
    lint(dir.path(), &[]);
    let cache = dir.path().join(".postlint-cache/links.json");
    let before = std::fs::read(&cache).unwrap();
    std::fs::write(
        dir.path().join("_posts/2022-02-23-b.md"),
        format!("{FM}[slow]({})\n", s.url("/slow")),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(["lint", dir.path().to_str().unwrap(), "--format", "json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed while /slow is in flight.
    while s.hits("/slow") == 0 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read(&cache).unwrap(), before);
    let json: serde_json::Value = serde_json::from_slice(&before).unwrap();
    assert!(json["entries"][s.url("/ok")].is_object(), "{json:#}");
}

#[test]
fn tls_failure_in_plain_words() {
    // A server that answers plain HTTP to whatever it is sent: a TLS handshake fails.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::Write;
        for mut c in l.incoming().flatten() {
            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let dir = site(
        ALLOW,
        &[(
            "2022-02-23-a.md",
            format!("[a](https://127.0.0.1:{port}/x)"),
        )],
    );
    let run = lint(dir.path(), &[]);
    let un = msgs(&run, "link/unreachable");
    assert!(un.len() == 1 && un[0].contains("TLS failure"), "{un:#?}");
}
