//! Every address of the site, in one place: the output path of each page (`quy-trinh/qt-07/`,
//! `…/lan-02/`, `an-ban/2025/`, `en/…`) and the link to it under the base path. Page modules
//! ask [`Urls`] for the addresses of the pages they link to, so none of them imports another
//! page module for its address.

use crate::config::BaseUrl;
use crate::model::Kind;
use crate::parse::{Document, LegalEntry};
use crate::resolve::citations::Place;
use crate::resolve::editions::{Edition, EditionEntry, Shows};
use crate::resolve::ResolvedManual;

/// URLs of everything in the site, all under the base path.
#[derive(Clone, Debug)]
pub struct Urls {
    pub base: BaseUrl,
}

impl Urls {
    pub fn link(&self, site_path: &str) -> String {
        self.base.link(site_path)
    }

    /// `quy-trinh/qt-07/`
    pub fn document_path(&self, doc: &Document) -> String {
        format!("{}/{}/", doc.kind.section(), doc.slug)
    }

    pub fn document(&self, doc: &Document) -> String {
        self.link(&self.document_path(doc))
    }

    pub fn section(&self, kind: Kind) -> String {
        self.link(&format!("{}/", kind.section()))
    }

    /// `van-ban/19-2014-qd-ttg/`
    pub fn legal_path(&self, entry: &LegalEntry) -> String {
        format!("van-ban/{}/", entry.doc.number.get_ref().slug())
    }

    pub fn legal(&self, entry: &LegalEntry) -> String {
        self.link(&self.legal_path(entry))
    }

    /// `api/quy-trinh/qt-07.json`
    pub fn json_path(&self, doc: &Document) -> String {
        format!("api/{}/{}.json", doc.kind.section(), doc.slug)
    }

    /// `bieu-mau/bm-07-01/BM-07-01.docx`: the output path of a form's file.
    pub fn attachment_path(&self, doc: &Document, name: &str) -> String {
        format!("{}{name}", self.document_path(doc))
    }

    /// The link to a form's file, with the file name percent-encoded (it may hold spaces or
    /// Vietnamese letters).
    pub fn attachment(&self, doc: &Document, name: &str) -> String {
        const RESERVED: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
        let encoded = percent_encoding::utf8_percent_encode(name, RESERVED).to_string();
        self.link(&format!("{}{encoded}", self.document_path(doc)))
    }

    /// `quy-trinh/qt-07/lan-02/`: an earlier issued revision's page.
    pub fn revision_path(&self, doc: &Document, revision: u32) -> String {
        format!("{}lan-{revision:02}/", self.document_path(doc))
    }

    /// `quy-trinh/qt-07/so-sanh/lan-01-lan-02/`: the redline between two revisions.
    pub fn redline_path(&self, doc: &Document, old: u32, new: u32) -> String {
        format!("{}so-sanh/lan-{old:02}-lan-{new:02}/", self.document_path(doc))
    }

    /// `quy-trinh/qt-07/lich-su/`: a document's history.
    pub fn history_path(&self, doc: &Document) -> String {
        format!("{}lich-su/", self.document_path(doc))
    }

    /// The page of revision `revision` of document `index`: the document's own page for the
    /// current revision, the revision's page when history has it, else the document's history
    /// page.
    pub fn revision(&self, resolved: &ResolvedManual, index: usize, revision: u32) -> String {
        let doc = &resolved.manual.documents[index];
        if revision == resolved.displayed_revision(index) {
            self.document(doc)
        } else if has_revision(resolved, index, revision) {
            self.link(&self.revision_path(doc, revision))
        } else if resolved.has_history_page(index) {
            self.link(&self.history_path(doc))
        } else {
            // No page of its own and no history page: its row in the document's amendment table.
            format!("{}#sua-doi", self.document(doc))
        }
    }

    /// The redline from the revision before `revision`, when both are published.
    pub fn redline(&self, resolved: &ResolvedManual, index: usize, revision: u32) -> Option<String> {
        let doc = &resolved.manual.documents[index];
        (revision > 1 && has_revision(resolved, index, revision - 1) && has_revision(resolved, index, revision))
            .then(|| self.link(&self.redline_path(doc, revision - 1, revision)))
    }

    /// `an-ban/2025/`: an edition's home.
    pub fn edition_path(&self, edition: &Edition) -> String {
        format!("an-ban/{}/", edition.name)
    }

    /// `an-ban/2025/quy-trinh/qt-07/`: a document's text in an edition, under the edition.
    pub fn edition_document_path(&self, resolved: &ResolvedManual, edition: &Edition, entry: &EditionEntry) -> String {
        format!("{}{}", self.edition_path(edition), self.document_path(&resolved.manual.documents[entry.document]))
    }

    /// Where an edition shows a document: the revision's page when the site publishes it anyway,
    /// else the page under the edition.
    pub fn edition_entry(&self, resolved: &ResolvedManual, edition: &Edition, entry: &EditionEntry) -> String {
        match entry.shows {
            Shows::Revision => self.revision(resolved, entry.document, entry.revision),
            Shows::Own(_) => self.link(&self.edition_document_path(resolved, edition, entry)),
        }
    }

    /// `en/`: the home of a language's translations.
    pub fn translations_path(&self, lang: &str) -> String {
        format!("{lang}/")
    }

    /// `en/quy-trinh/qt-07/`: translation `t` (a published one, so it has an original).
    pub fn translation_path(&self, resolved: &ResolvedManual, t: usize) -> String {
        let translation = &resolved.manual.translations[t];
        let original = resolved.translations[t].original.expect("published translations have an original");
        format!(
            "{}{}",
            self.translations_path(translation.lang()),
            self.document_path(&resolved.manual.documents[original])
        )
    }

    /// The URL of a place in a document's page (`doc_url`): the step's or section's anchor.
    pub fn place(&self, doc_url: &str, place: &Place) -> String {
        match place {
            Place::LegalBasis => format!("{doc_url}#can-cu-phap-ly"),
            Place::Body { section: Some((id, _)) } => format!("{doc_url}#{id}"),
            Place::Body { section: None } => doc_url.to_owned(),
            Place::Step { number } => format!("{doc_url}#buoc-{number}"),
            Place::Field { name: "conditions" } => format!("{doc_url}#yeu-cau-dieu-kien"),
            Place::Field { name: "dossier" } => format!("{doc_url}#ho-so"),
            Place::Field { name: "fees" } => format!("{doc_url}#cach-thuc"),
            Place::Field { .. } => doc_url.to_owned(),
        }
    }
}

/// Whether the site has a page for revision `revision` of document `index`: the current one, or
/// one the history holds.
fn has_revision(resolved: &ResolvedManual, index: usize, revision: u32) -> bool {
    let doc = &resolved.manual.documents[index];
    revision == doc.meta.revision.as_ref().map_or(0, |r| *r.get_ref())
        || resolved.history.documents.get(index).is_some_and(|h| h.revisions.iter().any(|r| r.number == revision))
}
