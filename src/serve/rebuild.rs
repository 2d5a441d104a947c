//! Rebuilding for `sotay serve`: every change runs load → parse → resolve over the whole manual
//! (so whole-site validation never goes stale), then renders only what the change can reach.
//! Which outputs that is, or whether everything must be rendered, is the dependency index's
//! answer (`resolve::deps::affected`, comparing the last good render's completed index with the
//! new one): the documents' and legal entries' pages exactly, the site-wide pages at most; the
//! render narrows those once it has made the new views (`render::Plan::previous`). The assets,
//! static files, sitemap, `robots.txt` and manifest are made every time. A change the watcher
//! reports to anything but a document's Markdown renders everything too: the index knows static
//! files and attachments only by path and size. The compiled templates are kept between
//! rebuilds in the rebuilder's [`EngineCache`].
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
use crate::render::{self, EngineCache, Plan, Rendered, Site};
use crate::resolve::deps::{self, Affected, Outputs};
use crate::resolve::ResolvedManual;

/// The last good build, kept to render the next one incrementally.
struct Last {
    /// Its render: site, views, manifest entries and the completed dependency index.
    rendered: Rendered,
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
    /// The compiled templates of the last render.
    engines: EngineCache,
}

impl Rebuilder {
    pub fn new(options: BuildOptions) -> Rebuilder {
        Rebuilder {
            options,
            last: None,
            full_pending: true,
            cache: pipeline::Cache::new(),
            engines: EngineCache::default(),
        }
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
        let only = crate::timings::timed("serve: affected", || match (&self.last, self.full_pending) {
            (Some(last), false) => affected(&last.rendered.deps, &resolved),
            _ => None,
        });
        let previous = only.as_ref().and(self.last.as_ref()).map(|last| &last.rendered);
        let plan = Plan {
            only: only.as_ref(),
            previous,
            engines: Some(&self.engines),
            remember: true,
            precompress: false,
            ..Plan::EVERYTHING
        };
        let mut rendered = crate::timings::timed("serve: render", || render::render(&resolved, &sources, &plan));
        let problems = std::mem::take(&mut rendered.diagnostics);
        let failed = !problems.is_empty();
        diagnostics.extend(problems.into_vec());
        diagnostics.sort();
        if failed {
            return Ok(Rebuilt { site: None, diagnostics, sources, extent: Extent::Failed });
        }
        let extent = only.as_ref().map_or(Extent::Full, |o| Extent::Documents(o.documents.len()));
        let site = Arc::new(rendered.site.clone());
        let replaced = self.last.replace(Last { rendered });
        // Freeing a large site and manual takes a while; the browser need not wait for it.
        std::thread::spawn(move || drop((replaced, resolved)));
        self.full_pending = false;
        Ok(Rebuilt { site: Some(site), diagnostics, sources, extent })
    }
}

/// A document's Markdown file, whose change can be rendered incrementally.
fn is_document(path: &Path) -> bool {
    path.starts_with("content") && path.extension().is_some_and(|e| e == "md")
}

/// The outputs to render again, as the dependency index says (the site-wide ones at most: the
/// render narrows them once it has the views); `None` when everything must be.
fn affected(old: &deps::DepIndex, new: &ResolvedManual) -> Option<Outputs> {
    match deps::affected(old, &new.deps) {
        Affected::Everything => None,
        Affected::Only(outputs) => Some(outputs),
    }
}
