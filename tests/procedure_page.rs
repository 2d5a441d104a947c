//! Issue 18, items 2–4: a procedure's page starts with what the citizen needs (time limit and
//! fee per method, where to submit, the dossier as a checklist, the application form), then the
//! applicant's own steps; the ISO procedure (the office's step table, forms, records, approval,
//! amendments) follows below a divider, its standard sections numbered the way the procedure
//! numbers them so that the amendment table's "Mục 5.4" links to them; and every printed page
//! carries the document's code, revision and effective date. Built on the example's QT-07.

mod common;

use common::*;
use scraper::Html;
use sotay::render::Site;
use std::sync::OnceLock;

const QT07: &str = "quy-trinh/qt-07/index.html";

fn example_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| clean_site(run_public(&content_example())))
}

fn qt07() -> (Html, String) {
    let site = example_site();
    (page(site, QT07), text(site, QT07).to_owned())
}

/// `(href, text)` of every link matching `css` (the links themselves, not links inside them).
fn anchors(html: &Html, css: &str) -> Vec<(String, String)> {
    html.select(&selector(css))
        .map(|a| (a.value().attr("href").unwrap_or_default().to_owned(), squash(&a.text().collect::<String>())))
        .collect()
}

/// Where `id="…"` first occurs in the page's source.
fn at(source: &str, id: &str) -> usize {
    source.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("QT-07 has no #{id}"))
}

#[test]
fn the_citizens_parts_come_first_and_the_iso_parts_follow_a_divider() {
    let (_, source) = qt07();
    let order = [
        "cach-thuc",
        "noi-nop",
        "ho-so",
        "mau-don",
        "trinh-tu",
        "thong-tin",
        "quy-trinh-iso-h",
        "1-muc-dich",
        "quy-trinh-xu-ly",
        "bieu-mau",
        "ho-so-luu",
        "ky-duyet-tai-lieu",
        "sua-doi",
    ];
    let places: Vec<usize> = order.iter().map(|id| at(&source, id)).collect();
    for (pair, ids) in places.windows(2).zip(order.windows(2)) {
        assert!(pair[0] < pair[1], "#{} comes before #{}", ids[0], ids[1]);
    }
    let divider = source.find("<hr class=\"divider\">").expect("a divider");
    assert!(at(&source, "thong-tin") < divider && divider < at(&source, "quy-trinh-iso-h"));
}

#[test]
fn time_limit_and_fee_are_in_words_for_each_method() {
    let (html, _) = qt07();
    // In person and by post have the same limit and fee: one card says both.
    let rows: Vec<String> = texts_of(&html, "#cach-thuc table.methods tbody tr");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let wanted = [
        ("Trực tiếp, dịch vụ bưu chính", "10 ngày làm việc", "Lệ phí: 200.000 đồng"),
        ("Trực tuyến", "8 ngày làm việc", "Lệ phí: 150.000 đồng"),
    ];
    for (row, (method, limit, fee)) in rows.iter().zip(wanted) {
        assert!(row.contains(method) && row.contains(limit) && row.contains(fee), "`{row}`");
    }
}

#[test]
fn where_to_submit_shows_the_bodys_address_hours_phone_and_the_online_link() {
    let (html, _) = qt07();
    let card = text_of(&html, "#noi-nop .body-card");
    for wanted in [
        "Trung tâm Phục vụ hành chính công tỉnh Thanh Vân",
        "Số 2 đường Vân Hồ",
        "Thời gian tiếp nhận",
        "0200 3 818 000",
    ] {
        assert!(card.contains(wanted), "`{card}` lacks `{wanted}`");
    }
    assert_eq!(
        anchors(&html, "#noi-nop a.submit-online"),
        [("https://dichvucong.example.gov.vn/".to_owned(), "Nộp trực tuyến".to_owned())]
    );
}

#[test]
fn the_dossier_is_a_checklist_of_what_to_bring_with_the_application_form_to_download() {
    let (html, _) = qt07();
    let captions = texts_of(&html, "#ho-so table.checklist caption");
    assert_eq!(captions, ["Cấp mới", "Cấp lại (chứng chỉ bị mất hoặc hư hỏng)"]);
    let quantities = texts_of(&html, "#ho-so table.checklist td.quantity");
    assert_eq!(
        quantities[..5],
        ["01 bản chính", "01 bản sao", "01 bản sao", "01 bản chính", "03 bản chính"],
        "as the national record 1.000173 lists them (certified copies, xuất trình: tests/procedure_model.rs)"
    );
    let get = anchors(&html, "#ho-so table.checklist:first-of-type tbody tr:first-child a.get-form");
    assert_eq!(get.len(), 1, "{get:?}");
    assert!(get[0].0.ends_with(".docx") || get[0].0.ends_with(".pdf"), "{get:?}");
    assert!(get[0].1.starts_with("Tải mẫu đơn"), "{get:?}");
    assert!(example_site().files.contains_key(get[0].0.trim_start_matches("/iso/")), "the file is published");
    assert_eq!(text_of(&html, "#ho-so p[id^=muc-]"), "5.3 Số lượng hồ sơ: 01 bộ");
}

#[test]
fn applicant_forms_and_internal_forms_are_listed_apart() {
    let (html, _) = qt07();
    let codes = |css: &str| -> Vec<String> {
        texts_of(&html, css).iter().map(|t| t.split(' ').next().unwrap_or_default().to_owned()).collect()
    };
    assert_eq!(codes("#bieu-mau ul.forms-applicant > li > a"), ["BM-07-01"]);
    assert_eq!(codes("#bieu-mau ul.forms-internal > li > a"), ["BM-MC-01", "BM-MC-02"]);
    let downloads = texts_of(&html, "#mau-don a.download");
    assert!(!downloads.is_empty() && downloads.iter().all(|d| d.contains("BM-07-01")), "{downloads:?}");
}

#[test]
fn trinh_tu_thuc_hien_is_what_the_applicant_does_and_the_office_flow_is_the_step_table() {
    let (html, _) = qt07();
    let steps = texts_of(&html, "#trinh-tu ol.applicant-steps > li");
    assert_eq!(steps.len(), 4, "{steps:#?}");
    assert!(steps[0].starts_with("Chuẩn bị hồ sơ"), "{}", steps[0]);
    assert!(steps[1].contains("Trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh Thanh Vân"), "{}", steps[1]);
    assert!(steps[1].contains("Qua dịch vụ bưu chính"), "{}", steps[1]);
    assert!(steps[2].starts_with("Nộp phí, lệ phí") && steps[2].contains("Lệ phí: 150.000 đồng"), "{}", steps[2]);
    assert!(steps[3].starts_with("Nhận kết quả: Chứng chỉ nhân viên bức xạ"), "{}", steps[3]);
    assert!(steps[3].contains("Trực tuyến: 8 ngày làm việc"), "{}", steps[3]);
    assert_eq!(
        anchors(&html, "#trinh-tu a.submit-online"),
        [("https://dichvucong.example.gov.vn/".to_owned(), "Nộp trực tuyến".to_owned())]
    );
    let applicant = text_of(&html, "#trinh-tu");
    assert!(!applicant.contains("Thẩm định") && !applicant.contains("Vào sổ"), "no office step: {applicant}");
    let rows: Vec<&str> = html
        .select(&selector("#quy-trinh-xu-ly table.step-table tbody tr"))
        .filter_map(|r| r.value().attr("id"))
        .collect();
    assert_eq!(rows, ["buoc-1", "buoc-2", "buoc-3", "buoc-4", "buoc-5", "buoc-6"], "the step table's rows are #buoc-N");
    assert!(html.select(&selector("ol.steps")).next().is_none(), "the office's steps are not listed twice");
}

#[test]
fn standard_sections_are_numbered_like_the_procedure_and_amendment_rows_link_to_them() {
    let (html, source) = qt07();
    for (id, start) in [
        ("muc-5-2", "5.2 Thành phần hồ sơ"),
        ("muc-5-4", "5.4, 5.6 Thời hạn giải quyết"),
        ("muc-5-5", "5.5 Nơi nộp hồ sơ"),
        ("muc-5-7", "5.7 Quy trình xử lý công việc"),
        ("muc-7", "7 Hồ sơ cần lưu"),
    ] {
        let heading = text_of(&html, &format!("h2#{id}"));
        assert!(heading.starts_with(start), "#{id}: `{heading}`");
    }
    assert!(source.contains("id=\"muc-5-6\""), "5.6 (fees) has an anchor");
    let places = links_in(&html, "#sua-doi td.where");
    let hrefs: Vec<&str> = places.iter().map(|(href, _)| href.as_str()).collect();
    for wanted in ["#muc-5-2", "#muc-5-4", "#muc-5-5", "#muc-5-6", "#muc-5-7"] {
        assert!(hrefs.contains(&wanted), "the amendment table links {wanted}: {places:?}");
    }
    for (href, _) in &places {
        let id = href.trim_start_matches('#');
        assert!(source.contains(&format!("id=\"{id}\"")), "{href} resolves on the page");
    }
    assert!(hrefs.iter().any(|h| h.starts_with("#3-")), "\"Mục 3\" links the body's section 3: {places:?}");
    let row3 = texts_of(&html, "#sua-doi td.where").into_iter().find(|t| t.contains("bước")).expect("a row with steps");
    assert!(row3.ends_with("(bước 3, 4, 5)"), "{row3}");
    assert!(!hrefs.iter().any(|h| h.starts_with("#buoc")), "step numbers in a row are not section numbers");
}

#[test]
fn every_printed_page_carries_code_revision_and_effective_date_and_the_checklist_prints_alone() {
    let site = example_site();
    let (html, source) = qt07();
    let root = html.root_element();
    let style = root.value().attr("style").expect("QT-07's <html> carries its print header");
    assert!(style.contains("--sotay-print-head: \"QT-07 · Lần ban hành: 5 · Ngày hiệu lực: 22/11/2026\""), "{style}");
    assert_eq!(root.value().attr("data-printed"), Some("Ngày in:"));
    let css_path = site.files.keys().find(|p| p.starts_with("assets/style.")).expect("the stylesheet");
    let css = text(site, css_path);
    for wanted in
        ["@page", "@top-left", "var(--sotay-print-head", "counter(page) \"/\" counter(pages)", "--sotay-printed"]
    {
        assert!(css.contains(wanted), "the stylesheet lacks `{wanted}`");
    }
    let script: Vec<&str> = html.select(&selector("script[src]")).filter_map(|s| s.value().attr("src")).collect();
    assert_eq!(script.len(), 1, "{script:?}");
    let script_path = script[0].trim_start_matches("/iso/");
    assert!(text(site, script_path).contains("beforeprint"), "print.js dates the printout");
    // A page that is not a controlled document carries no print header.
    let home = page(site, "index.html");
    assert!(home.root_element().value().attr("style").is_none());
    // "In danh sách giấy tờ" opens the checklist's print view.
    assert_eq!(
        links_in(&html, "#ho-so .print-checklist"),
        [("#in-ho-so".to_owned(), "In danh sách giấy tờ".to_owned())]
    );
    assert!(at(&source, "ho-so") < at(&source, "in-ho-so"), "the print view's anchor is in the checklist");
    assert!(css.contains("#in-ho-so:target"), "the print view hides the rest of the page");
}

#[test]
fn a_national_portal_link_is_built_from_the_tthc_code_when_the_agency_opts_in() {
    let dir = copy_fixture("basic");
    let portal = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}";
    let site = clean_site(run_public(dir.path()));
    assert!(anchors(&page(&site, QT07), "a.portal-link").is_empty(), "off unless sotay.toml asks");
    edit(dir.path(), "sotay.toml", "[site]\n", &format!("[site]\ntthc_portal = \"{portal}\"\n"));
    let site = clean_site(run_public(dir.path()));
    let expected = portal.replace("{code}", "1.009999");
    assert_eq!(
        anchors(&page(&site, QT07), "#noi-nop a.portal-link"),
        [(expected, "Xem thủ tục trên Cổng Dịch vụ công quốc gia".to_owned())]
    );

    edit(
        dir.path(),
        "sotay.toml",
        &format!("tthc_portal = \"{portal}\""),
        "tthc_portal = \"https://dichvucong.gov.vn/\"",
    );
    let outcome = run_public(dir.path());
    let bad = with_code(&outcome.diagnostics, "invalid-portal-link");
    assert_eq!(bad.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!(file_of(bad[0]), "sotay.toml");
    let toml = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    assert_eq!((bad[0].loc.line, bad[0].loc.column), position(&toml, "\"https://dichvucong.gov.vn/\""));
    assert!(
        bad[0].message.contains("{code}")
            && bad[0].help.as_ref().map(|h| h.en.as_str()).is_some_and(|h| h.contains("{code}"))
    );
}

/// The procedure-model fixture with applicant steps written into QT-20 (birth registration).
fn with_written_steps(steps: &str) -> (tempfile::TempDir, sotay::pipeline::Outcome) {
    let dir = copy_fixture("procedure_model");
    let anchor = "[[procedure.cases]]\nid = \"dung-han\"";
    edit(dir.path(), "content/procedures/QT-20.md", anchor, &format!("{steps}\n{anchor}"));
    let outcome = run_public(dir.path());
    (dir, outcome)
}

#[test]
fn applicant_steps_written_in_the_front_matter_replace_the_derived_ones() {
    let steps = "[[procedure.applicant_steps]]\ntext = \"Điền tờ khai và nộp tại Bộ phận tiếp nhận\"\n\n\
                 [[procedure.applicant_steps]]\ntext = \"Nhận Giấy khai sinh qua tài khoản định danh\"\nmethods = [\"online\"]\n";
    let (_, outcome) = with_written_steps(steps);
    let problems: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code).filter(|c| *c != "district-level").collect();
    assert!(problems.is_empty(), "{}", describe(&outcome.diagnostics));
    let site = outcome.site.expect("a site");
    let html = page(&site, "quy-trinh/qt-20/index.html");
    let written = texts_of(&html, "#trinh-tu ol.applicant-steps > li");
    assert_eq!(
        written,
        [
            "Điền tờ khai và nộp tại Bộ phận tiếp nhận",
            "Nhận Giấy khai sinh qua tài khoản định danh Áp dụng cho: Trực tuyến"
        ]
    );
    // Without written steps, the same procedure's are derived from its methods.
    let derived =
        texts_of(&page(&clean_fixture_site(), "quy-trinh/qt-20/index.html"), "#trinh-tu ol.applicant-steps > li");
    assert!(derived.iter().any(|s| s.starts_with("Nộp hồ sơ")) && derived.len() >= 3, "{derived:#?}");
}

fn clean_fixture_site() -> Site {
    let outcome = run_public(&fixture("procedure_model"));
    outcome.site.expect("the procedure-model fixture renders")
}

#[test]
fn an_applicant_step_naming_an_unknown_case_is_an_error_at_its_place() {
    let steps = "[[procedure.applicant_steps]]\ntext = \"Nộp lệ phí\"\ncases = [\"qua-hann\"]\n";
    let (dir, outcome) = with_written_steps(steps);
    let found = with_code(&outcome.diagnostics, "unknown-case");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!(file_of(found[0]), "content/procedures/QT-20.md");
    let edited = std::fs::read_to_string(dir.path().join("content/procedures/QT-20.md")).unwrap();
    assert_eq!((found[0].loc.line, found[0].loc.column), position(&edited, "\"qua-hann\""), "{}", one_line(found[0]));
    assert!(
        found[0].help.as_ref().map(|h| h.en.as_str()).is_some_and(|h| h.contains("qua-han")),
        "{}",
        one_line(found[0])
    );
}
