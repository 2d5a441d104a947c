//! Which HTML pages a site has and what each template receives: the home page, a list per kind,
//! a page per published document, the legal registry's index and entries, and the 404 page.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::assets::Assets;
use super::doc_view::doc_view;
pub use super::job::{meta, ready, ready_wide, template_of, Batch, Job, PageMeta};
use super::links::Resolver;
use super::list_items::ListItem;
use super::markdown;
pub use super::views::DocViews;
use super::views::{DocRef, DocView, UnitView};
use super::Urls;
use crate::config::Agency;
use crate::diagnostic::{Diagnostic, Loc};
use crate::model::{Audience, Date, Kind};
use crate::resolve::deps::{OutputKey, Outputs, Wide};
use crate::resolve::ResolvedManual;

/// What every template knows about the site.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub agency: Agency,
    pub language: String,
    pub standard: String,
    pub base: String,
    pub base_url: String,
    pub audience: Audience,
    pub internal: bool,
    pub build_date: Date,
    pub css_url: String,
    /// The script that dates a printed controlled document, when the theme has one.
    pub print_js_url: Option<String>,
    pub home_url: String,
    pub legal_url: String,
    pub search_url: String,
    /// The site-wide change page and its Atom feed.
    pub changes_url: String,
    pub feed_url: String,
    /// The list of editions, when the manual has any.
    pub editions_url: Option<String>,
    pub nav: Vec<NavItem>,
    pub units: Vec<UnitView>,
    /// The language of the manual's documents and of the agency's names (`vi`).
    pub content_lang: &'static str,
    /// The language of `title` when it is the manual's own (`[site] title`), else none.
    pub title_lang: Option<&'static str>,
    /// The index page of each language the site has translations in.
    pub translations: Vec<super::translation_views::LanguageLink>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NavItem {
    pub name: String,
    pub url: String,
    pub section: &'static str,
}

#[derive(Clone, Debug, Serialize)]
struct Count<'a> {
    kind: Kind,
    name: &'a str,
    count: usize,
    url: String,
}

#[derive(Clone, Debug, Serialize)]
struct Change {
    document: DocRef,
    revision: u32,
    date: Date,
    summary: String,
}

#[derive(Clone, Debug, Serialize)]
struct Group<'a> {
    field: String,
    /// The field's language, none for the interface's name of procedures without one.
    field_lang: Option<&'static str>,
    docs: Vec<ListItem<'a>>,
}

/// The views of the published documents: those of `only`'s documents made (their bodies
/// rendered), in parallel; the others taken from `previous`, the last render's views.
pub fn document_views(
    resolved: &ResolvedManual,
    urls: &Urls,
    only: Option<&Outputs>,
    previous: Option<&DocViews>,
) -> DocViews {
    let published = (0..resolved.manual.documents.len()).filter(|&i| resolved.published[i]);
    let indices: Vec<usize> = match (only, previous) {
        (Some(only), None) => published.filter(|&i| only.document(i)).collect(),
        _ => published.collect(),
    };
    let views = indices
        .par_iter()
        .map(|&i| {
            let kept = previous.filter(|_| only.is_some_and(|o| !o.document(i))).and_then(|p| p.shared(i));
            if let Some(view) = kept {
                return view.clone();
            }
            let shown = resolved.revision_in_force(i).map_or(&*resolved.manual.documents[i], |r| &r.document);
            let body = markdown::render(shown.markdown(), &Resolver { resolved, urls, from: i });
            Arc::new(doc_view(resolved, urls, i, shown, body))
        })
        .collect();
    DocViews { indices, views }
}

/// A rendered page and the key that owns it.
pub struct RenderedPage {
    pub key: OutputKey,
    pub path: String,
    pub output: super::Output,
}

/// The home page, the fixed pages, the lists, the documents' pages and the legal pages that
/// `only` names.
pub fn page_batches<'a>(
    resolved: &'a ResolvedManual,
    urls: &'a Urls,
    assets: &Assets,
    doc_views: &'a DocViews,
    only: &Outputs,
) -> Vec<Batch<'a>> {
    let view_of = |i: usize| doc_views.get(i);
    let ui = resolved.manual.ui();
    let mut jobs: Vec<Batch> = Vec::new();
    if only.wide(&Wide::Home) {
        jobs.push(ready_wide(Wide::Home, vec![home_job(resolved, urls, &view_of)]));
    }
    if only.wide(&Wide::Fixed) {
        jobs.push(ready_wide(Wide::Fixed, vec![not_found_job(urls, ui), search_job(urls, assets, ui)]));
    }
    // A list's context holds an item per document (7 000 procedures: about 100 MB of Tera values):
    // made when its turn comes, so that not every list's is held at once.
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Page && only.wide(&Wide::List(*k))) {
        jobs.push(Batch::new(OutputKey::SiteWide(Wide::List(kind)), move || {
            let docs: Vec<&DocView> =
                resolved.published_of(kind).into_iter().filter_map(|i| doc_views.get(i)).collect();
            vec![list_job(kind, docs, urls, resolved.manual.ui())]
        }));
    }
    for (at, i) in doc_views.indices.iter().copied().enumerate().filter(|&(_, i)| only.document(i)) {
        let view = &*doc_views.views[at];
        jobs.push(Batch::new(resolved.deps.document_key(i), move || vec![document_job(resolved, urls, i, view)]));
    }
    jobs.extend(super::legal_pages::legal_jobs(resolved, urls, only));
    jobs
}

/// Renders `batches`, each page into `sink`; each result is a page, or a template problem.
pub fn render_pages(
    resolved: &ResolvedManual,
    engines: &super::localise::Engines,
    urls: &Urls,
    assets: &Assets,
    batches: Vec<Batch>,
    sink: super::Sink,
) -> Vec<Result<RenderedPage, Diagnostic>> {
    let site_lang = resolved.manual.config.site.language.get_ref();
    let sites: std::collections::BTreeMap<&str, SiteView> =
        engines.languages().map(|lang| (lang, site_view(resolved, urls, assets, lang))).collect();
    batches
        .into_par_iter()
        .flat_map_iter(Batch::jobs)
        .map(|(key, job)| {
            let mut context = job.context;
            let lang = if job.meta.lang.is_empty() { site_lang.as_str() } else { job.meta.lang.as_str() };
            let (tera, site) = (engines.get(lang), &sites[lang]);
            context.insert("site", site);
            if job.meta.lang.is_empty() {
                context.insert("page", &PageMeta { lang: lang.to_owned(), ..job.meta.clone() });
            } else {
                context.insert("page", &job.meta);
            }
            render_bytes(tera, job.template, &context, |html| sink.keep_slice(&job.path, html))
                .map(|output| RenderedPage { key, output, path: job.path.clone() })
                .map_err(|e| {
                let loc = job.source.as_ref().map_or_else(|| Loc::file(&Arc::from(Path::new("templates"))), Loc::file);
                let (template, path, cause) = (&job.template, &job.path, super::templates::chain(&e));
                Diagnostic::error(loc, "template-render", tr!(
                    "mẫu trang `{template}` lỗi khi dựng trang /{path}: {cause}",
                    "template `{template}` failed for page /{path}: {cause}"
                ))
                .with_help(tr!(
                    "sửa mẫu trang (hoặc mẫu thay thế của sổ tay trong templates/); thông báo nêu giá trị hoặc bộ lọc bị thiếu",
                    "fix the template (or the manual's override in templates/); the message names the missing value or filter"
                ))
            })
        })
        .collect()
}

/// A page rendered into a buffer each thread keeps and handed to `keep` (which writes it out,
/// or copies it once to its exact size): no buffer grows page after page, no slack is kept with
/// the page, a spilled page is written without a copy, and no String is made (Tera's would
/// check the whole page is UTF-8 again).
fn render_bytes(
    tera: &tera::Tera,
    template: &str,
    context: &tera::Context,
    keep: impl FnOnce(&[u8]) -> super::Output,
) -> tera::Result<super::Output> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    use super::template_limits::{Capped, PageBudget};
    let _budget = PageBudget::start();
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            // A document's page is mostly its body: room for it at once, instead of doubling
            // the buffer (and keeping the smaller ones) as a 50 MB body's page is written.
            let body =
                context.get("doc").and_then(|doc| doc.get("body_html")).and_then(|b| b.as_str()).map_or(0, str::len);
            buffer.reserve(body + body / 8 + 256 * 1024);
            let rendered = tera.render_to(template, context, Capped::page(&mut buffer));
            let page = rendered.map(|()| keep(buffer.as_slice()));
            // A very large page (or one stopped at the cap) leaves a buffer that size: let it go.
            if buffer.capacity() > 64 * 1024 * 1024 {
                *buffer = Vec::new();
            }
            page
        }
        Err(_) => {
            let mut own = Vec::new();
            tera.render_to(template, context, Capped::page(&mut own))?;
            Ok(keep(&own))
        }
    })
}

fn site_view(resolved: &ResolvedManual, urls: &Urls, assets: &Assets, lang: &str) -> SiteView {
    let config = &resolved.manual.config;
    let ui = resolved.manual.catalog.or_reference(lang);
    let nav = [Kind::Manual, Kind::Policy, Kind::Objective, Kind::Procedure, Kind::Form]
        .into_iter()
        .map(|kind| NavItem {
            name: ui.get(&format!("nav.{}", kind.name())).to_owned(),
            url: urls.section(kind),
            section: kind.section(),
        })
        .chain(std::iter::once(NavItem {
            name: ui.get("nav.legal").to_owned(),
            url: urls.link("van-ban/"),
            section: "van-ban",
        }))
        .collect();
    SiteView {
        title: config.title(ui),
        agency: config.agency.clone(),
        language: config.site.language.get_ref().clone(),
        standard: config.site.standard.clone(),
        base: urls.base.path.clone(),
        base_url: urls.base.absolute(""),
        audience: resolved.options.audience,
        internal: resolved.options.audience == Audience::Internal,
        build_date: resolved.options.date,
        css_url: assets.urls.get("style.css").cloned().unwrap_or_default(),
        print_js_url: assets.urls.get("print.js").cloned(),
        home_url: urls.link(""),
        legal_url: urls.link("van-ban/"),
        search_url: urls.link("tim-kiem/"),
        changes_url: urls.link("thay-doi/"),
        feed_url: urls.link("thay-doi/atom.xml"),
        editions_url: (!resolved.history.editions.is_empty()).then(|| urls.link("an-ban/")),
        nav,
        units: config.units.iter().map(|u| UnitView { id: u.id.get_ref().clone(), name: u.name.clone() }).collect(),
        content_lang: crate::i18n::ORIGINAL,
        title_lang: config.site.title.is_some().then_some(crate::i18n::ORIGINAL),
        translations: super::translation_views::language_links(resolved, urls),
    }
}

fn home_job<'a>(resolved: &ResolvedManual, urls: &Urls, view_of: &dyn Fn(usize) -> Option<&'a DocView>) -> Job {
    let first = |kind| resolved.published_of(kind).into_iter().find_map(view_of);
    let year = resolved.options.date.year();
    let objectives = resolved
        .published_of(Kind::Objective)
        .into_iter()
        .filter_map(view_of)
        .filter(|v| v.objectives.as_ref().is_some_and(|o| o.year <= year))
        .max_by_key(|v| v.objectives.as_ref().map(|o| o.year));
    let counts: Vec<Count> = Kind::ALL
        .into_iter()
        .filter(|k| *k != Kind::Page)
        .map(|kind| Count {
            kind,
            name: resolved.manual.ui().kinds(kind),
            count: resolved.published_of(kind).len(),
            url: urls.section(kind),
        })
        .collect();
    let mut context = Context::new();
    context.insert("policy", &first(Kind::Policy));
    context.insert("objectives", &objectives);
    context.insert("announcement", &first(Kind::Announcement));
    context.insert("manual", &first(Kind::Manual));
    context.insert("counts", &counts);
    context.insert("recent", &recent_changes(resolved, urls, 10));
    let (config, ui) = (&resolved.manual.config, resolved.manual.ui());
    let description =
        ui.fill("description.home", &[("standard", &config.site.standard), ("agency", &config.agency.name)]);
    Job {
        path: "index.html".into(),
        template: "home.html",
        meta: meta(urls, "", ui.get("title.home").to_owned(), Some(description), "home", internal(resolved)),
        context,
        source: None,
    }
}

fn internal(resolved: &ResolvedManual) -> bool {
    resolved.options.audience == Audience::Internal
}

/// The newest amendment rows of published documents (of published revisions), newest first.
pub fn recent_changes_rows(resolved: &ResolvedManual) -> Vec<(usize, u32, Date, String)> {
    let mut rows: Vec<(usize, u32, Date, String)> = Vec::new();
    for (i, doc) in resolved.manual.documents.iter().enumerate().filter(|(i, _)| resolved.published[*i]) {
        for a in resolved.amendments(i, doc) {
            rows.push((i, a.revision, a.date, a.summary.clone()));
        }
    }
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(b.1.cmp(&a.1)));
    rows
}

fn recent_changes(resolved: &ResolvedManual, urls: &Urls, limit: usize) -> Vec<Change> {
    recent_changes_rows(resolved)
        .into_iter()
        .take(limit)
        .map(|(i, revision, date, summary)| Change {
            document: super::views::doc_ref(resolved, urls, i),
            revision,
            date,
            summary,
        })
        .collect()
}

/// The search page; it refers to its script and the index relatively, so it works under any base
/// path and from a folder on disk.
fn search_job(urls: &Urls, assets: &Assets, ui: &crate::i18n::Strings) -> Job {
    let script = assets.files.keys().find(|p| p.starts_with("assets/search.") && p.ends_with(".js"));
    let mut context = Context::new();
    context.insert("search_js", &script.map(|p| format!("../{p}")));
    Job {
        path: "tim-kiem/index.html".into(),
        template: "search.html",
        meta: meta(
            urls,
            "tim-kiem/",
            ui.get("title.search").into(),
            Some(ui.get("description.search").into()),
            "tim-kiem",
            false,
        ),
        context,
        source: None,
    }
}

fn not_found_job(urls: &Urls, ui: &crate::i18n::Strings) -> Job {
    Job {
        path: "404.html".into(),
        template: "404.html",
        meta: meta(urls, "404.html", ui.get("title.not_found").into(), None, "404", true),
        context: Context::new(),
        source: None,
    }
}

fn list_job(kind: Kind, docs: Vec<&DocView>, urls: &Urls, ui: &crate::i18n::Strings) -> Job {
    let mut groups: Vec<Group> = Vec::new();
    if kind == Kind::Procedure {
        // Procedures without a field are grouped last, under the interface's name for them.
        let field_of = |d: &DocView| d.procedure.as_ref().and_then(|p| p.field.clone());
        let mut fields: Vec<Option<String>> = docs.iter().map(|d| field_of(d)).collect();
        fields.sort_by_key(|f| (f.is_none(), f.as_deref().map(crate::vietnamese::fold_lower)));
        fields.dedup();
        for field in fields {
            let members: Vec<&DocView> = docs.iter().copied().filter(|d| field_of(d) == field).collect();
            let field_lang = field.is_some().then_some(crate::i18n::ORIGINAL);
            let field = field.unwrap_or_else(|| ui.get("list.internal_field").to_owned());
            groups.push(Group { field, field_lang, docs: members.into_iter().map(ListItem::of).collect() });
        }
    }
    let mut context = Context::new();
    context.insert("kind", &kind);
    context.insert("kind_name", ui.kinds(kind));
    let items: Vec<ListItem> = docs.iter().map(|d| ListItem::of(d)).collect();
    context.insert("docs", &items);
    context.insert("groups", &groups);
    let path = format!("{}/", kind.section());
    Job {
        path: format!("{path}index.html"),
        template: "list.html",
        meta: meta(urls, &path, ui.kinds(kind).to_owned(), None, kind.section(), false),
        context,
        source: None,
    }
}

fn document_job(resolved: &ResolvedManual, urls: &Urls, index: usize, view: &DocView) -> Job {
    let doc = &resolved.manual.documents[index];
    let template = template_of(doc.kind);
    let title = match doc.code() {
        Some(code) => format!("{code} {}", doc.title()),
        None => doc.title().to_owned(),
    };
    let mut context = Context::new();
    context.insert("doc", view);
    let path = urls.document_path(doc);
    let noindex = internal(resolved) || view.preview;
    let mut page = meta(urls, &path, title, view.summary.clone(), doc.kind.section(), noindex);
    page.noindex = noindex;
    page.title_lang = Some(crate::i18n::ORIGINAL.to_owned());
    page.alternates = super::translation_views::alternates(urls, &path, &view.translations);
    let agency = &resolved.manual.config.agency;
    let json_ld = super::structured::government_service(view, agency, &page.canonical, resolved.manual.ui());
    context.insert("json_ld", &json_ld);
    Job { path: format!("{path}index.html"), template, meta: page, context, source: Some(doc.file.path.clone()) }
}
