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
    let dated = super::fmt_zoned(z);
    let effect = if day_moved {
        // `YYYY/MM/DD` from the `YYYY-MM-DD` just written, as strftime would print it.
        let url_day = match dated.get(..10) {
            Some(day) if (0..=9999).contains(&z.year()) => day.replace('-', "/"),
            _ => z.strftime("%Y/%m/%d").to_string(),
        };
        [
            "the post is dated ",
            &dated,
            " and its URL moves to ",
            &url_day,
        ]
        .concat()
    } else {
        ["the post is dated ", &dated].concat()
    };
    // Keep the time the author wrote: add the site's offset at that local time (the earlier
    // one in a repeated hour, as Jekyll's Time.local does). The zone is not cloned: every
    // thread would contend on its reference count.
    let tz = &cx.site.tz;
    let offset = tz
        .to_ambiguous_timestamp(written)
        .compatible()
        .ok()
        .map(|ts| {
            let off = tz.to_offset(ts);
            super::fmt_offset(off.seconds())
                .unwrap_or_else(|| ts.to_zoned_datetime(tz.clone()).strftime("%z").to_string())
        });
    let post_text = &cx.post.text;
    let d = cx.report(
        span.clone(),
        [
            "an unquoted date without a time zone is read by YAML as UTC, not as ",
            super::zone_name(cx.site),
            " time: ",
            &effect,
        ]
        .concat(),
    );
    d.label(if day_moved {
        "read as UTC: the day changes"
    } else {
        "read as UTC"
    });
    if let Some(off) = offset {
        // Built by concatenation: this finding is common, and `format!` was a visible cost.
        d.help(
            [
                "add the offset you meant: `date: ",
                post_text[span.clone()].trim(),
                " ",
                &off,
                "`",
            ]
            .concat(),
        )
        .fix(
            ["add the site's offset ", &off].concat(),
            vec![(span.end..span.end, [" ", &off].concat())],
        );
    } else {
        d.help("add the offset you meant, e.g. `+0800`");
    }
}
