use crate::rules::link::{self, Class};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/javascript.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let links = link::links(cx.post, cx.site);
    for l in &links.0 {
        if l.class == Some(Class::Javascript) {
            cx.report(l.at(), "`javascript:` link: it runs script instead of going anywhere, and sanitizers, feeds and readers drop it")
                .label("script URL")
                .help("link to a real URL; attach behaviour with a script in the layout if it is needed");
        }
    }
}
