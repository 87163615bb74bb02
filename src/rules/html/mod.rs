pub mod bare_lt;
pub mod cut_off_tag;
pub mod duplicate_attribute;
pub mod misnested;
pub mod stray_end_tag;
pub mod unclosed;
pub mod unclosed_comment;
