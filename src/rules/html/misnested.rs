use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/misnested.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in body.html_problems() {
        if let Problem::Misnested {
            name,
            open,
            end,
            inner,
            inner_open,
        } = p
        {
            cx.report(end.clone(), format!("</{name}> closes <{name}> while <{inner}> inside it is still open: the tags overlap"))
                .label(format!("<{inner}> still open"))
                .also(open.clone(), format!("<{name}> opened here"))
                .also(inner_open.clone(), format!("<{inner}> opened here"))
                .help(format!("close </{inner}> before </{name}>"));
        }
    }
}
