use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/unknown-layout.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if !cx.site.is_jekyll() {
        return;
    }
    let Some(doc) = cx.post.doc() else { return };
    let Some(v) = doc.get("layout") else { return };
    let Some((name, _)) = doc.scalar(v) else {
        return;
    };
    let name = name.trim();
    if name.is_empty() || name == "none" || name == "null" || cx.site.layouts.contains(name) {
        return;
    }
    if let (Some((theme, span)), Some(cfg)) = (&cx.site.config.theme, &cx.site.config_path) {
        // Once per site, not per post: the engine folds identical findings on other files.
        let path = crate::lint::display_path(cfg);
        cx.report_in(path, span.clone(), format!("some posts use layouts that are not in _layouts/; they may come from the theme '{theme}', which postlint cannot read, so those layouts are not checked"))
            .label("theme")
            .help("copy the theme's layouts into _layouts/ to have them checked, or ignore this note");
        return;
    }
    let mut known: Vec<&String> = cx.site.layouts.iter().collect();
    known.sort();
    let span = doc.node(v).span.clone();
    cx.report(span, format!("layout '{name}' does not exist in _layouts/: Jekyll warns once and publishes the post as bare HTML with no layout"))
        .label("no such layout")
        .help(if known.is_empty() { "add the layout file to _layouts/".to_string() } else { format!("use one of: {}", known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")) });
}
