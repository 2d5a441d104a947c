//! An oversight report as `sotay check --report coverage|clauses|reviews|register|legal` prints it:
//! text, JSON, or CSV for the register. The command line runs the stages and prints; this
//! module only turns the resolved manual into the report's text.
//!
//! The reports are for staff, so they cover every document, internal ones and drafts too
//! ([`Reach::All`]), whatever the build's audience.

use super::{clauses, coverage, register, reviews, Reach};
use crate::lang::Lang;
use crate::resolve::ResolvedManual;

/// The reports `--report` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    Coverage,
    Clauses,
    Reviews,
    Register,
    /// The legal registry's unverified, unsourced and long-ago verified entries.
    Legal,
}

/// How a report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Printed {
    Text,
    Json,
    Csv,
}

impl ReportKind {
    /// Whether the report can be printed as `printed`: only the register has a CSV form.
    pub fn prints_as(self, printed: Printed) -> bool {
        printed != Printed::Csv || self == ReportKind::Register
    }
}

/// The report `kind` of every document of `resolved`, as `printed` (text or JSON; CSV for the
/// register, text for another report asked for as CSV — see [`ReportKind::prints_as`]); the legal
/// report's text in `lang` (`--lang`, else the manual's).
pub fn report(kind: ReportKind, resolved: &ResolvedManual, printed: Printed, lang: Lang) -> String {
    let json = printed == Printed::Json;
    match kind {
        ReportKind::Coverage => {
            let report = coverage::coverage(resolved, resolved.manual.tthc.as_ref(), Reach::All);
            if json {
                pretty(&report)
            } else {
                coverage::to_text(&report)
            }
        }
        ReportKind::Clauses => {
            let matrix = clauses::matrix(resolved, Reach::All);
            if json {
                pretty(&matrix)
            } else {
                clauses::to_text(&matrix)
            }
        }
        ReportKind::Reviews => {
            let schedule = reviews::schedule(resolved, Reach::All);
            if json {
                pretty(&schedule)
            } else {
                reviews::to_text(&schedule)
            }
        }
        ReportKind::Register => register_report(resolved, printed),
        ReportKind::Legal => {
            let report = super::legal_sources::legal_sources(resolved);
            if json {
                pretty(&report)
            } else {
                super::legal_sources::to_text(&report, lang)
            }
        }
    }
}

fn register_report(resolved: &ResolvedManual, printed: Printed) -> String {
    let rows = register::register(resolved, Reach::All);
    let ui = resolved.manual.ui();
    match printed {
        Printed::Json => pretty(&rows),
        Printed::Csv => String::from_utf8(register::to_csv(&rows, ui)).expect("the CSV is UTF-8"),
        Printed::Text => register::to_text(&rows, ui),
    }
}

/// Pretty JSON of a report, with a final newline.
fn pretty(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("reports serialise");
    text.push('\n');
    text
}
