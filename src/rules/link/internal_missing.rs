use crate::rules::link;
use crate::rules::{Ctx, Rule};
use crate::site::served;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/internal-missing.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let links = link::links(cx.post, cx.site);
    if links.0.is_empty() {
        return;
    }
    let scheme = link::site_scheme(cx.site);
    let own = link::own_url(cx.post, cx.site);
    for l in &links.0 {
        if l.liquid {
            continue;
        }
        let class = link::classify(&l.url, &scheme, l.bracketed);
        let Some(t) = link::resolve(&l.url, &class, own.as_ref(), cx.site) else {
            continue;
        };
        let found = match &t.in_site {
            None => false,
            Some(p) => match &cx.site.built {
                Some(dir) => served::built_serves(dir, p),
                None => cx.site.served().serves(p),
            },
        };
        if found {
            continue;
        }
        let against = if cx.site.built.is_some() {
            "the built site has no such file"
        } else {
            "the site does not serve it"
        };
        let message = match (&t.from, &t.in_site) {
            (_, None) => format!(
                "`{}` points at {}, outside the site's baseurl {}",
                l.url,
                t.path,
                link::baseurl(cx.site)
            ),
            (Some(from), _) => format!(
                "`{}` resolves from this page's URL {from} to {}: {against}",
                l.url, t.path
            ),
            (None, _) => format!("`{}` points at {}: {against}", l.url, t.path),
        };
        let site = cx.site;
        let serves = |p: &str| {
            site.built.as_ref().map_or_else(
                || site.served().serves(p),
                |dir| served::built_serves(dir, p),
            )
        };
        // A relative link written as if from the site root.
        let rooted = l.url.trim_start_matches("../").trim_start_matches("./");
        let rooted_ok = t.from.is_some()
            && (l.url.starts_with("../") || l.url.starts_with("./"))
            && serves(&format!(
                "/{}",
                rooted.split(['?', '#']).next().unwrap_or("")
            ));
        let help = if rooted_ok {
            format!("relative links resolve from the page's own URL; the root-relative `/{rooted}` exists")
        } else if let Some(s) = t
            .in_site
            .as_deref()
            .filter(|_| site.built.is_none())
            .and_then(|p| site.served().suggest(p))
        {
            if t.from.is_some() {
                format!("relative links resolve from the page's own URL, not from the source file; did you mean {s}?")
            } else {
                format!("did you mean {s}?")
            }
        } else {
            "link to a page the site has (a root-relative path such as `/category/x.html` does not depend on the post's URL), or create the page".to_string()
        };
        cx.report(l.at(), message)
            .label(format!("goes to {}", t.path))
            .help(help);
    }
}
