//! The ISO 9001:2015 clause matrix: every clause of 4 to 10 (`iso9001.rs`) against the
//! documents that serve it (their `iso_clauses`), the clauses the manual's scope excludes, and
//! the clauses nothing serves — what an auditor asks for first.
//!
//! How claims count:
//! - up: a document serving `8.5.1` serves `8.5` and `8` too (shown as "through a sub-clause");
//! - a number without a title of its own (`4.4.1`) serves the titled clause above it (`4.4`);
//! - down, one level only: a document serving `8.5` serves its sub-clauses `8.5.1` … `8.5.6`,
//!   but a claim of a whole top clause (`8`, as a quality manual makes) serves only that row,
//!   since it does not show where any requirement of it is met;
//! - an excluded clause (`[[scope.exclusions]]` of a manual document) and its sub-clauses are
//!   not flagged; a document that claims one is a warning.

use std::collections::BTreeSet;

use serde::Serialize;

use super::iso9001::{contains, depth, titled, CLAUSES};
use super::{find_in_front_matter, in_use, DocBrief, Reach};
use crate::diagnostic::Diagnostic;
use crate::model::Kind;
use crate::resolve::ResolvedManual;

/// Whether a clause is served, excluded or a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseState {
    Served,
    Excluded,
    Unserved,
}

#[derive(Clone, Debug, Serialize)]
pub struct ClauseRow {
    pub clause: &'static str,
    pub title: &'static str,
    /// 1 for `8`, 2 for `8.5`, 3 for `8.5.1`.
    pub depth: usize,
    pub state: ClauseState,
    /// Documents that name this clause.
    pub documents: Vec<DocBrief>,
    /// Documents that name a sub-clause of it.
    pub through_sub_clauses: Vec<DocBrief>,
    /// For a sub-clause: documents that name its parent clause.
    pub through_parent: Vec<DocBrief>,
    /// Why it is excluded, when it is.
    pub exclusion: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExclusionView {
    pub clause: String,
    pub reason: String,
    pub declared_in: DocBrief,
}

/// The matrix.
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub rows: Vec<ClauseRow>,
    pub exclusions: Vec<ExclusionView>,
    /// The clauses no document serves and the scope does not exclude.
    pub unserved: Vec<&'static str>,
}

/// The claims of the documents in reach, as (titled clause, document).
fn claims(resolved: &ResolvedManual, reach: Reach) -> Vec<(&'static str, usize)> {
    let mut claims = BTreeSet::new();
    for i in reach.documents(resolved) {
        let doc = &resolved.manual.documents[i];
        if in_use(doc) {
            claims.extend(doc.meta.iso_clauses.iter().filter_map(|c| titled(c.as_str())).map(|c| (c, i)));
        }
    }
    claims.into_iter().collect()
}

fn exclusions(resolved: &ResolvedManual, reach: Reach) -> Vec<ExclusionView> {
    let mut found = Vec::new();
    for i in reach.documents(resolved) {
        let doc = &resolved.manual.documents[i];
        if doc.kind != Kind::Manual || !in_use(doc) {
            continue;
        }
        for e in doc.meta.scope.iter().flat_map(|s| &s.get_ref().exclusions) {
            found.push(ExclusionView {
                clause: e.clause.as_str().to_owned(),
                reason: e.reason.clone(),
                declared_in: DocBrief::of(resolved, i),
            });
        }
    }
    found
}

/// The clause matrix of the documents in reach.
pub fn matrix(resolved: &ResolvedManual, reach: Reach) -> Matrix {
    let claims = claims(resolved, reach);
    let exclusions = exclusions(resolved, reach);
    let docs = |keep: &dyn Fn(&str) -> bool| -> Vec<DocBrief> {
        let indices: BTreeSet<usize> = claims.iter().filter(|(c, _)| keep(c)).map(|(_, i)| *i).collect();
        indices.into_iter().map(|i| DocBrief::of(resolved, i)).collect()
    };
    let rows: Vec<ClauseRow> = CLAUSES
        .iter()
        .map(|&(clause, title)| {
            let documents = docs(&|c| c == clause);
            let through_sub_clauses = docs(&|c| c != clause && contains(clause, c));
            let parent = clause.rsplit_once('.').map(|(p, _)| p).filter(|_| depth(clause) == 3);
            let through_parent = parent.map_or_else(Vec::new, |p| docs(&|c| c == p));
            let exclusion = exclusions.iter().find(|e| contains(&e.clause, clause)).map(|e| e.reason.clone());
            let served = !(documents.is_empty() && through_sub_clauses.is_empty() && through_parent.is_empty());
            let state = match (&exclusion, served) {
                (Some(_), _) => ClauseState::Excluded,
                (None, true) => ClauseState::Served,
                (None, false) => ClauseState::Unserved,
            };
            ClauseRow {
                clause,
                title,
                depth: depth(clause),
                state,
                documents,
                through_sub_clauses,
                through_parent,
                exclusion,
            }
        })
        .collect();
    let unserved = rows.iter().filter(|r| r.state == ClauseState::Unserved).map(|r| r.clause).collect();
    Matrix { rows, exclusions, unserved }
}

/// Documents that claim a clause the scope excludes (over every document).
pub fn problems(resolved: &ResolvedManual) -> Vec<Diagnostic> {
    let exclusions = exclusions(resolved, Reach::All);
    let mut problems = Vec::new();
    for doc in resolved.manual.documents.iter().filter(|d| in_use(d)) {
        for claimed in &doc.meta.iso_clauses {
            let Some(e) = exclusions.iter().find(|e| contains(&e.clause, claimed.as_str())) else { continue };
            let loc = find_in_front_matter(doc, "iso_clauses", &format!("\"{}\"", claimed.as_str()));
            problems.push(
                Diagnostic::warning(
                    loc,
                    "excluded-clause-claimed",
                    {
                        let (clause, by) = (claimed.as_str(), e.declared_in.label());
                        tr!(
                            "tài liệu này phục vụ điều khoản {clause}, điều khoản mà {by} loại trừ khỏi hệ thống quản lý chất lượng",
                            "this document serves clause {clause}, which {by} excludes from the QMS"
                        )
                    },
                )
                .with_help({
                    let (clause, excluded, by) = (claimed.as_str(), &e.clause, e.declared_in.label());
                    tr!(
                        "bỏ \"{clause}\" khỏi iso_clauses, hoặc bỏ việc loại trừ {excluded} khỏi phạm vi của {by}",
                        "remove \"{clause}\" from iso_clauses, or remove the exclusion of {excluded} from the scope of {by}"
                    )
                }),
            );
        }
    }
    problems
}

/// The matrix as text for a terminal.
pub fn to_text(matrix: &Matrix) -> String {
    let mut out = format!(
        "ISO 9001:2015 clause matrix: {} clauses, {} served, {} excluded, {} not served\n",
        matrix.rows.len(),
        matrix.rows.iter().filter(|r| r.state == ClauseState::Served).count(),
        matrix.rows.iter().filter(|r| r.state == ClauseState::Excluded).count(),
        matrix.unserved.len()
    );
    for row in &matrix.rows {
        let names = |docs: &[DocBrief]| docs.iter().map(|d| d.label().to_owned()).collect::<Vec<_>>().join(", ");
        let what = match row.state {
            ClauseState::Excluded => format!("excluded: {}", row.exclusion.as_deref().unwrap_or("")),
            ClauseState::Unserved => "NOT SERVED".to_owned(),
            ClauseState::Served => {
                let mut parts = Vec::new();
                if !row.documents.is_empty() {
                    parts.push(names(&row.documents));
                }
                if !row.through_sub_clauses.is_empty() {
                    parts.push(format!("through sub-clauses: {}", names(&row.through_sub_clauses)));
                }
                if !row.through_parent.is_empty() {
                    parts.push(format!(
                        "through {}: {}",
                        row.clause.rsplit_once('.').map_or("", |p| p.0),
                        names(&row.through_parent)
                    ));
                }
                parts.join("; ")
            }
        };
        let indent = "  ".repeat(row.depth);
        out.push_str(&format!("{indent}{:<8} {}  →  {what}\n", row.clause, row.title));
    }
    out
}
