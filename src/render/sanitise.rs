//! The allow-list every Markdown body passes through before it reaches a page: raw HTML pasted
//! into a procedure (a `<script>`, an `onclick`, a `javascript:` link, an `<iframe>`) must never
//! run on an agency's site. Bodies are rendered to HTML first and the whole result is cleaned,
//! because pulldown-cmark hands raw HTML over in fragments (`<span onclick=…>` and `</span>` as
//! separate events) that cannot be judged one by one.
//!
//! Both audiences are cleaned alike: the staff preview of an internal build must show exactly
//! what the public page will show, or a reviewer would approve markup the public never sees.

use std::collections::HashSet;
use std::sync::LazyLock;

/// URL schemes a link or image may use: the site's one list ([`crate::model::url::SCHEMES`]);
/// anything else (`javascript:`, `data:`, `vbscript:`, `file:`) is dropped with its attribute.
/// Relative URLs (`/quy-trinh/qt-07/`, `#buoc-2`) stay.
use crate::model::url::SCHEMES;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input", "div", "span"])
        // What the renderer itself writes: heading ids, highlighting classes, a link's language
        // and `download` on links to the site's PDFs and pictures,
        // table headers' scope and alignment, task-list checkboxes.
        .add_generic_attributes(["class", "id", "lang", "title"])
        .add_tag_attributes("a", ["hreflang", "download"])
        .add_tag_attributes("th", ["scope", "style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .url_schemes(HashSet::from(SCHEMES))
        .link_rel(None);
    builder
});

/// `html` with every element, attribute and URL outside the allow-list removed.
pub fn sanitise(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitise;

    #[test]
    fn scripts_handlers_and_script_urls_are_removed() {
        let dirty = r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a><img src="data:text/html,x" onerror="y()"><a href=" JaVaScRiPt:z()">c</a></p>"#;
        let clean = sanitise(dirty);
        for bad in ["onclick", "<script", "alert", "javascript", "data:", "onerror"] {
            assert!(!clean.to_ascii_lowercase().contains(&bad.to_ascii_lowercase()), "{bad} survived: {clean}");
        }
        assert!(clean.contains(">a<") && clean.contains(">b</a>"), "the text stays: {clean}");
    }

    #[test]
    fn what_the_renderer_writes_survives() {
        let html = concat!(
            "<h2 id=\"muc-dich\">Mục đích</h2>\n",
            "<p><a href=\"/quy-trinh/qt-07/\" title=\"QT-07\">QT-07</a> <a href=\"https://example.vn/\">x</a></p>\n",
            "<pre><code class=\"language-toml\"><span class=\"hl-source hl-toml\">a</span></code></pre>\n",
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\" style=\"text-align: left\">A</th></tr></thead></table></div>\n",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">\nx</li></ul>\n",
        );
        // Only the style's spacing is normalised.
        assert_eq!(sanitise(html), html.replace("text-align: left", "text-align:left"));
    }
}
