use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/filename-mismatch.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(p) = crate::rules::filename::post_name(cx.post) else {
        return;
    };
    let Some(r) = super::resolved(cx.post, cx.site) else {
        return;
    };
    let Ok(z) = &r.result else { return };
    let f = crate::date::resolve_filename_date_at(p.year, p.month, p.day, &cx.site.tz, cx.site.now);
    let Ok(fz) = f.result else { return };
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
