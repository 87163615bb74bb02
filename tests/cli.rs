//! CLI snapshots (trycmd): `tests/cmd/<case>.toml`, with inputs in `<case>.in/`.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        // Never append to a real job summary when the tests run inside GitHub Actions.
        .env("GITHUB_STEP_SUMMARY", "")
        .case("tests/cmd/*.toml");
}
