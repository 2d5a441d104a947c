//! `manifest.json`: the SHA-256 of every published file and of every published revision's source
//! text, so anyone can check that a downloaded form or page is the one the agency published.
//! Sorted by path, so identical inputs give identical manifests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Output, Site};

/// One published file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// The source text of one published revision of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceEntry {
    pub code: String,
    pub revision: u32,
    /// The file in the manual, and the commit it was read from (none for the working copy).
    pub file: String,
    pub commit: Option<String>,
    pub sha256: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    algorithm: &'static str,
    files: &'a [FileEntry],
    sources: &'a [SourceEntry],
}

/// The hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A source entry's identity: code, revision, file and commit.
pub type SourceKey = (String, u32, String, Option<String>);

/// The file and source entries of a manifest this module wrote, by path and by identity (none
/// when it does not parse).
pub fn read_entries(bytes: &[u8]) -> (BTreeMap<String, FileEntry>, BTreeMap<SourceKey, String>) {
    #[derive(Deserialize)]
    struct Entries {
        files: Vec<FileEntry>,
        sources: Vec<SourceEntry>,
    }
    let Ok(entries) = serde_json::from_slice::<Entries>(bytes) else { return Default::default() };
    let files = entries.files.into_iter().map(|f| (f.path.clone(), f)).collect();
    let sources = entries.sources.into_iter().map(|s| ((s.code, s.revision, s.file, s.commit), s.sha256)).collect();
    (files, sources)
}

/// The manifest of `site` (all its files but the manifest itself) and of `sources`. A copied file
/// that cannot be read is listed without a hash; writing the site will report it. `known` holds
/// entries of files whose bytes are known to be unchanged since they were hashed.
pub fn manifest(site: &Site, sources: &mut [SourceEntry], known: &BTreeMap<String, FileEntry>) -> Vec<u8> {
    use rayon::prelude::*;
    let outputs: Vec<(&String, &Output)> =
        site.files.iter().filter(|(path, _)| path.as_str() != "manifest.json").collect();
    let files: Vec<FileEntry> = outputs
        .par_iter()
        .map(|&(path, output)| {
            if let Some(entry) = known.get(path) {
                return entry.clone();
            }
            let bytes = match output {
                Output::Bytes(bytes) => std::borrow::Cow::Borrowed(&bytes[..]),
                Output::Copy(disk) => std::borrow::Cow::Owned(std::fs::read(disk).unwrap_or_default()),
            };
            FileEntry { path: path.clone(), size: bytes.len() as u64, sha256: sha256(&bytes) }
        })
        .collect();
    sources.sort_by(|a, b| (&a.code, a.revision).cmp(&(&b.code, b.revision)));
    let manifest = Manifest { algorithm: "sha256", files: &files, sources };
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("the manifest serialises");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_the_standard_sha256() {
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn lists_every_file_but_itself_in_order() {
        let mut site = Site::default();
        site.files.insert("b.html".into(), Output::Bytes(b"b".to_vec().into()));
        site.files.insert("a.html".into(), Output::Bytes(b"a".to_vec().into()));
        site.files.insert("manifest.json".into(), Output::Bytes(b"{}".to_vec().into()));
        let json: serde_json::Value = serde_json::from_slice(&manifest(&site, &mut [], &BTreeMap::new())).unwrap();
        let paths: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["a.html", "b.html"]);
        assert_eq!(json["files"][0]["sha256"], sha256(b"a"));
    }
}
