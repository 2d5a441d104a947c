//! The data templates and the JSON API see. Views are built from the resolved manual once per
//! build; every URL in them already carries the base path, every date is ISO (`2026-01-15`,
//! printed by the `vn_date` filter) and every quantity carries its printed `text`.

use serde::Serialize;

use super::Urls;
use crate::model::document::{Amendment, Announcement, Exclusion, Signoff};
use crate::model::procedure::{Level, MethodKind, OnlineService};
use crate::model::{Audience, Date, Duration, IsoClause, Kind, LegalStatus, Money, Status};
use crate::parse::LegalEntry;
use crate::resolve::citations::Place;
use crate::resolve::legal::{Relation, Target};
use crate::resolve::ResolvedManual;

/// A link to a document.
#[derive(Clone, Debug, Serialize)]
pub struct DocRef {
    pub kind: Kind,
    pub kind_name: &'static str,
    pub code: Option<String>,
    pub title: String,
    pub url: String,
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
    pub status_name: Option<&'static str>,
    /// Whether the registry says where the entry's facts were checked.
    pub verified: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct MethodView {
    pub kind: MethodKind,
    pub name: &'static str,
    pub time_limit: Duration,
    pub fee: Money,
    pub fee_note: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DossierItemView {
    pub name: String,
    pub form: Option<DocRef>,
    pub originals: u32,
    pub copies: u32,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DossierGroupView {
    pub case: Option<String>,
    pub items: Vec<DossierItemView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepView {
    pub number: usize,
    /// The step's anchor on the procedure page, `buoc-3`.
    pub anchor: String,
    pub task: String,
    /// The task as HTML, with its legal citations linked.
    pub task_html: String,
    pub unit: UnitView,
    pub time: Option<Duration>,
    pub form: Option<DocRef>,
    pub result: Option<String>,
    /// Names of the methods the step applies to; empty means all.
    pub methods: Vec<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecordView {
    pub name: String,
    pub kept_by: UnitView,
    pub retention: String,
    pub form: Option<DocRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProcedureView {
    pub tthc_code: Option<String>,
    pub local_code: Option<String>,
    pub announced_by: Option<String>,
    pub level: Option<Level>,
    pub level_name: Option<&'static str>,
    pub field: Option<String>,
    pub applicants: Option<String>,
    pub agency: Option<String>,
    pub where_to_submit: Option<String>,
    pub result: Option<String>,
    pub dossier_count: Option<String>,
    pub online: Option<OnlineService>,
    pub online_name: Option<&'static str>,
    pub conditions: Vec<String>,
    /// The conditions as HTML, with their legal citations linked.
    pub conditions_html: Vec<String>,
    pub methods: Vec<MethodView>,
    pub dossier: Vec<DossierGroupView>,
    pub steps: Vec<StepView>,
    pub records: Vec<RecordView>,
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
    pub status_name: Option<&'static str>,
    pub audience: Audience,
    /// Drafts and internal documents carry a preview banner.
    pub preview: bool,
    pub owner: Option<UnitView>,
    pub prepared: Option<Signoff>,
    pub reviewed: Option<Signoff>,
    pub approved: Option<Signoff>,
    /// Newest revision first.
    pub amendments: Vec<Amendment>,
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
    pub revisions: Vec<super::history_pages::RevisionLink>,
    /// A later revision already issued that takes effect after the build date.
    pub upcoming: Option<Upcoming>,
}

/// A revision issued but not yet in force.
#[derive(Clone, Debug, Serialize)]
pub struct Upcoming {
    pub revision: u32,
    pub effective: Date,
    /// Its page, when it has one apart from this one.
    pub url: Option<String>,
}

/// A legal registry entry as shown on its page and in lists.
#[derive(Clone, Debug, Serialize)]
pub struct LegalView {
    pub number: String,
    pub slug: String,
    pub url: String,
    pub type_name: String,
    pub issuer: String,
    pub summary: String,
    pub signed: Date,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    pub status: LegalStatus,
    pub status_name: &'static str,
    pub signer: Option<String>,
    pub source: Option<String>,
    pub verified: Option<crate::model::legal::Verification>,
    pub note: Option<String>,
    pub relations: Vec<RelationView>,
    pub articles: Vec<crate::model::legal::Article>,
    /// The published documents citing it, once each.
    pub cited_by: Vec<DocRef>,
    /// Where it is cited, grouped by provision (the whole document first).
    pub citations: Vec<ProvisionCitations>,
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

/// The places citing one provision of a legal document.
#[derive(Clone, Debug, Serialize)]
pub struct ProvisionCitations {
    /// `khoản 6 Điều 4`, or null for citations of the whole document.
    pub provision: Option<String>,
    /// The article's anchor on the legal document's page, when the registry lists it.
    pub anchor: Option<String>,
    pub sites: Vec<CiteSiteView>,
}

/// A document citing a legal document, with the places it does so.
#[derive(Clone, Debug, Serialize)]
pub struct CiteSiteView {
    pub document: DocRef,
    pub places: Vec<PlaceView>,
}

/// A place in a document: its legal basis, a section, a step.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceView {
    pub place: Place,
    pub place_name: String,
    /// The document's page at the place (the step or section).
    pub url: String,
}

/// How a place in a document is named to readers.
pub fn place_name(place: &Place) -> String {
    match place {
        Place::LegalBasis => "Căn cứ pháp lý".to_owned(),
        Place::Body { section: Some((_, title)) } => title.clone(),
        Place::Body { section: None } => "Nội dung".to_owned(),
        Place::Step { number } => format!("Bước {number}"),
        Place::Field { name: "conditions" } => "Điều kiện thực hiện".to_owned(),
        Place::Field { name: "dossier" } => "Thành phần hồ sơ".to_owned(),
        Place::Field { name } => (*name).to_owned(),
    }
}

/// The URL of a place in a document's page.
pub fn place_url(doc_url: &str, place: &Place) -> String {
    match place {
        Place::LegalBasis => format!("{doc_url}#can-cu-phap-ly"),
        Place::Body { section: Some((id, _)) } => format!("{doc_url}#{id}"),
        Place::Body { section: None } => doc_url.to_owned(),
        Place::Step { number } => format!("{doc_url}#buoc-{number}"),
        Place::Field { name: "conditions" } => format!("{doc_url}#yeu-cau-dieu-kien"),
        Place::Field { name: "dossier" } => format!("{doc_url}#ho-so"),
        Place::Field { .. } => doc_url.to_owned(),
    }
}

/// A relation to another legal document, e.g. "Thay thế: 19/2014/QĐ-TTg".
#[derive(Clone, Debug, Serialize)]
pub struct RelationView {
    pub kind: Relation,
    /// The relation in Vietnamese, e.g. "Được thay thế bởi".
    pub relation: &'static str,
    pub number: String,
    /// The registry page of the other document, when it is registered.
    pub url: Option<String>,
    /// True when only the other document's registry entry states the relation.
    pub inferred: bool,
}

pub fn unit_view(resolved: &ResolvedManual, id: &str) -> UnitView {
    let name = resolved.manual.config.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    UnitView { id: id.to_owned(), name }
}

pub fn doc_ref(resolved: &ResolvedManual, urls: &Urls, index: usize) -> DocRef {
    let doc = &resolved.manual.documents[index];
    DocRef {
        kind: doc.kind,
        kind_name: doc.kind.vietnamese(),
        code: doc.code().map(str::to_owned),
        title: doc.title().to_owned(),
        url: urls.document(doc),
    }
}

/// The legal view of a registry entry.
pub fn legal_view(resolved: &ResolvedManual, urls: &Urls, entry_index: usize) -> LegalView {
    let entry: &LegalEntry = &resolved.manual.legal[entry_index];
    let doc = &entry.doc;
    let number = doc.number.get_ref();
    let relations = resolved.legal_edges[entry_index]
        .iter()
        .map(|edge| {
            let (number, url) = match &edge.target {
                Target::Entry(i) => {
                    let other = &resolved.manual.legal[*i];
                    (other.doc.number.get_ref().to_string(), Some(urls.legal(other)))
                }
                Target::Unregistered(number) => (number.to_string(), None),
            };
            RelationView {
                kind: edge.relation,
                relation: edge.relation.vietnamese(),
                number,
                url,
                inferred: edge.inferred,
            }
        })
        .collect();
    let cited_by = resolved.cited_by(entry_index).into_iter().map(|i| doc_ref(resolved, urls, i)).collect();
    let citations = provision_citations(resolved, urls, entry_index);
    LegalView {
        number: number.to_string(),
        slug: number.slug(),
        url: urls.legal(entry),
        type_name: doc.type_name(),
        issuer: doc.issuer.clone(),
        summary: doc.summary.clone(),
        signed: doc.signed,
        effective_from: doc.effective_from,
        effective_to: doc.effective_to,
        status: doc.status,
        status_name: doc.status.vietnamese(),
        signer: doc.signer.clone(),
        source: doc.source.clone(),
        verified: doc.verified.clone(),
        note: doc.note.clone(),
        relations,
        articles: doc.articles.clone(),
        cited_by,
        citations,
    }
}

/// The published places citing a legal entry, grouped by provision: the whole document first,
/// then provisions in the order the registry lists articles (others by name).
fn provision_citations(resolved: &ResolvedManual, urls: &Urls, entry: usize) -> Vec<ProvisionCitations> {
    let articles = &resolved.manual.legal[entry].doc.articles;
    let mut groups: Vec<ProvisionCitations> = Vec::new();
    for site in resolved.citations[entry].iter().filter(|s| resolved.published[s.document]) {
        let document = doc_ref(resolved, urls, site.document);
        let place = PlaceView {
            url: place_url(&document.url, &site.place),
            place_name: place_name(&site.place),
            place: site.place.clone(),
        };
        let view = CiteSiteView { document, places: vec![place.clone()] };
        match groups.iter_mut().find(|g| g.provision == site.provision) {
            Some(group) => match group.sites.iter_mut().find(|s| s.document.url == view.document.url) {
                Some(same) => same.places.push(place),
                None => group.sites.push(view),
            },
            None => {
                let anchor = site
                    .anchor
                    .clone()
                    .filter(|a| articles.iter().any(|art| format!("dieu-{}", art.number.to_lowercase()) == *a));
                groups.push(ProvisionCitations { provision: site.provision.clone(), anchor, sites: vec![view] })
            }
        }
    }
    let rank = |g: &ProvisionCitations| {
        let article = g
            .anchor
            .as_ref()
            .and_then(|a| articles.iter().position(|art| format!("dieu-{}", art.number.to_lowercase()) == *a));
        (g.provision.is_some(), article.unwrap_or(usize::MAX), g.provision.clone())
    };
    groups.sort_by_key(rank);
    groups
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
