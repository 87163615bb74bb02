//! `--shard K/N`: a stable partition of the lint targets, so a CI matrix of N jobs covers every
//! file exactly once.
//!
//! A file belongs to shard `mix(fnv1a64(site-relative path)) % N + 1`. FNV-1a and the final mix
//! (MurmurHash3's fmix64, which spreads FNV's weak low bits over similar names such as
//! `2022-02-23-…1.md`, `…2.md`) are written out here, not std's randomised `DefaultHasher`, so the
//! partition is the same on every run, machine and version of Rust.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index of this shard.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// Whether the file at this site-relative, `/`-separated path belongs to this shard.
    pub fn contains(&self, rel: &str) -> bool {
        shard_of(rel, self.count) == self.index
    }
}

/// The 1-based shard of a site-relative path among `count` shards.
pub fn shard_of(rel: &str, count: u32) -> u32 {
    (fmix64(fnv1a64(rel.as_bytes())) % u64::from(count.max(1))) as u32 + 1
}

/// MurmurHash3's 64-bit finaliser.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// 64-bit FNV-1a.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = "expected K/N with 1 <= K <= N, e.g. `--shard 2/4` (the second of four shards)";
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("'{s}' is not a shard: {usage}"))?;
        let parse = |v: &str, what: &str| {
            v.trim()
                .parse::<u32>()
                .map_err(|_| format!("'{s}': {what} '{v}' is not a whole number; {usage}"))
        };
        let (index, count) = (parse(k, "K")?, parse(n, "N")?);
        if count == 0 {
            return Err(format!("'{s}': N must be at least 1; {usage}"));
        }
        if index == 0 || index > count {
            return Err(format!("'{s}': K must be between 1 and {count}; {usage}"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("1/1".parse::<Shard>(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/3", "4/3", "1/0", "0/0", "3", "a/b", "-1/3", "1/3/4", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn every_path_in_exactly_one_shard() {
        for n in 1..=5 {
            for i in 0..200 {
                let rel = format!("_posts/2022-01-01-post-{i}.md");
                let hits = (1..=n)
                    .filter(|&k| Shard { index: k, count: n }.contains(&rel))
                    .count();
                assert_eq!(hits, 1);
            }
        }
    }
}
