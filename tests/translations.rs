//! English translations of documents (issue 6, i18n): a translation is published beside its
//! Vietnamese original, both link to each other with `hreflang`, the translation says which
//! revision it translates and warns when that is out of date, and a translation without its
//! original, or a second one into the same language, is an error at its position.

mod common;

use std::path::Path;

use common::*;
use sotay::diagnostic::Severity;

const QT07_EN: &str = "content/procedures/QT-07.en.md";

/// An English translation of the basic fixture's QT-07 (revision 1), linking to BM-07-01.
fn translate_qt07(root: &Path) {
    write(
        root,
        QT07_EN,
        "+++\ntranslation_of = \"QT-07\"\nlang = \"en\"\ntitle = \"Procedure for test licences\"\n\
         summary = \"Issuing test licences to organisations.\"\ntranslates_revision = 1\ntranslated = 2026-01-20\n+++\n\n\
         ## Purpose\n\nOrganisations apply with the form [[BM-07-01]] (see [[QT-07#buoc-2]]).\n",
    );
}

fn attr<'a>(html: &'a scraper::Html, css: &str, name: &str) -> Vec<&'a str> {
    html.select(&selector(css)).filter_map(|e| e.value().attr(name)).collect()
}

#[test]
fn a_document_and_its_translation_link_to_each_other_with_hreflang() {
    let dir = copy_fixture("basic");
    translate_qt07(dir.path());
    let site = clean_site(run_public(dir.path()));
    let original = page(&site, "quy-trinh/qt-07/index.html");
    let to_translation = original.select(&selector("a[hreflang=en]")).next().expect("a link to the translation");
    assert_eq!(to_translation.value().attr("href"), Some("/en/quy-trinh/qt-07/"));
    assert_eq!(to_translation.value().attr("lang"), Some("en"));
    assert_eq!(squash(&to_translation.text().collect::<String>()), "English");
    let alternates = attr(&original, "link[rel=alternate][hreflang]", "href");
    assert_eq!(
        alternates,
        [
            "https://so-thu-nghiem.example.gov.vn/quy-trinh/qt-07/",
            "https://so-thu-nghiem.example.gov.vn/en/quy-trinh/qt-07/"
        ]
    );

    let translation = page(&site, "en/quy-trinh/qt-07/index.html");
    assert_eq!(translation.root_element().value().attr("lang"), Some("en"));
    let back = translation.select(&selector("main a[hreflang=vi]")).next().expect("a link to the original");
    assert_eq!((back.value().attr("href"), back.value().attr("lang")), (Some("/quy-trinh/qt-07/"), Some("vi")));
    assert_eq!(attr(&translation, "link[rel=alternate][hreflang]", "hreflang"), ["vi", "en"]);
    assert_eq!(text_of(&translation, "h1"), "QT-07 Procedure for test licences");
    let notice = text_of(&translation, ".translation-notice");
    assert!(
        notice.contains("translation of revision 1") && notice.contains("Vietnamese text is the controlled version"),
        "{notice}"
    );
    assert!(translation.select(&selector(".out-of-date")).next().is_none(), "revision 1 is current");
    // English interface on the translation's page, whatever the site's language.
    assert_eq!(texts_of(&translation, ".site-nav a")[0], "Home");
    // A link to an untranslated document goes to the Vietnamese page, marked as Vietnamese; a link
    // with an anchor goes to the original, where the step is.
    let prose = translation
        .select(&selector(".prose a"))
        .map(|a| (a.value().attr("href"), a.value().attr("hreflang")))
        .collect::<Vec<_>>();
    assert!(prose.contains(&(Some("/bieu-mau/bm-07-01/"), Some("vi"))), "{prose:?}");
    assert!(prose.contains(&(Some("/quy-trinh/qt-07/#buoc-2"), Some("vi"))), "{prose:?}");
    // The language's index lists it, and every page's footer links to the index.
    let index = page(&site, "en/index.html");
    assert!(links(&index).contains(&("/en/quy-trinh/qt-07/".into(), "Procedure for test licences".into())));
    assert!(links_in(&page(&site, "index.html"), ".site-footer").contains(&("/en/".into(), "English".into())));
}

#[test]
fn translations_are_in_the_sitemap_the_json_and_the_search_index() {
    let dir = copy_fixture("basic");
    translate_qt07(dir.path());
    let site = clean_site(run_public(dir.path()));
    let sitemap = text(&site, "sitemap.xml");
    let xml = roxmltree::Document::parse(sitemap).expect("the sitemap parses");
    let locs: Vec<&str> = xml.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://so-thu-nghiem.example.gov.vn/en/quy-trinh/qt-07/"), "{locs:?}");
    let alternates = xml.descendants().filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link"))).count();
    assert_eq!(alternates, 4, "two entries, each naming both languages: {sitemap}");
    let json = json_of(&site, "api/quy-trinh/qt-07.json");
    assert_eq!(json["translations"][0]["lang"], "en");
    assert_eq!(json["translations"][0]["url"], "/en/quy-trinh/qt-07/");
    assert_eq!(json["translations"][0]["translates_revision"], 1);
    let index = json_of(&site, "api/index.json");
    let qt07 = index["documents"].as_array().unwrap().iter().find(|d| d["code"] == "QT-07").unwrap();
    assert_eq!(qt07["translations"][0]["title"], "Procedure for test licences");
    let search = text(&site, "tim-kiem/index.js");
    assert!(search.contains("\"u\":\"en/quy-trinh/qt-07/\"") && search.contains("\"g\":\"en\""), "{search}");
    assert!(
        site.files.contains_key("manifest.json")
            && text(&site, "manifest.json").contains("en/quy-trinh/qt-07/index.html")
    );
}

#[test]
fn an_out_of_date_translation_warns_and_its_pages_say_so() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    translate_qt07(root);
    issue_qt07(root, 2, "2026-03-01", "Sửa thời hạn");
    let outcome = run_public(root);
    let warnings = with_code(&outcome.diagnostics, "translation-out-of-date");
    assert_eq!(warnings.len(), 1, "{}", describe(&outcome.diagnostics));
    let d = warnings[0];
    let source = std::fs::read_to_string(root.join(QT07_EN)).unwrap();
    let (line, column) = position(&source, "1\ntranslated");
    assert_eq!((file_of(d).as_str(), d.loc.line, d.loc.column, d.severity), (QT07_EN, line, column, Severity::Warning));
    assert!(d.message.contains("revision 1 of QT-07, which is at revision 2 now"), "{:?}", d.message);
    assert!(d.help.as_ref().map(|h| h.en.as_str()).unwrap().contains("translates_revision = 2"));
    assert!(!outcome.failed(false) && outcome.failed(true), "a warning, failing only --strict");
    let site = outcome.site.unwrap();
    let banner = text_of(&page(&site, "en/quy-trinh/qt-07/index.html"), ".out-of-date");
    assert!(
        banner.contains("out of date") && banner.contains("revision 1") && banner.contains("revision 2"),
        "{banner}"
    );
    assert!(text_of(&page(&site, "en/index.html"), "tbody").contains("Out of date"));
    assert_eq!(json_of(&site, "api/quy-trinh/qt-07.json")["translations"][0]["out_of_date"], 2);
}

#[test]
fn translation_mistakes_are_errors_at_their_positions_all_in_one_run() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    translate_qt07(root);
    let matter = |of: &str, lang: &str, revision: u32| {
        format!("+++\ntranslation_of = \"{of}\"\nlang = \"{lang}\"\ntitle = \"T\"\ntranslates_revision = {revision}\n+++\nText.\n")
    };
    write(root, "content/procedures/QT-99.en.md", matter("QT-99", "en", 1));
    write(root, "content/procedures/QT-07.english.md", matter("QT-07", "en", 1));
    write(root, "content/forms/QT-07.de.md", matter("QT-07", "en", 1));
    write(root, "content/policies/CSCL.en.md", matter("CSCL", "en", 4));
    write(root, "content/manual/STCL.vi.md", matter("STCL", "vi", 1));
    write(root, "content/manual/STCL.de.md", matter("STCL", "de", 1));
    let outcome = run_public(root);
    let expect = |code: &str, file: &str, needle: &str| {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        let (line, column) = position(&source, needle);
        let found = outcome.diagnostics.iter().find(|d| d.code == code && file_of(d) == file);
        let d = found.unwrap_or_else(|| panic!("no {code} in {file}:\n{}", describe(&outcome.diagnostics)));
        assert_eq!((d.loc.line, d.loc.column, d.severity), (line, column, Severity::Error), "{}", one_line(d));
        d.clone()
    };
    let d = expect("translation-without-original", "content/procedures/QT-99.en.md", "\"QT-99\"");
    assert!(d.help.unwrap().contains("did you mean translation_of = \"QT-07\""));
    let d = expect("duplicate-translation", "content/procedures/QT-07.english.md", "\"QT-07\"");
    assert!(d.message.contains(&format!("{QT07_EN}:2:18")), "{:?}", d.message);
    let d = expect("translation-folder", "content/forms/QT-07.de.md", "\"QT-07\"");
    assert!(d.help.unwrap().contains("content/procedures/"));
    let d = expect("translation-revision-unknown", "content/policies/CSCL.en.md", "4\n");
    assert!(d.message.contains("CSCL is at revision 1"), "{:?}", d.message);
    expect("translation-into-original", "content/manual/STCL.vi.md", "\"vi\"");
    expect("unknown-language", "content/manual/STCL.de.md", "\"de\"");
    // A mistaken translation publishes nothing; the good one still does.
    let site = outcome.site.expect("the site renders");
    let wrong: Vec<&String> = site
        .files
        .keys()
        .filter(|p| ["en/chinh-sach/", "en/so-tay/", "en/bieu-mau/", "de/", "vi/"].iter().any(|w| p.starts_with(w)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    assert!(site.files.contains_key("en/quy-trinh/qt-07/index.html"));
}

#[test]
fn a_translation_needs_a_revision_to_translate() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/procedures/QT-07.en.md",
        "+++\ntranslation_of = \"QT-07\"\nlang = \"en\"\ntitle = \"T\"\n+++\n",
    );
    let outcome = run_public(root);
    let d = with_code(&outcome.diagnostics, "missing-key");
    assert_eq!(d.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(d[0].message.contains("translates_revision"), "{:?}", d[0].message);
    assert_eq!(file_of(d[0]), QT07_EN);
}

#[test]
fn an_english_site_shows_translations_in_english_too() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    translate_qt07(root);
    edit(root, "sotay.toml", "language = \"vi\"", "language = \"en\"");
    let site = clean_site(run_public(root));
    let original = page(&site, "quy-trinh/qt-07/index.html");
    assert_eq!(original.root_element().value().attr("lang"), Some("en"));
    assert_eq!(text_of(&original, ".translations"), "Translations: English");
    assert_eq!(page(&site, "en/quy-trinh/qt-07/index.html").root_element().value().attr("lang"), Some("en"));
}

#[test]
fn sotay_check_warns_of_an_out_of_date_translation_with_its_position() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    translate_qt07(root);
    issue_qt07(root, 2, "2026-03-01", "Sửa thời hạn");
    let output = sotay_run(&["check", root.to_str().unwrap(), "--date", DATE]);
    let shown = show(&output);
    assert_eq!(exit_code(&output), 0, "a warning does not fail check: {shown}");
    assert!(shown.contains("translation-out-of-date") && shown.contains(&format!("{QT07_EN}:6:23")), "{shown}");
    let strict = sotay_run(&["check", root.to_str().unwrap(), "--date", DATE, "--strict"]);
    assert_eq!(exit_code(&strict), 1, "{}", show(&strict));
}

#[test]
fn a_translation_of_the_draft_of_the_next_revision_waits_for_its_issue() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    // Revision 4 is drafted in the working copy, and translated already.
    issue_qt07(root, 4, "2026-11-01", "Dự thảo lần 4");
    edit(root, QT07, "status = \"in-force\"", "status = \"draft\"");
    translate_qt07(root);
    edit(root, QT07_EN, "translates_revision = 1", "translates_revision = 4");
    let outcome = run_with_notes(&options(root));
    let notes = with_code(&outcome.diagnostics, "translation-of-draft");
    assert_eq!(notes.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!(notes[0].severity, Severity::Note);
    assert!(!outcome.diagnostics.has_errors(), "{}", describe(&outcome.diagnostics));
    let site = outcome.site.unwrap();
    assert!(!site.files.keys().any(|p| p.starts_with("en/")), "the draft's translation is not public");
    assert!(page(&site, "quy-trinh/qt-07/index.html").select(&selector("a[hreflang]")).next().is_none());
    let internal = clean_site(run(&internal_options(root)));
    assert!(internal.files.contains_key("en/quy-trinh/qt-07/index.html"), "internal builds show it with the draft");
    // A translation of the revision the public sees is published with it.
    edit(root, QT07_EN, "translates_revision = 4", "translates_revision = 3");
    let site = clean_site(run_public(root));
    let translation = page(&site, "en/quy-trinh/qt-07/index.html");
    assert!(text_of(&translation, ".translation-notice").contains("revision 3"));
    assert!(translation.select(&selector(".out-of-date")).next().is_none());
}
