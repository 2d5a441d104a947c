//! Every kind of mistake staff make in a manual is reported with its code, the file, the exact
//! line (and column) and a useful hint — and all of a run's problems come out together.
//!
//! Each case copies the basic fixture and breaks one thing in it.

mod common;

use std::path::Path;

use common::*;
use sotay::diagnostic::{Diagnostic, Severity};
use sotay::pipeline::Outcome;

const QT07: &str = "content/procedures/QT-07.md";

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The file as a whole (line 0).
    WholeFile,
    /// The line holding `needle` in the broken file; no column check.
    Line(&'static str),
    /// The start of `target`, found inside the first `needle` of the broken file.
    Exactly { needle: &'static str, target: &'static str },
}

struct Case {
    name: &'static str,
    file: &'static str,
    breaks: fn(&Path),
    code: &'static str,
    at: At,
    /// Text the help must contain.
    help: Option<&'static str>,
    /// Text the message must contain.
    message: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "malformed TOML: a string without its closing quote",
            file: QT07,
            breaks: |root| {
                edit(root, QT07, "title = \"Quy trình cấp giấy phép thử nghiệm\"", "title = \"Quy trình cấp giấy phép")
            },
            code: "invalid-toml",
            at: At::Line("title = \"Quy trình cấp giấy phép\n"),
            help: Some("dấu ngoặc kép"),
            message: None,
        },
        Case {
            name: "malformed TOML: a table header without its bracket",
            file: QT07,
            breaks: |root| edit(root, QT07, "\n[procedure]\n", "\n[procedure\n"),
            code: "invalid-toml",
            at: At::Line("[procedure\n"),
            help: None,
            message: Some("thiếu dấu `]`"),
        },
        Case {
            name: "wrong type: revision is text",
            file: QT07,
            breaks: |root| edit(root, QT07, "revision = 1\nissued", "revision = \"hai\"\nissued"),
            code: "wrong-type",
            at: At::Exactly { needle: "revision = \"hai\"", target: "\"hai\"" },
            help: Some("không có dấu ngoặc kép"),
            message: Some("lần ban hành là một số nguyên"),
        },
        Case {
            name: "unknown key with a did-you-mean",
            file: QT07,
            breaks: |root| edit(root, QT07, "title = \"Quy trình", "titel = \"Quy trình"),
            code: "unknown-key",
            at: At::Exactly { needle: "titel", target: "titel" },
            help: Some("có phải ý bạn là `title`?"),
            message: Some("titel"),
        },
        Case {
            name: "unknown key in sotay.toml",
            file: "sotay.toml",
            breaks: |root| edit(root, "sotay.toml", "short_name = ", "shortname = "),
            code: "unknown-key",
            at: At::Exactly { needle: "shortname", target: "shortname" },
            help: Some("có phải ý bạn là `short_name`?"),
            message: None,
        },
        Case {
            name: "unknown enum value with a suggestion",
            file: QT07,
            breaks: |root| edit(root, QT07, "status = \"in-force\"", "status = \"in forse\""),
            code: "unknown-value",
            at: At::Exactly { needle: "status = \"in forse\"", target: "\"in forse\"" },
            help: Some("in-force"),
            message: Some("in forse"),
        },
        Case {
            name: "missing front matter",
            file: QT07,
            breaks: |root| write(root, QT07, "# Quy trình cấp giấy phép\n\nNội dung.\n"),
            code: "missing-front-matter",
            at: At::Exactly { needle: "# Quy trình", target: "#" },
            help: Some("+++"),
            message: None,
        },
        Case {
            name: "unterminated front matter",
            file: QT07,
            breaks: |root| edit(root, QT07, "+++\n\n## 1. Mục đích", "\n## 1. Mục đích"),
            code: "unterminated-front-matter",
            at: At::Exactly { needle: "+++", target: "+++" },
            help: Some("+++"),
            message: None,
        },
        Case {
            name: "empty file",
            file: QT07,
            breaks: |root| write(root, QT07, ""),
            code: "empty-file",
            at: At::WholeFile,
            help: None,
            message: None,
        },
        Case {
            name: "non-UTF-8 bytes",
            file: QT07,
            breaks: |root| {
                let mut bytes = std::fs::read(root.join(QT07)).unwrap();
                let at = find_bytes(&bytes, "Thẩm định".as_bytes());
                bytes.splice(at + 2..at + 2, [0xff, 0xfe]);
                std::fs::write(root.join(QT07), bytes).unwrap();
            },
            code: "not-utf8",
            // Read lossily, the first bad byte becomes U+FFFD.
            at: At::Exactly { needle: "Th\u{FFFD}", target: "\u{FFFD}" },
            help: Some("UTF-8"),
            message: None,
        },
        Case {
            name: "step times exceed a method's time limit",
            file: QT07,
            breaks: |root| edit(root, QT07, "time = \"8 ngày làm việc\"", "time = \"12 ngày làm việc\""),
            code: "steps-exceed-time-limit",
            at: At::Exactly { needle: "time_limit = \"10 ngày làm việc\"", target: "\"10" },
            help: None,
            message: Some("13,5 ngày làm việc"),
        },
        Case {
            name: "unknown unit in a step",
            file: QT07,
            breaks: |root| edit(root, QT07, "unit = \"vp\"\ntime = \"8", "unit = \"phong-x\"\ntime = \"8"),
            code: "unknown-unit",
            at: At::Exactly { needle: "unit = \"phong-x\"", target: "\"phong-x\"" },
            help: Some("sotay.toml"),
            message: Some("phong-x"),
        },
        Case {
            name: "unknown form code in a step",
            file: QT07,
            breaks: |root| {
                edit(
                    root,
                    QT07,
                    "time = \"0,5 ngày làm việc\"\nform = \"BM-07-01\"",
                    "time = \"0,5 ngày làm việc\"\nform = \"BM-07-10\"",
                )
            },
            code: "unknown-form",
            at: At::Exactly { needle: "form = \"BM-07-10\"", target: "\"BM-07-10\"" },
            help: Some("did you mean `BM-07-01`?"),
            message: Some("BM-07-10"),
        },
        Case {
            name: "no amendment entry for the current revision",
            file: QT07,
            breaks: |root| edit(root, QT07, "revision = 1\nissued", "revision = 2\nissued"),
            code: "missing-amendment",
            at: At::Exactly { needle: "revision = 2\nissued", target: "2" },
            help: Some("revision = 2"),
            message: None,
        },
        Case {
            name: "effective before issued",
            file: QT07,
            breaks: |root| edit(root, QT07, "effective = 2026-01-15", "effective = 2026-01-10"),
            code: "effective-before-issued",
            at: At::Exactly { needle: "effective = 2026-01-10", target: "2026-01-10" },
            help: None,
            message: Some("10/01/2026"),
        },
        Case {
            name: "a [[…]] link to a code no document has",
            file: QT07,
            breaks: |root| edit(root, QT07, "theo [[STCL]].", "theo [[QT-99]]."),
            code: "unknown-link",
            at: At::Exactly { needle: "[[QT-99]]", target: "[[QT-99]]" },
            help: Some("did you mean"),
            message: Some("QT-99"),
        },
    ]
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).position(|w| w == needle).expect("the bytes are in the file")
}

/// The expected (line, column) of a case in the broken file; column 0 means "not checked".
fn expected_position(root: &Path, case: &Case) -> (u32, u32) {
    let text = String::from_utf8_lossy(&std::fs::read(root.join(case.file)).unwrap()).into_owned();
    match case.at {
        At::WholeFile => (0, 0),
        At::Line(needle) => (position(&text, needle).0, 0),
        At::Exactly { needle, target } => {
            let start = text.find(needle).unwrap_or_else(|| panic!("{}: `{needle}` not in the file", case.name));
            let offset = needle.find(target).expect("the target is inside the needle");
            position_at(&text, start + offset)
        }
    }
}

/// The (line, column) of byte `at` of `text`.
fn position_at(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u32, text[line_start..at].chars().count() as u32 + 1)
}

fn check(case: &Case) -> Result<(), String> {
    let dir = copy_fixture("basic");
    (case.breaks)(dir.path());
    let outcome = run_public(dir.path());
    let all = describe(&outcome.diagnostics);
    if !outcome.failed(false) {
        return Err(format!("the run did not fail; diagnostics:\n{all}"));
    }
    let (line, column) = expected_position(dir.path(), case);
    let found: Vec<&Diagnostic> =
        outcome.diagnostics.iter().filter(|d| d.code == case.code && file_of(d) == case.file).collect();
    let Some(d) = found.iter().find(|d| d.loc.line == line && (column == 0 || d.loc.column == column)) else {
        return Err(format!("no `{}` at {}:{line}:{column}; diagnostics:\n{all}", case.code, case.file));
    };
    if d.severity != Severity::Error {
        return Err(format!("`{}` is not an error: {}", case.code, one_line(d)));
    }
    if let Some(help) = case.help {
        if !d.help.as_ref().is_some_and(|h| h.contains(help)) {
            return Err(format!("the help does not mention `{help}`: {}", one_line(d)));
        }
    }
    if let Some(message) = case.message {
        if !d.message.contains(message) {
            return Err(format!("the message does not mention `{message}`: {}", one_line(d)));
        }
    }
    // The broken file reports this problem and nothing else.
    let others: Vec<String> =
        outcome.diagnostics.iter().filter(|d| file_of(d) == case.file && d.code != case.code).map(one_line).collect();
    if !others.is_empty() {
        return Err(format!("unrelated diagnostics in {}: {others:#?}", case.file));
    }
    Ok(())
}

#[test]
fn each_broken_file_is_reported_with_its_code_file_line_and_column() {
    let cases = cases();
    // Each case is its own manual, so they run side by side.
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases.iter().map(|case| scope.spawn(move || check(case))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("the case panicked".into()))).collect()
    });
    let failures: Vec<String> =
        cases.iter().zip(results).filter_map(|(case, r)| r.err().map(|e| format!("[{}] {e}", case.name))).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn a_duplicate_code_names_both_files() {
    let dir = copy_fixture("basic");
    let copy = "content/procedures/QT-07-ban-sao.md";
    std::fs::copy(dir.path().join(QT07), dir.path().join(copy)).unwrap();
    edit(dir.path(), copy, "title = \"Quy trình cấp giấy phép thử nghiệm\"", "title = \"Bản sao\"");
    let outcome = run_public(dir.path());
    assert!(outcome.failed(false));
    let found: Vec<&Diagnostic> = outcome.diagnostics.iter().filter(|d| d.code == "duplicate-code").collect();
    assert_eq!(found.len(), 1, "one report per duplicate:\n{}", describe(&outcome.diagnostics));
    let d = found[0];
    let file = file_of(d);
    let other = if file == QT07 { copy } else { QT07 };
    assert!(file == QT07 || file == copy, "{}", one_line(d));
    assert_eq!((d.loc.line, d.loc.column), (2, 8), "points at the code's value: {}", one_line(d));
    let text = format!("{} {}", d.message.en, d.help.as_ref().map(|h| h.en.as_str()).unwrap_or(""));
    assert!(text.contains(other), "the other file is named: {}", one_line(d));
}

#[test]
fn a_byte_order_mark_and_windows_line_ends_build_cleanly() {
    let dir = copy_fixture("basic");
    for rel in [QT07, "sotay.toml", "legal/19-2014-qd-ttg.toml", "content/pages/lien-he.md"] {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        std::fs::write(&path, bytes).unwrap();
    }
    let site = clean_site(run_public(dir.path()));
    let html = page(&site, "quy-trinh/qt-07/index.html");
    assert_eq!(text_of(&html, "h1"), "QT-07 Quy trình cấp giấy phép thử nghiệm", "the BOM is not in the title");
    assert_eq!(texts_of(&html, "table.step-table tbody tr").len(), 3);
    assert!(!text(&site, "quy-trinh/qt-07/index.html").contains('\u{FEFF}'), "no BOM reaches the page");
}

#[test]
fn a_problem_in_a_crlf_file_is_reported_at_the_right_line() {
    let dir = copy_fixture("basic");
    let path = dir.path().join(QT07);
    let text = std::fs::read_to_string(&path).unwrap().replace("effective = 2026-01-15", "effective = 2026-01-10");
    let (line, column) = position(&text, "2026-01-10");
    std::fs::write(&path, format!("\u{FEFF}{}", text.replace('\n', "\r\n"))).unwrap();
    let outcome = run_public(dir.path());
    let d = outcome.diagnostics.iter().find(|d| d.code == "effective-before-issued").expect("the problem is found");
    assert_eq!((file_of(d).as_str(), d.loc.line, d.loc.column), (QT07, line, column), "{}", one_line(d));
}

#[test]
fn a_file_name_with_spaces_and_vietnamese_letters_builds_cleanly() {
    let dir = copy_fixture("basic");
    write(dir.path(), "content/pages/giới thiệu.md", "+++\ntitle = \"Giới thiệu\"\n+++\n\nXem [[QT-07]].\n");
    let site = clean_site(run_public(dir.path()));
    let html = page(&site, "trang/gioi-thieu/index.html");
    assert_eq!(text_of(&html, "h1"), "Giới thiệu");
    assert!(links(&within(&html, ".prose"))
        .contains(&("/quy-trinh/qt-07/".into(), "Quy trình cấp giấy phép thử nghiệm".into())));
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    // One problem per stage, each in its own file.
    std::fs::write(root.join("content/pages/lien-he.md"), b"+++\ntitle = \"Li\xean h\xe9\"\n+++\n").unwrap();
    edit(root, "content/procedures/QT-08.md", "owner = \"vp\"", "ower = \"vp\"");
    edit(root, "content/policies/CSCL.md", "theo [[STCL]]", "theo [[QT-99]]");
    edit(root, QT07, "effective = 2026-01-15", "effective = 2026-01-10");
    let outcome = run_public(root);
    let expected = [
        ("not-utf8", "content/pages/lien-he.md"),
        ("unknown-key", "content/procedures/QT-08.md"),
        ("unknown-link", "content/policies/CSCL.md"),
        ("effective-before-issued", QT07),
    ];
    for (code, file) in expected {
        assert!(
            outcome.diagnostics.iter().any(|d| d.code == code && file_of(d) == file && d.is_error()),
            "no {code} in {file}; diagnostics:\n{}",
            describe(&outcome.diagnostics)
        );
    }
    assert!(outcome.diagnostics.errors() >= 4, "{}", describe(&outcome.diagnostics));
    assert!(outcome.failed(false));
}

#[test]

fn a_misspelt_status_suggests_the_documented_spelling() {
    let dir = copy_fixture("basic");
    edit(dir.path(), QT07, "status = \"in-force\"", "status = \"in forse\"");
    let outcome = run_public(dir.path());
    let d = outcome.diagnostics.iter().find(|d| d.code == "unknown-value").expect("reported");
    let help = d.help.as_ref().map(|h| h.vi.as_str()).unwrap_or("");
    assert!(help.starts_with("có phải ý bạn là \"in-force\"?"), "{help}");
}

#[test]
fn a_file_that_fails_to_parse_causes_no_errors_in_the_files_that_refer_to_it() {
    let dir = copy_fixture("basic");
    edit(dir.path(), QT07, "revision = 1\nissued", "revision = \"hai\"\nissued");
    let outcome: Outcome = run_public(dir.path());
    let elsewhere: Vec<String> = outcome.diagnostics.iter().filter(|d| file_of(d) != QT07).map(one_line).collect();
    assert!(elsewhere.is_empty(), "follow-on errors in other files: {elsewhere:#?}");
}

#[test]
fn check_format_json_prints_positions_and_exits_1() {
    let dir = copy_fixture("basic");
    edit(dir.path(), QT07, "revision = 1\nissued", "revision = \"hai\"\nissued");
    edit(dir.path(), "content/policies/CSCL.md", "theo [[STCL]]", "theo [[QT-99]]");
    let root = dir.path().to_str().unwrap();
    let output = sotay_run(&["check", root, "--format", "json", "--date", DATE]);
    assert_eq!(exit_code(&output), 1, "{}", show(&output));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&output)));
    assert_eq!(report["ok"], false);
    let diagnostics = report["diagnostics"].as_array().expect("a diagnostics array");
    assert!(!diagnostics.is_empty());
    assert_eq!(
        report["errors"].as_u64().unwrap() as usize,
        diagnostics.iter().filter(|d| d["severity"] == "error").count()
    );
    for d in diagnostics {
        assert!(d["file"].is_string() && d["line"].is_u64() && d["column"].is_u64(), "{d}");
        assert!(d["code"].is_string() && d["message"].is_string(), "{d}");
    }
    let wrong_type = diagnostics.iter().find(|d| d["code"] == "wrong-type").expect("the wrong type is reported");
    assert_eq!(wrong_type["file"], QT07);
    let text = std::fs::read_to_string(dir.path().join(QT07)).unwrap();
    let (line, column) = position(&text, "\"hai\"");
    assert_eq!((wrong_type["line"].as_u64(), wrong_type["column"].as_u64()), (Some(line.into()), Some(column.into())));
    let link = diagnostics.iter().find(|d| d["code"] == "unknown-link" && d["file"] == "content/policies/CSCL.md");
    assert!(link.is_some(), "{diagnostics:#?}");

    // A clean manual checks with exit 0 and ok = true.
    let clean = sotay_run(&["check", fixture("basic").to_str().unwrap(), "--format", "json", "--date", DATE]);
    assert_eq!(exit_code(&clean), 0, "{}", show(&clean));
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
}

/// `check` renders only a sample of pages, but that sample has a page of every kind, its
/// history pages and a legal page: a template that fails on any kind of page fails `check` too,
/// with the same diagnostic as `build`.
#[test]
fn check_finds_a_template_that_fails_on_one_kind_of_page() {
    for (template, broken) in [
        ("procedure.html", "{{ doc.procedure.no_such_field | round }}"),
        ("form.html", "{{ doc.form.no_such_field | round }}"),
        ("legal.html", "{{ no_such_value | round }}"),
        ("history.html", "{{ no_such_value | round }}"),
    ] {
        let manual = copy_fixture("basic");
        let theme = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates").join(template),
        )
        .unwrap();
        write(
            manual.path(),
            &format!("templates/{template}"),
            theme.replace("{% endblock content %}", &format!("{broken}{{% endblock content %}}")),
        );
        let dir = manual.path().to_str().unwrap();
        let check = sotay_run(&["check", dir, "--date", "2026-11-22", "--format", "json"]);
        assert_eq!(exit_code(&check), 1, "{template}: {}", show(&check));
        let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        let codes: Vec<&str> =
            report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
        assert!(codes.contains(&"template-render"), "{template}: {codes:?}");
        let out = manual.path().join("out");
        let build = sotay_run(&["build", dir, "--out", out.to_str().unwrap(), "--date", "2026-11-22"]);
        // The fixture has no git history, so a build has no history page to render (issue 23):
        // `check` still renders history.html for one document, so the problem shows before git does.
        let fails = template != "history.html";
        assert_eq!(exit_code(&build), if fails { 1 } else { 0 }, "{template}: {}", show(&build));
    }
}
