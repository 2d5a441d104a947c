//! The search index for the site's own search page (`tim-kiem/`): every published document's
//! title, code, TTHC code, field, steps, dossier items, legal numbers and summary, written as a
//! script (`tim-kiem/index.js`) that the search page loads only when a reader searches. A script
//! rather than JSON, so it also loads from `file://`, where browsers refuse to fetch files; URLs
//! are site paths, which the page turns into links relative to itself, so search works under any
//! base path and from a folder on disk. Folding (diacritics, đ → d) happens in the browser, on
//! the same text, so a query typed with or without diacritics matches, and exact diacritics rank
//! higher (themes/default/static/search.js). Published translations are indexed too, by their
//! title and summary, with their language so the results mark them.

use serde::Serialize;

use super::views::DocView;
use super::views::DocViews;
use super::views::TranslationLink;
use super::Urls;
use crate::resolve::ResolvedManual;

/// The output path of the index.
pub const INDEX_PATH: &str = "tim-kiem/index.js";

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    docs: Vec<Entry<'a>>,
}

/// One document; short keys keep the index small.
#[derive(Serialize)]
struct Entry<'a> {
    /// Site path of the page, e.g. `quy-trinh/qt-07/`.
    u: String,
    /// Kind, as readers name it.
    k: &'a str,
    /// Code.
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<&'a str>,
    /// Title.
    t: &'a str,
    /// TTHC code.
    #[serde(skip_serializing_if = "Option::is_none")]
    h: Option<&'a str>,
    /// Field (lĩnh vực).
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<&'a str>,
    /// Legal numbers cited, with the provision when one is named ("khoản 6 Điều 4 116/2015/TT-BTC").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    l: Vec<String>,
    /// The official TTHC name, case names, steps, dossier items (and their alternatives) and results.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    s: Vec<&'a str>,
    /// Summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'a str>,
    /// The language, for a translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<&'a str>,
}

/// What the index holds of a document, as JSON: a rebuild writes the index again only when this
/// changes for a stale document.
pub fn projection(view: &DocView) -> String {
    serde_json::to_string(&(entry(view, view.reference.url.clone()), &view.translations)).unwrap_or_default()
}

fn entry<'a>(view: &'a DocView, path: String) -> Entry<'a> {
    let procedure = view.procedure.as_ref();
    let cited = |provision: Option<&String>, number: &str| match provision {
        Some(provision) => format!("{provision} {number}"),
        None => number.to_owned(),
    };
    let mut legal: Vec<String> = view.citations.iter().map(|c| cited(c.provision.as_ref(), &c.number)).collect();
    legal.extend(view.legal_basis.iter().map(|b| cited(b.provision.as_ref(), &b.number)));
    legal.sort_unstable();
    legal.dedup();
    let mut texts: Vec<&str> = Vec::new();
    if let Some(p) = procedure {
        texts.extend(p.name.as_deref());
        texts.extend(p.cases.iter().map(|c| c.name.as_str()));
        texts.extend(p.steps.iter().map(|s| s.task.as_str()));
        for item in p.dossier.iter().flat_map(|g| &g.items) {
            texts.push(&item.name);
            texts.extend(item.one_of.iter().map(String::as_str));
        }
        texts.extend(p.results.iter().map(|r| r.name.as_str()));
        texts.extend(p.applicants.as_deref());
    }
    Entry {
        u: path,
        k: &view.reference.kind_name,
        c: view.reference.code.as_deref(),
        t: &view.reference.title,
        h: procedure.and_then(|p| p.tthc_code.as_deref()),
        f: procedure.and_then(|p| p.field.as_deref()),
        l: legal,
        s: texts,
        d: view.summary.as_deref(),
        g: None,
    }
}

/// A translation of `view`'s document, whose kind is called `kind` in its language.
fn translation_entry<'a>(view: &'a DocView, link: &'a TranslationLink, path: String, kind: &'a str) -> Entry<'a> {
    Entry {
        u: path,
        k: kind,
        c: view.reference.code.as_deref(),
        t: &link.title,
        h: view.procedure.as_ref().and_then(|p| p.tthc_code.as_deref()),
        f: None,
        l: Vec::new(),
        s: Vec::new(),
        d: link.summary.as_deref(),
        g: Some(&link.lang),
    }
}

/// `tim-kiem/index.js` for the published documents.
pub fn index(resolved: &ResolvedManual, urls: &Urls, views: &DocViews) -> Vec<u8> {
    let mut docs = Vec::with_capacity(views.views.len());
    for (view, &i) in views.views.iter().zip(&views.indices) {
        docs.push(entry(view, urls.document_path(&resolved.manual.documents[i])));
        for link in &view.translations {
            let kind = resolved.manual.catalog.or_reference(&link.lang).kind(view.reference.kind);
            let path = link.url.strip_prefix(&urls.base.path).unwrap_or(&link.url).to_owned();
            docs.push(translation_entry(view, link, path, kind));
        }
    }
    let json = serde_json::to_string(&Index { version: 1, docs }).expect("the index serialises");
    let mut script = String::from("window.SOTAY_SEARCH_INDEX = ");
    script.push_str(&super::structured::script_safe(&json));
    script.push_str(";\n");
    script.into_bytes()
}
