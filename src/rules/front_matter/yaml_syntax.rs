use std::ops::Range;

use crate::rules::{Ctx, Rule};
use crate::yaml::YamlErrorKind;

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/front-matter/yaml-syntax.md"),
    check,
};

const DISCARDED: &str =
    "Jekyll discards the whole front matter (no layout, no title, the build time as date)";

fn check(cx: &mut Ctx<'_>) {
    let Some(Err(e)) = cx.post.yaml() else { return };
    let (Some(fm), text) = (cx.post.front_matter(), &cx.post.text) else {
        return;
    };
    let what = match e.kind {
        YamlErrorKind::Syntax => format!("YAML syntax error ({})", e.message),
        YamlErrorKind::UnknownAnchor => {
            "an alias (`*name`) refers to an anchor that is not defined".to_string()
        }
        YamlErrorKind::TooDeep => "the front matter is nested too deeply".to_string(),
        YamlErrorKind::TooLarge => "the front matter has too many entries".to_string(),
    };
    // The parser gives up after the real mistake; look for a known cause on the lines before.
    // Up to the end of the line the parser stopped on.
    let at = floor_boundary(text, e.offset);
    let upto = text[at..]
        .find('\n')
        .map_or(text.len(), |i| at + i + 1)
        .min(fm.yaml.end)
        .max(fm.yaml.start);
    let mut cause = None;
    let mut line_start = fm.yaml.start;
    for line in text[fm.yaml.start..upto.max(fm.yaml.start)].split_inclusive('\n') {
        if let Some(c) = likely_cause(line, line_start) {
            cause = Some(c);
        }
        line_start += line.len();
    }
    // Also the line the parser stopped on, in full.
    if cause.is_none() {
        let at = floor_boundary(text, e.offset);
        let ls = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
        cause = likely_cause(&text[ls..le], ls);
    }
    let at = floor_boundary(text, e.offset);
    let point = at..(at + text[at..].chars().next().map_or(0, char::len_utf8));
    match cause {
        Some(Cause {
            span,
            label,
            help,
            requote,
        }) => {
            let same = span.contains(&e.offset);
            let fix = requote.filter(|r| requote_is_safe(text, fm.yaml.clone(), r));
            let d = cx.report(span, format!("{what}: {DISCARDED}"));
            d.label(label).help(help);
            if !same {
                d.also(point, "the YAML parser gives up here");
            }
            if let Some(r) = fix {
                d.fix(
                    "quote the value with single quotes",
                    vec![(r.span, r.replacement)],
                );
            }
        }
        None => {
            cx.report(point, format!("{what}: {DISCARDED}"))
                .label(e.message.clone())
                .help("fix the YAML at this place; quote values that contain `: `, `#`, quotes or start with a special character");
        }
    }
}

struct Cause {
    span: Range<usize>,
    label: String,
    help: String,
    /// For a whole line `key: "…"` with an unescaped `"` inside: the value single-quoted.
    requote: Option<Requote>,
}

struct Requote {
    /// The value, from its opening to its closing `"`.
    span: Range<usize>,
    replacement: String,
    /// The string the author meant: the text between the outer quotes.
    meant: String,
    /// End of the line (before its line break).
    line_end: usize,
}

/// The re-quoted line must read as the string the author meant, and the front matter must then
/// parse, or fail only on a later line (another broken line, fixed in the next round).
fn requote_is_safe(text: &str, yaml: Range<usize>, r: &Requote) -> bool {
    let line_start = text[..r.span.start].rfind('\n').map_or(0, |i| i + 1);
    let key = &text[line_start..r.span.start];
    let line = format!("{key}{}", r.replacement);
    let Ok(alone) = crate::yaml::parse(&line, 0) else {
        return false;
    };
    let value = alone.root_map().and_then(|m| match m {
        [(_, v)] => alone.scalar(*v),
        _ => None,
    });
    if !matches!(value, Some((s, style)) if s == r.meant && style.is_quoted()) {
        return false;
    }
    let mut fixed = String::with_capacity(yaml.len() + 8);
    fixed.push_str(&text[yaml.start..r.span.start]);
    fixed.push_str(&r.replacement);
    fixed.push_str(&text[r.span.end..yaml.end]);
    let grown = r.replacement.len() as isize - r.span.len() as isize;
    match crate::yaml::parse(&fixed, yaml.start) {
        Ok(_) => true,
        Err(e) => e.offset as isize - grown > r.line_end as isize,
    }
}

/// Recognises the usual ways a generated front matter line breaks YAML.
fn likely_cause(line: &str, base: usize) -> Option<Cause> {
    let content = line.trim_end_matches(['\n', '\r']);
    if content.starts_with('\t') {
        return Some(Cause {
            span: base..base + 1,
            label: "a tab".into(),
            help: "indent with spaces: YAML does not allow tabs for indentation".into(),
            requote: None,
        });
    }
    let (key, rest) = content.split_once(':')?;
    if key.trim().is_empty() || key.starts_with([' ', '-', '#']) || key.contains(['"', '\'']) {
        return None;
    }
    let value = rest.trim_start_matches([' ', '\t']);
    let vstart = base + key.len() + 1 + (rest.len() - value.len());
    let vspan = vstart..vstart + value.trim_end().len();
    let value = value.trim_end();
    if value.is_empty() {
        return None;
    }
    let requote_line = |v: &str| {
        format!(
            "{}: '{}'",
            key,
            crate::diagnostic::excerpt(&v.replace('\'', "''"), 120)
        )
    };
    if let Some(inner) = value.strip_prefix('"') {
        // A closing quote followed by more text: an unescaped `"` inside.
        let mut escaped = false;
        for (i, c) in inner.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    if !inner[i + 1..].trim().is_empty()
                        && !inner[i + 1..].trim_start().starts_with('#')
                    {
                        let q = vstart + 1 + i;
                        let closed = value.len() >= 2 && value.ends_with('"');
                        let raw = &value[1..value.len() - usize::from(closed)];
                        // Only a value that is the whole rest of the line, with no escapes
                        // whose meaning single quotes would change.
                        let requote = (closed && !raw.contains('\\')).then(|| Requote {
                            span: vspan.clone(),
                            replacement: format!("'{}'", raw.replace('\'', "''")),
                            meant: raw.to_string(),
                            line_end: base + content.len(),
                        });
                        return Some(Cause {
                            span: q..q + 1,
                            label: "this `\"` ends the string early".into(),
                            help: format!("the value contains an unescaped `\"`: quote it with single quotes instead, `{}`", requote_line(raw)),
                            requote,
                        });
                    }
                    return None;
                }
                _ => escaped = false,
            }
        }
        return None;
    }
    if value.starts_with('\'') {
        return None;
    }
    let first = value.chars().next()?;
    if matches!(
        first,
        '[' | '{' | '@' | '`' | '%' | '!' | '&' | '*' | '|' | '>' | '\''
    ) && !(first == '['
        && value.ends_with(']')
        && !value[1..value.len() - 1].contains(['[', ']']))
    {
        return Some(Cause {
            span: vspan.clone(),
            label: format!("a value starting with `{first}` is YAML syntax"),
            help: format!("quote the value: `{}`", requote_line(value)),
            requote: None,
        });
    }
    if let Some(i) = value.find(": ") {
        let at = vstart + i;
        return Some(Cause {
            span: at..at + 1,
            label: "`: ` inside an unquoted value".into(),
            help: format!("quote the value: `{}`", requote_line(value)),
            requote: None,
        });
    }
    None
}

fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
