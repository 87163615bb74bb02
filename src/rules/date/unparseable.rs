use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/unparseable.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(r) = super::resolved(cx.post, cx.site) else {
        return;
    };
    let Err(e) = &r.result else { return };
    let Some(span) = super::date_span(cx.post) else {
        return;
    };
    let shown = r.ruby_text.clone();
    let consequence = if e.aborts_build() {
        "Jekyll aborts the WHOLE build here (\"Invalid date\"), and stops at the first such post"
    } else {
        "Jekyll logs an error and publishes the post without its front matter"
    };
    cx.report(span, format!("`date` '{shown}' is not a date Jekyll can parse ({e}): {consequence}"))
        .label(e.to_string())
        .help("write the date as `YYYY-MM-DD HH:MM:SS +0800`, or delete the `date` line to use the file-name date");
}
