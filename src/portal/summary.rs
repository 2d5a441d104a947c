//! What the portal shows of an agency — who it is, how many documents and procedures it
//! publishes, whether it announced conformity, what it revised this year, its changes — read
//! from the agency's own published JSON (`api/index.json` and each document's JSON,
//! docs/json-api.md). Reading the published files rather than the agency's resolved manual means
//! an agency whose pages are reused from the previous build gives its figures the same way, from
//! the same bytes, without being loaded at all; and the portal sees exactly what the public sees.

use serde::{Deserialize, Serialize};

use crate::model::Date;

/// The figures and changes of one agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgencySummary {
    pub name: String,
    pub short_name: Option<String>,
    pub parent: String,
    /// Published controlled documents (free pages not counted).
    pub documents: usize,
    pub procedures: usize,
    /// Procedures that name the administrative procedure (TTHC) they implement.
    pub procedures_with_tthc: usize,
    /// TTHC coverage (procedures of the agency's TTHC catalogue that its QMS covers), when the
    /// agency publishes its coverage report (`api/tthc-coverage.json`); `None` otherwise.
    pub coverage: Option<Coverage>,
    /// The latest announcement of conformity the agency publishes.
    pub announcement: Option<AnnouncementSummary>,
    /// Published documents with an issued revision dated in the build year, up to the build date.
    pub revised_this_year: usize,
    /// Every issued revision of the published documents.
    #[serde(skip)]
    pub changes: Vec<Change>,
    /// The address the agency's site says it is published at (`api/index.json`).
    #[serde(skip)]
    pub base_url: String,
    /// For a listed portal (a province in a national portal): its agencies, which count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<super::nested::Listed>,
}

/// TTHC coverage of one agency: `covered` of `total` administrative procedures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub covered: usize,
    pub total: usize,
}

/// The decision announcing conformity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnouncementSummary {
    /// The decision's number, e.g. `45/QĐ-SKHCN`.
    pub decision: String,
    pub signed: Date,
    /// The announcement document's page.
    pub url: String,
}

/// One issued revision of a document of the agency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub code: Option<String>,
    pub title: String,
    pub kind_name: String,
    pub revision: u32,
    pub date: Date,
    pub section: String,
    pub summary: String,
    /// The revision's page, root-relative (`/portal/so-a/quy-trinh/qt-07/`).
    pub url: String,
    /// The document's page, for stable ids.
    pub document_url: String,
}

#[derive(Deserialize)]
struct Index {
    api_version: u32,
    site: IndexSite,
    documents: Vec<IndexDoc>,
}

#[derive(Deserialize)]
struct IndexSite {
    agency: IndexAgency,
    base_url: String,
}

#[derive(Deserialize)]
struct IndexAgency {
    name: String,
    short_name: Option<String>,
    parent: String,
}

#[derive(Deserialize)]
struct IndexDoc {
    kind: String,
    json: String,
    tthc_code: Option<String>,
}

#[derive(Deserialize)]
struct DocJson {
    code: Option<String>,
    title: String,
    kind_name: String,
    url: String,
    #[serde(default)]
    amendments: Vec<AmendmentJson>,
    #[serde(default)]
    revisions: Vec<RevisionJson>,
    announcement: Option<AnnouncementJson>,
}

#[derive(Deserialize)]
struct AmendmentJson {
    revision: u32,
    date: Date,
    section: String,
    summary: String,
}

#[derive(Deserialize)]
struct RevisionJson {
    number: u32,
    url: String,
}

#[derive(Deserialize)]
struct AnnouncementJson {
    decision: String,
    signed: Date,
}

/// Reads the summary from an agency's site, `file` giving the bytes of a site path
/// (`api/index.json`) of the agency. An error says which file is missing or malformed.
/// The agency's TTHC coverage, when it publishes its coverage report (a catalogue and
/// `[reports] public_coverage`, or an internal build).
fn coverage(file: &dyn Fn(&str) -> Read) -> Result<Option<Coverage>, String> {
    #[derive(Deserialize)]
    struct Report {
        catalogue: Option<String>,
        total: usize,
        covered: usize,
    }
    let path = crate::render::oversight_pages::COVERAGE_JSON;
    if file(path)?.is_none() {
        return Ok(None);
    }
    let report: Report = json(file, path)?;
    Ok(report.catalogue.map(|_| Coverage { covered: report.covered, total: report.total }))
}

/// The bytes of one of the agency's site paths: `Ok(None)` when the site has no such file, an
/// error (a reason naming the file) when it has one that cannot be read or trusted.
pub type Read = Result<Option<Vec<u8>>, String>;

/// The version of the agency JSON (`api_version` in `api/index.json`) this portal reads.
pub const API_VERSION: u32 = 1;

pub fn read(file: &dyn Fn(&str) -> Read, date: Date) -> Result<AgencySummary, String> {
    let index: Index = json(file, "api/index.json")?;
    if index.api_version != API_VERSION {
        let version = index.api_version;
        return Err(crate::lang::reason(
            format!("api/index.json theo phiên bản {version} của định dạng, cổng đọc phiên bản {API_VERSION}"),
            format!("api/index.json is in version {version} of the format; the portal reads version {API_VERSION}"),
        ));
    }
    let base_path = path_of(&index.site.base_url);
    let mut summary = AgencySummary {
        name: index.site.agency.name,
        short_name: index.site.agency.short_name,
        parent: index.site.agency.parent,
        documents: index.documents.iter().filter(|d| d.kind != "page").count(),
        procedures: index.documents.iter().filter(|d| d.kind == "procedure").count(),
        procedures_with_tthc: index.documents.iter().filter(|d| d.kind == "procedure" && d.tthc_code.is_some()).count(),
        coverage: coverage(file)?,
        announcement: None,
        revised_this_year: 0,
        changes: Vec::new(),
        base_url: index.site.base_url.clone(),
        portal: None,
    };
    for doc in &index.documents {
        let site_path = inside(&doc.json, &base_path)?;
        let view: DocJson = json(file, site_path)?;
        inside(&view.url, &base_path)?;
        for r in &view.revisions {
            inside(&r.url, &base_path)?;
        }
        if view.amendments.iter().any(|a| a.date.year() == date.year() && a.date <= date) {
            summary.revised_this_year += 1;
        }
        if let Some(a) = &view.announcement {
            if summary.announcement.as_ref().is_none_or(|known| known.signed < a.signed) {
                summary.announcement =
                    Some(AnnouncementSummary { decision: a.decision.clone(), signed: a.signed, url: view.url.clone() });
            }
        }
        for a in &view.amendments {
            let url = view.revisions.iter().find(|r| r.number == a.revision).map_or(&view.url, |r| &r.url);
            summary.changes.push(Change {
                code: view.code.clone(),
                title: view.title.clone(),
                kind_name: view.kind_name.clone(),
                revision: a.revision,
                date: a.date,
                section: a.section.clone(),
                summary: a.summary.clone(),
                url: url.clone(),
                document_url: view.url.clone(),
            });
        }
    }
    Ok(summary)
}

/// The site path of `url`, a root-relative address the agency's JSON gives, when it is under the
/// agency's base path `base` (and does not climb out of it).
fn inside<'u>(url: &'u str, base: &str) -> Result<&'u str, String> {
    match url.strip_prefix(base) {
        Some(rest) if !url.starts_with("//") && !rest.split('/').any(|p| p == ".." || p == ".") => Ok(rest),
        _ => Err(crate::lang::reason(
            format!("địa chỉ `{url}` nằm ngoài địa chỉ của cơ quan ({base})"),
            format!("the address `{url}` is outside the agency's address ({base})"),
        )),
    }
}

fn json<T: for<'de> Deserialize<'de>>(file: &dyn Fn(&str) -> Read, path: &str) -> Result<T, String> {
    let missing = || {
        crate::lang::reason(format!("trang của cơ quan không có {path}"), format!("the agency's site has no {path}"))
    };
    let bytes = file(path)?.ok_or_else(missing)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        crate::lang::reason(
            format!("không đọc được {path} của cơ quan: {e}"),
            format!("the agency's {path} cannot be read: {e}"),
        )
    })
}

/// The path of a base URL (`https://host/a/` → `/a/`).
fn path_of(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or_else(|| "/".to_owned(), |i| rest[i..].to_owned()),
        None => base_url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_lose_their_origin() {
        assert_eq!(path_of("https://example.gov.vn/iso/so-a/"), "/iso/so-a/");
        assert_eq!(path_of("https://example.gov.vn"), "/");
        assert_eq!(path_of("/so-a/"), "/so-a/");
    }
}
