//! The site's search: the index the build writes (`tim-kiem/index.js`) and the search code the
//! theme ships (`search.js`), run together in node — the same code a browser runs — to check that
//! Vietnamese queries with or without diacritics find what they should, exact diacritics rank
//! higher, phrases work, snippets mark the match, and nothing unpublished is in the index.

mod common;
mod search_support;

use std::path::Path;
use std::process::Command;

use search_support::run_queries;

use common::*;
use serde_json::Value;

/// Runs `queries` against the site's index in node; per query, the results as JSON values
/// (`code`, `title`, `kind`, `url`, `snippet` with `[[marked]]` pieces).
fn search(site: &sotay::render::Site, queries: &[&str]) -> Vec<Vec<Value>> {
    run_queries(site, queries)
        .into_iter()
        .map(|answer| answer["results"].as_array().cloned().unwrap_or_default())
        .collect()
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
    // The procedure, its form, then the legal document about the same licence (issue 19: the
    // legal registry is searched too).
    assert_eq!(codes(&folded), ["QT-07", "BM-07-01", "12/2026/QĐ-UBND"], "{folded:#?}");
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
    assert_eq!(codes(&found), ["QT-07", "BM-07-01", "12/2026/QĐ-UBND"]);
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
    // Issue 19, item 7: the whole index of the example under 60 KB compressed, in one file.
    assert!(compressed < 60 * 1024, "the example's index is {compressed} bytes compressed");
    assert_eq!(site.files.keys().filter(|p| sotay::render::search::is_index_file(p)).count(), 1);
}

/// Issue 19, bad input: long queries, regex characters, HTML, lone surrogates and line
/// separators answer, quickly, and come back as text.
#[test]
fn bad_queries_answer_in_bounded_time_and_never_break_the_search() {
    let site = example_site();
    let long = "giấy phép ".repeat(100);
    let queries = serde_json::json!([
        long,
        "a".repeat(1000),
        "(.*+?[^$]\\ {1,99999} |()",
        "<img src=x onerror=alert(1)>",
        "\u{2028}giay\u{2029}phep\u{2028}",
        "\"",
        "\"\"\"giay",
        "constructor __proto__ toString",
        "",
        "   ",
    ]);
    // A lone surrogate cannot be a Rust string: it goes in as JSON escapes.
    let json = queries.to_string().replacen('[', "[\"\\ud800giay phep\\udc00\",\"x\\udfff\",", 1);
    let answers = search_support::run_json(&site, &json);
    assert_eq!(answers.len(), 12);
    for answer in &answers {
        let ms = answer["ms"].as_f64().expect("timed");
        assert!(ms < 1000.0, "a bad query took {ms} ms: {answer}");
        assert!(answer["results"].is_array(), "{answer}");
    }
    assert!(
        !answers[0]["results"].as_array().unwrap().is_empty(),
        "a lone surrogate does not hide the words around it"
    );
    assert!(
        !answers[2]["results"].as_array().unwrap().is_empty(),
        "a query of 1,000 characters still searches its start"
    );
    assert!(!answers[6]["results"].as_array().unwrap().is_empty(), "U+2028 separates words like a space");
    for i in [10, 11] {
        assert!(answers[i]["results"].as_array().unwrap().is_empty(), "an empty query finds nothing: {}", answers[i]);
    }
}

/// The page builds results with text nodes only: what a reader typed or the index holds can
/// never become markup.
#[test]
fn search_js_never_writes_html() {
    let js = search_support::SEARCH_JS;
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
        assert!(!js.contains(sink), "search.js uses {sink}");
    }
}

/// Issue 19, no dead ends: a search box on every page, a plain GET form to the search page.
#[test]
fn every_page_has_a_search_box_that_submits_to_the_search_page() {
    let site = example_site();
    for path in
        ["index.html", "quy-trinh/qt-07/index.html", "bieu-mau/index.html", "van-ban/116-2015-tt-btc/index.html"]
    {
        let html = page(&site, path);
        let form = html
            .select(&selector("header form[role=search]"))
            .next()
            .unwrap_or_else(|| panic!("{path} has no header search box"));
        assert_eq!(form.value().attr("method"), Some("get"), "{path}");
        assert!(
            form.value().attr("action").is_some_and(|a| a.ends_with("tim-kiem/")),
            "{path}: {:?}",
            form.value().attr("action")
        );
        let input = form.select(&selector("input[name=q]")).next().expect("a q box");
        let id = input.value().attr("id").expect("the box has an id");
        assert!(form.select(&selector(&format!("label[for={id}]"))).next().is_some(), "{path}: the box is labelled");
    }
    let home = page(&site, "index.html");
    let boxes = home.select(&selector("main form[role=search] input[name=q]")).count();
    assert_eq!(boxes, 1, "the home page has its own search box");
}

/// Issue 19, no dead ends: when nothing is found the page offers the procedure list by field
/// and the national public-service portal, and a line for "did you mean".
#[test]
fn the_search_page_offers_ways_on_when_nothing_is_found() {
    let site = example_site();
    let html = page(&site, "tim-kiem/index.html");
    let empty = html.select(&selector("#tim-kiem-khong-thay")).next().expect("the no-result block");
    let links: Vec<&str> = empty.select(&selector("a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(links.iter().any(|l| l.ends_with("quy-trinh/")), "{links:?}");
    assert!(links.contains(&"https://dichvucong.gov.vn/"), "{links:?}");
    assert!(html.select(&selector("#tim-kiem-goi-y a")).next().is_some(), "the did-you-mean line");
    let form = html.select(&selector("#tim-kiem-form")).next().unwrap();
    assert_eq!(form.value().attr("hidden"), None, "the form works without JavaScript too");
    assert_eq!(form.value().attr("method"), Some("get"));
}

#[test]
fn a_typo_finds_the_word_and_suggests_the_corrected_query() {
    let site = example_site();
    let answers = run_queries(&site, &["giay phep bux xa", "giay phep buc xa"]);
    assert_eq!(answers[0]["suggestion"], "giay phep buc xa", "{}", answers[0]);
    assert_eq!(answers[1]["suggestion"], Value::Null, "no suggestion without a typo");
    assert_eq!(answers[0]["results"][0]["code"], "QT-06", "{}", answers[0]);
}

#[test]
fn a_word_followed_by_a_space_is_whole_and_the_last_word_typed_may_be_a_prefix() {
    let site = example_site();
    let [whole, typing] = <[Vec<Value>; 2]>::try_from(search(&site, &["cấp chứng chỉ ", "hop qu"])).unwrap();
    assert!(!whole.is_empty());
    for r in &whole {
        let snippet = r["snippet"].as_str().unwrap_or_default();
        for marked in snippet.split("[[").skip(1).filter_map(|m| m.split("]]").next()) {
            let folded = sotay::vietnamese::fold_lower(marked);
            assert!(!folded.starts_with("chi") || folded == "chi", "\"chỉ\" marked inside {marked:?}: {r}");
        }
    }
    assert_eq!(codes(&typing)[0], "QT-11", "{typing:#?}");
}

/// Issue 19, item 7: a large index comes in parts, and a query loads only the parts it needs
/// and finds the same as it would in one file.
#[test]
fn a_large_index_is_loaded_in_parts_and_a_query_reads_few_of_them() {
    use sotay::render::search::docs::{Field, SearchDoc};
    let fields = ["An toàn bức xạ", "Hoạt động khoa học và công nghệ", "Tiêu chuẩn, Đo lường, Chất lượng"];
    let docs: Vec<SearchDoc> = (0..3000)
        .map(|i| {
            let code = format!("QT-{i:04}");
            let title = format!("Quy trình cấp giấy phép số {i} lĩnh vực {}", fields[i % 3]);
            SearchDoc {
                u: format!("quy-trinh/qt-{i:04}/"),
                k: "Quy trình".into(),
                c: Some(code.clone()),
                t: title.clone(),
                g: None,
                a: None,
                p: None,
                w: 10,
                x: vec![
                    (Field::Title, title),
                    (Field::Code, code),
                    (Field::TthcCode, format!("1.{:06}", 100_000 + i)),
                    (Field::Dossier, format!("Tờ khai mẫu {i} có chữ ký của người đề nghị")),
                ],
            }
        })
        .collect();
    let files = sotay::render::search::files::files(&docs, "tim-kiem/");
    assert!(files.len() > 20, "{} files", files.len());
    let back = sotay::render::search::files::read_docs("tim-kiem/", |p| {
        files.iter().find(|(path, _)| path == p).map(|(_, b)| b.clone())
    });
    assert_eq!(back.as_ref(), Some(&docs), "the portal reads the documents back from the parts");
    let answers = search_support::run_files(&files, r#"["QT-1234", "1100042", "giay phep 2999", "gaiy phep 17"]"#);
    let first = |i: usize| answers[i]["results"][0]["code"].as_str().unwrap_or_default().to_owned();
    assert_eq!(first(0), "QT-1234", "{}", answers[0]);
    assert_eq!(first(1), "QT-0042", "{}", answers[1]);
    assert_eq!(first(2), "QT-2999", "{}", answers[2]);
    assert_eq!(first(3), "QT-0017", "a typo in a large index: {}", answers[3]);
    assert_eq!(answers[3]["suggestion"], "giay phep 17");
    for answer in &answers {
        let loaded = answer["loaded"].as_array().unwrap().len();
        assert!(loaded < files.len() / 2, "a query loads {loaded} of {} files", files.len());
    }
}
