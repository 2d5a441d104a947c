//! The example site served by real nginx and Caddy with the configurations kept in the
//! repository (deploy/nginx.conf, deploy/Caddyfile), checked from outside over HTTP (issue 25):
//! every page of the sitemap and every file of the manifest answers 200 with its Content-Type
//! and the bytes the manifest's SHA-256 names; the precompressed .gz and .br files are sent as
//! they are to a client that accepts them; an unknown path answers the site's 404 page with
//! status 404; a folder without its slash redirects; the staging folder, lock and build record
//! beside the output are never served; hashed assets are cached for a year and pages revalidated.
//!
//! Each server is started by the test itself on a free loopback port, with its pid, logs and
//! temporary files in a temporary folder, as root or not. A missing server fails the test under
//! CI (`CI` set to `true` or `1`) and elsewhere prints a `SKIPPED` line naming what to install.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Where the example publishes (its base_url is https://example.gov.vn/iso/).
const ORIGIN: &str = "https://example.gov.vn";
const BASE: &str = "/iso/";

/// A server process, stopped when the test ends however it ends.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `command` and waits until it accepts connections on `port`.
    fn start(mut command: Command, port: u16, log: PathBuf) -> Server {
        let child = command.stdout(Stdio::null()).stderr(Stdio::from(log_file(&log))).spawn().expect("start server");
        let mut server = Server { child, port, log };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server stopped ({status}) before it listened:\n{}", server.logs());
            }
            assert!(started.elapsed() < Duration::from_secs(20), "the server did not listen:\n{}", server.logs());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Everything the server wrote to its logs, for a failure's message.
    fn logs(&self) -> String {
        let dir = self.log.parent().expect("the log is in the temporary folder");
        ["server.log", "error.log"].iter().map(|n| std::fs::read_to_string(dir.join(n)).unwrap_or_default()).collect()
    }
}

fn log_file(path: &Path) -> std::fs::File {
    std::fs::File::create(path).expect("create the server's log")
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// Whether the process runs as root (nginx then needs telling which user its workers are).
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn find_program(name: &str, usual: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    std::iter::once(PathBuf::from(usual)).chain(on_path.map(|dir| dir.join(name))).find(|p| p.is_file())
}

/// Under CI a missing server fails the test; elsewhere it is skipped with a line written straight
/// to the terminal (past the test harness's capture), so the skip is seen.
fn skip_or_fail(test: &str, missing: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "{test} needs {missing} (.ci/run installs it)");
    let line = format!("\nSKIPPED {test}: it needs {missing}; install it or run .ci/run (under CI=true this fails)\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}

/// `text` with `from` replaced by `to`, which must be there: a configuration that no longer has
/// the line the test adapts fails the test rather than being served unadapted.
fn adapt(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the configuration no longer has {from:?}");
    text.replace(from, to)
}

/// The example built with the real binary into `www/iso`, with .gz and .br copies, and what a
/// build keeps beside its output (as a build running or killed would leave it) put there too.
fn build_example(www: &Path) {
    let out = www.join("iso");
    let built = sotay()
        .args(["build", content_example().to_str().unwrap(), "--out", out.to_str().unwrap()])
        .args(["--precompress", "gzip,br", "--date", "2026-06-01", "--quiet"])
        .output()
        .expect("run sotay build");
    assert!(built.status.success(), "sotay build failed:\n{}", show(&built));
    for (name, text) in [(".sotay-iso.lock", "4242\n"), (".sotay-iso.state", "inputs secret\n")] {
        write(www, name, text);
    }
    write(www, ".sotay-iso.staging-4242/index.html", "STAGED, NOT PUBLISHED");
    write(www, ".sotay-iso.old-4242/index.html", "OLD OUTPUT");
    assert!(out.join(".sotay-output").is_file(), "the build leaves its marker in the output");
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("read the repository's file")
}

/// nginx with deploy/nginx.conf's server inside a main configuration of the test's own.
fn start_nginx(nginx: &Path, dir: &Path, www: &Path) -> Server {
    let port = free_port();
    let mut server = repo_file("deploy/nginx.conf");
    server = adapt(&server, "    listen 80;\n", &format!("    listen 127.0.0.1:{port};\n"));
    server = adapt(&server, "    listen [::]:80;\n", "");
    server = adapt(&server, "root /var/www/sotay;", &format!("root {};", www.display()));
    let d = dir.display();
    let user = if is_root() { "user root root;\n" } else { "" };
    let temp: String = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .iter()
        .map(|t| format!("    {t}_temp_path {d}/{t};\n"))
        .collect();
    let main = format!(
        "{user}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         include /etc/nginx/modules-enabled/*.conf;\nevents {{ worker_connections 64; }}\n\
         http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n\
         access_log off;\n{temp}{server}}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), main).unwrap();
    let mut command = Command::new(nginx);
    // No -p: the modules Debian enables are named relative to its own prefix.
    command.arg("-c").arg(dir.join("nginx.conf")).arg("-e").arg(dir.join("error.log"));
    Server::start(command, port, dir.join("server.log"))
}

/// Caddy with deploy/Caddyfile, its address made a loopback port, without its admin endpoint,
/// automatic HTTPS or any state outside the temporary folder.
fn start_caddy(caddy: &Path, dir: &Path, www: &Path) -> Server {
    let port = free_port();
    let mut site = repo_file("deploy/Caddyfile");
    site = adapt(&site, "example.gov.vn {", &format!("http://127.0.0.1:{port} {{"));
    site = adapt(&site, "root * /var/www/sotay", &format!("root * {}", www.display()));
    let d = dir.display();
    let global = format!("{{\n\tadmin off\n\tauto_https off\n\tstorage file_system {d}/data\n}}\n");
    std::fs::write(dir.join("Caddyfile"), global + &site).unwrap();
    let mut command = Command::new(caddy);
    command.args(["run", "--adapter", "caddyfile", "--config"]).arg(dir.join("Caddyfile"));
    command.env("HOME", dir).env("XDG_DATA_HOME", dir.join("data")).env("XDG_CONFIG_HOME", dir.join("config"));
    Server::start(command, port, dir.join("server.log"))
}

/// One answer, read whole, its encoding left as sent.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A client that follows no redirect, sends no Accept-Encoding of its own and decodes nothing.
fn client() -> ureq::Agent {
    ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into()
}

fn get(agent: &ureq::Agent, url: &str, accept_encoding: Option<&str>) -> Answer {
    let mut request = agent.get(url);
    if let Some(encoding) = accept_encoding {
        request = request.header("Accept-Encoding", encoding);
    }
    let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = response.body_mut().with_config().limit(256 << 20).read_to_vec().unwrap_or_default();
    Answer { status: response.status().as_u16(), headers, body }
}

/// The media type a file of the site must be sent with, by its extension.
fn expected_type(path: &str) -> Option<&'static [&'static str]> {
    let ext = path.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "html" => &["text/html"],
        "css" => &["text/css"],
        "js" | "mjs" => &["application/javascript", "text/javascript"],
        "json" => &["application/json"],
        "xml" => &["text/xml", "application/xml", "application/atom+xml"],
        "svg" => &["image/svg+xml"],
        "docx" => &["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        "xlsx" => &["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        "pdf" => &["application/pdf"],
        "csv" => &["text/csv"],
        "txt" => &["text/plain"],
        _ => return None,
    })
}

/// Checks the served site, returning every failure.
fn check_served(server: &Server, out: &Path) -> Vec<String> {
    let agent = client();
    let mut failures = Vec::new();
    failures.extend(check_manifest_files(server, &agent, out));
    failures.extend(check_sitemap_pages(server, &agent, out));
    failures.extend(check_precompressed(server, &agent, out));
    failures.extend(check_errors_and_redirects(server, &agent, out));
    failures.extend(check_hidden(server, &agent));
    failures.extend(check_caching(server, &agent, out));
    failures
}

fn manifest(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

/// Every file the manifest lists: 200, its media type, and bytes whose SHA-256 is the listed one.
fn check_manifest_files(server: &Server, agent: &ureq::Agent, out: &Path) -> Vec<String> {
    let manifest = manifest(out);
    let files = manifest["files"].as_array().expect("the manifest lists files");
    let mut failures = Vec::new();
    for file in files {
        let path = file["path"].as_str().unwrap();
        let answer = get(agent, &server.url(&format!("{BASE}{}", encode(path))), None);
        let content_type = answer.header("Content-Type").unwrap_or("");
        if answer.status != 200 {
            failures.push(format!("{path}: status {}", answer.status));
            continue;
        }
        if let Some(types) = expected_type(path) {
            if !types.iter().any(|t| content_type.starts_with(t)) {
                failures.push(format!("{path}: Content-Type {content_type:?}, expected one of {types:?}"));
            }
        }
        if sha256_hex(&answer.body) != file["sha256"].as_str().unwrap() {
            failures.push(format!("{path}: the bytes served are not the ones the manifest lists"));
        }
    }
    for kind in ["html", "css", "js", "json", "xml", "svg", "docx", "xlsx", "pdf", "gz", "br"] {
        if !files.iter().any(|f| f["path"].as_str().unwrap().ends_with(&format!(".{kind}"))) {
            failures.push(format!("the example's manifest lists no .{kind} file to check"));
        }
    }
    failures
}

/// Every page of the sitemap, under the sub-path: 200, HTML.
fn check_sitemap_pages(server: &Server, agent: &ureq::Agent, out: &Path) -> Vec<String> {
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let urls: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(urls.len() > 20, "the sitemap lists the example's pages: {}", urls.len());
    let mut failures = Vec::new();
    for url in urls {
        let Some(path) = url.strip_prefix(ORIGIN).filter(|p| p.starts_with(BASE)) else {
            failures.push(format!("{url}: not under {ORIGIN}{BASE}"));
            continue;
        };
        let answer = get(agent, &server.url(path), None);
        let content_type = answer.header("Content-Type").unwrap_or("");
        if answer.status != 200 || !content_type.starts_with("text/html") {
            failures.push(format!("{path}: status {}, Content-Type {content_type:?}", answer.status));
        }
    }
    failures
}

/// Text files asked for with gzip or br: the precompressed file sent as it is, which decodes
/// to the original.
fn check_precompressed(server: &Server, agent: &ureq::Agent, out: &Path) -> Vec<String> {
    let css = find_asset(out, "style.", ".css");
    let mut failures = Vec::new();
    for path in ["index.html", "quy-trinh/qt-07/index.html", "api/index.json", "sitemap.xml", css.as_str()] {
        let original = std::fs::read(out.join(path)).unwrap();
        for (encoding, ext) in [("gzip", "gz"), ("br", "br")] {
            let on_disk = std::fs::read(out.join(format!("{path}.{ext}")));
            let Ok(on_disk) = on_disk else {
                failures.push(format!("{path}: no .{ext} beside it"));
                continue;
            };
            let answer = get(agent, &server.url(&format!("{BASE}{path}")), Some(&format!("{encoding}, identity")));
            let sent = answer.header("Content-Encoding").unwrap_or("");
            let content_type = answer.header("Content-Type").unwrap_or("");
            if answer.status != 200 || sent != encoding || answer.body != on_disk {
                failures.push(format!(
                    "{path} with Accept-Encoding {encoding}: status {}, Content-Encoding {sent:?}, the .{ext} file sent: {}",
                    answer.status,
                    answer.body == on_disk
                ));
            } else if decode(encoding, &answer.body) != original {
                failures.push(format!("{path}.{ext} does not decode to {path}"));
            }
            if !expected_type(path).unwrap().iter().any(|t| content_type.starts_with(t)) {
                failures.push(format!("{path} sent as {encoding}: Content-Type {content_type:?}"));
            }
        }
    }
    failures
}

fn decode(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let read = match encoding {
        "gzip" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
        _ => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out),
    };
    read.map(|_| out).unwrap_or_default()
}

/// An unknown path: the site's 404 page, status 404. A folder without its slash: a redirect to it.
fn check_errors_and_redirects(server: &Server, agent: &ureq::Agent, out: &Path) -> Vec<String> {
    let not_found = std::fs::read(out.join("404.html")).unwrap();
    let mut failures = Vec::new();
    for path in ["/iso/khong-co-trang-nay/", "/iso/quy-trinh/qt-99/", "/iso/assets/khong-co.css"] {
        let answer = get(agent, &server.url(path), None);
        if answer.status != 404 || answer.body != not_found {
            failures.push(format!(
                "{path}: status {}, the site's 404 page: {}",
                answer.status,
                answer.body == not_found
            ));
        }
    }
    for folder in ["/iso", "/iso/quy-trinh", "/iso/quy-trinh/qt-07"] {
        let answer = get(agent, &server.url(folder), None);
        let location = answer.header("Location").unwrap_or("");
        let redirected = matches!(answer.status, 301 | 302 | 307 | 308) && location.ends_with(&format!("{folder}/"));
        if !redirected {
            failures.push(format!("{folder}: status {}, Location {location:?}", answer.status));
        }
    }
    failures
}

/// What sotay keeps beside (and in) the output is never served, with or without encodings.
fn check_hidden(server: &Server, agent: &ureq::Agent) -> Vec<String> {
    let mut failures = Vec::new();
    let hidden = [
        "/.sotay-iso.lock",
        "/.sotay-iso.state",
        "/.sotay-iso.staging-4242/index.html",
        "/.sotay-iso.staging-4242/",
        "/.sotay-iso.old-4242/index.html",
        "/iso/.sotay-output",
        "/%2Esotay-iso.lock",
    ];
    for path in hidden {
        for encoding in [None, Some("gzip, br")] {
            let answer = get(agent, &server.url(path), encoding);
            let leaked = ["4242", "secret", "STAGED", "OLD OUTPUT", "written by sotay"]
                .iter()
                .any(|word| contains_bytes(&answer.body, word));
            if !matches!(answer.status, 403 | 404) || leaked {
                failures.push(format!("{path}: status {}, content leaked: {leaked}", answer.status));
            }
        }
    }
    failures
}

/// Hashed assets: a year, immutable. Pages, feeds and JSON: asked again each time, with a
/// validator for a 304.
fn check_caching(server: &Server, agent: &ureq::Agent, out: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    for asset in [find_asset(out, "style.", ".css"), find_asset(out, "search.", ".js")] {
        for encoding in [None, Some("gzip"), Some("br")] {
            let answer = get(agent, &server.url(&format!("{BASE}{asset}")), encoding);
            let cache = answer.header("Cache-Control").unwrap_or("");
            if !(cache.contains("max-age=31536000") && cache.contains("immutable")) {
                failures.push(format!("{asset} ({encoding:?}): Cache-Control {cache:?}"));
            }
        }
    }
    for path in ["/iso/", "/iso/quy-trinh/qt-07/", "/iso/thay-doi/atom.xml", "/iso/api/index.json"] {
        for encoding in [None, Some("gzip")] {
            let answer = get(agent, &server.url(path), encoding);
            let cache = answer.header("Cache-Control").unwrap_or("");
            let validator = answer.header("ETag").or(answer.header("Last-Modified"));
            if !cache.contains("no-cache") || cache.contains("max-age=31536000") || validator.is_none() {
                failures.push(format!("{path} ({encoding:?}): Cache-Control {cache:?}, validator {validator:?}"));
            }
        }
    }
    failures
}

/// The path under the output of the theme asset named `prefix<hash>suffix`.
fn find_asset(out: &Path, prefix: &str, suffix: &str) -> String {
    let names = std::fs::read_dir(out.join("assets")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap());
    let name = names
        .filter(|n| n.starts_with(prefix) && n.ends_with(suffix))
        .min()
        .unwrap_or_else(|| panic!("no assets/{prefix}…{suffix}"));
    format!("assets/{name}")
}

fn encode(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, &PATH).to_string()
}

/// What a path segment may not hold as is; `/` stays a separator.
const PATH: percent_encoding::AsciiSet =
    percent_encoding::NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'_').remove(b'.').remove(b'~');

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The example built, served by `start`, and checked.
fn serve_and_check(start: impl FnOnce(&Path, &Path) -> Server) {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    build_example(&www);
    let server_dir = dir.path().join("server");
    std::fs::create_dir_all(&server_dir).unwrap();
    let server = start(&server_dir, &www);
    let failures = check_served(&server, &www.join("iso"));
    assert!(
        failures.is_empty(),
        "{} problems:\n{}\nserver logs:\n{}",
        failures.len(),
        failures.join("\n"),
        server.logs()
    );
}

#[test]
fn nginx_serves_the_example_with_the_recommended_configuration() {
    let test = "nginx_serves_the_example_with_the_recommended_configuration";
    let Some(nginx) = find_program("nginx", "/usr/sbin/nginx") else {
        return skip_or_fail(test, "nginx (`apt-get install nginx libnginx-mod-http-brotli-static`)");
    };
    if !Path::new("/etc/nginx/modules-enabled")
        .read_dir()
        .is_ok_and(|mut d| d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().contains("brotli-static"))))
    {
        return skip_or_fail(test, "nginx's Brotli module (`apt-get install libnginx-mod-http-brotli-static`)");
    }
    serve_and_check(|dir, www| start_nginx(&nginx, dir, www));
}

#[test]
fn caddy_serves_the_example_with_the_recommended_configuration() {
    let test = "caddy_serves_the_example_with_the_recommended_configuration";
    let Some(caddy) = find_program("caddy", "/usr/bin/caddy") else {
        return skip_or_fail(test, "Caddy (`apt-get install caddy`)");
    };
    serve_and_check(|dir, www| start_caddy(&caddy, dir, www));
}
