//! Which files a form may offer for download.
//!
//! An attachment is published at the site's own address, so a file the browser renders as a
//! page (`.html`, `.xhtml`, `.xml`, `.svg`) runs its scripts in the site's origin, where they
//! can read and change every page (issue 16, finding 5). Forms may therefore attach only types
//! browsers do not run: office documents, PDF, raster images, CSV and ZIP by default.
//! `[attachments] allow` in sotay.toml replaces that list with any of [`MAY_ALLOW`]; `svg` may
//! be allowed too, and each SVG file is then published only if `svg_check` finds it a plain
//! picture. Any other type is refused, at the front-matter line that lists the file.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Text};
use crate::load::SourceFile;

/// Allowed when sotay.toml has no `[attachments] allow`.
pub const DEFAULT_ALLOW: &[&str] =
    &["doc", "docx", "odt", "rtf", "pdf", "xls", "xlsx", "ods", "csv", "png", "jpg", "jpeg", "webp", "gif", "zip"];

/// What `[attachments] allow` may list: types browsers download or show without running
/// anything in the page's origin, and `svg` (checked file by file).
pub const MAY_ALLOW: &[&str] = &[
    "doc", "docx", "odt", "rtf", "pdf", "xls", "xlsx", "ods", "csv", "txt", "ppt", "pptx", "odp", "png", "jpg", "jpeg",
    "webp", "gif", "tif", "tiff", "bmp", "zip", "7z", "rar", "mp3", "mp4", "svg",
];

/// The attachment types of one build.
#[derive(Clone, Debug)]
pub struct Policy {
    allowed: BTreeSet<String>,
}

/// What to do with one attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Publish,
    /// An SVG: publish it only if it is a plain picture.
    CheckSvg,
    /// Refused: the message and the help.
    Refuse(Text, Text),
}

impl Policy {
    /// The policy of `config`; entries of `allow` that may not be allowed are errors at their line.
    pub fn of(config: &Config, file: &SourceFile, diagnostics: &mut Diagnostics) -> Policy {
        let Some(allow) = &config.attachments.allow else {
            return Policy { allowed: DEFAULT_ALLOW.iter().map(|s| (*s).to_owned()).collect() };
        };
        let mut allowed = BTreeSet::new();
        for entry in allow {
            let extension = entry.get_ref().trim().trim_start_matches('.').to_ascii_lowercase();
            if MAY_ALLOW.contains(&extension.as_str()) {
                allowed.insert(extension);
            } else {
                diagnostics.push(
                    Diagnostic::error(
                        file.loc(entry.span()),
                        "attachment-type-not-allowed",
                        {
                            let entry = entry.get_ref();
                            tr!(
                                "không cho phép được `{entry}`: trình duyệt có thể chạy nội dung loại tệp này như một phần của trang, hoặc sotay không biết loại tệp này",
                                "`{entry}` cannot be allowed: a browser may run what such a file contains in the site's origin, or sotay does not know the type"
                            )
                        },
                    )
                    .with_help({
                        let types = MAY_ALLOW.join(", ");
                        tr!("chỉ ghi một số loại trong: {types}", "list only some of: {types}")
                    }),
                );
            }
        }
        Policy { allowed }
    }

    /// Whether the file `name` may be published.
    pub fn verdict(&self, name: &str) -> Verdict {
        let extension = std::path::Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if self.allowed.contains(&extension) {
            return if extension == "svg" { Verdict::CheckSvg } else { Verdict::Publish };
        }
        let what = match extension.as_str() {
            "" => tr!("một tệp không có phần mở rộng", "a file without an extension"),
            "html" | "htm" | "xhtml" | "xht" | "shtml" | "mht" | "mhtml" | "xml" | "xsl" | "xslt" | "js" | "mjs" => {
                tr!(
                    "một tệp .{extension}, loại tệp trình duyệt chạy như một trang của trang web này,",
                    "a .{extension} file, which a browser runs as a page of this site,"
                )
            }
            "svg" | "svgz" => tr!(
                "một tệp .{extension}, loại tệp có thể chứa script chạy trong trang web này,",
                "a .{extension} file, which can hold script that runs in this site,"
            ),
            _ => tr!("một tệp .{extension}", "a .{extension} file"),
        };
        let help = if extension == "svg" {
            tr!(
                "chuyển sang PNG hoặc PDF, hoặc cho phép SVG bằng `[attachments] allow = [\"svg\", …]` trong sotay.toml (khi đó từng tệp SVG được kiểm tra script)",
                "convert it to PNG or PDF, or allow SVG with `[attachments] allow = [\"svg\", …]` in sotay.toml (each SVG is then checked for script)"
            )
        } else {
            let types = self.allowed.iter().cloned().collect::<Vec<_>>().join(", ");
            tr!(
                "đính kèm tệp PDF hoặc tệp văn phòng thay thế; các loại được phép là {types} (`[attachments] allow` trong sotay.toml)",
                "attach a PDF or an office document instead; the types allowed are {types} (`[attachments] allow` in sotay.toml)"
            )
        };
        let (vi, en) = (&what.vi, &what.en);
        Verdict::Refuse(
            tr!(
                "{name} là {vi} và biểu mẫu không được đính kèm loại tệp này",
                "{name} is {en} and forms may not attach it"
            ),
            help,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow: Option<&[&str]>) -> Policy {
        match allow {
            None => Policy { allowed: DEFAULT_ALLOW.iter().map(|s| (*s).to_owned()).collect() },
            Some(list) => Policy { allowed: list.iter().map(|s| (*s).to_owned()).collect() },
        }
    }

    #[test]
    fn documents_and_pictures_pass_by_default() {
        for name in ["a.pdf", "A.DOCX", "b.xlsx", "c.png", "d.JPG", "e.zip", "f.odt", "g.csv"] {
            assert_eq!(policy(None).verdict(name), Verdict::Publish, "{name}");
        }
    }

    #[test]
    fn pages_scripts_svg_and_unknown_types_are_refused_by_default() {
        for name in ["evil.html", "evil.HTM", "x.xhtml", "x.xml", "x.js", "evil.svg", "x.exe", "README"] {
            assert!(matches!(policy(None).verdict(name), Verdict::Refuse(..)), "{name}");
        }
        let Verdict::Refuse(message, help) = policy(None).verdict("evil.svg") else { panic!("svg passed") };
        assert!(message.contains("evil.svg") && help.contains("PNG"), "{message:?} / {help:?}");
    }

    #[test]
    fn allowed_svg_is_checked_and_the_list_replaces_the_default() {
        let p = policy(Some(&["pdf", "svg"]));
        assert_eq!(p.verdict("a.svg"), Verdict::CheckSvg);
        assert_eq!(p.verdict("a.pdf"), Verdict::Publish);
        assert!(matches!(p.verdict("a.docx"), Verdict::Refuse(..)));
    }
}
