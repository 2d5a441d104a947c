//! Citations of legal documents, wherever a document makes them: its `legal_basis`, its prose
//! (recognised automatically), explicit `[[116/2015/TT-BTC#khoản 6 Điều 4]]` links, and the
//! text of its steps and conditions. Each is resolved against the registry and checked: is the
//! number known, was the law in force when the document took effect, has it been replaced, does
//! the cited article exist, and did the law change after the document's last revision (then the
//! document is marked "review needed", like Doorstop's suspect links).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::citation_checks as checks;
use super::ResolvedManual;
use crate::diagnostic::{closest, Diagnostic, Diagnostics, Loc};
use crate::model::code::code_key;
use crate::model::procedure::Procedure;
use crate::model::{Date, LegalNumber};
use crate::parse::citation::{self, Provision};
use crate::parse::Document;
use toml::Spanned;

/// Where in a document a citation is made.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Place {
    /// The front matter's `legal_basis`.
    LegalBasis,
    /// The body, under a heading (its id and text) when there is one.
    Body { section: Option<(String, String)> },
    /// A step of the step table, by number.
    Step { number: usize },
    /// Another field of the procedure (conditions, dossier, fees, results).
    Field { name: &'static str },
}

impl Place {
    /// How the place is named to readers, in the language of `strings` — on legal and document
    /// pages and in the impact report alike.
    pub fn name(&self, strings: &crate::i18n::Strings) -> String {
        match self {
            Place::LegalBasis => strings.get("place.legal_basis").to_owned(),
            Place::Body { section: Some((_, title)) } => title.clone(),
            Place::Body { section: None } => strings.get("place.body").to_owned(),
            Place::Step { number } => strings.fill("place.step", &[("n", &number.to_string())]),
            Place::Field { name: "conditions" } => strings.get("place.conditions").to_owned(),
            Place::Field { name: "dossier" } => strings.get("place.dossier").to_owned(),
            Place::Field { name: "fees" } => strings.get("place.fees").to_owned(),
            Place::Field { name: "results" } => strings.get("place.results").to_owned(),
            Place::Field { name } => (*name).to_owned(),
        }
    }
}

/// One citation of a registry entry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CiteSite {
    pub document: usize,
    pub place: Place,
    pub provision: Option<String>,
    /// The article's anchor on the legal document's page (`dieu-4`).
    pub anchor: Option<String>,
}

/// Why a document needs review: a law it cites changed after its last revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewReason {
    pub number: String,
    pub changed: Date,
    pub what: String,
}

/// A citation found somewhere, before it is resolved: one per provision cited.
#[derive(Debug)]
pub(super) struct Found {
    pub number: LegalNumber,
    /// `number.key()`, the registry's index key.
    pub key: String,
    pub provision: Option<Provision>,
    /// The provision as written, when it did not parse as a provision.
    pub provision_text: Option<String>,
    pub place: Place,
    pub loc: Loc,
    /// Look-alike letters in the number as written (on the first provision's `Found` only).
    pub look_alikes: Vec<char>,
    /// The signing date written after the number (on the first provision's `Found` only).
    pub date: Option<Date>,
}

impl Found {
    /// One `Found` per provision of a citation, in order; one without provision when there is none.
    fn each(citation: citation::Citation, place: Place, loc: Loc) -> impl Iterator<Item = Found> {
        let provisions: Vec<Option<Provision>> = if citation.provisions.is_empty() {
            vec![None]
        } else {
            citation.provisions.into_iter().map(Some).collect()
        };
        let (number, mut look_alikes, mut date) = (citation.number, citation.look_alikes, citation.date);
        provisions.into_iter().map(move |provision| Found {
            key: number.key(),
            number: number.clone(),
            provision,
            provision_text: None,
            place: place.clone(),
            loc: loc.clone(),
            look_alikes: std::mem::take(&mut look_alikes),
            date: date.take(),
        })
    }
}

/// What each document cites, resolved against the registry, with the problems found: pages
/// read a document's citations from it ([`Finds::sites_of`]).
#[derive(Debug, Default)]
pub struct Finds {
    per_document: Vec<Arc<Cited>>,
}

/// The last run's citations, kept (in the caller's `ResolveMemo`) so that a rebuild looks again
/// only in the documents that changed. A document's citations depend on its text, on the legal
/// registry, and on which `[[…]]` targets are codes of the manual (the rest may be legal
/// numbers): they are taken for a document with the same content key while the code
/// fingerprint and the registry files' digest stay.
#[derive(Debug, Default)]
pub struct KeptCitations {
    codes: u64,
    registry: u64,
    per_document: Vec<Arc<Cited>>,
    /// Per legal entry, where it is cited (`ResolvedManual::citations`).
    sites: Vec<Arc<Vec<CiteSite>>>,
}

/// One document's citations, resolved.
#[derive(Debug)]
pub struct Cited {
    /// Registry entry and where it is cited (the document is the one this belongs to).
    sites: Vec<(usize, Place, Option<String>, Option<String>)>,
    review: Vec<ReviewReason>,
    problems: Vec<Diagnostic>,
}

impl Finds {
    /// The registry entries document `index` cites and where, sorted by entry, place, provision
    /// and anchor, each once: the same sites as `ResolvedManual::citations` holds for it.
    pub fn sites_of(&self, index: usize) -> Vec<(usize, CiteSite)> {
        let Some(cited) = self.per_document.get(index) else { return Vec::new() };
        let mut sites: Vec<(usize, CiteSite)> = cited
            .sites
            .iter()
            .map(|(entry, place, provision, anchor)| {
                let site = CiteSite {
                    document: index,
                    place: place.clone(),
                    provision: provision.clone(),
                    anchor: anchor.clone(),
                };
                (*entry, site)
            })
            .collect();
        sites.sort();
        sites.dedup();
        sites
    }
}

/// A digest of the registry's files (path, text, stored bytes) and of the setting the checks
/// read: the `[legal]` table's non-legal codes. (Diagnostics carry both languages, so a change
/// of `[site] language` needs no new run.)
fn registry_digest(resolved: &ResolvedManual) -> u64 {
    let files: Vec<_> = resolved.manual.legal.iter().map(|e| e.file.digest()).collect();
    super::memo::digest(&(files, &resolved.manual.config.legal.non_legal_codes))
}

/// Resolves every citation of every document and runs the checks; `earlier` holds the last
/// run's results and, per document, whether it is the same (by content key) as then: those
/// results are taken as they are, while the code fingerprint is `codes` as then. Returns this
/// run's, for the next.
pub fn resolve_citations(
    resolved: &mut ResolvedManual,
    diagnostics: &mut Diagnostics,
    codes: u64,
    earlier: Option<(&KeptCitations, &[bool])>,
) -> KeptCitations {
    let registry = registry_digest(resolved);
    let earlier = earlier.filter(|(kept, _)| kept.codes == codes && kept.registry == registry);
    let shared: &ResolvedManual = resolved;
    let per_document: Vec<Arc<Cited>> = super::per_document(
        shared,
        earlier.map(|(_, same)| same),
        |i| earlier?.0.per_document.get(i).cloned(),
        |i, doc| Arc::new(cited_by_document(shared, i, doc)),
    );
    let mut review: BTreeMap<usize, Vec<ReviewReason>> = BTreeMap::new();
    for (i, cited) in per_document.iter().enumerate() {
        diagnostics.extend(cited.problems.iter().cloned());
        if !cited.review.is_empty() {
            review.insert(i, cited.review.clone());
        }
    }
    let sites = match earlier.filter(|(kept, _)| kept.per_document.len() == per_document.len()) {
        Some((kept, same)) => sites_after(kept, same, &per_document),
        None => sites_of_all(resolved.manual.legal.len(), &per_document),
    };
    resolved.citations = sites.clone();
    resolved.review_needed = review;
    resolved.finds = Finds { per_document: per_document.clone() };
    KeptCitations { codes, registry, per_document, sites }
}

/// Each legal entry's sites, from every document's citations.
fn sites_of_all(entries: usize, per_document: &[Arc<Cited>]) -> Vec<Arc<Vec<CiteSite>>> {
    let mut sites: Vec<Vec<CiteSite>> = vec![Vec::new(); entries];
    for (i, cited) in per_document.iter().enumerate() {
        for (entry, place, provision, anchor) in &cited.sites {
            sites[*entry].push(cited_at(i, place, provision, anchor));
        }
    }
    sites
        .into_iter()
        .map(|mut list| {
            list.sort();
            list.dedup();
            Arc::new(list)
        })
        .collect()
}

fn cited_at(document: usize, place: &Place, provision: &Option<String>, anchor: &Option<String>) -> CiteSite {
    CiteSite { document, place: place.clone(), provision: provision.clone(), anchor: anchor.clone() }
}

/// Each legal entry's sites, from the last run's (the same registry, as many documents): an
/// entry that no changed document cites, before or now, keeps its list; the others' lists lose
/// the changed documents' sites and get their new ones. Sorted and without repeats, as the
/// lists are made whole: the same lists.
fn sites_after(kept: &KeptCitations, same: &[bool], per_document: &[Arc<Cited>]) -> Vec<Arc<Vec<CiteSite>>> {
    let before = &kept.per_document;
    let changed: std::collections::BTreeSet<usize> = (0..per_document.len()).filter(|&i| !same[i]).collect();
    let mut touched: BTreeMap<usize, Vec<CiteSite>> = BTreeMap::new();
    for &i in &changed {
        for (entry, ..) in &before[i].sites {
            touched.entry(*entry).or_default();
        }
        for (entry, place, provision, anchor) in &per_document[i].sites {
            touched.entry(*entry).or_default().push(cited_at(i, place, provision, anchor));
        }
    }
    let mut sites = kept.sites.clone();
    for (entry, mut list) in touched {
        let Some(kept) = sites.get_mut(entry) else { continue };
        list.extend(kept.iter().filter(|site| !changed.contains(&site.document)).cloned());
        list.sort();
        list.dedup();
        *kept = Arc::new(list);
    }
    sites
}

/// Document `i`'s citations resolved against the registry, with their checks.
fn cited_by_document(resolved: &ResolvedManual, i: usize, doc: &Document) -> Cited {
    let mut problems = Diagnostics::new();
    let mut sites = Vec::new();
    let mut review = Vec::new();
    let mut checked = BTreeMap::new();
    for found in found_in(resolved, doc) {
        checks::look_alikes(&found, &mut problems);
        let Some(&entry) = resolved.legal_by_key.get(&found.key) else {
            problems.push(unknown_number(resolved, &found));
            continue;
        };
        let legal = &resolved.manual.legal[entry].doc;
        checks::check_provision(legal, &found, &mut problems);
        checks::check_date(legal, &found, &mut problems);
        checked.entry(entry).or_insert_with(|| found.loc.clone());
        let provision = found.provision.as_ref().map(Provision::canonical).or(found.provision_text.clone());
        let anchor = found.provision.as_ref().and_then(|p| p.anchor_among(&legal.anchors()));
        sites.push((entry, found.place, provision, anchor));
    }
    for (entry, loc) in checked {
        if let Some(reason) = super::validity::check_validity(resolved, i, entry, &loc, &mut problems) {
            review.push(reason);
        }
    }
    Cited { sites, review, problems: problems.into_vec() }
}

/// Every citation a document makes, with its place and position; numbers of papers the manual
/// declares not legal (`[legal] non_legal_codes`) left out.
fn found_in(resolved: &ResolvedManual, doc: &Document) -> Vec<Found> {
    let mut found = Vec::new();
    for basis in &doc.meta.legal_basis {
        found.extend(from_legal_basis(basis, doc.loc(&basis.number)));
    }
    for c in &doc.scan.citations {
        let section = c.section.and_then(|s| doc.scan.headings.get(s)).map(|h| (h.id.clone(), h.text.clone()));
        let citation = citation::Citation {
            span: c.span.clone(),
            number_span: c.span.clone(),
            number: c.number.clone(),
            provisions: c.provisions.clone(),
            look_alikes: c.look_alikes.clone(),
            date: c.date,
        };
        found.extend(Found::each(citation, Place::Body { section }, doc.body_loc(c.span.clone())));
    }
    for link in &doc.scan.links {
        if let Some((number, anchor)) = legal_link_target(resolved, &link.target) {
            let section = link.section.and_then(|s| doc.scan.headings.get(s)).map(|h| (h.id.clone(), h.text.clone()));
            found.extend(with_provisions(
                number,
                anchor.as_deref(),
                Place::Body { section },
                doc.body_loc(link.span.clone()),
            ));
        }
    }
    found_in_procedure(doc, &mut found);
    let declared = &resolved.manual.config.legal.non_legal_codes;
    found.retain(|f| !crate::parse::non_legal::is_non_legal(&f.number, declared));
    found
}

/// A `legal_basis` entry: one `Found` per provision of its `provision` list.
fn from_legal_basis(basis: &crate::model::document::LegalBasis, loc: Loc) -> Vec<Found> {
    with_provisions(basis.number.get_ref().clone(), basis.provision.as_deref(), Place::LegalBasis, loc)
}

/// One `Found` per provision written in `text` ("Điều 13, Điều 14"), or one keeping the text
/// as written when it is not a list of provisions.
fn with_provisions(number: LegalNumber, text: Option<&str>, place: Place, loc: Loc) -> Vec<Found> {
    let provisions = text.and_then(citation::parse_provisions);
    let unparsed = if provisions.is_none() { text.map(str::to_owned) } else { None };
    let citation = citation::Citation {
        span: 0..0,
        number_span: 0..0,
        number,
        provisions: provisions.unwrap_or_default(),
        look_alikes: Vec::new(),
        date: None,
    };
    let mut found: Vec<Found> = Found::each(citation, place, loc).collect();
    if let (Some(first), Some(text)) = (found.first_mut(), unparsed) {
        first.provision_text = Some(text);
    }
    found
}

/// Citations in a procedure's front matter: its steps, the free text of its conditions, dossier,
/// fees and results, and the legal numbers its fees and templates name (a fee's `basis`, a
/// template's `number`), so an unknown number there is found like one in the body.
fn found_in_procedure(doc: &Document, found: &mut Vec<Found>) {
    let Some(spanned) = &doc.meta.procedure else { return };
    let table = doc.loc(spanned);
    let procedure = spanned.get_ref();
    for (n, step) in procedure.steps.iter().enumerate() {
        for c in citation::recognize(step.task.get_ref()) {
            let at = step.task.span().start + 1 + c.span.start;
            let loc = doc.file.loc(doc.front_matter_offset + at..doc.front_matter_offset + at);
            found.extend(Found::each(c, Place::Step { number: n + 1 }, loc));
        }
    }
    for (name, text) in free_texts(procedure) {
        for c in citation::recognize(text) {
            let loc = written_at(doc, text, c.span.start).unwrap_or_else(|| table.clone());
            found.extend(Found::each(c, Place::Field { name }, loc));
        }
    }
    for (name, number) in named_numbers(procedure) {
        found.extend(with_provisions(number.get_ref().clone(), None, Place::Field { name }, doc.loc(number)));
    }
}

/// The procedure's free-text fields that may cite a legal document, with the place they belong to.
fn free_texts(procedure: &Procedure) -> Vec<(&'static str, &str)> {
    let mut texts: Vec<(&'static str, &str)> =
        procedure.conditions.iter().map(|t| ("conditions", t.as_str())).collect();
    for item in procedure.dossier.iter().flat_map(|g| &g.items) {
        texts.push(("dossier", item.name.as_str()));
        texts.extend(item.note.iter().map(|n| ("dossier", n.as_str())));
        texts.extend(item.one_of.iter().map(|n| ("dossier", n.as_str())));
    }
    for fee in &procedure.fees {
        texts.extend(fee.note.iter().chain(&fee.exempt).map(|n| ("fees", n.as_str())));
    }
    for method in &procedure.methods {
        texts.extend(method.note.iter().map(|n| ("fees", n.as_str())));
    }
    for result in &procedure.results {
        texts.extend(result.validity.iter().map(|v| ("results", v.as_str())));
    }
    texts
}

/// Legal numbers written as such in a procedure: a fee's `basis`, a dossier item's or a result's
/// external template `number`.
fn named_numbers(procedure: &Procedure) -> Vec<(&'static str, &Spanned<LegalNumber>)> {
    let mut numbers: Vec<(&'static str, &Spanned<LegalNumber>)> =
        procedure.fees.iter().filter_map(|f| f.basis.as_ref()).map(|n| ("fees", n)).collect();
    let items = procedure.dossier.iter().flat_map(|g| &g.items).filter_map(|i| i.template.as_ref());
    numbers.extend(items.filter_map(|t| t.get_ref().number.as_ref()).map(|n| ("dossier", n)));
    let results = procedure.results.iter().filter_map(|r| r.template.as_ref());
    numbers.extend(results.filter_map(|t| t.get_ref().number.as_ref()).map(|n| ("results", n)));
    numbers
}

/// Where byte `at` of `value`, a text of the `[procedure]` table, is written in the front
/// matter: found by the text itself (a value written with escapes is not found: `None`).
fn written_at(doc: &Document, value: &str, at: usize) -> Option<Loc> {
    let table = doc.meta.procedure.as_ref()?.span();
    let front = doc.file.text.get(doc.front_matter_offset..doc.body.start)?;
    let start = front.get(table.start..)?.find(value)? + table.start + at;
    let start = doc.front_matter_offset + start;
    Some(doc.file.loc(start..start))
}

/// A `[[…]]` target that names a legal document rather than a document of the manual.
pub fn legal_link_target(resolved: &ResolvedManual, target: &str) -> Option<(LegalNumber, Option<String>)> {
    let (code, anchor) = match target.split_once('#') {
        Some((code, anchor)) => (code.trim(), Some(anchor.trim().to_owned())),
        None => (target.trim(), None),
    };
    if resolved.by_code.contains_key(&code_key(code)) {
        return None;
    }
    LegalNumber::parse(code).ok().map(|number| (number, anchor))
}

fn unknown_number(resolved: &ResolvedManual, found: &Found) -> Diagnostic {
    let known: Vec<String> = resolved.manual.legal.iter().map(|e| e.doc.number.get_ref().to_string()).collect();
    let number = &found.number;
    let mut near: Vec<(f64, &String)> = known
        .iter()
        .map(|k| (strsim::normalized_levenshtein(&number.key(), &crate::vietnamese::fold(k).to_uppercase()), k))
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let suggestions: Vec<&str> =
        near.iter().filter(|(score, _)| *score >= 0.6).take(3).map(|(_, k)| k.as_str()).collect();
    let slug = number.slug();
    let best = match suggestions.is_empty() {
        true => closest(&number.to_string(), known.iter().map(String::as_str)).map(|b| (b.to_owned(), b.to_owned())),
        false => Some((suggestions.join(" hoặc "), suggestions.join(" or "))),
    };
    let help = match best {
        Some((vi, en)) => tr!(
            "có phải ý bạn là {vi}? Nếu không, thêm legal/{slug}.toml vào danh mục văn bản pháp luật",
            "did you mean {en}? Otherwise add legal/{slug}.toml to the registry"
        ),
        None => tr!("thêm legal/{slug}.toml vào danh mục văn bản pháp luật", "add legal/{slug}.toml to the registry"),
    };
    let message = tr!("{number} không có trong danh mục văn bản pháp luật", "{number} is not in the legal registry");
    Diagnostic::warning(found.loc.clone(), "unknown-legal-number", message).with_help(help)
}

/// The date of the document's current revision: the latest of its issue date and amendment dates.
pub fn last_revision(doc: &Document) -> Option<Date> {
    let issued = doc.meta.issued.as_ref().map(|d| *d.get_ref());
    doc.meta.amendments.iter().map(|a| a.get_ref().date).chain(issued).max()
}
