//! The manual's change history as git recorded it, so that every issued revision of every
//! document can be published, not only the one in the working tree. Only what was committed
//! counts: uncommitted changes are the working tree's business, read by [`crate::load`].
//!
//! The history is read with gix, never by running the `git` program, in one pass over the
//! first-parent chain from HEAD ([`git`]); what a run read is kept for the next one in the
//! repository's git folder, so that a run reads only the commits made since ([`cache`]).

mod cache;
mod git;

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::Date;

/// A commit of the manual's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The full hex id.
    pub id: String,
    /// The committer time, in seconds since the Unix epoch.
    pub time: i64,
    /// The committer date in the committer's own UTC offset.
    pub date: Date,
    /// The author's name (NFC).
    pub author: String,
    /// The first line of the message, trimmed (NFC).
    pub message: String,
}

/// The content of one file at one commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileVersion {
    /// An index into [`History::commits`].
    pub commit: usize,
    /// The file's text (UTF-8, BOM stripped, NFC), or None when the commit deleted the file or it
    /// is not valid UTF-8.
    pub text: Option<String>,
    /// The SHA-256 of the blob's bytes, when they are not `text`'s (see [`crate::read::decode`]).
    pub raw_sha256: Option<String>,
}

/// The history of the files under the manual's `content/` folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first: the first-parent chain from HEAD.
    pub commits: Vec<Commit>,
    /// Per path relative to the manual folder ('/'-separated, e.g.
    /// "content/procedures/QT-07.md"), the versions at the commits that added, changed or
    /// deleted it, oldest first. Only `.md` files under `content/`, skipping the hidden and
    /// temporary files that [`crate::load`] skips too. A renamed file appears as a deletion under
    /// its old path and an addition under its new one.
    pub files: BTreeMap<String, Vec<FileVersion>>,
    /// For each tag name (e.g. "2025"), the index of the tagged commit in `commits` (only tags
    /// that point — directly or through an annotated tag — at a commit of the first-parent chain).
    pub tags: BTreeMap<String, usize>,
}

/// Why there is no (full) history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// The manual folder is not inside a git repository.
    NoRepository,
    /// The repository is a shallow clone: history is cut off (the partial history is still
    /// given; the oldest commit shows every file it has as added).
    Shallow(History),
    /// The repository could not be read; the message names the path and the cause.
    Broken(String),
}

/// Reads the history of the manual at `root` (the folder holding sotay.toml, which may be a
/// sub-folder of the repository's work tree — the files' paths are still given relative to
/// `root`). A repository without commits gives an empty history.
pub fn read(root: &Path) -> Result<History, Unavailable> {
    git::read(root)
}

/// Where the history of the manual at `root` stands — HEAD and every tag — as a string that
/// changes whenever what [`read`] gives could; `None` without a readable repository.
pub fn state(root: &Path) -> Option<String> {
    git::state(root)
}
