//! `sitemap.xml` and `robots.txt`. Internal builds are not for search engines: their robots.txt
//! disallows everything and their sitemap is empty. A site whose base_url has no host gets no
//! sitemap, since sitemaps and robots.txt need absolute URLs.

use super::pages::DocViews;
use super::Urls;
use crate::model::{Audience, Kind};
use crate::resolve::ResolvedManual;

/// The sitemap of the public pages, with each document's last change as `lastmod`.
pub fn sitemap(resolved: &ResolvedManual, urls: &Urls, views: &DocViews) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    if resolved.options.audience == Audience::Public {
        entries.push((urls.base.absolute(""), None));
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Page) {
            entries.push((urls.base.absolute(&format!("{}/", kind.section())), None));
        }
        for (view, &i) in views.views.iter().zip(&views.indices) {
            let doc = &resolved.manual.documents[i];
            entries.push((urls.base.absolute(&urls.document_path(doc)), view.updated.map(|d| d.iso())));
        }
        entries.push((urls.base.absolute("van-ban/"), None));
        for entry in &resolved.manual.legal {
            entries.push((urls.base.absolute(&urls.legal_path(entry)), None));
        }
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&loc));
        xml.push_str("</loc>");
        if let Some(lastmod) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&lastmod);
            xml.push_str("</lastmod>");
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

pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}
