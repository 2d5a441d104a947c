//! Writing the site: a failed build leaves the previous output exactly as it was, the command
//! line's exit codes say what went wrong (0 ok, 1 content, 2 usage or environment), a new
//! manual from `sotay init` builds as is, and sotay never replaces a folder it did not write.

mod common;

use std::path::Path;

use common::*;
use sotay::pipeline;

const QT07: &str = "content/procedures/QT-07.md";

fn break_qt07(root: &Path) {
    edit(root, QT07, "revision = 1\nissued", "revision = \"hai\"\nissued");
}

/// The outcome of a build whose stages ran (not one that found the output up to date).
fn ran(built: pipeline::Built) -> pipeline::Outcome {
    built.into_outcome().expect("the stages ran: the inputs changed")
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_failed_build_leaves_every_file_of_the_previous_output_unchanged() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let first = ran(pipeline::build(&options(manual.path()), &out, false, &|_| {}).unwrap());
    assert!(!first.failed(false), "{}", describe(&first.diagnostics));
    let before = read_tree(&out);
    assert!(before.contains_key("quy-trinh/qt-07/index.html") && before.len() > 20);

    break_qt07(manual.path());
    let second = ran(pipeline::build(&options(manual.path()), &out, false, &|_| {}).unwrap());
    assert!(second.failed(false), "the broken manual fails");
    assert_same_files(&before, &read_tree(&out), "the output before and after a failed build");
    // Beside the output: only the record of the inputs of the build that wrote it.
    assert_eq!(
        names(parent.path()),
        [".sotay-public.state", "public"],
        "no staging folder or lock is left beside the output"
    );
}

/// A build writes each page into its staging folder as soon as it renders: a template that
/// fails only on form pages fails the build after many other pages are already staged, and
/// still the output is as it was and the staging folder is gone.
#[test]
fn a_template_failing_on_some_pages_leaves_the_output_unchanged_and_no_staged_pages() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert!(!pipeline::build(&options(manual.path()), &out, false, &|_| {}).unwrap().failed(false));
    let before = read_tree(&out);
    let theme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/form.html"))
            .unwrap();
    let broken = theme.replace("{% endblock content %}", "{{ doc.form.no_such_field | round }}{% endblock content %}");
    assert_ne!(broken, theme, "the form template was changed");
    write(manual.path(), "templates/form.html", broken);
    // Other pages change too, so they are really written to the staging folder, not linked.
    edit(manual.path(), QT07, "thử nghiệm cho tổ chức.", "thử nghiệm cho tổ chức, bản sửa.");
    let outcome = ran(pipeline::build(&options(manual.path()), &out, false, &|_| {}).unwrap());
    assert!(outcome.failed(false), "the broken template fails the build");
    let template_errors = outcome.diagnostics.iter().filter(|d| d.code == "template-render").count();
    assert!(template_errors > 0, "{}", describe(&outcome.diagnostics));
    assert_eq!(outcome.diagnostics.errors(), template_errors, "only the template fails: the rest was rendered");
    assert_same_files(&before, &read_tree(&out), "the output before and after the failed build");
    assert_eq!(names(parent.path()), [".sotay-public.state", "public"], "no staging folder or lock is left");
}

#[test]
fn a_build_that_fails_only_on_warnings_with_strict_leaves_the_output_unchanged() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert!(!pipeline::build(&options(manual.path()), &out, true, &|_| {}).unwrap().failed(true));
    let before = read_tree(&out);
    // A link from a public document to an internal one is a warning only.
    edit(manual.path(), "content/policies/CSCL.md", "theo [[STCL]]", "theo [[BM-90-01]]");
    let outcome = ran(pipeline::build(&options(manual.path()), &out, true, &|_| {}).unwrap());
    assert!(!outcome.diagnostics.has_errors() && outcome.failed(true), "{}", describe(&outcome.diagnostics));
    assert_same_files(&before, &read_tree(&out), "the output before and after a strict failure");
    assert_eq!(names(parent.path()), [".sotay-public.state", "public"], "the pages staged for it are gone");
}

#[test]
fn a_successful_build_replaces_the_previous_output_whole() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    pipeline::build(&options(manual.path()), &out, false, &|_| {}).unwrap();
    assert!(out.join("trang/lien-he/index.html").is_file());
    std::fs::remove_file(manual.path().join("content/pages/lien-he.md")).unwrap();
    let outcome = ran(pipeline::build(&options(manual.path()), &out, false, &|_| {}).unwrap());
    assert!(!outcome.failed(false), "{}", describe(&outcome.diagnostics));
    assert!(!out.join("trang/lien-he").exists(), "the removed page's folder is gone");
    assert!(out.join("quy-trinh/qt-07/index.html").is_file());
}

#[test]
fn the_cli_exits_1_on_a_failed_build_and_says_the_output_was_left_unchanged() {
    let manual = copy_fixture("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let (root, out_arg) = (manual.path().to_str().unwrap(), out.to_str().unwrap());
    let ok = sotay_run(&["build", root, "--out", out_arg, "--date", DATE]);
    assert_eq!(exit_code(&ok), 0, "{}", show(&ok));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("Đã dựng "), "{}", show(&ok));
    let before = read_tree(&out);

    break_qt07(manual.path());
    let failed = sotay_run(&["build", root, "--out", out_arg, "--date", DATE]);
    assert_eq!(exit_code(&failed), 1, "{}", show(&failed));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    let summary = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or_default();
    assert!(summary.starts_with("Dựng không thành công"), "the last line is the summary: {summary}");
    assert!(summary.contains("giữ nguyên") && summary.contains(out_arg), "{summary}");
    assert!(stderr.contains("wrong-type") && stderr.contains(QT07), "the problem is printed: {stderr}");
    assert_same_files(&before, &read_tree(&out), "the output before and after a failed CLI build");
}

#[test]
fn a_manual_folder_that_does_not_exist_is_a_usage_error() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("khong-co");
    let out = parent.path().join("out");
    for args in [
        vec!["build", missing.to_str().unwrap(), "--out", out.to_str().unwrap()],
        vec!["check", missing.to_str().unwrap()],
    ] {
        let output = sotay_run(&args);
        assert_eq!(exit_code(&output), 2, "{args:?}: {}", show(&output));
        assert!(String::from_utf8_lossy(&output.stderr).contains("khong-co"), "the folder is named: {}", show(&output));
    }
    assert!(!out.exists(), "nothing is written");
    let bad_flag = sotay_run(&["build", "--no-such-flag"]);
    assert_eq!(exit_code(&bad_flag), 2, "{}", show(&bad_flag));
}

#[test]
fn init_creates_a_manual_that_builds_and_new_adds_a_document_that_checks() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("so-tay");
    let dir_arg = dir.to_str().unwrap();
    let init = sotay_run(&["init", dir_arg]);
    assert_eq!(exit_code(&init), 0, "{}", show(&init));

    let build = sotay_run(&["build", dir_arg]);
    assert_eq!(exit_code(&build), 0, "{}", show(&build));
    assert!(dir.join("public/index.html").is_file(), "the default output is DIR/public");
    assert!(dir.join("public/quy-trinh/qt-01/index.html").is_file());
    let strict = sotay_run(&["check", dir_arg, "--strict"]);
    assert_eq!(exit_code(&strict), 0, "a new manual has no warnings either: {}", show(&strict));

    let new = sotay().args(["new", "procedure", "QT-09", "Quy trình thử"]).current_dir(&dir).output().unwrap();
    assert_eq!(exit_code(&new), 0, "{}", show(&new));
    let created = dir.join("content/procedures/QT-09.md");
    let text = std::fs::read_to_string(&created).expect("sotay new creates content/procedures/QT-09.md");
    assert!(text.contains("title = \"Quy trình thử\"") && text.contains("code = \"QT-09\""), "{text}");
    let check = sotay_run(&["check", dir_arg]);
    assert_eq!(exit_code(&check), 0, "{}", show(&check));

    // The same code twice is refused, and the first file is kept.
    let again = sotay().args(["new", "procedure", "QT-09", "Khác"]).current_dir(&dir).output().unwrap();
    assert_eq!(exit_code(&again), 2, "{}", show(&again));
    assert_eq!(std::fs::read_to_string(&created).unwrap(), text);

    // init refuses a folder that is not empty.
    let reinit = sotay_run(&["init", dir_arg]);
    assert_eq!(exit_code(&reinit), 2, "{}", show(&reinit));
}

#[test]
fn build_refuses_an_out_folder_holding_files_it_did_not_write() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("tai-lieu");
    write(&out, "quan-trong.txt", "không được xóa");
    write(&out, "thu-muc/ghi-chu.md", "giữ lại");
    let before = read_tree(&out);
    let output = sotay_run(&["build", fixture("basic").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(exit_code(&output), 2, "{}", show(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("không do sotay ghi"), "{}", show(&output));
    assert_same_files(&before, &read_tree(&out), "the unrelated folder");
    assert_eq!(names(parent.path()), ["tai-lieu"], "nothing is left beside it");
}

#[test]
fn build_refuses_an_out_folder_inside_the_manual_sources() {
    let manual = copy_fixture("basic");
    let err = pipeline::build(&options(manual.path()), manual.path(), false, &|_| {})
        .expect_err("writing over the manual is refused");
    assert!(matches!(err, sotay::error::Error::OutputIsManual { .. }), "{err:?}");
    let err = pipeline::build(&options(manual.path()), &manual.path().join("content/xuat-ban"), false, &|_| {})
        .expect_err("writing into the sources is refused");
    assert!(matches!(err, sotay::error::Error::OutputInsideSources { .. }), "{err:?}");
    assert!(!manual.path().join("content/xuat-ban").exists());
    let output = sotay_run(&[
        "build",
        manual.path().to_str().unwrap(),
        "--out",
        manual.path().join("content/out").to_str().unwrap(),
    ]);
    assert_eq!(exit_code(&output), 2, "{}", show(&output));
}
