//! The step-time invariant of a procedure (DOMAIN.md §3): per method row and per case, the
//! counted steps that belong to both add up to no more than the row's time limit, in the limit's
//! own unit. Calendar days and working time never mix, and a step that cannot be compared is
//! reported once, however many methods and cases it belongs to.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Text;
use crate::lang::Lang;
use crate::model::procedure::{MethodKind, Procedure};
use crate::model::quantity::TimeUnit;
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
                let case_name = case.map(|c| p.case_name(c).unwrap_or(c));
                let (total, limit) = (total_text(total, limit.unit), method.time_limit.get_ref().to_string());
                let message = Text::by_lang(|lang| exceeded(kind, case_name, &total, &limit, lang));
                errors.push((doc.loc(&method.time_limit), message));
            }
        }
    }
    for (loc, unit, kind, limit) in warnings {
        diagnostics.push(incomparable_warning(loc, unit, kind, limit));
    }
    let help = Text::new(
        "rút ngắn thời gian các bước, ghi `methods = [...]` hoặc `cases = [...]` cho bước không áp dụng, hoặc viết `counted = false` cho khoảng thời gian không tính vào thời hạn",
        "shorten step times, mark steps that do not apply with `methods = [...]` or `cases = [...]`, or write `counted = false` for periods that do not count",
    );
    for (loc, message) in errors {
        diagnostics.push(Diagnostic::error(loc, "steps-exceed-time-limit", message).with_help(help.clone()));
    }
    diagnostics
}

/// "the steps of the in-person method add up to …, more than its time limit of …".
fn exceeded(kind: MethodKind, case: Option<&str>, total: &str, limit: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            let case = case.map(|c| format!(" trong trường hợp \"{c}\"")).unwrap_or_default();
            let method = kind.vietnamese().to_lowercase();
            format!("các bước của cách nộp {method}{case} cộng lại {total}, quá thời hạn {limit}")
        }
        Lang::En => {
            let case = case.map(|c| format!(" in the case \"{c}\"")).unwrap_or_default();
            let method = method_english(kind);
            format!("the steps of the {method} method{case} add up to {total}, more than its time limit of {limit}")
        }
    }
}

/// One warning for a step whose unit does not add up with a time limit's.
fn incomparable_warning(loc: crate::diagnostic::Loc, unit: TimeUnit, kind: MethodKind, limit: TimeUnit) -> Diagnostic {
    let message = Text::by_lang(|lang| match lang {
        Lang::Vi => format!(
            "bước này tính bằng {} nhưng thời hạn của cách nộp {} tính bằng {}, nên không cộng được",
            unit_vietnamese(unit),
            kind.vietnamese().to_lowercase(),
            unit_vietnamese(limit)
        ),
        Lang::En => format!(
            "this step is timed in {} but the {} time limit is in {}",
            unit_english(unit),
            method_english(kind),
            unit_english(limit)
        ),
    });
    let help = Text::new(
        "dùng đơn vị của thời hạn (ngày làm việc và giờ làm việc cộng được với nhau; ngày theo lịch chỉ với ngày theo lịch), hoặc viết `counted = false` nếu bước này không tính vào thời hạn",
        "use the unit of the time limit (working days and working hours compare; calendar days only with calendar days), or write `counted = false` when the step does not count towards the limit",
    );
    Diagnostic::warning(loc, "incomparable-time", message).with_help(help)
}

fn unit_vietnamese(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Days => "ngày theo lịch",
        other => other.vietnamese(),
    }
}

fn unit_english(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::WorkingDays => "working days",
        TimeUnit::WorkingHours => "working hours",
        TimeUnit::Days => "calendar days",
    }
}

fn method_english(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::InPerson => "in-person",
        MethodKind::Online => "online",
        MethodKind::Post => "postal",
    }
}
