//! `sitemap.xml` and `robots.txt`. Internal builds are not for search engines: their robots.txt
//! disallows everything and their sitemap is empty. A site whose base_url has no host gets no
//! sitemap, since sitemaps and robots.txt need absolute URLs. A document with translations is
//! listed with each of them, and each entry names the others as `xhtml:link` alternates.

use super::translation_views::alternates;
use super::views::Alternate;
use super::views::DocViews;
use super::Urls;
use crate::model::{Audience, Kind};
use crate::resolve::ResolvedManual;

/// The sitemap of the public pages, with each document's last change as `lastmod`.
pub fn sitemap(resolved: &ResolvedManual, urls: &Urls, views: &DocViews) -> String {
    let mut entries: Vec<(String, Option<String>, Vec<Alternate>)> = Vec::new();
    if resolved.options.audience == Audience::Public {
        entries.push((urls.base.absolute(""), None, Vec::new()));
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Page) {
            entries.push((urls.base.absolute(&format!("{}/", kind.section())), None, Vec::new()));
        }
        for (view, &i) in views.views.iter().zip(&views.indices) {
            let doc = &resolved.manual.documents[i];
            let path = urls.document_path(doc);
            let lastmod = view.updated.map(|d| d.iso());
            let alternates = alternates(urls, &path, &view.translations);
            entries.push((urls.base.absolute(&path), lastmod.clone(), alternates.clone()));
            for translation in alternates.iter().skip(1) {
                entries.push((translation.url.clone(), lastmod.clone(), alternates.clone()));
            }
        }
        for lang in super::translation_views::languages(resolved) {
            entries.push((urls.base.absolute(&urls.translations_path(&lang)), None, Vec::new()));
        }
        entries.push((urls.base.absolute("van-ban/"), None, Vec::new()));
        for entry in &resolved.manual.legal {
            entries.push((urls.base.absolute(&urls.legal_path(entry)), None, Vec::new()));
        }
    }
    let xhtml = if entries.iter().any(|(_, _, a)| !a.is_empty()) {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{xhtml}>\n",
    );
    for (loc, lastmod, alternates) in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&loc));
        xml.push_str("</loc>");
        if let Some(lastmod) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&lastmod);
            xml.push_str("</lastmod>");
        }
        for alternate in &alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_xml(&alternate.lang),
                escape_xml(&alternate.url)
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything allowed with the sitemap's address, or nothing for internal builds.
pub fn robots(urls: &Urls, resolved: &ResolvedManual) -> String {
    match resolved.options.audience {
        Audience::Public if urls.base.origin.is_empty() => "User-agent: *\nAllow: /\n".to_owned(),
        Audience::Public => format!("User-agent: *\nAllow: /\nSitemap: {}\n", urls.base.absolute("sitemap.xml")),
        Audience::Internal => "User-agent: *\nDisallow: /\n".to_owned(),
    }
}

/// `text` made safe for XML 1.0 text and attribute values: markup characters escaped, and the
/// characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return, such
/// as a form feed pasted from Word; U+FFFE, U+FFFF) replaced, so no value can make a feed or
/// sitemap not well-formed. Validation warns about such characters where they are written.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(' '),
            '\u{fffe}' | '\u{ffff}' => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_xml;

    #[test]
    fn escape_xml_replaces_what_xml_forbids() {
        assert_eq!(escape_xml("a\u{c}b\u{0}c\u{fffe}"), "a b c\u{fffd}");
        assert_eq!(escape_xml("<a href=\"x\">&'</a>\t\n"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\t\n");
    }
}
