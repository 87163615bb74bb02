use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/duplicate-attribute.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in body.html_problems() {
        if let Problem::DuplicateAttr { name, span, first } = p {
            cx.report(span.clone(), format!("attribute `{name}` is given twice: browsers keep the first one and ignore this"))
                .label("ignored")
                .also(first.clone(), "this one is used")
                .help("keep one of them");
        }
    }
}
