//! `sotay check --format json`: the problems of a run as one JSON object whose shape is a
//! contract with the tools that read it (editor plugins, CI scripts, dashboards). The shape is
//! versioned ([`VERSION`]), written down as a JSON Schema (`docs/diagnostics.schema.json`) and
//! explained in docs/diagnostics-json.md; `tests/check_formats.rs` validates real output against
//! that schema. Adding an optional field keeps the version; removing or renaming one, or
//! changing what a field means, raises it.

use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use super::region::{Region, Texts};
use super::{display_path, Diagnostic, Diagnostics, Severity};
use crate::lang::Lang;

/// The version of the `check --format json` schema this build prints.
pub const VERSION: u32 = 1;

/// One problem as printed.
#[derive(Debug, Serialize)]
struct Problem<'a> {
    file: String,
    #[serde(flatten)]
    region: Region,
    code: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<RelatedPlace<'a>>,
}

/// A related place as printed.
#[derive(Debug, Serialize)]
struct RelatedPlace<'a> {
    file: String,
    #[serde(flatten)]
    region: Region,
    message: &'a str,
}

/// What a run found besides its problems.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    /// Whether the run passed (no errors, and no warnings under `--strict`).
    pub ok: bool,
    /// How many documents were checked.
    pub documents: usize,
    /// How many document files could not be read or parsed at all (counted apart).
    pub unread: usize,
}

/// The report `check --format json` prints: `version`, `ok`, `documents`, the counts of
/// errors, warnings and notes, and every diagnostic with its range (`files` are the manual's
/// texts, for where each problem ends), messages and help in `lang`. The caller may add fields (a portal adds `agencies`).
pub fn report<'a>(
    diagnostics: &Diagnostics,
    files: impl IntoIterator<Item = (&'a Path, &'a str)>,
    summary: Summary,
    lang: Lang,
) -> Map<String, Value> {
    let texts = Texts::of(diagnostics, files);
    let problems: Vec<Problem> = diagnostics.iter().map(|d| problem(d, &texts, lang)).collect();
    let notes = diagnostics.iter().filter(|d| d.severity == Severity::Note).count();
    let mut report = Map::new();
    report.insert("version".into(), VERSION.into());
    report.insert("ok".into(), summary.ok.into());
    report.insert("documents".into(), summary.documents.into());
    report.insert("unread".into(), summary.unread.into());
    report.insert("errors".into(), diagnostics.errors().into());
    report.insert("warnings".into(), diagnostics.warnings().into());
    report.insert("notes".into(), notes.into());
    report.insert("diagnostics".into(), serde_json::to_value(problems).expect("problems are plain data"));
    report
}

fn problem<'a>(d: &'a Diagnostic, texts: &Texts, lang: Lang) -> Problem<'a> {
    Problem {
        file: display_path(&d.loc.file),
        region: texts.region(&d.loc),
        code: d.code,
        severity: d.severity,
        message: d.message.get(lang),
        help: d.help.as_ref().map(|h| h.get(lang)),
        related: d
            .related()
            .iter()
            .map(|r| RelatedPlace {
                file: display_path(&r.loc.file),
                region: texts.region(&r.loc),
                message: r.message.get(lang),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Loc;
    use std::sync::Arc;

    #[test]
    fn every_field_of_the_schema_is_printed_even_when_empty() {
        let file: Arc<Path> = Arc::from(Path::new("content/a.md"));
        let text = "+++\ncode = \"QT-07\"\n+++\n";
        let at = text.find("\"QT").unwrap();
        let first = Loc::at(&file, text, at..at + 7);
        let diagnostics: Diagnostics = [
            Diagnostic::error(first.clone(), "duplicate-code", tr!("hai lần", "twice"))
                .with_related(first, tr!("lần đầu", "first")),
            Diagnostic::note(Loc::file(&file), "no-history", tr!("không có lịch sử", "no history")),
        ]
        .into_iter()
        .collect();
        let report = report(&diagnostics, [(&*file, text)], Summary { ok: false, documents: 3, unread: 0 }, Lang::Vi);
        assert_eq!(report["version"], 1);
        assert_eq!((report["errors"].as_u64(), report["notes"].as_u64()), (Some(1), Some(1)));
        let first = &report["diagnostics"][0];
        assert_eq!(first["file"], "content/a.md");
        assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(2), Some(8)));
        assert_eq!((first["end_line"].as_u64(), first["end_column"].as_u64()), (Some(2), Some(15)));
        assert_eq!(first["related"][0]["message"], "lần đầu");
        let whole_file = &report["diagnostics"][1];
        assert_eq!(whole_file["help"], Value::Null);
        assert_eq!(whole_file["related"], serde_json::json!([]));
        assert_eq!(whole_file["line"], 0);
    }
}
