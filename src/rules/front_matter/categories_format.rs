use crate::rules::{Ctx, Rule};
use crate::yaml::{Kind, Style};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/categories-format.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    // Categories shape a document's URL; a page's `category:` is just data for its layout.
    if cx.post.kind == crate::post::Kind::Page {
        return;
    }
    let Some(doc) = cx.post.doc() else { return };
    let mut reports = Vec::new();
    for key in ["categories", "tags", "category"] {
        let Some(v) = doc.get(key) else { continue };
        let node = doc.node(doc.resolve(v));
        match &node.kind {
            Kind::Scalar { value, style } if key != "category" && value.contains(',') => {
                let parts: Vec<String> = value.split_whitespace().map(str::to_string).collect();
                let fixed: Vec<String> = value
                    .split([',', ' ', '\u{3001}', '\u{ff0c}'])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                let fix = (*style == Style::Plain).then(|| format!("[{}]", fixed.join(", ")));
                reports.push((
                    node.span.clone(),
                    format!("`{key}: {value}` is split at spaces only: Jekyll makes {} (the commas stay, and end up in URLs)", quote_list(&parts)),
                    format!("write a YAML list: `{key}: [{}]`", fixed.join(", ")),
                    fix,
                ));
            }
            Kind::Scalar { value, .. } if key == "category" && value.trim().contains(' ') => {
                reports.push((
                    node.span.clone(),
                    format!("`category: {value}` is one category with a space in it: the post's URL gets a folder named '{}'", value.trim()),
                    "use a single word, or `categories:` for several".to_string(),
                    None,
                ));
            }
            Kind::Scalar { value, style } if style.is_quoted() && value != value.trim() => {
                reports.push((
                    node.span.clone(),
                    format!("`{key}` has spaces around its value: Jekyll keeps them"),
                    "remove the spaces inside the quotes".into(),
                    None,
                ));
            }
            Kind::Seq(items) => {
                for &i in items {
                    if let Some((s, _)) = doc.scalar(i) {
                        if s.ends_with(',')
                            || s != s.trim()
                            || (key == "categories" && s.trim().contains(' '))
                        {
                            reports.push((
                                doc.node(i).span.clone(),
                                format!("`{key}` item '{s}' has a stray comma or space: Jekyll keeps it in the name (and the URL)"),
                                "remove the trailing comma and the spaces".into(),
                                None,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (span, message, help, fix) in reports {
        let d = cx.report(span.clone(), message);
        d.help(help);
        if let Some(f) = fix {
            d.fix("write the categories as a YAML list", vec![(span, f)]);
        }
    }
}

fn quote_list(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
