use crate::rules::{Ctx, Rule};
use crate::yaml::Kind;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/attribution/mismatch.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some((a, spec)) = super::analysis(cx) else {
        return;
    };
    let Some(doc) = cx.post.doc() else { return };
    for c in &spec.consistency {
        let Some((pat, cap)) = c.capture.split_once('.') else {
            continue;
        };
        let Some(pi) = spec.patterns.iter().position(|p| p.name == pat) else {
            continue;
        };
        let Some(v) = doc.get(&c.key) else { continue };
        let values: Vec<String> = match &doc.node(doc.resolve(v)).kind {
            Kind::Seq(items) => items
                .iter()
                .filter_map(|&i| doc.scalar(i).map(|s| s.0.to_string()))
                .collect(),
            Kind::Scalar { value, .. } => value.split_whitespace().map(str::to_string).collect(),
            _ => continue,
        };
        let expected: Option<Vec<String>> = values
            .iter()
            .map(|v| c.expected(v))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat());
        let Some(expected) = expected else { continue };
        if expected.is_empty() {
            continue;
        }
        let key_span = doc.node(v).span.clone();
        for f in a.found.get(pi).into_iter().flatten() {
            let Some((_, got, span)) = f.capture(cap) else {
                continue;
            };
            if got.trim().is_empty() || c.matches(got, &expected) {
                continue;
            }
            let want = expected.first().cloned().unwrap_or_default();
            cx.report(span.clone(), format!("the {pat} says '{}' but the post's {} say '{}' (expected '{want}')", got.trim(), c.key, values.join(" ")))
                .label(format!("expected {want}"))
                .also(key_span.clone(), format!("{} here", c.key))
                .help(format!("correct the {pat} or the `{}`; if both names are right, list one as an alias of the other in `attribution.consistency`", c.key));
        }
    }
}
