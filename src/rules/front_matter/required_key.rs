use crate::post::Kind;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/required-key.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    let Some(fm) = cx.post.front_matter() else {
        return;
    };
    let option = match cx.post.kind {
        Kind::Post | Kind::Draft => "post",
        Kind::Collection(_) => "collection",
        Kind::Page => "page",
    };
    let defaults = cx
        .site
        .config
        .defaults_for(&cx.post.rel, cx.post.kind.defaults_type());
    for key in cx.option_strings(option) {
        if doc.get(key).is_some() || defaults.contains_key(key) {
            continue;
        }
        cx.report(fm.open.clone(), format!("required key `{key}` is missing (not in the front matter nor in `_config.yml` defaults)"))
            .label("front matter starts here")
            .help(format!("add `{key}: …` to the front matter"));
    }
}
