//! Pages of a document's life: each earlier issued revision at a stable URL
//! (`quy-trinh/qt-07/lan-02/`) with a "superseded" banner, a redline between each pair of
//! consecutive revisions (`so-sanh/lan-01-lan-02/`), the document's history (`lich-su/`:
//! the amendment table with the commits that touched it), and the site-wide change page and feed.

use serde::Serialize;
use tera::Context;

use super::changes::{atom, changes};
use super::doc_view::doc_view;
use super::job::{meta, template_of, Batch, Job};
use super::links::Resolver;
use super::markdown;
use super::redline::{redline, Body};
use super::versions::current_revision;
use super::views::DocView;
use super::views::DocViews;
use super::Urls;
use crate::model::{Audience, Date};
use crate::parse::Document;
use crate::resolve::deps::{Outputs, Wide};
use crate::resolve::ResolvedManual;

/// A banner on an earlier revision: what replaced it and since when.
#[derive(Clone, Debug, Serialize)]
struct Superseded {
    revision: u32,
    current_revision: u32,
    current_url: String,
    current_effective: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
struct CommitView {
    id: String,
    short_id: String,
    date: Date,
    author: String,
    message: String,
}

/// The pages of every published document's earlier revisions, redlines and history, and the
/// site-wide change page and feed.
pub fn history_jobs<'a>(
    resolved: &'a ResolvedManual,
    urls: &'a Urls,
    views: &'a DocViews,
    only: &Outputs,
) -> (Vec<Batch<'a>>, Option<String>) {
    let internal = resolved.options.audience == Audience::Internal;
    let mut jobs: Vec<Batch<'a>> = views
        .views
        .iter()
        .map(|view| &**view)
        .zip(views.indices.iter().copied())
        .filter(|&(_, index)| resolved.manual.documents[index].kind.is_controlled() && only.document(index))
        .map(|(view, index)| {
            Batch::new(resolved.deps.document_key(index), move || {
                document_history_jobs(resolved, urls, index, view, internal)
            })
        })
        .collect();
    if !only.wide(&Wide::Changes) {
        return (jobs, None);
    }
    let entries = changes(resolved, urls);
    let feed = atom(resolved, urls, &entries);
    let mut context = Context::new();
    context.insert("changes", &entries);
    context.insert("feed_url", &urls.link("thay-doi/atom.xml"));
    let ui = resolved.manual.ui();
    jobs.push(super::job::ready_wide(
        Wide::Changes,
        vec![Job {
            path: "thay-doi/index.html".into(),
            template: "changes.html",
            meta: meta(
                urls,
                "thay-doi/",
                ui.get("title.changes").into(),
                Some(ui.get("description.changes").into()),
                "thay-doi",
                internal,
            ),
            context,
            source: None,
        }],
    ));
    (jobs, Some(feed))
}

/// A document's history page, its earlier revisions, an upcoming revision and the redlines
/// between consecutive revisions.
fn document_history_jobs(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    view: &DocView,
    internal: bool,
) -> Vec<Job> {
    let doc = &resolved.manual.documents[index];
    let mut jobs = Vec::new();
    if resolved.has_history_page(index) {
        jobs.push(history_job(resolved, urls, index, view, internal));
    }
    let Some(history) = resolved.history.documents.get(index) else { return jobs };
    let mut chain: Vec<(u32, &Document)> = history.revisions.iter().map(|r| (r.number, &*r.document)).collect();
    chain.sort_by_key(|(n, _)| *n);
    chain.push((current_revision(doc), doc));
    let mut bodies =
        Bodies { links: Resolver { resolved, urls, from: index }, chain: &chain, html: vec![None; chain.len()] };
    let displayed = resolved.displayed_revision(index);
    for i in (0..chain.len() - 1).filter(|&i| chain[i].0 != displayed) {
        let (number, old) = chain[i];
        jobs.push(revision_job(resolved, urls, index, (number, old, bodies.html(i)), view, internal));
    }
    if displayed != current_revision(doc) {
        jobs.push(upcoming_job(resolved, urls, index, view, internal));
    }
    for i in 1..chain.len() {
        let ((a, old), (b, new)) = (chain[i - 1], chain[i]);
        if b == a + 1 {
            // An unchanged body is not shown, so not rendered for the redline either.
            let changed = old.markdown().trim() != new.markdown().trim();
            let (old_html, new_html) =
                if changed { (bodies.html(i - 1), bodies.html(i)) } else { (String::new(), String::new()) };
            let old_body = Body { markdown: old.markdown(), html: &old_html };
            let new_body = Body { markdown: new.markdown(), html: &new_html };
            jobs.push(redline_job(resolved, urls, index, (a, old, old_body), (b, new, new_body), view, internal));
        }
    }
    jobs
}

/// Each revision's body rendered once, when first asked for: the revision's page and the
/// redlines on either side of it show the same HTML.
struct Bodies<'a, 'c> {
    links: Resolver<'a>,
    chain: &'c [(u32, &'a Document)],
    html: Vec<Option<String>>,
}

impl Bodies<'_, '_> {
    fn html(&mut self, i: usize) -> String {
        let (links, chain) = (&self.links, self.chain);
        self.html[i].get_or_insert_with(|| markdown::render(chain[i].1.markdown(), links)).clone()
    }
}

pub(super) fn history_job(resolved: &ResolvedManual, urls: &Urls, index: usize, view: &DocView, internal: bool) -> Job {
    let doc = &resolved.manual.documents[index];
    let commits: Vec<CommitView> = resolved
        .history
        .documents
        .get(index)
        .map(|h| {
            h.commits
                .iter()
                .rev()
                .filter_map(|&c| resolved.history.commits.get(c))
                .map(|c| CommitView {
                    id: c.id.clone(),
                    short_id: c.id.chars().take(7).collect(),
                    date: c.date,
                    author: c.author.clone(),
                    message: c.message.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut context = Context::new();
    context.insert("doc", view);
    context.insert("commits", &commits);
    let path = urls.history_path(doc);
    Job {
        template: "history.html",
        meta: meta(
            urls,
            &path,
            resolved.manual.ui().fill("title.history", &[("title", &view.reference.title)]),
            None,
            doc.kind.section(),
            internal,
        ),
        path: format!("{path}index.html"),
        context,
        source: Some(doc.file.path.clone()),
    }
}

fn old_view(resolved: &ResolvedManual, urls: &Urls, index: usize, old: &Document) -> DocView {
    let body = markdown::render(old.markdown(), &Resolver { resolved, urls, from: index });
    doc_view(resolved, urls, index, old, body)
}

/// An earlier revision's page; `body` is its rendered body.
fn revision_job(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    (number, old, body): (u32, &Document, String),
    current: &DocView,
    internal: bool,
) -> Job {
    let doc = &resolved.manual.documents[index];
    let view = doc_view(resolved, urls, index, old, body);
    let mut context = Context::new();
    context.insert("doc", &view);
    context.insert(
        "superseded",
        &Superseded {
            revision: number,
            // The revision the current page shows: the one in force, not a later upcoming one.
            current_revision: resolved.displayed_revision(index),
            current_url: current.reference.url.clone(),
            current_effective: current.effective,
        },
    );
    let path = urls.revision_path(doc, number);
    let args = [("title", current.reference.title.as_str()), ("revision", &number.to_string())];
    let title = resolved.manual.ui().fill("title.superseded", &args);
    Job {
        template: template_of(doc.kind),
        meta: {
            let mut m = meta(urls, &path, title, None, doc.kind.section(), internal);
            m.canonical = urls.base.absolute(&path);
            m
        },
        path: format!("{path}index.html"),
        context,
        source: Some(doc.file.path.clone()),
    }
}

/// The page of the current revision while the one before is still in force.
fn upcoming_job(resolved: &ResolvedManual, urls: &Urls, index: usize, shown: &DocView, internal: bool) -> Job {
    let doc = &resolved.manual.documents[index];
    let number = current_revision(doc);
    let view = old_view(resolved, urls, index, doc);
    let mut context = Context::new();
    context.insert("doc", &view);
    context.insert(
        "not_yet_in_force",
        &Superseded {
            revision: number,
            current_revision: resolved.displayed_revision(index),
            current_url: shown.reference.url.clone(),
            current_effective: view.effective,
        },
    );
    let path = urls.revision_path(doc, number);
    let args = [("title", shown.reference.title.as_str()), ("revision", &number.to_string())];
    let title = resolved.manual.ui().fill("title.upcoming", &args);
    Job {
        template: template_of(doc.kind),
        meta: meta(urls, &path, title, None, doc.kind.section(), internal),
        path: format!("{path}index.html"),
        context,
        source: Some(doc.file.path.clone()),
    }
}

fn redline_job(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    (a, old, old_body): (u32, &Document, Body),
    (b, new, new_body): (u32, &Document, Body),
    current: &DocView,
    internal: bool,
) -> Job {
    let doc = &resolved.manual.documents[index];
    let unit_name = |id: &str| resolved.manual.config.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    let ui = resolved.manual.ui();
    let diff = redline((&old.meta, old_body), (&new.meta, new_body), &unit_name, ui);
    let mut context = Context::new();
    context.insert("doc", current);
    context.insert("redline", &diff);
    context.insert("old_revision", &a);
    context.insert("new_revision", &b);
    context.insert("old_url", &urls.revision(resolved, index, a));
    context.insert("new_url", &urls.revision(resolved, index, b));
    let path = urls.redline_path(doc, a, b);
    Job {
        template: "redline.html",
        meta: meta(
            urls,
            &path,
            ui.fill(
                "title.redline",
                &[("old", &a.to_string()), ("new", &b.to_string()), ("title", &current.reference.title)],
            ),
            Some(diff.summary.clone()),
            doc.kind.section(),
            internal,
        ),
        path: format!("{path}index.html"),
        context,
        source: Some(doc.file.path.clone()),
    }
}
