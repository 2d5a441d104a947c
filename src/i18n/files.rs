//! Reading one translation file: its language from the file name (`en.toml`), and its strings
//! as dotted keys with their positions. Tables group keys (`[nav]` then `home = "…"` is
//! `nav.home`); every value must be text. Problems become diagnostics at the offending key.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Loc};
use crate::load::SourceFile;

/// A string of a translation file, with where its key and value are.
#[derive(Clone, Debug)]
pub struct Entry {
    pub value: String,
    pub key_span: Range<usize>,
    pub value_span: Range<usize>,
}

/// A translation file read: its language and its strings by dotted key.
#[derive(Debug)]
pub struct TranslationFile {
    pub file: Arc<SourceFile>,
    pub lang: String,
    pub entries: BTreeMap<String, Entry>,
}

impl TranslationFile {
    pub fn loc(&self, span: Range<usize>) -> Loc {
        self.file.loc(span)
    }

    /// The first line, for problems of the file as a whole ("it lacks these keys").
    pub fn start(&self) -> Loc {
        self.file.loc(0..0)
    }
}

/// Reads `file`; problems are pushed to `problems` and a file that cannot be used gives `None`.
pub fn read(file: &Arc<SourceFile>, problems: &mut Vec<Diagnostic>) -> Option<TranslationFile> {
    let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if !super::is_language_tag(&stem) {
        problems.push(
            Diagnostic::error(
                Loc::file(&file.path),
                "i18n-file-name",
                tr!(
                    "`{stem}` không phải mã ngôn ngữ, nên sotay không biết tệp này dành cho ngôn ngữ nào",
                    "`{stem}` is not a language tag, so sotay cannot tell which language this file is for"
                ),
            )
            .with_help(tr!(
                "đặt tên tệp dịch theo ngôn ngữ của nó: vi.toml, en.toml",
                "name translation files by their language: vi.toml, en.toml"
            )),
        );
        return None;
    }
    let table = match DeTable::parse(&file.text) {
        Ok(table) => table,
        Err(e) => {
            let d = crate::toml_error::diagnostic(file, 0, &e);
            problems.push(d.with_help(tr!(
                "kiểm tra cách viết ở đây: mỗi dòng là khóa = \"nội dung\", bảng viết là [tên]",
                "check the TOML syntax here: each line is key = \"text\", tables are [name]"
            )));
            return None;
        }
    };
    let mut entries = BTreeMap::new();
    flatten(file, "", table.get_ref(), &mut entries, problems);
    Some(TranslationFile { file: file.clone(), lang: stem, entries })
}

fn flatten(
    file: &SourceFile,
    prefix: &str,
    table: &DeTable,
    entries: &mut BTreeMap<String, Entry>,
    problems: &mut Vec<Diagnostic>,
) {
    for (key, value) in table.iter() {
        let name = if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        match value.get_ref() {
            DeValue::String(text) => {
                let entry = Entry { value: text.to_string(), key_span: key.span(), value_span: value.span() };
                entries.insert(name, entry);
            }
            DeValue::Table(inner) => flatten(file, &name, inner, entries, problems),
            _ => problems.push(
                Diagnostic::error(
                    file.loc(value.span()),
                    "i18n-not-text",
                    tr!("giá trị của `{name}` không phải văn bản", "the value of `{name}` is not text"),
                )
                .with_help(tr!(
                    "viết chuỗi trong dấu ngoặc kép, ví dụ home = \"Trang chủ\"",
                    "write the string in double quotes, e.g. home = \"Trang chủ\""
                )),
            ),
        }
    }
}
