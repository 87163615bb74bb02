use crate::online::Outcome;
use crate::rules::link;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/link/redirected.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for (l, o) in link::online_outcomes(cx.post, cx.site) {
        let Outcome::Ok { status, hops } = o else {
            continue;
        };
        let Some(last) = hops.last() else {
            continue;
        };
        let permanent = o.permanent();
        let codes: Vec<String> = hops.iter().map(|h| h.status.to_string()).collect();
        // Keep the fragment the post asked for, unless the server chose another.
        let mut target = last.to.clone();
        if let (Some(i), false) = (l.url.find('#'), target.contains('#')) {
            target.push_str(&l.url[i..]);
        }
        let span = l.at();
        let written_as_is = cx.post.text.get(span.clone()) == Some(l.url.as_str());
        let safe = !target
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | '\'' | '`'));
        let d = cx.report(
            span.clone(),
            format!(
                "{} redirects {} ({}) to {target}, which answers {status}",
                l.url,
                if permanent {
                    "permanently"
                } else {
                    "temporarily"
                },
                codes.join(", ")
            ),
        );
        d.label(format!("moved to {target}"));
        if permanent {
            d.help(format!("link to {target} directly"));
            if written_as_is && safe {
                d.fix(format!("link to {target}"), vec![(span, target.clone())]);
            }
        } else {
            d.help("a temporary redirect may change: keep the link unless the target is clearly the page's new home");
        }
    }
}
