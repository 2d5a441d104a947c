//! Issue 16, findings 4, 8 and 10: one URL policy for every link that comes from sotay.toml or
//! the legal registry (a `javascript:` website or registry source is an error at its line and
//! never reaches an `href`), feeds that stay well-formed whatever a title or `base_url` holds,
//! and the validation gaps (an absurd fee, year 0, a catalogue row with an unclosed quote, an
//! edition named `.` or `..`, `--out /`).

mod common;

use common::*;
use scraper::Html;
use sotay::diagnostic::Diagnostics;
use sotay::model::Audience;
use sotay::render::Site;

/// Script and data links in the spellings browsers accept, each with a marker that must never
/// reach an output file.
const HOSTILE: &[&str] = &[
    "javascript:alert('URL-CANARY-1')//",
    "JaVaScRiPt:alert('URL-CANARY-2')",
    "java\tscript:alert('URL-CANARY-3')",
    " javascript:alert('URL-CANARY-4')",
    "data:text/html,<script>alert('URL-CANARY-5')</script>",
    "vbscript:msgbox('URL-CANARY-6')",
];

const SOTAY: &str = "sotay.toml";
const LEGAL_SOURCE: &str = "legal/12-2026-qd-ubnd.toml";
const LEGAL_VERIFIED: &str = "legal/19-2014-qd-ttg.toml";
const QT07: &str = "content/procedures/QT-07.md";

/// A TOML basic string holding `text`.
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The basic fixture with `url` as the agency's website, a registry entry's `source` and another
/// entry's `verified.source`.
fn with_urls(url: &str) -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let value = toml_str(url);
    edit(root, SOTAY, "email = \"iso@example.gov.vn\"", &format!("email = \"iso@example.gov.vn\"\nwebsite = {value}"));
    edit(root, LEGAL_SOURCE, "signed = 2026-01-05", &format!("signed = 2026-01-05\nsource = {value}"));
    let verified = std::fs::read_to_string(root.join(LEGAL_VERIFIED)).unwrap();
    write(root, LEGAL_VERIFIED, format!("{verified}\n[verified]\nsource = {value}\ndate = 2026-01-02\n"));
    dir
}

/// Where the value of `key = ` starts in the file `rel` of `root`.
fn value_position(root: &std::path::Path, rel: &str, key: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let (line, _) = position(&text, &format!("\n{key} = "));
    (line + 1, key.chars().count() as u32 + 4)
}

/// A URL as a browser reads its scheme: spaces and controls dropped, lower case.
fn normalised(url: &str) -> String {
    url.chars().filter(|c| *c > ' ').collect::<String>().to_ascii_lowercase()
}

/// Every attribute of every HTML output that holds a script or data URL, as "file: attr=value".
fn script_urls(site: &Site) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in all_bytes(site) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for element in html.select(&selector("*")) {
            for (name, value) in element.value().attrs() {
                let url = normalised(value);
                if ["javascript:", "vbscript:", "data:"].iter().any(|s| url.starts_with(s)) {
                    found.push(format!("{path}: {name}={value}"));
                }
            }
        }
    }
    found
}

/// Output files holding `marker` anywhere in their bytes.
fn files_with(site: &Site, marker: &str) -> Vec<String> {
    all_bytes(site).into_iter().filter(|(_, b)| contains_bytes(b, marker)).map(|(p, _)| p).collect()
}

fn unsafe_urls(diagnostics: &Diagnostics) -> Vec<(String, u32, u32)> {
    let mut found: Vec<_> =
        with_code(diagnostics, "unsafe-url").iter().map(|d| (file_of(d), d.loc.line, d.loc.column)).collect();
    found.sort();
    found
}

#[test]
fn script_urls_in_config_and_registry_are_errors_at_their_line_and_never_reach_an_href() {
    for url in HOSTILE {
        let dir = with_urls(url);
        let root = dir.path();
        let mut expected = vec![
            (LEGAL_SOURCE.to_owned(), value_position(root, LEGAL_SOURCE, "source")),
            (LEGAL_VERIFIED.to_owned(), value_position(root, LEGAL_VERIFIED, "source")),
            (SOTAY.to_owned(), value_position(root, SOTAY, "website")),
        ]
        .into_iter()
        .map(|(f, (l, c))| (f, l, c))
        .collect::<Vec<_>>();
        expected.sort();
        let marker = url.split('\'').nth(1).expect("the payload has a marker");
        for audience in [Audience::Public, Audience::Internal] {
            let mut opts = options(root);
            opts.audience = audience;
            let outcome = run(&opts);
            assert_eq!(unsafe_urls(&outcome.diagnostics), expected, "{url:?}:\n{}", describe(&outcome.diagnostics));
            let error = with_code(&outcome.diagnostics, "unsafe-url")[0];
            assert!(error.help.as_ref().map(|h| h.en.as_str()).is_some_and(|h| h.contains("https://")), "{error}");
            let site = outcome.site.expect("the site still renders, for the preview");
            assert_eq!(script_urls(&site), Vec::<String>::new(), "{url:?} ({audience:?})");
            assert_eq!(files_with(&site, marker), Vec::<String>::new(), "{url:?} ({audience:?}) is not written at all");
        }
    }
}

#[test]
fn https_mailto_tel_and_relative_links_still_work() {
    for url in [
        "https://so-thu-nghiem.example.gov.vn/gioi-thieu/",
        "mailto:iso@example.gov.vn",
        "tel:+842000000000",
        "/gioi-thieu/",
    ] {
        let dir = with_urls(url);
        let site = clean_site(run_public(dir.path()));
        let home = page(&site, "index.html");
        assert!(links(&home).iter().any(|(href, _)| href == url), "{url} is the footer's website link");
        let legal = page(&site, "van-ban/12-2026-qd-ubnd/index.html");
        assert!(links(&legal).iter().any(|(href, _)| href == url), "{url} is the registry entry's source link");
    }
}

#[test]
fn verified_source_may_name_a_printed_source_as_text() {
    let dir = with_urls("https://vbpl.example.vn/12");
    edit(
        dir.path(),
        LEGAL_VERIFIED,
        "source = \"https://vbpl.example.vn/12\"",
        "source = \"Công báo số 12, ngày 2/1/2026\"",
    );
    let site = clean_site(run_public(dir.path()));
    let legal = page(&site, "van-ban/19-2014-qd-ttg/index.html");
    assert!(text_of(&legal, ".verified").contains("Công báo số 12, ngày 2/1/2026"));
    assert!(links_in(&legal, ".verified").is_empty(), "a printed source is not a link");
}

fn feed_of(site: &Site) -> String {
    let feed = text(site, "thay-doi/atom.xml").to_owned();
    roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("the feed is not well-formed XML: {e}\n{feed}"));
    feed
}

#[test]
fn a_form_feed_in_a_title_gives_a_well_formed_feed_and_a_warning_at_the_title() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    edit(
        root,
        QT07,
        "title = \"Quy trình cấp giấy phép thử nghiệm\"",
        "title = \"Quy trình cấp\\f giấy phép\\u0001 thử nghiệm\"",
    );
    let outcome = run_public(root);
    let warnings = with_code(&outcome.diagnostics, "control-character");
    assert_eq!(warnings.len(), 1, "{}", describe(&outcome.diagnostics));
    let source = std::fs::read_to_string(root.join(QT07)).unwrap();
    assert_eq!((warnings[0].loc.line, warnings[0].loc.column), position(&source, "\"Quy trình cấp"));
    assert_eq!(warnings[0].severity, sotay::diagnostic::Severity::Warning);
    let site = outcome.site.expect("a warning does not stop the site");
    let feed = feed_of(&site);
    let parsed = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = parsed.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert!(titles.iter().any(|t| t.contains("Quy trình cấp  giấy phép  thử nghiệm")), "{titles:?}");
    roxmltree::Document::parse(text(&site, "sitemap.xml")).unwrap_or_else(|e| panic!("sitemap.xml: {e}"));
}

#[test]
fn a_hostile_base_url_is_an_error_at_its_line_and_reaches_no_feed_sitemap_or_robots() {
    for hostile in [
        "https://so-thu-nghiem.example.gov.vn/a&b/",
        "https://so-thu-nghiem.example.gov.vn/\"><script>alert('BASE-CANARY')</script><x a=\"",
        "https://so-thu-nghiem.example.gov.vn/\nSitemap: https://evil.example/",
        "javascript:alert('BASE-CANARY')//",
    ] {
        let dir = copy_fixture("basic");
        let root = dir.path();
        let base = "base_url = \"https://so-thu-nghiem.example.gov.vn/\"";
        edit(root, SOTAY, base, &format!("base_url = {}", toml_str(hostile)));
        let outcome = run_public(root);
        let errors = with_code(&outcome.diagnostics, "invalid-base-url");
        assert_eq!(errors.len(), 1, "{hostile:?}: {}", describe(&outcome.diagnostics));
        let (line, column) = value_position(root, SOTAY, "base_url");
        assert_eq!((file_of(errors[0]), errors[0].loc.line, errors[0].loc.column), (SOTAY.to_owned(), line, column));
        let site = outcome.site.expect("the site renders with the fallback base");
        let feed = feed_of(&site);
        let parsed = roxmltree::Document::parse(&feed).unwrap();
        assert!(!parsed.descendants().any(|n| n.has_tag_name("script")), "{feed}");
        for path in ["thay-doi/atom.xml", "robots.txt", "index.html"] {
            let written = text(&site, path);
            for bad in ["a&b", "BASE-CANARY", "evil.example"] {
                assert!(!written.contains(bad), "{hostile:?}: {path} holds {bad}");
            }
        }
    }
}

#[test]
fn a_hostile_base_url_on_the_command_line_is_refused_before_anything_is_written() {
    let manual = copy_fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let root = manual.path().to_str().unwrap();
    let output = sotay_run(&["build", root, "--out", target.to_str().unwrap(), "--base-url", "https://x.example/a&b/"]);
    assert_eq!(exit_code(&output), 2, "{}", show(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--base-url"), "{}", show(&output));
    assert!(!target.exists(), "nothing is written");
}

#[test]
fn a_fee_beyond_a_trillion_dong_is_an_error_at_the_fee() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    edit(root, QT07, "fee = 150000", "fee = 18446744073709551615");
    let outcome = run_public(root);
    let text = std::fs::read_to_string(root.join(QT07)).unwrap();
    let (line, _) = position(&text, "fee = 18446744073709551615");
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| file_of(d) == QT07 && d.loc.line == line).collect();
    assert_eq!(errors.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(errors[0].message.contains("1.000.000.000.000 đồng"), "{}", errors[0]);
    let site = outcome.site.expect("the rest of the site renders");
    assert_eq!(files_with(&site, "18.446.744"), Vec::<String>::new());
    assert_eq!(files_with(&site, "18446744073709551615"), Vec::<String>::new());
}

#[test]
fn year_zero_is_an_error_at_the_date_and_earliest_date_is_configurable() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    edit(root, QT07, "issued = 2026-01-15", "issued = 0000-01-01");
    let outcome = run_public(root);
    let at_issued: Vec<_> = outcome.diagnostics.iter().filter(|d| file_of(d) == QT07 && d.loc.line == 6).collect();
    assert_eq!(at_issued.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(at_issued[0].message.contains("từ 1900 đến 2200"), "{}", at_issued[0]);

    edit(root, QT07, "issued = 0000-01-01", "issued = 1930-01-15");
    let early = check_public(root);
    let too_early = with_code(&early, "date-too-early");
    assert_eq!(too_early.len(), 1, "{}", describe(&early));
    assert_eq!((file_of(too_early[0]).as_str(), too_early[0].loc.line, too_early[0].loc.column), (QT07, 6, 10));
    assert!(too_early[0].help.as_ref().map(|h| h.en.as_str()).is_some_and(|h| h.contains("earliest_date")));

    edit(root, SOTAY, "language = \"vi\"", "language = \"vi\"\nearliest_date = 1900-01-01");
    assert!(with_code(&check_public(root), "date-too-early").is_empty(), "the floor is configurable");
}

#[test]
fn a_catalogue_row_with_an_unclosed_quote_is_an_error_at_the_quote() {
    let dir = copy_fixture("oversight");
    let root = dir.path();
    let rel = "catalog/tthc.csv";
    let before = std::fs::read_to_string(root.join(rel)).unwrap();
    let bad = "1.000099,\"Cấp giấy phép chưa đóng,Thử nghiệm,Cấp tỉnh,12/QĐ-UBND\n";
    write(root, rel, format!("{before}{bad}"));
    let diagnostics = check_public(root);
    let rows = with_code(&diagnostics, "bad-catalogue-row");
    assert_eq!(rows.len(), 1, "{}", describe(&diagnostics));
    let line = before.lines().count() as u32 + 1;
    assert_eq!((file_of(rows[0]).as_str(), rows[0].loc.line, rows[0].loc.column), (rel, line, 10));
    assert!(rows[0].message.contains("never closed"));
}

#[test]
fn a_catalogue_row_with_the_wrong_number_of_values_is_an_error_at_the_row() {
    let dir = copy_fixture("oversight");
    let root = dir.path();
    let rel = "catalog/tthc.csv";
    let before = std::fs::read_to_string(root.join(rel)).unwrap();
    write(root, rel, format!("{before}1.000099,Cấp phép, lần đầu,Thử nghiệm,Cấp tỉnh,12/QĐ-UBND\n"));
    let diagnostics = check_public(root);
    let rows = with_code(&diagnostics, "bad-catalogue-row");
    assert_eq!(rows.len(), 1, "{}", describe(&diagnostics));
    assert_eq!((rows[0].loc.line, rows[0].loc.column), (before.lines().count() as u32 + 1, 1));
}

#[test]
fn edition_names_dot_and_dot_dot_are_errors_at_sotay_toml_line() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let config = std::fs::read_to_string(root.join(SOTAY)).unwrap();
    write(
        root,
        SOTAY,
        format!(
            "{config}\n[[editions]]\ntag = \"2025\"\nname = \".\"\n\n[[editions]]\ntag = \"2026\"\nname = \"..\"\n"
        ),
    );
    let text = std::fs::read_to_string(root.join(SOTAY)).unwrap();
    let diagnostics = check_public(root);
    let mut found: Vec<_> =
        with_code(&diagnostics, "invalid-edition-name").iter().map(|d| (d.loc.line, d.loc.column)).collect();
    found.sort();
    assert_eq!(found, vec![position(&text, "\".\""), position(&text, "\"..\"")], "{}", describe(&diagnostics));

    let out = tempfile::tempdir().unwrap();
    let output = sotay_run(&["build", root.to_str().unwrap(), "--out", out.path().join("site").to_str().unwrap()]);
    assert_eq!(exit_code(&output), 1, "a diagnostic, not an environment failure: {}", show(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid-edition-name"), "{}", show(&output));
}

#[test]
fn out_messages_say_what_is_wrong() {
    use sotay::error::Error;
    let manual = copy_fixture("basic");
    let root = manual.path();
    // The check runs before anything is written; calling it directly keeps this test from ever
    // building into `/` should the check regress.
    let err = sotay::pipeline::check_output_location(root, std::path::Path::new("/")).expect_err("/ is refused");
    assert!(matches!(err, Error::OutputIsRoot { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot be the root folder"), "{err}");
    let parent = root.parent().expect("a temporary folder has a parent");
    let err = sotay::pipeline::check_output_location(root, parent).expect_err("a folder holding the manual is refused");
    assert!(matches!(err, Error::OutputContainsManual { .. }), "{err:?}");
    assert!(err.to_string().contains("contains the manual"), "{err}");
    let err = sotay::pipeline::check_output_location(root, root).expect_err("the manual itself is refused");
    assert!(err.to_string().contains("is the manual folder itself"), "{err}");
    sotay::pipeline::check_output_location(root, &root.join("public")).expect("the default output is fine");
}

#[test]
fn a_portal_checks_its_base_url_and_its_agencies_links_by_the_same_policy() {
    let dir = copy_fixture("portal");
    let root = dir.path();
    let mut options = sotay::portal::PortalOptions::new(root);
    options.date = sotay::model::Date::parse(DATE).unwrap();
    options.keep_going = true;
    edit(
        root,
        SOTAY,
        "base_url = \"https://iso.mau.example.gov.vn/\"",
        "base_url = \"https://iso.mau.example.gov.vn/a&b/\"",
    );
    let outcome = sotay::portal::run(&options, None).expect("the portal run completes");
    let errors = with_code(&outcome.diagnostics, "invalid-base-url");
    assert_eq!(errors.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!((errors[0].loc.line, errors[0].loc.column), value_position(root, SOTAY, "base_url"));

    edit(
        root,
        SOTAY,
        "base_url = \"https://iso.mau.example.gov.vn/a&b/\"",
        "base_url = \"https://iso.mau.example.gov.vn/\"",
    );
    let agency = "agencies/so-thu-nghiem/sotay.toml";
    let hostile = toml_str("java\tscript:alert('PORTAL-CANARY')");
    edit(
        root,
        agency,
        "email = \"iso@example.gov.vn\"",
        &format!("email = \"iso@example.gov.vn\"\nwebsite = {hostile}"),
    );
    let outcome = sotay::portal::run(&options, None).expect("the portal run completes");
    let errors = with_code(&outcome.diagnostics, "unsafe-url");
    assert_eq!(errors.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!(errors[0].loc.line, value_position(root, agency, "website").0);
    let site = outcome.site.expect("with keep_going the other agencies are published");
    assert_eq!(script_urls(&site), Vec::<String>::new());
    assert_eq!(files_with(&site, "PORTAL-CANARY"), Vec::<String>::new());
}
