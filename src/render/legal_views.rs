//! The views of the legal registry: a legal document's page (relations both ways, articles, who
//! cites it grouped by provision) and the places that cite it.

use serde::Serialize;

use super::views::{doc_ref, DocRef};
use super::Urls;
use crate::model::{Date, LegalStatus};
use crate::parse::LegalEntry;
use crate::resolve::citations::Place;
use crate::resolve::legal::{Relation, Target};
use crate::resolve::ResolvedManual;

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
    pub status_name: String,
    pub signer: Option<String>,
    pub source: Option<String>,
    pub verified: Option<Verified>,
    pub note: Option<String>,
    pub relations: Vec<RelationView>,
    pub articles: Vec<ArticleView>,
    /// The published documents citing it, once each.
    pub cited_by: Vec<DocRef>,
    /// Where it is cited, grouped by provision (the whole document first).
    pub citations: Vec<ProvisionCitations>,
}

/// An article of a legal document with the anchors its clauses and points get on the page, so
/// "khoản 6 Điều 4" links to the clause itself.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    pub number: String,
    pub title: Option<String>,
    pub anchor: String,
    pub clauses: Vec<ClauseView>,
}

/// A clause of an article, with its anchor and its points.
#[derive(Clone, Debug, Serialize)]
pub struct ClauseView {
    pub number: String,
    pub title: Option<String>,
    pub anchor: String,
    /// Points as (letter, anchor).
    pub points: Vec<PointView>,
}

/// A point of a clause and its anchor.
#[derive(Clone, Debug, Serialize)]
pub struct PointView {
    pub number: String,
    pub anchor: String,
}

/// Who checked the entry and against what, when it was checked.
fn verified_view(doc: &crate::model::LegalDoc) -> Option<Verified> {
    let v = doc.verified.as_ref()?;
    let source = doc.checked_source();
    Some(Verified {
        source: source.map(crate::parse::links::verified_text).unwrap_or_default(),
        link: source.and_then(crate::parse::links::verified_link),
        date: v.date,
        by: v.by.clone(),
    })
}

fn article_view(article: &crate::model::legal::Article) -> ArticleView {
    use crate::model::legal::provision_anchor;
    let a = &article.number;
    let clauses = article
        .clauses
        .iter()
        .map(|c| ClauseView {
            number: c.number.clone(),
            title: c.title.clone(),
            anchor: provision_anchor(a, Some(&c.number), None),
            points: c
                .points
                .iter()
                .map(|p| PointView { number: p.clone(), anchor: provision_anchor(a, Some(&c.number), Some(p)) })
                .collect(),
        })
        .collect();
    ArticleView { number: a.clone(), title: article.title.clone(), anchor: provision_anchor(a, None, None), clauses }
}

/// Where and when a registry entry was checked: the source as written, and as a link when it is
/// an address the URL policy accepts.
#[derive(Clone, Debug, Serialize)]
pub struct Verified {
    pub source: String,
    pub link: Option<String>,
    pub date: Date,
    /// Who checked, when the entry says.
    pub by: Option<String>,
}

/// The places citing one provision of a legal document.
#[derive(Clone, Debug, Serialize)]
pub struct ProvisionCitations {
    /// `khoản 6 Điều 4`, or null for citations of the whole document.
    pub provision: Option<String>,
    /// The anchor of the article, clause or point on the legal document's page, when the
    /// registry lists it.
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

/// A relation to another legal document, e.g. "Thay thế: 19/2014/QĐ-TTg".
#[derive(Clone, Debug, Serialize)]
pub struct RelationView {
    pub kind: Relation,
    /// The relation in the site's language, e.g. "Được thay thế bởi".
    pub relation: String,
    pub number: String,
    /// The registry page of the other document, when it is registered.
    pub url: Option<String>,
    /// True when only the other document's registry entry states the relation.
    pub inferred: bool,
}

/// The legal view of a registry entry.
pub fn legal_view(resolved: &ResolvedManual, urls: &Urls, entry_index: usize) -> LegalView {
    legal_view_with(resolved, urls, entry_index, true)
}

/// The view of a legal entry; without `citations`, `cited_by` and `citations` are left empty
/// (for the index and the JSON list, which only count them).
pub fn legal_view_with(resolved: &ResolvedManual, urls: &Urls, entry_index: usize, citations: bool) -> LegalView {
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
                relation: resolved.manual.ui().named("relation", &edge.relation).to_owned(),
                number,
                url,
                inferred: edge.inferred,
            }
        })
        .collect();
    let (cited_by, citations) = if citations {
        (
            resolved.cited_by(entry_index).into_iter().map(|i| doc_ref(resolved, urls, i)).collect(),
            provision_citations(resolved, urls, entry_index),
        )
    } else {
        (Vec::new(), Vec::new())
    };
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
        status_name: resolved.manual.ui().named("legal_status", &doc.status).to_owned(),
        signer: doc.signer.clone(),
        source: doc.source.as_ref().and_then(crate::parse::links::legal_link),
        verified: verified_view(doc),
        note: doc.note.clone(),
        relations,
        articles: doc.articles.iter().map(article_view).collect(),
        cited_by,
        citations,
    }
}

/// The published places citing a legal entry, grouped by provision: the whole document first,
/// then provisions in the order the registry lists articles and their clauses (others by name).
fn provision_citations(resolved: &ResolvedManual, urls: &Urls, entry: usize) -> Vec<ProvisionCitations> {
    // Article, clause and point anchors in the registry's order: groups follow it.
    let anchors = resolved.manual.legal[entry].doc.anchors();
    let mut groups: Vec<ProvisionCitations> = Vec::new();
    for site in resolved.citations[entry].iter().filter(|s| resolved.published[s.document]) {
        let document = doc_ref(resolved, urls, site.document);
        let place = PlaceView {
            url: urls.place(&document.url, &site.place),
            place_name: site.place.name(resolved.manual.ui()),
            place: site.place.clone(),
        };
        let view = CiteSiteView { document, places: vec![place.clone()] };
        match groups.iter_mut().find(|g| g.provision == site.provision) {
            Some(group) => match group.sites.iter_mut().find(|s| s.document.url == view.document.url) {
                Some(same) => same.places.push(place),
                None => group.sites.push(view),
            },
            None => {
                let anchor = site.anchor.clone().filter(|a| anchors.contains(a));
                groups.push(ProvisionCitations { provision: site.provision.clone(), anchor, sites: vec![view] })
            }
        }
    }
    let rank = |g: &ProvisionCitations| {
        let at = g.anchor.as_ref().and_then(|a| anchors.iter().position(|known| known == a));
        (g.provision.is_some(), at.unwrap_or(usize::MAX), g.provision.clone())
    };
    groups.sort_by_key(rank);
    groups
}
