use crate::rules::{Ctx, Rule};
use crate::yaml::{Kind, Style};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/comment-cut.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    let text = &cx.post.text;
    let mut found = Vec::new();
    for (key, _, v) in doc.entries() {
        let node = doc.node(v);
        let single = [v];
        let scalars = match &node.kind {
            Kind::Seq(items) => items.as_slice(),
            _ => &single[..],
        };
        for &s in scalars {
            let n = doc.node(s);
            if !matches!(
                n.kind,
                Kind::Scalar {
                    style: Style::Plain,
                    ..
                }
            ) || n.span.is_empty()
            {
                continue;
            }
            let end = n.span.end;
            // A comment needs a space or tab after the value: most values end their line.
            if !matches!(text.as_bytes().get(end), Some(b' ' | b'\t')) {
                continue;
            }
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let rest = &text[end..line_end];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.starts_with('#') && trimmed.len() < rest.len() {
                let cstart = end + (rest.len() - trimmed.len());
                let comment = trimmed.trim_end_matches('\r');
                found.push((
                    key.to_string(),
                    n.span.clone(),
                    cstart..cstart + comment.len(),
                    text[n.span.clone()].to_string(),
                    comment.to_string(),
                ));
            }
        }
    }
    for (key, vspan, cspan, kept, comment) in found {
        let quoted = format!(
            "'{}'",
            cx.post.text[vspan.start..cspan.end].replace('\'', "''")
        );
        let whole = format!("{kept} {comment}");
        cx.report(cspan.clone(), format!("`{key}` is cut at ` #`: Jekyll sees '{kept}', and '{comment}' is dropped as a YAML comment"))
            .label("dropped as a comment")
            .also(vspan.clone(), "all Jekyll keeps")
            .help(format!("quote the whole value: `{key}: '{}'`", whole.replace('\'', "''")))
            .fix("quote the whole value", vec![(vspan.start..cspan.end, quoted)]);
    }
}
