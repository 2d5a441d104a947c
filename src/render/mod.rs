//! The fourth stage: the resolved manual becomes a site in memory — a sorted map from output
//! path to bytes (or to a file to copy) — so writing it, serving it, diffing two builds and
//! testing it all work on the same value. Pages render in parallel; the map keeps the output
//! independent of thread scheduling.

pub mod api;
pub mod assets;
pub mod changes;
pub mod check;
pub mod doc_view;
pub mod edition_pages;
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
pub mod memo;
pub mod oversight_pages;
pub mod pages;
pub mod redline;
pub mod sanitise;
pub mod search;
pub mod site_wide;
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

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::load::Sources;
use crate::resolve::ResolvedManual;

/// Per page, a hash of its template and context (see [`Rendered::fingerprints`]).
pub type Fingerprints = imbl::OrdMap<String, u64>;

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
}

/// Where rendered files go: kept in memory (serve, check, tests, portals) or spilled.
#[derive(Clone, Copy)]
pub struct Sink<'a> {
    spill: Option<&'a dyn Spill>,
}

impl Sink<'_> {
    pub const MEMORY: Sink<'static> = Sink { spill: None };

    /// The output for a rendered file.
    pub fn keep(&self, path: &str, bytes: std::sync::Arc<[u8]>) -> Output {
        self.spill.and_then(|spill| spill.spill(path, &bytes)).unwrap_or(Output::Bytes(bytes))
    }

    /// Like `keep`, from a borrowed buffer: a spilled file is written from it, with no copy.
    pub fn keep_slice(&self, path: &str, bytes: &[u8]) -> Output {
        self.spill.and_then(|spill| spill.spill(path, bytes)).unwrap_or_else(|| Output::Bytes(bytes.into()))
    }
}

/// The rendered site: output paths (relative, `/`-separated, e.g. `quy-trinh/qt-07/index.html`)
/// to their content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// A persistent map: a rebuild copies the last site in constant time and changes what
    /// changed, instead of copying every path.
    pub files: imbl::OrdMap<String, Output>,
    /// Pages rendered from templates (HTML pages, not assets or JSON).
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

/// What a rebuild may take from the previous render of the same documents: the site and the
/// document views, and which documents (by index) must be rendered again because they, or
/// something their pages show, changed.
pub struct Reuse<'a> {
    pub site: &'a Site,
    pub views: &'a pages::DocViews,
    pub stale: &'a std::collections::BTreeSet<usize>,
    /// Legal registry entries (by index) whose pages must be rendered again: those a stale
    /// document cites.
    pub stale_legal: &'a std::collections::BTreeSet<usize>,
    /// The fingerprints of the previous render's pages (see [`Rendered::fingerprints`]).
    pub fingerprints: &'a Fingerprints,
    /// Whether a change can move documents within their lists (their weight changed).
    pub reordered: bool,
    /// The previous render's manifest entries.
    pub manifest: &'a manifest::Entries,
}

/// A render's results.
pub struct Rendered {
    pub site: Site,
    /// The document views, for a later rebuild to reuse.
    pub views: pages::DocViews,
    /// When asked for: per page, a hash of its template and context, so a later rebuild can keep
    /// the pages whose inputs did not change without rendering them.
    pub fingerprints: Fingerprints,
    /// The manifest's entries, for a later rebuild to reuse.
    pub manifest: manifest::Entries,
    pub diagnostics: Diagnostics,
}

impl Reuse<'_> {
    /// Whether document `index` is rendered again.
    pub fn renders(&self, index: usize) -> bool {
        self.stale.contains(&index)
    }

    /// Whether legal entry `index` is rendered again.
    pub fn renders_legal(&self, index: usize) -> bool {
        self.stale_legal.contains(&index)
    }
}

/// Which documents, legal entries and site-wide pages a render renders (its selection): all, or what a reuse
/// says is stale.
pub struct Selection<'a> {
    reuse: Option<&'a Reuse<'a>>,
    /// Only these documents and legal entries (`sotay check`'s sample), when given.
    sample: Option<&'a check::Sample>,
    pub wide: site_wide::SiteWide,
}

impl Selection<'_> {
    pub fn document(&self, index: usize) -> bool {
        self.reuse.is_none_or(|r| r.renders(index)) && self.sample.is_none_or(|s| s.documents.contains(&index))
    }

    pub fn legal(&self, index: usize) -> bool {
        self.reuse.is_none_or(|r| r.renders_legal(index)) && self.sample.is_none_or(|s| s.legal.contains(&index))
    }
}

/// Renders the whole site, or reports why it cannot be rendered.
pub fn render(resolved: &ResolvedManual, sources: &Sources) -> (Site, Diagnostics) {
    let rendered = render_reusing(resolved, sources, None, false);
    (rendered.site, rendered.diagnostics)
}

/// [`render`], each page and JSON file handed to `spill` as soon as it is made (`sotay build`):
/// the site returned lists them as [`Output::Staged`].
pub fn render_spilling(resolved: &ResolvedManual, sources: &Sources, spill: &dyn Spill) -> (Site, Diagnostics) {
    let rendered = render_with(resolved, sources, None, false, Sink { spill: Some(spill) });
    (rendered.site, rendered.diagnostics)
}

/// The compiled templates, one engine for the site's language and for each language translations
/// are published in; or the templates' problems. The engines of the last render are taken again
/// when everything they are made of is the same (see [`EnginesKey`]).
fn engines(
    resolved: &ResolvedManual,
    sources: &Sources,
    urls: &Urls,
) -> Result<std::sync::Arc<localise::Engines>, Vec<Diagnostic>> {
    let cite = links::CiteFilter::new(resolved, urls);
    let mut languages = translation_views::languages(resolved);
    languages.push(resolved.manual.config.site.language.get_ref().clone());
    let catalog = &resolved.manual.catalog;
    let strings = languages.iter().map(|lang| (lang.clone(), catalog.or_reference(lang).clone())).collect();
    let key = EnginesKey { templates: templates::fingerprint(sources), cite: cite.clone(), strings };
    if let Some(engines) = LAST_ENGINES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
        if engines.0 == key {
            return Ok(engines.1.clone());
        }
    }
    let mut tera = templates::engine(sources)?;
    tera.register_filter("cite", cite);
    let engines = std::sync::Arc::new(localise::Engines::new(&tera, catalog, languages.iter().map(String::as_str)));
    *LAST_ENGINES.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((key, engines.clone()));
    Ok(engines)
}

/// What the engines are made of: the templates, the `cite` filter's legal entries and links, and
/// the interface strings of each language, in order. Cloning the compiled templates for each
/// language and writing the strings into them took about 5 ms of every `serve` rebuild.
#[derive(PartialEq, Eq)]
struct EnginesKey {
    templates: u64,
    cite: links::CiteFilter,
    strings: Vec<(String, std::sync::Arc<crate::i18n::Strings>)>,
}

/// The engines the last render made, with what they were made of.
static LAST_ENGINES: std::sync::Mutex<Option<(EnginesKey, std::sync::Arc<localise::Engines>)>> =
    std::sync::Mutex::new(None);

/// Renders the site; with `reuse`, the pages of documents that are not stale are taken from the
/// previous site, which gives the same bytes as rendering them (the caller decides staleness
/// from the resolved dependencies). Also returns the document views, for the next rebuild.
pub fn render_reusing(
    resolved: &ResolvedManual,
    sources: &Sources,
    reuse: Option<&Reuse>,
    fingerprints: bool,
) -> Rendered {
    render_with(resolved, sources, reuse, fingerprints, Sink::MEMORY)
}

fn render_with(
    resolved: &ResolvedManual,
    sources: &Sources,
    reuse: Option<&Reuse>,
    fingerprints: bool,
    sink: Sink,
) -> Rendered {
    let mut diagnostics = Diagnostics::new();
    let urls = Urls { base: resolved.manual.base_url.clone() };
    let engine_span = crate::timings::span("render: templates");
    let engines = match engines(resolved, sources, &urls) {
        Ok(engines) => engines,
        Err(problems) => {
            diagnostics.extend(problems);
            let (site, views, fingerprints, manifest) = Default::default();
            return Rendered { site, views, fingerprints, manifest, diagnostics };
        }
    };
    let assets = assets::collect(sources, &urls);
    drop(engine_span);

    let mut site = Site::default();
    let views = {
        let _span = crate::timings::span("render: document views");
        pages::document_views(resolved, &urls, reuse)
    };

    let wide_span = crate::timings::span("render: site-wide scope");
    let kind_of = |index: usize| resolved.manual.documents[index].kind;
    let wide = reuse.map_or_else(site_wide::SiteWide::all, |r| site_wide::SiteWide::after(r, &views, &kind_of));
    let scope = Selection { reuse, sample: None, wide };
    drop(wide_span);
    crate::timings::note(|| format!("{:?}", scope.wide));
    let _history_span = crate::timings::span("render: history jobs");
    let (mut history_jobs, feed) = history_pages::history_jobs(resolved, &urls, &views, &scope);
    if scope.wide.editions {
        history_jobs.extend(edition_pages::edition_jobs(resolved, &urls).into_iter().map(pages::ready));
    }
    history_jobs.extend(translation_pages::translation_jobs(resolved, &urls, &scope).into_iter().map(pages::ready));
    let site_lang = resolved.manual.config.site.language.get_ref();
    let has_template = |name: &str| engines.get(site_lang).get_template(name).is_ok();
    let oversight = match scope.wide.oversight {
        true => oversight_pages::oversight(resolved, &urls, &has_template),
        false => oversight_pages::Oversight { jobs: Vec::new(), files: Vec::new() },
    };
    history_jobs.extend(oversight.jobs.into_iter().map(pages::ready));
    let memo = memo::Memo { scope: &scope, fingerprints, previous: reuse.map(|r| (r.fingerprints, r.site)), sink };
    drop(_history_span);
    let rendered = {
        let _span = crate::timings::span("render: pages");
        pages::render_pages(resolved, &engines, &urls, &assets, &views, history_jobs, &memo)
    };
    let mut prints = Fingerprints::new();

    let kept_span = crate::timings::span("render: kept files");
    if let Some(reuse) = reuse {
        let (kept, dropped) = kept_files(resolved, &urls, reuse, &scope.wide);
        site.files = kept;
        site.pages = site.files.keys().filter(|p| p.ends_with(".html")).count();
        // Pages kept from the previous render keep their fingerprints.
        if fingerprints {
            prints = reuse.fingerprints.clone();
            for path in &dropped {
                prints.remove(path);
            }
        }
    }
    drop(kept_span);
    if let Some(feed) = feed {
        site.files.insert("thay-doi/atom.xml".into(), Output::Bytes(feed.into_bytes().into()));
    }
    for (path, bytes) in oversight.files {
        site.files.insert(path, Output::Bytes(bytes.into()));
    }
    for result in rendered {
        match result {
            Ok(page) => {
                site.pages += 1;
                match page.fingerprint {
                    Some(print) => prints.insert(page.path.clone(), print),
                    None => prints.remove(&page.path),
                };
                site.files.insert(page.path, page.output);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    for (path, output) in assets.files {
        site.files.insert(path, output);
    }
    let _span = crate::timings::span("render: search, api, sitemap");
    // A sitemap needs absolute URLs: without a host in base_url there is none.
    let ((index, map), api) = rayon::join(
        || {
            rayon::join(
                || scope.wide.search.then(|| search::index(resolved, &urls, &views)),
                || (!urls.base.origin.is_empty()).then(|| sitemap::sitemap(resolved, &urls, &views)),
            )
        },
        || api::render(resolved, &urls, &views, &scope, sink),
    );
    for (path, bytes) in index.into_iter().flatten() {
        site.files.insert(path, Output::Bytes(bytes.into()));
    }
    for (path, output) in api {
        site.files.insert(path, output);
    }

    for (i, files) in &resolved.attachments {
        let doc = &resolved.manual.documents[*i];
        if resolved.published[*i] {
            for file in files {
                put(&mut site.files, urls.attachment_path(doc, &file.name), Output::Copy(file.asset.disk.clone()));
            }
        }
    }
    if let Some(map) = map {
        site.files.insert("sitemap.xml".into(), Output::Bytes(map.into_bytes().into()));
    }
    site.files.insert("robots.txt".into(), Output::Bytes(sitemap::robots(&urls, resolved).into_bytes().into()));
    for file in &sources.static_files {
        let path = crate::diagnostic::display_path(&file.path);
        match site.files.entry(path) {
            imbl::ordmap::Entry::Occupied(taken) => diagnostics.push(static_collision(file, taken.key())),
            imbl::ordmap::Entry::Vacant(slot) => {
                slot.insert(Output::Copy(file.disk.clone()));
            }
        }
    }
    drop(_span);
    let _span = crate::timings::span("render: manifest");
    let t = crate::timings::span("manifest: revision sources");
    let sources = revision_sources(resolved, reuse);
    drop(t);
    let (manifest, entries) = manifest::manifest(&site, sources, reuse.map(|r| (r.site, r.manifest)));

    site.files.insert("manifest.json".into(), Output::Bytes(manifest.into()));
    Rendered { site, views, fingerprints: prints, manifest: entries, diagnostics }
}

/// A static file at a path sotay generates.
fn static_collision(file: &crate::load::AssetFile, path: &str) -> Diagnostic {
    Diagnostic::error(
        Loc::file(&std::sync::Arc::from(std::path::Path::new("static").join(&file.path).as_path())),
        "static-collision",
        format!("static/{path} would replace a page sotay generates"),
    )
    .with_help("rename or move the static file")
}

/// The previous site's files of the published documents that are not stale (their pages,
/// including earlier revisions, redlines, history and attachments, and their JSON), of the
/// legal entries that are not stale, and the site-wide outputs `wide` keeps. Everything else is
/// rendered again. The previous map is copied in constant time and the rest taken out of it;
/// the paths taken out are returned too.
fn kept_files(
    resolved: &ResolvedManual,
    urls: &Urls,
    reuse: &Reuse,
    wide: &site_wide::SiteWide,
) -> (imbl::OrdMap<String, Output>, Vec<String>) {
    use std::collections::HashSet;
    // Documents by (section, slug): their folder `quy-trinh/qt-07/` and JSON `api/quy-trinh/qt-07.json`.
    let mut documents: HashSet<(&str, &str)> = HashSet::new();
    let mut files: HashSet<String> = HashSet::new();
    for index in (0..resolved.manual.documents.len()).filter(|&i| resolved.published[i] && !reuse.renders(i)) {
        let doc = &resolved.manual.documents[index];
        documents.insert((doc.kind.section(), &doc.slug));
        for t in resolved.translations_of(index) {
            files.insert(format!("{}index.html", urls.translation_path(resolved, t)));
        }
    }
    for (_, entry) in resolved.manual.legal.iter().enumerate().filter(|(i, _)| !reuse.renders_legal(*i)) {
        files.insert(format!("{}index.html", urls.legal_path(entry)));
        files.insert(format!("api/van-ban/{}.json", entry.doc.number.get_ref().slug()));
    }
    let of_kept_document = |path: &str| {
        let mut parts = path.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("api"), Some(section), Some(file)) => file
                .strip_suffix(".json")
                .is_some_and(|slug| !slug.contains('/') && documents.contains(&(section, slug))),
            (Some(section), Some(slug), Some(_)) => documents.contains(&(section, slug)),
            _ => false,
        }
    };
    let mut kept = reuse.site.files.clone();
    let dropped: Vec<String> = reuse
        .site
        .files
        .keys()
        .filter(|path| !(of_kept_document(path) || files.contains(path.as_str()) || wide.keeps(path)))
        .cloned()
        .collect();
    for path in &dropped {
        kept.remove(path);
    }
    (kept, dropped)
}

/// Adds an output, leaving the map as it is when it already holds the same (a kept file).
fn put(files: &mut imbl::OrdMap<String, Output>, path: String, output: Output) {
    if files.get(&path) != Some(&output) {
        files.insert(path, output);
    }
}

/// The source text of every published revision, for the manifest: per document (in document
/// order), its entries. A document that is not rendered again keeps its entries from the
/// previous render (its working copy is the same file, and the history did not move, or it
/// would be); the others are hashed.
fn revision_sources(resolved: &ResolvedManual, reuse: Option<&Reuse>) -> Vec<Option<Arc<manifest::DocSources>>> {
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
            let kept = reuse.filter(|r| !r.renders(i)).and_then(|r| r.manifest.sources_of(i));
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
