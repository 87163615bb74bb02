//! CLI snapshots (trycmd): `tests/cmd/<case>.toml`, with inputs in `<case>.in/`.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .case("tests/cmd/*.toml");
}
