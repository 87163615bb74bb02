//! postlint: a linter and CI gate for Jekyll posts.

pub mod attribution;
pub mod body;
mod byte_set;
pub mod changed;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod fix;
pub mod front_matter;
pub mod lint;
pub mod online;
pub mod parse;
pub mod post;
pub mod report;
pub mod rules;
pub mod shard;
pub mod site;
pub mod source;
pub mod suppress;
#[cfg(test)]
mod test_support;
pub mod yaml;
