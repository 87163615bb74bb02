use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/stray-end-tag.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in body.html_problems() {
        if let Problem::StrayEnd { name, span } = p {
            let what = if name == "p" {
                "the browser turns it into an empty paragraph"
            } else {
                "browsers ignore it"
            };
            cx.report(
                span.clone(),
                format!("</{name}> closes no open <{name}>: {what}"),
            )
            .label("nothing to close")
            .help(format!("remove it, or add the missing <{name}> before it"));
        }
    }
}
