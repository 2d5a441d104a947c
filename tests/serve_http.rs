//! The preview server as a browser (or an attacker) sees it, over raw HTTP/1.1 on a real socket:
//! no HTTP client crate, because clients tidy `..` out of paths before sending them. Each test
//! starts its own server on a free loopback port.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sotay::diagnostic::{Diagnostic, Loc};
use sotay::error::Error;
use sotay::render::{Output, Site};
use sotay::serve::server::{bind, spawn, Live, ServerConfig, ServerHandle, Snapshot};

const TIMEOUT: Duration = Duration::from_secs(10);
const LIVE_SCRIPT: &str = r#"<script src="/__sotay/live.js" defer></script>"#;
const PDF: &[u8] = b"%PDF-1.4 Huong dan\n";

/// A small site, and the temporary folder holding its copied file (and a secret beside it).
fn site(dir: &Path) -> Site {
    let pdf = dir.join("huong-dan.pdf");
    std::fs::write(&pdf, PDF).unwrap();
    std::fs::write(dir.join("secret.txt"), "SECRET").unwrap();
    let mut site = Site::default();
    let mut add = |path: &str, text: &str| site.files.insert(path.to_owned(), Output::Bytes(text.as_bytes().into()));
    add("index.html", "<!doctype html><html><head><title>Sổ tay</title></head><body class=\"home\"><h1>Sổ tay chất lượng</h1></body></html>");
    add("quy-trinh/index.html", "<html><body><h1>Quy trình</h1></body></html>");
    add("quy-trinh/qt-07/index.html", "<html><body><h1>QT-07 Kiểm soát hồ sơ</h1></body></html>");
    add("404.html", "<html><body><h1>Không tìm thấy trang</h1></body></html>");
    add("fragment.html", "<p>Không có thẻ body</p>");
    add("assets/style.3f2a.css", "body{color:#111}");
    add("thay-doi/atom.xml", "<?xml version=\"1.0\"?><feed/>");
    add("api/quy-trinh/qt-07.json", "{\"code\":\"QT-07\"}");
    add("bieu-mau/bm-01/Mẫu đơn.docx", "PK fake docx");
    site.files.insert("bieu-mau/bm-01/Hướng dẫn.pdf".into(), Output::Copy(pdf));
    site
}

fn snapshot(site: &Arc<Site>, diagnostics: Vec<Diagnostic>, version: u64) -> Snapshot {
    Snapshot { site: site.clone(), diagnostics, version, lang: sotay::lang::Lang::Vi }
}

struct Server {
    handle: ServerHandle,
    live: Arc<Live>,
    site: Arc<Site>,
    dir: tempfile::TempDir,
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let site = Arc::new(site(dir.path()));
    let live = Live::new(snapshot(&site, Vec::new(), 1));
    let listener = bind(&ServerConfig { bind: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 0 }).unwrap();
    let handle = spawn(listener, live.clone());
    Server { handle, live, site, dir }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    stream
}

/// Sends `raw` as is and reads the reply until the server closes the connection.
fn send(addr: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = connect(addr);
    stream.write_all(raw).unwrap();
    read_reply(&mut stream)
}

fn read_reply(stream: &mut TcpStream) -> Reply {
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> Reply {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no head in {bytes:?}"));
    let head = String::from_utf8(bytes[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    Reply { status, headers, body: bytes[end + 4..].to_vec() }
}

fn request(addr: SocketAddr, method: &str, target: &str, extra: &str) -> Reply {
    let raw = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\n{extra}Connection: close\r\n\r\n");
    send(addr, raw.as_bytes())
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target, "")
}

fn encode(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'.').remove(b'_');
    percent_encoding::utf8_percent_encode(path, KEEP).to_string()
}

#[test]
fn pages_are_served_as_html_with_the_live_script() {
    let server = start();
    let reply = get(server.handle.addr(), "/");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    let text = reply.text();
    assert!(text.contains("<h1>Sổ tay chất lượng</h1>"), "{text}");
    assert!(text.ends_with(&format!("{LIVE_SCRIPT}</body></html>")), "{text}");
    assert!(!text.contains("sotay-overlay"), "no overlay without errors");

    let folder = get(server.handle.addr(), "/quy-trinh/qt-07/");
    assert_eq!(folder.status, 200);
    assert!(folder.text().contains("QT-07 Kiểm soát hồ sơ"));
    let no_body_tag = get(server.handle.addr(), "/fragment.html");
    assert_eq!(no_body_tag.text(), format!("<p>Không có thẻ body</p>{LIVE_SCRIPT}"));
}

#[test]
fn a_folder_without_its_slash_redirects_keeping_the_query() {
    let server = start();
    let reply = get(server.handle.addr(), "/quy-trinh/qt-07?muc=2");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("/quy-trinh/qt-07/?muc=2"));
    assert_eq!(get(server.handle.addr(), "/quy-trinh").header("location"), Some("/quy-trinh/"));
}

#[test]
fn files_get_the_type_of_their_extension() {
    let server = start();
    let addr = server.handle.addr();
    let cases = [
        ("/assets/style.3f2a.css", "text/css; charset=utf-8", "body{color:#111}"),
        ("/thay-doi/atom.xml", "application/atom+xml; charset=utf-8", "<?xml version=\"1.0\"?><feed/>"),
        ("/api/quy-trinh/qt-07.json", "application/json; charset=utf-8", "{\"code\":\"QT-07\"}"),
    ];
    for (target, content_type, body) in cases {
        let reply = get(addr, target);
        assert_eq!((reply.status, reply.header("content-type")), (200, Some(content_type)), "{target}");
        assert_eq!(reply.text(), body, "{target}: only HTML gets the live script");
    }
}

#[test]
fn vietnamese_file_names_are_percent_decoded() {
    let server = start();
    let reply = get(server.handle.addr(), &encode("/bieu-mau/bm-01/Mẫu đơn.docx"));
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    assert_eq!(reply.body, b"PK fake docx");
}

#[test]
fn a_copied_file_is_read_from_its_recorded_path() {
    let server = start();
    let reply = get(server.handle.addr(), &encode("/bieu-mau/bm-01/Hướng dẫn.pdf"));
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("application/pdf")));
    assert_eq!(reply.body, PDF);
}

#[test]
fn an_unknown_path_gets_the_sites_404_page() {
    let server = start();
    let reply = get(server.handle.addr(), "/quy-trinh/qt-99/");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(reply.text().contains("<h1>Không tìm thấy trang</h1>"), "{}", reply.text());
    assert!(reply.text().contains(LIVE_SCRIPT));
    assert_eq!(get(server.handle.addr(), "/__sotay/unknown").status, 404);

    let mut bare = (*server.site).clone();
    bare.files.remove("404.html");
    server.live.publish(snapshot(&Arc::new(bare), Vec::new(), 2));
    let reply = get(server.handle.addr(), "/nowhere");
    assert_eq!((reply.status, reply.header("content-type")), (404, Some("text/html; charset=utf-8")));
    assert!(reply.text().contains("Không tìm thấy trang"), "a built-in page");
    assert!(reply.text().contains(LIVE_SCRIPT), "which reloads once a site is built");
}

#[test]
fn traversal_attempts_never_leave_the_site() {
    let server = start();
    let secret = server.dir.path().join("secret.txt");
    let attempts = [
        "/../etc/passwd".to_owned(),
        "/../../../../../../etc/passwd".to_owned(),
        "/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        "/%2E%2E/secret.txt".to_owned(),
        "/.%2e/secret.txt".to_owned(),
        "/..%2f..%2fetc%2fpasswd".to_owned(),
        "/%5c..%5c..%5cetc%5cpasswd".to_owned(),
        "/quy-trinh/..%252f..%252fsecret.txt".to_owned(),
        "/%252e%252e/secret.txt".to_owned(),
        "/quy-trinh/\\..\\..\\secret.txt".to_owned(),
        "/quy-trinh/./qt-07/".to_owned(),
        "/index.html%00.css".to_owned(),
        "/bieu-mau/bm-01/..%5c..%5c..%5csecret.txt".to_owned(),
        format!("/{}", encode(&secret.display().to_string())),
        format!("/{}", secret.display()),
        "http://localhost/../etc/passwd".to_owned(),
    ];
    for target in &attempts {
        let reply = get(server.handle.addr(), target);
        assert!(matches!(reply.status, 400 | 404), "{target}: {}", reply.status);
        let text = reply.text();
        assert!(!text.contains("SECRET") && !text.contains("root:"), "{target}: {text}");
    }
    assert_eq!(get(server.handle.addr(), "/../etc/passwd").status, 400);
    assert_eq!(get(server.handle.addr(), "/%2e%2e/").status, 400);
    assert_eq!(get(server.handle.addr(), "/..%2f").status, 400);
    assert_eq!(get(server.handle.addr(), "/%5c..%5c").status, 400);
    assert_eq!(get(server.handle.addr(), "/quy-trinh/..%252f..%252f").status, 404);
}

#[test]
fn head_sends_the_headers_of_get_without_a_body() {
    let server = start();
    for target in ["/", &encode("/bieu-mau/bm-01/Hướng dẫn.pdf"), "/nowhere"] {
        let full = get(server.handle.addr(), target);
        let head = request(server.handle.addr(), "HEAD", target, "");
        assert_eq!(head.status, full.status, "{target}");
        assert!(head.body.is_empty(), "{target}: {:?}", head.text());
        assert_eq!(head.header("content-length"), Some(full.body.len().to_string().as_str()), "{target}");
        assert_eq!(head.header("content-type"), full.header("content-type"), "{target}");
        assert_eq!(head.header("etag"), full.header("etag"), "{target}");
    }
}

#[test]
fn a_matching_etag_answers_304() {
    let server = start();
    let addr = server.handle.addr();
    let first = get(addr, "/assets/style.3f2a.css");
    let etag = first.header("etag").unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10, "a strong tag: {etag}");
    for header in [etag.clone(), format!("W/{etag}"), format!("\"other\", {etag}"), "*".to_owned()] {
        let reply = request(addr, "GET", "/assets/style.3f2a.css", &format!("If-None-Match: {header}\r\n"));
        assert_eq!(reply.status, 304, "{header}");
        assert!(reply.body.is_empty());
        assert_eq!(reply.header("etag"), Some(etag.as_str()));
    }
    let changed = request(addr, "GET", "/assets/style.3f2a.css", "If-None-Match: \"other\"\r\n");
    assert_eq!(changed.status, 200);
    assert_ne!(get(addr, "/").header("etag"), Some(etag.as_str()));
}

#[test]
fn other_methods_and_request_bodies_are_refused() {
    let server = start();
    let addr = server.handle.addr();
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let reply = request(addr, method, "/", "Content-Length: 0\r\n");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    // Small enough to arrive with the head: a bigger unread body would make the server's close
    // reset the connection, which may discard the reply before the client reads it.
    let body = "x".repeat(1000);
    let reply =
        send(addr, format!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    assert_eq!(reply.status, 413);
}

#[test]
fn oversized_or_malformed_requests_are_refused() {
    let server = start();
    let addr = server.handle.addr();
    let long_uri = format!("/{}", "a".repeat(9 * 1024));
    assert_eq!(get(addr, &long_uri).status, 414);
    let big_header = format!("X-Big: {}\r\n", "b".repeat(17 * 1024));
    assert_eq!(request(addr, "GET", "/", &big_header).status, 431);
    let huge_header = format!("X-Huge: {}\r\n", "h".repeat(64 * 1024));
    assert_eq!(request(addr, "GET", "/", &huge_header).status, 431);
    assert_eq!(send(addr, b"NOT HTTP AT ALL\r\n\r\n").status, 400);
    assert_eq!(get(addr, "/").status, 200, "the server still answers");
}

fn problems() -> Vec<Diagnostic> {
    let file: Arc<Path> = Arc::from(PathBuf::from("content/procedures/QT-07.md").as_path());
    let at = |line, column| Loc { file: file.clone(), line, column, span: (0, 0) };
    vec![
        Diagnostic::error(
            at(3, 12),
            "invalid-value",
            sotay::tr!(
                "revision phải là số, không phải <script>alert(\"x\")</script> & 'hai'",
                "revision must be a number, not <script>alert(\"x\")</script> & 'hai'"
            ),
        )
        .with_help(sotay::tr!("viết revision = <n>", "write revision = <n>")),
        Diagnostic::warning(
            at(9, 1),
            "unknown-legal-number",
            sotay::tr!("không có văn bản \"19/2014\" trong <legal/>", "no law named \"19/2014\" in <legal/>"),
        ),
        Diagnostic::note(at(1, 1), "no-history", sotay::tr!("không có lịch sử", "history is unavailable")),
    ]
}

#[test]
fn errors_show_an_overlay_listing_every_problem_until_a_clean_build() {
    let server = start();
    let addr = server.handle.addr();
    server.live.publish(snapshot(&server.site, problems(), 2));
    for target in ["/", "/quy-trinh/qt-07/", "/nowhere"] {
        let text = get(addr, target).text();
        let overlay = text.find("<div id=\"sotay-overlay\"").unwrap_or_else(|| panic!("{target}: {text}"));
        assert!(text[..overlay].ends_with('>') && text[..overlay].contains("<body"), "{target}: after <body…>");
        assert!(text.contains("Bản dựng lỗi — đang hiển thị bản tốt gần nhất"), "{text}");
        assert!(text.contains("1 lỗi, 1 cảnh báo"), "{text}");
        assert!(text.contains("content/procedures/QT-07.md:3:12"), "{text}");
        assert!(text.contains("content/procedures/QT-07.md:9:1"), "{text}");
        assert!(
            text.contains("không phải &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;hai&#39;"),
            "{text}"
        );
        assert!(text.contains("cách sửa:</em> viết revision = &lt;n&gt;"), "{text}");
        assert!(text.contains("không có văn bản &quot;19/2014&quot; trong &lt;legal/&gt;"), "{text}");
        assert!(text.contains("<div id=\"sotay-overlay\" lang=\"vi\""), "{text}");
        assert!(text.contains(">lỗi<") && text.contains(">cảnh báo<"), "severity in words: {text}");
        assert!(!text.contains("<script>alert"), "nothing unescaped");
        assert!(!text.contains("không có lịch sử"), "notes are not shown");
        assert!(text.contains(LIVE_SCRIPT));
    }
    assert!(!get(addr, "/assets/style.3f2a.css").text().contains("sotay-overlay"), "only HTML");
    let listed: serde_json::Value = serde_json::from_slice(&get(addr, "/__sotay/diagnostics.json").body).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(3));
    assert_eq!(listed[0]["severity"], "error");
    assert!(listed[0]["message"].as_str().is_some_and(|m| m.starts_with("revision phải là số")), "{listed}");
    assert_eq!(listed[0]["line"], 3);

    let warnings_only: Vec<Diagnostic> = problems().into_iter().skip(1).collect();
    server.live.publish(snapshot(&server.site, warnings_only, 3));
    assert!(!get(addr, "/").text().contains("sotay-overlay"), "gone after a build without errors");
    let listed: serde_json::Value = serde_json::from_slice(&get(addr, "/__sotay/diagnostics.json").body).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}

#[test]
fn the_live_script_is_served() {
    let server = start();
    let reply = get(server.handle.addr(), "/__sotay/live.js");
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("text/javascript; charset=utf-8")));
    let text = reply.text();
    assert!(text.contains("new EventSource('/__sotay/events')"), "{text}");
    assert!(text.contains("sessionStorage") && text.contains("scrollY"), "{text}");
}

/// Reads from `stream` until `needle` has arrived, failing after `TIMEOUT`.
fn read_until(stream: &mut TcpStream, seen: &mut Vec<u8>, needle: &str) {
    let deadline = Instant::now() + TIMEOUT;
    let mut buffer = [0; 4096];
    while !String::from_utf8_lossy(seen).contains(needle) {
        assert!(Instant::now() < deadline, "no {needle:?} in {:?}", String::from_utf8_lossy(seen));
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "stream ended before {needle:?}: {:?}", String::from_utf8_lossy(seen));
        seen.extend_from_slice(&buffer[..n]);
    }
}

#[test]
fn publishing_sends_a_reload_event_to_open_pages() {
    let server = start();
    let mut stream = connect(server.handle.addr());
    stream.write_all(b"GET /__sotay/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    read_until(&mut stream, &mut seen, "event: hello\ndata: 1\n");
    let text = String::from_utf8_lossy(&seen).into_owned();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.to_ascii_lowercase().contains("content-type: text/event-stream"), "{text}");

    server.live.publish(snapshot(&server.site, Vec::new(), 7));
    read_until(&mut stream, &mut seen, "event: reload\ndata: 7\n");
    server.live.publish(snapshot(&server.site, problems(), 8));
    read_until(&mut stream, &mut seen, "event: reload\ndata: 8\n");
}

#[test]
fn stopping_ends_open_event_streams_and_frees_the_port() {
    let server = start();
    let addr = server.handle.addr();
    let mut stream = connect(addr);
    stream.write_all(b"GET /__sotay/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    read_until(&mut stream, &mut seen, "event: hello");
    let Server { handle, .. } = server;
    handle.stop().unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    let again = bind(&ServerConfig { bind: addr.ip(), port: addr.port() });
    assert!(again.is_ok(), "the port is free again: {:?}", again.err());
}

#[test]
fn a_port_in_use_suggests_a_free_one() {
    let server = start();
    let taken = server.handle.addr();
    let err = bind(&ServerConfig { bind: taken.ip(), port: taken.port() }).unwrap_err();
    let Error::PortInUse { addr, free: Some(free) } = &err else { panic!("{err:?}") };
    assert_eq!(*addr, taken);
    assert!(*free > taken.port(), "{free}");
    assert_eq!(err.to_string(), format!("{taken} is in use; try --port {free}"));
}

#[test]
fn a_thousand_concurrent_connections_are_all_answered() {
    let server = start();
    let addr = server.handle.addr();
    // Every connection is open, with its request sent, before any answer is read.
    let mut streams: Vec<TcpStream> = (0..1000)
        .map(|i| {
            let mut stream = connect(addr);
            let target = if i % 2 == 0 { "/" } else { "/assets/style.3f2a.css" };
            stream
                .write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
                .unwrap();
            stream
        })
        .collect();
    for (i, stream) in streams.iter_mut().enumerate() {
        assert_eq!(read_reply(stream).status, 200, "connection {i}");
    }
}

/// The status of the reply to `raw`, or `None` when the server closes without one.
fn status_of(addr: SocketAddr, raw: &[u8]) -> Option<u16> {
    let mut stream = connect(addr);
    stream.write_all(raw).ok()?;
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let line = String::from_utf8_lossy(&bytes).lines().next().map(str::to_owned)?;
    line.split(' ').nth(1)?.parse().ok()
}

#[test]
fn more_malformed_requests_get_a_4xx_and_the_server_lives_on() {
    let server = start();
    let addr = server.handle.addr();
    let malformed: Vec<(&str, Vec<u8>)> = vec![
        ("a header without a colon", b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n".to_vec()),
        ("a NUL in a header", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n".to_vec()),
        ("a space in the target", b"GET /a b/c HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("an unknown version", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec()),
        (
            "a bad chunked body",
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nx\r\n0\r\n\r\n".to_vec(),
        ),
        (
            "two content lengths",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab".to_vec(),
        ),
        ("binary noise", (0..=255u8).cycle().take(2048).collect()),
        ("a 100,000-byte request line", format!("GET /{} HTTP/1.1\r\n\r\n", "x".repeat(100_000)).into_bytes()),
        ("10,000 headers", format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(10_000)).into_bytes()),
    ];
    for (what, raw) in &malformed {
        match status_of(addr, raw) {
            Some(status) => assert!((400..500).contains(&status), "{what}: {status}"),
            None => panic!("{what}: closed without an answer"),
        }
    }
    assert_eq!(get(addr, "/").status, 200, "the server still answers");
}

#[test]
fn the_preview_listens_on_loopback_unless_told_otherwise() {
    use clap::Parser;
    let cli = sotay::cli::Cli::try_parse_from(["sotay", "serve"]).unwrap();
    let sotay::cli::Command::Serve { bind, .. } = cli.command else { panic!("not serve") };
    assert!(bind.is_loopback(), "{bind}");
    let shared = sotay::cli::Cli::try_parse_from(["sotay", "serve", "--bind", "0.0.0.0"]).unwrap();
    let sotay::cli::Command::Serve { bind, .. } = shared.command else { panic!("not serve") };
    assert!(bind.is_unspecified(), "only when asked");
}
