//! The search index for the site's own search page (`tim-kiem/`): every published document and
//! every legal registry entry a citizen may look for ([`docs`]), cut into Vietnamese syllables
//! ([`tokens`]) and written as postings ([`files`]) that the search page loads only when a reader
//! searches. Scripts rather than JSON, so search also loads from `file://`, where browsers refuse
//! to fetch files; URLs are site paths, which the page turns into links relative to itself.
//!
//! Ranking happens in the browser (themes/default/static/search.js): every query word found
//! counts by the weight of the field it is in, documents holding more of the query's words come
//! first, exact diacritics and words side by side count more, a one-letter typo still finds, and
//! function words ("thủ tục", "của", "xin"…) only break ties. Internal and draft documents are
//! never here in a public build: only published views are indexed.

pub mod docs;
pub mod files;
pub mod tokens;

use super::views::DocView;
use super::views::DocViews;
use super::Urls;
use crate::resolve::ResolvedManual;

/// The folder of the index's files.
pub const FOLDER: &str = "tim-kiem/";
/// The output path of the index (or, for a large site, of its manifest).
pub const INDEX_PATH: &str = "tim-kiem/index.js";

/// Whether `path` is one of the index's files (the manifest or a part).
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(FOLDER).is_some_and(|name| name.ends_with(".js") && !name.contains('/'))
}

/// What the index holds of a document, as JSON: a rebuild writes the index again only when this
/// changes for a stale document. The forms its dossier names are part of it: they weigh more.
pub fn projection(view: &DocView) -> String {
    let entry = docs::document(view, view.reference.url.clone(), &[]);
    let items = view.procedure.iter().flat_map(|p| &p.dossier).flat_map(|g| &g.items);
    let forms: Vec<&str> = items.filter_map(|i| i.form.as_ref()?.code.as_deref()).collect();
    serde_json::to_string(&(entry, &view.translations, forms)).unwrap_or_default()
}

/// The index's files (`tim-kiem/index.js` and, for a large site, its parts) for the published
/// documents and the legal registry.
pub fn index(resolved: &ResolvedManual, urls: &Urls, views: &DocViews) -> Vec<(String, Vec<u8>)> {
    let dossier_forms = docs::dossier_forms(&views.views);
    let mut found = Vec::with_capacity(views.views.len() + resolved.manual.legal.len());
    for (view, &i) in views.views.iter().zip(&views.indices) {
        found.push(docs::document(view, urls.document_path(&resolved.manual.documents[i]), &dossier_forms));
        for link in &view.translations {
            let kind = resolved.manual.catalog.or_reference(&link.lang).kind(view.reference.kind);
            let path = link.url.strip_prefix(&urls.base.path).unwrap_or(&link.url).to_owned();
            found.push(docs::translation(view, link, path, kind));
        }
    }
    for entry in &resolved.manual.legal {
        found.push(docs::legal(entry, urls.legal_path(entry)));
    }
    files::files(&found, FOLDER)
}
