//! `sotay check`'s output for programs (issue 20, item 4): `--format json` follows its
//! documented, versioned schema (docs/diagnostics.schema.json, validated here with the
//! `jsonschema` crate, for the example manual and for a broken one), `--format github` prints
//! one escaped GitHub Actions workflow command per problem, and `--format sarif` a SARIF 2.1.0
//! log with one result per problem.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

/// The schema as the repository ships it.
fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

/// Every way `report` breaks the schema, one line each.
fn violations(report: &Value) -> Vec<String> {
    validator().iter_errors(report).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// `sotay check DIR --format FORMAT` with the fixed date.
fn check(dir: &Path, format: &str) -> std::process::Output {
    sotay_run(&["check", dir.to_str().expect("a UTF-8 temp path"), "--format", format, "--date", DATE])
}

/// The basic fixture with a second procedure that reuses QT-07's code (an error with a related
/// place) and a link to a document that does not exist.
fn broken_manual() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let qt07 = std::fs::read_to_string(dir.path().join(QT07)).unwrap();
    write(dir.path(), "content/procedures/QT-09.md", &qt07);
    edit(dir.path(), "content/policies/CSCL.md", "theo [[STCL]]", "theo [[QT-99]]");
    dir
}

fn json_report(dir: &Path) -> Value {
    let output = check(dir, "json");
    assert_eq!(exit_code(&output), 1, "{}", show(&output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&output)))
}

#[test]
fn the_examples_json_output_follows_the_schema() {
    let output = sotay_run(&["check", content_example().to_str().unwrap(), "--format", "json", "--date", DATE]);
    assert_eq!(exit_code(&output), 0, "{}", show(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&output)));
    assert_eq!(violations(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(report["version"], 1);
    assert!(report["documents"].as_u64().is_some_and(|n| n > 10), "{report:#}");
}

#[test]
fn a_broken_manuals_json_output_follows_the_schema_with_ranges_and_related_places() {
    let dir = broken_manual();
    let report = json_report(dir.path());
    assert_eq!(violations(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(report["ok"], false);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let duplicate = diagnostics.iter().find(|d| d["code"] == "duplicate-code").expect("the duplicate code");
    assert_eq!(duplicate["file"], "content/procedures/QT-09.md");
    let (line, column) = position(&std::fs::read_to_string(dir.path().join(QT07)).unwrap(), "\"QT-07\"");
    let at = |d: &Value| (d["line"].as_u64(), d["column"].as_u64(), d["end_line"].as_u64(), d["end_column"].as_u64());
    let quoted_code = Some(u64::from(column) + "\"QT-07\"".len() as u64);
    assert_eq!(at(duplicate), (Some(line.into()), Some(column.into()), Some(line.into()), quoted_code));
    let related = &duplicate["related"][0];
    assert_eq!(related["file"], QT07, "the first use of the code: {duplicate:#}");
    assert_eq!(at(related), (Some(line.into()), Some(column.into()), Some(line.into()), quoted_code));
    assert!(related["message"].as_str().is_some_and(|m| !m.is_empty()));
    let link = diagnostics.iter().find(|d| d["code"] == "unknown-link").expect("the unknown link");
    assert_eq!(link["file"], "content/policies/CSCL.md");
    assert!(link["help"].is_string() || link["help"].is_null());
}

#[test]
fn the_schema_rejects_a_report_missing_a_required_field() {
    let dir = broken_manual();
    let report = json_report(dir.path());
    for field in ["version", "ok", "documents", "errors", "warnings", "notes", "diagnostics"] {
        let mut broken = report.clone();
        broken.as_object_mut().unwrap().remove(field);
        assert!(!violations(&broken).is_empty(), "a report without `{field}` passes the schema");
    }
    let fields = ["file", "line", "column", "end_line", "end_column", "code", "severity", "message", "help", "related"];
    for field in fields {
        let mut broken = report.clone();
        broken["diagnostics"][0].as_object_mut().unwrap().remove(field);
        assert!(!violations(&broken).is_empty(), "a diagnostic without `{field}` passes the schema");
    }
    let mut wrong_version = report.clone();
    wrong_version["version"] = 2.into();
    assert!(!violations(&wrong_version).is_empty(), "version 2 is not this schema");
    let mut wrong_severity = report;
    wrong_severity["diagnostics"][0]["severity"] = "fatal".into();
    assert!(!violations(&wrong_severity).is_empty());
}

#[test]
fn github_format_prints_one_escaped_workflow_command_per_problem() {
    let dir = broken_manual();
    let expected = json_report(dir.path())["diagnostics"].as_array().unwrap().len();
    let output = check(dir.path(), "github");
    assert_eq!(exit_code(&output), 1, "{}", show(&output));
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected, "one line per problem, no raw line breaks: {stdout}");
    for line in &lines {
        assert!(["::error ", "::warning ", "::notice "].iter().any(|c| line.starts_with(c)), "{line}");
    }
    let root = dir.path().to_str().unwrap();
    let (line, column) = position(&std::fs::read_to_string(dir.path().join(QT07)).unwrap(), "\"QT-07\"");
    let duplicate = format!(
        "::error file={root}/content/procedures/QT-09.md,line={line},col={column},endLine={line},endColumn={},title=duplicate-code::",
        column + 7
    );
    let found = lines.iter().find(|l| l.starts_with(&duplicate)).unwrap_or_else(|| panic!("{duplicate}\n{stdout}"));
    let message = &found[duplicate.len()..];
    assert!(message.contains("%0Acách sửa: ") && !message.contains('\n'), "the help on its own line, escaped: {found}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("lỗi"), "the summary goes to standard error");
}

#[test]
fn sarif_format_is_a_sarif_2_1_0_log_with_a_result_per_problem() {
    let dir = broken_manual();
    let expected = json_report(dir.path())["diagnostics"].as_array().unwrap().len();
    let output = check(dir.path(), "sarif");
    assert_eq!(exit_code(&output), 1, "{}", show(&output));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&output)));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "sotay");
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().filter_map(|r| r["id"].as_str()).collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected);
    for result in results {
        let rule = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(Some(rules[rule]), result["ruleId"].as_str(), "{result:#}");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()), "{result:#}");
    }
    let duplicate = results.iter().find(|r| r["ruleId"] == "duplicate-code").expect("the duplicate code");
    let uri = duplicate["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.ends_with("content/procedures/QT-09.md"), "{uri}");
    let region = &duplicate["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().is_some_and(|l| l > 1) && region["endColumn"].as_u64().is_some(), "{region}");
    let related = &duplicate["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(related.as_str().is_some_and(|u| u.ends_with(QT07)), "{duplicate:#}");
}
