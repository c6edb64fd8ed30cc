//! `sha256:<hex>` digests: validation and hashing helpers shared by the cache,
//! the registry fetcher and the layout reader.

use sha2::{Digest, Sha256};

/// Returns the 64 lowercase hex characters of a `sha256:` digest, or `None` if
/// it is not one. Only sha256 is accepted: it is what registries and umoci use,
/// and the hex goes into file names, so it must be strictly validated.
pub(crate) fn sha256_hex(digest: &str) -> Option<&str> {
    let hex = digest.strip_prefix("sha256:")?;
    let valid = hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    valid.then_some(hex)
}

/// `sha256:<hex>` of `data`.
pub(crate) fn sha256_of(data: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(data)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_sha256_digests() {
        let good = sha256_of(b"x");
        assert_eq!(sha256_hex(&good).map(str::len), Some(64));
        assert_eq!(sha256_hex("sha256:abc"), None);
        assert_eq!(sha256_hex("sha512:00"), None);
        let upper = good.to_uppercase().replace("SHA256", "sha256");
        assert_eq!(sha256_hex(&upper), None);
        let traversal = format!("sha256:../{}", &good[10..]);
        assert_eq!(sha256_hex(&traversal), None);
    }
}
