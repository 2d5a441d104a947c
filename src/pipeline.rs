//! The build as a list of stages: load → parse → resolve → render (→ write). `build`, `check`
//! and `serve` all run these stages. `serve` still takes more in: what load and parse may reuse
//! from the last run (`LastRun`), the git history it keeps, and for render what its last site
//! may lend (`render::Plan::previous`); which pages that is comes from the dependency index
//! (`resolve::deps`). See docs/architecture.md.

use std::path::{Path, PathBuf};

use crate::config::BaseUrl;
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::load::{self, Sources};
use crate::model::{Audience, Date};
use crate::parse;
use crate::render::{self, Site};
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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions { root: root.into(), audience: Audience::Public, date: Date::today(), base_url: None }
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
}

/// What a run produced: the site (when the manual could be rendered) and every problem found.
#[derive(Debug)]
pub struct Outcome {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    /// Documents read, published or not.
    pub documents: usize,
    /// Documents published in this build.
    pub published: usize,
    /// When the output folder was already the build of these very inputs (and the build that
    /// wrote it found no problem): what that build wrote. Nothing was rendered or written.
    pub unchanged: Option<crate::write::Stamp>,
}

impl Outcome {
    /// Whether the run failed: any error, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics.has_errors() || (strict && self.diagnostics.warnings() > 0)
    }
}

/// The manual loaded, parsed and resolved, with every problem found so far.
#[derive(Debug)]
pub struct Analysis {
    pub sources: Sources,
    pub resolved: Option<ResolvedManual>,
    pub diagnostics: Diagnostics,
}

/// Runs the stages that read and check the manual (load → parse → resolve), for commands that
/// need the resolved manual but no pages (`check`'s reports, `impact`).
pub fn analyse(options: &BuildOptions, progress: &dyn Fn(Stage)) -> Result<Analysis> {
    analyse_reusing(options, progress, None, None)
}

/// What a run may take from an earlier run over the same folder (`serve`): the files it read
/// and the documents it parsed, except the paths known to have changed.
pub struct LastRun<'a> {
    pub sources: &'a Sources,
    pub resolved: &'a ResolvedManual,
    pub changed: &'a std::collections::BTreeSet<PathBuf>,
}

/// [`analyse`], reading and parsing again only what changed since `earlier`. The result is the
/// same as [`analyse`]'s: unchanged files give the same text and the same parsed documents.
pub fn analyse_reusing(
    options: &BuildOptions,
    progress: &dyn Fn(Stage),
    earlier: Option<LastRun>,
    history: Option<&HistoryIndex>,
) -> Result<Analysis> {
    let override_base = override_base(options)?;
    progress(Stage::Load);
    let loaded = earlier.as_ref().map(|e| load::LastLoad { sources: e.sources, changed: e.changed });
    let (sources, diagnostics) = timed("load", || load::load_reusing(&options.root, loaded.as_ref()))?;
    Ok(analyse_loaded(options, sources, diagnostics, override_base, progress, earlier, history))
}

/// [`analyse_reusing`] from the sources on: parse and resolve what was loaded.
fn analyse_loaded(
    options: &BuildOptions,
    sources: Sources,
    mut diagnostics: Diagnostics,
    override_base: Option<BaseUrl>,
    progress: &dyn Fn(Stage),
    earlier: Option<LastRun>,
    history: Option<&HistoryIndex>,
) -> Analysis {
    progress(Stage::Parse);
    let (manual, parse_problems) =
        timed("parse", || parse::parse_reusing(&sources, earlier.as_ref().map(|e| &e.resolved.manual)));
    diagnostics.extend(parse_problems.into_vec());
    let Some(mut manual) = manual else {
        return Analysis { sources, resolved: None, diagnostics };
    };
    if let Some(base) = override_base {
        manual.base_url = base;
    }
    progress(Stage::Resolve);
    let resolve_options = Options { audience: options.audience, date: options.date };
    // The git history is read here, before resolve, which only connects what it is given.
    let read;
    let history = match history {
        Some(index) => index,
        None => {
            read = timed("history: read", || HistoryIndex::read(&sources.root));
            &read
        }
    };
    let earlier = earlier.as_ref().map(|e| e.resolved);
    let (resolved, resolve_problems) = resolve::resolve(manual, &sources, resolve_options, history, earlier);
    diagnostics.extend(resolve_problems.into_vec());
    diagnostics.extend(timed("analyse: oversight checks", || crate::report::check(&resolved)));
    Analysis { sources, resolved: Some(resolved), diagnostics }
}

fn override_base(options: &BuildOptions) -> Result<Option<BaseUrl>> {
    match &options.base_url {
        Some(text) => Ok(Some(BaseUrl::parse(text).map_err(|message| Error::Usage(format!("--base-url: {message}")))?)),
        None => Ok(None),
    }
}

/// Runs every stage but writing. Problems in the manual are in the outcome; only environment
/// failures (an unreadable folder, a bad `--base-url`) are errors.
pub fn run(options: &BuildOptions, progress: &dyn Fn(Stage)) -> Result<Outcome> {
    Ok(render_analysed(analyse(options, progress)?, progress, None))
}

/// Renders what was analysed: in memory, or each file into `spill` as soon as it is made.
fn render_analysed(analysis: Analysis, progress: &dyn Fn(Stage), spill: Option<&dyn render::Spill>) -> Outcome {
    let Analysis { sources, resolved, mut diagnostics } = analysis;
    let Some(resolved) = resolved else {
        // Without a configuration nothing renders, but broken templates can still be reported.
        if let Err(problems) = render::templates::engine(&sources) {
            diagnostics.extend(problems);
        }
        diagnostics.sort();
        return Outcome {
            site: None,
            diagnostics,
            documents: sources.documents.len(),
            published: 0,
            sources,
            unchanged: None,
        };
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
    let documents = resolved.manual.documents.len();
    Outcome { site: (!template_failed).then_some(site), diagnostics, sources, documents, published, unchanged: None }
}

/// What `sotay check` runs: [`analyse`], then the templates compiled and rendered for a sample
/// of pages (`render::check`), with no site made. The same problems as [`run`] but for template
/// failures that only some pages of a kind would meet.
pub fn check(options: &BuildOptions, progress: &dyn Fn(Stage)) -> Result<Outcome> {
    let Analysis { sources, resolved, mut diagnostics } = analyse(options, progress)?;
    let Some(resolved) = resolved else {
        if let Err(problems) = render::templates::engine(&sources) {
            diagnostics.extend(problems);
        }
        diagnostics.sort();
        let documents = sources.documents.len();
        return Ok(Outcome { site: None, diagnostics, documents, published: 0, sources, unchanged: None });
    };
    progress(Stage::Render);
    diagnostics.extend(timed("render: check a sample", || render::check::check(&resolved, &sources)).into_vec());
    diagnostics.sort();
    let (published, documents) = (resolved.published_count(), resolved.manual.documents.len());
    Ok(Outcome { site: None, diagnostics, sources, documents, published, unchanged: None })
}

/// Runs the pipeline and, when it succeeds, writes the site to `out`. A failed run writes
/// nothing, so the previous output stays as it was.
pub fn build(options: &BuildOptions, out: &Path, strict: bool, progress: &dyn Fn(Stage)) -> Result<Outcome> {
    // There at all: one that is not a regular file is a diagnostic of the load stage.
    if std::fs::symlink_metadata(options.root.join("sotay.toml")).is_err() {
        return Err(Error::NotAManual { path: options.root.clone() });
    }
    check_output_location(&options.root, out)?;
    let override_base = override_base(options)?;
    progress(Stage::Load);
    let (sources, load_problems) = timed("load", || load::load(&options.root))?;
    let inputs = timed("inputs fingerprint", || {
        let history = crate::history::state(&options.root).unwrap_or_default();
        crate::inputs::fingerprint(&sources, options.audience, options.date, options.base_url.as_deref(), &history)
    });
    if let Some(stamp) = load_problems.is_empty().then(|| crate::write::up_to_date(out, &inputs)).flatten() {
        return Ok(already_built(sources, stamp));
    }
    let analysis = analyse_loaded(options, sources, load_problems, override_base, progress, None, None);
    // Pages go to the staging folder as they render; a failed build drops it unused.
    let staging = match analysis.resolved.is_some() && !analysis.diagnostics.has_errors() {
        true => Some(crate::write::Staging::open(out)?.copying_at_most(analysis.sources.limits.attachment_bytes)),
        false => None,
    };
    let outcome = render_analysed(analysis, progress, staging.as_ref().map(|s| s as &dyn render::Spill));
    if let (false, Some(staging), Some(site)) = (outcome.failed(strict), staging, &outcome.site) {
        timed("write", || staging.finish(site, stamp(&outcome, site, inputs).as_ref()))?;
    }
    Ok(outcome)
}

/// The outcome of a build whose output folder already holds the build of these very inputs.
fn already_built(sources: Sources, stamp: crate::write::Stamp) -> Outcome {
    let (documents, published) = (stamp.documents, stamp.published);
    Outcome { site: None, diagnostics: Diagnostics::new(), sources, documents, published, unchanged: Some(stamp) }
}

/// What the output folder records of a build, so that the same inputs are not built again. Only
/// a build without errors or warnings may be skipped next time: diagnostics are not kept, and a
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
