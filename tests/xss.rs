//! HTML safety (issue 8 item 2): a manual whose every field and body carries script payloads is
//! built, and every output is *parsed* (HTML with scraper, JSON with serde, XML with roxmltree)
//! to prove that no script other than the theme's own, no `on…` handler and no `javascript:`,
//! `data:` or `vbscript:` URL survives — while the payloads' text still reaches the page, shown
//! as text, so the test cannot pass by dropping the fields.

mod common;

use std::collections::HashSet;

use common::*;
use scraper::Html;
use sotay::model::Audience;

/// At least 25 payloads, from the classic filter-evasion lists.
const PAYLOADS: &[&str] = &[
    "<script>alert('x1')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert('x3')>",
    "<svg onload=alert('x4')>",
    "<svg><script>alert('x5')</script></svg>",
    "<iframe src=\"javascript:alert('x6')\"></iframe>",
    "<a href=\"javascript:alert('x7')\">x7</a>",
    "<a href=\"JaVaScRiPt:alert('x8')\">x8</a>",
    "<a href=\" &#106;avascript:alert('x9')\">x9</a>",
    "<a href=\"vbscript:msgbox('x10')\">x10</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x11</a>",
    "<img src=\"data:image/svg+xml,<svg onload=alert('x12')>\">",
    "<body onload=alert('x13')>",
    "<div style=\"background:url(javascript:alert('x14'))\">x14</div>",
    "<math><mi xlink:href=\"javascript:alert('x15')\">x15</mi></math>",
    "<object data=\"javascript:alert('x16')\"></object>",
    "<embed src=\"javascript:alert('x17')\">",
    "<form action=\"javascript:alert('x18')\"><button>x18</button></form>",
    "<input onfocus=alert('x19') autofocus>",
    "<details open ontoggle=alert('x20')>",
    "\"><script>alert('x21')</script>",
    "'><img src=x onerror=alert('x22')>",
    "</script><script>alert('x23')</script>",
    "<style>@import 'javascript:alert(\"x24\")';</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('x25')\">",
    "<base href=\"javascript:alert('x26')//\">",
    "<scr<script>ipt>alert('x27')</scr</script>ipt>",
    "<!--<img src=\"--><img src=x onerror=alert('x28')//\">",
    "<p title=\"</p><script>alert('x29')</script>\">x29</p>",
    "<a href=\"java\tscript:alert('x30')\">x30</a>",
];

/// A TOML basic string holding `text`.
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn all_payloads() -> String {
    PAYLOADS.join(" ")
}

/// The basic fixture with the payloads in titles, summaries, steps, fees, dossier items, records,
/// amendments, legal citations and the registry, an attachment's file name, and bodies (raw
/// HTML, link targets, image sources, heading text).
fn poisoned() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let p = toml_str(&all_payloads());
    let qt07 = "content/procedures/QT-07.md";
    edit(root, qt07, "title = \"Quy trình cấp giấy phép thử nghiệm\"", &format!("title = {p}"));
    edit(root, qt07, "summary = \"Cấp giấy phép thử nghiệm cho tổ chức.\"", &format!("summary = {p}"));
    edit(root, qt07, "provision = \"Điều 2\"", &format!("provision = {p}"));
    edit(root, qt07, "summary = \"Ban hành lần đầu\"", &format!("summary = {p}"));
    edit(root, qt07, "applicants = \"Tổ chức có phòng thử nghiệm\"", &format!("applicants = {p}"));
    edit(root, qt07, "fee_note = \"Lệ phí cấp giấy phép\"", &format!("fee_note = {p}"));
    edit(root, qt07, "task = \"Thẩm định hồ sơ, dự thảo giấy phép\"", &format!("task = {p}"));
    edit(root, qt07, "name = \"Bản sao quyết định thành lập tổ chức\"", &format!("name = {p}"));
    edit(root, qt07, "name = \"Hồ sơ đề nghị cấp giấy phép\"", &format!("name = {p}"));
    edit(root, qt07, "title = \"Giám đốc Sở\"", &format!("title = {p}"));
    let mut body = String::from("\n## <script>alert('h1')</script> Tiêu đề <img src=x onerror=alert('h2')>\n\n");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        body.push_str(&format!("Đoạn {i}: {payload} theo Điều 2 Quyết định 12/2026/QĐ-UBND{payload}\n\n"));
    }
    for scheme in
        ["javascript:alert('l1')", "JAVASCRIPT:alert('l2')", "data:text/html,<script>x</script>", "vbscript:x"]
    {
        body.push_str(&format!("[liên kết]({scheme}) ![ảnh]({scheme}) <{scheme}>\n\n"));
    }
    body.push_str("[[QT-07|<script>alert('w1')</script>]]\n");
    std::fs::write(root.join(qt07), std::fs::read_to_string(root.join(qt07)).unwrap() + &body).unwrap();

    let legal = "legal/12-2026-qd-ubnd.toml";
    edit(root, legal, "issuer = \"Ủy ban nhân dân tỉnh Mẫu\"", &format!("issuer = {p}"));
    edit(
        root,
        legal,
        "summary = \"Về việc công bố thủ tục hành chính cấp giấy phép thử nghiệm (văn bản hư cấu)\"",
        &format!("summary = {p}"),
    );

    let evil_file = "\"><svg onload=alert('f1')>.pdf";
    std::fs::copy(root.join("content/forms/BM-07-01.pdf"), root.join("content/forms").join(evil_file)).unwrap();
    edit(
        root,
        "content/forms/BM-07-01.md",
        "files = [\"BM-07-01.pdf\"]",
        &format!("files = [\"BM-07-01.pdf\", {}]", toml_str(evil_file)),
    );
    edit(
        root,
        "content/forms/BM-07-01.md",
        "title = \"Đơn đề nghị cấp giấy phép thử nghiệm\"",
        &format!("title = {p}"),
    );
    edit(root, "content/policies/CSCL.md", "theo [[STCL]].", &format!("theo [[STCL]].\n\n{}\n", all_payloads()));
    dir
}

/// The theme's own scripts' `src` and forms. `id`, from a build of the unpoisoned fixture.
fn theme_own(audience: Audience) -> HashSet<String> {
    let mut options = options(&fixture("basic"));
    options.audience = audience;
    let site = clean_site(run(&options));
    let mut own = HashSet::new();
    for path in site.files.keys().filter(|p| p.ends_with(".html")) {
        let html = page(&site, path);
        for element in html.select(&selector("script[src], form[id]")) {
            let value = element.value();
            own.insert(format!("{}:{}", value.name(), value.attr("src").or(value.attr("id")).unwrap()));
        }
    }
    assert!(own.iter().any(|o| o.starts_with("script:")), "the theme has scripts: {own:?}");
    own
}

/// Why a parsed page is unsafe, if it is.
fn unsafe_parts(html: &Html, own: &HashSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for element in html.select(&selector("*")) {
        let name = element.value().name();
        let theirs = |attr: &str| element.value().attr(attr).is_some_and(|v| own.contains(&format!("{name}:{v}")));
        if name == "form" && !theirs("id") {
            found.push(format!("a foreign form {}", element.html()));
        }
        if ["iframe", "object", "embed", "base", "style", "frame", "applet"].contains(&name) {
            found.push(format!("a <{name}> element"));
        }
        if name == "meta" && element.value().attr("http-equiv").is_some() {
            found.push("a <meta http-equiv>".to_owned());
        }
        if name == "script" {
            let json_ld = element.value().attr("type") == Some("application/ld+json")
                && serde_json::from_str::<serde_json::Value>(&element.text().collect::<String>()).is_ok();
            let own_script = theirs("src") && element.children().next().is_none();
            if !own_script && !json_ld {
                found.push(format!("a foreign script {}", element.html()));
            }
        }
        for (attr, value) in element.value().attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                found.push(format!("an {attr} handler on <{name}>"));
            }
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if ["javascript:", "data:", "vbscript:"].iter().any(|s| squashed.starts_with(s)) {
                found.push(format!("{attr}=\"{value}\" on <{name}>"));
            }
            if attr == "style" && squashed.contains("url(") {
                found.push(format!("a style with url() on <{name}>"));
            }
        }
    }
    found
}

fn assert_nothing_runs(audience: Audience) {
    let own = theme_own(audience);
    let dir = poisoned();
    let mut options = options(dir.path());
    options.audience = audience;
    let outcome = run(&options);
    let errors: Vec<_> =
        outcome.diagnostics.iter().filter(|d| d.severity == sotay::diagnostic::Severity::Error).collect();
    assert!(errors.is_empty(), "the poisoned manual must still build:\n{}", describe(&outcome.diagnostics));
    let site = outcome.site.expect("a site");
    let mut pages = 0;
    for (path, bytes) in all_bytes(&site) {
        let Ok(text) = String::from_utf8(bytes) else { continue };
        if path.ends_with(".html") {
            pages += 1;
            let problems = unsafe_parts(&Html::parse_document(&text), &own);
            assert!(problems.is_empty(), "{path} ({audience:?}): {problems:#?}");
        } else if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
        } else if path.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path} is not XML: {e}"));
        } else if path == "tim-kiem/index.js" {
            let json = text.strip_prefix("window.SOTAY_SEARCH_INDEX = ").and_then(|t| t.strip_suffix(";\n"));
            let json = json.unwrap_or_else(|| panic!("the search index is one assignment: {text}"));
            assert!(!json.contains("</"), "the index can sit in a page");
            serde_json::from_str::<serde_json::Value>(json).expect("the search index's data is JSON");
        }
    }
    assert!(pages > 10, "{pages} pages checked");
    // The payloads reached the pages, as text.
    let procedure = page(&site, "quy-trinh/qt-07/index.html");
    assert!(text_of(&procedure, "h1").contains("<script>alert('x1')</script>"), "the title shows the payload as text");
    assert!(text_of(&procedure, ".prose").contains("Đoạn 29"), "the body is rendered");
    let ld: Vec<_> = procedure.select(&selector("script[type='application/ld+json']")).collect();
    assert_eq!(ld.len(), 1, "the JSON-LD is one script");
    let ld: serde_json::Value = serde_json::from_str(&ld[0].text().collect::<String>()).unwrap();
    assert!(ld.to_string().contains("alert('x1')"), "the JSON-LD carries the title as data: {ld}");
}

#[test]
fn no_payload_runs_in_a_public_build() {
    assert!(PAYLOADS.len() >= 25);
    assert_nothing_runs(Audience::Public);
}

#[test]
fn no_payload_runs_in_an_internal_build_either() {
    assert_nothing_runs(Audience::Internal);
}

#[test]
fn safe_raw_html_and_links_are_kept() {
    let dir = copy_fixture("basic");
    let body = "\n<kbd>Ctrl</kbd> <a href=\"https://dichvucong.gov.vn/\">DVC</a> [thư](mailto:a@example.vn) ![logo](/logo.svg)\n";
    let qt07 = dir.path().join("content/procedures/QT-07.md");
    std::fs::write(&qt07, std::fs::read_to_string(&qt07).unwrap() + body).unwrap();
    let site = clean_site(run_public(dir.path()));
    let html = page(&site, "quy-trinh/qt-07/index.html");
    let prose = within(&html, ".prose");
    assert_eq!(text_of(&prose, "kbd"), "Ctrl");
    let hrefs: Vec<String> = links(&prose).into_iter().map(|(h, _)| h).collect();
    assert!(
        hrefs.contains(&"https://dichvucong.gov.vn/".to_owned()) && hrefs.contains(&"mailto:a@example.vn".to_owned()),
        "{hrefs:?}"
    );
    assert_eq!(prose.select(&selector("img[src='/logo.svg']")).count(), 1, "{}", prose.html());
}
