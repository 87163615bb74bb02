use crate::parse::liquid::Problem;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/liquid/syntax.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(body) = crate::body::get(cx.post, cx.site) else {
        return;
    };
    for p in &body.liquid.problems {
        match p {
            Problem::UnclosedOutput { open } => {
                cx.report(open.clone(), "`{{` is never closed with `}}`: Liquid fails and Jekyll aborts the whole build")
                    .label("opened here")
                    .help("close it with `}}`, or wrap literal braces in `{% raw %}…{% endraw %}`");
            }
            Problem::UnclosedTag { open } => {
                cx.report(open.clone(), "`{%` is never closed with `%}`: Liquid fails and Jekyll aborts the whole build")
                    .label("opened here")
                    .help("close it with `%}`, or wrap literal text in `{% raw %}…{% endraw %}`");
            }
            Problem::UnclosedRaw { open } | Problem::UnclosedComment { open } => {
                cx.report(open.clone(), "this block is never closed (`{% endraw %}` / `{% endcomment %}` missing): Jekyll aborts the build")
                    .label("opened here")
                    .help("add the end tag");
            }
            Problem::TooDeep { span } => {
                cx.report(span.clone(), "Liquid blocks are nested too deeply to check")
                    .help("simplify the template");
            }
            _ => {}
        }
    }
}
