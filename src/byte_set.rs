//! Sets of bytes as lookup tables, for scanners that test every byte of a URL or path.

/// The ASCII letters and digits and the bytes of `extra`, as a table indexed by byte.
pub(crate) const fn alphanumeric_and(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    let mut j = 0;
    while j < extra.len() {
        t[extra[j] as usize] = true;
        j += 1;
    }
    t
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_holds_exactly_the_set() {
        let t = super::alphanumeric_and(b"-/%");
        for b in 0..=255u8 {
            assert_eq!(
                t[usize::from(b)],
                b.is_ascii_alphanumeric() || b"-/%".contains(&b),
                "{b}"
            );
        }
    }
}
