//! Where a problem starts and ends, as lines and columns: the machine formats (`json`, `github`,
//! `sarif`) give editors and CI systems a range to underline, while a [`Loc`] keeps only its
//! start and byte span. The end is worked out from the span and the file's text, once, when a
//! format is printed, so the stages never count lines they do not need.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{display_path, Diagnostics, Loc};

/// A range in a file. Lines and columns count from 1 (columns in characters); the end is the
/// position just after the last character, on the same line or a later one. Line 0 (and column
/// 0) means the file as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Region {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// The texts of the files some diagnostics name, by the path they are shown with.
pub struct Texts<'a>(BTreeMap<String, &'a str>);

impl<'a> Texts<'a> {
    /// The `files` (path, text) that `diagnostics` or their related places name.
    pub fn of(diagnostics: &Diagnostics, files: impl IntoIterator<Item = (&'a Path, &'a str)>) -> Texts<'a> {
        let named: std::collections::BTreeSet<String> = diagnostics
            .iter()
            .flat_map(|d| std::iter::once(&d.loc).chain(d.related().iter().map(|r| &r.loc)))
            .map(|loc| display_path(&loc.file))
            .collect();
        let texts = files
            .into_iter()
            .map(|(path, text)| (display_path(path), text))
            .filter(|(name, _)| named.contains(name))
            .collect();
        Texts(texts)
    }

    /// The range `loc` covers. Without its file's text, or with an empty span, it ends where it
    /// starts; a span's final line break is not part of it.
    pub fn region(&self, loc: &Loc) -> Region {
        let start = Region { line: loc.line, column: loc.column, end_line: loc.line, end_column: loc.column };
        if loc.line == 0 {
            return start;
        }
        let (from, to) = loc.span;
        let covered = self.0.get(&display_path(&loc.file)).and_then(|text| text.get(from..to.max(from)));
        let Some(covered) = covered.map(|c| c.strip_suffix('\n').unwrap_or(c)).filter(|c| !c.is_empty()) else {
            return start;
        };
        let breaks = covered.matches('\n').count() as u32;
        let end_column = match covered.rfind('\n') {
            Some(last) => covered[last + 1..].chars().count() as u32 + 1,
            None => loc.column + covered.chars().count() as u32,
        };
        Region { end_line: loc.line + breaks, end_column, ..start }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use std::sync::Arc;

    fn region_of(text: &str, needle: &str, len: usize) -> Region {
        let file: Arc<Path> = Arc::from(Path::new("a.md"));
        let at = text.find(needle).expect("the needle is in the text");
        let loc = Loc::at(&file, text, at..at + len);
        let diagnostics: Diagnostics =
            [Diagnostic::error(loc.clone(), "invalid-value", tr!("y", "y"))].into_iter().collect();
        Texts::of(&diagnostics, [(Path::new("a.md"), text)]).region(&loc)
    }

    #[test]
    fn a_span_on_one_line_ends_after_its_last_character() {
        let text = "+++\ntitle = \"Thủ tục\"\n";
        let region = region_of(text, "\"Thủ", "\"Thủ tục\"".len());
        assert_eq!(region, Region { line: 2, column: 9, end_line: 2, end_column: 18 });
    }

    #[test]
    fn a_span_over_lines_ends_on_its_last_line_without_the_final_break() {
        let text = "a\n[procedure]\nname = 1\n\nb";
        let region = region_of(text, "[procedure]", "[procedure]\nname = 1\n".len());
        assert_eq!(region, Region { line: 2, column: 1, end_line: 3, end_column: 9 });
    }

    #[test]
    fn an_empty_span_or_an_unknown_file_ends_where_it_starts() {
        let region = region_of("abc", "b", 0);
        assert_eq!((region.end_line, region.end_column), (1, 2));
        let file: Arc<Path> = Arc::from(Path::new("elsewhere.md"));
        let loc = Loc { file, line: 4, column: 2, span: (10, 20) };
        let texts = Texts(BTreeMap::new());
        assert_eq!(texts.region(&loc), Region { line: 4, column: 2, end_line: 4, end_column: 2 });
        assert_eq!(texts.region(&Loc { line: 0, column: 0, ..loc }).end_line, 0);
    }
}
