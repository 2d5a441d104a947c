//! What resolve keeps for the next resolve of the same manual, when its caller runs it again
//! (`sotay serve` owns a [`ResolveMemo`] in its `pipeline::Cache`): per document, its citations,
//! its problems under the rules, its links and form uses and its history, and the code index.
//! Each entry is taken again only for a document whose content key ([`document_key`]: its path,
//! the digest of its text, its stored bytes' SHA-256 and its kind) is the one it was made for,
//! and only while what else it reads (the codes of the manual, the registry, the configuration,
//! the history read) has the same digest. No pointer identity is involved: a document read and
//! parsed again to the same text gets its results back. [`super::ResolvedManual`] carries none of this.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::{citations, history, validate, xref, Options};
use crate::model::Kind;
use crate::parse::Document;

/// Resolve's results of the last run, for the next (see the module comment).
#[derive(Debug, Default)]
pub struct ResolveMemo {
    /// The options the results were resolved under: other options, nothing is taken.
    pub(super) options: Option<Options>,
    /// Each document's content key, by position, as resolved (after a public build put drafts'
    /// issued revisions in their place).
    pub(super) documents: Vec<u64>,
    pub(super) codes: CodeMemo,
    pub(super) citations: citations::KeptCitations,
    pub(super) checked: validate::Checked,
    pub(super) xrefs: xref::KeptLinks,
    pub(super) history: history::KeptHistories,
}

/// The code index as last made, and what it was made from.
#[derive(Debug, Default)]
pub(super) struct CodeMemo {
    /// Per document (by position): its code key and kind.
    pub per_document: Vec<(Option<String>, Kind)>,
    pub by_code: Arc<BTreeMap<String, usize>>,
    pub unparsed: BTreeSet<String>,
    /// [`super::ResolvedManual`]'s code fingerprint: results that read the codes are taken while it stays.
    pub fingerprint: u64,
}

/// A hash of a value, for keys and fingerprints within one process.
pub(super) fn digest(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A document's content key: what a per-document result is made from (its path, text, stored
/// bytes and kind). The text's digest is worked out once per read ([`crate::load::SourceFile::digest`]).
pub fn document_key(doc: &Document) -> u64 {
    super::deps_inputs::text(&doc.file, doc.kind)
}

/// Every document's content key, by position.
pub(super) fn document_keys(documents: &[Arc<Document>]) -> Vec<u64> {
    use rayon::prelude::*;
    documents.par_iter().map(|doc| document_key(doc)).collect()
}

/// Per position, whether the document has the key it had when `memo` was made.
pub(super) fn same_documents(memo: &ResolveMemo, keys: &[u64]) -> Vec<bool> {
    keys.iter().enumerate().map(|(i, key)| memo.documents.get(i) == Some(key)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;
    use std::path::Path;

    fn document(text: &str) -> Arc<Document> {
        let file = Arc::new(SourceFile::new(Arc::from(Path::new("content/pages/a.md")), text.to_owned(), None));
        match crate::parse::parse_file(Kind::Page, &file) {
            Ok(crate::parse::Parsed::Document(doc)) => doc,
            _ => panic!("the test document parses"),
        }
    }

    #[test]
    fn a_document_parsed_again_from_the_same_text_has_the_same_key() {
        let (a, b) = (document("+++\ntitle = \"A\"\n+++\nText.\n"), document("+++\ntitle = \"A\"\n+++\nText.\n"));
        assert!(!Arc::ptr_eq(&a, &b), "two parses, two allocations");
        assert_eq!(document_key(&a), document_key(&b));
        let other = document("+++\ntitle = \"A\"\n+++\nOther text.\n");
        assert_ne!(document_key(&a), document_key(&other));
    }
}
