//! "What changed": every issued revision of every published document, newest first — the
//! site-wide change page, the home page's recent changes and an Atom 1.0 feed with one entry per
//! issued revision. The amendment tables are the authoritative source (who approved what, when).

use serde::Serialize;

use super::sitemap::escape_xml;
use super::views::{doc_ref, DocRef};
use super::Urls;
use crate::model::Date;
use crate::resolve::ResolvedManual;

/// One issued revision of a document.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeEntry {
    pub document: DocRef,
    pub revision: u32,
    pub date: Date,
    /// The section or page changed.
    pub section: String,
    pub summary: String,
    /// The page of that revision (the document's page for its current revision).
    pub url: String,
    /// The redline against the revision before, when both are published.
    pub redline_url: Option<String>,
}

/// Every published revision of the published documents (a withheld revision's amendment row has
/// no entry), newest first (ties: by document, then higher revision first), so output does not
/// depend on file order.
pub fn changes(resolved: &ResolvedManual, urls: &Urls) -> Vec<ChangeEntry> {
    let mut entries = Vec::new();
    for (i, doc) in resolved.manual.documents.iter().enumerate().filter(|(i, _)| resolved.published[*i]) {
        for a in resolved.amendments(i, doc) {
            let reference = doc_ref(resolved, urls, i);
            entries.push(ChangeEntry {
                url: urls.revision(resolved, i, a.revision),
                redline_url: urls.redline(resolved, i, a.revision),
                document: reference,
                revision: a.revision,
                date: a.date,
                section: a.section.clone(),
                summary: a.summary.clone(),
            });
        }
    }
    entries.sort_by(|a, b| {
        (b.date, &a.document.url, std::cmp::Reverse(a.revision)).cmp(&(
            a.date,
            &b.document.url,
            std::cmp::Reverse(b.revision),
        ))
    });
    entries
}

/// The Atom 1.0 feed of `entries` (RFC 4287). Ids are stable tag URIs, so readers see each
/// revision once however often the site is rebuilt.
pub fn atom(resolved: &ResolvedManual, urls: &Urls, entries: &[ChangeEntry]) -> String {
    let (config, ui) = (&resolved.manual.config, resolved.manual.ui());
    let authority = tag_authority(urls);
    let updated = entries.iter().map(|e| e.date).max().unwrap_or(resolved.options.date);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(ui.lang())
    );
    let title = ui.fill("feed.title", &[("site", &config.title(ui))]);
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(&title)));
    xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape_xml(ui.get("feed.subtitle"))));
    let authority = escape_xml(&authority);
    xml.push_str(&format!("  <id>tag:{authority}:thay-doi</id>\n"));
    xml.push_str(&format!("  <updated>{}T00:00:00Z</updated>\n", updated.iso()));
    xml.push_str(&format!("  <author><name>{}</name></author>\n", escape_xml(&config.agency.name)));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&full(urls, &urls.link("thay-doi/")))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&full(urls, &urls.link("thay-doi/atom.xml")))
    ));
    for e in entries {
        let code = e.document.code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
        let document = format!("{code}{}", e.document.title);
        let title = ui.fill("feed.entry", &[("document", &document), ("revision", &e.revision.to_string())]);
        let slug = e.document.url.trim_start_matches(&urls.base.path).trim_end_matches('/');
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&title)));
        xml.push_str(&format!("    <id>tag:{authority}:{}/lan-{:02}</id>\n", escape_xml(slug), e.revision));
        xml.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.date.iso()));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&full(urls, &e.url))
        ));
        let summary = format!("{} ({}): {}", e.document.kind_name, e.section, e.summary);
        xml.push_str(&format!("    <summary>{}</summary>\n", escape_xml(&summary)));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// A link made absolute with the base URL's origin when there is one.
fn full(urls: &Urls, link: &str) -> String {
    if urls.base.origin.is_empty() {
        link.to_owned()
    } else {
        format!("{}{link}", urls.base.origin)
    }
}

/// The authority of tag URIs (RFC 4151): the site's host and a fixed year, so ids never change.
fn tag_authority(urls: &Urls) -> String {
    let host = urls.base.origin.split("://").nth(1).unwrap_or("sotay.invalid");
    let path = urls.base.path.trim_matches('/');
    if path.is_empty() {
        format!("{host},2014")
    } else {
        format!("{host},2014:{path}")
    }
}
