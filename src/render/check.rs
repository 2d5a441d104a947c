//! `sotay check` without the cost of a build: every template is compiled, and rendered for a
//! sample of pages — each site-wide page, and for each kind of document the first one published
//! (with its history, revision and redline pages), the first document with earlier revisions, the
//! first with a translation, the first legal document and the oversight pages. Template problems that depend on a
//! page's kind or shape show on the sample; `build` renders every page and reports the rest.
//! At N = 10 000 this is what takes `check` from a build's render (≈ 12 s of CPU) to about a second.

use std::collections::BTreeSet;

use super::{engines, history_pages, pages, translation_pages, Selection, Urls};
use crate::diagnostic::Diagnostics;
use crate::load::Sources;
use crate::model::Kind;
use crate::resolve::ResolvedManual;

/// The documents and legal entries (by index) whose pages `check` renders.
#[derive(Debug, Default)]
pub struct Sample {
    pub documents: BTreeSet<usize>,
    pub legal: BTreeSet<usize>,
}

impl Sample {
    fn of(resolved: &ResolvedManual) -> Sample {
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
        Sample { documents, legal }
    }
}

/// The problems rendering would find on the sample, and static files that would replace a page.
pub fn check(resolved: &ResolvedManual, sources: &Sources) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let urls = Urls { base: resolved.manual.base_url.clone() };
    let engines = match engines(resolved, sources, &urls) {
        Ok(engines) => engines,
        Err(problems) => {
            diagnostics.extend(problems);
            return diagnostics;
        }
    };
    let assets = super::assets::collect(sources, &urls);
    let sample = Sample::of(resolved);
    let views = pages::document_views_of(resolved, &urls, sample.documents.iter().copied().collect(), None);
    let scope = Selection { reuse: None, sample: Some(&sample), wide: super::site_wide::SiteWide::all() };
    let (mut jobs, _feed) = history_pages::history_jobs(resolved, &urls, &views, &scope);
    jobs.extend(super::edition_pages::edition_jobs(resolved, &urls).into_iter().take(1).map(super::job::ready));
    jobs.extend(translation_pages::translation_jobs(resolved, &urls, &scope).into_iter().map(super::job::ready));
    let site_lang = resolved.manual.config.site.language.get_ref();
    let has_template = |name: &str| engines.get(site_lang).get_template(name).is_ok();
    let oversight = super::oversight_pages::oversight(resolved, &urls, &has_template);
    jobs.extend(oversight.jobs.into_iter().map(super::job::ready));
    let memo = super::memo::Memo { scope: &scope, fingerprints: false, previous: None, sink: super::Sink::MEMORY };
    let mut rendered = BTreeSet::new();
    for result in pages::render_pages(resolved, &engines, &urls, &assets, &views, jobs, &memo) {
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
