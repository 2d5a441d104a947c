//! The fourth stage: the resolved manual becomes a site in memory — a sorted map from output
//! path to bytes (or to a file to copy), each file under the dependency index's key that owns it
//! (`resolve::deps::OutputKey`) — so writing it, serving it, diffing two builds and testing it
//! all work on the same value. Pages render in parallel; the map keeps the output independent
//! of thread scheduling. One entry point, [`render`], does what a [`Plan`] says: everything
//! (`build`, tests, portals), or only some outputs, the rest taken from the previous render
//! (`serve`). Which outputs those are is not decided here but by `resolve::deps::affected`.

pub mod api;
pub mod assemble;
pub mod assets;
pub mod changes;
pub mod check;
pub mod doc_view;
pub mod edition_pages;
pub mod engines;
pub mod escape;
pub mod highlight;
pub mod history_pages;
pub mod inline_strings;
pub mod job;
pub mod legal_pages;
pub mod legal_views;
pub mod links;
pub mod list_items;
pub mod localise;
pub mod manifest;
pub mod markdown;
pub mod oversight_pages;
pub mod pages;
pub mod precompress;
pub mod redline;
pub mod sanitise;
pub mod search;
pub mod shown;
pub mod sitemap;
pub mod structured;
pub mod template_cycles;
mod template_limits;
pub mod templates;
pub mod translation_pages;
pub mod translation_views;
pub mod urls;
pub mod versions;
pub mod views;

pub use urls::Urls;

use std::path::PathBuf;
use std::sync::Arc;

pub use engines::EngineCache;

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::load::Sources;
use crate::resolve::deps::{self, Affected, DepIndex, OutputKey, Outputs, Wide};
use crate::resolve::ResolvedManual;
use crate::timings::timed;

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Shared, so a rebuild that keeps a page costs a reference count, not a copy.
    Bytes(std::sync::Arc<[u8]>),
    /// A file published as is, copied from this path at write time.
    Copy(PathBuf),
    /// Already in the staging folder of `sotay build` (see [`Spill`]): only its size and
    /// SHA-256 are kept, for the manifest.
    Staged { size: u64, sha256: String },
}

/// Where `sotay build` puts a file as soon as it is rendered, so that the site's bytes are never
/// all in memory at once (a 10 000-document manual renders over 500 MB). None when the file
/// could not be put there: it is then kept in memory, and writing it later reports the problem.
pub trait Spill: Sync {
    fn spill(&self, path: &str, bytes: &[u8]) -> Option<Output>;
    /// The bytes of a file spilled at `path`, read back (to compress it, `precompress`).
    fn staged(&self, path: &str) -> Option<Vec<u8>>;
}

/// Where rendered files go: kept in memory (serve, check, tests, portals) or spilled.
#[derive(Clone, Copy)]
pub struct Sink<'a> {
    spill: Option<&'a dyn Spill>,
}

impl<'a> Sink<'a> {
    pub const MEMORY: Sink<'static> = Sink { spill: None };

    /// Each file handed to `spill` as soon as it is made (`sotay build`): the site lists them as
    /// [`Output::Staged`].
    pub fn spilling(spill: &'a dyn Spill) -> Sink<'a> {
        Sink { spill: Some(spill) }
    }

    /// The output for a rendered file.
    pub fn keep(&self, path: &str, bytes: std::sync::Arc<[u8]>) -> Output {
        self.spill.and_then(|spill| spill.spill(path, &bytes)).unwrap_or(Output::Bytes(bytes))
    }

    /// The bytes of a file that `keep` spilled, read back; none in memory.
    pub fn staged(&self, path: &str) -> Option<Vec<u8>> {
        self.spill?.staged(path)
    }

    /// Like `keep`, from a borrowed buffer: a spilled file is written from it, with no copy.
    pub fn keep_slice(&self, path: &str, bytes: &[u8]) -> Output {
        self.spill.and_then(|spill| spill.spill(path, bytes)).unwrap_or_else(|| Output::Bytes(bytes.into()))
    }
}

/// The rendered site: output paths (relative, `/`-separated, e.g. `quy-trinh/qt-07/index.html`)
/// to their content, and which key owns each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// A persistent map: a rebuild copies the last site in constant time and changes what
    /// changed, instead of copying every path.
    pub files: imbl::OrdMap<String, Output>,
    /// Pages rendered from templates (HTML pages, not assets or JSON).
    pub pages: usize,
    /// Per output key, its files: a rebuild keeps the files of the keys it does not render.
    pub owners: imbl::OrdMap<OutputKey, Arc<Owned>>,
}

/// The files of one output key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Owned {
    /// Sorted.
    pub paths: Vec<String>,
    /// How many of them are pages rendered from templates.
    pub pages: usize,
}

impl Site {
    /// The bytes of a generated file, for tests and the server.
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.files.get(path)? {
            Output::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
            Output::Copy(_) | Output::Staged { .. } => None,
        }
    }
}

/// What one render makes, from what, and where it goes.
#[derive(Clone, Copy)]
pub struct Plan<'a> {
    /// The outputs to render; none for all of them. With `previous`, the site-wide ones are
    /// narrowed to those whose inputs changed once the views are made (`resolve::deps`).
    pub only: Option<&'a Outputs>,
    /// The last render of the same documents: the files and views of the outputs not rendered
    /// are taken from it.
    pub previous: Option<&'a Rendered>,
    /// Where rendered files go.
    pub sink: Sink<'a>,
    /// The compiled templates of an earlier render, to take again (`serve`).
    pub engines: Option<&'a EngineCache>,
    /// Digest what site-wide pages show of each document rendered, so that this render can be
    /// a later one's `previous` (`serve`); without, the later one renders every site-wide page.
    pub remember: bool,
    /// Add the compressed copies the manual asks for (`[site] precompress`, `precompress`):
    /// `build`, tests and portals; `serve` sends its pages from memory and needs none.
    pub precompress: bool,
}

impl Plan<'_> {
    /// Everything, in memory, nothing kept: `sotay build` (with a spilling sink), tests, portals.
    pub const EVERYTHING: Plan<'static> =
        Plan { only: None, previous: None, sink: Sink::MEMORY, engines: None, remember: false, precompress: true };
}

/// A render's results.
pub struct Rendered {
    pub site: Site,
    /// The document views, for a later render to take again.
    pub views: pages::DocViews,
    /// The dependency index completed with what site-wide pages show of each document (when
    /// the plan says to remember it), for a later render to compare with.
    pub deps: DepIndex,
    /// The manifest's entries, for a later render to reuse.
    pub manifest: manifest::Entries,
    pub diagnostics: Diagnostics,
}

/// Renders what `plan` says, or reports why the site cannot be rendered.
pub fn render(resolved: &ResolvedManual, sources: &Sources, plan: &Plan) -> Rendered {
    let urls = Urls { base: resolved.manual.base_url.clone() };
    let engines = match timed("render: templates", || engines::engines(resolved, sources, &urls, plan.engines)) {
        Ok(engines) => engines,
        Err(problems) => return failed(resolved, problems),
    };
    let assets = timed("render: assets", || assets::collect(sources, &urls));
    let previous_views = plan.previous.map(|p| &p.views);
    let views = timed("render: document views", || pages::document_views(resolved, &urls, plan.only, previous_views));
    let (deps, only) = timed("render: what to render", || settle(resolved, plan, &views));
    crate::timings::note(|| format!("{:?}", only.wide));
    let (batches, files) = timed("render: page jobs", || batches(resolved, &urls, &assets, &views, &only, &engines));
    let made = timed("render: pages", || pages::render_pages(resolved, &engines, &urls, &assets, batches, plan.sink));
    let mut diagnostics = Diagnostics::new();
    let mut made = assemble::Made::of_pages(made, &mut diagnostics);
    made.files.extend(files);
    timed("render: search, api, sitemap", || made.files.extend(files_of(resolved, &urls, &views, &only, plan.sink)));
    if only.wide(&Wide::Remade) {
        made.files.extend(assets.files.into_iter().map(|(path, output)| (remade(), path, output)));
    }
    let previous = plan.previous.map(|p| &p.site);
    let mut site = timed("render: kept files", || assemble::site(previous, &only, &deps, made));
    timed("render: static files", || assemble::static_files(&mut site, sources, &only, &mut diagnostics));
    if plan.precompress && only.wide(&Wide::Remade) {
        timed("render: precompress", || precompress::add(&mut site, &resolved.manual.precompress, plan.sink));
    }
    let manifest = timed("render: manifest", || manifest_of(resolved, &mut site, plan.previous, &only));
    Rendered { site, views, deps, manifest, diagnostics }
}

/// A render that stopped at the templates.
fn failed(resolved: &ResolvedManual, problems: Vec<Diagnostic>) -> Rendered {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(problems);
    let (site, views, manifest) = Default::default();
    Rendered { site, views, deps: resolved.deps.clone(), manifest, diagnostics }
}

/// The key of the files every render makes.
fn remade() -> OutputKey {
    OutputKey::SiteWide(Wide::Remade)
}

/// The dependency index completed with the shown digests of the views this render made, and
/// the outputs to render: the plan's, and with a previous render only those the completed
/// index says changed.
fn settle(resolved: &ResolvedManual, plan: &Plan, views: &pages::DocViews) -> (DepIndex, Outputs) {
    let only = plan.only.cloned().unwrap_or_else(|| Outputs::all(&resolved.deps));
    if !plan.remember && plan.previous.is_none() {
        return (resolved.deps.clone(), only);
    }
    let made: Vec<usize> = only.documents.iter().copied().collect();
    let shown = shown::digests(views, &made);
    let previous = plan.previous.map(|p| &p.deps);
    let deps = resolved.deps.with_shown(&shown, previous);
    let only = match previous.map(|p| deps::affected(p, &deps)) {
        Some(Affected::Only(changed)) => only.intersection(&changed),
        Some(Affected::Everything) | None => only,
    };
    (deps, only)
}

/// The pages to render, and the files made with them (the feed, the oversight reports' files).
fn batches<'a>(
    resolved: &'a ResolvedManual,
    urls: &'a Urls,
    assets: &assets::Assets,
    views: &'a pages::DocViews,
    only: &Outputs,
    engines: &localise::Engines,
) -> (Vec<job::Batch<'a>>, Vec<assemble::File>) {
    let mut files = Vec::new();
    let mut batches = pages::page_batches(resolved, urls, assets, views, only);
    let (history, feed) = history_pages::history_jobs(resolved, urls, views, only);
    batches.extend(history);
    if let Some(feed) = feed {
        let key = OutputKey::SiteWide(Wide::Changes);
        files.push((key, "thay-doi/atom.xml".to_owned(), Output::Bytes(feed.into_bytes().into())));
    }
    if only.wide(&Wide::Editions) {
        batches.push(job::ready_wide(Wide::Editions, edition_pages::edition_jobs(resolved, urls)));
    }
    batches.extend(translation_pages::translation_jobs(resolved, urls, only));
    if only.wide(&Wide::Oversight) {
        let site_lang = resolved.manual.config.site.language.get_ref();
        let has_template = |name: &str| engines.get(site_lang).get_template(name).is_ok();
        let oversight = oversight_pages::oversight(resolved, urls, &has_template);
        batches.push(job::ready_wide(Wide::Oversight, oversight.jobs));
        let key = OutputKey::SiteWide(Wide::Oversight);
        files.extend(oversight.files.into_iter().map(|(path, bytes)| (key.clone(), path, Output::Bytes(bytes.into()))));
    }
    (batches, files)
}

/// The files that are not pages: the search index, the JSON API, forms' attachments, the
/// sitemap and `robots.txt`.
fn files_of(
    resolved: &ResolvedManual,
    urls: &Urls,
    views: &pages::DocViews,
    only: &Outputs,
    sink: Sink,
) -> Vec<assemble::File> {
    // A sitemap needs absolute URLs: without a host in base_url there is none.
    let ((index, map), mut files) = rayon::join(
        || {
            rayon::join(
                || only.wide(&Wide::Search).then(|| search::index(resolved, urls, views)),
                || {
                    (only.wide(&Wide::Remade) && !urls.base.origin.is_empty())
                        .then(|| sitemap::sitemap(resolved, urls, views))
                },
            )
        },
        || api::render(resolved, urls, views, only, sink),
    );
    for (path, bytes) in index.into_iter().flatten() {
        files.push((OutputKey::SiteWide(Wide::Search), path, Output::Bytes(bytes.into())));
    }
    files.extend(attachments(resolved, urls, only));
    if let Some(map) = map {
        files.push((remade(), "sitemap.xml".into(), Output::Bytes(map.into_bytes().into())));
    }
    if only.wide(&Wide::Remade) {
        let robots = sitemap::robots(urls, resolved).into_bytes();
        files.push((remade(), "robots.txt".into(), Output::Bytes(robots.into())));
    }
    files
}

/// The attachments of the published documents `only` names, copied as they are.
fn attachments(resolved: &ResolvedManual, urls: &Urls, only: &Outputs) -> Vec<assemble::File> {
    let mut files = Vec::new();
    for (&i, attached) in resolved.attachments.iter().filter(|(&i, _)| resolved.published[i] && only.document(i)) {
        let doc = &resolved.manual.documents[i];
        for file in attached {
            let output = Output::Copy(file.asset.disk.clone());
            files.push((resolved.deps.document_key(i), urls.attachment_path(doc, &file.name), output));
        }
    }
    files
}

/// `manifest.json`, put in the site; its entries, for a later render.
fn manifest_of(
    resolved: &ResolvedManual,
    site: &mut Site,
    previous: Option<&Rendered>,
    only: &Outputs,
) -> manifest::Entries {
    if !only.wide(&Wide::Remade) {
        return previous.map(|p| p.manifest.clone()).unwrap_or_default();
    }
    let sources = timed("manifest: revision sources", || revision_sources(resolved, previous, only));
    let (manifest, entries) = manifest::manifest(site, sources, previous.map(|r| (&r.site, &r.manifest)));
    assemble::put(site, remade(), "manifest.json".into(), Output::Bytes(manifest.into()), false);
    entries
}

/// A static file at a path sotay generates.
fn static_collision(file: &crate::load::AssetFile, path: &str) -> Diagnostic {
    Diagnostic::error(
        Loc::file(&std::sync::Arc::from(std::path::Path::new("static").join(&file.path).as_path())),
        "static-collision",
        tr!("static/{path} sẽ đè lên một trang sotay tạo ra", "static/{path} would replace a page sotay generates"),
    )
    .with_help(tr!("đổi tên hoặc chuyển tệp tĩnh đi chỗ khác", "rename or move the static file"))
}

/// The source text of every published revision, for the manifest: per document (in document
/// order), its entries. A document that is not rendered again keeps its entries from the
/// previous render (its working copy is the same file, and the history did not move, or it
/// would be); the others are hashed.
fn revision_sources(
    resolved: &ResolvedManual,
    previous: Option<&Rendered>,
    only: &Outputs,
) -> Vec<Option<Arc<manifest::DocSources>>> {
    use rayon::prelude::*;
    let documents = &resolved.manual.documents;
    (0..documents.len())
        .into_par_iter()
        .map(|i| {
            let doc = &documents[i];
            if !resolved.published[i] {
                return None;
            }
            let (Some(code), Some(revision)) = (doc.code(), doc.meta.revision.as_ref()) else { return None };
            let kept = previous.filter(|_| !only.document(i)).and_then(|r| r.manifest.sources_of(i));
            if let Some(kept) = kept.filter(|kept| kept.is_for(&doc.file)) {
                return Some(kept.clone());
            }
            let entry = |revision: u32, file: String, commit: Option<String>, text: &crate::load::SourceFile| {
                manifest::SourceEntry { code: code.to_owned(), revision, file, commit, sha256: text.sha256() }
            };
            let file = crate::diagnostic::display_path(&doc.file.path);
            // A draft's last issued revision stands in for it in public builds (`file@commit`).
            let (file, commit) = match file.split_once('@') {
                Some((path, short)) => {
                    let commit =
                        resolved.history.commits.iter().find(|c| c.id.starts_with(short)).map(|c| c.id.clone());
                    (path.to_owned(), commit)
                }
                None => (file, None),
            };
            let mut entries = vec![entry(*revision.get_ref(), file, commit, &doc.file)];
            for old in resolved.history.documents.get(i).map(|h| h.revisions.as_slice()).unwrap_or_default() {
                let file = crate::diagnostic::display_path(&old.document.file.path);
                let file = file.split('@').next().unwrap_or(&file).to_owned();
                let commit = resolved.history.commits.get(old.commit).map(|c| c.id.clone());
                entries.push(entry(old.number, file, commit, &old.document.file));
            }
            Some(Arc::new(manifest::DocSources::new(doc.file.clone(), entries)))
        })
        .collect()
}
