//! A portal's `sotay.toml`: the `[portal]` table (title, where it is published, its language) and
//! the agency manuals it publishes side by side (`[[portal.agencies]]`). Parsed strictly, then
//! validated into [`Portal`]: a missing folder, a folder that is not a manual, a bad or
//! duplicate slug are diagnostics at their place in the file, all reported together.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Diagnostics, Text};
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
    #[serde(default)]
    agencies: Vec<Spanned<AgencyTable>>,
}

/// One `[[portal.agencies]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyTable {
    /// The manual's folder, relative to the portal folder.
    path: Spanned<String>,
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
}

/// An agency of the portal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyEntry {
    /// Its folder in the portal's site, e.g. `so-khcn`.
    pub slug: String,
    /// The manual's folder as written in the portal's sotay.toml, e.g. `../so-khcn`.
    pub path: String,
    /// The manual's folder on disk.
    pub root: PathBuf,
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
    let portal =
        Portal { title: table.title, parent: table.parent, base_url, language: table.language.into_inner(), agencies };
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
    for agency in tables.iter().map(Spanned::get_ref) {
        match agency_entry(file, root, agency) {
            Ok(entry) if agencies.iter().any(|known| known.slug == entry.slug) => {
                let span = agency.slug.as_ref().map_or(agency.path.span(), |s| s.span());
                problems.push(
                    Diagnostic::error(file.loc(span), "portal-duplicate-slug", {
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

/// Validates one agency: its folder exists and holds a manual, and its slug is usable.
fn agency_entry(file: &SourceFile, root: &Path, agency: &AgencyTable) -> Result<AgencyEntry, Diagnostic> {
    let path = agency.path.get_ref();
    let at = file.loc(agency.path.span());
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
    let slug = match &agency.slug {
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
            let name = std::fs::canonicalize(&dir)
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
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
    };
    Ok(AgencyEntry { slug, path: path.clone(), root: dir })
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
