//! Issue 21: citations as agencies write them, built into a real page. The `legal-phrasing`
//! fixture's manual (STCL) cites laws with the provision before the law's name, lists of
//! articles, a number with a look-alike letter (U+00D0 for Đ), a clause with points, a date
//! that disagrees with the registry, permit numbers (built-in and declared in sotay.toml) and a
//! number written in Cyrillic letters that must stay plain. Its registry entries are test data.

mod common;

use common::*;
use sotay::diagnostic::{Diagnostic, Diagnostics};
use sotay::render::Site;
use std::sync::OnceLock;

const STCL: &str = "content/manual/STCL.md";
const PAGE: &str = "so-tay/stcl/index.html";

/// The fixture's run, once for all tests: a copy outside the repository, so the fixture's own
/// commits are not read as the manual's history.
fn outcome() -> &'static (Option<Site>, Diagnostics) {
    static RUN: OnceLock<(Option<Site>, Diagnostics)> = OnceLock::new();
    RUN.get_or_init(|| {
        let copy = copy_fixture("legal-phrasing");
        let outcome = run_public(copy.path());
        (outcome.site, outcome.diagnostics)
    })
}

fn site() -> &'static Site {
    outcome().0.as_ref().expect("warnings only: the site is rendered")
}

fn only(code: &str) -> Vec<&'static Diagnostic> {
    with_code(&outcome().1, code)
}

#[test]
fn the_fixture_gives_exactly_the_expected_warnings() {
    let mut codes: Vec<(String, String)> = codes_and_files(&outcome().1);
    codes.sort();
    let expected = [
        ("citation-date-mismatch", STCL),
        ("look-alike-letter", STCL),
        ("unknown-article", STCL),
        ("unknown-article", STCL),
        ("unknown-point", STCL),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(c, f)| ((*c).to_owned(), (*f).to_owned())).collect();
    assert_eq!(codes, expected, "{}", describe(&outcome().1));
}

#[test]
fn provisions_before_a_law_name_link_from_the_provision_to_the_article() {
    let links = links_in(&page(site(), PAGE), "main .prose");
    let expected = [
        ("/van-ban/60-2014-qh13/#dieu-16", "Điều 16 Luật Hộ tịch số 60/2014/QH13"),
        ("/van-ban/31-2024-qh15/#dieu-137", "Điều 137, Điều 138 Luật Đất đai số 31/2024/QH15"),
        ("/van-ban/31-2024-qh15/", "Điều 139 Luật Đất đai số 31/2024/QH15"),
        ("/van-ban/64-2025-qh15/", "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15"),
        ("/van-ban/19-2014-qd-ttg/", "Quyết định số 19/2014/Q\u{00D0}-TTg"),
        ("/van-ban/116-2015-tt-btc/#dieu-4-khoan-6", "khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC"),
        ("/van-ban/116-2015-tt-btc/", "Thông tư số 116/2015/TT-BTC"),
        // Point c is not listed: the link goes to the clause, and a warning says so.
        ("/van-ban/116-2015-tt-btc/#dieu-4-khoan-6", "điểm c khoản 6 Điều 4 Thông tư 116/2015/TT-BTC"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(h, t)| ((*h).to_owned(), (*t).to_owned())).collect();
    assert_eq!(links, expected, "permit numbers and the Cyrillic number are not linked");
}

#[test]
fn every_article_in_a_provision_list_is_checked_in_prose_and_in_legal_basis() {
    let unknown: Vec<&str> = only("unknown-article").iter().map(|d| d.message.vi.as_str()).collect();
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert!(unknown.iter().any(|m| m.contains("Điều 139") && m.contains("31/2024/QH15")), "{unknown:?}");
    assert!(unknown.iter().any(|m| m.contains("Điều 99") && m.contains("60/2014/QH13")), "{unknown:?}");
    let text = std::fs::read_to_string(fixture("legal-phrasing").join(STCL)).unwrap();
    let at = only("unknown-article").iter().find(|d| d.message.contains("Điều 139")).unwrap().loc.clone();
    let (line, _) = position(&text, "Điều 139 Luật Đất đai");
    assert_eq!(at.line, line, "the warning is at the citation's line");
}

#[test]
fn a_look_alike_letter_is_linked_as_written_and_warned_with_the_proper_spelling() {
    let [warning] = only("look-alike-letter")[..] else { panic!("{}", describe(&outcome().1)) };
    assert!(warning.message.vi.contains("U+00D0"), "{}", warning.message.vi);
    let help = warning.help.as_ref().map_or("", |h| h.vi.as_str());
    assert!(help.contains("19/2014/QĐ-TTg"), "the help spells it properly: {help}");
    let text = std::fs::read_to_string(fixture("legal-phrasing").join(STCL)).unwrap();
    assert_eq!((warning.loc.line, warning.loc.column), position(&text, "Quyết định số 19/2014/Q\u{00D0}"));
}

#[test]
fn a_point_the_registry_does_not_list_is_warned_naming_point_clause_and_article() {
    let [warning] = only("unknown-point")[..] else { panic!("{}", describe(&outcome().1)) };
    assert!(warning.message.vi.contains("điểm c khoản 6 Điều 4"), "{}", warning.message.vi);
}

#[test]
fn a_date_that_disagrees_with_the_registry_names_both_dates() {
    let [warning] = only("citation-date-mismatch")[..] else { panic!("{}", describe(&outcome().1)) };
    assert!(
        warning.message.vi.contains("11/08/2014") && warning.message.vi.contains("11/08/2015"),
        "{}",
        warning.message.vi
    );
}

#[test]
fn the_legal_page_has_clause_and_point_anchors_and_groups_cited_by_by_clause() {
    let html = page(site(), "van-ban/116-2015-tt-btc/index.html");
    for id in ["dieu-4", "dieu-4-khoan-5", "dieu-4-khoan-6", "dieu-4-khoan-6-diem-a", "dieu-4-khoan-6-diem-b"] {
        assert_eq!(html.select(&selector(&format!("#{id}"))).count(), 1, "#{id}");
    }
    let headings: Vec<(String, String)> = links_in(&html, "#vien-dan h3");
    assert!(headings.contains(&("#dieu-4-khoan-6".to_owned(), "khoản 6 Điều 4".to_owned())), "{headings:?}");
    assert!(
        headings.contains(&("#dieu-4-khoan-6-diem-b".to_owned(), "điểm b khoản 6 Điều 4".to_owned())),
        "{headings:?}"
    );
}

#[test]
fn an_unverified_entry_says_so_the_same_way_on_every_page() {
    let badge = |html: &scraper::Html, css: &str| texts_of(html, &format!("{css} .badge-unverified"));
    let legal = page(site(), "van-ban/31-2024-qh15/index.html");
    let manual = page(site(), PAGE);
    let index = page(site(), "van-ban/index.html");
    let wording = "Còn hiệu lực (chưa kiểm chứng)";
    assert_eq!(badge(&legal, "main .facts").iter().map(|t| squash(t)).collect::<Vec<_>>(), [wording]);
    assert!(badge(&manual, "#can-cu-phap-ly").iter().all(|t| squash(t) == wording));
    assert!(!badge(&manual, "#can-cu-phap-ly").is_empty(), "116/2015/TT-BTC is unverified");
    assert!(badge(&index, "main").iter().any(|t| squash(t) == wording));
    // A verified entry shows its plain status badge, who checked and when.
    let verified = page(site(), "van-ban/60-2014-qh13/index.html");
    assert!(badge(&verified, "main").is_empty());
    let line = text_of(&verified, "main .verified");
    assert!(line.contains("10/01/2026") && line.contains("Trần Thị B"), "{line}");
}

#[test]
fn sotay_new_legal_writes_type_issuer_and_year_and_refuses_a_misspelt_number() {
    let dir = copy_fixture("legal-phrasing");
    let root = dir.path().to_str().unwrap();
    let made = sotay_run(&["new", "legal", "26/2014/TT-BKHCN", "--dir", root]);
    assert_eq!(exit_code(&made), 0, "{}", show(&made));
    let text = std::fs::read_to_string(dir.path().join("legal/26-2014-tt-bkhcn.toml")).unwrap();
    for line in [
        "number = \"26/2014/TT-BKHCN\"",
        "type = \"Thông tư\"",
        "issuer = \"Bộ Khoa học và Công nghệ\"",
        "# signed = 2014-MM-DD",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    let again = sotay_run(&["new", "legal", "26/2014/TT-BKHCN", "--dir", root]);
    assert_ne!(exit_code(&again), 0, "an existing entry is not overwritten: {}", show(&again));
    for (bad, reason) in
        [("26-2014-TT-BKHCN", "thiếu dấu /"), ("26/2014/TT-BKHC\u{0421}N", "U+0421"), ("12/GP-SKHCN", "giấy phép")]
    {
        let refused = sotay_run(&["new", "legal", bad, "--dir", root]);
        let stderr = String::from_utf8_lossy(&refused.stderr).into_owned();
        assert_ne!(exit_code(&refused), 0, "{bad}: {}", show(&refused));
        assert!(stderr.contains(reason), "{bad}: the reason `{reason}` in {stderr}");
    }
    let files = std::fs::read_dir(dir.path().join("legal")).unwrap().count();
    assert_eq!(files, 6, "only the one new entry was written");
}

#[test]
fn check_report_legal_lists_unverified_unsourced_and_old_verifications() {
    let dir = copy_fixture("legal-phrasing");
    let root = dir.path();
    // 60/2014/QH13 was verified on 2026-01-10: old when the limit is 1 month before 2026-06-01.
    edit(
        root,
        "sotay.toml",
        "non_legal_codes = [\"GPMT\"]",
        "non_legal_codes = [\"GPMT\"]\nverified_max_age_months = 1",
    );
    let out =
        sotay_run(&["check", root.to_str().unwrap(), "--report", "legal", "--format", "json", "--date", "2026-06-01"]);
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", show(&out)));
    let numbers = |key: &str| -> Vec<String> {
        report[key].as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(numbers("unverified"), ["116/2015/TT-BTC", "19/2014/QĐ-TTg", "31/2024/QH15", "64/2025/QH15"]);
    assert_eq!(numbers("without_source"), ["116/2015/TT-BTC", "19/2014/QĐ-TTg", "31/2024/QH15", "64/2025/QH15"]);
    assert_eq!(numbers("verified_long_ago"), ["60/2014/QH13"]);
    assert_eq!(report["max_age_months"], 1);
    // The text follows the run's language: the manual's (Vietnamese), or `--lang en`.
    let text = |extra: &[&str]| {
        let mut args = vec!["check", root.to_str().unwrap(), "--report", "legal", "--date", "2026-06-01"];
        args.extend_from_slice(extra);
        String::from_utf8_lossy(&sotay_run(&args).stdout).into_owned()
    };
    let (vi, en) = (text(&[]), text(&["--lang", "en"]));
    assert!(vi.contains("Chưa kiểm chứng với văn bản gốc") && !vi.contains("Not checked"), "{vi}");
    assert!(!en.contains("Chưa kiểm chứng") && en.contains("Not checked against the official text"), "{en}");
}
