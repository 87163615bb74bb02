use crate::date::Note;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/zone-name.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(r) = super::resolved(cx.post, cx.site) else {
        return;
    };
    if !r.notes.iter().any(|n| {
        matches!(
            n,
            Note::ZoneAbbreviation { .. } | Note::IgnoredZoneText { .. }
        )
    }) {
        return;
    }
    let Some(vspan) = super::date_span(cx.post) else {
        return;
    };
    let text = cx.post.text[vspan.clone()].to_string();
    // Note spans are into the value; a quoted value starts one byte later.
    let inner = usize::from(text.starts_with(['"', '\'']));
    let result = r
        .result
        .as_ref()
        .ok()
        .map(super::fmt_zoned)
        .unwrap_or_default();
    for n in &r.notes {
        match n {
            Note::ZoneAbbreviation {
                name,
                offset_seconds,
                span,
            } => {
                let s = vspan.start + inner + span.start..vspan.start + inner + span.end;
                let h = offset_seconds / 3600;
                let m = (offset_seconds.abs() % 3600) / 60;
                let misread = if name == "CST" {
                    " (US Central, not China Standard Time)"
                } else {
                    ""
                };
                cx.report(s, format!("the zone name `{name}` is read as UTC{h:+03}:{m:02}{misread}: Jekyll dates the post {result}"))
                    .label(format!("UTC{h:+03}:{m:02}"))
                    .help("write a numeric offset instead, e.g. `+0800`");
            }
            Note::IgnoredZoneText { text: zone, span } => {
                let s = vspan.start + inner + span.start..vspan.start + inner + span.end;
                cx.report(s, format!("`{zone}` is silently ignored: the time is read in the site's zone ({}), giving {result}", super::zone_name(cx.site)))
                    .label("ignored")
                    .help("write a numeric offset instead, e.g. `+0800`");
            }
            _ => {}
        }
    }
}
