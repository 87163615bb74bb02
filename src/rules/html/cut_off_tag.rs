use crate::parse::html::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/html/cut-off-tag.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in body.html_problems() {
        if let Problem::CutOff { name, span } = p {
            // kramdown leaves an unfinished tag as text; a browser reads on into the layout.
            let effect = if body.markdown.is_some() {
                // Shown as text, `a<b` at the very end may be meant so; an end tag, or a name
                // followed by attributes, is not.
                let rest = cx.post.text.get(span.end..).unwrap_or_default();
                if !name.starts_with('/') && rest.trim().is_empty() {
                    continue;
                }
                "kramdown shows it on the page as text"
            } else {
                "the browser reads what the layout puts after it as part of this tag"
            };
            cx.report(span.clone(), format!("the tag `<{name}` is cut off by the end of the file, before its `>`: {effect}"))
                .label("never closed with `>`")
                .help("finish the tag (and the element it starts), or remove what is left of it; a file cut off here may have lost more text");
        }
    }
}
