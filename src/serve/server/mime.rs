//! The `Content-Type` of a site file, from its name. Browsers are told not to sniff, so the type
//! must be right: a form's `.docx` has to download as a Word file, the feed has to be a feed.

/// The media type for the site path `path`, with `charset=utf-8` on text.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.eq_ignore_ascii_case("atom.xml") {
        return "application/atom+xml; charset=utf-8";
    }
    let Some((_, extension)) = name.rsplit_once('.') else { return OCTET_STREAM };
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => JAVASCRIPT,
        "json" | "map" => JSON,
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        "zip" => "application/zip",
        _ => OCTET_STREAM,
    }
}

pub const HTML: &str = "text/html; charset=utf-8";
pub const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
pub const JSON: &str = "application/json; charset=utf-8";
pub const TEXT: &str = "text/plain; charset=utf-8";
const OCTET_STREAM: &str = "application/octet-stream";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_the_extension() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("assets/style.3f2a.css", "text/css; charset=utf-8"),
            ("assets/search.js", "text/javascript; charset=utf-8"),
            ("api/quy-trinh/qt-07.json", "application/json; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("thay-doi/atom.xml", "application/atom+xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.svg", "image/svg+xml; charset=utf-8"),
            ("logo.PNG", "image/png"),
            ("anh.jpg", "image/jpeg"),
            ("anh.webp", "image/webp"),
            ("favicon.ico", "image/x-icon"),
            ("assets/font.woff2", "font/woff2"),
            ("bieu-mau/bm-01/Hướng dẫn.pdf", "application/pdf"),
            ("bieu-mau/bm-01/Mẫu đơn.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("bang.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("cu.doc", "application/msword"),
            ("cu.xls", "application/vnd.ms-excel"),
            ("mau.odt", "application/vnd.oasis.opendocument.text"),
            ("goi.zip", "application/zip"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn unknown_or_missing_extensions_are_octet_streams() {
        assert_eq!(content_type("CNAME"), "application/octet-stream");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
        assert_eq!(content_type("folder.html/file"), "application/octet-stream");
    }
}
