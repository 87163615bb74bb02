use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/attribution/position.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some((a, spec)) = super::analysis(cx) else {
        return;
    };
    let text = &cx.post.text;
    for (p, found) in spec.patterns.iter().zip(&a.found) {
        let Some(n) = p.file.within_last_lines else {
            continue;
        };
        let Some(last) = found.last() else { continue };
        let after = text[last.span.end.min(text.len())..]
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count();
        if after < n {
            continue;
        }
        cx.report(
            last.span.clone(),
            format!(
                "`{}` should be near the end of the post, but {after} lines of text follow it",
                p.name
            ),
        )
        .label("too early")
        .help(format!(
            "move it to the end of the article (within the last {n} lines)"
        ));
    }
}
