//! Content digests, a leaf every stage may use: load records a file's raw bytes' SHA-256, write
//! and the manifest list each output's, the history cache and the no-op rebuild name their inputs
//! by hash, and a cache written by another build of sotay is told apart by [`binary`]. Kept here,
//! below every stage, so none of them borrows a digest from a later one.

use sha2::{Digest, Sha256};

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The running binary, by version, size and modification time: another build of sotay may
/// render the same sources differently.
pub fn binary() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        let stamp = exe.map(|m| stamp(m.len(), m.modified().ok())).unwrap_or_default();
        format!("{} {stamp}\n", env!("CARGO_PKG_VERSION"))
    })
}

/// A file's identity by size and modification time (`len:nanos`), as make tells files apart.
pub fn stamp(len: u64, modified: Option<std::time::SystemTime>) -> String {
    let nanos = modified.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    format!("{len}:{nanos}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_the_standard_sha256() {
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_stamp_is_the_length_and_the_nanoseconds() {
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(1_500);
        assert_eq!(stamp(7, Some(at)), "7:1500");
        assert_eq!(stamp(7, None), "7:0");
    }
}
