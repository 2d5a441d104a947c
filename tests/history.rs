//! Versioned publishing from git: every issued revision at its own URL with a "superseded"
//! banner, redlines between consecutive revisions, each document's history page, the site's
//! change page and Atom feed, `manifest.json`, the change-control checks (ISO 9001 7.5.3), and
//! what is published from a shallow clone, without a repository, or before a revision's
//! effective date.
//!
//! Most tests start from `three_revisions`: the basic fixture in a fresh repository in which
//! QT-07 was issued three times (with a correction inside revision 1); each test that needs more
//! history commits it on top, at fixed dates, so commit ids are the same on every machine.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use scraper::Html;
use sotay::diagnostic::Severity;
use sotay::model::Date;
use sotay::render::Site;

const PAGE: &str = "quy-trinh/qt-07/index.html";
const REV1: &str = "quy-trinh/qt-07/lan-01/index.html";
const REV2: &str = "quy-trinh/qt-07/lan-02/index.html";
const REV3: &str = "quy-trinh/qt-07/lan-03/index.html";
const REDLINE_1_2: &str = "quy-trinh/qt-07/so-sanh/lan-01-lan-02/index.html";
const REDLINE_2_3: &str = "quy-trinh/qt-07/so-sanh/lan-02-lan-03/index.html";
const HISTORY: &str = "quy-trinh/qt-07/lich-su/index.html";
/// The rows of a history page's table of commits.
const COMMITS: &str = "#cac-lan-cap-nhat-h + .table-wrap tbody tr";

/// A public build of `root` with the fixed date, which must have no problem at all.
fn build(root: &Path) -> Site {
    clean_site(run(&options(root)))
}

/// The line of QT-07 in `root` where `needle` starts.
fn line_of(root: &Path, needle: &str) -> u32 {
    position(&std::fs::read_to_string(root.join(QT07)).unwrap(), needle).0
}

fn short(id: &str) -> &str {
    &id[..7]
}

/// The output paths of earlier revisions and redlines.
fn revision_pages(site: &Site) -> Vec<&String> {
    site.files.keys().filter(|p| p.contains("/lan-") || p.contains("/so-sanh/")).collect()
}

/// The words a redline marks with `del` or `ins` inside `css`, without the hidden spoken labels.
fn marked(html: &Html, css: &str) -> Vec<String> {
    texts_of(html, css)
        .into_iter()
        .map(|t| {
            let t = t.trim_start_matches("[đã bỏ: ").trim_start_matches("[thêm: ");
            t.strip_suffix(']').unwrap_or(t).trim().to_owned()
        })
        .collect()
}

/// Each row of the table rows matching `css`: its class and its cells' texts.
fn rows(html: &Html, css: &str) -> Vec<(String, Vec<String>)> {
    let cell = selector("th, td");
    html.select(&selector(css))
        .map(|tr| {
            let class = tr.value().attr("class").unwrap_or_default().to_owned();
            (class, tr.select(&cell).map(|c| squash(&c.text().collect::<String>())).collect())
        })
        .collect()
}

/// The cells' texts of each table row matching `css`.
fn cells(html: &Html, css: &str) -> Vec<Vec<String>> {
    rows(html, css).into_iter().map(|(_, cells)| cells).collect()
}

/// The bytes of `path` at `commit` in the repository `dir`, exactly as stored.
fn git_show(dir: &Path, commit: &str, path: &str) -> Vec<u8> {
    let out = Command::new("git")
        .args(["show", &format!("{commit}:{path}")])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git show");
    assert!(out.status.success(), "git show {commit}:{path}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A clone of `repo` with `--depth depth`, in a new temporary folder.
fn shallow_clone(repo: &Path, depth: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.display());
    git(clones.path(), &["clone", "-q", "--depth", &depth.to_string(), &url, "clone"], "2026-07-01T09:00:00+07:00");
    let root = clones.path().join("clone");
    (clones, root)
}

// ---------------------------------------------------------------------------------------------
// Earlier revisions.

#[test]
fn an_earlier_revision_is_the_text_of_the_last_commit_that_carried_it() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, REV1);
    let prose = text_of(&html, "main .prose");
    assert!(prose.contains(REV1_FINAL), "revision 1 is its corrected text: {prose}");
    assert!(!prose.contains(REV1_DRAFT), "not its first commit: {prose}");
    assert!(prose.contains("Quy định việc cấp"), "nor a later revision: {prose}");
    // Its own front matter: revision 1's time limit and fee, and its own amendment table.
    let methods = texts_of(&html, "table.methods tbody tr");
    assert!(methods[0].contains("10 ngày làm việc") && methods[0].contains("150.000 đồng"), "{methods:?}");
    assert_eq!(cells(&html, "#sua-doi tbody tr"), [["1", "15/01/2026", "Toàn bộ", "Ban hành lần đầu"]]);
}

#[test]
fn an_earlier_revision_has_a_superseded_banner_linking_the_current_page() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    for (path, number) in [(REV1, 1), (REV2, 2)] {
        let html = page(&site, path);
        let banner = text_of(&html, ".preview-banner.superseded");
        assert!(banner.starts_with(&format!("Đây là lần ban hành {number}, đã được thay thế")), "{banner}");
        assert!(banner.contains("có hiệu lực từ 01/06/2026"), "{banner}");
        let links = links_in(&html, ".preview-banner.superseded");
        assert_eq!(links, [("/quy-trinh/qt-07/".to_owned(), "lần ban hành 3".to_owned())], "{path}");
    }
    assert!(page(&site, PAGE).select(&selector(".superseded")).next().is_none(), "the current page has none");
}

#[test]
fn the_current_page_links_each_earlier_revision_and_the_redline_from_the_previous_one() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, PAGE);
    assert_eq!(
        texts_of(&html, "ul.revisions li"),
        [
            "Lần 3 (hiện hành), 01/06/2026 – so sánh với lần 2",
            "Lần 2, 01/03/2026 – so sánh với lần 1",
            "Lần 1, 15/01/2026"
        ]
    );
    let links = links_in(&html, "ul.revisions");
    let pair = |href: &str, text: &str| (href.to_owned(), text.to_owned());
    assert_eq!(
        links,
        [
            pair("/quy-trinh/qt-07/so-sanh/lan-02-lan-03/", "so sánh với lần 2"),
            pair("/quy-trinh/qt-07/lan-02/", "Lần 2"),
            pair("/quy-trinh/qt-07/so-sanh/lan-01-lan-02/", "so sánh với lần 1"),
            pair("/quy-trinh/qt-07/lan-01/", "Lần 1"),
        ]
    );
    for (href, _) in &links {
        let file = format!("{}index.html", href.trim_start_matches('/'));
        assert!(site.files.contains_key(&file), "{href} is linked but {file} is not published");
    }
    assert!(!site.files.contains_key(REV3), "the current revision has no second page");
}

#[test]
fn a_renamed_file_keeps_its_earlier_revisions() {
    let (dir, ids) = three_revisions();
    let root = dir.path();
    git(root, &["mv", QT07, "content/procedures/QT-07-cap-phep.md"], "2026-07-01T09:00:00+07:00");
    let renamed = git_commit_all(root, "Đổi tên tệp QT-07", "2026-07-01T09:00:00+07:00");
    let site = build(root);
    assert!(text_of(&page(&site, REV1), "main .prose").contains(REV1_FINAL));
    assert!(site.files.contains_key(REV2) && site.files.contains_key(REDLINE_1_2));
    let manifest = json_of(&site, "manifest.json");
    let sources: Vec<(u64, &str, Option<&str>)> = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["code"] == "QT-07")
        .map(|s| (s["revision"].as_u64().unwrap(), s["file"].as_str().unwrap(), s["commit"].as_str()))
        .collect();
    assert_eq!(
        sources,
        [
            (1, QT07, Some(ids[1].as_str())),
            (2, QT07, Some(ids[2].as_str())),
            (3, "content/procedures/QT-07-cap-phep.md", None)
        ]
    );
    let commits = texts_of(&page(&site, HISTORY), COMMITS);
    assert_eq!(commits.len(), 5, "the commits under both names: {commits:#?}");
    assert!(commits[0].contains("Đổi tên tệp QT-07") && commits[0].contains(short(&renamed)), "{commits:#?}");
}

#[test]
fn a_withdrawn_document_keeps_its_last_revision_online_with_the_withdrawn_banner() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    edit(root, QT07, "status = \"in-force\"", "status = \"withdrawn\"");
    git_commit_all(root, "Hủy bỏ QT-07", "2026-07-01T09:00:00+07:00");
    let site = build(root);
    let html = page(&site, PAGE);
    let banner = text_of(&html, ".preview-banner.withdrawn");
    assert!(banner.starts_with("Tài liệu đã bị hủy bỏ."), "{banner}");
    assert_eq!(texts_of(&html, "table.step-table tbody tr").len(), 4, "revision 3's steps are still shown");
    assert_eq!(json_of(&site, "api/quy-trinh/qt-07.json")["status"], "withdrawn");
    assert!(site.files.contains_key(REV2), "earlier revisions stay online too");
}

// ---------------------------------------------------------------------------------------------
// Change control.

#[test]
fn a_content_change_without_a_new_revision_is_a_warning_naming_the_commit() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    edit(root, QT07, "Tổ chức điền", "Tổ chức nộp");
    let id = git_commit_all(root, "Sửa câu chữ", "2026-07-01T09:00:00+07:00");
    let outcome = run(&options(root));
    let found = with_code(&outcome.diagnostics, "changed-without-revision");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    let d = found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((file_of(d).as_str(), d.loc.line), (QT07, line_of(root, "revision = 3\n")), "{}", one_line(d));
    for wanted in [short(&id), "Sửa câu chữ", "01/07/2026", "still revision 3"] {
        assert!(d.message.contains(wanted), "`{wanted}` is not in: {}", one_line(d));
    }
    assert_eq!(outcome.diagnostics.iter().count(), 1, "{}", describe(&outcome.diagnostics));
    assert!(!outcome.failed(false) && outcome.failed(true), "a warning fails only --strict");
}

#[test]
fn changing_only_the_sign_offs_of_the_revision_in_force_is_no_warning() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    edit(root, QT07, "title = \"Giám đốc Sở\"", "title = \"Giám đốc Sở Thử nghiệm\"");
    git_commit_all(root, "Sửa chức vụ người phê duyệt", "2026-07-01T09:00:00+07:00");
    let outcome = run(&options(root));
    assert!(outcome.diagnostics.is_empty(), "{}", describe(&outcome.diagnostics));
}

#[test]
fn a_revision_that_goes_down_is_an_error_naming_the_commit() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    edit(root, QT07, "revision = 3\nissued", "revision = 2\nissued");
    let id = git_commit_all(root, "Nhầm lần ban hành", "2026-07-01T09:00:00+07:00");
    let outcome = run(&options(root));
    let found = with_code(&outcome.diagnostics, "revision-decreased");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    let d = found[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!((file_of(d).as_str(), d.loc.line), (QT07, line_of(root, "revision = 2\nissued")), "{}", one_line(d));
    assert!(d.message.contains("from 3 to 2") && d.message.contains(short(&id)), "{}", one_line(d));
    assert!(outcome.failed(false));
}

#[test]
fn a_revision_that_skips_a_number_is_an_error() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    issue_qt07(root, 5, "2026-07-01", "Sửa biểu mẫu");
    let id = git_commit_all(root, "QT-07 lần 5", "2026-07-01T09:00:00+07:00");
    let outcome = run(&options(root));
    let found = with_code(&outcome.diagnostics, "revision-skipped");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    let d = found[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("from 3 to 5") && d.message.contains(short(&id)), "{}", one_line(d));
    assert!(
        d.help.as_ref().map(|h| h.en.as_str()).unwrap_or_default().contains("issue revision 4 next"),
        "{:?}",
        d.help
    );
}

#[test]
fn an_issued_revision_missing_from_the_amendment_table_is_an_error() {
    let (dir, ids) = three_revisions();
    let root = dir.path();
    let row = "[[amendments]]\nrevision = 2\ndate = 2026-03-01\nwhere = \"Toàn bộ\"\nsummary = \"Sửa thời hạn và lệ phí\"\n\n";
    edit(root, QT07, row, "");
    let outcome = run(&options(root));
    let found = with_code(&outcome.diagnostics, "missing-amendment");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    let d = found[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(file_of(d), QT07);
    assert!(d.message.contains("revision 2 was issued") && d.message.contains(short(&ids[2])), "{}", one_line(d));
    assert_eq!(outcome.diagnostics.iter().count(), 1, "{}", describe(&outcome.diagnostics));
}

// ---------------------------------------------------------------------------------------------
// Without the whole history.

#[test]
fn a_depth_one_clone_notes_shallow_history_and_publishes_only_current_revisions() {
    let (dir, ids) = three_revisions();
    let (_clones, root) = shallow_clone(dir.path(), 1);
    let outcome = run_with_notes(&options(&root));
    let notes = with_code(&outcome.diagnostics, "shallow-history");
    assert_eq!(notes.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!((notes[0].severity, file_of(notes[0]).as_str()), (Severity::Note, "sotay.toml"));
    assert_eq!(outcome.diagnostics.iter().count(), 1, "no problem, only the note: {}", describe(&outcome.diagnostics));
    let site = outcome.site.unwrap();
    assert!(revision_pages(&site).is_empty(), "{:#?}", revision_pages(&site));
    let commits = texts_of(&page(&site, HISTORY), COMMITS);
    assert_eq!(commits.len(), 1, "only the commit it has: {commits:?}");
    assert!(commits[0].contains(short(&ids[3])), "{commits:?}");
}

#[test]
fn a_deeper_shallow_clone_publishes_the_revisions_it_has_and_no_older_ones() {
    let (dir, _) = three_revisions();
    let (_clones, root) = shallow_clone(dir.path(), 2);
    let outcome = run_with_notes(&options(&root));
    assert_eq!(codes_and_files(&outcome.diagnostics), [("shallow-history".into(), "sotay.toml".into())]);
    let site = outcome.site.unwrap();
    let pages = revision_pages(&site);
    assert_eq!(pages, ["quy-trinh/qt-07/lan-02/index.html", "quy-trinh/qt-07/so-sanh/lan-02-lan-03/index.html"]);
    // Revision 1 has no page to link: its entry in the list of changes points to the history page.
    let links = links_in(&page(&site, "thay-doi/index.html"), "tbody td");
    assert!(links.contains(&("/quy-trinh/qt-07/lich-su/".into(), "Lần 1".into())), "{links:#?}");
}

#[test]
fn without_a_repository_there_is_a_no_history_note_and_only_current_revisions() {
    let dir = copy_fixture("basic");
    issue_qt07(dir.path(), 2, "2026-03-01", "Sửa thời hạn và lệ phí");
    let outcome = run_with_notes(&options(dir.path()));
    assert_eq!(codes_and_files(&outcome.diagnostics), [("no-history".into(), "sotay.toml".into())]);
    assert_eq!(outcome.diagnostics.iter().next().unwrap().severity, Severity::Note);
    let site = outcome.site.unwrap();
    assert!(revision_pages(&site).is_empty(), "{:#?}", revision_pages(&site));
    // The document page's amendment table is the whole record: no history page repeats it
    // (issue 23: one page fewer per document), and nothing links to one.
    let current = page(&site, PAGE);
    assert_eq!(texts_of(&current, "#sua-doi tbody tr").len(), 2, "the amendment table is still published");
    assert!(!site.files.contains_key(HISTORY), "no history page without a repository");
    assert!(!text(&site, PAGE).contains("lich-su"), "no link to a history page");
    let changes = text(&site, "thay-doi/index.html");
    assert!(!changes.contains("lich-su") && changes.contains("/quy-trinh/qt-07/#sua-doi"), "{changes}");
    let json = text(&site, "api/quy-trinh/qt-07.json");
    assert!(json.contains("\"history_url\":null"), "{json}");
}

// ---------------------------------------------------------------------------------------------
// Redlines.

#[test]
fn the_redline_of_prose_marks_exactly_the_changed_words() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, REDLINE_1_2);
    // The correction inside revision 1 is not a change between revisions 1 and 2.
    assert_eq!(marked(&html, ".redline-body del"), ["việc"]);
    assert_eq!(marked(&html, ".redline-body ins"), ["trình tự"]);
    assert!(text_of(&html, ".redline-body").contains("cấp giấy phép thử nghiệm"), "unchanged words are kept");
    let links = links(&html);
    assert!(links.contains(&("/quy-trinh/qt-07/lan-01/".into(), "lần ban hành 1".into())), "{links:?}");
    assert!(links.contains(&("/quy-trinh/qt-07/lan-02/".into(), "lần ban hành 2".into())), "{links:?}");
}

/// Issue 20, item 5: the body's redline is the rendered document — headings, list items, table
/// cells and links as HTML, with the changed words marked inside them — never Markdown source.
#[test]
fn the_redline_of_the_body_marks_words_inside_rendered_headings_list_items_and_cells_issue_20() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    git_init(root);
    let dossier = "theo [[STCL]].\n\n## Hồ sơ\n\n- Đơn đề nghị **cấp phép**\n- Bản sao giấy đăng ký\n- Giấy tờ cũ\n\n\
                   | Bước | Thời hạn |\n|---|---|\n| Tiếp nhận | 1 ngày |\n| Thẩm định | 10 ngày |\n";
    edit(root, QT07, "theo [[STCL]].", dossier);
    git_commit_all(root, "Ban hành QT-07 lần 1", "2026-01-15T09:00:00+07:00");
    issue_qt07(root, 2, "2026-03-01", "Sửa nội dung");
    edit(root, QT07, "## 1. Mục đích", "## 1. Mục đích và phạm vi");
    edit(root, QT07, "- Bản sao giấy đăng ký\n- Giấy tờ cũ\n", "- Bản chính giấy đăng ký\n");
    edit(root, QT07, "| Thẩm định | 10 ngày |", "| Thẩm định | 12 ngày |\n\nMột đoạn hoàn toàn mới.");
    git_commit_all(root, "QT-07 lần 2: nội dung", "2026-03-01T09:00:00+07:00");
    let site = build(root);
    let html = page(&site, REDLINE_1_2);
    let body = within(&html, ".redline-body");

    assert_eq!(marked(&body, "h2 ins"), ["và phạm vi"], "the heading is an <h2> with the words marked inside");
    assert!(marked(&body, "h2 del").is_empty());
    assert_eq!(marked(&body, "li del"), ["sao", "Giấy tờ cũ"], "a changed item and a removed one");
    assert_eq!(marked(&body, "li ins"), ["chính"]);
    assert_eq!(text_of(&body, "li strong"), "cấp phép", "unchanged emphasis stays rendered");
    assert_eq!(marked(&body, "td del"), ["10"]);
    assert_eq!(marked(&body, "td ins"), ["12"]);
    assert_eq!(texts_of(&body, "th"), ["Bước", "Thời hạn"]);
    assert_eq!(marked(&body, "p ins"), ["Một đoạn hoàn toàn mới."], "a new paragraph is marked whole");
    assert!(
        links(&body).iter().any(|(href, _)| href.contains("stcl")),
        "[[STCL]] is a link, as on the page: {:?}",
        links(&body)
    );
    let text = text_of(&html, ".redline-body");
    for markdown in ["##", "**", "[[", "|", "- Bản"] {
        assert!(!text.contains(markdown), "Markdown `{markdown}` in the redline: {text}");
    }
}

#[test]
fn the_redline_of_methods_summarises_the_time_limit_and_fee_change() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, REDLINE_1_2);
    assert_eq!(
        text_of(&html, "p.lead"),
        "Tóm tắt thay đổi: Trực tiếp: thời hạn 10 → 12 ngày làm việc, phí 150.000 đồng → 200.000 đồng; sửa nội dung văn bản"
    );
    let methods = rows(&html, "#so-sanh-methods-h ~ .table-wrap tbody tr");
    let summary: Vec<(&str, &str, &str)> =
        methods.iter().map(|(class, cells)| (class.as_str(), cells[0].as_str(), cells[3].as_str())).collect();
    assert_eq!(summary, [("row-changed", "Trực tiếp", "Sửa"), ("row-same", "Trực tuyến", "Không đổi")]);
    assert_eq!(marked(&html, "#so-sanh-methods-h ~ .table-wrap del"), ["10", "150.000"]);
    assert_eq!(marked(&html, "#so-sanh-methods-h ~ .table-wrap ins"), ["12", "200.000"]);
    let steps = rows(&html, "#so-sanh-steps-h ~ .table-wrap tbody tr");
    assert!(steps.iter().all(|(class, _)| class == "row-same"), "{steps:#?}");
}

#[test]
fn the_redline_of_steps_marks_the_changed_and_the_added_row() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, REDLINE_2_3);
    assert_eq!(text_of(&html, "p.lead"), "Tóm tắt thay đổi: Thêm bước 4; sửa bước 2");
    let steps: Vec<(String, String)> = rows(&html, "#so-sanh-steps-h ~ .table-wrap tbody tr")
        .into_iter()
        .map(|(class, cells)| (class, cells[0].clone()))
        .collect();
    let expected = [("row-same", "1"), ("row-changed", "2"), ("row-same", "3"), ("row-added", "4")];
    assert_eq!(steps, expected.map(|(c, n)| (c.to_owned(), n.to_owned())));
    assert_eq!(
        marked(&html, "#so-sanh-steps-h ~ .table-wrap ins"),
        ["kiểm tra thực tế và", "Lưu hồ sơ", "Văn phòng Sở", "0,5 ngày làm việc"]
    );
    assert!(marked(&html, "#so-sanh-steps-h ~ .table-wrap del").is_empty());
    assert!(rows(&html, "#so-sanh-methods-h ~ .table-wrap tbody tr").iter().all(|(c, _)| c == "row-same"));
    assert_eq!(text_of(&html, "#noi-dung-van-ban-h + p"), "Nội dung văn bản không thay đổi.");
}

// ---------------------------------------------------------------------------------------------
// History, changes, feed.

#[test]
fn the_history_page_lists_the_amendment_table_and_every_commit_newest_first() {
    let (dir, ids) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, HISTORY);
    assert_eq!(
        cells(&html, "#sua-doi tbody tr"),
        [
            ["3", "01/06/2026", "Toàn bộ", "Sửa các bước xử lý"],
            ["2", "01/03/2026", "Toàn bộ", "Sửa thời hạn và lệ phí"],
            ["1", "15/01/2026", "Toàn bộ", "Ban hành lần đầu"]
        ]
    );
    let commits = cells(&html, COMMITS);
    let expected = [
        ("01/06/2026", "QT-07 lần 3: các bước", &ids[3]),
        ("01/03/2026", "QT-07 lần 2: thời hạn và lệ phí", &ids[2]),
        ("20/01/2026", "Đính chính QT-07", &ids[1]),
        ("15/01/2026", "Ban hành QT-07 lần 1", &ids[0]),
    ];
    let expected: Vec<Vec<String>> = expected
        .iter()
        .map(|(date, message, id)| vec![(*date).into(), GIT_AUTHOR.into(), (*message).into(), short(id).into()])
        .collect();
    assert_eq!(commits, expected);
}

#[test]
fn the_change_page_lists_every_issued_revision_newest_first() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let html = page(&site, "thay-doi/index.html");
    let rows = rows(&html, "tbody tr");
    let dates: Vec<Date> = rows.iter().map(|(_, cells)| Date::parse(&cells[0]).unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
    let first: Vec<(&str, &str, &str)> =
        rows[..2].iter().map(|(_, c)| (c[0].as_str(), c[1].as_str(), c[4].as_str())).collect();
    let qt07 = "QT-07 Quy trình cấp giấy phép thử nghiệm";
    assert_eq!(first, [("01/06/2026", qt07, "Sửa các bước xử lý"), ("01/03/2026", qt07, "Sửa thời hạn và lệ phí")]);
    let links = links_in(&html, "tbody td");
    assert!(links.contains(&("/quy-trinh/qt-07/lan-02/".into(), "Lần 2".into())), "{links:#?}");
    assert!(links.contains(&("/quy-trinh/qt-07/so-sanh/lan-01-lan-02/".into(), "So sánh".into())), "{links:#?}");
    assert_eq!(rows.len(), amendment_rows(&site), "one row per amendment-table row of a published document");
}

/// The number of amendment-table rows of the published documents, from the JSON API.
fn amendment_rows(site: &Site) -> usize {
    let index = json_of(site, "api/index.json");
    index["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json_of(site, d["json"].as_str().unwrap().trim_start_matches('/'))["amendments"].as_array().unwrap().len()
        })
        .sum()
}

#[test]
fn the_atom_feed_is_atom_with_one_entry_per_issued_revision() {
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let xml = text(&site, "thay-doi/atom.xml");
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("the feed is not XML: {e}\n{xml}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |node: roxmltree::Node<'_, '_>, name: &str| -> String {
        let found = node.children().find(|c| c.has_tag_name((ATOM, name)));
        found.and_then(|c| c.text()).unwrap_or_else(|| panic!("no <{name}> with text")).to_owned()
    };
    assert_eq!(child(feed, "id"), "tag:so-thu-nghiem.example.gov.vn,2014:thay-doi");
    assert!(child(feed, "title").starts_with("Thay đổi – "), "{}", child(feed, "title"));
    assert_eq!(child(feed, "updated"), "2026-06-01T00:00:00Z", "the newest revision's date");
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    assert_eq!(entries.len(), amendment_rows(&site));
    let mut ids = Vec::new();
    for entry in &entries {
        let link = entry.children().find(|c| c.has_tag_name((ATOM, "link"))).expect("an entry has a link");
        let href = link.attribute("href").unwrap();
        assert!(href.starts_with("https://so-thu-nghiem.example.gov.vn/"), "{href}");
        assert!(child(*entry, "updated").ends_with("T00:00:00Z") && !child(*entry, "title").is_empty());
        ids.push((child(*entry, "id"), href.to_owned()));
    }
    assert_eq!(
        ids[1],
        (
            "tag:so-thu-nghiem.example.gov.vn,2014:quy-trinh/qt-07/lan-02".to_owned(),
            "https://so-thu-nghiem.example.gov.vn/quy-trinh/qt-07/lan-02/".to_owned()
        )
    );
    let mut unique: Vec<&String> = ids.iter().map(|(id, _)| id).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), entries.len(), "entry ids are unique: {ids:#?}");
}

// ---------------------------------------------------------------------------------------------
// The manifest.

#[test]
fn every_file_in_the_manifest_has_the_size_and_sha256_of_the_published_bytes() {
    let (dir, _) = three_revisions();
    let site = build(dir.path());
    let manifest = json_of(&site, "manifest.json");
    assert_eq!(manifest["algorithm"], "sha256");
    let files = manifest["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let published: Vec<&str> = site.files.keys().map(String::as_str).filter(|p| *p != "manifest.json").collect();
    assert_eq!(paths, published, "every published file but the manifest, sorted");
    for file in files {
        let bytes = bytes(&site, file["path"].as_str().unwrap());
        assert_eq!(file["sha256"], sha256_hex(&bytes), "{file}");
        assert_eq!(file["size"], bytes.len(), "{file}");
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_revision_source_in_the_manifest_hashes_the_committed_or_working_text() {
    let (dir, ids) = three_revisions();
    let root = dir.path();
    let site = build(root);
    let sources = json_of(&site, "manifest.json")["sources"].as_array().unwrap().clone();
    let qt07: Vec<(u64, Option<&str>)> = sources
        .iter()
        .filter(|s| s["code"] == "QT-07")
        .map(|s| (s["revision"].as_u64().unwrap(), s["commit"].as_str()))
        .collect();
    assert_eq!(qt07, [(1, Some(ids[1].as_str())), (2, Some(ids[2].as_str())), (3, None)]);
    for source in &sources {
        let file = source["file"].as_str().unwrap();
        let stored = match source["commit"].as_str() {
            Some(commit) => git_show(root, commit, file),
            None => std::fs::read(root.join(file)).unwrap(),
        };
        assert_eq!(source["sha256"], sha256_hex(&stored), "{source}");
    }
}

#[test]
fn two_fixture_repositories_made_alike_give_identical_manifests() {
    let ((a, a_ids), (b, b_ids)) = (three_revisions(), three_revisions());
    assert_eq!(a_ids, b_ids, "fixed authors and dates give the same commit ids");
    let (one, two) = (build(a.path()), build(b.path()));
    assert_eq!(text(&one, "manifest.json"), text(&two, "manifest.json"));
    assert_same_files(&all_bytes(&one), &all_bytes(&two), "two builds of the same history");
}

// ---------------------------------------------------------------------------------------------
// A revision not yet in force.

#[test]
fn a_revision_effective_after_the_build_date_is_upcoming_and_the_previous_stays_current() {
    let (dir, _) = three_revisions();
    let mut options = options(dir.path());
    options.date = Date::parse("2026-04-01").unwrap();
    let site = clean_site(run(&options));
    let html = page(&site, PAGE);
    assert_eq!(texts_of(&html, "table.step-table tbody tr").len(), 3, "revision 2's steps");
    assert!(texts_of(&html, "table.methods tbody tr")[0].contains("12 ngày làm việc"));
    let banner = text_of(&html, ".preview-banner.upcoming");
    assert!(banner.contains("lần ban hành 3 có hiệu lực từ 01/06/2026"), "{banner}");
    assert_eq!(links_in(&html, ".preview-banner.upcoming"), [("/quy-trinh/qt-07/lan-03/".into(), "xem trước".into())]);
    let json = json_of(&site, "api/quy-trinh/qt-07.json");
    assert_eq!(json["revision"], 2);
    assert_eq!(
        json["upcoming"],
        serde_json::json!({"revision": 3, "effective": "2026-06-01", "url": "/quy-trinh/qt-07/lan-03/"})
    );

    let upcoming = page(&site, REV3);
    assert_eq!(texts_of(&upcoming, "table.step-table tbody tr").len(), 4, "revision 3's own page");
    let banner = text_of(&upcoming, ".preview-banner.upcoming");
    assert!(banner.starts_with("Lần ban hành 3 chưa có hiệu lực"), "{banner}");
    assert!(
        links_in(&upcoming, "main > .preview-banner").contains(&("/quy-trinh/qt-07/".into(), "lần ban hành 2".into()))
    );
    assert!(!site.files.contains_key(REV2), "revision 2 is the document's own page");
    assert!(site.files.contains_key(REDLINE_2_3));
}

#[test]
fn before_a_revision_takes_effect_earlier_ones_say_they_were_replaced_by_the_one_in_force() {
    let (dir, _) = three_revisions();
    let mut options = options(dir.path());
    options.date = Date::parse("2026-04-01").unwrap();
    let site = clean_site(run(&options));
    let html = page(&site, REV1);
    let banner = text_of(&html, ".preview-banner.superseded");
    assert!(banner.contains("đã được thay thế bởi lần ban hành 2, có hiệu lực từ 01/03/2026"), "{banner}");
    let links = links_in(&html, ".preview-banner.superseded");
    assert_eq!(links, [("/quy-trinh/qt-07/".into(), "lần ban hành 2".into())]);
}

// ---------------------------------------------------------------------------------------------
// The example manual.

#[test]
fn the_example_manual_committed_to_a_fresh_repository_builds_without_problems_or_notes() {
    // content-example/ itself lies in this project's repository, whose commit ids change with
    // every commit; a copy committed once at a fixed date is the same everywhere.
    let root = content_example();
    assert!(root.join("sotay.toml").is_file(), "{} is part of the repository", root.display());
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root, dir.path());
    // The example's editions name commits of this project's history, which the copy lacks.
    let config = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    let without_editions = config.split("\n[[editions]]").next().unwrap_or(&config).to_owned();
    write(dir.path(), "sotay.toml", without_editions);
    git_init(dir.path());
    let id = git_commit_all(dir.path(), "Sổ tay mẫu", "2026-01-15T09:00:00+07:00");
    let outcome = run_with_notes(&options(dir.path()));
    assert!(outcome.diagnostics.is_empty(), "{}", describe(&outcome.diagnostics));
    let site = outcome.site.unwrap();
    assert!(revision_pages(&site).is_empty(), "one commit holds only current revisions");
    let histories: Vec<&String> = site.files.keys().filter(|p| p.ends_with("/lich-su/index.html")).collect();
    assert!(histories.len() >= 12, "{histories:?}");
    for path in histories {
        let commits = cells(&page(&site, path), COMMITS);
        assert_eq!(commits, [["15/01/2026", GIT_AUTHOR, "Sổ tay mẫu", short(&id)]], "{path}");
    }
}
