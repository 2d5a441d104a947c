//! Issue 18, "Done when": the example manual holds procedures written from real records of the
//! national TTHC database — QT-07 (1.000173, cấp và cấp lại chứng chỉ nhân viên bức xạ: two
//! cases, lệ phí 200.000 đồng), QT-15 (2.002131, khai báo thiết bị X-quang: 05 ngày làm việc, no
//! phí nor lệ phí) and QT-06 (the radiation-work licence: phí per device from 2.000.000 to
//! 16.000.000 đồng, 75 % for an extension, no lệ phí). Their pages, per-document JSON and JSON-LD
//! carry the record's exact figures; the sources are in each file's front matter comments and in
//! docs/front-matter.md ("Where the example's facts come from").

mod common;

use common::*;
use serde_json::Value;
use sotay::render::Site;
use std::sync::OnceLock;

fn example_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| clean_site(run_public(&content_example())))
}

fn api(code: &str) -> Value {
    json_of(example_site(), &format!("api/quy-trinh/{code}.json"))
}

fn json_ld(code: &str) -> Value {
    let html = page(example_site(), &format!("quy-trinh/{code}/index.html"));
    let script = html
        .select(&selector("script[type=\"application/ld+json\"]"))
        .next()
        .unwrap_or_else(|| panic!("{code} has JSON-LD"));
    serde_json::from_str(&script.inner_html()).unwrap_or_else(|e| panic!("{code}'s JSON-LD: {e}"))
}

/// The squashed text of each row of the methods table (method, time limit, fee).
fn method_rows(code: &str) -> Vec<String> {
    let html = page(example_site(), &format!("quy-trinh/{code}/index.html"));
    texts_of(&html, "#cach-thuc table.methods tbody tr").iter().map(|t| squash(t)).collect()
}

/// The line above the methods table that says where every method's time limit counts from.
fn origin(code: &str) -> String {
    squash(&text_of(&page(example_site(), &format!("quy-trinh/{code}/index.html")), "#cach-thuc p.limit-origin"))
}

/// The checklist's quantities of the dossier group captioned `caption` (the first group when none).
fn quantities(code: &str, caption: Option<&str>) -> Vec<String> {
    let html = page(example_site(), &format!("quy-trinh/{code}/index.html"));
    let tables: Vec<_> = html.select(&selector("#ho-so table.checklist")).collect();
    let table = match caption {
        None => tables.first().copied(),
        Some(wanted) => tables.iter().copied().find(|t| {
            t.select(&selector("caption")).next().is_some_and(|c| squash(&c.text().collect::<String>()) == wanted)
        }),
    };
    let table = table.unwrap_or_else(|| panic!("{code} has a checklist {caption:?}"));
    table.select(&selector("td.quantity")).map(|td| squash(&td.text().collect::<String>())).collect()
}

#[test]
fn qt07_is_the_national_record_1_000173_with_its_limit_fee_and_dossier() {
    let json = api("qt-07");
    let p = &json["procedure"];
    assert_eq!(p["tthc_code"], "1.000173");
    assert_eq!(
        p["name"],
        "Cấp và cấp lại chứng chỉ nhân viên bức xạ (người phụ trách an toàn cơ sở X-quang chẩn đoán trong y tế)"
    );
    // In person and by post: the same limit and lệ phí, one card; online its own.
    let rows = method_rows("qt-07");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows[0].starts_with("Trực tiếp, dịch vụ bưu chính"), "{rows:#?}");
    assert!(rows[0].contains("10 ngày làm việc") && rows[0].contains("Lệ phí: 200.000 đồng"), "{rows:#?}");
    assert!(rows[1].contains("8 ngày làm việc") && rows[1].contains("Lệ phí: 150.000 đồng"), "{rows:#?}");
    assert_eq!(
        origin("qt-07"),
        "Thời hạn giải quyết tính kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "said once for every method"
    );
    let fee = p["fees"].as_array().unwrap().iter().find(|f| f["amount"] == 200000).expect("the 200.000 đồng fee");
    assert_eq!(fee["kind"], "lệ phí");
    assert_eq!(fee["basis"], "287/2016/TT-BTC");
    assert!(p["fees"].as_array().unwrap().iter().all(|f| f["kind"] == "lệ phí"), "the record: Phí 0, only a lệ phí");
    assert_eq!(
        quantities("qt-07", Some("Cấp mới")),
        ["01 bản chính", "01 bản sao", "01 bản sao", "01 bản chính", "03 bản chính"]
    );
    let items = p["dossier"][0]["items"].as_array().unwrap();
    assert_eq!(items[1]["name"], "Văn bằng, chứng chỉ chuyên môn phù hợp với công việc đảm nhiệm");
    assert_eq!(items[1]["copy"], "bản sao");
    assert_eq!(items[4]["count"], 3);
}

#[test]
fn qt15_is_the_national_record_2_002131_five_working_days_written_with_its_leading_zero() {
    let json = api("qt-15");
    let p = &json["procedure"];
    assert_eq!(p["tthc_code"], "2.002131");
    assert_eq!(p["name"], "Khai báo thiết bị X-quang chẩn đoán trong y tế");
    let limit = &p["methods"][0]["time_limit"];
    assert_eq!(limit["amount"], "5");
    assert_eq!(limit["unit"], "working-days");
    assert_eq!(limit["from"], "kể từ ngày nhận đủ hồ sơ khai báo");
    assert_eq!(limit["text"], "05 ngày làm việc kể từ ngày nhận đủ hồ sơ khai báo");
    // Three methods alike: one card, which says where its limit counts from itself.
    let rows = method_rows("qt-15");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].contains("05 ngày làm việc kể từ ngày nhận đủ hồ sơ khai báo"), "{rows:#?}");
    for row in rows {
        assert!(row.contains("05 ngày làm việc"), "as the record writes it: {row}");
        assert!(!row.contains("Chưa công bố"), "the record says no phí and no lệ phí: {row}");
    }
    let kinds: Vec<(&str, i64)> = p["fees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap_or_default(), f["amount"].as_i64().unwrap_or(-1)))
        .collect();
    assert_eq!(kinds, [("phí", 0), ("lệ phí", 0)]);
    assert_eq!(quantities("qt-15", None), ["01 bản chính"]);
    assert_eq!(p["results"][0]["name"], "Giấy xác nhận khai báo");
    assert_eq!(p["results"][0]["form"]["code"], "BM-15-02", "the result's template is a form of the manual");
    let html = page(example_site(), "quy-trinh/qt-15/index.html");
    let result_links = links_in(&html, "#thong-tin");
    assert!(result_links.iter().any(|(href, _)| href.contains("bm-15-02")), "{result_links:?}");
}

#[test]
fn qt06_charges_phi_per_device_and_75_percent_for_an_extension_and_no_le_phi() {
    let json = api("qt-06");
    let fees = json["procedure"]["fees"].as_array().unwrap().clone();
    let new_licence = fees.iter().find(|f| f["range"].is_array()).expect("the per-device phí");
    assert_eq!(new_licence["kind"], "phí");
    assert_eq!(new_licence["range"], serde_json::json!([2000000, 16000000]));
    assert_eq!(new_licence["per"], "thiết bị");
    assert_eq!(new_licence["basis"], "287/2016/TT-BTC");
    let html = page(example_site(), "quy-trinh/qt-06/index.html");
    let rates: Vec<String> = texts_of(&html, "main .prose table tbody tr").iter().map(|t| squash(t)).collect();
    for (device, amount) in [
        ("Chụp răng", "2.000.000"),
        ("đo mật độ xương", "3.000.000"),
        ("CT Scanner", "8.000.000"),
        ("PET/CT", "16.000.000"),
    ] {
        assert!(rates.iter().any(|r| r.contains(device) && r.contains(amount)), "{device}: {amount} in {rates:?}");
    }
    let extension = fees.iter().find(|f| !f["percent"].is_null()).expect("the extension's phí");
    assert_eq!(
        (extension["percent"].as_f64(), extension["of"].as_str()),
        (Some(75.0), Some("phí thẩm định cấp giấy phép mới"))
    );
    let le_phi = fees.iter().find(|f| f["kind"] == "lệ phí").expect("the lệ phí row");
    assert_eq!(le_phi["amount"], 0, "Lệ phí cấp giấy phép: Không");
    let rows = method_rows("qt-06");
    assert!(rows[0].contains("Từ 2.000.000 đến 16.000.000 đồng/thiết bị"), "{rows:#?}");
    assert!(rows[0].contains("75 %"), "{rows:#?}");
    let renewal = quantities("qt-06", Some("Gia hạn giấy phép"));
    assert_eq!(renewal[..5], ["01 bản chính", "01 bản sao", "01 bản chính", "01 bản sao", "01 bản sao"]);
}

#[test]
fn json_ld_carries_the_real_codes_prices_and_the_province_as_the_area_served() {
    for (code, tthc) in [("qt-07", "1.000173"), ("qt-15", "2.002131")] {
        let ld = json_ld(code);
        assert_eq!(ld["identifier"], tthc, "{code}");
        assert_eq!(ld["areaServed"]["@type"], "AdministrativeArea");
        assert_eq!(ld["areaServed"]["name"], "Tỉnh Thanh Vân", "an area, not the parent body");
    }
    let offers = json_ld("qt-07")["offers"].as_array().unwrap().clone();
    assert!(offers.iter().any(|o| o["price"] == 200000 && o["name"] == "Trực tiếp"), "{offers:#?}");
    let qt06 = json_ld("qt-06")["offers"].as_array().unwrap().clone();
    let ranged = qt06.iter().find(|o| o["priceSpecification"].is_object()).expect("a ranged offer");
    assert_eq!(ranged["priceSpecification"]["minPrice"], 2000000);
    assert_eq!(ranged["priceSpecification"]["maxPrice"], 16000000);
}

#[test]
fn the_laws_the_records_cite_are_in_the_registry_and_linked() {
    let site = example_site();
    let html = page(site, "quy-trinh/qt-07/index.html");
    let basis = links_in(&html, "#can-cu-phap-ly");
    for number in ["18/2008/QH12", "142/2020/NĐ-CP", "287/2016/TT-BTC", "1915/QĐ-BKHCN"] {
        assert!(basis.iter().any(|(_, text)| text.contains(number)), "{number} linked: {basis:?}");
    }
    let note = links_in(&html, "#ho-so table.checklist:first-of-type tbody tr:first-child td.paper");
    assert!(
        note.iter().any(|(href, text)| text.ends_with("142/2020/NĐ-CP") && href.contains("van-ban/142-2020-nd-cp")),
        "a legal number in a dossier note is linked: {note:?}"
    );
    let fee_cell = links_in(&html, "#cach-thuc table.methods tr.method-in-person td.fee");
    assert!(fee_cell.iter().any(|(_, text)| text == "287/2016/TT-BTC"), "the fee's basis is linked: {fee_cell:?}");
}

#[test]
fn a_result_template_names_its_legal_document_as_a_link() {
    let html = page(example_site(), "quy-trinh/qt-11/index.html");
    let results = text_of(&html, "#thong-tin ul.results");
    assert!(results.contains("Thông báo tiếp nhận hồ sơ công bố hợp quy (Mẫu 3. TBTNHS, Phụ lục III"), "{results}");
    let links = links_in(&html, "#thong-tin ul.results");
    assert!(links.iter().any(|(href, text)| text == "28/2012/TT-BKHCN" && href.contains("van-ban/")), "{links:?}");
}

#[test]
fn qt06_says_each_limit_and_fee_once_with_the_cases_apart() {
    // Three methods with one limit and the same fees: one card, the per-case phí on a line each,
    // the lệ phí every case shares once.
    let rows = method_rows("qt-06");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let card = &rows[0];
    assert!(card.starts_with("Trực tiếp, trực tuyến, dịch vụ bưu chính"), "{card}");
    assert!(card.contains("Trực tuyến: Toàn trình; hồ sơ ký số"), "each method's own note stays, named: {card}");
    assert!(card.contains("Dịch vụ bưu chính: Người nộp trả cước"), "{card}");
    assert!(card.contains("15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"), "one card says its own origin: {card}");
    let html = page(example_site(), "quy-trinh/qt-06/index.html");
    let lines: Vec<String> = texts_of(&html, "#cach-thuc td.fee span.fee-line").iter().map(|t| squash(t)).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].starts_with("Cấp mới giấy phép: Phí: Từ 2.000.000 đến 16.000.000 đồng/thiết bị"), "{lines:#?}");
    assert!(lines[1].starts_with("Gia hạn giấy phép: Phí: 75 % phí thẩm định cấp giấy phép mới"), "{lines:#?}");
    assert_eq!(lines[2], "Miễn lệ phí", "{lines:#?}");
    assert!(texts_of(&html, "#cach-thuc p.limit-origin").is_empty(), "no line above a single card");
    // The JSON-LD still offers each fee: the shared lệ phí once per method, each phí per case.
    let offers = json_ld("qt-06")["offers"].as_array().unwrap().clone();
    let names: Vec<&str> = offers.iter().filter_map(|o| o["name"].as_str()).collect();
    assert!(names.contains(&"Trực tiếp – Cấp mới giấy phép") && names.contains(&"Dịch vụ bưu chính"), "{names:?}");
}

/// The numbers of the body's own headings ("5.1.3") and of the standard sections shown on the
/// page ("5.2" … "7"), from their anchors.
fn section_numbers(code: &str) -> (Vec<String>, Vec<String>) {
    let html = page(example_site(), &format!("quy-trinh/{code}/index.html"));
    let body = texts_of(&html, "main .prose h2, main .prose h3, main .prose h4")
        .iter()
        .map(|t| squash(t).split(' ').next().unwrap_or_default().trim_end_matches('.').to_owned())
        .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    let standard = html
        .select(&selector("main [id^=\"muc-\"]"))
        .filter_map(|e| e.value().id())
        .map(|id| id.trim_start_matches("muc-").replace('-', "."))
        .collect();
    (body, standard)
}

#[test]
fn the_bodys_own_sections_do_not_share_a_number_with_the_standard_ones() {
    for code in ["qt-06", "qt-15", "qt-07"] {
        let (body, standard) = section_numbers(code);
        assert!(standard.contains(&"5.4".to_owned()) && standard.contains(&"5.7".to_owned()), "{code}: {standard:?}");
        for number in &body {
            assert!(!standard.contains(number), "{code}: the body's {number} is also a standard section: {body:?}");
        }
    }
    let (body, _) = section_numbers("qt-06");
    assert_eq!(body, ["1", "2", "3", "4", "5", "5.1", "5.1.1", "5.1.2", "5.1.3", "5.1.4"]);
    // The revision log's places link where they say: rev 5 to the dossier, the fees and the body's
    // 5.1.3 (the sources), not to the time limit.
    let html = page(example_site(), "quy-trinh/qt-06/index.html");
    let log = links_in(&html, "#sua-doi");
    for (number, href) in [("5.2", "#muc-5-2"), ("5.6", "#muc-5-6"), ("5.1.3", "#5-1-3-nguon-cua-cac-so-lieu-thu-tuc")]
    {
        assert!(log.iter().any(|(h, t)| t == number && h == href), "{number} → {href} in {log:?}");
    }
}
