pub mod invalid_utf8;
pub mod not_utf8;
pub mod nul_byte;
