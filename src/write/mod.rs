//! The last stage: put a rendered site on disk without ever leaving a half-written or empty
//! output folder. Files go to a staging folder beside the output — `sotay build` puts each page
//! there as soon as it renders ([`Staging`] is a [`Spill`](crate::render::Spill)), so the site
//! is never all in memory, and the rest at the end; only when all are written is
//! the old output moved aside and the staging folder renamed into place. A lock file keeps two
//! builds from racing on one output folder, and leftovers of an interrupted build are cleaned
//! (or, if the swap itself was interrupted, the previous output is put back) by the next run.
//! Files that are the same as in the previous output are hard-linked from it, not written.
//!
//! Everything sotay keeps beside the output is named with one prefix, [`PREFIX`], followed by
//! the output folder's name (`.sotay-public.staging-<pid>`, `.sotay-public.lock`, …), so a web
//! server can be told never to serve it (README, "Publishing safely"); a build stopped by
//! SIGINT or SIGTERM removes its staging folder and lock at once (`cleanup`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fs;
use crate::render::{Output, Site};
use unchanged::Unchanged;

mod cleanup;
mod unchanged;

/// What every name sotay keeps beside an output folder starts with: staging folders, the lock,
/// an old output being replaced, the record of the last build. Hidden (a dot), and one pattern
/// for a web server to refuse.
pub const PREFIX: &str = ".sotay-";

/// The marker sotay leaves in every output folder, so it never replaces a folder it did not make.
pub const MARKER: &str = ".sotay-output";

/// What a build without problems records beside the output (`.sotay-<out>.state`, not in it:
/// the output stays the same bytes on every machine): the summary of its sources' digests
/// (`resolve::deps_inputs::SourceDigests::summary`, what the dependency index reads), the
/// SHA-256 of the manifest it wrote and what it counted, so the next build of the same inputs
/// can leave the folder as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub inputs: String,
    pub documents: usize,
    pub published: usize,
    pub pages: usize,
    /// The notes that build printed (a skipped build does not print them again).
    pub notes: usize,
}

impl Stamp {
    fn line(&self, manifest: &str) -> String {
        let Stamp { inputs, documents, published, pages, notes } = self;
        format!(
            "inputs {inputs} manifest {manifest} documents {documents} published {published} pages {pages} notes {notes}\n"
        )
    }

    fn parse(text: &str) -> Option<(Stamp, String)> {
        let words: Vec<&str> = text.trim_end().split(' ').collect();
        let ["inputs", inputs, "manifest", manifest, "documents", documents, "published", published, "pages", pages, "notes", notes] =
            words[..]
        else {
            return None;
        };
        let stamp = Stamp {
            inputs: inputs.to_owned(),
            documents: documents.parse().ok()?,
            published: published.parse().ok()?,
            pages: pages.parse().ok()?,
            notes: notes.parse().ok()?,
        };
        Some((stamp, manifest.to_owned()))
    }
}

fn state_path(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy().into_owned();
    Some(out.with_file_name(format!("{PREFIX}{name}.state")))
}

/// The stamp of the output in `out` when it is the complete build of `inputs`: the state beside
/// it names them and the manifest in it, and every file that manifest lists is there with its size.
pub fn up_to_date(out: &Path, inputs: &str) -> Option<Stamp> {
    let out = absolute(out).ok()?;
    let (stamp, manifest) = Stamp::parse(&std::fs::read_to_string(state_path(&out)?).ok()?)?;
    let listed = std::fs::read(out.join("manifest.json")).ok()?;
    let same = stamp.inputs == inputs && crate::digest::sha256(&listed) == manifest;
    (same && out.join(MARKER).is_file() && unchanged::complete(&out, &listed)).then_some(stamp)
}

/// Records `stamp` beside `out` after a swap, or removes an older record; a record that cannot
/// be written only means the next build renders everything.
fn record(out: &Path, site: &Site, stamp: Option<&Stamp>) {
    let Some(path) = state_path(out) else { return };
    let manifest = match site.files.get("manifest.json") {
        Some(Output::Bytes(bytes)) => Some(crate::digest::sha256(bytes)),
        _ => None,
    };
    match stamp.zip(manifest) {
        Some((stamp, manifest)) => {
            let _ = std::fs::write(path, stamp.line(&manifest));
        }
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `site` to `out`, replacing what was there only once the new site is complete.
pub fn write_site(site: &Site, out: &Path) -> Result<()> {
    write_site_stamped(site, out, None)
}

/// [`write_site`], recording `stamp` in the output's marker.
pub fn write_site_stamped(site: &Site, out: &Path, stamp: Option<&Stamp>) -> Result<()> {
    Staging::open(out)?.finish(site, stamp)
}

/// A build's staging folder beside the output, and the output's lock, held from before the
/// first file is rendered into it ([`Spill`](crate::render::Spill)) until the swap. Dropped
/// unfinished (the build failed), it is removed and the output stays as it was.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// The previous output's manifest, to link its unchanged files.
    previous: unchanged::Previous,
    finished: bool,
    /// The staging folder's registration for removal on SIGINT or SIGTERM.
    registered: cleanup::Registered,
    /// The largest file copied as is (`[limits] attachment_bytes`); no limit unless set.
    copy_limit: u64,
    _lock: Lock,
}

impl Staging {
    /// Locks the output `out`, puts back or clears what an interrupted build left, refuses a
    /// folder sotay did not write, and makes an empty staging folder.
    pub fn open(out: &Path) -> Result<Staging> {
        let out = absolute(out)?;
        let parent = out.parent().map(Path::to_owned).unwrap_or_else(|| PathBuf::from("/"));
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| {
            let out = out.display();
            Error::Refused(tr!("{out} không thể là thư mục đầu ra", "{out} cannot be an output folder"))
        })?;
        fs::create_dir_all(&parent)?;
        let lock = Lock::acquire(&parent.join(format!("{PREFIX}{name}.lock")), &out)?;
        recover(&parent, &name, &out)?;
        refuse_foreign_folder(&out)?;
        let dir = parent.join(format!("{PREFIX}{name}.staging-{}", std::process::id()));
        // Registered before it exists, so no moment of it escapes a signal.
        let registered = cleanup::register_staging(&dir);
        let made = fs::remove_all(&dir).and_then(|()| fs::create_dir_all(&dir));
        if let Err(e) = made {
            let _ = fs::remove_all(&dir);
            cleanup::forget(registered);
            return Err(e);
        }
        let previous = unchanged::Previous::of(&out);
        let copy_limit = u64::MAX;
        Ok(Staging { out, parent, name, dir, previous, finished: false, registered, copy_limit, _lock: lock })
    }

    /// Refuses, when writing, a file published as is (an attachment, a static file) that has
    /// grown past `limit` since the manual was loaded.
    pub fn copying_at_most(mut self, limit: u64) -> Staging {
        self.copy_limit = limit;
        self
    }

    /// Writes the rest of `site` (what was not spilled) and puts the staging folder in place of
    /// the output.
    pub fn finish(mut self, site: &Site, stamp: Option<&Stamp>) -> Result<()> {
        // A panic in here unwinds through `Drop`, which removes the staging folder (or, after the
        // exchange, the old output in its place).
        let result = swap_in(&self, site, stamp);
        self.finished = true;
        // Whatever is left at the staging path (the old output after an exchange, or the
        // unfinished staging folder) goes.
        let removed = {
            let _span = crate::timings::span("write: remove the old output");
            fs::remove_all(&self.dir)
        };
        cleanup::forget(self.registered);
        result.and(removed)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_all(&self.dir);
            cleanup::forget(self.registered);
        }
    }
}

impl crate::render::Spill for Staging {
    fn spill(&self, path: &str, bytes: &[u8]) -> Option<Output> {
        if !safe(path) {
            return None;
        }
        let target = self.dir.join(path);
        cleanup::create_below(&self.dir, target.parent()?).ok()?;
        let (size, sha256) = (bytes.len() as u64, crate::digest::sha256(bytes));
        // A path already staged (two pages claiming one path) is kept in memory instead: the
        // site's map decides which one is written, as it does without spilling.
        if !self.previous.link(&self.out, path, size, &sha256, &target) {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&target).ok()?;
            file.write_all(bytes).ok()?;
        }
        Some(Output::Staged { size, sha256 })
    }

    fn staged(&self, path: &str) -> Option<Vec<u8>> {
        safe(path).then(|| std::fs::read(self.dir.join(path)).ok()).flatten()
    }
}

/// Whether an output path stays inside the output folder.
fn safe(path: &str) -> bool {
    !(path.split('/').any(|part| part.is_empty() || part == ".." || part == ".") || path.contains('\\'))
}

fn swap_in(staging: &Staging, site: &Site, stamp: Option<&Stamp>) -> Result<()> {
    let Staging { out, parent, name, dir: staging, previous, copy_limit, .. } = staging;
    let files: Vec<(&String, &Output)> = site.files.iter().collect();
    let new_manifest = match site.files.get("manifest.json") {
        Some(Output::Bytes(bytes)) => Some(&bytes[..]),
        _ => None,
    };
    let unchanged = Unchanged::between(new_manifest, previous);
    let written: Result<()> =
        files.par_iter().try_for_each(|&(path, output)| write_one(staging, out, &unchanged, *copy_limit, path, output));
    let marker = b"This folder is written by sotay build; it is replaced whole on every build.\n";
    written?;
    if !Unchanged::link_if_same(out, MARKER, marker, &staging.join(MARKER)) {
        fs::write(&staging.join(MARKER), marker)?;
    }
    // A SIGINT or SIGTERM from here waits until the output is in place (see `cleanup`).
    let mut swapping = cleanup::swapping();
    // Where the kernel can swap two folders in one step, the output is never missing, not even
    // for an instant; what was the output is then at the staging path, which `finish` removes
    // (or, after a kill, the next run).
    if out.exists() && exchange(staging, out) {
        swapping.swapped = true;
        record(out, site, stamp);
        return Ok(());
    }
    let old = parent.join(format!("{PREFIX}{name}.old-{}", std::process::id()));
    if out.exists() {
        fs::rename(out, &old)?;
    }
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    swapping.swapped = true;
    record(out, site, stamp);
    let registered = swapping.add(&old);
    drop(swapping);
    let _span = crate::timings::span("write: remove the old output");
    let removed = fs::remove_all(&old);
    cleanup::forget(registered);
    removed
}

/// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`); false when the system
/// or the file system cannot, and nothing was changed.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) =
        (std::ffi::CString::new(a.as_os_str().as_bytes()), std::ffi::CString::new(b.as_os_str().as_bytes()))
    else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let done =
        unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    done == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_owned());
    }
    let cwd = std::env::current_dir().map_err(|source| Error::Read { path: PathBuf::from("."), source })?;
    Ok(cwd.join(path))
}

fn write_one(
    staging: &Path,
    out: &Path,
    unchanged: &Unchanged,
    copy_limit: u64,
    path: &str,
    output: &Output,
) -> Result<()> {
    if !safe(path) {
        return Err(Error::Refused(tr!(
            "không ghi đường dẫn đầu ra không an toàn {path}",
            "refusing to write the unsafe output path {path}"
        )));
    }
    if let Output::Staged { .. } = output {
        return Ok(());
    }
    let target = staging.join(path);
    if let Some(dir) = target.parent() {
        cleanup::create_below(staging, dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
    }
    let linked = match output {
        Output::Bytes(bytes) if path == "manifest.json" => Unchanged::link_if_same(out, path, bytes, &target),
        _ => unchanged.link(out, path, &target),
    };
    if linked {
        return Ok(());
    }
    let written = match output {
        Output::Bytes(bytes) => std::fs::write(&target, &bytes[..]),
        // A file of the output being replaced (a portal's reused agency) is linked, not
        // copied: that output goes once this one is in place, so nothing else keeps it.
        Output::Copy(source) if source.starts_with(out) && std::fs::hard_link(source, &target).is_ok() => Ok(()),
        // Only a regular file, within the cap, and no more than its size when opened.
        Output::Copy(source) => crate::read::copy_published(source, &target, copy_limit).map(|_| ()),
        Output::Staged { .. } => Ok(()),
    };
    written.map_err(|source| Error::Write { path: target.clone(), source })
}

/// Removes staging folders of interrupted builds; if a build died between moving the old output
/// aside and renaming the new one in, the old output is restored first.
/// The names of sotay before issue 16 (`.<out>.sotay-staging-<pid>`, …) are recognised too.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<()> {
    let staging_prefixes = [format!("{PREFIX}{name}.staging-"), format!(".{name}.sotay-staging-")];
    let old_prefixes = [format!("{PREFIX}{name}.old-"), format!(".{name}.sotay-old-")];
    let legacy_state = format!(".{name}.sotay-state");
    for entry in fs::read_dir_sorted(parent)? {
        let file_name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if staging_prefixes.iter().any(|p| file_name.starts_with(p.as_str())) || file_name == legacy_state {
            fs::remove_all(&entry)?;
        } else if old_prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            if out.exists() {
                fs::remove_all(&entry)?;
            } else {
                fs::rename(&entry, out)?;
            }
        }
    }
    Ok(())
}

fn refuse_foreign_folder(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        let out = out.display();
        return Err(Error::Refused(tr!(
            "{out} đã có và không phải thư mục; chọn --out khác",
            "{out} exists and is not a folder; choose another --out"
        )));
    }
    let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        let out = out.display();
        Err(Error::Refused(tr!(
            "{out} không trống và không do sotay ghi, nên sẽ không bị thay; chọn --out khác, hoặc làm trống nó trước",
            "{out} is not empty and was not written by sotay, so it will not be replaced; choose another --out, or empty it first"
        )))
    }
}

/// An exclusive lock on an output folder, released when dropped — or by the kernel when its
/// holder dies, so a killed build's lock never has to be guessed abandoned. The lock is an
/// advisory `flock` on a file beside the output. The holder removes the file before it lets go;
/// a build that opened the file just before that finds, once it holds the lock, that the path no
/// longer names the file it locked, and starts again.
struct Lock {
    path: PathBuf,
    /// The lock file's registration for removal on SIGINT or SIGTERM.
    registered: cleanup::Registered,
    _file: std::fs::File,
}

impl Lock {
    fn acquire(path: &Path, out: &Path) -> Result<Lock> {
        let locked = || Error::Locked { out: out.to_owned(), lock: path.to_owned() };
        let file = Lock::take(path, locked)?;
        // Only once held: a lock file another build holds is never this one's to remove. (A
        // signal just before leaves the file, which the next build takes over.)
        let registered = cleanup::register(path);
        Ok(Lock { path: path.to_owned(), registered, _file: file })
    }

    fn take(path: &Path, locked: impl Fn() -> Error) -> Result<std::fs::File> {
        for _ in 0..100 {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|source| Error::Write { path: path.to_owned(), source })?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Err(locked()),
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(Error::Write { path: path.to_owned(), source })
                }
            }
            if still_names(path, &file) {
                note_holder(&file);
                return Ok(file);
            }
        }
        Err(locked())
    }
}

/// Whether `path` still names the open `file` (its holder may have removed it meanwhile).
fn still_names(path: &Path, file: &std::fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(path), file.metadata()) {
            (Ok(named), Ok(open)) => named.dev() == open.dev() && named.ino() == open.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Writes the holder's process id into the lock file, for whoever looks at it by hand.
fn note_holder(mut file: &std::fs::File) {
    use std::io::{Seek, Write};
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = writeln!(file, "{}", std::process::id());
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held; the lock itself goes when the file is closed, after this.
        let _ = std::fs::remove_file(&self.path);
        cleanup::forget(self.registered);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files.iter().map(|(p, t)| ((*p).to_owned(), Output::Bytes(t.as_bytes().into()))).collect(),
            pages: 0,
            owners: Default::default(),
        }
    }

    #[test]
    fn a_staged_path_is_staged_once_and_a_second_claim_stays_in_memory() {
        use crate::render::Spill;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::open(&out).unwrap();
        let first = staging.spill("a/index.html", b"first").unwrap();
        assert_eq!(first, Output::Staged { size: 5, sha256: crate::digest::sha256(b"first") });
        assert_eq!(staging.spill("a/index.html", b"second"), None, "the second claim is not written over the first");
        assert_eq!(staging.spill("../escape.html", b"x"), None, "an unsafe path is never staged");
        let staged = staging.spill("b.html", b"bee").unwrap();
        // The site's map decides: here it kept the second claim's bytes for a/index.html.
        let mut site = site(&[("a/index.html", "second")]);
        site.files.insert("b.html".into(), staged);
        staging.finish(&site, None).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "second");
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "bee", "a staged file is kept as staged");
    }

    #[test]
    fn an_unfinished_staging_folder_is_removed_and_the_output_kept() {
        use crate::render::Spill;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("index.html", "old")]), &out).unwrap();
        let staging = Staging::open(&out).unwrap();
        staging.spill("index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert_eq!(left, ["public"], "no staging folder or lock is left");
    }

    #[test]
    fn replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("a/index.html", "one"), ("old.txt", "x")]), &out).unwrap();
        write_site(&site(&[("a/index.html", "two")]), &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = write_site(&site(&[("index.html", "x")]), dir.path()).unwrap_err();
        assert!(err.to_string().contains("not written by sotay"), "{err}");
        assert!(dir.path().join("precious.txt").exists());
    }

    #[test]
    fn restores_the_old_output_after_an_interrupted_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("index.html", "one")]), &out).unwrap();
        std::fs::rename(&out, dir.path().join(".sotay-public.old-999999")).unwrap();
        std::fs::create_dir(dir.path().join(".sotay-public.staging-999999")).unwrap();
        // One a stopped build was removing (cleanup::remove_for_good) when it was killed.
        std::fs::create_dir(dir.path().join(".sotay-public.staging-999998-removing")).unwrap();
        recover(dir.path(), "public", &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(!dir.path().join(".sotay-public.staging-999999").exists());
        assert!(!dir.path().join(".sotay-public.staging-999998-removing").exists());
    }

    #[test]
    fn leftovers_named_as_before_issue_16_are_recovered_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("index.html", "one")]), &out).unwrap();
        std::fs::rename(&out, dir.path().join(".public.sotay-old-999999")).unwrap();
        std::fs::create_dir(dir.path().join(".public.sotay-staging-999999")).unwrap();
        recover(dir.path(), "public", &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(!dir.path().join(".public.sotay-staging-999999").exists());
    }

    #[test]
    fn everything_beside_the_output_starts_with_the_one_prefix() {
        use crate::render::Spill;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("index.html", "one")]), &out).unwrap();
        let staging = Staging::open(&out).unwrap();
        staging.spill("a/index.html", b"x").unwrap();
        let beside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "public")
            .collect();
        assert!(beside.len() >= 2, "a staging folder and a lock while building: {beside:?}");
        assert!(beside.iter().all(|name| name.starts_with(PREFIX)), "{beside:?}");
    }

    #[test]
    fn a_panic_while_staging_removes_the_staging_folder_and_lock() {
        use crate::render::Spill;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("index.html", "old")]), &out).unwrap();
        let panicked = std::panic::catch_unwind(|| {
            let staging = Staging::open(&out).unwrap();
            staging.spill("a/index.html", b"new").unwrap();
            panic!("a renderer's bug");
        });
        assert!(panicked.is_err());
        let left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert_eq!(left, ["public"], "no staging folder or lock is left after the unwinding");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn a_copied_file_grown_past_the_cap_or_made_a_fifo_fails_the_write_and_keeps_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&site(&[("index.html", "old")]), &out).unwrap();
        let attachment = dir.path().join("BM-01.pdf");
        std::fs::write(&attachment, [b'%'; 100]).unwrap();
        let mut with_copy = site(&[("index.html", "new")]);
        with_copy.files.insert("BM-01.pdf".into(), Output::Copy(attachment.clone()));
        let err = Staging::open(&out).unwrap().copying_at_most(99).finish(&with_copy, None).unwrap_err();
        assert!(err.to_string().contains("more than the limit of 99 bytes"), "{err}");
        std::fs::remove_file(&attachment).unwrap();
        let c = std::ffi::CString::new(attachment.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let err = Staging::open(&out).unwrap().finish(&with_copy, None).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        left.sort();
        assert_eq!(left, ["BM-01.pdf", "public"], "no staging folder or lock is left");
    }

    #[test]
    fn a_live_lock_blocks_a_second_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let lock_path = dir.path().join(".sotay-public.lock");
        let held = Lock::acquire(&lock_path, &out).unwrap();
        let err = write_site(&site(&[("index.html", "x")]), &out).unwrap_err();
        assert!(matches!(err, Error::Locked { .. }), "{err}");
        drop(held);
        assert!(!lock_path.exists(), "the lock file goes with the lock");
        write_site(&site(&[("index.html", "x")]), &out).unwrap();
    }

    #[test]
    fn a_lock_file_left_by_a_killed_build_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::write(dir.path().join(".sotay-public.lock"), "").unwrap();
        write_site(&site(&[("index.html", "x")]), &out).unwrap();
        assert!(!dir.path().join(".sotay-public.lock").exists());
    }

    #[test]
    fn racing_takers_never_hold_the_lock_together() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let (out, lock_path) = (dir.path().join("public"), dir.path().join(".sotay-public.lock"));
        let (holders, taken) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..3000 {
                        if let Ok(lock) = Lock::acquire(&lock_path, &out) {
                            assert_eq!(holders.fetch_add(1, Ordering::SeqCst), 0, "two holders at once");
                            taken.fetch_add(1, Ordering::SeqCst);
                            std::thread::yield_now();
                            holders.fetch_sub(1, Ordering::SeqCst);
                            drop(lock);
                        }
                    }
                });
            }
        });
        assert!(taken.load(Ordering::SeqCst) > 0);
        assert!(!lock_path.exists());
    }
}
