use crate::rules::{Ctx, Rule};
use crate::yaml::Kind;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/not-mapping.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(Ok(doc)) = cx.post.yaml() else {
        return;
    };
    let Some(root) = doc.root else { return };
    let node = doc.node(doc.resolve(root));
    let what = match node.kind {
        Kind::Map(_) => return,
        Kind::Seq(_) => "a list",
        _ => "a single value",
    };
    cx.report(node.span.clone(), format!("the front matter is {what}, not `key: value` pairs: Jekyll discards it and publishes the post with no layout, title or date"))
        .label(what)
        .help("write the front matter as `key: value` lines, e.g. `title: …`");
}
