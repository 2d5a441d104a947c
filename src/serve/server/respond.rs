//! One request, one response: limits and methods are checked first, `/__sotay/…` is the
//! server's own (live script, event stream, diagnostics), and everything else is looked up in
//! the current snapshot's site. Responses carry a strong `ETag` so unchanged files answer 304.

use std::borrow::Cow;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION, TRANSFER_ENCODING,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioTimer;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use super::paths::{self, Lookup};
use super::{events, inject, mime, Live, Snapshot};
use crate::render::Output;

/// The live-reload script every page loads.
const LIVE_JS: &str = include_str!("../live.js");

/// The longest request target accepted.
const MAX_URI: usize = 8 * 1024;
/// The most header bytes (names and values) accepted.
const MAX_HEADERS: usize = 16 * 1024;
/// hyper refuses (431) a request head longer than this before it reaches us.
const MAX_HEAD: usize = MAX_URI + MAX_HEADERS + 1024;

/// What every request needs.
pub struct AppState {
    pub live: Arc<Live>,
    /// Names this server run, see [`events`].
    pub boot: u64,
    /// Becomes `true` when the server stops.
    pub stop: watch::Receiver<bool>,
}

/// The whole application: one handler for every path and method.
pub fn router(state: AppState) -> Router {
    Router::new().fallback(handle).with_state(Arc::new(state))
}

/// HTTP/1.1 settings: bounded request heads, and a deadline for sending them.
pub fn http1() -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .max_header_size(MAX_HEAD)
        .max_buf_size(MAX_HEAD + 8 * 1024);
    builder
}

async fn handle(State(state): State<Arc<AppState>>, request: Request) -> Response {
    // The body is never read: requests with one are refused.
    let (request, _) = request.into_parts();
    let mut response = respond(&state, &request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if request.method == Method::HEAD {
        strip_body(response)
    } else {
        response
    }
}

async fn respond(state: &AppState, request: &Parts) -> Response {
    if let Some(refusal) = refuse(request) {
        return refusal;
    }
    let path = request.uri.path();
    if let Some(name) = path.strip_prefix("/__sotay/") {
        return internal(state, name, request).await;
    }
    let snapshot = state.live.current();
    match paths::lookup(&snapshot.site, path) {
        Lookup::File(key) => file(&snapshot, &key, request).await,
        Lookup::AddSlash => add_slash(&request.uri),
        Lookup::NotFound => not_found(&snapshot).await,
        Lookup::Refused => plain(StatusCode::BAD_REQUEST, "400 Đường dẫn không hợp lệ (bad request path)\n"),
    }
}

/// A response for requests that are too big or of a kind this server does not answer.
fn refuse(request: &Parts) -> Option<Response> {
    let uri = &request.uri;
    let uri_len =
        uri.path_and_query().map_or(0, |p| p.as_str().len()) + uri.authority().map_or(0, |a| a.as_str().len());
    if uri_len > MAX_URI {
        return Some(plain(StatusCode::URI_TOO_LONG, "414 Đường dẫn quá dài (URI too long)\n"));
    }
    let header_len: usize = request.headers.iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    if header_len > MAX_HEADERS {
        return Some(plain(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "431 Tiêu đề quá lớn (headers too large)\n"));
    }
    if request.method != Method::GET && request.method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Chỉ hỗ trợ GET và HEAD (method not allowed)\n");
        response.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(response);
    }
    if has_body(&request.headers) {
        let mut response = plain(StatusCode::PAYLOAD_TOO_LARGE, "413 Không nhận nội dung yêu cầu (no request body)\n");
        // The body is left unread, so the connection cannot carry another request.
        response.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
        return Some(response);
    }
    None
}

fn has_body(headers: &HeaderMap) -> bool {
    let length = headers.get(CONTENT_LENGTH).map(|v| v.to_str().ok().and_then(|s| s.trim().parse::<u64>().ok()));
    headers.contains_key(TRANSFER_ENCODING) || length.is_some_and(|length| length != Some(0))
}

async fn internal(state: &AppState, name: &str, request: &Parts) -> Response {
    match name {
        "live.js" => cacheable(request, mime::JAVASCRIPT, LIVE_JS.as_bytes().to_vec()),
        "events" => events::events(&state.live, state.boot, &state.stop),
        "diagnostics.json" => match serde_json::to_vec_pretty(&shown_diagnostics(&state.live.current())) {
            Ok(json) => cacheable(request, mime::JSON, json),
            Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "500 cannot list the diagnostics\n"),
        },
        _ => not_found(&state.live.current()).await,
    }
}

/// The latest run's diagnostics as JSON, worded in the snapshot's language.
fn shown_diagnostics(snapshot: &Snapshot) -> Vec<serde_json::Value> {
    snapshot.diagnostics.iter().map(|d| d.to_json(snapshot.lang)).collect()
}

async fn file(snapshot: &Snapshot, key: &str, request: &Parts) -> Response {
    let Some(output) = snapshot.site.files.get(key) else { return not_found(snapshot).await };
    let bytes = match read(output).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let message = format!("500 Không đọc được tệp của {key} (cannot read the file; rebuild the site)\n");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, message);
        }
    };
    let content_type = mime::content_type(key);
    let body = if content_type == mime::HTML {
        inject::decorate(&bytes, inject::overlay(&snapshot.diagnostics, snapshot.lang).as_deref())
    } else {
        bytes.into_owned()
    };
    cacheable(request, content_type, body)
}

/// A file's bytes; a copied file is read from the path the build recorded, never from one made
/// from the request.
async fn read(output: &Output) -> io::Result<Cow<'_, [u8]>> {
    match output {
        Output::Bytes(bytes) => Ok(Cow::Borrowed(&bytes[..])),
        Output::Copy(path) => {
            let path = path.clone();
            match tokio::task::spawn_blocking(move || crate::read::read_published(&path)).await {
                Ok(read) => read.map(Cow::Owned),
                Err(join) => Err(io::Error::other(join)),
            }
        }
        // The server's site is rendered in memory; only `sotay build` stages files.
        Output::Staged { .. } => Err(io::Error::other("a staged file is not served")),
    }
}

const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Không tìm thấy trang</title></head>\n<body>\n<main><h1>Không tìm thấy trang</h1><p>Trang này không có, hoặc sổ tay chưa dựng thành công lần nào.</p></main>\n</body>\n</html>\n";

async fn not_found(snapshot: &Snapshot) -> Response {
    let page = match snapshot.site.files.get("404.html") {
        Some(output) => read(output).await.ok(),
        None => None,
    };
    // Before a first good build there is no 404 page: a plain one still carries the overlay and
    // the live script, so the reader sees what is wrong and the page reloads once it is fixed.
    let page = page.unwrap_or_else(|| Cow::Borrowed(NO_SITE_YET.as_bytes()));
    let body = inject::decorate(&page, inject::overlay(&snapshot.diagnostics, snapshot.lang).as_deref());
    with_type(StatusCode::NOT_FOUND, mime::HTML, body)
}

fn add_slash(uri: &Uri) -> Response {
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let Ok(location) = HeaderValue::try_from(format!("{}/{query}", uri.path())) else {
        return plain(StatusCode::BAD_REQUEST, "400 Đường dẫn không hợp lệ (bad request path)\n");
    };
    let mut response = plain(StatusCode::PERMANENT_REDIRECT, "308 Chuyển sang thư mục (moved to the folder)\n");
    response.headers_mut().insert(LOCATION, location);
    response
}

/// A 200 response with a strong `ETag`, or 304 when the client already has these bytes.
fn cacheable(request: &Parts, content_type: &'static str, body: Vec<u8>) -> Response {
    let digest = Sha256::digest(&body);
    let tag = crate::digest::hex(&digest[..16]);
    let etag = HeaderValue::try_from(format!("\"{tag}\"")).expect("hex digits in quotes are a valid header value");
    let mut response = if none_match(&request.headers, &etag) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        with_type(StatusCode::OK, content_type, body)
    };
    response.headers_mut().insert(ETAG, etag);
    response
}

/// Whether `If-None-Match` lists `etag` (compared weakly, as RFC 9110 asks for this header).
fn none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    headers.get_all(IF_NONE_MATCH).iter().filter_map(|value| value.to_str().ok()).any(|list| {
        list.split(',').map(str::trim).any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == etag)
    })
}

fn with_type(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn plain(status: StatusCode, text: impl Into<String>) -> Response {
    with_type(status, mime::TEXT, text.into())
}

/// The response to HEAD: the headers of GET, with the length the body would have had.
fn strip_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    if parts.status != StatusCode::NOT_MODIFIED && !parts.headers.contains_key(CONTENT_LENGTH) {
        if let Some(length) = body.size_hint().exact() {
            parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
    }
    Response::from_parts(parts, Body::empty())
}
