//! Problems in the user's files: where they are, what is wrong and how to fix it.
//!
//! Every stage collects diagnostics instead of stopping at the first one, so a run reports all of
//! its problems together. A diagnostic carries its own position (file, line, column) so it can be
//! printed, serialised to JSON or shown in a browser without the source at hand; the byte span is
//! kept too so the text printer can quote the offending line.
//!
//! The printed forms for machines live beside it: [`json`] (the versioned `check --format json`
//! schema, docs/diagnostics-json.md), [`github`] (GitHub Actions annotations) and [`sarif`]
//! (SARIF 2.1.0), all reading where each problem ends from [`region`].
//!
//! # Two languages
//! A message and its help are a [`Text`]: Vietnamese and English side by side, written where the
//! problem is found; the printer picks one ([`Lang`]: `--lang`, else `[site] language`), so the
//! stages never need to know the language and `sotay serve` rewords its overlay as soon as the
//! language changes. There is no way to make a diagnostic from a plain `String`: a message in
//! one language only does not compile. Adding one is one line:
//! ```ignore
//! Diagnostic::error(loc, "unknown-unit", tr!("không có đơn vị `{id}`", "there is no unit `{id}`"))
//!     .with_help(tr!("khai báo đơn vị trong sotay.toml", "declare the unit in sotay.toml"))
//! ```
//! A new code also gets its line in [`catalogue`] (what it means, in both languages) and in
//! docs/diagnostics.md; debug builds check every code against the catalogue when it is made,
//! and `tests/diagnostics_catalogue.rs` checks the source, the catalogue and the docs agree. A
//! value a model type refuses crosses serde's one-string error as [`crate::lang::reason`] and
//! becomes a `Text` again with [`Text::reason`].

pub mod catalogue;
pub mod github;
pub mod json;
pub mod region;
pub mod sarif;
mod terminal;
mod text;

pub use terminal::format_diagnostics;
pub use text::Text;

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::lang::Lang;

/// How bad a problem is. Errors fail a run; warnings fail it only with `--strict`; notes tell
/// something worth knowing (e.g. that history is unavailable) and never fail a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A place in a user's file. Lines and columns count from 1; columns count characters.
/// Line 0 means the file as a whole.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    #[serde(serialize_with = "serialize_path")]
    pub file: Arc<Path>,
    pub line: u32,
    pub column: u32,
    /// Byte offsets in the file (start, end), for quoting the source.
    #[serde(skip)]
    pub span: (usize, usize),
}

fn serialize_path<S: serde::Serializer>(path: &Arc<Path>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&display_path(path))
}

/// A relative path as shown to users: with `/` whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Loc {
    /// The file as a whole, for problems that have no better position.
    pub fn file(file: &Arc<Path>) -> Loc {
        Loc { file: file.clone(), line: 0, column: 0, span: (0, 0) }
    }

    /// The position of `span` (byte offsets) inside `text`, the full text of `file`.
    pub fn at(file: &Arc<Path>, text: &str, span: Range<usize>) -> Loc {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let before = &text[..start];
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        Loc { file: file.clone(), line: line as u32, column: column as u32, span: (start, end) }
    }
}

impl Loc {
    /// [`Loc::at`] with the byte offsets where `text`'s lines start (0 first), found by search.
    pub fn at_line(file: &Arc<Path>, text: &str, span: Range<usize>, line_starts: &[usize]) -> Loc {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line = line_starts.partition_point(|&s| s <= start).max(1);
        let line_start = line_starts.get(line - 1).copied().unwrap_or(0);
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        Loc { file: file.clone(), line: line as u32, column: column as u32, span: (start, end) }
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = display_path(&self.file);
        if self.line == 0 {
            write!(f, "{file}")
        } else {
            write!(f, "{file}:{}:{}", self.line, self.column)
        }
    }
}

/// One problem in the user's files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem, e.g. `unknown-key`.
    pub code: &'static str,
    #[serde(flatten)]
    pub loc: Loc,
    /// What is wrong, in both languages (picked when printed).
    pub message: Text,
    /// How to fix it, in both languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// Other places that explain this problem (the first use of a duplicated code…), read with
    /// [`Diagnostic::related`]. Boxed because most problems have none and a diagnostic is the
    /// error of many results, which stay small this way.
    #[serde(rename = "related", skip_serializing_if = "Option::is_none")]
    related_places: Option<Box<RelatedPlaces>>,
}

/// The related places of a diagnostic that has some.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
struct RelatedPlaces {
    places: Vec<Related>,
}

/// Another place a diagnostic points to, with what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    #[serde(flatten)]
    pub loc: Loc,
    pub message: Text,
}

impl Diagnostic {
    /// A problem that fails the run. `code` must be in [`catalogue::CODES`].
    pub fn error(loc: Loc, code: &'static str, message: impl Into<Text>) -> Diagnostic {
        Diagnostic::new(Severity::Error, loc, code, message.into())
    }

    /// A problem that fails the run only under `--strict`.
    pub fn warning(loc: Loc, code: &'static str, message: impl Into<Text>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, loc, code, message.into())
    }

    /// Something worth knowing that never fails a run.
    pub fn note(loc: Loc, code: &'static str, message: impl Into<Text>) -> Diagnostic {
        Diagnostic::new(Severity::Note, loc, code, message.into())
    }

    fn new(severity: Severity, loc: Loc, code: &'static str, message: Text) -> Diagnostic {
        debug_assert!(catalogue::meaning(code).is_some(), "diagnostic code `{code}` is not in diagnostic/catalogue.rs");
        Diagnostic { severity, code, loc, message, help: None, related_places: None }
    }

    /// How to fix it, in both languages.
    pub fn with_help(mut self, help: impl Into<Text>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds another place that explains the problem.
    pub fn with_related(mut self, loc: Loc, message: impl Into<Text>) -> Diagnostic {
        let related = self.related_places.get_or_insert_with(|| Box::new(RelatedPlaces { places: Vec::new() }));
        related.places.push(Related { loc, message: message.into() });
        self
    }

    /// The diagnostic as JSON, its message, help and related places' messages as text in `lang`
    /// (the fields as `Diagnostic` serialises them otherwise), for the preview's
    /// `/__sotay/diagnostics.json`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let mut value = serde_json::to_value(self).expect("a diagnostic is plain data");
        value["message"] = self.message.get(lang).into();
        if let Some(help) = &self.help {
            value["help"] = help.get(lang).into();
        }
        for (i, related) in self.related().iter().enumerate() {
            value["related"][i]["message"] = related.message.get(lang).into();
        }
        value
    }

    /// The diagnostic as one plain text in `lang` (place, severity, code, message, help,
    /// related places), for logs and tests.
    pub fn shown(&self, lang: Lang) -> String {
        let mut out =
            format!("{}: {}[{}]: {}", self.loc, severity_tag(self.severity), self.code, self.message.get(lang));
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  {}: {}", help_word(lang), help.get(lang)));
        }
        for related in self.related() {
            out.push_str(&format!("\n  {}: {}", related.loc, related.message.get(lang)));
        }
        out
    }

    /// Other places that explain the problem; often none.
    pub fn related(&self) -> &[Related] {
        self.related_places.as_ref().map_or(&[], |r| &r.places)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// In Vietnamese, the default; [`Diagnostic::shown`] picks the language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown(Lang::Vi))
    }
}

/// The tag before a code in the text output, `error[unknown-unit]`, as the quoted form prints it
/// (codespan-reporting writes it in English): the same in both languages, like the code, so a
/// script can look for it.
pub fn severity_tag(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// "lỗi" / "error" and the like, where a severity is spelt out for people (the preview overlay).
pub fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Error => lang.pick("lỗi", "error"),
        Severity::Warning => lang.pick("cảnh báo", "warning"),
        Severity::Note => lang.pick("ghi chú", "note"),
    }
}

/// The word before a help line: "cách sửa" / "help".
pub fn help_word(lang: Lang) -> &'static str {
    lang.pick("cách sửa", "help")
}

/// All the problems of a run, in a stable order (file, line, column, message).
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(more);
    }

    /// Sorts by position and drops exact repeats, so output does not depend on thread order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| (&a.loc, a.severity, &a.message, a.code).cmp(&(&b.loc, b.severity, &b.message, b.code)));
        self.0.dedup();
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.0.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// "Did you mean …?" for a misspelt name among the names that would have been accepted.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = crate::vietnamese::fold_lower(wrong);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong, &crate::vietnamese::fold_lower(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loc_counts_lines_and_characters() {
        let file: Arc<Path> = Arc::from(Path::new("a.md"));
        let text = "+++\ntitle = \"Thủ tục\"\nbad = 1\n";
        let at = text.find("bad").unwrap();
        let loc = Loc::at(&file, text, at..at + 3);
        assert_eq!((loc.line, loc.column), (3, 1));
        let at = text.find("tục").unwrap();
        let loc = Loc::at(&file, text, at..at);
        assert_eq!((loc.line, loc.column), (2, 14));
        assert_eq!(loc.to_string(), "a.md:2:14");
    }

    #[test]
    fn loc_inside_a_character_snaps_back() {
        let file: Arc<Path> = Arc::from(Path::new("a.md"));
        let loc = Loc::at(&file, "đ", 1..2);
        assert_eq!((loc.line, loc.column), (1, 1));
    }

    #[test]
    fn a_related_place_is_underlined_in_a_quoted_file_and_named_otherwise() {
        let file: Arc<Path> = Arc::from(Path::new("b.md"));
        let text = "+++\ncode = \"QT-07\"\n+++\nx\n";
        let at = text.find("\"QT").unwrap();
        let first = Loc::at(&file, text, at..at + 7);
        let elsewhere = Loc { file: Arc::from(Path::new("a.md")), line: 2, column: 8, span: (11, 18) };
        let d = Diagnostic::error(first.clone(), "duplicate-code", tr!("trùng mã", "duplicate code"))
            .with_related(first, tr!("dùng ở đây", "used here"))
            .with_related(elsewhere, tr!("dùng lần đầu", "first used"));
        let printed = format_diagnostics(&[d.clone()].into_iter().collect(), [(Path::new("b.md"), text)], Lang::Vi);
        assert!(printed.contains("dùng ở đây") && printed.contains("code = \"QT-07\""), "{printed}");
        assert!(printed.contains("a.md:2:8: dùng lần đầu"), "{printed}");
        assert!(d.to_string().ends_with("\n  a.md:2:8: dùng lần đầu"), "{d}");
        let english = format_diagnostics(&[d.clone()].into_iter().collect(), [(Path::new("b.md"), text)], Lang::En);
        assert!(english.contains("used here") && english.contains("a.md:2:8: first used"), "{english}");
        assert!(!english.contains("dùng"), "{english}");
    }

    #[test]
    fn closest_suggests_near_misses_only() {
        let keys = ["title", "code", "revision", "effective"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("efective", keys), Some("effective"));
        assert_eq!(closest("zzz", keys), None);
    }
}
