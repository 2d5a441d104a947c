//! `sotay import`: runs the library's import and prints its report — text on standard output
//! for people, or JSON — then the summary line. Exit 1 when some file could not be imported.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::ImportFormat;
use super::exit;
use crate::error::Error;
use crate::import::{self, Options};
use crate::lang::Lang;

/// Imports `inputs` into `options.dir` and prints the report.
pub fn run(inputs: Vec<PathBuf>, options: Options, format: ImportFormat) -> Result<ExitCode, Error> {
    let report = import::run(&inputs, &options)?;
    let lang = std::fs::read_to_string(options.dir.join("sotay.toml")).map_or(Lang::Vi, |t| Lang::of_config_text(&t));
    match format {
        ImportFormat::Json => print!("{}", report.json()),
        ImportFormat::Text => print!("{}", report.text(lang)),
    }
    Ok(exit(report.failed > 0))
}
