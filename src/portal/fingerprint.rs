//! What an agency's pages depend on, as one hash: every file its build reads (sotay.toml,
//! content/, legal/, static/, templates/, themes/, i18n/), where its git history stands, the
//! address it is published at, the audience and build date, the built-in theme and the sotay
//! binary. When the hash equals the one recorded by the previous portal build, that build's
//! pages of the agency are what rendering would give again, so they are reused.
//!
//! The whole portal configuration is deliberately not part of it: adding an agency, or renaming
//! the portal, changes no other agency's pages, so it should not render 60 of them again.

use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::model::{Audience, Date};

/// The fingerprint of the agency manual at `root` published at `base_url`, as hex.
pub fn fingerprint(root: &Path, base_url: &str, audience: Audience, date: Date) -> String {
    let mut hash = Sha256::new();
    hash.update(b"sotay portal agency v1\n");
    hash.update(crate::digest::binary().as_bytes());
    hash.update(theme().as_bytes());
    hash.update(format!("\n{base_url}\n{audience:?}\n{}\n", date.iso()).as_bytes());
    hash.update(crate::history::state(root).unwrap_or_default().as_bytes());
    hash.update(b"\n");
    add_tree(&mut hash, root, Path::new("sotay.toml"));
    for folder in crate::load::FOLDERS {
        add_tree(&mut hash, root, Path::new(folder));
    }
    crate::digest::hex(&hash.finalize())
}

/// Adds `rel` under `root` (a file, or a folder walked in name order) to the hash: each file's
/// path, length and bytes. An unreadable file adds a marker that never matches a good build.
fn add_tree(hash: &mut Sha256, root: &Path, rel: &Path) {
    let path = root.join(rel);
    let Ok(meta) = std::fs::metadata(&path) else { return };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            hash.update(format!("unreadable {}\n", rel.display()).as_bytes());
            return;
        };
        let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.file_name()).collect();
        names.sort();
        for name in names {
            add_tree(hash, root, &rel.join(name));
        }
        return;
    }
    match crate::read::read_published(&path) {
        Ok(bytes) => {
            hash.update(format!("file {} {}\n", crate::diagnostic::display_path(rel), bytes.len()).as_bytes());
            hash.update(&bytes);
        }
        Err(_) => hash.update(format!("unreadable {} {:?}\n", rel.display(), std::time::SystemTime::now()).as_bytes()),
    }
}

/// The built-in theme's files, hashed once.
fn theme() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let mut hash = Sha256::new();
        let mut files = Vec::new();
        collect(&crate::theme::DEFAULT_THEME, &mut files);
        files.sort();
        for (path, bytes) in files {
            hash.update(format!("{path} {}\n", bytes.len()).as_bytes());
            hash.update(bytes);
        }
        crate::digest::hex(&hash.finalize())
    })
}

fn collect(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        out.push((file.path().to_string_lossy().into_owned(), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_of_a_read_file_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sotay.toml"), "x").unwrap();
        std::fs::create_dir_all(dir.path().join("content/pages")).unwrap();
        std::fs::write(dir.path().join("content/pages/a.md"), "one").unwrap();
        let date = Date::parse("2026-11-22").unwrap();
        let first = fingerprint(dir.path(), "/a/", Audience::Public, date);
        assert_eq!(first, fingerprint(dir.path(), "/a/", Audience::Public, date));
        std::fs::write(dir.path().join("public.txt"), "not read by a build").unwrap();
        assert_eq!(first, fingerprint(dir.path(), "/a/", Audience::Public, date));
        assert_ne!(first, fingerprint(dir.path(), "/b/", Audience::Public, date));
        assert_ne!(first, fingerprint(dir.path(), "/a/", Audience::Internal, date));
        std::fs::write(dir.path().join("content/pages/a.md"), "two").unwrap();
        let second = fingerprint(dir.path(), "/a/", Audience::Public, date);
        assert_ne!(first, second);
        std::fs::create_dir_all(dir.path().join("catalog")).unwrap();
        std::fs::write(dir.path().join("catalog/tthc.csv"), "code,name\n").unwrap();
        assert_ne!(second, fingerprint(dir.path(), "/a/", Audience::Public, date), "the TTHC catalogue is read too");
    }
}
