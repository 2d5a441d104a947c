//! Environment failures: things that go wrong outside the user's content (a folder that cannot
//! be read or written, a lock held by another build). These end the run with exit code 2, unlike
//! content problems, which are `Diagnostic`s.

use std::path::PathBuf;

/// A failure of the environment, always naming the path or setting involved.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot list the folder {path}: {source}")]
    ListDir { path: PathBuf, source: std::io::Error },
    #[error("cannot move {from} to {to}: {source}")]
    Rename { from: PathBuf, to: PathBuf, source: std::io::Error },
    #[error("cannot remove {path}: {source}")]
    Remove { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a manual folder: it has no sotay.toml (run `sotay init {path}` to create one)")]
    NotAManual { path: PathBuf },
    #[error("{path} already exists and is not empty; choose a new folder")]
    NotEmpty { path: PathBuf },
    #[error("{path} already exists; pick another code or edit the existing file")]
    Exists { path: PathBuf },
    #[error("the output folder {out} is inside the manual's {inside}; choose an output folder outside it")]
    OutputInsideSources { out: PathBuf, inside: PathBuf },
    #[error("another build is writing to {out} (lock file {lock}); wait for it to finish, or delete the lock file if no build is running")]
    Locked { out: PathBuf, lock: PathBuf },
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
