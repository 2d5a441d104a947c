//! The third stage: connect the parsed manual (codes, `[[…]]` links, form usage, legal basis,
//! attachments), decide what this build publishes, and validate everything. Its output is all
//! the rendering stage needs, and the dependency index ([`deps`]) incremental rebuilds ask.
//! Resolve reads nothing from disk or git: the pipeline hands it the sources, the git history
//! read before it and the sources' digests ([`Inputs`]). A caller that resolves the same manual
//! again (`serve`) may pass a [`memo::ResolveMemo`], whose per-document results are taken by
//! content key (see [`memo`]); [`ResolvedManual`] carries no such state.

pub mod attachment_types;
mod citation_checks;
pub mod citations;
mod control_chars;
mod dates;
pub mod deps;
pub mod deps_inputs;
pub mod editions;
pub mod history;
pub mod legal;
mod legal_cycles;
pub mod memo;
mod svg_check;
pub mod translations;
pub mod validate;
mod validity;
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
    /// The citations each document makes, resolved.
    pub finds: citations::Finds,
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

    /// Whether controlled document `index` has a history page (`lich-su/`): only when the page
    /// shows something its own page does not — an earlier or withheld revision, or a commit that
    /// changed it. Without git history the document page's amendment table is the whole record,
    /// and a page repeating it would be one more page per document to build and to read.
    pub fn has_history_page(&self, index: usize) -> bool {
        self.manual.documents[index].kind.is_controlled()
            && self
                .history
                .documents
                .get(index)
                .is_some_and(|h| !h.revisions.is_empty() || !h.commits.is_empty() || !h.withheld.is_empty())
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

/// One result per document, computed on all cores: `kept` gives the last run's result for a
/// document that `same` says is the same (by content key) as then (the caller has checked that
/// whatever else the result depends on is unchanged), `fresh` computes one otherwise.
pub(crate) fn per_document<T: Send>(
    resolved: &ResolvedManual,
    same: Option<&[bool]>,
    kept: impl Fn(usize) -> Option<T> + Sync,
    fresh: impl Fn(usize, &crate::parse::Document) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    resolved
        .manual
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let taken = same.is_some_and(|same| same.get(i) == Some(&true)).then(|| kept(i)).flatten();
            taken.unwrap_or_else(|| fresh(i, doc))
        })
        .collect()
}

/// The code index and its fingerprint (of which code is whose, of each document's kind and of
/// the codes that failed to parse: results that read the codes are taken while it stays),
/// taken from the last run when every document has the code and kind it had then.
fn code_index(
    manual: &Manual,
    earlier: Option<(memo::CodeMemo, &[bool])>,
    diagnostics: &mut Diagnostics,
) -> memo::CodeMemo {
    let code_of = |d: &Arc<crate::parse::Document>| (d.meta.code.as_ref().map(|c| c.get_ref().key()), d.kind);
    let docs = &manual.documents;
    let mut kept = None;
    let per_document: Vec<(Option<String>, Kind)> = match earlier.filter(|(m, _)| m.per_document.len() == docs.len()) {
        Some((memo::CodeMemo { mut per_document, by_code, unparsed, fingerprint }, same)) => {
            // A document with the same content key has the same code and kind.
            let mut unchanged = true;
            for (i, doc) in docs.iter().enumerate().filter(|(i, _)| !same[*i]) {
                let now = code_of(doc);
                unchanged &= now == per_document[i];
                per_document[i] = now;
            }
            kept = unchanged.then_some((by_code, unparsed, fingerprint));
            per_document
        }
        None => docs.iter().map(code_of).collect(),
    };
    let unparsed = manual.unparsed_codes.clone();
    let coded = per_document.iter().filter(|(code, _)| code.is_some()).count();
    let fingerprint = |by_code: &BTreeMap<String, usize>, per_document: &[(Option<String>, Kind)]| {
        let kinds: Vec<Kind> = per_document.iter().map(|(_, kind)| *kind).collect();
        memo::digest(&(by_code, &unparsed, kinds))
    };
    // Every code still whose it was, and none used twice (which index_codes would report).
    if let Some((by_code, before, kept)) = kept.filter(|(by_code, ..)| by_code.len() == coded) {
        let fingerprint = if before == unparsed { kept } else { fingerprint(&by_code, &per_document) };
        return memo::CodeMemo { by_code, fingerprint, per_document, unparsed };
    }
    let by_code = Arc::new(xref::index_codes(manual, diagnostics));
    let fingerprint = fingerprint(&by_code, &per_document);
    memo::CodeMemo { by_code, fingerprint, per_document, unparsed }
}

/// What resolve is given besides the parsed manual: what load read, the git history read
/// before, and the digests of the sources (for the dependency index).
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub sources: &'a Sources,
    pub history: &'a history::HistoryIndex,
    pub digests: &'a deps_inputs::SourceDigests,
}

/// Resolves and validates the manual for one build. With `cache` (the memo of the last resolve
/// of the same manual, `serve`), what depends only on documents that did not change is taken
/// from it, and it is replaced by this run's; the result is the same.
pub fn resolve(
    mut manual: Manual,
    inputs: Inputs,
    options: Options,
    mut cache: Option<&mut memo::ResolveMemo>,
) -> (ResolvedManual, Diagnostics) {
    let _span = crate::timings::span("resolve");
    let mut earlier = cache.as_mut().map(|memo| std::mem::take(&mut **memo)).filter(|m| m.options == Some(options));
    let mut memo = memo::ResolveMemo { options: Some(options), ..Default::default() };
    let mut diagnostics = Diagnostics::new();
    let history = crate::timings::timed("resolve: history", || {
        let keys = memo::document_keys(&manual.documents);
        let earlier = earlier.as_ref().map(|e| &e.history);
        let mut history =
            history::resolve_history(&manual, inputs.history, (&keys, earlier), &mut memo.history, &mut diagnostics);
        if options.audience == Audience::Public {
            history::issued_in_place_of_drafts(&mut manual, &mut history, &mut diagnostics);
        }
        visibility::withhold(options.audience, &mut history);
        history
    });
    memo.documents = memo::document_keys(&manual.documents);
    let same = earlier.as_ref().map(|e| memo::same_documents(e, &memo.documents));
    let same = same.as_deref();
    let earlier_codes = earlier.as_mut().map(|e| std::mem::take(&mut e.codes));
    memo.codes = code_index(&manual, earlier_codes.zip(same), &mut diagnostics);
    let mut resolved = connect_codes(manual, options, history, memo.codes.by_code.clone(), &mut diagnostics);
    let codes = memo.codes.fingerprint;
    crate::timings::timed("resolve: links", || {
        let earlier = earlier.as_ref().map(|e| &e.xrefs).zip(same);
        xref::resolve_links(&mut resolved, &mut diagnostics, codes, earlier, &mut memo.xrefs);
    });
    crate::timings::timed("resolve: forms, attachments", || {
        let earlier = earlier.as_ref().map(|e| &e.xrefs).zip(same);
        xref::resolve_form_uses(&mut resolved, &mut diagnostics, codes, earlier, &mut memo.xrefs);
        xref::resolve_attachments(&mut resolved, inputs.sources, &mut diagnostics);
    });
    memo.citations = crate::timings::timed("resolve: citations", || {
        let earlier = earlier.as_ref().map(|e| &e.citations).zip(same);
        citations::resolve_citations(&mut resolved, &mut diagnostics, codes, earlier)
    });
    translations::resolve_translations(&mut resolved, &mut diagnostics);
    memo.checked = crate::timings::timed("resolve: validate", || {
        validate::validate(&resolved, &mut diagnostics, earlier.as_ref().map(|e| &e.checked).zip(same))
    });
    resolved.deps =
        crate::timings::timed("resolve: dependency index", || deps::DepIndex::build(&resolved, inputs.digests));
    if let Some(cache) = cache {
        *cache = memo;
    }
    (resolved, diagnostics)
}

/// The manual with its code and legal indexes, what is published, and the relations between
/// legal documents: the frame the links, form uses and citations are resolved into.
fn connect_codes(
    manual: Manual,
    options: Options,
    history: history::ManualHistory,
    by_code: Arc<BTreeMap<String, usize>>,
    diagnostics: &mut Diagnostics,
) -> ResolvedManual {
    let published = manual
        .documents
        .iter()
        .map(|d| is_published(options.audience, d.meta.audience, d.meta.status.as_ref().map(|s| *s.get_ref())))
        .collect();
    xref::check_page_urls(&manual, diagnostics);
    let legal_by_key = xref::index_legal(&manual, diagnostics);
    let legal_edges = legal::relation_graph(&manual, &legal_by_key, diagnostics);
    ResolvedManual {
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
        deps: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn replace(root: &Path, file: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(root.join(file)).expect("read");
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(root.join(file), text.replacen(from, to, 1)).expect("write");
    }

    /// Parse and resolve read nothing from disk or git: with the manual folder gone once it was
    /// loaded (and its history read), they find what they find with the folder there — the
    /// check of an SVG attachment included.
    #[test]
    fn parse_and_resolve_read_nothing_from_disk() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("manual");
        crate::test_example::copy_example(&root);
        let allow = "[attachments]\nallow = [\"pdf\", \"docx\", \"xlsx\", \"svg\"]\n\n[site]";
        replace(&root, "sotay.toml", "[site]", allow);
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>";
        std::fs::write(root.join("content/forms/so-do.svg"), svg).expect("write");
        replace(&root, "content/forms/BM-07-01.md", "\"BM-07-01.pdf\"]", "\"BM-07-01.pdf\", \"so-do.svg\"]");
        let mut options = crate::pipeline::BuildOptions::new(&root);
        options.date = Date::parse("2026-11-22").expect("date");
        let loaded = crate::pipeline::load(&options, &|_| {}, None).expect("load");
        let history = history::HistoryIndex::read(&root, crate::history::state(&root));
        let resolve_options = Options { audience: options.audience, date: options.date };
        let run = || {
            let manual = crate::parse::parse(&loaded.sources, None).0.expect("parsed");
            let inputs = Inputs { sources: &loaded.sources, history: &history, digests: &loaded.digests };
            let (resolved, diagnostics) = resolve(manual, inputs, resolve_options, None);
            (diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(), resolved.deps)
        };
        let there = run();
        assert!(there.0.iter().any(|m| m.contains("so-do.svg") && m.contains("onload")), "{:?}", there.0);
        std::fs::rename(&root, dir.path().join("gone")).expect("move the manual away");
        assert_eq!(there, run(), "the same problems and index without the folder");
    }

    #[test]
    fn natural_order_of_codes() {
        let mut codes = vec!["QT-10", "QT-2", "QT-01"];
        codes.sort_by_key(|c| natural(c));
        assert_eq!(codes, ["QT-01", "QT-2", "QT-10"]);
    }
}
