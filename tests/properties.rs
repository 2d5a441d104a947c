//! No input breaks it (issue 8 item 4), as properties: front matter splitting and parsing,
//! legal citation recognition, procedures' step tables and the Markdown pipeline never panic on
//! any text, and each call finishes in bounded time. Inputs are drawn both from arbitrary text
//! and from fragments of real manuals (fences, keys, citations, wiki links, nesting), which reach
//! the interesting paths far more often than random bytes do.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use sotay::load::SourceFile;
use sotay::model::{Kind, LegalNumber};
use sotay::parse::citation::{self, Provision};
use sotay::render::markdown::{self, LinkResolver, Resolved};

/// Far more than any call here needs, even in a debug build on a busy machine: a hang, not a
/// speed target.
const BOUND: Duration = Duration::from_secs(10);

const QT07: &str = include_str!("fixtures/basic/content/procedures/QT-07.md");

/// Pieces of real manuals, glued in random orders.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++\n".to_owned()),
        Just("title = \"T\"\n".to_owned()),
        Just("code = \"QT-07\"\n".to_owned()),
        Just("revision = 1\n".to_owned()),
        Just("[procedure]\n".to_owned()),
        Just("[[procedure.steps]]\ntask = \"Tiếp nhận\"\nunit = \"mc\"\ntime = \"0,5 ngày\"\n".to_owned()),
        Just("[[procedure.methods]]\nkind = \"online\"\nfee = 0\n".to_owned()),
        Just("khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC".to_owned()),
        Just("Điều 2 Quyết định 12/2026/QĐ-UBND".to_owned()),
        Just("Nghị định 61/2018/NĐ-CP ngày 23/4/2018".to_owned()),
        Just("19/2014/QĐ- TTg".to_owned()),
        Just("[[QT-07]]".to_owned()),
        Just("[[QT-07|mẫu".to_owned()),
        Just("]]".to_owned()),
        Just("[a](javascript:x)".to_owned()),
        Just("![i](/a.png)".to_owned()),
        Just("\n- ".to_owned()),
        Just("\n> ".to_owned()),
        Just("\n```toml\n".to_owned()),
        Just("\n| a | b |\n|---|:-:|\n".to_owned()),
        Just("<div onclick=x>".to_owned()),
        Just("</div>".to_owned()),
        Just("[^1]".to_owned()),
        Just("\n[^1]: chú thích\n".to_owned()),
        Just("## Tiêu đề\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("\0".to_owned()),
        Just("Ạ̀".to_owned()),
        "\\PC{0,12}",
    ]
}

fn text_from_fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

fn file(text: String) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(Arc::from(Path::new("content/procedures/QT-07.md")), text, None))
}

fn within_bound<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    assert!(started.elapsed() < BOUND, "{what} took {:?}", started.elapsed());
    value
}

/// Resolves every wiki link to one page and no legal document, like a small manual.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, target: &str) -> Option<Resolved> {
        target.starts_with("QT").then(|| Resolved {
            url: "/quy-trinh/qt-07/".into(),
            text: "QT-07".into(),
            title: target.into(),
            lang: None,
        })
    }
    fn legal(&self, number: &LegalNumber, _: Option<&Provision>) -> Option<Resolved> {
        Some(Resolved { url: "/van-ban/x/".into(), text: number.to_string(), title: String::new(), lang: None })
    }
    fn rebase(&self, url: &str) -> String {
        url.to_owned()
    }
}

fn check_document(text: String) {
    let file = file(text);
    let parsed = within_bound("parse_file", || sotay::parse::parse_file(Kind::Procedure, &file));
    let problems = match parsed {
        Err(problems) => problems,
        Ok(sotay::parse::Parsed::Document(doc)) => doc.problems.clone(),
        Ok(sotay::parse::Parsed::Translation(_)) => Vec::new(),
    };
    // Every problem points into the file.
    for diagnostic in problems {
        assert!(diagnostic.loc.line as usize <= file.text.lines().count() + 1, "{diagnostic}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_of_any_text_parses_or_is_a_diagnostic(text in "\\PC*") {
        check_document(text);
    }

    #[test]
    fn documents_glued_from_real_pieces_parse_or_are_diagnostics(text in text_from_fragments()) {
        check_document(text);
    }

    #[test]
    fn a_procedure_with_one_edit_parses_or_is_a_diagnostic(at in 0usize..QT07.len(), cut in 0usize..40, insert in fragment()) {
        let mut at = at;
        while !QT07.is_char_boundary(at) { at -= 1; }
        let mut end = (at + cut).min(QT07.len());
        while !QT07.is_char_boundary(end) { end -= 1; }
        check_document(format!("{}{}{}", &QT07[..at], insert, &QT07[end.max(at)..]));
    }

    #[test]
    fn step_tables_with_any_values_parse_or_are_diagnostics(
        task in "\\PC{0,30}", unit in "\\PC{0,8}", time in "\\PC{0,20}", extra in "[a-z_]{0,8}", n in any::<i64>(),
    ) {
        let value = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let steps = format!(
            "[[procedure.steps]]\ntask = {}\nunit = {}\ntime = {}\n{extra} = {n}\n",
            value(&task), value(&unit), value(&time)
        );
        check_document(QT07.replacen("[[procedure.steps]]\n", &steps, 1));
    }

    #[test]
    fn citations_in_any_text_are_in_order_and_inside_it(text in prop_oneof!["\\PC*".boxed(), text_from_fragments().boxed()]) {
        let found = within_bound("recognize", || citation::recognize(&text));
        let mut end = 0;
        for c in &found {
            prop_assert!(c.span.start >= end && c.span.end <= text.len() && c.span.start <= c.number_span.start);
            prop_assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            end = c.span.end;
        }
        let _ = within_bound("parse_provision", || citation::parse_provision(&text));
    }

    #[test]
    fn any_markdown_renders_without_a_script(text in prop_oneof!["\\PC*".boxed(), text_from_fragments().boxed()]) {
        let html = within_bound("render", || markdown::render(&text, &Links));
        let fragment = scraper::Html::parse_fragment(&html);
        for element in fragment.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            prop_assert!(element.value().name() != "script", "{}", html);
            for (attr, value) in element.value().attrs() {
                prop_assert!(!attr.starts_with("on") && !value.trim_start().to_ascii_lowercase().starts_with("javascript:"), "{}", html);
            }
        }
        let _ = within_bound("link_citations", || markdown::link_citations(&text, &Links));
        let _ = within_bound("scan", || sotay::parse::markdown::scan(&text));
    }
}
