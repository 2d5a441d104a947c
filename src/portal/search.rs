//! One search across every agency: the agencies' own search indexes (`tim-kiem/`, see
//! `render::search`) read back into their documents, each entry's page moved under the agency's
//! address (its slug in the portal, or a published site's own address) and marked with the
//! agency (`a`: its name as readers know it, `p`: its slug), and written again as the portal's
//! index, so the portal's search page (`tim-kiem/`) uses the same script, folding and ranking as
//! an agency's.

use super::summary::AgencySummary;
use crate::render::search::docs::SearchDoc;
use crate::render::search::{files, FOLDER};

/// An agency's entries, each page's site path prefixed with `prefix` (the agency's address
/// relative to the portal's, or absolute) and marked with the agency.
pub fn mark(docs: Vec<SearchDoc>, summary: &AgencySummary, prefix: &str, slug: &str) -> Vec<SearchDoc> {
    let name = summary.short_name.clone().unwrap_or_else(|| summary.name.clone());
    docs.into_iter()
        .map(|mut doc| {
            doc.u = format!("{prefix}{}", doc.u);
            doc.a = Some(name.clone());
            doc.p = Some(slug.to_owned());
            doc
        })
        .collect()
}

/// The portal's index files, of every agency's entries (in the portal's order).
pub fn index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    files::files(docs, FOLDER)
}
