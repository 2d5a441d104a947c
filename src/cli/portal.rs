//! `sotay build` and `sotay check` on a portal folder: the same options and exit codes as for a
//! manual (0 ok, 1 problems, 2 usage or environment), every agency's problems printed together,
//! and a summary that says which agencies were rendered, reused or failed. The portal builds
//! and returns its outcome (`portal::build`, `portal::run`); this module prints it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::args::{Common, Format};
use super::exit;
use super::problems::{self, Found};
use crate::diagnostic::format_diagnostics;
use crate::diagnostic::json::Summary;
use crate::error::Result;
use crate::lang::Lang;
use crate::portal::{PortalOptions, PortalOutcome, State};

fn options(common: &Common, keep_going: bool) -> PortalOptions {
    let mut options = PortalOptions::new(&common.dir);
    options.audience = common.audience.into();
    if let Some(date) = common.date {
        options.date = date;
    }
    options.strict = common.strict;
    options.keep_going = keep_going;
    options
}

/// `sotay build PORTAL`.
pub fn build(
    common: &Common,
    out: Option<PathBuf>,
    base_url: Option<String>,
    quiet: bool,
    keep_going: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    let mut options = options(common, keep_going);
    options.base_url = base_url;
    let out = out.unwrap_or_else(|| common.dir.join("public"));
    let outcome = crate::portal::build(&options, &out)?;
    let lang = common.lang(&outcome.sources);
    eprint!("{}", format_diagnostics(&outcome.diagnostics, outcome.sources.texts(), lang));
    let failed = outcome.failed(common.strict);
    if !quiet || failed {
        eprintln!("{}", summary(&outcome, started, &out, lang));
    }
    Ok(exit(failed))
}

/// `sotay check PORTAL`: every agency checked (and rendered, as `check` does for a manual),
/// nothing written.
pub fn check(common: &Common, format: Format) -> Result<ExitCode> {
    let started = Instant::now();
    let options = options(common, true);
    let outcome = crate::portal::run(&options, None)?;
    let failed = outcome.failed(common.strict);
    let documents: usize = outcome.agencies.iter().map(|a| a.documents).sum();
    let lang = common.lang(&outcome.sources);
    let (agencies, seconds) = (outcome.agencies.len(), started.elapsed().as_secs_f64());
    let (errors, warnings) = (outcome.diagnostics.errors(), outcome.diagnostics.warnings());
    let summary_line = match lang {
        Lang::Vi => format!("Đã kiểm tra {agencies} cơ quan ({documents} tài liệu) trong {seconds:.2} giây: {errors} lỗi, {warnings} cảnh báo"),
        Lang::En => format!("Checked {agencies} agencies ({documents} documents) in {seconds:.2} s: {errors} errors, {warnings} warnings"),
    };
    let agencies: Vec<serde_json::Value> = outcome
        .agencies
        .iter()
        .map(|a| {
            serde_json::json!({
                "slug": a.slug, "path": a.path, "failed": matches!(a.state, State::Failed { .. }),
                "documents": a.documents,
            })
        })
        .collect();
    let extra = serde_json::Map::from_iter([("agencies".to_owned(), agencies.into())]);
    let found = Found {
        diagnostics: &outcome.diagnostics,
        files: outcome.sources.texts(),
        root: &common.dir,
        summary: Summary { ok: !failed, documents, unread: 0 },
    };
    problems::print(format, found, &summary_line, extra, lang);
    Ok(exit(failed))
}

/// One line: how many agencies were rendered, reused and failed, which failed, and whether the
/// output was written.
fn summary(outcome: &PortalOutcome, started: Instant, out: &Path, lang: Lang) -> String {
    let rendered = outcome.count(|s| *s == State::Rendered);
    let reused = outcome.count(|s| *s == State::Reused);
    let verified = outcome.count(|s| *s == State::Verified);
    let (rendered_vi, rendered_en) = match verified {
        0 => (format!("{rendered} dựng lại"), format!("{rendered} rendered")),
        _ => (
            format!("{rendered} dựng lại, {verified} đọc từ trang đã công bố"),
            format!("{rendered} rendered, {verified} read from published sites"),
        ),
    };
    let failed: Vec<String> = outcome
        .failed_agencies()
        .iter()
        .map(|a| match (&a.state, lang) {
            (State::Failed { kept: Some(date) }, Lang::Vi) => {
                format!("{} (giữ các trang ngày {})", a.slug, date.vietnamese())
            }
            (State::Failed { kept: Some(date) }, Lang::En) => {
                format!("{} (its pages of {} kept)", a.slug, date.vietnamese())
            }
            _ => a.slug.clone(),
        })
        .collect();
    let (agencies, failures, pages) =
        (outcome.agencies.len(), failed.len(), outcome.site.as_ref().map_or(0, |s| s.pages));
    let (warnings, errors, seconds) =
        (outcome.diagnostics.warnings(), outcome.diagnostics.errors(), started.elapsed().as_secs_f64());
    let counts = lang.pick(
        format!("{agencies} cơ quan ({rendered_vi}, {reused} dùng lại, {failures} lỗi), {pages} trang, {warnings} cảnh báo, {errors} lỗi trong {seconds:.2} giây"),
        format!("{agencies} agencies ({rendered_en}, {reused} reused, {failures} failed), {pages} pages, {warnings} warnings, {errors} errors in {seconds:.2} s"),
    );
    let failed_list = match failed.is_empty() {
        true => String::new(),
        false => format!("; {}: {}", lang.pick("không dựng được", "failed to build"), failed.join(", ")),
    };
    let out = out.display();
    match &outcome.site {
        Some(_) if failed.is_empty() && !outcome.diagnostics.has_errors() => {
            format!("{}: {counts} → {out}", lang.pick("Đã dựng cổng", "Built portal"))
        }
        Some(_) => format!(
            "{}: {counts}{failed_list} → {out}",
            lang.pick("Đã dựng cổng, có cơ quan lỗi", "Built portal with failures")
        ),
        None => lang.pick(
            format!("Dựng cổng không thành công: {counts}{failed_list}; giữ nguyên {out}"),
            format!("Portal build failed: {counts}{failed_list}; {out} left unchanged"),
        ),
    }
}
