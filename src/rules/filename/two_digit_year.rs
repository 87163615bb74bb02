use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/filename/two-digit-year.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(p) = super::post_name(cx.post) else {
        return;
    };
    if p.year.len() == 4 {
        return;
    }
    let f = crate::rules::date::filename_resolved(cx.post, cx.site);
    let Some(r) = &f.0 else {
        return;
    };
    let read = match &r.result {
        Ok(z) => format!("read as the year {}", z.year()),
        Err(e) => format!("not a valid date ({e})"),
    };
    let end = cx.post.front_matter().map_or(0, |f| f.open.end);
    cx.report(
        cx.post.bom..end,
        format!(
            "the file name's year '{}' has {} digits: {read}",
            p.year,
            p.year.len()
        ),
    )
    .help("write the year with four digits");
}
