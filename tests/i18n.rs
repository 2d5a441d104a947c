//! Interface languages (issue 6, i18n): `[site] language` picks the interface's strings from the
//! theme's translation files, pages carry `lang`, a manual overrides single strings, and broken
//! translation files are diagnostics with their position.

mod common;

use common::*;
use sotay::diagnostic::Severity;

fn english_site(root: &std::path::Path) {
    edit(root, "sotay.toml", "language = \"vi\"", "language = \"en\"");
}

#[test]
fn an_english_site_shows_english_strings_and_lang_en() {
    let dir = copy_fixture("basic");
    english_site(dir.path());
    let site = clean_site(run_public(dir.path()));
    let home = page(&site, "index.html");
    assert_eq!(home.root_element().value().attr("lang"), Some("en"));
    let nav = texts_of(&home, ".site-nav a");
    assert_eq!(nav.first().map(String::as_str), Some("Home"), "{nav:?}");
    assert!(nav.iter().any(|n| n == "Procedures") && nav.iter().any(|n| n == "Legal documents"), "{nav:?}");
    assert!(text_of(&home, "title").starts_with("Home – "), "{}", text_of(&home, "title"));

    let html = text(&site, "quy-trinh/qt-07/index.html");
    let procedure = page(&site, "quy-trinh/qt-07/index.html");
    // Issue 18: standard sections carry their number ("5.2 Documents to submit").
    for heading in
        ["About the administrative procedure", "Documents to submit", "Steps", "Legal basis", "Amendment record"]
    {
        assert!(texts_of(&procedure, "h2").iter().any(|h| h.ends_with(heading)), "no heading {heading}");
    }
    for vietnamese in ["Trang chủ", "Tóm tắt", "Thành phần hồ sơ", "Trình tự thực hiện", "Căn cứ pháp lý", "Cập nhật:"]
    {
        assert!(!html.contains(vietnamese), "the English page still says {vietnamese}");
    }
    // Kind, method and status names, durations and fees come from the same translation file.
    assert!(texts_of(&procedure, ".methods th[scope=row]").iter().any(|m| m.starts_with("In person")), "{html}");
    assert!(text_of(&procedure, ".methods").contains("working days"), "{}", text_of(&procedure, ".methods"));
    assert!(text_of(&procedure, ".methods").contains("VND"));
    // The document itself is Vietnamese, and says so.
    let h1 = procedure.select(&selector("h1")).next().unwrap();
    assert_eq!(h1.value().attr("lang"), Some("vi"), "{}", h1.html());
    assert_eq!(procedure.select(&selector(".prose")).next().unwrap().value().attr("lang"), Some("vi"));
    let agency = procedure.select(&selector(".agency-name")).next().unwrap();
    assert_eq!(agency.value().attr("lang"), Some("vi"), "the agency's name is Vietnamese");
    // Dates stay dd/mm/yyyy.
    assert!(text_of(&procedure, ".updated").contains("15/01/2026"), "{}", text_of(&procedure, ".updated"));
    let list = page(&site, "quy-trinh/index.html");
    assert_eq!(text_of(&list, "h1"), "Procedures");
    let feed = text(&site, "thay-doi/atom.xml");
    assert!(feed.contains("xml:lang=\"en\"") && feed.contains("– revision 1"), "{feed}");
}

#[test]
fn a_vietnamese_site_is_the_default_and_marks_nothing_as_foreign() {
    let site = clean_site(run_public(&fixture("basic")));
    for path in ["index.html", "quy-trinh/qt-07/index.html", "quy-trinh/index.html", "404.html"] {
        let html = text(&site, path);
        // A controlled document's <html> also carries its print header (issue 18).
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\""), "{path}");
        assert_eq!(html.matches(" lang=\"").count(), 1, "{path} marks a fragment as in another language");
        assert!(!html.contains("<span>"), "{path} has a bare span");
    }
    let procedure = page(&site, "quy-trinh/qt-07/index.html");
    assert!(texts_of(&procedure, "h2").iter().any(|h| h == "5.2 Thành phần hồ sơ"));
    assert_eq!(texts_of(&page(&site, "index.html"), ".site-nav a")[0], "Trang chủ");
}

#[test]
fn a_manual_overrides_one_string_and_keeps_the_others() {
    let dir = copy_fixture("basic");
    write(dir.path(), "i18n/vi.toml", "[nav]\nhome = \"Trang đầu\"\n");
    let site = clean_site(run_public(dir.path()));
    let home = page(&site, "index.html");
    let nav = texts_of(&home, ".site-nav a");
    assert_eq!(nav[0], "Trang đầu");
    assert!(nav.iter().any(|n| n == "Văn bản pháp lý"), "{nav:?}");
    let crumbs = texts_of(&page(&site, "quy-trinh/qt-07/index.html"), ".breadcrumbs a");
    assert_eq!(crumbs[0], "Trang đầu", "breadcrumbs use the same string");
}

#[test]
fn broken_translation_files_are_all_reported_with_their_positions() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    // A misspelt key, a value that is not text, a TOML syntax error, a file name that is no language.
    write(root, "i18n/vi.toml", "[nav]\nhome = \"Trang đầu\"\nhoem = \"x\"\n");
    write(root, "i18n/en.toml", "[nav]\nhome = 3\n");
    write(root, "i18n/fr.toml", "[nav]\nhome = \"Accueil\n");
    write(root, "i18n/english.toml", "[nav]\nhome = \"Home\"\n");
    let outcome = run_public(root);
    let found: Vec<(&str, String, u32, u32)> =
        outcome.diagnostics.iter().map(|d| (d.code, file_of(d), d.loc.line, d.loc.column)).collect();
    let vi = std::fs::read_to_string(root.join("i18n/vi.toml")).unwrap();
    let (line, column) = position(&vi, "hoem");
    assert!(found.contains(&("i18n-unknown-key", "i18n/vi.toml".into(), line, column)), "{found:?}");
    let unknown = with_code(&outcome.diagnostics, "i18n-unknown-key")[0];
    assert!(
        unknown.help.as_ref().map(|h| h.en.as_str()).unwrap().contains("did you mean `nav.home`"),
        "{}",
        one_line(unknown)
    );
    assert!(found.contains(&("i18n-not-text", "i18n/en.toml".into(), 2, 8)), "{found:?}");
    assert!(found.iter().any(|(_, f, l, _)| f == "i18n/fr.toml" && *l == 2), "the syntax error: {found:?}");
    assert!(found.contains(&("i18n-file-name", "i18n/english.toml".into(), 0, 0)), "{found:?}");
    assert!(outcome.failed(false), "these are errors");
    assert!(outcome.site.is_some(), "the pages still render, in the built-in strings");
}

#[test]
fn a_language_sotay_does_not_ship_must_give_every_key() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    edit(root, "sotay.toml", "language = \"vi\"", "language = \"fr\"");
    write(root, "i18n/fr.toml", "[nav]\nhome = \"Accueil\"\nlegal = \"Textes juridiques {x}\"\n");
    let outcome = run_public(root);
    let missing = with_code(&outcome.diagnostics, "i18n-missing-key");
    assert_eq!(missing.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!((file_of(missing[0]).as_str(), missing[0].loc.line, missing[0].loc.column), ("i18n/fr.toml", 1, 1));
    assert!(
        missing[0].message.contains("lacks") && missing[0].message.contains("`amendments.caption`"),
        "{:?}",
        missing[0].message
    );
    let placeholder = with_code(&outcome.diagnostics, "i18n-placeholder");
    assert_eq!(placeholder.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!((placeholder[0].loc.line, placeholder[0].loc.column), (3, 9));
    assert!(with_code(&outcome.diagnostics, "unknown-language").is_empty(), "fr has strings now");
}

#[test]
fn an_unknown_language_is_an_error_at_the_setting() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    edit(root, "sotay.toml", "language = \"vi\"", "language = \"eng\"");
    let outcome = run_public(root);
    let d = with_code(&outcome.diagnostics, "unknown-language");
    assert_eq!(d.len(), 1, "{}", describe(&outcome.diagnostics));
    let config = std::fs::read_to_string(root.join("sotay.toml")).unwrap();
    let (line, column) = position(&config, "\"eng\"");
    assert_eq!((file_of(d[0]).as_str(), d[0].loc.line, d[0].loc.column), ("sotay.toml", line, column));
    assert_eq!(d[0].severity, Severity::Error);
    let help = d[0].help.as_ref().map(|h| h.en.as_str()).unwrap();
    assert!(help.contains("\"en\"") && help.contains("\"vi\"") && help.contains("i18n/eng.toml"), "{help}");
}

#[test]
fn a_template_naming_an_unknown_string_fails_naming_template_page_and_key() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let theme_404 =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/404.html")).unwrap();
    write(root, "templates/404.html", theme_404.replace("t(key=\"not_found.home\")", "t(key=\"not_found.hom\")"));
    let outcome = run_public(root);
    let d = with_code(&outcome.diagnostics, "template-render");
    assert_eq!(d.len(), 1, "{}", describe(&outcome.diagnostics));
    for part in ["404.html", "no UI string `not_found.hom`", "did you mean `not_found.home`"] {
        assert!(d[0].message.contains(part), "{part}: {:?}", d[0].message);
    }
}
