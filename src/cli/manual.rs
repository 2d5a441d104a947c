//! The commands on one manual: each runs the library (the pipeline, a report, the server, the
//! scaffold) and prints what it returns — problems on standard error with their source lines,
//! answers on standard output.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::args::{print_lang, AudienceArg, Common, Format, LangArg, ReportArg};
use super::exit;
use super::problems::{self, Found};
use super::progress::Progress;
use crate::diagnostic::format_diagnostics;
use crate::diagnostic::json::Summary;
use crate::error::Error;
use crate::lang::Lang;
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
        return Err(Error::Refused(tr!(
            "--keep-going chỉ dùng cho cổng thông tin (sotay.toml có [portal])",
            "--keep-going applies to portals (a sotay.toml with [portal]) only"
        )));
    }
    let started = Instant::now();
    let mut options = common.options();
    options.base_url = base_url;
    options.precompress = precompress;
    let out = out.unwrap_or_else(|| common.dir.join("public"));
    let progress = Progress::new(quiet, common.lang_before_reading());
    let built = pipeline::build(&options, &out, common.strict, &|stage| progress.stage(stage))?;
    progress.finish();
    let summary = match &built {
        Built::UpToDate { stamp, sources } => up_to_date(stamp, started, &out, common.lang(sources)),
        Built::Ran(outcome) => {
            let lang = common.lang(&outcome.sources);
            eprint!("{}", format_diagnostics(&outcome.diagnostics, outcome.sources.texts(), lang));
            summary(outcome, started, outcome.failed(common.strict), &out, lang)
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
        return Err(Error::Refused(tr!(
            "--format csv chỉ dùng với --report register",
            "--format csv is only for --report register"
        )));
    }
    if crate::portal::is_portal(&common.dir) {
        return super::portal::check(common, format);
    }
    let started = Instant::now();
    let outcome = pipeline::check(&common.options(), &|_| {})?;
    let failed = outcome.failed(common.strict);
    let lang = common.lang(&outcome.sources);
    let summary_line = checked_line(&outcome, started.elapsed().as_secs_f64(), lang);
    let found = Found {
        diagnostics: &outcome.diagnostics,
        files: outcome.sources.texts(),
        root: &common.dir,
        summary: Summary { ok: !failed, documents: outcome.documents, unread: outcome.unread },
    };
    problems::print(format, found, &summary_line, Default::default(), lang);
    Ok(exit(failed))
}

/// The last line of `sotay check`: how many documents were checked (and could not be read),
/// in how long, with how many errors and warnings.
fn checked_line(outcome: &Outcome, seconds: f64, lang: Lang) -> String {
    let (documents, errors, warnings) =
        (outcome.documents, outcome.diagnostics.errors(), outcome.diagnostics.warnings());
    let unread = match (outcome.unread, lang) {
        (0, _) => String::new(),
        (n, Lang::Vi) => format!(" (và {n} tài liệu không đọc được)"),
        (n, Lang::En) => format!(" ({n} more could not be read)"),
    };
    match lang {
        Lang::Vi => format!(
            "Đã kiểm tra {documents} tài liệu{unread} trong {seconds:.2} giây: {errors} lỗi, {warnings} cảnh báo"
        ),
        Lang::En => {
            format!("Checked {documents} documents{unread} in {seconds:.2} s: {errors} errors, {warnings} warnings")
        }
    }
}

/// `sotay check DIR --report KIND`: the manual's problems on standard error, the report (of
/// every document, internal ones too, whatever `--audience` says) on standard output; exit 1
/// when the manual has errors (or, with `--strict`, warnings).
pub fn report(common: &Common, kind: ReportArg, format: Format) -> Result<ExitCode, Error> {
    let (kind, printed) = (ReportKind::from(kind), Printed::from(format));
    if format.only_for_problems() {
        return Err(Error::Refused(tr!(
            "--format github và sarif dành cho danh sách lỗi; báo cáo in ra dạng text hoặc json",
            "--format github and sarif are for the list of problems; a report prints as text or json"
        )));
    }
    if !kind.prints_as(printed) {
        return Err(Error::Refused(tr!(
            "--format csv chỉ dùng với --report register; dùng text hoặc json",
            "--format csv is only for --report register; use text or json"
        )));
    }
    let mut options = common.options();
    options.audience = Audience::Internal;
    let mut analysis = pipeline::analyse(&options, &|_| {}, None)?;
    analysis.diagnostics.sort();
    let lang = common.lang(&analysis.sources);
    eprint!("{}", format_diagnostics(&analysis.diagnostics, analysis.sources.texts(), lang));
    let Some(resolved) = analysis.resolved else { return Ok(ExitCode::from(1)) };
    print!("{}", crate::report::output::report(kind, &resolved, printed, lang));
    Ok(exit(analysis.diagnostics.has_errors() || (common.strict && analysis.diagnostics.warnings() > 0)))
}

/// `sotay impact NUMBER DIR`: what depends on a legal document, over every document.
pub fn impact(number: &str, dir: &Path, format: Format, lang: Option<LangArg>) -> Result<ExitCode, Error> {
    let number = LegalNumber::parse(number).map_err(|why| Error::Refused(crate::diagnostic::Text::reason(&why)))?;
    let mut options = BuildOptions::new(dir);
    options.audience = Audience::Internal;
    let analysis = pipeline::analyse(&options, &|_| {}, None)?;
    let Some(resolved) = analysis.resolved else {
        let lang = print_lang(lang, &analysis.sources);
        eprint!("{}", format_diagnostics(&analysis.diagnostics, analysis.sources.texts(), lang));
        return Ok(ExitCode::from(1));
    };
    let impact = crate::report::impact::impact(&resolved, &number).map_err(Error::Refused)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&impact).expect("the report serialises")),
        Format::Text => print!("{}", crate::report::impact::to_text(&impact)),
        Format::Csv | Format::Github | Format::Sarif => {
            return Err(Error::Refused(tr!(
                "impact in ra dạng text hoặc json; --format csv, github và sarif dành cho check",
                "impact prints as text or json; --format csv, github and sarif are for check"
            )))
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
    lang: Option<LangArg>,
) -> Result<ExitCode, Error> {
    if crate::portal::is_portal(&dir) {
        let folder = dir.display();
        return Err(Error::Refused(tr!(
            "{folder} là cổng thông tin; `sotay serve` xem trước một sổ tay: hãy chạy serve với thư mục của một cơ quan, và build cho cổng",
            "{folder} is a portal; `sotay serve` previews one manual: serve an agency's folder, and build the portal"
        )));
    }
    let mut build = BuildOptions::new(&dir);
    build.audience = audience.into();
    if let Some(date) = date {
        build.date = date;
    }
    let lang = lang.map(Lang::from);
    crate::serve::serve(crate::serve::ServeOptions { build, bind, port, open, lang })?;
    Ok(ExitCode::SUCCESS)
}

/// `sotay init DIR`: a new manual that builds as is.
pub fn init(dir: &Path) -> Result<ExitCode, Error> {
    scaffold::init(dir, Date::today())?;
    // The new manual is Vietnamese (`[site] language = "vi"`), and so is what is said about it.
    eprintln!("Đã tạo sổ tay mới trong {0}. Bước tiếp theo: sotay build {0}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `sotay new KIND CODE TITLE`: a new document with the front matter its kind needs.
pub fn new(dir: &Path, kind: Kind, code: &str, title: &str) -> Result<ExitCode, Error> {
    let path = scaffold::new_document(dir, kind, code, title, Date::today())?;
    let lang = super::args::config_lang(dir);
    eprintln!("{} {}", lang.pick("Đã tạo", "Created"), path.display());
    Ok(ExitCode::SUCCESS)
}

/// `sotay new legal NUMBER`: a legal registry entry with what the number says filled in.
pub fn new_legal(dir: &Path, number: &str) -> Result<ExitCode, Error> {
    let path = crate::scaffold_legal::new_legal(dir, number)?;
    let lang = super::args::config_lang(dir);
    let path = path.display();
    let line = tr!(
        "Đã tạo {path}; điền các dòng còn để trống (bắt đầu bằng #) theo văn bản gốc.",
        "Created {path}; fill in the commented lines (starting with #) from the official text."
    );
    eprintln!("{}", line.get(lang));
    Ok(ExitCode::SUCCESS)
}

/// The last line of `sotay build` when nothing changed since the build that wrote `out`.
fn up_to_date(stamp: &crate::write::Stamp, started: Instant, out: &Path, lang: Lang) -> String {
    let (documents, published, pages, out) = (stamp.documents, stamp.published, stamp.pages, out.display());
    let seconds = started.elapsed().as_secs_f64();
    match lang {
        Lang::Vi => {
            let notes = match stamp.notes {
                0 => String::new(),
                n => format!("; {n} ghi chú không nhắc lại (`sotay check` hiện chúng)"),
            };
            format!("Không có gì thay đổi từ lần dựng trước: {documents} tài liệu ({published} công bố), {pages} trang{notes}; giữ nguyên {out} ({seconds:.2} giây)")
        }
        Lang::En => {
            let notes = match stamp.notes {
                0 => String::new(),
                n => format!("; its {n} note(s) are not repeated (`sotay check` shows them)"),
            };
            format!("Up to date: nothing changed since the last build of {documents} documents ({published} published), {pages} pages{notes}; {out} left as it is ({seconds:.2} s)")
        }
    }
}

/// The last line of `sotay build` when the stages ran: what was built, or that it failed.
fn summary(outcome: &Outcome, started: Instant, failed: bool, out: &Path, lang: Lang) -> String {
    let (documents, published) = (outcome.documents, outcome.published);
    let pages = outcome.site.as_ref().map_or(0, |s| s.pages);
    let (warnings, errors) = (outcome.diagnostics.warnings(), outcome.diagnostics.errors());
    let (seconds, out) = (started.elapsed().as_secs_f64(), out.display());
    match (lang, failed) {
        (Lang::Vi, true) => format!("Dựng không thành công: {documents} tài liệu ({published} công bố), {pages} trang, {warnings} cảnh báo, {errors} lỗi trong {seconds:.2} giây; giữ nguyên {out}"),
        (Lang::Vi, false) => format!("Đã dựng {documents} tài liệu ({published} công bố), {pages} trang, {warnings} cảnh báo, {errors} lỗi trong {seconds:.2} giây → {out}"),
        (Lang::En, true) => format!("Build failed: {documents} documents ({published} published), {pages} pages, {warnings} warnings, {errors} errors in {seconds:.2} s; {out} left unchanged"),
        (Lang::En, false) => format!("Built {documents} documents ({published} published), {pages} pages, {warnings} warnings, {errors} errors in {seconds:.2} s → {out}"),
    }
}
