//! The portal's home: the agency directory (each agency's name, parent body, link, document and
//! procedure counts, announcement of conformity, documents revised this year) and the figures a
//! province reports ("62 of 63 agencies announced conformity"), as a page and as
//! `api/portal.json`. Only figures of agencies whose pages are published count; an agency that
//! failed to build counts among the agencies but not among those that announced.

use serde::Serialize;

use super::agency::{AgencyResult, State};
use super::feed::AgencyChange;
use super::summary::{AgencySummary, Coverage};
use crate::model::Date;

/// The output path of the portal's JSON.
pub const JSON_PATH: &str = "api/portal.json";

/// One row of the directory.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub slug: String,
    /// The agency's home page.
    pub url: String,
    /// `ok`, or `failed` (its manual has errors this build).
    pub status: &'static str,
    /// For a failed agency whose previous pages are published: their build date.
    pub kept_date: Option<Date>,
    /// None for a failed agency without previous pages.
    pub summary: Option<AgencySummary>,
}

/// The portal's aggregated figures.
#[derive(Clone, Debug, Serialize)]
pub struct Figures {
    /// Agencies the portal lists.
    pub agencies: usize,
    /// Of those, agencies whose published pages hold an announcement of conformity.
    pub announced: usize,
    pub documents: usize,
    pub procedures: usize,
    pub procedures_with_tthc: usize,
    /// TTHC coverage summed over the agencies, when every published agency reports one.
    pub coverage: Option<Coverage>,
    /// The build year, which "revised this year" counts.
    pub year: i32,
    pub revised_this_year: usize,
    /// Agencies that failed to build.
    pub failed: usize,
}

/// The directory's rows, in the order of the portal's sotay.toml.
pub fn rows(results: &[AgencyResult]) -> Vec<Row> {
    results
        .iter()
        .map(|r| {
            let (status, kept_date) = match r.state {
                State::Failed { kept } => ("failed", kept),
                State::Rendered | State::Reused | State::Verified => ("ok", None),
            };
            Row { slug: r.entry.slug.clone(), url: r.home.clone(), status, kept_date, summary: r.summary.clone() }
        })
        .collect()
}

/// Sums the rows' figures.
pub fn figures(rows: &[Row], date: Date) -> Figures {
    let published: Vec<&AgencySummary> = rows.iter().filter_map(|r| r.summary.as_ref()).collect();
    let sum = |f: fn(&AgencySummary) -> usize| published.iter().map(|s| f(s)).sum();
    let coverage = published
        .iter()
        .map(|s| s.coverage.clone())
        .collect::<Option<Vec<Coverage>>>()
        .filter(|all| !all.is_empty())
        .map(|all| Coverage { covered: all.iter().map(|c| c.covered).sum(), total: all.iter().map(|c| c.total).sum() });
    Figures {
        // A listed portal counts its agencies; any other row is one agency.
        agencies: rows
            .iter()
            .map(|r| r.summary.as_ref().and_then(|s| s.portal.as_ref()).map_or(1, |p| p.agencies))
            .sum(),
        announced: published
            .iter()
            .map(|s| s.portal.as_ref().map_or(usize::from(s.announcement.is_some()), |p| p.announced))
            .sum(),
        documents: sum(|s| s.documents),
        procedures: sum(|s| s.procedures),
        procedures_with_tthc: sum(|s| s.procedures_with_tthc),
        coverage,
        year: date.year(),
        revised_this_year: sum(|s| s.revised_this_year),
        failed: rows.iter().filter(|r| r.status == "failed").count(),
    }
}

/// How many changes `api/portal.json` carries, newest first, for a portal above this one.
pub const JSON_CHANGES: usize = 500;

/// What `api/portal.json` says of the portal itself.
pub struct Head<'a> {
    pub title: &'a str,
    pub parent: Option<&'a str>,
    /// Its address, absolute when it has a host.
    pub base_url: String,
    pub date: Date,
}

/// `api/portal.json`: the figures, the directory and the latest changes, for the province's
/// reports and for a portal that lists this one (docs/json-api.md).
pub fn json(head: &Head, figures: &Figures, rows: &[Row], changes: &[AgencyChange]) -> Vec<u8> {
    let changes: Vec<serde_json::Value> = changes
        .iter()
        .take(JSON_CHANGES)
        .map(|c| {
            serde_json::json!({
                "slug": c.slug, "agency": c.agency, "agency_name": c.agency_name, "code": c.code,
                "title": c.title, "kind_name": c.change.kind_name, "revision": c.revision, "date": c.date,
                "section": c.change.section, "summary": c.summary, "url": c.url,
                "document_url": c.change.document_url,
            })
        })
        .collect();
    let value = serde_json::json!({
        "api_version": 1,
        "title": head.title,
        "parent": head.parent,
        "base_url": head.base_url,
        "build_date": head.date,
        "figures": figures,
        "agencies": rows,
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("the portal's JSON serialises");
    text.push('\n');
    text.into_bytes()
}
