//! Built-in presets, shipped in `rules/presets/` and embedded in the binary.

pub static PRESETS: &[(&str, &str)] =
    &[("news-cn", include_str!("../../rules/presets/news-cn.yml"))];

pub fn get(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|(n, _)| *n).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_file_is_registered_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/presets");
        for f in std::fs::read_dir(dir).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".yml").expect("presets are .yml files");
            let text =
                super::get(stem).unwrap_or_else(|| panic!("preset {stem} is not registered"));
            super::super::Config::parse(text, std::path::Path::new(&name))
                .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        }
    }
}
