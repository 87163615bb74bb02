use crate::online::Outcome;
use crate::rules::link;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/redirect-loop.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for (l, o) in link::online_outcomes(cx.post, cx.site) {
        let Outcome::Loop { hops, too_many } = o else {
            continue;
        };
        let chain: Vec<String> = hops
            .iter()
            .map(|h| format!("{} ({})", h.to, h.status))
            .collect();
        let message = if *too_many {
            format!(
                "the redirects of {} go on past {} hops (`links.max_redirects`): {}",
                l.url,
                hops.len() - 1,
                chain.join(" → ")
            )
        } else {
            format!("redirect loop: {} → {}", l.url, chain.join(" → "))
        };
        let d = cx.report(l.at(), message);
        d.label(if *too_many {
            "too many redirects"
        } else {
            "redirects back to itself"
        });
        d.help("browsers give up on this link: find where the page really lives and link there, or tell the site's owner");
    }
}
