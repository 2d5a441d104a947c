//! Legal cross-references: the registry's relations completed both ways, citations found in
//! front matter, prose, explicit `[[number#provision]]` links, step tasks and conditions, linked
//! to the registry's pages and listed there by provision; the date checks that tell staff a
//! cited law was not yet in force, has ended, or changed after their last revision; and
//! `sotay impact`.
//!
//! The `legal` fixture is clean; each warning case mutates a copy of it. Its registry (all
//! fictional): the law 77/2015/QH13 replaced by 66/2025/QH15 (said only by the old law), the
//! decree 118/2025/NĐ-CP guided by the circular 05/2025/TT-BKHCN (said only by the circular,
//! which lists its articles), the circular 09/2026/TT-BKHCN amending 05/2025/TT-BKHCN (said only
//! by the amendment), an expired 99/2015/TT-BTC and 19/2014/QĐ-TTg. QT-02 is stored as NFD; QT-03
//! is internal.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use common::*;
use scraper::Html;
use sotay::diagnostic::{Diagnostics, Severity};
use sotay::model::LegalNumber;
use sotay::parse::citation::recognize;
use sotay::render::Site;
use tempfile::TempDir;

const STCL: &str = "content/manual/STCL.md";
const QT01: &str = "content/procedures/QT-01.md";
const QT02: &str = "content/procedures/QT-02.md";
const QT03: &str = "content/procedures/QT-03.md";
const OLD_LAW: &str = "legal/77-2015-qh13.toml";
const NEW_LAW: &str = "legal/66-2025-qh15.toml";
const DECREE: &str = "legal/118-2025-nd-cp.toml";
const AMENDMENT: &str = "legal/09-2026-tt-bkhcn.toml";

const CIRCULAR_URL: &str = "/van-ban/05-2025-tt-bkhcn/";
const DECREE_URL: &str = "/van-ban/118-2025-nd-cp/";

/// The marker in the internal procedure QT-03.
const INTERNAL_MARKER: &str = "NOI-BO-PHAP-LY-31";

/// The fixture's public site, built once for all tests.
fn legal_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| clean_site(run_public(&fixture("legal"))))
}

/// The fixture's internal site, built once for all tests.
fn internal_legal_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| clean_site(run(&internal_options(&fixture("legal")))))
}

/// A private copy of the legal fixture.
fn legal_copy() -> TempDir {
    copy_fixture("legal")
}

/// The links of a document page's own Markdown text.
fn prose_links(html: &Html) -> Vec<(String, String)> {
    links_in(html, "main .prose")
}

/// A legal page's "cited by" section: (group heading, [(document link, [(place href, place name)])]).
type CitedBy = Vec<(String, Vec<(String, Vec<(String, String)>)>)>;

fn cited_by(site: &Site, legal_page: &str) -> CitedBy {
    let html = page(site, legal_page);
    let section = within(&html, "#vien-dan");
    let mut groups: CitedBy = Vec::new();
    let anchor = selector("a[href]");
    for element in section.select(&selector("h3, li")) {
        let text = squash(&element.text().collect::<String>());
        if element.value().name() == "h3" {
            groups.push((text, Vec::new()));
            continue;
        }
        let mut anchors = element
            .select(&anchor)
            .map(|a| (a.value().attr("href").unwrap().to_owned(), squash(&a.text().collect::<String>())));
        let (document, _) = anchors.next().unwrap_or_else(|| panic!("a cited-by item without a link: {text}"));
        let group = groups.last_mut().unwrap_or_else(|| panic!("a cited-by item before any heading: {text}"));
        group.1.push((document, anchors.collect()));
    }
    groups
}

/// The places a document cites the legal page from, within the group headed `heading`.
fn places(groups: &CitedBy, heading: &str, document: &str) -> Vec<(String, String)> {
    let (_, sites) = groups
        .iter()
        .find(|(h, _)| h == heading)
        .unwrap_or_else(|| panic!("no cited-by group `{heading}`; the groups: {groups:#?}"));
    let (_, places) = sites
        .iter()
        .find(|(d, _)| d == document)
        .unwrap_or_else(|| panic!("{document} is not in the group `{heading}`: {sites:#?}"));
    places.clone()
}

fn pair(href: &str, text: &str) -> (String, String) {
    (href.to_owned(), text.to_owned())
}

/// Asserts the diagnostics are exactly these warnings, as (code, file).
fn assert_only(diagnostics: &Diagnostics, expected: &[(&str, &str)], what: &str) {
    let expected: Vec<(String, String)> = expected.iter().map(|(c, f)| ((*c).to_owned(), (*f).to_owned())).collect();
    assert_eq!(codes_and_files(diagnostics), expected, "{what}; the diagnostics:\n{}", describe(diagnostics));
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning), "{what}: only warnings");
}

fn file_text(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The fixture itself.

#[test]
fn the_legal_fixture_builds_cleanly_for_both_audiences_and_one_file_really_is_nfd() {
    // Both builds assert they have no diagnostic at all.
    let (public, internal) = (legal_site(), internal_legal_site());
    assert!(!public.files.contains_key("quy-trinh/qt-03/index.html"), "QT-03 is internal");
    assert!(internal.files.contains_key("quy-trinh/qt-03/index.html"));
    let nfd = std::fs::read_to_string(fixture("legal").join(QT02)).unwrap();
    assert!(
        unicode_normalization::is_nfd(&nfd) && !unicode_normalization::is_nfc(&nfd),
        "{QT02} must be stored decomposed"
    );
}

// ---------------------------------------------------------------------------------------------
// Relations.

#[test]
fn a_relation_stated_by_one_entry_shows_on_both_pages_and_the_inferred_side_is_marked() {
    let site = legal_site();
    let relations = |slug: &str| -> Vec<(String, String, bool)> {
        let json = json_of(site, &format!("api/van-ban/{slug}.json"));
        json["relations"]
            .as_array()
            .expect("relations")
            .iter()
            .map(|r| {
                (
                    r["kind"].as_str().unwrap().to_owned(),
                    r["number"].as_str().unwrap().to_owned(),
                    r["inferred"] == true,
                )
            })
            .collect()
    };
    let has = |slug: &str, kind: &str, number: &str, inferred: bool| {
        let all = relations(slug);
        assert!(all.contains(&(kind.to_owned(), number.to_owned(), inferred)), "{slug}: {all:#?}");
    };
    // Replaced by: stated only by the old law.
    has("77-2015-qh13", "replaced-by", "66/2025/QH15", false);
    has("66-2025-qh15", "replaces", "77/2015/QH13", true);
    // Guides: stated only by the circular.
    has("05-2025-tt-bkhcn", "guides", "118/2025/NĐ-CP", false);
    has("118-2025-nd-cp", "guided-by", "05/2025/TT-BKHCN", true);
    // Amends: stated only by the amending circular.
    has("09-2026-tt-bkhcn", "amends", "05/2025/TT-BKHCN", false);
    has("05-2025-tt-bkhcn", "amended-by", "09/2026/TT-BKHCN", true);

    // The pages: the inferred relation is listed, linked, and marked as inferred; the stated one is not marked.
    let items = |path: &str| texts_of(&page(site, path), "#lien-quan li");
    let new_law = items("van-ban/66-2025-qh15/index.html");
    let replaces = new_law.iter().find(|li| li.contains("77/2015/QH13")).unwrap_or_else(|| panic!("{new_law:?}"));
    assert!(replaces.starts_with("Thay thế") && replaces.contains("suy ra"), "{replaces}");
    let old_law = items("van-ban/77-2015-qh13/index.html");
    let replaced = old_law.iter().find(|li| li.contains("66/2025/QH15")).unwrap_or_else(|| panic!("{old_law:?}"));
    assert!(replaced.starts_with("Được thay thế bởi") && !replaced.contains("suy ra"), "{replaced}");
    let decree = items("van-ban/118-2025-nd-cp/index.html");
    let guided = decree.iter().find(|li| li.contains("05/2025/TT-BKHCN")).unwrap_or_else(|| panic!("{decree:?}"));
    assert!(guided.starts_with("Được hướng dẫn bởi") && guided.contains("suy ra"), "{guided}");
    let links = links_in(&page(site, "van-ban/118-2025-nd-cp/index.html"), "#lien-quan");
    assert!(links.contains(&pair(CIRCULAR_URL, "05/2025/TT-BKHCN")), "{links:?}");
}

#[test]
fn two_entries_that_each_say_they_replace_the_other_are_a_warning_at_the_relation() {
    let dir = legal_copy();
    let root = dir.path();
    edit(root, OLD_LAW, "replaced_by = [\"66/2025/QH15\"]", "replaces = [\"66/2025/QH15\"]");
    let text = file_text(root, NEW_LAW) + "\n[relations]\nreplaces = [\"77/2015/QH13\"]\n";
    write(root, NEW_LAW, text);
    let diagnostics = check_public(root);
    let found = with_code(&diagnostics, "contradicting-relation");
    assert_eq!(found.len(), 1, "one warning for the pair:\n{}", describe(&diagnostics));
    let d = found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("77/2015/QH13") && d.message.contains("66/2025/QH15"), "{}", one_line(d));
    let (file, other) = match file_of(d).as_str() {
        OLD_LAW => (OLD_LAW, "\"66/2025/QH15\""),
        NEW_LAW => (NEW_LAW, "\"77/2015/QH13\""),
        elsewhere => panic!("the warning points at {elsewhere}: {}", one_line(d)),
    };
    assert_eq!(d.loc.line, position(&file_text(root, file), other).0, "the line of the relation: {}", one_line(d));
    assert!(!diagnostics.has_errors(), "a contradiction is a warning, not an error");
}

#[test]
fn an_entry_relating_to_itself_is_a_warning() {
    let dir = legal_copy();
    let root = dir.path();
    write(root, NEW_LAW, file_text(root, NEW_LAW) + "\n[relations]\nbased_on = [\"66/2025/QH15\"]\n");
    let diagnostics = check_public(root);
    assert_only(&diagnostics, &[("self-relation", NEW_LAW)], "a law based on itself");
    let d = with_code(&diagnostics, "self-relation")[0];
    assert_eq!(d.loc.line, position(&file_text(root, NEW_LAW), "based_on").0, "{}", one_line(d));
}

// ---------------------------------------------------------------------------------------------
// Citations in prose.

#[test]
fn prose_citations_link_to_the_registry_page_at_the_article_with_the_text_as_written() {
    let site = legal_site();
    let html = page(site, "quy-trinh/qt-01/index.html");
    assert_eq!(
        prose_links(&html),
        [
            // The provision and type word belong to the link; the clause is the anchor.
            pair("/van-ban/05-2025-tt-bkhcn/#dieu-4-khoan-6", "khoản 6 Điều 4 Thông tư số 05/2025/TT-BKHCN"),
            // ASCII `ND` is matched and left as written; the decree lists no articles.
            pair(DECREE_URL, "Nghị định 118/2025/ND-CP"),
            // Broken over two lines; the date after the number stays outside the link.
            pair(CIRCULAR_URL, "Thông tư số 05/2025/TT-BKHCN"),
            // The explicit [[…]] link.
            pair("/van-ban/05-2025-tt-bkhcn/#dieu-4-khoan-6", "khoản 6 Điều 4 Thông tư số 05/2025/TT-BKHCN"),
            // An existing Markdown link keeps its target and gets nothing nested.
            pair(
                "https://vbpl.example.vn/05-2025-tt-bkhcn",
                "Thông tư số 05/2025/TT-BKHCN trên cơ sở dữ liệu quốc gia"
            ),
        ]
    );
    let paragraph = html
        .select(&selector("main .prose p"))
        .find(|p| p.text().collect::<String>().contains("ngày 15/7/2025"))
        .expect("the paragraph with the line-broken citation");
    let broken = paragraph
        .select(&selector("a"))
        .find(|a| a.value().attr("href") == Some(CIRCULAR_URL))
        .expect("the line-broken citation is linked");
    assert_eq!(broken.text().collect::<String>(), "Thông tư số\n05/2025/TT-BKHCN", "one link across the line break");
    // The targets exist: the page and the article's anchor on it.
    let circular = page(site, "van-ban/05-2025-tt-bkhcn/index.html");
    assert_eq!(circular.select(&selector("#dieu-4")).count(), 1, "the article anchor exists");
    assert_eq!(circular.select(&selector("#dieu-4-khoan-6")).count(), 1, "the clause anchor exists");
}

#[test]
fn citations_in_code_inline_code_and_existing_links_are_left_alone() {
    let site = legal_site();
    let html = page(site, "quy-trinh/qt-01/index.html");
    let nested = html.select(&selector("main .prose a a, main .prose code a, main .prose pre a")).count();
    assert_eq!(nested, 0, "no link inside a link or code");
    assert_eq!(texts_of(&html, "main .prose p code"), ["05/2025/TT-BKHCN"], "the inline code is untouched");
    let block = text_of(&html, "main .prose pre");
    assert!(block.contains("118/2025/NĐ-CP"), "the code block keeps the number: {block}");
    let external: Vec<(String, String)> =
        prose_links(&html).into_iter().filter(|(href, _)| href.starts_with("https://")).collect();
    assert_eq!(
        external,
        [pair("https://vbpl.example.vn/05-2025-tt-bkhcn", "Thông tư số 05/2025/TT-BKHCN trên cơ sở dữ liệu quốc gia")]
    );
    // Nor are they counted as citations: section 3 cites nothing.
    let json = json_of(site, "api/quy-trinh/qt-01.json");
    let sections: Vec<&str> =
        json["citations"].as_array().unwrap().iter().filter_map(|c| c["place"]["section"][0].as_str()).collect();
    assert!(!sections.contains(&"3-ghi-chu-nhap-lieu"), "code and links are not citations: {sections:?}");
}

#[test]
fn a_file_stored_as_nfd_has_its_citations_and_provisions_recognised() {
    let site = legal_site();
    let html = page(site, "quy-trinh/qt-02/index.html");
    assert_eq!(
        prose_links(&html),
        [
            pair("/van-ban/05-2025-tt-bkhcn/#dieu-4-khoan-3", "khoản 3 Điều 4 Thông tư số 05/2025/TT-BKHCN"),
            pair("/van-ban/19-2014-qd-ttg/", "Quyết định số 19/2014/QĐ-TTg"),
        ]
    );
    let groups = cited_by(site, "van-ban/05-2025-tt-bkhcn/index.html");
    let from_qt02 = places(&groups, "khoản 3 Điều 4", "/quy-trinh/qt-02/");
    assert!(from_qt02.contains(&pair("/quy-trinh/qt-02/#can-cu-thuc-hien", "Căn cứ thực hiện")), "{from_qt02:?}");
}

#[test]
fn an_unregistered_number_stays_plain_text_and_warns_with_the_closest_registered_number() {
    let dir = legal_copy();
    let root = dir.path();
    edit(
        root,
        QT01,
        "thực hiện khoản 6 Điều 4 Thông tư số 05/2025/TT-BKHCN",
        "thực hiện khoản 6 Điều 4 Thông tư số 06/2025/TT-BKHCN",
    );
    let outcome = run_public(root);
    assert_only(&outcome.diagnostics, &[("unknown-legal-number", QT01)], "a typo in a number");
    let d = with_code(&outcome.diagnostics, "unknown-legal-number")[0];
    assert!(d.message.contains("06/2025/TT-BKHCN"), "{}", one_line(d));
    let help = d.help.as_ref().map(|h| h.en.as_str()).unwrap_or_default();
    assert!(help.contains("did you mean 05/2025/TT-BKHCN"), "the closest number first: {help}");
    let at = position(&file_text(root, QT01), "khoản 6 Điều 4 Thông tư số 06/2025");
    assert_eq!((d.loc.line, d.loc.column), at, "{}", one_line(d));
    assert!(!outcome.failed(false), "only a warning…");
    assert!(outcome.failed(true), "…that fails a strict run");

    let site = outcome.site.expect("warnings still render");
    let html = page(&site, "quy-trinh/qt-01/index.html");
    let purpose = html
        .select(&selector("main .prose p"))
        .find(|p| p.text().collect::<String>().contains("06/2025/TT-BKHCN"))
        .expect("the paragraph keeps the number");
    assert_eq!(purpose.select(&selector("a")).count(), 0, "not linked: {}", purpose.html());
    assert!(links(&html).iter().all(|(href, _)| !href.contains("06-2025")), "no link to an unregistered number");
}

#[test]
fn an_explicit_legal_link_names_provision_type_and_number_and_points_at_the_article() {
    let site = legal_site();
    let html = page(site, "quy-trinh/qt-01/index.html");
    let paragraph = html
        .select(&selector("main .prose p"))
        .find(|p| p.text().collect::<String>().starts_with("Mức thu"))
        .expect("the paragraph with the explicit link");
    let link = paragraph.select(&selector("a")).next().expect("the explicit link is a link");
    // The registry lists the article's clauses: the link goes to the clause (issue 21).
    assert_eq!(link.value().attr("href"), Some("/van-ban/05-2025-tt-bkhcn/#dieu-4-khoan-6"));
    assert_eq!(squash(&link.text().collect::<String>()), "khoản 6 Điều 4 Thông tư số 05/2025/TT-BKHCN");
    assert!(!paragraph.text().collect::<String>().contains("[["), "no brackets left");
}

#[test]
fn an_explicit_legal_link_is_cited_from_the_section_it_stands_in() {
    let site = legal_site();
    let groups = cited_by(site, "van-ban/05-2025-tt-bkhcn/index.html");
    let from_qt01 = places(&groups, "khoản 6 Điều 4", "/quy-trinh/qt-01/");
    // `[[05/2025/TT-BKHCN#khoản 6 Điều 4]]` stands under "## 2. Căn cứ".
    assert!(from_qt01.contains(&pair("/quy-trinh/qt-01/#2-can-cu", "2. Căn cứ")), "{from_qt01:?}");
    assert!(!from_qt01.iter().any(|(_, name)| name == "Nội dung"), "{from_qt01:?}");
}

// ---------------------------------------------------------------------------------------------
// Steps and conditions.

#[test]
fn a_citation_in_a_step_task_is_linked_in_the_steps_and_cited_by_names_the_step() {
    let site = legal_site();
    let html = page(site, "quy-trinh/qt-01/index.html");
    let cited = pair("/van-ban/05-2025-tt-bkhcn/#dieu-4-khoan-2", "khoản 2 Điều 4 Thông tư số 05/2025/TT-BKHCN");
    assert_eq!(links_in(&html, "#buoc-3"), std::slice::from_ref(&cited), "the step list");
    let rows = html.select(&selector("table.step-table tbody tr")).collect::<Vec<_>>();
    assert_eq!(rows.len(), 4);
    let row = Html::parse_fragment(&rows[2].html());
    assert!(links(&row).contains(&cited), "the step table's row 3: {:?}", links(&row));
    for other in [0, 1, 3] {
        let row = Html::parse_fragment(&rows[other].html());
        assert!(links(&row).iter().all(|(href, _)| !href.contains("/van-ban/")), "step {} cites nothing", other + 1);
    }

    let groups = cited_by(site, "van-ban/05-2025-tt-bkhcn/index.html");
    assert_eq!(places(&groups, "khoản 2 Điều 4", "/quy-trinh/qt-01/"), [pair("/quy-trinh/qt-01/#buoc-3", "Bước 3")]);
}

#[test]
fn a_citation_in_a_condition_is_linked_and_cited_by_names_the_conditions() {
    let site = legal_site();
    let html = page(site, "quy-trinh/qt-01/index.html");
    assert_eq!(links_in(&html, "#yeu-cau-dieu-kien li"), [pair(DECREE_URL, "Điều 5 Nghị định số 118/2025/NĐ-CP")]);
    let groups = cited_by(site, "van-ban/118-2025-nd-cp/index.html");
    assert_eq!(
        places(&groups, "Điều 5", "/quy-trinh/qt-01/"),
        [pair("/quy-trinh/qt-01/#yeu-cau-dieu-kien", "Điều kiện thực hiện")]
    );
}

// ---------------------------------------------------------------------------------------------
// Pages and JSON.

#[test]
fn the_legal_page_lists_citing_places_grouped_by_provision_whole_document_first() {
    let site = legal_site();
    let groups = cited_by(site, "van-ban/05-2025-tt-bkhcn/index.html");
    let headings: Vec<&str> = groups.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(headings, ["Toàn văn bản", "khoản 2 Điều 4", "khoản 3 Điều 4", "khoản 6 Điều 4"]);
    // The whole document: the line-broken citation in section 2.
    assert_eq!(places(&groups, "Toàn văn bản", "/quy-trinh/qt-01/"), [pair("/quy-trinh/qt-01/#2-can-cu", "2. Căn cứ")]);
    // khoản 6 Điều 4: from QT-01's legal basis and its section 1 (and the explicit link).
    let six = places(&groups, "khoản 6 Điều 4", "/quy-trinh/qt-01/");
    for place in [
        pair("/quy-trinh/qt-01/#can-cu-phap-ly", "Căn cứ pháp lý"),
        pair("/quy-trinh/qt-01/#1-muc-dich", "1. Mục đích"),
    ] {
        assert!(six.contains(&place), "{place:?} in {six:?}");
    }
    // Each document once per group; the provision headings link to the article.
    for (heading, sites) in &groups {
        let documents: BTreeSet<&String> = sites.iter().map(|(d, _)| d).collect();
        assert_eq!(documents.len(), sites.len(), "a document twice under {heading}");
    }
    let html = page(site, "van-ban/05-2025-tt-bkhcn/index.html");
    let heading_links = links_in(&html, "#vien-dan h3");
    assert_eq!(heading_links.len(), 3, "{heading_links:?}");
    // Each clause heading links to its clause (issue 21).
    let anchors: Vec<&str> = heading_links.iter().map(|(href, _)| href.as_str()).collect();
    assert_eq!(anchors, ["#dieu-4-khoan-2", "#dieu-4-khoan-3", "#dieu-4-khoan-6"]);
}

#[test]
fn every_cited_by_link_lands_on_a_page_and_anchor_that_exist() {
    let site = internal_legal_site();
    let mut checked = 0;
    for path in site
        .files
        .keys()
        .filter(|p| p.starts_with("van-ban/") && p.ends_with("/index.html") && *p != "van-ban/index.html")
    {
        for (_, sites) in cited_by(site, path) {
            for (_, places) in sites {
                for (href, name) in places {
                    let (url, anchor) = href.split_once('#').unwrap_or((&href, ""));
                    let target = format!("{}index.html", url.trim_start_matches('/'));
                    let html = page(site, &target);
                    if !anchor.is_empty() {
                        let found = html.select(&selector(&format!("[id='{anchor}']"))).count();
                        assert_eq!(found, 1, "{path}: `{name}` links to {href}, which has no such anchor");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 12, "only {checked} places checked");
}

#[test]
fn every_document_page_shows_its_legal_basis_with_a_status_badge() {
    let site = legal_site();
    for (path, numbers) in [
        ("so-tay/stcl/index.html", vec!["19/2014/QĐ-TTg", "66/2025/QH15"]),
        ("quy-trinh/qt-01/index.html", vec!["118/2025/NĐ-CP", "05/2025/TT-BKHCN"]),
        ("quy-trinh/qt-02/index.html", vec!["05/2025/TT-BKHCN"]),
    ] {
        let html = page(site, path);
        let items: Vec<Html> =
            html.select(&selector("#can-cu-phap-ly li")).map(|li| Html::parse_fragment(&li.html())).collect();
        assert_eq!(items.len(), numbers.len(), "{path}");
        for (item, number) in items.iter().zip(numbers) {
            let slug = LegalNumber::parse(number).unwrap().slug();
            assert!(links(item).contains(&pair(&format!("/van-ban/{slug}/"), number)), "{path}: {:?}", links(item));
            // An entry without `verified` says so in its badge, as its legal page does (issue 21).
            let expected = if number == "05/2025/TT-BKHCN" {
                "Còn hiệu lực"
            } else {
                "Còn hiệu lực (chưa kiểm chứng)"
            };
            assert_eq!(texts_of(item, ".badge"), [expected], "{path}: the status of {number}");
        }
    }
}

#[test]
fn the_legal_index_groups_entries_by_type_then_issuer() {
    let site = legal_site();
    let html = page(site, "van-ban/index.html");
    let mut groups: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for section in html.select(&selector("main section")) {
        let h2 = section.select(&selector("h2")).next().expect("a type heading");
        let type_name = squash(&h2.text().collect::<String>());
        let type_name = type_name.split(" (").next().unwrap().to_owned();
        let mut issuer = None;
        for element in section.select(&selector("h3, td a[href]")) {
            let text = squash(&element.text().collect::<String>());
            if element.value().name() == "h3" {
                issuer = Some(text);
            } else {
                let issuer = issuer.clone().unwrap_or_else(|| panic!("{text} is under no issuer"));
                groups.entry((type_name.clone(), issuer)).or_default().insert(text);
            }
        }
    }
    let expected: BTreeMap<(String, String), BTreeSet<String>> = [
        ("Luật", "Quốc hội", &["66/2025/QH15", "77/2015/QH13"][..]),
        ("Nghị định", "Chính phủ", &["118/2025/NĐ-CP"][..]),
        ("Quyết định", "Thủ tướng Chính phủ", &["19/2014/QĐ-TTg"][..]),
        ("Thông tư", "Bộ Khoa học và Công nghệ", &["05/2025/TT-BKHCN", "09/2026/TT-BKHCN"][..]),
        ("Thông tư", "Bộ Tài chính", &["99/2015/TT-BTC"][..]),
    ]
    .into_iter()
    .map(|(t, i, n)| ((t.to_owned(), i.to_owned()), n.iter().map(|s| (*s).to_owned()).collect()))
    .collect();
    assert_eq!(groups, expected);
}

#[test]
fn the_json_api_carries_document_citations_and_legal_relations_cited_by_and_citations() {
    let site = legal_site();
    let doc = json_of(site, "api/quy-trinh/qt-01.json");
    let citations = doc["citations"].as_array().expect("a document's citations");
    let find = |kind: &str, provision: Option<&str>| {
        citations
            .iter()
            .find(|c| c["place"]["kind"] == kind && c["provision"].as_str() == provision)
            .unwrap_or_else(|| panic!("no {kind} citation of {provision:?}: {citations:#?}"))
    };
    let step = find("step", Some("khoản 2 Điều 4"));
    assert_eq!(step["number"], "05/2025/TT-BKHCN");
    assert_eq!(step["url"], "/van-ban/05-2025-tt-bkhcn/#dieu-4-khoan-2");
    assert_eq!(step["place"]["number"], 3);
    assert_eq!(step["place_name"], "Bước 3");
    assert_eq!(find("legal-basis", Some("khoản 6 Điều 4"))["number"], "05/2025/TT-BKHCN");
    assert_eq!(find("legal-basis", None)["number"], "118/2025/NĐ-CP");
    assert_eq!(find("field", Some("Điều 5"))["place_name"], "Điều kiện thực hiện");

    let circular = json_of(site, "api/van-ban/05-2025-tt-bkhcn.json");
    assert!(circular["relations"].as_array().is_some_and(|r| r.len() == 2), "{}", circular["relations"]);
    let citing: Vec<&str> =
        circular["cited_by"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(citing, ["QT-01", "QT-02"]);
    let provisions: Vec<Option<&str>> =
        circular["citations"].as_array().unwrap().iter().map(|g| g["provision"].as_str()).collect();
    assert_eq!(provisions, [None, Some("khoản 2 Điều 4"), Some("khoản 3 Điều 4"), Some("khoản 6 Điều 4")]);
    assert_eq!(circular["citations"][1]["anchor"], "dieu-4-khoan-2");
    assert_eq!(circular["citations"][1]["sites"][0]["places"][0]["url"], "/quy-trinh/qt-01/#buoc-3");
}

#[test]
fn the_internal_document_is_cited_by_only_in_an_internal_build() {
    let public = legal_site();
    let internal = internal_legal_site();
    let codes = |site: &Site| -> Vec<String> {
        json_of(site, "api/van-ban/118-2025-nd-cp.json")["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes(public), ["QT-01"]);
    assert_eq!(codes(internal), ["QT-01", "QT-03"]);
    let leaks: Vec<String> =
        all_bytes(public).into_iter().filter(|(_, b)| contains_bytes(b, INTERNAL_MARKER)).map(|(p, _)| p).collect();
    assert!(leaks.is_empty(), "the internal procedure leaked through a legal page: {leaks:?}");
}

// ---------------------------------------------------------------------------------------------
// Checks that depend on dates.

#[test]
fn citing_a_law_before_it_took_effect_warns_cites_not_in_force_until_the_date_is_moved_back() {
    let dir = legal_copy();
    let root = dir.path();
    // QT-01 took effect on 2026-03-01, the internal QT-03 on 2026-06-01; both cite the decree.
    edit(root, DECREE, "effective_from = 2025-07-01", "effective_from = 2026-04-15");
    let diagnostics = check_public(root);
    assert_only(&diagnostics, &[("cites-not-in-force", QT01)], "the decree took effect after QT-01");
    let d = with_code(&diagnostics, "cites-not-in-force")[0];
    assert!(d.message.contains("118/2025/NĐ-CP") && d.message.contains("01/03/2026"), "{}", one_line(d));
    assert_eq!(d.loc.line, position(&file_text(root, QT01), "legal_basis").0, "the first citation: {}", one_line(d));

    edit(root, DECREE, "effective_from = 2026-04-15", "effective_from = 2026-03-01");
    assert_only(&check_public(root), &[], "in force on the very day QT-01 took effect");
    edit(root, DECREE, "effective_from = 2026-03-01", "effective_from = 2025-07-01");
    assert_only(&check_public(root), &[], "moved back");
}

#[test]
fn citing_a_replaced_law_warns_cites_ended_naming_the_replacement_when_it_predates_the_revision() {
    let dir = legal_copy();
    let root = dir.path();
    edit(root, STCL, "{ number = \"66/2025/QH15\" }", "{ number = \"77/2015/QH13\" }");
    // The new law took effect on 2025-04-01, before the manual's revision of 2026-03-01.
    let outcome = run_public(root);
    assert_only(&outcome.diagnostics, &[("cites-ended", STCL)], "the old law was replaced before the revision");
    let d = with_code(&outcome.diagnostics, "cites-ended")[0];
    assert!(d.message.contains("77/2015/QH13") && d.message.contains("66/2025/QH15"), "{}", one_line(d));
    let site = outcome.site.unwrap();
    let basis = page(&site, "so-tay/stcl/index.html");
    let badges = texts_of(&basis, "#can-cu-phap-ly .badge");
    let expected = "Hết hiệu lực toàn bộ (chưa kiểm chứng)".to_owned();
    assert!(badges.contains(&expected), "the badge shows the old law's status: {badges:?}");

    // Replaced after the revision: the manual needs review instead.
    edit(root, NEW_LAW, "effective_from = 2025-04-01", "effective_from = 2026-04-01");
    assert_only(&check_public(root), &[("review-needed", STCL)], "replaced after the revision");
    edit(root, NEW_LAW, "effective_from = 2026-04-01", "effective_from = 2025-04-01");
    assert_only(&check_public(root), &[("cites-ended", STCL)], "moved back");
}

#[test]
fn a_law_amended_after_the_last_revision_warns_review_needed_until_the_date_is_moved_back() {
    let dir = legal_copy();
    let root = dir.path();
    // QT-01 and QT-02 (revised 2026-03-01) cite the circular; the amendment now takes effect later.
    edit(root, AMENDMENT, "effective_from = 2026-02-01", "effective_from = 2026-05-01");
    let diagnostics = check_public(root);
    assert_only(&diagnostics, &[("review-needed", QT01), ("review-needed", QT02)], "amended after the revisions");
    for d in with_code(&diagnostics, "review-needed") {
        for needle in ["05/2025/TT-BKHCN", "09/2026/TT-BKHCN", "01/05/2026", "01/03/2026"] {
            assert!(d.message.contains(needle), "`{needle}` in {}", one_line(d));
        }
    }

    // A new revision of QT-01 after the change clears its warning.
    let copy = legal_copy();
    let revised = copy.path();
    edit(revised, AMENDMENT, "effective_from = 2026-02-01", "effective_from = 2026-05-01");
    edit(revised, QT01, "revision = 1\nissued", "revision = 2\nissued");
    edit(
        revised,
        QT01,
        "summary = \"Ban hành lần đầu\"\n",
        "summary = \"Ban hành lần đầu\"\n\n[[amendments]]\nrevision = 2\ndate = 2026-05-10\nwhere = \"Mục 1\"\nsummary = \"Rà soát theo Thông tư sửa đổi\"\n",
    );
    assert_only(&check_public(revised), &[("review-needed", QT02)], "QT-01 was revised after the change");

    edit(root, AMENDMENT, "effective_from = 2026-05-01", "effective_from = 2026-02-01");
    assert_only(&check_public(root), &[], "moved back");
}

#[test]
fn a_law_ending_after_the_last_revision_needs_review() {
    let dir = legal_copy();
    let root = dir.path();
    edit(root, DECREE, "effective_from = 2025-07-01\n", "effective_from = 2025-07-01\neffective_to = 2026-10-01\n");
    let diagnostics = check_public(root);
    // QT-01 (revised 2026-03-01) and the internal QT-03 (2026-06-01) cite the decree.
    assert_only(
        &diagnostics,
        &[("review-needed", QT01), ("review-needed", QT03)],
        "the decree ends after both revisions",
    );
    assert!(with_code(&diagnostics, "review-needed").iter().all(|d| d.message.contains("01/10/2026")));
    edit(root, DECREE, "effective_to = 2026-10-01\n", "");
    assert_only(&check_public(root), &[], "no end date");
}

#[test]

fn a_law_ending_after_the_last_revision_is_said_to_end_not_to_be_in_force() {
    let dir = legal_copy();
    let root = dir.path();
    // The registry still says in-force; only effective_to tells the decree ends on 2026-10-01.
    edit(root, DECREE, "effective_from = 2025-07-01\n", "effective_from = 2025-07-01\neffective_to = 2026-10-01\n");
    let diagnostics = check_public(root);
    let found = with_code(&diagnostics, "review-needed");
    assert_eq!(found.len(), 2, "{}", describe(&diagnostics));
    for d in found {
        // The reason is shown to staff in the "Cần rà soát" banner too.
        assert!(d.message.contains("hết hiệu lực") && !d.message.contains("còn hiệu lực"), "{}", one_line(d));
    }
}

#[test]
fn the_review_needed_banner_shows_only_in_internal_builds() {
    let dir = legal_copy();
    let root = dir.path();
    edit(root, AMENDMENT, "effective_from = 2026-02-01", "effective_from = 2026-05-01");
    let internal = run(&internal_options(root)).site.expect("an internal site");
    let html = page(&internal, "quy-trinh/qt-01/index.html");
    let banner = text_of(&html, ".review-needed");
    assert!(banner.contains("Cần rà soát") && banner.contains("05/2025/TT-BKHCN"), "{banner}");
    let json = json_of(&internal, "api/quy-trinh/qt-01.json");
    assert_eq!(json["review_needed"][0]["number"], "05/2025/TT-BKHCN");
    assert_eq!(json["review_needed"][0]["changed"], "2026-05-01");
    assert!(
        !text(&internal, "so-tay/stcl/index.html").contains("Cần rà soát"),
        "the manual cites nothing that changed"
    );

    let public = run_public(root).site.expect("a public site");
    for (path, bytes) in all_bytes(&public) {
        assert!(!contains_bytes(&bytes, "Cần rà soát"), "the public {path} shows the review banner");
    }
    assert_eq!(json_of(&public, "api/quy-trinh/qt-01.json")["review_needed"], serde_json::json!([]));

    let clean = internal_legal_site();
    assert!(!text(clean, "quy-trinh/qt-01/index.html").contains("Cần rà soát"), "nothing to review in the fixture");
}

// ---------------------------------------------------------------------------------------------
// Articles, clauses and links to nowhere.

#[test]
fn citing_an_article_or_clause_the_registry_does_not_list_warns_and_links_without_the_anchor() {
    let dir = legal_copy();
    let root = dir.path();
    edit(root, QT01, "thực hiện khoản 6 Điều 4 Thông tư số", "thực hiện Điều 9 Thông tư số");
    edit(root, QT01, "theo khoản 2 Điều 4 Thông tư số", "theo khoản 7 Điều 4 Thông tư số");
    let outcome = run_public(root);
    assert_only(
        &outcome.diagnostics,
        &[("unknown-article", QT01), ("unknown-clause", QT01)],
        "Điều 9 and khoản 7 Điều 4",
    );
    let source = file_text(root, QT01);
    let article = with_code(&outcome.diagnostics, "unknown-article")[0];
    assert!(article.message.contains("Điều 9"), "{}", one_line(article));
    assert_eq!(
        (article.loc.line, article.loc.column),
        position(&source, "Điều 9 Thông tư số"),
        "{}",
        one_line(article)
    );
    let clause = with_code(&outcome.diagnostics, "unknown-clause")[0];
    assert!(clause.message.contains("khoản 7"), "{}", one_line(clause));
    assert_eq!(clause.loc.line, position(&source, "khoản 7 Điều 4").0, "the step's line: {}", one_line(clause));

    let site = outcome.site.unwrap();
    let html = page(&site, "quy-trinh/qt-01/index.html");
    assert_eq!(prose_links(&html)[0], pair(CIRCULAR_URL, "Điều 9 Thông tư số 05/2025/TT-BKHCN"), "no #dieu-9 anchor");
}

#[test]
fn unknown_document_links_and_anchors_are_errors_but_an_unregistered_legal_link_is_a_warning() {
    let dir = legal_copy();
    let root = dir.path();
    let body = file_text(root, QT01) + "\nXem [[QT-99]], [[QT-02#buoc-9]] và [[06/2025/TT-BKHCN#khoản 6 Điều 4]].\n";
    write(root, QT01, body);
    let diagnostics = check_public(root);
    let mut codes: Vec<(&str, Severity)> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    codes.sort_by_key(|(code, _)| *code);
    assert_eq!(
        codes,
        [
            ("unknown-anchor", Severity::Error),
            ("unknown-legal-number", Severity::Warning),
            ("unknown-link", Severity::Error)
        ],
        "{}",
        describe(&diagnostics)
    );
    assert!(diagnostics.has_errors());
    let legal = with_code(&diagnostics, "unknown-legal-number")[0];
    assert_eq!(legal.loc.line, position(&file_text(root, QT01), "[[06/2025").0, "{}", one_line(legal));
}

#[test]

fn an_unregistered_explicit_legal_link_reads_as_plain_text_without_link_syntax() {
    let dir = legal_copy();
    let root = dir.path();
    write(root, QT01, file_text(root, QT01) + "\nXem thêm [[06/2025/TT-BKHCN#khoản 6 Điều 4]].\n");
    let outcome = run_public(root);
    assert_only(&outcome.diagnostics, &[("unknown-legal-number", QT01)], "an unregistered explicit link");
    let site = outcome.site.unwrap();
    let html = page(&site, "quy-trinh/qt-01/index.html");
    let paragraph = html
        .select(&selector("main .prose p"))
        .map(|p| squash(&p.text().collect::<String>()))
        .find(|p| p.starts_with("Xem thêm"))
        .expect("the paragraph");
    assert!(paragraph.contains("khoản 6 Điều 4") && paragraph.contains("06/2025/TT-BKHCN"), "{paragraph}");
    assert!(!paragraph.contains('#') && !paragraph.contains("[["), "no link syntax for readers: {paragraph}");
}

// ---------------------------------------------------------------------------------------------
// `sotay impact`.

#[test]
fn impact_lists_direct_citers_citers_through_guiding_and_amending_circulars_and_internal_documents() {
    let dir = fixture("legal");
    let dir = dir.to_str().unwrap();
    let output = sotay_run(&["impact", "118/2025/ND-CP", dir]);
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
    let out = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(out.starts_with("118/2025/NĐ-CP – "), "the proper form of the number: {}", show(&output));
    for line in [
        "through 05/2025/TT-BKHCN (guides it)",
        "through 09/2026/TT-BKHCN (amends it)",
        "QT-01 Quy trình cấp giấy chứng nhận thử nghiệm (content/procedures/QT-01.md, revision 1)",
        "Điều kiện thực hiện – Điều 5",
        "Bước 3 – khoản 2 Điều 4 (via 05/2025/TT-BKHCN)",
        "QT-02 Quy trình gia hạn giấy chứng nhận thử nghiệm (content/procedures/QT-02.md, revision 1)",
        "Căn cứ thực hiện – khoản 3 Điều 4 (via 05/2025/TT-BKHCN)",
        "QT-03 Quy trình phân công xử lý hồ sơ NOI-BO-PHAP-LY-31",
        "Phân công – Điều 7",
        "Phân công (via 09/2026/TT-BKHCN)",
    ] {
        assert!(out.lines().any(|l| l.trim() == line || l.trim().starts_with(line)), "missing `{line}`:\n{out}");
    }
    assert!(!out.contains("STCL"), "the manual cites neither the decree nor its circulars:\n{out}");
}

#[test]
fn impact_as_json_lists_documents_places_and_the_circular_each_citation_came_through() {
    let dir = fixture("legal");
    let output = sotay_run(&["impact", "118/2025/NĐ-CP", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", show(&output)));
    assert_eq!(json["number"], "118/2025/NĐ-CP");
    let through: Vec<(&str, &str)> = json["through"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["number"].as_str().unwrap(), t["relation"].as_str().unwrap()))
        .collect();
    assert_eq!(through, [("05/2025/TT-BKHCN", "guides"), ("09/2026/TT-BKHCN", "amends")]);
    let documents = json["documents"].as_array().unwrap();
    let codes: Vec<&str> = documents.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["QT-01", "QT-02", "QT-03"]);
    let places = |code: &str| -> Vec<serde_json::Value> {
        documents.iter().find(|d| d["code"] == code).unwrap()["citations"].as_array().unwrap().clone()
    };
    let qt01 = places("QT-01");
    assert!(
        qt01.contains(&serde_json::json!({
            "place": { "kind": "step", "number": 3 },
            "place_name": "Bước 3",
            "provision": "khoản 2 Điều 4",
            "via": "05/2025/TT-BKHCN"
        })),
        "{qt01:#?}"
    );
    assert!(qt01.iter().any(|p| p["place"]["kind"] == "legal-basis" && p["via"].is_null()), "a direct citation");
    let qt03 = places("QT-03");
    assert!(qt03.iter().any(|p| p["via"] == "09/2026/TT-BKHCN"), "through the amendment: {qt03:#?}");
    assert!(qt03.iter().any(|p| p["place"]["kind"] == "legal-basis" && p["via"].is_null()), "{qt03:#?}");
    assert_eq!(documents[2]["file"], "content/procedures/QT-03.md");
}

#[test]
fn impact_of_an_unregistered_number_exits_2_and_suggests_the_closest() {
    let dir = fixture("legal");
    let output = sotay_run(&["impact", "06/2025/TT-BKHCN", dir.to_str().unwrap()]);
    assert_eq!(exit_code(&output), 2, "{}", show(&output));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("06/2025/TT-BKHCN") && err.contains("có phải ý bạn là 05/2025/TT-BKHCN"), "{}", show(&output));
    assert!(output.stdout.is_empty(), "{}", show(&output));
}

// ---------------------------------------------------------------------------------------------
// The example manual.

/// The example manual's public site with its own base URL (`/iso/`), built once.
fn example_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let outcome = run_public(&content_example());
        assert!(!outcome.failed(false), "{}", describe(&outcome.diagnostics));
        outcome.site.expect("the example renders")
    })
}

/// Registered legal numbers in the text of the example's procedure pages that are not inside a
/// link, looking only inside the elements matching `scope` (outside code); and how many links to
/// the registry those elements hold, each checked to land on a registry page.
fn unlinked_registered_numbers(scope: &str) -> (Vec<String>, usize) {
    let site = example_site();
    let registered: BTreeSet<String> = json_of(site, "api/index.json")["legal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| LegalNumber::parse(l["number"].as_str().unwrap()).unwrap().key())
        .collect();
    assert!(registered.len() >= 8, "{registered:?}");
    let skip = ["a", "code", "pre", "script", "style"];
    let mut unlinked = Vec::new();
    let mut linked = 0;
    let procedures = site
        .files
        .keys()
        .filter(|p| p.starts_with("quy-trinh/") && p.ends_with("/index.html") && *p != "quy-trinh/index.html")
        // Redlines quote the Markdown source word by word; they are compared, not cited from.
        .filter(|p| !p.contains("/so-sanh/"));
    for path in procedures {
        let html = page(site, path);
        for root in html.select(&selector(scope)) {
            for node in root.descendants() {
                let Some(text) = node.value().as_text() else { continue };
                let hidden = node.ancestors().any(|a| a.value().as_element().is_some_and(|e| skip.contains(&e.name())));
                if hidden {
                    continue;
                }
                for citation in recognize(text) {
                    if registered.contains(&citation.number.key()) {
                        let from = text[..citation.span.start].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
                        let context = squash(&text[from..citation.span.end]);
                        unlinked.push(format!("{path}: {} in “{context}”", citation.number));
                    }
                }
            }
        }
        for (href, text) in links_in(&html, scope) {
            let Some(rest) = href.strip_prefix("/iso/van-ban/") else { continue };
            let slug = rest.split(['/', '#']).next().unwrap();
            assert!(site.files.contains_key(&format!("van-ban/{slug}/index.html")), "{path}: `{text}` → {href}");
            linked += 1;
        }
    }
    (unlinked, linked)
}

#[test]
fn every_registered_number_in_the_example_procedures_prose_steps_and_conditions_is_linked() {
    let (unlinked, linked) = unlinked_registered_numbers("main .prose, main table.step-table, main #yeu-cau-dieu-kien");
    assert!(unlinked.is_empty(), "registered numbers left unlinked:\n{}", unlinked.join("\n"));
    assert!(linked >= 10, "only {linked} links to the registry in the example's procedures");
}

#[test]

fn every_registered_number_in_the_text_of_the_example_procedures_is_a_link_to_its_registry_page() {
    let (unlinked, linked) = unlinked_registered_numbers("main");
    assert!(unlinked.is_empty(), "registered numbers left unlinked:\n{}", unlinked.join("\n"));
    assert!(linked >= 10, "only {linked} links to the registry in the example's procedures");
}

#[test]
fn relations_that_go_round_in_a_circle_are_one_error_at_a_relation() {
    let dir = legal_copy();
    let root = dir.path();
    // 09/2026 amends 05/2025, which guides 118/2025; now 118/2025 also rests on 09/2026.
    let decree = "legal/118-2025-nd-cp.toml";
    edit(root, decree, "based_on = [\"66/2025/QH15\"]", "based_on = [\"66/2025/QH15\", \"09/2026/TT-BKHCN\"]");
    let diagnostics = check_public(root);
    let found = with_code(&diagnostics, "relation-cycle");
    assert_eq!(found.len(), 1, "one error for the loop:\n{}", describe(&diagnostics));
    let d = found[0];
    assert_eq!(d.severity, Severity::Error);
    for number in ["09/2026/TT-BKHCN", "05/2025/TT-BKHCN", "118/2025/NĐ-CP"] {
        assert!(d.message.contains(number), "{}", one_line(d));
    }
    assert!(file_of(d).starts_with("legal/") && d.loc.line > 0, "at a relation: {}", one_line(d));
    // Without the loop there is no such error.
    edit(root, decree, ", \"09/2026/TT-BKHCN\"]", "]");
    assert!(with_code(&check_public(root), "relation-cycle").is_empty());
}
