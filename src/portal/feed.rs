//! The changes of every agency in one Atom 1.0 feed (`thay-doi/atom.xml`): one entry per issued
//! revision of a published document, newest first, each titled with its agency and authored by
//! it. Ids are tag URIs of the portal's address, the agency's slug and the document's path, so
//! they stay the same however often, and in whatever order, the portal is built.

use super::agency::AgencyResult;
use super::summary::Change;
use crate::config::BaseUrl;
use crate::i18n::Strings;
use crate::model::Date;
use crate::render::sitemap::escape_xml;

/// The feed's output path.
pub const PATH: &str = "thay-doi/atom.xml";

/// The most entries the feed holds (the newest): a national portal's agencies issue tens of
/// thousands of revisions, which no reader wants in one file.
pub const ENTRIES: usize = 1000;

/// A change with its agency.
#[derive(Clone, Debug, serde::Serialize)]
pub struct AgencyChange {
    pub slug: String,
    /// The agency's name as readers know it.
    pub agency: String,
    pub agency_name: String,
    pub code: Option<String>,
    pub title: String,
    pub revision: u32,
    pub date: Date,
    pub summary: String,
    pub url: String,
    /// The document's path under the agency's address, for its entry's id.
    #[serde(skip)]
    pub document_path: String,
    #[serde(skip)]
    pub change: Change,
}

/// Every agency's changes, newest first (ties: by agency slug, then document, then higher
/// revision first), so the order depends neither on scheduling nor on the portal's order.
pub fn changes(results: &[AgencyResult]) -> Vec<AgencyChange> {
    let mut all = Vec::new();
    for r in results {
        let Some(summary) = &r.summary else { continue };
        let agency = summary.short_name.clone().unwrap_or_else(|| summary.name.clone());
        for c in &summary.changes {
            all.push(AgencyChange {
                slug: r.entry.slug.clone(),
                agency: agency.clone(),
                agency_name: summary.name.clone(),
                code: c.code.clone(),
                title: c.title.clone(),
                revision: c.revision,
                date: c.date,
                summary: c.summary.clone(),
                url: c.url.clone(),
                document_path: c.document_url.trim_start_matches(&r.home).trim_matches('/').to_owned(),
                change: c.clone(),
            });
        }
    }
    all.sort_by(|a, b| {
        (b.date, &a.slug, &a.change.document_url, std::cmp::Reverse(a.revision)).cmp(&(
            a.date,
            &b.slug,
            &b.change.document_url,
            std::cmp::Reverse(b.revision),
        ))
    });
    all
}

/// The Atom feed of `entries`.
pub fn atom(title: &str, base: &BaseUrl, ui: &Strings, date: Date, entries: &[AgencyChange]) -> String {
    // A published site's links are absolute already when it is not on the portal's host.
    let full = |link: &str| match link.starts_with("https://") || link.starts_with("http://") {
        true => link.to_owned(),
        false => format!("{}{link}", base.origin),
    };
    let authority = escape_xml(&tag_authority(base));
    let updated = entries.iter().map(|e| e.date).max().unwrap_or(date);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(ui.lang())
    );
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(&ui.fill("portal.feed_title", &[("portal", title)]))));
    xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape_xml(ui.get("portal.feed_subtitle"))));
    xml.push_str(&format!("  <id>tag:{authority}:thay-doi</id>\n"));
    xml.push_str(&format!("  <updated>{}T00:00:00Z</updated>\n", updated.iso()));
    xml.push_str(&format!("  <author><name>{}</name></author>\n", escape_xml(title)));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&full(&base.link("")))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&full(&base.link(PATH)))
    ));
    for e in entries {
        let code = e.code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
        let document = format!("{code}{}", e.title);
        let revision = e.revision.to_string();
        let entry_title =
            ui.fill("portal.feed_entry", &[("agency", &e.agency), ("document", &document), ("revision", &revision)]);
        let doc_path = &e.document_path;
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&entry_title)));
        xml.push_str(&format!(
            "    <id>tag:{authority}:{}/{}/lan-{:02}</id>\n",
            escape_xml(&e.slug),
            escape_xml(doc_path),
            e.revision
        ));
        xml.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.date.iso()));
        xml.push_str(&format!("    <author><name>{}</name></author>\n", escape_xml(&e.agency_name)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&full(&e.url))
        ));
        let summary = format!("{} ({}): {}", e.change.kind_name, e.change.section, e.summary);
        xml.push_str(&format!("    <summary>{}</summary>\n", escape_xml(&summary)));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// The authority of tag URIs (RFC 4151): the portal's host and a fixed year.
fn tag_authority(base: &BaseUrl) -> String {
    let host = base.origin.split("://").nth(1).unwrap_or("sotay.invalid");
    match base.path.trim_matches('/') {
        "" => format!("{host},2014"),
        path => format!("{host},2014:{path}"),
    }
}
