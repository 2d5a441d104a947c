//! `sotay check --report coverage|clauses|reviews|register`: one oversight report on standard
//! output (text, JSON, or CSV for the register), the manual's problems on standard error.
//!
//! The reports are for staff, so they cover every document, internal ones and drafts too,
//! whatever `--audience` says (as `sotay impact` does); `--date` sets the build date the
//! review schedule counts from.

use std::process::ExitCode;

use crate::error::{Error, Result};
use crate::model::Audience;
use crate::pipeline::{self, BuildOptions};

use super::{clauses, coverage, register, reviews, Reach};

/// The reports `--report` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    Coverage,
    Clauses,
    Reviews,
    Register,
}

/// How a report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Printed {
    Text,
    Json,
    Csv,
}

/// Runs the stages that check the manual and prints `kind`; exit 1 when the manual has errors
/// (or, with `strict`, warnings), 2 for CSV of a report that has no CSV form.
pub fn run(kind: ReportKind, options: &BuildOptions, printed: Printed, strict: bool) -> Result<ExitCode> {
    if printed == Printed::Csv && kind != ReportKind::Register {
        return Err(Error::Usage("--format csv is only for --report register; use text or json".into()));
    }
    let mut options = options.clone();
    options.audience = Audience::Internal;
    let analysis = pipeline::analyse(&options, &|_| {})?;
    eprint!("{}", crate::diagnostic::format_diagnostics(&analysis.diagnostics, analysis.sources.texts()));
    let Some(resolved) = analysis.resolved else { return Ok(ExitCode::from(1)) };
    let json = |value: &dyn erased::Json| value.to_pretty();
    let out = match kind {
        ReportKind::Coverage => {
            let report = coverage::coverage(&resolved, resolved.manual.tthc.as_ref(), Reach::All);
            if printed == Printed::Json {
                json(&report)
            } else {
                coverage::to_text(&report)
            }
        }
        ReportKind::Clauses => {
            let matrix = clauses::matrix(&resolved, Reach::All);
            if printed == Printed::Json {
                json(&matrix)
            } else {
                clauses::to_text(&matrix)
            }
        }
        ReportKind::Reviews => {
            let schedule = reviews::schedule(&resolved, Reach::All);
            if printed == Printed::Json {
                json(&schedule)
            } else {
                reviews::to_text(&schedule)
            }
        }
        ReportKind::Register => {
            let rows = register::register(&resolved, Reach::All);
            let ui = resolved.manual.ui();
            match printed {
                Printed::Json => json(&rows),
                Printed::Csv => String::from_utf8(register::to_csv(&rows, ui)).expect("the CSV is UTF-8"),
                Printed::Text => register::to_text(&rows, ui),
            }
        }
    };
    print!("{out}");
    let failed = analysis.diagnostics.has_errors() || (strict && analysis.diagnostics.warnings() > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Pretty JSON of any report, with a final newline.
mod erased {
    pub trait Json {
        fn to_pretty(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_pretty(&self) -> String {
            let mut text = serde_json::to_string_pretty(self).expect("reports serialise");
            text.push('\n');
            text
        }
    }
}
