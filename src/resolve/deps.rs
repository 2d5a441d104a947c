//! The dependency index: which outputs read which inputs, so "what must be rendered again after
//! this change?" has one answer, [`affected`], a pure function of two indexes.
//!
//! Every output file belongs to an [`OutputKey`]: a document's pages (its page, earlier
//! revisions, redlines, history, attachments, JSON, translations' pages) to
//! [`OutputKey::Document`]; a legal entry's page and JSON to [`OutputKey::Legal`]; each site-wide
//! page or group of pages (a list, home, the change page and feed, the JSON index, the editions,
//! the legal index, the search index, the fixed pages, a language's index of translations, the
//! oversight pages) to [`OutputKey::SiteWide`]. Render records each file's key with the file
//! (`render::Site::owners`), so a rebuild keeps the files of the keys not affected.
//!
//! The index records, per key, the [`Input`]s it reads, and per input a digest of what it is in
//! this build. Inputs are numbered by position (document, translation, legal entry), which is the
//! same in two builds whenever no site input changed: the set and order of documents,
//! translations and legal entries are site inputs. So comparing two indexes is a pass over
//! vectors (a few milliseconds at 10 000 documents), not over maps of paths. An input every page
//! reads (configuration, templates, strings, the legal registry, the set of documents, the git
//! history …) is a [`SiteInput`]: a change to one renders everything.
//!
//! What a site-wide page shows of a document is a projection of the document's render view (a
//! list shows its summary, the change page its amendment rows): the input [`Input::Shown`], one
//! per [`Part`]. Resolve cannot know those digests, so the index is built in two steps: resolve
//! builds it without them ([`Digests::shown`] is `None`), render completes it
//! ([`DepIndex::with_shown`]) from the views it made, taking the digests of the documents it did
//! not render again from the previous index. `affected` counts a `Shown` input as changed while
//! either index lacks them, so the first step's answer names the documents exactly and the
//! site-wide keys at most; asked again with the completed index, it names the site-wide keys
//! exactly.
//!
//! To make a page show something new, add what it reads to [`document_reads`], [`legal_reads`]
//! or, for a site-wide page, `wide_reads` (and, when it is a new kind of input, its digest to
//! [`DepIndex::build`], or a new [`Part`] and its projection in `render::shown`), then a case to
//! the tests below.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::deps_inputs::SourceDigests;
use super::ResolvedManual;
use crate::model::Kind;

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
    /// A site-wide page or group of pages.
    SiteWide(Wide),
}

/// The site-wide outputs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wide {
    /// A kind's list page (`quy-trinh/index.html`).
    List(Kind),
    /// `index.html`.
    Home,
    /// The change page and the Atom feed (`thay-doi/`).
    Changes,
    /// `api/index.json`.
    ApiIndex,
    /// Everything under `an-ban/` and `api/an-ban.json`.
    Editions,
    /// `van-ban/index.html`.
    LegalIndex,
    /// `tim-kiem/index.js`.
    Search,
    /// Pages that show no document: 404 and the search page.
    Fixed,
    /// A language's index of translations (`en/index.html`).
    LanguageIndex(String),
    /// The oversight pages (`quan-ly/`) and `api/tthc-coverage.json`.
    Oversight,
    /// Made by every render, whatever changed: the assets, static files, sitemap, `robots.txt`
    /// and manifest (they read every document or every file, and cost little).
    Remade,
}

/// What a site-wide page shows of a document: a projection of its render view, whose digest
/// render computes (`render::shown`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Its item in its kind's list.
    ListItem,
    /// Its amendment rows and revisions (change page, feed, home's recent changes).
    Changes,
    /// Its entry in `api/index.json`.
    Index,
    /// Its revisions and editions.
    Editions,
    /// Its entry in the search index.
    Search,
    /// Its reference and translations (a language's index).
    Translations,
    /// Everything but its body (the oversight pages).
    Oversight,
    /// All of it (home shows the policy, objectives, announcement and manual whole).
    Whole,
}

impl Part {
    pub const ALL: [Part; 8] = [
        Part::ListItem,
        Part::Changes,
        Part::Index,
        Part::Editions,
        Part::Search,
        Part::Translations,
        Part::Oversight,
        Part::Whole,
    ];
}

/// A document's shown digests, one per [`Part`] in the order of [`Part::ALL`]; all
/// [`NOT_SHOWN`] for a document that is not published.
pub type Shown = [u64; Part::ALL.len()];

/// The digests of a document that is not published: no view, nothing shown.
pub const NOT_SHOWN: Shown = [0; Part::ALL.len()];

/// Something an output reads, by position in the build.
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
    /// Whether a document is published (the legal index counts the published documents citing
    /// each entry).
    Published(usize),
    /// What site-wide pages show of a document (a projection of its view), digested by render.
    Shown(usize, Part),
    /// The list weights of a kind's documents: with each item's code and title (its
    /// [`Part::ListItem`]), they order the kind's list.
    Weights(Kind),
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
    /// the documents; which edition pages change is the [`Part::Editions`] of each view.)
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
    pub published: Vec<bool>,
    /// Per kind (in the order of [`Kind::ALL`]), its documents' weights.
    pub weights: Vec<u64>,
    /// Per document, what site-wide pages show of it: none until render completes the index.
    pub shown: Option<Arc<Vec<Shown>>>,
}

/// What each output key reads: shared, so completing an index with the shown digests copies
/// no reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// Per document (in document order), what its pages read.
    pub documents: Vec<Vec<Input>>,
    /// Per legal entry (in registry order), what its pages read.
    pub legal: Vec<Vec<Input>>,
    /// Per site-wide key (in key order), what it reads; [`Wide::Remade`] is not here.
    pub wide: Vec<(Wide, Vec<Input>)>,
}

/// What each output key reads, and each input's digest in one build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepIndex {
    pub digests: Digests,
    pub reads: Arc<Reads>,
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
    /// Only these outputs.
    Only(Outputs),
}

/// A set of output keys of one build, documents and legal entries by position (the same in
/// both builds compared): what to render.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outputs {
    pub documents: BTreeSet<usize>,
    pub legal: BTreeSet<usize>,
    pub wide: BTreeSet<Wide>,
}

impl Outputs {
    /// Every output of the build `index` describes.
    pub fn all(index: &DepIndex) -> Outputs {
        let mut wide: BTreeSet<Wide> = index.reads.wide.iter().map(|(key, _)| key.clone()).collect();
        wide.insert(Wide::Remade);
        Outputs { documents: (0..index.documents.len()).collect(), legal: (0..index.legal.len()).collect(), wide }
    }

    /// Their output keys, as `index` names them.
    pub fn keys(&self, index: &DepIndex) -> BTreeSet<OutputKey> {
        let documents = self.documents.iter().map(|&i| index.document_key(i));
        let legal = self.legal.iter().map(|&e| index.legal_key(e));
        documents.chain(legal).chain(self.wide.iter().cloned().map(OutputKey::SiteWide)).collect()
    }

    /// The outputs in both sets.
    pub fn intersection(&self, other: &Outputs) -> Outputs {
        Outputs {
            documents: self.documents.intersection(&other.documents).copied().collect(),
            legal: self.legal.intersection(&other.legal).copied().collect(),
            wide: self.wide.intersection(&other.wide).cloned().collect(),
        }
    }

    pub fn document(&self, index: usize) -> bool {
        self.documents.contains(&index)
    }

    pub fn legal(&self, index: usize) -> bool {
        self.legal.contains(&index)
    }

    pub fn wide(&self, key: &Wide) -> bool {
        self.wide.contains(key)
    }
}

/// The outputs whose inputs differ between two builds: the keys that read, in either build, an
/// input whose digest changed, and [`Wide::Remade`]. Everything when a site input changed (and
/// so whenever documents, translations or legal entries were added, removed or reordered).
/// While either index lacks the shown digests, every `Shown` input counts as changed.
pub fn affected(old: &DepIndex, new: &DepIndex) -> Affected {
    let (a, b) = (&old.digests, &new.digests);
    if a.site != b.site
        || [&a.text, &a.translations, &a.citations].map(Vec::len)
            != [&b.text, &b.translations, &b.citations].map(Vec::len)
        || old.reads.wide.iter().map(|(k, _)| k).ne(new.reads.wide.iter().map(|(k, _)| k))
    {
        return Affected::Everything;
    }
    let shown = a.shown.as_ref().zip(b.shown.as_ref());
    let changed = |input: &Input| match *input {
        Input::Text(i) => a.text[i] != b.text[i],
        Input::Heading(i) => a.heading[i] != b.heading[i],
        Input::UsedBy(i) => a.used_by[i] != b.used_by[i],
        Input::Translation(t) => a.translations[t] != b.translations[t],
        Input::Citations(e) => a.citations[e] != b.citations[e],
        Input::Published(i) => a.published[i] != b.published[i],
        Input::Weights(kind) => a.weights[kind_position(kind)] != b.weights[kind_position(kind)],
        Input::Shown(i, part) => shown.is_none_or(|(x, y)| x[i][part as usize] != y[i][part as usize]),
    };
    let stale = |before: &[Vec<Input>], after: &[Vec<Input>]| -> BTreeSet<usize> {
        (0..after.len()).filter(|&k| before[k].iter().chain(&after[k]).any(changed)).collect()
    };
    let (before, after) = (&old.reads, &new.reads);
    let mut wide: BTreeSet<Wide> = (before.wide.iter().zip(&after.wide))
        .filter(|((_, x), (_, y))| x.iter().chain(y).any(changed))
        .map(|(_, (key, _))| key.clone())
        .collect();
    wide.insert(Wide::Remade);
    let documents = stale(&before.documents, &after.documents);
    Affected::Only(Outputs { documents, legal: stale(&before.legal, &after.legal), wide })
}

/// A kind's position in [`Kind::ALL`].
fn kind_position(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
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
        index.digests.weights = crate::timings::timed("deps: weights", || weights(resolved));
        index.digests.published = resolved.published.clone();
        let (documents, legal) = crate::timings::timed("deps: reads", || {
            let legal = (0..manual.legal.len()).map(|e| legal_reads(citations(e), e)).collect();
            (all_document_reads(resolved), legal)
        });
        let wide = crate::timings::timed("deps: site-wide reads", || wide::reads(resolved));
        index.reads = Arc::new(Reads { documents, legal, wide });
        index
    }

    /// This index completed with what site-wide pages show of each document: `shown` for the
    /// documents render made views of, the `previous` index's digests for the others (their
    /// views were taken from the previous render, so they show the same). Without `previous`
    /// (or its digests), a document missing from `shown` leaves the index without them.
    pub fn with_shown(&self, shown: &BTreeMap<usize, Shown>, previous: Option<&DepIndex>) -> DepIndex {
        let earlier = previous.and_then(|p| p.digests.shown.as_ref()).filter(|s| s.len() == self.documents.len());
        let digests: Option<Vec<Shown>> =
            (0..self.documents.len()).map(|i| shown.get(&i).or_else(|| earlier.map(|e| &e[i])).copied()).collect();
        let mut index = self.clone();
        index.digests.shown = digests.map(Arc::new);
        index
    }

    /// The key of document `i`'s outputs.
    pub fn document_key(&self, i: usize) -> OutputKey {
        OutputKey::Document(doc_id(&self.documents[i]))
    }

    /// The key of legal entry `e`'s outputs.
    pub fn legal_key(&self, e: usize) -> OutputKey {
        OutputKey::Legal(self.legal[e].clone())
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

/// Per kind (in the order of [`Kind::ALL`]), the weights of its documents, in document order.
fn weights(resolved: &ResolvedManual) -> Vec<u64> {
    let docs = &resolved.manual.documents;
    let of = |kind: Kind| docs.iter().filter(|d| d.kind == kind).map(|d| d.meta.weight).collect::<Vec<_>>();
    Kind::ALL.into_iter().map(|kind| digest(&of(kind))).collect()
}

/// Every document's reads, in document order.
fn all_document_reads(resolved: &ResolvedManual) -> Vec<Vec<Input>> {
    use rayon::prelude::*;
    // `referenced_by` turned around: the documents each document links to or uses.
    let mut shows = vec![Vec::new(); resolved.manual.documents.len()];
    for (target, by) in resolved.referenced_by.iter().enumerate() {
        by.iter().for_each(|&d| shows[d].push(target));
    }
    let translations_of = translations_by_original(resolved);
    let reads = |i| document_reads(resolved, &shows, &translations_of, i);
    (0..resolved.manual.documents.len()).into_par_iter().map(reads).collect()
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

#[path = "deps_wide.rs"]
mod wide;

#[cfg(test)]
#[path = "deps_tests.rs"]
mod tests;
