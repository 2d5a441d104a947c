//! Whether a cited law could be relied on: was it in force when the citing document took
//! effect, has it ended or been replaced, did it change after the document's last revision.
//! One cause is said once: a law replaced before the document took effect is one `cites-ended`
//! warning (saying so), not that and a `cites-not-in-force` as well.

use super::citations::{last_revision, ReviewReason};
use super::legal::{changed_by, in_force_on, is_ended, last_change, Relation};
use super::ResolvedManual;
use crate::diagnostic::Text;
use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::model::Date;
use crate::parse::LegalEntry;

/// Checks the law at registry position `entry`, cited at `loc` by document `doc_index`.
/// Returns a reason when the document needs review.
pub(super) fn check_validity(
    resolved: &ResolvedManual,
    doc_index: usize,
    entry: usize,
    loc: &Loc,
    diagnostics: &mut Diagnostics,
) -> Option<ReviewReason> {
    let doc = &resolved.manual.documents[doc_index];
    let legal = &resolved.manual.legal[entry];
    let number = legal.doc.number.get_ref();
    let edges = &resolved.legal_edges[entry];
    let number_of = |i: usize| resolved.manual.legal[i].doc.number.get_ref().to_string();
    let changes = changed_by(edges);
    let replacements: Vec<String> = changes
        .iter()
        .filter(|(relation, _)| *relation != Relation::AmendedBy)
        .map(|(relation, i)| format!("{} {}", relation.vietnamese().to_lowercase(), number_of(*i)))
        .collect();
    let amendments: Vec<String> =
        changes.iter().filter(|(relation, _)| *relation == Relation::AmendedBy).map(|(_, i)| number_of(*i)).collect();
    let ended = is_ended(legal) || !replacements.is_empty();
    let not_in_force = doc.meta.effective.as_ref().map(|e| *e.get_ref()).filter(|day| !in_force_on(legal, *day));
    // Ended before the document took effect: the same cause as `cites-ended`, said there.
    let ended_before = not_in_force.filter(|day| ended && started_on(legal, *day));
    if let (Some(day), None) = (not_in_force, ended_before) {
        diagnostics.push(not_in_force_warning(loc, &number.to_string(), day));
    }
    let revised = last_revision(doc);
    let changed = last_change(&resolved.manual, entry, edges);
    match (changed, revised) {
        (Some(day), Some(revised)) if day > revised => {
            let what = if !replacements.is_empty() {
                replacements.join(", ")
            } else if !amendments.is_empty() {
                format!("được sửa đổi, bổ sung bởi {}", amendments.join(", "))
            } else if legal.doc.effective_to == Some(day) {
                format!("hết hiệu lực từ {day}")
            } else {
                legal.doc.status.vietnamese().to_lowercase()
            };
            diagnostics.push(review_warning(loc, &number.to_string(), day, &what, revised));
            Some(ReviewReason { number: number.to_string(), changed: day, what })
        }
        (_, revised) if ended && (revised.is_some() || ended_before.is_some()) => {
            let what = match replacements.is_empty() {
                true => legal.doc.status.vietnamese().to_lowercase(),
                false => replacements.join(", "),
            };
            diagnostics.push(ended_warning(loc, &number.to_string(), &what, ended_before));
            None
        }
        _ => None,
    }
}

/// Whether the law had started to apply on `day`.
fn started_on(legal: &LegalEntry, day: Date) -> bool {
    legal.doc.effective_from.unwrap_or(legal.doc.signed) <= day
}

fn not_in_force_warning(loc: &Loc, number: &str, day: Date) -> Diagnostic {
    let message = Text::new(
        format!("{number} chưa có hiệu lực vào ngày {day}, khi tài liệu này có hiệu lực"),
        format!("{number} was not in force on {day}, when this document took effect"),
    );
    let help = Text::new(
        "kiểm tra ngày hiệu lực trong mục văn bản của sổ đăng ký, hoặc trích dẫn văn bản đang có hiệu lực khi đó",
        "check the effective dates in the registry entry, or cite the document that was in force",
    );
    Diagnostic::warning(loc.clone(), "cites-not-in-force", message).with_help(help)
}

fn review_warning(loc: &Loc, number: &str, day: Date, what: &str, revised: Date) -> Diagnostic {
    let message = Text::new(
        format!("{number} đã thay đổi ngày {day} ({what}), sau lần sửa đổi cuối của tài liệu này ngày {revised}: cần rà soát"),
        format!("{number} changed on {day} ({what}), after this document's last revision on {revised}: review needed"),
    );
    let help = Text::new(
        "rà soát tài liệu theo thay đổi đó; ban hành lần sửa đổi mới (hoặc ghi nhận việc rà soát) để hết cảnh báo này",
        "review the document against the change; issue a new revision (or record the review) to clear this",
    );
    Diagnostic::warning(loc.clone(), "review-needed", message).with_help(help)
}

fn ended_warning(loc: &Loc, number: &str, what: &str, before: Option<Date>) -> Diagnostic {
    let message = match before {
        Some(day) => Text::new(
            format!("{number} đã hết hiệu lực ({what}) trước ngày {day}, khi tài liệu này có hiệu lực"),
            format!("{number} was no longer in force ({what}) on {day}, when this document took effect"),
        ),
        None => Text::new(
            format!("{number} không còn hiệu lực ({what})"),
            format!("{number} is no longer in force ({what})"),
        ),
    };
    let help = Text::new(
        "trích dẫn văn bản thay thế nó, và ban hành lần sửa đổi mới",
        "cite the document that replaced it, and issue a new revision",
    );
    Diagnostic::warning(loc.clone(), "cites-ended", message).with_help(help)
}
