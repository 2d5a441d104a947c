//! A rebuild writes only what changed: files the same as in the previous output are hard-linked
//! from it (same inode, same mtime), and the result is byte for byte a fresh build's.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

/// Every file of a built site with its inode and mtime.
fn identities(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    read_tree(dir)
        .into_keys()
        .map(|path| {
            let meta = std::fs::metadata(dir.join(&path)).unwrap();
            (path, (meta.ino(), meta.mtime(), meta.mtime_nsec()))
        })
        .collect()
}

fn build(manual: &Path, out: &Path) {
    let output = sotay_run(&[
        "build",
        manual.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-11-22",
        "--quiet",
    ]);
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
}

#[test]
fn a_rebuild_with_nothing_changed_writes_no_file() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build(manual.path(), &out);
    let before = identities(&out);
    assert!(before.len() > 10, "{} files", before.len());
    // Without the record of the last build's inputs, the build renders everything again.
    std::fs::remove_file(parent.path().join(".sotay-public.state")).unwrap();
    build(manual.path(), &out);
    assert_eq!(identities(&out), before, "every file keeps its inode and mtime");
}

#[test]
fn a_rebuild_writes_what_changed_and_equals_a_fresh_build() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build(manual.path(), &out);
    let before = identities(&out);
    let procedure = read_tree(&manual.path().join("content"))
        .into_keys()
        .find(|p| p.starts_with("procedures/"))
        .expect("the fixture has a procedure");
    let text = std::fs::read_to_string(manual.path().join("content").join(&procedure)).unwrap();
    write(manual.path(), &format!("content/{procedure}"), format!("{text}\nMột câu mới về hồ sơ.\n"));
    build(manual.path(), &out);
    let after = identities(&out);

    let rewritten: Vec<&String> = after.keys().filter(|p| before.get(*p) != after.get(*p)).collect();
    assert!(rewritten.iter().any(|p| p.ends_with("index.html")), "the edited page is written again: {rewritten:?}");
    assert!(rewritten.contains(&&"manifest.json".to_owned()), "{rewritten:?}");
    assert!(rewritten.len() < after.len() / 2, "only what changed is written: {} of {}", rewritten.len(), after.len());

    let fresh = parent.path().join("fresh");
    build(manual.path(), &fresh);
    assert_same_files(&read_tree(&fresh), &read_tree(&out), "a rebuild and a fresh build");
}

#[test]
fn a_file_changed_by_hand_in_the_output_to_another_size_is_written_again() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build(manual.path(), &out);
    let expected = read_tree(&out);
    let page = expected.keys().find(|p| p.ends_with("index.html")).unwrap().clone();
    std::fs::write(out.join(&page), "changed by hand").unwrap();
    build(manual.path(), &out);
    assert_same_files(&expected, &read_tree(&out), "the output after a hand edit and a rebuild");
}

fn build_output(manual: &Path, out: &Path) -> String {
    let output =
        sotay_run(&["build", manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", "2026-11-22"]);
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A manual without git history gets a note; these tests want a build without any problem.
fn quiet_manual() -> tempfile::TempDir {
    let manual = copy_fixture("basic");
    git_init(manual.path());
    git_commit_all(manual.path(), "Ban hành", "2026-01-15T09:00:00+07:00");
    manual
}

#[test]
fn the_same_inputs_again_leave_the_output_as_it_is_without_rendering() {
    let manual = quiet_manual();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let first = build_output(manual.path(), &out);
    assert!(first.contains("Đã dựng "), "{first}");
    let before = read_tree(&out);
    let second = build_output(manual.path(), &out);
    assert!(second.contains("Không có gì thay đổi"), "{second}");
    assert_same_files(&before, &read_tree(&out), "the output after an up-to-date build");
    assert!(!before.keys().any(|p| p.ends_with(".state")), "the record stays beside the output, not in it");

    // Any input changes the fingerprint: a document, the date, the audience.
    edit(manual.path(), "sotay.toml", "[site]", "[site]\n# một ghi chú");
    assert!(build_output(manual.path(), &out).contains("Đã dựng "));
    assert!(build_output(manual.path(), &out).contains("Không có gì thay đổi"));
    // A file no document is: the TTHC catalogue.
    write(manual.path(), "catalog/tthc.csv", "Mã thủ tục,Tên thủ tục\n1.009999,Thủ tục thử nghiệm\n");
    assert!(build_output(manual.path(), &out).contains("Đã dựng "), "a new catalogue is a change");
    let other_date =
        sotay_run(&["build", manual.path().to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", "2026-11-23"]);
    assert!(String::from_utf8_lossy(&other_date.stderr).contains("Đã dựng "), "{}", show(&other_date));
}

#[test]
fn a_file_missing_from_the_output_is_built_again_even_with_the_same_inputs() {
    let manual = quiet_manual();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build_output(manual.path(), &out);
    let expected = read_tree(&out);
    let page = expected.keys().find(|p| p.ends_with("index.html")).unwrap().clone();
    std::fs::remove_file(out.join(&page)).unwrap();
    assert!(build_output(manual.path(), &out).contains("Đã dựng "));
    assert_same_files(&expected, &read_tree(&out), "the output after a file was deleted and the build run again");
}

#[test]
fn a_build_with_warnings_is_never_skipped_so_the_warnings_show_every_time() {
    let manual = quiet_manual();
    edit(
        manual.path(),
        "content/procedures/QT-07.md",
        "owner = \"vp\"\n",
        "owner = \"vp\"\nnext_review = 2020-01-01\n",
    );
    git_commit_all(manual.path(), "Hạn xem xét", "2026-01-16T09:00:00+07:00");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let first = build_output(manual.path(), &out);
    assert!(first.contains("warning"), "an overdue review is a warning: {first}");
    let second = build_output(manual.path(), &out);
    assert!(second.contains("warning") && second.contains("Đã dựng "), "{second}");
}

#[test]
fn a_build_with_only_notes_is_skipped_and_says_its_notes_are_not_repeated() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let first = build_output(manual.path(), &out);
    assert!(first.contains("no-history"), "the fixture without git gives a note: {first}");
    let second = build_output(manual.path(), &out);
    assert!(second.contains("Không có gì thay đổi") && second.contains("1 ghi chú không nhắc lại"), "{second}");
}
