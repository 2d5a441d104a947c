//! Rebuilding for `sotay serve`: every change runs load → parse → resolve over the whole manual
//! (so whole-site validation never goes stale), then renders only what the change can reach.
//! Which pages that is comes from the resolve stage's own dependency data: a document whose
//! text changed is stale, and so is every document whose pages show it or that it shows
//! (`referenced_by` both ways, form uses). A translation's page is rendered with its original,
//! which is stale when the translation, or a document the translation links to, changed.
//! Lists, the home page, legal pages, feeds, editions,
//! the JSON index, the sitemap and the manifest are rendered every time. A change to anything
//! but a document's Markdown — configuration, legal registry, templates, theme, static files,
//! attachments — or to the set of documents or the git history renders everything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::error::Result;
use crate::load::Sources;
use crate::pipeline::{self, Analysis, BuildOptions};
use crate::render::pages::DocViews;
use crate::render::{self, Reuse, Site};
use crate::resolve::ResolvedManual;

/// The last good build, kept to render the next one incrementally.
struct Last {
    fingerprints: render::Fingerprints,
    sources: Arc<Sources>,
    resolved: ResolvedManual,
    views: DocViews,
    site: Arc<Site>,
    manifest: render::manifest::Entries,
}

/// How much a rebuild rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everything.
    Full,
    /// Only the pages of this many stale documents, and the site-wide pages.
    Documents(usize),
    /// Nothing: the manual has errors and the last good site stays.
    Failed,
}

/// What a rebuild gives the server and the terminal.
pub struct Rebuilt {
    /// The new site, when the build has no errors.
    pub site: Option<Arc<Site>>,
    pub diagnostics: Diagnostics,
    pub sources: Arc<Sources>,
    pub scope: Scope,
}

/// Rebuilds the manual on demand, reusing the last good build where it can.
pub struct Rebuilder {
    options: BuildOptions,
    last: Option<Last>,
    /// A change since the last good build needs a full render.
    full_pending: bool,
    /// The git history as last read, and where HEAD and the tags stood then.
    history: Option<(Option<String>, crate::resolve::history::HistoryIndex)>,
}

impl Rebuilder {
    pub fn new(options: BuildOptions) -> Rebuilder {
        Rebuilder { options, last: None, full_pending: true, history: None }
    }

    /// Rebuilds after `changed` (paths relative to the manual folder; empty for the first build).
    pub fn rebuild(&mut self, changed: &BTreeSet<PathBuf>) -> Result<Rebuilt> {
        if changed.iter().any(|path| !is_document(path)) {
            self.full_pending = true;
        }
        let earlier = self.last.as_ref().map(|last| pipeline::Earlier {
            sources: &last.sources,
            resolved: &last.resolved,
            changed,
        });
        let history_span = crate::timings::span("serve: history state");
        let state = crate::history::state(&self.options.root);
        if self.history.as_ref().is_none_or(|(before, _)| *before != state || state.is_none()) {
            self.history = Some((state, crate::resolve::history::HistoryIndex::read(&self.options.root)));
        }
        let index = self.history.as_ref().map(|(_, index)| index);
        drop(history_span);
        let Analysis { sources, resolved, mut diagnostics } =
            pipeline::analyse_reusing(&self.options, &|_| {}, earlier, index)?;
        let sources = Arc::new(sources);
        let Some(resolved) = resolved else {
            if let Err(problems) = render::templates::engine(&sources) {
                diagnostics.extend(problems);
            }
            diagnostics.sort();
            return Ok(Rebuilt { site: None, diagnostics, sources, scope: Scope::Failed });
        };
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Ok(Rebuilt { site: None, diagnostics, sources, scope: Scope::Failed });
        }
        let stale_span = crate::timings::span("serve: stale documents");
        let stale = match (&self.last, self.full_pending) {
            (Some(last), false) => stale_documents(&last.resolved, &resolved),
            _ => None,
        };
        let stale_legal = match (&self.last, &stale) {
            (Some(last), Some(stale)) => stale_legal_entries(&last.resolved, &resolved, stale),
            _ => BTreeSet::new(),
        };
        let reuse = match (&self.last, &stale) {
            (Some(last), Some(stale)) => Some(Reuse {
                site: &last.site,
                views: &last.views,
                stale,
                stale_legal: &stale_legal,
                fingerprints: &last.fingerprints,
                reordered: reordered(&last.resolved, &resolved, stale),
                manifest: &last.manifest,
            }),
            _ => None,
        };
        drop(stale_span);
        let _span = crate::timings::span("serve: render");
        let render::Rendered { site, views, fingerprints, manifest, diagnostics: problems } =
            render::render_reusing(&resolved, &sources, reuse.as_ref(), true);
        let failed = !problems.is_empty();
        diagnostics.extend(problems.into_vec());
        diagnostics.sort();
        if failed {
            return Ok(Rebuilt { site: None, diagnostics, sources, scope: Scope::Failed });
        }
        let scope = stale.as_ref().map_or(Scope::Full, |s| Scope::Documents(s.len()));
        let site = Arc::new(site);
        let replaced = self.last.replace(Last {
            fingerprints,
            sources: sources.clone(),
            resolved,
            views,
            site: site.clone(),
            manifest,
        });
        // Freeing a large site takes a while; the browser need not wait for it.
        std::thread::spawn(move || drop(replaced));
        self.full_pending = false;
        Ok(Rebuilt { site: Some(site), diagnostics, sources, scope })
    }
}

/// A document's Markdown file, whose change can be rendered incrementally.
fn is_document(path: &Path) -> bool {
    path.starts_with("content") && path.extension().is_some_and(|e| e == "md")
}

/// The documents whose pages must be rendered again, or `None` when everything must be: the
/// documents are not the same files in the same order, or the history moved.
fn stale_documents(old: &ResolvedManual, new: &ResolvedManual) -> Option<BTreeSet<usize>> {
    let (a, b) = (&old.manual.documents, &new.manual.documents);
    if a.len() != b.len() || a.iter().zip(b).any(|(x, y)| x.file.path != y.file.path || x.kind != y.kind) {
        return None;
    }
    if old.history.commits.last().map(|c| &c.id) != new.history.commits.last().map(|c| &c.id) {
        return None;
    }
    let changed: Vec<usize> =
        (0..a.len()).filter(|&i| !same_text(&a[i].file, &b[i].file) || old.published[i] != new.published[i]).collect();
    let mut stale: BTreeSet<usize> = changed.iter().copied().collect();
    stale.extend(stale_by_translations(old, new, &changed)?);
    for &i in &changed {
        stale.extend(shown_with(old, i));
        stale.extend(shown_with(new, i));
    }
    for i in 0..a.len() {
        if old.referenced_by[i] != new.referenced_by[i] || old.form_uses.get(&i) != new.form_uses.get(&i) {
            stale.insert(i);
        }
    }
    Some(stale)
}

/// The documents whose pages show document `i` or that `i`'s pages show: those that reference
/// it (links, form uses) and those it references.
fn shown_with(resolved: &ResolvedManual, i: usize) -> impl Iterator<Item = usize> + '_ {
    let referencing = resolved.referenced_by.get(i).into_iter().flatten().copied();
    // `referenced_by` lists are sorted (the resolve stage sorts them).
    let referenced =
        (0..resolved.referenced_by.len()).filter(move |&t| resolved.referenced_by[t].binary_search(&i).is_ok());
    referencing.chain(referenced)
}

/// Whether two reads of a file have the same text; a file not read again is the same read.
fn same_text(a: &Arc<crate::load::SourceFile>, b: &Arc<crate::load::SourceFile>) -> bool {
    Arc::ptr_eq(a, b) || a.text == b.text
}

/// The originals whose pages (and so their translations' pages) must be rendered again because
/// of a translation: it changed, or a document or translation it links to did. `None` when
/// everything must be: the translations are not the same files, or the languages that have
/// translations changed (every page's footer names them).
fn stale_by_translations(old: &ResolvedManual, new: &ResolvedManual, changed: &[usize]) -> Option<BTreeSet<usize>> {
    let (a, b) = (&old.manual.translations, &new.manual.translations);
    if a.len() != b.len() || a.iter().zip(b).any(|(x, y)| x.file.path != y.file.path) {
        return None;
    }
    use crate::render::translation_views::languages;
    if languages(old) != languages(new) {
        return None;
    }
    let mut stale = BTreeSet::new();
    for t in 0..a.len() {
        if a[t].file.text != b[t].file.text || old.translations[t] != new.translations[t] {
            stale.extend(old.translations[t].original.into_iter().chain(new.translations[t].original));
        }
    }
    // Linking translations show the titles of the documents, and translations, they link to.
    let touched: BTreeSet<usize> = changed.iter().copied().chain(stale.iter().copied()).collect();
    for resolved in [old, new] {
        for of in &resolved.translations {
            if of.links.values().any(|link| touched.contains(&link.target)) {
                stale.extend(of.original);
            }
        }
    }
    Some(stale)
}

/// The legal entries whose pages change: a stale document cites them differently than before
/// (other places or provisions, or no longer, or newly), or cites them and changed its code,
/// title or visibility, which their pages show.
fn stale_legal_entries(old: &ResolvedManual, new: &ResolvedManual, stale: &BTreeSet<usize>) -> BTreeSet<usize> {
    let (a, b) = (&old.manual.documents, &new.manual.documents);
    let renamed: BTreeSet<usize> = stale
        .iter()
        .copied()
        .filter(|&i| a[i].code() != b[i].code() || a[i].title() != b[i].title() || old.published[i] != new.published[i])
        .collect();
    let of_stale = |resolved: &ResolvedManual, e: usize| -> Vec<crate::resolve::citations::CiteSite> {
        let sites = resolved.citations.get(e).map(|sites| sites.as_slice()).unwrap_or(&[]);
        sites.iter().filter(|s| stale.contains(&s.document)).cloned().collect()
    };
    // The same list (kept by the resolve stage) has the same sites of stale documents.
    let same_list = |e: usize| match (old.citations.get(e), new.citations.get(e)) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    };
    (0..new.manual.legal.len())
        .filter(|&e| !(renamed.is_empty() && same_list(e)))
        .filter(|&e| {
            let (before, after) = (of_stale(old, e), of_stale(new, e));
            before != after || after.iter().any(|s| renamed.contains(&s.document))
        })
        .collect()
}

/// Whether a stale document's place in the lists may have moved: its weight changed.
fn reordered(old: &ResolvedManual, new: &ResolvedManual, stale: &BTreeSet<usize>) -> bool {
    stale.iter().any(|&i| old.manual.documents[i].meta.weight != new.manual.documents[i].meta.weight)
}
