//! The JSON API (documented in docs/json-api.md): `api/index.json` lists every published
//! document and legal registry entry; `api/<section>/<slug>.json` holds one document's full view,
//! the same data its page template receives.

use rayon::prelude::*;
use serde::Serialize;

use super::edition_pages::{self, EditionView};
use super::legal_views::{legal_view_with, LegalView};
use super::views::doc_ref;
use super::views::DocViews;
use super::Urls;
use crate::model::{Audience, Date, Kind, LegalStatus, Status};
use crate::resolve::deps::{OutputKey, Outputs, Wide};
use crate::resolve::ResolvedManual;

/// The version of the JSON format; raised when a field changes meaning or goes away.
pub const API_VERSION: u32 = 1;

#[derive(Serialize)]
struct Index<'a> {
    api_version: u32,
    site: SiteInfo<'a>,
    documents: Vec<IndexEntry<'a>>,
    legal: Vec<LegalEntryInfo>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: String,
    agency: &'a crate::config::Agency,
    base_url: String,
    standard: &'a str,
    audience: Audience,
    build_date: Date,
}

#[derive(Serialize)]
struct IndexEntry<'a> {
    kind: Kind,
    code: Option<String>,
    title: String,
    url: String,
    json: String,
    revision: Option<u32>,
    status: Option<Status>,
    issued: Option<Date>,
    effective: Option<Date>,
    updated: Option<Date>,
    summary: Option<String>,
    tthc_code: Option<String>,
    /// Its published translations.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    translations: &'a [super::views::TranslationLink],
}

#[derive(Serialize)]
struct LegalEntryInfo {
    number: String,
    type_name: String,
    issuer: String,
    summary: String,
    signed: Date,
    status: LegalStatus,
    url: String,
    json: String,
}

/// An output's key, path and JSON.
type File = (OutputKey, String, super::Output);

/// The JSON files of the outputs `only` names: documents' and legal entries' files, the index
/// and the editions.
pub fn render(
    resolved: &ResolvedManual,
    urls: &Urls,
    views: &DocViews,
    only: &Outputs,
    sink: super::Sink,
) -> Vec<File> {
    let mut files = document_files(resolved, urls, views, only, sink);
    let (legal, legal_files) = legal_entries(resolved, urls, only, sink);
    files.extend(legal_files);
    if only.wide(&Wide::ApiIndex) {
        let index = to_json(&index(resolved, urls, views, legal));
        files.push((OutputKey::SiteWide(Wide::ApiIndex), "api/index.json".into(), super::Output::Bytes(index.into())));
    }
    if let Some(editions) = only.wide(&Wide::Editions).then(|| editions_json(resolved, urls)).flatten() {
        let key = OutputKey::SiteWide(Wide::Editions);
        files.push((key, "api/an-ban.json".into(), super::Output::Bytes(editions.into())));
    }
    files
}

/// Each document's file `only` names, on every core (most of the API's time).
fn document_files(
    resolved: &ResolvedManual,
    urls: &Urls,
    views: &DocViews,
    only: &Outputs,
    sink: super::Sink,
) -> Vec<File> {
    views
        .views
        .par_iter()
        .zip(&views.indices)
        .filter(|&(_, &i)| only.document(i))
        .map(|(view, &i)| {
            let path = urls.json_path(&resolved.manual.documents[i]);
            let output = sink.keep_slice(&path, &to_json(view));
            (resolved.deps.document_key(i), path, output)
        })
        .collect()
}

/// `api/index.json`: every published document and legal entry.
fn index<'a>(resolved: &'a ResolvedManual, urls: &Urls, views: &'a DocViews, legal: Vec<LegalEntryInfo>) -> Index<'a> {
    let mut documents = Vec::with_capacity(views.views.len());
    for (view, &i) in views.views.iter().zip(&views.indices) {
        let doc = &resolved.manual.documents[i];
        documents.push(IndexEntry {
            kind: doc.kind,
            code: view.reference.code.clone(),
            title: view.reference.title.clone(),
            url: view.reference.url.clone(),
            json: urls.link(&urls.json_path(doc)),
            revision: view.revision,
            status: view.status,
            issued: view.issued,
            effective: view.effective,
            updated: view.updated,
            summary: view.summary.clone(),
            tthc_code: view.procedure.as_ref().and_then(|p| p.tthc_code.clone()),
            translations: &view.translations,
        });
    }
    let config = &resolved.manual.config;
    Index {
        api_version: API_VERSION,
        site: SiteInfo {
            title: config.title(resolved.manual.ui()),
            agency: &config.agency,
            base_url: urls.base.absolute(""),
            standard: &config.site.standard,
            audience: resolved.options.audience,
            build_date: resolved.options.date,
        },
        documents,
        legal,
    }
}

/// The index's legal entries (sorted by number) when `only` names the index, and the files of
/// the legal entries it names.
fn legal_entries(
    resolved: &ResolvedManual,
    urls: &Urls,
    only: &Outputs,
    sink: super::Sink,
) -> (Vec<LegalEntryInfo>, Vec<File>) {
    let listed = only.wide(&Wide::ApiIndex);
    let entries: Vec<(LegalEntryInfo, Option<File>)> = (0..resolved.manual.legal.len())
        .into_par_iter()
        .filter(|&i| listed || only.legal(i))
        .map(|i| {
            let view: LegalView = legal_view_with(resolved, urls, i, only.legal(i));
            let path = format!("api/van-ban/{}.json", view.slug);
            let info = LegalEntryInfo {
                number: view.number.clone(),
                type_name: view.type_name.clone(),
                issuer: view.issuer.clone(),
                summary: view.summary.clone(),
                signed: view.signed,
                status: view.status,
                url: view.url.clone(),
                json: urls.link(&path),
            };
            let file = only.legal(i).then(|| {
                let output = sink.keep_slice(&path, &to_json(&view));
                (resolved.deps.legal_key(i), path, output)
            });
            (info, file)
        })
        .collect();
    let (mut legal, files): (Vec<LegalEntryInfo>, Vec<Option<File>>) = entries.into_iter().unzip();
    legal.sort_by(|a, b| a.number.cmp(&b.number));
    (legal, files.into_iter().flatten().collect())
}

pub(super) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Compact: indentation was 28 % of the API's bytes (257 → 185 MB at N = 10 000); a browser or
    // `jq` shows it indented to whoever reads it by eye.
    let mut bytes = serde_json::to_vec(value).expect("views serialise: all keys are strings");
    bytes.push(b'\n');
    bytes
}

#[derive(Serialize)]
struct EditionsJson {
    api_version: u32,
    editions: Vec<EditionJson>,
}

#[derive(Serialize)]
struct EditionJson {
    #[serde(flatten)]
    edition: EditionView,
    commit: String,
    documents: Vec<EditionDocJson>,
}

#[derive(Serialize)]
struct EditionDocJson {
    kind: Kind,
    code: Option<String>,
    title: String,
    revision: u32,
    status: Option<Status>,
    /// The page with the document's text in this edition.
    url: String,
}

/// `api/an-ban.json`: every edition with the revision of each of its documents.
pub fn editions_json(resolved: &ResolvedManual, urls: &Urls) -> Option<Vec<u8>> {
    let editions = &resolved.history.editions;
    if editions.is_empty() {
        return None;
    }
    let editions = editions
        .iter()
        .map(|edition| EditionJson {
            edition: edition_pages::edition_view(resolved, urls, edition),
            commit: resolved.history.commits.get(edition.commit).map(|c| c.id.clone()).unwrap_or_default(),
            documents: edition_pages::visible(resolved, edition)
                .map(|e| {
                    let reference = doc_ref(resolved, urls, e.document);
                    EditionDocJson {
                        kind: reference.kind,
                        code: reference.code,
                        title: reference.title,
                        revision: e.revision,
                        status: e.status,
                        url: urls.edition_entry(resolved, edition, e),
                    }
                })
                .collect(),
        })
        .collect();
    Some(to_json(&EditionsJson { api_version: API_VERSION, editions }))
}
