//! File-system calls that name their path when they fail, so no I/O error reaches the user
//! without saying which file it was about.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|source| Error::Write { path: path.to_owned(), source })
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|source| Error::Write { path: path.to_owned(), source })
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| Error::Rename { from: from.to_owned(), to: to.to_owned(), source })
}

/// Removes a file or a folder tree; a path that is already gone is fine.
pub fn remove_all(path: &Path) -> Result<()> {
    let result = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    };
    result.map_err(|source| Error::Remove { path: path.to_owned(), source })
}

/// The entries of a folder, sorted by name so every walk visits files in the same order.
pub fn read_dir_sorted(path: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(path).map_err(|source| Error::ListDir { path: path.to_owned(), source })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::ListDir { path: path.to_owned(), source })?;
        paths.push(entry.path());
    }
    paths.sort();
    Ok(paths)
}
