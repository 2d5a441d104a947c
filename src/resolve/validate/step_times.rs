//! The step-time invariant of a procedure (DOMAIN.md §3): per method row and per case, the
//! counted steps that belong to both add up to no more than the row's time limit, in the limit's
//! own unit. Calendar days and working time never mix, and a step that cannot be compared is
//! reported once, however many methods and cases it belongs to.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::model::procedure::Procedure;
use crate::model::time_limit::{in_units_of, total_text};
use crate::parse::Document;

/// Per method and case, the counted steps that apply fit its time limit, in its own unit.
/// A step whose unit cannot be compared with a limit is reported once, whatever the count
/// of methods and cases.
pub fn check(doc: &Document, p: &Procedure) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut incomparable: BTreeSet<usize> = BTreeSet::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for method in &p.methods {
        let kind = *method.kind.get_ref();
        let limit = method.time_limit.get_ref().budget();
        for case in p.cases_of(&method.cases) {
            let mut total = 0u64;
            for (i, step) in p.steps.iter().enumerate() {
                let Some(time) = step.time.as_ref().filter(|_| step.counted && step.applies(kind, case)) else {
                    continue;
                };
                match in_units_of(*time.get_ref(), limit.unit) {
                    Some(amount) => total += amount,
                    None if incomparable.insert(i) => {
                        warnings.push((doc.loc(time), time.get_ref().unit, kind, limit.unit))
                    }
                    None => {}
                }
            }
            let allowed = in_units_of(limit, limit.unit).expect("a limit compares with its own unit");
            if total > allowed {
                let case_name =
                    case.map(|c| format!(" in the case \"{}\"", p.case_name(c).unwrap_or(c))).unwrap_or_default();
                errors.push((
                    doc.loc(&method.time_limit),
                    format!(
                        "the steps of the {} method{case_name} add up to {}, more than its time limit of {}",
                        kind.vietnamese().to_lowercase(),
                        total_text(total, limit.unit),
                        method.time_limit.get_ref()
                    ),
                ));
            }
        }
    }
    for (loc, unit, kind, limit) in warnings {
        diagnostics.push(
            Diagnostic::warning(loc, "incomparable-time", format!("this step is timed in {} but the {} time limit is in {}", unit.vietnamese(), kind.vietnamese().to_lowercase(), limit.vietnamese()))
                .with_help("use the unit of the time limit (working days and working hours compare; calendar days only with calendar days), or write `counted = false` when the step does not count towards the limit"),
        );
    }
    for (loc, message) in errors {
        diagnostics.push(Diagnostic::error(loc, "steps-exceed-time-limit", message).with_help("shorten step times, mark steps that do not apply with `methods = [...]` or `cases = [...]`, or write `counted = false` for periods that do not count"));
    }
    diagnostics
}
