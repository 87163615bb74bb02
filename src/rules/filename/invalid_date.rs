use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/filename/invalid-date.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(p) = super::post_name(cx.post) else {
        return;
    };
    let f = crate::rules::date::filename_resolved(cx.post, cx.site);
    let Some(r) = &f.0 else {
        return;
    };
    let written = [p.year, "-", p.month, "-", p.day].concat();
    let has_date_key = cx.post.doc().is_some_and(|d| d.get("date").is_some());
    let end = cx.post.front_matter().map_or(0, |f| f.open.end);
    let span = cx.post.bom..end;
    match &r.result {
        Err(e) if has_date_key => {
            cx.report(span, format!("the file-name date '{written}' is not a valid date ({e}); the front matter `date` is used instead"))
                .severity_at_most(crate::diagnostic::Severity::Warning)
                .help("rename the file with the post's real date");
        }
        Err(e) => {
            cx.report(span, format!("the file-name date '{written}' is not a valid date ({e}) and there is no `date` key: Jekyll aborts the whole build"))
                .help("rename the file with a real date, or add a `date:` key");
        }
        Ok(z) => {
            for n in &r.notes {
                if let crate::date::Note::RolledOver { .. } = n {
                    cx.report(span.clone(), format!("the file-name date '{written}' does not exist: Jekyll rolls it over to {}", z.date()))
                        .severity_at_most(crate::diagnostic::Severity::Warning)
                        .help("rename the file with a real date");
                }
            }
        }
    }
}
