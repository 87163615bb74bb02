//! The README's performance table quotes `bench/results.md` and `bench/results-100k.md` (what
//! `bench/run.sh` wrote): each figure there must be the result's, rounded. A rerun of the
//! benchmark that leaves the README behind fails here.

use std::collections::HashMap;
use std::path::Path;

/// A figure as written (`0.094 s`, `5.3×`, `124 MiB`) and how many decimals it has.
fn figure(cell: &str) -> Option<(f64, i32)> {
    let num: String = cell
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let decimals = num.split_once('.').map_or(0, |(_, d)| d.len() as i32);
    Some((num.parse().ok()?, decimals))
}

fn cells(line: &str) -> Vec<&str> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect()
}

/// Whether `written` is `exact` rounded to the decimals it shows.
fn rounds_to(written: &str, exact: f64) -> bool {
    let Some((v, decimals)) = figure(written) else {
        return false;
    };
    (v - exact).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9
}

#[test]
fn readme_quotes_the_benchmark_results() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let perf = readme
        .split("## Performance")
        .nth(1)
        .expect("a Performance section");
    // README rows by post count: posts, corpus, rg, postlint, markdownlint, postlint/rg,
    // markdownlint/postlint, peak RSS.
    let rows: HashMap<String, Vec<&str>> = perf
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" MB |"))
        .map(|l| (cells(l)[0].to_string(), cells(l)))
        .collect();
    let mut checked = 0;
    for file in ["bench/results.md", "bench/results-100k.md"] {
        let text = std::fs::read_to_string(root.join(file)).expect(file);
        // Result rows: posts, corpus MB, tool, median s, runs, peak RSS MiB, ratio.
        let mut by: HashMap<(String, String), Vec<&str>> = HashMap::new();
        for l in text
            .lines()
            .filter(|l| l.starts_with("| ") && !l.contains("---"))
        {
            let c = cells(l);
            if c.len() == 7 && c[0] != "N posts" {
                by.insert((c[0].to_string(), c[2].to_string()), c);
            }
        }
        for ((n, tool), c) in &by {
            if tool != "postlint" {
                continue;
            }
            let row = rows
                .get(n)
                .unwrap_or_else(|| panic!("README has no row for {n} posts of {file}"));
            let median = |t: &str| figure(by[&(n.clone(), t.to_string())][3]).unwrap().0;
            let (rg, pl) = (median("rg"), median("postlint"));
            let rss = figure(c[5]).unwrap().0;
            // (README column, what it shows, the result it must round from)
            let mut quoted = vec![
                (2, "rg", rg),
                (3, "postlint", pl),
                (5, "postlint / rg", pl / rg),
                (7, "peak RSS", rss),
            ];
            if let Some(m) = by.get(&(n.clone(), "markdownlint-cli2".to_string())) {
                let mdl = figure(m[3]).unwrap().0;
                quoted.push((4, "markdownlint-cli2", mdl));
                quoted.push((6, "markdownlint / postlint", mdl / pl));
            }
            for (col, what, exact) in quoted {
                assert!(
                    rounds_to(row[col], exact),
                    "{n} posts: the README's {what} is {}, {file} gives {exact}",
                    row[col]
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} result rows were found");
}

/// The README's table of runs after an idle pause quotes `bench/results-cold.md`
/// (what `bench/cold.py` wrote).
#[test]
fn readme_quotes_the_idle_pause_results() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let results =
        std::fs::read_to_string(root.join("bench/results-cold.md")).expect("bench/results-cold.md");
    // Result rows: posts, tool, median wall s, median CPU s, ratio.
    let mut median: HashMap<(String, String), f64> = HashMap::new();
    for l in results
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("---") && !l.contains("N posts"))
    {
        let c = cells(l);
        median.insert(
            (c[0].to_string(), c[1].to_string()),
            figure(c[2]).unwrap().0,
        );
    }
    // README rows after the header that names the idle pause: posts, rg, postlint, ratio.
    let table = readme
        .split("after 5 s idle |")
        .nth(2)
        .expect("the README's table of runs after an idle pause");
    let mut checked = 0;
    for l in table.lines().skip(2).take_while(|l| l.starts_with("| ")) {
        let c = cells(l);
        let (rg, pl) = (
            median[&(c[0].to_string(), "rg".to_string())],
            median[&(c[0].to_string(), "postlint".to_string())],
        );
        for (col, exact) in [(1, rg), (2, pl), (3, pl / rg)] {
            assert!(
                rounds_to(c[col], exact),
                "{} posts after an idle pause: the README has {}, bench/results-cold.md gives {exact}",
                c[0],
                c[col]
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "no row in the README's idle-pause table");
}
