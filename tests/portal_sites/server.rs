//! A small HTTP/1.1 server for the portal's tests: it serves the folders of published sites
//! (each agency at `/<slug>/`) on 127.0.0.1, answers `If-None-Match` with 304 (its ETag is the
//! file's SHA-256), counts the requests it gets, and can make one agency slow, fail with a
//! status, answer with an HTML page, or redirect elsewhere.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server answers for one agency.
#[derive(Clone, Debug)]
pub enum Behaviour {
    Slow(Duration),
    Status(u16),
    Html,
    RedirectTo(String),
}

#[derive(Default)]
struct Shared {
    behaviours: HashMap<String, Behaviour>,
    requests: usize,
}

pub struct Server {
    port: u16,
    shared: Arc<Mutex<Shared>>,
}

impl Server {
    /// Serves `root` (a folder of published sites, one per slug) until the test ends.
    pub fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("the local address").port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, state) = (root.clone(), state.clone());
                std::thread::spawn(move || answer(stream, &root, &state));
            }
        });
        Server { port, shared }
    }

    /// The address of an agency's site.
    pub fn address(&self, slug: &str) -> String {
        format!("http://127.0.0.1:{}/{slug}/", self.port)
    }

    pub fn set(&self, slug: &str, behaviour: Behaviour) {
        self.shared.lock().unwrap().behaviours.insert(slug.to_owned(), behaviour);
    }

    /// Requests received so far.
    pub fn requests(&self) -> usize {
        self.shared.lock().unwrap().requests
    }
}

fn answer(stream: TcpStream, root: &Path, state: &Mutex<Shared>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").trim_start_matches('/').to_owned();
    let mut if_none_match = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_owned());
            }
        }
    }
    let slug = path.split('/').next().unwrap_or_default().to_owned();
    let behaviour = {
        let mut shared = state.lock().unwrap();
        shared.requests += 1;
        shared.behaviours.get(&slug).cloned()
    };
    let reply = match behaviour {
        Some(Behaviour::Status(code)) => (code, Vec::new(), Vec::new()),
        Some(Behaviour::Html) => (
            200,
            vec![("Content-Type", "text/html".to_owned())],
            "<html><body>Trang tạm ngừng</body></html>".as_bytes().to_vec(),
        ),
        Some(Behaviour::RedirectTo(to)) => (302, vec![("Location", to)], Vec::new()),
        Some(Behaviour::Slow(pause)) => {
            std::thread::sleep(pause);
            serve(root, &path, if_none_match.as_deref())
        }
        None => serve(root, &path, if_none_match.as_deref()),
    };
    let (code, headers, body) = reply;
    let mut head = format!("HTTP/1.1 {code} X\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
}

type Reply = (u16, Vec<(&'static str, String)>, Vec<u8>);

fn serve(root: &Path, path: &str, if_none_match: Option<&str>) -> Reply {
    if path.split('/').any(|p| p == "..") {
        return (400, Vec::new(), Vec::new());
    }
    let Ok(bytes) = std::fs::read(root.join(path)) else { return (404, Vec::new(), Vec::new()) };
    let etag = format!("\"{}\"", sotay::digest::sha256(&bytes));
    if if_none_match == Some(etag.as_str()) {
        return (304, vec![("ETag", etag)], Vec::new());
    }
    let kind = match path.rsplit('.').next() {
        Some("json") => "application/json",
        Some("js") => "text/javascript",
        Some("xml") => "application/atom+xml",
        _ => "text/html",
    };
    (200, vec![("ETag", etag), ("Content-Type", kind.to_owned())], bytes)
}
