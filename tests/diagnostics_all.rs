//! Issue 20: every problem of a file in one run, each said once, at its own line, in plain
//! Vietnamese (English when the manual says `language = "en"`), without a word of Rust or serde.
//!
//! `tests/fixtures/diagnostics_all` is the basic manual with 20 mistakes planted in 5 files.

mod common;

use std::path::Path;

use common::*;
use sotay::diagnostic::{Diagnostic, Diagnostics};
use sotay::pipeline::{self, Outcome};

const QT07: &str = "content/procedures/QT-07.md";
const QT08: &str = "content/procedures/QT-08.md";
const BM: &str = "content/forms/BM-07-01.md";
const LAW: &str = "legal/12-2026-qd-ubnd.toml";
const CONFIG: &str = "sotay.toml";

/// The planted mistakes: the file, text on the mistake's line, and the code reported there.
const PLANTED: [(&str, &str, &str); 20] = [
    (QT07, "revision = \"ba\"", "wrong-type"),
    (QT07, "effective = \"2026-02-30\"", "invalid-value"),
    (QT07, "status = \"active\"", "unknown-value"),
    (QT07, "owner = \"nobody\"", "unknown-unit"),
    (QT07, "next_reviw", "unknown-key"),
    (QT07, "fee = 100.000", "wrong-type"),
    (QT08, "iso_clauses = \"8.1\"", "wrong-type"),
    (QT08, "level = \"tinh\"", "unknown-value"),
    (QT08, "time = \"2 tuần\"", "invalid-value"),
    (QT08, "kept_by = 5", "wrong-type"),
    (BM, "weight = \"một\"", "wrong-type"),
    (BM, "date = \"05/13/2026\"", "invalid-value"),
    (BM, "files = \"BM-07-01.pdf\"", "wrong-type"),
    (BM, "[[QT-99]]", "unknown-link"),
    (LAW, "effective_fro", "unknown-key"),
    (LAW, "effective_to = \"không\"", "invalid-value"),
    (LAW, "based_on = \"19/2014/QĐ-TTg\"", "wrong-type"),
    (CONFIG, "emial", "unknown-key"),
    (CONFIG, "theme = 5", "wrong-type"),
    (CONFIG, "name = 5", "wrong-type"),
];

/// Words of Rust and serde that no user may read.
const JARGON: [&str; 8] = ["u32", "u64", "f64", "invalid type", "serde", "expected a", "struct ", "i32"];

fn check(root: &Path) -> Outcome {
    let mut outcome = pipeline::check(&options(root), &|_| {}).unwrap_or_else(|e| panic!("the check failed: {e}"));
    outcome.diagnostics = without_notes(&outcome.diagnostics);
    outcome
}

fn line_of(root: &Path, file: &str, needle: &str) -> u32 {
    position(&std::fs::read_to_string(root.join(file)).unwrap(), needle).0
}

fn assert_plain(diagnostics: &Diagnostics) {
    assert!(!diagnostics.is_empty(), "nothing to look at");
    for d in diagnostics {
        let help = d.help.clone().unwrap_or_default();
        let text = format!("{} {} {} {}", d.message.vi, d.message.en, help.vi, help.en);
        for word in JARGON {
            assert!(!text.contains(word), "`{word}` in {}", one_line(d));
        }
    }
}

/// The one diagnostic with `code` at `file`'s line holding `needle`.
fn at<'a>(diagnostics: &'a Diagnostics, root: &Path, (file, needle, code): (&str, &str, &str)) -> &'a Diagnostic {
    let line = line_of(root, file, needle);
    let found: Vec<&Diagnostic> =
        diagnostics.iter().filter(|d| file_of(d) == file && d.code == code && d.loc.line == line).collect();
    assert_eq!(found.len(), 1, "one {code} at {file}:{line} ({needle}); all:\n{}", describe(diagnostics));
    found[0]
}

#[test]
fn twenty_planted_mistakes_in_five_files_are_all_reported_in_one_run_each_once_at_its_line() {
    let root = fixture("diagnostics_all");
    let outcome = check(&root);
    for planted in PLANTED {
        at(&outcome.diagnostics, &root, planted);
    }
    assert_eq!(
        outcome.diagnostics.iter().count(),
        PLANTED.len(),
        "exactly the planted mistakes, nothing said twice:\n{}",
        describe(&outcome.diagnostics)
    );
    assert_plain(&outcome.diagnostics);
    // Every document was read, the broken ones too.
    let clean = check(&fixture("basic"));
    assert_eq!((outcome.documents, outcome.unread), (clean.documents, 0));
}

#[test]
fn five_mistakes_in_one_file_are_five_diagnostics_at_their_places_in_plain_vietnamese() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    edit(root, QT07, "revision = 1\nissued", "revision = \"ba\"\nissued");
    edit(root, QT07, "status = \"in-force\"", "status = \"active\"");
    edit(root, QT07, "owner = \"vp\"", "owner = \"nobody\"\nnext_reviw = 2027-01-15");
    edit(root, QT07, "effective = 2026-01-15", "effective = \"2026-02-30\"");
    let outcome = check(root);
    let text = std::fs::read_to_string(root.join(QT07)).unwrap();
    let expect = [
        ("\"ba\"", "wrong-type", "lần ban hành là một số nguyên, ví dụ `revision = 3`"),
        ("\"active\"", "unknown-value", "`status` không nhận giá trị \"active\""),
        ("\"nobody\"", "unknown-unit", "nobody"),
        ("next_reviw", "unknown-key", "không có trường `next_reviw`"),
        ("\"2026-02-30\"", "invalid-value", "`\"2026-02-30\"` không phải là một ngày hợp lệ"),
    ];
    for (needle, code, message) in expect {
        let (line, column) = position(&text, needle);
        let d = outcome
            .diagnostics
            .iter()
            .find(|d| d.code == code && file_of(d) == QT07)
            .unwrap_or_else(|| panic!("no {code}:\n{}", describe(&outcome.diagnostics)));
        assert_eq!((d.loc.line, d.loc.column), (line, column), "{}", one_line(d));
        assert!(d.message.contains(message), "{}", one_line(d));
    }
    assert_eq!(outcome.diagnostics.iter().count(), 5, "{}", describe(&outcome.diagnostics));
    let unknown_key = with_code(&outcome.diagnostics, "unknown-key")[0];
    assert!(
        unknown_key.help.as_ref().unwrap().vi.starts_with("có phải ý bạn là `next_review`?"),
        "{}",
        one_line(unknown_key)
    );
    // QT-07 is still a document: the policy's and the form's links to it resolve.
    assert_eq!(outcome.documents, check(&fixture("basic")).documents);
    assert_plain(&outcome.diagnostics);
}

#[test]
fn a_file_that_cannot_be_read_is_counted_in_the_summary() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let clean = check(root).documents;
    write(root, "content/procedures/QT-09.md", "+++\ncode = \"QT-09\"\ntitle = \"Quy trình\"\n\nNo closing line.\n");
    write(
        root,
        "content/procedures/QT-10.md",
        "+++\ncode = \"QT-10\"\ntitle = Quy trình không có ngoặc kép\n+++\nText.\n",
    );
    let outcome = check(root);
    assert_eq!((outcome.documents, outcome.unread), (clean, 2), "{}", describe(&outcome.diagnostics));
    let unquoted = with_code(&outcome.diagnostics, "unquoted-text");
    assert_eq!(unquoted.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(unquoted[0].message.contains("`title = \"Quy trình không có ngoặc kép\"`"), "{}", one_line(unquoted[0]));

    let output = sotay_run(&["check", root.to_str().unwrap(), "--date", DATE]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = format!("Đã kiểm tra {clean} tài liệu (và 2 tài liệu không đọc được)");
    assert!(stderr.contains(&summary), "{stderr}");
    let english = sotay_run(&["check", root.to_str().unwrap(), "--date", DATE, "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(stderr.contains(&format!("Checked {clean} documents (2 more could not be read)")), "{stderr}");
    let json = sotay_run(&["check", root.to_str().unwrap(), "--format", "json", "--date", DATE]);
    let report: serde_json::Value =
        serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&json)));
    assert_eq!(report["unread"], 2, "{report}");
}

#[test]
fn more_than_fifty_problems_in_a_file_end_with_how_many_more() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let extra: String = (0..60).map(|i| format!("extra_{i} = 1\n")).collect();
    edit(root, QT07, "owner = \"vp\"\n", &format!("owner = \"vp\"\n{extra}"));
    let all = pipeline::check(&options(root), &|_| {}).unwrap().diagnostics;
    let in_qt07: Vec<&Diagnostic> = all.iter().filter(|d| file_of(d) == QT07).collect();
    assert_eq!(in_qt07.iter().filter(|d| d.code == "unknown-key").count(), 50);
    let more = in_qt07.iter().find(|d| d.code == "more-problems").expect("the rest is counted");
    assert!(more.message.contains("10 lỗi nữa"), "{}", one_line(more));
}

#[test]
fn an_english_manual_gets_english_messages_without_jargon() {
    let dir = copy_fixture("diagnostics_all");
    let root = dir.path();
    edit(root, CONFIG, "language = \"vi\"", "language = \"en\"");
    let outcome = check(root);
    let revision = at(&outcome.diagnostics, root, PLANTED[0]);
    assert_eq!(revision.message.en, "the revision is a whole number, e.g. `revision = 3`");
    let fee = at(&outcome.diagnostics, root, PLANTED[5]);
    assert!(fee.message.en.starts_with("write an amount of money as digits only"), "{}", one_line(fee));
    assert_plain(&outcome.diagnostics);
}

#[test]
fn a_law_replaced_before_the_document_took_effect_is_one_warning() {
    let dir = copy_fixture("legal");
    let root = dir.path();
    edit(root, "content/manual/STCL.md", "{ number = \"66/2025/QH15\" }", "{ number = \"77/2015/QH13\" }");
    edit(
        root,
        "legal/77-2015-qh13.toml",
        "effective_from = 2016-07-01",
        "effective_from = 2016-07-01\neffective_to = 2025-03-31",
    );
    let diagnostics = check_public(root);
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| file_of(d) == "content/manual/STCL.md").collect();
    assert_eq!(found.len(), 1, "one cause, one warning:\n{}", describe(&diagnostics));
    assert_eq!(found[0].code, "cites-ended");
    assert!(
        found[0].message.contains("01/03/2026") && found[0].message.contains("66/2025/QH15"),
        "{}",
        one_line(found[0])
    );
}

#[test]
fn a_citation_in_conditions_is_reported_at_its_condition_not_at_the_table() {
    let dir = copy_fixture("legal");
    let root = dir.path();
    let qt01 = "content/procedures/QT-01.md";
    edit(root, qt01, "Điều 5 Nghị định số 118/2025/NĐ-CP.", "Điều 5 Nghị định số 118/2099/NĐ-CP.");
    let diagnostics = check_public(root);
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| file_of(d) == qt01).collect();
    assert_eq!(found.len(), 1, "{}", describe(&diagnostics));
    assert_eq!(found[0].loc.line, line_of(root, qt01, "118/2099/NĐ-CP"), "{}", one_line(found[0]));
}
