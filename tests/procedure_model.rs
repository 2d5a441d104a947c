//! Issue 18: the procedure model of the national TTHC database, built from the fixture manual
//! `tests/fixtures/procedure_model` (a commune birth registration with free-on-time and
//! paid-when-late fees, a provincial licence with per-case limits and three results, a
//! district-level procedure) and checked on the published page and JSON; then each kind of bad
//! input, which must give its diagnostic at file:line:col with a help line.

mod common;

use common::*;
use sotay::diagnostic::{Diagnostic, Severity};
use sotay::model::Date;
use sotay::render::Site;

const FIXTURE: &str = "procedure_model";

/// The fixture built on `date`, with its problems.
fn build_on(root: &std::path::Path, date: &str) -> (Option<Site>, Vec<Diagnostic>) {
    let mut options = options(root);
    options.date = Date::parse(date).unwrap();
    let outcome = run(&options);
    (outcome.site, outcome.diagnostics.iter().cloned().collect())
}

/// The fixture's site, built on the common date; its only problem is QT-22's district level.
fn site() -> Site {
    let (site, diagnostics) = build_on(&fixture(FIXTURE), DATE);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["district-level"], "{diagnostics:#?}");
    site.expect("a build with one warning renders a site")
}

fn json(site: &Site, path: &str) -> serde_json::Value {
    serde_json::from_str(text(site, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_ld(site: &Site, path: &str) -> serde_json::Value {
    let html = page(site, path);
    let script =
        html.select(&selector("script[type=\"application/ld+json\"]")).next().expect("JSON-LD on a procedure page");
    serde_json::from_str(&script.inner_html()).unwrap()
}

/// The fee cells of the methods table, one per method row.
fn fee_cells(site: &Site, path: &str) -> Vec<String> {
    texts_of(&page(site, path), "table.methods td.fee").iter().map(|t| squash(t)).collect()
}

#[test]
fn birth_registration_is_free_on_time_and_charged_when_late() {
    let site = site();
    // Both methods have the same limit and fees: one card, the fees said once.
    let cells = fee_cells(&site, "quy-trinh/qt-20/index.html");
    assert_eq!(cells.len(), 1, "{cells:?}");
    for cell in &cells {
        assert!(cell.contains("Đăng ký đúng hạn: Miễn lệ phí"), "{cell}");
        assert!(cell.contains("Đăng ký quá hạn: Lệ phí: 8.000 đồng"), "{cell}");
        assert!(!cell.contains("Không thu phí"), "{cell}");
    }
    let offers = json_ld(&site, "quy-trinh/qt-20/index.html")["offers"].clone();
    let prices: Vec<u64> = offers.as_array().unwrap().iter().filter_map(|o| o["price"].as_u64()).collect();
    assert!(prices.contains(&0) && prices.contains(&8000), "{offers}");
    let fees = json(&site, "api/quy-trinh/qt-20.json")["procedure"]["fees"].clone();
    assert_eq!(fees[1]["kind"], "lệ phí");
    assert_eq!(fees[1]["amount"], 8000);
    assert_eq!(fees[1]["basis"], "85/2019/TT-BTC");
    assert_eq!(fees[2]["kind"], "phí");
    assert_eq!(fees[2]["text"], "Phí: 3.000 đồng/bản sao trích lục");
}

#[test]
fn same_day_limit_shows_its_cut_off_hour() {
    let site = site();
    let html = page(&site, "quy-trinh/qt-20/index.html");
    let cells = texts_of(&html, "table.methods td.time-limit");
    assert!(cells.iter().all(|c| squash(c).contains("Trong ngày làm việc")), "{cells:?}");
    assert!(
        squash(&cells[0]).contains("Nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo"),
        "{cells:?}"
    );
    let method = json(&site, "api/quy-trinh/qt-20.json")["procedure"]["methods"][0].clone();
    assert_eq!(method["time_limit"]["same_day"], true);
    assert_eq!(method["cutoff"], 15);
}

#[test]
fn each_case_has_its_own_time_limit() {
    let site = site();
    let html = page(&site, "quy-trinh/qt-21/index.html");
    let rows: Vec<String> = texts_of(&html, "table.methods tbody tr").iter().map(|t| squash(t)).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("Cấp mới") && rows[0].contains("10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"),
        "{rows:?}"
    );
    assert!(rows[1].contains("Cấp lại") && rows[1].contains("05 ngày làm việc"), "as written: {rows:?}");
    assert!(rows[1].contains("Lệ phí: 0,5 % giá tính lệ phí") && !rows[1].contains("500.000"), "{rows:?}");
    assert!(rows[0].contains("Lệ phí: Từ 100.000 đến 300.000 đồng/giấy phép"), "{rows:?}");
    let methods = json(&site, "api/quy-trinh/qt-21.json")["procedure"]["methods"].clone();
    assert_eq!(methods[0]["time_limit"]["from"], "kể từ ngày nhận đủ hồ sơ hợp lệ");
    assert_eq!(methods[1]["time_limit"]["amount"], "5");
    assert_eq!(methods[1]["time_limit"]["unit"], "working-days");
    assert_eq!(methods[1]["cases"], serde_json::json!(["Cấp lại"]));
}

#[test]
fn excluded_periods_and_extensions_are_said_and_not_counted() {
    // The 15 calendar days of posting would not fit (nor compare with) 10 working days: the
    // clean build in site() shows they are left out of the step-time check.
    let site = site();
    let html = page(&site, "quy-trinh/qt-21/index.html");
    let limit = squash(&texts_of(&html, "table.methods td.time-limit")[0]);
    assert!(limit.contains("Thời gian niêm yết công khai (15 ngày) không tính vào thời hạn giải quyết"), "{limit}");
    assert!(limit.contains("Khi cần thẩm định thực tế tại cơ sở: thêm 5 ngày làm việc"), "{limit}");
    let steps: Vec<String> = texts_of(&html, "table.step-table tbody tr").iter().map(|t| squash(t)).collect();
    assert!(steps[1].contains("15 ngày") && steps[1].contains("không tính vào thời hạn giải quyết"), "{steps:?}");
    assert!(steps[2].contains("Khi cần thẩm định thực tế"), "{steps:?}");
}

#[test]
fn the_checklist_says_what_to_bring_in_words() {
    let site = site();
    let html = page(&site, "quy-trinh/qt-20/index.html");
    let quantities: Vec<String> = texts_of(&html, "table.checklist td.quantity").iter().map(|t| squash(t)).collect();
    assert_eq!(quantities, ["01 bản chính", "01 bản chính", "Xuất trình bản chính", "01 bản sao có chứng thực"]);
    assert_eq!(texts_of(&html, "table.checklist tr.shown-only").len(), 1);
    let alternatives = texts_of(&html, "table.checklist ul.one-of li");
    assert_eq!(alternatives, ["Hộ chiếu", "Thẻ căn cước", "Giấy tờ khác có dán ảnh do cơ quan có thẩm quyền cấp"]);
    assert!(squash(&text_of(&html, "table.checklist")).contains("Một trong các giấy tờ sau:"));
    let items = json(&site, "api/quy-trinh/qt-20.json")["procedure"]["dossier"][0]["items"].clone();
    assert_eq!(items[2]["mode"], "xuất trình");
    assert_eq!(items[3]["copy"], "bản sao có chứng thực");
    let licence = page(&site, "quy-trinh/qt-21/index.html");
    let copy = squash(&texts_of(&licence, "table.checklist td.quantity")[1]);
    assert_eq!(copy, "01 bản sao kèm bản chính để đối chiếu");
}

#[test]
fn external_bodies_are_named_in_steps_and_where_to_submit() {
    let site = site();
    let html = page(&site, "quy-trinh/qt-20/index.html");
    let card = squash(&text_of(&html, ".where .body-card"));
    for expected in ["Ủy ban nhân dân xã Mẫu Sơn", "Số 5 đường Chợ", "Sáng 7 giờ 30", "0200 111 222"]
    {
        assert!(card.contains(expected), "{card}");
    }
    let online: Vec<_> =
        html.select(&selector(".where a.submit-online")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(online, ["https://dichvucong.example.gov.vn/khai-sinh"]);
    let steps: Vec<String> = texts_of(&html, "table.step-table tbody tr").iter().map(|t| squash(t)).collect();
    assert!(steps[1].contains("Ủy ban nhân dân xã Mẫu Sơn"), "{steps:?}");
    let licence = page(&site, "quy-trinh/qt-21/index.html");
    let steps: Vec<String> = texts_of(&licence, "table.step-table tbody tr").iter().map(|t| squash(t)).collect();
    assert!(steps[3].contains("Thuế cơ sở 1 tỉnh Mẫu"), "{steps:?}");
    let ld = json_ld(&site, "quy-trinh/qt-20/index.html");
    assert_eq!(ld["name"], "Đăng ký khai sinh");
    assert_eq!(ld["alternateName"], "Quy trình đăng ký khai sinh");
    assert_eq!(ld["provider"]["name"], "Ủy ban nhân dân xã Mẫu Sơn");
    assert_eq!(ld["areaServed"]["name"], "tỉnh Mẫu");
    assert_eq!(ld["availableChannel"][0]["serviceLocation"]["address"], "Số 5 đường Chợ, xã Mẫu Sơn, tỉnh Mẫu");
    let roles = json(&site, "api/quy-trinh/qt-21.json")["procedure"]["roles"].clone();
    assert_eq!(roles[1]["role"], "cooperating");
    assert_eq!(roles[1]["body"]["external"], true);
}

#[test]
fn a_ministry_form_is_a_template_with_its_legal_number() {
    let site = site();
    let html = page(&site, "quy-trinh/qt-20/index.html");
    let template = squash(&texts_of(&html, "table.checklist tbody tr td:nth-child(3)")[0]);
    assert_eq!(template, "Tờ khai đăng ký khai sinh (Phụ lục 1, 04/2020/TT-BTP)");
    let links = links(&within(&html, "table.checklist"));
    assert!(links.iter().any(|(href, text)| text == "04/2020/TT-BTP" && href.contains("van-ban/")), "{links:?}");
    let item = json(&site, "api/quy-trinh/qt-20.json")["procedure"]["dossier"][0]["items"][0].clone();
    assert_eq!(item["template"]["number"], "04/2020/TT-BTP");
    assert_eq!(item["form"], serde_json::Value::Null);
}

#[test]
fn three_results_each_with_its_validity() {
    let site = site();
    let html = page(&site, "quy-trinh/qt-21/index.html");
    let results: Vec<String> = texts_of(&html, "ul.results li").iter().map(|t| squash(t)).collect();
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(
        results[0].contains("Giấy phép tiến hành công việc bức xạ") && results[0].contains("05 năm"),
        "{results:?}"
    );
    assert!(results[1].contains("Bằng thời hạn còn lại của giấy phép cũ"), "{results:?}");
    assert!(results[2].contains("03 năm") && results[2].contains("Mẫu số 05"), "{results:?}");
    let json_results = json(&site, "api/quy-trinh/qt-21.json")["procedure"]["results"].clone();
    assert_eq!(json_results[0]["validity"], "05 năm");
    assert_eq!(json_results[1]["cases"], serde_json::json!(["Cấp lại"]));
    assert_eq!(json_ld(&site, "quy-trinh/qt-21/index.html")["serviceOutput"].as_array().map(Vec::len), Some(3));
}

#[test]
fn district_level_is_accepted_before_july_2025_and_warned_about_after() {
    let (site, before) = build_on(&fixture(FIXTURE), "2025-06-01");
    assert!(before.is_empty(), "{before:#?}");
    let html = page(&site.expect("a clean build has a site"), "quy-trinh/qt-22/index.html");
    let level = squash(&text_of(&html, ".facts"));
    assert!(level.contains("Cấp huyện") && level.contains("trước ngày 01/07/2025"), "{level}");
    let (_, after) = build_on(&fixture(FIXTURE), "2025-07-01");
    assert_eq!(after.len(), 1, "{after:#?}");
    let warning = &after[0];
    assert_eq!((warning.code, warning.severity), ("district-level", Severity::Warning));
    assert_eq!(file_of(warning), "content/procedures/QT-22.md");
    let source = std::fs::read_to_string(fixture(FIXTURE).join("content/procedures/QT-22.md")).unwrap();
    assert_eq!((warning.loc.line, warning.loc.column), position(&source, "\"district\""));
    assert!(warning.help.as_ref().map(|h| h.en.as_str()).is_some_and(|h| h.contains("commune")));
}

/// The one error (or warning) a copy of the fixture gives after `from` becomes `to` in `file`,
/// checked to be at `at` (the first occurrence of that text in the edited file).
fn bad_input(file: &str, from: &str, to: &str, code: &str, at: &str) -> Diagnostic {
    let dir = copy_fixture(FIXTURE);
    let rel = format!("content/procedures/{file}");
    edit(dir.path(), &rel, from, to);
    let (_, diagnostics) = build_on(dir.path(), "2025-06-01");
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "expected one {code}, got:\n{}", describe(&diagnostics.iter().cloned().collect()));
    let d = found[0].clone();
    assert_eq!(file_of(&d), rel);
    let edited = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
    assert_eq!((d.loc.line, d.loc.column), position(&edited, at), "{}", one_line(&d));
    assert!(d.help.as_ref().map(|h| h.en.as_str()).is_some_and(|h| !h.is_empty()), "no help: {}", one_line(&d));
    d
}

#[test]
fn an_unknown_fee_kind_lists_the_accepted_kinds() {
    let d = bad_input("QT-20.md", "kind = \"phí\"", "kind = \"phi phí\"", "unknown-value", "\"phi phí\"");
    let help = d.help.unwrap();
    assert!(help.contains("phí") && help.contains("lệ phí"), "{help:?}");
}

#[test]
fn a_percent_above_100_is_refused() {
    let d = bad_input("QT-21.md", "percent = 0.5", "percent = 150", "invalid-value", "150");
    assert!(d.message.contains("từ 0 đến 100"), "{:?}", d.message);
}

#[test]
fn a_range_upside_down_is_refused() {
    let d = bad_input(
        "QT-21.md",
        "range = [100000, 300000]",
        "range = [300000, 100000]",
        "fee-range-upside-down",
        "[300000",
    );
    assert!(d.help.unwrap().contains("smaller amount first"));
}

#[test]
fn a_case_named_by_a_step_must_exist() {
    let d = bad_input(
        "QT-21.md",
        "condition = \"Khi cần thẩm định thực tế\"\ncases = [\"cap-moi\"]",
        "condition = \"Khi cần thẩm định thực tế\"\ncases = [\"cap-mio\"]",
        "unknown-case",
        "\"cap-mio\"",
    );
    assert!(d.help.unwrap().contains("did you mean \"cap-moi\""));
}

#[test]
fn a_body_that_is_not_declared_is_refused() {
    let d = bad_input("QT-20.md", "unit = \"ubnd-xa\"", "unit = \"ubnd-xaa\"", "unknown-unit", "\"ubnd-xaa\"");
    assert!(d.help.unwrap().contains("did you mean \"ubnd-xa\""));
    bad_input(
        "QT-21.md",
        "cooperating = [\"thue\"]",
        "cooperating = [\"chi-cuc-thue\"]",
        "unknown-body",
        "\"chi-cuc-thue\"",
    );
}

#[test]
fn a_time_unit_that_is_not_a_duration_is_refused() {
    let d = bad_input(
        "QT-21.md",
        "time_limit = \"05 ngày làm việc\"",
        "time_limit = \"05 tuần\"",
        "invalid-value",
        "\"05 tuần\"",
    );
    assert!(d.message.contains("không phải là một thời hạn"), "{:?}", d.message);
}

#[test]
fn an_external_template_needs_its_legal_number() {
    let d = bad_input(
        "QT-20.md",
        "{ number = \"04/2020/TT-BTP\", annex = \"Phụ lục 1\",",
        "{ annex = \"Phụ lục 1\",",
        "template-without-number",
        "{ annex",
    );
    assert!(d.help.unwrap().contains("number = "));
}

#[test]
fn a_fee_basis_or_template_number_missing_from_the_registry_is_a_located_warning() {
    let d = bad_input(
        "QT-21.md",
        "amount = 500000\nbasis = \"85/2019/TT-BTC\"",
        "amount = 500000\nbasis = \"58/2019/TT-BTC\"",
        "unknown-legal-number",
        "\"58/2019/TT-BTC\"",
    );
    assert!(d.message.contains("58/2019/TT-BTC"), "{}", one_line(&d));
    assert!(d.help.as_ref().is_some_and(|h| h.vi.contains("85/2019/TT-BTC")), "suggests the near number: {:?}", d.help);
    bad_input(
        "QT-21.md",
        "template = { number = \"04/2020/TT-BTP\", annex = \"Mẫu số 05\"",
        "template = { number = \"04/2021/TT-BTP\", annex = \"Mẫu số 05\"",
        "unknown-legal-number",
        "\"04/2021/TT-BTP\"",
    );
}

#[test]
fn a_cut_off_hour_needs_a_same_day_limit() {
    bad_input(
        "QT-21.md",
        "time_limit = \"05 ngày làm việc\"",
        "time_limit = \"05 ngày làm việc\"\ncutoff = 15",
        "cutoff-without-same-day",
        "15\n\n[[procedure.fees]]",
    );
}

#[test]
fn a_calendar_day_step_is_warned_about_once_however_many_methods_and_cases() {
    // "Ký giấy phép" applies to both cases' rows: one warning, not two.
    let d = bad_input("QT-21.md", "time = \"2 ngày làm việc\"", "time = \"2 ngày\"", "incomparable-time", "\"2 ngày\"");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn each_case_is_checked_against_its_own_limit() {
    // 0,5 + 4,6 working days exceed the 05 days of "Cấp lại"; "Cấp mới" also goes over its 10.
    let dir = copy_fixture(FIXTURE);
    edit(dir.path(), "content/procedures/QT-21.md", "time = \"2 ngày làm việc\"", "time = \"4,6 ngày làm việc\"");
    let (_, diagnostics) = build_on(dir.path(), "2025-06-01");
    let messages: Vec<&str> =
        diagnostics.iter().filter(|d| d.code == "steps-exceed-time-limit").map(|d| d.message.en.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("\"Cấp lại\"") && m.contains("5,1 ngày làm việc")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("\"Cấp mới\"") && m.contains("12,1 ngày làm việc")), "{messages:?}");
}

#[test]
fn a_method_without_a_stated_fee_is_not_called_free() {
    let dir = copy_fixture(FIXTURE);
    let from = "of = \"giá tính lệ phí\"\ncases = [\"cap-lai\"]";
    edit(dir.path(), "content/procedures/QT-21.md", from, "of = \"giá tính lệ phí\"\ncases = [\"cap-moi\"]");
    let (site, diagnostics) = build_on(dir.path(), "2025-06-01");
    let warnings: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == "fee-not-stated").collect();
    assert_eq!(warnings.len(), 1, "{diagnostics:#?}");
    let edited = std::fs::read_to_string(dir.path().join("content/procedures/QT-21.md")).unwrap();
    assert_eq!(
        (warnings[0].loc.line, warnings[0].loc.column),
        position(&edited, "\"in-person\"\ncases = [\"cap-lai\"]")
    );
    assert!(warnings[0].message.contains("\"Cấp lại\""), "{:?}", warnings[0].message);
    let site = site.expect("warnings still render");
    let cells = fee_cells(&site, "quy-trinh/qt-21/index.html");
    assert_eq!(cells[1], "Chưa công bố");
    assert!(cells.iter().all(|c| !c.contains("Không thu")), "{cells:?}");
}

#[test]
fn older_front_matter_reads_as_before() {
    // QT-22 is written the older way: a method's `fee` and `fee_note`, `originals`, `result`.
    let site = site();
    let html = page(&site, "quy-trinh/qt-22/index.html");
    let fee = texts_of(&html, "table.methods td.fee span.fee-line");
    assert_eq!(fee.len(), 1, "{fee:?}");
    assert!(fee[0].starts_with("2.000 đồng") && fee[0].ends_with("Mỗi trang"), "{fee:?}");
    assert_eq!(texts_of(&html, "table.checklist td.quantity"), ["01 bản chính"]);
    assert!(text_of(&html, ".facts").contains("Bản sao được chứng thực"));
    let results = json(&site, "api/quy-trinh/qt-22.json")["procedure"]["results"].clone();
    assert_eq!(results[0]["name"], "Bản sao được chứng thực");
}

#[test]
fn quantities_are_written_one_way() {
    let d = bad_input("QT-22.md", "originals = 1", "originals = 1\ncopy = \"bản sao\"", "mixed-quantity", "1\ncopy");
    assert!(d.help.unwrap().contains("remove originals/copies"));
}

#[test]
fn an_announcing_decision_is_named_by_its_number() {
    let d = bad_input(
        "QT-21.md",
        "announced_by = \"Quyết định số 12/2026/QĐ-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh Mẫu\"",
        "announced_by = \"Quyết định công bố của Ủy ban nhân dân tỉnh\"",
        "decision-without-number",
        "\"Quyết định công bố",
    );
    assert!(d.help.unwrap().contains("announced_by = \"2617/QĐ-UBND\""));
}

#[test]
fn search_finds_the_official_name_cases_and_papers() {
    let site = site();
    let index = text(&site, "tim-kiem/index.js");
    let entry = index.split("\"u\":").find(|e| e.contains("quy-trinh/qt-20/")).expect("QT-20 is in the index");
    for wanted in
        ["Đăng ký khai sinh", "Đăng ký quá hạn", "Tờ khai đăng ký khai sinh", "Thẻ căn cước", "Giấy khai sinh"]
    {
        assert!(entry.contains(wanted), "the index entry of QT-20 lacks {wanted}: {entry}");
    }
}
