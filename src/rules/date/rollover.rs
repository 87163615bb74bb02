use crate::date::Note;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/rollover.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(r) = super::resolved(cx.post, cx.site) else {
        return;
    };
    let Some(span) = super::date_span(cx.post) else {
        return;
    };
    for n in &r.notes {
        if let Note::RolledOver { written, actual } = n {
            cx.report(span.clone(), format!("{written} does not exist: Jekyll silently rolls it over to {actual}, and the post's URL uses that day"))
                .label(format!("becomes {actual}"))
                .help("correct the date");
        }
    }
}
