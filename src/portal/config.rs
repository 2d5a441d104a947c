//! A portal's `sotay.toml`: the `[portal]` table (title, where it is published, its language) and
//! the agency manuals it publishes side by side (`[[portal.agencies]]`). Parsed strictly, then
//! validated into [`Portal`]: a missing folder, a folder that is not a manual, a bad or
//! duplicate slug are diagnostics at their place in the file, all reported together.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, Text};
use crate::load::SourceFile;

/// Site paths the portal writes itself, which an agency's slug may not take.
pub const RESERVED: &[&str] = &["api", "assets", "thay-doi", "tim-kiem", "index.html", "robots.txt", "sitemap.xml"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    portal: Spanned<Table>,
}

/// `[portal]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    title: String,
    /// The body the portal belongs to, e.g. "Ủy ban nhân dân tỉnh Mẫu".
    parent: Option<String>,
    #[serde(default = "default_base_url")]
    base_url: Spanned<String>,
    #[serde(default = "default_language")]
    language: Spanned<String>,
    /// Where published agencies' last verified files are kept, relative to the portal folder;
    /// `.sotay-<output>.cache` beside the output by default.
    cache: Option<String>,
    #[serde(default)]
    agencies: Vec<Spanned<AgencyTable>>,
}

/// One `[[portal.agencies]]` as written: exactly one of `path`, `site` and `url`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyTable {
    /// The manual's folder, relative to the portal folder.
    path: Option<Spanned<String>>,
    /// A folder holding the agency's built and published site (`sotay build`'s output).
    site: Option<Spanned<String>>,
    /// The address where the agency's site is published.
    url: Option<Spanned<String>>,
    /// The folder of the agency's pages in the portal; derived from `path` when omitted.
    slug: Option<Spanned<String>>,
}

fn default_base_url() -> Spanned<String> {
    Spanned::new(0..0, "/".to_owned())
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "vi".to_owned())
}

/// A validated portal.
#[derive(Clone, Debug)]
pub struct Portal {
    pub title: String,
    pub parent: Option<String>,
    pub base_url: BaseUrl,
    /// The interface language of the portal's own pages (`vi` or `en`).
    pub language: String,
    /// In the order of the file.
    pub agencies: Vec<AgencyEntry>,
    /// `[portal] cache`, joined to the portal folder.
    pub cache: Option<PathBuf>,
}

/// An agency of the portal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyEntry {
    /// Its folder in the portal's site, e.g. `so-khcn`.
    pub slug: String,
    /// The folder or address as written in the portal's sotay.toml, e.g. `../so-khcn`.
    pub path: String,
    /// The manual's folder (or the published site's folder) on disk; empty for `url`.
    pub root: PathBuf,
    /// Where the agency comes from.
    pub kind: AgencyKind,
    /// The agency's `path`, `site` or `url` in the portal's sotay.toml, which its problems name.
    pub at: Loc,
}

/// The three kinds of agency a portal lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgencyKind {
    /// `path`: a manual folder, built by the portal.
    Manual,
    /// `site`: a folder holding the agency's published site, read and verified.
    Site,
    /// `url`: the agency's published site at this address (ending in `/`), fetched and verified.
    Url(String),
}

impl AgencyEntry {
    /// Whether the portal builds this agency from its manual.
    pub fn is_manual(&self) -> bool {
        self.kind == AgencyKind::Manual
    }
}

/// Whether the folder `dir` is a portal: its sotay.toml has a `[portal]` table.
pub fn is_portal(dir: &Path) -> bool {
    let Ok(bytes) = crate::read::read_capped(&dir.join("sotay.toml"), crate::read::DOCUMENT_BYTES) else {
        return false;
    };
    let Ok(text) = String::from_utf8(bytes) else { return false };
    match text.parse::<toml::Table>() {
        Ok(table) => table.contains_key("portal"),
        // A portal with a syntax error is still a portal, whose parse then reports the error.
        Err(_) => text.lines().map(str::trim_start).any(|l| l.starts_with("[portal]") || l.starts_with("[[portal.")),
    }
}

/// Parses and validates the portal's sotay.toml (`file`, read from the portal folder `root`).
/// Agencies with problems are left out of the portal returned, and the problems reported.
pub fn parse(file: &SourceFile, root: &Path) -> (Option<Portal>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let (table, table_span) = match toml::from_str::<File>(&file.text) {
        Ok(parsed) => {
            let span = parsed.portal.span();
            (parsed.portal.into_inner(), span)
        }
        Err(e) => {
            problems.push(crate::toml_error::diagnostic(file, 0, &e));
            return (None, problems);
        }
    };
    let base_url = match BaseUrl::parse(table.base_url.get_ref()) {
        Ok(base) => base,
        Err(message) => {
            problems.push(
                Diagnostic::error(file.loc(table.base_url.span()), "invalid-base-url", Text::reason(&message))
                    .with_help(tr!(
                        "đặt [portal] base_url là địa chỉ nơi cổng sẽ được công bố",
                        "set [portal] base_url to where the portal will be published"
                    )),
            );
            BaseUrl { origin: String::new(), path: "/".to_owned() }
        }
    };
    let catalog = crate::i18n::Catalog::builtin();
    if catalog.strings(table.language.get_ref()).is_none() {
        let known: Vec<&str> = catalog.languages().collect();
        problems.push(
            Diagnostic::error(file.loc(table.language.span()), "unknown-language", {
                let lang = table.language.get_ref();
                tr!("giao diện của cổng không có ngôn ngữ `{lang}`", "the portal's interface has no language `{lang}`")
            })
            .with_help({
                let known = known.join(", ");
                tr!("dùng một trong: {known}", "use one of: {known}")
            }),
        );
    }
    if table.agencies.is_empty() {
        problems.push(
            Diagnostic::error(
                file.loc(table_span.start..table_span.start),
                "portal-without-agencies",
                tr!("cổng chưa liệt kê cơ quan nào", "the portal lists no agency"),
            )
            .with_help(tr!(
                "thêm bảng [[portal.agencies]] với path là thư mục sổ tay của từng cơ quan",
                "add a [[portal.agencies]] table with the path of each agency's manual folder"
            )),
        );
    }
    let agencies = agencies(file, root, &table.agencies, &mut problems);
    let portal = Portal {
        title: table.title,
        parent: table.parent,
        base_url,
        language: table.language.into_inner(),
        agencies,
        cache: table.cache.map(|dir| root.join(dir)),
    };
    (Some(portal), problems)
}

/// The valid agencies of the list, each slug once; the others' problems go to `problems`.
fn agencies(
    file: &SourceFile,
    root: &Path,
    tables: &[Spanned<AgencyTable>],
    problems: &mut Diagnostics,
) -> Vec<AgencyEntry> {
    let mut agencies: Vec<AgencyEntry> = Vec::new();
    for table in tables {
        let agency = table.get_ref();
        match agency_entry(file, root, agency, table.span()) {
            Ok(entry) if agencies.iter().any(|known| known.slug == entry.slug) => {
                let at = agency.slug.as_ref().map_or(entry.at.clone(), |s| file.loc(s.span()));
                problems.push(
                    Diagnostic::error(at, "portal-duplicate-slug", {
                        let slug = &entry.slug;
                        tr!(
                            "hai cơ quan sẽ cùng được công bố ở `{slug}/`",
                            "two agencies would be published under `{slug}/`"
                        )
                    })
                    .with_help(tr!("đặt `slug` khác cho một trong hai cơ quan", "give one of them another `slug`")),
                );
            }
            Ok(entry) => agencies.push(entry),
            Err(problem) => problems.push(problem),
        }
    }
    agencies
}

/// Validates one agency: it says where it comes from exactly once, that place exists, and its
/// slug is usable.
fn agency_entry(
    file: &SourceFile,
    root: &Path,
    agency: &AgencyTable,
    table: std::ops::Range<usize>,
) -> Result<AgencyEntry, Diagnostic> {
    let given: Vec<&Spanned<String>> = [&agency.path, &agency.site, &agency.url].into_iter().flatten().collect();
    let [source] = given[..] else {
        let at = given.get(1).map_or_else(|| file.loc(table.start..table.start), |second| file.loc(second.span()));
        return Err(Diagnostic::error(
            at,
            "portal-agency-kind",
            tr!(
                "mỗi cơ quan ghi đúng một trong `path`, `site` và `url`",
                "each agency gives exactly one of `path`, `site` and `url`"
            ),
        )
        .with_help(tr!(
            "`path` là thư mục sổ tay, `site` là thư mục trang đã dựng, `url` là địa chỉ trang đã công bố",
            "`path` is a manual folder, `site` a built site's folder, `url` the published site's address"
        )));
    };
    let at = file.loc(source.span());
    if let Some(url) = &agency.url {
        return url_entry(file, agency, url, at);
    }
    if let Some(site) = &agency.site {
        return site_entry(file, root, agency, site, at);
    }
    manual_entry(file, root, agency, source, at)
}

/// A `url` agency: an https (or http) address of a published site.
fn url_entry(
    file: &SourceFile,
    agency: &AgencyTable,
    url: &Spanned<String>,
    at: Loc,
) -> Result<AgencyEntry, Diagnostic> {
    {
        let address = super::published::agency_address(url.get_ref()).map_err(|why| {
            Diagnostic::error(at.clone(), "portal-agency-missing", Text::reason(&why)).with_help(tr!(
                "ghi địa chỉ https đầy đủ nơi cơ quan công bố trang, ví dụ \"https://iso.so-khcn.gov.vn/\"",
                "write the full https address where the agency publishes its site, e.g. \"https://iso.so-khcn.gov.vn/\""
            ))
        })?;
        let slug = slug_of(file, agency, &at, super::published::address_name(&address))?;
        Ok(AgencyEntry { slug, path: url.get_ref().clone(), root: PathBuf::new(), kind: AgencyKind::Url(address), at })
    }
}

/// A `site` agency: a folder holding a built site (its manifest.json).
fn site_entry(
    file: &SourceFile,
    root: &Path,
    agency: &AgencyTable,
    site: &Spanned<String>,
    at: Loc,
) -> Result<AgencyEntry, Diagnostic> {
    {
        let dir = root.join(site.get_ref());
        if site.get_ref().trim().is_empty() || !dir.join("manifest.json").is_file() {
            let path = site.get_ref();
            return Err(Diagnostic::error(
                at,
                "portal-agency-missing",
                tr!(
                    "`{path}` không phải thư mục trang đã dựng: không có manifest.json",
                    "`{path}` is not a built site's folder: it has no manifest.json"
                ),
            )
            .with_help(tr!(
                "trỏ `site` tới thư mục `sotay build` đã ghi trang của cơ quan, tính từ thư mục của cổng",
                "point `site` at the folder `sotay build` wrote the agency's site to, relative to the portal folder"
            )));
        }
        let slug = slug_of(file, agency, &at, folder_name(&dir))?;
        Ok(AgencyEntry { slug, path: site.get_ref().clone(), root: dir, kind: AgencyKind::Site, at })
    }
}

/// A `path` agency: a manual folder (not a portal's).
fn manual_entry(
    file: &SourceFile,
    root: &Path,
    agency: &AgencyTable,
    source: &Spanned<String>,
    at: Loc,
) -> Result<AgencyEntry, Diagnostic> {
    let path = source.get_ref();
    let dir = root.join(path);
    if path.trim().is_empty() || !dir.is_dir() {
        return Err(Diagnostic::error(
            at,
            "portal-agency-missing",
            tr!("không có thư mục `{path}`", "there is no folder `{path}`"),
        )
        .with_help(tr!(
            "ghi thư mục sổ tay của cơ quan, tính từ thư mục của cổng, ví dụ \"../so-khcn\"",
            "write the agency's manual folder relative to the portal folder, e.g. \"../so-khcn\""
        )));
    }
    if !dir.join("sotay.toml").is_file() {
        return Err(Diagnostic::error(
            at,
            "portal-agency-not-a-manual",
            tr!(
                "`{path}` không phải thư mục sổ tay: không có sotay.toml",
                "`{path}` is not a manual folder: it has no sotay.toml"
            ),
        )
        .with_help(tr!(
            "trỏ `path` tới thư mục chứa sotay.toml của cơ quan",
            "point `path` at the folder holding the agency's sotay.toml"
        )));
    }
    if is_portal(&dir) {
        return Err(Diagnostic::error(
            at,
            "portal-agency-not-a-manual",
            tr!("`{path}` là một cổng, không phải sổ tay của cơ quan", "`{path}` is a portal, not an agency's manual"),
        )
        .with_help(tr!(
            "liệt kê chính các thư mục sổ tay của các cơ quan",
            "list the agencies' manual folders themselves"
        )));
    }
    let slug = slug_of(file, agency, &at, folder_name(&dir))?;
    Ok(AgencyEntry { slug, path: path.clone(), root: dir, kind: AgencyKind::Manual, at })
}

/// The last component of the folder `dir`, as a name to derive a slug from.
fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// The agency's slug: as given, or derived from `name` (its folder's or address's).
fn slug_of(file: &SourceFile, agency: &AgencyTable, at: &Loc, name: String) -> Result<String, Diagnostic> {
    Ok(match &agency.slug {
        Some(slug) => {
            check_slug(slug.get_ref()).map_err(|message| {
                Diagnostic::error(file.loc(slug.span()), "portal-invalid-slug", Text::reason(&message)).with_help(tr!(
                    "dùng chữ thường a–z không dấu, chữ số và `-`, ví dụ \"so-khcn\"",
                    "use lower-case letters a–z, digits and `-`, e.g. \"so-khcn\""
                ))
            })?;
            slug.get_ref().clone()
        }
        None => {
            let derived = crate::vietnamese::slug(&name);
            check_slug(&derived).map_err(|message| {
                Diagnostic::error(at.clone(), "portal-invalid-slug", {
                    let why = Text::reason(&message);
                    let (vi, en) = (&why.vi, &why.en);
                    tr!(
                        "tên thư mục không cho ra tên viết tắt dùng được: {vi}",
                        "the folder name gives no usable slug: {en}"
                    )
                })
                .with_help(tr!("thêm `slug = \"…\"` cho cơ quan này", "add `slug = \"…\"` to this agency"))
            })?;
            derived
        }
    })
}

/// A slug is one folder name of lower-case ASCII letters, digits and inner dashes, not one of
/// the portal's own paths.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let plain = !slug.is_empty()
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !plain {
        return Err(crate::lang::reason(
            format!("`{slug}` không phải tên thư mục thông thường"),
            format!("`{slug}` is not a plain folder name"),
        ));
    }
    if RESERVED.contains(&slug) {
        return Err(crate::lang::reason(
            format!("`{slug}` là thư mục cổng dùng cho các trang của chính nó"),
            format!("`{slug}` is a folder the portal uses for its own pages"),
        ));
    }
    Ok(())
}

/// The portal's sotay.toml, read as a source file named `sotay.toml`.
pub fn read(root: &Path) -> crate::error::Result<Arc<SourceFile>> {
    let disk = root.join("sotay.toml");
    let bytes = crate::read::read_capped(&disk, crate::read::DOCUMENT_BYTES)
        .map_err(|refused| crate::error::Error::Read { path: disk.clone(), source: refused.into_io() })?;
    let (text, raw) = crate::read::decode(&bytes).map_err(|e| {
        let path = disk.display();
        crate::error::Error::Refused(tr!(
            "{path} không phải văn bản UTF-8: {e}; lưu lại tệp với bảng mã UTF-8",
            "{path} is not UTF-8: {e}; save the file as UTF-8"
        ))
    })?;
    Ok(Arc::new(SourceFile::new(Arc::from(Path::new("sotay.toml")), text, raw)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_folder_names() {
        assert!(check_slug("so-khcn").is_ok());
        assert!(check_slug("So-KHCN").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("-a").is_err());
        assert!(check_slug("tim-kiem").is_err());
        assert!(check_slug("").is_err());
    }
}
