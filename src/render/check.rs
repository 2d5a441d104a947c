//! `sotay check` without the cost of a build: every template is compiled, and rendered for a
//! sample of pages — each site-wide page, and for each kind of document the first one published
//! (with its history, revision and redline pages), the first document with earlier revisions, the
//! first with a translation, the first legal document and the oversight pages. Template problems that depend on a
//! page's kind or shape show on the sample; `build` renders every page and reports the rest.
//! At N = 10 000 this is what takes `check` from a build's render (≈ 12 s of CPU) to about a second.

use std::collections::BTreeSet;

use super::{history_pages, pages, translation_pages, Urls};
use crate::diagnostic::Diagnostics;
use crate::load::Sources;
use crate::model::Kind;
use crate::resolve::deps::{Outputs, Wide};
use crate::resolve::ResolvedManual;

/// The outputs `check` renders: every site-wide page, and the sample's documents and legal
/// entries.
fn sample(resolved: &ResolvedManual) -> Outputs {
    let published: Vec<usize> = (0..resolved.manual.documents.len()).filter(|&i| resolved.published[i]).collect();
    let mut documents = BTreeSet::new();
    for kind in Kind::ALL {
        documents.extend(published.iter().copied().find(|&i| resolved.manual.documents[i].kind == kind));
    }
    let has_revisions = |i: usize| resolved.history.documents.get(i).is_some_and(|h| !h.revisions.is_empty());
    documents.extend(published.iter().copied().find(|&i| has_revisions(i)));
    documents.extend(published.iter().copied().find(|&i| !resolved.translations_of(i).is_empty()));
    documents.extend(published.iter().copied().find(|&i| resolved.revision_in_force(i).is_some()));
    let legal = (0..resolved.manual.legal.len().min(1)).collect();
    Outputs { documents, legal, wide: Outputs::all(&resolved.deps).wide }
}

/// The problems rendering would find on the sample, and static files that would replace a page.
pub fn check(resolved: &ResolvedManual, sources: &Sources) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let urls = Urls { base: resolved.manual.base_url.clone() };
    let engines = match super::engines::engines(resolved, sources, &urls, None) {
        Ok(engines) => engines,
        Err(problems) => {
            diagnostics.extend(problems);
            return diagnostics;
        }
    };
    let assets = super::assets::collect(sources, &urls);
    let only = sample(resolved);
    let views = pages::document_views(resolved, &urls, Some(&only), None);
    let mut jobs = pages::page_batches(resolved, &urls, &assets, &views, &only);
    jobs.extend(history_pages::history_jobs(resolved, &urls, &views, &only).0);
    // Without git history no document has a history page; the template is rendered anyway for
    // one, so that adding git later does not reveal a broken `history.html`.
    if !only.documents.iter().any(|&i| resolved.has_history_page(i)) {
        let controlled = only.documents.iter().copied().find(|&i| resolved.manual.documents[i].kind.is_controlled());
        if let Some((i, view)) = controlled.and_then(|i| Some((i, views.get(i)?))) {
            let internal = resolved.options.audience == crate::model::Audience::Internal;
            let job = history_pages::history_job(resolved, &urls, i, view, internal);
            jobs.push(super::job::ready(resolved.deps.document_key(i), job));
        }
    }
    let editions = super::edition_pages::edition_jobs(resolved, &urls).into_iter().take(1).collect();
    jobs.push(super::job::ready_wide(Wide::Editions, editions));
    jobs.extend(translation_pages::translation_jobs(resolved, &urls, &only));
    let site_lang = resolved.manual.config.site.language.get_ref();
    let has_template = |name: &str| engines.get(site_lang).get_template(name).is_ok();
    let oversight = super::oversight_pages::oversight(resolved, &urls, &has_template);
    jobs.push(super::job::ready_wide(Wide::Oversight, oversight.jobs));
    let mut rendered = BTreeSet::new();
    for result in pages::render_pages(resolved, &engines, &urls, &assets, jobs, super::Sink::MEMORY) {
        match result {
            Ok(page) => {
                rendered.insert(page.path);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    rendered.extend(oversight.files.into_iter().map(|(path, _)| path));
    let generated = generated_paths(resolved, &urls, rendered, &assets);
    for file in &sources.static_files {
        let path = crate::diagnostic::display_path(&file.path);
        if generated.contains(&path) {
            diagnostics.push(super::static_collision(file, &path));
        }
    }
    diagnostics
}

/// The paths a build writes that a static file could collide with: the sample's pages, every
/// document's and legal document's page and JSON, form files, assets and the site-wide files.
fn generated_paths(
    resolved: &ResolvedManual,
    urls: &Urls,
    mut paths: BTreeSet<String>,
    assets: &super::assets::Assets,
) -> BTreeSet<String> {
    for (i, doc) in resolved.manual.documents.iter().enumerate().filter(|(i, _)| resolved.published[*i]) {
        paths.insert(format!("{}index.html", urls.document_path(doc)));
        paths.insert(urls.json_path(doc));
        for file in resolved.attachments.get(&i).into_iter().flatten() {
            paths.insert(urls.attachment_path(doc, &file.name));
        }
    }
    for entry in &resolved.manual.legal {
        paths.insert(format!("{}index.html", urls.legal_path(entry)));
        paths.insert(format!("api/van-ban/{}.json", entry.doc.number.get_ref().slug()));
    }
    paths.extend(assets.files.keys().cloned());
    let fixed = ["thay-doi/atom.xml", "sitemap.xml", "robots.txt", "manifest.json", "api/index.json"];
    paths.extend(fixed.into_iter().map(String::from));
    paths.insert(super::search::INDEX_PATH.to_owned());
    paths
}
