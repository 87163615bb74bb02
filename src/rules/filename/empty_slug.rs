use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/filename/empty-slug.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(p) = super::post_name(cx.post) else {
        return;
    };
    if !p.slug.is_empty() {
        return;
    }
    let end = cx.post.front_matter().map_or(0, |f| f.open.end);
    let url = format!("/{}/{:0>2}/{:0>2}/.html", p.year, p.month, p.day);
    cx.report(cx.post.bom..end, format!("the file name has an empty slug: Jekyll warns `Empty slug` and publishes the post at a URL like {url}"))
        .help("add a slug after the date: `YYYY-MM-DD-slug.md`");
}
