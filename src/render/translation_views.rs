//! What pages know about translations: the links from a document to its translations (and back,
//! with `hreflang`), the alternates of a page for `<link rel="alternate">`, the view a
//! translation's page gets, and its body rendered with links to pages in its language where
//! they exist. A translation lives at the original's address under its language:
//! `en/quy-trinh/qt-07/`, beside the language's index `en/`.

use serde::Serialize;

use super::links::Resolver;
use super::markdown::{self, LinkResolver, Resolved};
use super::views::Alternate;
use super::views::TranslationLink;
use super::views::{doc_ref_in, DocRef};
use super::Urls;
use crate::i18n::Strings;
use crate::model::{Audience, Date, Kind, LegalNumber, Status};
use crate::parse::citation::Provision;
use crate::resolve::ResolvedManual;

/// The index of one language's translations (`en/`), for the footer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageLink {
    pub lang: String,
    pub name: String,
    pub url: String,
}

fn strings<'a>(resolved: &'a ResolvedManual, lang: &str) -> &'a Strings {
    resolved.manual.catalog.or_reference(lang)
}

/// The published translations of document `index`, by language.
pub fn translation_links(resolved: &ResolvedManual, urls: &Urls, index: usize) -> Vec<TranslationLink> {
    resolved
        .translations_of(index)
        .into_iter()
        .map(|t| {
            let translation = &resolved.manual.translations[t];
            TranslationLink {
                lang: translation.lang().to_owned(),
                lang_name: strings(resolved, translation.lang()).get("lang.name").to_owned(),
                title: translation.title().to_owned(),
                summary: translation.meta.summary.clone(),
                url: urls.link(&urls.translation_path(resolved, t)),
                translates_revision: *translation.meta.translates_revision.get_ref(),
                out_of_date: resolved.translations[t].out_of_date,
            }
        })
        .collect()
}

/// The languages with at least one published translation, with their index pages.
pub fn languages(resolved: &ResolvedManual) -> Vec<String> {
    let mut langs: Vec<String> = (0..resolved.translations.len())
        .filter(|&t| resolved.translations[t].published)
        .map(|t| resolved.manual.translations[t].lang().to_owned())
        .collect();
    langs.sort();
    langs.dedup();
    langs
}

pub fn language_links(resolved: &ResolvedManual, urls: &Urls) -> Vec<LanguageLink> {
    languages(resolved)
        .into_iter()
        .map(|lang| LanguageLink {
            name: strings(resolved, &lang).get("lang.name").to_owned(),
            url: urls.link(&urls.translations_path(&lang)),
            lang,
        })
        .collect()
}

/// The alternates of an original's page at `path`: itself and each translation; none without
/// translations.
pub fn alternates(urls: &Urls, path: &str, translations: &[TranslationLink]) -> Vec<Alternate> {
    if translations.is_empty() {
        return Vec::new();
    }
    let absolute = |link: &str| format!("{}{link}", urls.base.origin);
    std::iter::once(Alternate { lang: crate::i18n::ORIGINAL.to_owned(), url: urls.base.absolute(path) })
        .chain(translations.iter().map(|t| Alternate { lang: t.lang.clone(), url: absolute(&t.url) }))
        .collect()
}

/// The original as a translation's page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct OriginalView {
    #[serde(flatten)]
    pub reference: DocRef,
    /// The revision in force.
    pub revision: u32,
    pub effective: Option<Date>,
    pub status: Option<Status>,
    pub status_name: Option<String>,
}

/// What a translation's page shows (`doc` in `translation.html`).
#[derive(Clone, Debug, Serialize)]
pub struct TranslationView {
    pub kind: Kind,
    pub kind_name: String,
    pub code: Option<String>,
    pub title: String,
    pub lang: String,
    pub url: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub translates_revision: u32,
    pub translated: Option<Date>,
    pub translator: Option<String>,
    pub out_of_date: Option<u32>,
    pub original: OriginalView,
    /// As on a document: drafts and internal originals carry the preview banner.
    pub preview: bool,
    pub status: Option<Status>,
    pub audience: Audience,
}

/// The view of translation `t`, with its body rendered.
pub fn translation_view(resolved: &ResolvedManual, urls: &Urls, t: usize) -> TranslationView {
    let translation = &resolved.manual.translations[t];
    let index = resolved.translations[t].original.expect("published translations have an original");
    let doc = &resolved.manual.documents[index];
    let ui = strings(resolved, translation.lang());
    let status = doc.meta.status.as_ref().map(|s| *s.get_ref());
    let links = TranslationLinks { resolved, urls, t, plain: Resolver { resolved, urls, from: index } };
    TranslationView {
        kind: doc.kind,
        kind_name: ui.kind(doc.kind).to_owned(),
        code: doc.code().map(str::to_owned),
        title: translation.title().to_owned(),
        lang: translation.lang().to_owned(),
        url: urls.link(&urls.translation_path(resolved, t)),
        summary: translation.meta.summary.clone(),
        body_html: markdown::render(translation.markdown(), &links),
        translates_revision: *translation.meta.translates_revision.get_ref(),
        translated: translation.meta.translated,
        translator: translation.meta.translator.clone(),
        out_of_date: resolved.translations[t].out_of_date,
        original: OriginalView {
            reference: doc_ref_in(resolved, urls, index, ui),
            revision: resolved.displayed_revision(index),
            effective: resolved
                .revision_in_force(index)
                .map_or(&**doc, |r| &r.document)
                .meta
                .effective
                .as_ref()
                .map(|e| *e.get_ref()),
            status,
            status_name: status.map(|s| ui.named("status", &s).to_owned()),
        },
        preview: status == Some(Status::Draft) || doc.meta.audience == Audience::Internal,
        status,
        audience: doc.meta.audience,
    }
}

/// The links of a translation's body: a document's translation into the same language when it
/// has one, else the (Vietnamese) document, marked as such; legal citations as in documents.
struct TranslationLinks<'a> {
    resolved: &'a ResolvedManual,
    urls: &'a Urls,
    t: usize,
    plain: Resolver<'a>,
}

impl LinkResolver for TranslationLinks<'_> {
    fn resolve(&self, target: &str) -> Option<Resolved> {
        let resolved = self.resolved;
        let Some(link) = resolved.translations[self.t].links.get(target) else { return self.plain.resolve(target) };
        if !resolved.published[link.target] {
            return None;
        }
        let lang = resolved.manual.translations[self.t].lang();
        let doc = &resolved.manual.documents[link.target];
        // Anchors (steps, Vietnamese headings) exist only on the original's page.
        let same = resolved
            .translations_of(link.target)
            .into_iter()
            .find(|&o| link.anchor.is_none() && resolved.manual.translations[o].lang() == lang);
        let (mut url, title, foreign) = match same {
            Some(o) => (
                self.urls.link(&self.urls.translation_path(resolved, o)),
                resolved.manual.translations[o].title(),
                None,
            ),
            None => (self.urls.document(doc), doc.title(), Some(crate::i18n::ORIGINAL.to_owned())),
        };
        if let Some(anchor) = &link.anchor {
            url.push('#');
            url.push_str(anchor);
        }
        let tooltip = doc.code().map_or_else(|| title.to_owned(), |code| format!("{code} {title}"));
        Some(Resolved { url, text: title.to_owned(), title: tooltip, lang: foreign })
    }

    fn legal(&self, number: &LegalNumber, provision: Option<&Provision>) -> Option<Resolved> {
        self.plain.legal(number, provision)
    }

    fn rebase(&self, url: &str) -> String {
        self.plain.rebase(url)
    }
}
