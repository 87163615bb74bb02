use crate::parse::liquid::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/liquid/unclosed-block.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in &body.liquid.problems {
        match p {
            Problem::UnclosedBlock { name, open } => {
                cx.report(open.clone(), format!("`{{% {name} %}}` is never closed: Liquid fails and Jekyll aborts the whole build"))
                    .label("opened here")
                    .help(format!("add `{{% end{name} %}}` where the block ends"));
            }
            Problem::UnexpectedEnd {
                name,
                span,
                expected,
            } => {
                let d = cx.report(span.clone(), format!("`{{% {name} %}}` closes nothing open here: Liquid fails and Jekyll aborts the whole build"));
                d.label("unexpected");
                if let Some((want, open)) = expected {
                    d.also(
                        open.clone(),
                        format!("this block needs `{{% {want} %}}` first"),
                    )
                    .help(format!("use `{{% {want} %}}`, or reorder the tags"));
                } else {
                    d.help("remove it, or add the opening tag");
                }
            }
            Problem::MisplacedBranch { name, span } => {
                cx.report(span.clone(), format!("`{{% {name} %}}` outside a block that accepts it: Liquid fails and Jekyll aborts the build"))
                    .help("move it inside the `if`/`unless`/`case`/`for` block it belongs to");
            }
            _ => {}
        }
    }
}
