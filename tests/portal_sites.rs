//! Issue 24: portal agencies given as their published sites — `site = "<folder>"` (a built
//! output on disk) and `url = "http://…/"` (fetched over HTTP) — read through their manifest.json
//! and verified file by file. The three agencies of `tests/fixtures/portal/` are built on their
//! own, each at the portal's address joined with its slug, and a second portal lists those
//! outputs: its directory, figures, search and feed must be those of the portal built from the
//! sources, and whatever does not verify is refused at the agency's line of the portal's
//! sotay.toml, naming the file. HTTP agencies are served by a small server in the test
//! (`support::Server`), which counts requests and can be slow, fail or lie.

mod common;
#[path = "portal_sites/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use server::{Behaviour, Server};
use sotay::model::Date;
use sotay::pipeline;
use sotay::portal::{self, HttpOptions, PortalOptions, PortalOutcome, State};

const ORIGIN: &str = "https://iso.mau.example.gov.vn";
/// The fixture's agencies: their manual folder and slug.
const AGENCIES: [(&str, &str); 3] = [
    ("agencies/so-thu-nghiem", "so-thu-nghiem"),
    ("agencies/so-xay-dung", "so-xd"),
    ("agencies/xa-an-binh", "xa-an-binh"),
];
/// What a portal shows, which must not depend on how its agencies were given.
const SHOWN: [&str; 4] = ["index.html", "api/portal.json", "thay-doi/atom.xml", "tim-kiem/index.js"];

/// Builds each agency of the portal fixture in `dir` on its own into `published/<slug>`, at
/// `address(slug)`.
fn publish(dir: &Path, address: &dyn Fn(&str) -> String) {
    for (path, slug) in AGENCIES {
        let mut options = options(&dir.join(path));
        options.base_url = Some(address(slug));
        let built = pipeline::build(&options, &dir.join("published").join(slug), false, &|_| {});
        let built = built.unwrap_or_else(|e| panic!("{slug} did not build: {e}"));
        assert!(!built.failed(false), "{slug} failed to build on its own");
    }
}

fn at_portal(slug: &str) -> String {
    format!("{ORIGIN}/{slug}/")
}

/// Writes a portal in `dir/<name>` whose agencies are `lines` (`site = "…"` or `url = "…"`).
fn portal_of(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
    let root = dir.join(name);
    let mut toml = format!(
        "[portal]\ntitle = \"Cổng ISO tỉnh Mẫu\"\nparent = \"Ủy ban nhân dân tỉnh Mẫu\"\nbase_url = \"{ORIGIN}/\"\n"
    );
    for line in lines {
        toml.push_str(&format!("\n[[portal.agencies]]\n{line}\n"));
    }
    write(&root, "sotay.toml", toml);
    root
}

fn site_lines() -> Vec<String> {
    AGENCIES.iter().map(|(_, slug)| format!("site = \"../published/{slug}\"")).collect()
}

fn build(root: &Path, out: &Path, keep_going: bool) -> PortalOutcome {
    let mut options = PortalOptions::new(root);
    options.date = Date::parse(DATE).unwrap();
    options.keep_going = keep_going;
    options.http = HttpOptions { timeout: Duration::from_millis(700), retries: 1, backoff: Duration::from_millis(20) };
    portal::build(&options, out).unwrap_or_else(|e| panic!("the portal build failed outright: {e}"))
}

fn clean(outcome: &PortalOutcome) {
    let problems = without_notes(&outcome.diagnostics);
    assert!(problems.is_empty(), "expected a clean portal build, got:\n{}", describe(&problems));
    assert!(outcome.site.is_some());
}

fn portal_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("api/portal.json")).unwrap()).unwrap()
}

/// The line of the portal's sotay.toml holding `needle`.
fn line_of(root: &Path, needle: &str) -> u32 {
    let text = std::fs::read_to_string(root.join("sotay.toml")).unwrap();
    position(&text, needle).0
}

/// Changes a published file and gives the manifest its new size and hash, so that the file
/// verifies and what the portal then refuses is its content.
fn republish(site: &Path, path: &str, edit: &dyn Fn(String) -> String) {
    let before = std::fs::read_to_string(site.join(path)).unwrap();
    let after = edit(before.clone());
    assert_ne!(before, after, "the edit of {path} changed nothing");
    std::fs::write(site.join(path), &after).unwrap();
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array_mut().unwrap();
    let entry = files.iter_mut().find(|f| f["path"] == path).unwrap_or_else(|| panic!("{path} is not listed"));
    entry["size"] = after.len().into();
    entry["sha256"] = sotay::digest::sha256(after.as_bytes()).into();
    std::fs::write(site.join("manifest.json"), serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

/// Changes the first `from` of a published file without touching its manifest.
fn tamper(site: &Path, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.join(path)).unwrap();
    assert!(text.contains(from), "{path} has no {from}");
    std::fs::write(site.join(path), text.replacen(from, to, 1)).unwrap();
}

fn rejected(outcome: &PortalOutcome) -> Vec<String> {
    with_code(&outcome.diagnostics, "portal-agency-rejected").iter().map(|d| one_line(d)).collect()
}

#[test]
fn a_portal_over_published_sites_shows_what_one_over_sources_shows() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let from_sources = dir.path().join("out-sources");
    clean(&build(dir.path(), &from_sources, false));
    let root = portal_of(dir.path(), "site-portal", &site_lines());
    let from_sites = dir.path().join("out-sites");
    let outcome = build(&root, &from_sites, false);
    clean(&outcome);
    for path in SHOWN {
        let (a, b) = (std::fs::read(from_sources.join(path)).unwrap(), std::fs::read(from_sites.join(path)).unwrap());
        assert!(a == b, "{path} differs between the portal over sources and the one over published sites");
    }
    assert_eq!(portal_json(&from_sites)["figures"]["documents"], 10, "the figures are the fixture's");
    for (_, slug) in AGENCIES {
        assert!(from_sources.join(slug).join("index.html").is_file(), "{slug} is republished from sources");
        assert!(!from_sites.join(slug).exists(), "{slug}'s pages are linked at its address, not republished");
    }
    assert!(outcome.agencies.iter().all(|a| a.state == State::Verified), "read and verified, not built");
}

#[test]
fn a_tampered_file_is_refused_at_the_agencys_line() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let root = portal_of(dir.path(), "site-portal", &site_lines());
    let out = dir.path().join("out");
    clean(&build(&root, &out, false));
    let before = std::fs::read(out.join("api/portal.json")).unwrap();
    tamper(&dir.path().join("published/so-xd"), "api/index.json", "Sở Xây dựng", "Sở Xây Dựng");
    let outcome = build(&root, &out, false);
    assert!(outcome.site.is_none(), "nothing is written while an agency does not verify");
    assert_eq!(std::fs::read(out.join("api/portal.json")).unwrap(), before, "the previous output stays");
    let problems = rejected(&outcome);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let line = line_of(&root, "site = \"../published/so-xd\"");
    assert!(problems[0].starts_with(&format!("sotay.toml:{line}:")), "at the agency's line: {}", problems[0]);
    for word in ["[so-xd]", "api/index.json", "SHA-256"] {
        assert!(problems[0].contains(word), "names {word}: {}", problems[0]);
    }
    // Under --keep-going the other agencies are published and so-xd keeps its last verified data.
    let kept = build(&root, &out, true);
    assert!(kept.site.is_some());
    let json = portal_json(&out);
    let row = json["agencies"].as_array().unwrap().iter().find(|r| r["slug"] == "so-xd").unwrap().clone();
    assert_eq!((row["status"].as_str(), row["kept_date"].as_str()), (Some("failed"), Some(DATE)), "{row}");
    assert_eq!(row["summary"]["name"], "Sở Xây dựng tỉnh Mẫu", "the verified name, not the tampered one");
    assert_eq!(json["figures"]["documents"], 10);
    assert!(!String::from_utf8_lossy(&std::fs::read(out.join("index.html")).unwrap()).contains("Sở Xây Dựng"));
}

#[test]
fn without_a_cache_a_broken_agency_is_listed_without_data() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let root = portal_of(dir.path(), "site-portal", &site_lines());
    tamper(&dir.path().join("published/xa-an-binh"), "api/index.json", "xã An Bình", "xã An Bính");
    let out = dir.path().join("out");
    let outcome = build(&root, &out, true);
    assert!(outcome.site.is_some());
    let json = portal_json(&out);
    let row = json["agencies"].as_array().unwrap().iter().find(|r| r["slug"] == "xa-an-binh").unwrap().clone();
    assert_eq!(row["status"], "failed");
    assert!(row["summary"].is_null() && row["kept_date"].is_null(), "nothing unverified is shown: {row}");
    assert_eq!(json["figures"]["documents"], 8, "the commune's 2 documents are not counted");
}

#[test]
fn the_wrong_schema_and_addresses_outside_the_agency_are_refused() {
    type Edit = (&'static str, &'static str, fn(String) -> String, &'static str);
    let cases: [Edit; 4] = [
        ("so-xd", "api/index.json", |t| t.replacen("\"api_version\":1", "\"api_version\":2", 1), "phiên bản 2"),
        (
            "so-xd",
            "api/index.json",
            |t| t.replacen("\"/so-xd/api/", "\"/khac/api/", 1),
            "nằm ngoài địa chỉ của cơ quan",
        ),
        ("xa-an-binh", "api/index.json", |t| t.replacen('{', "[", 1), "không đọc được"),
        (
            "so-thu-nghiem",
            "tim-kiem/index.js",
            |t| t.replacen("\"u\":\"", "\"u\":\"../../", 1),
            "ra ngoài trang của cơ quan",
        ),
    ];
    for (slug, path, change, says) in cases {
        let dir = copy_fixture("portal");
        publish(dir.path(), &at_portal);
        republish(&dir.path().join("published").join(slug), path, &change);
        let root = portal_of(dir.path(), "site-portal", &site_lines());
        let outcome = build(&root, &dir.path().join("out"), false);
        let problems = rejected(&outcome);
        assert_eq!(problems.len(), 1, "{slug} {path}: {problems:?}");
        assert!(problems[0].contains(&format!("[{slug}]")) && problems[0].contains(says), "{}", problems[0]);
        assert!(outcome.site.is_none());
    }
}

#[test]
fn a_file_larger_than_the_limit_is_not_read() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let site = dir.path().join("published/so-xd");
    let text = std::fs::read_to_string(site.join("manifest.json")).unwrap();
    let mut manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    for f in manifest["files"].as_array_mut().unwrap().iter_mut().filter(|f| f["path"] == "api/index.json") {
        f["size"] = 40_000_000.into();
    }
    std::fs::write(site.join("manifest.json"), serde_json::to_vec(&manifest).unwrap()).unwrap();
    let root = portal_of(dir.path(), "site-portal", &site_lines());
    let problems = rejected(&build(&root, &dir.path().join("out"), false));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("quá giới hạn"), "{}", problems[0]);
}

#[test]
fn an_agency_gives_exactly_one_source() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let root = portal_of(
        dir.path(),
        "site-portal",
        &[
            "site = \"../published/so-xd\"\npath = \"../agencies/so-xay-dung\"".to_owned(),
            "slug = \"khong-nguon\"".to_owned(),
            "site = \"../agencies/xa-an-binh\"".to_owned(),
            "url = \"/iso/\"".to_owned(),
        ],
    );
    let outcome = build(&root, &dir.path().join("out"), false);
    let found = codes_and_files(&without_notes(&outcome.diagnostics));
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(
        codes,
        ["portal-agency-kind", "portal-agency-kind", "portal-agency-missing", "portal-agency-missing"],
        "{}",
        describe(&outcome.diagnostics)
    );
    assert!(outcome.site.is_none());
}

/// Serves the published sites in `dir/published` (each agency at `/<slug>/`).
fn serve(dir: &Path) -> Server {
    Server::start(dir.join("published"))
}

fn url_lines(server: &Server) -> Vec<String> {
    AGENCIES.iter().map(|(_, slug)| format!("url = \"{}\"", server.address(slug))).collect()
}

#[test]
fn agencies_over_http_show_the_same_figures_and_unchanged_ones_cost_one_request() {
    let dir = copy_fixture("portal");
    let server = serve(dir.path());
    publish(dir.path(), &|slug| server.address(slug));
    let from_sources = dir.path().join("out-sources");
    clean(&build(dir.path(), &from_sources, false));
    let root = portal_of(dir.path(), "url-portal", &url_lines(&server));
    let out = dir.path().join("out");
    clean(&build(&root, &out, false));
    let (sources, fetched) = (portal_json(&from_sources), portal_json(&out));
    assert_eq!(sources["figures"], fetched["figures"], "the figures are those of the sources");
    let first = server.requests();
    assert!(first > 3, "the first run fetches manifests and files: {first}");
    // The agencies link to their own address; the portal's search entries too.
    let home = scraper::Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let name = links_in(&home, "tr[data-slug=\"so-xd\"] th");
    assert_eq!(name, [(server.address("so-xd"), "Sở Xây dựng tỉnh Mẫu".to_owned())], "linked at its own address");
    let index = std::fs::read_to_string(out.join("tim-kiem/index.js")).unwrap();
    assert!(index.contains(&format!("\"u\":\"{}", server.address("so-xd"))), "search entries are absolute");

    clean(&build(&root, &out, false));
    assert_eq!(server.requests() - first, 3, "a rebuild makes one conditional request per unchanged agency");
    assert_eq!(portal_json(&out), fetched);

    let changed = dir.path().join("published/so-xd");
    republish(&changed, "api/index.json", &|t| {
        t.replacen("\"name\":\"Sở Xây dựng tỉnh Mẫu\"", "\"name\":\"Sở Xây dựng tỉnh Mẫu (mới)\"", 1)
    });
    let second = server.requests();
    clean(&build(&root, &out, false));
    assert_eq!(server.requests() - second, 4, "three manifests and the one file whose hash changed");
    assert!(std::fs::read_to_string(out.join("index.html")).unwrap().contains("Sở Xây dựng tỉnh Mẫu (mới)"));
}

#[test]
fn broken_servers_are_each_a_clear_problem_reported_together() {
    let dir = copy_fixture("portal");
    let server = serve(dir.path());
    publish(dir.path(), &|slug| server.address(slug));
    server.set("so-thu-nghiem", Behaviour::Slow(Duration::from_secs(3)));
    server.set("so-xd", Behaviour::Status(500));
    server.set("xa-an-binh", Behaviour::Html);
    let root = portal_of(dir.path(), "url-portal", &url_lines(&server));
    let outcome = build(&root, &dir.path().join("out"), false);
    assert!(outcome.site.is_none());
    let problems = rejected(&outcome).join("\n");
    for (slug, says) in [
        ("so-thu-nghiem", "không trả lời kịp thời hạn"),
        ("so-xd", "bằng lỗi 500"),
        ("xa-an-binh", "trả về một trang HTML"),
    ] {
        assert!(
            problems.contains(&format!("[{slug}] manifest.json:")) && problems.contains(says),
            "{slug}: {problems}"
        );
    }
    server.set("so-xd", Behaviour::RedirectTo("http://elsewhere.invalid/".to_owned()));
    let outcome = build(&root, &dir.path().join("out"), false);
    let problems = rejected(&outcome).join("\n");
    assert!(problems.contains("chuyển hướng tới http://elsewhere.invalid/, ngoài địa chỉ của cơ quan"), "{problems}");
}

#[test]
fn a_tampered_file_over_http_is_refused() {
    let dir = copy_fixture("portal");
    let server = serve(dir.path());
    publish(dir.path(), &|slug| server.address(slug));
    let root = portal_of(dir.path(), "url-portal", &url_lines(&server));
    let out = dir.path().join("out");
    let site = dir.path().join("published/xa-an-binh");
    let index = std::fs::read_to_string(site.join("api/index.json")).unwrap();
    let doc = index.split("\"json\":\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap().to_owned();
    let path = doc.trim_start_matches("/xa-an-binh/").to_owned();
    tamper(&site, &path, "\"title\":", "\"title\": ");
    let outcome = build(&root, &out, true);
    let problems = rejected(&outcome);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains(&path) && problems[0].contains("manifest.json"), "{}", problems[0]);
    assert_eq!(outcome.agencies[2].state, State::Failed { kept: None }, "never verified, so nothing is kept");
    assert!(outcome.site.is_some(), "the other agencies are published under --keep-going");
}

/// A national portal over `lines`, at its own address.
fn national(dir: &Path, lines: &[String]) -> PathBuf {
    let root = dir.join("national");
    let toml = format!(
        "[portal]\ntitle = \"Cổng ISO quốc gia\"\nbase_url = \"https://iso.example.gov.vn/\"\n{}",
        lines.iter().map(|l| format!("\n[[portal.agencies]]\n{l}\n")).collect::<String>()
    );
    write(&root, "sotay.toml", toml);
    root
}

#[test]
fn a_national_portal_lists_a_province_portal_with_its_figures_summed() {
    let dir = copy_fixture("portal");
    let province = dir.path().join("province-out");
    clean(&build(dir.path(), &province, false));
    assert!(province.join("manifest.json").is_file(), "a portal publishes a manifest of its own files");
    let root = national(dir.path(), &["site = \"../province-out\"\nslug = \"tinh-mau\"".to_owned()]);
    let out = dir.path().join("national-out");
    clean(&build(&root, &out, false));
    let (mine, theirs) = (portal_json(&out), portal_json(&province));
    for figure in ["agencies", "announced", "documents", "procedures", "procedures_with_tthc", "revised_this_year"] {
        assert_eq!(mine["figures"][figure], theirs["figures"][figure], "{figure} is the province's sum");
    }
    assert_eq!(mine["agencies"][0]["url"], "https://iso.mau.example.gov.vn/", "the province is linked at its address");
    let feed = std::fs::read_to_string(out.join("thay-doi/atom.xml")).unwrap();
    let province_feed = std::fs::read_to_string(province.join("thay-doi/atom.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), province_feed.matches("<entry>").count(), "every change, by recency");
    assert!(feed.contains("href=\"https://iso.mau.example.gov.vn/so-xd/"), "changes link to the agencies' pages");
    let index = std::fs::read_to_string(out.join("tim-kiem/index.js")).unwrap();
    assert!(index.contains("\"u\":\"https://iso.mau.example.gov.vn/so-xd/"), "the province's search, at its address");
}

#[test]
fn nested_portals_that_form_a_loop_are_refused() {
    let dir = copy_fixture("portal");
    // The national portal lists the province's; then the province lists the national one.
    let national_out = dir.path().join("national-out");
    let province = dir.path().join("province-out");
    clean(&build(dir.path(), &province, false));
    let root = national(dir.path(), &["site = \"../province-out\"\nslug = \"tinh-mau\"".to_owned()]);
    clean(&build(&root, &national_out, false));
    let mut toml = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    toml.push_str("\n[[portal.agencies]]\nsite = \"national-out\"\nslug = \"quoc-gia\"\n");
    std::fs::write(dir.path().join("sotay.toml"), toml).unwrap();
    let outcome = build(dir.path(), &province, false);
    let loops = with_code(&outcome.diagnostics, "portal-loop");
    assert_eq!(loops.len(), 1, "{}", describe(&outcome.diagnostics));
    let line = one_line(loops[0]);
    assert!(line.contains("[quoc-gia]") && line.contains("thành vòng"), "{line}");
    assert!(outcome.site.is_none());
}

#[test]
fn text_from_an_agency_is_escaped() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let planted = "<script>alert(1)</script>";
    republish(&dir.path().join("published/so-xd"), "api/index.json", &|t| {
        t.replacen("\"name\":\"Sở Xây dựng tỉnh Mẫu\"", &format!("\"name\":\"{planted}\""), 1)
    });
    let root = portal_of(dir.path(), "site-portal", &site_lines());
    let out = dir.path().join("out");
    clean(&build(&root, &out, false));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let feed = std::fs::read_to_string(out.join("thay-doi/atom.xml")).unwrap();
    for (what, text) in [("the directory", &home), ("the feed", &feed)] {
        assert!(!text.contains(planted), "{what} holds the agency's markup as markup");
        assert!(text.contains("&lt;script&gt;alert(1)&lt;"), "{what} shows it as text");
    }
}

#[test]
fn the_same_site_listed_under_two_slugs_is_refused() {
    let dir = copy_fixture("portal");
    publish(dir.path(), &at_portal);
    let mut lines = site_lines();
    lines.push("site = \"../published/so-xd\"\nslug = \"so-xd-2\"".to_owned());
    let root = portal_of(dir.path(), "site-portal", &lines);
    let out = dir.path().join("out");
    let outcome = build(&root, &out, true);
    let twice = with_code(&outcome.diagnostics, "portal-agency-twice");
    assert_eq!(twice.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(
        one_line(twice[0]).contains("[so-xd-2]") && one_line(twice[0]).contains("`so-xd`"),
        "{}",
        one_line(twice[0])
    );
    assert_eq!(portal_json(&out)["figures"]["documents"], 10, "counted once");
}
