use crate::rules::link::{self, Class, LinkKind};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/empty.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let links = link::links(cx.post, cx.site);
    for l in &links.0 {
        if l.liquid {
            continue;
        }
        let empty = l.kind == LinkKind::EmptyAutolink || matches!(l.class, Some(Class::Empty));
        if !empty {
            continue;
        }
        let written = cx
            .post
            .text
            .get(l.construct.clone())
            .unwrap_or("")
            .to_string();
        let (message, label) = match l.kind {
            LinkKind::EmptyAutolink => (
                "empty autolink `<>`: the link to the source is missing, and readers see a bare `<>`".to_string(),
                "no URL between the brackets",
            ),
            LinkKind::Href | LinkKind::Src if l.url.is_empty() => {
                let attr = if l.kind == LinkKind::Href { "href" } else { "src" };
                (
                    format!("empty `{attr}`: the browser resolves it to this very page{}", if l.kind == LinkKind::Src { " and fetches it as an image or script" } else { "" }),
                    "empty attribute",
                )
            }
            _ if !l.url.is_empty() => (format!("`{}` has a scheme but no address", l.url), "nothing after the scheme"),
            _ => ("link with an empty destination: it points back at this page".to_string(), "empty destination"),
        };
        let _ = written;
        cx.report(l.construct.clone(), message)
            .label(label)
            .help("put the intended URL there, or remove the link");
    }
}
