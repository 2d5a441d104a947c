//! The run: every file given (folders walked in name order) read and recognised, the forms of
//! the run and of the manual collected, each document mapped, written into the manual (never
//! over an existing one without `--force`, nothing at all for a file that failed), then
//! `sotay check` run once and its problems handed to the file they are about.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::archive::Refusal;
use super::convert::{self, Parsed, Plan};
use super::procedure::Context;
use super::report::{FileReport, Outcome, Report};
use super::{units, Options};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::code::code_key;
use crate::pipeline::{self, BuildOptions};

/// Imports `inputs` into the manual `options.dir` and reports on every file.
pub fn run(inputs: &[PathBuf], options: &Options) -> Result<Report> {
    let config_path = options.dir.join("sotay.toml");
    if !config_path.is_file() {
        return Err(Error::NotAManual { path: options.dir.clone() });
    }
    let config = std::fs::read_to_string(&config_path).map_err(|source| Error::Read { path: config_path, source })?;
    let lang = Lang::of_config_text(&config);
    let known_units = units::known(&config);
    let files = expand(inputs)?;
    let parsed: Vec<(PathBuf, std::result::Result<Parsed, Refusal>)> =
        files.into_iter().map(|path| (path.clone(), convert::parse(&path, options.kind, lang))).collect();
    let forms = forms(&options.dir, &parsed);
    let context = Context { units: &known_units, forms: &forms };
    let mut reports = Vec::new();
    let mut taken: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (path, result) in parsed {
        let source = path.display().to_string();
        let report = match result {
            Err(Refusal(reason)) => failed(source, reason),
            Ok(parsed) => place(parsed, source, &context, options, lang, &mut taken)?,
        };
        reports.push(report);
    }
    if !options.dry_run && reports.iter().any(|r| matches!(r.outcome, Outcome::Imported { .. })) {
        attach_check(&options.dir, &mut reports)?;
    }
    Ok(Report::new(reports, options.dry_run))
}

fn failed(source: String, reason: String) -> FileReport {
    FileReport {
        source,
        outcome: Outcome::Failed { reason },
        kind: None,
        code: None,
        notes: Default::default(),
        diagnostics: Vec::new(),
    }
}

/// Maps one parsed file and writes it, unless it would overwrite or collide.
fn place(
    parsed: Parsed,
    source: String,
    context: &Context,
    options: &Options,
    lang: Lang,
    taken: &mut BTreeMap<PathBuf, String>,
) -> Result<FileReport> {
    let (plan, notes, kind, code) = convert::finish(parsed, context);
    if let Some(earlier) = taken.get(&plan.document) {
        let reason = lang.pick(
            format!("mã hiệu {code} trùng với tệp {earlier} đã nhập trong lần này; sửa mã hiệu của một trong hai"),
            format!("the code {code} is the same as {earlier}'s in this run; change one of them"),
        );
        return Ok(failed(source, reason));
    }
    if !options.force && plan.document_exists(&options.dir) {
        let reason = lang.pick(
            format!("{} đã có trong sổ tay; thêm --force để ghi đè", plan.document.display()),
            format!("{} already exists in the manual; add --force to replace it", plan.document.display()),
        );
        return Ok(failed(source, reason));
    }
    taken.insert(plan.document.clone(), source.clone());
    if !options.dry_run {
        plan.write(&options.dir)?;
    }
    let files = plan.files.iter().map(|(p, _)| slashed(p)).collect();
    Ok(FileReport {
        source,
        outcome: Outcome::Imported { document: slashed(&plan.document), files, written: !options.dry_run },
        kind: Some(kind.name()),
        code: Some(code.to_string()),
        notes,
        diagnostics: Vec::new(),
    })
}

fn slashed(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

impl Plan {
    fn document_exists(&self, root: &Path) -> bool {
        root.join(&self.document).exists()
    }

    /// Writes the document and its files; every path is checked to stay inside the manual.
    fn write(&self, root: &Path) -> Result<()> {
        let inside = |p: &Path| p.components().all(|c| matches!(c, Component::Normal(_)));
        let all = std::iter::once(self.document.as_path()).chain(self.files.iter().map(|(p, _)| p.as_path()));
        if let Some(bad) = all.clone().find(|p| !inside(p)) {
            let bad = bad.display();
            return Err(Error::Refused(tr!(
                "không ghi ra ngoài sổ tay: {bad}",
                "refusing to write outside the manual: {bad}"
            )));
        }
        for (path, bytes) in &self.files {
            crate::fs::write(&root.join(path), bytes)?;
        }
        crate::fs::write(&root.join(&self.document), self.text.as_bytes())
    }
}

/// The files to import: each file given, and every file of each folder given, in name order;
/// hidden files and Word's lock files (`~$…`) are left out.
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::ListDir { path: dir.to_owned(), source })?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, found)?;
        } else {
            found.push(path);
        }
    }
    Ok(())
}

/// The forms a step or dossier item may name: those already in the manual (by file name) and
/// those of this run; code key → code.
fn forms(root: &Path, parsed: &[(PathBuf, std::result::Result<Parsed, Refusal>)]) -> BTreeMap<String, String> {
    let mut forms = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(root.join("content/forms")) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                if let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) {
                    forms.insert(code_key(&stem), stem);
                }
            }
        }
    }
    for parsed in parsed.iter().filter_map(|(_, r)| r.as_ref().ok()) {
        if parsed.kind == crate::model::Kind::Form {
            forms.insert(parsed.code.key(), parsed.code.to_string());
        }
    }
    forms
}

/// Runs `sotay check` on the manual and gives each imported file the problems of its documents.
fn attach_check(root: &Path, reports: &mut [FileReport]) -> Result<()> {
    let outcome = pipeline::check(&BuildOptions::new(root), &|_| {})?;
    for report in reports.iter_mut() {
        let Outcome::Imported { document, files, .. } = &report.outcome else { continue };
        let mine = |path: &str| path == document || files.iter().any(|f| f == path);
        report.diagnostics = outcome
            .diagnostics
            .iter()
            .filter(|d| mine(&slashed(&d.loc.file)))
            .map(|d| d.to_string().lines().map(str::trim).collect::<Vec<_>>().join(" — "))
            .collect();
    }
    Ok(())
}
