//! A draft of a document's next revision in the working copy: public builds keep publishing the
//! revision in force, and nothing of the draft reaches them; internal builds show the draft.

mod common;

use common::*;

const DRAFT_WORD: &str = "DU-THAO-LAN-BON-55";

/// [`three_revisions`] with revision 4 drafted, uncommitted, carrying [`DRAFT_WORD`].
fn drafting_revision_4() -> tempfile::TempDir {
    let (dir, _) = three_revisions();
    let root = dir.path();
    issue_qt07(root, 4, "2026-10-01", "Dự thảo lần 4");
    edit(root, QT07, "status = \"in-force\"", "status = \"draft\"");
    edit(
        root,
        QT07,
        "Cấp giấy phép thử nghiệm cho tổ chức.",
        &format!("Cấp giấy phép thử nghiệm cho tổ chức. {DRAFT_WORD}"),
    );
    dir
}

#[test]
fn a_public_build_keeps_the_revision_in_force_while_the_next_is_drafted() {
    let dir = drafting_revision_4();
    let outcome = run_with_notes(&options(dir.path()));
    assert_eq!(with_code(&outcome.diagnostics, "draft-not-published").len(), 1, "{}", describe(&outcome.diagnostics));
    let site = outcome.site.expect("the site builds");
    let html = page(&site, "quy-trinh/qt-07/index.html");
    assert!(text_of(&html, ".controlled").contains('3'), "revision 3 is shown as current");
    assert!(site.files.contains_key("quy-trinh/qt-07/lan-02/index.html"), "earlier revisions stay");
    assert!(!site.files.keys().any(|p| p.contains("lan-04") || p.contains("lan-03-lan-04")));
    for (path, bytes) in all_bytes(&site) {
        assert!(!contains_bytes(&bytes, DRAFT_WORD), "{path} holds the draft");
        assert!(!contains_bytes(&bytes, "Dự thảo lần 4"), "{path} holds the draft's amendment row");
    }
    let manifest = json_of(&site, "manifest.json");
    let source =
        manifest["sources"].as_array().unwrap().iter().find(|s| s["code"] == "QT-07" && s["revision"] == 3).unwrap();
    assert_eq!(source["file"], QT07);
    assert!(source["commit"].as_str().is_some_and(|c| c.len() == 40), "{source}");
}

#[test]
fn an_internal_build_shows_the_draft() {
    let dir = drafting_revision_4();
    let site = run(&internal_options(dir.path())).site.expect("the site builds");
    assert!(text(&site, "quy-trinh/qt-07/index.html").contains(DRAFT_WORD));
}
