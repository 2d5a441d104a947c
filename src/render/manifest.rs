//! `manifest.json`: the SHA-256 of every published file and of every published revision's source
//! text, so anyone can check that a downloaded form or page is the one the agency published.
//! Sorted by path, so identical inputs give identical manifests.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Output, Site};
use crate::digest::sha256;
use crate::load::SourceFile;

/// A file as a `manifest.json` lists it, read back: the previous output's (to link unchanged
/// files) and a published agency's (to verify what a portal reads).
#[derive(Clone, Debug, Deserialize)]
pub struct Listed {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// One published file, with its entry as it appears in the manifest (JSON), written once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    json: String,
}

impl FileEntry {
    fn new(path: String, bytes: &[u8]) -> FileEntry {
        FileEntry::listed(path, bytes.len() as u64, sha256(bytes))
    }

    /// The entry of a file whose size and hash are known.
    fn listed(path: String, size: u64, sha256: String) -> FileEntry {
        let json = format!(
            "    {{\n      \"path\": {},\n      \"size\": {size},\n      \"sha256\": \"{sha256}\"\n    }}",
            string(&path)
        );
        FileEntry { path, size, sha256, json }
    }
}

/// The source text of one published revision of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceEntry {
    pub code: String,
    pub revision: u32,
    /// The file in the manual, and the commit it was read from (none for the working copy).
    pub file: String,
    pub commit: Option<String>,
    pub sha256: String,
}

fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// One document's source entries (its working copy's, then its earlier revisions'), each
/// with its text in the manifest, written once.
#[derive(Debug)]
pub struct DocSources {
    /// The working copy the entries were made for.
    file: Arc<SourceFile>,
    entries: Vec<(SourceEntry, String)>,
}

impl DocSources {
    pub fn new(file: Arc<SourceFile>, entries: Vec<SourceEntry>) -> DocSources {
        let entries = entries
            .into_iter()
            .map(|entry| {
                // As the entry appears in the manifest's "sources" array, two levels in.
                let json = serde_json::to_string_pretty(&entry).unwrap_or_default().replace('\n', "\n    ");
                (entry, format!("    {json}"))
            })
            .collect();
        DocSources { file, entries }
    }

    /// Whether these are the entries of a working copy with the same path and content.
    pub fn is_for(&self, file: &SourceFile) -> bool {
        self.file.digest() == file.digest()
    }
}

/// A manifest's entries, kept so that the next rebuild hashes and writes out only the files
/// that changed.
#[derive(Clone, Debug, Default)]
pub struct Entries {
    /// Sorted by path, as the site's files are.
    files: Vec<Arc<FileEntry>>,
    /// Per document (by index), its source entries, when it has any.
    sources: Vec<Option<Arc<DocSources>>>,
}

impl Entries {
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.binary_search_by(|e| e.path.as_str().cmp(path)).ok().map(|i| &*self.files[i])
    }

    /// The source entries of document `index`.
    pub fn sources_of(&self, index: usize) -> Option<&Arc<DocSources>> {
        self.sources.get(index)?.as_ref()
    }
}

/// The manifest of `site` (all its files but the manifest itself) and of `sources` (per
/// document), with its entries. A copied file that cannot be read is listed without a hash;
/// writing the site will report it. With `previous` (the last render's site and entries), a file
/// that is the same output as before — the same bytes kept, or a copy of the same file — keeps
/// its entry.
pub fn manifest(
    site: &Site,
    sources: Vec<Option<Arc<DocSources>>>,
    previous: Option<(&Site, &Entries)>,
) -> (Vec<u8>, Entries) {
    use rayon::prelude::*;
    let outputs: Vec<(&String, &Output)> = site.files.iter().filter(|(path, _)| path.as_str() != MANIFEST).collect();
    let t = crate::timings::span("manifest: known");
    let known = previous.map(|(site, entries)| known_entries(&outputs, site, entries)).unwrap_or_default();
    drop(t);
    let t = crate::timings::span("manifest: hash");
    let files: Vec<Arc<FileEntry>> = outputs
        .par_iter()
        .enumerate()
        .map(|(i, &(path, output))| {
            if let Some(Some(entry)) = known.get(i) {
                return entry.clone();
            }
            let bytes = match output {
                Output::Bytes(bytes) => std::borrow::Cow::Borrowed(&bytes[..]),
                Output::Copy(disk) => std::borrow::Cow::Owned(crate::read::read_published(disk).unwrap_or_default()),
                Output::Staged { size, sha256 } => {
                    return Arc::new(FileEntry::listed(path.clone(), *size, sha256.clone()))
                }
            };
            Arc::new(FileEntry::new(path.clone(), &bytes))
        })
        .collect();
    drop(t);
    let t = crate::timings::span("manifest: json");
    // By code and revision; a stable sort, so ties stay in document order.
    let mut listed: Vec<&(SourceEntry, String)> = sources.iter().flatten().flat_map(|doc| &doc.entries).collect();
    listed.sort_by(|(a, _), (b, _)| (&a.code, a.revision).cmp(&(&b.code, b.revision)));
    let files_len = files.iter().map(|f| f.json.len() + 2).sum::<usize>();
    let sources_len = listed.iter().map(|(_, json)| json.len() + 2).sum::<usize>();
    let mut bytes = Vec::with_capacity(files_len + sources_len + 96);
    bytes.extend_from_slice(b"{\n  \"algorithm\": \"sha256\",\n  \"files\": [");
    for (i, file) in files.iter().enumerate() {
        bytes.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        bytes.extend_from_slice(file.json.as_bytes());
    }
    bytes.extend_from_slice(if files.is_empty() { b"]" } else { b"\n  ]" });
    bytes.extend_from_slice(b",\n  \"sources\": [");
    for (i, (_, json)) in listed.iter().enumerate() {
        bytes.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        bytes.extend_from_slice(json.as_bytes());
    }
    bytes.extend_from_slice(if listed.is_empty() { b"]" } else { b"\n  ]" });
    bytes.extend_from_slice(b"\n}\n");
    drop(t);
    (bytes, Entries { files, sources })
}

/// The manifest itself, which lists every file but itself.
const MANIFEST: &str = "manifest.json";

/// Per output, its entry in `previous` when the output is the same as the previous site's at
/// that path. Both lists are in path order, so one walk through each finds them.
fn known_entries(outputs: &[(&String, &Output)], previous: &Site, entries: &Entries) -> Vec<Option<Arc<FileEntry>>> {
    let mut before = previous.files.iter().filter(|(path, _)| path.as_str() != MANIFEST).peekable();
    let mut listed = entries.files.iter().peekable();
    outputs
        .iter()
        .map(|&(path, output)| {
            while before.next_if(|(p, _)| p.as_str() < path.as_str()).is_some() {}
            while listed.next_if(|e| e.path.as_str() < path.as_str()).is_some() {}
            let (_, old) = before.next_if(|(p, _)| *p == path)?;
            let same = match (old, output) {
                // A kept file is the same buffer: compared by pointer first (`Arc<[u8]>`'s `==`
                // compares every byte — its pointer shortcut is only for sized types), else by content.
                (Output::Bytes(a), Output::Bytes(b)) => std::sync::Arc::ptr_eq(a, b) || a == b,
                (Output::Copy(a), Output::Copy(b)) => a == b,
                _ => false,
            };
            let entry = listed.next_if(|e| e.path == *path)?;
            same.then(|| entry.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The "sources" array as serde writes it, pretty and two levels in, which the entries'
    /// own texts put together must give.
    #[test]
    fn sources_are_listed_as_serde_writes_them_sorted_by_code_and_revision() {
        let entry = |code: &str, revision, commit: Option<&str>| SourceEntry {
            code: code.into(),
            revision,
            file: format!("content/procedures/{code}.md"),
            commit: commit.map(str::to_owned),
            sha256: sha256(code.as_bytes()),
        };
        let file = |name: &str| Arc::new(SourceFile::new(Arc::from(std::path::Path::new(name)), String::new(), None));
        let sources = vec![
            Some(Arc::new(DocSources::new(file("b"), vec![entry("QT-02", 2, None), entry("QT-02", 1, Some("ab\"c"))]))),
            None,
            Some(Arc::new(DocSources::new(file("a"), vec![entry("QT-01", 1, None)]))),
        ];
        let (bytes, _) = manifest(&Site::default(), sources, None);
        let expected = vec![entry("QT-01", 1, None), entry("QT-02", 1, Some("ab\"c")), entry("QT-02", 2, None)];
        let pretty = serde_json::to_string_pretty(&expected).unwrap().replace('\n', "\n  ");
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, format!("{{\n  \"algorithm\": \"sha256\",\n  \"files\": [],\n  \"sources\": {pretty}\n}}\n"));
        let (empty, _) = manifest(&Site::default(), Vec::new(), None);
        assert!(String::from_utf8(empty).unwrap().ends_with("\"files\": [],\n  \"sources\": []\n}\n"));
    }

    #[test]
    fn lists_every_file_but_itself_in_order() {
        let mut site = Site::default();
        site.files.insert("b.html".into(), Output::Bytes(b"b".to_vec().into()));
        site.files.insert("a.html".into(), Output::Bytes(b"a".to_vec().into()));
        site.files.insert("manifest.json".into(), Output::Bytes(b"{}".to_vec().into()));
        let json: serde_json::Value = serde_json::from_slice(&manifest(&site, Vec::new(), None).0).unwrap();
        let paths: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["a.html", "b.html"]);
        assert_eq!(json["files"][0]["sha256"], sha256(b"a"));
    }
}
