//! A portal build: the portal's sotay.toml read and checked, every agency built by the ordinary
//! pipeline (in parallel, each at `/<slug>/`, unchanged ones reused), the portal's own pages
//! rendered around them, and the whole written by the same atomic write stage as a manual.
//!
//! What happens when an agency's manual has errors: without `keep_going` nothing is written
//! (the previous output stays whole) and the run fails. With `keep_going` the portal is written
//! with every other agency; the broken one keeps its previous pages when the output had them
//! (the directory says they are from an earlier build) and is listed as failed otherwise; the
//! run still fails (exit 1), so a scheduled build is noticed, and the summary names the agency.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::agency::{self, AgencyResult, Context, State};
use super::config;
use super::manifest::{self, Manifest};
use crate::config::BaseUrl;
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::load::Sources;
use crate::model::{Audience, Date, Kind};
use crate::render::{Output, Site};

/// What to build.
#[derive(Clone, Debug)]
pub struct PortalOptions {
    /// The portal folder (its sotay.toml has `[portal]`).
    pub root: PathBuf,
    pub audience: Audience,
    pub date: Date,
    /// Replaces `[portal] base_url`.
    pub base_url: Option<String>,
    /// Warnings fail an agency (and the run) too.
    pub strict: bool,
    /// Write the portal even when some agencies fail.
    pub keep_going: bool,
    /// Timeouts and retries for `url` agencies.
    pub http: super::http::HttpOptions,
}

impl PortalOptions {
    pub fn new(root: impl Into<PathBuf>) -> PortalOptions {
        PortalOptions {
            root: root.into(),
            audience: Audience::Public,
            date: Date::today(),
            base_url: None,
            strict: false,
            keep_going: false,
            http: super::http::HttpOptions::default(),
        }
    }
}

/// One agency in a portal run.
#[derive(Clone, Debug)]
pub struct AgencyReport {
    pub slug: String,
    /// Its folder as the portal's sotay.toml writes it.
    pub path: String,
    pub state: State,
    /// Documents read and published; zero for a reused agency, which is not read.
    pub documents: usize,
    pub published: usize,
}

/// What a portal run produced.
#[derive(Debug)]
pub struct PortalOutcome {
    /// The site to write: none when the portal's configuration is broken, or when an agency
    /// failed without `keep_going`.
    pub site: Option<Site>,
    /// Every problem: the portal's sotay.toml and each agency's, naming the agency.
    pub diagnostics: Diagnostics,
    /// The files the problems quote.
    pub sources: Sources,
    /// The agencies, in the order of the portal's sotay.toml.
    pub agencies: Vec<AgencyReport>,
}

impl PortalOutcome {
    /// Whether the run failed: any error, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics.has_errors() || (strict && self.diagnostics.warnings() > 0)
    }

    /// How many agencies are in a state `pick` accepts.
    pub fn count(&self, pick: fn(&State) -> bool) -> usize {
        self.agencies.iter().filter(|a| pick(&a.state)).count()
    }

    /// The agencies that failed to build.
    pub fn failed_agencies(&self) -> Vec<&AgencyReport> {
        self.agencies.iter().filter(|a| matches!(a.state, State::Failed { .. })).collect()
    }
}

/// Runs a portal build without writing; `previous_out` is the output whose agency pages may be
/// reused (the one `build` replaces).
pub fn run(options: &PortalOptions, previous_out: Option<&Path>) -> Result<PortalOutcome> {
    let file = config::read(&options.root)?;
    let mut sources = Sources { root: options.root.clone(), config: Some(file.clone()), ..Sources::default() };
    let (portal, mut diagnostics) = config::parse(&file, &options.root);
    let Some(portal) = portal else {
        return Ok(PortalOutcome { site: None, diagnostics, sources, agencies: Vec::new() });
    };
    let base = match &options.base_url {
        Some(text) => BaseUrl::parse(text).map_err(|why| {
            Error::Refused(crate::diagnostic::Text::reason(&why).map(|text, _| format!("--base-url: {text}")))
        })?,
        None => portal.base_url.clone(),
    };
    let previous = previous_out.map(manifest::previous).unwrap_or_default();
    let cache = cache_dir(&portal, previous_out);
    let cx = Context {
        audience: options.audience,
        date: options.date,
        strict: options.strict,
        base: &base,
        previous_out,
        previous: &previous,
        cache: cache.as_deref(),
        http: options.http,
    };
    let results = {
        let _span = crate::timings::span("portal: agencies");
        let mut results = build_agencies(&portal.agencies, &cx);
        super::published::refuse_twice(&mut results);
        results
    };
    let config_failed = diagnostics.has_errors();
    for r in &results {
        diagnostics.extend(r.diagnostics.iter().cloned());
        sources.documents.extend(r.quoted.iter().map(|f| (Kind::Page, f.clone())));
    }
    let agencies = results
        .iter()
        .map(|r| AgencyReport {
            slug: r.entry.slug.clone(),
            path: r.entry.path.clone(),
            state: r.state.clone(),
            documents: r.documents,
            published: r.published,
        })
        .collect();
    let any_failed = results.iter().any(|r| matches!(r.state, State::Failed { .. }));
    let mut results = results;
    let site = if config_failed || (any_failed && !options.keep_going) {
        None
    } else {
        let _span = crate::timings::span("portal: pages");
        // Moved, not copied: at national scale the search entries are most of the memory.
        let search: Vec<_> = results.iter_mut().flat_map(|r| std::mem::take(&mut r.search)).collect();
        match super::pages::render(&portal, &base, options.audience, options.date, &results, &search) {
            Ok(files) => Some(assemble(results, files)),
            Err(problem) => {
                diagnostics.push(problem);
                None
            }
        }
    };
    diagnostics.sort();
    Ok(PortalOutcome { site, diagnostics, sources, agencies })
}

/// Where published agencies' last verified files are kept: `[portal] cache`, or beside the
/// output; none when nothing is written (`sotay check`).
fn cache_dir(portal: &config::Portal, out: Option<&Path>) -> Option<PathBuf> {
    match (&portal.cache, out) {
        (Some(dir), Some(_)) => Some(dir.clone()),
        (None, Some(out)) => super::verify::cache_beside(out),
        (_, None) => None,
    }
}

/// How many published agencies are read at once: their time goes to waiting on disks and
/// servers, not the processor, so more of them than cores.
const READERS: usize = 16;

/// Every agency, in the portal's order: manuals built on the processors' pool, published sites
/// read on a wider pool of their own.
fn build_agencies(agencies: &[config::AgencyEntry], cx: &Context) -> Vec<AgencyResult> {
    let (manuals, published): (Vec<_>, Vec<_>) = agencies.iter().enumerate().partition(|(_, e)| e.is_manual());
    let built: Vec<(usize, AgencyResult)> = manuals.par_iter().map(|(i, e)| (*i, agency::build(e, cx))).collect();
    let read = |list: &[(usize, &config::AgencyEntry)]| -> Vec<(usize, AgencyResult)> {
        list.par_iter().map(|(i, e)| (*i, super::published::build(e, cx))).collect()
    };
    let read = match rayon::ThreadPoolBuilder::new().num_threads(READERS).build() {
        Ok(pool) => pool.install(|| read(&published)),
        Err(_) => read(&published),
    };
    let mut all: Vec<(usize, AgencyResult)> = built.into_iter().chain(read).collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// The portal's site: every agency's files, the portal's own and the manifest of what was built.
fn assemble(results: Vec<AgencyResult>, portal_files: Vec<(String, Output)>) -> Site {
    let mut site = Site::default();
    let mut built = Manifest { version: 1, agencies: Vec::new() };
    for r in results {
        built.agencies.extend(r.built);
        for (path, output) in r.files {
            site.files.insert(path, output);
        }
    }
    for (path, output) in portal_files {
        site.files.insert(path, output);
    }
    site.files.insert(manifest::PATH.to_owned(), Output::Bytes(built.to_bytes().into()));
    site.pages = site.files.keys().filter(|p| p.ends_with(".html")).count();
    site
}

/// Runs a portal build and writes the site to `out` when there is one (see the module's docs
/// for when). A run that writes nothing leaves the previous output as it was.
pub fn build(options: &PortalOptions, out: &Path) -> Result<PortalOutcome> {
    crate::pipeline::check_output_location(&options.root, out)?;
    if let (Some(portal), _) = config::parse(&*config::read(&options.root)?, &options.root) {
        for agency in portal.agencies.iter().filter(|a| a.is_manual()) {
            crate::pipeline::check_output_location(&agency.root, out)?;
        }
    }
    // Absolute, so the previous files the site takes are recognised as the output's (and linked).
    let out = &std::path::absolute(out).map_err(|source| Error::Read { path: out.to_owned(), source })?;
    let outcome = run(options, Some(out))?;
    if let Some(site) = &outcome.site {
        let _span = crate::timings::span("write");
        crate::write::write_site(site, out)?;
    }
    Ok(outcome)
}
