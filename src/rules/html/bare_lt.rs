use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/bare-lt.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in body.html_problems() {
        if let Problem::BareLt { span } = p {
            cx.report(span.clone(), "a bare `<` that starts no tag: browsers show it, but the next edit can turn it into a broken tag")
                .label("write &lt;")
                .help("write `&lt;` for a literal less-than sign")
                .fix("escape as &lt;", vec![(span.start..span.start + 1, "&lt;".into())]);
        }
    }
}
