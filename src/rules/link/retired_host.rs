use crate::rules::link::{self, Class};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/retired-host.md"),
    check,
};

/// `links.retired_hosts` from the config, lower-cased.
fn retired(cx: &Ctx<'_>) -> Vec<String> {
    match cx
        .config
        .section("links")
        .and_then(|l| l.get("retired_hosts"))
    {
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str())
            .map(|s| s.trim().to_ascii_lowercase())
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s.trim().to_ascii_lowercase()],
        _ => Vec::new(),
    }
}

fn check(cx: &mut Ctx<'_>) {
    let hosts = retired(cx);
    if hosts.is_empty() {
        return;
    }
    let links = link::links(cx.post, cx.site);
    let site = &link::site_base(cx.site).url;
    for l in &links.0 {
        let Some(Class::Absolute(u) | Class::ProtocolRelative(u)) = &l.class else {
            continue;
        };
        let Some(host) = u.host_str().map(str::to_ascii_lowercase) else {
            continue;
        };
        let Some(h) = hosts
            .iter()
            .find(|h| host == **h || host.ends_with(&format!(".{h}")))
        else {
            continue;
        };
        let d = cx.report(l.at(), format!("link to the retired host {host} (listed in `links.retired_hosts`): it no longer serves this site"));
        d.label(format!("{h} is retired"));
        match &site {
            Some(s) => {
                let mut moved = s.clone();
                let u = u.url();
                moved.set_path(u.path());
                moved.set_query(u.query());
                moved.set_fragment(u.fragment());
                d.help(format!("if the page moved with the site, link to {moved}"));
            }
            None => {
                d.help("link to where the page lives now");
            }
        }
    }
}
