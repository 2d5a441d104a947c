//! The one URL policy of the site: which links a value from the manual may become. A link in a
//! Markdown body, the agency's website in sotay.toml and a registry entry's `source` are all
//! judged by the same list, so a `javascript:` URL cannot reach an `href` through a field the
//! sanitiser never sees.
//!
//! The scheme is read as browsers read it (the WHATWG URL parser): leading and trailing spaces
//! and control characters are ignored, tabs and line breaks anywhere are removed, and case does
//! not matter, so ` JaVaScRiPt:` and `java\tscript:` are the scheme `javascript`. Anything
//! without a scheme (`/quy-trinh/qt-07/`, `#buoc-2`, `../a.pdf`) is relative and allowed.

/// URL schemes a link may use; anything else (`javascript:`, `data:`, `vbscript:`, `file:`) is
/// refused. The Markdown sanitiser uses this list too.
pub const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme a browser would see in `url`, lower-cased, or `None` for a relative URL.
pub fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut name = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !name.is_empty() => return Some(name),
            'a'..='z' | 'A'..='Z' => name.push(c.to_ascii_lowercase()),
            '0'..='9' | '+' | '-' | '.' if !name.is_empty() => name.push(c),
            _ => return None,
        }
    }
    None
}

/// Whether a link to `url` may be written into a page: an allowed scheme or a relative URL, and
/// no control character (which no real address holds). `Err` says what is wrong, in both
/// languages (`lang::reason`; `diagnostic::Text::reason` splits it).
pub fn check_link(url: &str) -> Result<(), String> {
    if let Some(scheme) = scheme(url) {
        if !SCHEMES.contains(&scheme.as_str()) {
            let url = shown(url);
            return Err(crate::lang::reason(
                format!("`{url}` là liên kết `{scheme}:`, loại liên kết có thể chạy mã hoặc giấu nội dung trong trình duyệt của người đọc"),
                format!("`{url}` is a `{scheme}:` link, which could run code or hide content in the reader's browser"),
            ));
        }
    }
    if url.chars().any(char::is_control) {
        let url = shown(url);
        return Err(crate::lang::reason(
            format!("`{url}` có ký tự điều khiển (dấu tab, xuống dòng hoặc tương tự)"),
            format!("`{url}` holds a control character (a tab, line break or similar)"),
        ));
    }
    Ok(())
}

/// The help line of a refused link, in Vietnamese.
pub const LINK_HELP_VI: &str =
    "viết địa chỉ bắt đầu bằng https://, http://, mailto: hoặc tel:, hoặc một liên kết tương đối như /van-ban/";

/// The help line of a refused link.
pub const LINK_HELP: &str =
    "write an address starting with https://, http://, mailto: or tel:, or a relative link such as /van-ban/";

/// `url` as quoted in a message: control characters made visible, long values cut.
fn shown(url: &str) -> String {
    let visible: String = url.chars().map(|c| if c.is_control() { char::REPLACEMENT_CHARACTER } else { c }).collect();
    match visible.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &visible[..at]),
        None => visible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme(" JaVaScRiPt:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\nscr\ript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("\u{1}\u{8}javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("HTTPS://example.vn/").as_deref(), Some("https"));
        assert_eq!(scheme("/quy-trinh/qt-07/"), None);
        assert_eq!(scheme("#buoc-2"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("1abc:x"), None);
    }

    #[test]
    fn script_and_data_links_are_refused() {
        for bad in [
            "javascript:alert(1)//",
            "JaVaScRiPt:x",
            "java\tscript:x",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(check_link(bad).is_err(), "{bad:?} passed");
        }
    }

    #[test]
    fn ordinary_links_pass() {
        for good in [
            "https://example.gov.vn/",
            "http://a.vn",
            "mailto:vp@example.vn",
            "tel:+842363822222",
            "/van-ban/",
            "#x",
            "../a.pdf",
            "thu-tuc.html",
        ] {
            assert!(check_link(good).is_ok(), "{good:?} refused");
        }
    }

    #[test]
    fn control_characters_are_refused_even_in_allowed_links() {
        assert!(check_link("https://a.vn/\u{c}x").is_err());
        assert!(check_link("https://a.vn/\nx").is_err());
    }
}
