//! The legal registry's pages: the index grouped by type and issuer, and one page per legal
//! document.

use serde::Serialize;
use tera::Context;

use super::legal_views::{legal_view, LegalView};
use super::pages::{meta, Job};
use super::Urls;
use crate::model::Audience;
use crate::resolve::ResolvedManual;

#[derive(Clone, Debug, Serialize)]
struct LegalGroup {
    type_name: String,
    entries: Vec<LegalView>,
    issuers: Vec<IssuerGroup>,
}

#[derive(Clone, Debug, Serialize)]
struct IssuerGroup {
    issuer: String,
    entries: Vec<LegalView>,
}

pub fn legal_jobs(resolved: &ResolvedManual, urls: &Urls) -> Vec<Job> {
    let mut order: Vec<usize> = (0..resolved.manual.legal.len()).collect();
    order.sort_by_key(|&i| {
        let d = &resolved.manual.legal[i].doc;
        (std::cmp::Reverse(d.signed), d.number.get_ref().to_string())
    });
    let views: Vec<LegalView> = order.iter().map(|&i| legal_view(resolved, urls, i)).collect();
    let mut groups: Vec<LegalGroup> = Vec::new();
    let mut types: Vec<String> = views.iter().map(|v| v.type_name.clone()).collect();
    types.sort_by_key(|t| legal_type_rank(t));
    types.dedup();
    for type_name in types {
        let entries: Vec<LegalView> = views.iter().filter(|v| v.type_name == type_name).cloned().collect();
        let mut issuers: Vec<String> = entries.iter().map(|v| v.issuer.clone()).collect();
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
    let mut jobs = vec![Job {
        path: "van-ban/index.html".into(),
        template: "legal-index.html",
        meta: meta(
            urls,
            "van-ban/",
            "Văn bản pháp lý".into(),
            Some("Các văn bản pháp luật làm căn cứ cho hệ thống quản lý chất lượng".into()),
            "van-ban",
            resolved.options.audience == Audience::Internal,
        ),
        context,
        source: None,
    }];
    for (view, &i) in views.into_iter().zip(&order) {
        let entry = &resolved.manual.legal[i];
        let mut context = Context::new();
        let path = urls.legal_path(entry);
        let title = format!("{} {}", view.type_name, view.number);
        let description = Some(view.summary.clone());
        context.insert("legal", &view);
        jobs.push(Job {
            path: format!("{path}index.html"),
            template: "legal.html",
            meta: meta(urls, &path, title, description, "van-ban", resolved.options.audience == Audience::Internal),
            context,
            source: Some(entry.file.path.clone()),
        });
    }
    jobs
}

/// Laws first, then decrees, decisions, circulars, then the rest.
fn legal_type_rank(type_name: &str) -> (usize, String) {
    let order =
        ["Luật", "Nghị quyết", "Pháp lệnh", "Nghị định", "Quyết định", "Thông tư", "Thông tư liên tịch", "Chỉ thị"];
    (order.iter().position(|t| *t == type_name).unwrap_or(order.len()), crate::vietnamese::fold_lower(type_name))
}
