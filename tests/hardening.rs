//! Special files, oversized files and stopped builds (issue 16, findings 2, 3 and 11): a FIFO or
//! a character device named like a source, a file over the `[limits]` cap, and a build stopped
//! by SIGTERM or SIGINT. Each build runs as the real binary under a deadline and a memory
//! watchdog, so a regression fails here instead of hanging the suite or exhausting the machine.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;
use sotay::read::grouped;

/// Far more than a build of the basic fixture takes (under a second); a build that blocks on a
/// FIFO never ends, so any bound catches it.
const DEADLINE: Duration = Duration::from_secs(60);

/// Resident memory above this is a build reading without end (one reading /dev/zero grew past
/// 20 GB); it is killed at once. The basic fixture builds in well under 100 MB.
const MEMORY_CEILING_KB: u64 = 1_000_000;

/// What a build did: its exit code, its stderr and the highest resident memory seen (kB).
struct Finished {
    code: i32,
    stderr: String,
    peak_kb: u64,
}

fn spawn_build(manual: &Path, out: &Path) -> Child {
    sotay()
        .args(["build", manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", DATE, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The resident memory of a running process and its peak so far, in kB.
fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)?.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Waits for `child`, killing it (and failing) past the deadline or the memory ceiling.
fn finish(what: &str, mut child: Child) -> Finished {
    let started = Instant::now();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let mut peak_kb = 0;
    loop {
        if let Some((rss, hwm)) = memory_kb(child.id()) {
            peak_kb = peak_kb.max(hwm);
            if rss > MEMORY_CEILING_KB {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: sotay build used {rss} kB of memory and was killed: it reads without end");
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            let stderr = reader.join().unwrap();
            let code =
                status.code().unwrap_or_else(|| panic!("{what}: sotay was killed by a signal: {status}\n{stderr}"));
            return Finished { code, stderr, peak_kb };
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: sotay build did not finish within {DEADLINE:?}: it blocks");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The names beside the output folder `out` (in its parent), sorted.
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A manual copied from the basic fixture and built once into `<parent>/public`: the output a
/// failed build must leave as it is.
struct Built {
    manual: tempfile::TempDir,
    parent: tempfile::TempDir,
}

impl Built {
    fn new() -> Built {
        let manual = copy_fixture("basic");
        let parent = tempfile::tempdir().unwrap();
        let built = Built { manual, parent };
        let first = finish("the fixture", spawn_build(built.manual.path(), &built.out()));
        assert_eq!(first.code, 0, "{}", first.stderr);
        built
    }

    fn out(&self) -> std::path::PathBuf {
        self.parent.path().join("public")
    }

    fn root(&self) -> &Path {
        self.manual.path()
    }

    /// Builds again and checks it failed with `code` at `rel`:1:1, leaving the previous
    /// output byte for byte and nothing new beside it.
    fn fails_at(&self, what: &str, rel: &str, code: &str) -> Finished {
        let (before, names) = (read_tree(&self.out()), beside(&self.out()));
        let run = finish(what, spawn_build(self.root(), &self.out()));
        assert_eq!(run.code, 1, "{what}: a special or oversized file fails the build:\n{}", run.stderr);
        let at = format!("{rel}:1:1: error[{code}]");
        assert!(run.stderr.contains(&at), "{what}: expected `{at}` in:\n{}", run.stderr);
        assert_same_files(&read_tree(&self.out()), &before, what);
        assert_eq!(beside(&self.out()), names, "{what}: no staging folder or lock is left beside the output");
        run
    }
}

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

/// Makes a clone of /dev/zero (character device 1:5) at `path`; false when this process may
/// not make devices (not root, or in a container without CAP_MKNOD).
fn mknod_zero(path: &Path) -> bool {
    let _ = std::fs::remove_file(path);
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; makedev only builds a number.
    unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o644, libc::makedev(1, 5)) == 0 }
}

/// Says, where the test harness shows it even for a passing test, that a check did not run.
fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

#[test]
fn a_fifo_named_like_a_source_fails_the_build_at_once_and_leaves_the_output() {
    let built = Built::new();
    let cases = [
        ("a document", "content/procedures/QT-99.md"),
        ("a translation of a document", "content/procedures/QT-08.en.md"),
        ("a legal registry entry", "legal/99-2026-nd-cp.toml"),
        ("a static file", "static/pipe.css"),
        ("a template override", "templates/procedure.html"),
        ("a translation file", "i18n/vi.toml"),
        ("the TTHC catalogue", "catalog/tthc.csv"),
        ("an attachment", "content/forms/BM-07-01.pdf"),
        ("sotay.toml", "sotay.toml"),
    ];
    for (what, rel) in cases {
        let path = built.root().join(rel);
        let saved = std::fs::read(&path).ok();
        mkfifo(&path);
        built.fails_at(what, rel, "not-a-regular-file");
        std::fs::remove_file(&path).unwrap();
        if let Some(bytes) = saved {
            std::fs::write(&path, bytes).unwrap();
        }
    }
}

#[test]
fn a_fifo_message_says_what_it_is_and_how_to_fix_it() {
    let built = Built::new();
    mkfifo(&built.root().join("content/procedures/QT-99.md"));
    let run = built.fails_at("a FIFO document", "content/procedures/QT-99.md", "not-a-regular-file");
    assert!(run.stderr.contains("không phải tệp thường mà là một đường ống có tên (FIFO)"), "{}", run.stderr);
    assert!(run.stderr.contains("xóa nó, hoặc thay bằng tệp thật"), "{}", run.stderr);
}

#[test]
fn a_character_device_as_a_document_or_attachment_fails_with_memory_bounded() {
    let built = Built::new();
    for (what, rel) in [("a document", "content/procedures/QT-99.md"), ("an attachment", "content/forms/BM-07-01.pdf")]
    {
        let path = built.root().join(rel);
        let saved = std::fs::read(&path).ok();
        if !mknod_zero(&path) {
            skip(&format!("{what} as a character device: mknod is not permitted here (needs CAP_MKNOD)"));
            return;
        }
        let run = built.fails_at(what, rel, "not-a-regular-file");
        assert!(run.stderr.contains("một thiết bị ký tự"), "{}", run.stderr);
        assert!(run.peak_kb < MEMORY_CEILING_KB, "{what}: peak memory {} kB", run.peak_kb);
        std::fs::remove_file(&path).unwrap();
        if let Some(bytes) = saved {
            std::fs::write(&path, bytes).unwrap();
        }
    }
}

#[test]
fn a_document_over_the_cap_is_a_diagnostic_with_its_size_the_limit_and_the_key() {
    let built = Built::new();
    append_limits(built.root(), "document_bytes = 5_000");
    let rel = "content/procedures/QT-99.md";
    let body = "Nội dung dài.\n".repeat(1_000);
    write(built.root(), rel, format!("+++\ncode = \"QT-99\"\ntitle = \"Dài\"\n+++\n{body}"));
    let size = std::fs::metadata(built.root().join(rel)).unwrap().len();
    let run = built.fails_at("an over-cap document", rel, "file-too-large");
    assert!(run.stderr.contains(&format!("tệp này có {} byte", grouped(size))), "{}", run.stderr);
    assert!(run.stderr.contains("vượt giới hạn 5 000 byte"), "{}", run.stderr);
    assert!(run.stderr.contains("[limits] document_bytes"), "{}", run.stderr);
    // The fixture's own documents are under the cap: only the big one is reported.
    assert_eq!(run.stderr.matches("file-too-large").count(), 1, "{}", run.stderr);
}

#[test]
fn an_attachment_over_the_cap_is_a_diagnostic_naming_attachment_bytes() {
    let built = Built::new();
    append_limits(built.root(), "attachment_bytes = 4_000");
    let rel = "content/forms/BM-07-01.pdf";
    write(built.root(), rel, vec![b'%'; 10_000]);
    let run = built.fails_at("an over-cap attachment", rel, "file-too-large");
    assert!(run.stderr.contains("tệp này có 10 000 byte, vượt giới hạn 4 000 byte"), "{}", run.stderr);
    assert!(run.stderr.contains("[limits] attachment_bytes"), "{}", run.stderr);
}

#[test]
fn raising_the_cap_builds_the_large_document() {
    let built = Built::new();
    append_limits(built.root(), "document_bytes = 5_000");
    let rel = "content/procedures/QT-07.md";
    let mut text = std::fs::read_to_string(built.root().join(rel)).unwrap();
    text.push_str(&"\nNội dung dài.\n".repeat(1_000));
    write(built.root(), rel, text);
    built.fails_at("over the cap", rel, "file-too-large");
    edit(built.root(), "sotay.toml", "document_bytes = 5_000", "document_bytes = 50_000");
    let run = finish("the cap raised", spawn_build(built.root(), &built.out()));
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_zero_or_huge_limit_is_an_error_at_its_line_in_sotay_toml() {
    let built = Built::new();
    append_limits(built.root(), "document_bytes = 0\nattachment_bytes = 1_000");
    let config = std::fs::read_to_string(built.root().join("sotay.toml")).unwrap();
    let (line, column) = position(&config, "0\nattachment_bytes");
    let run = finish("a zero limit", spawn_build(built.root(), &built.out()));
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The source is at hand, so the diagnostic quotes it: the position is on the line below.
    let at = format!("sotay.toml:{line}:{column}\n");
    assert!(run.stderr.contains("error[invalid-limit]: [limits] document_bytes phải từ 1 đến"), "{}", run.stderr);
    assert!(run.stderr.contains(&at), "expected `{at}` in:\n{}", run.stderr);
    edit(built.root(), "sotay.toml", "document_bytes = 0", "document_bytes = 3_000_000_000");
    let run = finish("a huge limit", spawn_build(built.root(), &built.out()));
    assert!(run.code == 1 && run.stderr.contains("error[invalid-limit]"), "{}", run.stderr);
}

fn append_limits(root: &Path, lines: &str) {
    let path = root.join("sotay.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n[limits]\n{lines}\n"));
    std::fs::write(path, text).unwrap();
}

/// Adds `n` procedures to the manual, so a build spends seconds rendering (a debug binary).
fn add_procedures(root: &Path, n: usize, marker: &str) {
    let template = std::fs::read_to_string(root.join("content/procedures/QT-07.md")).unwrap();
    for i in 0..n {
        let code = format!("QT-{:03}", 100 + i);
        let text = template.replace("QT-07", &code).replace("\n## ", &format!("\n{marker} {i}\n\n## "));
        write(root, &format!("content/procedures/{code}.md"), text);
    }
}

/// Stops a build with `signal` while its staging folder exists; checks it exits `code`, leaves
/// the previous output byte for byte and nothing beside it.
fn stopped_build_leaves_nothing(signal: i32, code: i32) {
    let built = Built::new();
    let (before, names) = (read_tree(&built.out()), beside(&built.out()));
    add_procedures(built.root(), 600, "Đoạn thêm");
    let child = spawn_build(built.root(), &built.out());
    let started = Instant::now();
    let staging = loop {
        let found = beside(&built.out()).into_iter().find(|n| n.starts_with(".sotay-public.staging-"));
        if let Some(found) = found {
            break found;
        }
        assert!(started.elapsed() < DEADLINE, "the build never made its staging folder");
        std::thread::sleep(Duration::from_millis(2));
    };
    // SAFETY: signalling our own child by its id.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let run = finish("a stopped build", child);
    assert_eq!(run.code, code, "exit 128 + the signal:\n{}", run.stderr);
    assert!(run.stderr.contains("thư mục tạm và tệp khóa của lần dựng dở đã được xóa"), "{}", run.stderr);
    assert!(!built.parent.path().join(&staging).exists(), "the staging folder {staging} is gone");
    assert_eq!(beside(&built.out()), names, "no staging folder or lock is left beside the output");
    assert_same_files(&read_tree(&built.out()), &before, "the output stopped mid-build");
}

#[test]
fn sigterm_during_a_build_removes_the_staging_folder_and_lock() {
    stopped_build_leaves_nothing(libc::SIGTERM, 143);
}

#[test]
fn sigint_during_a_build_removes_the_staging_folder_and_lock() {
    stopped_build_leaves_nothing(libc::SIGINT, 130);
}

/// `sotay serve` re-reads only the documents its watcher reports changed (its `LoadMemo`):
/// those reads are capped and type-checked too. Run on a thread, so a read that blocks fails
/// the test instead of hanging it.
#[test]
fn serve_rereads_of_a_changed_document_refuse_a_fifo_and_an_over_cap_file() {
    use sotay::load::{load, LoadMemo};
    let manual = copy_fixture("basic");
    append_limits(manual.path(), "document_bytes = 5_000");
    let root = manual.path().to_owned();
    let rel = std::path::PathBuf::from("content/procedures/QT-07.md");
    let mut first = LoadMemo::default();
    let (_, problems) = load(&root, Some(&mut first)).unwrap();
    assert!(!problems.has_errors(), "{}", describe(&problems));
    let reread = |what: &'static str| {
        let (root, rel, mut memo) = (root.clone(), rel.clone(), first.clone());
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            memo.changed([rel]);
            let _ = done.send(load(&root, Some(&mut memo)).map(|(_, d)| d));
        });
        let loaded = result.recv_timeout(DEADLINE).unwrap_or_else(|_| panic!("{what}: the re-read blocks"));
        loaded.unwrap_or_else(|e| panic!("{what}: {e}"))
    };
    let mut grown = std::fs::read_to_string(root.join(&rel)).unwrap();
    grown.push_str(&"\nNội dung dài.\n".repeat(1_000));
    write(&root, rel.to_str().unwrap(), grown);
    let codes = codes_and_files(&reread("grown over the cap"));
    assert!(codes.contains(&("file-too-large".into(), "content/procedures/QT-07.md".into())), "{codes:?}");
    mkfifo(&root.join(&rel));
    let codes = codes_and_files(&reread("a FIFO"));
    assert!(codes.contains(&("not-a-regular-file".into(), "content/procedures/QT-07.md".into())), "{codes:?}");
}

/// A lower cap in sotay.toml applies to documents `serve` would otherwise take unchanged from
/// its last load.
#[test]
fn lowering_the_cap_while_serving_rereads_the_unchanged_documents() {
    use sotay::load::{load, LoadMemo};
    let manual = copy_fixture("basic");
    let root = manual.path();
    let rel = "content/procedures/QT-07.md";
    let mut grown = std::fs::read_to_string(root.join(rel)).unwrap();
    grown.push_str(&"\nNội dung dài.\n".repeat(1_000));
    write(root, rel, grown);
    let mut memo = LoadMemo::default();
    let (_, problems) = load(root, Some(&mut memo)).unwrap();
    assert!(!problems.has_errors(), "{}", describe(&problems));
    append_limits(root, "document_bytes = 5_000");
    memo.changed([std::path::PathBuf::from("sotay.toml")]);
    let (_, problems) = load(root, Some(&mut memo)).unwrap();
    let codes = codes_and_files(&problems);
    assert!(codes.contains(&("file-too-large".into(), rel.into())), "{codes:?}");
}
