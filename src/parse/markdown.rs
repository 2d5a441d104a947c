//! What the build needs to know about a document's Markdown before rendering it: the `[[CODE]]`
//! links it makes and the heading ids it will have. Render uses the same options and the same
//! id rules, so an anchor checked here is the anchor the page gets.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::vietnamese;

/// The Markdown extensions sotay enables everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
}

/// A `[[TARGET]]` or `[[TARGET|text]]` link in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiLink {
    /// What is between the brackets before any `|`, e.g. `QT-07#buoc-3`.
    pub target: String,
    /// Byte range in the body.
    pub span: Range<usize>,
}

impl WikiLink {
    /// The code part and the anchor part of the target.
    pub fn parts(&self) -> (&str, Option<&str>) {
        match self.target.split_once('#') {
            Some((code, anchor)) => (code.trim(), Some(anchor.trim())),
            None => (self.target.trim(), None),
        }
    }
}

/// The links and heading ids of a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    pub links: Vec<WikiLink>,
    pub heading_ids: Vec<String>,
}

/// Reads a body once for its links and headings.
pub fn scan(body: &str) -> Scan {
    let mut scan = Scan::default();
    let mut ids = HeadingIds::default();
    let mut heading_text: Option<String> = None;
    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                scan.links.push(WikiLink { target: dest_url.into_string(), span });
            }
            Event::Start(Tag::Heading { .. }) => heading_text = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = heading_text.take() {
                    scan.heading_ids.push(ids.next(&text));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
    scan
}

/// Hands out stable, unique, ASCII heading ids: the heading's slug, then `-2`, `-3` for repeats.
/// Ids that the default theme's layout itself uses (steps, sections) are reserved.
#[derive(Debug)]
pub struct HeadingIds {
    used: BTreeSet<String>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        let reserved = [
            "bang-muc-tieu",
            "bang-muc-tieu-h",
            "bieu-mau",
            "bieu-mau-h",
            "cac-buoc",
            "cac-buoc-h",
            "can-cu-phap-ly",
            "can-cu-phap-ly-h",
            "dieu",
            "dieu-h",
            "duoc-su-dung-trong",
            "duoc-su-dung-trong-h",
            "duoc-tham-chieu",
            "duoc-tham-chieu-h",
            "ho-so",
            "ho-so-h",
            "ho-so-luu",
            "ho-so-luu-h",
            "ky-duyet-tai-lieu",
            "ky-duyet-tai-lieu-h",
            "lien-quan",
            "lien-quan-h",
            "noi-dung",
            "pham-vi-he-thong",
            "pham-vi-he-thong-h",
            "quy-trinh-xu-ly",
            "quy-trinh-xu-ly-h",
            "sua-doi",
            "sua-doi-h",
            "tep-tai-ve",
            "tep-tai-ve-h",
            "thong-tin-cong-bo",
            "thong-tin-cong-bo-h",
            "tom-tat",
            "tom-tat-h",
            "trang-chu-chinh-sach",
            "trang-chu-chinh-sach-h",
            "trang-chu-cong-bo",
            "trang-chu-cong-bo-h",
            "trang-chu-danh-muc",
            "trang-chu-danh-muc-h",
            "trang-chu-h",
            "trang-chu-muc-tieu",
            "trang-chu-muc-tieu-h",
            "trang-chu-thay-doi",
            "trang-chu-thay-doi-h",
            "vien-dan",
            "vien-dan-h",
            "yeu-cau-dieu-kien",
            "yeu-cau-dieu-kien-h",
            "main",
            "top",
            "cac-buoc",
            "can-cu-phap-ly",
            "bieu-mau",
        ];
        HeadingIds { used: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }
}

impl HeadingIds {
    pub fn next(&mut self, heading: &str) -> String {
        let mut base = vietnamese::slug(heading);
        if base.is_empty() || base.starts_with("buoc-") {
            base = format!("muc-{base}").trim_end_matches('-').to_owned();
        }
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_wiki_links_but_not_in_code() {
        let s = scan("Theo [[QT-01]] và [[BM-07-01|mẫu đơn]].\n\n```\n[[QT-99]]\n```\n\n`[[QT-98]]`\n");
        let targets: Vec<&str> = s.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["QT-01", "BM-07-01"]);
        assert_eq!(s.links[0].parts(), ("QT-01", None));
    }

    #[test]
    fn anchors_split_off() {
        let s = scan("[[QT-07#buoc-3]]");
        assert_eq!(s.links[0].parts(), ("QT-07", Some("buoc-3")));
    }

    #[test]
    fn heading_ids_are_folded_and_unique() {
        let s = scan("# Mục đích\n## Phạm vi áp dụng\n## Mục đích\n## Đ\n## Bước 3\n");
        assert_eq!(s.heading_ids, ["muc-dich", "pham-vi-ap-dung", "muc-dich-2", "d", "muc-buoc-3"]);
    }
}
