//! Fetching an agency's published site over HTTP(S) (`url = "https://…/"`), with ureq (blocking,
//! rustls, a proxy from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY` honoured):
//! connect and read timeouts, a few retries with growing pauses for what may pass (a timeout, a
//! refused connection, a 5xx or 429), and a conditional request for manifest.json (ETag →
//! If-None-Match, Last-Modified → If-Modified-Since), so an unchanged agency costs one small
//! request. Redirects are followed only within the agency's address; a page of HTML where a file
//! was asked for, and every other status, are refused with what the server did.

use std::time::Duration;

use super::verify::{Cached, Fetch, Fetched, MANIFEST_BYTES};
use crate::lang::reason;

/// How the portal talks to agencies' servers.
#[derive(Clone, Copy, Debug)]
pub struct HttpOptions {
    /// To connect, and then to receive the answer's head and its body.
    pub timeout: Duration,
    /// Tries after the first for what may pass (a timeout, a 5xx).
    pub retries: u32,
    /// The pause before the first retry; doubled before each next one.
    pub backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions { timeout: Duration::from_secs(20), retries: 2, backoff: Duration::from_millis(500) }
    }
}

/// Redirects followed within the agency's address.
const MAX_REDIRECTS: usize = 5;

/// One agency's site at `address` (absolute, ending in `/`).
pub struct Http {
    address: String,
    agent: ureq::Agent,
    options: HttpOptions,
}

/// One answer.
enum Reply {
    Body { bytes: Vec<u8>, validators: Vec<(String, String)> },
    NotModified,
    NotFound,
}

/// Why a request failed: `retry` when trying again may help.
struct Failure {
    reason: String,
    retry: bool,
}

impl Http {
    pub fn new(address: &str, options: HttpOptions) -> Http {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(options.timeout))
            .timeout_recv_response(Some(options.timeout))
            .timeout_recv_body(Some(options.timeout))
            .user_agent(concat!("sotay/", env!("CARGO_PKG_VERSION"), " (portal)"))
            .build();
        Http { address: address.to_owned(), agent: config.into(), options }
    }

    /// GETs `path`, retrying what may pass.
    fn request(&self, path: &str, headers: &[(&str, &str)], limit: u64) -> Result<Reply, String> {
        let mut pause = self.options.backoff;
        let mut attempt = 0;
        loop {
            match self.follow(path, headers, limit) {
                Ok(reply) => return Ok(reply),
                Err(failure) if failure.retry && attempt < self.options.retries => {
                    std::thread::sleep(pause);
                    (pause, attempt) = (pause * 2, attempt + 1);
                }
                Err(failure) => return Err(failure.reason),
            }
        }
    }

    /// GETs `path`, following redirects that stay within the agency's address.
    fn follow(&self, path: &str, headers: &[(&str, &str)], limit: u64) -> Result<Reply, Failure> {
        let mut url = format!("{}{path}", self.address);
        for _ in 0..=MAX_REDIRECTS {
            match self.once(&url, headers, limit)? {
                Step::Done(reply) => return Ok(reply),
                Step::Redirect(location) => {
                    let next = resolve(&url, &location);
                    if !next.starts_with(&self.address) || next.contains("/../") || next.contains("/./") {
                        return Err(final_failure(
                            format!("{url} chuyển hướng tới {next}, ngoài địa chỉ của cơ quan"),
                            format!("{url} redirects to {next}, outside the agency's address"),
                        ));
                    }
                    url = next;
                }
            }
        }
        Err(final_failure(format!("{url} chuyển hướng quá nhiều lần"), format!("{url} redirects too many times")))
    }

    fn once(&self, url: &str, headers: &[(&str, &str)], limit: u64) -> Result<Step, Failure> {
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.call().map_err(|e| transport(url, &e))?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        match status {
            200 => {
                let html = header("content-type").is_some_and(|t| t.trim_start().starts_with("text/html"));
                if html && !url.ends_with(".html") && !url.ends_with('/') {
                    return Err(final_failure(
                        format!("{url} trả về một trang HTML chứ không phải tệp được hỏi"),
                        format!("{url} answered with an HTML page instead of the file asked for"),
                    ));
                }
                let validators: Vec<(String, String)> = ["etag", "last-modified"]
                    .iter()
                    .filter_map(|name| header(name).map(|value| ((*name).to_owned(), value)))
                    .collect();
                let bytes =
                    response.body_mut().with_config().limit(limit).read_to_vec().map_err(|e| body(url, limit, &e))?;
                Ok(Step::Done(Reply::Body { bytes, validators }))
            }
            304 => Ok(Step::Done(Reply::NotModified)),
            404 | 410 => Ok(Step::Done(Reply::NotFound)),
            301 | 302 | 303 | 307 | 308 => match header("location") {
                Some(location) => Ok(Step::Redirect(location)),
                None => Err(final_failure(
                    format!("{url} chuyển hướng mà không nói tới đâu ({status})"),
                    format!("{url} redirects without saying where ({status})"),
                )),
            },
            429 | 500..=599 => Err(Failure {
                reason: reason(
                    format!("máy chủ trả lời {url} bằng lỗi {status}"),
                    format!("the server answered {url} with {status}"),
                ),
                retry: true,
            }),
            _ => Err(final_failure(
                format!("máy chủ trả lời {url} bằng mã {status}"),
                format!("the server answered {url} with status {status}"),
            )),
        }
    }
}

enum Step {
    Done(Reply),
    Redirect(String),
}

impl Fetch for Http {
    fn get(&self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
        match self.request(path, &[], limit)? {
            Reply::Body { bytes, .. } => Ok(Some(bytes)),
            Reply::NotFound => Ok(None),
            Reply::NotModified => Err(reason(
                format!("máy chủ trả lời {path} là không đổi dù không được hỏi như vậy"),
                format!("the server answered {path} with not modified, which was not asked"),
            )),
        }
    }

    fn manifest(&self, cached: Option<&Cached>) -> Result<Fetched, String> {
        let conditions: Vec<(&str, &str)> = cached
            .map(|c| {
                c.validators
                    .iter()
                    .filter_map(|(name, value)| match name.as_str() {
                        "etag" => Some(("If-None-Match", value.as_str())),
                        "last-modified" => Some(("If-Modified-Since", value.as_str())),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        match self.request("manifest.json", &conditions, MANIFEST_BYTES)? {
            Reply::Body { bytes, validators } => Ok(Fetched::New { bytes, validators }),
            Reply::NotModified => Ok(Fetched::Unchanged),
            Reply::NotFound => {
                let url = format!("{}manifest.json", self.address);
                Err(reason(format!("không có {url} (404)"), format!("there is no {url} (404)")))
            }
        }
    }
}

fn final_failure(vi: String, en: String) -> Failure {
    Failure { reason: reason(vi, en), retry: false }
}

/// A failure to connect or to receive an answer: worth retrying.
fn transport(url: &str, error: &ureq::Error) -> Failure {
    let (vi, en) = match error {
        ureq::Error::Timeout(_) => {
            (format!("{url} không trả lời kịp thời hạn"), format!("{url} did not answer in time"))
        }
        other => (format!("không kết nối được {url}: {other}"), format!("{url} cannot be reached: {other}")),
    };
    Failure { reason: reason(vi, en), retry: true }
}

/// A failure reading an answer's body.
fn body(url: &str, limit: u64, error: &ureq::Error) -> Failure {
    match error {
        ureq::Error::BodyExceedsLimit(_) => final_failure(
            format!("{url} lớn hơn {limit} byte manifest.json ghi hoặc cổng cho phép"),
            format!("{url} is larger than the {limit} bytes manifest.json gives or the portal allows"),
        ),
        other => transport(url, other),
    }
}

/// A redirect's `location` as an absolute address, from the `url` that gave it.
fn resolve(url: &str, location: &str) -> String {
    if location.starts_with("https://") || location.starts_with("http://") {
        return location.to_owned();
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split('/').next().unwrap_or_default();
    if let Some(path) = location.strip_prefix('/') {
        if location.starts_with("//") {
            return format!("{scheme}:{location}");
        }
        return format!("{scheme}://{host}/{path}");
    }
    let folder = url.rfind('/').map_or(url, |i| &url[..=i]);
    format!("{folder}{location}")
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn redirects_resolve_against_the_address_asked() {
        assert_eq!(resolve("https://a.vn/iso/x.json", "https://b.vn/"), "https://b.vn/");
        assert_eq!(resolve("https://a.vn/iso/x.json", "/other/"), "https://a.vn/other/");
        assert_eq!(resolve("https://a.vn/iso/x.json", "//b.vn/y"), "https://b.vn/y");
        assert_eq!(resolve("https://a.vn/iso/api/x.json", "y.json"), "https://a.vn/iso/api/y.json");
    }
}
