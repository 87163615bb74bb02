use std::cell::RefCell;
use std::ops::Range;

use crate::rules::link;
use crate::rules::{Ctx, Rule};
use crate::site::served::{self, Served};
use crate::site::Site;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/internal-missing.md"),
    check,
};

/// What decides a provisional finding once the site's URLs are all known (links to the same
/// place share it: the settling caches its verdict by it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pending {
    /// The path inside the site; None when the link leaves the baseurl (always a finding).
    in_site: Option<String>,
    /// For `../x` and `./x` relative links: `x`, as the root-relative `/x` the author may have
    /// meant.
    rooted: Option<String>,
    /// Resolved from the page's own URL (a relative link).
    relative: bool,
}

/// In a whole-site pass (`Site::defer_internal_links`) every internal link is reported
/// provisionally, by its span; the engine keeps those that `settle` confirms.
#[derive(Default)]
pub struct Provisional(pub RefCell<Vec<(Range<usize>, Pending)>>);

fn check(cx: &mut Ctx<'_>) {
    let links = link::links(cx.post, cx.site);
    if links.0.is_empty() {
        return;
    }
    let site = cx.site;
    let deferred = site.defer_internal_links && site.built.is_none();
    let own = link::own_url(cx.post, site);
    let page = link::Page::default();
    for l in &links.0 {
        let Some(class) = &l.class else {
            continue;
        };
        let Some(t) = link::resolve(&l.url, class, own.0.as_ref(), &page, site) else {
            continue;
        };
        let pending = Pending {
            rooted: (t.from.is_some() && (l.url.starts_with("../") || l.url.starts_with("./")))
                .then(|| without_dot_segments(&l.url).to_string()),
            in_site: t.in_site.clone(),
            relative: t.from.is_some(),
        };
        let help = if deferred {
            // Settled after the pass, when the served URLs are known.
            String::new()
        } else {
            let serves = |p: &str| match &site.built {
                Some(dir) => served::built_serves(dir, p),
                None => site.served().serves(p),
            };
            if t.in_site.as_deref().is_some_and(serves) {
                continue;
            }
            help(&pending, site, serves)
        };
        let against = if site.built.is_some() {
            "the built site has no such file"
        } else {
            "the site does not serve it"
        };
        // Concatenated rather than formatted: one per internal link, and `format!` was a
        // visible share of the check.
        let message = match (&t.from, &t.in_site) {
            (_, None) => [
                "`",
                &l.url,
                "` points at ",
                &t.path,
                ", outside the site's baseurl ",
                &link::site_base(site).baseurl,
            ]
            .concat(),
            (Some(from), _) => [
                "`",
                &l.url,
                "` resolves from this page's URL ",
                from,
                " to ",
                &t.path,
                ": ",
                against,
            ]
            .concat(),
            (None, _) => ["`", &l.url, "` points at ", &t.path, ": ", against].concat(),
        };
        if deferred {
            cx.post
                .memo(Provisional::default)
                .0
                .borrow_mut()
                .push((l.at(), pending));
            cx.report(l.at(), message)
                .label(["goes to ", &t.path].concat());
        } else {
            cx.report(l.at(), message)
                .label(["goes to ", &t.path].concat())
                .help(help);
        }
    }
}

/// `x` of `../../x` or `./x` (`trim_start_matches` with a string pattern builds a searcher each
/// time: a visible cost, once per internal link).
fn without_dot_segments(mut url: &str) -> &str {
    while let Some(rest) = url.strip_prefix("../") {
        url = rest;
    }
    while let Some(rest) = url.strip_prefix("./") {
        url = rest;
    }
    url
}

/// Settles a provisional finding against the site's URLs: None when the link is fine after
/// all, else the finding's help.
pub fn verdict(p: &Pending, site: &Site, served: &Served) -> Option<String> {
    if p.in_site.as_deref().is_some_and(|x| served.serves(x)) {
        return None;
    }
    Some(help(p, site, |x| served.serves(x)))
}

fn help(p: &Pending, site: &Site, serves: impl Fn(&str) -> bool) -> String {
    if let Some(rooted) = p.rooted.as_deref().filter(|r| {
        let path = &r[..memchr::memchr2(b'?', b'#', r.as_bytes()).unwrap_or(r.len())];
        serves(&["/", path].concat())
    }) {
        return format!(
            "relative links resolve from the page's own URL; the root-relative `/{rooted}` exists"
        );
    }
    let suggestion = p
        .in_site
        .as_deref()
        .filter(|_| site.built.is_none())
        .and_then(|x| site.served().suggest(x));
    match suggestion {
        Some(s) if p.relative => ["relative links resolve from the page's own URL, not from the source file; did you mean ", &s, "?"].concat(),
        Some(s) => ["did you mean ", &s, "?"].concat(),
        None => "link to a page the site has (a root-relative path such as `/category/x.html` does not depend on the post's URL), or create the page".to_string(),
    }
}
