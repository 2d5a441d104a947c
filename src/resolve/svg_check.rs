//! Whether an SVG file is a plain picture, for manuals that allow SVG attachments.
//!
//! An SVG opened from the site is a document of the site's origin: a `<script>`, an `onload`,
//! a `javascript:` link, an `<animate>` that rewrites a link, HTML inside `<foreignObject>` or an
//! XSLT stylesheet would run there (issue 16, finding 5). Rather than clean the file (and publish
//! something other than what was approved), sotay publishes it unchanged only when every element
//! is a drawing element of an allow-list, no attribute is an event handler, every reference
//! stays inside the file (`#id`) or is an embedded raster image, and there is no processing
//! instruction. Anything else is refused with the reason, and the author converts the file to
//! PNG or PDF, or removes the part.

use crate::lang::reason;

const SVG: &str = "http://www.w3.org/2000/svg";
const XLINK: &str = "http://www.w3.org/1999/xlink";

/// Namespaces of editor metadata (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons,
/// Adobe): browsers draw nothing from them and run nothing in them.
const METADATA: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
];

/// SVG elements that only draw. Not here: `script`, `foreignObject`, `a`, `animate`, `set` and
/// the other animation elements (they can rewrite `href`), `iframe`, `video`, `audio`, `handler`.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "image",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "style",
    "switch",
    "view",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Why `text` is not a plain picture (in both languages, `lang::reason`), or `Ok` when it is.
pub fn check(text: &str) -> Result<(), String> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 1_000_000, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        reason(format!("đây không phải XML viết đúng ({e})"), format!("it is not well-formed XML ({e})"))
    })?;
    if document.root_element().tag_name().namespace() != Some(SVG) || document.root_element().tag_name().name() != "svg"
    {
        return Err(reason("phần tử gốc không phải `<svg>` của SVG", "its root element is not an SVG `<svg>`"));
    }
    for node in document.descendants() {
        if let Some(pi) = node.pi() {
            let target = pi.target;
            return Err(reason(
                format!("tệp có chỉ thị xử lý `<?{target}…?>`"),
                format!("it has the processing instruction `<?{target}…?>`"),
            ));
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name();
        let drawing = name.namespace() == Some(SVG) && ELEMENTS.contains(&name.name());
        let metadata = name.namespace().is_some_and(|ns| METADATA.contains(&ns));
        if !drawing && !metadata {
            let name = name.name();
            return Err(reason(
                format!("tệp có phần tử `<{name}>`, là phần tử có thể chạy script hoặc không phải phần tử vẽ"),
                format!("it has a `<{name}>` element, which can run script or is not a drawing element"),
            ));
        }
        for attribute in node.attributes() {
            let (local, value) = (attribute.name(), attribute.value());
            if local.len() > 2 && local[..2].eq_ignore_ascii_case("on") {
                let name = name.name();
                return Err(reason(
                    format!("phần tử `<{name}>` có xử lý sự kiện `{local}`"),
                    format!("the `<{name}>` element has the event handler `{local}`"),
                ));
            }
            let reference = local == "href" && matches!(attribute.namespace(), None | Some(XLINK));
            if reference && !value.trim_start().starts_with('#') && !raster_data(name.name(), value) {
                let (name, target) = (name.name(), value.chars().take(60).collect::<String>());
                return Err(reason(
                    format!("phần tử `<{name}>` trỏ ra ngoài tệp (`{target}`)"),
                    format!("the `<{name}>` element refers outside the file (`{target}`)"),
                ));
            }
            let folded: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            if ["javascript:", "vbscript:", "data:text/html"].iter().any(|s| contains_ignore_case(&folded, s)) {
                let name = name.name();
                return Err(reason(
                    format!("thuộc tính `{local}` của `<{name}>` chứa địa chỉ script"),
                    format!("the `{local}` attribute of `<{name}>` holds a script URL"),
                ));
            }
        }
    }
    Ok(())
}

/// An `<image>` or `<feImage>` may embed a PNG, JPEG, GIF or WebP picture.
fn raster_data(element: &str, value: &str) -> bool {
    matches!(element, "image" | "feImage")
        && ["data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp"]
            .iter()
            .any(|prefix| value.trim_start().get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)))
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN: &str =
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">"#;

    fn svg(inner: &str) -> String {
        format!("{OPEN}{inner}</svg>")
    }

    #[test]
    fn drawings_pass() {
        let inkscape = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
  <inkscape:perspective id="p"/>
  <defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <g><rect class="a" width="5" height="5"/><use xlink:href="#g"/><text x="1" y="9">Sở</text></g>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
</svg>"##;
        assert_eq!(check(inkscape), Ok(()));
    }

    #[test]
    fn active_content_is_refused_with_the_reason() {
        let cases = [
            (svg("<script>alert(1)</script>"), "`<script>`"),
            (r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>"#.to_owned(), "`onload`"),
            (svg(r#"<rect ONCLICK="alert(1)"/>"#), "`ONCLICK`"),
            (svg(r#"<a href="javascript:alert(1)"><rect/></a>"#), "`<a>`"),
            (svg(r##"<use xlink:href="https://evil.example/x.svg#a"/>"##), "refers outside"),
            (svg(r#"<image href="data:image/svg+xml;base64,PHN2Zz4="/>"#), "refers outside"),
            (svg(r#"<animate attributeName="href" to="javascript:alert(1)"/>"#), "`<animate>`"),
            (
                svg(r#"<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>"#),
                "`<foreignObject>`",
            ),
            (svg(r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#), "`<script>`"),
            (svg(r#"<rect style="x" fill="java&#x09;script:alert(1)"/>"#), "script URL"),
            (format!(r#"<?xml-stylesheet type="text/xsl" href="x.xsl"?>{}"#, svg("")), "processing instruction"),
            ("<html><script>alert(1)</script></html>".to_owned(), "root element"),
            ("<svg".to_owned(), "well-formed"),
        ];
        for (text, reason) in cases {
            let error = check(&text).expect_err(&text);
            assert!(error.contains(reason), "{text}: {error}");
        }
    }

    #[test]
    fn entity_expansion_is_checked_after_expansion() {
        let text = format!(r#"<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>{OPEN}&x;</svg>"#);
        assert!(check(&text).is_err());
    }
}
