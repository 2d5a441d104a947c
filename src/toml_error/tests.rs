use super::*;
use std::path::Path;
use std::sync::Arc;

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct T {
    title: String,
    revision: Option<u32>,
    fee: Option<u64>,
    status: Option<Status>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum Status {
    Draft,
    #[serde(alias = "in force")]
    InForce,
}

fn diagnose_in(text: &str, keys: &[&str], lang: Lang) -> Diagnostic {
    let file = SourceFile::new(Arc::from(Path::new("x.md")), format!("+++\n{text}+++\n"), None);
    let err = toml::from_str::<T>(text).unwrap_err();
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let mut d = worded(&file, 4, &err, &keys, false);
    // The test reads one language, as a printer would.
    d.message = Text::verbatim(d.message.get(lang));
    d.help = d.help.map(|h| Text::verbatim(h.get(lang)));
    d
}

fn diagnose(text: &str, keys: &[&str]) -> Diagnostic {
    diagnose_in(text, keys, Lang::Vi)
}

/// What no user may read: Rust and serde words.
const JARGON: [&str; 7] = ["u32", "u64", "f64", "invalid type", "serde", "expected a", "struct "];

fn plain(d: &Diagnostic) {
    let help = d.help.clone().unwrap_or_default();
    let text = format!("{} {} {} {}", d.message.vi, d.message.en, help.vi, help.en);
    for word in JARGON {
        assert!(!text.contains(word), "`{word}` in {text}");
    }
}

#[test]
fn unknown_key_suggests_the_closest() {
    let d = diagnose("title = \"a\"\nrevison = 2\n", &["revison"]);
    assert_eq!(d.code, "unknown-key");
    assert_eq!((d.loc.line, d.loc.column), (3, 1));
    assert!(d.help.as_ref().map(|h| h.en.as_str()).unwrap().starts_with("có phải ý bạn là `revision`?"), "{d}");
    let en = diagnose_in("title = \"a\"\nrevison = 2\n", &["revison"], Lang::En);
    assert!(en.help.unwrap().en.starts_with("did you mean `revision`?"));
}

#[test]
fn a_revision_in_words_asks_for_a_whole_number() {
    let d = diagnose("title = \"a\"\nrevision = \"ba\"\n", &["revision"]);
    assert_eq!(d.code, "wrong-type");
    assert_eq!((d.loc.line, d.loc.column), (3, 12));
    assert_eq!(d.message.vi, "lần ban hành là một số nguyên, ví dụ `revision = 3`");
    plain(&d);
}

#[test]
fn a_dotted_amount_asks_for_digits_only() {
    let d = diagnose("title = \"a\"\nfee = 100.000\n", &["fee"]);
    assert_eq!(d.message.vi, "số tiền viết liền, không có dấu chấm: `fee = 100000`");
    assert!(d.help.as_ref().map(|h| h.en.as_str()).unwrap().contains("`100.000`"), "{d}");
    plain(&d);
}

#[test]
fn an_unknown_value_lists_the_values_as_written() {
    let d = diagnose("title = \"a\"\nstatus = \"active\"\n", &["status"]);
    assert_eq!(d.code, "unknown-value");
    assert_eq!(d.message.vi, "`status` không nhận giá trị \"active\"");
    let help = d.help.unwrap();
    assert!(help.contains("\"draft\", \"in-force\""), "{help:?}");
    assert!(!help.contains("\"in force\""), "an alias of a listed value is not listed again: {help:?}");
}

#[test]
fn unquoted_words_are_asked_to_be_quoted() {
    let text = "title = \"a\"\nfrom = kể từ ngày nhận đủ hồ sơ hợp lệ\n";
    let file = SourceFile::new(Arc::from(Path::new("x.md")), text.to_owned(), None);
    let err = toml::from_str::<toml::Table>(text).unwrap_err();
    let d = worded(&file, 0, &err, &[], true);
    assert_eq!(d.code, "unquoted-text");
    assert_eq!(d.loc.line, 2);
    assert!(d.message.contains("viết trong dấu ngoặc kép: `from = \"kể từ ngày nhận đủ hồ sơ hợp lệ\"`"), "{d}");
    assert!(!d.help.unwrap().contains("TOML syntax"));
}

#[test]
fn syntax_error_has_a_position() {
    let file = SourceFile::new(Arc::from(Path::new("x.md")), "title = \"a\n".to_owned(), None);
    let err = toml::from_str::<toml::Table>("title = \"a\n").unwrap_err();
    let d = diagnostic(&file, 0, &err);
    assert_eq!(d.loc.line, 1);
    assert_eq!(d.code, "invalid-toml");
}

#[test]
fn a_missing_key_names_its_table() {
    let d = diagnose("revision = 1\n", &[]);
    assert_eq!(d.code, "missing-key");
    assert_eq!(d.message.vi, "thiếu trường `title`");
}
