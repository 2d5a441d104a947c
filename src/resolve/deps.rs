//! The dependency index: which outputs read which inputs, so "what must be rendered again after
//! this change?" has one answer, [`affected`], a pure function of two indexes.
//!
//! Every document's pages (its page, earlier revisions, redlines, history, attachments, JSON,
//! translations' pages) belong to [`OutputKey::Document`]; every legal entry's page and JSON to
//! [`OutputKey::Legal`]. The index records, per key, the [`Input`]s it reads, and per input a
//! digest of what it is in this build. An input every page reads (configuration, templates,
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

use super::ResolvedManual;
use crate::load::Sources;

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

/// Something outputs read, whose digest the index keeps.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// Read by every page: a change renders everything.
    Site(SiteInput),
    /// A document's file (its text, and which revision a public build shows in its place), kind
    /// and whether it is published.
    Text(DocId),
    /// What a legal page shows of a document citing it: code, title, whether published.
    Heading(DocId),
    /// The documents that link to a document or use it (a form's uses, by step).
    UsedBy(DocId),
    /// A translation (by file path): its file and what it resolved to.
    Translation(Arc<str>),
    /// Every place a legal entry is cited.
    Citations(LegalId),
}

/// The inputs every page reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteInput {
    /// Which documents (files) there are, in which order, of which kind.
    Documents,
    /// Which translations there are, and the languages published.
    Translations,
    /// sotay.toml, the build options and the base URL.
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
    /// The git history: commits and tags. (The editions follow from them, the configuration and
    /// the documents; which edition pages change is `render::site_wide`'s to say.)
    History,
}

/// What each output key reads, and each input's digest in one build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepIndex {
    pub inputs: BTreeMap<Input, u64>,
    pub reads: BTreeMap<OutputKey, BTreeSet<Input>>,
    /// Each document's id, in document order.
    pub documents: Vec<DocId>,
    /// Each legal entry's id, in registry order.
    pub legal: Vec<LegalId>,
}

/// What a change reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Affected {
    /// A site-wide input changed: render everything.
    Everything,
    /// Only these keys' outputs (and the site-wide pages showing them).
    Only(BTreeSet<OutputKey>),
}

/// The outputs whose inputs differ between two builds: the keys that read, in either build, an
/// input whose digest changed, and the keys only one build has. Everything when a site-wide
/// input changed.
pub fn affected(old: &DepIndex, new: &DepIndex) -> Affected {
    let mut changed: BTreeSet<&Input> = BTreeSet::new();
    for (input, digest) in &new.inputs {
        if old.inputs.get(input) != Some(digest) {
            changed.insert(input);
        }
    }
    changed.extend(old.inputs.keys().filter(|input| !new.inputs.contains_key(*input)));
    if changed.iter().any(|input| matches!(input, Input::Site(_))) {
        return Affected::Everything;
    }
    let mut keys = BTreeSet::new();
    for (index, other) in [(old, new), (new, old)] {
        for (key, reads) in &index.reads {
            if !other.reads.contains_key(key) || reads.iter().any(|input| changed.contains(input)) {
                keys.insert(key.clone());
            }
        }
    }
    Affected::Only(keys)
}

fn digest(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl DepIndex {
    /// The index of one resolved manual.
    pub fn build(resolved: &ResolvedManual, sources: &Sources) -> DepIndex {
        let manual = &resolved.manual;
        let documents: Vec<DocId> = manual.documents.iter().map(|d| doc_id(&d.file.path)).collect();
        let legal: Vec<LegalId> = manual.legal.iter().map(|e| LegalId(e.doc.number.get_ref().slug().into())).collect();
        let mut index = DepIndex { documents, legal, ..DepIndex::default() };
        index.site_inputs(resolved, sources);
        index.document_inputs(resolved);
        for (i, id) in index.legal.iter().enumerate() {
            let sites = resolved.citations.get(i).map(|s| s.as_slice()).unwrap_or_default();
            index.inputs.insert(Input::Citations(id.clone()), digest(&sites));
        }
        // `referenced_by` turned around: the documents each document links to or uses.
        let mut shows = vec![Vec::new(); index.documents.len()];
        for (target, by) in resolved.referenced_by.iter().enumerate() {
            by.iter().for_each(|&d| shows[d].push(target));
        }
        let reads: Vec<_> = (0..index.documents.len()).map(|i| document_reads(&index, resolved, &shows, i)).collect();
        index.reads.extend(reads);
        let reads: Vec<_> = (0..index.legal.len()).map(|e| legal_reads(&index, resolved, e)).collect();
        index.reads.extend(reads);
        index
    }

    fn site_inputs(&mut self, resolved: &ResolvedManual, sources: &Sources) {
        let manual = &resolved.manual;
        let files = |list: &[Arc<crate::load::SourceFile>]| -> u64 {
            digest(&list.iter().map(|f| (&f.path, f.digest())).collect::<Vec<_>>())
        };
        let assets = |lists: &[&[crate::load::AssetFile]]| -> u64 {
            digest(&lists.iter().flat_map(|l| l.iter().map(|a| (&a.path, a.size))).collect::<Vec<_>>())
        };
        let kinds: Vec<_> = manual.documents.iter().map(|d| d.kind).collect();
        let translations: Vec<_> = manual.translations.iter().map(|t| &t.file.path).collect();
        let mut languages: Vec<&str> = (0..resolved.translations.len())
            .filter(|&t| resolved.translations[t].published)
            .map(|t| manual.translations[t].lang())
            .collect();
        languages.sort_unstable();
        languages.dedup();
        let options = format!("{:?} {:?} {:?}", resolved.options, manual.base_url, manual.unparsed_codes);
        let history = &resolved.history;
        let commits: Vec<_> = history.commits.iter().map(|c| (&c.id, &c.message)).collect();
        let site = [
            (SiteInput::Documents, digest(&(&self.documents, kinds))),
            (SiteInput::Translations, digest(&(translations, languages))),
            (SiteInput::Config, digest(&(sources.config.as_ref().map(|c| c.digest()), options))),
            (SiteInput::Registry, files(&sources.legal)),
            (SiteInput::Catalog, files(&sources.catalog)),
            (SiteInput::Templates, digest(&(files(&sources.templates), files(&sources.theme_templates)))),
            (SiteInput::Strings, digest(&(files(&sources.i18n), files(&sources.theme_i18n)))),
            (SiteInput::Static, assets(&[&sources.static_files, &sources.theme_static])),
            (SiteInput::Attachments, assets(&[&sources.attachments])),
            (SiteInput::History, digest(&(commits, &history.tags))),
        ];
        self.inputs.extend(site.into_iter().map(|(input, digest)| (Input::Site(input), digest)));
    }

    fn document_inputs(&mut self, resolved: &ResolvedManual) {
        use rayon::prelude::*;
        let docs = &resolved.manual.documents;
        let per_document: Vec<[(Input, u64); 3]> = (0..docs.len())
            .into_par_iter()
            .map(|i| {
                let (doc, id, published) = (&docs[i], &self.documents[i], resolved.published[i]);
                [
                    (Input::Text(id.clone()), digest(&(doc.file.digest(), &doc.file.path, doc.kind, published))),
                    (Input::Heading(id.clone()), digest(&(doc.code(), doc.title(), published))),
                    (Input::UsedBy(id.clone()), digest(&(&resolved.referenced_by[i], resolved.form_uses.get(&i)))),
                ]
            })
            .collect();
        self.inputs.extend(per_document.into_iter().flatten());
        for (t, of) in resolved.translations.iter().enumerate() {
            let file = &resolved.manual.translations[t].file;
            let links: Vec<_> = of.links.iter().map(|(text, l)| (text, l.target, &l.anchor)).collect();
            let value = digest(&(file.digest(), of.original, of.published, of.out_of_date, links));
            self.inputs.insert(Input::Translation(translation_id(resolved, t)), value);
        }
    }
}

fn doc_id(path: &std::path::Path) -> DocId {
    let path = crate::diagnostic::display_path(path);
    DocId(path.split('@').next().unwrap_or(&path).into())
}

fn translation_id(resolved: &ResolvedManual, t: usize) -> Arc<str> {
    crate::diagnostic::display_path(&resolved.manual.translations[t].file.path).into()
}

/// What document `i`'s pages read: its file and who uses it, the documents its pages show or
/// that show it (links and form uses, both ways), its translations and what they link to.
fn document_reads(
    index: &DepIndex,
    resolved: &ResolvedManual,
    shows: &[Vec<usize>],
    i: usize,
) -> (OutputKey, BTreeSet<Input>) {
    let id = |d: usize| index.documents[d].clone();
    let mut reads = BTreeSet::from([Input::Text(id(i)), Input::UsedBy(id(i))]);
    // Pages show the documents they link to or use, and list those linking to them or using them.
    let shown = resolved.referenced_by[i].iter().chain(&shows[i]).copied();
    reads.extend(shown.filter(|&n| n != i).map(|n| Input::Text(id(n))));
    for (t, of) in resolved.translations.iter().enumerate().filter(|(_, of)| of.original == Some(i)) {
        reads.insert(Input::Translation(translation_id(resolved, t)));
        // A translation's page shows the titles of what it links to, and of their translations.
        for target in of.links.values().map(|l| l.target) {
            reads.insert(Input::Text(id(target)));
            let of_target = resolved.translations.iter().enumerate().filter(|(_, o)| o.original == Some(target));
            reads.extend(of_target.map(|(u, _)| Input::Translation(translation_id(resolved, u))));
        }
    }
    (OutputKey::Document(id(i)), reads)
}

/// What legal entry `e`'s page reads: where it is cited, and the code, title and visibility of
/// each document citing it.
fn legal_reads(index: &DepIndex, resolved: &ResolvedManual, e: usize) -> (OutputKey, BTreeSet<Input>) {
    let id = index.legal[e].clone();
    let mut reads = BTreeSet::from([Input::Citations(id.clone())]);
    let sites = resolved.citations.get(e).map(|s| s.as_slice()).unwrap_or_default();
    reads.extend(sites.iter().map(|s| Input::Heading(index.documents[s.document].clone())));
    (OutputKey::Legal(id), reads)
}

#[cfg(test)]
#[path = "deps_tests.rs"]
mod tests;
