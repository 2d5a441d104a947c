//! TTHC coverage: each administrative procedure of the official catalogue (`catalog/`) with
//! the procedures (quy trình) whose `tthc_code` implements it, or "not covered"; procedures
//! whose code the catalogue does not list; TTHC implemented twice; and the percentage covered
//! — the figure agencies report to the province (the QMS must cover 100% of their TTHC).
//!
//! A province's variant of a national TTHC (`1.001612.000.00.00.H01`) covers the catalogue row
//! of its national code (`1.001612`) and the other way round, an exact code first
//! (`catalogue_match`). Withdrawn procedures cover nothing; drafts count (the report shows their
//! status).

use std::collections::BTreeMap;

use serde::Serialize;

use super::catalogue_match::{match_catalogue, without_catalogue, Matches};
use super::{DocBrief, Reach};
use crate::diagnostic::{display_path, Diagnostic};
use crate::parse::catalog::Catalog;
use crate::resolve::ResolvedManual;

/// The coverage report.
#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    /// The catalogue file, or `None` when the manual has none.
    pub catalogue: Option<String>,
    /// Distinct catalogued procedures.
    pub total: usize,
    pub covered: usize,
    /// Covered as a percentage of `total`, to one decimal; `None` without a catalogue (or an
    /// empty one).
    pub percent: Option<f64>,
    /// Each catalogued procedure, in catalogue order (a duplicated code once, at its first row).
    pub procedures: Vec<CoverageRow>,
    /// Procedures whose TTHC code the catalogue does not list, by code.
    pub not_in_catalogue: Vec<Uncatalogued>,
    /// TTHC implemented by more than one procedure.
    pub covered_twice: Vec<String>,
    /// Codes the catalogue lists more than once, with the lines.
    pub duplicates: Vec<Duplicate>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoverageRow {
    pub code: String,
    pub name: String,
    pub field: Option<String>,
    pub level: Option<String>,
    pub decision: Option<String>,
    /// The catalogue line.
    pub line: u32,
    pub documents: Vec<DocBrief>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Uncatalogued {
    pub tthc_code: String,
    pub document: DocBrief,
}

#[derive(Clone, Debug, Serialize)]
pub struct Duplicate {
    pub code: String,
    pub lines: Vec<u32>,
}

/// The procedures in reach matched to the catalogue's rows (all unmatched without one).
fn matches(resolved: &ResolvedManual, catalog: Option<&Catalog>, reach: Reach) -> Matches {
    match catalog {
        Some(catalog) => match_catalogue(resolved, catalog, reach),
        None => without_catalogue(resolved, reach),
    }
}

/// The coverage of the catalogue by the documents in reach.
pub fn coverage(resolved: &ResolvedManual, catalog: Option<&Catalog>, reach: Reach) -> Coverage {
    let matched = matches(resolved, catalog, reach);
    let mut procedures: Vec<CoverageRow> = Vec::new();
    let mut lines: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for entry in catalog.map(|c| c.entries.as_slice()).unwrap_or_default() {
        let seen = lines.entry(entry.code.as_str()).or_default();
        seen.push(entry.loc.line);
        if seen.len() > 1 {
            continue;
        }
        let documents = matched
            .by_row
            .get(entry.code.as_str())
            .map_or_else(Vec::new, |docs| docs.iter().map(|&i| DocBrief::of(resolved, i)).collect());
        procedures.push(CoverageRow {
            code: entry.code.as_str().to_owned(),
            name: entry.name.clone(),
            field: entry.field.clone(),
            level: entry.level.clone(),
            decision: entry.decision.clone(),
            line: entry.loc.line,
            documents,
        });
    }
    let total = procedures.len();
    let covered = procedures.iter().filter(|p| !p.documents.is_empty()).count();
    let percent = (total > 0).then(|| ((covered * 1000 + total / 2) / total) as f64 / 10.0);
    let not_in_catalogue = match catalog {
        Some(_) => matched
            .unmatched
            .iter()
            .flat_map(|(code, docs)| {
                docs.iter().map(|&i| Uncatalogued { tthc_code: code.clone(), document: DocBrief::of(resolved, i) })
            })
            .collect(),
        None => Vec::new(),
    };
    let groups = if catalog.is_some() { &matched.by_row } else { &matched.unmatched };
    Coverage {
        catalogue: catalog.map(|c| display_path(&c.file)),
        total,
        covered,
        percent,
        procedures,
        not_in_catalogue,
        covered_twice: groups.iter().filter(|(_, d)| d.len() > 1).map(|(c, _)| c.clone()).collect(),
        duplicates: lines
            .into_iter()
            .filter(|(_, l)| l.len() > 1)
            .map(|(code, lines)| Duplicate { code: code.to_owned(), lines })
            .collect(),
    }
}

/// Duplicated catalogue rows, procedures whose code is not catalogued and TTHC implemented twice
/// (over every document: a problem of the manual, whoever reads the build).
pub fn problems(resolved: &ResolvedManual, catalog: Option<&Catalog>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(catalog) = catalog else { return problems };
    let mut first: BTreeMap<&str, u32> = BTreeMap::new();
    for entry in &catalog.entries {
        match first.get(entry.code.as_str()) {
            Some(&line) => problems.push(
                Diagnostic::warning(entry.loc.clone(), "duplicate-tthc", {
                    let (code, again) = (&entry.code, entry.loc.line);
                    tr!(
                        "thủ tục {code} có hai dòng trong danh mục, ở dòng {line} và {again}",
                        "TTHC {code} is listed twice in the catalogue, on lines {line} and {again}"
                    )
                })
                .with_help(tr!(
                    "xóa một trong hai dòng; báo cáo dùng dòng {line}",
                    "delete one of the two rows; the report uses line {line}"
                )),
            ),
            None => {
                first.insert(entry.code.as_str(), entry.loc.line);
            }
        }
    }
    problems.extend(matching_problems(resolved, catalog));
    problems
}

/// Procedures whose code matches no catalogue row, and rows more than one procedure implements.
fn matching_problems(resolved: &ResolvedManual, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let file = display_path(&catalog.file);
    let matched = match_catalogue(resolved, catalog, Reach::All);
    for (code, docs) in &matched.unmatched {
        for &i in docs {
            let doc = &resolved.manual.documents[i];
            let Some(span) = doc.meta.procedure.as_ref().and_then(|p| p.get_ref().tthc_code.as_ref()) else { continue };
            problems.push(
                Diagnostic::warning(
                    doc.loc(span),
                    "tthc-not-in-catalogue",
                    tr!(
                        "thủ tục {code} không có trong danh mục {file}, cả theo mã đã ghi lẫn theo mã quốc gia",
                        "TTHC {code} is not in the catalogue {file}, neither as written nor by its national code"
                    ),
                )
                .with_help(tr!(
                    "đối chiếu mã với Cơ sở dữ liệu quốc gia, hoặc thêm thủ tục vào {file}",
                    "check the code against the national database, or add the procedure to {file}"
                )),
            );
        }
    }
    for (code, docs) in &matched.by_row {
        for &i in docs.iter().skip(1) {
            let doc = &resolved.manual.documents[i];
            let Some(span) = doc.meta.procedure.as_ref().and_then(|p| p.get_ref().tthc_code.as_ref()) else { continue };
            let other = DocBrief::of(resolved, docs[0]);
            problems.push(
                Diagnostic::warning(doc.loc(span), "tthc-covered-twice", {
                    let other = other.label();
                    tr!("thủ tục {code} cũng được thực hiện theo {other}", "TTHC {code} is also implemented by {other}")
                })
                .with_help(tr!(
                    "mỗi thủ tục hành chính một quy trình: gộp hai quy trình, hoặc sửa mã của một trong hai",
                    "one procedure per TTHC: merge the two, or correct the code of one of them"
                )),
            );
        }
    }
    problems
}

/// The report as text for a terminal.
pub fn to_text(report: &Coverage) -> String {
    let Some(file) = &report.catalogue else {
        return "The manual has no TTHC catalogue: add catalog/tthc.csv (or catalog/tthc.toml) to see its coverage.\n"
            .to_owned();
    };
    let percent = report.percent.map_or_else(|| "–".to_owned(), |p| format!("{p:.1}%"));
    let mut out = format!(
        "TTHC coverage ({file}): {} of {} catalogued procedures covered ({percent})\n",
        report.covered, report.total
    );
    for row in &report.procedures {
        let by = if row.documents.is_empty() {
            "NOT COVERED".to_owned()
        } else {
            row.documents.iter().map(|d| d.label().to_owned()).collect::<Vec<_>>().join(", ")
        };
        out.push_str(&format!("  {:<24} {}  →  {by}\n", row.code, row.name));
    }
    if !report.not_in_catalogue.is_empty() {
        out.push_str("\nProcedures whose TTHC code is not in the catalogue:\n");
        for u in &report.not_in_catalogue {
            out.push_str(&format!("  {} {} ({})\n", u.tthc_code, u.document.label(), u.document.file));
        }
    }
    if !report.covered_twice.is_empty() {
        out.push_str(&format!("\nImplemented by more than one procedure: {}\n", report.covered_twice.join(", ")));
    }
    for d in &report.duplicates {
        let lines: Vec<String> = d.lines.iter().map(u32::to_string).collect();
        out.push_str(&format!("\nListed more than once in the catalogue: {} (lines {})\n", d.code, lines.join(", ")));
    }
    out
}
