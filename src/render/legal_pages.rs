//! The legal registry's pages: the index grouped by type and issuer, and one page per legal
//! document.

use serde::Serialize;
use tera::Context;

use super::job::{meta, ready_wide, Batch, Job};
use super::legal_views::{legal_view_with, LegalView};
use super::Urls;
use crate::model::Audience;
use crate::resolve::deps::{Outputs, Wide};
use crate::resolve::ResolvedManual;

#[derive(Clone, Debug, Serialize)]
struct LegalGroup<'a> {
    type_name: String,
    entries: Vec<LegalSummary<'a>>,
    issuers: Vec<IssuerGroup<'a>>,
}

#[derive(Clone, Debug, Serialize)]
struct IssuerGroup<'a> {
    issuer: String,
    entries: Vec<LegalSummary<'a>>,
}

/// What the legal index shows of an entry: how many documents cite it, not who.
#[derive(Clone, Debug, Serialize)]
struct LegalSummary<'a> {
    number: &'a str,
    slug: &'a str,
    url: &'a str,
    type_name: &'a str,
    issuer: &'a str,
    summary: &'a str,
    signed: crate::model::Date,
    status: crate::model::LegalStatus,
    status_name: &'a str,
    verified: &'a Option<super::legal_views::Verified>,
    cited_count: usize,
}

impl<'a> LegalSummary<'a> {
    fn of(v: &'a LegalView, cited_count: usize) -> LegalSummary<'a> {
        LegalSummary {
            number: &v.number,
            slug: &v.slug,
            url: &v.url,
            type_name: &v.type_name,
            issuer: &v.issuer,
            summary: &v.summary,
            signed: v.signed,
            status: v.status,
            status_name: &v.status_name,
            verified: &v.verified,
            cited_count,
        }
    }
}

/// The legal index page and each legal entry's page. An entry's view, with every document and
/// provision that cites it, is made when its page renders (on any core), not all beforehand;
/// the index needs none of the citations.
pub fn legal_jobs<'a>(resolved: &'a ResolvedManual, urls: &'a Urls, only: &Outputs) -> Vec<Batch<'a>> {
    let mut order: Vec<usize> = (0..resolved.manual.legal.len()).collect();
    order.sort_by_key(|&i| {
        let d = &resolved.manual.legal[i].doc;
        (std::cmp::Reverse(d.signed), d.number.get_ref().to_string())
    });
    let mut jobs: Vec<Batch<'a>> = Vec::new();
    // A rebuild that keeps the index need not make its views.
    if only.wide(&Wide::LegalIndex) {
        jobs.push(ready_wide(Wide::LegalIndex, vec![legal_index_job(resolved, urls, &order)]));
    }
    for &i in order.iter().filter(|&&i| only.legal(i)) {
        jobs.push(Batch::new(resolved.deps.legal_key(i), move || vec![legal_job(resolved, urls, i)]));
    }
    jobs
}

/// The legal index, entries grouped by type and issuer, in `order`.
fn legal_index_job(resolved: &ResolvedManual, urls: &Urls, order: &[usize]) -> Job {
    let views: Vec<LegalView> = order.iter().map(|&i| legal_view_with(resolved, urls, i, false)).collect();
    let counts: std::collections::BTreeMap<&str, usize> =
        order.iter().zip(&views).map(|(&i, v)| (v.slug.as_str(), resolved.cited_by(i).len())).collect();
    let mut groups: Vec<LegalGroup> = Vec::new();
    let mut types: Vec<String> = views.iter().map(|v| v.type_name.clone()).collect();
    types.sort_by_key(|t| legal_type_rank(t));
    types.dedup();
    for type_name in types {
        let entries: Vec<LegalSummary> = views
            .iter()
            .filter(|v| v.type_name == type_name)
            .map(|v| LegalSummary::of(v, counts.get(v.slug.as_str()).copied().unwrap_or(0)))
            .collect();
        let mut issuers: Vec<String> = entries.iter().map(|v| v.issuer.to_owned()).collect();
        issuers.sort_by_key(|i| crate::vietnamese::fold_lower(i));
        issuers.dedup();
        let issuers = issuers
            .into_iter()
            .map(|issuer| IssuerGroup {
                entries: entries.iter().filter(|v| v.issuer == issuer).cloned().collect(),
                issuer,
            })
            .collect();
        groups.push(LegalGroup { type_name, entries, issuers });
    }
    let mut context = Context::new();
    context.insert("groups", &groups);
    let ui = resolved.manual.ui();
    Job {
        path: "van-ban/index.html".into(),
        template: "legal-index.html",
        meta: meta(
            urls,
            "van-ban/",
            ui.get("title.legal_index").into(),
            Some(ui.get("description.legal_index").into()),
            "van-ban",
            resolved.options.audience == Audience::Internal,
        ),
        context,
        source: None,
    }
}

/// The page of legal entry `i`.
fn legal_job(resolved: &ResolvedManual, urls: &Urls, i: usize) -> Job {
    let view = legal_view_with(resolved, urls, i, true);
    let entry = &resolved.manual.legal[i];
    let mut context = Context::new();
    let path = urls.legal_path(entry);
    let title = format!("{} {}", view.type_name, view.number);
    let description = Some(view.summary.clone());
    context.insert("legal", &view);
    Job {
        path: format!("{path}index.html"),
        template: "legal.html",
        meta: meta(urls, &path, title, description, "van-ban", resolved.options.audience == Audience::Internal),
        context,
        source: Some(entry.file.path.clone()),
    }
}

/// Laws first, then decrees, decisions, circulars, then the rest.
fn legal_type_rank(type_name: &str) -> (usize, String) {
    let order =
        ["Luật", "Nghị quyết", "Pháp lệnh", "Nghị định", "Quyết định", "Thông tư", "Thông tư liên tịch", "Chỉ thị"];
    (order.iter().position(|t| *t == type_name).unwrap_or(order.len()), crate::vietnamese::fold_lower(type_name))
}
