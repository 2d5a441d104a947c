//! The build as a list of stages: load → parse → resolve → render (→ write). `build`, `check`,
//! `run` (in memory: tests and the portal) and `serve` all run these very functions, one call
//! per step. A caller that runs them again over the same folder (`serve`) owns a [`Cache`] and
//! passes it in; the others pass none. "Did anything change?" has one answer, the dependency
//! index's digests: the no-op build compares the sources' digests (`resolve::deps_inputs`) with
//! the last build's, and `serve` asks `resolve::deps::affected`. See docs/architecture.md.

mod cache;

use std::path::{Path, PathBuf};

pub use cache::Cache;

use crate::config::BaseUrl;
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::load::Sources;
use crate::model::precompress::Encoding;
use crate::model::{Audience, Date};
use crate::render::{self, Site};
use crate::resolve::deps_inputs::{self, BuildInputs, SourceDigests};
use crate::resolve::history::HistoryIndex;
use crate::resolve::{self, Options, ResolvedManual};
use crate::timings::timed;

/// What to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub audience: Audience,
    /// The build date; today when not given.
    pub date: Date,
    /// Replaces `[site] base_url` of sotay.toml.
    pub base_url: Option<String>,
    /// Replaces `[site] precompress` of sotay.toml (`sotay build --precompress`).
    pub precompress: Option<Vec<Encoding>>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            audience: Audience::Public,
            date: Date::today(),
            base_url: None,
            precompress: None,
        }
    }

    /// What the sources' digests take of the options.
    pub fn inputs(&self) -> BuildInputs<'_> {
        BuildInputs {
            audience: self.audience,
            date: self.date,
            base_url: self.base_url.as_deref(),
            precompress: self.precompress.as_deref(),
        }
    }
}

/// The stages, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Load,
    Parse,
    Resolve,
    Render,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "reading files",
            Stage::Parse => "parsing documents",
            Stage::Resolve => "checking references",
            Stage::Render => "rendering pages",
        }
    }

    /// The stage as the progress line names it, in `lang`.
    pub fn words(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Stage::Load => lang.pick("đang đọc tệp", "reading files"),
            Stage::Parse => lang.pick("đang đọc tài liệu", "parsing documents"),
            Stage::Resolve => lang.pick("đang kiểm tra liên kết và dẫn chiếu", "checking references"),
            Stage::Render => lang.pick("đang dựng trang", "rendering pages"),
        }
    }
}

/// What a run produced: the site (when the manual could be rendered) and every problem found.
#[derive(Debug)]
pub struct Outcome {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    /// Documents read, published or not.
    pub documents: usize,
    /// Files of `content/` that could not be read at all (each has its own diagnostics).
    pub unread: usize,
    /// Documents published in this build.
    pub published: usize,
}

impl Outcome {
    /// Whether the run failed: any error, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics.has_errors() || (strict && self.diagnostics.warnings() > 0)
    }
}

/// What `sotay build` did.
#[derive(Debug)]
pub enum Built {
    /// The output folder already was the build of these very inputs (their digests are the
    /// ones the build that wrote it recorded, and it found no problem): nothing was rendered or
    /// written. What that build wrote, and the sources read to tell.
    UpToDate { stamp: crate::write::Stamp, sources: Sources },
    /// The stages ran (and, when they succeeded, the site was written).
    Ran(Outcome),
}

impl Built {
    /// Whether the build failed (see [`Outcome::failed`]); an up-to-date output never did.
    pub fn failed(&self, strict: bool) -> bool {
        matches!(self, Built::Ran(outcome) if outcome.failed(strict))
    }

    /// The outcome of the stages, when they ran.
    pub fn into_outcome(self) -> Option<Outcome> {
        match self {
            Built::Ran(outcome) => Some(outcome),
            Built::UpToDate { .. } => None,
        }
    }
}

/// What the load step gives: the files read, their problems, where the git history stands and
/// the digests of it all (the dependency index's source inputs).
#[derive(Debug)]
pub struct Loaded {
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    pub digests: SourceDigests,
    /// `history::state`: HEAD and the tags, `None` without a readable repository.
    history_state: Option<String>,
    /// `--base-url`, parsed.
    base_url: Option<BaseUrl>,
}

/// The manual loaded, parsed and resolved, with every problem found so far.
#[derive(Debug)]
pub struct Analysis {
    pub sources: Sources,
    pub resolved: Option<ResolvedManual>,
    pub diagnostics: Diagnostics,
}

/// The first step: reads the manual folder (taking unchanged documents from `cache`), where
/// its git history stands, and the digests of what was read. Only environment failures (an
/// unreadable folder, a bad `--base-url`) are errors.
pub fn load(options: &BuildOptions, progress: &dyn Fn(Stage), cache: Option<&mut Cache>) -> Result<Loaded> {
    let base_url = override_base(options)?;
    progress(Stage::Load);
    let (sources, diagnostics) = timed("load", || crate::load::load(&options.root, cache.map(|c| &mut c.load)))?;
    let history_state = timed("history: state", || crate::history::state(&options.root));
    let digests =
        timed("source digests", || deps_inputs::source_digests(&sources, &options.inputs(), history_state.as_deref()));
    Ok(Loaded { sources, diagnostics, digests, history_state, base_url })
}

/// Runs the stages that read and check the manual (load → parse → resolve), for commands that
/// need the resolved manual but no pages (`check`'s reports, `impact`) and for `serve`.
pub fn analyse(options: &BuildOptions, progress: &dyn Fn(Stage), mut cache: Option<&mut Cache>) -> Result<Analysis> {
    let loaded = load(options, progress, cache.as_deref_mut())?;
    Ok(analyse_loaded(options, loaded, progress, cache))
}

/// [`analyse`] from the sources on: parse, the git history, resolve, the oversight checks.
pub fn analyse_loaded(
    options: &BuildOptions,
    loaded: Loaded,
    progress: &dyn Fn(Stage),
    cache: Option<&mut Cache>,
) -> Analysis {
    let Loaded { sources, mut diagnostics, digests, history_state, base_url } = loaded;
    let mut own_history = None;
    let (history_slot, parse_memo, resolve_memo) = match cache {
        Some(cache) => (&mut cache.history, Some(&mut cache.parse), Some(&mut cache.resolve)),
        None => (&mut own_history, None, None),
    };
    progress(Stage::Parse);
    let (manual, parse_problems) = timed("parse", || crate::parse::parse(&sources, parse_memo));
    diagnostics.extend(parse_problems.into_vec());
    let Some(mut manual) = manual else {
        return Analysis { sources, resolved: None, diagnostics };
    };
    if let Some(base) = base_url {
        manual.base_url = base;
    }
    if let Some(precompress) = &options.precompress {
        manual.precompress = precompress.clone();
    }
    progress(Stage::Resolve);
    let history = timed("history: read", || read_history(&sources.root, history_state, history_slot));
    let inputs = resolve::Inputs { sources: &sources, history, digests: &digests };
    let options = Options { audience: options.audience, date: options.date };
    let (resolved, resolve_problems) = resolve::resolve(manual, inputs, options, resolve_memo);
    diagnostics.extend(resolve_problems.into_vec());
    diagnostics.extend(timed("analyse: oversight checks", || crate::report::check(&resolved)));
    Analysis { sources, resolved: Some(resolved), diagnostics }
}

/// The git history at `state`: the one in `slot` when it was read at that very state, else
/// read now (and kept in `slot`). Without a readable repository it is read every time.
fn read_history<'a>(root: &Path, state: Option<String>, slot: &'a mut Option<HistoryIndex>) -> &'a HistoryIndex {
    if slot.as_ref().is_none_or(|read| state.is_none() || read.state() != state.as_deref()) {
        *slot = None;
    }
    slot.get_or_insert_with(|| HistoryIndex::read(root, state))
}

fn override_base(options: &BuildOptions) -> Result<Option<BaseUrl>> {
    match &options.base_url {
        Some(text) => Ok(Some(BaseUrl::parse(text).map_err(|why| {
            Error::Refused(crate::diagnostic::Text::reason(&why).map(|text, _| format!("--base-url: {text}")))
        })?)),
        None => Ok(None),
    }
}

/// Runs every stage but writing. Problems in the manual are in the outcome; only environment
/// failures (an unreadable folder, a bad `--base-url`) are errors.
pub fn run(options: &BuildOptions, progress: &dyn Fn(Stage)) -> Result<Outcome> {
    Ok(run_loaded(options, load(options, progress, None)?, progress))
}

/// [`run`] from the sources on (the portal loads first, to tell whether an agency changed).
pub fn run_loaded(options: &BuildOptions, loaded: Loaded, progress: &dyn Fn(Stage)) -> Outcome {
    render_analysed(analyse_loaded(options, loaded, progress, None), progress, None)
}

/// The outcome of a run that made no site: broken templates can still be reported.
fn without_site(sources: Sources, mut diagnostics: Diagnostics, resolved: Option<&ResolvedManual>) -> Outcome {
    if resolved.is_none() {
        // Without a configuration nothing renders, but broken templates can still be reported.
        if let Err(problems) = render::templates::engine(&sources) {
            diagnostics.extend(problems);
        }
    }
    diagnostics.sort();
    let documents = resolved.map_or(sources.documents.len(), |r| r.manual.documents.len());
    let published = resolved.map_or(0, |r| r.published_count());
    let unread = resolved.map_or(0, |r| r.manual.unread_documents);
    Outcome { site: None, diagnostics, documents, unread, published, sources }
}

/// Renders what was analysed: in memory, or each file into `spill` as soon as it is made.
fn render_analysed(analysis: Analysis, progress: &dyn Fn(Stage), spill: Option<&dyn render::Spill>) -> Outcome {
    let Analysis { sources, resolved, mut diagnostics } = analysis;
    let Some(resolved) = resolved else {
        return without_site(sources, diagnostics, None);
    };
    progress(Stage::Render);
    let sink = spill.map_or(render::Sink::MEMORY, render::Sink::spilling);
    let rendered =
        timed("render", || render::render(&resolved, &sources, &render::Plan { sink, ..render::Plan::EVERYTHING }));
    let (site, render_problems) = (rendered.site, rendered.diagnostics);
    let template_failed = !render_problems.is_empty();
    diagnostics.extend(render_problems.into_vec());
    diagnostics.sort();
    let published = resolved.published_count();
    let (documents, unread) = (resolved.manual.documents.len(), resolved.manual.unread_documents);
    Outcome { site: (!template_failed).then_some(site), diagnostics, sources, documents, unread, published }
}

/// What `sotay check` runs: [`analyse`], then the templates compiled and rendered for a sample
/// of pages (`render::check`), with no site made. The same problems as [`run`] but for template
/// failures that only some pages of a kind would meet.
pub fn check(options: &BuildOptions, progress: &dyn Fn(Stage)) -> Result<Outcome> {
    let Analysis { sources, resolved, mut diagnostics } = analyse(options, progress, None)?;
    let Some(resolved) = resolved else {
        return Ok(without_site(sources, diagnostics, None));
    };
    progress(Stage::Render);
    diagnostics.extend(timed("render: check a sample", || render::check::check(&resolved, &sources)).into_vec());
    Ok(without_site(sources, diagnostics, Some(&resolved)))
}

/// Runs the pipeline and, when it succeeds, writes the site to `out`; nothing when `out` is
/// already the build of these very sources ([`Built::UpToDate`]). A failed run writes
/// nothing, so the previous output stays as it was.
pub fn build(options: &BuildOptions, out: &Path, strict: bool, progress: &dyn Fn(Stage)) -> Result<Built> {
    // There at all: one that is not a regular file is a diagnostic of the load stage.
    if std::fs::symlink_metadata(options.root.join("sotay.toml")).is_err() {
        return Err(Error::NotAManual { path: options.root.clone() });
    }
    check_output_location(&options.root, out)?;
    let loaded = load(options, progress, None)?;
    let inputs = loaded.digests.summary();
    let clean_load = loaded.diagnostics.is_empty();
    if let Some(stamp) = timed("up to date?", || clean_load.then(|| crate::write::up_to_date(out, &inputs)).flatten()) {
        return Ok(Built::UpToDate { stamp, sources: loaded.sources });
    }
    let analysis = analyse_loaded(options, loaded, progress, None);
    // Pages go to the staging folder as they render; a failed build drops it unused.
    let staging = match analysis.resolved.is_some() && !analysis.diagnostics.has_errors() {
        true => Some(crate::write::Staging::open(out)?.copying_at_most(analysis.sources.limits.attachment_bytes)),
        false => None,
    };
    let outcome = render_analysed(analysis, progress, staging.as_ref().map(|s| s as &dyn render::Spill));
    if let (false, Some(staging), Some(site)) = (outcome.failed(strict), staging, &outcome.site) {
        timed("write", || staging.finish(site, stamp(&outcome, site, inputs).as_ref()))?;
    }
    Ok(Built::Ran(outcome))
}

/// What the output folder records of a build, so that the same inputs are not built again: the
/// summary of its sources' digests ([`SourceDigests::summary`]) and what it counted. Only a
/// build without errors or warnings may be skipped next time: diagnostics are not kept, and a
/// rebuild must not hide a warning (notes are only counted).
fn stamp(outcome: &Outcome, site: &Site, inputs: String) -> Option<crate::write::Stamp> {
    let clean = outcome.diagnostics.errors() == 0 && outcome.diagnostics.warnings() == 0;
    clean.then_some(crate::write::Stamp {
        inputs,
        documents: outcome.documents,
        published: outcome.published,
        pages: site.pages,
        notes: outcome.diagnostics.iter().filter(|d| d.severity == crate::diagnostic::Severity::Note).count(),
    })
}

/// The output may not be the manual folder itself, nor inside a folder the build reads (a
/// portal checks its folder with this too).
pub fn check_output_location(root: &Path, out: &Path) -> Result<()> {
    let root = std::fs::canonicalize(root).map_err(|source| Error::Read { path: root.to_owned(), source })?;
    let out_abs = if out.is_absolute() {
        out.to_owned()
    } else {
        std::env::current_dir().map_err(|source| Error::Read { path: PathBuf::from("."), source })?.join(out)
    };
    let out_abs = normalise(&out_abs);
    if out_abs.parent().is_none() {
        return Err(Error::OutputIsRoot { out: out.to_owned() });
    }
    if out_abs == root {
        return Err(Error::OutputIsManual { out: out.to_owned() });
    }
    if root.starts_with(&out_abs) {
        return Err(Error::OutputContainsManual { out: out.to_owned(), manual: root });
    }
    for read in crate::load::FOLDERS {
        if out_abs.starts_with(root.join(read)) {
            return Err(Error::OutputInsideSources { out: out.to_owned(), inside: root.join(read) });
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the disk (the output may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Canonicalise the longest existing prefix so symlinked folders compare equal.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_owned()), existing.parent().map(Path::to_owned)) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return out,
        }
    }
    let mut result = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        result.push(name);
    }
    result
}
