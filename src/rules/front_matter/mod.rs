pub mod categories_format;
pub mod comment_cut;
pub mod duplicate_key;
pub mod empty_post;
pub mod empty_value;
pub mod key_case;
pub mod not_mapping;
pub mod not_recognized;
pub mod published_string;
pub mod required_key;
pub mod unknown_layout;
pub mod unsafe_value;
pub mod wrong_type;
pub mod yaml_syntax;

use crate::post::Post;

/// Jekyll's title for a post without one: the slug, split on `-`, each word capitalised.
pub fn titleized_slug(post: &Post) -> String {
    let name = post.file_name();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let slug = match crate::rules::filename::parse_post_name(stem) {
        Some(p) => p.slug.to_string(),
        None => stem.to_string(),
    };
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
