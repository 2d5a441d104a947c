//! Reproducible builds (issue 8 item 7): `SOURCE_DATE_EPOCH` is the build date when `--date` is
//! not given, and the same manual copied into two different folders builds to identical bytes.

mod common;

use std::path::Path;

use common::*;

/// 2026-11-22T00:00:00Z, the day [`DATE`] names.
const EPOCH: &str = "1795305600";

fn build_with_epoch(manual: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    let output = sotay().args(&args).env("SOURCE_DATE_EPOCH", EPOCH).output().unwrap();
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
}

fn build_date(out: &Path) -> String {
    let api: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("api/index.json")).unwrap()).unwrap();
    api["site"]["build_date"].as_str().unwrap_or_else(|| panic!("no build_date in {api}")).to_owned()
}

#[test]
fn the_same_manual_in_two_folders_builds_to_the_same_bytes() {
    let (a, b) = (copy_fixture("basic"), copy_fixture("basic"));
    let outs = tempfile::tempdir().unwrap();
    build_with_epoch(a.path(), &outs.path().join("a"), &[]);
    build_with_epoch(b.path(), &outs.path().join("b"), &[]);
    let (first, second) = (read_tree(&outs.path().join("a")), read_tree(&outs.path().join("b")));
    assert!(first.len() > 20, "{} files", first.len());
    assert_same_files(&first, &second, "two folders, one manual");
    for (path, bytes) in &first {
        for folder in [a.path(), b.path(), outs.path()] {
            assert!(!contains_bytes(bytes, folder.to_str().unwrap()), "{path} names the folder {}", folder.display());
        }
    }
}

#[test]
fn source_date_epoch_is_the_build_date_unless_date_is_given() {
    let manual = copy_fixture("basic");
    let outs = tempfile::tempdir().unwrap();
    build_with_epoch(manual.path(), &outs.path().join("epoch"), &[]);
    assert_eq!(build_date(&outs.path().join("epoch")), "2026-11-22");
    build_with_epoch(manual.path(), &outs.path().join("given"), &["--date", "2026-12-01"]);
    assert_eq!(build_date(&outs.path().join("given")), "2026-12-01", "--date wins");
}

#[test]
fn an_invalid_source_date_epoch_is_a_usage_error() {
    let manual = copy_fixture("basic");
    let out = manual.path().join("public");
    let output = sotay()
        .args(["build", manual.path().to_str().unwrap(), "--out", out.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "hôm qua")
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2, "{}", show(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("SOURCE_DATE_EPOCH=hôm qua không phải số giây nguyên"),
        "{}",
        show(&output)
    );
    assert!(!out.exists(), "nothing is built");
}
