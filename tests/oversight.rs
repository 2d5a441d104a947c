//! The oversight reports (issue 9, items 1–4): TTHC coverage against `catalog/tthc.csv`, the
//! ISO 9001 clause matrix, the review schedule and the document register — as `sotay check
//! --report …`, as diagnostics of every run, and as the internal pages under `quan-ly/`, which a
//! public build leaves out unless `[reports]` opts in (and then without internal documents).
//!
//! The fixture `tests/fixtures/oversight` is built as of 2026-11-22 (`common::DATE`): QT-01 is
//! due for review in 29 days, QT-02 in 30, QT-03 in 31, QT-04 was due yesterday; QT-02 and QT-03
//! implement the same TTHC; QT-04's TTHC is not catalogued; QT-90 is internal (the canary); the
//! catalogue lists 1.000001 twice and 1.000004 with no procedure; STCL excludes 8.3, which QT-02
//! claims; MTCL-2025 has an objective without a result.

mod common;

use common::*;
use serde_json::{json, Value};
use sotay::diagnostic::Diagnostic;
use sotay::pipeline::{self, Analysis};
use sotay::report::clauses::ClauseState;
use sotay::report::{clauses, coverage, reviews, Reach};

const FIXTURE: &str = "oversight";
const REGISTER_CSV: &str = "quan-ly/danh-muc-tai-lieu/register.csv";

fn analyse(root: &std::path::Path) -> Analysis {
    pipeline::analyse(&internal_options(root), &|_| {}, None).expect("the manual can be analysed")
}

/// The diagnostics of a code, as `file:line:column`.
fn located(diagnostics: &sotay::diagnostic::Diagnostics, code: &str) -> Vec<String> {
    diagnostics.iter().filter(|d| d.code == code).map(|d: &Diagnostic| d.loc.to_string()).collect()
}

/// `file:line:column` of `needle` in a fixture file (line and column from 1).
fn at(root: &std::path::Path, file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let (line, column) = position(&text, needle);
    format!("{file}:{line}:{column}")
}

fn report_json(root: &std::path::Path, report: &str) -> Value {
    let output = sotay_run(&["check", root.to_str().unwrap(), "--report", report, "--format", "json", "--date", DATE]);
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(&output)))
}

#[test]
fn coverage_report_counts_missing_extra_and_duplicated_codes() {
    let root = fixture(FIXTURE);
    let report = report_json(&root, "coverage");
    assert_eq!(report["catalogue"], "catalog/tthc.csv");
    assert_eq!(
        (report["total"].clone(), report["covered"].clone(), report["percent"].clone()),
        (json!(4), json!(3), json!(75.0))
    );
    let rows: Vec<Value> = report["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let docs: Vec<&Value> = p["documents"].as_array().unwrap().iter().map(|d| &d["code"]).collect();
            json!([p["code"], p["line"], docs])
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            json!(["1.000001", 2, ["QT-01"]]),
            json!(["1.000002", 3, ["QT-02", "QT-03"]]),
            json!(["1.000003", 4, ["QT-90"]]),
            json!(["1.000004", 5, []]),
        ]
    );
    assert_eq!(report["procedures"][0]["name"], "Cấp giấy phép một, lần đầu", "a quoted field with a comma");
    assert_eq!(report["procedures"][0]["decision"], "12/QĐ-UBND");
    assert_eq!(
        report["not_in_catalogue"],
        json!([{ "tthc_code": "1.000099", "document": {
            "code": "QT-04", "title": "Quy trình cấp giấy phép ngoài danh mục", "kind": "procedure",
            "file": "content/procedures/QT-04.md", "status": "in-force" } }])
    );
    assert_eq!(report["covered_twice"], json!(["1.000002"]));
    assert_eq!(report["duplicates"], json!([{ "code": "1.000001", "lines": [2, 6] }]));

    let output = sotay_run(&["check", root.to_str().unwrap(), "--report", "coverage", "--date", DATE]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("3 of 4 catalogued procedures covered (75.0%)"), "{text}");
    assert!(text.lines().any(|l| l.contains("1.000004") && l.contains("NOT COVERED")), "{text}");
}

#[test]
fn coverage_problems_are_warnings_at_their_rows_and_codes() {
    let root = fixture(FIXTURE);
    let outcome = run(&internal_options(&root));
    assert_eq!(outcome.diagnostics.errors(), 0, "{}", describe(&outcome.diagnostics));
    assert_eq!(located(&outcome.diagnostics, "duplicate-tthc"), vec!["catalog/tthc.csv:6:1"]);
    let duplicate = outcome.diagnostics.iter().find(|d| d.code == "duplicate-tthc").unwrap();
    assert!(duplicate.message.contains("lines 2 and 6"), "{:?}", duplicate.message);
    assert_eq!(
        located(&outcome.diagnostics, "tthc-not-in-catalogue"),
        vec![at(&root, "content/procedures/QT-04.md", "\"1.000099\"")]
    );
    assert_eq!(
        located(&outcome.diagnostics, "tthc-covered-twice"),
        vec![at(&root, "content/procedures/QT-03.md", "\"1.000002\"")]
    );
    // Every warning of the fixture is one the fixture means.
    let mut codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "duplicate-tthc",
            "excluded-clause-claimed",
            "objective-without-result",
            "review-overdue",
            "tthc-covered-twice",
            "tthc-not-in-catalogue"
        ]
    );
}

#[test]
fn bad_catalogue_rows_are_errors_at_their_line_and_column() {
    let dir = copy_fixture(FIXTURE);
    let csv = "STT,Mã thủ tục,Tên thủ tục\n1,1.000001,Một\n2,\"1.00002\",Hai\n3,,Ba\n4,1.000004,\n";
    write(dir.path(), "catalog/tthc.csv", csv);
    let outcome = run(&internal_options(dir.path()));
    let bad: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "bad-catalogue-row")
        .map(|d| format!("{} {}", d.loc, d.message.en))
        .collect();
    assert_eq!(bad.len(), 3, "{bad:#?}");
    assert!(bad[0].starts_with("catalog/tthc.csv:3:4 `1.00002` is not a TTHC code"), "{bad:#?}");
    assert!(bad[1].starts_with("catalog/tthc.csv:4:1 this catalogue row has no TTHC code"), "{bad:#?}");
    assert!(bad[2].starts_with("catalog/tthc.csv:5:3 the catalogue row of 1.000004 has no name"), "{bad:#?}");
    assert!(outcome.diagnostics.iter().filter(|d| d.code == "bad-catalogue-row").all(|d| d.help.is_some()));
    assert!(outcome.failed(false), "bad rows are errors");

    write(dir.path(), "catalog/tthc.csv", "STT,Tên thủ tục\n1,Một\n");
    let outcome = run(&internal_options(dir.path()));
    assert_eq!(located(&outcome.diagnostics, "bad-catalogue-header"), vec!["catalog/tthc.csv:1:1"]);
}

#[test]
fn english_headers_semicolons_a_bom_and_decomposed_letters_are_read() {
    let dir = copy_fixture(FIXTURE);
    let nfd = "Ca\u{0302}\u{0301}p gia\u{0302}\u{0301}y phe\u{0301}p mo\u{0323}\u{0302}t"; // "Cấp giấy phép một", NFD
    let csv = format!("\u{feff}Code;Name;Field;Level;Decision\n1.000001;{nfd};X;Province;12/QĐ-UBND\n");
    write(dir.path(), "catalog/tthc.csv", csv);
    let analysis = analyse(dir.path());
    let (catalog, problems) = sotay::parse::catalog::parse(&analysis.sources.catalog);
    assert!(problems.is_empty(), "{problems:?}");
    let resolved = analysis.resolved.unwrap();
    let report = coverage::coverage(&resolved, catalog.as_ref(), Reach::All);
    assert_eq!((report.total, report.covered, report.percent), (1, 1, Some(100.0)));
    assert_eq!(report.procedures[0].name, "Cấp giấy phép một", "NFC");
    assert_eq!(report.procedures[0].level.as_deref(), Some("Province"));
}

#[test]
fn a_toml_catalogue_works_like_the_csv() {
    let dir = copy_fixture(FIXTURE);
    std::fs::remove_file(dir.path().join("catalog/tthc.csv")).unwrap();
    write(
        dir.path(),
        "catalog/tthc.toml",
        "[[procedure]]\ncode = \"1.000001\"\nname = \"Một\"\n\n[[procedure]]\ncode = \"1.000004\"\nname = \"Bốn\"\nlevel = \"Cấp tỉnh\"\n",
    );
    let analysis = analyse(dir.path());
    let (catalog, _) = sotay::parse::catalog::parse(&analysis.sources.catalog);
    let report = coverage::coverage(analysis.resolved.as_ref().unwrap(), catalog.as_ref(), Reach::All);
    assert_eq!((report.total, report.covered, report.percent), (2, 1, Some(50.0)));
    assert_eq!(report.procedures[1].line, 6);
}

#[test]
fn clause_matrix_rolls_sub_clauses_up_and_respects_exclusions() {
    let root = fixture(FIXTURE);
    let analysis = analyse(&root);
    let matrix = clauses::matrix(analysis.resolved.as_ref().unwrap(), Reach::All);
    let row =
        |clause: &str| matrix.rows.iter().find(|r| r.clause == clause).unwrap_or_else(|| panic!("no row {clause}"));
    let codes = |docs: &[sotay::report::DocBrief]| docs.iter().map(|d| d.label().to_owned()).collect::<Vec<_>>();
    // 8.5.1 is claimed by QT-01: it serves 8.5 and 8 through it, but not its sibling 8.5.2.
    assert_eq!((row("8.5.1").state, codes(&row("8.5.1").documents)), (ClauseState::Served, vec!["QT-01".to_owned()]));
    assert_eq!(row("8.5").state, ClauseState::Served);
    assert!(row("8.5").documents.is_empty());
    assert_eq!(codes(&row("8.5").through_sub_clauses), ["QT-01"]);
    assert_eq!(codes(&row("8").through_sub_clauses), ["QT-01", "QT-02", "QT-03", "QT-04", "QT-90"]);
    assert_eq!(row("8.5.2").state, ClauseState::Unserved);
    // A claimed second-level clause serves its sub-clauses.
    assert_eq!(codes(&row("6.2").documents), ["MTCL-2025"]);
    // 8.3 is excluded with the scope's reason, sub-clauses too; it is not flagged.
    assert_eq!(row("8.3").state, ClauseState::Excluded);
    assert_eq!(row("8.3").exclusion.as_deref(), Some("Sở không thiết kế sản phẩm, dịch vụ."));
    assert_eq!(row("8.3.4").state, ClauseState::Excluded);
    assert!(!matrix.unserved.iter().any(|c| c.starts_with("8.3")));
    // Unserved clauses are flagged.
    assert_eq!(row("4.3").state, ClauseState::Served);
    assert!(matrix.unserved.contains(&"4.1") && matrix.unserved.contains(&"10.2"), "{:?}", matrix.unserved);
    assert_eq!(matrix.unserved.len(), matrix.rows.iter().filter(|r| r.state == ClauseState::Unserved).count());
    assert_eq!(matrix.rows.iter().filter(|r| r.depth == 1).count(), 7, "clauses 4 to 10");

    let outcome = run(&internal_options(&root));
    assert_eq!(
        located(&outcome.diagnostics, "excluded-clause-claimed"),
        vec![at(&root, "content/procedures/QT-02.md", "\"8.3\"")]
    );
    let report = report_json(&root, "clauses");
    assert_eq!(report["rows"].as_array().unwrap().len(), matrix.rows.len());
    assert_eq!(report["exclusions"][0]["clause"], "8.3");
}

#[test]
fn reviews_due_within_30_days_and_overdue_ones_are_listed() {
    let root = fixture(FIXTURE);
    let analysis = analyse(&root);
    let schedule = reviews::schedule(analysis.resolved.as_ref().unwrap(), Reach::All);
    let rows: Vec<(String, i64, bool)> =
        schedule.documents.iter().map(|r| (r.document.label().to_owned(), r.days, r.overdue)).collect();
    assert_eq!(
        rows,
        [("QT-04".to_owned(), -1, true), ("QT-01".to_owned(), 29, false), ("QT-02".to_owned(), 30, false)],
        "QT-03, 31 days ahead, is not due yet"
    );
    assert_eq!(schedule.documents[0].owner.as_deref(), Some("Văn phòng Sở"));
    let objectives: Vec<(&str, i32, &str)> =
        schedule.objectives.iter().map(|o| (o.document.label(), o.year, o.objective.as_str())).collect();
    assert_eq!(objectives, [("MTCL-2025", 2025, "Trả lời phản ánh trong 5 ngày")]);

    // Only the overdue review is a warning, at its next_review; the ended objective too.
    let outcome = run(&internal_options(&root));
    assert_eq!(
        located(&outcome.diagnostics, "review-overdue"),
        vec![at(&root, "content/procedures/QT-04.md", "next_review")]
    );
    assert_eq!(
        located(&outcome.diagnostics, "objective-without-result"),
        vec![at(&root, "content/objectives/MTCL-2025.md", "Trả lời phản ánh")]
    );
    assert!(outcome.diagnostics.iter().all(|d| !d.message.contains("QT-01") && !d.message.contains("QT-03")));

    // A day later QT-01 is 28 days ahead and QT-03 30: both listed.
    let report = {
        let output = sotay_run(&[
            "check",
            root.to_str().unwrap(),
            "--report",
            "reviews",
            "--format",
            "json",
            "--date",
            "2026-11-23",
        ]);
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    let listed: Vec<(&str, i64)> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["document"]["code"].as_str().unwrap(), r["days"].as_i64().unwrap()))
        .collect();
    assert_eq!(listed, [("QT-04", -2), ("QT-01", 28), ("QT-02", 29), ("QT-03", 30)]);
}

#[test]
fn a_review_interval_schedules_documents_without_next_review() {
    let dir = copy_fixture(FIXTURE);
    edit(
        dir.path(),
        "sotay.toml",
        "[[units]]\nid = \"vp\"",
        "[reports]\nreview_interval_months = 12\n\n[[units]]\nid = \"vp\"",
    );
    let analysis = analyse(dir.path());
    let schedule = reviews::schedule(analysis.resolved.as_ref().unwrap(), Reach::All);
    let overdue: Vec<(&str, i64, reviews::Basis)> =
        schedule.documents.iter().filter(|r| r.overdue).map(|r| (r.document.label(), r.days, r.basis)).collect();
    // Effective 21/11/2025 + 12 months = 21/11/2026: one day overdue.
    assert_eq!(
        overdue,
        [
            ("QT-04", -1, reviews::Basis::NextReview),
            ("QT-90", -1, reviews::Basis::Interval),
            ("STCL", -1, reviews::Basis::Interval)
        ]
    );
    let outcome = run(&internal_options(dir.path()));
    let stcl = at(dir.path(), "content/manual/STCL.md", "2025-11-21\nstatus");
    assert!(located(&outcome.diagnostics, "review-overdue").contains(&stcl), "{}", describe(&outcome.diagnostics));
}

#[test]
fn a_misspelt_reports_key_is_an_error_with_a_hint() {
    let dir = copy_fixture(FIXTURE);
    edit(
        dir.path(),
        "sotay.toml",
        "[[units]]\nid = \"vp\"",
        "[reports]\npublic_coverge = true\n\n[[units]]\nid = \"vp\"",
    );
    let outcome = run(&options(dir.path()));
    let problem = outcome.diagnostics.iter().find(|d| d.code == "unknown-key").expect("an unknown-key error");
    assert_eq!(problem.loc.to_string(), at(dir.path(), "sotay.toml", "public_coverge"));
    assert!(
        problem.help.as_ref().map(|h| h.vi.as_str()).unwrap_or_default().contains("có phải ý bạn là `public_coverage`"),
        "{problem:?}"
    );
}

#[test]
fn the_register_csv_has_a_bom_the_columns_and_every_controlled_document() {
    let root = fixture(FIXTURE);
    let site = run(&internal_options(&root)).site.expect("the internal build renders");
    let bytes = bytes(&site, REGISTER_CSV);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a byte-order mark, for Excel");
    assert!(
        bytes.ends_with(b"\r\n") && !String::from_utf8_lossy(&bytes).replace("\r\n", "").contains('\n'),
        "CRLF lines"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        headers,
        [
            "Mã hiệu",
            "Tên tài liệu",
            "Loại tài liệu",
            "Lần ban hành",
            "Ngày ban hành",
            "Ngày hiệu lực",
            "Đơn vị chủ trì",
            "Tình trạng",
            "Phạm vi"
        ]
    );
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    let codes: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(codes, ["STCL", "MTCL-2025", "QT-01", "QT-02", "QT-03", "QT-04", "QT-90"]);
    assert_eq!(
        rows[2],
        [
            "QT-01",
            "Quy trình cấp giấy phép một",
            "Quy trình",
            "1",
            "21/11/2025",
            "21/11/2025",
            "Văn phòng Sở",
            "Đang có hiệu lực",
            "Công khai"
        ]
    );
    assert_eq!(rows[6][8], "Nội bộ");

    // The command line prints the same file.
    let output =
        sotay_run(&["check", root.to_str().unwrap(), "--report", "register", "--format", "csv", "--date", DATE]);
    assert_eq!(output.stdout, bytes);
    let output = sotay_run(&["check", root.to_str().unwrap(), "--report", "coverage", "--format", "csv"]);
    assert_eq!(exit_code(&output), 2, "csv is only for the register: {}", show(&output));
}

#[test]
fn the_internal_dashboard_links_the_reports_and_lists_what_is_due() {
    let root = fixture(FIXTURE);
    let site = run(&internal_options(&root)).site.expect("the internal build renders");
    let dashboard = page(&site, "quan-ly/index.html");
    let hrefs: Vec<String> = links(&dashboard).into_iter().map(|(href, _)| href).collect();
    for target in [
        "/quan-ly/bao-phu-tthc/",
        "/quan-ly/ma-tran-iso/",
        "/quan-ly/danh-muc-tai-lieu/",
        "/quan-ly/danh-muc-tai-lieu/register.csv",
    ] {
        assert!(hrefs.iter().any(|h| h == target), "the dashboard links {target}: {hrefs:?}");
    }
    let reviews = texts_of(&dashboard, "table.reviews tbody tr");
    assert_eq!(reviews.len(), 3, "{reviews:?}");
    assert!(reviews[0].contains("QT-04") && reviews[0].contains("Quá hạn 1 ngày"), "{reviews:?}");
    assert!(reviews[1].contains("QT-01") && reviews[1].contains("Còn 29 ngày"), "{reviews:?}");
    assert!(!reviews.iter().any(|r| r.contains("QT-03")));
    assert!(text_of(&dashboard, "ul.objectives-without-result").contains("Trả lời phản ánh trong 5 ngày"));
    assert!(text_of(&dashboard, "ul.reports").contains("3/4 thủ tục hành chính có quy trình (75,0%)"));

    let coverage = page(&site, "quan-ly/bao-phu-tthc/index.html");
    assert_eq!(texts_of(&coverage, "tr.not-covered td:first-child"), ["1.000004"]);
    assert!(text_of(&coverage, "ul.duplicates").contains("1.000001 (dòng 2, 6)"));
    let matrix = page(&site, "quan-ly/ma-tran-iso/index.html");
    assert_eq!(text_of(&matrix, "tr[id='dieu-8.3'] .badge"), "Loại trừ");
    assert_eq!(text_of(&matrix, "tr[id='dieu-4.1'] .badge"), "Chưa có tài liệu");
    // Every internal page's footer leads to the dashboard.
    let home = page(&site, "index.html");
    assert!(links(&home).iter().any(|(href, _)| href == "/quan-ly/"));
}

#[test]
fn a_public_build_has_no_oversight_page_unless_the_manual_opts_in() {
    let root = fixture(FIXTURE);
    let site = run(&options(&root)).site.expect("the public build renders");
    let oversight: Vec<&String> = site.files.keys().filter(|p| p.starts_with("quan-ly/")).collect();
    assert!(oversight.is_empty(), "{oversight:?}");
    assert!(!site.files.contains_key("api/tthc-coverage.json"));
    for (path, bytes) in all_bytes(&site) {
        assert!(!contains_bytes(&bytes, CANARY), "{path} holds the internal document");
        assert!(!contains_bytes(&bytes, "quan-ly/"), "{path} links an internal page");
    }
}

#[test]
fn an_opted_in_public_build_shows_coverage_and_register_of_public_documents_only() {
    let dir = copy_fixture(FIXTURE);
    let opt_in = "[reports]\npublic_coverage = true\npublic_register = true\n\n[[units]]\nid = \"vp\"";
    edit(dir.path(), "sotay.toml", "[[units]]\nid = \"vp\"", opt_in);
    let site = run(&options(dir.path())).site.expect("the public build renders");
    let oversight: Vec<&str> = site.files.keys().filter(|p| p.starts_with("quan-ly/")).map(String::as_str).collect();
    assert_eq!(oversight, ["quan-ly/bao-phu-tthc/index.html", "quan-ly/danh-muc-tai-lieu/index.html", REGISTER_CSV]);
    for (path, bytes) in all_bytes(&site) {
        assert!(!contains_bytes(&bytes, CANARY), "{path} holds the internal document");
        assert!(!contains_bytes(&bytes, "QT-90"), "{path} names the internal document");
    }
    let csv_bytes = bytes(&site, REGISTER_CSV);
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let codes: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(codes, ["STCL", "MTCL-2025", "QT-01", "QT-02", "QT-03", "QT-04"]);
    let coverage = page(&site, "quan-ly/bao-phu-tthc/index.html");
    // Only published procedures count: 1.000003's procedure is internal.
    assert_eq!(texts_of(&coverage, "tr.not-covered td:first-child"), ["1.000003", "1.000004"]);
    assert!(text_of(&coverage, ".coverage-summary").contains("2/4"));
    let json = json_of(&site, "api/tthc-coverage.json");
    assert_eq!((json["covered"].as_u64(), json["total"].as_u64()), (Some(2), Some(4)), "{json}");
    let register = page(&site, "quan-ly/danh-muc-tai-lieu/index.html");
    assert!(register.select(&selector("th")).all(|th| squash(&th.text().collect::<String>()) != "Phạm vi"));
    assert!(!text(&site, "sitemap.xml").contains("quan-ly"));
}

/// Issue 18: a province's variant of a national TTHC (`….H01`) covers the catalogue row of its
/// national code and the other way round; two different variants do not match each other.
#[test]
fn local_variants_cover_their_national_code_in_the_coverage_report() {
    let root = fixture("local_variants");
    let report = report_json(&root, "coverage");
    let rows: Vec<Value> = report["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let docs: Vec<&Value> = p["documents"].as_array().unwrap().iter().map(|d| &d["code"]).collect();
            json!([p["code"], docs])
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            json!(["1.000011", ["QT-01", "QT-04"]]),
            json!(["1.000012.000.00.00.H01", ["QT-02"]]),
            json!(["1.000013.000.00.00.H02", []]),
        ]
    );
    assert_eq!((report["covered"].clone(), report["total"].clone()), (json!(2), json!(3)));
    let uncatalogued: Vec<(&Value, &Value)> = report["not_in_catalogue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (&u["tthc_code"], &u["document"]["code"]))
        .collect();
    assert_eq!(uncatalogued, vec![(&json!("1.000013.000.00.00.H01"), &json!("QT-03"))]);
    assert_eq!(report["covered_twice"], json!(["1.000011"]));

    let outcome = run(&internal_options(&root));
    assert_eq!(outcome.diagnostics.errors(), 0, "{}", describe(&outcome.diagnostics));
    assert_eq!(
        located(&outcome.diagnostics, "tthc-not-in-catalogue"),
        vec![at(&root, "content/procedures/QT-03.md", "\"1.000013.000.00.00.H01\"")]
    );
    assert_eq!(
        located(&outcome.diagnostics, "tthc-covered-twice"),
        vec![at(&root, "content/procedures/QT-04.md", "\"1.000011\"")]
    );
}

#[test]
fn the_example_shows_the_coverage_of_its_catalogue() {
    let root = content_example();
    let site = run(&internal_options(&root)).site.expect("the example renders");
    let coverage = page(&site, "quan-ly/bao-phu-tthc/index.html");
    // Every catalogued TTHC has a procedure since QT-16 (1.004545, issue 18); the fixture test
    // above shows the rows of TTHC without one.
    assert!(texts_of(&coverage, "tr.not-covered td:first-child").is_empty());
    assert!(text_of(&coverage, ".coverage-summary").contains("11/11"));
    // The catalogue lists the award by the province's variant, QT-14 by the national code.
    let rows = texts_of(&coverage, "tr");
    assert!(rows.iter().any(|r| r.contains("1.008871.000.00.00.H99") && r.contains("QT-14")), "{rows:#?}");
    let public = run(&options(&root)).site.expect("the example renders");
    assert!(!public.files.keys().any(|p| p.starts_with("quan-ly/")));
}

#[test]
fn serve_rebuilds_the_oversight_pages_when_the_catalogue_or_a_document_changes() {
    use sotay::serve::rebuild::Rebuilder;
    use std::collections::BTreeSet;
    let dir = copy_fixture(FIXTURE);
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(internal_options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    let edits = [
        ("catalog/tthc.csv", "1.000004,Cấp giấy phép bốn", "1.000099,Cấp giấy phép bốn"),
        ("content/procedures/QT-01.md", "next_review = 2026-12-21", "next_review = 2026-11-01"),
        ("content/procedures/QT-03.md", "tthc_code = \"1.000002\"", "tthc_code = \"1.000004\""),
    ];
    for (file, from, to) in edits {
        edit(root, file, from, to);
        let rebuilt = rebuilder.rebuild(&[std::path::PathBuf::from(file)].into_iter().collect()).unwrap();
        let incremental = rebuilt.site.expect("the rebuild succeeds");
        let full = run(&internal_options(root)).site.expect("the full build succeeds");
        for path in ["quan-ly/index.html", "quan-ly/bao-phu-tthc/index.html", REGISTER_CSV] {
            assert_eq!(incremental.text(path), full.text(path), "{path} after editing {file}");
        }
    }
    let site = run(&internal_options(root)).site.unwrap();
    let coverage = page(&site, "quan-ly/bao-phu-tthc/index.html");
    assert!(
        texts_of(&coverage, "tr.not-covered td:first-child").is_empty(),
        "the row renumbered to 1.000099 is covered by QT-04"
    );
    assert!(text_of(&page(&site, "quan-ly/index.html"), "table.reviews").contains("Quá hạn 21 ngày"));
}
