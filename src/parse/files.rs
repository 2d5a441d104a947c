//! One file of the manual parsed: a document or translation of `content/`, or a legal registry
//! entry. Each file's every problem is found in one pass ([`super::lenient`]) and worded in the
//! manual's language; a document whose front matter has a wrong value is still kept, without
//! that value, so the rest of the manual is checked against it.

use std::sync::Arc;

use super::front_matter::{self, SplitError};
use super::lenient::{self, Reading};
use super::{markdown, translation, Document, LegalEntry, Translation};
use crate::diagnostic::{Diagnostic, Loc, Text};
use crate::load::SourceFile;
use crate::model::{Audience, FrontMatter, Kind, LegalDoc};
use crate::toml_error;

/// A Markdown file of `content/` as parsed: a document, or a translation of one. Each is moved
/// once into its list, so the size difference costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Document(Arc<Document>),
    Translation(Translation),
}

/// Parses a Markdown file of `content/`, telling translations from documents. `Err` holds every
/// problem of a file that could not be read at all; a document that was read carries its
/// problems ([`Document::problems`]).
pub fn parse_file(kind: Kind, file: &Arc<SourceFile>) -> Result<Parsed, Vec<Diagnostic>> {
    let split = front_matter::split(&file.text).map_err(|e| vec![split_diagnostic(file, e)])?;
    if translation::is_translation(&file.text[split.front_matter.clone()]) {
        return translation::parse_translation(kind, file, split).map(Parsed::Translation);
    }
    parse_split(kind, file, split).map(|doc| Parsed::Document(Arc::new(doc)))
}

/// Parses one Markdown file with front matter, for an earlier revision read from the history:
/// only a file without any problem.
pub fn parse_document(kind: Kind, file: &Arc<SourceFile>) -> Result<Document, Diagnostic> {
    let split = front_matter::split(&file.text).map_err(|e| split_diagnostic(file, e))?;
    let unreadable = || {
        Diagnostic::error(
            Loc::file(&file.path),
            "invalid-toml",
            tr!("không đọc được phần khai báo đầu tệp", "the front matter could not be read"),
        )
    };
    let first = |problems: Vec<Diagnostic>| problems.into_iter().next().unwrap_or_else(unreadable);
    let doc = parse_split(kind, file, split).map_err(first)?;
    match doc.problems.first() {
        Some(problem) => Err(problem.clone()),
        None => Ok(doc),
    }
}

/// The diagnostics of a reading of TOML that starts at byte `offset` of `file`.
pub fn reading_diagnostics<T>(file: &SourceFile, offset: usize, reading: &Reading<T>) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> =
        reading.problems.iter().map(|p| toml_error::worded(file, offset, &p.error, &p.keys, reading.syntax)).collect();
    if reading.more > 0 {
        problems.push(toml_error::more(file, reading.more));
    }
    problems
}

fn parse_split(kind: Kind, file: &Arc<SourceFile>, split: front_matter::Split) -> Result<Document, Vec<Diagnostic>> {
    let reading = lenient::read::<FrontMatter>(&file.text[split.front_matter.clone()]);
    let problems = reading_diagnostics(file, split.front_matter.start, &reading);
    let Some(mut meta) = reading.value else { return Err(problems) };
    if reading.removed.contains("audience") {
        // Its audience could not be read: never guess that a document is public.
        meta.audience = Audience::Internal;
    }
    let slug = match &meta.code {
        Some(code) => code.get_ref().slug(),
        None => {
            let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            crate::vietnamese::slug(&stem)
        }
    };
    if slug.is_empty() {
        let no_slug = Diagnostic::error(
            Loc::file(&file.path),
            "no-slug",
            Text::new(
                "tên tệp không có chữ hay số nào để làm địa chỉ trang",
                "the file name has no letters or digits to make a URL from",
            ),
        )
        .with_help(Text::new(
            "đổi tên tệp, hoặc đặt `code` cho tài liệu",
            "rename the file, or give the document a `code`",
        ));
        return Err(problems.into_iter().chain([no_slug]).collect());
    }
    let scan = markdown::scan(&file.text[split.body.clone()]);
    Ok(Document {
        kind,
        file: file.clone(),
        front_matter_offset: split.front_matter.start,
        body: split.body,
        meta,
        slug,
        scan,
        problems,
        unread_keys: reading.removed,
    })
}

pub(super) fn split_diagnostic(file: &SourceFile, error: SplitError) -> Diagnostic {
    let example = Text::new(
        "bắt đầu tệp bằng một dòng `+++`, rồi TOML như `code = \"QT-07\"` và `title = \"…\"`, rồi một dòng `+++`, rồi nội dung Markdown",
        "start the file with a line `+++`, then TOML such as `code = \"QT-07\"` and `title = \"…\"`, then a line `+++`, then the Markdown text",
    );
    let (loc, code, message, help) = match error {
        SplitError::Empty => {
            (Loc::file(&file.path), "empty-file", Text::new("tệp trống", "the file is empty"), example)
        }
        SplitError::Missing(span) => (
            file.loc(span),
            "missing-front-matter",
            Text::new(
                "tệp không bắt đầu bằng phần thông tin tài liệu (một dòng `+++`)",
                "the file does not start with front matter (a `+++` line)",
            ),
            example,
        ),
        SplitError::Unterminated(span) => (
            file.loc(span),
            "unterminated-front-matter",
            Text::new(
                "phần thông tin tài liệu mở ở đây không được đóng",
                "the front matter opened here is never closed",
            ),
            Text::new("thêm một dòng `+++` sau dòng TOML cuối cùng", "add a line `+++` after the last TOML line"),
        ),
    };
    Diagnostic::error(loc, code, message).with_help(help)
}

/// Parses one legal registry entry: the entry, when it could be read (without the values that
/// were wrong), and every problem of its file.
pub fn parse_legal(file: &Arc<SourceFile>) -> (Option<LegalEntry>, Vec<Diagnostic>) {
    if file.text.trim().is_empty() {
        let empty = Diagnostic::error(
            Loc::file(&file.path),
            "empty-file",
            Text::new("mục văn bản pháp luật này trống", "the registry entry is empty"),
        )
        .with_help(Text::new(
            "viết ít nhất number, issuer, summary, signed và status",
            "give at least number, issuer, summary, signed and status",
        ));
        return (None, vec![empty]);
    }
    let reading = lenient::read::<LegalDoc>(&file.text);
    let problems = reading_diagnostics(file, 0, &reading);
    let entry = reading.value.map(|doc| LegalEntry { file: file.clone(), doc, problems: problems.clone() });
    (entry, problems)
}
