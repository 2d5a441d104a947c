//! The review schedule (ISO 9001 7.5.2, 9.3): documents whose review is due within
//! [`WINDOW_DAYS`] days of the build date (`--date`) or overdue, and quality objectives whose
//! year has ended without a result (6.2).
//!
//! A document is due on its `next_review`; without one, `[reports] review_interval_months`
//! after its effective date (its issue date when it has none); without either it has no review
//! date. Drafts and withdrawn documents are not scheduled. An overdue review and an ended
//! objective without a result are warnings in every `check` and build, as auditors expect; a
//! review due soon is only listed.

use serde::Serialize;

use super::{find_in_front_matter, in_use, DocBrief, Reach};
use crate::diagnostic::Diagnostic;
use crate::model::{Date, Kind, Status};
use crate::parse::Document;
use crate::resolve::ResolvedManual;

/// How many days ahead a review counts as due.
pub const WINDOW_DAYS: i64 = 30;

/// Where a review date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    NextReview,
    Interval,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReviewRow {
    pub document: DocBrief,
    /// The owner unit's name (its id when `[[units]]` does not know it).
    pub owner: Option<String>,
    pub due: Date,
    pub basis: Basis,
    /// Days from the build date to `due`: negative when overdue.
    pub days: i64,
    pub overdue: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveRow {
    pub document: DocBrief,
    pub year: i32,
    pub objective: String,
    pub target: String,
}

/// The schedule as of `date`.
#[derive(Clone, Debug, Serialize)]
pub struct Schedule {
    pub date: Date,
    pub window_days: i64,
    pub interval_months: Option<u32>,
    /// Overdue first, then by due date, then by document.
    pub documents: Vec<ReviewRow>,
    pub objectives: Vec<ObjectiveRow>,
}

/// When a document is next due for review, and why then.
fn due(resolved: &ResolvedManual, doc: &Document) -> Option<(Date, Basis)> {
    if let Some(day) = doc.meta.next_review {
        return Some((day, Basis::NextReview));
    }
    let months = *resolved.manual.config.reports.review_interval_months.as_ref()?.get_ref();
    let start = doc.meta.effective.as_ref().or(doc.meta.issued.as_ref())?;
    Some((start.get_ref().add_months(months), Basis::Interval))
}

fn scheduled(doc: &Document) -> bool {
    in_use(doc) && doc.meta.status.as_ref().is_none_or(|s| *s.get_ref() == Status::InForce)
}

/// The schedule of the documents in reach, as of the build date.
pub fn schedule(resolved: &ResolvedManual, reach: Reach) -> Schedule {
    let date = resolved.options.date;
    let mut documents = Vec::new();
    let mut objectives = Vec::new();
    for i in reach.documents(resolved) {
        let doc = &resolved.manual.documents[i];
        if !scheduled(doc) {
            continue;
        }
        if let Some((due, basis)) = due(resolved, doc) {
            let days = date.days_until(due);
            if days <= WINDOW_DAYS {
                let owner = doc.meta.owner.as_ref().map(|o| {
                    resolved.manual.config.unit(o.get_ref()).map_or_else(|| o.get_ref().clone(), |u| u.name.clone())
                });
                documents.push(ReviewRow {
                    document: DocBrief::of(resolved, i),
                    owner,
                    due,
                    basis,
                    days,
                    overdue: days < 0,
                });
            }
        }
        for (year, item) in ended_without_result(doc, date) {
            objectives.push(ObjectiveRow {
                document: DocBrief::of(resolved, i),
                year,
                objective: item.objective.clone(),
                target: item.target.clone(),
            });
        }
    }
    documents
        .sort_by(|a, b| (a.due, &a.document.code, &a.document.file).cmp(&(b.due, &b.document.code, &b.document.file)));
    Schedule {
        date,
        window_days: WINDOW_DAYS,
        interval_months: resolved.manual.config.reports.review_interval_months.as_ref().map(|m| *m.get_ref()),
        documents,
        objectives,
    }
}

/// The objectives of a past year (before the build date's) that have no result.
fn ended_without_result(doc: &Document, date: Date) -> Vec<(i32, &crate::model::document::ObjectiveItem)> {
    let Some(objectives) = doc.meta.objectives.as_ref().filter(|_| doc.kind == Kind::Objective) else {
        return Vec::new();
    };
    let year = *objectives.get_ref().year.get_ref();
    if year >= date.year() {
        return Vec::new();
    }
    objectives.get_ref().items.iter().filter(|item| item.result.is_none()).map(|item| (year, item)).collect()
}

/// Overdue reviews and ended objectives without a result (over every document).
pub fn problems(resolved: &ResolvedManual) -> Vec<Diagnostic> {
    let date = resolved.options.date;
    let mut problems = Vec::new();
    for (i, doc) in resolved.manual.documents.iter().enumerate().filter(|(_, d)| scheduled(d)) {
        if let Some((due, basis)) = due(resolved, doc).filter(|(due, _)| *due < date) {
            let late = due.days_until(date);
            let loc = match basis {
                Basis::NextReview => find_in_front_matter(doc, "next_review", "next_review"),
                Basis::Interval => doc
                    .meta
                    .effective
                    .as_ref()
                    .or(doc.meta.issued.as_ref())
                    .map_or_else(|| doc.whole_file(), |d| doc.loc(d)),
            };
            let (vi_why, en_why) = match basis {
                Basis::NextReview => (String::new(), String::new()),
                Basis::Interval => (
                    " (sau ngày hiệu lực [reports] review_interval_months tháng)".to_owned(),
                    " ([reports] review_interval_months after it took effect)".to_owned(),
                ),
            };
            let brief = DocBrief::of(resolved, i);
            let (label, vi_days, en_days) = (brief.label(), format!("{late} ngày"), days(late));
            problems.push(
                Diagnostic::warning(
                    loc,
                    "review-overdue",
                    tr!(
                        "{label} đến hạn rà soát ngày {due}{vi_why}, đã quá {vi_days} tính đến ngày dựng {date}",
                        "{label} was due for review on {due}{en_why}, {en_days} before the build date {date}"
                    ),
                )
                .with_help(tr!(
                    "rà soát tài liệu cùng đơn vị chủ trì, rồi ghi next_review là ngày rà soát tiếp theo",
                    "review the document with its owner unit, then set next_review to the next review date"
                )),
            );
        }
        for (year, item) in ended_without_result(doc, date) {
            let loc = find_in_front_matter(doc, "objectives", &item.objective);
            problems.push(
                Diagnostic::warning(loc, "objective-without-result", {
                    let objective = &item.objective;
                    tr!(
                        "mục tiêu \"{objective}\" năm {year} chưa có kết quả, mà năm {year} đã kết thúc",
                        "the objective \"{objective}\" of {year} has no result, and {year} has ended"
                    )
                })
                .with_help(tr!(
                    "ghi kết quả đạt được vào `result` của mục tiêu (ví dụ result = \"97,5% – đạt\")",
                    "record what was reached in the item's `result` (e.g. result = \"97,5% – đạt\")"
                )),
            );
        }
    }
    problems
}

/// The schedule as text for a terminal.
pub fn to_text(schedule: &Schedule) -> String {
    let mut out = format!(
        "Reviews due by {} ({} days after the build date {}):\n",
        schedule.date.add_days(schedule.window_days),
        schedule.window_days,
        schedule.date
    );
    if schedule.documents.is_empty() {
        out.push_str("  none\n");
    }
    for row in &schedule.documents {
        let when =
            if row.overdue { format!("OVERDUE by {}", days(-row.days)) } else { format!("in {}", days(row.days)) };
        let owner = row.owner.as_deref().map(|o| format!(" – {o}")).unwrap_or_default();
        out.push_str(&format!("  {} {}  due {} ({when}){owner}\n", row.document.label(), row.document.title, row.due));
    }
    if !schedule.objectives.is_empty() {
        out.push_str("\nObjectives of an ended year without a result:\n");
        for row in &schedule.objectives {
            out.push_str(&format!("  {} ({}): {}\n", row.document.label(), row.year, row.objective));
        }
    }
    out
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}
