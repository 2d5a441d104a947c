//! Environment failures: things that go wrong outside the user's content (a folder that cannot
//! be read or written, a lock held by another build, a port already in use). These end the run with exit code 2, unlike
//! content problems, which are `Diagnostic`s.

mod words;

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::diagnostic::Text;

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
    #[error("the output folder cannot be the root folder {out}: a build replaces its whole output folder; choose a folder of its own, such as the manual's public/ (the default when --out is left out)")]
    OutputIsRoot { out: PathBuf },
    #[error("the output folder {out} is the manual folder itself: a build replaces its whole output folder; choose a folder of its own, such as {}", .out.join("public").display())]
    OutputIsManual { out: PathBuf },
    #[error("the output folder {out} contains the manual {manual}: a build replaces its whole output folder, manual included; choose a folder of its own, such as {}", .manual.join("public").display())]
    OutputContainsManual { out: PathBuf, manual: PathBuf },
    #[error("another build is writing to {out} (lock file {lock}); wait for it to finish, or delete the lock file if no build is running")]
    Locked { out: PathBuf, lock: PathBuf },
    #[error("{addr} is in use; {}", port_hint(.free))]
    PortInUse {
        addr: SocketAddr,
        /// A nearby port that was free when this error was made, to suggest instead.
        free: Option<u16>,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the preview server stopped: {source}")]
    Serve { source: std::io::Error },
    /// A refusal of the command line or its environment that sotay words itself, in both
    /// languages (a misspelt legal number, a wrong --format, an output folder it must not replace…).
    #[error("{}", .0.en)]
    Refused(Text),
}

impl Error {
    /// What the failure says, in Vietnamese and English (the English is its `Display`).
    pub fn text(&self) -> Text {
        Text::new(words::vietnamese(self), self.to_string())
    }
}

fn port_hint(free: &Option<u16>) -> String {
    match free {
        Some(port) => format!("try --port {port}"),
        None => "choose another port with --port".to_owned(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
