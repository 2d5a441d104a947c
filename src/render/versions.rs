//! The links a document's page shows to its other versions: every issued revision (with its
//! redline), a revision issued but not yet in force, and the same document in each edition.
//! Built for the document's view (`doc_view`); the pages of those versions (`history_pages`,
//! `edition_pages`) build their views with `doc_view` in turn, so these links live here and
//! not in the page modules.

use super::views::{EditionLink, RevisionLink, Upcoming};
use super::Urls;
use crate::parse::Document;
use crate::resolve::editions::{Edition, EditionEntry, Shows};
use crate::resolve::ResolvedManual;

/// The revision number a document's front matter states (0 without one).
pub(super) fn current_revision(doc: &Document) -> u32 {
    doc.meta.revision.as_ref().map_or(0, |r| *r.get_ref())
}

/// A later revision of `doc` (the one shown) that is issued but not yet in force.
pub fn upcoming(resolved: &ResolvedManual, urls: &Urls, index: usize, shown: &Document) -> Option<Upcoming> {
    let current = &resolved.manual.documents[index];
    let effective = *current.meta.effective.as_ref()?.get_ref();
    if effective <= resolved.options.date || current_revision(shown) != resolved.displayed_revision(index) {
        return None;
    }
    let revision = current_revision(current);
    let own_page = resolved.revision_in_force(index).is_some();
    Some(Upcoming { revision, effective, url: own_page.then(|| urls.link(&urls.revision_path(current, revision))) })
}

/// Every revision of a document the site has a page for, and every one it withholds, newest
/// first.
pub fn revision_links(resolved: &ResolvedManual, urls: &Urls, index: usize) -> Vec<RevisionLink> {
    let doc = &resolved.manual.documents[index];
    let current = current_revision(doc);
    let mut numbers: Vec<u32> = resolved
        .history
        .documents
        .get(index)
        .map(|h| h.revisions.iter().map(|r| r.number).collect())
        .unwrap_or_default();
    numbers.push(current);
    numbers.extend(resolved.withheld(index).iter().map(|w| w.number));
    numbers.sort_unstable_by(|a, b| b.cmp(a));
    numbers.dedup();
    numbers
        .into_iter()
        .map(|number| {
            if number != current && resolved.revision_withheld(index, number) {
                return RevisionLink {
                    number,
                    url: urls.link(&urls.history_path(doc)),
                    date: None,
                    summary: None,
                    redline_url: None,
                    current: false,
                    withheld: true,
                };
            }
            let row = resolved.amendments(index, doc).find(|a| a.revision == number);
            RevisionLink {
                number,
                url: urls.revision(resolved, index, number),
                date: row.map(|a| a.date),
                summary: row.map(|a| a.summary.clone()),
                redline_url: urls.redline(resolved, index, number),
                current: number == resolved.displayed_revision(index),
                withheld: false,
            }
        })
        .collect()
}

/// Whether a build publishes an edition's entry: its document is published now.
pub(super) fn shown(resolved: &ResolvedManual, entry: &EditionEntry) -> bool {
    resolved.published[entry.document]
}

/// The visible entry of document `index` in an edition (entries are in document order).
fn entry_of<'a>(resolved: &ResolvedManual, edition: &'a Edition, index: usize) -> Option<&'a EditionEntry> {
    let at = edition.entries.binary_search_by_key(&index, |e| e.document).ok()?;
    let entry = &edition.entries[at];
    shown(resolved, entry).then_some(entry)
}

/// The switcher of document `index` when its page shows revision `shown` (and, for a page under
/// an edition, which edition): the current manual first, then every edition, newest first.
pub fn edition_links(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    shown: u32,
    under: Option<&str>,
) -> Vec<EditionLink> {
    let editions = &resolved.history.editions;
    if editions.is_empty() {
        return Vec::new();
    }
    let doc = &resolved.manual.documents[index];
    let displayed = resolved.displayed_revision(index);
    let mut links = vec![EditionLink {
        title: resolved.manual.ui().get("editions.current").to_owned(),
        url: urls.document(doc),
        revision: Some(displayed),
        here: under.is_none() && shown == displayed,
    }];
    for edition in editions {
        let entry = entry_of(resolved, edition, index);
        links.push(EditionLink {
            title: edition.title.clone(),
            url: entry
                .map_or_else(|| urls.link(&urls.edition_path(edition)), |e| urls.edition_entry(resolved, edition, e)),
            revision: entry.map(|e| e.revision),
            here: entry.is_some_and(|e| match e.shows {
                Shows::Own(_) => under == Some(edition.name.as_str()),
                Shows::Revision => under.is_none() && e.revision == shown,
            }),
        });
    }
    links
}
