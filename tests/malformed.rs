//! No input breaks it (issue 8 item 4): more than 30 malformed manuals, each built by the real
//! binary under a generous time limit. A broken one exits 1 with a diagnostic at file:line and
//! leaves the previous output byte for byte; none panics (exit 101), hangs or is killed.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

const QT07: &str = "content/procedures/QT-07.md";

/// A generous bound for one build of a small manual (a debug binary on a shared machine); the
/// 50 MB file takes the longest. Not a speed target: it catches hangs.
const LIMIT: Duration = Duration::from_secs(90);

/// What a case must give (a code with `../` is slugged to letters, digits and dashes, so it
/// cannot leave the site, see tests/path_safety.rs): exit 1 with a diagnostic in `file` at a line, exit 1 with one about
/// the whole file (an empty or unreadable file has no line to point at), or a clean build.
enum Expect {
    Fails(&'static str),
    FailsWholeFile(&'static str),
    Builds,
}

type Mutation = fn(&Path);

fn nested(prefix: &str, depth: usize) -> String {
    (0..depth).map(|i| format!("{}{prefix}x\n", "  ".repeat(i.min(2000)))).collect()
}

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// The nested lists (36 MB of indentation) and the 50 MB file are over the default cap of
/// 20 MB (tests/hardening.rs): raised, so the file is parsed, which is what these cases test.
fn raise_document_cap(root: &Path) {
    append(root, "sotay.toml", "\n[limits]\ndocument_bytes = 100_000_000\n");
}

fn cases() -> Vec<(&'static str, Mutation, Expect)> {
    use Expect::*;
    vec![
        ("invalid TOML", |r| edit(r, QT07, "title = \"Quy trình", "title = \"Quy trình\n\"\"\""), Fails(QT07)),
        ("wrong type", |r| edit(r, QT07, "revision = 1\nissued", "revision = \"hai\"\nissued"), Fails(QT07)),
        ("misspelt key", |r| edit(r, QT07, "summary = \"Cấp", "sumary = \"Cấp"), Fails(QT07)),
        ("unclosed front matter", |r| edit(r, QT07, "+++\n\n## 1.", "\n\n## 1."), Fails(QT07)),
        (
            "no front matter",
            |r| write(r, "content/procedures/QT-09.md", "## Chỉ có nội dung\n"),
            Fails("content/procedures/QT-09.md"),
        ),
        ("empty file", |r| write(r, "content/procedures/QT-09.md", ""), FailsWholeFile("content/procedures/QT-09.md")),
        ("only a fence", |r| write(r, "content/procedures/QT-09.md", "+++\n"), Fails("content/procedures/QT-09.md")),
        (
            "a 50 MB file",
            |r| {
                let mut text = String::from("+++\ncode = \"QT-09\"\ntitle = 5\n+++\n");
                let line = "Nội dung dài lặp lại để thử tệp rất lớn, theo Quyết định 12/2026/QĐ-UBND.\n";
                while text.len() < 50 << 20 {
                    text.push_str(line);
                }
                write(r, "content/procedures/QT-09.md", text);
                raise_document_cap(r);
            },
            Fails("content/procedures/QT-09.md"),
        ),
        (
            "10,000-deep nested list",
            |r| {
                append(r, QT07, &format!("\n{}\n", nested("- ", 10_000)));
                edit(r, QT07, "revision = 1\nissued", "revision = -1\nissued");
                raise_document_cap(r);
            },
            Fails(QT07),
        ),
        (
            "10,000-deep blockquote",
            |r| {
                append(r, QT07, &format!("\n{}x\n", "> ".repeat(10_000)));
                edit(r, QT07, "revision = 1\nissued", "revision = -1\nissued");
            },
            Fails(QT07),
        ),
        (
            "10,000-deep list builds",
            |r| {
                append(r, QT07, &format!("\n{}\n", nested("- ", 10_000)));
                raise_document_cap(r);
            },
            Builds,
        ),
        ("10,000-deep blockquote builds", |r| append(r, QT07, &format!("\n{}x\n", "> ".repeat(10_000))), Builds),
        ("10,000 nested HTML elements", |r| append(r, QT07, &format!("\n{}\n", "<div>".repeat(10_000))), Builds),
        (
            "a 1 MB line",
            |r| {
                append(r, QT07, &format!("\n{}\n", "chữ ".repeat(200_000)));
                edit(r, QT07, "status = \"in-force\"", "status = \"in-force\"\nstatus = \"draft\"");
            },
            Fails(QT07),
        ),
        (
            "binary file as Markdown",
            |r| {
                let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
                write(r, "content/procedures/QT-09.md", bytes);
            },
            Fails("content/procedures/QT-09.md"),
        ),
        (
            "invalid UTF-8 in a body",
            |r| {
                let mut bytes = std::fs::read(r.join(QT07)).unwrap();
                bytes.extend_from_slice(b"\nbad \xC3\x28 byte\n");
                write(r, QT07, bytes);
            },
            Fails(QT07),
        ),
        (
            "invalid UTF-8 in sotay.toml",
            |r| write(r, "sotay.toml", b"[agency]\nname = \"\xFF\xFE\"\n"),
            Fails("sotay.toml"),
        ),
        ("NUL bytes", |r| edit(r, QT07, "title = \"Quy trình", "title = \"\0Quy\0 trình"), Fails(QT07)),
        (
            "NUL in a body",
            |r| {
                append(r, QT07, "\nchữ\0chữ\n");
                edit(r, QT07, "revision = 1\nissued", "revision = 1.5\nissued");
            },
            Fails(QT07),
        ),
        (
            "duplicate codes",
            |r| {
                let text = std::fs::read_to_string(r.join(QT07)).unwrap();
                write(r, "content/procedures/QT-07-copy.md", text);
            },
            Fails("content/procedures/QT-07"),
        ),
        (
            "relation cycle between legal entries",
            |r| {
                append(r, "legal/19-2014-qd-ttg.toml", "");
                let path = "legal/19-2014-qd-ttg.toml";
                let text = std::fs::read_to_string(r.join(path)).unwrap();
                let text = if text.contains("[relations]") {
                    text.replace("[relations]", "[relations]\nbased_on = [\"12/2026/QĐ-UBND\"]")
                } else {
                    text + "\n[relations]\nbased_on = [\"12/2026/QĐ-UBND\"]\n"
                };
                write(r, path, text);
            },
            Fails("legal/"),
        ),
        (
            "broken template override",
            |r| write(r, "templates/procedure.html", "{% if %}\n{{ doc.title\n"),
            Fails("templates/procedure.html"),
        ),
        (
            "template override with an unknown variable",
            |r| {
                write(
                    r,
                    "templates/procedure.html",
                    "{% extends \"base.html\" %}{% block content %}{{ no_such.thing }}{% endblock %}",
                )
            },
            FailsWholeFile(QT07),
        ),
        (
            "CRLF line endings",
            |r| {
                let text = std::fs::read_to_string(r.join(QT07)).unwrap().replace('\n', "\r\n");
                write(r, QT07, text.replace("revision = 1\r\nissued", "revision = x\r\nissued"));
            },
            Fails(QT07),
        ),
        (
            "CRLF builds",
            |r| {
                let text = std::fs::read_to_string(r.join(QT07)).unwrap().replace('\n', "\r\n");
                write(r, QT07, text);
            },
            Builds,
        ),
        (
            "a byte-order mark",
            |r| {
                let text = std::fs::read_to_string(r.join(QT07)).unwrap();
                write(r, QT07, format!("\u{FEFF}{}", text.replace("revision = 1\nissued", "revision = x\nissued")));
            },
            Fails(QT07),
        ),
        (
            "a byte-order mark builds",
            |r| {
                let text = std::fs::read_to_string(r.join(QT07)).unwrap();
                write(r, QT07, format!("\u{FEFF}{text}"));
            },
            Builds,
        ),
        (
            "a huge number",
            |r| edit(r, QT07, "revision = 1\nissued", "revision = 99999999999999999999999\nissued"),
            Fails(QT07),
        ),
        ("a huge fee", |r| edit(r, QT07, "fee = 150000", "fee = 1e308"), Fails(QT07)),
        ("a negative fee", |r| edit(r, QT07, "fee = 150000", "fee = -150000"), Fails(QT07)),
        ("2026-02-30", |r| edit(r, QT07, "issued = 2026-01-15", "issued = 2026-02-30"), Fails(QT07)),
        ("a date-time", |r| edit(r, QT07, "issued = 2026-01-15", "issued = 2026-01-15T25:61:00"), Fails(QT07)),
        (
            "10,000-deep TOML arrays",
            |r| {
                edit(
                    r,
                    QT07,
                    "iso_clauses = [\"8.1\"]",
                    &format!("iso_clauses = {}{}", "[".repeat(10_000), "]".repeat(10_000)),
                );
            },
            Fails(QT07),
        ),
        (
            "10,000-deep inline tables",
            |r| {
                edit(
                    r,
                    QT07,
                    "iso_clauses = [\"8.1\"]",
                    &format!("iso_clauses = {}1{}", "{a=".repeat(10_000), "}".repeat(10_000)),
                );
            },
            Fails(QT07),
        ),
        ("invalid sotay.toml", |r| write(r, "sotay.toml", "[agency\nname = 1\n"), Fails("sotay.toml")),
        (
            "wrong types in the registry",
            |r| edit(r, "legal/12-2026-qd-ubnd.toml", "signed = 2026-01-05", "signed = \"hôm qua\""),
            Fails("legal/12-2026-qd-ubnd.toml"),
        ),
        (
            "a malformed legal number",
            |r| edit(r, "legal/12-2026-qd-ubnd.toml", "number = \"12/2026/QĐ-UBND\"", "number = \"//\u{0}//\""),
            Fails("legal/12-2026-qd-ubnd.toml"),
        ),
        (
            "an unknown unit in a step",
            |r| edit(r, QT07, "unit = \"mc\"\ntime = \"0,5", "unit = \"khong-co\"\ntime = \"0,5"),
            Fails(QT07),
        ),
        (
            "a 100,000-character title",
            |r| {
                edit(
                    r,
                    QT07,
                    "title = \"Quy trình cấp giấy phép thử nghiệm\"",
                    &format!("title = \"{}\"\nrevision = 2", "Ạ".repeat(100_000)),
                );
            },
            Fails(QT07),
        ),
        (
            "100,000 wiki-link openers",
            |r| {
                append(r, QT07, &format!("\n{}\n", "[[".repeat(100_000)));
                edit(r, QT07, "revision = 1\nissued", "revision = []\nissued");
            },
            Fails(QT07),
        ),
        ("a code that walks out of the site", |r| edit(r, QT07, "code = \"QT-07\"", "code = \"../../QT-07\""), Builds),
        (
            "an attachment outside the manual",
            |r| edit(r, "content/forms/BM-07-01.md", "files = [\"BM-07-01.pdf\"]", "files = [\"../../sotay.toml\"]"),
            Fails("content/forms/BM-07-01.md"),
        ),
        (
            "an absolute attachment",
            |r| edit(r, "content/forms/BM-07-01.md", "files = [\"BM-07-01.pdf\"]", "files = [\"/etc/passwd\"]"),
            Fails("content/forms/BM-07-01.md"),
        ),
        (
            "a theme outside the manual",
            |r| edit(r, "sotay.toml", "language = \"vi\"", "language = \"vi\"\ntheme = \"../../etc\""),
            Fails("sotay.toml"),
        ),
        (
            "a file name that is not UTF-8",
            |r| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"QT-\xFF.md");
                std::fs::write(r.join("content/procedures").join(name), "+++\ntitle = 1\n+++\n").unwrap();
            },
            FailsWholeFile("content/procedures/QT-"),
        ),
    ]
}

/// Runs `sotay build` on `manual` into `out`, killing it past [`LIMIT`].
fn build_within_limit(name: &str, manual: &Path, out: &Path) -> (i32, String, Duration) {
    build_with_deadline(name, manual, out, LIMIT)
}

fn check_case(
    name: &str,
    mutate: Mutation,
    expect: &Expect,
    previous: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Result<Duration, String> {
    let manual = copy_fixture("basic");
    mutate(manual.path());
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    for (path, bytes) in previous {
        write(&out, path, bytes);
    }
    let (code, stderr, took) = build_within_limit(name, manual.path(), &out);
    let fail = |why: &str| Err(format!("{name}: {why}:\n{stderr}"));
    if code == 101 {
        return fail("sotay panicked");
    }
    let (file, whole) = match expect {
        Expect::Builds if code == 0 => return Ok(took),
        Expect::Builds => return fail("expected a build"),
        Expect::Fails(file) => (file, false),
        Expect::FailsWholeFile(file) => (file, true),
    };
    if code != 1 {
        return fail("expected exit 1 (content errors)");
    }
    let at_line = stderr.lines().any(|l| {
        let l = l.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let line = l.split(':').nth(1).unwrap_or("");
        l.starts_with(file) && (line.trim().parse::<u32>().is_ok_and(|n| n > 0) || whole && line.starts_with(" error["))
    });
    if !at_line || !stderr.contains("error[") {
        return fail(&format!("no error at {file}:<line>"));
    }
    if read_tree(&out) != *previous {
        return fail("the previous output changed");
    }
    Ok(took)
}

#[test]
fn no_malformed_manual_panics_hangs_or_touches_the_previous_output() {
    let manual = fixture("basic");
    let first = tempfile::tempdir().unwrap();
    let out = first.path().join("public");
    let (code, stderr, _) = build_within_limit("the fixture", &manual, &out);
    assert_eq!(code, 0, "{stderr}");
    let previous = read_tree(&out);
    let cases = cases();
    assert!(cases.iter().filter(|(_, _, e)| matches!(e, Expect::Fails(_))).count() >= 30, "at least 30 broken manuals");
    // Two at a time: the machine is small, and each build is parallel already.
    let (even, odd): (Vec<_>, Vec<_>) = cases.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = [even, odd]
            .into_iter()
            .map(|half| {
                let previous = &previous;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for (_, (name, mutate, expect)) in half {
                        match check_case(name, *mutate, expect, previous) {
                            Ok(took) => eprintln!("{name}: {took:?}"),
                            Err(why) => failures.push(why),
                        }
                    }
                    failures
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn an_unreadable_file_is_a_diagnostic() {
    use std::os::unix::fs::PermissionsExt;
    let manual = copy_fixture("basic");
    let path = manual.path().join(QT07);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = manual.path().join("public");
    let (code, stderr) = if std::fs::read(&path).is_ok() {
        // Root reads any file whatever its mode: the build runs as the unprivileged user
        // `nobody` instead, who cannot.
        as_nobody(manual.path(), &out)
    } else {
        let (code, stderr, _) = build_within_limit("unreadable", manual.path(), &out);
        (code, stderr)
    };
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(QT07) && stderr.contains("không đọc được tệp này"), "{stderr}");
}

/// Builds `manual` into `out` as the user `nobody` (uid and gid 65534, no other groups), for a
/// test running as root: the manual's folders are opened to all and the output's parent made
/// writable by all. Fails, saying why, when that user cannot be taken on (no `setpriv`).
fn as_nobody(manual: &Path, out: &Path) -> (i32, String) {
    use std::os::unix::fs::PermissionsExt;
    let open = |path: &Path, mode: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    open(manual, 0o755);
    for dir in ["content", "content/procedures", "content/forms", "content/policies", "content/manual", "content/pages"]
    {
        open(&manual.join(dir), 0o755);
    }
    open(out.parent().unwrap(), 0o777);
    let binary = env!("CARGO_BIN_EXE_sotay");
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", binary, "build"])
        .args([manual.to_str().unwrap(), "--out", out.to_str().unwrap(), "--date", DATE, "--quiet"])
        .output()
        .unwrap_or_else(|e| panic!("running as root, the test needs `setpriv` (util-linux) to build as nobody: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or_else(|| panic!("sotay was killed by a signal: {stderr}"));
    assert!(
        !stderr.contains("setpriv:"),
        "setpriv could not run the build as nobody (is {binary} reachable by all users?): {stderr}"
    );
    (code, stderr)
}
