use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/filename-mismatch.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if crate::rules::filename::post_name(cx.post).is_none() {
        return;
    }
    let Some(r) = super::resolved(cx.post, cx.site) else {
        return;
    };
    let Ok(z) = &r.result else { return };
    let f = super::filename_resolved(cx.post, cx.site);
    let Some(Ok(fz)) = f.0.as_ref().map(|r| &r.result) else {
        return;
    };
    if fz.date() == z.date() {
        return;
    }
    let Some(span) = super::date_span(cx.post) else {
        return;
    };
    cx.report(span, format!("the front matter date is {} in {} but the file name says {}: Jekyll uses the front matter date for the URL", z.date(), super::zone_name(cx.site), fz.date()))
        .label(format!("{} in site time", z.date()))
        .help("make the file name and the date agree");
}
