use crate::front_matter::{Missing, Split};
use crate::post::{Encoding, Kind};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/not-recognized.md"),
    check,
};

const SILENT: &str =
    "Jekyll publishes it as body text, with no layout, the file name as title and no categories";

fn check(cx: &mut Ctx<'_>) {
    if matches!(cx.post.encoding, Encoding::Other { .. }) {
        return;
    }
    let Split::Missing(m) = &cx.post.split else {
        return;
    };
    match m {
        Missing::Empty => {}
        Missing::LeadingWhitespace { span, dashes } => {
            let lines = cx.post.text[span.clone()].matches('\n').count();
            let what = if lines == 0 {
                "spaces".to_string()
            } else {
                format!("{lines} blank line{}", if lines == 1 { "" } else { "s" })
            };
            cx.report(
                span.clone(),
                format!("front matter not recognised: {what} before the opening `---`; {SILENT}"),
            )
            .label("must be empty")
            .also(
                dashes.clone(),
                "Jekyll only sees `---` on the very first line",
            )
            .help("delete everything before `---`")
            .fix(
                "remove the leading blank lines",
                vec![(span.clone(), String::new())],
            );
        }
        Missing::TooManyDashes { span } => {
            cx.report(
                span.clone(),
                format!(
                    "front matter not recognised: the first line is not exactly `---`; {SILENT}"
                ),
            )
            .label("must be three dashes")
            .help("make the first line exactly `---`");
        }
        Missing::TextAfterDashes { span } => {
            cx.report(span.clone(), format!("front matter not recognised: text follows the opening `---` on its line; {SILENT}"))
                .label("`---` must be alone on its line")
                .help("put a line break after `---`");
        }
        Missing::NoClosing { open } => {
            cx.report(
                open.clone(),
                format!("front matter never closed: no later line is `---` or `...`; {SILENT}"),
            )
            .label("opened here")
            .help("add a line `---` after the last front matter key");
        }
        Missing::None => {
            if cx.post.kind == Kind::Page {
                return;
            }
            let first = cx.post.text[cx.post.bom..].lines().next().unwrap_or("");
            let looks_yaml = first
                .split_once(':')
                .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '));
            let start = cx.post.bom;
            let end = start + first.len();
            let d = cx.report(start..end, format!("no front matter: {SILENT}"));
            if looks_yaml {
                d.label("this looks like a front matter key")
                    .help("add a line `---` before the first key and after the last one");
            } else {
                d.help("start the file with a front matter block: `---`, `title: …`, `---`");
            }
        }
    }
}
