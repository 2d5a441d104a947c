//! Path safety (issue 8 item 3): attachments, static files, template overrides and theme names
//! cannot reach outside the manual folder (`..`, absolute paths, symbolic links) — each is an
//! error at its position — and nothing is ever written outside `--out`, whatever the codes and
//! file names.

mod common;

use std::os::unix::fs::symlink;

use common::*;
use sotay::render::{Output, Site};

const FORM: &str = "content/forms/BM-07-01.md";

fn one_error(root: &std::path::Path, code: &str) -> sotay::diagnostic::Diagnostic {
    let diagnostics = check_public(root);
    let found = with_code(&diagnostics, code);
    assert_eq!(found.len(), 1, "{}", describe(&diagnostics));
    assert_eq!(found[0].severity, sotay::diagnostic::Severity::Error);
    found[0].clone()
}

#[test]
fn an_attachment_with_a_folder_or_an_absolute_path_is_an_error_at_its_position() {
    for name in ["../../sotay.toml", "/etc/passwd", "../BM-07-01.pdf", "sub/../BM-07-01.pdf"] {
        let dir = copy_fixture("basic");
        edit(dir.path(), FORM, "files = [\"BM-07-01.pdf\"]", &format!("files = [\"{name}\"]"));
        let d = one_error(dir.path(), "missing-attachment");
        let text = std::fs::read_to_string(dir.path().join(FORM)).unwrap();
        let (line, column) = position(&text, &format!("\"{name}\""));
        assert_eq!((file_of(&d).as_str(), d.loc.line, d.loc.column), (FORM, line, column), "{name}");
        assert!(
            d.to_string().contains(name) && one_line(&d).contains("chỉ tên tệp, không có thư mục"),
            "{}",
            one_line(&d)
        );
    }
}

#[test]
fn symbolic_links_out_of_the_manual_are_errors_and_unpublished() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "BI-MAT-NGOAI-99").unwrap();
    std::fs::write(outside.path().join("procedure.html"), "BI-MAT-NGOAI-99").unwrap();
    for (link, target) in [
        ("static/secret.txt", "secret.txt"),
        ("templates/procedure.html", "procedure.html"),
        ("content/forms/secret.pdf", "secret.txt"),
    ] {
        let dir = copy_fixture("basic");
        std::fs::create_dir_all(dir.path().join(link).parent().unwrap()).unwrap();
        symlink(outside.path().join(target), dir.path().join(link)).unwrap();
        let d = one_error(dir.path(), "outside-manual");
        assert_eq!(file_of(&d), link);
        assert!(one_line(&d).contains("chép tệp vào sổ tay"), "{}", one_line(&d));
        let outcome = run_public(dir.path());
        if let Some(site) = outcome.site {
            let leaks: Vec<_> = all_bytes(&site)
                .into_iter()
                .filter(|(_, b)| contains_bytes(b, "BI-MAT-NGOAI-99"))
                .map(|(p, _)| p)
                .collect();
            assert!(leaks.is_empty(), "{link}: {leaks:?}");
        }
    }
}

#[test]
fn a_theme_name_with_a_folder_is_an_error_at_the_setting() {
    for theme in ["../../etc", "/etc", "a/b"] {
        let dir = copy_fixture("basic");
        edit(dir.path(), "sotay.toml", "language = \"vi\"", &format!("language = \"vi\"\ntheme = \"{theme}\""));
        let d = one_error(dir.path(), "unknown-theme");
        let text = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
        let (line, column) = position(&text, &format!("\"{theme}\""));
        assert_eq!((file_of(&d).as_str(), d.loc.line, d.loc.column), ("sotay.toml", line, column), "{theme}");
    }
}

#[test]
fn codes_with_dots_and_slashes_stay_inside_the_output() {
    let dir = copy_fixture("basic");
    edit(dir.path(), "content/procedures/QT-07.md", "code = \"QT-07\"", "code = \"../../QT/07\"");
    edit(dir.path(), "content/forms/BM-07-01.md", "[[QT-07]]", "[[../../QT/07]]");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let built = sotay::pipeline::build(&options(dir.path()), &out, false, &|_| {}).unwrap();
    let outcome = built.into_outcome().expect("a first build runs the stages");
    let site = outcome.site.as_ref().expect("a site");
    for path in site.files.keys() {
        assert!(!path.split('/').any(|part| part == ".." || part == "." || part.is_empty()), "{path}");
    }
    let names: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != ".sotay-public.state")
        .collect();
    assert_eq!(names, ["public"], "nothing beside the output but the record of its build's inputs");
}

#[test]
fn write_site_refuses_an_output_path_that_leaves_the_folder() {
    for bad in ["../escape.txt", "a/../../escape.txt", "/etc/escape.txt", "a//b.txt", "a\\..\\escape.txt", "./x"] {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        let mut site = Site::default();
        site.files.insert("index.html".into(), Output::Bytes(b"ok".to_vec().into()));
        site.files.insert(bad.into(), Output::Bytes(b"escaped".to_vec().into()));
        let err = sotay::write::write_site(&site, &out).unwrap_err();
        assert!(err.to_string().contains("refusing to write the unsafe output path"), "{bad}: {err}");
        let names: Vec<_> = std::fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.is_empty(), "{bad}: nothing is written, not even the output: {names:?}");
    }
}
