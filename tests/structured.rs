//! Machine-readable pages: schema.org GovernmentService JSON-LD on procedure pages and Open
//! Graph tags on every page, with values from the manual unable to break out of either.

mod common;

use common::*;

fn json_ld(html: &scraper::Html) -> serde_json::Value {
    let script = html.select(&selector("script[type=\"application/ld+json\"]")).next().expect("a JSON-LD script");
    serde_json::from_str(&script.text().collect::<String>()).expect("the JSON-LD parses")
}

fn meta_property(html: &scraper::Html, property: &str) -> Option<String> {
    html.select(&selector(&format!("meta[property=\"{property}\"]")))
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_owned))
}

#[test]
fn a_procedure_page_describes_its_government_service() {
    let site = clean_site(run_public(&fixture("basic")));
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let service = json_ld(&html);
    assert_eq!(service["@context"], "https://schema.org");
    assert_eq!(service["@type"], "GovernmentService");
    assert_eq!(service["name"], "Quy trình cấp giấy phép thử nghiệm");
    assert_eq!(service["identifier"], "1.009999");
    assert_eq!(service["serviceType"], "Thử nghiệm");
    assert_eq!(service["url"], "https://so-thu-nghiem.example.gov.vn/quy-trinh/qt-07/");
    assert_eq!(service["provider"]["@type"], "GovernmentOrganization");
    assert_eq!(service["provider"]["name"], "Sở Thử nghiệm tỉnh Mẫu");
    let offers = service["offers"].as_array().unwrap();
    assert_eq!(offers[0]["price"], 150000);
    assert_eq!(offers[0]["priceCurrency"], "VND");
    let channels = service["availableChannel"].as_array().unwrap();
    assert_eq!(channels.len(), 2);
    assert!(channels[0]["description"].as_str().unwrap().contains("10 ngày làm việc"));
    assert_eq!(service["audience"]["audienceType"], "Tổ chức có phòng thử nghiệm");
}

#[test]
fn only_procedures_carry_json_ld() {
    let site = clean_site(run_public(&fixture("basic")));
    for path in ["index.html", "bieu-mau/bm-07-01/index.html", "chinh-sach/cscl/index.html"] {
        let html = page(&site, path);
        assert!(html.select(&selector("script[type=\"application/ld+json\"]")).next().is_none(), "{path}");
    }
}

#[test]
fn every_page_has_open_graph_tags() {
    let site = clean_site(run_public(&fixture("basic")));
    let html = page(&site, "quy-trinh/qt-07/index.html");
    assert_eq!(meta_property(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(meta_property(&html, "og:title").as_deref(), Some("QT-07 Quy trình cấp giấy phép thử nghiệm"));
    assert_eq!(
        meta_property(&html, "og:url").as_deref(),
        Some("https://so-thu-nghiem.example.gov.vn/quy-trinh/qt-07/")
    );
    assert_eq!(meta_property(&html, "og:locale").as_deref(), Some("vi_VN"));
    let home = page(&site, "index.html");
    assert_eq!(meta_property(&home, "og:type").as_deref(), Some("website"));
    assert!(meta_property(&home, "og:site_name").is_some());
}

#[test]
fn a_title_that_tries_to_close_the_script_stays_data() {
    let dir = copy_fixture("basic");
    let evil = "Cấp phép </script><script>alert(1)</script> & \\u2028";
    edit(
        dir.path(),
        "content/procedures/QT-07.md",
        "title = \"Quy trình cấp giấy phép thử nghiệm\"",
        &format!("title = \"{evil}\""),
    );
    let site = run_public(dir.path()).site.expect("the site builds");
    let raw = text(&site, "quy-trinh/qt-07/index.html");
    let start = raw.find("application/ld+json").unwrap();
    let end = start + raw[start..].find("</script>").unwrap();
    assert!(!raw[start..end].contains("<script"), "nothing opens inside the JSON-LD");
    let html = page(&site, "quy-trinh/qt-07/index.html");
    assert_eq!(html.select(&selector("script:not([src])")).count(), 1, "no inline script but the JSON-LD");
    // The theme's own print.js (issue 18: the day a printout is made) is the only other script.
    let own: Vec<&str> = html.select(&selector("script[src]")).filter_map(|s| s.value().attr("src")).collect();
    assert!(own.len() == 1 && own[0].starts_with("/assets/print.") && own[0].ends_with(".js"), "{own:?}");
    assert_eq!(json_ld(&html)["name"], "Cấp phép </script><script>alert(1)</script> & \u{2028}");
}
