use crate::post::Encoding;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/encoding/nul-byte.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if matches!(cx.post.encoding, Encoding::Other { .. }) {
        return;
    }
    let bytes = cx.post.text.as_bytes();
    let Some(first) = memchr::memchr(0, bytes) else {
        return;
    };
    let n = memchr::memchr_iter(0, bytes).count();
    let in_fm = cx
        .post
        .front_matter()
        .is_some_and(|f| f.yaml.contains(&first));
    let why = if in_fm {
        "YAML refuses control characters, so Jekyll discards the whole front matter"
    } else {
        "browsers show it as garbage or cut the text"
    };
    cx.report(
        first..first + 1,
        format!("NUL byte at offset {first} ({n} in the file): {why}"),
    )
    .label("NUL")
    .help("delete the NUL bytes (e.g. `tr -d '\\000'`); they are never text");
}
