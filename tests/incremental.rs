//! Incremental rebuilds (`sotay serve`): after every edit, the site rendered incrementally is
//! byte for byte the site a full build of the same files gives.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use sotay::serve::rebuild::{Extent, Rebuilder};

const BM0701: &str = "content/forms/BM-07-01.md";
const QT07_EN: &str = "content/procedures/QT-07.en.md";

/// An English translation of QT-07 that links to BM-07-01, whose title its page shows.
fn translate_qt07(root: &Path) {
    write(
        root,
        QT07_EN,
        "+++\ntranslation_of = \"QT-07\"\nlang = \"en\"\ntitle = \"Procedure for test licences\"\ntranslates_revision = 1\n+++\n\nApply with [[BM-07-01]].\n",
    );
}

fn full_site(root: &Path) -> sotay::render::Site {
    let mut rebuilder = Rebuilder::new(internal_options(root));
    let rebuilt = rebuilder.rebuild(&BTreeSet::new()).unwrap();
    let site = rebuilt.site.expect("the full build succeeds");
    (*site).clone()
}

fn changed(paths: &[&str]) -> BTreeSet<PathBuf> {
    paths.iter().map(PathBuf::from).collect()
}

#[test]
fn every_incremental_rebuild_equals_a_full_build_of_the_same_files() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    translate_qt07(root);
    let mut rebuilder = Rebuilder::new(internal_options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    type Edit = (&'static str, &'static str, &'static str);
    let edits: [Edit; 11] = [
        (QT07_EN, "title = \"Procedure for test licences\"", "title = \"Procedure for licences to test\""),
        (QT07_EN, "Apply with", "Organisations apply with"),
        (QT07, "Cấp giấy phép thử nghiệm cho tổ chức.", "Cấp giấy phép thử nghiệm cho tổ chức, nhanh hơn."),
        (QT07, "title = \"Quy trình cấp giấy phép thử nghiệm\"", "title = \"Quy trình cấp mới giấy phép thử nghiệm\""),
        (BM0701, "\ntitle = \"", "\ntitle = \"Mẫu: "),
        (QT07, "fee = 150000", "fee = 120000"),
        (QT07, "form = \"BM-07-01\"\noriginals = 1", "originals = 1"),
        (QT07, "summary = \"Ban hành lần đầu\"", "summary = \"Ban hành lần đầu (đính chính)\""),
        (QT07, "code = \"QT-07\"", "code = \"QT-07\"\nweight = -5"),
        (QT07, "status = \"in-force\"", "status = \"draft\""),
        (QT07_EN, "translates_revision = 1", "translates_revision = 1\ntranslator = \"Văn phòng\""),
    ];
    for (step, (file, from, to)) in edits.into_iter().enumerate() {
        edit(root, file, from, to);
        let rebuilt = rebuilder.rebuild(&changed(&[file])).unwrap();
        assert!(matches!(rebuilt.extent, Extent::Documents(_)), "edit {step} is incremental: {:?}", rebuilt.extent);
        let incremental =
            rebuilt.site.unwrap_or_else(|| panic!("edit {step} builds: {}", describe(&rebuilt.diagnostics)));
        let full = full_site(root);
        assert_same_files(&all_bytes(&incremental), &all_bytes(&full), &format!("after edit {step} ({file})"));
        assert_eq!(incremental.owners, full.owners, "after edit {step}: each file has the key a full build gives it");
        assert_eq!(incremental.pages, full.pages, "after edit {step}");
    }
}

/// Whether the rebuilt site holds the very bytes of the previous one at `path` (kept, not
/// rendered again).
fn kept(before: &sotay::render::Site, after: &sotay::render::Site, path: &str) -> bool {
    use sotay::render::Output;
    match (before.files.get(path), after.files.get(path)) {
        (Some(Output::Bytes(a)), Some(Output::Bytes(b))) => std::sync::Arc::ptr_eq(a, b),
        other => panic!("{path} is in both sites, in memory: {other:?}"),
    }
}

#[test]
fn a_rebuild_keeps_the_site_wide_pages_that_do_not_show_what_changed() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(internal_options(root));
    let first = rebuilder.rebuild(&BTreeSet::new()).unwrap().site.expect("the first build succeeds");
    edit(root, QT07, "Quy định việc cấp giấy phép thử nghiệm", "Quy định việc cấp và gia hạn giấy phép thử nghiệm");
    let prose = rebuilder.rebuild(&changed(&[QT07])).unwrap().site.expect("the prose edit builds");
    assert!(!kept(&first, &prose, "quy-trinh/qt-07/index.html"), "QT-07's page is rendered again");
    for path in ["quy-trinh/index.html", "index.html", "thay-doi/atom.xml", "api/index.json", "tim-kiem/index.js"] {
        assert!(kept(&first, &prose, path), "a prose edit keeps {path}");
    }
    edit(root, QT07, "code = \"QT-07\"", "code = \"QT-07\"\nweight = -5");
    let weight = rebuilder.rebuild(&changed(&[QT07])).unwrap().site.expect("the weight edit builds");
    assert!(!kept(&prose, &weight, "quy-trinh/index.html"), "a weight renders the procedure list again");
    assert!(kept(&prose, &weight, "bieu-mau/index.html"), "but not the form list");
    assert_same_files(&all_bytes(&weight), &all_bytes(&full_site(root)), "after the weight edit");
}

#[test]
fn editing_a_document_back_to_its_earlier_text_rebuilds_to_what_a_full_build_gives() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(internal_options(root));
    let first = rebuilder.rebuild(&BTreeSet::new()).unwrap().site.expect("the first build succeeds");
    let (from, to) = ("title = \"Quy trình cấp giấy phép thử nghiệm\"", "title = \"Quy trình cấp mới giấy phép\"");
    edit(root, QT07, from, to);
    let edited = rebuilder.rebuild(&changed(&[QT07])).unwrap().site.expect("the edit builds");
    assert!(text(&edited, "quy-trinh/qt-07/index.html").contains("cấp mới giấy phép"), "the edit is shown");
    // Back to the very text of the first build: read again (a new allocation), the same digests.
    edit(root, QT07, to, from);
    let rebuilt = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert!(matches!(rebuilt.extent, Extent::Documents(_)), "{:?}", rebuilt.extent);
    let back = rebuilt.site.expect("the edit back builds");
    assert_same_files(&all_bytes(&back), &all_bytes(&full_site(root)), "after the edit back");
    assert_same_files(&all_bytes(&back), &all_bytes(&first), "the first build's bytes again");
}

/// A rebuild that fails keeps what it read: a later edit elsewhere does not bring back the
/// failed document's earlier text (and so hide its error).
#[test]
fn after_a_failed_rebuild_an_edit_elsewhere_still_sees_the_broken_document() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(internal_options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap().site.expect("the first build succeeds");
    edit(root, QT07, "revision = 1\nissued", "revision = \"hai\"\nissued");
    let broken = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert_eq!(broken.extent, Extent::Failed, "{}", describe(&broken.diagnostics));
    edit(root, BM0701, "\ntitle = \"", "\ntitle = \"Mẫu: ");
    let after = rebuilder.rebuild(&changed(&[BM0701])).unwrap();
    assert_eq!(after.extent, Extent::Failed, "QT-07 is still broken");
    assert!(after.diagnostics.iter().any(|d| &*d.loc.file == Path::new(QT07)), "{}", describe(&after.diagnostics));
    edit(root, QT07, "revision = \"hai\"\nissued", "revision = 1\nissued");
    let fixed = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    let site = fixed.site.unwrap_or_else(|| panic!("fixed: {}", describe(&fixed.diagnostics)));
    assert_same_files(&all_bytes(&site), &all_bytes(&full_site(root)), "after the fix");
}

#[test]
fn an_edit_of_the_example_rebuilds_incrementally_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&content_example(), dir.path());
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(internal_options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    edit(root, QT07, "title = \"Quy trình cấp, cấp lại", "title = \"Quy trình (sửa) cấp, cấp lại");
    let rebuilt = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert!(matches!(rebuilt.extent, Extent::Documents(_)), "{:?}", rebuilt.extent);
    let incremental = rebuilt.site.expect("the edit builds");
    assert!(text(&incremental, "quy-trinh/qt-07/index.html").contains("Quy trình (sửa) cấp"));
    assert_same_files(&all_bytes(&incremental), &all_bytes(&full_site(root)), "after the edit");
}

#[test]
fn a_commit_or_a_new_tag_is_seen_by_the_next_rebuild() {
    let (dir, _) = three_revisions();
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(internal_options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    edit(root, QT07, "Cấp giấy phép thử nghiệm cho tổ chức.", "Cấp giấy phép thử nghiệm cho các tổ chức.");
    let edited = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert!(matches!(edited.extent, Extent::Documents(_)), "{:?}", edited.extent);
    assert_same_files(&all_bytes(&edited.site.unwrap()), &all_bytes(&full_site(root)), "after an edit");
    git_commit_all(root, "Sửa câu chữ QT-07", "2026-07-01T09:00:00+07:00");
    let committed = rebuilder.rebuild(&BTreeSet::new()).unwrap();
    assert_eq!(committed.extent, Extent::Full, "a new commit renders everything");
    let site = committed.site.unwrap();
    assert!(text(&site, "quy-trinh/qt-07/lich-su/index.html").contains("Sửa câu chữ QT-07"));
    assert_same_files(&all_bytes(&site), &all_bytes(&full_site(root)), "after a commit");
    git(root, &["tag", "2026"], "2026-07-01T09:00:00+07:00");
    let config = std::fs::read_to_string(root.join("sotay.toml")).unwrap();
    write(root, "sotay.toml", format!("{config}\n[[editions]]\ntag = \"2026\"\n"));
    let tagged = rebuilder.rebuild(&changed(&["sotay.toml"])).unwrap();
    assert!(tagged.site.is_some(), "{}", describe(&tagged.diagnostics));
    assert!(tagged.site.unwrap().files.contains_key("an-ban/2026/index.html"), "the new tag's edition");
}

#[test]
fn a_translation_going_out_of_date_or_away_rebuilds_to_the_same_bytes() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    translate_qt07(root);
    let mut rebuilder = Rebuilder::new(options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    // The original is re-issued: the translation is out of date now.
    issue_qt07(root, 2, "2026-03-01", "Sửa thời hạn");
    let rebuilt = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert!(matches!(rebuilt.extent, Extent::Documents(_)), "{:?}", rebuilt.extent);
    let incremental = rebuilt.site.expect("the edit builds");
    assert!(text(&incremental, "en/quy-trinh/qt-07/index.html").contains("out of date"));
    let full = Rebuilder::new(options(root)).rebuild(&BTreeSet::new()).unwrap().site.unwrap();
    assert_same_files(&all_bytes(&incremental), &all_bytes(&full), "after the original moved on");
    // The original turns draft: its translation leaves the public site, and with it the
    // language's index and every footer's link to it.
    edit(root, QT07, "status = \"in-force\"", "status = \"draft\"");
    let rebuilt = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    let incremental = rebuilt.site.expect("the edit builds");
    assert!(!incremental.files.keys().any(|p| p.starts_with("en/")), "the translation is gone");
    let full = Rebuilder::new(options(root)).rebuild(&BTreeSet::new()).unwrap().site.unwrap();
    assert_same_files(&all_bytes(&incremental), &all_bytes(&full), "after the original turned draft");
}

#[test]
fn a_document_turning_draft_leaves_the_public_lists_incrementally_too() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    edit(root, QT07, "status = \"in-force\"", "status = \"draft\"");
    let rebuilt = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert!(matches!(rebuilt.extent, Extent::Documents(_)), "{:?}", rebuilt.extent);
    let incremental = rebuilt.site.expect("the edit builds");
    assert!(!text(&incremental, "quy-trinh/index.html").contains("QT-07"), "gone from the public list");
    let mut full = Rebuilder::new(options(root));
    let full = full.rebuild(&BTreeSet::new()).unwrap().site.unwrap();
    assert_same_files(&all_bytes(&incremental), &all_bytes(&full), "after the edit");
}

/// The codes and messages of a run's diagnostics, in order.
fn messages(diagnostics: &sotay::diagnostic::Diagnostics) -> Vec<String> {
    diagnostics.iter().map(|d| format!("{} {}:{} {}", d.code, d.loc.file.display(), d.loc.line, d.message.en)).collect()
}

#[test]
fn results_kept_for_unchanged_documents_follow_the_documents_they_depend_on() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let stcl = "content/manual/STCL.md";
    edit(root, stcl, "[[QT-07]]", "[[QT-07#1-muc-dich]]");
    let mut rebuilder = Rebuilder::new(internal_options(root));
    let first = rebuilder.rebuild(&BTreeSet::new()).unwrap();
    assert!(
        !messages(&first.diagnostics).iter().any(|m| m.starts_with("unknown-anchor")),
        "{:?}",
        messages(&first.diagnostics)
    );
    let fresh = |root: &Path| Rebuilder::new(internal_options(root)).rebuild(&BTreeSet::new()).unwrap();

    // STCL is unchanged, but the heading its link names is gone from QT-07.
    edit(root, QT07, "## 1. Mục đích", "## 1. Mục tiêu");
    let broken = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    let found = messages(&broken.diagnostics);
    assert!(found.iter().any(|m| m.starts_with("unknown-anchor") && m.contains("STCL")), "{found:?}");
    assert_eq!(found, messages(&fresh(root).diagnostics), "the same problems as a full build");

    edit(root, QT07, "## 1. Mục tiêu", "## 1. Mục đích");
    let mended = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    assert_eq!(messages(&mended.diagnostics), messages(&fresh(root).diagnostics));
    assert_same_files(&all_bytes(&mended.site.unwrap()), &all_bytes(&full_site(root)), "after the heading came back");

    // A citation of an unregistered law, then a form code that is no form.
    edit(root, QT07, "## 1. Mục đích", "## 1. Mục đích\n\nTheo Thông tư số 99/2099/TT-BKHCN.\n");
    let cited = rebuilder.rebuild(&changed(&[QT07])).unwrap();
    let found = messages(&cited.diagnostics);
    assert!(found.iter().any(|m| m.starts_with("unknown-legal-number")), "{found:?}");
    assert_eq!(found, messages(&fresh(root).diagnostics));
    assert_same_files(&all_bytes(&cited.site.unwrap()), &all_bytes(&full_site(root)), "after the citation");
}

/// After each edit of a document with git history (uncommitted, as in `serve`), the rebuild
/// gives what a full build of the same files gives: the same site (the document's history
/// page, its earlier revisions, redlines, the change page and feed), or the same problems when
/// the edit breaks change control. Each document's history is kept between rebuilds while the
/// document and the git history stay the same (`resolve::history::KeptHistories`); this checks the
/// edited document's is not.
#[test]
fn edits_of_a_document_with_git_history_rebuild_to_what_a_full_build_gives() {
    for internal in [true, false] {
        let (dir, _) = three_revisions();
        let root = dir.path();
        let issued = std::fs::read_to_string(root.join(QT07)).unwrap();
        let options = if internal { internal_options(root) } else { options(root) };
        let mut rebuilder = Rebuilder::new(options.clone());
        rebuilder.rebuild(&BTreeSet::new()).unwrap();
        let row2 = "[[amendments]]\nrevision = 2\ndate = 2026-03-01\nwhere = \"Toàn bộ\"\nsummary = \"Sửa thời hạn và lệ phí\"\n\n";
        // What, the edit, whether the manual still builds, and whether a public rebuild is
        // incremental: one in which a draft stands in for its issued revision, or stops doing
        // so, renders everything (the document is another file then).
        type Step = (&'static str, Box<dyn Fn(&Path)>, bool, bool);
        let steps: Vec<Step> = vec![
            (
                "a prose edit",
                Box::new(|root| edit(root, QT07, "Quy định trình tự cấp", "Quy định rõ trình tự cấp")),
                true,
                true,
            ),
            (
                "another document",
                Box::new(|root| edit(root, "content/procedures/QT-08.md", "\ntitle = \"", "\ntitle = \"Sửa: ")),
                true,
                true,
            ),
            (
                "a draft of revision 4",
                Box::new(|root| {
                    issue_qt07(root, 4, "2026-09-01", "Dự thảo lần 4");
                    edit(root, QT07, "status = \"in-force\"", "status = \"draft\"");
                }),
                true,
                false,
            ),
            (
                "the draft edited",
                Box::new(|root| edit(root, QT07, "Quy định rõ trình tự cấp", "Quy định trình tự cấp mới")),
                true,
                true,
            ),
            (
                "the revision going down",
                Box::new(|root| edit(root, QT07, "revision = 4\nissued", "revision = 2\nissued")),
                false,
                true,
            ),
            (
                "the draft issued",
                Box::new(|root| {
                    edit(root, QT07, "revision = 2\nissued", "revision = 4\nissued");
                    edit(root, QT07, "status = \"draft\"", "status = \"in-force\"");
                }),
                true,
                false,
            ),
            (
                "back to the committed text",
                Box::new(move |root| std::fs::write(root.join(QT07), &issued).unwrap()),
                true,
                true,
            ),
            ("an amendment row missing", Box::new(move |root| edit(root, QT07, row2, "")), false, true),
            (
                "the row back",
                Box::new(move |root| {
                    let row1 = "[[amendments]]\nrevision = 1\n";
                    edit(root, QT07, row1, &format!("{row2}{row1}"))
                }),
                true,
                true,
            ),
        ];
        for (what, step, builds, public_incremental) in steps {
            let what = format!("{what} ({})", if internal { "internal" } else { "public" });
            step(root);
            let rebuilt = rebuilder.rebuild(&changed(&[QT07, "content/procedures/QT-08.md"])).unwrap();
            let fresh = Rebuilder::new(options.clone()).rebuild(&BTreeSet::new()).unwrap();
            assert_eq!(messages(&rebuilt.diagnostics), messages(&fresh.diagnostics), "{what}: the same problems");
            match (rebuilt.site, fresh.site) {
                (Some(incremental), Some(full)) => {
                    assert!(builds, "{what} builds, but should not: {}", describe(&rebuilt.diagnostics));
                    if internal || public_incremental {
                        assert!(
                            matches!(rebuilt.extent, Extent::Documents(_)),
                            "{what} is incremental: {:?}",
                            rebuilt.extent
                        );
                    }
                    assert_same_files(&all_bytes(&incremental), &all_bytes(&full), &what);
                }
                (None, None) => assert!(!builds, "{what} fails: {}", describe(&rebuilt.diagnostics)),
                (a, b) => panic!("{what}: incremental built {}, full built {}", a.is_some(), b.is_some()),
            }
        }
    }
}

/// A citation that comes and goes (the legal entry's page lists where it is cited; the resolve
/// stage keeps the lists no changed document is in) and a code that changes (the code index is
/// kept only while every document keeps its code) rebuild to what a full build gives.
#[test]
fn a_citation_coming_and_going_and_a_changed_code_rebuild_to_the_same_bytes() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let (cscl, stcl) = ("content/policies/CSCL.md", "content/manual/STCL.md");
    let mut rebuilder = Rebuilder::new(internal_options(root));
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    let cites = "## 1. Mục đích\n\nTheo Điều 2 Quyết định số 12/2026/QĐ-UBND.\n";
    // What, and each edit: file, from, to.
    type Edit<'a> = (&'a str, &'a str, &'a str);
    let steps: [(&str, &[Edit]); 4] = [
        ("a citation in prose", &[(QT07, "## 1. Mục đích", cites)]),
        ("the citation gone", &[(QT07, cites, "## 1. Mục đích")]),
        ("a new code", &[(cscl, "code = \"CSCL\"", "code = \"CS-01\""), (stcl, "[[CSCL]]", "[[CS-01]]")]),
        ("the code back", &[(cscl, "code = \"CS-01\"", "code = \"CSCL\""), (stcl, "[[CS-01]]", "[[CSCL]]")]),
    ];
    for (what, edits) in steps {
        for (file, from, to) in edits {
            edit(root, file, from, to);
        }
        let rebuilt = rebuilder.rebuild(&changed(&[QT07, cscl, stcl])).unwrap();
        let fresh = Rebuilder::new(internal_options(root)).rebuild(&BTreeSet::new()).unwrap();
        assert_eq!(messages(&rebuilt.diagnostics), messages(&fresh.diagnostics), "{what}: the same problems");
        assert!(matches!(rebuilt.extent, Extent::Documents(_)), "{what} is incremental: {:?}", rebuilt.extent);
        let incremental = rebuilt.site.unwrap_or_else(|| panic!("{what} builds: {}", describe(&rebuilt.diagnostics)));
        if what == "a citation in prose" {
            let legal = text(&incremental, "van-ban/12-2026-qd-ubnd/index.html");
            assert!(legal.contains("1. Mục đích"), "the legal page names the new place");
        }
        assert_same_files(&all_bytes(&incremental), &all_bytes(&fresh.site.unwrap()), what);
    }
}
