//! A portal listed by a higher portal (a province portal in a national one): given by its
//! published site like an agency's, but its manifest lists `api/portal.json` instead of
//! `api/index.json`. Its row shows its figures summed over its agencies, its latest changes join
//! the higher portal's feed (by date, as any agency's), and its merged search index joins the
//! higher portal's search. A portal that lists, directly, the portal reading it is a loop, refused.

use serde::Deserialize;

use super::summary::{AgencySummary, Change, Coverage, Read};
use super::verify::Problem;
use crate::lang::reason;
use crate::model::Date;

/// The path that makes a published site a portal.
pub const PORTAL_JSON: &str = "api/portal.json";

/// A listed portal's agencies, which the higher portal's figures count.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Listed {
    pub agencies: usize,
    pub announced: usize,
}

#[derive(Deserialize)]
struct PortalJson {
    api_version: u32,
    title: String,
    parent: Option<String>,
    base_url: String,
    figures: Figures,
    agencies: Vec<Row>,
    #[serde(default)]
    changes: Vec<ChangeJson>,
}

#[derive(Deserialize)]
struct Figures {
    agencies: usize,
    announced: usize,
    documents: usize,
    procedures: usize,
    procedures_with_tthc: usize,
    coverage: Option<Coverage>,
    revised_this_year: usize,
    year: i32,
}

#[derive(Deserialize)]
struct Row {
    url: String,
}

#[derive(Deserialize)]
struct ChangeJson {
    code: Option<String>,
    title: String,
    kind_name: String,
    revision: u32,
    date: Date,
    section: String,
    summary: String,
    url: String,
    document_url: String,
}

/// The summary of the portal whose verified files `file` gives; `own` is the reading portal's
/// absolute address, which the listed portal must not list.
pub fn summary(file: &dyn Fn(&str) -> Read, date: Date, own: &str) -> Result<AgencySummary, Problem> {
    let problem = |reason| Problem::rejected(PORTAL_JSON, reason);
    let bytes = file(PORTAL_JSON).map_err(problem)?.unwrap_or_default();
    let portal: PortalJson = serde_json::from_slice(&bytes).map_err(|e| {
        problem(reason(format!("không đọc được {PORTAL_JSON}: {e}"), format!("{PORTAL_JSON} cannot be read: {e}")))
    })?;
    if portal.api_version != 1 {
        let version = portal.api_version;
        return Err(problem(reason(
            format!("{PORTAL_JSON} theo phiên bản {version} của định dạng, cổng đọc phiên bản 1"),
            format!("{PORTAL_JSON} is in version {version} of the format; the portal reads version 1"),
        )));
    }
    if !own.is_empty() && (portal.base_url == own || portal.agencies.iter().any(|row| row.url == own)) {
        return Err(Problem {
            file: PORTAL_JSON.to_owned(),
            reason: reason(
                format!("cổng này liệt kê lại chính cổng đang đọc nó ({own}): các cổng lồng nhau thành vòng"),
                format!("this portal lists the very portal reading it ({own}): the nested portals form a loop"),
            ),
            code: "portal-loop",
        });
    }
    let changes = changes(portal.changes, &portal.base_url)?;
    let f = portal.figures;
    Ok(AgencySummary {
        name: portal.title,
        short_name: None,
        parent: portal.parent.unwrap_or_default(),
        documents: f.documents,
        procedures: f.procedures,
        procedures_with_tthc: f.procedures_with_tthc,
        coverage: f.coverage,
        announcement: None,
        // Counted for the listed portal's build year: none when that is not this build's.
        revised_this_year: if f.year == date.year() { f.revised_this_year } else { 0 },
        changes,
        base_url: portal.base_url,
        portal: Some(Listed { agencies: f.agencies, announced: f.announced }),
    })
}

/// The listed portal's changes, each address under its own (or absolute: an agency elsewhere).
fn changes(listed: Vec<ChangeJson>, base_url: &str) -> Result<Vec<Change>, Problem> {
    let base_path = crate::config::BaseUrl::parse(base_url).map(|b| b.path).unwrap_or_default();
    let mut changes = Vec::with_capacity(listed.len());
    for c in listed {
        for url in [&c.url, &c.document_url] {
            if !url.starts_with(&base_path) && !url.starts_with("https://") && !url.starts_with("http://") {
                return Err(Problem::rejected(
                    PORTAL_JSON,
                    reason(
                        format!("địa chỉ `{url}` nằm ngoài địa chỉ của cổng ({base_path})"),
                        format!("the address `{url}` is outside the portal's address ({base_path})"),
                    ),
                ));
            }
        }
        changes.push(Change {
            code: c.code,
            title: c.title,
            kind_name: c.kind_name,
            revision: c.revision,
            date: c.date,
            section: c.section,
            summary: c.summary,
            url: c.url,
            document_url: c.document_url,
        });
    }
    Ok(changes)
}

/// A listed portal's search entries under the reading portal: relative addresses moved under
/// the listed portal's (`prefix`), absolute ones (agencies elsewhere) kept; each keeps the agency
/// it names and is marked with the listed portal's slug.
pub fn mark(
    docs: Vec<crate::render::search::docs::SearchDoc>,
    prefix: &str,
    slug: &str,
) -> Vec<crate::render::search::docs::SearchDoc> {
    docs.into_iter()
        .map(|mut doc| {
            if !(doc.u.starts_with("https://") || doc.u.starts_with("http://")) {
                doc.u = format!("{prefix}{}", doc.u);
            }
            doc.p = Some(slug.to_owned());
            doc
        })
        .collect()
}
