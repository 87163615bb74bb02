use crate::date::Note;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/ambiguous-order.md"),
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
        if let Note::DayFirst { day, month } = n {
            let iso = r
                .result
                .as_ref()
                .map(|z| z.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            cx.report(span.clone(), format!("the date is not in year-month-day order: Jekyll reads it day first, as day {day} of month {month} ({iso})"))
                .label("day/month/year")
                .help(format!("write it as `{iso}`, year first, so nobody has to guess"));
        }
    }
}
