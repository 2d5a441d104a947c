//! Reading an agency's published site without trusting it. The portal reads the agency's
//! `manifest.json` first and then only files that manifest lists, each no larger than a limit,
//! each checked against the size and SHA-256 the manifest gives; a file that does not verify is
//! a problem naming the file, never shown. Where the bytes come from (a folder on disk, an HTTP
//! server) is a [`Fetch`]; the last verified files of each agency are kept in a cache folder,
//! by their SHA-256, so a rebuild fetches only files whose hash changed and a broken agency can
//! keep its last verified data (`--keep-going`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::digest::sha256;
use crate::lang::reason;
use crate::model::Date;
use crate::render::manifest::Listed;

/// The largest manifest.json read.
pub const MANIFEST_BYTES: u64 = 32 * 1024 * 1024;
/// The largest other file read (a document's JSON, a part of the search index).
pub const FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Where an agency's published files come from.
pub trait Fetch: Sync {
    /// The bytes of the site path `path` (e.g. `api/index.json`), refused past `limit` bytes;
    /// `Ok(None)` when the site has no such file. Errors are reasons (`crate::lang::reason`).
    fn get(&self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, String>;

    /// Whether a file the cache holds (by its SHA-256) is taken instead of fetching it: true
    /// over the network, false for a folder on disk, which is read and checked every time.
    fn prefers_cache(&self) -> bool {
        true
    }

    /// The agency's manifest.json, which may be a conditional request: `Unchanged` when it is
    /// the same as the cached one (`cached`'s validators say so).
    fn manifest(&self, cached: Option<&Cached>) -> Result<Fetched, String> {
        let _ = cached;
        match self.get("manifest.json", MANIFEST_BYTES)? {
            Some(bytes) => Ok(Fetched::New { bytes, validators: Vec::new() }),
            None => Err(reason("trang của cơ quan không có manifest.json", "the agency's site has no manifest.json")),
        }
    }
}

/// What fetching the manifest gave.
pub enum Fetched {
    /// The manifest, with the validators (ETag, Last-Modified) to send next time.
    New { bytes: Vec<u8>, validators: Vec<(String, String)> },
    /// The cached manifest is current.
    Unchanged,
}

/// A site in a folder on disk.
pub struct Folder(pub PathBuf);

impl Fetch for Folder {
    fn prefers_cache(&self) -> bool {
        false
    }

    fn get(&self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
        let disk = self.0.join(safe_path(path)?);
        if !disk.exists() {
            return Ok(None);
        }
        crate::read::read_capped(&disk, limit).map(Some).map_err(|refused| {
            let e = refused.into_io();
            reason(format!("không đọc được {path}: {e}"), format!("{path} cannot be read: {e}"))
        })
    }
}

/// A site path as a relative path of plain components: no `..`, no root, no backslash.
pub fn safe_path(path: &str) -> Result<&str, String> {
    let plain = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if plain {
        Ok(path)
    } else {
        Err(reason(format!("`{path}` ra ngoài trang của cơ quan"), format!("`{path}` leads outside the agency's site")))
    }
}

#[derive(Deserialize)]
struct Listing {
    algorithm: String,
    files: Vec<Listed>,
}

/// An agency's last verified data in the cache: its manifest, the validators it came with and
/// the build date it was fetched on.
pub struct Cached {
    pub manifest: Vec<u8>,
    pub validators: Vec<(String, String)>,
    pub fetched: Date,
}

/// The cache folder of one agency: `manifest.json`, `fetched` (the date, then validators, one
/// `name: value` a line) and `files/<sha256>`.
pub struct Cache(pub PathBuf);

impl Cache {
    pub fn load(&self) -> Option<Cached> {
        let manifest = std::fs::read(self.0.join("manifest.json")).ok()?;
        let text = std::fs::read_to_string(self.0.join("fetched")).ok()?;
        let mut lines = text.lines();
        let fetched = Date::parse(lines.next()?).ok()?;
        let validators = lines.filter_map(|l| l.split_once(": ")).map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
        Some(Cached { manifest, validators, fetched })
    }

    fn file(&self, sha: &str) -> PathBuf {
        self.0.join("files").join(sha)
    }

    /// Keeps a verified file; a failure only costs a fetch next time.
    fn put(&self, sha: &str, bytes: &[u8]) {
        let _ = std::fs::create_dir_all(self.0.join("files")).and_then(|()| std::fs::write(self.file(sha), bytes));
    }

    /// Records a verified manifest; files no longer listed are removed. Failures only cost a
    /// fetch next time, so they are ignored.
    fn store(&self, manifest: &[u8], validators: &[(String, String)], fetched: Date, listed: &Verified) {
        let _ = std::fs::create_dir_all(self.0.join("files"));
        let _ = std::fs::write(self.0.join("manifest.json"), manifest);
        let mut text = format!("{}\n", fetched.iso());
        for (name, value) in validators {
            text.push_str(&format!("{name}: {value}\n"));
        }
        let _ = std::fs::write(self.0.join("fetched"), text);
        let keep: std::collections::HashSet<&str> = listed.files.values().map(|(_, sha)| sha.as_str()).collect();
        if let Ok(entries) = std::fs::read_dir(self.0.join("files")) {
            for entry in entries.flatten() {
                if !keep.contains(entry.file_name().to_string_lossy().as_ref()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// A published site whose manifest has been read: every read is checked against it.
pub struct Verified<'a> {
    files: HashMap<String, (u64, String)>,
    fetch: &'a dyn Fetch,
    cache: Option<&'a Cache>,
    /// The manifest as read and the validators it came with, for the cache.
    manifest: (Vec<u8>, Vec<(String, String)>),
    /// Requests made of `fetch` (the manifest's included).
    requests: std::sync::atomic::AtomicUsize,
}

/// The problem of one file: its site path, what is wrong (a reason) and the diagnostic's code.
#[derive(Clone, Debug)]
pub struct Problem {
    pub file: String,
    pub reason: String,
    pub code: &'static str,
}

impl Problem {
    /// A file that is refused (`portal-agency-rejected`).
    pub fn rejected(file: &str, reason: String) -> Problem {
        Problem { file: file.to_owned(), reason, code: "portal-agency-rejected" }
    }
}

impl<'a> Verified<'a> {
    /// Reads the manifest through `fetch` (conditionally, when `cache` holds one).
    pub fn open(fetch: &'a dyn Fetch, cache: Option<&'a Cache>) -> Result<Verified<'a>, Problem> {
        let cached = cache.and_then(Cache::load);
        let problem = |reason| Problem::rejected("manifest.json", reason);
        let (bytes, validators) = match fetch.manifest(cached.as_ref()).map_err(problem)? {
            Fetched::New { bytes, validators } => (bytes, validators),
            Fetched::Unchanged => match cached {
                Some(c) => (c.manifest, c.validators),
                None => return Err(problem(reason("máy chủ báo không đổi", "the server said not modified"))),
            },
        };
        let mut verified = Verified::listing(&bytes, fetch, cache)?;
        verified.requests = 1.into();
        verified.manifest = (bytes, validators);
        Ok(verified)
    }

    /// Records in the cache that this manifest, and the files it lists, verified on `date`:
    /// called once everything the portal shows of the agency was read without a problem.
    pub fn remember(&self, date: Date) {
        if let Some(cache) = self.cache {
            cache.store(&self.manifest.0, &self.manifest.1, date, self);
        }
    }

    /// How many requests were made of the fetch (the manifest's included).
    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The last verified data of the cache, read from the cache alone (`fetch` is not asked),
    /// and the date it was fetched.
    pub fn cached(cache: &'a Cache) -> Option<(Verified<'a>, Date)> {
        let cached = cache.load()?;
        let verified = Verified::listing(&cached.manifest, &Nothing, Some(cache)).ok()?;
        Some((verified, cached.fetched))
    }

    fn listing(bytes: &[u8], fetch: &'a dyn Fetch, cache: Option<&'a Cache>) -> Result<Verified<'a>, Problem> {
        let problem = |reason| Problem::rejected("manifest.json", reason);
        let listing: Listing = serde_json::from_slice(bytes).map_err(|e| {
            problem(reason(format!("manifest.json không đọc được: {e}"), format!("manifest.json is malformed: {e}")))
        })?;
        if listing.algorithm != "sha256" {
            let algorithm = &listing.algorithm;
            return Err(problem(reason(
                format!("manifest.json dùng thuật toán `{algorithm}`, cổng chỉ kiểm tra sha256"),
                format!("manifest.json uses the algorithm `{algorithm}`; the portal checks sha256 only"),
            )));
        }
        let files = listing.files.into_iter().map(|f| (f.path, (f.size, f.sha256.to_ascii_lowercase()))).collect();
        Ok(Verified { files, fetch, cache, manifest: (Vec::new(), Vec::new()), requests: 0.into() })
    }

    /// Whether the manifest lists `path`.
    pub fn lists(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The verified bytes of `path`; `Ok(None)` when the manifest does not list it.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some((size, sha)) = self.files.get(path) else { return Ok(None) };
        let problem = |reason| Problem::rejected(path, reason);
        if *size > FILE_BYTES {
            return Err(problem(reason(
                format!("tệp lớn {size} byte, quá giới hạn {FILE_BYTES} byte cổng đọc"),
                format!("the file is {size} bytes, over the portal's limit of {FILE_BYTES} bytes"),
            )));
        }
        let cached = self.cache.filter(|_| self.fetch.prefers_cache());
        if let Some(bytes) = cached.and_then(|c| std::fs::read(c.file(sha)).ok()) {
            if bytes.len() as u64 == *size && sha256(&bytes) == *sha {
                return Ok(Some(bytes));
            }
        }
        self.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let bytes = self.fetch.get(path, *size).map_err(problem)?.ok_or_else(|| {
            problem(reason(
                "manifest.json liệt kê tệp nhưng trang không có tệp này",
                "manifest.json lists the file but the site does not have it",
            ))
        })?;
        check(&bytes, *size, sha).map_err(problem)?;
        if let Some(cache) = self.cache {
            cache.put(sha, &bytes);
        }
        Ok(Some(bytes))
    }
}

/// Checks bytes against the size and SHA-256 a manifest gives.
fn check(bytes: &[u8], size: u64, sha: &str) -> Result<(), String> {
    let (actual, got) = (bytes.len() as u64, sha256(bytes));
    if actual != size || got != sha {
        return Err(reason(
            format!("tệp không khớp manifest.json: {actual} byte, SHA-256 {got}; manifest ghi {size} byte, {sha}"),
            format!("the file does not match manifest.json: {actual} bytes, SHA-256 {got}; the manifest says {size} bytes, {sha}"),
        ));
    }
    Ok(())
}

/// A fetch that has nothing: reading from the cache alone.
struct Nothing;

impl Fetch for Nothing {
    fn get(&self, _: &str, _: u64) -> Result<Option<Vec<u8>>, String> {
        Err(reason("tệp không còn trong bộ nhớ đệm", "the file is no longer in the cache"))
    }
}

/// The cache folder of a portal's output `out`: `.sotay-<name>.cache` beside it.
pub fn cache_beside(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy().into_owned();
    Some(out.with_file_name(format!("{}{name}.cache", crate::write::PREFIX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_inside_the_site() {
        assert!(safe_path("api/index.json").is_ok());
        for bad in ["../x", "/etc/passwd", "a//b", "a/./b", "a\\b", ""] {
            assert!(safe_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_file_must_match_its_size_and_hash() {
        let sha = sha256(b"abc");
        assert!(check(b"abc", 3, &sha).is_ok());
        assert!(check(b"abd", 3, &sha).is_err());
        assert!(check(b"abc", 4, &sha).is_err());
    }
}
