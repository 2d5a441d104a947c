//! Runs the site's real search in Node.js: the index files a build wrote (`tim-kiem/*.js`) and the
//! theme's `search.js`, loaded the way a browser loads them (the manifest, then the parts a query
//! needs), so the tests measure what a reader gets.

#![allow(dead_code)] // each test uses part of the support.

use std::process::Command;

use serde_json::Value;

pub const SEARCH_JS: &str = include_str!("../../themes/default/static/search.js");

/// The node program: argv[1] the folder of the index's files and search.js, argv[2] the queries
/// as JSON. Prints, per query, `{results: [{code, title, kind, url, snippet}], suggestion, loaded}`
/// (`loaded`: the index files read; `ms`: how long the query took).
const HARNESS: &str = r#"
    const fs = require("fs");
    const dir = process.argv[1];
    globalThis.window = globalThis;
    eval(fs.readFileSync(dir + "/search.js", "utf8"));
    eval(fs.readFileSync(dir + "/index.js", "utf8"));
    const queries = JSON.parse(process.argv[2]);
    const out = [];
    for (const q of queries) {
        const loaded = ["index.js"];
        window.SOTAY_SEARCH_PARTS = {};
        const searcher = SotaySearch.open(window.SOTAY_SEARCH_INDEX, (name, done) => {
            loaded.push(name + ".js");
            let data = null;
            try { eval(fs.readFileSync(dir + "/" + name + ".js", "utf8")); data = window.SOTAY_SEARCH_PARTS[name]; } catch (e) {}
            done(data);
        });
        let answer = null;
        const started = performance.now();
        searcher.query(q, 50, a => { answer = a; });
        const ms = performance.now() - started;
        if (!answer) { throw new Error("no synchronous answer for " + JSON.stringify(q)); }
        out.push({
            suggestion: answer.suggestion, loaded, ms,
            results: answer.results.map(r => ({
                code: r.doc.c || null, title: r.doc.t, kind: r.doc.k, url: r.doc.u,
                snippet: r.snippet ? r.snippet.map(p => p.mark ? "[[" + p.text + "]]" : p.text).join("") : null,
            })),
        });
    }
    process.stdout.write(JSON.stringify(out));
"#;

/// Writes the site's index files and search.js into a temporary folder and runs `queries`.
pub fn run_queries(site: &sotay::render::Site, queries: &[&str]) -> Vec<Value> {
    run_json(site, &serde_json::to_string(queries).expect("queries serialise"))
}

/// [`run_queries`] with the queries as a JSON array written by hand, so a test can send what no
/// Rust string holds (a lone surrogate, `"\ud800"`).
pub fn run_json(site: &sotay::render::Site, queries: &str) -> Vec<Value> {
    let files: Vec<(String, Vec<u8>)> = site
        .files
        .keys()
        .filter(|p| sotay::render::search::is_index_file(p))
        .map(|p| (p.clone(), crate::common::bytes(site, p)))
        .collect();
    run_files(&files, queries)
}

/// [`run_json`] on index files given by their site paths (`tim-kiem/index.js`, …).
pub fn run_files(files: &[(String, Vec<u8>)], queries: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, bytes) in files {
        let name = path.trim_start_matches(sotay::render::search::FOLDER);
        std::fs::write(dir.path().join(name), bytes).expect("write an index file");
    }
    assert!(!files.is_empty(), "the site has no search index");
    std::fs::write(dir.path().join("search.js"), SEARCH_JS).expect("write search.js");
    let output = Command::new("node")
        .arg("-e")
        .arg(HARNESS)
        .arg(dir.path())
        .arg(queries)
        .output()
        .expect("run node (the search tests need Node.js; .ci/run installs it)");
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("node printed JSON")
}

/// What identifies a result in the query set: its code (a legal document's number), else its URL.
pub fn id(result: &Value) -> String {
    match result["code"].as_str() {
        Some(code) => code.to_owned(),
        None => result["url"].as_str().unwrap_or_default().to_owned(),
    }
}
