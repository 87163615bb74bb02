pub mod html;
pub mod liquid;
pub mod markdown;
