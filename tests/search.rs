//! The site's search: the index the build writes (`tim-kiem/index.js`) and the search code the
//! theme ships (`search.js`), run together in node — the same code a browser runs — to check that
//! Vietnamese queries with or without diacritics find what they should, exact diacritics rank
//! higher, phrases work, snippets mark the match, and nothing unpublished is in the index.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

const SEARCH_JS: &str = include_str!("../themes/default/static/search.js");

/// Runs `queries` against the site's index in node; per query, the results as JSON values
/// (`code`, `title`, `kind`, `url`, `snippet` with `[[marked]]` pieces).
fn search(site: &sotay::render::Site, queries: &[&str]) -> Vec<Vec<Value>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.js"), bytes(site, "tim-kiem/index.js")).unwrap();
    std::fs::write(dir.path().join("search.js"), SEARCH_JS).unwrap();
    let harness = r#"
        const fs = require("fs");
        globalThis.window = globalThis;
        eval(fs.readFileSync(process.argv[1] + "/index.js", "utf8"));
        eval(fs.readFileSync(process.argv[1] + "/search.js", "utf8"));
        const queries = JSON.parse(process.argv[2]);
        const out = queries.map(q => SotaySearch.search(window.SOTAY_SEARCH_INDEX, q, 50).map(r => ({
            code: r.doc.c || null, title: r.doc.t, kind: r.doc.k, url: r.doc.u,
            snippet: r.snippet ? r.snippet.map(p => p.mark ? "[[" + p.text + "]]" : p.text).join("") : null,
        })));
        process.stdout.write(JSON.stringify(out));
    "#;
    let output = Command::new("node")
        .arg("-e")
        .arg(harness)
        .arg(dir.path())
        .arg(serde_json::to_string(queries).unwrap())
        .output()
        .expect("run node (the search tests need Node.js; .ci/run installs it)");
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    let results: Vec<Vec<Value>> = serde_json::from_slice(&output.stdout).unwrap();
    results
}

fn codes(results: &[Value]) -> Vec<String> {
    results.iter().map(|r| r["code"].as_str().unwrap_or("").to_owned()).collect()
}

fn example_site() -> sotay::render::Site {
    clean_site(run_public(Path::new(&content_example())))
}

#[test]
fn giay_phep_without_diacritics_finds_giay_phep() {
    let site = clean_site(run_public(&fixture("basic")));
    let [folded, exact] = <[Vec<Value>; 2]>::try_from(search(&site, &["giay phep", "giấy phép"])).unwrap();
    assert_eq!(codes(&folded), ["QT-07", "BM-07-01"], "{folded:#?}");
    assert_eq!(codes(&exact), codes(&folded));
}

#[test]
fn quyet_dinh_folds_d_stroke_and_marks_the_match_in_the_snippet() {
    let site = clean_site(run_public(&fixture("basic")));
    let results = search(&site, &["quyet dinh"]).remove(0);
    let qt07 = results.iter().find(|r| r["code"] == "QT-07").expect("QT-07's dossier names a quyết định");
    assert!(qt07["snippet"].as_str().unwrap().contains("[[quyết]] [[định]]"), "{qt07}");
}

#[test]
fn dieu_4_finds_documents_citing_dieu_4_and_not_45() {
    let site = example_site();
    let results = search(&site, &["dieu 4"]).remove(0);
    assert!(!results.is_empty());
    for r in &results {
        let shown = r.to_string().replace("[[", "").replace("]]", "");
        assert!(shown.contains("Điều 4"), "every result shows Điều 4, not 45: {r}");
    }
}

#[test]
fn exact_diacritics_rank_higher_than_folded_matches() {
    let dir = copy_fixture("basic");
    write(dir.path(), "content/pages/ban-hang.md", "+++\ntitle = \"Bán hàng lưu động\"\n+++\n\nNội dung.\n");
    write(dir.path(), "content/pages/ban-ghe.md", "+++\ntitle = \"Bàn hàng lưu động\"\n+++\n\nNội dung.\n");
    let site = run_public(dir.path()).site.expect("the site builds");
    let [sell, table, folded] =
        <[Vec<Value>; 3]>::try_from(search(&site, &["bán hàng", "bàn hàng", "ban hang"])).unwrap();
    let titles = |results: &[Value]| -> Vec<String> {
        results.iter().map(|r| r["title"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(titles(&sell), ["Bán hàng lưu động", "Bàn hàng lưu động"]);
    assert_eq!(titles(&table), ["Bàn hàng lưu động", "Bán hàng lưu động"]);
    assert_eq!(folded.len(), 2, "without diacritics both match");
}

#[test]
fn a_quoted_phrase_must_appear_whole() {
    let site = clean_site(run_public(&fixture("basic")));
    let [words, phrase] = <[Vec<Value>; 2]>::try_from(search(&site, &["giay thu", "\"giay thu\""])).unwrap();
    assert!(!words.is_empty(), "both words occur in QT-07");
    assert!(phrase.is_empty(), "but never side by side: {phrase:#?}");
    let found = search(&site, &["\"giay phep thu nghiem\""]).remove(0);
    assert_eq!(codes(&found), ["QT-07", "BM-07-01"]);
}

#[test]
fn codes_tthc_codes_and_legal_numbers_are_found() {
    let site = clean_site(run_public(&fixture("basic")));
    let [code, tthc, legal] =
        <[Vec<Value>; 3]>::try_from(search(&site, &["qt-07", "1.009999", "19/2014/QD-TTg"])).unwrap();
    assert_eq!(codes(&code)[0], "QT-07");
    assert_eq!(codes(&tthc), ["QT-07"]);
    assert!(codes(&legal).contains(&"QT-07".to_owned()), "{legal:#?}");
    assert_eq!(code[0]["url"], "quy-trinh/qt-07/", "site paths, made relative by the page");
}

#[test]
fn the_index_holds_nothing_unpublished() {
    let site = clean_site(run_public(&fixture("basic")));
    let index = bytes(&site, "tim-kiem/index.js");
    for marker in [CANARY, DRAFT_MARKER, "QT-08", "BM-90-01"] {
        assert!(!contains_bytes(&index, marker), "the index holds {marker}");
    }
    let internal = run(&internal_options(&fixture("basic"))).site.unwrap();
    assert!(contains_bytes(&bytes(&internal, "tim-kiem/index.js"), "QT-08"), "internal builds search everything");
}

#[test]
fn the_search_page_loads_its_script_and_index_relatively_and_says_what_it_needs() {
    let site = clean_site(run_public(&fixture("basic")));
    let html = page(&site, "tim-kiem/index.html");
    let script = html.select(&selector("script[src]")).next().expect("the search script");
    let src = script.value().attr("src").unwrap();
    assert!(src.starts_with("../assets/search.") && src.ends_with(".js"), "{src}");
    assert!(site.files.contains_key(src.trim_start_matches("../")));
    let form = html.select(&selector("form[role=search]")).next().unwrap();
    assert_eq!(form.value().attr("data-index"), Some("index.js"));
    assert!(html.select(&selector("label[for=tim-kiem-q]")).next().is_some(), "the box is labelled");
    assert!(text_of(&html, "noscript").contains("JavaScript"));
}

#[test]
fn the_example_index_is_small() {
    let site = example_site();
    let index = bytes(&site, "tim-kiem/index.js");
    let compressed = {
        use std::io::Write;
        let mut gz = Command::new("gzip")
            .arg("-9c")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        gz.stdin.take().unwrap().write_all(&index).unwrap();
        gz.wait_with_output().unwrap().stdout.len()
    };
    assert!(compressed < 200 * 1024, "the example's index is {compressed} bytes compressed");
}
