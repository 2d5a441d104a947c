//! Editions of the whole manual (`[[editions]]` in sotay.toml): the documents as they stood at a
//! git tag, or on a date. An edition is a dated list of controlled revisions, and a revision has
//! one page: where a document's readers' content at the edition's commit is that of a revision
//! the site already publishes, the edition points at that page instead of rendering it again.
//! Only documents whose text at the edition differs from every published revision get a page
//! of their own under the edition's path.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::history::{content, DocHistory, Version};
use crate::config::EditionConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Text};
use crate::history::Commit;
use crate::load::SourceFile;
use crate::model::{Audience, Date, Status};
use crate::parse::{parse_document, Document, Manual};

/// One edition of the manual.
#[derive(Debug)]
pub struct Edition {
    /// The folder under `an-ban/`, e.g. "2025".
    pub name: String,
    /// What readers see, e.g. "Ấn bản năm 2025".
    pub title: String,
    /// The tag it was named by, if any.
    pub tag: Option<String>,
    /// The index of the edition's commit in the history.
    pub commit: usize,
    /// The day of that commit.
    pub date: Date,
    /// The documents of the manual at that commit that still exist, in document order.
    pub entries: Vec<EditionEntry>,
}

/// A document as it stood in an edition.
#[derive(Debug)]
pub struct EditionEntry {
    /// The index of the (current) document.
    pub document: usize,
    pub revision: u32,
    pub status: Option<Status>,
    pub audience: Audience,
    pub shows: Shows,
}

/// Which page shows a document's edition.
#[derive(Debug)]
pub enum Shows {
    /// The page of this revision, which the site publishes anyway (current or earlier).
    Revision,
    /// The text differs from every published revision (an edit made without a new revision, or
    /// a revision never issued): the edition renders it itself.
    Own(Box<Document>),
}

/// Resolves the configured editions against the history: the commit of each, and for each
/// document the revision it had there.
pub(super) fn resolve_editions(
    manual: &Manual,
    commits: &[Commit],
    tags: &std::collections::BTreeMap<String, usize>,
    documents: &[(&[Version], &DocHistory)],
    shallow: bool,
    diagnostics: &mut Diagnostics,
) -> Vec<Edition> {
    let mut names = BTreeSet::new();
    let mut editions = Vec::new();
    for config in &manual.config.editions {
        let Some((commit, default_name)) = edition_commit(manual, config, commits, tags, shallow, diagnostics) else {
            continue;
        };
        let name = config.name.as_ref().map_or(default_name, |n| n.get_ref().clone());
        let name_loc = config.name.as_ref().map_or_else(
            || manual.config_file.loc(config.tag.as_ref().map_or(0..0, |t| t.span())),
            |n| manual.config_file.loc(n.span()),
        );
        if let Some(problem) = name_problem(&name) {
            // An explicit name was reported when the configuration was checked.
            if config.name.is_none() {
                diagnostics.push(invalid_name(name_loc, problem));
            }
            continue;
        }
        if !names.insert(name.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    name_loc,
                    "duplicate-edition",
                    tr!("hai phiên bản cùng mang tên `{name}`", "two editions are both named `{name}`"),
                )
                .with_help(tr!(
                    "đặt cho mỗi phiên bản một name = \"…\" riêng",
                    "give each edition its own name = \"…\""
                )),
            );
            continue;
        }
        let entries = documents
            .iter()
            .enumerate()
            .filter_map(|(index, (versions, history))| entry_at(manual, index, versions, history, commit))
            .collect();
        editions.push(Edition {
            title: config
                .title
                .clone()
                .unwrap_or_else(|| manual.ui().fill("editions.default_title", &[("name", &name)])),
            name,
            tag: config.tag.as_ref().map(|t| t.get_ref().clone()),
            commit,
            date: commits[commit].date,
            entries,
        });
    }
    editions.sort_by(|a, b| b.commit.cmp(&a.commit).then(a.name.cmp(&b.name)));
    editions
}

/// What is wrong with `name` as the folder of an edition under `an-ban/`, if anything: it must be
/// lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit (so never
/// `.`, `..`, empty or a path).
pub fn name_problem(name: &str) -> Option<Text> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty() {
        Some(tr!("tên phiên bản đang để trống", "the edition's name is empty"))
    } else if !name.chars().all(allowed) {
        Some(tr!(
            "`{name}` không dùng làm tên thư mục của phiên bản được: có ký tự khác chữ thường không dấu, chữ số, '-' và '.'",
            "`{name}` cannot be the folder name of an edition: it holds characters other than lower-case letters, digits, '-' and '.'"
        ))
    } else if !edge(name.chars().next()) || !edge(name.chars().last()) {
        Some(tr!(
            "`{name}` không dùng làm tên thư mục của phiên bản được: tên phải bắt đầu và kết thúc bằng chữ hoặc số",
            "`{name}` cannot be the folder name of an edition: it must start and end with a letter or digit"
        ))
    } else {
        None
    }
}

/// Errors for the `name`s sotay.toml gives its editions, at their line (names taken from a tag
/// are checked when the tag is resolved).
pub fn check_names(config: &crate::config::Config, file: &SourceFile) -> Vec<Diagnostic> {
    let names = config.editions.iter().filter_map(|e| e.name.as_ref());
    names.filter_map(|n| name_problem(n.get_ref()).map(|problem| invalid_name(file.loc(n.span()), problem))).collect()
}

/// The error of an edition name that [`name_problem`] refuses.
pub fn invalid_name(loc: crate::diagnostic::Loc, problem: Text) -> Diagnostic {
    Diagnostic::error(loc, "invalid-edition-name", problem).with_help(tr!(
        "đặt name = \"…\" bằng chữ thường không dấu, chữ số và '-', ví dụ name = \"2025\" hoặc name = \"2025-06\"",
        "set name = \"…\" to lower-case letters, digits and '-', e.g. name = \"2025\" or name = \"2025-06\""
    ))
}

/// The commit an edition names, and its default folder name.
fn edition_commit(
    manual: &Manual,
    config: &EditionConfig,
    commits: &[Commit],
    tags: &std::collections::BTreeMap<String, usize>,
    shallow: bool,
    diagnostics: &mut Diagnostics,
) -> Option<(usize, String)> {
    let file = &manual.config_file;
    let named = [config.tag.is_some(), config.at.is_some(), config.commit.is_some()];
    if named.iter().filter(|n| **n).count() != 1 {
        let span = [config.tag.as_ref().map(|t| t.span()), config.commit.as_ref().map(|c| c.span())]
            .into_iter()
            .flatten()
            .chain(config.at.as_ref().map(|a| a.span()))
            .next()
            .unwrap_or(0..0);
        diagnostics.push(
            Diagnostic::error(
                file.loc(span),
                "edition-without-commit",
                tr!(
                    "mỗi phiên bản ghi đúng một trong: thẻ (tag), commit hoặc ngày",
                    "an edition names one of a tag, a commit or a date"
                ),
            )
            .with_help(tr!(
                "ghi tag = \"2025\", commit = \"1a2b3c4\" hoặc at = 2025-12-31 — chỉ một trong ba",
                "write tag = \"2025\", commit = \"1a2b3c4\" or at = 2025-12-31 — exactly one of them"
            )),
        );
        return None;
    }
    // In a shallow clone an edition's commit may lie before the cut: not the manual's fault.
    let missing = |loc, code, message: Text, help: Text| {
        if shallow {
            let message = message.map(|m, lang| match lang {
                crate::lang::Lang::Vi => format!("{m}; kho git là bản sao rút gọn nên phiên bản không được công bố"),
                crate::lang::Lang::En => format!("{m}; the clone is shallow, so the edition is not published"),
            });
            Diagnostic::warning(loc, code, message).with_help(tr!(
                "dựng từ một bản sao đầy đủ (git fetch --unshallow --tags)",
                "build from a full clone (git fetch --unshallow --tags)"
            ))
        } else {
            Diagnostic::error(loc, code, message).with_help(help)
        }
    };
    if let Some(tag) = &config.tag {
        if let Some(&commit) = tags.get(tag.get_ref()) {
            return Some((commit, tag.get_ref().to_lowercase()));
        }
        let known: Vec<&str> = tags.keys().map(String::as_str).collect();
        let tags = known.join(", ");
        let help = match crate::diagnostic::closest(tag.get_ref(), known.iter().copied()) {
            Some(close) => tr!(
                "có phải ý bạn là \"{close}\"? Các thẻ trên nhánh chính: {tags}",
                "did you mean \"{close}\"? Tags on the main line: {tags}"
            ),
            None if known.is_empty() => tr!(
                "tạo thẻ (git tag TÊN COMMIT) trên lịch sử của nhánh chính",
                "create the tag (git tag NAME COMMIT) on the main line's history"
            ),
            None => tr!("các thẻ trên nhánh chính: {tags}", "tags on the main line: {tags}"),
        };
        let tag_name = tag.get_ref();
        let message = tr!(
            "không có thẻ git `{tag_name}` trên lịch sử của nhánh chính",
            "no git tag `{tag_name}` on the main line's history"
        );
        diagnostics.push(missing(file.loc(tag.span()), "unknown-edition-tag", message, help));
        return None;
    }
    if let Some(id) = &config.commit {
        let prefix = id.get_ref().to_ascii_lowercase();
        let hex = prefix.len() >= 7 && prefix.chars().all(|c| c.is_ascii_hexdigit());
        let found: Vec<usize> =
            commits.iter().enumerate().filter(|(_, c)| hex && c.id.starts_with(&prefix)).map(|(i, _)| i).collect();
        if let [commit] = found[..] {
            return Some((commit, prefix[..7].to_owned()));
        }
        let id_text = id.get_ref();
        let message = if found.len() > 1 {
            tr!("`{id_text}` khớp với nhiều hơn một commit", "`{id_text}` names more than one commit")
        } else {
            tr!(
                "không có commit `{id_text}` trên lịch sử của nhánh chính",
                "no commit `{id_text}` on the main line's history"
            )
        };
        let help = tr!(
            "ghi ít nhất 7 chữ số hệ 16 của mã commit lấy từ `git log --first-parent`",
            "write at least 7 hex digits of a commit id from `git log --first-parent`"
        );
        diagnostics.push(missing(file.loc(id.span()), "unknown-edition-commit", message, help));
        return None;
    }
    let at = config.at.as_ref().expect("exactly one of tag, commit and at is set");
    let day = *at.get_ref();
    match commits.iter().rposition(|c| c.date <= day) {
        Some(commit) => Some((commit, day.year().to_string())),
        None => {
            let message = tr!("không có commit nào vào hoặc trước ngày {day}", "no commit was made on or before {day}");
            let help =
                tr!("chọn một ngày sau commit đầu tiên của sổ tay", "choose a date after the manual's first commit");
            diagnostics.push(missing(file.loc(at.span()), "edition-before-history", message, help));
            None
        }
    }
}

/// The document `index` as it stood at `commit`, if it existed then.
fn entry_at(
    manual: &Manual,
    index: usize,
    versions: &[Version],
    history: &DocHistory,
    commit: usize,
) -> Option<EditionEntry> {
    let version = versions.iter().rev().find(|v| v.commit <= commit)?;
    let doc = &manual.documents[index];
    let current = doc.meta.revision.as_ref().map_or(0, |r| *r.get_ref());
    let canonical = if version.revision == current {
        Some(content(doc))
    } else {
        history.revisions.iter().find(|r| r.number == version.revision).map(|r| content(&r.document))
    };
    let shows = if canonical.as_deref() == Some(version.content.as_str()) {
        Shows::Revision
    } else {
        let name = format!("{}@edition", version.path);
        let file =
            Arc::new(SourceFile::new(Arc::from(Path::new(&name)), version.text.clone(), version.raw_sha256.clone()));
        Shows::Own(Box::new(parse_document(version.kind, &file).ok()?))
    };
    Some(EditionEntry {
        document: index,
        revision: version.revision,
        status: version.status,
        audience: version.audience,
        shows,
    })
}
