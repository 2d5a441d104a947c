//! The dependency index: which outputs read which inputs, so "what must be rendered again after
//! this change?" has one answer, [`affected`], a pure function of two indexes.
//!
//! Every document's pages (its page, earlier revisions, redlines, history, attachments, JSON,
//! translations' pages) belong to [`OutputKey::Document`]; every legal entry's page and JSON to
//! [`OutputKey::Legal`]. The index records, per key, the [`Input`]s it reads, and per input a
//! digest of what it is in this build. Inputs are numbered by position (document, translation,
//! legal entry), which is the same in two builds whenever no site input changed: the set and
//! order of documents, translations and legal entries are site inputs. So comparing two indexes
//! is a pass over vectors (a few milliseconds at 10 000 documents), not over maps of paths. An input every page reads (configuration, templates,
//! strings, the legal registry, the set of documents, the git history …) is a [`SiteInput`]: a
//! change to one renders everything. Site-wide pages (lists, home, feeds, search index) are not
//! keys here yet: `render::site_wide` decides them from the views.
//!
//! To make a page show something new, add what it reads to [`document_reads`] or
//! [`legal_reads`] (and, when it is a new kind of input, its digest to [`DepIndex::build`]),
//! then a case to the tests below.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::deps_inputs::SourceDigests;
use super::ResolvedManual;

/// A document, by its file (`content/procedures/QT-07.md`): the same across builds, even when
/// its code (and so its folder in the site) changes. A draft's issued revision, which a public
/// build shows in its place, has the draft's id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub Arc<str>);

/// A legal registry entry, by its slug in the site (`19-2014-qd-ttg`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LegalId(pub Arc<str>);

/// Who owns a group of output files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputKey {
    /// A document's pages, files and JSON, and its translations' pages.
    Document(DocId),
    /// A legal entry's page and JSON.
    Legal(LegalId),
}

/// Something a document's or legal entry's pages read, by position in the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// A document's file (its text, and which revision a public build shows in its place), kind
    /// and whether it is published.
    Text(usize),
    /// What a legal page shows of a document citing it: code, title, whether published.
    Heading(usize),
    /// The documents that link to a document or use it (a form's uses, by step).
    UsedBy(usize),
    /// A translation: its file and what it resolved to.
    Translation(usize),
    /// Every place a legal entry is cited.
    Citations(usize),
}

/// The inputs every page reads: a change to one renders everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteInput {
    /// Which documents (files) there are, in which order, of which kind.
    Documents,
    /// Which translations there are, and the languages published.
    Translations,
    /// sotay.toml, the build options (audience, date, base URL) and the sotay binary.
    Config,
    /// The legal registry's files.
    Registry,
    /// The TTHC catalogue's files.
    Catalog,
    /// The manual's and the theme's templates.
    Templates,
    /// The interface strings (`i18n/`, the theme's).
    Strings,
    /// Static files and the theme's (by path and size).
    Static,
    /// Forms' attachments (by path and size).
    Attachments,
    /// The git history: where HEAD and the tags stand. (The editions follow from them, the configuration and
    /// the documents; which edition pages change is `render::site_wide`'s to say.)
    History,
}

/// Each input's digest in one build, by position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digests {
    pub site: BTreeMap<SiteInput, u64>,
    pub text: Vec<u64>,
    pub heading: Vec<u64>,
    pub used_by: Vec<u64>,
    pub translations: Vec<u64>,
    pub citations: Vec<u64>,
}

/// What each output key reads, and each input's digest in one build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepIndex {
    pub digests: Digests,
    /// Per document (in document order), what its pages read.
    pub document_reads: Vec<Vec<Input>>,
    /// Per legal entry (in registry order), what its pages read.
    pub legal_reads: Vec<Vec<Input>>,
    /// Each document's file, in document order (its [`DocId`], made only when asked for).
    pub documents: Vec<Arc<std::path::Path>>,
    /// Each legal entry's id, in registry order.
    pub legal: Vec<LegalId>,
}

/// What a change reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Affected {
    /// A site input changed: render everything.
    Everything,
    /// Only these documents' and legal entries' outputs (and the site-wide pages showing them).
    Only(Stale),
}

/// The documents and legal entries, by position (the same in both builds), to render again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stale {
    pub documents: BTreeSet<usize>,
    pub legal: BTreeSet<usize>,
}

impl Stale {
    /// Their output keys, as `index` names them.
    pub fn keys(&self, index: &DepIndex) -> BTreeSet<OutputKey> {
        let documents = self.documents.iter().map(|&i| OutputKey::Document(doc_id(&index.documents[i])));
        documents.chain(self.legal.iter().map(|&e| OutputKey::Legal(index.legal[e].clone()))).collect()
    }
}

/// The outputs whose inputs differ between two builds: the keys that read, in either build, an
/// input whose digest changed. Everything when a site input changed (and so whenever documents,
/// translations or legal entries were added, removed or reordered).
pub fn affected(old: &DepIndex, new: &DepIndex) -> Affected {
    let (a, b) = (&old.digests, &new.digests);
    if a.site != b.site
        || [&a.text, &a.translations, &a.citations].map(Vec::len)
            != [&b.text, &b.translations, &b.citations].map(Vec::len)
    {
        return Affected::Everything;
    }
    let changed = |input: &Input| match *input {
        Input::Text(i) => a.text[i] != b.text[i],
        Input::Heading(i) => a.heading[i] != b.heading[i],
        Input::UsedBy(i) => a.used_by[i] != b.used_by[i],
        Input::Translation(t) => a.translations[t] != b.translations[t],
        Input::Citations(e) => a.citations[e] != b.citations[e],
    };
    let stale = |reads: fn(&DepIndex) -> &Vec<Vec<Input>>| -> BTreeSet<usize> {
        let (before, after) = (reads(old), reads(new));
        (0..after.len()).filter(|&k| before[k].iter().chain(&after[k]).any(changed)).collect()
    };
    Affected::Only(Stale { documents: stale(|i| &i.document_reads), legal: stale(|i| &i.legal_reads) })
}

fn digest(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl DepIndex {
    /// The index of one resolved manual, whose sources have the digests `sources`
    /// ([`super::deps_inputs`]).
    pub fn build(resolved: &ResolvedManual, sources: &SourceDigests) -> DepIndex {
        let manual = &resolved.manual;
        let documents = manual.documents.iter().map(|d| d.file.path.clone()).collect();
        let legal = manual.legal.iter().map(|e| LegalId(e.doc.number.get_ref().slug().into())).collect();
        let mut index = DepIndex { documents, legal, ..DepIndex::default() };
        index.digests.site = crate::timings::timed("deps: site inputs", || site_inputs(resolved, sources));
        crate::timings::timed("deps: document inputs", || index.document_inputs(resolved));
        let citations = |e: usize| resolved.citations.get(e).map(|s| s.as_slice()).unwrap_or_default();
        index.digests.citations = crate::timings::timed("deps: citations", || {
            use rayon::prelude::*;
            (0..manual.legal.len()).into_par_iter().map(|e| digest(&citations(e))).collect()
        });
        let _span = crate::timings::span("deps: reads");
        // `referenced_by` turned around: the documents each document links to or uses.
        let mut shows = vec![Vec::new(); manual.documents.len()];
        for (target, by) in resolved.referenced_by.iter().enumerate() {
            by.iter().for_each(|&d| shows[d].push(target));
        }
        let translations_of = translations_by_original(resolved);
        index.document_reads = {
            use rayon::prelude::*;
            let reads = |i| document_reads(resolved, &shows, &translations_of, i);
            (0..manual.documents.len()).into_par_iter().map(reads).collect()
        };
        drop(_span);
        index.legal_reads = crate::timings::timed("deps: legal reads", || {
            (0..manual.legal.len()).map(|e| legal_reads(citations(e), e)).collect()
        });
        index
    }

    fn document_inputs(&mut self, resolved: &ResolvedManual) {
        use rayon::prelude::*;
        let docs = &resolved.manual.documents;
        let per_document: Vec<[u64; 3]> = (0..docs.len())
            .into_par_iter()
            .map(|i| {
                let (doc, published) = (&docs[i], resolved.published[i]);
                [
                    digest(&(super::deps_inputs::text(&doc.file, doc.kind), published)),
                    digest(&(doc.code(), doc.title(), published)),
                    digest(&(&resolved.referenced_by[i], resolved.form_uses.get(&i))),
                ]
            })
            .collect();
        let digests = &mut self.digests;
        digests.text = per_document.iter().map(|d| d[0]).collect();
        digests.heading = per_document.iter().map(|d| d[1]).collect();
        digests.used_by = per_document.iter().map(|d| d[2]).collect();
        digests.translations = resolved
            .translations
            .iter()
            .enumerate()
            .map(|(t, of)| {
                let file = &resolved.manual.translations[t].file;
                let links: Vec<_> = of.links.iter().map(|(text, l)| (text, l.target, &l.anchor)).collect();
                digest(&(file.digest(), file.path.as_os_str(), of.original, of.published, of.out_of_date, links))
            })
            .collect();
    }
}

/// The digests of the inputs every page reads: those of the sources as they are
/// ([`super::deps_inputs`]), and which documents and translations the manual has.
fn site_inputs(resolved: &ResolvedManual, sources: &SourceDigests) -> BTreeMap<SiteInput, u64> {
    let manual = &resolved.manual;
    // Paths hashed as bytes: hashing a `Path` walks its components, ten times slower.
    let documents: Vec<_> = manual.documents.iter().map(|d| (d.file.path.as_os_str(), d.kind)).collect();
    let translations: Vec<_> = manual.translations.iter().map(|t| t.file.path.as_os_str()).collect();
    let mut languages: Vec<&str> = (0..resolved.translations.len())
        .filter(|&t| resolved.translations[t].published)
        .map(|t| manual.translations[t].lang())
        .collect();
    languages.sort_unstable();
    languages.dedup();
    let mut site = sources.site.clone();
    site.insert(SiteInput::Documents, digest(&(documents, &manual.unparsed_codes)));
    site.insert(SiteInput::Translations, digest(&(translations, languages)));
    site
}

fn doc_id(path: &std::path::Path) -> DocId {
    let path = crate::diagnostic::display_path(path);
    DocId(path.split('@').next().unwrap_or(&path).into())
}

/// Per document, its translations (by position).
fn translations_by_original(resolved: &ResolvedManual) -> BTreeMap<usize, Vec<usize>> {
    let mut of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (t, translation) in resolved.translations.iter().enumerate() {
        if let Some(original) = translation.original {
            of.entry(original).or_default().push(t);
        }
    }
    of
}

/// What document `i`'s pages read: its file and who uses it, the documents its pages show or
/// that show it (links and form uses, both ways), its translations and what they link to.
fn document_reads(
    resolved: &ResolvedManual,
    shows: &[Vec<usize>],
    translations_of: &BTreeMap<usize, Vec<usize>>,
    i: usize,
) -> Vec<Input> {
    let mut reads = vec![Input::Text(i), Input::UsedBy(i)];
    // Pages show the documents they link to or use, and list those linking to them or using them.
    let shown = resolved.referenced_by[i].iter().chain(&shows[i]).copied();
    reads.extend(shown.filter(|&n| n != i).map(Input::Text));
    for &t in translations_of.get(&i).into_iter().flatten() {
        reads.push(Input::Translation(t));
        // A translation's page shows the titles of what it links to, and of their translations.
        for target in resolved.translations[t].links.values().map(|l| l.target) {
            reads.push(Input::Text(target));
            reads.extend(translations_of.get(&target).into_iter().flatten().map(|&u| Input::Translation(u)));
        }
    }
    reads
}

/// What legal entry `e`'s page reads: where it is cited, and the code, title and visibility of
/// each document citing it.
fn legal_reads(sites: &[super::citations::CiteSite], e: usize) -> Vec<Input> {
    let mut reads = vec![Input::Citations(e)];
    reads.extend(sites.iter().map(|s| Input::Heading(s.document)));
    reads.dedup();
    reads
}

#[cfg(test)]
#[path = "deps_tests.rs"]
mod tests;
