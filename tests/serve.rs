//! `sotay serve` end to end: the real binary on a free loopback port, a manual edited on disk
//! the way editors save, pages fetched over HTTP, and the reload events open pages listen to.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;

const QT07: &str = "content/procedures/QT-07.md";

/// A running `sotay serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = sotay()
        .args(["serve", root.to_str().unwrap(), "--port", "0", "--date", DATE])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sotay serve");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("sotay serve prints its address");
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

/// A raw HTTP/1.1 GET: (status, body). Raw, so paths reach the server exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// The open event stream of one page.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "GET /__sotay/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut events = Events(BufReader::new(stream));
        events.wait_for("event: hello");
        events
    }

    fn wait_for(&mut self, wanted: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            match self.0.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed before `{wanted}`"),
                Ok(_) if line.contains(wanted) => return,
                Ok(_) => {}
                Err(e) => panic!("no `{wanted}` on the event stream: {e}"),
            }
        }
        panic!("no `{wanted}` within 20 s");
    }

    fn reload(&mut self) {
        self.wait_for("event: reload");
    }
}

/// Saves like many editors: write a temporary file beside the original, then rename it over.
fn save_via_rename(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let temp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

#[test]
fn an_edit_reloads_open_pages_and_the_page_shows_it() {
    let dir = copy_fixture("basic");
    let server = start(dir.path());
    let mut events = Events::open(server.port);
    let (status, before) = get(server.port, "/quy-trinh/qt-07/");
    assert_eq!(status, 200);
    assert!(before.contains("/__sotay/live.js"), "pages get the live-reload script");
    let text = std::fs::read_to_string(dir.path().join(QT07)).unwrap();
    save_via_rename(
        dir.path(),
        QT07,
        &text.replace("Cấp giấy phép thử nghiệm cho tổ chức.", "Cấp giấy phép SỬA-ĐỔI-9."),
    );
    events.reload();
    let (_, after) = get(server.port, "/quy-trinh/qt-07/");
    assert!(after.contains("SỬA-ĐỔI-9"), "the page shows the edit");
}

#[test]
fn a_broken_edit_overlays_every_page_and_fixing_it_clears_the_overlay() {
    let dir = copy_fixture("basic");
    let server = start(dir.path());
    let mut events = Events::open(server.port);
    let good = std::fs::read_to_string(dir.path().join(QT07)).unwrap();
    write(dir.path(), QT07, good.replace("revision = 1\nissued", "revision = \"một\"\nissued"));
    events.reload();
    for path in ["/quy-trinh/qt-07/", "/", "/bieu-mau/"] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 200, "{path} is still served from the last good site");
        assert!(body.contains("id=\"sotay-overlay\""), "{path} shows the overlay");
        assert!(body.contains("content/procedures/QT-07.md:"), "the overlay names the file and line");
    }
    let (_, diagnostics) = get(server.port, "/__sotay/diagnostics.json");
    assert!(diagnostics.contains("QT-07.md"), "{diagnostics}");
    write(dir.path(), QT07, &good);
    events.reload();
    let (_, body) = get(server.port, "/quy-trinh/qt-07/");
    assert!(!body.contains("id=\"sotay-overlay\""), "the overlay is gone once fixed");
}

#[test]
fn a_new_document_appears_in_its_list_and_a_deleted_one_disappears() {
    let dir = copy_fixture("basic");
    let server = start(dir.path());
    let mut events = Events::open(server.port);
    let qt07 = std::fs::read_to_string(dir.path().join(QT07)).unwrap();
    let qt09 = qt07
        .replace("code = \"QT-07\"", "code = \"QT-09\"")
        .replace("Quy trình cấp giấy phép thử nghiệm", "Quy trình gia hạn giấy phép thử nghiệm")
        .replace("tthc_code = \"1.009999\"", "tthc_code = \"1.009998\"");
    write(dir.path(), "content/procedures/QT-09.md", qt09);
    events.reload();
    let (_, list) = get(server.port, "/quy-trinh/");
    assert!(list.contains("Quy trình gia hạn giấy phép thử nghiệm"), "the new procedure is listed");
    assert_eq!(get(server.port, "/quy-trinh/qt-09/").0, 200);
    std::fs::remove_file(dir.path().join("content/procedures/QT-09.md")).unwrap();
    events.reload();
    let (_, list) = get(server.port, "/quy-trinh/");
    assert!(!list.contains("Quy trình gia hạn giấy phép thử nghiệm"), "the deleted procedure is gone");
    assert_eq!(get(server.port, "/quy-trinh/qt-09/").0, 404);
}

#[test]
fn traversal_attempts_never_leave_the_site() {
    let dir = copy_fixture("basic");
    write(dir.path(), "SECRET.txt", "BI-MAT-123");
    let server = start(dir.path());
    for path in [
        "/../SECRET.txt",
        "/%2e%2e/SECRET.txt",
        "/..%2fSECRET.txt",
        "/quy-trinh/..%5c..%5cSECRET.txt",
        "/quy-trinh/..%252f..%252fSECRET.txt",
        "/..\\SECRET.txt",
        "/../../../../etc/passwd",
        "/../sotay.toml",
    ] {
        let (status, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        assert!(!body.contains("BI-MAT-123") && !body.contains("root:x:0") && !body.contains("[agency]"), "{path}");
    }
}

#[test]
fn drafts_and_internal_documents_show_with_the_preview_banner() {
    let dir = copy_fixture("basic");
    let server = start(dir.path());
    let (status, body) = get(server.port, "/quy-trinh/qt-08/");
    assert_eq!(status, 200, "serve is internal by default");
    assert!(body.contains("Bản xem trước — chưa công bố"));
}

#[test]
fn a_port_in_use_is_a_clear_error_naming_a_free_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = copy_fixture("basic");
    let output = sotay_run(&["serve", dir.path().to_str().unwrap(), "--port", &port]);
    assert_eq!(exit_code(&output), 2, "{}", show(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("127.0.0.1:{port} đang được dùng; thử --port")), "{stderr}");
    let english = sotay_run(&["serve", dir.path().to_str().unwrap(), "--port", &port, "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(stderr.contains(&format!("127.0.0.1:{port} is in use; try --port")), "{stderr}");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = copy_fixture("basic");
    let mut server = start(dir.path());
    assert_eq!(get(server.port, "/").0, 200);
    let pid = server.child.id().to_string();
    let sent = std::process::Command::new("kill").args(["-INT", &pid]).status().expect("run kill");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "sotay serve did not stop within 20 s of Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "a clean stop exits 0");
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err(), "the port is free again");
}

#[test]
fn a_manual_broken_from_the_start_shows_its_errors_and_appears_once_fixed() {
    let dir = copy_fixture("basic");
    let good = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    write(dir.path(), "sotay.toml", good.replace("[agency]", "[agency]\nten = \"sai\""));
    let server = start(dir.path());
    let mut events = Events::open(server.port);
    let (status, body) = get(server.port, "/");
    assert_eq!(status, 404, "nothing was built yet");
    assert!(body.contains("id=\"sotay-overlay\"") && body.contains("sotay.toml:"), "the errors show: {body}");
    assert!(body.contains("/__sotay/live.js"), "and the page will reload");
    write(dir.path(), "sotay.toml", &good);
    events.reload();
    let (status, body) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(!body.contains("id=\"sotay-overlay\""));
}

#[test]
fn the_overlay_is_in_the_manuals_language_and_follows_a_change_of_it_issue_20() {
    let dir = copy_fixture("basic");
    let server = start(dir.path());
    let mut events = Events::open(server.port);
    let good = std::fs::read_to_string(dir.path().join(QT07)).unwrap();
    write(dir.path(), QT07, good.replace("revision = 1\nissued", "revision = \"một\"\nissued"));
    events.reload();
    let (_, body) = get(server.port, "/quy-trinh/qt-07/");
    assert!(body.contains("<div id=\"sotay-overlay\" lang=\"vi\""), "{body}");
    assert!(body.contains("lần ban hành là một số nguyên") && body.contains("cách sửa:</em>"), "{body}");
    assert!(body.contains("Bản dựng lỗi") && !body.contains("help:</em>"), "{body}");
    // The cached reading of QT-07 is reused, and is still worded in the new language.
    let config = std::fs::read_to_string(dir.path().join("sotay.toml")).unwrap();
    write(dir.path(), "sotay.toml", config.replace("language = \"vi\"", "language = \"en\""));
    events.reload();
    let (_, body) = get(server.port, "/quy-trinh/qt-07/");
    assert!(body.contains("<div id=\"sotay-overlay\" lang=\"en\""), "{body}");
    assert!(body.contains("the revision is a whole number") && body.contains("help:</em>"), "{body}");
    assert!(!body.contains("lần ban hành là một số nguyên"), "{body}");
}
