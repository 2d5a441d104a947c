//! Precompressed output (issue 25): `[site] precompress` and `sotay build --precompress` write
//! `.gz` and `.br` copies beside each text file, which decode to the file, are listed in the
//! manifest, are the same bytes on every build and at any thread count, and are left out for
//! binary files; a misspelt encoding is an error at its place in sotay.toml.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::*;

fn build(manual: &Path, out: &Path, extra: &[&str], threads: Option<&str>) -> std::process::Output {
    let mut command = sotay();
    command.args(["build", manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", DATE]);
    command.args(extra);
    if let Some(threads) = threads {
        command.env("RAYON_NUM_THREADS", threads);
    }
    command.output().unwrap()
}

fn decode(path: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    } else {
        brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).unwrap();
    }
    out
}

fn manifest_files(out: &Path) -> BTreeMap<String, String> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    files.iter().map(|f| (f["path"].as_str().unwrap().to_owned(), f["sha256"].as_str().unwrap().to_owned())).collect()
}

#[test]
fn the_flag_writes_gz_and_br_beside_text_files_that_decode_to_them_and_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let built = build(&content_example(), &out, &["--precompress", "gzip,br"], None);
    assert!(built.status.success(), "{}", show(&built));
    let files = read_tree(&out);
    let listed = manifest_files(&out);
    let copies: Vec<&String> = files.keys().filter(|p| p.ends_with(".gz") || p.ends_with(".br")).collect();
    assert!(copies.len() > 100, "the example's pages, assets and JSON get copies: {}", copies.len());
    for copy in &copies {
        let original = &copy[..copy.len() - 3];
        assert_eq!(decode(copy, &files[*copy]), files[original], "{copy} decodes to {original}");
        assert!(files[*copy].len() < files[original].len(), "{copy} is smaller than {original}");
        assert!(listed.contains_key(*copy), "{copy} is in the manifest");
    }
    for page in ["index.html", "quy-trinh/qt-07/index.html", "api/index.json", "sitemap.xml", "404.html"] {
        for ext in ["gz", "br"] {
            assert!(files.contains_key(&format!("{page}.{ext}")), "{page}.{ext}");
        }
    }
    let css = files.keys().find(|p| p.starts_with("assets/style.") && p.ends_with(".css")).unwrap();
    assert!(files.contains_key(&format!("{css}.br")), "the hashed stylesheet has a .br");
    let binaries = files.keys().filter(|p| [".pdf", ".docx", ".xlsx", ".png"].iter().any(|e| p.ends_with(e)));
    for binary in binaries {
        assert!(!files.contains_key(&format!("{binary}.gz")), "{binary} is compressed already");
    }
    assert!(!files.contains_key("manifest.json.gz"), "the manifest lists every file but itself");
}

#[test]
fn precompressed_builds_are_the_same_bytes_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (one, many) = (dir.path().join("one"), dir.path().join("many"));
    let built = build(&content_example(), &one, &["--precompress", "gzip,br", "--quiet"], Some("1"));
    assert!(built.status.success(), "{}", show(&built));
    let built = build(&content_example(), &many, &["--precompress", "gzip,br", "--quiet"], Some("4"));
    assert!(built.status.success(), "{}", show(&built));
    let (one, many) = (read_tree(&one), read_tree(&many));
    assert!(one.keys().any(|p| p.ends_with(".br")));
    assert_same_files(&one, &many, "one thread and four");
}

#[test]
fn sotay_toml_asks_for_copies_the_flag_replaces_it_and_a_changed_choice_is_built_again() {
    let manual = copy_fixture("basic");
    edit(manual.path(), "sotay.toml", "language = \"vi\"\n", "language = \"vi\"\nprecompress = [\"gzip\"]\n");
    let out = manual.path().join("public");
    let built = build(manual.path(), &out, &[], None);
    assert!(built.status.success(), "{}", show(&built));
    assert!(out.join("index.html.gz").is_file() && !out.join("index.html.br").exists());
    let built = build(manual.path(), &out, &["--precompress", "br"], None);
    assert!(built.status.success(), "{}", show(&built));
    assert!(!String::from_utf8_lossy(&built.stderr).contains("Up to date"), "another choice is another build");
    assert!(out.join("index.html.br").is_file() && !out.join("index.html.gz").exists());
    let built = build(manual.path(), &out, &["--precompress", "none"], None);
    assert!(built.status.success(), "{}", show(&built));
    let left: Vec<String> = read_tree(&out).into_keys().filter(|p| p.ends_with(".gz") || p.ends_with(".br")).collect();
    assert!(left.is_empty(), "--precompress none writes no copies: {left:?}");
}

#[test]
fn a_misspelt_encoding_is_an_error_at_its_place_in_sotay_toml() {
    let manual = copy_fixture("basic");
    edit(
        manual.path(),
        "sotay.toml",
        "language = \"vi\"\n",
        "language = \"vi\"\nprecompress = [\"gzip\", \"brotli\"]\n",
    );
    let checked = sotay().args(["check", manual.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(exit_code(&checked), 1, "{}", show(&checked));
    let stderr = String::from_utf8_lossy(&checked.stderr);
    let (line, _) = position(&std::fs::read_to_string(manual.path().join("sotay.toml")).unwrap(), "\"brotli\"");
    assert!(stderr.contains(&format!("sotay.toml:{line}:")), "{stderr}");
    assert!(stderr.contains("\"brotli\" không phải là một kiểu nén"), "{stderr}");
    assert!(stderr.contains("\"br\""), "the help names the right spelling: {stderr}");
}
