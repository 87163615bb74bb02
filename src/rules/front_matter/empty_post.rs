use crate::front_matter::{Missing, Split};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/empty-post.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if !matches!(cx.post.split, Split::Missing(Missing::Empty))
        || !matches!(cx.post.encoding, crate::post::Encoding::Utf8)
    {
        return;
    }
    let what = if cx.post.bytes().is_empty() {
        "empty (0 bytes)"
    } else {
        "only whitespace"
    };
    let title = super::titleized_slug(cx.post);
    cx.report(
        0..cx.post.text.len(),
        format!("the post is {what}: Jekyll publishes a blank page titled '{title}'"),
    )
    .help("write the post, or delete the file");
}
