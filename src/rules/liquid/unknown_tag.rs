use crate::parse::liquid::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/liquid/unknown-tag.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in &body.liquid.problems {
        if let Problem::UnknownTag { name, span } = p {
            let what = if name.is_empty() {
                "a tag with no name".to_string()
            } else {
                format!("unknown tag `{name}`")
            };
            cx.report(span.clone(), format!("{what}: Liquid fails and Jekyll aborts the whole build"))
                .label("not a Liquid, Jekyll or plugin tag")
                .help("fix the tag name, add the plugin that provides it to `plugins:` in _config.yml, or wrap the text in `{% raw %}…{% endraw %}`");
        }
    }
}
