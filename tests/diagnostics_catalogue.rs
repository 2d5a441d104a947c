//! Issue 20, item 2: every diagnostic in plain Vietnamese by default and in English on request.
//!
//! The catalogue (`src/diagnostic/catalogue.rs`) is checked against the source (every code sotay
//! emits is in it, and every code in it is emitted), against docs/diagnostics.md, and for its
//! wording; every message written with `tr!` (or `Text::new`, `lang.pick`) in `src/` is read for
//! Rust jargon and for English sentences in its Vietnamese half; and the planted-mistakes manual
//! is checked from the command line in Vietnamese and with `--lang en`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use sotay::diagnostic::catalogue::{self, CODES};
use sotay::lang::Lang;

/// Words of Rust and serde that no user may read, in either language.
const JARGON: [&str; 10] =
    ["u32", "u64", "f64", "invalid type", "serde", "expected a", "struct ", "i32", "Option", "None"];

/// Pieces of English sentences that a Vietnamese message never holds.
const ENGLISH: [&str; 9] =
    [" the ", " is not ", " must ", " should ", " cannot ", "The ", " does not ", " has no ", " of this "];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every Rust file under src/, with its text up to its unit tests.
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut pending = vec![src()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_owned();
                files.push((path, code));
            }
        }
    }
    files.sort();
    assert!(files.len() > 100, "src/ was not found: {}", src().display());
    files
}

/// The Rust string literal that starts at `text[at]` (a `"`), unescaped enough for reading
/// (`\"` and `\\` become the character, a line continuation is dropped), and where it ends.
fn literal(text: &str, at: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut out = String::new();
    let mut chars = text[at + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, at + 1 + i + 1)),
            '\\' => match chars.next() {
                Some((_, '\n')) => {
                    // A line continuation: the next line's leading spaces are dropped too.
                    let rest = &text[at + 1 + i + 2..];
                    let skip = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skip].chars().count() {
                        chars.next();
                    }
                }
                Some((_, 'n')) => out.push('\n'),
                Some((_, other)) => out.push(other),
                None => return None,
            },
            _ => out.push(c),
        }
    }
    None
}

/// The (Vietnamese, English) literal pairs written after each `opener` in `text`.
fn pairs(text: &str, opener: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(opener) {
        let first = at + opener.len();
        let first = first + text[first..].len() - text[first..].trim_start().len();
        let Some((vi, end)) = literal(text, first) else { continue };
        let rest = text[end..].trim_start();
        let Some(rest) = rest.strip_prefix(',') else { continue };
        let second = text.len() - rest.trim_start().len();
        if let Some((en, _)) = literal(text, second) {
            found.push((vi, en));
        }
    }
    found
}

/// Every message and help written in both languages in src/: the literal pairs of `tr!`,
/// `Text::new` and `lang.pick`, with the file they are in.
fn bilingual_texts() -> Vec<(String, String, String)> {
    let mut all = Vec::new();
    for (path, text) in sources() {
        let name = path.strip_prefix(src()).unwrap().display().to_string();
        if name.starts_with("diagnostic/catalogue") || name == "macros.rs" {
            continue;
        }
        for opener in ["tr!(", "Text::new(", "lang.pick(", ".pick("] {
            all.extend(pairs(&text, opener).into_iter().map(|(vi, en)| (name.clone(), vi, en)));
        }
    }
    all
}

fn english_in(vi: &str) -> Option<&'static str> {
    // Code and values in backticks are the user's own words, whatever language they are in.
    let prose = format!(" {} ", vi.split('`').step_by(2).collect::<Vec<_>>().join(" "));
    ENGLISH.into_iter().find(|e| prose.contains(e))
}

fn jargon_in(text: &str) -> Option<&'static str> {
    JARGON.into_iter().find(|j| text.contains(j))
}

#[test]
fn every_code_of_the_catalogue_means_something_in_vietnamese_and_in_english() {
    assert!(CODES.len() > 100, "the catalogue lists {} codes", CODES.len());
    for entry in CODES {
        let (vi, en) = (entry.meaning(Lang::Vi), entry.meaning(Lang::En));
        assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{}: a meaning is empty", entry.code);
        assert_ne!(vi, en, "{}: the Vietnamese is the English", entry.code);
        assert!(english_in(vi).is_none(), "{}: English in {vi:?}", entry.code);
        assert!(jargon_in(vi).is_none() && jargon_in(en).is_none(), "{}: jargon in {vi:?} / {en:?}", entry.code);
        assert_eq!(catalogue::meaning(entry.code), Some(entry));
    }
}

/// Kebab-case literals that stand where a code goes: the second argument of a constructor
/// (`Diagnostic::error(loc, "code", …)`) or a literal followed by a message (`"code", tr!(…)`).
fn codes_in_source() -> BTreeSet<String> {
    let kebab = |s: &str| {
        s.contains('-')
            && s.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    };
    let mut codes = BTreeSet::new();
    for (_, text) in sources() {
        let starts: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
        for at in starts {
            let Some((word, end)) = literal(&text, at) else { continue };
            if !kebab(&word) {
                continue;
            }
            let before = text[..at].trim_end();
            let after = text[end..].trim_start().strip_prefix(',').unwrap_or("").trim_start();
            let message_follows = ["tr!", "Text::", "message", "lang.pick", "{"].iter().any(|m| after.starts_with(m));
            let constructor = before.ends_with(',')
                && ["Diagnostic::error(", "Diagnostic::warning(", "Diagnostic::note("]
                    .iter()
                    .any(|c| before.rfind(c).is_some_and(|i| !text[i..at].contains(';')));
            if message_follows || constructor {
                codes.insert(word);
            }
        }
    }
    codes
}

#[test]
fn every_code_sotay_emits_is_in_the_catalogue_and_every_catalogue_code_is_emitted() {
    let used = codes_in_source();
    assert!(used.len() > 100, "the scan found only {} codes: {used:?}", used.len());
    let missing: Vec<&String> = used.iter().filter(|c| catalogue::meaning(c).is_none()).collect();
    assert!(missing.is_empty(), "codes used in src/ but not in src/diagnostic/catalogue.rs: {missing:?}");
    let all_source: String =
        sources().into_iter().filter(|(p, _)| !p.ends_with("catalogue.rs")).map(|(_, text)| text).collect();
    let unused: Vec<&str> =
        CODES.iter().map(|e| e.code).filter(|c| !all_source.contains(&format!("\"{c}\""))).collect();
    assert!(unused.is_empty(), "codes in the catalogue that src/ never emits: {unused:?}");
}

#[test]
fn every_message_written_in_src_is_plain_vietnamese_and_english_without_jargon() {
    let texts = bilingual_texts();
    assert!(texts.len() > 300, "only {} bilingual texts found", texts.len());
    let mut problems = Vec::new();
    for (file, vi, en) in &texts {
        if vi.trim().is_empty() != en.trim().is_empty() {
            problems.push(format!("{file}: one language is empty: {vi:?} / {en:?}"));
        }
        if let Some(english) = english_in(vi) {
            problems.push(format!("{file}: `{english}` in the Vietnamese {vi:?}"));
        }
        if let Some(word) = jargon_in(vi).or_else(|| jargon_in(en)) {
            problems.push(format!("{file}: `{word}` in {vi:?} / {en:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn docs_list_every_code_of_the_catalogue_with_its_two_meanings() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md")).unwrap();
    let rows: BTreeSet<&str> = docs.lines().filter(|l| l.starts_with("| `")).collect();
    let mut missing = Vec::new();
    for entry in CODES {
        let row = format!("| `{}` | {} | {} |", entry.code, entry.vi, entry.en);
        if !rows.contains(row.as_str()) {
            missing.push(row);
        }
    }
    assert!(missing.is_empty(), "docs/diagnostics.md lacks or words differently:\n{}", missing.join("\n"));
    assert_eq!(rows.len(), CODES.len(), "docs/diagnostics.md lists codes the catalogue does not have");
}

/// `sotay check` on the planted-mistakes manual as JSON, in the manual's language or `--lang`.
fn json(lang: Option<&str>) -> serde_json::Value {
    let root = fixture("diagnostics_all");
    let mut args = vec!["check", root.to_str().unwrap(), "--format", "json", "--date", DATE];
    args.extend(lang.map(|l| ["--lang", l]).into_iter().flatten());
    let output = sotay_run(&args);
    assert_eq!(exit_code(&output), 1, "{}", show(&output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&output)))
}

/// Each diagnostic's code, message and help.
fn worded(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let list = report["diagnostics"].as_array().expect("a list of diagnostics");
    list.iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (text("code"), text("message"), text("help"))
        })
        .collect()
}

#[test]
fn the_planted_mistakes_are_worded_in_vietnamese_by_default_and_in_english_with_lang_en() {
    let vi = worded(&json(None));
    let en = worded(&json(Some("en")));
    assert!(vi.len() >= 20, "{vi:#?}");
    assert_eq!(vi.iter().map(|d| &d.0).collect::<Vec<_>>(), en.iter().map(|d| &d.0).collect::<Vec<_>>(), "same codes");
    for ((code, message, help), (_, english, english_help)) in vi.iter().zip(&en) {
        assert!(!message.is_empty() && !english.is_empty(), "{code}: an empty message");
        assert!(english_in(message).is_none() && english_in(help).is_none(), "{code}: {message} / {help}");
        assert!(jargon_in(&format!("{message} {help} {english} {english_help}")).is_none(), "{code}: {english}");
        assert_ne!(message, english, "{code}: not translated");
    }
    assert_eq!(worded(&json(Some("vi"))), vi, "--lang vi is the manual's own language");
}

#[test]
fn the_summary_line_and_the_help_are_in_the_language_asked_for() {
    let root = fixture("diagnostics_all");
    let dir = root.to_str().unwrap();
    let vi = sotay_run(&["check", dir, "--date", DATE]);
    let vi = String::from_utf8_lossy(&vi.stderr);
    let last = vi.lines().last().unwrap_or_default();
    assert!(last.starts_with("Đã kiểm tra ") && last.ends_with(" lỗi, 0 cảnh báo"), "{last}");
    assert!(vi.contains("= cách sửa: ") && !vi.contains("= help: "), "{vi}");
    let en = sotay_run(&["check", dir, "--date", DATE, "--lang", "en"]);
    let en = String::from_utf8_lossy(&en.stderr);
    let last = en.lines().last().unwrap_or_default();
    assert!(last.starts_with("Checked ") && last.ends_with(" errors, 0 warnings"), "{last}");
    assert!(en.contains("= help: ") && !en.contains("cách sửa"), "{en}");
    let github = sotay_run(&["check", dir, "--date", DATE, "--format", "github", "--lang", "en"]);
    let github = String::from_utf8_lossy(&github.stdout);
    assert!(github.contains("%0Ahelp: ") && !github.contains("cách sửa"), "{github}");
    let sarif = sotay_run(&["check", dir, "--date", DATE, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let unknown_key = rules.iter().find(|r| r["id"] == "unknown-key").expect("a rule per code");
    assert_eq!(unknown_key["shortDescription"]["text"], "trường không có trong khai báo");
}

#[test]
fn the_checks_above_can_fail() {
    // The readers find what they look for…
    let sample = "x = tr!(\"không có `{id}`\", \"there is no `{id}`\");\nlang.pick(\"a \\\"b\\\"\",\n \"c\")";
    assert_eq!(pairs(sample, "tr!("), vec![("không có `{id}`".to_owned(), "there is no `{id}`".to_owned())]);
    assert_eq!(pairs(sample, "lang.pick("), vec![("a \"b\"".to_owned(), "c".to_owned())]);
    // …an English sentence in the Vietnamese half, and jargon, are caught…
    assert_eq!(english_in("the file is empty"), Some(" the "));
    assert_eq!(english_in("tệp: the file is empty"), Some(" the "));
    assert_eq!(english_in("ghi `the value` vào"), None, "backticks hold the user's own words");
    assert_eq!(jargon_in("expected u32"), Some("u32"));
    // …and the scan sees codes however they are passed.
    let used = codes_in_source();
    for code in ["unknown-unit", "fee-not-stated", "unknown-edition-tag", "wrong-type", "steps-exceed-time-limit"] {
        assert!(used.contains(code), "{code} not found by the scan");
    }
}
