use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/unclosed-comment.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in body.html_problems() {
        if let Problem::UnclosedComment { span } = p {
            cx.report(span.clone(), "HTML comment never closed with `-->`: everything after it, including the layout's footer, is hidden")
                .label("opened here")
                .help("close it with `-->`");
        }
    }
}
