use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/future.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if cx.site.config.future || !cx.post.kind.is_post_like() {
        return;
    }
    let (when, span) = match super::resolved(cx.post, cx.site) {
        Some(r) => match (&r.result, super::date_span(cx.post)) {
            (Ok(z), Some(s)) => (z.clone(), s),
            _ => return,
        },
        None => {
            // No `date` key: the file-name date at midnight.
            if crate::rules::filename::post_name(cx.post).is_none() {
                return;
            }
            let f = super::filename_resolved(cx.post, cx.site);
            let Some(Ok(z)) = f.0.as_ref().map(|r| r.result.clone()) else {
                return;
            };
            (
                z,
                cx.post.bom..cx.post.front_matter().map_or(0, |f| f.open.end),
            )
        }
    };
    if when.timestamp() <= cx.site.now {
        return;
    }
    cx.report(span, format!("the post is dated in the future ({}): Jekyll skips it (\"has a future date\") until a build after that time", super::fmt_zoned(&when)))
        .label("in the future")
        .help("correct the date, or set `future: true` in _config.yml if future posts are meant to be published");
}
