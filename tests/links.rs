//! The link rules on the real finews corpus: relative back-links resolved from each post's own
//! URL, the empty `<>` autolinks, protocol-relative back-links, retired hosts; the reference post
//! gets no link error; `--site-dir` checks against a built site.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Files under `dir` (one level) whose text contains `needle`, by file name.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| fs::read_to_string(e.path()).is_ok_and(|t| t.contains(needle)))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn occurrences(dir: &Path, needle: &str) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .map(|t| t.matches(needle).count())
        .sum()
}

fn file_name(d: &serde_json::Value) -> String {
    d["path"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn finews_links() {
    let site = shared().join("corpus/finews");
    let run = postlint_json(&[site.to_str().unwrap(), "--select", "link"]);
    assert_eq!(
        run.code, 1,
        "broken internal links are errors: {}",
        run.stderr
    );

    // Every `../emnews/` back-link, reported where it really goes.
    let expected = files_containing(&site.join("_posts"), "](../emnews/)");
    assert_eq!(expected.len(), 85);
    let mut found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| {
            d["rule"] == "link/internal-missing"
                && d["message"].as_str().unwrap().contains("`../emnews/`")
        })
        .inspect(|d| {
            let m = d["message"].as_str().unwrap();
            assert!(m.contains("/emnews/2021/12/emnews/"), "{m}");
            assert_eq!(d["severity"], "error");
        })
        .map(file_name)
        .collect();
    found.sort();
    assert_eq!(found, expected);
    // The span is the URL itself: `[返回东财滚动新闻](../emnews/)` puts it at column 12.
    let one = run
        .for_file("_posts/2021-12-08-202112082206808923.md")
        .into_iter()
        .find(|d| {
            d["rule"] == "link/internal-missing"
                && d["message"].as_str().unwrap().contains("`../emnews/`")
        })
        .unwrap()
        .clone();
    assert_eq!(
        (
            one["line"].as_u64(),
            one["column"].as_u64(),
            one["end_column"].as_u64()
        ),
        (Some(13), Some(12), Some(22))
    );
    assert!(
        one["message"]
            .as_str()
            .unwrap()
            .contains("/emnews/2021/12/08/202112082206808923.html"),
        "names the post's URL: {one}"
    );

    // Both empty `<>` autolinks, at the `<>`.
    for (file, line) in [
        ("_posts/-202205262391921712.md", 12),
        ("_posts/2021-12-08-202112082206870651.md", 11),
    ] {
        let d: Vec<_> = run
            .for_file(file)
            .into_iter()
            .filter(|d| d["rule"] == "link/empty")
            .collect();
        assert_eq!(d.len(), 1, "{file}: {d:?}");
        assert_eq!(
            (
                d[0]["line"].as_u64(),
                d[0]["column"].as_u64(),
                d[0]["end_column"].as_u64()
            ),
            (Some(line), Some(1), Some(3))
        );
        assert_eq!(d[0]["severity"], "warning");
    }
    assert_eq!(
        run.diagnostics()
            .iter()
            .filter(|d| d["rule"] == "link/empty")
            .count(),
        2
    );

    // Protocol-relative back-links to the site's own host, resolved with its scheme.
    let written = occurrences(&site.join("_posts"), "](//finews.withounder.com/")
        + occurrences(&site.join("old_post"), "](//finews.withounder.com/");
    assert!(written >= 6);
    let own: Vec<_> = run
        .diagnostics()
        .iter()
        .filter(|d| {
            d["rule"] == "link/protocol-relative"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("`//finews.withounder.com/")
        })
        .collect();
    assert_eq!(own.len(), written);
    for d in &own {
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("https://finews.withounder.com/"),
            "{d}"
        );
        assert!(
            d["fix"].is_object(),
            "own host: a fix to the canonical URL: {d}"
        );
    }

    // Nothing the corpus does not have.
    assert_eq!(
        run.diagnostics()
            .iter()
            .filter(|d| d["rule"] == "link/malformed" || d["rule"] == "link/javascript")
            .count(),
        0
    );
}

#[test]
fn reference_post_gets_no_link_error() {
    let dir = finews_with_seed();
    let name = SEED;
    fs::write(
        dir.path().join(".postlint.yml"),
        "presets: [news-cn]\nlinks:\n  retired_hosts: [finews.zning.me]\n",
    )
    .unwrap();
    let run = postlint_json(&[dir.path().to_str().unwrap(), "--select", "link"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let errors: Vec<_> = run
        .for_file(name)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Its back-links are protocol-relative, to pages that exist.
    assert_eq!(
        run.for_file(name)
            .iter()
            .filter(|d| d["rule"] == "link/protocol-relative")
            .count(),
        2
    );

    // The archived copies still link the retired host.
    let retired = occurrences(&dir.path().join("old_post"), "//finews.zning.me/");
    let found = run
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "link/retired-host")
        .count();
    assert!(retired > 0);
    assert_eq!(found, retired);
}

#[test]
fn unknown_links_key_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/skeleton"),
        dir.path(),
    );
    fs::write(
        dir.path().join(".postlint.yml"),
        "links:\n  retired_host: [a.example]\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_postlint"))
        .arg("lint")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("retired_host"));
}

#[test]
fn site_dir_checks_against_the_built_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(&root.join("skeleton"), dir.path());
    copy_dir(&root.join("link/internal-missing/trigger"), dir.path());
    let built = tempfile::tempdir().unwrap();
    fs::create_dir_all(built.path().join("taheribao/2022/02/emnews")).unwrap();
    fs::write(
        built.path().join("taheribao/2022/02/emnews/index.html"),
        "x",
    )
    .unwrap();
    let run = postlint_json(&[
        dir.path().to_str().unwrap(),
        "--select",
        "link/internal-missing",
        "--site-dir",
        built.path().to_str().unwrap(),
    ]);
    let messages: Vec<&str> = run
        .diagnostics()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        !messages.iter().any(|m| m.contains("../emnews/")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("/no/such/page.html") && m.contains("built site")),
        "{messages:?}"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args([
            "lint",
            dir.path().to_str().unwrap(),
            "--site-dir",
            "/nonexistent/_site",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn junk_urls_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/skeleton"),
        dir.path(),
    );
    fs::create_dir_all(dir.path().join("_posts")).unwrap();
    let long = "a".repeat(10_000);
    let body = format!(
        "---\ntitle: x\ndate: 2022-02-23 08:00:00 +0800\n---\n[a](http://[::1) [b](%zz) [c](//) [d](http://) [e](<>) <http://x/{long}> [f](/{long}%) \
         <a href=\"//[\">g</a> <a href=\"\u{202e}x\">h</a> <a href=javascript:x>i</a> <img src> [j](../../../../../../..) <> `<>`\n\n[r]: <>\n"
    );
    fs::write(dir.path().join("_posts/2022-02-23-junk.md"), body).unwrap();
    let run = postlint_json(&[dir.path().to_str().unwrap(), "--select", "link"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rules = run.rules_for("2022-02-23-junk.md");
    for r in ["link/malformed", "link/empty", "link/javascript"] {
        assert!(rules.iter().any(|x| x == r), "no {r}: {rules:?}");
    }
}

/// Every URL Jekyll 4.3.1 produced for the oracle posts (JEKYLL-VERDICTS.md) is found by a link
/// to it: post URLs are computed as Jekyll computes them, dates included.
#[test]
fn oracle_post_urls_are_served() {
    let oracle = shared().join("oracle/jekyll");
    let verdicts = fs::read_to_string(oracle.join("JEKYLL-VERDICTS.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&oracle.join("site"), dir.path());
    let mut urls = Vec::new();
    for row in verdicts.lines().filter(|l| l.starts_with("| ")) {
        let cols: Vec<&str> = row.split('|').map(str::trim).collect();
        // The input column may hold an escaped `\|`: find the verdict and the result by content.
        let case = cols[1];
        let produced = cols[cols.len() - 2];
        if !cols.iter().any(|c| *c == "BUILT" || *c == "BUILT+WARN") {
            continue;
        }
        let meta = fs::read_to_string(oracle.join("cases").join(case).join("meta.json")).unwrap();
        let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
        if meta["flags"].as_array().is_some_and(|f| !f.is_empty()) {
            continue;
        }
        let Some(url) = produced
            .split("url `")
            .nth(1)
            .and_then(|r| r.split('`').next())
        else {
            continue;
        };
        copy_dir(
            &oracle.join("cases").join(case).join("_posts"),
            &dir.path().join("_posts"),
        );
        urls.push((case.to_string(), url.to_string()));
    }
    assert!(urls.len() >= 30, "{urls:?}");
    let mut probe = String::from("---\ntitle: probe\n---\n");
    for (case, url) in &urls {
        probe.push_str(&format!("[{case}]({url})\n"));
    }
    probe.push_str("[control](/taheribao/2022/02/23/no-such-post.html)\n");
    fs::write(dir.path().join("probe.md"), probe).unwrap();
    let run = postlint_json(&[
        dir.path().to_str().unwrap(),
        "--select",
        "link/internal-missing",
    ]);
    let found: Vec<&str> = run
        .for_file("probe.md")
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        found.len(),
        1,
        "only the control link is missing: {found:#?}"
    );
    assert!(found[0].contains("no-such-post"), "{found:?}");
}

/// A whole-site run learns the served URLs during its one pass and settles internal links after
/// it; a run over part of the site (`--shard`, a single file) reads the URLs first. Both must
/// give the same findings, on a site with every kind of target: posts, pages with and without
/// front matter, static files, unpublished and future posts, drafts, plugin outputs, baseurl.
#[test]
fn whole_site_pass_agrees_with_gathered_urls() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let w = |rel: &str, text: &str| {
        let p = d.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    w(
        "_config.yml",
        "title: t\nbaseurl: /blog\nurl: https://example.org\nplugins: [jekyll-feed]\n",
    );
    w(
        "about.md",
        "---\ntitle: about\npermalink: /about/\n---\nx\n",
    );
    w("plain.html", "<p>no front matter: copied as is</p>\n");
    w("assets/logo.png", "png");
    w(
        "_posts/2022-02-24-b.md",
        "---\ntitle: b\ncategories: news\n---\nb\n",
    );
    w(
        "_posts/2022-02-25-hidden.md",
        "---\ntitle: h\npublished: false\n---\nh\n",
    );
    w("_posts/2099-01-01-future.md", "---\ntitle: f\n---\nf\n");
    w(
        "_posts/2022-02-23-c.md",
        "---\ntitle: c\ncategories: news\n---\nc\n",
    );
    w("_drafts/draft.md", "---\ntitle: d\n---\nd\n");
    w(
        "_posts/2022-02-23-a.md",
        "---\ntitle: a\ncategories: news\n---\n\
         [ok post](/blog/news/2022/02/24/b.html) [ok rel](c.html) [ok page](/blog/about/)\n\
         [ok up](../../../../about/) [ok plain](/blog/plain.html) [ok static](/blog/assets/logo.png)\n\
         [ok feed](/blog/feed.xml) [unpublished](/blog/2022/02/25/hidden.html)\n\
         [future](/blog/2099/01/01/future.html) [stem](/blog/news/b.html) [other day](b.html)\n\
         [rooted](../../about/) [outside](/elsewhere/) [gone](/blog/nothing-like-it.html)\n\
         [suppressed](/blog/nope.html) <!-- postlint-disable-line link/internal-missing -->\n",
    );
    let site = d.to_str().unwrap();
    let post = d.join("_posts/2022-02-23-a.md");
    let key = |run: &Run| -> Vec<String> {
        let mut v: Vec<String> = run
            .diagnostics()
            .iter()
            .filter(|x| x["rule"] == "link/internal-missing")
            .map(|x| {
                format!(
                    "{} {} {} | {}",
                    x["line"], x["column"], x["message"], x["help"]
                )
            })
            .collect();
        v.sort();
        v
    };
    let whole = postlint_json(&[site]);
    let sharded = postlint_json(&[site, "--shard", "1/1"]);
    let single = postlint_json(&[post.to_str().unwrap()]);
    let found = key(&whole);
    assert_eq!(found, key(&sharded), "whole-site pass vs. URLs read first");
    assert_eq!(found, key(&single), "whole-site pass vs. one file");
    let reported = |s: &str| found.iter().filter(|f| f.contains(s)).count();
    for fine in [
        "24/b.html`",
        "`c.html`",
        "`/blog/about/`",
        "../../../../about/",
        "plain.html",
        "logo.png",
        "feed.xml",
    ] {
        assert_eq!(reported(fine), 0, "{fine} is served: {found:#?}");
    }
    for missing in [
        "hidden.html",
        "future.html",
        "/elsewhere/",
        "nothing-like-it",
        "`../../about/`",
        "`b.html`",
    ] {
        assert_eq!(reported(missing), 1, "{missing}: {found:#?}");
    }
    assert_eq!(reported("nope.html"), 0, "suppressed inline: {found:#?}");
    let helped = |link: &str, help: &str| {
        assert!(
            found.iter().any(|f| f.contains(link) && f.contains(help)),
            "{link}: {help}: {found:#?}"
        );
    };
    helped("news/b.html`", "did you mean /news/2022/02/24/b.html?");
    helped("`../../about/`", "the root-relative `/about/` exists");
    helped(
        "`b.html`",
        "not from the source file; did you mean /news/2022/02/24/b.html?",
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}

/// The deferred internal-link check renders from the positions it kept (JSON alone needs no
/// text), from the text it kept (the job summary shows source lines), or, past its memory bound,
/// from the file read again: all give the same report on the real corpus.
#[test]
fn deferred_findings_render_the_same_from_positions_kept_or_reread_text() {
    let site = shared().join("corpus/finews");
    let site = site.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let summary = summary.to_str().unwrap();
    let positions = postlint_json(&[site]);
    let kept = postlint_json(&[site, "--summary", summary]);
    let reread = postlint_json_env(
        &[site, "--summary", summary],
        &[("POSTLINT_KEEP_TEXT_BYTES", "0")],
    );
    assert!(
        positions
            .diagnostics()
            .iter()
            .filter(|d| d["rule"] == "link/internal-missing")
            .count()
            >= 85
    );
    assert_eq!(positions.json, kept.json);
    assert_eq!(positions.json, reread.json);
}

/// Each `srcset` candidate is a link: a missing one is reported at its own URL, found ones and
/// descriptors are not.
#[test]
fn srcset_candidates_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("_config.yml"), "url: https://example.com\n").unwrap();
    fs::create_dir_all(root.join("_posts")).unwrap();
    fs::create_dir_all(root.join("img")).unwrap();
    fs::write(root.join("img/ok.png"), "png").unwrap();
    let line = r#"<img src="/img/ok.png" srcset="/img/ok.png 1x, /img/missing-2x.png 2x"><picture><source srcset="/img/gone.webp"></picture>"#;
    fs::write(
        root.join("_posts/2022-01-01-a.md"),
        format!("---\ntitle: a\n---\n{line}\n"),
    )
    .unwrap();
    let run = postlint_json(&[root.to_str().unwrap(), "--select", "link/internal-missing"]);
    let found: Vec<(String, u64)> = run
        .diagnostics()
        .iter()
        .map(|d| {
            let m = d["message"].as_str().unwrap();
            (
                m.split('`').nth(1).unwrap().to_string(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let col = |url: &str| line.find(url).unwrap() as u64 + 1;
    assert_eq!(
        found,
        [
            (
                "/img/missing-2x.png".to_string(),
                col("/img/missing-2x.png")
            ),
            ("/img/gone.webp".to_string(), col("/img/gone.webp")),
        ],
        "{}",
        run.stderr
    );
}
