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
}
