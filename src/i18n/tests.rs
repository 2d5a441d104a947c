//! Tests of the built-in translation files and of the catalog's layers.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::load::{SourceFile, Sources};

fn file(path: &str, text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(Arc::from(Path::new(path)), text.to_owned(), None))
}

fn with_manual_files(files: &[(&str, &str)]) -> (Catalog, Vec<crate::diagnostic::Diagnostic>) {
    let sources = Sources { i18n: files.iter().map(|(p, t)| file(p, t)).collect(), ..Sources::default() };
    catalog(&sources)
}

#[test]
fn vietnamese_and_english_have_the_same_keys_and_placeholders() {
    let builtin = layers::builtin();
    let (vi, en) = (&builtin["vi"], &builtin["en"]);
    let (vi_keys, en_keys): (BTreeSet<&String>, BTreeSet<&String>) = (vi.keys().collect(), en.keys().collect());
    assert_eq!(vi_keys.difference(&en_keys).collect::<Vec<_>>(), Vec::<&&String>::new(), "keys only in vi.toml");
    assert_eq!(en_keys.difference(&vi_keys).collect::<Vec<_>>(), Vec::<&&String>::new(), "keys only in en.toml");
    for (key, text) in vi {
        let (mut a, mut b) = (placeholders(text), placeholders(&en[key]));
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "`{key}` has other placeholders in en.toml");
    }
}

/// Keys the code looks up by name: `.get("…")`, `.fill("…"`, `t(key="…")` in the templates.
fn literal_keys(text: &str, opener: &str) -> Vec<String> {
    text.match_indices(opener)
        .filter_map(|(at, _)| {
            let rest = &text[at + opener.len()..];
            let key = &rest[..rest.find('"')?];
            // Keys, not file names (`assets.get("style.css")`) or prefixes (`"duration." ~ unit`).
            let file = [".css", ".js", ".html"].iter().any(|e| key.ends_with(e));
            (key.contains('.')
                && !key.ends_with('.')
                && !file
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)))
            .then(|| key.to_owned())
        })
        .collect()
}

#[test]
fn every_key_the_code_and_the_templates_name_exists() {
    let vi = &layers::builtin()["vi"];
    let mut keys = Vec::new();
    for source in [
        include_str!("../render/pages.rs"),
        include_str!("../render/history_pages.rs"),
        include_str!("../render/edition_pages.rs"),
        include_str!("../render/legal_pages.rs"),
        include_str!("../render/legal_views.rs"),
        include_str!("../render/changes.rs"),
        include_str!("../render/redline.rs"),
        include_str!("../render/structured.rs"),
        include_str!("../render/translation_views.rs"),
        include_str!("../render/translation_pages.rs"),
        include_str!("../render/oversight_pages.rs"),
        include_str!("../report/register.rs"),
        include_str!("../config.rs"),
        include_str!("../resolve/editions.rs"),
    ] {
        keys.extend(literal_keys(source, ".get(\""));
        keys.extend(literal_keys(source, ".fill(\""));
    }
    let templates = crate::theme::DEFAULT_THEME.get_dir("templates").expect("templates/");
    for template in templates.files() {
        keys.extend(literal_keys(template.contents_utf8().unwrap_or_default(), "t(key=\""));
    }
    assert!(keys.len() > 200, "the scan finds the keys ({})", keys.len());
    let missing: Vec<&String> = keys.iter().filter(|k| !vi.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys named but not in vi.toml: {missing:?}");
}

#[test]
fn every_value_of_the_models_enums_has_a_name() {
    use crate::model::procedure::{Level, MethodKind, OnlineService};
    use crate::model::{Kind, LegalStatus, Status, TimeUnit};
    use crate::resolve::legal::Relation;
    let catalog = Catalog::builtin();
    for lang in ["vi", "en"] {
        let s = catalog.strings(lang).unwrap();
        let mut names: Vec<&str> = Kind::ALL.iter().flat_map(|&k| [s.kind(k), s.kinds(k)]).collect();
        names.extend([Status::Draft, Status::InForce, Status::Withdrawn].iter().map(|v| s.named("status", v)));
        names.extend([MethodKind::InPerson, MethodKind::Online, MethodKind::Post].iter().map(|v| s.named("method", v)));
        names.extend([Level::Central, Level::Province, Level::Commune].iter().map(|v| s.named("level", v)));
        names.extend(
            [OnlineService::Full, OnlineService::Partial, OnlineService::None].iter().map(|v| s.named("online", v)),
        );
        let statuses = [
            LegalStatus::InForce,
            LegalStatus::PartlyExpired,
            LegalStatus::Expired,
            LegalStatus::NotYetInForce,
            LegalStatus::Suspended,
        ];
        names.extend(statuses.iter().map(|v| s.named("legal_status", v)));
        let relations =
            [Relation::Replaces, Relation::ReplacedBy, Relation::Amends, Relation::AmendedBy, Relation::Guides];
        names.extend(
            relations
                .iter()
                .map(|v| s.named("relation", &v.inverse()))
                .chain(relations.iter().map(|v| s.named("relation", v))),
        );
        for relation in [Relation::Repeals, Relation::BasedOn] {
            names.extend([s.named("relation", &relation), s.named("relation", &relation.inverse())]);
        }
        for unit in [TimeUnit::WorkingDays, TimeUnit::WorkingHours, TimeUnit::Days] {
            let d = crate::model::Duration { hundredths: 50, unit, digits: 0 };
            assert!(!s.duration(&d).is_empty() && s.duration(&d).starts_with("0,5 "), "{lang}: {}", s.duration(&d));
        }
        assert!(names.iter().all(|n| !n.is_empty()), "{lang}: an enum value has no name");
    }
    let vi = catalog.strings("vi").unwrap();
    assert_eq!(vi.fee(&crate::model::Money(50_000)), "50.000 đồng");
    assert_eq!(vi.fee(&crate::model::Money(0)), "Không thu phí");
}

#[test]
fn placeholders_are_filled_and_a_missing_one_is_named() {
    assert_eq!(placeholders("Lần {revision} ({date}), {revision}"), ["revision", "date"]);
    let value = |name: &str| (name == "n").then(|| "3".to_owned());
    assert_eq!(fill("Bước {n} {not a name} {", value).unwrap(), "Bước 3 {not a name} {");
    assert_eq!(fill("{n} và {m}", value).unwrap_err(), "m");
    assert!(is_language_tag("vi") && is_language_tag("en-GB") && !is_language_tag("EN") && !is_language_tag("e"));
}

#[test]
fn a_manual_file_overrides_single_strings() {
    let (catalog, problems) = with_manual_files(&[("i18n/vi.toml", "[nav]\nhome = \"Trang đầu\"\n")]);
    assert!(problems.is_empty(), "{problems:?}");
    let vi = catalog.strings("vi").unwrap();
    assert_eq!(vi.get("nav.home"), "Trang đầu");
    assert_eq!(vi.get("nav.legal"), "Văn bản pháp lý", "the other strings stay");
    assert_eq!(catalog.strings("en").unwrap().get("nav.home"), "Home");
}

#[test]
fn an_unknown_key_is_an_error_at_the_key_with_the_closest_one() {
    let (_, problems) = with_manual_files(&[("i18n/en.toml", "[nav]\nhome = \"Start\"\nhoem = \"x\"\n")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let d = &problems[0];
    assert_eq!((d.code, d.loc.line, d.loc.column), ("i18n-unknown-key", 3, 1), "{d}");
    assert!(d.help.as_ref().map(|h| h.en.as_str()).unwrap().contains("did you mean `nav.home`"), "{d}");
}

#[test]
fn malformed_files_and_values_are_errors_with_positions() {
    let (_, problems) = with_manual_files(&[
        ("i18n/vi.toml", "[nav]\nhome = \"Trang chủ\nlegal = 1\n"),
        ("i18n/en.toml", "[nav]\nhome = 1\n"),
        ("i18n/english.toml", "[nav]\nhome = \"Home\"\n"),
    ]);
    let found: Vec<(&str, String, u32)> =
        problems.iter().map(|d| (d.code, crate::diagnostic::display_path(&d.loc.file), d.loc.line)).collect();
    assert!(found.contains(&("i18n-not-text", "i18n/en.toml".into(), 2)), "{found:?}");
    assert!(found.contains(&("i18n-file-name", "i18n/english.toml".into(), 0)), "{found:?}");
    assert!(found.iter().any(|(_, f, line)| f == "i18n/vi.toml" && *line == 2), "{found:?}");
}

#[test]
fn a_new_language_must_give_every_key_and_placeholders_must_exist() {
    let (catalog, problems) = with_manual_files(&[("i18n/fr.toml", "[nav]\nhome = \"Accueil {x}\"\n")]);
    let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"i18n-missing-key") && codes.contains(&"i18n-placeholder"), "{problems:?}");
    let missing = problems.iter().find(|d| d.code == "i18n-missing-key").unwrap();
    assert_eq!((missing.loc.line, missing.loc.column), (1, 1));
    assert!(missing.message.contains("i18n/fr.toml lacks"), "{:?}", missing.message);
    let placeholder = problems.iter().find(|d| d.code == "i18n-placeholder").unwrap();
    assert_eq!((placeholder.loc.line, placeholder.loc.column), (2, 8), "{placeholder}");
    // Rendering can go on: what it lacks is filled from the reference language.
    assert_eq!(catalog.strings("fr").unwrap().get("nav.legal"), "Văn bản pháp lý");
}

#[test]
fn a_theme_may_add_keys_but_must_translate_them() {
    let sources = Sources {
        theme_i18n: vec![
            file("themes/t/i18n/vi.toml", "[custom]\nbanner = \"Chào\"\n"),
            file("themes/t/i18n/en.toml", "[nav]\nhome = \"Start\"\n"),
        ],
        i18n: vec![file("i18n/vi.toml", "[custom]\nbanner = \"Xin chào\"\n")],
        ..Sources::default()
    };
    let (catalog, problems) = catalog(&sources);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(crate::diagnostic::display_path(&problems[0].loc.file), "themes/t/i18n/en.toml");
    assert!(problems[0].message.contains("`custom.banner`"), "{:?}", problems[0].message);
    assert_eq!(catalog.strings("vi").unwrap().get("custom.banner"), "Xin chào", "the manual overrides the theme");
    assert_eq!(catalog.strings("en").unwrap().get("nav.home"), "Start");
}
