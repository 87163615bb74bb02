use crate::rules::link::{self, Class};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/protocol-relative.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let links = link::links(cx.post, cx.site);
    let base = link::site_base(cx.site);
    let (site, scheme, own_host) = (&base.url, &base.scheme, &base.host);
    for l in &links.0 {
        let Some(Class::ProtocolRelative(u)) = &l.class else {
            continue;
        };
        let u = u.url();
        let via = match &site {
            Some(s) => format!(
                "the site's scheme ({scheme}:, from `url: {}`)",
                s.as_str().trim_end_matches('/')
            ),
            None => format!("{scheme}: (assumed: _config.yml sets no `url`)"),
        };
        let d = cx.report(
            l.at(),
            format!("protocol-relative link `{}` takes the scheme of the page showing it: with {via} it resolves to {u}; in a feed, an e-mail or a saved page it breaks", l.url),
        );
        d.label(format!("resolves to {u}"));
        let host = u.host_str().map(str::to_ascii_lowercase);
        if host.is_some() && host == *own_host {
            d.help(format!("write the canonical URL `{scheme}:{}`", l.url))
                .fix(
                    format!("prefix `{scheme}:`"),
                    vec![(l.span.start..l.span.start, format!("{scheme}:"))],
                );
        } else {
            d.help(format!("write the scheme explicitly: `https:{}`", l.url));
        }
    }
}
