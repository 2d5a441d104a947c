//! `sotay import`: runs the library's import and prints its report — text on standard output
//! for people, or JSON — then the summary line. Exit 1 when some file could not be imported.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::ImportFormat;
use super::exit;
use crate::error::Error;
use crate::import::{self, Options};
use crate::lang::Lang;

/// Imports `inputs` into `options.dir` and prints the report in `lang`.
pub fn run(inputs: Vec<PathBuf>, options: Options, format: ImportFormat, lang: Lang) -> Result<ExitCode, Error> {
    let report = import::run(&inputs, &options)?;
    match format {
        ImportFormat::Json => print!("{}", report.json()),
        ImportFormat::Text => print!("{}", report.text(lang)),
    }
    Ok(exit(report.failed > 0))
}
