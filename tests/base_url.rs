//! A site published under a sub-path (`https://example.gov.vn/iso/`): every root-relative link
//! and source carries the path, absolute URLs carry the origin, and every link leads to a file
//! the site has (and, with a `#fragment`, to an element with that id).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use scraper::Html;
use sotay::render::Site;

const BASE: &str = "https://example.gov.vn/iso/";

fn site_under(root: &std::path::Path, base: &str) -> Site {
    let mut options = options(root);
    options.base_url = Some(base.to_owned());
    clean_site(run(&options))
}

/// The ids of each page, for checking `#fragment`s.
type Ids = BTreeMap<String, BTreeSet<String>>;

/// Every `href` and `src` of every HTML page (with the page), and every page's ids, from one
/// parse of each page.
fn scan(site: &Site) -> (Vec<(String, String)>, Ids) {
    let mut references = Vec::new();
    let mut ids = BTreeMap::new();
    for path in site.files.keys().filter(|p| p.ends_with(".html")) {
        let html: Html = page(site, path);
        for element in html.select(&selector("[href], [src]")) {
            for attr in ["href", "src"] {
                if let Some(value) = element.value().attr(attr) {
                    references.push((path.clone(), value.to_owned()));
                }
            }
        }
        let page_ids = html.select(&selector("[id]")).map(|e| e.value().attr("id").unwrap().to_owned()).collect();
        ids.insert(path.clone(), page_ids);
    }
    (references, ids)
}

/// Asserts every link of `site` under the base path `prefix` (e.g. `/iso/`) leads somewhere.
fn assert_links_resolve(site: &Site, prefix: &str) {
    let (references, ids) = scan(site);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (from, url) in references {
        let (target_page, fragment) = if let Some(fragment) = url.strip_prefix('#') {
            (from.clone(), Some(fragment.to_owned()))
        } else if url.starts_with('/') && !url.starts_with("//") {
            let Some(inside) = url.strip_prefix(prefix) else {
                problems.push(format!("{from}: `{url}` does not start with {prefix}"));
                continue;
            };
            let (path, fragment) = match inside.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment.to_owned())),
                None => (inside, None),
            };
            let path = path.split('?').next().unwrap();
            let path = percent_encoding::percent_decode_str(path).decode_utf8().expect("links are UTF-8").into_owned();
            let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path };
            if !site.files.contains_key(&file) {
                problems.push(format!("{from}: `{url}` leads to {file}, which the site does not have"));
                continue;
            }
            (file, fragment)
        } else {
            continue; // external, mailto:, tel:
        };
        checked += 1;
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let known = ids.get(&target_page).is_some_and(|ids| ids.contains(&fragment));
            if !known {
                problems.push(format!("{from}: `{url}` points at #{fragment}, which {target_page} has no element for"));
            }
        }
    }
    assert!(checked > 50, "only {checked} links were checked; the walk is broken");
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_root_relative_href_and_src_starts_with_the_base_path() {
    let site = site_under(&fixture("basic"), BASE);
    let (refs, _) = scan(&site);
    let rooted: Vec<&(String, String)> = refs.iter().filter(|(_, u)| u.starts_with('/')).collect();
    assert!(rooted.len() > 50, "expected many root-relative links, got {}", rooted.len());
    let outside: Vec<String> = rooted
        .iter()
        .filter(|(_, url)| !url.starts_with("/iso/"))
        .map(|(from, url)| format!("{from}: {url}"))
        .collect();
    assert!(outside.is_empty(), "links outside /iso/:\n{}", outside.join("\n"));
    // Markdown links and images written root-relative in a body move under the base too.
    let contact = page(&site, "trang/lien-he/index.html");
    let body_links: Vec<String> = links(&within(&contact, ".prose")).into_iter().map(|(h, _)| h).collect();
    assert!(body_links.contains(&"/iso/bieu-mau/bm-07-01/BM-07-01.pdf".to_owned()), "{body_links:?}");
    let img = contact.select(&selector(".prose img")).next().expect("the body's image");
    assert_eq!(img.value().attr("src"), Some("/iso/logo.svg"));
}

#[test]
fn every_link_leads_to_a_file_of_the_site() {
    let site = site_under(&fixture("basic"), BASE);
    assert_links_resolve(&site, "/iso/");
}

#[test]
fn every_link_of_the_root_published_site_leads_to_a_file_too() {
    let site = clean_site(run_public(&fixture("basic")));
    assert_links_resolve(&site, "/");
}

#[test]
fn sitemap_canonical_and_robots_use_the_full_base_url() {
    let site = site_under(&fixture("basic"), BASE);
    let xml = text(&site, "sitemap.xml");
    let locs: Vec<&str> = xml.split("<loc>").skip(1).map(|rest| rest.split("</loc>").next().unwrap()).collect();
    assert!(locs.len() >= 10, "{locs:?}");
    let outside: Vec<&&str> = locs.iter().filter(|l| !l.starts_with(BASE)).collect();
    assert!(outside.is_empty(), "sitemap locs outside {BASE}: {outside:?}");
    assert!(locs.contains(&"https://example.gov.vn/iso/quy-trinh/qt-07/"), "{locs:?}");

    let robots = text(&site, "robots.txt");
    assert!(robots.lines().any(|l| l == "Sitemap: https://example.gov.vn/iso/sitemap.xml"), "{robots}");

    let procedure = page(&site, "quy-trinh/qt-07/index.html");
    let canonical = procedure.select(&selector("link[rel=canonical]")).next().expect("a canonical link");
    assert_eq!(canonical.value().attr("href"), Some("https://example.gov.vn/iso/quy-trinh/qt-07/"));

    let index: serde_json::Value = serde_json::from_str(text(&site, "api/index.json")).unwrap();
    assert_eq!(index["site"]["base_url"], BASE);
    for doc in index["documents"].as_array().unwrap() {
        for key in ["url", "json"] {
            let url = doc[key].as_str().unwrap();
            assert!(url.starts_with("/iso/"), "api/index.json {key} {url}");
        }
    }
}

#[test]
fn an_invalid_base_url_is_a_usage_error_not_a_content_error() {
    let mut options = options(&fixture("basic"));
    options.base_url = Some("example.gov.vn/iso".to_owned());
    let err = sotay::pipeline::run(&options, &|_| {}).expect_err("a base URL without scheme or leading / is refused");
    // A refusal of the command line (exit 2), worded in both languages, not a diagnostic of the manual.
    let sotay::error::Error::Refused(text) = &err else { panic!("{err:?}") };
    assert!(text.vi.starts_with("--base-url: ") && text.vi.contains("không phải địa chỉ gốc"), "{err:?}");
    assert!(text.en.contains("is not a base URL"), "{err:?}");
}

#[test]
fn every_link_of_the_example_manual_resolves_under_another_base_path() {
    let root = content_example();
    let mut options = options(&root);
    options.base_url = Some("https://so.example.gov.vn/tai-lieu/iso/".to_owned());
    let outcome = run(&options);
    assert!(!outcome.diagnostics.has_errors(), "content-example/ has errors:\n{}", describe(&outcome.diagnostics));
    let site = outcome.site.expect("a site");
    assert_links_resolve(&site, "/tai-lieu/iso/");
}
