use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/liquid/missing-include.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for t in &body.liquid.tags {
        let relative = match t.name.as_str() {
            "include" => false,
            "include_relative" => true,
            _ => continue,
        };
        let file = t.markup.split_whitespace().next().unwrap_or("");
        // Dynamic names (`{{ page.x }}`) and quoted names are resolved at build time only.
        if file.is_empty() || file.contains("{{") || file.starts_with(['"', '\'']) {
            continue;
        }
        let path = if relative {
            let dir = cx.post.rel.rsplit_once('/').map_or("", |(d, _)| d);
            cx.site.root.join(dir).join(file)
        } else {
            cx.site.root.join("_includes").join(file)
        };
        if path.is_file() {
            continue;
        }
        let off = t.markup_span.start + (t.markup.len() - t.markup.trim_start().len());
        let shown = path
            .strip_prefix(&cx.site.root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let folder = if relative {
            "next to the post"
        } else {
            "in _includes/"
        };
        cx.report(
            off..off + file.len(),
            format!(
                "`{{% {} {file} %}}`: no such file {folder}: Jekyll aborts the whole build",
                t.name
            ),
        )
        .label("not found")
        .help(format!("create {shown} or fix the name"));
    }
}
