//! Editions of the whole manual (`[[editions]]` in sotay.toml, by git tag or by date): each
//! edition's home lists its documents with the revision they had, an edition's address of a
//! document forwards to the revision's own page unless that text was never published, document
//! pages switch between editions, and nothing internal reaches an edition of a public build.

mod common;

use common::*;
use tempfile::TempDir;

const QT07: &str = "content/procedures/QT-07.md";

/// The basic fixture as a repository: revision 1 committed and tagged `2025`, then revision 2
/// (online time limit 10 → 8 days) committed on 2026-03-01.
fn two_revisions() -> TempDir {
    let dir = copy_fixture("basic");
    let root = dir.path();
    git_init(root);
    git_commit_all(root, "Ban hành QT-07 lần 1", "2026-01-15T09:00:00+07:00");
    git(root, &["tag", "2025"], "2026-01-15T09:00:00+07:00");
    issue_revision_2(root);
    git_commit_all(root, "QT-07 lần 2: rút ngắn thời hạn", "2026-03-01T09:00:00+07:00");
    dir
}

fn issue_revision_2(root: &std::path::Path) {
    edit(
        root,
        QT07,
        "summary = \"Cấp giấy phép thử nghiệm cho tổ chức.\"\nrevision = 1\n",
        "summary = \"Cấp giấy phép thử nghiệm cho tổ chức.\"\nrevision = 2\n",
    );
    edit(root, QT07, "issued = 2026-01-15\neffective = 2026-01-15", "issued = 2026-03-01\neffective = 2026-03-01");
    edit(
        root,
        QT07,
        "[[amendments]]\nrevision = 1\n",
        "[[amendments]]\nrevision = 2\ndate = 2026-03-01\nwhere = \"Mục 5\"\nsummary = \"Rút ngắn thời hạn trực tuyến\"\n\n[[amendments]]\nrevision = 1\n",
    );
    edit(
        root,
        QT07,
        "kind = \"online\"\ntime_limit = \"10 ngày làm việc\"",
        "kind = \"online\"\ntime_limit = \"8 ngày làm việc\"",
    );
    edit(root, QT07, "time = \"8 ngày làm việc\"", "time = \"6 ngày làm việc\"");
}

fn add_editions(root: &std::path::Path, toml: &str) {
    let config = std::fs::read_to_string(root.join("sotay.toml")).unwrap();
    write(root, "sotay.toml", format!("{config}\n{toml}"));
}

#[test]
fn an_edition_by_tag_lists_its_documents_with_the_revision_they_had() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\ntitle = \"Ấn bản năm 2025\"\n");
    let site = clean_site(run(&options(dir.path())));
    let home = page(&site, "an-ban/2025/index.html");
    assert_eq!(text_of(&home, "h1"), "Ấn bản năm 2025");
    let rows = texts_of(&home, "tbody tr");
    let qt07 = rows.iter().find(|r| r.contains("QT-07")).expect("QT-07 is in the edition");
    assert!(qt07.contains("Đã thay đổi: lần 2"), "the edition says QT-07 changed since: {qt07}");
    let hrefs: Vec<String> = links(&home).into_iter().map(|(href, _)| href).collect();
    assert!(hrefs.contains(&"/quy-trinh/qt-07/lan-01/".to_owned()), "links to revision 1's own page: {hrefs:?}");
    let list = page(&site, "an-ban/index.html");
    assert!(links(&list).iter().any(|(href, text)| href == "/an-ban/2025/" && text == "Ấn bản năm 2025"));
}

#[test]
fn an_edition_forwards_to_the_revision_page_instead_of_rendering_it_again() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\n");
    let site = clean_site(run(&options(dir.path())));
    let forward = page(&site, "an-ban/2025/quy-trinh/qt-07/index.html");
    let refresh = forward.select(&selector("meta[http-equiv=refresh]")).next().expect("a refresh");
    assert_eq!(refresh.value().attr("content"), Some("0; url=/quy-trinh/qt-07/lan-01/"));
    let canonical = forward.select(&selector("link[rel=canonical]")).next().unwrap();
    assert_eq!(canonical.value().attr("href"), Some("https://so-thu-nghiem.example.gov.vn/quy-trinh/qt-07/lan-01/"));
    assert!(text(&site, "quy-trinh/qt-07/lan-01/index.html").contains("10 ngày làm việc"));
    // Unchanged documents forward to their current page.
    let policy = page(&site, "an-ban/2025/chinh-sach/cscl/index.html");
    let refresh = policy.select(&selector("meta[http-equiv=refresh]")).next().expect("a refresh");
    assert_eq!(refresh.value().attr("content"), Some("0; url=/chinh-sach/cscl/"));
}

#[test]
fn document_pages_switch_to_the_same_document_in_each_edition() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\ntitle = \"Ấn bản 2025\"\n");
    let site = clean_site(run(&options(dir.path())));
    let current = page(&site, "quy-trinh/qt-07/index.html");
    let switcher = links_in(&current, "nav.edition-switcher");
    assert_eq!(
        switcher,
        vec![
            ("/quy-trinh/qt-07/".to_owned(), "Hiện hành".to_owned()),
            ("/quy-trinh/qt-07/lan-01/".to_owned(), "Ấn bản 2025".to_owned())
        ]
    );
    assert_eq!(text_of(&current, "nav.edition-switcher [aria-current]"), "Hiện hành");
    let old = page(&site, "quy-trinh/qt-07/lan-01/index.html");
    assert_eq!(text_of(&old, "nav.edition-switcher [aria-current]"), "Ấn bản 2025");
    assert!(
        links(&page(&site, "index.html")).iter().any(|(href, _)| href == "/an-ban/"),
        "the footer links the editions"
    );
}

#[test]
fn text_changed_after_the_tag_without_a_new_revision_gets_a_page_of_its_own_in_the_edition() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    git_init(root);
    git_commit_all(root, "Ban hành QT-07 lần 1", "2026-01-15T09:00:00+07:00");
    git(root, &["tag", "2025"], "2026-01-15T09:00:00+07:00");
    edit(root, QT07, "result = \"Giấy phép thử nghiệm\"", "result = \"Giấy phép thử nghiệm (bản giấy)\"");
    git_commit_all(root, "Sửa kết quả mà không ban hành lại", "2026-02-01T09:00:00+07:00");
    issue_revision_2(root);
    git_commit_all(root, "QT-07 lần 2", "2026-03-01T09:00:00+07:00");
    add_editions(root, "[[editions]]\ntag = \"2025\"\ntitle = \"Ấn bản 2025\"\n");
    let site = clean_site(run(&options(root)));
    let own = page(&site, "an-ban/2025/quy-trinh/qt-07/index.html");
    assert!(own.select(&selector("meta[http-equiv=refresh]")).next().is_none(), "a page of its own, not a forward");
    assert!(text_of(&own, ".preview-banner.edition").contains("Ấn bản 2025"));
    let body = squash(&own.root_element().text().collect::<String>());
    assert!(body.contains("Giấy phép thử nghiệm") && !body.contains("(bản giấy)"), "the text as tagged");
    assert_eq!(text_of(&own, "nav.edition-switcher [aria-current]"), "Ấn bản 2025");
    assert!(text(&site, "quy-trinh/qt-07/lan-01/index.html").contains("(bản giấy)"), "revision 1 as last issued");
}

#[test]
fn an_edition_by_date_is_the_last_commit_on_or_before_it() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\nat = 2026-02-01\nname = \"dau-nam-2026\"\n");
    let site = clean_site(run(&options(dir.path())));
    let home = page(&site, "an-ban/dau-nam-2026/index.html");
    assert!(text_of(&home, ".lead").contains("15/01/2026"), "dated by its commit");
    let rows = texts_of(&home, "tbody tr");
    assert!(rows.iter().any(|r| r.contains("QT-07") && r.contains("Đã thay đổi: lần 2")));
}

#[test]
fn an_unknown_tag_is_an_error_at_its_line_with_the_tags_there_are() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2024\"\n");
    let outcome = run(&options(dir.path()));
    let problems = with_code(&outcome.diagnostics, "unknown-edition-tag");
    assert_eq!(problems.len(), 1, "{}", describe(&outcome.diagnostics));
    let config = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    assert_eq!(file_of(problems[0]), "sotay.toml");
    assert_eq!((problems[0].loc.line, problems[0].loc.column), position(&config, "\"2024\""));
    assert!(problems[0].help.as_ref().map(|h| h.en.as_str()).unwrap_or("").contains("2025"), "{:?}", problems[0].help);
}

#[test]
fn two_editions_with_one_name_is_an_error() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\n\n[[editions]]\nat = 2026-03-02\nname = \"2025\"\n");
    let outcome = run(&options(dir.path()));
    assert_eq!(with_code(&outcome.diagnostics, "duplicate-edition").len(), 1, "{}", describe(&outcome.diagnostics));
}

#[test]
fn editions_without_a_repository_are_a_warning_and_publish_nothing() {
    let dir = copy_fixture("basic");
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\n");
    let outcome = run(&options(dir.path()));
    assert_eq!(with_code(&outcome.diagnostics, "editions-without-history").len(), 1);
    let site = outcome.site.expect("the site still builds");
    assert!(!site.files.keys().any(|p| p.starts_with("an-ban/")));
}

#[test]
fn no_edition_of_a_public_build_holds_anything_internal_or_draft() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\n\n[[editions]]\nat = 2026-03-02\nname = \"2026\"\n");
    let site = clean_site(run(&options(dir.path())));
    assert!(site.files.keys().any(|p| p.starts_with("an-ban/2026/")));
    for (path, bytes) in all_bytes(&site) {
        for marker in [CANARY, DRAFT_MARKER] {
            assert!(!contains_bytes(&bytes, marker), "{path} holds {marker}");
        }
    }
    assert!(!site.files.keys().any(|p| p.contains("qt-08") || p.contains("bm-90-01")), "no page of internal documents");
    let internal = run(&internal_options(dir.path())).site.unwrap();
    assert!(internal.files.keys().any(|p| p.starts_with("an-ban/2025/") && p.contains("bm-90-01")));
}

#[test]
fn the_json_api_lists_each_edition_with_its_documents() {
    let dir = two_revisions();
    add_editions(dir.path(), "[[editions]]\ntag = \"2025\"\n");
    let site = clean_site(run(&options(dir.path())));
    let json = json_of(&site, "api/an-ban.json");
    let edition = &json["editions"][0];
    assert_eq!(edition["name"], "2025");
    assert_eq!(edition["tag"], "2025");
    assert_eq!(edition["date"], "2026-01-15");
    let qt07 = edition["documents"].as_array().unwrap().iter().find(|d| d["code"] == "QT-07").expect("QT-07");
    assert_eq!(qt07["revision"], 1);
    assert_eq!(qt07["url"], "/quy-trinh/qt-07/lan-01/");
}
