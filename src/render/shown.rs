//! What site-wide pages show of each document, as digests for the dependency index
//! (`resolve::deps`, [`Part`]): each list, the home page, the change page and feed, the JSON
//! index, the editions, the search index, the languages' indexes and the oversight pages show
//! only part of a document (a projection of its view). Render digests those parts for the
//! documents it made views of; the index then says which site-wide pages show a part that
//! changed.

use std::collections::BTreeMap;
use std::hash::Hasher;

use rayon::prelude::*;
use serde::Serialize;

use super::list_items::ListItem;
use super::views::{DocView, DocViews};
use crate::resolve::deps::{Part, Shown, NOT_SHOWN};

/// The shown digests of `documents` (by position): [`NOT_SHOWN`] for one without a view (not
/// published).
pub fn digests(views: &DocViews, documents: &[usize]) -> BTreeMap<usize, Shown> {
    documents.par_iter().map(|&i| (i, views.get(i).map_or(NOT_SHOWN, of_view))).collect()
}

/// One view's digests, in the order of [`Part::ALL`]. The whole view is written out once, for
/// both the whole and the oversight part (everything but the rendered body).
fn of_view(view: &DocView) -> Shown {
    let mut whole = serde_json::to_value(view).unwrap_or_default();
    let whole_digest = digest(&whole);
    if let Some(fields) = whole.as_object_mut() {
        fields.remove("body_html");
    }
    let oversight = digest(&whole);
    Part::ALL.map(|part| match part {
        Part::ListItem => digest(&ListItem::of(view)),
        Part::Changes => digest(&(&view.reference, &view.amendments, &view.revisions, &view.upcoming)),
        Part::Index => index_part(view),
        Part::Editions => digest(&(&view.reference, &view.revisions, &view.editions)),
        Part::Search => digest(&super::search::projection(view)),
        Part::Translations => digest(&(&view.reference, &view.translations)),
        Part::Oversight => oversight,
        Part::Whole => whole_digest,
    })
}

/// A digest of a value's JSON, never [`NOT_SHOWN`]'s 0 (a value that cannot be written is 1).
fn digest(value: &impl Serialize) -> u64 {
    struct Feed(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for Feed {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut feed = Feed(std::collections::hash_map::DefaultHasher::new());
    match serde_json::to_writer(&mut feed, value) {
        Ok(()) => feed.0.finish().max(2),
        Err(_) => 1,
    }
}

/// What `api/index.json` lists of a document.
fn index_part(view: &DocView) -> u64 {
    let tthc = view.procedure.as_ref().map(|p| &p.tthc_code);
    digest(&(
        &view.translations,
        &view.reference,
        &view.json_url,
        view.revision,
        view.status,
        view.issued,
        view.effective,
        view.updated,
        &view.summary,
        tthc,
    ))
}
