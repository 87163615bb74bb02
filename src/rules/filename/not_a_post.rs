use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/filename/not-a-post.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    // A post Jekyll reads (the kept split, the common case) is none of this rule's business.
    if super::post_name(cx.post).is_some() {
        return;
    }
    let Some(inside) = super::inside_posts(cx.post) else {
        return;
    };
    if super::ignored_component(inside).is_some() {
        return;
    }
    let name = cx.post.file_name();
    if super::parse_post_name(name).is_some() {
        return;
    }
    let why = if !name.contains('.') {
        "it has no extension".to_string()
    } else if name.split('-').take(3).count() < 3 || !name.starts_with(|c: char| c.is_ascii_digit())
    {
        "it does not start with a date".to_string()
    } else {
        "it is not `YYYY-MM-DD-slug.ext`".to_string()
    };
    // Suggest a name from the front matter date when there is one.
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .trim_start_matches('-');
    let suggestion = cx
        .post
        .doc()
        .and_then(|doc| doc.get("date"))
        .and_then(|_| crate::rules::date::resolved(cx.post, cx.site))
        .and_then(|r| r.result.as_ref().ok().map(|z| z.date()))
        .map(|d| {
            format!(
                "rename it to `{}-{}.md`",
                d,
                if stem.is_empty() { "slug" } else { stem }
            )
        });
    let end = cx.post.front_matter().map_or(0, |f| f.open.end);
    cx.report(
        cx.post.bom..end,
        format!("Jekyll never reads '{name}': {why}, so the post is silently not published"),
    )
    .help(
        suggestion
            .unwrap_or_else(|| "rename it `YYYY-MM-DD-slug.md` with the post's date".to_string()),
    );
}
