//! Files a build would write exactly as the previous build did are hard-linked from the previous
//! output instead: a rebuild that changes nothing writes no file (mtimes, and so browser and
//! rsync caches, are kept), and creating a link allocates no inode — on ext4, allocating tens
//! of thousands right after the previous output was deleted was most of a build's write time.
//!
//! "The same" is decided by the manifests: the file is listed in both with the same size and
//! SHA-256, and the previous file on disk still has that size. The output folder belongs to
//! sotay (it replaces it whole on every build); an edit by hand that keeps a file's size is not
//! noticed until that file changes again.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::render::manifest::Listed;

#[derive(Deserialize)]
struct Manifest {
    files: Vec<Listed>,
}

/// Whether every file `manifest` (the one in `out`) lists is there with its size (a build that was cut
/// short, or a file deleted by hand, makes the folder incomplete).
pub fn complete(out: &Path, manifest: &[u8]) -> bool {
    let Ok(manifest) = serde_json::from_slice::<Manifest>(manifest) else { return false };
    manifest
        .files
        .iter()
        .all(|f| std::fs::symlink_metadata(out.join(&f.path)).is_ok_and(|m| m.is_file() && m.len() == f.size))
}

/// The files the previous output's manifest lists, for files written before the new manifest
/// is made ([`crate::render::Spill`]).
pub struct Previous {
    listed: HashMap<String, (u64, String)>,
}

impl Previous {
    /// The manifest in `out`; empty when there is none or it cannot be read.
    pub fn of(out: &Path) -> Previous {
        let listed = std::fs::read(out.join("manifest.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .map(|m| m.files.into_iter().map(|f| (f.path, (f.size, f.sha256))).collect())
            .unwrap_or_default();
        Previous { listed }
    }

    /// Links `path` of `out` to `target` when the previous manifest lists it with this size
    /// and SHA-256 and it is still on disk with that size; false when the file must be written.
    pub fn link(&self, out: &Path, path: &str, size: u64, sha256: &str, target: &Path) -> bool {
        match self.listed.get(path) {
            Some((listed, hash)) if *listed == size && hash == sha256 => link_same_size(out, path, size, target),
            _ => false,
        }
    }
}

fn link_same_size(out: &Path, path: &str, size: u64, target: &Path) -> bool {
    let previous = out.join(path);
    match std::fs::symlink_metadata(&previous) {
        Ok(meta) if meta.is_file() && meta.len() == size => std::fs::hard_link(&previous, target).is_ok(),
        _ => false,
    }
}

/// The files listed the same in the new manifest and in the previous output's.
pub struct Unchanged {
    same: HashMap<String, u64>,
}

impl Unchanged {
    /// Compares the new manifest (`new`, the bytes about to be written) with the previous
    /// output's, read once when the build began; nothing is unchanged when either is missing or
    /// unreadable.
    pub fn between(new: Option<&[u8]>, previous: &Previous) -> Unchanged {
        let Some(new) = new.and_then(|new| serde_json::from_slice::<Manifest>(new).ok()) else {
            return Unchanged { same: HashMap::new() };
        };
        let same = new
            .files
            .into_iter()
            .filter(|f| previous.listed.get(&f.path).is_some_and(|(size, sha)| *size == f.size && *sha == f.sha256))
            .map(|f| (f.path, f.size))
            .collect();
        Unchanged { same }
    }

    /// Links `path` of the previous output `out` to `target`, when it is unchanged and still on
    /// disk as it was written; false when the file must be written.
    pub fn link(&self, out: &Path, path: &str, target: &Path) -> bool {
        let Some(&size) = self.same.get(path) else { return false };
        link_same_size(out, path, size, target)
    }

    /// Links a file outside the manifest (the manifest itself, the output marker) when the
    /// previous output holds the very same bytes.
    pub fn link_if_same(out: &Path, path: &str, bytes: &[u8], target: &Path) -> bool {
        let previous = out.join(path);
        match std::fs::symlink_metadata(&previous) {
            Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
                std::fs::read(&previous).is_ok_and(|old| old == bytes) && std::fs::hard_link(&previous, target).is_ok()
            }
            _ => false,
        }
    }
}
