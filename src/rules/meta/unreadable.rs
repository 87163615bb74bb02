//! Reported by the engine when a file or folder cannot be read; nothing to check here.
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/meta/unreadable.md"),
    check,
};

fn check(_: &mut Ctx<'_>) {}
