//! How `sotay check` prints the problems it found, in the format asked for: text for people
//! (standard error, with source lines), or for programs on standard output — the versioned JSON
//! of docs/diagnostics-json.md, GitHub Actions annotations, or a SARIF 2.1.0 log. A manual and a
//! portal print alike; a portal's JSON adds its agencies.

use std::path::Path;

use serde_json::{Map, Value};

use super::args::Format;
use crate::diagnostic::{format_diagnostics, github, json, sarif, Diagnostics};
use crate::lang::Lang;

/// What a check found, ready to print.
pub struct Found<'a, F> {
    pub diagnostics: &'a Diagnostics,
    /// The manual's texts, by path, for source lines and where problems end.
    pub files: F,
    /// The folder checked, as given on the command line.
    pub root: &'a Path,
    pub summary: json::Summary,
}

/// Prints `found` in `format`; `summary_line` is the closing line of the text format (also
/// written to standard error after GitHub annotations, which the log shows too); `extra` are
/// fields added to the JSON report; messages are worded in `lang`.
pub fn print<'a, F>(format: Format, found: Found<'a, F>, summary_line: &str, extra: Map<String, Value>, lang: Lang)
where
    F: IntoIterator<Item = (&'a Path, &'a str)>,
{
    match format {
        Format::Json => {
            let mut report = json::report(found.diagnostics, found.files, found.summary, lang);
            report.extend(extra);
            println!("{}", serde_json::to_string_pretty(&report).expect("the report is plain data"));
        }
        Format::Github => {
            print!("{}", github::annotations(found.diagnostics, found.files, found.root, lang));
            eprintln!("{summary_line}");
        }
        Format::Sarif => {
            let log = sarif::log(found.diagnostics, found.files, found.root, lang);
            println!("{}", serde_json::to_string_pretty(&log).expect("the log is plain data"));
        }
        Format::Text | Format::Csv => {
            eprint!("{}", format_diagnostics(found.diagnostics, found.files, lang));
            eprintln!("{summary_line}");
        }
    }
}
