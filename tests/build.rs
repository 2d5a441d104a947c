//! The basic fixture builds cleanly into the pages, JSON, sitemap and robots.txt a reader and a
//! crawler expect, with procedures, forms and `[[…]]` links rendered as they should be.

mod common;

use common::*;
use sotay::render::{Output, Site};

fn basic_site() -> Site {
    clean_site(run_public(&fixture("basic")))
}

#[test]
fn the_basic_fixture_builds_without_a_single_diagnostic() {
    let outcome = run_public(&fixture("basic"));
    assert!(outcome.diagnostics.is_empty(), "diagnostics:\n{}", describe(&outcome.diagnostics));
    assert!(!outcome.failed(true), "a clean run must not fail even with --strict");
    assert_eq!(outcome.documents, 7, "the fixture has 7 documents");
    assert_eq!(outcome.published, 5, "the internal form and the draft are not published");
    assert!(outcome.site.is_some());
}

#[test]
fn every_published_document_and_section_has_its_page() {
    let site = basic_site();
    for path in [
        "index.html",
        "404.html",
        "so-tay/index.html",
        "so-tay/stcl/index.html",
        "chinh-sach/index.html",
        "chinh-sach/cscl/index.html",
        "quy-trinh/index.html",
        "quy-trinh/qt-07/index.html",
        "bieu-mau/index.html",
        "bieu-mau/bm-07-01/index.html",
        "bieu-mau/bm-07-01/BM-07-01.pdf",
        "trang/lien-he/index.html",
        "van-ban/index.html",
        "van-ban/19-2014-qd-ttg/index.html",
        "van-ban/12-2026-qd-ubnd/index.html",
        "api/index.json",
        "api/quy-trinh/qt-07.json",
        "api/bieu-mau/bm-07-01.json",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(
            site.files.contains_key(path),
            "missing {path}; the site has {:#?}",
            site.files.keys().collect::<Vec<_>>()
        );
    }
    let css: Vec<&String> =
        site.files.keys().filter(|p| p.starts_with("assets/style.") && p.ends_with(".css")).collect();
    assert_eq!(css.len(), 1, "one hashed stylesheet, got {css:?}");
    let home = page(&site, "index.html");
    let stylesheet = home.select(&selector("link[rel=stylesheet]")).next().expect("a stylesheet link");
    assert_eq!(stylesheet.value().attr("href"), Some(format!("/{}", css[0]).as_str()));
    assert_eq!(text_of(&page(&site, "quy-trinh/qt-07/index.html"), "h1"), "QT-07 Quy trình cấp giấy phép thử nghiệm");
}

#[test]
fn the_procedure_page_shows_its_steps_in_order_with_unit_and_time() {
    let site = basic_site();
    let html = page(&site, "quy-trinh/qt-07/index.html");
    // Issue 18: the office's steps are the step table (5.7), not the applicant's "Trình tự".
    let steps = texts_of(&html, "#quy-trinh-xu-ly table.step-table tbody tr");
    assert_eq!(steps.len(), 3, "{steps:#?}");
    let expected = [
        ("Tiếp nhận và kiểm tra hồ sơ", "Bộ phận Một cửa", "0,5 ngày làm việc"),
        ("Thẩm định hồ sơ, dự thảo giấy phép", "Văn phòng Sở", "8 ngày làm việc"),
        ("Trả kết quả cho tổ chức", "Bộ phận Một cửa", "1 ngày làm việc"),
    ];
    for (step, (task, unit, time)) in steps.iter().zip(expected) {
        assert!(step.contains(task) && step.contains(unit) && step.contains(time), "step `{step}`");
    }
    // Issue 18: the office's steps are the step table's rows, each an anchor #buoc-N.
    let ids: Vec<&str> =
        html.select(&selector("table.step-table tbody tr")).filter_map(|tr| tr.value().attr("id")).collect();
    assert_eq!(ids, ["buoc-1", "buoc-2", "buoc-3"], "steps are anchors #buoc-N");
    assert!(text_of(&html, "#tom-tat").contains("1.009999"), "the TTHC code is in the summary");
}

#[test]
fn the_procedure_page_lists_each_method_with_time_limit_and_fee() {
    let site = basic_site();
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let rows = texts_of(&html, "table.methods tbody tr");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    for wanted in ["Trực tiếp", "10 ngày làm việc", "150.000 đồng", "Lệ phí cấp giấy phép"] {
        assert!(rows[0].contains(wanted), "in-person row `{}` lacks `{wanted}`", rows[0]);
    }
    for wanted in ["Trực tuyến", "10 ngày làm việc", "Không thu phí"] {
        assert!(rows[1].contains(wanted), "online row `{}` lacks `{wanted}`", rows[1]);
    }
}

#[test]
fn the_procedure_page_lists_the_dossier_and_links_the_form_page() {
    let site = basic_site();
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let rows: Vec<_> = html.select(&selector("table.checklist tbody tr")).collect();
    assert_eq!(rows.len(), 2);
    let first = squash(&rows[0].text().collect::<String>());
    assert!(first.contains("Đơn đề nghị cấp giấy phép thử nghiệm"), "{first}");
    let form_link: Vec<&str> = rows[0].select(&selector("a[href]")).map(|a| a.value().attr("href").unwrap()).collect();
    assert_eq!(form_link[0], "/bieu-mau/bm-07-01/", "the dossier item links its form");
    // Issue 18: and offers its file to download ("Tải mẫu đơn").
    assert_eq!(form_link.len(), 2, "{form_link:?}");
    assert!(form_link[1].starts_with("/bieu-mau/bm-07-01/") && form_link[1].ends_with(".pdf"), "{form_link:?}");
    let second = squash(&rows[1].text().collect::<String>());
    assert!(second.contains("Bản sao quyết định thành lập tổ chức"), "{second}");
    assert_eq!(rows[1].select(&selector("a")).count(), 0, "an item without a form has no link");

    // The step that uses the form links it too, and the forms section lists it once.
    let step_row = html.select(&selector("table.step-table tbody tr")).next().expect("a step table");
    let step_links: Vec<&str> =
        step_row.select(&selector("a[href]")).map(|a| a.value().attr("href").unwrap()).collect();
    assert!(step_links.contains(&"/bieu-mau/bm-07-01/"), "{step_links:?}");
    let forms = texts_of(&html, "#bieu-mau ul.forms > li > a");
    assert_eq!(forms, ["BM-07-01 Đơn đề nghị cấp giấy phép thử nghiệm"]);
    assert!(site.files.contains_key("bieu-mau/bm-07-01/index.html"), "the link's target exists");
}

#[test]
fn the_procedure_page_links_its_legal_basis_to_registry_pages() {
    let site = basic_site();
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let cites: Vec<(String, String)> =
        links(&html).into_iter().filter(|(href, _)| href.starts_with("/van-ban/")).collect();
    assert!(cites.contains(&("/van-ban/12-2026-qd-ubnd/".into(), "12/2026/QĐ-UBND".into())), "{cites:?}");
    assert!(cites.contains(&("/van-ban/19-2014-qd-ttg/".into(), "19/2014/QĐ-TTg".into())), "{cites:?}");
    assert!(text_of(&html, "#can-cu-phap-ly").contains("Điều 2 Quyết định số"), "the provision is cited");
}

#[test]
fn the_form_page_links_its_attachment_with_format_and_size() {
    let site = basic_site();
    let pdf = fixture("basic").join("content/forms/BM-07-01.pdf");
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 1024, "the fixture's PDF is tiny, so its size prints in bytes");
    let html = page(&site, "bieu-mau/bm-07-01/index.html");
    let download = html.select(&selector("a.download")).next().expect("a download link");
    assert_eq!(download.value().attr("href"), Some("/bieu-mau/bm-07-01/BM-07-01.pdf"));
    let label = squash(&download.text().collect::<String>());
    assert!(label.contains("BM-07-01.pdf"), "{label}");
    assert!(label.contains("PDF"), "the format is shown: {label}");
    assert!(label.contains(&format!("{size} B")), "the size is shown: {label}");
    match site.files.get("bieu-mau/bm-07-01/BM-07-01.pdf") {
        Some(Output::Copy(source)) => assert_eq!(std::fs::read(source).unwrap(), std::fs::read(&pdf).unwrap()),
        other => panic!("the attachment is published as a copy of the file, got {other:?}"),
    }
}

#[test]
fn the_form_page_lists_the_procedure_step_that_uses_it() {
    let site = basic_site();
    let html = page(&site, "bieu-mau/bm-07-01/index.html");
    let used = links(&within(&html, "#duoc-su-dung-trong"));
    assert!(
        used.contains(&("/quy-trinh/qt-07/".into(), "QT-07 Quy trình cấp giấy phép thử nghiệm".into())),
        "{used:?}"
    );
    assert!(used.contains(&("/quy-trinh/qt-07/#buoc-1".into(), "Bước 1".into())), "{used:?}");
    assert_eq!(used.len(), 2, "only step 1 uses the form: {used:?}");
}

#[test]
fn a_wiki_link_renders_as_a_link_whose_text_is_the_target_title() {
    let site = basic_site();
    let manual = page(&site, "so-tay/stcl/index.html");
    let prose = links(&within(&manual, ".prose"));
    assert!(prose.contains(&("/chinh-sach/cscl/".into(), "Chính sách chất lượng".into())), "{prose:?}");
    assert!(prose.contains(&("/quy-trinh/qt-07/".into(), "Quy trình cấp giấy phép thử nghiệm".into())), "{prose:?}");

    let procedure = page(&site, "quy-trinh/qt-07/index.html");
    let prose = links(&within(&procedure, ".prose"));
    assert!(prose.contains(&("/so-tay/stcl/".into(), "Sổ tay chất lượng".into())), "{prose:?}");
    // `[[CODE|text]]` keeps its own text.
    assert!(prose.contains(&("/bieu-mau/bm-07-01/".into(), "mẫu đơn".into())), "{prose:?}");
    assert!(!text_of(&procedure, ".prose").contains("[["), "no brackets are left in the text");
}

fn sitemap_locs(site: &Site) -> Vec<String> {
    let xml = text(site, "sitemap.xml");
    assert!(xml.starts_with("<?xml"), "{xml}");
    xml.split("<loc>").skip(1).map(|rest| rest.split("</loc>").next().unwrap().to_owned()).collect()
}

#[test]
fn the_sitemap_lists_every_published_document_and_not_the_404_page() {
    let mut options = options(&fixture("basic"));
    options.base_url = Some("https://thu-nghiem.example.gov.vn/".into());
    let site = clean_site(run(&options));
    let locs = sitemap_locs(&site);
    for path in
        ["", "so-tay/stcl/", "chinh-sach/cscl/", "quy-trinh/qt-07/", "bieu-mau/bm-07-01/", "van-ban/19-2014-qd-ttg/"]
    {
        let url = format!("https://thu-nghiem.example.gov.vn/{path}");
        assert!(locs.contains(&url), "the sitemap lacks {url}: {locs:#?}");
    }
    assert!(!locs.iter().any(|l| l.contains("404")), "{locs:#?}");
    assert!(!locs.iter().any(|l| l.ends_with(".json") || l.ends_with(".pdf")), "{locs:#?}");
    for loc in &locs {
        let path = loc.strip_prefix("https://thu-nghiem.example.gov.vn/").expect("absolute URLs");
        let file = format!("{path}index.html");
        assert!(site.files.contains_key(&file), "{loc} is listed but {file} is not in the site");
    }
}

#[test]
fn robots_txt_allows_crawling_and_names_the_sitemap() {
    let mut options = options(&fixture("basic"));
    options.base_url = Some("https://thu-nghiem.example.gov.vn/".into());
    let site = clean_site(run(&options));
    let robots = text(&site, "robots.txt");
    assert!(robots.lines().any(|l| l == "Sitemap: https://thu-nghiem.example.gov.vn/sitemap.xml"), "{robots}");
    assert!(!robots.contains("Disallow: /"), "a public site is crawlable: {robots}");

    // With base_url = "/" there is no host to make a sitemap's absolute URLs.
    let mut no_host = common::options(&fixture("basic"));
    no_host.base_url = Some("/".into());
    let site = clean_site(run(&no_host));
    let robots = text(&site, "robots.txt");
    assert!(!robots.contains("Sitemap:"), "{robots}");
    assert!(!site.files.contains_key("sitemap.xml"));
}

#[test]

fn a_site_without_a_host_never_publishes_relative_sitemap_urls() {
    let mut options = options(&fixture("basic"));
    options.base_url = Some("/".into());
    let site = clean_site(run(&options));
    let relative = |url: &str| !(url.starts_with("https://") || url.starts_with("http://"));
    if let Some(robots) = site.text("robots.txt") {
        for line in robots.lines().filter(|l| l.starts_with("Sitemap:")) {
            let url = line.trim_start_matches("Sitemap:").trim();
            assert!(!relative(url), "robots.txt names a relative sitemap URL: {line}");
        }
    }
    if site.files.contains_key("sitemap.xml") {
        let locs = sitemap_locs(&site);
        let bad: Vec<&String> = locs.iter().filter(|l| relative(l)).collect();
        assert!(bad.is_empty(), "sitemap locs must be absolute URLs, got {bad:?}");
    }
}

#[test]
fn the_json_index_parses_and_every_file_it_lists_exists_and_parses() {
    let site = basic_site();
    let index: serde_json::Value = serde_json::from_str(text(&site, "api/index.json")).expect("api/index.json parses");
    assert_eq!(index["api_version"], 1);
    let documents = index["documents"].as_array().expect("a documents array");
    let mut codes: Vec<&str> = documents.iter().filter_map(|d| d["code"].as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["BM-07-01", "CSCL", "QT-07", "STCL"], "the page has no code; drafts and internal are out");
    assert_eq!(documents.len(), 5);
    let legal = index["legal"].as_array().expect("a legal array");
    assert_eq!(legal.len(), 2);
    for entry in documents.iter().chain(legal) {
        let json_url = entry["json"].as_str().expect("each entry names its JSON file");
        let path = json_url.strip_prefix('/').expect("root-relative");
        let value: serde_json::Value =
            serde_json::from_str(text(&site, path)).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        assert!(value.is_object(), "{path} is an object");
        let page_url = entry["url"].as_str().expect("each entry names its page");
        let page_path = format!("{}index.html", page_url.strip_prefix('/').unwrap());
        assert!(site.files.contains_key(&page_path), "{page_url} has no page {page_path}");
    }
    let qt07 = documents.iter().find(|d| d["code"] == "QT-07").unwrap();
    assert_eq!(qt07["tthc_code"], "1.009999");
    assert_eq!(qt07["kind"], "procedure");
    // Every JSON file of the site parses, listed or not.
    for path in site.files.keys().filter(|p| p.ends_with(".json")) {
        serde_json::from_str::<serde_json::Value>(text(&site, path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

/// Adds `name` (a copy of the fixture's PDF) to the form BM-07-01 of `root`, listing it in
/// front matter under `listed`.
fn attach(root: &std::path::Path, name_on_disk: &str, listed: &str) {
    std::fs::copy(root.join("content/forms/BM-07-01.pdf"), root.join("content/forms").join(name_on_disk)).unwrap();
    let files = format!("files = [\"BM-07-01.pdf\", \"{listed}\"]");
    edit(root, "content/forms/BM-07-01.md", "files = [\"BM-07-01.pdf\"]", &files);
}

#[test]
fn an_attachment_named_with_spaces_and_vietnamese_letters_is_published_and_linked() {
    let dir = copy_fixture("basic");
    let name = "Mẫu đơn đề nghị.pdf";
    attach(dir.path(), name, name);
    let site = clean_site(run_public(dir.path()));
    let published = format!("bieu-mau/bm-07-01/{name}");
    assert!(
        matches!(site.files.get(&published), Some(Output::Copy(_))),
        "{:#?}",
        site.files.keys().collect::<Vec<_>>()
    );
    let html = page(&site, "bieu-mau/bm-07-01/index.html");
    let hrefs: Vec<String> = links(&html).into_iter().map(|(h, _)| h).collect();
    let encoded = hrefs.iter().find(|h| h.ends_with(".pdf") && !h.ends_with("BM-07-01.pdf")).expect("a link to it");
    assert!(!encoded.contains(' '), "the link is percent-encoded: {encoded}");
    let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap();
    assert_eq!(decoded, format!("/{published}"));
}

#[test]

fn an_attachment_whose_file_name_is_stored_decomposed_still_matches() {
    let dir = copy_fixture("basic");
    // "Mẫu đơn.pdf" with its letters decomposed into base letters and combining marks.
    let decomposed = "Ma\u{302}\u{303}u \u{111}o\u{31b}n.pdf";
    attach(dir.path(), decomposed, "Mẫu đơn.pdf");
    let site = clean_site(run_public(dir.path()));
    assert!(site.files.contains_key("bieu-mau/bm-07-01/Mẫu đơn.pdf"), "{:#?}", site.files.keys().collect::<Vec<_>>());
}

#[test]
fn a_procedure_page_offers_its_forms_files_with_format_and_size() {
    let site = clean_site(run_public(&fixture("basic")));
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let downloads = links_in(&html, "#bieu-mau ul.files");
    assert!(!downloads.is_empty(), "the forms section offers files to download");
    for (href, text) in &downloads {
        let path = href.trim_start_matches('/');
        assert!(site.files.contains_key(path), "{href} is published");
        assert!(text.contains("PDF, ") && (text.contains(" KB") || text.contains(" B")), "format and size in {text:?}");
    }
    assert!(downloads.iter().any(|(href, _)| href.ends_with("bieu-mau/bm-07-01/BM-07-01.pdf")), "{downloads:?}");
}
