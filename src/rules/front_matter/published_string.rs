use crate::rules::{Ctx, Rule};
use crate::yaml::ValueType;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/published-string.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    let Some(v) = doc.get("published") else {
        return;
    };
    let ty = doc.value_type(v);
    if matches!(ty, ValueType::Bool(_)) {
        return;
    }
    let span = doc.node(v).span.clone();
    let text = cx.post.text[span.clone()].to_string();
    let inner = doc
        .scalar(v)
        .map(|s| s.0.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let meant_false = matches!(inner.as_str(), "false" | "no" | "off" | "0");
    let d = cx.report(
        span.clone(),
        format!(
            "`published: {text}` is {}, not the boolean false: Jekyll publishes the post{}",
            ty.describe(),
            if meant_false {
                " although it looks unpublished"
            } else {
                ""
            }
        ),
    );
    d.label(ty.describe());
    if meant_false {
        d.help("write `published: false` without quotes")
            .fix("write the boolean false", vec![(span, "false".into())]);
    } else {
        d.help("use `published: false` or `published: true`, unquoted");
    }
}
