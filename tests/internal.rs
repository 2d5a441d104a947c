//! Audiences: a public build leaks nothing of internal documents or drafts — no page, no JSON,
//! no attachment, no title in a list, no link — while an internal build shows everything and
//! keeps search engines out.

mod common;

use common::*;
use sotay::diagnostic::Severity;
use sotay::render::Site;

fn public_site() -> Site {
    clean_site(run_public(&fixture("basic")))
}

fn internal_site() -> Site {
    clean_site(run(&internal_options(&fixture("basic"))))
}

#[test]
fn no_file_of_a_public_build_contains_the_internal_marker() {
    let site = public_site();
    // The marker is really in the fixture, in a title, a body and an attachment.
    let source = std::fs::read_to_string(fixture("basic").join("content/forms/BM-90-01.md")).unwrap();
    assert!(source.matches(CANARY).count() >= 3, "the fixture must carry the marker in title and body");
    assert!(contains_bytes(&std::fs::read(fixture("basic").join("content/forms/BM-90-01.pdf")).unwrap(), CANARY));

    let files = all_bytes(&site);
    assert!(files.len() > 20, "the walk covers the whole site ({} files)", files.len());
    let leaks: Vec<&String> = files.iter().filter(|(_, bytes)| contains_bytes(bytes, CANARY)).map(|(p, _)| p).collect();
    assert!(leaks.is_empty(), "{CANARY} leaked into {leaks:?}");
    let paths: Vec<&String> = files.keys().filter(|p| p.contains("bm-90-01") || p.contains("BM-90-01")).collect();
    assert!(paths.is_empty(), "the internal form has output files: {paths:?}");
}

#[test]
fn no_public_output_carries_a_translation_of_an_internal_or_draft_document() {
    // The fixture translates the internal form BM-90-01 and the draft QT-08 into English, each
    // translation carrying its own marker (which contains the original's).
    for (file, marker) in [
        ("content/forms/BM-90-01.en.md", "NOI-BO-CANARY-42-EN"),
        ("content/procedures/QT-08.en.md", "BAN-DU-THAO-77-EN"),
    ] {
        let source = std::fs::read_to_string(fixture("basic").join(file)).unwrap();
        assert!(
            source.contains("translation_of") && source.matches(marker).count() >= 2,
            "{file} is a translation with {marker}"
        );
        let site = public_site();
        let files = all_bytes(&site);
        let leaks: Vec<&String> = files.iter().filter(|(_, b)| contains_bytes(b, marker)).map(|(p, _)| p).collect();
        assert!(leaks.is_empty(), "{marker} leaked into {leaks:?}");
        assert!(
            !files.keys().any(|p| p.starts_with("en/")),
            "no translation page, no language index: {:#?}",
            files.keys()
        );
        for path in ["sitemap.xml", "api/index.json", "tim-kiem/index.js", "manifest.json", "thay-doi/atom.xml"] {
            assert!(
                !text(&site, path).contains("/en/") && !text(&site, path).contains("\"en/"),
                "{path} names a translation"
            );
        }
    }
    // The internal build has both, with the preview banner.
    let internal = internal_site();
    for path in ["en/bieu-mau/bm-90-01/index.html", "en/quy-trinh/qt-08/index.html", "en/index.html"] {
        assert!(internal.files.contains_key(path), "{path} is missing from the internal build");
    }
    let draft = page(&internal, "en/quy-trinh/qt-08/index.html");
    assert!(
        text_of(&draft, ".preview-banner:not(.translation-notice)").contains("Preview"),
        "{}",
        text(&internal, "en/quy-trinh/qt-08/index.html")
    );
}

#[test]
fn no_file_of_a_public_build_contains_the_draft() {
    let site = public_site();
    let files = all_bytes(&site);
    let leaks: Vec<&String> =
        files.iter().filter(|(_, bytes)| contains_bytes(bytes, DRAFT_MARKER)).map(|(p, _)| p).collect();
    assert!(leaks.is_empty(), "the draft's text leaked into {leaks:?}");
    for absent in ["quy-trinh/qt-08/index.html", "api/quy-trinh/qt-08.json"] {
        assert!(!site.files.contains_key(absent), "{absent} is published");
    }
    assert!(!files.keys().any(|p| p.contains("qt-08")), "{:#?}", files.keys());
    let sitemap = text(&site, "sitemap.xml");
    assert!(!sitemap.contains("qt-08") && !sitemap.contains("bm-90-01"), "{sitemap}");
}

#[test]
fn a_public_documents_link_to_the_draft_is_plain_text() {
    let site = public_site();
    let manual = page(&site, "so-tay/stcl/index.html");
    let prose = within(&manual, ".prose");
    let hrefs: Vec<String> = links(&prose).into_iter().map(|(href, _)| href).collect();
    assert!(!hrefs.iter().any(|h| h.contains("qt-08")), "the draft is linked: {hrefs:?}");
    assert!(text_of(&prose, "p:last-child").contains("Quy trình QT-08 đang được soạn thảo"), "the code stays as text");
    // The links around it still work, so the plain text is not a rendering accident.
    assert!(hrefs.contains(&"/quy-trinh/qt-07/".to_owned()), "{hrefs:?}");
}

#[test]
fn a_public_procedures_record_on_an_internal_form_shows_no_link() {
    let site = public_site();
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let records: Vec<_> = html.select(&selector("#ho-so-luu tbody tr")).collect();
    assert_eq!(records.len(), 2, "both records are listed");
    let internal_row = squash(&records[1].text().collect::<String>());
    assert!(internal_row.contains("Sổ theo dõi nội bộ"), "{internal_row}");
    assert_eq!(records[1].select(&selector("a")).count(), 0, "no link to the internal form: {}", records[1].html());
    let json: serde_json::Value = serde_json::from_str(text(&site, "api/quy-trinh/qt-07.json")).unwrap();
    assert!(json["procedure"]["records"][1]["form"].is_null(), "{}", json["procedure"]["records"][1]);
}

#[test]
fn a_wiki_link_from_a_public_document_to_an_internal_one_warns_and_stays_text() {
    let dir = copy_fixture("basic");
    edit(dir.path(), "content/policies/CSCL.md", "theo [[STCL]].", "theo [[STCL]] và [[BM-90-01]].");
    let outcome = run_public(dir.path());
    let text_now = std::fs::read_to_string(dir.path().join("content/policies/CSCL.md")).unwrap();
    let (line, column) = position(&text_now, "[[BM-90-01]]");
    let diagnostics: Vec<_> = outcome.diagnostics.iter().collect();
    assert_eq!(diagnostics.len(), 1, "{}", describe(&outcome.diagnostics));
    let d = diagnostics[0];
    assert_eq!((d.code, d.severity), ("link-to-internal", Severity::Warning), "{}", one_line(d));
    assert_eq!((file_of(d).as_str(), d.loc.line, d.loc.column), ("content/policies/CSCL.md", line, column));
    assert!(!outcome.failed(false), "a warning does not fail a build");
    assert!(outcome.failed(true), "but it fails a strict one");

    let site = outcome.site.expect("a site");
    let policy = page(&site, "chinh-sach/cscl/index.html");
    let hrefs: Vec<String> = links(&within(&policy, ".prose")).into_iter().map(|(h, _)| h).collect();
    assert_eq!(hrefs, ["/so-tay/stcl/"], "only the public target is linked");
    assert!(text_of(&policy, ".prose").contains("BM-90-01"), "the code stays as plain text");
    let leaks: Vec<String> =
        all_bytes(&site).into_iter().filter(|(_, b)| contains_bytes(b, CANARY)).map(|(p, _)| p).collect();
    assert!(leaks.is_empty(), "{CANARY} leaked into {leaks:?}");
}

#[test]
fn an_internal_build_publishes_the_internal_document_and_the_draft() {
    let site = internal_site();
    for path in [
        "bieu-mau/bm-90-01/index.html",
        "bieu-mau/bm-90-01/BM-90-01.pdf",
        "api/bieu-mau/bm-90-01.json",
        "quy-trinh/qt-08/index.html",
        "api/quy-trinh/qt-08.json",
    ] {
        assert!(site.files.contains_key(path), "{path} is missing from the internal build");
    }
    let form = page(&site, "bieu-mau/bm-90-01/index.html");
    assert!(text_of(&form, "h1").contains(CANARY));
    assert!(text_of(&form, ".prose").contains(CANARY));
    let draft = page(&site, "quy-trinh/qt-08/index.html");
    assert!(text_of(&draft, "h1").contains(DRAFT_MARKER));
    // Both carry the preview banner, and every page asks not to be indexed.
    assert!(form.select(&selector(".preview-banner")).next().is_some(), "internal documents are marked");
    assert!(draft.select(&selector(".preview-banner")).next().is_some(), "drafts are marked");
    for path in ["index.html", "quy-trinh/qt-07/index.html", "bieu-mau/bm-90-01/index.html"] {
        let html = page(&site, path);
        let robots = html.select(&selector("meta[name=robots]")).next().map(|m| m.value().attr("content").unwrap());
        assert_eq!(robots, Some("noindex, nofollow"), "{path}");
    }
    // References that were text in the public build are links now.
    let manual = page(&site, "so-tay/stcl/index.html");
    assert!(links(&within(&manual, ".prose")).iter().any(|(h, _)| h == "/quy-trinh/qt-08/"));
    let procedure = page(&site, "quy-trinh/qt-07/index.html");
    let record_links = links(&within(&procedure, "#ho-so-luu"));
    assert!(record_links.iter().any(|(h, _)| h == "/bieu-mau/bm-90-01/"), "{record_links:?}");
}

#[test]
fn an_internal_build_disallows_every_crawler() {
    let site = internal_site();
    let robots = text(&site, "robots.txt");
    let lines: Vec<&str> = robots.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert!(lines.contains(&"User-agent: *"), "{robots}");
    assert!(lines.contains(&"Disallow: /"), "{robots}");
    assert!(!lines.iter().any(|l| l.starts_with("Allow") || l.starts_with("Sitemap")), "{robots}");
    assert!(!text(&site, "sitemap.xml").contains("<loc>"), "an internal build lists nothing for search engines");
}

#[test]
fn no_revision_redline_or_history_page_of_a_public_build_carries_the_internal_marker() {
    // With git history the site has revision pages, redlines and change feeds too; the internal
    // form is in every commit, so each of those outputs is a chance to leak it.
    let (dir, _) = three_revisions();
    let site = clean_site(run_public(dir.path()));
    let files = all_bytes(&site);
    let history: Vec<&String> = files.keys().filter(|p| p.contains("/lan-") || p.contains("so-sanh")).collect();
    assert!(!history.is_empty(), "the build has revision pages: {:#?}", files.keys());
    let leaks: Vec<&String> = files.iter().filter(|(_, b)| contains_bytes(b, CANARY)).map(|(p, _)| p).collect();
    assert!(leaks.is_empty(), "{CANARY} leaked into {leaks:?}");
    assert!(!files.keys().any(|p| p.contains("bm-90-01")), "{:#?}", files.keys());
}
