//! The portal's own files, around the agencies' pages: the directory (home), the search page and
//! its merged index, the cross-agency feed, `api/portal.json`, the theme's assets, robots.txt
//! and, with a host in the address, a sitemap index of the agencies' sitemaps. Rendered with the
//! built-in theme's `portal*.html` templates and interface strings.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::json;

use super::agency::AgencyResult;
use super::config::Portal;
use super::{directory, feed, search};
use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Loc};
use crate::load::Sources;
use crate::model::quantity::grouped;
use crate::model::{Audience, Date};
use crate::render::sitemap::escape_xml;
use crate::render::{assets, localise, templates, Output, Urls};

/// How many changes the directory page lists (the feed has them all).
const RECENT: usize = 10;

/// Renders the portal's files.
pub fn render(
    portal: &Portal,
    base: &BaseUrl,
    audience: Audience,
    date: Date,
    results: &[AgencyResult],
    search_docs: &[crate::render::search::docs::SearchDoc],
) -> Result<Vec<(String, Output)>, Diagnostic> {
    let mut tera = templates::engine(&Sources::default()).map_err(|mut problems| problems.remove(0))?;
    let ui = crate::i18n::Catalog::builtin().or_reference(&portal.language).clone();
    localise::register(&mut tera, ui.clone(), &portal.language);
    let separator = if portal.language == "vi" { '.' } else { ',' };
    tera.register_filter("grouped", move |value: &tera::Value, _: &HashMap<String, tera::Value>| {
        match value.as_u64() {
            Some(n) => Ok(tera::Value::String(grouped(n, separator))),
            None => Err(tera::Error::msg(format!("grouped expects a whole number, got {value}"))),
        }
    });
    let assets = assets::collect(&Sources::default(), &Urls { base: base.clone() });
    let rows = directory::rows(results);
    let figures = directory::figures(&rows, date);
    let changes = feed::changes(results);
    let canonical = |path: &str| if base.origin.is_empty() { base.link(path) } else { base.absolute(path) };
    let context = |title: &str, section: &str, path: &str| {
        json!({
            "portal": {
                "title": portal.title, "parent": portal.parent, "lang": portal.language,
                "home_url": base.link(""), "search_url": base.link("tim-kiem/"), "feed_url": base.link(feed::PATH),
                "json_url": base.link(directory::JSON_PATH), "css_url": assets.urls.get("style.css"),
                "build_date": date, "internal": audience == Audience::Internal, "agencies": rows.len(),
            },
            "page": { "title": title, "section": section, "canonical": canonical(path) },
        })
    };
    let mut home = context(&portal.title, "home", "");
    home["figures"] = json!(figures);
    home["agencies"] = json!(rows);
    home["changes"] = json!(changes.iter().take(RECENT).collect::<Vec<_>>());
    let mut search_page = context(ui.get("portal.search"), "tim-kiem", "tim-kiem/");
    search_page["search_js"] = json!(assets.urls.get("search.js"));
    let page = |template: &str, value: &serde_json::Value| -> Result<Output, Diagnostic> {
        let context = tera::Context::from_value(value.clone()).expect("the context is an object");
        tera.render(template, &context).map(|html| Output::Bytes(html.into_bytes().into())).map_err(|e| {
            Diagnostic::error(
                Loc::file(&Arc::from(Path::new("templates").join(template).as_path())),
                "template-error",
                {
                    let cause = templates::chain(&e);
                    tr!(
                        "không dựng được trang của cổng từ mẫu `{template}`: {cause}",
                        "the portal's template `{template}` failed: {cause}"
                    )
                },
            )
        })
    };
    let head =
        directory::Head { title: &portal.title, parent: portal.parent.as_deref(), base_url: canonical(""), date };
    let mut files = vec![
        ("index.html".to_owned(), page("portal.html", &home)?),
        ("tim-kiem/index.html".to_owned(), page("portal-search.html", &search_page)?),
        (
            feed::PATH.to_owned(),
            bytes(
                feed::atom(&portal.title, base, &ui, date, &changes[..changes.len().min(feed::ENTRIES)]).into_bytes(),
            ),
        ),
        (directory::JSON_PATH.to_owned(), bytes(directory::json(&head, &figures, &rows, &changes))),
        ("robots.txt".to_owned(), bytes(robots(base, audience).into_bytes())),
    ];
    files.extend(search::index(search_docs).into_iter().map(|(path, index)| (path, bytes(index))));
    if !base.origin.is_empty() {
        files.push(("sitemap.xml".to_owned(), bytes(sitemap_index(base, results).into_bytes())));
    }
    files.extend(assets.files);
    let listed = manifest(&files);
    files.push(("manifest.json".to_owned(), bytes(listed)));
    Ok(files)
}

/// `manifest.json` of the portal's own files (not its agencies', which each have their own):
/// what a portal listing this one reads and verifies (docs/json-api.md).
fn manifest(files: &[(String, Output)]) -> Vec<u8> {
    let mut listed: Vec<serde_json::Value> = files
        .iter()
        .filter_map(|(path, output)| match output {
            Output::Bytes(data) => Some(json!({
                "path": path, "size": data.len(), "sha256": crate::digest::sha256(data),
            })),
            _ => None,
        })
        .collect();
    listed.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    let mut text = serde_json::to_string_pretty(&json!({ "algorithm": "sha256", "files": listed }))
        .expect("the manifest serialises");
    text.push('\n');
    text.into_bytes()
}

fn bytes(data: Vec<u8>) -> Output {
    Output::Bytes(data.into())
}

/// Public portals let search engines in and name the sitemap; internal ones keep them out.
fn robots(base: &BaseUrl, audience: Audience) -> String {
    match audience {
        Audience::Internal => "User-agent: *\nDisallow: /\n".to_owned(),
        Audience::Public if base.origin.is_empty() => "User-agent: *\nAllow: /\n".to_owned(),
        Audience::Public => format!("User-agent: *\nAllow: /\nSitemap: {}\n", base.absolute("sitemap.xml")),
    }
}

/// A sitemap index (sitemaps.org) of the agencies' sitemaps.
fn sitemap_index(base: &BaseUrl, results: &[AgencyResult]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for r in results {
        let path = format!("{}/sitemap.xml", r.entry.slug);
        if r.files.iter().any(|(p, _)| *p == path) {
            xml.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", escape_xml(&base.absolute(&path))));
        }
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

#[cfg(test)]
mod tests {
    use crate::model::quantity::grouped;

    #[test]
    fn figures_are_grouped_by_thousands() {
        assert_eq!(grouped(5564, '.'), "5.564");
        assert_eq!(grouped(8910, ','), "8,910");
        assert_eq!(grouped(1234567, '.'), "1.234.567");
        assert_eq!(grouped(63, '.'), "63");
        assert_eq!(grouped(0, '.'), "0");
        assert_eq!(grouped(100000, '.'), "100.000");
    }
}
