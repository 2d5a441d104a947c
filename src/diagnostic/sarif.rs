//! `sotay check --format sarif`: the problems of a run as a SARIF 2.1.0 log (OASIS Static
//! Analysis Results Interchange Format), which code-scanning services (GitHub code scanning,
//! GitLab, Azure DevOps) and editors' SARIF viewers show inline. One run, tool `sotay`, one rule
//! per diagnostic code, one result per problem with its region and related places.

use std::collections::BTreeSet;
use std::path::Path;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

use super::region::{Region, Texts};
use super::{catalogue, display_path, help_word, Diagnostic, Diagnostics, Loc, Severity};
use crate::lang::Lang;

/// The SARIF version written and the schema it follows.
pub const SARIF_VERSION: &str = "2.1.0";
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Characters a relative URI reference cannot hold as they are (besides controls and every
/// non-ASCII byte, which are always encoded): a path with spaces or Vietnamese letters stays a
/// valid `artifactLocation.uri`.
const URI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// The SARIF log of `diagnostics`, worded in `lang` (each rule described by the catalogue). `files` are the manual's texts (for where each problem
/// ends); `root` is the manual folder as given, put before each file so the path is relative to
/// where the command ran (usually the repository's root).
pub fn log<'a>(
    diagnostics: &Diagnostics,
    files: impl IntoIterator<Item = (&'a Path, &'a str)>,
    root: &Path,
    lang: Lang,
) -> Value {
    let texts = Texts::of(diagnostics, files);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect::<BTreeSet<_>>().into_iter().collect();
    let rules: Vec<Value> = codes.iter().map(|code| rule(code, lang)).collect();
    let results: Vec<Value> =
        diagnostics.iter().map(|d| result(d, codes.binary_search(&d.code).unwrap_or(0), &texts, root, lang)).collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": { "driver": {
                "name": "sotay",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A rule: the code, described in `lang` when the catalogue knows it.
fn rule(code: &str, lang: Lang) -> Value {
    match catalogue::meaning(code) {
        Some(entry) => json!({ "id": code, "name": code, "shortDescription": { "text": entry.meaning(lang) } }),
        None => json!({ "id": code, "name": code }),
    }
}

fn result(d: &Diagnostic, rule_index: usize, texts: &Texts, root: &Path, lang: Lang) -> Value {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let text = match &d.help {
        Some(help) => format!("{}\n{}: {}", d.message.get(lang), help_word(lang), help.get(lang)),
        None => d.message.get(lang).to_owned(),
    };
    let related: Vec<Value> = d
        .related()
        .iter()
        .enumerate()
        .map(|(id, r)| {
            let mut place = location(&r.loc, &texts.region(&r.loc), root);
            place["id"] = id.into();
            place["message"] = json!({ "text": r.message.get(lang) });
            place
        })
        .collect();
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": text },
        "locations": [location(&d.loc, &texts.region(&d.loc), root)],
    });
    if !related.is_empty() {
        result["relatedLocations"] = related.into();
    }
    result
}

/// A SARIF location: the file, and its region unless the problem is the whole file.
fn location(loc: &Loc, region: &Region, root: &Path) -> Value {
    let path = display_path(&root.join(&loc.file));
    let path = path.trim_start_matches("./");
    let mut physical = json!({ "artifactLocation": { "uri": utf8_percent_encode(path, URI_PATH).to_string() } });
    if region.line > 0 {
        physical["region"] = json!({
            "startLine": region.line,
            "startColumn": region.column.max(1),
            "endLine": region.end_line,
            "endColumn": region.end_column.max(1),
        });
    }
    json!({ "physicalLocation": physical })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_problem_becomes_a_result_with_its_rule_region_and_related_place() {
        let file: Arc<Path> = Arc::from(Path::new("content/quy trình/QT-07.md"));
        let text = "+++\ncode = \"QT-07\"\n+++\n";
        let at = text.find("\"QT").unwrap();
        let loc = Loc::at(&file, text, at..at + 7);
        let d = Diagnostic::error(loc.clone(), "duplicate-code", tr!("trùng mã", "duplicate"))
            .with_related(loc, tr!("lần đầu", "first"));
        let log = log(&[d].into_iter().collect(), [(&*file, text)], Path::new("."), Lang::Vi);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "duplicate-code");
        assert_eq!(run["tool"]["driver"]["rules"][0]["shortDescription"]["text"], "mã tài liệu bị trùng");
        let result = &run["results"][0];
        assert_eq!((result["ruleId"].as_str(), result["level"].as_str()), (Some("duplicate-code"), Some("error")));
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "content/quy%20tr%C3%ACnh/QT-07.md");
        assert_eq!(physical["region"], json!({"startLine": 2, "startColumn": 8, "endLine": 2, "endColumn": 15}));
        assert_eq!(result["relatedLocations"][0]["message"]["text"], "lần đầu");
    }
}
