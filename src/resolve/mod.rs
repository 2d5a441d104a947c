//! The third stage: connect the parsed manual (codes, `[[…]]` links, form usage, legal basis,
//! attachments), decide what this build publishes, and validate everything. Its output is all
//! the rendering stage needs, and the dependency data incremental rebuilds will use.

pub mod attachment_types;
pub mod citations;
mod control_chars;
mod dates;
pub mod deps;
pub mod editions;
pub mod history;
pub mod legal;
mod legal_cycles;
mod svg_check;
pub mod translations;
pub mod validate;
pub mod visibility;
pub mod xref;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::load::{AssetFile, Sources};
use crate::model::document::Amendment;
use crate::model::{Audience, Date, Kind};
use crate::parse::Manual;
pub use visibility::is_published;

/// What a build is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Public builds leave out internal documents and drafts.
    pub audience: Audience,
    /// The day the site is built for ("this year's objectives"); an input, so builds reproduce.
    pub date: Date,
}

/// A file a form offers for download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub asset: AssetFile,
}

impl Attachment {
    /// The format as readers know it: `DOCX`, `PDF`.
    pub fn format(&self) -> String {
        std::path::Path::new(&self.name)
            .extension()
            .map(|e| e.to_string_lossy().to_uppercase())
            .unwrap_or_else(|| "TỆP".to_owned())
    }
}

/// Where a form is used.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FormUse {
    pub document: usize,
    /// The step number (from 1) when a step names the form.
    pub step: Option<usize>,
}

/// A resolved `[[…]]` link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub target: usize,
    pub anchor: Option<String>,
}

/// The manual with every reference resolved.
#[derive(Debug)]
pub struct ResolvedManual {
    pub manual: Manual,
    pub options: Options,
    /// Whether each document is published in this build (its working copy; earlier revisions
    /// are judged one by one, see [`visibility`]).
    pub published: Vec<bool>,
    /// Document index by code key (`DocCode::key`); shared, so a rebuild in which no code
    /// changed keeps it.
    pub by_code: Arc<BTreeMap<String, usize>>,
    /// Legal entry index by number key (`LegalNumber::key`).
    pub legal_by_key: BTreeMap<String, usize>,
    /// Per document, the targets of its `[[…]]` links by link target text.
    pub links: Vec<Arc<BTreeMap<String, Link>>>,
    /// Per document, the documents that link to it or use it (sorted, unique).
    pub referenced_by: Vec<Vec<usize>>,
    /// Per form document, where it is used.
    pub form_uses: BTreeMap<usize, Vec<FormUse>>,
    /// Per form document, its downloadable files.
    pub attachments: BTreeMap<usize, Vec<Attachment>>,
    /// Per legal entry, every place a document cites it (sorted by document, place, provision);
    /// shared, so a rebuild keeps the lists no changed document is in.
    pub citations: Vec<Arc<Vec<citations::CiteSite>>>,
    /// Documents citing a law that changed after their last revision, with the reasons.
    pub review_needed: BTreeMap<usize, Vec<citations::ReviewReason>>,
    /// Per legal entry, its relations to other legal documents, both directions.
    pub legal_edges: Vec<Vec<legal::Edge>>,
    /// Earlier revisions and commits of each document, from the manual's git history.
    pub history: history::ManualHistory,
    /// Per translation of the manual (same order): its original and whether it is published.
    pub translations: Vec<translations::TranslationOf>,
    /// The citations found in each document, for the next rebuild.
    pub finds: citations::Finds,
    /// Each document's problems under the document rules, for the next rebuild.
    pub checked: validate::Checked,
    /// Each document's links and form uses, for the next rebuild.
    pub xrefs: xref::KeptLinks,
    /// A fingerprint of which code is whose (and of codes that failed to parse): results that
    /// depend on it are reused only while it stays.
    pub codes: u64,
    /// Which outputs read which inputs, for [`deps::affected`].
    pub deps: deps::DepIndex,
}

impl ResolvedManual {
    /// The published documents citing legal entry `entry`, once each, in document order.
    pub fn cited_by(&self, entry: usize) -> Vec<usize> {
        let mut docs: Vec<usize> =
            self.citations[entry].iter().map(|site| site.document).filter(|&i| self.published[i]).collect();
        docs.dedup();
        docs
    }

    /// Published documents of a kind, in list order (weight, then code or title).
    pub fn published_of(&self, kind: Kind) -> Vec<usize> {
        let mut docs: Vec<usize> = (0..self.manual.documents.len())
            .filter(|&i| self.published[i] && self.manual.documents[i].kind == kind)
            .collect();
        docs.sort_by_key(|&i| list_key(&self.manual.documents[i]));
        docs
    }

    /// The earlier revision still in force when the current one takes effect after the build
    /// date ("comes into force on …"); `None` when the current revision is the one in force.
    /// `None` too when the revision in force then is one this build withholds: the public sees
    /// the coming revision, not an older one that revision replaced.
    pub fn revision_in_force(&self, index: usize) -> Option<&history::Revision> {
        let doc = &self.manual.documents[index];
        let effective = *doc.meta.effective.as_ref()?.get_ref();
        if effective <= self.options.date {
            return None;
        }
        let history = self.history.documents.get(index)?;
        let in_force = |starts: Option<Date>| starts.is_none_or(|day| day <= self.options.date);
        let published =
            history.revisions.iter().rev().find(|r| in_force(r.document.meta.effective.as_ref().map(|e| *e.get_ref())));
        let withheld = history.withheld.iter().rev().find(|w| w.in_force_from.is_some_and(in_force));
        match (published, withheld) {
            (Some(r), Some(w)) if w.number > r.number => None,
            (published, _) => published,
        }
    }

    /// The earlier revisions of document `index` this build withholds (internal or never issued
    /// as committed), oldest first; none in internal builds.
    pub fn withheld(&self, index: usize) -> &[history::Withheld] {
        self.history.documents.get(index).map_or(&[], |h| h.withheld.as_slice())
    }

    /// Whether this build withholds revision `number` of document `index`.
    pub fn revision_withheld(&self, index: usize, number: u32) -> bool {
        self.withheld(index).iter().any(|w| w.number == number)
    }

    /// The rows of `doc`'s amendment table (document `index`, as now or at an earlier revision)
    /// this build publishes: a row of a withheld revision is its change note, so it is left out.
    pub fn amendments<'a>(
        &'a self,
        index: usize,
        doc: &'a crate::parse::Document,
    ) -> impl Iterator<Item = &'a Amendment> {
        doc.meta.amendments.iter().map(|a| a.get_ref()).filter(move |a| !self.revision_withheld(index, a.revision))
    }

    /// The revision number a document's own page shows: the one in force on the build date.
    pub fn displayed_revision(&self, index: usize) -> u32 {
        let current = self.manual.documents[index].meta.revision.as_ref().map_or(0, |r| *r.get_ref());
        self.revision_in_force(index).map_or(current, |r| r.number)
    }

    /// The published translations of document `index`, by language.
    pub fn translations_of(&self, index: usize) -> Vec<usize> {
        let mut found: Vec<usize> = (0..self.translations.len())
            .filter(|&t| self.translations[t].published && self.translations[t].original == Some(index))
            .collect();
        found.sort_by(|&a, &b| self.manual.translations[a].lang().cmp(self.manual.translations[b].lang()));
        found
    }

    pub fn published_count(&self) -> usize {
        self.published.iter().filter(|p| **p).count()
    }
}

fn list_key(doc: &crate::parse::Document) -> (i32, String, String) {
    let name = doc.code().map(crate::model::code::code_key).unwrap_or_default();
    (doc.meta.weight.unwrap_or(0), natural(&name), doc.title().to_owned())
}

/// Pads digit runs so `QT-2` sorts before `QT-10`.
fn natural(text: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            out.push_str(&format!("{digits:0>8}"));
            digits.clear();
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// One result per document, computed on all cores: `kept` gives the earlier resolve's result
/// for a document that is the very one the earlier resolve had (the caller has checked that
/// whatever else the result depends on is unchanged), `fresh` computes one otherwise.
pub(crate) fn per_document<T: Send>(
    resolved: &ResolvedManual,
    earlier: Option<&ResolvedManual>,
    kept: impl for<'a> Fn(&'a ResolvedManual, usize) -> Option<T> + Sync,
    fresh: impl Fn(usize, &crate::parse::Document) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    resolved
        .manual
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let same = earlier.filter(|e| e.manual.documents.get(i).is_some_and(|d| Arc::ptr_eq(d, doc)));
            same.and_then(|e| kept(e, i)).unwrap_or_else(|| fresh(i, doc))
        })
        .collect()
}

/// Whether `manual`'s documents have the codes `earlier`'s had, document by document, and
/// `earlier`'s index has every one of them (no code was used twice): then the code index is
/// `earlier`'s. Only the documents that are not the very ones `earlier` had are compared.
fn same_codes(earlier: &ResolvedManual, manual: &Manual) -> bool {
    let (before, now) = (&earlier.manual.documents, &manual.documents);
    let key = |doc: &crate::parse::Document| doc.meta.code.as_ref().map(|c| c.get_ref().key());
    before.len() == now.len()
        && before.iter().zip(now).all(|(a, b)| Arc::ptr_eq(a, b) || key(a) == key(b))
        && earlier.by_code.len() == now.iter().filter(|d| d.meta.code.is_some()).count()
}

/// A fingerprint of the code index and of the codes that did not parse.
fn codes_fingerprint(resolved: &ResolvedManual) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    resolved.by_code.hash(&mut hasher);
    resolved.manual.unparsed_codes.hash(&mut hasher);
    hasher.finish()
}

/// Resolves and validates the manual for one build, with its git history as read before (by
/// the pipeline; `serve` reads it again only when HEAD or the tags move). With `earlier` (the
/// previous resolve of the same manual, `serve`), what depends only on documents that did not
/// change is taken from it; the result is the same.
pub fn resolve(
    mut manual: Manual,
    sources: &Sources,
    options: Options,
    index: &history::HistoryIndex,
    earlier: Option<&ResolvedManual>,
) -> (ResolvedManual, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let _span = crate::timings::span("resolve");
    let history_span = crate::timings::span("resolve: history");
    let mut history = history::resolve_history(&manual, index, earlier.map(|e| &e.history.kept), &mut diagnostics);
    if options.audience == Audience::Public {
        history::issued_in_place_of_drafts(&mut manual, &mut history, &mut diagnostics);
    }
    visibility::withhold(options.audience, &mut history);
    drop(history_span);
    let published = manual
        .documents
        .iter()
        .map(|d| is_published(options.audience, d.meta.audience, d.meta.status.as_ref().map(|s| *s.get_ref())))
        .collect();
    let kept_codes = earlier.filter(|e| same_codes(e, &manual));
    let by_code = match kept_codes {
        Some(e) => e.by_code.clone(),
        None => Arc::new(xref::index_codes(&manual, &mut diagnostics)),
    };
    xref::check_page_urls(&manual, &mut diagnostics);
    let legal_by_key = xref::index_legal(&manual, &mut diagnostics);
    let legal_edges = legal::relation_graph(&manual, &legal_by_key, &mut diagnostics);
    let mut resolved = ResolvedManual {
        links: Vec::new(),
        referenced_by: vec![Vec::new(); manual.documents.len()],
        form_uses: BTreeMap::new(),
        attachments: BTreeMap::new(),
        citations: Vec::new(),
        review_needed: BTreeMap::new(),
        translations: Vec::new(),
        manual,
        options,
        published,
        by_code,
        legal_by_key,
        legal_edges,
        history,
        finds: Default::default(),
        checked: Default::default(),
        xrefs: Default::default(),
        codes: 0,
        deps: Default::default(),
    };
    resolved.codes = match kept_codes {
        Some(e) if e.manual.unparsed_codes == resolved.manual.unparsed_codes => e.codes,
        _ => codes_fingerprint(&resolved),
    };
    {
        let _span = crate::timings::span("resolve: links");
        xref::resolve_links(&mut resolved, &mut diagnostics, earlier);
    }
    {
        let _span = crate::timings::span("resolve: forms, attachments");
        xref::resolve_form_uses(&mut resolved, &mut diagnostics, earlier);
        xref::resolve_attachments(&mut resolved, sources, &mut diagnostics);
    }
    {
        let _span = crate::timings::span("resolve: citations");
        citations::resolve_citations(&mut resolved, &mut diagnostics, earlier);
    }
    translations::resolve_translations(&mut resolved, &mut diagnostics);
    {
        let _span = crate::timings::span("resolve: validate");
        resolved.checked = validate::validate(&resolved, &mut diagnostics, earlier);
    }
    {
        let _span = crate::timings::span("resolve: dependency index");
        resolved.deps = deps::DepIndex::build(&resolved, sources);
    }
    (resolved, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_codes() {
        let mut codes = vec!["QT-10", "QT-2", "QT-01"];
        codes.sort_by_key(|c| natural(c));
        assert_eq!(codes, ["QT-01", "QT-2", "QT-10"]);
    }
}
