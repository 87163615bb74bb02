use crate::rules::{Ctx, Rule};
use crate::yaml::ValueType;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/empty-value.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    for key in cx.option_strings("keys") {
        let Some(v) = doc.get(key) else { continue };
        let node = doc.node(v);
        let empty_string = matches!(doc.scalar(v), Some((s, st)) if s.trim().is_empty() && (st.is_quoted() || !s.is_empty()));
        let null = doc.value_type(v) == ValueType::Null;
        let empty_list = matches!(&doc.node(doc.resolve(v)).kind, crate::yaml::Kind::Seq(items) if items.is_empty());
        if !(empty_string || null || empty_list) {
            continue;
        }
        let consequence = match key {
            "title" if null => format!(
                "Jekyll uses the title made from the file name, '{}'",
                super::titleized_slug(cx.post)
            ),
            "title" => "the post is published with an empty title".to_string(),
            "layout" => "the post is published with no layout at all (bare HTML)".to_string(),
            "categories" | "category" => {
                "the post gets no category (and no category in its URL)".to_string()
            }
            "tags" => "the post gets no tags".to_string(),
            _ => "it is as if the key were not there".to_string(),
        };
        // Point at the value, or just after the colon when there is none.
        let span = if node.span.is_empty() {
            let (_, k, _) = doc
                .entries()
                .filter(|e| e.0 == key)
                .last()
                .unwrap_or((key, v, v));
            doc.node(k).span.clone()
        } else {
            node.span.clone()
        };
        let what = if null { "has no value" } else { "is empty" };
        cx.report(span, format!("`{key}` {what}: {consequence}"))
            .label(if null { "no value" } else { "empty" })
            .help(format!("give `{key}` a value, or delete the line"));
    }
}
