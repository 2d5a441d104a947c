//! The pages of translations: each published translation at its language's address of the
//! original (`en/quy-trinh/qt-07/`), in its own language, saying which revision of the
//! controlled Vietnamese document it translates and whether that is still the one in force;
//! and per language an index of the translated documents (`en/`).

use serde::Serialize;
use tera::Context;

use super::job::{meta, ready, Batch, Job};
use super::translation_views as views;
use super::views::{Alternate, Crumb};
use super::Urls;
use crate::model::Audience;
use crate::resolve::deps::{OutputKey, Outputs, Wide};
use crate::resolve::ResolvedManual;

/// One translated document on its language's index.
#[derive(Clone, Debug, Serialize)]
struct IndexEntry {
    code: Option<String>,
    title: String,
    url: String,
    kind_name: String,
    original: super::views::DocRef,
    translates_revision: u32,
    out_of_date: Option<u32>,
}

/// The pages of the published translations whose originals `only` names (they belong to the
/// original's key), and the languages' indexes it names.
pub fn translation_jobs<'a>(resolved: &ResolvedManual, urls: &Urls, only: &Outputs) -> Vec<Batch<'a>> {
    let internal = resolved.options.audience == Audience::Internal;
    let mut jobs = Vec::new();
    for t in (0..resolved.translations.len()).filter(|&t| resolved.translations[t].published) {
        let original = resolved.translations[t].original.expect("published translations have an original");
        if only.document(original) {
            jobs.push(ready(resolved.deps.document_key(original), translation_job(resolved, urls, t, internal)));
        }
    }
    for lang in views::languages(resolved) {
        let key = Wide::LanguageIndex(lang.clone());
        if only.wide(&key) {
            jobs.push(ready(OutputKey::SiteWide(key), index_job(resolved, urls, &lang, internal)));
        }
    }
    jobs
}

fn crumb(resolved: &ResolvedManual, urls: &Urls, lang: &str) -> Crumb {
    let ui = resolved.manual.catalog.or_reference(lang);
    Crumb { name: ui.get("title.translations").to_owned(), url: urls.link(&urls.translations_path(lang)) }
}

fn translation_job(resolved: &ResolvedManual, urls: &Urls, t: usize, internal: bool) -> Job {
    let view = views::translation_view(resolved, urls, t);
    let path = urls.translation_path(resolved, t);
    let title = match &view.code {
        Some(code) => format!("{code} {}", view.title),
        None => view.title.clone(),
    };
    let mut page = meta(urls, &path, title, view.summary.clone(), &view.lang, internal || view.preview);
    page.lang = view.lang.clone();
    page.parent = Some(crumb(resolved, urls, &view.lang));
    let original = resolved.translations[t].original.expect("published translations have an original");
    let original_path = urls.document_path(&resolved.manual.documents[original]);
    page.alternates = vec![
        Alternate { lang: view.original.reference.lang.clone(), url: urls.base.absolute(&original_path) },
        Alternate { lang: view.lang.clone(), url: urls.base.absolute(&path) },
    ];
    let mut context = Context::new();
    context.insert("doc", &view);
    let source = Some(resolved.manual.translations[t].file.path.clone());
    Job { path: format!("{path}index.html"), template: "translation.html", meta: page, context, source }
}

fn index_job(resolved: &ResolvedManual, urls: &Urls, lang: &str, internal: bool) -> Job {
    let ui = resolved.manual.catalog.or_reference(lang);
    let mut entries: Vec<(usize, IndexEntry)> = Vec::new();
    for t in (0..resolved.translations.len()).filter(|&t| resolved.translations[t].published) {
        let translation = &resolved.manual.translations[t];
        let original = resolved.translations[t].original.expect("published translations have an original");
        if translation.lang() != lang {
            continue;
        }
        let doc = &resolved.manual.documents[original];
        entries.push((
            original,
            IndexEntry {
                code: doc.code().map(str::to_owned),
                title: translation.title().to_owned(),
                url: urls.link(&urls.translation_path(resolved, t)),
                kind_name: ui.kind(doc.kind).to_owned(),
                original: super::views::doc_ref_in(resolved, urls, original, ui),
                translates_revision: *translation.meta.translates_revision.get_ref(),
                out_of_date: resolved.translations[t].out_of_date,
            },
        ));
    }
    // In the order of the lists: by kind as the navigation has them, then as each list sorts.
    let order: Vec<usize> = crate::model::Kind::ALL.into_iter().flat_map(|k| resolved.published_of(k)).collect();
    entries.sort_by_key(|(original, _)| order.iter().position(|o| o == original));
    let mut context = Context::new();
    context.insert("entries", &entries.into_iter().map(|(_, e)| e).collect::<Vec<_>>());
    let path = urls.translations_path(lang);
    let title = ui.get("title.translations").to_owned();
    let mut page = meta(urls, &path, title, Some(ui.get("description.translations").to_owned()), lang, internal);
    page.lang = lang.to_owned();
    Job { path: format!("{path}index.html"), template: "translations.html", meta: page, context, source: None }
}
