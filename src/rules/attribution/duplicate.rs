use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/attribution/duplicate.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some((a, spec)) = super::analysis(cx) else {
        return;
    };
    for (p, found) in spec.patterns.iter().zip(&a.found) {
        let Some(max) = p.file.max else { continue };
        if found.len() <= max {
            continue;
        }
        let first = found[0].span.clone();
        for f in &found[max..] {
            cx.report(
                f.span.clone(),
                format!(
                    "`{}` appears {} times; the site allows {max}",
                    p.name,
                    found.len()
                ),
            )
            .label("again here")
            .also(first.clone(), "first here")
            .help("keep one; a repeated credit usually means the body was pasted twice");
        }
    }
}
