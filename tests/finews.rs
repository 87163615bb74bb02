//! The real finews corpus: the defects it really has are found, and the reference post is clean.

mod common;

use std::fs;

use common::*;

#[test]
fn finds_the_real_defects() {
    let site = shared().join("corpus/finews");
    let run = postlint_json(&[site.to_str().unwrap()]);
    assert_eq!(run.code, 1, "the corpus has errors: {}", run.stderr);

    // The undated post: no date in the name, empty title, a date with no value.
    let undated = "_posts/-202205262391921712.md";
    for rule in [
        "filename/not-a-post",
        "front-matter/empty-value",
        "date/unparseable",
    ] {
        assert!(
            run.has(undated, rule),
            "{undated}: no {rule}; got {:?}",
            run.rules_for(undated)
        );
    }
    let title = run
        .for_file(undated)
        .into_iter()
        .find(|d| d["rule"] == "front-matter/empty-value")
        .unwrap();
    assert_eq!(
        (title["line"].as_u64(), title["column"].as_u64()),
        (Some(3), Some(8)),
        "points at the empty title"
    );

    // The post whose front matter starts after a blank line.
    assert!(run.has(
        "_posts/2021-12-08-202112082206703990.md",
        "front-matter/not-recognized"
    ));

    // Every unquoted zone-less date-time is reported, and nothing else as zone-less.
    let mut expected = Vec::new();
    for e in fs::read_dir(site.join("_posts")).unwrap().flatten() {
        let text = fs::read_to_string(e.path()).unwrap();
        if !text.starts_with("---") {
            continue;
        }
        let zoneless = text.lines().take_while(|l| !l.is_empty()).any(|l| {
            l.strip_prefix("date: ")
                .is_some_and(|v| v.len() == 19 && v.as_bytes()[10] == b' ')
        });
        if zoneless {
            expected.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    expected.sort();
    let mut found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| {
            d["rule"] == "date/zoneless-utc" && d["path"].as_str().unwrap().contains("/_posts/")
        })
        .map(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    found.sort();
    assert!(expected.len() > 50, "the corpus has many zone-less dates");
    assert_eq!(found, expected);
}

#[test]
fn reference_post_is_clean_in_the_site() {
    let dir = finews_with_seed();
    let name = SEED;
    fs::write(dir.path().join(".postlint.yml"), "presets: [news-cn]\n").unwrap();
    let run = postlint_json(&[dir.path().to_str().unwrap()]);
    let own: Vec<_> = run
        .for_file(name)
        .into_iter()
        .filter(|d| d["severity"] != "info")
        // Its back-links are protocol-relative (`//finews.withounder.com/…`), the site's own
        // convention: link/protocol-relative warns about them (with a fix), and that is all.
        .filter(|d| d["rule"] != "link/protocol-relative")
        .collect();
    assert!(own.is_empty(), "reference post should be clean: {own:#?}");
    assert!(
        run.for_file(name).iter().all(|d| d["severity"] != "error"),
        "no error on the reference post"
    );
    // The same run still sees the rest of the site's defects.
    assert!(run.has("_posts/-202205262391921712.md", "date/unparseable"));
}

#[test]
fn json_contract_shape() {
    let site = shared().join("corpus/finews");
    let run = postlint_json(&[site.join("_posts/-202205262391921712.md").to_str().unwrap()]);
    let j = &run.json;
    assert_eq!(j["version"], 1);
    assert_eq!(j["files"], 1);
    let errors = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(j["summary"]["errors"].as_u64(), Some(errors as u64));
    for d in run.diagnostics() {
        for key in [
            "path",
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
        ] {
            assert!(!d[key].is_null(), "{key} missing in {d}");
        }
        assert!(d["path"]
            .as_str()
            .unwrap()
            .ends_with("-202205262391921712.md"));
    }
}
