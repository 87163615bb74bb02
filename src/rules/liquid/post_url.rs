use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/liquid/post-url.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for t in &body.liquid.tags {
        if t.name != "post_url" {
            continue;
        }
        let name = t.markup.trim();
        if name.is_empty() || name.contains("{{") {
            continue;
        }
        if cx.site.facts().has_post(name) {
            continue;
        }
        cx.report(t.markup_span.clone(), format!("`{{% post_url {name} %}}` names no post in _posts/: Jekyll aborts the whole build (\"Could not find post\")"))
            .label("no such post")
            .help("use the post's file name without extension, e.g. `2022-02-23-slug` (with its sub-folder if it has one)");
    }
}
