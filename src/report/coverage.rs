//! TTHC coverage: each administrative procedure of the official catalogue (`catalog/`) with
//! the procedures (quy trình) whose `tthc_code` implements it, or "not covered"; procedures
//! whose code the catalogue does not list; TTHC implemented twice; and the percentage covered
//! — the figure agencies report to the province (the QMS must cover 100% of their TTHC).
//!
//! Codes match exactly (`1.001612.000.00.00.H01` is not `1.001612`: the catalogue lists the
//! variant the agency handles). Withdrawn procedures cover nothing; drafts count (the report
//! shows their status).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{in_use, DocBrief, Reach};
use crate::diagnostic::{display_path, Diagnostic};
use crate::model::Kind;
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

/// The procedures in reach that implement a TTHC, by code, in document order.
fn implementing(resolved: &ResolvedManual, reach: Reach) -> BTreeMap<String, Vec<usize>> {
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in reach.documents(resolved) {
        let doc = &resolved.manual.documents[i];
        if doc.kind != Kind::Procedure || !in_use(doc) {
            continue;
        }
        if let Some(code) = doc.meta.procedure.as_ref().and_then(|p| p.get_ref().tthc_code.as_ref()) {
            by_code.entry(code.get_ref().as_str().to_owned()).or_default().push(i);
        }
    }
    by_code
}

/// The coverage of the catalogue by the documents in reach.
pub fn coverage(resolved: &ResolvedManual, catalog: Option<&Catalog>, reach: Reach) -> Coverage {
    let by_code = implementing(resolved, reach);
    let mut procedures: Vec<CoverageRow> = Vec::new();
    let mut lines: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for entry in catalog.map(|c| c.entries.as_slice()).unwrap_or_default() {
        let seen = lines.entry(entry.code.as_str()).or_default();
        seen.push(entry.loc.line);
        if seen.len() > 1 {
            continue;
        }
        let documents = by_code
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
        Some(_) => by_code
            .iter()
            .filter(|(code, _)| !lines.contains_key(code.as_str()))
            .flat_map(|(code, docs)| {
                docs.iter().map(|&i| Uncatalogued { tthc_code: code.clone(), document: DocBrief::of(resolved, i) })
            })
            .collect(),
        None => Vec::new(),
    };
    Coverage {
        catalogue: catalog.map(|c| display_path(&c.file)),
        total,
        covered,
        percent,
        procedures,
        not_in_catalogue,
        covered_twice: by_code.iter().filter(|(_, d)| d.len() > 1).map(|(c, _)| c.clone()).collect(),
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
                Diagnostic::warning(
                    entry.loc.clone(),
                    "duplicate-tthc",
                    format!(
                        "TTHC {} is listed twice in the catalogue, on lines {line} and {}",
                        entry.code, entry.loc.line
                    ),
                )
                .with_help(format!("delete one of the two rows; the report uses line {line}")),
            ),
            None => {
                first.insert(entry.code.as_str(), entry.loc.line);
            }
        }
    }
    let file = display_path(&catalog.file);
    for (code, docs) in implementing(resolved, Reach::All) {
        for (n, &i) in docs.iter().enumerate() {
            let doc = &resolved.manual.documents[i];
            let Some(span) = doc.meta.procedure.as_ref().and_then(|p| p.get_ref().tthc_code.as_ref()) else { continue };
            let loc = doc.loc(span);
            if !first.contains_key(code.as_str()) {
                problems.push(
                    Diagnostic::warning(
                        loc.clone(),
                        "tthc-not-in-catalogue",
                        format!("TTHC {code} is not in the catalogue {file}"),
                    )
                    .with_help(format!("check the code against the national database, or add the procedure to {file}")),
                );
            }
            if n > 0 {
                let other = DocBrief::of(resolved, docs[0]);
                problems.push(
                    Diagnostic::warning(
                        loc,
                        "tthc-covered-twice",
                        format!("TTHC {code} is also implemented by {}", other.label()),
                    )
                    .with_help("one procedure per TTHC: merge the two, or correct the code of one of them"),
                );
            }
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
