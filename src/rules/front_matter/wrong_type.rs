use crate::rules::{Ctx, Rule};
use crate::yaml::{Kind, ValueType};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/wrong-type.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    for (key, _, v) in doc.entries() {
        let ty = doc.value_type(v);
        // Text and the other types are never wrong here: no excerpt to make.
        if !matches!(
            ty,
            ValueType::Bool(_)
                | ValueType::Int
                | ValueType::Float
                | ValueType::Seq
                | ValueType::Map
        ) {
            continue;
        }
        let span = doc.node(v).span.clone();
        let text = crate::diagnostic::excerpt(&cx.post.text[span.clone()], 120);
        let problem = match (key, ty) {
            ("title" | "layout" | "permalink" | "excerpt_separator" | "slug", ValueType::Bool(b)) => Some(format!(
                "`{key}: {text}` is read by YAML 1.1 as the boolean {b}, not text{}",
                if key == "title" { format!(": Jekyll uses the title made from the file name, '{}'", super::titleized_slug(cx.post)) } else { String::new() }
            )),
            ("title", ValueType::Int) if text.contains(':') => Some(format!("`title: {text}` is read by YAML 1.1 as a base-60 number, not text: the title becomes a number")),
            ("title", ValueType::Float) => Some(format!("`title: {text}` is read as a number: trailing zeros and formatting are lost")),
            ("title" | "layout" | "permalink", ValueType::Seq | ValueType::Map) => Some(format!("`{key}` must be text, not {}", ty.describe())),
            ("categories" | "tags" | "category", ValueType::Map) => Some(format!("`{key}` must be a word or a list, not a mapping")),
            ("categories" | "tags", ValueType::Seq) => {
                let bad = match &doc.node(doc.resolve(v)).kind {
                    Kind::Seq(items) => items.iter().any(|&i| matches!(doc.value_type(i), ValueType::Seq | ValueType::Map)),
                    _ => false,
                };
                bad.then(|| format!("`{key}` must be a list of words, not a list of lists"))
            }
            _ => None,
        };
        if let Some(message) = problem {
            let fixable =
                matches!(doc.node(doc.resolve(v)).kind, Kind::Scalar { .. }) && key == "title";
            let d = cx.report(span.clone(), message);
            d.label(ty.describe()).help(format!(
                "quote it so that it stays text: `{key}: '{}'`",
                text.replace('\'', "''")
            ));
            if fixable {
                d.fix(
                    "quote the value",
                    vec![(span, format!("'{}'", text.replace('\'', "''")))],
                );
            }
        }
    }
}
