//! Helpers shared by the integration tests: fixtures, builds with a fixed date, reading every
//! output file as bytes, parsing HTML, and running the real `sotay` binary.
//!
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output as ProcessOutput, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};
use sotay::diagnostic::{Diagnostic, Diagnostics};
use sotay::model::{Audience, Date};
use sotay::pipeline::{self, BuildOptions, Outcome};
use sotay::render::{Output, Site};
use tempfile::TempDir;

/// The build date every test uses, so output never depends on the day the suite runs.
pub const DATE: &str = "2026-11-22";

/// The marker text of the basic fixture's internal document.
pub const CANARY: &str = "NOI-BO-CANARY-42";

/// The marker text of the basic fixture's draft document.
pub const DRAFT_MARKER: &str = "BAN-DU-THAO-77";

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `content-example/` of the repository.
pub fn content_example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example")
}

/// A private copy of a fixture, to mutate. The copy is deleted when the `TempDir` drops.
pub fn copy_fixture(name: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    copy_tree(&fixture(name), dir.path());
    dir
}

/// Copies the folder `from` into `to` (which exists), recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Build options for `root` with the fixed build date.
pub fn options(root: &Path) -> BuildOptions {
    let mut options = BuildOptions::new(root);
    options.date = Date::parse(DATE).unwrap();
    options
}

/// Options for an internal build.
pub fn internal_options(root: &Path) -> BuildOptions {
    let mut options = options(root);
    options.audience = Audience::Internal;
    options
}

/// Runs the pipeline (nothing is written). Notes (e.g. "not in a git repository", which every
/// fixture copied to a temporary folder gets) are dropped: tests assert on problems.
pub fn run(options: &BuildOptions) -> Outcome {
    let mut outcome = pipeline::run(options, &|_| {}).unwrap_or_else(|e| panic!("the run failed outright: {e}"));
    outcome.diagnostics = without_notes(&outcome.diagnostics);
    outcome
}

/// The diagnostics that are problems (errors and warnings), without notes.
pub fn without_notes(diagnostics: &Diagnostics) -> Diagnostics {
    diagnostics.iter().filter(|d| d.severity != sotay::diagnostic::Severity::Note).cloned().collect()
}

/// Runs a public build of `root`.
pub fn run_public(root: &Path) -> Outcome {
    run(&options(root))
}

/// The site of a run that must have succeeded without a single diagnostic.
pub fn clean_site(outcome: Outcome) -> Site {
    assert!(outcome.diagnostics.is_empty(), "expected no diagnostics, got:\n{}", describe(&outcome.diagnostics));
    outcome.site.expect("a clean run renders a site")
}

/// One line per diagnostic, for assertion messages.
pub fn describe(diagnostics: &Diagnostics) -> String {
    diagnostics.iter().map(|d| format!("  {}\n", one_line(d))).collect()
}

pub fn one_line(d: &Diagnostic) -> String {
    d.to_string().replace('\n', " ")
}

/// The relative path of a diagnostic's file, `/`-separated.
pub fn file_of(d: &Diagnostic) -> String {
    sotay::diagnostic::display_path(&d.loc.file)
}

/// The bytes of every output file, reading files the site copies from disk.
pub fn all_bytes(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.files.keys().map(|path| (path.clone(), bytes(site, path))).collect()
}

/// The bytes of one output file.
pub fn bytes(site: &Site, path: &str) -> Vec<u8> {
    match site.files.get(path).unwrap_or_else(|| panic!("the site has no file {path}")) {
        Output::Bytes(bytes) => bytes.to_vec(),
        Output::Copy(source) => std::fs::read(source).unwrap_or_else(|e| panic!("read {}: {e}", source.display())),
        Output::Staged { .. } => panic!("{path} was written while rendering (pipeline::build): read the output folder"),
    }
}

/// The text of a generated file (not a copied one).
pub fn text<'a>(site: &'a Site, path: &str) -> &'a str {
    site.text(path).unwrap_or_else(|| {
        let known: Vec<&String> = site.files.keys().collect();
        panic!("the site has no generated text file {path}; it has {known:#?}")
    })
}

/// A generated HTML page, parsed.
pub fn page(site: &Site, path: &str) -> Html {
    Html::parse_document(text(site, path))
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Every `<a href>` of a page as (href, text with whitespace collapsed).
pub fn links(html: &Html) -> Vec<(String, String)> {
    html.select(&selector("a[href]"))
        .map(|a| (a.value().attr("href").unwrap().to_owned(), squash(&a.text().collect::<String>())))
        .collect()
}

/// The first element matching `css`, as a document of its own.
pub fn within(html: &Html, css: &str) -> Html {
    let element = html.select(&selector(css)).next().unwrap_or_else(|| panic!("no element matches {css}"));
    Html::parse_fragment(&element.html())
}

/// The text of the first element matching `css`, whitespace collapsed.
pub fn text_of(html: &Html, css: &str) -> String {
    let element = html.select(&selector(css)).next().unwrap_or_else(|| panic!("no element matches {css}"));
    squash(&element.text().collect::<String>())
}

/// The texts of every element matching `css`, whitespace collapsed.
pub fn texts_of(html: &Html, css: &str) -> Vec<String> {
    html.select(&selector(css)).map(|e| squash(&e.text().collect::<String>())).collect()
}

/// Collapses runs of whitespace to one space and trims.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces the only occurrence of `from` in the file `rel` of the manual `root` with `to`.
/// Panics when `from` is missing or occurs more than once, so a mutation never silently misses.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {rel}: {e}"));
    let count = text.matches(from).count();
    assert_eq!(count, 1, "`{from}` occurs {count} times in {rel}; a mutation must be unambiguous");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Writes `contents` to the file `rel` of `root`, creating folders.
pub fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// The 1-based line and column (in characters) where `needle` first occurs in `text`.
pub fn position(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    (line as u32, column as u32)
}

/// Every file under `dir` (recursively) by `/`-separated relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two file maps are identical, naming the first files that differ.
pub fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let differ: Vec<&String> = a.iter().filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v)).map(|(k, _)| k).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
        "{what}: files only in the first: {only_a:?}; only in the second: {only_b:?}; with different bytes: {differ:?}"
    );
}

/// The real `sotay` binary.
pub fn sotay() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sotay"))
}

/// Runs `sotay build MANUAL --out OUT --date DATE --quiet` with the binary and returns its exit
/// code, its stderr and how long it took. A build still running after `limit` is killed and the
/// test fails naming `what`, so a hang is a failure rather than a suite that never ends; so is a
/// build killed by a signal (a stack overflow aborts).
pub fn build_with_deadline(what: &str, manual: &Path, out: &Path, limit: Duration) -> (i32, String, Duration) {
    let started = Instant::now();
    let mut child = sotay()
        .args(["build", manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", DATE, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stderr = reader.join().unwrap();
            let code =
                status.code().unwrap_or_else(|| panic!("{what}: sotay was killed by a signal: {status}\n{stderr}"));
            return (code, stderr, started.elapsed());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{what}: sotay build did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the binary with `args` and returns its output.
pub fn sotay_run(args: &[&str]) -> ProcessOutput {
    sotay().args(args).output().expect("run the sotay binary")
}

/// The exit code of a finished process (panics if it was killed by a signal).
pub fn exit_code(output: &ProcessOutput) -> i32 {
    output.status.code().unwrap_or_else(|| panic!("sotay was killed: {output:?}"))
}

/// Stdout and stderr, for assertion messages.
pub fn show(output: &ProcessOutput) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Whether `haystack` contains `needle` as bytes.
pub fn contains_bytes(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A generated JSON file, parsed.
pub fn json_of(site: &Site, path: &str) -> serde_json::Value {
    serde_json::from_str(text(site, path)).unwrap_or_else(|e| panic!("{path} does not parse as JSON: {e}"))
}

/// The diagnostics with the code `code`.
pub fn with_code<'a>(diagnostics: &'a Diagnostics, code: &str) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Every diagnostic as (code, file), sorted, for comparing a run's problems as a whole.
pub fn codes_and_files(diagnostics: &Diagnostics) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = diagnostics.iter().map(|d| (d.code.to_owned(), file_of(d))).collect();
    all.sort();
    all
}

/// The `(href, text)` of every link inside the elements matching `css`, whitespace collapsed.
pub fn links_in(html: &Html, css: &str) -> Vec<(String, String)> {
    let a = selector("a[href]");
    html.select(&selector(css))
        .flat_map(|e| e.select(&a).collect::<Vec<_>>())
        .map(|a| (a.value().attr("href").unwrap().to_owned(), squash(&a.text().collect::<String>())))
        .collect()
}

/// The diagnostics of a public run's checking stages only (load, parse, resolve; no rendering),
/// for tests that need the problems but not the pages.
pub fn check_public(root: &Path) -> Diagnostics {
    let diagnostics = pipeline::analyse(&options(root), &|_| {}, None)
        .unwrap_or_else(|e| panic!("the check failed outright: {e}"))
        .diagnostics;
    without_notes(&diagnostics)
}

/// The author every fixture commit is made by (the committer is another person, so a page that
/// shows the author cannot be showing the committer by mistake).
pub const GIT_AUTHOR: &str = "Nguyễn Văn An";

/// Runs the `git` program in `dir` with `args`, a fixed author, committer and date, and no user
/// or system configuration, so fixture repositories (and their commit ids) are the same on every
/// machine. Returns stdout, trimmed; panics with git's stderr when it fails.
pub fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", GIT_AUTHOR)
        .env("GIT_AUTHOR_EMAIL", "an@example.vn")
        .env("GIT_COMMITTER_NAME", "Trần Thị Bình")
        .env("GIT_COMMITTER_EMAIL", "binh@example.vn")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap_or_else(|e| panic!("run git {args:?} (is git installed?): {e}"));
    assert!(out.status.success(), "git {args:?} in {}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Makes `dir` a new git repository with the branch `main`.
pub fn git_init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00+07:00");
}

/// Stages every change under `dir` and commits it at `date` (e.g. "2026-01-15T09:00:00+07:00")
/// with `message`. Returns the commit's full id.
pub fn git_commit_all(dir: &Path, message: &str, date: &str) -> String {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message], date);
    git(dir, &["rev-parse", "HEAD"], date)
}

/// Runs the pipeline keeping every diagnostic, notes included (unlike [`run`]).
pub fn run_with_notes(options: &BuildOptions) -> Outcome {
    pipeline::run(options, &|_| {}).unwrap_or_else(|e| panic!("the run failed outright: {e}"))
}

/// The procedure of the basic fixture whose history the history tests build up.
pub const QT07: &str = "content/procedures/QT-07.md";

/// A word in revision 1 of QT-07 as first committed, corrected (still revision 1) to
/// [`REV1_FINAL`] by the next commit of [`three_revisions`].
pub const REV1_DRAFT: &str = "NHAPMOT";

/// The corrected word of revision 1, in every later revision too.
pub const REV1_FINAL: &str = "CHOTMOT";

/// Makes QT-07 of the manual `root` revision `revision`, issued and in force on `date`
/// (`YYYY-MM-DD`), with an amendment-table row `summary` for it (newest first). The top-level
/// `revision`, `issued` and `effective` are the first lines of the file starting so.
pub fn issue_qt07(root: &Path, revision: u32, date: &str, summary: &str) {
    let path = root.join(QT07);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut done = [false; 3];
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let replaced =
            [("revision = ", revision.to_string()), ("issued = ", date.into()), ("effective = ", date.into())]
                .iter()
                .enumerate()
                .find(|(i, (key, _))| !done[*i] && line.starts_with(key))
                .map(|(i, (key, value))| {
                    done[i] = true;
                    format!("{key}{value}")
                });
        lines.push(replaced.unwrap_or_else(|| line.to_owned()));
    }
    assert_eq!(done, [true; 3], "{QT07} has revision, issued and effective");
    let row = format!(
        "[[amendments]]\nrevision = {revision}\ndate = {date}\nwhere = \"Toàn bộ\"\nsummary = \"{summary}\"\n\n"
    );
    let text = (lines.join("\n") + "\n").replacen("[[amendments]]\n", &format!("{row}[[amendments]]\n"), 1);
    std::fs::write(path, text).unwrap();
}

/// The basic fixture in a new git repository in which QT-07 was issued three times, one commit
/// each (by [`GIT_AUTHOR`], at 09:00 +07:00):
///
/// 0. 2026-01-15 "Ban hành QT-07 lần 1": revision 1 as in the fixture, its purpose ending
///    "Bản NHAPMOT." ([`REV1_DRAFT`]);
/// 1. 2026-01-20 "Đính chính QT-07": still revision 1, the word corrected to [`REV1_FINAL`];
/// 2. 2026-03-01 "QT-07 lần 2: thời hạn và lệ phí": in person 10 → 12 working days and
///    150.000 → 200.000 đồng; "Quy định việc cấp" → "Quy định trình tự cấp";
/// 3. 2026-06-01 "QT-07 lần 3: các bước": step 2 reworded, a step 4 added.
///
/// Each revision is issued and in force on its commit's day. Returns the folder and the commit
/// ids, oldest first.
pub fn three_revisions() -> (TempDir, Vec<String>) {
    let dir = copy_fixture("basic");
    let root = dir.path();
    git_init(root);
    edit(root, QT07, "theo [[STCL]].", &format!("theo [[STCL]]. Bản {REV1_DRAFT}."));
    let mut ids = vec![git_commit_all(root, "Ban hành QT-07 lần 1", "2026-01-15T09:00:00+07:00")];
    edit(root, QT07, REV1_DRAFT, REV1_FINAL);
    ids.push(git_commit_all(root, "Đính chính QT-07", "2026-01-20T09:00:00+07:00"));
    issue_qt07(root, 2, "2026-03-01", "Sửa thời hạn và lệ phí");
    edit(
        root,
        QT07,
        "time_limit = \"10 ngày làm việc\"\nfee = 150000",
        "time_limit = \"12 ngày làm việc\"\nfee = 200000",
    );
    edit(root, QT07, "Quy định việc cấp", "Quy định trình tự cấp");
    ids.push(git_commit_all(root, "QT-07 lần 2: thời hạn và lệ phí", "2026-03-01T09:00:00+07:00"));
    issue_qt07(root, 3, "2026-06-01", "Sửa các bước xử lý");
    edit(root, QT07, "Thẩm định hồ sơ, dự thảo giấy phép", "Thẩm định hồ sơ, kiểm tra thực tế và dự thảo giấy phép");
    edit(
        root,
        QT07,
        "result = \"Giấy phép đã ký\"\n",
        "result = \"Giấy phép đã ký\"\n\n[[procedure.steps]]\ntask = \"Lưu hồ sơ\"\nunit = \"vp\"\ntime = \"0,5 ngày làm việc\"\n",
    );
    ids.push(git_commit_all(root, "QT-07 lần 3: các bước", "2026-06-01T09:00:00+07:00"));
    (dir, ids)
}
