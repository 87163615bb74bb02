pub mod missing_include;
pub mod post_url;
pub mod syntax;
pub mod unclosed_block;
pub mod unknown_tag;
