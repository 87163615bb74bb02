use crate::date::{Note, YamlTyped};
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/date/zoneless-utc.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Some(r) = super::resolved(cx.post, cx.site) else {
        return;
    };
    if !r.notes.iter().any(|n| matches!(n, Note::ZonelessReadAsUtc)) {
        return;
    }
    let (
        Ok(z),
        &YamlTyped::Time {
            year,
            month,
            day,
            hour,
            minute,
            second,
            ..
        },
    ) = (&r.result, &r.typed)
    else {
        return;
    };
    if z.offset().seconds() == 0 {
        return;
    }
    let Some(span) = super::date_span(cx.post) else {
        return;
    };
    let written = jiff::civil::date(year as i16, month, day).at(hour, minute, second, 0);
    let day_moved = z.date() != written.date();
    let effect = if day_moved {
        format!(
            "the post is dated {} and its URL moves to {}",
            super::fmt_zoned(z),
            z.strftime("%Y/%m/%d")
        )
    } else {
        format!("the post is dated {}", super::fmt_zoned(z))
    };
    // Keep the time the author wrote: add the site's offset at that local time.
    let local = written.to_zoned_datetime(cx.site.tz.clone()).ok();
    let offset = local.as_ref().map(|l| {
        super::fmt_offset(l.offset().seconds()).unwrap_or_else(|| l.strftime("%z").to_string())
    });
    let post_text = &cx.post.text;
    let d = cx.report(
        span.clone(),
        format!(
            "an unquoted date without a time zone is read by YAML as UTC, not as {} time: {effect}",
            super::zone_name(cx.site)
        ),
    );
    d.label(if day_moved {
        "read as UTC: the day changes"
    } else {
        "read as UTC"
    });
    if let Some(off) = offset {
        d.help(format!(
            "add the offset you meant: `date: {} {off}`",
            post_text[span.clone()].trim()
        ))
        .fix(
            format!("add the site's offset {off}"),
            vec![(span.end..span.end, format!(" {off}"))],
        );
    } else {
        d.help("add the offset you meant, e.g. `+0800`");
    }
}
