//! `sotay check --format github`: each problem as a GitHub Actions workflow command
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`), which the runner
//! turns into an annotation on the pull request's changed line. Values are escaped as the
//! Actions toolkit does (`escapeData`, `escapeProperty` in @actions/core): `%`, CR and LF in
//! the message, and also `:` and `,` in the properties, so a message can never end the command
//! early or start another one.

use std::path::Path;

use super::region::{Region, Texts};
use super::{display_path, help_word, Diagnostic, Diagnostics, Severity};
use crate::lang::Lang;

/// Every diagnostic as one workflow command line, worded in `lang`. `files` are the manual's texts (for where
/// each problem ends); `root` is the manual folder as given on the command line, put before
/// each file so the path is relative to where the workflow runs (the repository's root).
pub fn annotations<'a>(
    diagnostics: &Diagnostics,
    files: impl IntoIterator<Item = (&'a Path, &'a str)>,
    root: &Path,
    lang: Lang,
) -> String {
    let texts = Texts::of(diagnostics, files);
    diagnostics.iter().map(|d| annotation(d, &texts.region(&d.loc), root, lang) + "\n").collect()
}

/// One workflow command for `d` at `region`.
fn annotation(d: &Diagnostic, region: &Region, root: &Path, lang: Lang) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = vec![("file", repository_path(root, &d.loc.file))];
    if region.line > 0 {
        properties.push(("line", region.line.to_string()));
        properties.push(("col", region.column.to_string()));
        properties.push(("endLine", region.end_line.to_string()));
        // GitHub reads the end column only for a range on one line.
        if region.end_line == region.line {
            properties.push(("endColumn", region.end_column.to_string()));
        }
    }
    properties.push(("title", d.code.to_owned()));
    let properties: Vec<String> =
        properties.iter().map(|(name, value)| format!("{name}={}", escape_property(value))).collect();
    let mut message = d.message.get(lang).to_owned();
    if let Some(help) = &d.help {
        message.push_str(&format!("\n{}: {}", help_word(lang), help.get(lang)));
    }
    for related in d.related() {
        message.push_str(&format!("\n{}: {}", related.loc, related.message.get(lang)));
    }
    format!("::{command} {}::{}", properties.join(","), escape_data(&message))
}

/// The file as the repository names it: the manual folder, then the file inside it.
fn repository_path(root: &Path, file: &Path) -> String {
    let joined = display_path(&root.join(file));
    let mut path = joined.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path.to_owned()
}

/// A message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property's value: as a message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Loc;
    use std::sync::Arc;

    #[test]
    fn messages_and_properties_are_escaped_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50% xong\r\n::error::x"), "50%25 xong%0D%0A::error::x");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }

    #[test]
    fn an_error_names_its_file_range_and_code_with_the_help_on_a_second_line() {
        let file: Arc<Path> = Arc::from(Path::new("content/procedures/QT 07,a.md"));
        let text = "+++\nrevision = \"ba\"\n";
        let at = text.find("\"ba\"").unwrap();
        let loc = Loc::at(&file, text, at..at + 4);
        let d = Diagnostic::error(loc, "wrong-type", tr!("revision phải là số: 100%", "revision is a number"))
            .with_help(tr!("viết `revision = 3`", "write `revision = 3`"));
        let diagnostics: Diagnostics = [d].into_iter().collect();
        let printed = annotations(&diagnostics, [(&*file, text)], Path::new("./so-tay"), Lang::Vi);
        assert_eq!(
            printed,
            "::error file=so-tay/content/procedures/QT 07%2Ca.md,line=2,col=12,endLine=2,endColumn=16,\
             title=wrong-type::revision phải là số: 100%25%0Acách sửa: viết `revision = 3`\n"
        );
    }

    #[test]
    fn a_note_on_a_whole_file_is_a_notice_without_a_line() {
        let file: Arc<Path> = Arc::from(Path::new("sotay.toml"));
        let d = Diagnostic::note(Loc::file(&file), "no-history", tr!("chưa có lịch sử", "no history yet"));
        let diagnostics: Diagnostics = [d].into_iter().collect();
        let printed = annotations(&diagnostics, [], Path::new("."), Lang::Vi);
        assert_eq!(printed, "::notice file=sotay.toml,title=no-history::chưa có lịch sử\n");
        let printed = annotations(&diagnostics, [], Path::new("."), Lang::En);
        assert_eq!(printed, "::notice file=sotay.toml,title=no-history::no history yet\n");
    }
}
