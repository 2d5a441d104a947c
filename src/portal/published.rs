//! An agency given as its published site (`site = "<folder>"` or `url = "https://…/"`) rather than
//! its manual: the portal builds nothing of it. It reads the agency's manifest.json and the
//! files the portal shows (`api/index.json`, each document's JSON, `api/tthc-coverage.json`,
//! the search index), each verified against the manifest (`verify`), and takes its figures,
//! changes and search entries from them exactly as it does from an agency it built. The agency
//! is linked at its own address; its pages are not republished. Whatever does not verify is a
//! problem at the agency's line of the portal's sotay.toml, naming the file, and nothing of that
//! agency is shown but its last verified data (from the cache, with the date it was fetched).

use std::cell::RefCell;

use super::agency::{AgencyResult, Context, State};
use super::config::{AgencyEntry, AgencyKind};
use super::nested::PORTAL_JSON;
use super::summary::{self, AgencySummary};
use super::verify::{Cache, Fetch, Folder, Problem, Verified};
use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Text};
use crate::lang::reason;
use crate::render::search::{files, FOLDER};

/// Reads (and verifies) one published agency.
pub fn build(entry: &AgencyEntry, cx: &Context) -> AgencyResult {
    let mut result = AgencyResult::new(entry, String::new());
    let fetch: Box<dyn Fetch> = match &entry.kind {
        AgencyKind::Url(address) => Box::new(super::http::Http::new(address, cx.http)),
        AgencyKind::Site | AgencyKind::Manual => Box::new(Folder(entry.root.clone())),
    };
    let cache = cx.cache.map(|dir| Cache(dir.join(&entry.slug)));
    let fresh = Verified::open(&*fetch, cache.as_ref()).and_then(|verified| {
        let read = read(entry, cx, &verified)?;
        verified.remember(cx.date);
        Ok((read, verified.requests()))
    });
    match fresh {
        Ok((read, requests)) => {
            crate::timings::note(|| format!("portal: {} verified ({requests} requests)", entry.slug));
            result.state = State::Verified;
            fill(&mut result, read);
        }
        Err(problem) => {
            result.diagnostics.push(rejected(entry, &problem));
            let kept =
                cache.as_ref().and_then(Verified::cached).and_then(|(v, date)| Some((read(entry, cx, &v).ok()?, date)));
            result.state = State::Failed { kept: kept.as_ref().map(|(_, date)| *date) };
            if let Some((read, _)) = kept {
                fill(&mut result, read);
            }
        }
    }
    result
}

/// Refuses a published agency whose site is one another entry already lists (the same address
/// under another slug), which would count it twice: it is marked failed and shows nothing.
pub fn refuse_twice(results: &mut [AgencyResult]) {
    let mut seen: Vec<(String, String)> = Vec::new();
    for r in results.iter_mut() {
        let Some(address) = r.summary.as_ref().map(|s| s.base_url.clone()) else { continue };
        if r.entry.is_manual() {
            continue;
        }
        match seen.iter().find(|(known, _)| *known == address) {
            Some((_, first)) => {
                let (slug, first) = (r.entry.slug.clone(), first.clone());
                r.diagnostics.push(
                    Diagnostic::error(r.entry.at.clone(), "portal-agency-twice", {
                        tr!(
                            "[{slug}] trang này ({address}) đã được liệt kê là cơ quan `{first}`",
                            "[{slug}] this site ({address}) is already listed as the agency `{first}`"
                        )
                    })
                    .with_help(tr!(
                        "bỏ một trong hai mục: mỗi cơ quan chỉ được tính một lần",
                        "remove one of the two entries: each agency counts once"
                    )),
                );
                r.state = State::Failed { kept: None };
                (r.summary, r.search) = (None, Vec::new());
            }
            None => seen.push((address, r.entry.slug.clone())),
        }
    }
}

/// What the portal shows of a published agency.
struct Read {
    summary: AgencySummary,
    home: String,
    search: Vec<crate::render::search::docs::SearchDoc>,
}

fn fill(result: &mut AgencyResult, read: Read) {
    result.home = read.home;
    result.search = read.search;
    result.summary = Some(read.summary);
}

/// The summary and search entries of a verified site, its links made to work from the portal.
fn read(entry: &AgencyEntry, cx: &Context, verified: &Verified) -> Result<Read, Problem> {
    let file = |path: &str| {
        verified.read(path).map_err(|p| {
            let (vi, en) = crate::lang::split_reason(&p.reason).unwrap_or((&p.reason, &p.reason));
            reason(format!("{}: {vi}", p.file), format!("{}: {en}", p.file))
        })
    };
    let nested = verified.lists(PORTAL_JSON) && !verified.lists("api/index.json");
    let mut summary = match nested {
        true => {
            let own = if cx.base.origin.is_empty() { String::new() } else { cx.base.absolute("") };
            super::nested::summary(&file, cx.date, &own)?
        }
        false => summary::read(&file, cx.date).map_err(|reason| Problem::rejected("", reason))?,
    };
    let problem = |reason| Problem::rejected(if nested { PORTAL_JSON } else { "api/index.json" }, reason);
    let address = BaseUrl::parse(&summary.base_url)
        .ok()
        .filter(|b| b.origin.starts_with("https://") || b.origin.starts_with("http://"))
        .ok_or_else(|| {
            let url = &summary.base_url;
            problem(reason(
                format!("trang được dựng với địa chỉ `{url}`, không phải một địa chỉ https đầy đủ; dựng lại với [site] base_url là địa chỉ công bố"),
                format!("the site was built with the address `{url}`, not a full https address; build it with [site] base_url set to where it is published"),
            ))
        })?;
    if let AgencyKind::Url(expected) = &entry.kind {
        let got = format!("{}{}", address.origin, address.path);
        if &got != expected {
            return Err(problem(reason(
                format!("trang nói nó được công bố ở `{got}`, không phải ở `{expected}`"),
                format!("the site says it is published at `{got}`, not at `{expected}`"),
            )));
        }
    }
    let links = Links::between(cx.base, &address);
    links.apply(&mut summary);
    let docs = search(verified, nested)?;
    let search = match nested {
        true => super::nested::mark(docs, &links.search, &entry.slug),
        false => super::search::mark(docs, &summary, &links.search, &entry.slug),
    };
    Ok(Read { summary, home: links.home, search })
}

/// The agency's (or listed portal's) search entries, from its verified index.
fn search(verified: &Verified, nested: bool) -> Result<Vec<crate::render::search::docs::SearchDoc>, Problem> {
    let failure: RefCell<Option<Problem>> = RefCell::new(None);
    let file = |path: &str| match verified.read(path) {
        Ok(bytes) => bytes,
        Err(problem) => {
            failure.borrow_mut().get_or_insert(problem);
            None
        }
    };
    let index = format!("{FOLDER}index.js");
    let docs = files::read_docs(FOLDER, file);
    if let Some(problem) = failure.into_inner() {
        return Err(problem);
    }
    let Some(docs) = docs else {
        return Err(Problem::rejected(
            &index,
            reason(
                format!("không phải chỉ mục tìm kiếm phiên bản {} mà cổng đọc", files::VERSION),
                format!("it is not a search index of version {}, which the portal reads", files::VERSION),
            ),
        ));
    };
    for doc in &docs {
        // A listed portal's entries of agencies published elsewhere are absolute http(s) addresses.
        let absolute = doc.u.starts_with("https://") || doc.u.starts_with("http://");
        if !(nested && absolute) {
            super::verify::safe_path(doc.u.trim_end_matches('/'))
                .map_err(|reason| Problem::rejected(&index, reason))?;
        }
    }
    Ok(docs)
}

/// How the portal links to a published agency at `agency`'s address.
struct Links {
    /// Put before the root-relative addresses of the agency's JSON: empty on the portal's host,
    /// the agency's origin elsewhere.
    origin: String,
    /// The agency's home page.
    home: String,
    /// Put before a search entry's site path: relative to the portal's address when the agency
    /// is published under it, absolute otherwise.
    search: String,
}

impl Links {
    fn between(portal: &BaseUrl, agency: &BaseUrl) -> Links {
        let absolute = format!("{}{}", agency.origin, agency.path);
        if agency.origin != portal.origin {
            return Links { origin: agency.origin.clone(), home: absolute.clone(), search: absolute };
        }
        let search = agency.path.strip_prefix(&portal.path).map_or(absolute, str::to_owned);
        Links { origin: String::new(), home: agency.path.clone(), search }
    }

    fn apply(&self, summary: &mut AgencySummary) {
        let full = |url: &mut String| *url = format!("{}{url}", self.origin);
        if let Some(a) = &mut summary.announcement {
            full(&mut a.url);
        }
        for change in &mut summary.changes {
            full(&mut change.url);
            full(&mut change.document_url);
        }
    }
}

/// The problem of an agency whose site was not accepted, at its line of the portal's sotay.toml.
fn rejected(entry: &AgencyEntry, problem: &Problem) -> Diagnostic {
    let slug = &entry.slug;
    let why = Text::reason(&problem.reason);
    let file = if problem.file.is_empty() { String::new() } else { format!("{}: ", problem.file) };
    Diagnostic::error(entry.at.clone(), problem.code, why.map(|m, _| format!("[{slug}] {file}{m}"))).with_help(
        tr!(
            "không hiển thị gì chưa kiểm chứng được của cơ quan này; đề nghị cơ quan dựng lại và công bố lại toàn bộ trang (`sotay build`), rồi dựng lại cổng",
            "nothing unverified of this agency is shown; ask the agency to rebuild and republish its whole site (`sotay build`), then build the portal again"
        ),
    )
}

/// An agency's `url` as the address it must say it is published at: an absolute http(s) URL
/// ending in `/`.
pub fn agency_address(url: &str) -> Result<String, String> {
    let base = BaseUrl::parse(url)?;
    if !(base.origin.starts_with("https://") || base.origin.starts_with("http://")) {
        return Err(reason(
            format!("`{url}` không phải địa chỉ http(s) đầy đủ"),
            format!("`{url}` is not a full http(s) address"),
        ));
    }
    Ok(format!("{}{}", base.origin, base.path))
}

/// A name to derive a slug from: the address's last folder, or its host's first label.
pub fn address_name(address: &str) -> String {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    match path.trim_end_matches('/').rsplit('/').next().filter(|s| !s.is_empty()) {
        Some(folder) => folder.to_owned(),
        None => host.split(['.', ':']).next().unwrap_or_default().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(text: &str) -> BaseUrl {
        BaseUrl::parse(text).unwrap()
    }

    #[test]
    fn agencies_under_the_portal_are_linked_relatively() {
        let links = Links::between(&base("https://iso.tinh.vn/"), &base("https://iso.tinh.vn/so-a/"));
        assert_eq!((links.origin.as_str(), links.home.as_str(), links.search.as_str()), ("", "/so-a/", "so-a/"));
        let elsewhere = Links::between(&base("https://iso.tinh.vn/"), &base("https://so-b.vn/iso/"));
        assert_eq!(elsewhere.origin, "https://so-b.vn");
        assert_eq!(elsewhere.search, "https://so-b.vn/iso/");
    }

    #[test]
    fn addresses_name_a_slug() {
        assert_eq!(address_name("https://iso.so-khcn.gov.vn/"), "iso");
        assert_eq!(address_name("https://tinh.gov.vn/iso/so-khcn/"), "so-khcn");
        assert!(agency_address("/iso/").is_err());
        assert_eq!(agency_address("https://a.vn/x").unwrap(), "https://a.vn/x/");
    }
}
