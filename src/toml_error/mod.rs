//! Turning TOML and serde errors into diagnostics an ISO secretary can act on: what serde said
//! is sorted into the kinds of mistake staff make (a misspelt key or value, a number in quotes, a
//! dotted amount, unquoted text…) and worded in the manual's language (`words`), naming the
//! field as the user wrote it and never a Rust type. A leaf after load that every reader of TOML
//! uses — parse (config, front matter, registry, catalogue), the interface strings (`i18n`) and
//! the portal's config — so none of them reaches into another for it.

mod words;

use crate::diagnostic::{Diagnostic, Text};
use crate::lang::Lang;
use crate::load::SourceFile;

/// A kind of mistake, with what its words need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mistake {
    UnknownKey {
        wrong: String,
        accepted: Vec<String>,
    },
    UnknownValue {
        wrong: String,
        accepted: Vec<String>,
    },
    Missing {
        field: String,
    },
    WrongType {
        expected: Expected,
    },
    Duplicate,
    /// Not TOML; the parser's own (English) words.
    Syntax {
        detail: String,
    },
    /// A value the model refused, with the model's own (English) reason.
    Invalid {
        reason: String,
    },
}

/// The kind of value a field takes, as serde names it ("u32", "a string", "struct Signoff").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expected {
    Integer,
    Number,
    Text,
    List,
    Pair,
    Table,
    Boolean,
    Other,
}

/// Where the mistake is: the keys leading to it and the text there.
pub(crate) struct Place<'a> {
    /// From the top down, e.g. `["procedure", "methods", "fee"]`; empty when unknown.
    pub keys: &'a [String],
    /// The text at the error's position, e.g. `100.000`.
    pub raw: &'a str,
    /// The whole line holding it.
    pub line: &'a str,
}

/// A diagnostic for `error`, raised while reading TOML that starts at byte `offset` of `file`,
/// (for readers that do not know the field path).
pub fn diagnostic(file: &SourceFile, offset: usize, error: &toml::de::Error) -> Diagnostic {
    // Not TOML at all, or TOML whose values the reader refused.
    let syntax = toml::from_str::<toml::Table>(file.text.get(offset..).unwrap_or("")).is_err();
    worded(file, offset, error, &[], syntax)
}

/// A diagnostic for `error` at the field `keys`: a TOML syntax error when `syntax`, else one
/// that serde or the model raised; worded in both languages.
pub fn worded(file: &SourceFile, offset: usize, error: &toml::de::Error, keys: &[String], syntax: bool) -> Diagnostic {
    let span = error.span().map_or(offset..offset, |s| offset + s.start..offset + s.end);
    let raw = file.text.get(span.clone()).unwrap_or("").trim();
    let line = line_at(&file.text, span.start);
    let mistake = classify(error.message().trim(), syntax);
    let place = Place { keys, raw, line };
    let (code, vi, vi_help) = words::word(&mistake, &place, Lang::Vi);
    let (_, en, en_help) = words::word(&mistake, &place, Lang::En);
    Diagnostic::error(file.loc(span), code, Text::new(vi, en)).with_help(Text::new(vi_help, en_help))
}

/// The note that closes a file's list when it had more problems than are listed.
pub fn more(file: &SourceFile, count: usize) -> Diagnostic {
    let message =
        tr!("và {count} lỗi nữa trong tệp này chưa được liệt kê", "and {count} more problems in this file, not listed");
    let help = tr!("sửa các lỗi trên rồi chạy lại `sotay check`", "fix the problems above and run `sotay check` again");
    Diagnostic::note(crate::diagnostic::Loc::file(&file.path), "more-problems", message).with_help(help)
}

/// The field named by serde's "missing field `x`".
pub fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

fn classify(message: &str, syntax: bool) -> Mistake {
    if message.contains("duplicate key") {
        Mistake::Duplicate
    } else if syntax {
        Mistake::Syntax { detail: message.to_owned() }
    } else if let Some((wrong, accepted)) = names(message, "unknown field") {
        Mistake::UnknownKey { wrong, accepted }
    } else if let Some((wrong, accepted)) = names(message, "unknown variant") {
        Mistake::UnknownValue { wrong, accepted: as_written(accepted) }
    } else if let Some(field) = missing_field(message) {
        Mistake::Missing { field: field.to_owned() }
    } else if let Some(rest) = message.strip_prefix("invalid type:").or_else(|| message.strip_prefix("invalid length"))
    {
        let expected = rest.rsplit_once("expected ").map_or("", |(_, e)| e);
        Mistake::WrongType { expected: expected_kind(expected.trim()) }
    } else {
        Mistake::Invalid { reason: message.to_owned() }
    }
}

fn expected_kind(expected: &str) -> Expected {
    const INTEGERS: [&str; 12] =
        ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"];
    if INTEGERS.contains(&expected) || expected.contains("integer") {
        Expected::Integer
    } else if expected == "f64" || expected == "f32" || expected.contains("float") {
        Expected::Number
    } else if expected.contains("string") || expected.contains("char") {
        Expected::Text
    } else if expected.contains("length") || expected.contains("tuple") {
        Expected::Pair
    } else if expected.contains("sequence") || expected.contains("array") {
        Expected::List
    } else if expected.starts_with("struct") || expected.contains("map") {
        Expected::Table
    } else if expected.contains("bool") {
        Expected::Boolean
    } else {
        Expected::Other
    }
}

/// From "unknown field `titel`, expected one of `title`, `code`" take the wrong name and the list.
fn names(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?;
    let mut names = rest.split('`').skip(1).step_by(2).map(str::to_owned);
    let wrong = names.next()?;
    Some((wrong, names.collect()))
}

/// The accepted values as a user writes them: of "lệ phí", "le phi" and "le-phi" (one value
/// with and without its marks) only "lệ phí", of "in-force" and "in force" only "in-force".
fn as_written(values: Vec<String>) -> Vec<String> {
    let same = |v: &str| crate::vietnamese::fold_lower(v).replace('-', " ");
    // Marks first, then the documented kebab-case form.
    let rank = |v: &str| (v.is_ascii(), v.contains(' '));
    let mut kept: Vec<String> = Vec::new();
    for value in values {
        match kept.iter_mut().find(|k| same(k) == same(&value)) {
            Some(k) if rank(&value) < rank(k) => *k = value,
            Some(_) => {}
            None => kept.push(value),
        }
    }
    kept
}

/// The line of `text` holding byte `at`, without its line end.
fn line_at(text: &str, at: usize) -> &str {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or("").trim_end_matches('\r')
}

#[cfg(test)]
mod tests;
