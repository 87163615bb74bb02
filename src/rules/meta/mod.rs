pub mod unknown_rule;
pub mod unreadable;
