use crate::date::Note;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/offset-range.md"),
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
        if let Note::OffsetImplausible { offset_seconds } = n {
            let sign = if *offset_seconds < 0 { '-' } else { '+' };
            let a = offset_seconds.unsigned_abs();
            cx.report(span.clone(), format!("the UTC offset {sign}{:02}:{:02} is outside every real time zone (−12:00 to +14:00): Jekyll accepts it and shifts the post's time by that much", a / 3600, a % 3600 / 60))
                .label("offset")
                .help("use the offset of the time zone the time was written in, e.g. +0800");
        }
    }
}
