//! Pages of the manual's editions (`an-ban/`): the list of editions, each edition's home (its
//! date and every document with the revision it had), and for each document of an edition an
//! address under the edition's path. That address forwards to the revision's own page when the
//! site publishes that revision anyway, so a revision is rendered once however many editions
//! hold it; only text found in no published revision is rendered under the edition.
//! Document pages carry a switcher to the same document in every edition ([`edition_links`]).

use serde::Serialize;
use tera::Context;

use super::doc_view::doc_view;
use super::job::{meta, template_of, Job};
use super::links::Resolver;
use super::markdown;

use super::versions::{edition_links, shown};
use super::views::{doc_ref, DocRef};
use super::Urls;
use crate::model::{Audience, Date, Kind, Status};
use crate::resolve::editions::{Edition, EditionEntry, Shows};
use crate::resolve::ResolvedManual;

/// What an edition's page and banner know about it.
#[derive(Clone, Debug, Serialize)]
pub struct EditionView {
    pub name: String,
    pub title: String,
    pub tag: Option<String>,
    pub date: Date,
    pub url: String,
    pub documents: usize,
}

#[derive(Clone, Debug, Serialize)]
struct EntryView {
    document: DocRef,
    revision: u32,
    status: Option<Status>,
    status_name: Option<String>,
    url: String,
    /// The revision on the site today, when it is not this one.
    now: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
struct KindGroup {
    kind_name: String,
    entries: Vec<EntryView>,
}

/// The entries of an edition a build publishes: documents published now (the resolve stage
/// has already left out entries whose state in the edition this audience may not see).
pub(super) fn visible<'a>(
    resolved: &'a ResolvedManual,
    edition: &'a Edition,
) -> impl Iterator<Item = &'a EditionEntry> {
    edition.entries.iter().filter(move |e| shown(resolved, e))
}

pub(super) fn edition_view(resolved: &ResolvedManual, urls: &Urls, edition: &Edition) -> EditionView {
    EditionView {
        name: edition.name.clone(),
        title: edition.title.clone(),
        tag: edition.tag.clone(),
        date: edition.date,
        url: urls.link(&urls.edition_path(edition)),
        documents: visible(resolved, edition).count(),
    }
}

/// Every edition page, or none when the manual names no edition.
pub fn edition_jobs(resolved: &ResolvedManual, urls: &Urls) -> Vec<Job> {
    let editions = &resolved.history.editions;
    if editions.is_empty() {
        return Vec::new();
    }
    let internal = resolved.options.audience == Audience::Internal;
    let views: Vec<EditionView> = editions.iter().map(|e| edition_view(resolved, urls, e)).collect();
    let mut context = Context::new();
    context.insert("editions", &views);
    let mut jobs = vec![Job {
        path: "an-ban/index.html".into(),
        template: "editions.html",
        meta: meta(
            urls,
            "an-ban/",
            resolved.manual.ui().get("title.editions").into(),
            Some(resolved.manual.ui().get("description.editions").into()),
            "an-ban",
            internal,
        ),
        context,
        source: None,
    }];
    for (edition, view) in editions.iter().zip(&views) {
        jobs.push(edition_home(resolved, urls, edition, view, internal));
        for entry in visible(resolved, edition) {
            jobs.push(match &entry.shows {
                Shows::Revision => forward_job(resolved, urls, edition, entry),
                Shows::Own(old) => own_job(resolved, urls, edition, view, entry, old, internal),
            });
        }
    }
    jobs
}

fn edition_home(resolved: &ResolvedManual, urls: &Urls, edition: &Edition, view: &EditionView, internal: bool) -> Job {
    let groups: Vec<KindGroup> = Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let entries: Vec<EntryView> = visible(resolved, edition)
                .filter(|e| resolved.manual.documents[e.document].kind == kind)
                .map(|e| {
                    let now = resolved.displayed_revision(e.document);
                    EntryView {
                        document: doc_ref(resolved, urls, e.document),
                        revision: e.revision,
                        status: e.status,
                        status_name: e.status.map(|s| resolved.manual.ui().named("status", &s).to_owned()),
                        url: urls.edition_entry(resolved, edition, e),
                        now: (now != e.revision || matches!(e.shows, Shows::Own(_))).then_some(now),
                    }
                })
                .collect();
            let kind_name = resolved.manual.ui().kinds(kind).to_owned();
            (!entries.is_empty()).then_some(KindGroup { kind_name, entries })
        })
        .collect();
    let mut context = Context::new();
    context.insert("edition", view);
    context.insert("groups", &groups);
    let path = urls.edition_path(edition);
    Job {
        path: format!("{path}index.html"),
        template: "edition.html",
        meta: meta(
            urls,
            &path,
            edition.title.clone(),
            Some(resolved.manual.ui().fill("edition.lead", &[("date", &edition.date.to_string())])),
            "an-ban",
            internal,
        ),
        context,
        source: None,
    }
}

/// The edition's address of a document whose revision has its own page: a page that forwards
/// there, so links into an edition keep working without rendering the revision twice.
fn forward_job(resolved: &ResolvedManual, urls: &Urls, edition: &Edition, entry: &EditionEntry) -> Job {
    let path = urls.edition_document_path(resolved, edition, entry);
    let target = urls.revision(resolved, entry.document, entry.revision);
    let mut context = Context::new();
    context.insert("target", &target);
    context.insert("target_absolute", &format!("{}{}", urls.base.origin, target));
    context.insert("document", &doc_ref(resolved, urls, entry.document));
    context.insert("revision", &entry.revision);
    context.insert("edition_title", &edition.title);
    let mut page = meta(
        urls,
        &path,
        format!("{} – {}", doc_ref(resolved, urls, entry.document).title, edition.title),
        None,
        "an-ban",
        true,
    );
    page.canonical = format!("{}{}", urls.base.origin, target);
    Job { path: format!("{path}index.html"), template: "forward.html", meta: page, context, source: None }
}

fn own_job(
    resolved: &ResolvedManual,
    urls: &Urls,
    edition: &Edition,
    view: &EditionView,
    entry: &EditionEntry,
    old: &crate::parse::Document,
    internal: bool,
) -> Job {
    let index = entry.document;
    let body = markdown::render(old.markdown(), &Resolver { resolved, urls, from: index });
    let mut doc = doc_view(resolved, urls, index, old, body);
    doc.editions = edition_links(resolved, urls, index, entry.revision, Some(&edition.name));
    doc.upcoming = None;
    let current = &resolved.manual.documents[index];
    let mut context = Context::new();
    context.insert("doc", &doc);
    context.insert("edition", view);
    context.insert("edition_current_url", &urls.document(current));
    let path = urls.edition_document_path(resolved, edition, entry);
    let title = format!("{} ({})", doc.reference.title, edition.title);
    Job {
        template: template_of(current.kind),
        meta: meta(urls, &path, title, None, current.kind.section(), internal),
        path: format!("{path}index.html"),
        context,
        source: Some(current.file.path.clone()),
    }
}
