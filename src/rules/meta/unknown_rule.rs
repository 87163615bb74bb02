//! Reported by the engine from suppression comments (see `suppress.rs`); nothing to check here.
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/meta/unknown-rule.md"),
    check,
};

fn check(_: &mut Ctx<'_>) {}
