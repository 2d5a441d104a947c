//! `sotay import` (issue 22): the Word fixtures of tests/fixtures/import/ (made by
//! make_fixtures.py) imported into a manual, and what a user sees — the written front matter
//! and body, the report, `sotay check` of the result, the built site — plus bad input and
//! byte-identical re-import.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sotay::diagnostic::Severity;
use sotay::import::{self, Options, Outcome, Report};
use sotay::model::Kind;
use sotay::pipeline::{self, BuildOptions};
use tempfile::TempDir;

fn word() -> PathBuf {
    common::fixture("import/word")
}

fn bad() -> PathBuf {
    common::fixture("import/bad")
}

/// A copy of the fixture manual (sotay.toml with units, two registry entries), no documents.
fn manual() -> TempDir {
    common::copy_fixture("import/manual")
}

fn options(dir: &Path) -> Options {
    Options { dir: dir.to_owned(), kind: None, dry_run: false, force: false }
}

fn import(inputs: &[PathBuf], options: &Options) -> Report {
    import::run(inputs, options).unwrap_or_else(|e| panic!("the import failed outright: {e}"))
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn file_report<'a>(report: &'a Report, name: &str) -> &'a import::FileReport {
    report.files.iter().find(|f| f.source.ends_with(name)).unwrap_or_else(|| panic!("no report for {name}"))
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn fixture_folder_becomes_a_manual_that_builds_issue_22() {
    let dir = manual();
    let report = import(&[word()], &options(dir.path()));
    assert_eq!((report.imported, report.failed), (12, 0), "{}", report.text(sotay::lang::Lang::Vi));
    let procedures = report.files.iter().filter(|f| f.kind == Some(Kind::Procedure.name())).count();
    assert_eq!(procedures, 8);
    let site = common::clean_site(common::run_public(dir.path()));
    let page = common::text(&site, "quy-trinh/qt-05/index.html");
    assert!(page.contains("Quy trình cấp chứng chỉ nhân viên bức xạ"), "the title is on the page");
    assert!(page.contains("Giấy chứng nhận đăng ký hoạt động"), "the dossier is on the page");
    assert!(page.contains("/nhap/qt-05/image1.png"), "the picture is linked");
    assert!(site.files.contains_key("nhap/qt-05/image1.png"), "the picture is published");
    assert!(site.files.keys().any(|k| k.ends_with("BM-05-01.docx")), "the form's original is published");
}

#[test]
fn header_signoff_amendments_and_steps_become_front_matter() {
    let dir = manual();
    let files = ["QT-08.docx", "QT-02.docx", "QT-07.docx", "BM-02-01.docx"].map(|f| word().join(f));
    import(&files, &options(dir.path()));
    let qt08 = read(dir.path(), "content/procedures/QT-08.md");
    for line in [
        "code = \"QT-08\"",
        "title = \"Quy trình giải quyết khiếu nại về đo lường\"",
        "revision = 3",
        "issued = 2025-09-15",
        "approved = { name = \"Trần Minh Khoa\", title = \"Giám đốc Sở\", date = 2025-09-12 }",
        "[[amendments]]\nrevision = 2\ndate = 2023-08-10\nwhere = \"Mục 5.4\"\nsummary = \"Rút ngắn thời hạn giải quyết\"",
        "  { number = \"118/2025/NĐ-CP\" },",
        "time_limit = \"10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ\"",
        "copy = \"bản sao có chứng thực\"",
        "[[procedure.records]]\nname = \"Sổ theo dõi giải quyết hồ sơ\"\nkept_by = \"bp-mc\"\nretention = \"Lâu dài\"",
    ] {
        assert!(qt08.contains(line), "QT-08.md lacks {line:?}:\n{qt08}");
    }
    assert_eq!(qt08.matches("[[procedure.steps]]").count(), 6);
    let qt02 = read(dir.path(), "content/procedures/QT-02.md");
    // Steps 3 and 4 share one merged "Trách nhiệm" cell in the Word table.
    let units: Vec<&str> = qt02.lines().filter(|l| l.starts_with("unit = ")).collect();
    assert_eq!(
        units,
        [
            "unit = \"bp-mc\"",
            "unit = \"qlkh\"",
            "unit = \"qlkh\"",
            "unit = \"qlkh\"",
            "unit = \"ld\"",
            "unit = \"bp-mc\""
        ]
    );
    assert!(qt02.contains("task = \"Tiếp nhận hồ sơ, kiểm tra thành phần, lập giấy tiếp nhận và hẹn trả kết quả\"\nunit = \"bp-mc\"\ntime = \"0,5 ngày làm việc\"\nform = \"BM-02-01\""));
    assert!(qt02.contains("name = \"Đơn đề nghị\"\nform = \"BM-02-01\""), "the dossier item names its form");
    // Headings by outline numbering (w:numPr) become numbered Markdown headings.
    assert!(qt02.contains("\n## 1. Mục đích\n") && qt02.contains("\n### 5.1 Cơ sở pháp lý\n"), "{qt02}");
    let qt07 = read(dir.path(), "content/procedures/QT-07.md");
    assert!(
        qt07.contains("kind = \"in-person\"\ntime_limit = \"10 ngày làm việc\"")
            && qt07.contains("kind = \"online\"\ntime_limit = \"10 ngày làm việc\""),
        "one method per labelled time limit: {qt07}"
    );
    assert!(qt07.contains("[[procedure.fees]]\nkind = \"phí\"\namount = 50000\nper = \"hồ sơ\""), "{qt07}");
    let form = read(dir.path(), "content/forms/BM-02-01.md");
    assert!(
        form.contains("title = \"Đơn đề nghị cấp giấy phép\"") && form.contains("files = [\"BM-02-01.docx\"]"),
        "{form}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("content/forms/BM-02-01.docx")).unwrap(),
        std::fs::read(word().join("BM-02-01.docx")).unwrap()
    );
}

#[test]
fn tcvn3_and_vni_paragraphs_read_as_unicode() {
    let dir = manual();
    let files = [word().join("QT-03.docx"), word().join("QT-04.docx"), word().join("QT-06.docx")];
    let report = import(&files, &options(dir.path()));
    let qt03 = read(dir.path(), "content/procedures/QT-03.md");
    assert!(
        qt03.contains("Quy trình này hướng dẫn trình tự, thủ tục giải quyết hồ sơ đúng hạn và minh bạch."),
        "{qt03}"
    );
    assert!(!qt03.contains('×') && !qt03.contains('¸'), "no TCVN3 letters left");
    let qt04 = read(dir.path(), "content/procedures/QT-04.md");
    assert!(qt04.contains("Áp dụng đối với tổ chức, cá nhân đề nghị và công chức được giao xử lý hồ sơ."), "{qt04}");
    let qt06 = read(dir.path(), "content/procedures/QT-06.md");
    assert!(
        qt06.contains("\nHồ sơ được giải quyết theo thứ tự tiếp nhận.\n"),
        "a paragraph style's .VnTime font counts: {qt06}"
    );
    assert!(file_report(&report, "QT-03.docx").notes.guesses.iter().any(|g| g.contains("TCVN3")));
    assert!(file_report(&report, "QT-04.docx").notes.guesses.iter().any(|g| g.contains("VNI")));
}

#[test]
fn report_names_guesses_and_keeps_what_it_cannot_place() {
    let dir = manual();
    let report = import(&[word().join("QT-05.docx"), word().join("QT-06.docx")], &options(dir.path()));
    let qt05 = file_report(&report, "QT-05.docx");
    assert!(
        qt05.notes
            .guesses
            .iter()
            .any(|g| g.contains("bước 2") && g.contains("Phòng Quản lý khoa học và công nghệ") && g.contains("(qlkh)")),
        "a near-miss unit name is a guess that says why: {:#?}",
        qt05.notes.guesses
    );
    let qt06 = file_report(&report, "QT-06.docx");
    assert!(qt06.notes.review.iter().any(|r| r.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")));
    assert!(qt06.notes.review.iter().any(|r| r.vi.starts_with("5.5") && r.contains("Điểm tiếp nhận")));
    let body = read(dir.path(), "content/procedures/QT-06.md");
    let kept = body.split("## Nội dung chưa xếp được khi nhập (cần xem lại)").nth(1).expect("the unplaced heading");
    assert!(kept.contains("| Điểm tiếp nhận | Giờ mở cửa |") && kept.contains("Sáng 7 giờ 30 – 11 giờ 30"), "{kept}");
    let summary = report.summary(sotay::lang::Lang::Vi);
    assert!(summary.starts_with("Đã nhập 2 tệp (0 không nhập được), điền "), "{summary}");
    assert!(summary.contains(&format!("{} mục cần xem lại", report.to_review)) && report.to_review > 0, "{summary}");
}

#[test]
fn check_of_the_imported_manual_has_only_what_the_report_announced() {
    let dir = manual();
    // Without the unit "Lãnh đạo Sở", step 5 names a unit the manual does not have.
    let toml = read(dir.path(), "sotay.toml").replace("[[units]]\nid = \"ld\"\nname = \"Lãnh đạo Sở\"\n", "");
    std::fs::write(dir.path().join("sotay.toml"), toml).unwrap();
    let report = import(&[word()], &options(dir.path()));
    let qt01 = file_report(&report, "QT-01.docx");
    assert_eq!(qt01.notes.unknown_units[0].written, "Lãnh đạo Sở");
    assert_eq!(qt01.notes.unknown_units[0].id, "lanh-dao-so");
    let announced: Vec<&String> = report.files.iter().flat_map(|f| &f.diagnostics).collect();
    let outcome = pipeline::check(&BuildOptions::new(dir.path()), &|_| {}).unwrap();
    let problems: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.to_string().lines().map(str::trim).collect::<Vec<_>>().join(" — "))
        .collect();
    assert!(problems.iter().any(|p| p.contains("unknown-unit") && p.contains("QT-01.md")), "{problems:#?}");
    for problem in &problems {
        assert!(announced.contains(&problem), "check found a problem the report did not announce: {problem}");
    }
}

#[test]
fn bad_files_give_one_line_reasons_and_the_others_go_on() {
    let dir = manual();
    let big = tempfile::tempdir().unwrap();
    let huge = big.path().join("QT-99.docx");
    std::fs::File::create(&huge).unwrap().set_len(51 * 1024 * 1024).unwrap();
    let report = import(&[bad(), huge, word().join("BM-01-01.docx")], &options(dir.path()));
    let reason = |name: &str| match &file_report(&report, name).outcome {
        Outcome::Failed { reason } => reason.clone(),
        other => panic!("{name} should have failed, got {other:?}"),
    };
    assert!(reason("hong.docx").contains("bị hỏng"));
    assert!(reason("cu.doc").contains("Word 97–2003") && reason("cu.doc").contains(".docx"));
    assert!(reason("mat-khau.docx").contains("mật khẩu"));
    assert!(reason("bom.docx").contains("quá lớn"));
    assert!(reason("khong-tieu-de.docx").contains("Mã hiệu"));
    assert!(reason("QT-99.docx").contains("50 MB"));
    for file in &report.files {
        if let Outcome::Failed { reason } = &file.outcome {
            assert!(!reason.contains('\n'), "one line: {reason}");
        }
    }
    assert_eq!((report.imported, report.failed), (1, 6));
    let written: Vec<String> = tree(dir.path()).into_keys().filter(|k| k.starts_with("content")).collect();
    assert_eq!(written, ["content/forms/BM-01-01.docx", "content/forms/BM-01-01.md"], "nothing for a failed file");
}

#[test]
fn second_import_gives_the_same_bytes() {
    let (first, second) = (manual(), manual());
    import(&[word()], &options(first.path()));
    import(&[word()], &options(second.path()));
    let mut again = options(first.path());
    again.force = true;
    let before = tree(first.path());
    import(&[word()], &again);
    assert_eq!(tree(first.path()), before, "importing again over the same files changes nothing");
    assert_eq!(tree(second.path()), before, "two manuals get the same bytes");
}

#[test]
fn existing_document_stays_without_force_and_dry_run_writes_nothing() {
    let dir = manual();
    let path = dir.path().join("content/procedures/QT-01.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "giữ nguyên").unwrap();
    let report = import(&[word().join("QT-01.docx")], &options(dir.path()));
    assert!(matches!(&report.files[0].outcome, Outcome::Failed { reason } if reason.contains("--force")));
    assert_eq!(read(dir.path(), "content/procedures/QT-01.md"), "giữ nguyên");
    let before = tree(dir.path());
    let mut dry = options(dir.path());
    dry.dry_run = true;
    let report = import(&[word().join("QT-02.docx")], &dry);
    assert!(matches!(&report.files[0].outcome, Outcome::Imported { written: false, .. }));
    assert!(report.summary(sotay::lang::Lang::Vi).starts_with("Sẽ nhập 1 tệp"));
    assert_eq!(tree(dir.path()), before, "--dry-run writes nothing");
}

#[test]
fn a_pdf_form_is_attached_as_it_is() {
    let dir = manual();
    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("BM-09-01.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%fixture\n").unwrap();
    let report = import(&[pdf], &options(dir.path()));
    let form = read(dir.path(), "content/forms/BM-09-01.md");
    assert!(form.contains("files = [\"BM-09-01.pdf\"]"), "{form}");
    assert!(report.files[0].notes.review.iter().any(|r| r.contains("ngày ban hành")), "what is missing is named");
    assert!(
        report.files[0].diagnostics.iter().any(|d| d.contains("missing-key") || d.contains("missing-")),
        "{:#?}",
        report.files[0].diagnostics
    );
}

#[test]
fn cli_prints_the_report_as_json_and_exits_0() {
    let dir = manual();
    let output = Command::new(env!("CARGO_BIN_EXE_sotay"))
        .args(["import", &word().to_string_lossy(), "--dir", &dir.path().to_string_lossy(), "--format", "json"])
        .output()
        .expect("run sotay");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    assert_eq!(json["imported"], 12);
    assert_eq!(json["failed"], 0);
    let qt01 = json["files"].as_array().unwrap().iter().find(|f| f["code"] == "QT-01").expect("QT-01");
    assert_eq!(qt01["status"], "imported");
    assert_eq!(qt01["document"], "content/procedures/QT-01.md");
    let bad = Command::new(env!("CARGO_BIN_EXE_sotay"))
        .args(["import", &bad().join("cu.doc").to_string_lossy(), "--dir", &dir.path().to_string_lossy()])
        .output()
        .expect("run sotay");
    assert_eq!(bad.status.code(), Some(1), "a file not imported is exit 1");
    let text = String::from_utf8_lossy(&bad.stdout);
    assert!(
        text.contains("cu.doc: không nhập: tệp .doc") && text.contains("Đã nhập 0 tệp (1 không nhập được)"),
        "{text}"
    );
}

#[test]
fn a_form_without_header_is_coded_by_its_file_name_when_told_it_is_a_form() {
    let dir = manual();
    let mut told = options(dir.path());
    told.kind = Some(Kind::Form);
    let report = import(&[bad().join("khong-tieu-de.docx")], &told);
    assert!(matches!(&report.files[0].outcome, Outcome::Imported { .. }), "{:?}", report.files[0].outcome);
    assert!(report.files[0].notes.guesses.iter().any(|g| g.contains("lấy theo tên tệp")));
    let form = read(dir.path(), "content/forms/khong-tieu-de.md");
    assert!(form.contains("code = \"khong-tieu-de\"") && form.contains("Ghi chép cuộc họp giao ban"), "{form}");
}
