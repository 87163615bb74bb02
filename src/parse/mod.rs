pub mod html;
pub mod liquid;
pub mod markdown;
pub mod plain_markdown;
