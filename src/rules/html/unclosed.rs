use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/unclosed.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    let text = &cx.post.text;
    let mut found = Vec::new();
    for p in body.html_problems() {
        match p {
            Problem::Unclosed {
                name,
                open,
                closed_by,
            } => {
                let by = closed_by
                    .as_ref()
                    .map(|c| (c.clone(), text[c.clone()].to_string()));
                found.push((name.clone(), open.clone(), by));
            }
            Problem::TooDeep { span } => {
                cx.report(
                    span.clone(),
                    "HTML nested too deeply to check past this point",
                )
                .help("simplify the markup");
            }
            _ => {}
        }
    }
    for (name, open, by) in found {
        match by {
            Some((span, tag)) => {
                let d = cx.report(open, format!("<{name}> is never closed: the browser closes it at {tag}, which may not be what you meant"));
                d.label("opened here")
                    .also(span.clone(), "implicitly closed here")
                    .help(format!("add </{name}> where the element should end"));
                // A paragraph cut short by a block is closed right before that block.
                if name == "p" {
                    d.fix(
                        format!("close <p> before {tag}"),
                        vec![(span.start..span.start, "</p>".into())],
                    );
                }
            }
            None => {
                cx.report(open, format!("<{name}> is never closed before the end of the post: the rest of the page (layout included) ends up inside it"))
                    .label("opened here")
                    .help(format!("add </{name}> where the element should end"));
            }
        }
    }
}
