use crate::rules::link::{self, Class};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/http-own-host.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    // Only when the site itself is served over https.
    let base = link::site_base(cx.site);
    let (Some(site), Some(own_host)) = (&base.url, &base.host) else {
        return;
    };
    if site.scheme() != "https" {
        return;
    }
    let links = link::links(cx.post, cx.site);
    for l in &links.0 {
        let Some(Class::Absolute(u)) = &l.class else {
            continue;
        };
        if u.scheme() != "http"
            || !u
                .host_str()
                .is_some_and(|h| h.eq_ignore_ascii_case(own_host))
        {
            continue;
        }
        // The written URL starts with its scheme; replace exactly those four bytes.
        let written = &cx.post.text[l.span.clone()];
        let fixable = written.len() >= 4
            && written[..4].eq_ignore_ascii_case("http")
            && !written[4..].starts_with(['s', 'S']);
        let d = cx.report(
            l.at(),
            format!("`{}` links the site's own host over plain http, but the site is served over https (`url: {}`): readers get a redirect, or a mixed-content warning", l.url, site.as_str().trim_end_matches('/')),
        );
        d.label("http on an https site")
            .help(format!("write `https{}`", &l.url[4.min(l.url.len())..]));
        if fixable {
            d.fix(
                "use https",
                vec![(l.span.start..l.span.start + 4, "https".into())],
            );
        }
    }
}
