//! [`affected`] case by case, on a copy of the example manual: each test changes one thing and
//! checks which outputs the change reaches, and which it does not. The site-wide cases compare
//! indexes completed by a render (what site-wide pages show of each document is digested from
//! its view), as `serve` does.

use std::path::Path;

use super::*;
use crate::pipeline::{analyse, BuildOptions};

/// The example manual copied to a temporary folder.
fn manual() -> tempfile::TempDir {
    crate::test_example::example()
}

fn analysed(dir: &Path) -> crate::pipeline::Analysis {
    let mut options = BuildOptions::new(dir);
    options.date = crate::model::Date::parse("2026-11-22").expect("date");
    analyse(&options, &|_| {}, None).expect("analyse")
}

/// The index as resolve builds it, without what site-wide pages show.
fn index(dir: &Path) -> DepIndex {
    analysed(dir).resolved.expect("resolved").deps
}

/// The index completed by a full render, with what site-wide pages show of each document.
fn completed(dir: &Path) -> DepIndex {
    let analysis = analysed(dir);
    let resolved = analysis.resolved.expect("resolved");
    let plan = crate::render::Plan { remember: true, ..crate::render::Plan::EVERYTHING };
    let rendered = crate::render::render(&resolved, &analysis.sources, &plan);
    assert!(rendered.diagnostics.is_empty(), "{:?}", rendered.diagnostics);
    assert!(rendered.deps.digests.shown.is_some(), "the render completed the index");
    rendered.deps
}

/// What `change` to the example manual affects, named by the new build's keys; `build` makes
/// the indexes compared.
fn affected_by(build: fn(&Path) -> DepIndex, change: impl FnOnce(&Path)) -> Option<BTreeSet<OutputKey>> {
    let dir = manual();
    let before = build(dir.path());
    change(dir.path());
    let now = build(dir.path());
    match affected(&before, &now) {
        Affected::Everything => None,
        Affected::Only(outputs) => Some(outputs.keys(&now)),
    }
}

/// What `change` affects, from resolve's indexes (site-wide keys reading shown parts at most).
fn after(change: impl FnOnce(&Path)) -> Option<BTreeSet<OutputKey>> {
    affected_by(index, change)
}

/// What `change` affects, from indexes completed by a render: site-wide keys exactly.
fn after_render(change: impl FnOnce(&Path)) -> BTreeSet<OutputKey> {
    only(affected_by(completed, change))
}

fn wide(key: Wide) -> OutputKey {
    OutputKey::SiteWide(key)
}

/// Whether `keys` holds each of `wanted` and none of `unwanted`, saying which one does not.
fn holds(keys: &BTreeSet<OutputKey>, wanted: &[OutputKey], unwanted: &[OutputKey]) {
    for key in wanted {
        assert!(keys.contains(key), "expected {key:?} in {keys:?}");
    }
    for key in unwanted {
        assert!(!keys.contains(key), "expected no {key:?} in {keys:?}");
    }
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

fn doc(id: &str) -> OutputKey {
    OutputKey::Document(DocId(id.into()))
}

fn legal(id: &str) -> OutputKey {
    OutputKey::Legal(LegalId(id.into()))
}

fn only(affected: Option<BTreeSet<OutputKey>>) -> BTreeSet<OutputKey> {
    affected.expect("expected some outputs, got everything")
}

const QT07: &str = "content/procedures/QT-07.md";

#[test]
fn nothing_changed_affects_nothing_but_what_every_render_makes() {
    let remade = BTreeSet::from([wide(Wide::Remade)]);
    assert_eq!(after_render(|_| {}), remade);
    // Without the views, every site-wide page that shows a document might have changed.
    let first = only(after(|_| {}));
    assert!(first.iter().all(|k| matches!(k, OutputKey::SiteWide(_))), "{first:?}");
    holds(&first, &showing(), &[wide(Wide::Fixed), wide(Wide::LegalIndex)]);
}

#[test]
fn prose_affects_the_document_and_those_shown_with_it_not_legal_pages() {
    let keys = only(after(|dir| edit(dir, QT07, "Mẫu đơn:", "Mẫu đơn mới:")));
    assert!(keys.contains(&doc("content/procedures/QT-07.md")));
    // QT-06 links to QT-07, QT-07 uses BM-07-01: their pages show each other.
    assert!(keys.contains(&doc("content/procedures/QT-06.md")));
    assert!(keys.contains(&doc("content/forms/BM-07-01.md")));
    assert!(!keys.contains(&doc("content/procedures/QT-01.md")));
    assert!(!keys.iter().any(|k| matches!(k, OutputKey::Legal(_))), "{keys:?}");
}

#[test]
fn a_title_affects_the_legal_pages_the_document_cites() {
    let keys = only(after(|dir| edit(dir, QT07, "title = \"Quy trình cấp,", "title = \"Quy trình cấp mới,")));
    assert!(keys.contains(&doc("content/procedures/QT-07.md")));
    assert!(keys.contains(&doc("content/procedures/QT-06.md")));
    assert!(keys.contains(&legal("118-2025-nd-cp")), "{keys:?}");
    assert!(!keys.contains(&legal("19-2014-qd-ttg")), "QT-07 does not cite it");
}

#[test]
fn a_code_affects_the_document_and_those_shown_with_it() {
    let keys = only(after(|dir| edit(dir, QT07, "code = \"QT-07\"", "code = \"QT-77\"")));
    assert!(keys.contains(&doc("content/procedures/QT-07.md")));
    assert!(keys.contains(&doc("content/procedures/QT-06.md")), "its link to QT-07 is broken now");
    assert!(keys.contains(&legal("118-2025-nd-cp")), "the legal page names the code");
}

#[test]
fn a_new_link_affects_its_target() {
    let keys = only(after(|dir| {
        let path = dir.join("content/procedures/QT-01.md");
        let text = std::fs::read_to_string(&path).expect("read") + "\nXem [[QT-07]].\n";
        std::fs::write(path, text).expect("write");
    }));
    assert!(keys.contains(&doc("content/procedures/QT-01.md")));
    assert!(keys.contains(&doc("content/procedures/QT-07.md")), "QT-07 lists the documents linking to it");
}

#[test]
fn a_forms_title_affects_the_documents_using_it() {
    let keys = only(after(|dir| edit(dir, "content/forms/BM-07-01.md", "title = \"", "title = \"Mẫu ")));
    assert!(keys.contains(&doc("content/forms/BM-07-01.md")));
    assert!(keys.contains(&doc("content/procedures/QT-07.md")));
}

#[test]
fn a_citation_appearing_or_disappearing_affects_the_legal_page() {
    let add =
        |dir: &Path| edit(dir, QT07, "legal_basis = [\n", "legal_basis = [\n  { number = \"19/2014/QĐ-TTg\" },\n");
    assert!(only(after(add)).contains(&legal("19-2014-qd-ttg")));
    let remove = |dir: &Path| edit(dir, QT07, "  { number = \"2617/QĐ-UBND\" },\n", "");
    assert!(only(after(remove)).contains(&legal("2617-qd-ubnd")));
}

#[test]
fn a_translation_affects_its_original() {
    let keys = only(after(|dir| {
        let path = dir.join("content/procedures/QT-07.en.md");
        let text = std::fs::read_to_string(&path).expect("read") + "\nMore text.\n";
        std::fs::write(path, text).expect("write");
    }));
    let documents: BTreeSet<_> = keys.into_iter().filter(|k| !matches!(k, OutputKey::SiteWide(_))).collect();
    assert_eq!(documents, BTreeSet::from([doc("content/procedures/QT-07.md")]));
}

#[test]
fn site_wide_inputs_affect_everything() {
    let append = |file: &'static str, text: &'static str| {
        move |dir: &Path| {
            let path = dir.join(file);
            let old = std::fs::read(&path).unwrap_or_default();
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, [old, text.as_bytes().to_vec()].concat()).expect("write");
        }
    };
    assert_eq!(after(append("sotay.toml", "\n# note\n")), None, "config");
    assert_eq!(after(append("legal/118-2025-nd-cp.toml", "\n# note\n")), None, "legal entry");
    assert_eq!(after(append("templates/extra.html", "<p></p>")), None, "template");
    assert_eq!(after(append("static/robots-note.txt", "x")), None, "static file");
    assert_eq!(after(append("content/forms/BM-07-01.pdf", "x")), None, "attachment");
    assert_eq!(after(append("i18n/en.toml", "\n")), None, "strings");
}

#[test]
fn a_new_or_deleted_document_affects_everything() {
    let new = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join(QT07)).expect("read").replace("QT-07", "QT-70");
        std::fs::write(dir.join("content/procedures/QT-70.md"), text).expect("write");
    };
    assert_eq!(after(new), None);
    let delete = |dir: &Path| std::fs::remove_file(dir.join("content/pages/gioi-thieu.md")).expect("delete");
    assert_eq!(after(delete), None);
}

#[test]
fn a_new_commit_or_tag_affects_everything() {
    let git = |dir: &Path, args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.vn")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.vn")
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00+07:00")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+07:00")
            .status()
            .expect("run git");
        assert!(status.success(), "git {args:?}");
    };
    let dir = manual();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "Ban hành"]);
    let first = index(dir.path());
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "Sửa"]);
    let second = index(dir.path());
    assert_eq!(affected(&first, &second), Affected::Everything, "commit");
    git(dir.path(), &["tag", "ban-2026"]);
    assert_eq!(affected(&second, &index(dir.path())), Affected::Everything, "tag");
}

/// The site-wide keys whose pages show a document's view, all of which resolve's index alone
/// must name when a document changes.
fn showing() -> Vec<OutputKey> {
    let keys = [Wide::Home, Wide::Changes, Wide::ApiIndex, Wide::Editions, Wide::Search, Wide::Oversight];
    keys.into_iter().chain([Wide::List(Kind::Procedure), Wide::List(Kind::Form)]).map(wide).collect()
}

#[test]
fn without_the_views_a_change_names_the_same_documents_and_every_site_wide_page_showing_them() {
    let change = |dir: &Path| edit(dir, QT07, "Mẫu đơn:", "Mẫu đơn mới:");
    let first = only(after(change));
    holds(&first, &showing(), &[wide(Wide::Fixed), wide(Wide::LegalIndex)]);
    let exact = after_render(change);
    assert!(exact.is_subset(&first), "the completed index names no more: {exact:?} {first:?}");
    let documents = |keys: &BTreeSet<OutputKey>| keys.iter().filter(|k| !matches!(k, OutputKey::SiteWide(_))).count();
    assert_eq!(documents(&first), documents(&exact));
}

#[test]
fn prose_renders_the_page_again_not_the_lists() {
    let keys = after_render(|dir| edit(dir, QT07, "Mẫu đơn:", "Mẫu đơn mới:"));
    let unwanted = [Wide::List(Kind::Procedure), Wide::Home, Wide::Changes, Wide::ApiIndex, Wide::Search];
    let unwanted: Vec<OutputKey> = unwanted.into_iter().chain([Wide::LegalIndex, Wide::Oversight]).map(wide).collect();
    holds(&keys, &[doc(QT07), wide(Wide::Remade)], &unwanted);
}

#[test]
fn a_title_renders_its_list_the_search_index_and_home_when_it_shows_the_document() {
    let keys = after_render(|dir| edit(dir, QT07, "title = \"Quy trình cấp,", "title = \"Quy trình cấp mới,"));
    // QT-07 has amendment rows: home lists the latest changes by title.
    let wanted = [Wide::List(Kind::Procedure), Wide::Search, Wide::ApiIndex, Wide::Changes, Wide::Home];
    let unwanted = [wide(Wide::List(Kind::Form)), wide(Wide::LegalIndex), wide(Wide::Fixed)];
    holds(&keys, &wanted.map(wide), &unwanted);
    // A form's title is in the form list, not in the list items of the procedures using it.
    let form = after_render(|dir| edit(dir, "content/forms/BM-07-01.md", "title = \"", "title = \"Mẫu "));
    holds(&form, &[wide(Wide::List(Kind::Form)), doc(QT07)], &[wide(Wide::List(Kind::Procedure))]);
}

#[test]
fn a_weight_renders_its_kinds_list_again() {
    let keys = after_render(|dir| edit(dir, "content/procedures/QT-01.md", "+++\n", "+++\nweight = 5\n"));
    let wanted = [wide(Wide::List(Kind::Procedure)), wide(Wide::LanguageIndex("en".into()))];
    holds(&keys, &wanted, &[wide(Wide::List(Kind::Form)), wide(Wide::Home)]);
}

#[test]
fn an_amendment_row_renders_the_change_page_feed_and_home_again() {
    let row = "[[amendments]]\nrevision = 3\ndate = 2026-11-21\nwhere = \"Mục 5\"\nsummary = \"Sửa thêm\"\n\n[[amendments]]\nrevision = 3\n";
    let keys = after_render(|dir| edit(dir, QT07, "[[amendments]]\nrevision = 3\n", row));
    holds(&keys, &[wide(Wide::Changes), wide(Wide::Home)], &[wide(Wide::List(Kind::Form)), wide(Wide::LegalIndex)]);
}

#[test]
fn a_translation_renders_its_languages_index_again() {
    let keys = after_render(|dir| edit(dir, "content/procedures/QT-07.en.md", "title = \"", "title = \"The "));
    let unwanted = [wide(Wide::List(Kind::Procedure)), wide(Wide::Home), doc("content/procedures/QT-01.md")];
    holds(&keys, &[doc(QT07), wide(Wide::LanguageIndex("en".into()))], &unwanted);
}

#[test]
fn a_citation_renders_the_legal_index_again() {
    let add =
        |dir: &Path| edit(dir, QT07, "legal_basis = [\n", "legal_basis = [\n  { number = \"19/2014/QĐ-TTg\" },\n");
    let keys = after_render(add);
    holds(&keys, &[legal("19-2014-qd-ttg"), wide(Wide::LegalIndex)], &[wide(Wide::List(Kind::Form))]);
}

#[test]
fn every_site_wide_key_of_a_build_is_in_its_index() {
    let dir = manual();
    let all = Outputs::all(&index(dir.path()));
    let lists = Kind::ALL.into_iter().filter(|k| *k != Kind::Page).map(Wide::List);
    let fixed = [Wide::Home, Wide::Changes, Wide::ApiIndex, Wide::Editions, Wide::LegalIndex, Wide::Search];
    let more = [Wide::Fixed, Wide::Oversight, Wide::Remade, Wide::LanguageIndex("en".into())];
    let expected: BTreeSet<Wide> = lists.chain(fixed).chain(more).collect();
    assert_eq!(all.wide, expected);
}
