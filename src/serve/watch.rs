//! Watching the manual folder for `sotay serve`. Editors save in many ways — write in place,
//! write a temporary file and rename it over the original, keep swap files, fire several events
//! per save — so raw events are debounced (notify-debouncer-full) and reduced to the set of
//! paths the build reads that changed. What a path *means* (one document, or everything) is the
//! rebuild's business, not the watcher's.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::error::Error;

/// The top-level entries of a manual folder that a build reads.
const READ_BY_BUILD: [&str; 8] = ["sotay.toml", "content", "legal", "catalog", "static", "templates", "themes", "i18n"];

/// The changed path that stands for "anything may have changed": the manual folder itself.
pub const EVERYTHING: &str = ".";

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<BTreeSet<PathBuf>>,
}

impl Watcher {
    /// The next batch of changed paths (relative to the manual folder), waiting at most
    /// `timeout`; `None` when nothing changed in that time. A batch is never empty.
    pub fn next(&self, timeout: Duration) -> Result<Option<BTreeSet<PathBuf>>, Error> {
        match self.events.recv_timeout(timeout) {
            Ok(batch) => {
                // Coalesce what queued up while the caller was rebuilding.
                let mut batch = batch;
                while let Ok(more) = self.events.try_recv() {
                    batch.extend(more);
                }
                Ok(Some(batch))
            }
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(Error::Refused(tr!(
                "bộ theo dõi tệp đã dừng; hãy chạy lại `sotay serve`",
                "the file watcher stopped; restart `sotay serve`"
            ))),
        }
    }
}

/// Watches `root` recursively, reporting changes to what the build reads, `debounce` after the
/// last event of a burst.
pub fn watch(root: &Path, debounce: Duration) -> Result<Watcher, Error> {
    let root = std::fs::canonicalize(root).map_err(|source| Error::Read { path: root.to_owned(), source })?;
    let (send, events) = channel();
    let base = root.clone();
    let mut debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
        let batch: BTreeSet<PathBuf> = match result {
            // Events were lost (the kernel's queue overflowed, or the watcher failed): what
            // changed is unknown, so everything has.
            Err(_) => BTreeSet::from([PathBuf::from(EVERYTHING)]),
            Ok(events) if events.iter().any(|event| event.need_rescan()) => BTreeSet::from([PathBuf::from(EVERYTHING)]),
            Ok(events) => events
                .iter()
                // Reading files (the build itself does) is no change.
                .filter(|event| !matches!(event.kind, notify::EventKind::Access(_)))
                .flat_map(|event| event.paths.iter())
                .filter_map(|path| relevant(&base, path))
                .collect(),
        };
        if !batch.is_empty() {
            // The receiver is gone only when serve is stopping.
            let _ = send.send(batch);
        }
    })
    .map_err(|e| Error::Read { path: root.clone(), source: std::io::Error::other(e.to_string()) })?;
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| Error::Read { path: root.clone(), source: std::io::Error::other(e.to_string()) })?;
    Ok(Watcher { _debouncer: debouncer, events })
}

/// The path relative to the manual folder when the build reads it: under one of the folders it
/// reads, or sotay.toml; not an editor's temporary, swap or backup file.
pub fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let Some(Component::Normal(first)) = parts.next() else { return None };
    let first = first.to_str()?;
    if !READ_BY_BUILD.contains(&first) || (first == "sotay.toml" && parts.next().is_some()) {
        return None;
    }
    let name = rel.file_name()?.to_str()?;
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    (!temporary).then(|| rel.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_build_reads_is_relevant() {
        let root = Path::new("/m");
        let rel = |p: &str| relevant(root, Path::new(p)).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(rel("/m/content/procedures/QT-07.md").as_deref(), Some("content/procedures/QT-07.md"));
        assert_eq!(rel("/m/sotay.toml").as_deref(), Some("sotay.toml"));
        assert_eq!(rel("/m/legal/a.toml").as_deref(), Some("legal/a.toml"));
        assert_eq!(rel("/m/catalog/tthc.csv").as_deref(), Some("catalog/tthc.csv"), "the TTHC catalogue");
        assert_eq!(rel("/m/content"), Some("content".into()), "a folder removed or renamed as a whole");
        for ignored in [
            "/m/public/index.html",
            "/m/.git/index",
            "/m/content/procedures/.QT-07.md.swp",
            "/m/content/procedures/QT-07.md~",
            "/m/content/procedures/4913",
            "/m/content/procedures/#QT-07.md#",
            "/elsewhere/content/x.md",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn a_file_renamed_over_another_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/procedures")).unwrap();
        std::fs::write(dir.path().join("content/procedures/QT-01.md"), "a").unwrap();
        let watcher = watch(dir.path(), Duration::from_millis(50)).unwrap();
        let temp = dir.path().join("content/procedures/.QT-01.md.tmp");
        std::fs::write(&temp, "b").unwrap();
        std::fs::rename(&temp, dir.path().join("content/procedures/QT-01.md")).unwrap();
        let mut seen = BTreeSet::new();
        for _ in 0..50 {
            if let Some(batch) = watcher.next(Duration::from_millis(100)).unwrap() {
                seen.extend(batch);
            }
            if seen.contains(Path::new("content/procedures/QT-01.md")) {
                break;
            }
        }
        assert!(seen.contains(Path::new("content/procedures/QT-01.md")), "{seen:?}");
        assert!(seen.iter().all(|p| !p.to_string_lossy().contains(".tmp")), "{seen:?}");
    }
}
