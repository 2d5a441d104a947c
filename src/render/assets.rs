//! The theme's static files (and the syntax-highlighting stylesheet, appended to `style.css`),
//! published under `assets/` with a content hash in their names so browsers may cache them
//! forever and still never see a stale file.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::highlight;
use super::{Output, Urls};
use crate::load::Sources;
use crate::theme::DEFAULT_THEME;

/// The theme's assets: output files and the URL of each by its original name.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    pub files: BTreeMap<String, Output>,
    /// `style.css` → `/iso/assets/style.3f2a9c1d.css`
    pub urls: BTreeMap<String, String>,
}

/// Hashes and names every theme asset.
pub fn collect(sources: &Sources, urls: &Urls) -> Assets {
    let mut originals: Vec<(String, Vec<u8>)> = Vec::new();
    if sources.theme_dir.is_none() {
        if let Some(dir) = DEFAULT_THEME.get_dir("static") {
            for file in dir.files() {
                let name =
                    file.path().strip_prefix("static").unwrap_or(file.path()).to_string_lossy().replace('\\', "/");
                originals.push((name, file.contents().to_vec()));
            }
        }
    } else {
        for file in &sources.theme_static {
            if let Ok(bytes) = crate::read::read_published(&file.disk) {
                originals.push((crate::diagnostic::display_path(&file.path), bytes));
            }
        }
    }
    originals.sort();
    let mut assets = Assets::default();
    for (name, mut bytes) in originals {
        if name == "style.css" {
            bytes.extend_from_slice(b"\n/* syntax highlighting */\n");
            bytes.extend_from_slice(highlight::stylesheet().as_bytes());
        }
        let hashed = hashed_name(&name, &bytes);
        let path = format!("assets/{hashed}");
        assets.urls.insert(name, urls.link(&path));
        assets.files.insert(path, Output::Bytes(bytes.into()));
    }
    assets
}

/// `style.css` with content → `style.3f2a9c1d.css`.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash = crate::digest::hex(&digest[..4]);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_content_only() {
        assert_eq!(hashed_name("style.css", b"a"), hashed_name("style.css", b"a"));
        assert_ne!(hashed_name("style.css", b"a"), hashed_name("style.css", b"b"));
        assert!(hashed_name("style.css", b"a").starts_with("style."));
        assert!(hashed_name("style.css", b"a").ends_with(".css"));
    }
}
