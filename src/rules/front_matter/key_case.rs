use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/key-case.md"),
    check,
};

/// Front matter keys Jekyll reads itself; keys are case-sensitive.
const JEKYLL_KEYS: &[&str] = &[
    "title",
    "date",
    "layout",
    "categories",
    "category",
    "tags",
    "tag",
    "permalink",
    "published",
    "slug",
    "excerpt_separator",
    "excerpt",
    "description",
    "author",
    "lang",
];

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    let mut found = Vec::new();
    for (key, k, _) in doc.entries() {
        // An ASCII key without capitals is its own lowercase (most keys: no allocation).
        if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            continue;
        }
        let lower = key.to_lowercase();
        if lower != key && JEKYLL_KEYS.contains(&lower.as_str()) {
            let also = doc.get(&lower).is_some();
            found.push((key.to_string(), lower, doc.node(k).span.clone(), also));
        }
    }
    for (key, lower, span, also) in found {
        let consequence = if also {
            format!("Jekyll ignores it and uses `{lower}`")
        } else {
            format!("Jekyll ignores it, as if the post had no `{lower}`")
        };
        let d = cx.report(
            span.clone(),
            format!("`{key}` is not `{lower}` (keys are case-sensitive): {consequence}"),
        );
        d.label("wrong case").help(format!("write `{lower}`"));
        if !also {
            d.fix(format!("rename the key to `{lower}`"), vec![(span, lower)]);
        }
    }
}
