//! A page to render — its output path, template, metadata and context — and the helpers every
//! page module uses to make one. Its own module so that page modules (legal, history, editions,
//! translations, oversight) and the list of all pages (`pages`) share it without importing
//! each other.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::views::{Alternate, Crumb};
use super::Urls;
use crate::model::Kind;
use crate::resolve::deps::{OutputKey, Wide};

/// What a template knows about the page it renders.
#[derive(Clone, Debug, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub section: String,
    pub canonical: String,
    pub noindex: bool,
    /// The page's language (its interface's); empty until the render fills in the site's.
    pub lang: String,
    /// The language of the title when it is not the page's (a document's title on a site
    /// whose interface is English).
    pub title_lang: Option<String>,
    /// The same page in other languages, for `<link rel="alternate" hreflang>` (absolute URLs).
    pub alternates: Vec<Alternate>,
    /// A breadcrumb between home and the page when the navigation has none (a translation's
    /// language index).
    pub parent: Option<Crumb>,
}

/// Pages to render, made only when their turn comes: a document's pages hold its whole view
/// in their contexts, and making every page's context before rendering any held more memory
/// than the rendered site (about 1 GB at N = 10 000). With the key that owns them.
pub struct Batch<'a> {
    pub key: OutputKey,
    make: Box<dyn FnOnce() -> Vec<Job> + Send + 'a>,
}

impl<'a> Batch<'a> {
    pub fn new(key: OutputKey, make: impl FnOnce() -> Vec<Job> + Send + 'a) -> Batch<'a> {
        Batch { key, make: Box::new(make) }
    }

    /// The pages, each with its key.
    pub fn jobs(self) -> impl Iterator<Item = (OutputKey, Job)> {
        let key = self.key;
        (self.make)().into_iter().map(move |job| (key.clone(), job))
    }
}

/// A batch of one page that is made already.
pub fn ready<'a>(key: OutputKey, job: Job) -> Batch<'a> {
    Batch::new(key, move || vec![job])
}

/// A batch of the site-wide pages `jobs`, made already.
pub fn ready_wide<'a>(key: Wide, jobs: Vec<Job>) -> Batch<'a> {
    Batch::new(OutputKey::SiteWide(key), move || jobs)
}

/// A page to render: its output path, template, metadata and extra context.
pub struct Job {
    pub path: String,
    pub template: &'static str,
    pub meta: PageMeta,
    pub context: Context,
    /// The file whose content the page shows, for error positions.
    pub source: Option<Arc<Path>>,
}

/// The metadata of the page at `path`; internal builds are not indexed.
pub fn meta(
    urls: &Urls,
    path: &str,
    title: String,
    description: Option<String>,
    section: &str,
    resolved_internal: bool,
) -> PageMeta {
    PageMeta {
        title,
        url: urls.link(path),
        description,
        section: section.to_owned(),
        canonical: urls.base.absolute(path),
        noindex: resolved_internal,
        lang: String::new(),
        title_lang: None,
        alternates: Vec::new(),
        parent: None,
    }
}

/// The template that shows a document of this kind.
pub fn template_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Procedure => "procedure.html",
        Kind::Form => "form.html",
        Kind::Objective => "objective.html",
        _ => "document.html",
    }
}
