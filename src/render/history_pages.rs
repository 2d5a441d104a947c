//! Pages of a document's life: each earlier issued revision at a stable URL
//! (`quy-trinh/qt-07/lan-02/`) with a "superseded" banner, a redline between each pair of
//! consecutive revisions (`so-sanh/lan-01-lan-02/`), the document's history (`lich-su/`:
//! the amendment table with the commits that touched it), and the site-wide change page and feed.

use serde::Serialize;
use tera::Context;

use super::changes::{atom, changes};
use super::doc_view::doc_view;
use super::links::Resolver;
use super::markdown;
use super::pages::{meta, ready, template_of, Batch, DocViews, Job};
use super::redline::redline;
use super::views::DocView;
use super::Urls;
use crate::model::{Audience, Date};
use crate::parse::Document;
use crate::resolve::ResolvedManual;

/// `quy-trinh/qt-07/lan-02/`
fn revision_path(urls: &Urls, doc: &Document, revision: u32) -> String {
    format!("{}lan-{revision:02}/", urls.document_path(doc))
}

fn redline_path(urls: &Urls, doc: &Document, old: u32, new: u32) -> String {
    format!("{}so-sanh/lan-{old:02}-lan-{new:02}/", urls.document_path(doc))
}

/// `quy-trinh/qt-07/lich-su/`
pub fn history_path(urls: &Urls, doc: &Document) -> String {
    format!("{}lich-su/", urls.document_path(doc))
}

fn current_revision(doc: &Document) -> u32 {
    doc.meta.revision.as_ref().map_or(0, |r| *r.get_ref())
}

/// A later revision of `doc` (the one shown) that is issued but not yet in force.
pub fn upcoming(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    shown: &Document,
) -> Option<super::views::Upcoming> {
    let current = &resolved.manual.documents[index];
    let effective = *current.meta.effective.as_ref()?.get_ref();
    if effective <= resolved.options.date || current_revision(shown) != resolved.displayed_revision(index) {
        return None;
    }
    let revision = current_revision(current);
    let own_page = resolved.revision_in_force(index).is_some();
    Some(super::views::Upcoming {
        revision,
        effective,
        url: own_page.then(|| urls.link(&revision_path(urls, current, revision))),
    })
}

fn has_revision(resolved: &ResolvedManual, index: usize, revision: u32) -> bool {
    let doc = &resolved.manual.documents[index];
    revision == current_revision(doc)
        || resolved.history.documents.get(index).is_some_and(|h| h.revisions.iter().any(|r| r.number == revision))
}

/// The page of revision `revision` of document `index`: the document's own page for the current
/// revision, the revision's page when history has it, else the document's history page.
pub fn revision_url(resolved: &ResolvedManual, urls: &Urls, index: usize, revision: u32) -> String {
    let doc = &resolved.manual.documents[index];
    if revision == resolved.displayed_revision(index) {
        urls.document(doc)
    } else if has_revision(resolved, index, revision) {
        urls.link(&revision_path(urls, doc, revision))
    } else {
        urls.link(&history_path(urls, doc))
    }
}

/// The redline from the revision before `revision`, when both are published.
pub fn redline_url(resolved: &ResolvedManual, urls: &Urls, index: usize, revision: u32) -> Option<String> {
    let doc = &resolved.manual.documents[index];
    (revision > 1 && has_revision(resolved, index, revision - 1) && has_revision(resolved, index, revision))
        .then(|| urls.link(&redline_path(urls, doc, revision - 1, revision)))
}

/// A link to one revision, for the revision list of a document.
#[derive(Clone, Debug, Serialize)]
pub struct RevisionLink {
    pub number: u32,
    pub url: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub redline_url: Option<String>,
    pub current: bool,
    /// A revision this build withholds (it was internal, or never issued): only its number is
    /// shown, "not public", and `url` is the document's history page.
    pub withheld: bool,
}

/// Every revision of a document the site has a page for, and every one it withholds, newest
/// first.
pub fn revision_links(resolved: &ResolvedManual, urls: &Urls, index: usize) -> Vec<RevisionLink> {
    let doc = &resolved.manual.documents[index];
    let current = current_revision(doc);
    let mut numbers: Vec<u32> = resolved
        .history
        .documents
        .get(index)
        .map(|h| h.revisions.iter().map(|r| r.number).collect())
        .unwrap_or_default();
    numbers.push(current);
    numbers.extend(resolved.withheld(index).iter().map(|w| w.number));
    numbers.sort_unstable_by(|a, b| b.cmp(a));
    numbers.dedup();
    numbers
        .into_iter()
        .map(|number| {
            if number != current && resolved.revision_withheld(index, number) {
                return RevisionLink {
                    number,
                    url: urls.link(&history_path(urls, doc)),
                    date: None,
                    summary: None,
                    redline_url: None,
                    current: false,
                    withheld: true,
                };
            }
            let row = resolved.amendments(index, doc).find(|a| a.revision == number);
            RevisionLink {
                number,
                url: revision_url(resolved, urls, index, number),
                date: row.map(|a| a.date),
                summary: row.map(|a| a.summary.clone()),
                redline_url: redline_url(resolved, urls, index, number),
                current: number == resolved.displayed_revision(index),
                withheld: false,
            }
        })
        .collect()
}

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
    scope: &super::Selection,
) -> (Vec<Batch<'a>>, Option<String>) {
    let internal = resolved.options.audience == Audience::Internal;
    let mut jobs: Vec<Batch<'a>> = views
        .views
        .iter()
        .map(|view| &**view)
        .zip(views.indices.iter().copied())
        .filter(|&(_, index)| resolved.manual.documents[index].kind.is_controlled() && scope.document(index))
        .map(|(view, index)| -> Batch<'a> {
            Box::new(move || document_history_jobs(resolved, urls, index, view, internal))
        })
        .collect();
    if !scope.wide.changes {
        return (jobs, None);
    }
    let entries = changes(resolved, urls);
    let feed = atom(resolved, urls, &entries);
    let mut context = Context::new();
    context.insert("changes", &entries);
    context.insert("feed_url", &urls.link("thay-doi/atom.xml"));
    let ui = resolved.manual.ui();
    jobs.push(ready(Job {
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
    }));
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
    let mut jobs = vec![history_job(resolved, urls, index, view, internal)];
    let Some(history) = resolved.history.documents.get(index) else { return jobs };
    let mut earlier: Vec<(u32, &Document)> = history.revisions.iter().map(|r| (r.number, &*r.document)).collect();
    earlier.sort_by_key(|(n, _)| *n);
    let displayed = resolved.displayed_revision(index);
    for &(number, old) in earlier.iter().filter(|(n, _)| *n != displayed) {
        jobs.push(revision_job(resolved, urls, index, number, old, view, internal));
    }
    if displayed != current_revision(doc) {
        jobs.push(upcoming_job(resolved, urls, index, view, internal));
    }
    let mut chain = earlier.clone();
    chain.push((current_revision(doc), doc));
    for pair in chain.windows(2) {
        let ((a, old), (b, new)) = (pair[0], pair[1]);
        if b == a + 1 {
            jobs.push(redline_job(resolved, urls, index, (a, old), (b, new), view, internal));
        }
    }
    jobs
}

fn history_job(resolved: &ResolvedManual, urls: &Urls, index: usize, view: &DocView, internal: bool) -> Job {
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
    let path = history_path(urls, doc);
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

fn revision_job(
    resolved: &ResolvedManual,
    urls: &Urls,
    index: usize,
    number: u32,
    old: &Document,
    current: &DocView,
    internal: bool,
) -> Job {
    let doc = &resolved.manual.documents[index];
    let view = old_view(resolved, urls, index, old);
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
    let path = revision_path(urls, doc, number);
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
    let path = revision_path(urls, doc, number);
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
    (a, old): (u32, &Document),
    (b, new): (u32, &Document),
    current: &DocView,
    internal: bool,
) -> Job {
    let doc = &resolved.manual.documents[index];
    let unit_name = |id: &str| resolved.manual.config.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
    let ui = resolved.manual.ui();
    let diff = redline(&old.meta, old.markdown(), &new.meta, new.markdown(), &unit_name, ui);
    let mut context = Context::new();
    context.insert("doc", current);
    context.insert("redline", &diff);
    context.insert("old_revision", &a);
    context.insert("new_revision", &b);
    context.insert("old_url", &revision_url(resolved, urls, index, a));
    context.insert("new_url", &revision_url(resolved, urls, index, b));
    let path = redline_path(urls, doc, a, b);
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
