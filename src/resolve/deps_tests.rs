//! [`affected`] case by case, on a copy of the example manual: each test changes one thing and
//! checks which outputs the change reaches, and which it does not.

use std::path::Path;

use super::*;
use crate::pipeline::{analyse, BuildOptions};

/// The example manual copied to a temporary folder.
fn manual() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example"), dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read example") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        match entry.file_type().expect("type").is_dir() {
            true => copy(&entry.path(), &target),
            false => drop(std::fs::copy(entry.path(), &target).expect("copy")),
        }
    }
}

fn index(dir: &Path) -> DepIndex {
    let mut options = BuildOptions::new(dir);
    options.date = crate::model::Date::parse("2026-11-22").expect("date");
    let analysis = analyse(&options, &|_| {}, None).expect("analyse");
    analysis.resolved.expect("resolved").deps
}

/// What `change` to the example manual affects, named by the new build's keys.
fn after(change: impl FnOnce(&Path)) -> Option<BTreeSet<OutputKey>> {
    let dir = manual();
    let before = index(dir.path());
    change(dir.path());
    let now = index(dir.path());
    match affected(&before, &now) {
        Affected::Everything => None,
        Affected::Only(stale) => Some(stale.keys(&now)),
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
fn nothing_changed_affects_nothing() {
    assert_eq!(after(|_| {}), Some(BTreeSet::new()));
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
    assert_eq!(keys, BTreeSet::from([doc("content/procedures/QT-07.md")]));
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
