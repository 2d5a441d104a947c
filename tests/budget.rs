//! Page weight for citizens on a phone: the home page and a procedure page of the example, HTML
//! with its stylesheet, stay within 50 KB compressed (downloadable forms excluded).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;

fn gzipped(bytes: &[u8]) -> usize {
    let mut gzip = Command::new("gzip").arg("-9c").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("gzip");
    gzip.stdin.take().unwrap().write_all(bytes).unwrap();
    gzip.wait_with_output().unwrap().stdout.len()
}

#[test]
fn home_and_procedure_pages_with_their_css_stay_under_50_kb_compressed() {
    let site = clean_site(run_public(&content_example()));
    let css =
        site.files.keys().find(|p| p.starts_with("assets/style.") && p.ends_with(".css")).expect("the stylesheet");
    let css_size = gzipped(&bytes(&site, css));
    let procedures: Vec<&String> =
        site.files.keys().filter(|p| p.starts_with("quy-trinh/qt-") && p.matches('/').count() == 2).collect();
    assert!(procedures.len() >= 12);
    for page in std::iter::once(&"index.html".to_owned()).chain(procedures) {
        let total = gzipped(&bytes(&site, page)) + css_size;
        assert!(total <= 50 * 1024, "{page} with its CSS is {total} bytes compressed");
    }
    // No page loads anything from another host: no CDN, web fonts or trackers.
    let loads = selector("script[src], link[rel=stylesheet], link[rel=preload], img[src], iframe[src], source[src]");
    for path in site.files.keys().filter(|p| p.ends_with(".html")) {
        let html = page(&site, path);
        for element in html.select(&loads) {
            let url = element.value().attr("src").or(element.value().attr("href")).unwrap_or("");
            assert!(!url.starts_with("http") && !url.starts_with("//"), "{path} loads {url}");
        }
    }
}
