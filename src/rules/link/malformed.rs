use crate::rules::link::{self, Class};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/malformed.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let links = link::links(cx.post, cx.site);
    for l in &links.0 {
        if let Some(Class::Malformed(why)) = &l.class {
            let shown: String = l.url.chars().take(80).collect();
            let more = if l.url.chars().count() > 80 {
                "…"
            } else {
                ""
            };
            cx.report(l.at(), format!("`{}{more}` is not a valid URL: {why}", shown.escape_debug()))
                .label("malformed URL")
                .help("fix the URL: percent-encode spaces and `%` (%20, %25), close `[` in IPv6 hosts, remove invisible characters");
        }
    }
}
