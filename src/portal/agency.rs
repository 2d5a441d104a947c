//! One agency of a portal: its manual built by the ordinary pipeline (load → parse → resolve →
//! render) at the portal's address joined with its slug, so every link of its pages works under
//! `/<slug>/`; or, when the load finds the sources' digests (the dependency index's source
//! inputs, `resolve::deps_inputs`, which cover the binary, the audience, date and address too)
//! equal to those the previous portal output was built from, its pages taken from that output
//! without parsing anything. Its problems are renamed to name the agency:
//! paths relative to the portal folder (`../so-khcn/content/…`) and an `[slug]` prefix.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::config::AgencyEntry;
use super::manifest::{Built, Manifest};
use super::summary::{self, AgencySummary};
use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, Text};
use crate::load::SourceFile;
use crate::model::{Audience, Date};
use crate::pipeline::{self, BuildOptions, Loaded};
use crate::render::search::docs::SearchDoc;
use crate::render::Output;

/// What every agency of one portal build shares.
pub struct Context<'a> {
    pub audience: Audience,
    pub date: Date,
    pub strict: bool,
    /// The portal's address.
    pub base: &'a BaseUrl,
    /// The output being replaced, whose pages may be reused.
    pub previous_out: Option<&'a Path>,
    pub previous: &'a Manifest,
    /// Where published agencies' last verified files are kept (none: `sotay check`).
    pub cache: Option<&'a Path>,
    pub http: super::http::HttpOptions,
}

/// How an agency's pages came to be in this build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Rendered from its sources.
    Rendered,
    /// Taken from the previous output: nothing it depends on changed.
    Reused,
    /// Read from its published site (`site` or `url`) and verified against its manifest.
    Verified,
    /// Its manual has errors (or, with `--strict`, warnings). `kept` is the build date of its
    /// previous pages when they are published instead (with `--keep-going`).
    Failed { kept: Option<Date> },
}

/// One agency's part of a portal build.
pub struct AgencyResult {
    pub entry: AgencyEntry,
    pub state: State,
    /// Its output files, under `<slug>/`.
    pub files: Vec<(String, Output)>,
    pub summary: Option<AgencySummary>,
    /// Its problems, naming the agency.
    pub diagnostics: Diagnostics,
    /// The text files its problems quote, under their portal-relative paths.
    pub quoted: Vec<Arc<SourceFile>>,
    /// What the new output's manifest records of it.
    pub built: Option<Built>,
    /// Documents parsed and published (zero when reused: it was not parsed).
    pub documents: usize,
    pub published: usize,
    /// The link to the agency's home page: `/<slug>/` in the portal, or the agency's own
    /// address for a published site.
    pub home: String,
    /// Its search entries, under the portal's address and marked with the agency.
    pub search: Vec<SearchDoc>,
}

impl AgencyResult {
    /// A result with nothing in it yet.
    pub fn new(entry: &AgencyEntry, home: String) -> AgencyResult {
        AgencyResult {
            entry: entry.clone(),
            state: State::Rendered,
            files: Vec::new(),
            summary: None,
            diagnostics: Diagnostics::new(),
            quoted: Vec::new(),
            built: None,
            documents: 0,
            published: 0,
            home,
            search: Vec::new(),
        }
    }
}

/// The address of an agency's pages: the portal's, joined with the slug.
pub fn base_url(portal: &BaseUrl, slug: &str) -> String {
    format!("{}{}{slug}/", portal.origin, portal.path)
}

/// Builds (or reuses) one agency.
pub fn build(entry: &AgencyEntry, cx: &Context) -> AgencyResult {
    let mut options = BuildOptions::new(&entry.root);
    (options.audience, options.date) = (cx.audience, cx.date);
    options.base_url = Some(base_url(cx.base, &entry.slug));
    let previous = cx.previous.get(&entry.slug);
    let mut result = AgencyResult::new(entry, cx.base.link(&format!("{}/", entry.slug)));
    let loaded = match pipeline::load(&options, &|_| {}, None) {
        Ok(loaded) => loaded,
        Err(error) => {
            result.diagnostics.push(unreadable(entry, error.text()));
            fail(&mut result, cx, previous);
            return result;
        }
    };
    let print = loaded.digests.summary();
    if !(loaded.diagnostics.is_empty() && reuse(&mut result, cx, previous, &print)) {
        crate::timings::note(|| format!("portal: {} rendered", entry.slug));
        if !render(&mut result, cx, &options, loaded, print) {
            fail(&mut result, cx, previous);
        }
    }
    result.search = search_docs(&result);
    result
}

/// The agency's search entries, read from its index among its files and moved under its slug.
fn search_docs(result: &AgencyResult) -> Vec<SearchDoc> {
    let Some(summary) = &result.summary else { return Vec::new() };
    let slug = &result.entry.slug;
    let folder = format!("{slug}/{}", crate::render::search::FOLDER);
    let file = |path: &str| result.files.iter().find(|(p, _)| *p == path).map(|(_, output)| bytes(output));
    let docs = crate::render::search::files::read_docs(&folder, file).unwrap_or_default();
    super::search::mark(docs, summary, &format!("{slug}/"), slug)
}

/// Takes the agency's pages from the previous output when they were built, cleanly, from
/// sources with the digests `print`; false when they must be rendered.
fn reuse(result: &mut AgencyResult, cx: &Context, previous: Option<&Built>, print: &str) -> bool {
    let (Some(out), Some(before)) = (cx.previous_out, previous) else { return false };
    if before.fingerprint != print || !before.clean {
        return false;
    }
    let Some((files, summary)) = take_previous(out, &result.entry.slug, cx.date) else { return false };
    crate::timings::note(|| format!("portal: {} reused", result.entry.slug));
    result.state = State::Reused;
    (result.files, result.summary, result.built) = (files, Some(summary), Some(before.clone()));
    true
}

/// Runs the rest of the pipeline over the agency's loaded manual; false when it failed (its
/// problems are in `result` then).
fn render(result: &mut AgencyResult, cx: &Context, options: &BuildOptions, loaded: Loaded, print: String) -> bool {
    let entry = result.entry.clone();
    let outcome = pipeline::run_loaded(options, loaded, &|_| {});
    let failed = outcome.failed(cx.strict);
    let clean = outcome.diagnostics.errors() == 0 && outcome.diagnostics.warnings() == 0;
    (result.documents, result.published) = (outcome.documents, outcome.published);
    let named: BTreeSet<Arc<Path>> = outcome.diagnostics.iter().map(|d| d.loc.file.clone()).collect();
    result.quoted = outcome
        .sources
        .text_files()
        .filter(|f| named.contains(&f.path))
        .map(|f| Arc::new(SourceFile::new(portal_path(&entry, &f.path), f.text.clone(), None)))
        .collect();
    result.diagnostics = outcome.diagnostics.iter().map(|d| rename(&entry, d)).collect();
    let Some(site) = outcome.site.filter(|_| !failed) else {
        if !failed {
            result
                .diagnostics
                .push(unreadable(&entry, tr!("không dựng được các trang", "its pages could not be rendered")));
        }
        return false;
    };
    let read = |path: &str| Ok(site.files.get(path).map(bytes));
    match summary::read(&read, cx.date) {
        Ok(summary) => {
            result.summary = Some(summary);
            result.files = site.files.iter().map(|(p, o)| (format!("{}/{p}", entry.slug), o.clone())).collect();
            result.built = Some(Built { slug: entry.slug.clone(), fingerprint: print, clean, date: cx.date });
            true
        }
        Err(message) => {
            result.diagnostics.push(unreadable(&entry, Text::reason(&message)));
            false
        }
    }
}

/// Marks the agency failed, publishing its previous pages when there are some.
fn fail(result: &mut AgencyResult, cx: &Context, previous: Option<&Built>) {
    let kept = match (cx.previous_out, previous) {
        (Some(out), Some(before)) => take_previous(out, &result.entry.slug, cx.date).map(|kept| (kept, before)),
        _ => None,
    };
    result.state = State::Failed { kept: kept.as_ref().map(|(_, before)| before.date) };
    if let Some(((files, summary), before)) = kept {
        (result.files, result.summary, result.built) = (files, Some(summary), Some(before.clone()));
    }
}

/// The previous output's files of an agency (copied from there when the new output is written)
/// and its summary, read from them.
fn take_previous(out: &Path, slug: &str, date: Date) -> Option<(Vec<(String, Output)>, AgencySummary)> {
    let dir = out.join(slug);
    let read = |path: &str| Ok(crate::read::read_published(&dir.join(path)).ok());
    let summary = summary::read(&read, date).ok()?;
    let mut files = Vec::new();
    walk(&dir, slug, &mut files).ok()?;
    Some((files, summary))
}

fn walk(dir: &Path, site_path: &str, files: &mut Vec<(String, Output)>) -> std::io::Result<()> {
    let mut entries: Vec<(String, PathBuf, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        // sotay writes plain files and folders only: anything else (a symbolic link planted in
        // the output) means the folder is not what the last build left, so nothing is reused.
        if !(kind.is_file() || kind.is_dir()) {
            return Err(std::io::Error::other(format!("{} is not a plain file", entry.path().display())));
        }
        entries.push((name, entry.path(), kind.is_dir()));
    }
    entries.sort();
    for (name, path, is_dir) in entries {
        let child = format!("{site_path}/{name}");
        if is_dir {
            walk(&path, &child, files)?;
        } else {
            files.push((child, Output::Copy(path)));
        }
    }
    Ok(())
}

fn bytes(output: &Output) -> Vec<u8> {
    match output {
        Output::Bytes(bytes) => bytes.to_vec(),
        Output::Copy(path) => crate::read::read_published(path).unwrap_or_default(),
        // An agency renders in memory (pipeline::run): nothing of it is staged.
        Output::Staged { .. } => Vec::new(),
    }
}

/// A file of the agency's manual, as a path relative to the portal folder.
fn portal_path(entry: &AgencyEntry, file: &Path) -> Arc<Path> {
    Arc::from(Path::new(&entry.path).join(file).as_path())
}

/// A diagnostic of the agency's manual, naming the agency.
fn rename(entry: &AgencyEntry, d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    d.loc.file = portal_path(entry, &d.loc.file);
    d.message = d.message.map(|m, _| format!("[{}] {m}", entry.slug));
    d
}

/// An agency that could not be built at all (an unreadable folder, a site without its JSON).
/// `message` is an environment error's own words (English) or sotay's (both languages).
fn unreadable(entry: &AgencyEntry, message: Text) -> Diagnostic {
    Diagnostic::error(
        Loc::file(&portal_path(entry, Path::new("sotay.toml"))),
        "portal-agency-failed",
        message.map(|m, _| format!("[{}] {m}", entry.slug)),
    )
    .with_help(tr!(
        "dựng riêng sổ tay của cơ quan đó (`sotay build <thư mục của nó>`) để xem lý do",
        "build the agency's manual on its own (`sotay build <its folder>`) to see why"
    ))
}
