use crate::post::Encoding;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/encoding/invalid-utf8.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Encoding::InvalidUtf8 { bad } = &cx.post.encoding else {
        return;
    };
    let Some(first) = bad.first().cloned() else {
        return;
    };
    let more = bad.len() - 1;
    let also = if more > 0 {
        format!(
            " (and {more} more place{})",
            if more == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    let bytes = cx.post.bytes();
    let first_hex = hex(&bytes[first.clone()]);
    let more_hex: Vec<_> = bad
        .iter()
        .skip(1)
        .take(4)
        .map(|r| (r.clone(), hex(&bytes[r.clone()])))
        .collect();
    let d = cx.report(
        first.clone(),
        format!(
            "invalid UTF-8 at byte offset {}{also}: Jekyll drops this post (\"invalid byte sequence in UTF-8\")",
            first.start
        ),
    );
    d.label(format!(
        "byte{} {}",
        if first.len() > 1 { "s" } else { "" },
        first_hex
    ));
    for (r, h) in more_hex {
        d.also(r, format!("invalid: {h}"));
    }
    d.help("re-save the file as UTF-8 and retype the characters at these places");
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .take(8)
        .map(|x| format!("{x:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}
