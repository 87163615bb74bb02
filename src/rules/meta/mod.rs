pub mod too_large;
pub mod unknown_rule;
pub mod unreadable;
