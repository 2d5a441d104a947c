//! From a request's path to a file of the site. The path is percent-decoded once and looked up
//! in the site's map only, never on disk, and anything that could name a place outside the site
//! (a `.` or `..` segment, an encoded `/`, a backslash, a NUL) is refused before the lookup, so
//! a traversal attempt gets a plain "bad request" rather than a maybe.

use percent_encoding::percent_decode_str;
use unicode_normalization::UnicodeNormalization;

use crate::render::Site;

/// What a request path names in the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file, by its key in [`Site::files`].
    File(String),
    /// A folder asked for without its trailing slash: redirect to the path plus `/`.
    AddSlash,
    NotFound,
    /// A path that is not a plain path inside the site.
    Refused,
}

/// Looks `raw_path` (the request's path, still percent-encoded) up in `site`.
pub fn lookup(site: &Site, raw_path: &str) -> Lookup {
    let Some(key) = site_key(raw_path) else { return Lookup::Refused };
    if let Some(found) = find(site, &key) {
        return Lookup::File(found);
    }
    if !key.is_empty() && !key.ends_with('/') && find(site, &format!("{key}/index.html")).is_some() {
        return Lookup::AddSlash;
    }
    Lookup::NotFound
}

/// The site key for a decoded path, also trying the NFC form: output names are NFC, but a
/// browser on macOS may send a name typed in decomposed form.
fn find(site: &Site, key: &str) -> Option<String> {
    let key = if key.is_empty() || key.ends_with('/') { format!("{key}index.html") } else { key.to_owned() };
    if site.files.contains_key(&key) {
        return Some(key);
    }
    let nfc: String = key.nfc().collect();
    site.files.contains_key(&nfc).then_some(nfc)
}

/// The decoded path without its leading `/` (`quy-trinh/qt-07/`, `` for the root), or `None`
/// when it must be refused.
pub fn site_key(raw_path: &str) -> Option<String> {
    let rest = raw_path.strip_prefix('/')?;
    let mut key = String::with_capacity(rest.len());
    for (i, segment) in rest.split('/').enumerate() {
        if i > 0 {
            key.push('/');
        }
        key.push_str(&decode_segment(segment)?);
    }
    Some(key)
}

fn decode_segment(raw: &str) -> Option<String> {
    // Decoded once only: `%252e` stays the literal text `%2e`.
    let segment = percent_decode_str(raw).decode_utf8().ok()?;
    let unsafe_char = |c: char| c == '/' || c == '\\' || c.is_control();
    if segment == "." || segment == ".." || segment.contains(unsafe_char) {
        return None;
    }
    Some(segment.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;

    fn site() -> Site {
        let mut site = Site::default();
        for path in ["index.html", "quy-trinh/index.html", "quy-trinh/qt-07/index.html", "bieu-mau/bm-01/Mẫu đơn.docx"]
        {
            site.files.insert(path.to_owned(), Output::Bytes(Vec::new().into()));
        }
        site
    }

    #[test]
    fn folders_map_to_their_index_page() {
        let site = site();
        assert_eq!(lookup(&site, "/"), Lookup::File("index.html".into()));
        assert_eq!(lookup(&site, "/quy-trinh/"), Lookup::File("quy-trinh/index.html".into()));
        assert_eq!(lookup(&site, "/quy-trinh/qt-07/"), Lookup::File("quy-trinh/qt-07/index.html".into()));
        assert_eq!(lookup(&site, "/quy-trinh/qt-07/index.html"), Lookup::File("quy-trinh/qt-07/index.html".into()));
        assert_eq!(lookup(&site, "//"), Lookup::NotFound);
        assert_eq!(lookup(&site, "/quy-trinh//qt-07/"), Lookup::NotFound);
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected() {
        assert_eq!(lookup(&site(), "/quy-trinh/qt-07"), Lookup::AddSlash);
        assert_eq!(lookup(&site(), "/quy-trinh/qt-08"), Lookup::NotFound);
    }

    #[test]
    fn vietnamese_names_are_percent_decoded_in_either_normal_form() {
        let nfc = "/bieu-mau/bm-01/M%E1%BA%ABu%20%C4%91%C6%A1n.docx";
        assert_eq!(lookup(&site(), nfc), Lookup::File("bieu-mau/bm-01/Mẫu đơn.docx".into()));
        let nfd: String = "Mẫu đơn.docx".nfd().collect();
        let nfd = percent_encoding::utf8_percent_encode(&nfd, percent_encoding::NON_ALPHANUMERIC).to_string();
        assert_eq!(
            lookup(&site(), &format!("/bieu-mau/bm-01/{nfd}")),
            Lookup::File("bieu-mau/bm-01/Mẫu đơn.docx".into())
        );
    }

    #[test]
    fn traversal_and_odd_characters_are_refused() {
        for raw in [
            "/../etc/passwd",
            "/quy-trinh/../index.html",
            "/./index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/",
            "/.%2e/",
            "/..%2f..%2fetc/passwd",
            "/%5c..%5cetc",
            "/quy-trinh\\..\\index.html",
            "/index.html%00",
            "/%ff",
            "relative",
            "*",
        ] {
            assert_eq!(lookup(&site(), raw), Lookup::Refused, "{raw}");
        }
    }

    #[test]
    fn double_encoding_stays_literal() {
        assert_eq!(site_key("/quy-trinh/..%252f..%252f").as_deref(), Some("quy-trinh/..%2f..%2f"));
        assert_eq!(lookup(&site(), "/quy-trinh/..%252f..%252f"), Lookup::NotFound);
        assert_eq!(lookup(&site(), "/%252e%252e/"), Lookup::NotFound);
    }
}
