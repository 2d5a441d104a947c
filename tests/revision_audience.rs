//! Audience per revision: a document public now may have been internal, or only a draft, at an
//! earlier revision. A public build judges each revision as it was committed, so nothing of such
//! a revision is published — not its page, a redline with it on either side, its feed entry or
//! amendment row, its commits, an edition showing it, or a translation of it — and the history
//! lists it only by number, "not public". An internal build (the staff preview) shows it all.
//!
//! Each history shape is built as a git repository from the basic fixture: QT-07 committed at
//! each revision with the audience and status given, the text of every revision that was not
//! public carrying a marker in its title, body, a step, its amendment row (which later revisions
//! keep) and its commit message; each commit is tagged and named as an edition.

mod common;

use std::path::Path;

use common::*;
use sotay::diagnostic::Severity;
use sotay::render::Site;

const PAGE: &str = "quy-trinh/qt-07/index.html";
const HISTORY: &str = "quy-trinh/qt-07/lich-su/index.html";
const ATOM: &str = "thay-doi/atom.xml";

/// One committed state of QT-07.
#[derive(Clone, Copy)]
struct Rev {
    number: u32,
    audience: &'static str,
    status: &'static str,
}

const fn rev(number: u32, audience: &'static str, status: &'static str) -> Rev {
    Rev { number, audience, status }
}

impl Rev {
    fn public(&self) -> bool {
        self.audience == "public" && self.status != "draft"
    }
}

/// The day revision `number` is issued and committed: the 15th of month `number`, 2026.
fn day(number: u32) -> String {
    format!("2026-{number:02}-15")
}

/// QT-07 of the basic fixture as the last state of `history` (the states committed so far),
/// its amendment table having a row for every revision of `history` as its last state has it
/// (newest first); the text of a state that is not public, and its row, carry `marker`.
fn qt07_text(history: &[Rev], marker: &str) -> String {
    let rev = *history.last().expect("a state to write");
    let original = std::fs::read_to_string(fixture("basic").join(QT07)).unwrap();
    let secret = !rev.public();
    let mut text = original.replacen(
        "revision = 1\nissued = 2026-01-15\neffective = 2026-01-15\nstatus = \"in-force\"\n",
        &format!(
            "revision = {n}\nissued = {d}\neffective = {d}\nstatus = \"{s}\"\naudience = \"{a}\"\n",
            n = rev.number,
            d = day(rev.number),
            s = rev.status,
            a = rev.audience
        ),
        1,
    );
    // One row per revision, as its last state has it.
    let last: std::collections::BTreeMap<u32, Rev> = history.iter().map(|r| (r.number, *r)).collect();
    let rows: String = last
        .values()
        .rev()
        .map(|r| {
            let summary =
                if r.public() { format!("Ban hành lần {}", r.number) } else { format!("Bản nội bộ {marker}") };
            format!(
                "[[amendments]]\nrevision = {}\ndate = {}\nwhere = \"Toàn bộ\"\nsummary = \"{summary}\"\n\n",
                r.number,
                day(r.number)
            )
        })
        .collect();
    text = text.replacen(
        "[[amendments]]\nrevision = 1\ndate = 2026-01-15\nwhere = \"Toàn bộ\"\nsummary = \"Ban hành lần đầu\"\n\n",
        &rows,
        1,
    );
    // Every revision reads differently, so each redline has something to show.
    text = text.replacen("theo [[STCL]].", &format!("theo [[STCL]]. Bản lần {}.", rev.number), 1);
    if secret {
        text = text.replacen(
            "title = \"Quy trình cấp giấy phép thử nghiệm\"",
            &format!("title = \"Quy trình cấp giấy phép thử nghiệm {marker}\""),
            1,
        );
        text = text.replacen("Thẩm định hồ sơ, dự thảo giấy phép", &format!("Thẩm định hồ sơ {marker}"), 1);
        text.push_str(&format!("\nNội dung chỉ dành cho cán bộ: {marker}.\n"));
    }
    let fields = if secret { 3 } else { 0 };
    assert_eq!(text.matches(marker).count(), fields + rows.matches(marker).count(), "title, step, body and rows");
    text
}

/// The basic fixture as a repository in which QT-07 was committed once at each of `history`,
/// after the rest of the manual (tagged `r1`, `r2`, … and named as editions), with `marker` in
/// what was not public. The working copy is the last state.
fn build_history(history: &[Rev], marker: &str) -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let root = dir.path();
    git_init(root);
    // The rest of the manual first, so that each commit of `history` changes QT-07 alone (a
    // commit's message is shown on the history page of every document it changed).
    std::fs::remove_file(root.join(QT07)).unwrap();
    git_commit_all(root, "Sổ tay chất lượng", "2026-01-01T09:00:00+07:00");
    let mut editions = String::new();
    for (i, &rev) in history.iter().enumerate() {
        write(root, QT07, qt07_text(&history[..=i], marker));
        let date = format!("{}T09:00:00+07:00", day(rev.number));
        let message = if rev.public() {
            format!("QT-07 lần {}", rev.number)
        } else {
            format!("QT-07 lần {} {marker}", rev.number)
        };
        git_commit_all(root, &message, &date);
        let tag = format!("r{}", i + 1);
        git(root, &["tag", &tag], &date);
        editions.push_str(&format!("\n[[editions]]\ntag = \"{tag}\"\n"));
    }
    let config = std::fs::read_to_string(root.join("sotay.toml")).unwrap();
    write(root, "sotay.toml", format!("{config}{editions}"));
    dir
}

/// The output files holding `marker`.
fn leaks(site: &Site, marker: &str) -> Vec<String> {
    all_bytes(site).into_iter().filter(|(_, b)| contains_bytes(b, marker)).map(|(p, _)| p).collect()
}

/// Asserts that no output of the public build holds `marker`, and that the internal build
/// does — so the marker really is in the history and the scan can fail.
fn assert_marker_only_internal(root: &Path, public: &Site, marker: &str) {
    let files = all_bytes(public);
    assert!(files.len() > 40, "the scan covers the whole site ({} files)", files.len());
    assert!(files.keys().any(|p| p.starts_with("an-ban/")), "the site has editions: {:#?}", files.keys());
    let found = leaks(public, marker);
    assert!(found.is_empty(), "{marker} leaked into {found:?}");
    let internal = run(&internal_options(root)).site.expect("the internal build renders");
    let shown = leaks(&internal, marker);
    assert!(!shown.is_empty(), "the internal build shows {marker} somewhere");
}

/// The output paths, for assertion messages.
fn paths(site: &Site) -> Vec<&String> {
    site.files.keys().collect()
}

/// The cells' texts of each table row matching `css`, joined by " | ".
fn table(site: &Site, path: &str, css: &str) -> Vec<String> {
    let cell = selector("th, td");
    page(site, path)
        .select(&selector(css))
        .map(|tr| tr.select(&cell).map(|c| squash(&c.text().collect::<String>())).collect::<Vec<_>>().join(" | "))
        .collect()
}

/// The texts of the elements matching `css` on page `path`.
fn rows_of(site: &Site, path: &str, css: &str) -> Vec<String> {
    texts_of(&page(site, path), css)
}

// ---------------------------------------------------------------------------------------------
// internal → public

const A_MARKER: &str = "NOI-BO-LAN-MOT-31";
const INTERNAL_THEN_PUBLIC: [Rev; 2] = [rev(1, "internal", "in-force"), rev(2, "public", "in-force")];

#[test]
fn a_revision_that_was_internal_is_not_published_when_the_document_became_public() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    let site = clean_site(run(&options(dir.path())));
    assert_marker_only_internal(dir.path(), &site, A_MARKER);
    for path in site.files.keys() {
        assert!(!path.contains("qt-07/lan-01") && !path.contains("so-sanh"), "{path} is published");
    }
    for (path, bytes) in all_bytes(&site) {
        for address in ["qt-07/lan-01/", "lan-01-lan-02"] {
            assert!(!contains_bytes(&bytes, address), "{path} names {address}");
        }
    }
    // The feed has revision 2's entry and none for revision 1.
    let atom = text(&site, ATOM);
    assert!(atom.contains("quy-trinh/qt-07/lan-02</id>"), "{atom}");
    assert!(!atom.contains("quy-trinh/qt-07/lan-01</id>"), "{atom}");
    // The manifest lists revision 2's source only.
    let manifest = json_of(&site, "manifest.json");
    let revisions: Vec<u64> = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["code"] == "QT-07")
        .map(|s| s["revision"].as_u64().unwrap())
        .collect();
    assert_eq!(revisions, [2]);
    // The current page is revision 2, public.
    assert!(text_of(&page(&site, PAGE), "h1").contains("Quy trình cấp giấy phép thử nghiệm"));
}

#[test]
fn the_history_page_lists_an_internal_revision_as_not_public_without_its_content() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    let site = clean_site(run(&options(dir.path())));
    for path in [HISTORY, PAGE] {
        assert_eq!(
            rows_of(&site, path, "ul.revisions li"),
            ["Lần 2 (hiện hành), 15/02/2026", "Lần 1 – không công khai"],
            "{path}"
        );
        let html = page(&site, path);
        assert_eq!(links_in(&html, "ul.revisions").len(), 0, "{path}: no link to a withheld revision");
        assert_eq!(
            table(&site, path, "#sua-doi tbody tr"),
            ["2 | 15/02/2026 | Toàn bộ | Ban hành lần 2", "1 | Không công khai"],
            "{path}: revision 1's row has its number only"
        );
    }
    // Only the commit of the public revision; the internal one's message is not shown.
    let commits = rows_of(&site, HISTORY, "#cac-lan-cap-nhat-h + .table-wrap tbody tr");
    assert_eq!(commits.len(), 1, "{commits:#?}");
    assert!(commits[0].contains("QT-07 lần 2"), "{commits:#?}");
    // The JSON API says the same.
    let json = json_of(&site, "api/quy-trinh/qt-07.json");
    let listed: Vec<(u64, bool)> = json["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["number"].as_u64().unwrap(), r["withheld"].as_bool().unwrap()))
        .collect();
    assert_eq!(listed, [(2, false), (1, true)]);
    assert_eq!(json["amendments"].as_array().unwrap().len(), 1, "{}", json["amendments"]);
}

#[test]
fn an_english_site_labels_a_withheld_revision_in_english() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    edit(dir.path(), "sotay.toml", "language = \"vi\"", "language = \"en\"");
    let site = clean_site(run(&options(dir.path())));
    assert_eq!(
        rows_of(&site, HISTORY, "ul.revisions li"),
        ["Revision 2 (current), 15/02/2026", "Revision 1 – not public"]
    );
    assert_eq!(table(&site, HISTORY, "#sua-doi tbody tr")[1], "1 | Not public");
}

#[test]
fn an_internal_build_still_shows_the_internal_revision() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    let site = clean_site(run(&internal_options(dir.path())));
    let old = page(&site, "quy-trinh/qt-07/lan-01/index.html");
    assert!(text_of(&old, "main .prose").contains(A_MARKER));
    assert!(texts_of(&old, "table.step-table tbody tr").iter().any(|step| step.contains(A_MARKER)));
    assert!(site.files.contains_key("quy-trinh/qt-07/so-sanh/lan-01-lan-02/index.html"));
    assert!(text(&site, ATOM).contains("quy-trinh/qt-07/lan-01</id>"));
    let commits = rows_of(&site, HISTORY, "#cac-lan-cap-nhat-h + .table-wrap tbody tr");
    assert_eq!(commits.len(), 2, "{commits:#?}");
    assert_eq!(
        rows_of(&site, HISTORY, "ul.revisions li"),
        ["Lần 2 (hiện hành), 15/02/2026 – so sánh với lần 1", "Lần 1, 15/01/2026"]
    );
    // The edition at the internal commit holds QT-07 as it was.
    assert!(site.files.keys().any(|p| p.starts_with("an-ban/r1/quy-trinh/qt-07/")), "{:#?}", paths(&site));
}

#[test]
fn an_edition_does_not_show_a_document_as_it_was_while_internal() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    let site = clean_site(run(&options(dir.path())));
    assert!(site.files.contains_key("an-ban/r1/index.html"), "the edition itself is published");
    assert!(!site.files.keys().any(|p| p.starts_with("an-ban/r1/quy-trinh/qt-07/")), "{:#?}", paths(&site));
    assert!(site.files.contains_key("an-ban/r2/quy-trinh/qt-07/index.html"), "revision 2's edition address");
    let r1 = text(&site, "an-ban/r1/index.html");
    assert!(!r1.contains("QT-07"), "{r1}");
    let json = json_of(&site, "api/an-ban.json");
    let r1_docs: Vec<&str> = json["editions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "r1")
        .flat_map(|e| e["documents"].as_array().unwrap())
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!r1_docs.contains(&"QT-07"), "{r1_docs:?}");
}

// ---------------------------------------------------------------------------------------------
// public → internal → public

const B_MARKER: &str = "NOI-BO-LAN-HAI-47";
const PUBLIC_INTERNAL_PUBLIC: [Rev; 4] = [
    rev(1, "public", "in-force"),
    rev(2, "internal", "in-force"),
    rev(3, "public", "in-force"),
    rev(4, "public", "in-force"),
];

#[test]
fn a_revision_internal_between_public_ones_is_withheld_and_only_public_pairs_have_redlines() {
    let dir = build_history(&PUBLIC_INTERNAL_PUBLIC, B_MARKER);
    let site = clean_site(run(&options(dir.path())));
    assert_marker_only_internal(dir.path(), &site, B_MARKER);
    let has = |path: &str| site.files.contains_key(&format!("quy-trinh/qt-07/{path}index.html"));
    assert!(has("lan-01/") && has("lan-03/"), "the public earlier revisions are published");
    assert!(!has("lan-02/"), "the internal one is not");
    assert!(has("so-sanh/lan-03-lan-04/"), "the redline between two public revisions is published");
    assert!(!has("so-sanh/lan-01-lan-02/") && !has("so-sanh/lan-02-lan-03/"), "none with the internal side");
    assert_eq!(
        rows_of(&site, HISTORY, "ul.revisions li"),
        [
            "Lần 4 (hiện hành), 15/04/2026 – so sánh với lần 3",
            "Lần 3, 15/03/2026",
            "Lần 2 – không công khai",
            "Lần 1, 15/01/2026"
        ]
    );
    let atom = text(&site, ATOM);
    for n in [1, 3, 4] {
        assert!(atom.contains(&format!("quy-trinh/qt-07/lan-{n:02}</id>")), "revision {n}: {atom}");
    }
    assert!(!atom.contains("quy-trinh/qt-07/lan-02</id>"), "{atom}");
    // Each earlier revision's own amendment table: revision 2's row by its number only, and
    // none of it on revision 1's page, which came before.
    assert_eq!(
        table(&site, "quy-trinh/qt-07/lan-03/index.html", "#sua-doi tbody tr"),
        [
            "3 | 15/03/2026 | Toàn bộ | Ban hành lần 3",
            "2 | Không công khai",
            "1 | 15/01/2026 | Toàn bộ | Ban hành lần 1"
        ]
    );
    assert_eq!(
        table(&site, "quy-trinh/qt-07/lan-01/index.html", "#sua-doi tbody tr"),
        ["1 | 15/01/2026 | Toàn bộ | Ban hành lần 1"]
    );
    let commits = rows_of(&site, HISTORY, "#cac-lan-cap-nhat-h + .table-wrap tbody tr");
    assert_eq!(commits.len(), 3, "the three public commits: {commits:#?}");
}

#[test]
fn a_coming_revision_does_not_bring_back_the_one_an_internal_revision_replaced() {
    // Revision 2 (internal) is in force on the build date and revision 3 (public) takes effect
    // later: the public page shows revision 3 as coming, never revision 1 as if it were in force.
    let history = [rev(1, "public", "in-force"), rev(2, "internal", "in-force"), rev(3, "public", "in-force")];
    let dir = build_history(&history, B_MARKER);
    let root = dir.path();
    let mut build = options(root);
    build.date = sotay::model::Date::parse("2026-02-20").unwrap();
    let site = clean_site(run(&build));
    let found = leaks(&site, B_MARKER);
    assert!(found.is_empty(), "{B_MARKER} leaked into {found:?}");
    let html = page(&site, PAGE);
    let shown = text_of(&html, "main .prose");
    assert!(shown.contains("Bản lần 3."), "the page shows revision 3: {shown}");
    assert!(!site.files.contains_key("quy-trinh/qt-07/lan-03/index.html"), "revision 3 has one page");
    assert!(site.files.contains_key("quy-trinh/qt-07/lan-01/index.html"), "revision 1 stays as superseded");
}

#[test]
fn a_revision_made_internal_after_an_edition_showed_it_is_not_published_through_the_edition() {
    // Revision 1 was public when tagged r1, then made internal (still revision 1, now carrying
    // the marker), then revision 2 was issued public: revision 1 is withheld, so edition r1 does
    // not show it as it stood either, nor are its commits listed.
    let history = [rev(1, "public", "in-force"), rev(1, "internal", "in-force"), rev(2, "public", "in-force")];
    let dir = build_history(&history, B_MARKER);
    let site = clean_site(run(&options(dir.path())));
    assert_marker_only_internal(dir.path(), &site, B_MARKER);
    assert!(site.files.contains_key("an-ban/r1/index.html"));
    assert!(!site.files.keys().any(|p| p.starts_with("an-ban/r1/quy-trinh/qt-07/")), "{:#?}", paths(&site));
    assert!(!site.files.keys().any(|p| p.contains("qt-07/lan-01")), "{:#?}", paths(&site));
    assert_eq!(
        rows_of(&site, HISTORY, "ul.revisions li"),
        ["Lần 2 (hiện hành), 15/02/2026", "Lần 1 – không công khai"]
    );
    let commits = rows_of(&site, HISTORY, "#cac-lan-cap-nhat-h + .table-wrap tbody tr");
    assert_eq!(commits.len(), 1, "only revision 2's commit: {commits:#?}");
    // The internal build shows edition r1's QT-07 as it stood.
    let internal = run(&internal_options(dir.path())).site.unwrap();
    assert!(internal.files.keys().any(|p| p.starts_with("an-ban/r1/quy-trinh/qt-07/")));
}

// ---------------------------------------------------------------------------------------------
// draft → internal → public

const C_MARKER: &str = "DU-THAO-ROI-NOI-BO-58";
const DRAFT_INTERNAL_PUBLIC: [Rev; 3] =
    [rev(1, "public", "draft"), rev(2, "internal", "in-force"), rev(3, "public", "in-force")];

#[test]
fn a_draft_then_internal_history_publishes_only_the_public_revision() {
    let dir = build_history(&DRAFT_INTERNAL_PUBLIC, C_MARKER);
    let site = clean_site(run(&options(dir.path())));
    assert_marker_only_internal(dir.path(), &site, C_MARKER);
    assert!(!site.files.keys().any(|p| p.contains("qt-07/lan-") || p.contains("qt-07/so-sanh")), "{:#?}", paths(&site));
    assert_eq!(
        rows_of(&site, HISTORY, "ul.revisions li"),
        ["Lần 3 (hiện hành), 15/03/2026", "Lần 2 – không công khai", "Lần 1 – không công khai"]
    );
    assert_eq!(
        table(&site, HISTORY, "#sua-doi tbody tr"),
        ["3 | 15/03/2026 | Toàn bộ | Ban hành lần 3", "2 | Không công khai", "1 | Không công khai"]
    );
    let commits = rows_of(&site, HISTORY, "#cac-lan-cap-nhat-h + .table-wrap tbody tr");
    assert_eq!(commits.len(), 1, "{commits:#?}");
}

// ---------------------------------------------------------------------------------------------
// A translation of an earlier internal revision

#[test]
fn a_translation_of_a_revision_that_was_internal_is_not_published() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    let root = dir.path();
    let translation = format!(
        "+++\ntranslation_of = \"QT-07\"\nlang = \"en\"\ntitle = \"Test licensing {A_MARKER}-EN\"\ntranslates_revision = 1\n+++\n\nStaff only: {A_MARKER}-EN.\n"
    );
    write(root, "content/procedures/QT-07.en.md", &translation);
    let outcome = run(&options(root));
    let found = with_code(&outcome.diagnostics, "translation-of-unpublished-revision");
    assert_eq!(found.len(), 1, "{}", describe(&outcome.diagnostics));
    assert_eq!(outcome.diagnostics.iter().count(), 1, "{}", describe(&outcome.diagnostics));
    let d = found[0];
    let (line, column) = position(&translation, "translates_revision = 1");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        (file_of(d).as_str(), d.loc.line, d.loc.column),
        ("content/procedures/QT-07.en.md", line, column + "translates_revision = ".len() as u32),
        "{}",
        one_line(d)
    );
    assert!(
        d.help.as_ref().map(|h| h.en.as_str()).unwrap_or_default().contains("translates_revision = 2"),
        "{:?}",
        d.help
    );
    let site = outcome.site.expect("a warning still renders");
    assert!(!site.files.keys().any(|p| p.starts_with("en/")), "{:#?}", paths(&site));
    assert_marker_only_internal(root, &site, A_MARKER);
    let internal = run(&internal_options(root)).site.expect("the internal build renders");
    assert!(text(&internal, "en/quy-trinh/qt-07/index.html").contains(&format!("{A_MARKER}-EN")));
}

#[test]
fn a_translation_of_the_public_revision_is_still_published() {
    let dir = build_history(&INTERNAL_THEN_PUBLIC, A_MARKER);
    let root = dir.path();
    write(
        root,
        "content/procedures/QT-07.en.md",
        "+++\ntranslation_of = \"QT-07\"\nlang = \"en\"\ntitle = \"Test licensing\"\ntranslates_revision = 2\n+++\n\nPublic text.\n",
    );
    let site = clean_site(run(&options(root)));
    assert!(text(&site, "en/quy-trinh/qt-07/index.html").contains("Public text."));
}

// ---------------------------------------------------------------------------------------------
// `sotay serve`

#[test]
fn incremental_rebuilds_of_a_document_with_a_withheld_revision_equal_a_full_build() {
    use sotay::serve::rebuild::{Extent, Rebuilder};
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    let dir = build_history(&PUBLIC_INTERNAL_PUBLIC, B_MARKER);
    let root = dir.path();
    let public = options(root);
    let mut rebuilder = Rebuilder::new(public.clone());
    rebuilder.rebuild(&BTreeSet::new()).unwrap();
    let translation = |revision: u32| {
        format!("+++\ntranslation_of = \"QT-07\"\nlang = \"en\"\ntitle = \"Test licensing\"\ntranslates_revision = {revision}\n+++\n\nText.\n")
    };
    // What, the file changed, the edit, and whether the rebuild is incremental (a new file, or
    // a language gaining or losing its only published translation, renders everything).
    type Step = (&'static str, &'static str, Box<dyn Fn(&Path)>, bool);
    let steps: Vec<Step> = vec![
        ("a prose edit", QT07, Box::new(|root| edit(root, QT07, "Bản lần 4.", "Bản lần 4, sửa câu chữ.")), true),
        (
            "a translation of the withheld revision",
            "content/procedures/QT-07.en.md",
            Box::new(move |root| write(root, "content/procedures/QT-07.en.md", translation(2))),
            false,
        ),
        (
            "the translation of the revision in force",
            "content/procedures/QT-07.en.md",
            Box::new(move |root| write(root, "content/procedures/QT-07.en.md", translation(4))),
            false,
        ),
        ("revision 5 issued", QT07, Box::new(|root| issue_qt07(root, 5, "2026-05-15", "Ban hành lần 5")), true),
        (
            "the document made internal",
            QT07,
            Box::new(|root| edit(root, QT07, "audience = \"public\"", "audience = \"internal\"")),
            false,
        ),
    ];
    for (what, file, step, incremental) in steps {
        step(root);
        let rebuilt = rebuilder.rebuild(&[file].iter().map(PathBuf::from).collect()).unwrap();
        let fresh = Rebuilder::new(public.clone()).rebuild(&BTreeSet::new()).unwrap();
        let codes = |d: &sotay::diagnostic::Diagnostics| codes_and_files(d);
        assert_eq!(codes(&rebuilt.diagnostics), codes(&fresh.diagnostics), "{what}: the same problems");
        assert_eq!(matches!(rebuilt.extent, Extent::Documents(_)), incremental, "{what}: {:?}", rebuilt.extent);
        let incremental = rebuilt.site.unwrap_or_else(|| panic!("{what} builds: {}", describe(&rebuilt.diagnostics)));
        let full = fresh.site.expect("the full build");
        assert_same_files(&all_bytes(&incremental), &all_bytes(&full), what);
        let found = leaks(&incremental, B_MARKER);
        assert!(found.is_empty(), "{what}: {B_MARKER} leaked into {found:?}");
    }
}

#[test]
fn a_draft_after_an_internal_revision_publishes_nothing_of_the_document() {
    // Revision 1 public, revision 2 internal, and revision 3 drafted as public: the public site
    // would keep the revision in force, but that one was internal, so it shows no QT-07 at all
    // rather than the older revision 1.
    let history = [rev(1, "public", "in-force"), rev(2, "internal", "in-force"), rev(3, "public", "draft")];
    let dir = build_history(&history, B_MARKER);
    let outcome = run_with_notes(&options(dir.path()));
    let notes = with_code(&outcome.diagnostics, "draft-not-published");
    assert_eq!(notes.len(), 1, "{}", describe(&outcome.diagnostics));
    assert!(notes[0].message.contains("revision 2 before it was internal"), "{}", one_line(notes[0]));
    assert!(notes[0].message.contains("shows nothing of this document"), "{}", one_line(notes[0]));
    let site = outcome.site.expect("the site builds");
    assert!(!site.files.keys().any(|p| p.contains("qt-07")), "{:#?}", paths(&site));
    let found = leaks(&site, B_MARKER);
    assert!(found.is_empty(), "{B_MARKER} leaked into {found:?}");
}
