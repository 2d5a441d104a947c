//! One search across every agency: the agencies' own search indexes (`tim-kiem/`, see
//! `render::search`) read back into their documents, each entry's page moved under its agency's
//! slug and marked with the agency (`a`: its name as readers know it, `p`: its slug), and written
//! again as the portal's index, so the portal's search page (`tim-kiem/`) uses the same script,
//! folding and ranking as an agency's.

use super::agency::AgencyResult;
use crate::render::search::{files, FOLDER};
use crate::render::Output;

/// The portal's index files; an agency whose index cannot be read is left out (its pages are
/// then reported as unreadable elsewhere).
pub fn index(results: &[AgencyResult]) -> Vec<(String, Vec<u8>)> {
    let mut docs = Vec::new();
    for r in results {
        let Some(summary) = &r.summary else { continue };
        let name = summary.short_name.clone().unwrap_or_else(|| summary.name.clone());
        let folder = format!("{}/{FOLDER}", r.entry.slug);
        let file = |path: &str| r.files.iter().find(|(p, _)| *p == path).and_then(|(_, output)| bytes(output));
        let Some(found) = files::read_docs(&folder, file) else { continue };
        for mut doc in found {
            doc.u = format!("{}/{}", r.entry.slug, doc.u);
            doc.a = Some(name.clone());
            doc.p = Some(r.entry.slug.clone());
            docs.push(doc);
        }
    }
    files::files(&docs, FOLDER)
}

fn bytes(output: &Output) -> Option<Vec<u8>> {
    match output {
        Output::Bytes(bytes) => Some(bytes.to_vec()),
        Output::Copy(path) => crate::read::read_published(path).ok(),
        Output::Staged { .. } => None,
    }
}
