use crate::rules::{Ctx, Rule};
use crate::yaml::{Kind, ValueType};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/unsafe-value.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(doc) = cx.post.doc() else { return };
    for (i, node) in doc.nodes.iter().enumerate() {
        let bad_tag = node
            .tag
            .as_deref()
            .filter(|t| t.starts_with("!ruby") || t.starts_with("!!ruby"));
        // A symbol starts with `:`: only such a scalar is worth typing (typing every node was
        // most of this rule's cost).
        let symbol = matches!(&node.kind, Kind::Scalar { value, .. } if value.starts_with(':'))
            && doc.value_type(i) == ValueType::Symbol;
        if let Some(tag) = bad_tag {
            cx.report(node.span.clone(), format!("the tag `{tag}` asks YAML for a Ruby object: Jekyll's safe loader refuses it and discards the whole front matter"))
                .help("remove the tag");
        } else if symbol {
            let text = cx.post.text[node.span.clone()].to_string();
            cx.report(node.span.clone(), format!("`{text}` starts with `:`, which YAML 1.1 reads as a Ruby symbol: Jekyll's safe loader refuses it and discards the whole front matter"))
                .label("a symbol")
                .help(format!("quote it: '{}'", text.replace('\'', "''")))
                .fix("quote the value", vec![(node.span.clone(), format!("'{}'", text.replace('\'', "''")))]);
        }
    }
}
