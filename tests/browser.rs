//! The example site in real headless Chromium (tests/browser/run.mjs, with playwright-core and
//! axe-core from tests/browser/node_modules): search with and without diacritics, keyboard-only
//! search, zero axe-core WCAG 2.1 AA violations on a page of each kind, screenshots on a phone
//! and a desktop (saved under target/browser-artifacts/), and every page readable with
//! JavaScript off. The site is published under a sub-path (`/iso/`).
//!
//! The test sets up what it needs (issue 20, item 6): it runs `npm ci --prefix tests/browser`
//! itself when node_modules is missing and npm is there, so `cargo test --all-targets` works on a
//! fresh clone. When Node.js, npm, Chromium or python3 is truly absent it fails under CI (`CI`
//! set to `true` or `1`), and elsewhere prints a `SKIPPED` line naming what to install — never a
//! silent pass.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

struct StaticServer(std::process::Child);

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Python's static file server over `dir` on a free loopback port.
fn serve(dir: &Path) -> (StaticServer, u16) {
    let mut child = Command::new("python3")
        .args(["-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start python3 -m http.server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.split(" port ").nth(1).and_then(|r| r.split_whitespace().next()).and_then(|p| p.parse().ok());
    (StaticServer(child), port.unwrap_or_else(|| panic!("no port in {line:?}")))
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Whether `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Chromium: `$CHROMIUM` when set (run.mjs reads it too), else Debian's, else one on the PATH.
fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        return path.exists().then_some(path);
    }
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    std::iter::once(PathBuf::from("/usr/bin/chromium"))
        .chain(on_path.flat_map(|dir| [dir.join("chromium"), dir.join("chromium-browser")]))
        .find(|path| path.is_file())
}

/// playwright-core and axe-core in tests/browser/node_modules, installed from the lock file with
/// `npm ci` when missing. `Err` names what is missing and how to install it.
fn node_modules() -> Result<(), String> {
    let installed =
        || ["playwright-core", "axe-core"].iter().all(|m| browser_dir().join("node_modules").join(m).is_dir());
    if installed() {
        return Ok(());
    }
    if !runs("npm") {
        return Err("npm, to install tests/browser/node_modules (`apt-get install npm`)".into());
    }
    eprintln!("browser test: running `npm ci --prefix tests/browser` (node_modules is missing)");
    let npm = Command::new("npm")
        .args(["ci", "--prefix"])
        .arg(browser_dir())
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .output()
        .map_err(|e| format!("npm ci could not start: {e}"))?;
    if !npm.status.success() || !installed() {
        return Err(format!(
            "playwright-core and axe-core: `npm ci --prefix tests/browser` failed: {}",
            String::from_utf8_lossy(&npm.stderr)
        ));
    }
    Ok(())
}

/// What the test needs: Chromium's path, or what is missing and how to install it.
fn setup() -> Result<PathBuf, Vec<String>> {
    let mut missing = Vec::new();
    if !runs("node") {
        missing.push("Node.js (`apt-get install nodejs`)".to_owned());
    }
    if !runs("python3") {
        missing.push("python3, to serve the site (`apt-get install python3`)".to_owned());
    }
    let chromium = find_chromium();
    if chromium.is_none() {
        missing.push("Chromium (`apt-get install chromium`, or set CHROMIUM to its path)".to_owned());
    }
    if let Err(problem) = node_modules() {
        missing.push(problem);
    }
    match chromium {
        Some(path) if missing.is_empty() => Ok(path),
        _ => Err(missing),
    }
}

/// Under CI a missing tool fails the test; elsewhere the test is skipped with a line written
/// straight to the terminal (past the test harness's capture), so the skip is seen.
fn skip_or_fail(missing: &[String]) {
    let what = missing.join("; ");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "the browser test needs: {what} (.ci/run installs them)");
    let line = format!(
        "\nSKIPPED the_example_site_works_in_a_real_browser: it needs {what}; install them or run .ci/run \
         (under CI=true this fails)\n"
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}

#[test]
fn the_example_site_works_in_a_real_browser() {
    let chromium = match setup() {
        Ok(path) => path,
        Err(missing) => return skip_or_fail(&missing),
    };
    let outcome = run_with_notes(&options(&content_example()));
    let has_history = !outcome.diagnostics.iter().any(|d| d.code == "no-history" || d.code == "shallow-history");
    let site = outcome.site.expect("the example renders");
    let root = tempfile::tempdir().unwrap();
    sotay::write::write_site(&site, &root.path().join("iso")).expect("write the site");
    let (_server, port) = serve(root.path());

    let mut pages = vec![
        "",
        "quy-trinh/",
        "quy-trinh/qt-07/",
        // QT-06: one card for three methods, fee lines per case (issue 18).
        "quy-trinh/qt-06/",
        "bieu-mau/bm-07-01/",
        "van-ban/19-2014-qd-ttg/",
        "tim-kiem/",
        // The English translation of QT-07 and the index of translations.
        "en/quy-trinh/qt-07/",
        "en/",
    ];
    if has_history {
        pages.push("quy-trinh/qt-07/so-sanh/lan-03-lan-04/");
    }
    for page in &pages {
        assert!(site.files.contains_key(&format!("{page}index.html")), "the example has /{page}");
    }
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-artifacts");
    let output = Command::new("node")
        .env("CHROMIUM", &chromium)
        .arg(browser_dir().join("run.mjs"))
        .arg(format!("http://127.0.0.1:{port}/iso/"))
        .arg(&artifacts)
        .arg(serde_json::to_string(&pages).unwrap())
        .output()
        .expect("run node");
    assert!(output.status.success(), "the browser run failed: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();

    let giay_phep = report["search"]["giay phep"].as_array().unwrap();
    assert!(giay_phep.iter().any(|r| r["link"].as_str().unwrap().contains("giấy phép")), "{giay_phep:#?}");
    assert!(giay_phep
        .iter()
        .all(|r| r["href"].as_str().unwrap().starts_with(&format!("http://127.0.0.1:{port}/iso/"))));
    let marked: Vec<&str> =
        giay_phep.iter().flat_map(|r| r["marked"].as_array().unwrap()).filter_map(Value::as_str).collect();
    assert!(marked.iter().any(|m| m.eq_ignore_ascii_case("giấy")), "{marked:?}");
    let quyet_dinh = report["search"]["quyet dinh"].as_array().unwrap();
    assert!(quyet_dinh
        .iter()
        .any(|r| r["marked"].to_string().contains("quyết") || r["marked"].to_string().contains("Quyết")));

    let keyboard = &report["keyboard"];
    assert_eq!(keyboard["reachedSearch"], true, "Tab reaches the header's search box: {keyboard}");
    assert_eq!(keyboard["reachedBox"], true, "{keyboard}");
    assert_eq!(keyboard["reachedResult"], true, "{keyboard}");
    assert_eq!(keyboard["focusVisible"], true, "the focused result shows an outline: {keyboard}");
    assert!(keyboard["opened"].as_str().is_some_and(|p| p.starts_with("/iso/")), "Enter opens a result: {keyboard}");

    // Issue 19: a query with no result offers the procedure list and the national portal; a query
    // of markup stays text.
    let leads_on = report["noResult"].to_string();
    assert!(leads_on.contains("quy-trinh/") && leads_on.contains("https://dichvucong.gov.vn/"), "{leads_on}");
    let bad = &report["badInput"];
    assert_eq!(bad["images"], 0, "{bad}");
    assert_eq!(bad["injected"], false, "{bad}");
    assert!(bad["status"].as_str().is_some_and(|s| s.contains("<img")), "the query is shown as text: {bad}");

    for page in &pages {
        let violations = &report["axe"][*page];
        assert_eq!(violations.as_array().map(Vec::len), Some(0), "axe on /{page}: {violations:#}");
        let without_js = &report["noscript"][*page];
        assert!(without_js["h1"].as_str().is_some_and(|h| !h.is_empty()), "/{page} without JavaScript: {without_js}");
        assert!(without_js["mainText"].as_u64().unwrap_or(0) > 50, "/{page} without JavaScript: {without_js}");
    }
    // Issue 18: on a phone, the time limit, fee, place to submit, checklist and application form
    // download of QT-07, QT-15 and QT-06 (written from real national records) are within the
    // first 1.5 screens. QT-06 (two cases, three methods) gets there because methods with the same
    // limit and fees share one card and a fee every case pays is said once (measured 2026-12:
    // 0.68 / 0.81 / 1.00 / 1.30 / 1.45; before, with a card per method: where 1.97, checklist
    // 2.28, download 2.43).
    // No table is wider than the screen unless it sits in a wrapper that says it scrolls.
    for code in ["qt-07", "qt-15", "qt-06"] {
        let phone = &report["phones"][code];
        for part in ["timeLimit", "fee", "where", "checklist", "download"] {
            let screens = phone[part].as_f64().unwrap_or_else(|| panic!("{code} shows no {part} on a phone: {phone}"));
            assert!(screens < 1.5, "{code}'s {part} is {screens} screens down on a phone: {phone}");
        }
        assert_eq!(phone["pageScrollsSideways"], false, "{phone}");
        let tables = phone["tables"].as_array().expect("the tables of the page");
        assert!(tables.len() >= 4, "methods, dossier, steps, records: {phone}");
        for table in tables {
            assert!(table["fits"] == true || (table["scrolls"] == true && table["saysSo"] == true), "{table}");
        }
        eprintln!("{code} on a phone, in screens from the top: {phone}");
    }
    let shots: Vec<&str> = report["screenshots"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(shots.len(), 6, "home, QT-07 and the no-result page, on a phone and a desktop");
    for shot in shots {
        let bytes = std::fs::read(shot).unwrap_or_else(|e| panic!("{shot}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG"), "{shot} is a PNG");
    }
}
