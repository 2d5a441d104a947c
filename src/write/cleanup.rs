//! What a build leaves beside its output while it runs (the staging folder, often a full copy
//! of the site, and the lock file) is removed when the build is stopped by Ctrl-C (SIGINT) or
//! SIGTERM, not only by the next build (issue 16, finding 11): if the output is inside a web
//! root, a staging folder left there would be served until then.
//!
//! Every such path is registered here while it exists. The first [`Staging`](super::Staging)
//! starts a thread that waits for either signal, removes the registered paths and ends the
//! process (exit 130 or 143). The swap holds [`swapping`] while it renames folders, so the
//! removal never runs between the two renames of a swap without `renameat2`. A panic unwinds
//! through the staging folder's `Drop`, which removes it; a SIGKILL or an abort cannot be
//! caught, and the next build removes what it left (`recover`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// The paths to remove if the process is stopped now, each with the token its registration
/// returned (two builds in one process may register the same lock path one after the other).
pub(super) struct Pending {
    next: u64,
    paths: Vec<(u64, PathBuf)>,
    /// The last build's new output is in place (a signal then ends it with the new site).
    pub(super) swapped: bool,
}

impl Pending {
    /// Registers `path` while the list is already held (see [`swapping`]).
    pub(super) fn add(&mut self, path: &Path) -> Registered {
        self.next += 1;
        self.paths.push((self.next, path.to_owned()));
        Registered(self.next)
    }

    /// [`forget`] while the list is already held.
    pub(super) fn remove(&mut self, registered: Registered) {
        self.paths.retain(|(token, _)| *token != registered.0);
    }
}

static PENDING: Mutex<Pending> = Mutex::new(Pending { next: 0, paths: Vec::new(), swapped: false });

/// A registration, to [`forget`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Registered(u64);

fn pending() -> MutexGuard<'static, Pending> {
    // A panic while holding it leaves the list as it was: still the right list.
    PENDING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes `path` if the process is stopped before [`forget`] is called for it.
pub(super) fn register(path: &Path) -> Registered {
    on_signals();
    pending().add(path)
}

/// A build's staging folder: registered as [`register`] does, and its output not yet swapped in.
pub(super) fn register_staging(path: &Path) -> Registered {
    on_signals();
    let mut pending = pending();
    pending.swapped = false;
    pending.add(path)
}

/// What was registered is gone or no longer the build's to remove.
pub(super) fn forget(registered: Registered) {
    pending().remove(registered);
}

/// Held while folders are renamed into place, so a signal waits for the swap to finish. Do not
/// call [`register`] or [`forget`] while holding it: use the guard.
pub(super) fn swapping() -> MutexGuard<'static, Pending> {
    pending()
}

/// Starts, once, the thread that cleans up on SIGINT or SIGTERM; returns when it listens.
fn on_signals() {
    static STARTED: OnceLock<bool> = OnceLock::new();
    STARTED.get_or_init(|| {
        let (ready, listening) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("sotay-signals".into()).spawn(move || {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                let _ = ready.send(false);
                return;
            };
            runtime.block_on(async {
                let (Ok(mut interrupt), Ok(mut terminate)) =
                    (signal(SignalKind::interrupt()), signal(SignalKind::terminate()))
                else {
                    let _ = ready.send(false);
                    return;
                };
                let _ = ready.send(true);
                let code = tokio::select! {
                    _ = interrupt.recv() => 130,
                    _ = terminate.recv() => 143,
                };
                let pending = pending();
                for (_, path) in &pending.paths {
                    remove_for_good(path);
                }
                let lang = crate::lang::for_run();
                if pending.swapped {
                    let line = tr!(
                        "Đã dừng: đầu ra mới đã vào chỗ; những gì còn lại bên cạnh đã được xóa.",
                        "Stopped: the new output was already in place; what was left beside it was removed."
                    );
                    eprintln!("{}", line.get(lang));
                } else if !pending.paths.is_empty() {
                    let line = tr!(
                        "Đã dừng: thư mục tạm và tệp khóa của lần dựng dở đã được xóa; đầu ra giữ nguyên như trước.",
                        "Stopped: the unfinished build's staging folder and lock were removed; the output is as it was."
                    );
                    eprintln!("{}", line.get(lang));
                }
                // Still holding the list, so no swap starts after the removal.
                std::process::exit(code);
            });
        });
        spawned.is_ok() && listening.recv().unwrap_or(false)
    });
}

/// Removes `path`. A folder is first renamed aside (to a name the next build's `recover` still
/// knows), so workers still writing into it by name fail at once instead of racing the
/// removal; they cannot make it again (see `create_below`).
fn remove_for_good(path: &Path) {
    let mut aside = path.as_os_str().to_owned();
    aside.push("-removing");
    let aside = PathBuf::from(aside);
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() && std::fs::rename(path, &aside).is_ok() => aside,
        _ => path.to_owned(),
    };
    for _ in 0..100 {
        let _ = crate::fs::remove_all(&target);
        if std::fs::symlink_metadata(&target).is_err() {
            return;
        }
    }
}

/// Creates `dir` and the folders between it and `root`, never `root` itself: once an
/// interrupted build has removed its staging folder, a worker still writing cannot make it again.
pub(super) fn create_below(root: &Path, dir: &Path) -> std::io::Result<()> {
    if dir == root {
        return if root.is_dir() { Ok(()) } else { Err(std::io::Error::other("the staging folder is gone")) };
    }
    if !dir.starts_with(root) {
        return Err(std::io::Error::other("outside the staging folder"));
    }
    if dir.is_dir() {
        return Ok(());
    }
    // The folder itself first: most are new with their parent made, so one call, not one per level.
    match std::fs::create_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = dir.parent().ok_or_else(|| std::io::Error::other("outside the staging folder"))?;
            create_below(root, parent)?;
            match std::fs::create_dir(dir) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
                made => made,
            }
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_made_below_the_staging_folder_but_never_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("staging");
        std::fs::create_dir(&root).unwrap();
        create_below(&root, &root.join("a/b/c")).unwrap();
        assert!(root.join("a/b/c").is_dir());
        std::fs::remove_dir_all(&root).unwrap();
        assert!(create_below(&root, &root.join("a/b")).is_err(), "a removed staging folder is not made again");
        assert!(!root.exists());
    }
}
