//! Province portals (issue 9, item 5): a folder whose sotay.toml lists several agencies'
//! manuals builds one site. The fixture `tests/fixtures/portal/` has three agencies: the basic
//! fixture (slug from its folder, `so-thu-nghiem`, with an internal document and a draft), a
//! department that announced conformity (`so-xd`, an explicit slug) and a commune
//! (`xa-an-binh`). Every test builds a private copy, so the fixture is not inside a git work tree.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;
use sotay::model::{Audience, Date};
use sotay::portal::{self, PortalOptions, PortalOutcome, State};
use tempfile::TempDir;

const ORIGIN: &str = "https://iso.mau.example.gov.vn";
const SLUGS: [&str; 3] = ["so-thu-nghiem", "so-xd", "xa-an-binh"];
const QT01: &str = "agencies/so-xay-dung/content/procedures/QT-01.md";

fn portal_copy() -> TempDir {
    copy_fixture("portal")
}

fn portal_options(root: &Path) -> PortalOptions {
    let mut options = PortalOptions::new(root);
    options.date = Date::parse(DATE).unwrap();
    options
}

/// Builds the portal at `root` into `out` (a library call, as `sotay build` makes it).
fn build_into(root: &Path, out: &Path, keep_going: bool) -> PortalOutcome {
    let mut options = portal_options(root);
    options.keep_going = keep_going;
    portal::build(&options, out).unwrap_or_else(|e| panic!("the portal build failed outright: {e}"))
}

/// A clean build: no errors, no warnings, every agency published.
fn clean_build(root: &Path, out: &Path) -> PortalOutcome {
    let outcome = build_into(root, out, false);
    let problems = without_notes(&outcome.diagnostics);
    assert!(problems.is_empty(), "expected a clean portal build, got:\n{}", describe(&problems));
    assert!(outcome.site.is_some());
    outcome
}

fn states(outcome: &PortalOutcome) -> BTreeMap<String, State> {
    outcome.agencies.iter().map(|a| (a.slug.clone(), a.state.clone())).collect()
}

fn read_page(out: &Path, path: &str) -> scraper::Html {
    let text = std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"));
    scraper::Html::parse_document(&text)
}

/// Breaks the department's QT-01 with a misspelt key.
fn break_so_xd(root: &Path) {
    edit(
        root,
        QT01,
        "title = \"Quy trình cấp giấy phép xây dựng\"\n",
        "title = \"Quy trình cấp giấy phép xây dựng\"\ntitel = \"sai\"\n",
    );
}

#[test]
fn the_directory_lists_every_agency_with_its_counts() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let home = read_page(&out, "index.html");
    let rows: Vec<String> =
        home.select(&selector("tr[data-slug]")).map(|tr| tr.value().attr("data-slug").unwrap().to_owned()).collect();
    assert_eq!(rows, SLUGS, "one row per agency, in the order of the portal's sotay.toml");
    // A row's cells, by selector (a `<tr>` cannot be parsed on its own, outside its table).
    let cell = |slug: &str, css: &str| text_of(&home, &format!("tr[data-slug=\"{slug}\"] {css}"));
    let cell_links = |slug: &str, css: &str| links_in(&home, &format!("tr[data-slug=\"{slug}\"] {css}"));
    let expected = [
        ("so-thu-nghiem", "Sở Thử nghiệm tỉnh Mẫu", "4", "1/1", "4", "Chưa công bố"),
        ("so-xd", "Sở Xây dựng tỉnh Mẫu", "4", "1/2", "2", "88/QĐ-SXD 20/05/2026"),
        ("xa-an-binh", "Ủy ban nhân dân xã An Bình", "2", "1/1", "0", "Chưa công bố"),
    ];
    for (slug, name, documents, procedures, revised, announcement) in expected {
        assert_eq!(cell_links(slug, "th"), vec![(format!("/{slug}/"), name.to_owned())], "{slug}: its name links home");
        assert_eq!(cell(slug, "td"), "Ủy ban nhân dân tỉnh Mẫu", "{slug}: parent");
        assert_eq!(cell(slug, ".count-documents"), documents, "{slug}: published controlled documents");
        assert_eq!(cell(slug, ".count-procedures"), procedures, "{slug}: procedures with a TTHC code");
        assert_eq!(cell(slug, ".count-revised"), revised, "{slug}: documents revised in 2026");
        assert_eq!(cell(slug, ".announcement"), announcement, "{slug}: announcement");
    }
    assert_eq!(
        cell_links("so-xd", ".announcement"),
        vec![("/so-xd/cong-bo/qd-cb-2026/".to_owned(), "88/QĐ-SXD".to_owned())]
    );
}

#[test]
fn the_aggregated_figures_are_exact() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let home = read_page(&out, "index.html");
    assert_eq!(text_of(&home, "#so-lieu-cong-bo dd"), "1/3", "one of three agencies announced conformity");
    assert_eq!(text_of(&home, "#so-lieu-tai-lieu dd"), "10");
    assert_eq!(text_of(&home, "#so-lieu-quy-trinh dd"), "3/4");
    assert_eq!(text_of(&home, "#so-lieu-sua-doi dt"), "Tài liệu sửa đổi, ban hành năm 2026");
    assert_eq!(text_of(&home, "#so-lieu-sua-doi dd"), "6", "4 of so-thu-nghiem, 2 of so-xd, none of the commune");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("api/portal.json")).unwrap()).unwrap();
    let figures = &json["figures"];
    assert_eq!(
        (figures["agencies"].as_u64(), figures["announced"].as_u64(), figures["documents"].as_u64()),
        (Some(3), Some(1), Some(10))
    );
    assert_eq!(
        (
            figures["procedures"].as_u64(),
            figures["procedures_with_tthc"].as_u64(),
            figures["revised_this_year"].as_u64()
        ),
        (Some(4), Some(3), Some(6))
    );
    assert_eq!(json["agencies"][1]["summary"]["announcement"]["decision"], "88/QĐ-SXD");
    // "This year" is the build date's: a build dated 2027 counts nothing revised.
    let mut options = portal_options(dir.path());
    options.date = Date::parse("2027-01-10").unwrap();
    let site = portal::run(&options, None).unwrap().site.unwrap();
    let json: serde_json::Value = serde_json::from_str(site.text("api/portal.json").unwrap()).unwrap();
    assert_eq!(json["figures"]["revised_this_year"].as_u64(), Some(0));
}

/// Every root-relative or same-origin link and resource of every page of the output `files`,
/// published under the path `base` (`/`, `/cong-iso/`), must exist in it; an agency's pages
/// link only inside its own folder; nothing names an agency's own host (its sotay.toml's
/// base_url, which the portal replaces). Returns how many links were checked.
fn assert_links_resolve(files: &BTreeMap<String, Vec<u8>>, base: &str) -> usize {
    let attributes = [("a[href]", "href"), ("link[href]", "href"), ("script[src]", "src"), ("img[src]", "src")];
    let mut checked = 0;
    for (path, bytes) in files {
        for own_host in ["so-thu-nghiem.example.gov.vn", "so-xay-dung.example.gov.vn"] {
            assert!(!contains_bytes(bytes, own_host), "{path} names the agency's own address {own_host}");
        }
        if !path.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let agency = SLUGS.iter().find(|s| path.starts_with(&format!("{s}/")));
        for (css, attribute) in attributes {
            for element in html.select(&selector(css)) {
                let link = element.value().attr(attribute).unwrap();
                let Some(target) = link.strip_prefix(ORIGIN).or_else(|| link.strip_prefix('/').map(|_| link)) else {
                    continue;
                };
                let Some(inside) = target.strip_prefix(base) else {
                    panic!("{path}: {link} is outside the portal's path {base}");
                };
                if let Some(slug) = agency {
                    assert!(inside.starts_with(&format!("{slug}/")), "{path}: {link} leaves the agency's folder");
                }
                let inside = inside.split(['#', '?']).next().unwrap();
                let decoded = percent_encoding::percent_decode_str(inside).decode_utf8().unwrap().into_owned();
                let file =
                    if decoded.is_empty() || decoded.ends_with('/') { format!("{decoded}index.html") } else { decoded };
                assert!(files.contains_key(&file), "{path} links to {link}, which the portal does not publish");
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn each_agency_is_published_under_its_slug_and_every_internal_link_resolves() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let files = read_tree(&out);
    for slug in SLUGS {
        for page in ["index.html", "tim-kiem/index.html", "thay-doi/index.html", "api/index.json"] {
            assert!(files.contains_key(&format!("{slug}/{page}")), "{slug}/{page} is published");
        }
    }
    assert!(files.contains_key("so-thu-nghiem/quy-trinh/qt-07/index.html"));
    assert!(files.contains_key("so-thu-nghiem/bieu-mau/bm-07-01/BM-07-01.pdf"));
    assert!(files.contains_key("so-xd/quy-trinh/qt-01/index.html"));
    assert!(files.contains_key("xa-an-binh/quy-trinh/qt-05/index.html"));
    let checked = assert_links_resolve(&files, "/");
    assert!(checked > 300, "the check saw the links ({checked})");
}

#[test]
fn under_a_sub_path_every_link_still_resolves() {
    let dir = portal_copy();
    let mut options = portal_options(dir.path());
    options.base_url = Some(format!("{ORIGIN}/cong-iso/"));
    let site = portal::run(&options, None).unwrap().site.unwrap();
    let files = all_bytes(&site);
    let checked = assert_links_resolve(&files, "/cong-iso/");
    assert!(checked > 300, "the check saw the links ({checked})");
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains(&format!("<loc>{ORIGIN}/cong-iso/so-xd/sitemap.xml</loc>")), "{sitemap}");
}

#[test]
fn one_search_index_covers_every_agency_and_names_it() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let script = std::fs::read_to_string(out.join("tim-kiem/index.js")).unwrap();
    let json = script.strip_prefix("window.SOTAY_SEARCH_INDEX = ").unwrap().trim_end().strip_suffix(';').unwrap();
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = index["docs"].as_array().unwrap();
    let names =
        [("so-thu-nghiem", "Sở Thử nghiệm"), ("so-xd", "Sở Xây dựng"), ("xa-an-binh", "Ủy ban nhân dân xã An Bình")];
    for (slug, name) in names {
        let own = std::fs::read_to_string(out.join(slug).join("tim-kiem/index.js")).unwrap();
        let own_count = own.matches("\"u\":").count();
        let entries: Vec<&serde_json::Value> = docs.iter().filter(|d| d["p"] == slug).collect();
        assert_eq!(entries.len(), own_count, "{slug}: every entry of its own index, once");
        for entry in entries {
            assert_eq!(entry["a"], name, "{slug}: each entry names its agency");
            let page = entry["u"].as_str().unwrap();
            assert!(page.starts_with(&format!("{slug}/")), "{page}");
            assert!(out.join(page).join("index.html").is_file(), "{page} exists");
        }
    }
    // The TTHC code is one of the entry's searched texts, field 2 (render::search::docs::Field).
    let tthc = serde_json::json!([2, "1.009972"]);
    assert!(docs
        .iter()
        .any(|d| d["c"] == "QT-01" && d["x"].as_array().is_some_and(|x| x.contains(&tthc)) && d["p"] == "so-xd"));
    let page = read_page(&out, "tim-kiem/index.html");
    let form = page.select(&selector("form#tim-kiem-form")).next().expect("the portal's search form");
    assert_eq!(form.value().attr("data-index"), Some("index.js"));
    let script = page.select(&selector("script[src]")).next().unwrap().value().attr("src").unwrap();
    assert!(script.starts_with("/assets/search.") && out.join(&script[1..]).is_file(), "{script}");
    assert_eq!(
        links_in(&read_page(&out, "index.html"), ".search-link"),
        vec![("/tim-kiem/".into(), "Tìm kiếm trên mọi cơ quan".into())]
    );
}

fn feed_entries(xml: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("the feed does not parse: {e}"));
    fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
        node.children().find(|c| c.has_tag_name(name)).unwrap_or_else(|| panic!("no <{name}>"))
    }
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let author = child(child(e, "author"), "name").text().unwrap().to_owned();
            (child(e, "id").text().unwrap().to_owned(), child(e, "updated").text().unwrap().to_owned(), author)
        })
        .collect()
}

#[test]
fn the_feed_has_every_agencys_changes_newest_first_with_stable_ids() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let xml = std::fs::read_to_string(out.join("thay-doi/atom.xml")).unwrap();
    let entries = feed_entries(&xml);
    assert_eq!(entries.len(), 11, "one entry per issued revision of a published document: 4 + 5 + 2");
    let authors: BTreeSet<&str> = entries.iter().map(|(_, _, a)| a.as_str()).collect();
    assert_eq!(authors.len(), 3, "entries of every agency: {authors:?}");
    let dates: Vec<&str> = entries.iter().map(|(_, d, _)| d.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(entries[0].0, "tag:iso.mau.example.gov.vn,2014:so-xd/cong-bo/qd-cb-2026/lan-01");
    assert_eq!(entries[0].2, "Sở Xây dựng tỉnh Mẫu");
    let ids: BTreeSet<&str> = entries.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    assert!(xml.contains("<title>Sở Xây dựng: QT-01 Quy trình cấp giấy phép xây dựng – lần 2</title>"), "{xml}");
    // Ids depend on neither the order of the agencies nor the run.
    edit(dir.path(), "sotay.toml", "[[portal.agencies]]\npath = \"agencies/so-thu-nghiem\"\n\n", "");
    std::fs::write(
        dir.path().join("sotay.toml"),
        std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap()
            + "\n[[portal.agencies]]\npath = \"agencies/so-thu-nghiem\"\n",
    )
    .unwrap();
    let again = portal::run(&portal_options(dir.path()), None).unwrap();
    assert_eq!(again.agencies[2].slug, "so-thu-nghiem", "the order changed");
    let reordered = feed_entries(again.site.unwrap().text("thay-doi/atom.xml").unwrap());
    let reordered_ids: BTreeSet<&str> = reordered.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(reordered_ids, ids);
}

#[test]
fn a_public_portal_publishes_only_public_content() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    for (path, bytes) in read_tree(&out) {
        for marker in [CANARY, DRAFT_MARKER] {
            assert!(!contains_bytes(&bytes, marker), "{path} of a public portal holds {marker}");
        }
    }
    // The markers are there to be found: an internal portal shows them.
    let mut options = portal_options(dir.path());
    options.audience = Audience::Internal;
    let site = portal::run(&options, None).unwrap().site.unwrap();
    let all = all_bytes(&site);
    assert!(all.values().any(|b| contains_bytes(b, CANARY)) && all.values().any(|b| contains_bytes(b, DRAFT_MARKER)));
    assert!(contains_bytes(&all["tim-kiem/index.js"], CANARY), "the internal portal's search has internal documents");
}

#[test]
fn a_broken_agency_is_named_and_without_keep_going_nothing_is_written() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let before = read_tree(&out);
    break_so_xd(dir.path());
    let outcome = build_into(dir.path(), &out, false);
    assert!(outcome.site.is_none() && outcome.failed(false));
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!(file_of(errors[0]), QT01, "the path names the agency's folder");
    assert!(
        errors[0].message.vi.starts_with("[so-xd] ") && errors[0].message.en.starts_with("[so-xd] "),
        "{:?}",
        errors[0].message
    );
    let text = std::fs::read_to_string(dir.path().join(QT01)).unwrap();
    assert_eq!((errors[0].loc.line, errors[0].loc.column), position(&text, "titel"));
    assert_eq!(
        states(&outcome)["so-xd"],
        State::Failed { kept: Some(Date::parse(DATE).unwrap()) },
        "it would keep its previous pages with --keep-going"
    );
    assert_same_files(&before, &read_tree(&out), "a failed portal build leaves the previous output untouched");

    // The same through the binary: exit 1, the problem quoted with its portal-relative path.
    let run = sotay_run(&["build", dir.path().to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", DATE]);
    assert_eq!(exit_code(&run), 1, "{}", show(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains(&format!("{QT01}:{}", errors[0].loc.line)), "{stderr}");
    assert!(
        stderr.contains("[so-xd] không có trường `titel`") && stderr.contains("không dựng được: so-xd"),
        "{stderr}"
    );
    assert!(stderr.contains("giữ nguyên"), "{stderr}");
    assert_same_files(&before, &read_tree(&out), "the binary's failed build leaves it untouched too");
}

#[test]
fn with_keep_going_the_others_are_published_and_the_broken_one_is_listed_as_failed() {
    let dir = portal_copy();
    break_so_xd(dir.path());
    let out = dir.path().join("site");
    let run = sotay_run(&[
        "build",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        DATE,
        "--keep-going",
    ]);
    assert_eq!(exit_code(&run), 1, "a portal with a failed agency still fails the run: {}", show(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("Đã dựng cổng, có cơ quan lỗi") && stderr.contains("không dựng được: so-xd"), "{stderr}");
    assert!(out.join("so-thu-nghiem/index.html").is_file() && out.join("xa-an-binh/index.html").is_file());
    assert!(!out.join("so-xd").exists(), "no pages for an agency that never built");
    let home = read_page(&out, "index.html");
    let failed = "tr[data-slug=\"so-xd\"][data-status=\"failed\"]";
    assert_eq!(text_of(&home, &format!("{failed} th .badge-failed")), "Lỗi: chưa xây dựng được trang");
    assert!(text_of(&home, &format!("{failed} th")).starts_with("so-xd"), "named by its slug");
    assert!(links_in(&home, "tr[data-slug=\"so-xd\"]").is_empty(), "nothing to link to");
    assert_eq!(text_of(&home, "#so-lieu-cong-bo dd"), "0/3", "the failed agency's announcement is not counted");
    assert_eq!(text_of(&home, "#so-lieu-loi dd"), "1");
}

#[test]
fn with_keep_going_a_broken_agency_keeps_its_previous_pages() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let before = read_tree(&out);
    break_so_xd(dir.path());
    let outcome = build_into(dir.path(), &out, true);
    assert!(outcome.failed(false) && outcome.site.is_some());
    assert_eq!(states(&outcome)["so-xd"], State::Failed { kept: Some(Date::parse(DATE).unwrap()) });
    let after = read_tree(&out);
    let of = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        files.iter().filter(|(p, _)| p.starts_with("so-xd/")).map(|(p, b)| (p.clone(), b.clone())).collect()
    };
    assert_same_files(&of(&before), &of(&after), "the last good pages of so-xd stay published");
    let home = read_page(&out, "index.html");
    let failed = "tr[data-slug=\"so-xd\"][data-status=\"failed\"] th";
    assert_eq!(links_in(&home, failed), vec![("/so-xd/".to_owned(), "Sở Xây dựng tỉnh Mẫu".to_owned())]);
    assert_eq!(
        text_of(&home, &format!("{failed} .badge-failed")),
        "Lỗi khi xây dựng: đang hiển thị bản ngày 22/11/2026"
    );
}

#[test]
fn an_unchanged_agency_is_reused_and_the_result_equals_a_fresh_build() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    let first = clean_build(dir.path(), &out);
    assert!(first.agencies.iter().all(|a| a.state == State::Rendered));
    edit(
        dir.path(),
        "agencies/xa-an-binh/content/procedures/QT-05.md",
        "Chứng thực bản sao theo",
        "Chứng thực bản sao, theo",
    );
    let second = clean_build(dir.path(), &out);
    let expected: BTreeMap<String, State> = [
        ("so-thu-nghiem".to_owned(), State::Reused),
        ("so-xd".to_owned(), State::Reused),
        ("xa-an-binh".to_owned(), State::Rendered),
    ]
    .into();
    assert_eq!(states(&second), expected);
    assert_eq!(second.agencies[0].documents, 0, "a reused agency is loaded to compute its digests, not parsed");
    let fresh = dir.path().join("fresh");
    let third = clean_build(dir.path(), &fresh);
    assert!(third.agencies.iter().all(|a| a.state == State::Rendered), "nothing to reuse in a new folder");
    assert_same_files(&read_tree(&out), &read_tree(&fresh), "reused agencies give the bytes of a fresh build");
    assert!(contains_bytes(
        &std::fs::read(out.join("xa-an-binh/quy-trinh/qt-05/index.html")).unwrap(),
        "Chứng thực bản sao, theo"
    ));
    // The summary of `sotay build` says what was reused. (Another binary renders every agency
    // again: the binary is part of the fingerprint, so the first run renders.)
    let cli = dir.path().join("cli");
    let args = ["build", dir.path().to_str().unwrap(), "--out", cli.to_str().unwrap(), "--date", DATE];
    for summary in ["3 cơ quan (3 dựng lại, 0 dùng lại, 0 lỗi)", "3 cơ quan (0 dựng lại, 3 dùng lại, 0 lỗi)"]
    {
        let run = sotay_run(&args);
        assert_eq!(exit_code(&run), 0, "{}", show(&run));
        assert!(String::from_utf8_lossy(&run.stderr).contains(summary), "{}", show(&run));
    }
}

#[test]
fn reused_pages_come_from_the_previous_output_and_a_change_renders_them_again() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    // Marks a page of the previous output: a reused agency's page keeps the mark, which only
    // taking the file (not rendering it) can explain.
    let page = out.join("so-xd/index.html");
    let marked = std::fs::read_to_string(&page).unwrap() + "<!-- REUSED-MARK -->\n";
    std::fs::write(&page, marked).unwrap();
    #[cfg(unix)]
    let inode = |path: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap());
    #[cfg(unix)]
    let before = inode(&page);
    let second = clean_build(dir.path(), &out);
    assert_eq!(states(&second)["so-xd"], State::Reused);
    assert!(std::fs::read_to_string(&page).unwrap().contains("REUSED-MARK"));
    #[cfg(unix)]
    assert_eq!(inode(&page), before, "a reused file is linked into the new output, not copied");
    // Any change the agency's pages depend on renders it again: its sources, the build date,
    // the audience.
    edit(dir.path(), QT01, "Quy định việc cấp giấy phép xây dựng", "Quy định trình tự cấp giấy phép xây dựng");
    let third = clean_build(dir.path(), &out);
    assert_eq!(states(&third)["so-xd"], State::Rendered);
    assert_eq!(states(&third)["xa-an-binh"], State::Reused);
    assert!(!std::fs::read_to_string(&page).unwrap().contains("REUSED-MARK"));
    // A symbolic link in the output is not what a build leaves there: that agency is rendered.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/hostname", out.join("xa-an-binh/planted.txt")).unwrap();
        let linked = clean_build(dir.path(), &out);
        assert_eq!(states(&linked)["xa-an-binh"], State::Rendered);
        assert!(!out.join("xa-an-binh/planted.txt").exists());
    }
    let mut options = portal_options(dir.path());
    options.date = Date::parse("2026-11-23").unwrap();
    let later = portal::build(&options, &out).unwrap();
    assert!(later.agencies.iter().all(|a| a.state == State::Rendered), "a new build date renders every agency");
}

#[test]
fn two_portal_builds_give_the_same_bytes_whatever_the_threads() {
    let dir = portal_copy();
    let build_with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| all_bytes(&portal::run(&portal_options(dir.path()), None).unwrap().site.unwrap()))
    };
    let one = build_with(1);
    let many = build_with(4);
    assert!(one.len() > 80, "{} files", one.len());
    assert_same_files(&one, &many, "one thread and four");
}

#[test]
fn problems_in_the_portals_sotay_toml_are_located_and_reported_together() {
    let dir = portal_copy();
    std::fs::create_dir_all(dir.path().join("agencies/empty")).unwrap();
    let config = "[portal]\ntitle = \"Cổng\"\n\n[[portal.agencies]]\npath = \"agencies/khong-co\"\n\n[[portal.agencies]]\npath = \"agencies/empty\"\n\n[[portal.agencies]]\npath = \"agencies/so-xay-dung\"\nslug = \"xa-an-binh\"\n\n[[portal.agencies]]\npath = \"agencies/xa-an-binh\"\n\n[[portal.agencies]]\npath = \"agencies/so-thu-nghiem\"\nslug = \"Sở\"\n";
    write(dir.path(), "sotay.toml", config);
    let outcome = portal::run(&portal_options(dir.path()), None).unwrap();
    assert!(outcome.site.is_none());
    let found: Vec<(&str, u32, u32)> = outcome
        .diagnostics
        .iter()
        .filter(|d| file_of(d) == "sotay.toml")
        .map(|d| (d.code, d.loc.line, d.loc.column))
        .collect();
    let at = |needle: &str| position(config, needle);
    let expected = vec![
        ("portal-agency-missing", at("\"agencies/khong-co\"").0, at("\"agencies/khong-co\"").1),
        ("portal-agency-not-a-manual", at("\"agencies/empty\"").0, at("\"agencies/empty\"").1),
        ("portal-invalid-slug", at("\"Sở\"").0, at("\"Sở\"").1),
        ("portal-duplicate-slug", at("path = \"agencies/xa-an-binh\"").0, 8),
    ];
    let mut expected = expected;
    expected.sort_by_key(|(_, line, _)| *line);
    assert_eq!(found, expected, "{}", describe(&outcome.diagnostics));
    // A misspelt key gets a hint, at its place.
    write(dir.path(), "sotay.toml", "[portal]\ntitel = \"Cổng\"\n");
    let outcome = portal::run(&portal_options(dir.path()), None).unwrap();
    let d = outcome.diagnostics.iter().next().unwrap();
    assert_eq!((d.code, d.loc.line, d.loc.column), ("unknown-key", 2, 1));
    assert!(d.help.as_ref().map(|h| h.vi.as_str()).unwrap_or_default().contains("có phải ý bạn là `title`"), "{d}");
    // A portal with a TOML syntax error is still taken for a portal, and the error located.
    write(dir.path(), "sotay.toml", "[portal]\ntitle = \"Cổng\n");
    assert!(portal::is_portal(dir.path()));
    let outcome = portal::run(&portal_options(dir.path()), None).unwrap();
    let d = outcome.diagnostics.iter().next().unwrap();
    assert_eq!((file_of(d).as_str(), d.loc.line), ("sotay.toml", 2), "{d}");
}

#[test]
fn sotay_check_checks_every_agency_of_a_portal() {
    let dir = portal_copy();
    let ok = sotay_run(&["check", dir.path().to_str().unwrap(), "--date", DATE]);
    assert_eq!(exit_code(&ok), 0, "{}", show(&ok));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("Đã kiểm tra 3 cơ quan (13 tài liệu)"), "{}", show(&ok));
    assert!(!dir.path().join("public").exists(), "check writes nothing");
    break_so_xd(dir.path());
    let json = sotay_run(&["check", dir.path().to_str().unwrap(), "--date", DATE, "--format", "json"]);
    assert_eq!(exit_code(&json), 1, "{}", show(&json));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let errors: Vec<&serde_json::Value> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["file"], QT01);
    assert_eq!(report["agencies"][1]["failed"], true);
    // --keep-going means nothing for a single manual, and says so.
    let manual = dir.path().join("agencies/xa-an-binh");
    let usage = sotay_run(&[
        "build",
        manual.to_str().unwrap(),
        "--keep-going",
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(exit_code(&usage), 2, "{}", show(&usage));
    // A portal cannot be previewed as one manual, and says so instead of a config error.
    let serve = sotay_run(&["serve", dir.path().to_str().unwrap(), "--port", "0"]);
    assert_eq!(exit_code(&serve), 2, "{}", show(&serve));
    assert!(String::from_utf8_lossy(&serve.stderr).contains("là cổng thông tin"), "{}", show(&serve));
}

#[test]
fn an_agency_with_warnings_is_checked_again_every_build_and_strict_fails_it() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    let commune = "agencies/xa-an-binh/content/procedures/QT-05.md";
    edit(dir.path(), commune, "prepared = { name = \"Lê Thị E\", title = \"Chuyên viên\", date = 2025-06-01 }\n", "");
    for _ in 0..2 {
        let outcome = build_into(dir.path(), &out, false);
        assert!(outcome.site.is_some() && !outcome.failed(false));
        let warnings: Vec<_> = with_code(&outcome.diagnostics, "missing-signoff");
        assert_eq!(warnings.len(), 1, "the warning is reported by every build: {}", describe(&outcome.diagnostics));
        assert_eq!(file_of(warnings[0]), commune);
        assert_eq!(states(&outcome)["xa-an-binh"], State::Rendered, "an agency with warnings is never reused");
    }
    let mut options = portal_options(dir.path());
    options.strict = true;
    let strict = portal::build(&options, &out).unwrap();
    assert!(strict.failed(true) && strict.site.is_none());
    assert!(matches!(states(&strict)["xa-an-binh"], State::Failed { .. }));
}

#[test]
fn a_new_commit_in_an_agencys_repository_renders_it_again() {
    let dir = portal_copy();
    let out = dir.path().join("site");
    let commune = dir.path().join("agencies/xa-an-binh");
    git_init(&commune);
    git_commit_all(&commune, "Ban hành", "2026-01-15T09:00:00+07:00");
    clean_build(dir.path(), &out);
    assert_eq!(states(&clean_build(dir.path(), &out))["xa-an-binh"], State::Reused);
    // No file changes, but the history the pages show (and HEAD) does.
    git_commit_all(&commune, "Không đổi nội dung", "2026-02-01T09:00:00+07:00");
    let after = clean_build(dir.path(), &out);
    assert_eq!(states(&after)["xa-an-binh"], State::Rendered);
    assert_eq!(states(&after)["so-xd"], State::Reused);
}

/// Each agency that publishes its TTHC coverage report shows it in its row; when all do, the
/// portal sums them.
#[test]
fn the_tthc_coverage_each_agency_publishes_is_shown_and_summed() {
    let dir = portal_copy();
    let catalogues = [
        ("so-thu-nghiem", "1.009999,Thủ tục A\n1.000001,Thủ tục B\n"),
        ("so-xay-dung", "1.009972,Cấp giấy phép xây dựng\n"),
        ("xa-an-binh", "2.000815,Thủ tục C\n2.000816,Thủ tục D\n2.000817,Thủ tục E\n"),
    ];
    for (folder, rows) in catalogues {
        let agency = dir.path().join("agencies").join(folder);
        write(&agency, "catalog/tthc.csv", format!("Mã thủ tục,Tên thủ tục\n{rows}"));
        let config = std::fs::read_to_string(agency.join("sotay.toml")).unwrap();
        write(&agency, "sotay.toml", format!("{config}\n[reports]\npublic_coverage = true\n"));
    }
    let out = dir.path().join("site");
    clean_build(dir.path(), &out);
    let home = read_page(&out, "index.html");
    assert_eq!(text_of(&home, "#so-lieu-bao-phu dd"), "3/6");
    let rows = texts_of(&home, "td.count-procedures");
    assert!(
        rows[0].ends_with("1/2 TTHC") && rows[1].ends_with("1/1 TTHC") && rows[2].ends_with("1/3 TTHC"),
        "{rows:?}"
    );
}
