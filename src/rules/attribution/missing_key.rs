use crate::rules::{Ctx, Rule};
use crate::yaml::ValueType;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/attribution/missing-key.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(spec) = cx.config.attribution.clone() else {
        return;
    };
    if !cx.post.kind.is_post_like() || super::exempt(cx, &spec) {
        return;
    }
    let (Some(doc), Some(fm)) = (cx.post.doc(), cx.post.front_matter()) else {
        return;
    };
    for key in &spec.required_keys {
        match doc.get(key) {
            None => {
                cx.report(fm.open.clone(), format!("the site requires `{key}` in every post's front matter to credit the original source, and it is missing"))
                    .help(format!("add `{key}: …`"));
            }
            Some(v) => {
                let empty = doc.value_type(v) == ValueType::Null
                    || doc.scalar(v).is_some_and(|(s, _)| s.trim().is_empty());
                if empty {
                    let span = doc.node(v).span.clone();
                    cx.report(
                        span,
                        format!("`{key}` is empty: the post does not credit its source"),
                    )
                    .label("empty")
                    .help(format!("fill in `{key}`"));
                }
            }
        }
    }
}
