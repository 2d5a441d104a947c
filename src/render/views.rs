//! The data templates and the JSON API see. Views are built from the resolved manual once per
//! build; every URL in them already carries the base path, every date is ISO (`2026-01-15`,
//! printed by the `vn_date` filter) and every quantity carries its printed `text`.

use std::sync::Arc;

use serde::Serialize;

use super::Urls;
use crate::i18n::Strings;
use crate::model::document::{Amendment, Announcement, Exclusion, Signoff};
use crate::model::{Audience, Date, IsoClause, Kind, LegalStatus, Status};
use crate::resolve::citations::Place;
use crate::resolve::ResolvedManual;

mod procedure;
pub use procedure::*;

/// A link to a document.
#[derive(Clone, Debug, Serialize)]
pub struct DocRef {
    pub kind: Kind,
    /// The kind's name in the site's language.
    pub kind_name: String,
    pub code: Option<String>,
    pub title: String,
    pub url: String,
    /// The language of the title (and of the document): `vi` for the manual's documents.
    pub lang: String,
}

/// A unit of the agency.
#[derive(Clone, Debug, Serialize)]
pub struct UnitView {
    pub id: String,
    pub name: String,
}

/// A legal basis line of a document.
#[derive(Clone, Debug, Serialize)]
pub struct LegalBasisView {
    pub number: String,
    pub provision: Option<String>,
    /// The registry page, when the number is registered.
    pub url: Option<String>,
    pub type_name: Option<String>,
    pub summary: Option<String>,
    pub issuer: Option<String>,
    pub signed: Option<Date>,
    pub status: Option<LegalStatus>,
    pub status_name: Option<String>,
    /// Whether the registry says where the entry's facts were checked.
    pub verified: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct FormDownload {
    pub form: DocRef,
    pub files: Vec<FileView>,
    /// A form the applicant fills in (a dossier item names it), not one the office uses.
    pub applicant: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct FileView {
    pub name: String,
    pub url: String,
    pub size: u64,
    /// `12,3 KB`.
    pub size_text: String,
    /// `DOCX`, `PDF`, `XLSX`.
    pub format: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FormUseView {
    pub document: DocRef,
    /// Step numbers of that document that use the form, with their anchors.
    pub steps: Vec<StepRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepRef {
    pub number: usize,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FormView {
    pub files: Vec<FileView>,
    pub used_by: Vec<FormUseView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveItemView {
    pub objective: String,
    pub target: String,
    pub owner: Option<UnitView>,
    pub deadline: Option<Date>,
    pub result: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ObjectivesView {
    pub year: i32,
    pub items: Vec<ObjectiveItemView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScopeView {
    pub statement: String,
    pub exclusions: Vec<Exclusion>,
}

/// Everything about one document.
#[derive(Clone, Debug, Serialize)]
pub struct DocView {
    #[serde(flatten)]
    pub reference: DocRef,
    pub slug: String,
    pub controlled: bool,
    pub summary: Option<String>,
    pub revision: Option<u32>,
    pub issued: Option<Date>,
    pub effective: Option<Date>,
    pub status: Option<Status>,
    pub status_name: Option<String>,
    pub audience: Audience,
    /// Drafts and internal documents carry a preview banner.
    pub preview: bool,
    pub owner: Option<UnitView>,
    pub prepared: Option<Signoff>,
    pub reviewed: Option<Signoff>,
    pub approved: Option<Signoff>,
    /// Newest revision first.
    pub amendments: Vec<Amendment>,
    /// Each amendment row's "where", with the sections it names linked to this page's anchors.
    pub amendment_places: Vec<AmendmentPlace>,
    /// What every printed page of a controlled document carries at its top (code, revision,
    /// effective date), as a CSS string for the page's margin boxes.
    pub print_head: Option<String>,
    pub iso_clauses: Vec<IsoClause>,
    pub legal_basis: Vec<LegalBasisView>,
    pub next_review: Option<Date>,
    /// The latest of issued, effective and the amendment dates.
    pub updated: Option<Date>,
    pub body_html: String,
    pub referenced_by: Vec<DocRef>,
    /// Every legal citation the document makes, in order of the registry's numbers.
    pub citations: Vec<CitationView>,
    /// In internal builds: laws cited here that changed after this revision.
    pub review_needed: Vec<crate::resolve::citations::ReviewReason>,
    pub procedure: Option<ProcedureView>,
    pub form: Option<FormView>,
    pub objectives: Option<ObjectivesView>,
    pub scope: Option<ScopeView>,
    pub announcement: Option<Announcement>,
    /// The JSON file for this document.
    pub json_url: String,
    /// The document's history page (controlled documents).
    pub history_url: Option<String>,
    /// Every revision the site has a page for, newest first.
    pub revisions: Vec<RevisionLink>,
    /// A later revision already issued that takes effect after the build date.
    pub upcoming: Option<Upcoming>,
    /// The same document in the current manual and in each edition (empty without editions).
    pub editions: Vec<EditionLink>,
    /// Its published translations, one per language.
    pub translations: Vec<TranslationLink>,
}

/// A revision issued but not yet in force.
/// An amendment row's "where" as HTML: "Mục <a href=\"#muc-5-4\">5.4</a>".
#[derive(Clone, Debug, Serialize)]
pub struct AmendmentPlace {
    pub revision: u32,
    pub section: String,
    pub html: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Upcoming {
    pub revision: u32,
    pub effective: Date,
    /// Its page, when it has one apart from this one.
    pub url: Option<String>,
}

pub fn unit_view(resolved: &ResolvedManual, id: &str) -> UnitView {
    let name = resolved.manual.config.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    UnitView { id: id.to_owned(), name }
}

pub fn doc_ref(resolved: &ResolvedManual, urls: &Urls, index: usize) -> DocRef {
    doc_ref_in(resolved, urls, index, resolved.manual.ui())
}

/// [`doc_ref`] with the kind named in the language of `strings`.
pub fn doc_ref_in(resolved: &ResolvedManual, urls: &Urls, index: usize, strings: &Strings) -> DocRef {
    let doc = &resolved.manual.documents[index];
    DocRef {
        kind: doc.kind,
        kind_name: strings.kind(doc.kind).to_owned(),
        code: doc.code().map(str::to_owned),
        title: doc.title().to_owned(),
        url: urls.document(doc),
        lang: crate::i18n::ORIGINAL.to_owned(),
    }
}

/// `12,3 KB` for a byte count.
pub fn size_text(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let (value, unit) =
        if bytes < 1024 * 1024 { (bytes as f64 / 1024.0, "KB") } else { (bytes as f64 / (1024.0 * 1024.0), "MB") };
    format!("{value:.1} {unit}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_print_with_a_decimal_comma() {
        assert_eq!(size_text(900), "900 B");
        assert_eq!(size_text(12_595), "12,3 KB");
        assert_eq!(size_text(3 * 1024 * 1024), "3,0 MB");
    }
}

/// A link to one revision, for the revision list of a document.
#[derive(Clone, Debug, Serialize)]
pub struct RevisionLink {
    pub number: u32,
    pub url: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub redline_url: Option<String>,
    pub current: bool,
    /// A revision this build withholds (it was internal, or never issued): only its number is
    /// shown, "not public", and `url` is the document's history page.
    pub withheld: bool,
}

/// A link from a document page to the same document in one edition (or the current manual).
#[derive(Clone, Debug, Serialize)]
pub struct EditionLink {
    pub title: String,
    pub url: String,
    /// The revision the document had there; none when the edition does not hold it.
    pub revision: Option<u32>,
    /// Whether the page being read shows this edition's text of the document.
    pub here: bool,
}

/// A link from a document to one of its translations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TranslationLink {
    pub lang: String,
    /// The language's name in that language: "English".
    pub lang_name: String,
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    pub translates_revision: u32,
    /// The original's revision in force, when the translation is of an earlier one.
    pub out_of_date: Option<u32>,
}

/// A citation made by a document, for its page's JSON.
#[derive(Clone, Debug, Serialize)]
pub struct CitationView {
    pub number: String,
    pub provision: Option<String>,
    pub url: String,
    pub place: Place,
    /// `Căn cứ pháp lý`, `Mục 5.1 …`, `Bước 3`.
    pub place_name: String,
}

/// The views of the published documents (in document order) and their indices.
#[derive(Clone, Debug, Default)]
pub struct DocViews {
    pub indices: Vec<usize>,
    pub views: Vec<Arc<DocView>>,
}

impl DocViews {
    pub fn get(&self, index: usize) -> Option<&DocView> {
        self.shared(index).map(|v| &**v)
    }

    /// The view of document `index`, to share with a later rebuild.
    pub fn shared(&self, index: usize) -> Option<&Arc<DocView>> {
        self.indices.binary_search(&index).ok().map(|at| &self.views[at])
    }
}

/// The same page in another language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub url: String,
}

/// A breadcrumb.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Crumb {
    pub name: String,
    pub url: String,
}
