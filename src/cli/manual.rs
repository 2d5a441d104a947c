//! The commands on one manual: each runs the library (the pipeline, a report, the server, the
//! scaffold) and prints what it returns — problems on standard error with their source lines,
//! answers on standard output.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::args::{AudienceArg, Common, Format, ReportArg};
use super::exit;
use super::problems::{self, Found};
use super::progress::Progress;
use crate::diagnostic::format_diagnostics;
use crate::diagnostic::json::Summary;
use crate::error::Error;
use crate::model::{Audience, Date, Kind, LegalNumber};
use crate::pipeline::{self, BuildOptions, Built, Outcome};
use crate::report::output::{Printed, ReportKind};
use crate::scaffold;

/// `sotay build DIR`: the site written to `out`, the problems and a summary printed.
pub fn build(
    common: &Common,
    out: Option<PathBuf>,
    base_url: Option<String>,
    quiet: bool,
    keep_going: bool,
    precompress: Option<Vec<crate::model::precompress::Encoding>>,
) -> Result<ExitCode, Error> {
    if keep_going {
        return Err(Error::Usage("--keep-going applies to portals (a sotay.toml with [portal]) only".into()));
    }
    let started = Instant::now();
    let mut options = common.options();
    options.base_url = base_url;
    options.precompress = precompress;
    let out = out.unwrap_or_else(|| common.dir.join("public"));
    let progress = Progress::new(quiet);
    let built = pipeline::build(&options, &out, common.strict, &|stage| progress.stage(stage))?;
    progress.finish();
    let summary = match &built {
        Built::UpToDate { stamp, .. } => up_to_date(stamp, started, &out),
        Built::Ran(outcome) => {
            eprint!("{}", format_diagnostics(&outcome.diagnostics, outcome.sources.texts()));
            summary(outcome, started, outcome.failed(common.strict), &out)
        }
    };
    let failed = built.failed(common.strict);
    if !quiet || failed {
        eprintln!("{summary}");
    }
    Ok(exit(failed))
}

/// `sotay check DIR`: every problem, as text on standard error, or as JSON, GitHub annotations
/// or SARIF on standard output.
pub fn check(common: &Common, format: Format) -> Result<ExitCode, Error> {
    if format == Format::Csv {
        return Err(Error::Usage("--format csv is only for --report register".into()));
    }
    if crate::portal::is_portal(&common.dir) {
        return super::portal::check(common, format);
    }
    let started = Instant::now();
    let outcome = pipeline::check(&common.options(), &|_| {})?;
    let failed = outcome.failed(common.strict);
    let unread = match outcome.unread {
        0 => String::new(),
        n => format!(" ({n} more could not be read)"),
    };
    let summary_line = format!(
        "Checked {} documents{unread} in {:.2} s: {} errors, {} warnings",
        outcome.documents,
        started.elapsed().as_secs_f64(),
        outcome.diagnostics.errors(),
        outcome.diagnostics.warnings()
    );
    let found = Found {
        diagnostics: &outcome.diagnostics,
        files: outcome.sources.texts(),
        root: &common.dir,
        summary: Summary { ok: !failed, documents: outcome.documents, unread: outcome.unread },
    };
    problems::print(format, found, &summary_line, Default::default());
    Ok(exit(failed))
}

/// `sotay check DIR --report KIND`: the manual's problems on standard error, the report (of
/// every document, internal ones too, whatever `--audience` says) on standard output; exit 1
/// when the manual has errors (or, with `--strict`, warnings).
pub fn report(common: &Common, kind: ReportArg, format: Format) -> Result<ExitCode, Error> {
    let (kind, printed) = (ReportKind::from(kind), Printed::from(format));
    if format.only_for_problems() {
        return Err(Error::Usage(
            "--format github and sarif are for the list of problems; a report prints as text or json".into(),
        ));
    }
    if !kind.prints_as(printed) {
        return Err(Error::Usage("--format csv is only for --report register; use text or json".into()));
    }
    let mut options = common.options();
    options.audience = Audience::Internal;
    let mut analysis = pipeline::analyse(&options, &|_| {}, None)?;
    analysis.diagnostics.sort();
    eprint!("{}", format_diagnostics(&analysis.diagnostics, analysis.sources.texts()));
    let Some(resolved) = analysis.resolved else { return Ok(ExitCode::from(1)) };
    print!("{}", crate::report::output::report(kind, &resolved, printed));
    Ok(exit(analysis.diagnostics.has_errors() || (common.strict && analysis.diagnostics.warnings() > 0)))
}

/// `sotay impact NUMBER DIR`: what depends on a legal document, over every document.
pub fn impact(number: &str, dir: &Path, format: Format) -> Result<ExitCode, Error> {
    let number = LegalNumber::parse(number).map_err(Error::Usage)?;
    let mut options = BuildOptions::new(dir);
    options.audience = Audience::Internal;
    let analysis = pipeline::analyse(&options, &|_| {}, None)?;
    let Some(resolved) = analysis.resolved else {
        eprint!("{}", format_diagnostics(&analysis.diagnostics, analysis.sources.texts()));
        return Ok(ExitCode::from(1));
    };
    let impact = crate::report::impact::impact(&resolved, &number).map_err(Error::Usage)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&impact).expect("the report serialises")),
        Format::Text => print!("{}", crate::report::impact::to_text(&impact)),
        Format::Csv | Format::Github | Format::Sarif => {
            return Err(Error::Usage(
                "impact prints as text or json; --format csv, github and sarif are for check".into(),
            ))
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `sotay serve DIR`: the preview server, until it is stopped.
pub fn serve(
    dir: PathBuf,
    port: u16,
    bind: IpAddr,
    open: bool,
    audience: AudienceArg,
    date: Option<Date>,
) -> Result<ExitCode, Error> {
    if crate::portal::is_portal(&dir) {
        return Err(Error::Usage(format!(
            "{} is a portal; `sotay serve` previews one manual: serve an agency's folder, and build the portal",
            dir.display()
        )));
    }
    let mut build = BuildOptions::new(&dir);
    build.audience = audience.into();
    if let Some(date) = date {
        build.date = date;
    }
    crate::serve::serve(crate::serve::ServeOptions { build, bind, port, open })?;
    Ok(ExitCode::SUCCESS)
}

/// `sotay init DIR`: a new manual that builds as is.
pub fn init(dir: &Path) -> Result<ExitCode, Error> {
    scaffold::init(dir, Date::today())?;
    eprintln!("Created a new manual in {}. Next: sotay build {}", dir.display(), dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `sotay new KIND CODE TITLE`: a new document with the front matter its kind needs.
pub fn new(dir: &Path, kind: Kind, code: &str, title: &str) -> Result<ExitCode, Error> {
    let path = scaffold::new_document(dir, kind, code, title, Date::today())?;
    eprintln!("Created {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The last line of `sotay build` when nothing changed since the build that wrote `out`.
fn up_to_date(stamp: &crate::write::Stamp, started: Instant, out: &Path) -> String {
    let notes = match stamp.notes {
        0 => String::new(),
        n => format!("; its {n} note(s) are not repeated (`sotay check` shows them)"),
    };
    format!(
        "Up to date: nothing changed since the last build of {} documents ({} published), {} pages{notes}; {} left as it is ({:.2} s)",
        stamp.documents,
        stamp.published,
        stamp.pages,
        out.display(),
        started.elapsed().as_secs_f64()
    )
}

/// The last line of `sotay build` when the stages ran: what was built, or that it failed.
fn summary(outcome: &Outcome, started: Instant, failed: bool, out: &Path) -> String {
    let pages = outcome.site.as_ref().map_or(0, |s| s.pages);
    let counts = format!(
        "{} documents ({} published), {} pages, {} warnings, {} errors in {:.2} s",
        outcome.documents,
        outcome.published,
        pages,
        outcome.diagnostics.warnings(),
        outcome.diagnostics.errors(),
        started.elapsed().as_secs_f64()
    );
    if failed {
        format!("Build failed: {counts}; {} left unchanged", out.display())
    } else {
        format!("Built {counts} → {}", out.display())
    }
}
