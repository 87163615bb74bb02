use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/attribution/empty.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some((a, spec)) = super::analysis(cx) else {
        return;
    };
    for (p, found) in spec.patterns.iter().zip(&a.found) {
        for f in found {
            for name in &p.file.non_empty {
                let Some((_, text, span)) = f.capture(name) else {
                    continue;
                };
                if !text.trim().is_empty() {
                    continue;
                }
                let span = if span.is_empty() {
                    f.span.clone()
                } else {
                    span.clone()
                };
                cx.report(
                    span,
                    format!(
                        "`{}` is there but its {name} is empty: the post credits nothing",
                        p.name
                    ),
                )
                .label(format!("empty {name}"))
                .help(format!("fill in the {name}"));
            }
        }
    }
}
