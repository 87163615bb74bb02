use crate::online::Outcome;
use crate::rules::link;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/unreachable.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for (l, o) in link::online_outcomes(cx.post, cx.site) {
        let Outcome::Unreachable {
            status,
            reason,
            hops,
        } = o
        else {
            continue;
        };
        let via = match hops.last() {
            Some(h) => format!(
                " (after {} redirect{} to {})",
                hops.len(),
                if hops.len() == 1 { "" } else { "s" },
                h.to
            ),
            None => String::new(),
        };
        let d = cx.report(l.at(), format!("unreachable link {}: {reason}{via}", l.url));
        let refused = reason.starts_with("refused to connect");
        d.label(match status {
            Some(s) => format!("answered {s}"),
            None if refused => "not checked: private address".into(),
            None => "no answer".into(),
        });
        d.help(match status {
            None if refused => "a post must not make postlint probe the internal network; if checking this host is intended, set `links.allow_private: true` (or add the URL to `links.exclude`)".to_string(),
            Some(404 | 410) => "the page is gone: link to where it lives now (or to an archived copy), or remove the link".to_string(),
            Some(401 | 403) => "the server refuses access: if it needs a token, set `links.headers` (the value names an environment variable); if this answer is fine, add the code to `links.accept`".to_string(),
            Some(429 | 503) => "the server is busy or rate-limiting: run again later, or lower `links.per_host` / raise `links.host_interval_ms`".to_string(),
            Some(_) => "check the URL in a browser; if this answer is expected, add the code to `links.accept`, or the URL to `links.exclude`".to_string(),
            None => "check the host name and that the site is up; if it is down only for now, run again later, or add the URL to `links.exclude`".to_string(),
        });
    }
}
