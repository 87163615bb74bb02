use std::collections::HashMap;

use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/duplicate-key.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    // A front matter has a handful of keys: looked up in a list, without hashing, until it
    // has many.
    let mut first: Vec<(&str, usize)> = Vec::with_capacity(16);
    let mut many: HashMap<&str, usize> = HashMap::new();
    let mut reports = Vec::new();
    for (key, k, v) in doc.entries() {
        let seen = if many.is_empty() {
            first.iter().find(|(f, _)| *f == key).map(|&(_, i)| i)
        } else {
            many.get(key).copied()
        };
        if let Some(prev) = seen {
            reports.push((
                key.to_string(),
                prev,
                k,
                doc.get(key).map(|last| doc.node(last).span.clone()),
                v,
            ));
        } else if many.is_empty() && first.len() < 32 {
            first.push((key, k));
        } else {
            many.extend(first.drain(..));
            many.insert(key, k);
        }
    }
    for (key, prev, k, last, _) in reports {
        let shown = last
            .map(|s| cx.post.text[s].to_string())
            .unwrap_or_default();
        cx.report(
            doc.node(k).span.clone(),
            format!("`{key}` is given more than once: Jekyll silently uses the last one ({shown})"),
        )
        .label("again here")
        .also(doc.node(prev).span.clone(), "first given here")
        .help("keep one of them and delete the others");
    }
}
