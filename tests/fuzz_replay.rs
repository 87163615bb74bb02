//! Replays the fuzz seed corpus and every crash input found by fuzzing (tests/fuzz_regressions/)
//! through the whole per-post pipeline, including the --fix data-safety checks of `fuzz_one`.

use std::path::Path;

fn replay(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in rd.flatten() {
        if e.path().is_file() && e.file_name() != "README.md" {
            let data = std::fs::read(e.path()).unwrap();
            let r = std::panic::catch_unwind(|| postlint::lint::fuzz_one(&data));
            assert!(r.is_ok(), "{} crashes the pipeline", e.path().display());
            n += 1;
        }
    }
    n
}

#[test]
fn seed_corpus_and_crash_inputs_pass_the_pipeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = replay(&root.join("fuzz/corpus/post"));
    assert!(seeds > 100, "the seed corpus is there ({seeds})");
    replay(&root.join("tests/fuzz_regressions"));
    assert!(replay(&root.join("tests/fuzz_regressions/yaml")) >= 1);
}

/// The `yaml` fuzz target's check: the fast path for simple front matter and the general
/// parser agree on every input, as a whole tree or as a refusal.
#[test]
fn yaml_crash_inputs_agree_with_the_general_parser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions/yaml");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let fast = postlint::yaml::parse(&text, 3);
        let general = postlint::yaml::parse_general(&text, 3);
        match (fast, general) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", e.path().display()),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{}: {} vs {}", e.path().display(), a.is_ok(), b.is_ok()),
        }
        n += 1;
    }
    assert!(n >= 1);
}
