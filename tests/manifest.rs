//! The integrity manifest names what was stored: a source saved with a byte-order mark or in
//! decomposed Unicode (NFD) is hashed as its bytes, committed and on disk, not as sotay's
//! normalised text, so `git show` or the file itself verifies against it.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sources_saved_with_a_bom_in_nfd_are_hashed_as_stored() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    let text = std::fs::read_to_string(root.join(QT07)).unwrap();
    let stored = format!("\u{feff}{}", text.nfd().collect::<String>());
    write(root, QT07, &stored);
    git_commit_all(root, "Lưu lại dạng NFD", "2026-07-01T09:00:00+07:00");
    let committed = git(root, &["rev-parse", "HEAD"], "2026-07-01T09:00:00+07:00");
    let site = run(&options(root)).site.expect("the site builds");
    let manifest = json_of(&site, "manifest.json");
    let current = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "QT-07" && s["commit"].is_null())
        .expect("the working copy's entry");
    assert_eq!(current["sha256"], hex(&std::fs::read(root.join(QT07)).unwrap()), "hashes the file on disk");
    assert_eq!(current["sha256"], hex(stored.as_bytes()));
    assert_ne!(current["sha256"], hex(text.nfc().collect::<String>().as_bytes()), "not the normalised text");
    let shown = std::process::Command::new("git")
        .args(["show", &format!("{committed}:{QT07}")])
        .current_dir(root)
        .output()
        .unwrap()
        .stdout;
    assert_eq!(shown, stored.as_bytes(), "git keeps the bytes");
}
