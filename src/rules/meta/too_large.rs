//! The engine applies the limit (see `lint::lint_file`): a larger file gets this finding and
//! only the cheap rules; nothing to check here.
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/meta/too-large.md"),
    check,
};

fn check(_: &mut Ctx<'_>) {}

/// Families whose parsers read the whole body; skipped on files over the limit.
pub const EXPENSIVE_FAMILIES: &[&str] = &["liquid", "html", "attribution", "link"];
