use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/filename/ignored.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    // A post Jekyll reads (the kept split, the common case) has no ignored part.
    if super::post_name(cx.post).is_some() {
        return;
    }
    let Some(inside) = super::inside_posts(cx.post) else {
        return;
    };
    let Some(part) = super::ignored_component(inside) else {
        return;
    };
    let why = if part.ends_with('~') {
        "ends with `~` (a backup file)".to_string()
    } else {
        format!("starts with `{}`", &part[..1])
    };
    let end = cx.post.front_matter().map_or(0, |f| f.open.end);
    cx.report(
        cx.post.bom..end,
        format!("Jekyll never reads this post: '{part}' {why}, and Jekyll skips such names"),
    )
    .help("rename it if it should be published; leave it if it is parked on purpose");
}
