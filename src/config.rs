//! `sotay.toml`: who the agency is, where the site is published, and the agency's units that
//! procedures name as responsible for steps.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The agency that owns the manual.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Full name, e.g. "Sở Khoa học và Công nghệ tỉnh …".
    pub name: String,
    /// Short form for headers, e.g. "Sở KH&CN".
    pub short_name: Option<String>,
    /// The parent body, e.g. "Ủy ban nhân dân tỉnh …".
    pub parent: String,
    /// The administrative area the agency serves, e.g. "Tỉnh Thanh Vân": the `areaServed` of its
    /// procedures' structured data. When absent, the parent's name without "Ủy ban nhân dân ".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The agency's own site; a link (see [`crate::model::url`]), checked when read.
    pub website: Option<Spanned<String>>,
}

/// Publishing settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// Where the site is published, e.g. "https://example.gov.vn/iso/"; "/" for the root of any host.
    #[serde(default = "default_base_url")]
    pub base_url: Spanned<String>,
    #[serde(default = "default_language")]
    pub language: Spanned<String>,
    #[serde(default = "default_standard")]
    pub standard: String,
    /// "default" (built in) or the name of a folder under the manual's `themes/`.
    #[serde(default = "default_theme")]
    pub theme: Spanned<String>,
    /// The site title; "Sổ tay chất lượng – <agency>" when omitted.
    pub title: Option<String>,
    /// No document is issued, takes effect or is amended before this day (a year 0 or 1900 is
    /// a typo); [`SiteSettings::EARLIEST_DATE`] when omitted.
    pub earliest_date: Option<Spanned<crate::model::Date>>,
    /// The national portal's page of a TTHC, an `https://` address with `{code}` where the
    /// procedure's TTHC code goes; procedure pages link to it only when it is given.
    pub tthc_portal: Option<Spanned<String>>,
    /// Compressed copies written beside each text file by `sotay build`: `"gzip"`, `"br"`
    /// (`model::precompress::Encoding`); none when omitted. Checked by `parse::precompress`.
    #[serde(default)]
    pub precompress: Vec<Spanned<String>>,
}

impl SiteSettings {
    /// The national portal's page of TTHC `code`, when `tthc_portal` is given.
    pub fn tthc_portal_url(&self, code: &str) -> Option<String> {
        let template = self.tthc_portal.as_ref()?.get_ref();
        template.contains("{code}").then(|| template.replace("{code}", code))
    }
}

impl SiteSettings {
    /// The default of `earliest_date`: 1945-01-01, where Vietnamese legal numbering starts too.
    pub const EARLIEST_DATE: (i32, u8, u8) = (1945, 1, 1);

    /// `earliest_date`, or the default.
    pub fn earliest_date(&self) -> crate::model::Date {
        let (y, m, d) = Self::EARLIEST_DATE;
        match &self.earliest_date {
            Some(date) => *date.get_ref(),
            None => crate::model::Date::new(y, m, d).expect("1945-01-01 is a day of the calendar"),
        }
    }
}

fn default_base_url() -> Spanned<String> {
    Spanned::new(0..0, "/".to_owned())
}
fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "vi".to_owned())
}
fn default_standard() -> String {
    "TCVN ISO 9001:2015".to_owned()
}
fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".to_owned())
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            base_url: default_base_url(),
            language: default_language(),
            standard: default_standard(),
            theme: default_theme(),
            title: None,
            earliest_date: None,
            tthc_portal: None,
            precompress: Vec::new(),
        }
    }
}

/// A unit of the agency (phòng, ban, bộ phận) that can be responsible for steps and records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Short id used in front matter, e.g. "vp".
    pub id: Spanned<String>,
    pub name: String,
    /// The head of the unit, for the register.
    pub head: Option<String>,
}

/// A body outside the agency that takes part in its procedures (a tax office, a land-registration
/// branch, a commune's People's Committee), declared once and named by id in front matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Short id used in front matter, e.g. "chi-cuc-thue".
    pub id: Spanned<String>,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// Opening hours, e.g. "Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu".
    pub hours: Option<String>,
    /// A map link (`https://…`).
    pub map: Option<Spanned<String>>,
    /// Where to submit online (`https://…`).
    pub online: Option<Spanned<String>>,
}

/// A published edition of the whole manual: the documents as they stood at a git tag, or at
/// the last commit on or before a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionConfig {
    /// The git tag naming the edition's commit, e.g. "2025".
    pub tag: Option<Spanned<String>>,
    /// Instead of a tag: the edition is the manual as committed on this day.
    pub at: Option<Spanned<crate::model::Date>>,
    /// Instead of a tag: a commit id (at least 7 hex digits) on the main line.
    pub commit: Option<Spanned<String>>,
    /// The folder under `an-ban/`; the tag (or the date's year) in lower case when omitted.
    pub name: Option<Spanned<String>>,
    /// The name readers see, e.g. "Ấn bản năm 2025"; "Ấn bản <name>" when omitted.
    pub title: Option<String>,
}

/// The whole of `sotay.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub agency: Agency,
    #[serde(default)]
    pub site: SiteSettings,
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Bodies outside the agency that procedures name (`[[bodies]]`).
    #[serde(default)]
    pub bodies: Vec<Body>,
    /// Earlier editions of the whole manual, published under `an-ban/`.
    #[serde(default)]
    pub editions: Vec<EditionConfig>,
    /// The oversight reports (TTHC coverage, clause matrix, reviews, register): what the public
    /// site shows of them and how often documents are reviewed.
    #[serde(default)]
    pub reports: ReportSettings,
    /// The largest files the build reads (`[limits]`), see `read.rs`.
    #[serde(default)]
    pub limits: crate::read::LimitSettings,
    /// Which kinds of file forms may offer for download (see `resolve::attachment_types`).
    #[serde(default)]
    pub attachments: AttachmentSettings,
    /// How the legal registry is read and checked (`[legal]`).
    #[serde(default)]
    pub legal: LegalSettings,
}

/// The `[legal]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalSettings {
    /// More first codes of numbers that are not legal documents (permits, certificates, receipts
    /// of this agency), besides the built-in ones: `["GPMT", "PXL"]`.
    #[serde(default)]
    pub non_legal_codes: Vec<String>,
    /// `sotay check --report legal` lists entries verified longer ago than this; 12 without it.
    pub verified_max_age_months: Option<Spanned<u32>>,
}

/// The `[attachments]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentSettings {
    /// The file extensions (without the dot, in any case) forms may attach, instead of the
    /// default list; `"svg"` is accepted here, and each SVG file is then checked for script.
    pub allow: Option<Vec<Spanned<String>>>,
}

/// The `[reports]` table. The reports are internal unless a key here publishes one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// Publish the TTHC coverage page (published procedures only) on the public site too.
    #[serde(default)]
    pub public_coverage: bool,
    /// Publish the document register (public documents only) and its CSV on the public site too.
    #[serde(default)]
    pub public_register: bool,
    /// Documents without `next_review` are due this many months after their effective (else
    /// issued) date; without it, only `next_review` schedules a review.
    pub review_interval_months: Option<Spanned<u32>>,
}

impl Config {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id.get_ref() == id)
    }

    /// The external body with this id.
    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id.get_ref() == id)
    }

    /// The site title: `[site] title`, or the interface's "quality manual of <agency>".
    pub fn title(&self, strings: &crate::i18n::Strings) -> String {
        self.site.title.clone().unwrap_or_else(|| strings.fill("site.title", &[("agency", &self.agency.name)]))
    }
}

/// A base URL split into the origin (may be empty) and a path that starts and ends with `/`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BaseUrl {
    /// `https://example.gov.vn`, or empty when the site may live on any host.
    pub origin: String,
    /// `/iso/`, or `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `[site] base_url` (or `--base-url`): an absolute http(s) URL, or a path from the
    /// root of any host. It is written raw into every page, feed, sitemap and robots.txt, so
    /// characters that would need escaping there (`" < > & ' \` and the like), spaces and
    /// control characters are refused rather than escaped. `Err` says why in both languages
    /// (`lang::reason`).
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        use crate::lang::reason;
        let text = text.trim();
        if let Some(bad) = text.chars().find(|&c| needs_escaping(c)) {
            let (shown, what, code) = (text.escape_debug(), describe(bad), bad.escape_debug());
            return Err(reason(
                format!("`{shown}` có ký tự `{code}`, ký tự không được dùng trong địa chỉ gốc; chỉ dùng chữ, số và - . _ ~ / : % (mã hóa phần trăm mọi ký tự khác)"),
                format!("`{shown}` holds {what}, which a base URL may not hold; use only letters, digits and - . _ ~ / : % (percent-encode anything else)"),
            ));
        }
        let (origin, path) = if let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"))
        {
            let scheme_len = text.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            let host = &rest[..host_end];
            let host_ok = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
            if host.is_empty() || !host.chars().all(host_ok) {
                return Err(reason(
                    format!("`{text}` không có tên miền hợp lệ; viết ví dụ \"https://example.gov.vn/iso/\""),
                    format!("`{text}` has no valid host; write e.g. \"https://example.gov.vn/iso/\""),
                ));
            }
            (text[..scheme_len + host_end].to_owned(), rest[host_end..].to_owned())
        } else if text.starts_with('/') && !text.starts_with("//") {
            (String::new(), text.to_owned())
        } else {
            return Err(reason(
                format!("`{text}` không phải địa chỉ gốc; viết địa chỉ đầy đủ như \"https://example.gov.vn/iso/\", hoặc một đường dẫn như \"/iso/\""),
                format!("`{text}` is not a base URL; write a full URL such as \"https://example.gov.vn/iso/\", or a path such as \"/iso/\""),
            ));
        };
        if path.contains(['?', '#']) || path.contains("..") || path.contains("//") {
            return Err(reason(
                format!("đường dẫn của `{text}` chỉ được gồm tên thư mục thông thường"),
                format!("the path of `{text}` may hold only plain folder names"),
            ));
        }
        let mut path = if path.is_empty() { "/".to_owned() } else { path };
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// The absolute URL of a site path (`quy-trinh/qt-07/`), for sitemaps and feeds.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path.trim_start_matches('/'))
    }

    /// The root-relative URL of a site path, used in links between pages.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }
}

/// Whether `c` would have to be escaped in an HTML attribute, an XML text or a URL.
fn needs_escaping(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '"' | '<' | '>' | '&' | '\'' | '\\' | '`' | '{' | '}' | '|' | '^')
}

/// A character as named in a message: `<`, or "a control character (U+000C)".
fn describe(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("a space or control character (U+{:04X})", c as u32)
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        let b = BaseUrl::parse("https://example.gov.vn/iso").unwrap();
        assert_eq!(b.origin, "https://example.gov.vn");
        assert_eq!(b.path, "/iso/");
        assert_eq!(b.link("quy-trinh/qt-07/"), "/iso/quy-trinh/qt-07/");
        assert_eq!(b.absolute("/"), "https://example.gov.vn/iso/");
    }

    #[test]
    fn base_url_rejects_garbage() {
        assert!(BaseUrl::parse("example.gov.vn").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("/a/../b/").is_err());
        assert_eq!(BaseUrl::parse("/").unwrap().path, "/");
    }

    #[test]
    fn base_url_refuses_what_would_need_escaping() {
        for bad in [
            "https://example.gov.vn/a&b/",
            "https://example.gov.vn/\"><script>alert(1)</script>/",
            "https://exa<mple.gov.vn/",
            "/a'b/",
            "/a\\b/",
            "/a b/",
            "/a\u{c}b/",
            "javascript:alert(1)//",
            "//evil.example/",
            "https://user@example.gov.vn/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad:?} passed");
        }
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/").unwrap().origin, "http://127.0.0.1:8080");
        assert_eq!(BaseUrl::parse("https://example.gov.vn/sổ-tay/").unwrap().path, "/sổ-tay/");
    }
}
