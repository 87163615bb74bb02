use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/attribution/missing.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some((a, spec)) = super::analysis(cx) else {
        return;
    };
    let at = super::end_of_body(cx.post);
    for (p, found) in spec.patterns.iter().zip(&a.found) {
        if !p.file.required || !found.is_empty() {
            continue;
        }
        let message =
            p.file.message.clone().unwrap_or_else(|| {
                format!("the required `{}` text is missing from the post", p.name)
            });
        let d = cx.report(at.clone(), message);
        d.label("expected near here");
        d.help(
            p.file
                .help
                .clone()
                .unwrap_or_else(|| format!("add text matching `{}`", p.regex.as_str())),
        );
    }
}
