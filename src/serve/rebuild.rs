//! Rebuilding for `sotay serve`: every change runs load → parse → resolve over the whole manual
//! (so whole-site validation never goes stale), then renders only what the change can reach.
//! Which documents' and legal entries' pages that is, or whether everything must be rendered, is
//! the dependency index's answer (`resolve::deps::affected`, comparing the last good build's
//! index with the new one). Site-wide pages (lists, home, change page and feed, editions, search
//! index, JSON index, oversight pages) are rendered again when the part of a stale document's
//! view they show changed (`render::site_wide`); the sitemap, `robots.txt` and the manifest are
//! made every time. A change the watcher reports to anything but a document's
//! Markdown renders everything too: the index knows static files and attachments only by path
//! and size.
//!
//! What load, parse and resolve may take from the last run (documents not read again, results
//! of unchanged documents, the git history while HEAD and the tags stay) is in the
//! `pipeline::Cache` the `Rebuilder` owns.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::error::Result;
use crate::load::Sources;
use crate::pipeline::{self, Analysis, BuildOptions};
use crate::render::pages::DocViews;
use crate::render::{self, Reuse, Site};
use crate::resolve::deps::{self, Affected};
use crate::resolve::ResolvedManual;

/// The last good build, kept to render the next one incrementally.
struct Last {
    fingerprints: render::Fingerprints,
    resolved: ResolvedManual,
    views: DocViews,
    site: Arc<Site>,
    manifest: render::manifest::Entries,
}

/// How much a rebuild rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
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
    pub extent: Extent,
}

/// Rebuilds the manual on demand, reusing the last good build where it can.
pub struct Rebuilder {
    options: BuildOptions,
    last: Option<Last>,
    /// A change since the last good build needs a full render.
    full_pending: bool,
    /// What load, parse and resolve keep between runs, and the git history as last read.
    cache: pipeline::Cache,
}

impl Rebuilder {
    pub fn new(options: BuildOptions) -> Rebuilder {
        Rebuilder { options, last: None, full_pending: true, cache: pipeline::Cache::new() }
    }

    /// Rebuilds after `changed` (paths relative to the manual folder; empty for the first build).
    pub fn rebuild(&mut self, changed: &BTreeSet<PathBuf>) -> Result<Rebuilt> {
        if changed.iter().any(|path| !is_document(path)) {
            self.full_pending = true;
        }
        self.cache.changed(changed.iter().cloned());
        let Analysis { sources, resolved, mut diagnostics } =
            pipeline::analyse(&self.options, &|_| {}, Some(&mut self.cache))?;
        let sources = Arc::new(sources);
        let Some(resolved) = resolved else {
            if let Err(problems) = render::templates::engine(&sources) {
                diagnostics.extend(problems);
            }
            diagnostics.sort();
            return Ok(Rebuilt { site: None, diagnostics, sources, extent: Extent::Failed });
        };
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Ok(Rebuilt { site: None, diagnostics, sources, extent: Extent::Failed });
        }
        let stale_span = crate::timings::span("serve: stale documents");
        let stale_both = match (&self.last, self.full_pending) {
            (Some(last), false) => stale(&last.resolved, &resolved),
            _ => None,
        };
        let (stale, stale_legal) = match stale_both {
            Some((documents, legal)) => (Some(documents), legal),
            None => (None, BTreeSet::new()),
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
            return Ok(Rebuilt { site: None, diagnostics, sources, extent: Extent::Failed });
        }
        let extent = stale.as_ref().map_or(Extent::Full, |s| Extent::Documents(s.len()));
        let site = Arc::new(site);
        let replaced = self.last.replace(Last { fingerprints, resolved, views, site: site.clone(), manifest });
        // Freeing a large site takes a while; the browser need not wait for it.
        std::thread::spawn(move || drop(replaced));
        self.full_pending = false;
        Ok(Rebuilt { site: Some(site), diagnostics, sources, extent })
    }
}

/// A document's Markdown file, whose change can be rendered incrementally.
fn is_document(path: &Path) -> bool {
    path.starts_with("content") && path.extension().is_some_and(|e| e == "md")
}

/// The documents and legal entries (by index) whose pages must be rendered again, as the
/// dependency index says; `None` when everything must be.
fn stale(old: &ResolvedManual, new: &ResolvedManual) -> Option<(BTreeSet<usize>, BTreeSet<usize>)> {
    match deps::affected(&old.deps, &new.deps) {
        Affected::Everything => None,
        Affected::Only(stale) => Some((stale.documents, stale.legal)),
    }
}

/// Whether a stale document's place in the lists may have moved: its weight changed.
fn reordered(old: &ResolvedManual, new: &ResolvedManual, stale: &BTreeSet<usize>) -> bool {
    stale.iter().any(|&i| old.manual.documents[i].meta.weight != new.manual.documents[i].meta.weight)
}
