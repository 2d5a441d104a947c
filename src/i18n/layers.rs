//! Putting the catalog together from its layers — the built-in files, a custom theme's files,
//! the manual's files — and checking each layer against the reference language's keys:
//! an override may only set keys that exist, a theme may add keys only in its `vi.toml` and
//! must then translate them in every other language, and a language sotay does not ship must
//! be complete. A string may use only the `{placeholders}` its reference string has.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use super::files::{self, TranslationFile};
use super::{placeholders, Catalog, Strings, REFERENCE};
use crate::diagnostic::{closest, Diagnostic, Text};
use crate::load::{SourceFile, Sources};

type Table = BTreeMap<String, String>;

/// The built-in translation files (`themes/default/i18n/`), by language.
pub(super) fn builtin() -> &'static BTreeMap<String, Table> {
    static BUILTIN: OnceLock<BTreeMap<String, Table>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let dir = crate::theme::DEFAULT_THEME.get_dir("i18n").expect("the default theme has i18n/");
        let mut languages = BTreeMap::new();
        for file in dir.files() {
            let path = std::path::Path::new("themes/default").join(file.path());
            let text = file.contents_utf8().expect("the built-in translation files are UTF-8").to_owned();
            let source = Arc::new(SourceFile::new(Arc::from(path.as_path()), text, None));
            let mut problems = Vec::new();
            let read = files::read(&source, &mut problems).expect("the built-in translation files parse (tested)");
            assert!(problems.is_empty(), "the built-in translation files are clean (tested): {problems:?}");
            languages.insert(read.lang, read.entries.into_iter().map(|(k, e)| (k, e.value)).collect());
        }
        languages
    })
}

/// The catalog of a manual: built-in strings, overridden by the theme's and then the manual's
/// translation files, with every problem found in those files.
pub fn catalog(sources: &Sources) -> (Catalog, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let theme: Vec<TranslationFile> = sources.theme_i18n.iter().filter_map(|f| files::read(f, &mut problems)).collect();
    let manual: Vec<TranslationFile> = sources.i18n.iter().filter_map(|f| files::read(f, &mut problems)).collect();
    let builtin = builtin();
    let base = &builtin[REFERENCE];
    // The reference keys and strings: the built-in ones and those the theme's vi.toml adds.
    let mut reference: Table = base.clone();
    let theme_reference = theme.iter().find(|f| f.lang == REFERENCE);
    for (key, entry) in theme_reference.map(|f| &f.entries).into_iter().flatten() {
        if !base.contains_key(key) {
            reference.insert(key.clone(), entry.value.clone());
        }
    }
    let added: BTreeSet<&String> = reference.keys().filter(|k| !base.contains_key(*k)).collect();
    for file in theme.iter().chain(&manual) {
        let may_add = theme_reference.is_some_and(|r| std::ptr::eq(r, file));
        check_keys(file, &reference, may_add, &mut problems);
    }
    if let Some(vi) = theme_reference.filter(|_| !added.is_empty()) {
        for lang in builtin.keys().filter(|l| *l != REFERENCE && !theme.iter().any(|f| f.lang == **l)) {
            let keys: Vec<&str> = added.iter().map(|k| k.as_str()).collect();
            problems.push(missing(
                vi,
                &keys,
                tr!(
                    "giao diện không có i18n/{lang}.toml dịch các khóa mà tệp này thêm vào",
                    "no i18n/{lang}.toml of the theme translates the keys this file adds"
                ),
            ));
        }
    }
    let mut languages = BTreeMap::new();
    let langs: BTreeSet<&str> =
        builtin.keys().map(String::as_str).chain(theme.iter().chain(&manual).map(|f| f.lang.as_str())).collect();
    for lang in langs {
        let mut table: Table = builtin.get(lang).cloned().unwrap_or_default();
        let layers: Vec<&TranslationFile> = theme.iter().chain(&manual).filter(|f| f.lang == lang).collect();
        for file in &layers {
            for (key, entry) in &file.entries {
                if reference.contains_key(key) {
                    table.insert(key.clone(), entry.value.clone());
                }
            }
        }
        let lacking: Vec<&str> = reference.keys().filter(|k| !table.contains_key(*k)).map(String::as_str).collect();
        if !lacking.is_empty() {
            // For a built-in language only the theme's added keys can lack, and a theme without
            // a file for the language was told so above.
            let theme_file = theme.iter().find(|f| f.lang == lang);
            let blamed = if builtin.contains_key(lang) { theme_file } else { layers.last().copied() };
            if let Some(file) = blamed {
                let why = if builtin.contains_key(lang) {
                    tr!(
                        "i18n/{REFERENCE}.toml của giao diện thêm các khóa mà tệp này không dịch",
                        "the theme's i18n/{REFERENCE}.toml adds keys that this file does not translate"
                    )
                } else {
                    tr!(
                        "sotay không có sẵn ngôn ngữ `{lang}`, nên các tệp của nó phải có đủ mọi khóa",
                        "`{lang}` is not built into sotay, so its files must give every key"
                    )
                };
                problems.push(missing(file, &lacking, why));
            }
            for key in lacking {
                table.insert(key.to_owned(), reference[key].clone());
            }
        }
        languages.insert(lang.to_owned(), Arc::new(Strings::new(lang, table)));
    }
    (Catalog::new(languages), problems)
}

/// Unknown keys (with the closest known one) and placeholders the reference string lacks.
fn check_keys(file: &TranslationFile, reference: &Table, may_add: bool, problems: &mut Vec<Diagnostic>) {
    for (key, entry) in &file.entries {
        let Some(reference_text) = reference.get(key) else {
            if may_add {
                continue;
            }
            let help = match closest(key, reference.keys().map(String::as_str)) {
                Some(best) => tr!(
                    "có phải ý bạn là `{best}`? Các khóa là khóa của i18n/vi.toml trong giao diện mặc định",
                    "did you mean `{best}`? The keys are those of the default theme's i18n/vi.toml"
                ),
                None => tr!(
                    "bỏ khóa này; chỉ có các khóa của i18n/vi.toml trong giao diện mặc định (hoặc vi.toml của một giao diện)",
                    "remove it; only keys of the default theme's i18n/vi.toml (or a theme's vi.toml) exist"
                ),
            };
            problems.push(
                Diagnostic::error(
                    file.loc(entry.key_span.clone()),
                    "i18n-unknown-key",
                    tr!("không có chuỗi giao diện `{key}`", "there is no UI string `{key}`"),
                )
                .with_help(help),
            );
            continue;
        };
        let allowed = placeholders(reference_text);
        for name in placeholders(&entry.value).into_iter().filter(|n| !allowed.contains(n)) {
            let offered = if allowed.is_empty() {
                tr!("chuỗi này không nhận giá trị nào", "this string gets no values")
            } else {
                let values = allowed.iter().map(|a| format!("{{{a}}}")).collect::<Vec<_>>().join(", ");
                tr!("chuỗi này nhận {values}", "this string gets {values}")
            };
            let (offered_vi, offered_en) = (&offered.vi, &offered.en);
            problems.push(
                Diagnostic::error(
                    file.loc(entry.value_span.clone()),
                    "i18n-placeholder",
                    tr!(
                        "`{{{name}}}` không phải giá trị mà `{key}` nhận được",
                        "`{{{name}}}` is not a value `{key}` is given"
                    ),
                )
                .with_help(tr!(
                    "{offered_vi}; chỉ dùng các giá trị đó, hoặc viết văn bản không có dấu ngoặc nhọn",
                    "{offered_en}; use only those, or write the text without braces"
                )),
            );
        }
    }
}

fn missing(file: &TranslationFile, keys: &[&str], why: Text) -> Diagnostic {
    const SHOWN: usize = 8;
    let list: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("`{k}`")).collect();
    let list = list.join(", ");
    let (more_vi, more_en) = match keys.len().saturating_sub(SHOWN) {
        0 => (String::new(), String::new()),
        n => (format!(" và {n} khóa nữa"), format!(", and {n} more")),
    };
    let (path, count) = (crate::diagnostic::display_path(&file.file.path), keys.len());
    let noun = if count == 1 { "key" } else { "keys" };
    let (why_vi, why_en) = (&why.vi, &why.en);
    Diagnostic::error(
        file.start(),
        "i18n-missing-key",
        tr!("{path} thiếu {count} khóa: {list}{more_vi}", "{path} lacks {count} {noun}: {list}{more_en}"),
    )
    .with_help(tr!(
        "{why_vi}; thêm từng khóa cùng nội dung của nó (xem i18n/{REFERENCE}.toml của giao diện mặc định)",
        "{why_en}; add each key with its text (see the default theme's i18n/{REFERENCE}.toml)"
    ))
}
