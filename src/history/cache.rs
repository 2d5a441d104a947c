//! What [`super::git`] read, kept between runs in the repository's git folder
//! (`<git dir>/sotay/history-v1.<hash of the content path>.bin`; git ignores files it does not
//! know there). Reading a large manual's history takes seconds — every commit's `content/` tree
//! diffed, every changed blob inflated and decoded — and committed history never changes, so a
//! run takes what an earlier run read up to that run's HEAD and reads only the commits after it.
//!
//! A cache is only taken when it was written by this very binary ([`crate::digest::binary`]),
//! for the same `content/` folder and the same shallow boundary, and when it is whole: a CRC-32
//! of the file ends it, and the history it holds is checked for the invariants a read gives.
//! Anything else — a missing, truncated, corrupt or foreign file — is no cache, never an error:
//! the history is read in full. Writing is best effort too (a temporary file in the same folder,
//! renamed over the old one); a read-only or odd git folder only costs the next run a full read.
//! The file can be deleted at any time.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use gix::ObjectId;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::{Commit, FileVersion, History};
use crate::model::Date;

/// The first bytes of a cache file; the version changes with the layout or with what a read
/// gives (and so does the file name, so one version never opens another's file).
const MAGIC: &[u8] = b"sotay history cache v1\n";
const PREFIX: &str = "history-v1";

/// What a cache must have been written for.
pub(super) struct Key<'a> {
    /// The binary that wrote it: another sotay may read or decode history differently.
    pub binary: &'a str,
    /// The manual's `content/` folder inside the work tree, as tree-entry names.
    pub content: &'a [Vec<u8>],
    /// The shallow clone's boundary commits (hex, sorted); empty for a full clone.
    pub shallow: Vec<String>,
}

impl<'a> Key<'a> {
    /// The key for this binary.
    pub fn new(content: &'a [Vec<u8>], shallow: &[ObjectId]) -> Key<'a> {
        let mut shallow: Vec<String> = shallow.iter().map(ObjectId::to_string).collect();
        shallow.sort();
        Key { binary: crate::digest::binary(), content, shallow }
    }

    /// The content path's part of the file name: one file per `content/` folder.
    fn path_hash(&self) -> String {
        let mut hash = Sha256::new();
        for component in self.content {
            hash.update((component.len() as u64).to_le_bytes());
            hash.update(component);
        }
        let hex = crate::digest::hex(&hash.finalize());
        hex[..16].to_owned()
    }

    fn file_name(&self) -> String {
        format!("{PREFIX}.{}.bin", self.path_hash())
    }
}

/// Where the cached history ends: the commit it was read up to, that commit's `content/` tree
/// (what the next commit is compared with) and whether the chain below was cut by a shallow
/// clone's boundary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tip {
    pub head: ObjectId,
    pub tree: Option<ObjectId>,
    pub cut: bool,
}

/// The cached history for `key` (its tags left empty: they are always read afresh), or None
/// when there is no usable cache.
pub(super) fn load(git_dir: &Path, key: &Key<'_>) -> Option<(Tip, History)> {
    let _span = crate::timings::span("history: cache load");
    let file = std::fs::File::open(folder(git_dir).join(key.file_name())).ok()?;
    let len = file.metadata().ok()?.len();
    decode(std::io::BufReader::with_capacity(1 << 16, file), len, key)
}

/// Keeps `history` (read up to `tip`) for the next run; failures are only noted in the timings.
pub(super) fn store(git_dir: &Path, key: &Key<'_>, tip: &Tip, history: &History) {
    let _span = crate::timings::span("history: cache write");
    if let Err(err) = write(&folder(git_dir), key, |out| encode(out, key, tip, history)) {
        crate::timings::note(|| format!("history: the cache was not written in {}: {err}", git_dir.display()));
    }
}

fn folder(git_dir: &Path) -> PathBuf {
    git_dir.join("sotay")
}

// The file: the magic, then chunks — each a little-endian u32 length and that many bytes of
// postcard — for the header, the commits and each path in order, then a CRC-32 of all that.
// Chunks are written and read one at a time through one buffer: loading a 60 MB cache into a
// buffer of its own first cost more than decoding it (fresh memory is slow to fault in).

fn encode(out: impl Write, key: &Key<'_>, tip: &Tip, history: &History) -> std::io::Result<()> {
    let mut out = ChunkWriter { out, crc: crc32fast::Hasher::new(), buffer: Vec::new() };
    out.raw(MAGIC)?;
    out.chunk(&Header {
        binary: Text::from(key.binary),
        content: Cow::Borrowed(key.content),
        shallow: key.shallow.iter().map(|s| Text::from(s.as_str())).collect(),
        head: Text(Cow::Owned(tip.head.to_string())),
        tree: tip.tree.map(|t| Text(Cow::Owned(t.to_string()))),
        cut: tip.cut,
        paths: history.files.len() as u64,
    })?;
    let commits: Vec<CommitRecord<'_>> = history
        .commits
        .iter()
        .map(|c| CommitRecord {
            id: Text::from(c.id.as_str()),
            time: c.time,
            date: Text(Cow::Owned(c.date.iso())),
            author: Text::from(c.author.as_str()),
            message: Text::from(c.message.as_str()),
        })
        .collect();
    out.chunk(&commits)?;
    for (path, versions) in &history.files {
        let versions: Vec<VersionRecord<'_>> = versions
            .iter()
            .map(|v| VersionRecord {
                commit: v.commit as u64,
                text: v.text.as_deref().map(Text::from),
                raw_sha256: v.raw_sha256.as_deref().map(Text::from),
            })
            .collect();
        out.chunk(&(Text::from(path.as_str()), versions))?;
    }
    let crc = out.crc.finalize();
    out.out.write_all(&crc.to_le_bytes())?;
    out.out.flush()
}

/// The cache in `input` (`len` bytes), if it was written for `key` and is one a read could have
/// given: paths in order and each once, every path with versions at increasing indices of
/// existing commits, the last commit the tip, and the CRC right.
fn decode(input: impl Read, len: u64, key: &Key<'_>) -> Option<(Tip, History)> {
    let mut input = ChunkReader { input, left: len, crc: crc32fast::Hasher::new(), buffer: Vec::new() };
    if input.raw(MAGIC.len())? != MAGIC {
        return None;
    }
    let header: Header<'static> = input.chunk()?;
    let matches = header.binary.0 == key.binary
        && *header.content == *key.content
        && header.shallow.iter().map(|s| &*s.0).eq(key.shallow.iter().map(String::as_str));
    if !matches {
        return None;
    }
    let head = ObjectId::from_hex(header.head.0.as_bytes()).ok()?;
    let tree = match &header.tree {
        Some(tree) => Some(ObjectId::from_hex(tree.0.as_bytes()).ok()?),
        None => None,
    };
    let commits = input
        .chunk::<Vec<CommitRecord<'static>>>()?
        .into_iter()
        .map(|c| {
            Some(Commit {
                id: c.id.into_string(),
                time: c.time,
                date: Date::parse(&c.date.0).ok()?,
                author: c.author.into_string(),
                message: c.message.into_string(),
            })
        })
        .collect::<Option<Vec<Commit>>>()?;
    if commits.last()?.id != header.head.0 {
        return None;
    }
    let mut files: Vec<(String, Vec<FileVersion>)> = Vec::new();
    for _ in 0..header.paths {
        let (path, versions) = input.chunk::<(Text<'static>, Vec<VersionRecord<'static>>)>()?;
        let path = path.into_string();
        let mut previous = None;
        let versions = versions
            .into_iter()
            .map(|v| {
                let commit = usize::try_from(v.commit).ok()?;
                if commit >= commits.len() || previous.is_some_and(|p| p >= commit) {
                    return None;
                }
                previous = Some(commit);
                Some(FileVersion {
                    commit,
                    text: v.text.map(Text::into_string),
                    raw_sha256: v.raw_sha256.map(Text::into_string),
                })
            })
            .collect::<Option<Vec<FileVersion>>>()?;
        let ordered = files.last().is_none_or(|(last, _)| *last < path);
        if versions.is_empty() || !ordered {
            return None;
        }
        files.push((path, versions));
    }
    input.end()?;
    let history = History { commits, files: files.into_iter().collect(), tags: BTreeMap::new() };
    Some((Tip { head, tree, cut: header.cut }, history))
}

/// Writes chunks, keeping the CRC of what it wrote.
struct ChunkWriter<W> {
    out: W,
    crc: crc32fast::Hasher,
    buffer: Vec<u8>,
}

impl<W: Write> ChunkWriter<W> {
    fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.crc.update(bytes);
        self.out.write_all(bytes)
    }

    fn chunk(&mut self, value: &impl Serialize) -> std::io::Result<()> {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        postcard::to_io(value, &mut buffer).map_err(|e| std::io::Error::other(format!("cannot serialise: {e}")))?;
        let len = u32::try_from(buffer.len()).map_err(|_| std::io::Error::other("a chunk of 4 GB or more"))?;
        self.raw(&len.to_le_bytes())?;
        self.raw(&buffer)?;
        self.buffer = buffer;
        Ok(())
    }
}

/// Reads chunks, never past the file's length (so a damaged length allocates nothing large),
/// keeping the CRC of what it read.
struct ChunkReader<R> {
    input: R,
    left: u64,
    crc: crc32fast::Hasher,
    buffer: Vec<u8>,
}

impl<R: Read> ChunkReader<R> {
    fn raw(&mut self, len: usize) -> Option<&[u8]> {
        self.left = self.left.checked_sub(len as u64)?;
        self.buffer.resize(len, 0);
        self.input.read_exact(&mut self.buffer).ok()?;
        self.crc.update(&self.buffer);
        Some(&self.buffer)
    }

    fn chunk<T: DeserializeOwned>(&mut self) -> Option<T> {
        let len = u32::from_le_bytes(self.raw(4)?.try_into().ok()?);
        let (value, rest) = postcard::take_from_bytes(self.raw(usize::try_from(len).ok()?)?).ok()?;
        rest.is_empty().then_some(value)
    }

    /// Whether the CRC that ends the file is right and nothing follows it.
    fn end(mut self) -> Option<()> {
        let crc = self.crc.clone().finalize();
        let stored = u32::from_le_bytes(self.raw(4)?.try_into().ok()?);
        (stored == crc && self.left == 0).then_some(())
    }
}

/// Writes the cache file atomically and removes the ones it replaces.
fn write(
    folder: &Path,
    key: &Key<'_>,
    contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(folder)?;
    let name = key.file_name();
    let temp = folder.join(format!(".{name}.{}-{}.tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    // No fsync: a file cut short by a crash fails its CRC and is read as no cache.
    let written = std::fs::File::create(&temp)
        .and_then(|file| contents(&mut std::io::BufWriter::with_capacity(1 << 16, file)))
        .and_then(|()| std::fs::rename(&temp, folder.join(&name)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    remove_replaced(folder, key, &name);
    Ok(())
}

/// Removes the other versions' files for the same content path, and temporary files of ours
/// that a killed run left behind (older than an hour, so a run writing now keeps its own).
fn remove_replaced(folder: &Path, key: &Key<'_>, keep: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    let hash = key.path_hash();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let other_version = name.starts_with("history-v") && name.split('.').nth(1) == Some(&hash) && name != keep;
        let stale_temp = name.starts_with(&format!(".{keep}.")) && name.ends_with(".tmp") && {
            let age = entry.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
            age.is_some_and(|age| age.as_secs() > 3600)
        };
        if other_version || stale_temp {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What the cache was written for and where its history ends.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    binary: Text<'a>,
    content: Cow<'a, [Vec<u8>]>,
    shallow: Vec<Text<'a>>,
    head: Text<'a>,
    tree: Option<Text<'a>>,
    cut: bool,
    /// How many path chunks follow the commits.
    paths: u64,
}

#[derive(Serialize, Deserialize)]
struct CommitRecord<'a> {
    id: Text<'a>,
    time: i64,
    date: Text<'a>,
    author: Text<'a>,
    message: Text<'a>,
}

#[derive(Serialize, Deserialize)]
struct VersionRecord<'a> {
    commit: u64,
    text: Option<Text<'a>>,
    raw_sha256: Option<Text<'a>>,
}

/// A string stored as length-prefixed bytes and checked with simdutf8 when read: most of the
/// cache is document text, and std's UTF-8 check took 100 ms for the 57 MB of Vietnamese text
/// of a 10 000-document manual's history.
struct Text<'a>(Cow<'a, str>);

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Text<'a> {
        Text(Cow::Borrowed(text))
    }
}

impl Text<'_> {
    fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0.as_bytes())
    }
}

impl<'de> Deserialize<'de> for Text<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Utf8;
        impl Visitor<'_> for Utf8 {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("UTF-8 text")
            }
            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<String, E> {
                simdutf8::basic::from_utf8(bytes).map(str::to_owned).map_err(|_| E::custom("not UTF-8"))
            }
        }
        deserializer.deserialize_bytes(Utf8).map(|text| Text(Cow::Owned(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Tip, History) {
        let commits = ["Ban hành", "Sửa đổi lần 1"]
            .iter()
            .enumerate()
            .map(|(i, message)| Commit {
                id: format!("{:040x}", i + 1),
                time: 1_736_474_400 + i as i64,
                date: Date::new(2025, 1, 10 + i as u8).expect("a date"),
                author: "Nguyễn Văn An".into(),
                message: (*message).into(),
            })
            .collect();
        let mut files = BTreeMap::new();
        files.insert(
            "content/procedures/QT-01.md".to_owned(),
            vec![
                FileVersion { commit: 0, text: Some("Quyết định".into()), raw_sha256: Some("ab".repeat(32)) },
                FileVersion { commit: 1, text: None, raw_sha256: None },
            ],
        );
        files.insert(
            "content/procedures/QT-02.md".to_owned(),
            vec![FileVersion { commit: 1, text: Some("Quy trình\r\n".into()), raw_sha256: None }],
        );
        let head = ObjectId::from_hex(b"0000000000000000000000000000000000000002").expect("an id");
        let tree = ObjectId::from_hex(b"00000000000000000000000000000000000000ff").expect("an id");
        (Tip { head, tree: Some(tree), cut: false }, History { commits, files, tags: BTreeMap::new() })
    }

    fn key(binary: &str) -> Key<'_> {
        static CONTENT: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        let content = CONTENT.get_or_init(|| vec![b"so-tay".to_vec(), b"content".to_vec()]);
        Key { binary, content, shallow: Vec::new() }
    }

    #[test]
    fn what_is_stored_is_loaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (tip, history) = sample();
        store(dir.path(), &key("sotay 1"), &tip, &history);
        assert_eq!(load(dir.path(), &key("sotay 1")), Some((tip, history)));
    }

    #[test]
    fn another_binary_content_path_or_shallow_boundary_is_no_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (tip, history) = sample();
        store(dir.path(), &key("sotay 1"), &tip, &history);
        assert_eq!(load(dir.path(), &key("sotay 2")), None);
        let mut shallow = key("sotay 1");
        shallow.shallow = vec!["1".repeat(40)];
        assert_eq!(load(dir.path(), &shallow), None);
        let elsewhere = [b"content".to_vec()];
        let other_path = Key { binary: "sotay 1", content: &elsewhere, shallow: Vec::new() };
        assert_eq!(load(dir.path(), &other_path), None);
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_no_cache() {
        let (tip, history) = sample();
        let bytes = encoded(&key("sotay 1"), &history);
        assert_eq!(decoded(&bytes, &key("sotay 1")), Some((tip, history)));
        for len in 0..bytes.len() {
            assert_eq!(decoded(&bytes[..len], &key("sotay 1")), None, "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x10;
            assert_eq!(decoded(&flipped, &key("sotay 1")), None, "byte {at} changed");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decoded(&longer, &key("sotay 1")), None, "a byte after the end");
    }

    fn decoded(bytes: &[u8], key: &Key<'_>) -> Option<(Tip, History)> {
        decode(bytes, bytes.len() as u64, key)
    }

    fn encoded(key: &Key<'_>, history: &History) -> Vec<u8> {
        let mut bytes = Vec::new();
        encode(&mut bytes, key, &sample().0, history).expect("serialised");
        bytes
    }

    #[test]
    fn a_whole_file_that_is_no_history_is_no_cache() {
        let mut history = sample().1;
        // Each with a valid checksum: what a read never gives is refused all the same.
        let k = key("sotay 1");
        let mut late = history.clone();
        late.files.values_mut().for_each(|v| v[0].commit = 5);
        assert_eq!(decoded(&encoded(&k, &late), &k), None, "a version at a commit that is not there");
        let mut unordered = history.clone();
        unordered.files.values_mut().for_each(|v| v.reverse());
        assert_eq!(decoded(&encoded(&k, &unordered), &k), None, "versions out of order");
        let mut empty = history.clone();
        empty.files.values_mut().for_each(Vec::clear);
        assert_eq!(decoded(&encoded(&k, &empty), &k), None, "a path without versions");
        history.commits.pop();
        assert_eq!(decoded(&encoded(&k, &history), &k), None, "the last commit is not the tip");
    }

    #[test]
    fn a_new_file_replaces_other_versions_and_stale_temporary_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let k = key("sotay 1");
        let folder = folder(dir.path());
        std::fs::create_dir_all(&folder).expect("mkdir");
        let hash = k.path_hash();
        let old = folder.join(format!("history-v0.{hash}.bin"));
        let other_path = folder.join("history-v0.0123456789abcdef.bin");
        let stale = folder.join(format!(".{}.1-0.tmp", k.file_name()));
        let fresh = folder.join(format!(".{}.2-0.tmp", k.file_name()));
        for file in [&old, &other_path, &stale, &fresh] {
            std::fs::write(file, "x").expect("write");
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("set the mtime");
        let (tip, history) = sample();
        store(dir.path(), &k, &tip, &history);
        assert!(folder.join(k.file_name()).is_file());
        assert!(!old.exists() && !stale.exists(), "replaced");
        assert!(other_path.exists() && fresh.exists(), "another manual's cache and a run's temporary file are kept");
    }

    #[test]
    fn an_unwritable_folder_is_no_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A file where the folder should be: creating it fails even for root.
        std::fs::write(dir.path().join("sotay"), "not a folder").expect("write");
        let (tip, history) = sample();
        store(dir.path(), &key("sotay 1"), &tip, &history);
        assert_eq!(load(dir.path(), &key("sotay 1")), None);
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no temporary file left");
    }
}
