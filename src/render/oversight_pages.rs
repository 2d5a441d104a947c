//! The oversight pages under `quan-ly/`: a dashboard (reviews due, objectives without a result,
//! and the figures of the other pages), the TTHC coverage, the ISO 9001 clause matrix and the
//! document register with its CSV.
//!
//! They are internal: an internal build has them all; a public build has none, except the
//! coverage page when `[reports] public_coverage = true` and the register (page and CSV) when
//! `[reports] public_register = true` — and those count only the documents the public build
//! publishes, so nothing internal reaches them. They are rendered on every rebuild (they read
//! the whole manual and cost little). A theme without their templates does not get them.

use serde::Serialize;
use tera::Context;

use super::job::{meta, Job};
use super::views::Crumb;
use super::Urls;
use crate::model::Audience;
use crate::report::{clauses, coverage, register, reviews, DocBrief, Reach};
use crate::resolve::ResolvedManual;

/// The dashboard's folder; the other pages are below it.
pub const DASHBOARD: &str = "quan-ly/";
pub const COVERAGE: &str = "quan-ly/bao-phu-tthc/";
pub const CLAUSES: &str = "quan-ly/ma-tran-iso/";
pub const REGISTER: &str = "quan-ly/danh-muc-tai-lieu/";
pub const REGISTER_CSV: &str = "quan-ly/danh-muc-tai-lieu/register.csv";
/// The coverage report as JSON, beside the coverage page (docs/json-api.md).
pub const COVERAGE_JSON: &str = "api/tthc-coverage.json";

/// The templates, by page.
const TEMPLATES: [&str; 4] = ["oversight.html", "coverage.html", "clauses.html", "register.html"];

/// The pages and files of the oversight reports this build publishes.
pub struct Oversight {
    pub jobs: Vec<Job>,
    /// Files that are not pages: `register.csv`.
    pub files: Vec<(String, Vec<u8>)>,
}

/// What the dashboard links to and sums up.
#[derive(Serialize)]
struct Figures {
    coverage_url: String,
    clauses_url: String,
    register_url: String,
    register_csv_url: String,
    catalogue: bool,
    total: usize,
    covered: usize,
    /// The percentage as the interface writes numbers: `66,7` in Vietnamese.
    percent: String,
    clauses_unserved: usize,
    register_count: usize,
}

/// What the pages of one build share.
struct Pages<'a> {
    resolved: &'a ResolvedManual,
    urls: &'a Urls,
    ui: &'a crate::i18n::Strings,
    internal: bool,
}

impl Pages<'_> {
    /// Links a document a report names when this build publishes it.
    fn link(&self, d: &mut DocBrief) {
        if self.resolved.published[d.index] {
            d.url = Some(self.urls.document(&self.resolved.manual.documents[d.index]));
        }
    }

    /// A page under `quan-ly/`, titled and described by the `oversight.title_…` and
    /// `oversight.lead_…` strings; below the dashboard in internal builds.
    fn job(&self, path: &str, template: &'static str, title: &str, context: Context) -> Job {
        let (ui, urls) = (self.ui, self.urls);
        let lead = ui.get(&title.replace("title_", "lead_")).to_owned();
        let mut page = meta(urls, path, ui.get(title).to_owned(), Some(lead), "quan-ly", self.internal);
        if self.internal && path != DASHBOARD {
            page.parent =
                Some(Crumb { name: ui.get("oversight.title_dashboard").to_owned(), url: urls.link(DASHBOARD) });
        }
        Job { path: format!("{path}index.html"), template, meta: page, context, source: None }
    }
}

/// The oversight pages of this build; `has_template` says which templates the theme has.
pub fn oversight(resolved: &ResolvedManual, urls: &Urls, has_template: &dyn Fn(&str) -> bool) -> Oversight {
    let mut out = Oversight { jobs: Vec::new(), files: Vec::new() };
    if !TEMPLATES.iter().all(|t| has_template(t)) {
        return out;
    }
    let pages =
        Pages { resolved, urls, ui: resolved.manual.ui(), internal: resolved.options.audience == Audience::Internal };
    let settings = &resolved.manual.config.reports;
    let reach = Reach::of_build(resolved);
    let mut report = coverage::coverage(resolved, resolved.manual.tthc.as_ref(), reach);
    report.procedures.iter_mut().flat_map(|p| &mut p.documents).for_each(|d| pages.link(d));
    report.not_in_catalogue.iter_mut().for_each(|u| pages.link(&mut u.document));
    let mut rows = register::register(resolved, reach);
    rows.iter_mut().for_each(|r| pages.link(&mut r.document));
    let figures = Figures {
        coverage_url: urls.link(COVERAGE),
        clauses_url: urls.link(CLAUSES),
        register_url: urls.link(REGISTER),
        register_csv_url: urls.link(REGISTER_CSV),
        catalogue: report.catalogue.is_some(),
        total: report.total,
        covered: report.covered,
        percent: percent_text(report.percent, pages.ui.lang()),
        clauses_unserved: 0,
        register_count: rows.len(),
    };
    if pages.internal || settings.public_coverage {
        let mut context = Context::new();
        context.insert("coverage", &report);
        context.insert("percent", &figures.percent);
        out.jobs.push(pages.job(COVERAGE, "coverage.html", "oversight.title_coverage", context));
        // The same report for programs (a province portal sums it over its agencies).
        let json = serde_json::to_vec_pretty(&report).unwrap_or_default();
        out.files.push((COVERAGE_JSON.to_owned(), json));
    }
    if pages.internal || settings.public_register {
        let mut context = Context::new();
        context.insert("rows", &rows);
        context.insert("csv_url", &figures.register_csv_url);
        out.jobs.push(pages.job(REGISTER, "register.html", "oversight.title_register", context));
        out.files.push((REGISTER_CSV.to_owned(), register::to_csv(&rows, pages.ui)));
    }
    if pages.internal {
        out.jobs.extend(internal_jobs(&pages, figures));
    }
    out
}

/// The pages only internal builds have: the clause matrix and the dashboard.
fn internal_jobs(pages: &Pages, figures: Figures) -> [Job; 2] {
    let mut matrix = clauses::matrix(pages.resolved, Reach::All);
    for row in &mut matrix.rows {
        let named = row.documents.iter_mut().chain(&mut row.through_sub_clauses).chain(&mut row.through_parent);
        named.for_each(|d| pages.link(d));
    }
    matrix.exclusions.iter_mut().for_each(|e| pages.link(&mut e.declared_in));
    let mut context = Context::new();
    context.insert("matrix", &matrix);
    let clauses = pages.job(CLAUSES, "clauses.html", "oversight.title_clauses", context);

    let mut schedule = reviews::schedule(pages.resolved, Reach::All);
    schedule.documents.iter_mut().for_each(|r| pages.link(&mut r.document));
    schedule.objectives.iter_mut().for_each(|r| pages.link(&mut r.document));
    let mut context = Context::new();
    context.insert("schedule", &schedule);
    context.insert("figures", &Figures { clauses_unserved: matrix.unserved.len(), ..figures });
    [clauses, pages.job(DASHBOARD, "oversight.html", "oversight.title_dashboard", context)]
}

/// `66.7` as the language writes it: `66,7` in Vietnamese; `–` without a figure.
fn percent_text(percent: Option<f64>, lang: &str) -> String {
    match percent {
        Some(p) if lang == "vi" => format!("{p:.1}").replace('.', ","),
        Some(p) => format!("{p:.1}"),
        None => "–".to_owned(),
    }
}
