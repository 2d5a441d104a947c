//! The template side of the interface languages: an engine per language a build's pages use,
//! each with the functions that know that language — `t(key="nav.home", …)` prints a UI string
//! (an unknown key is an error naming it), `lang_attr(lang=…)` prints ` lang="…"` when a
//! fragment is in another language than the page, and `in_lang(text=…, lang=…)` prints a text,
//! inside `<span lang="…">` when its language differs. A function cannot see the page it is
//! called from, so the page's language is the engine's.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Function, Tera, Value};

use crate::i18n::{Catalog, Strings};

/// `t(key="…", name=value…)`: the UI string `key` of the engine's language, its `{name}`
/// placeholders filled with the arguments. Escaped like any value.
struct Translate(Arc<Strings>);

impl Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = match args.get("key") {
            Some(Value::String(key)) => key,
            _ => return Err(tera::Error::msg("t() needs key=\"…\", the dotted name of a UI string")),
        };
        let Some(text) = self.0.try_get(key) else {
            let hint = crate::diagnostic::closest(key, self.0.keys())
                .map(|best| format!(" (did you mean `{best}`?)"))
                .unwrap_or_default();
            return Err(tera::Error::msg(format!(
                "there is no UI string `{key}` in the {} translation{hint}; add it to the theme's i18n/vi.toml and i18n/en.toml",
                self.0.lang()
            )));
        };
        let value = |name: &str| args.get(name).map(plain);
        crate::i18n::fill(text, value).map(Value::String).map_err(|name| {
            tera::Error::msg(format!("the UI string `{key}` needs the value `{name}`: call t(key=\"{key}\", {name}=…)"))
        })
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The language argument of `lang_attr` and `in_lang`: a valid tag, or none.
fn language(args: &HashMap<String, Value>) -> tera::Result<Option<&str>> {
    match args.get("lang") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(tag)) if crate::i18n::is_language_tag(tag) => Ok(Some(tag)),
        Some(other) => Err(tera::Error::msg(format!("`{other}` is not a language tag such as \"vi\" or \"en\""))),
    }
}

/// `lang_attr(lang=…)`: ` lang="en"` when `lang` is not the page's language, else nothing.
struct LangAttr(String);

impl Function for LangAttr {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let attr = language(args)?.filter(|tag| *tag != self.0).map(|tag| format!(" lang=\"{tag}\""));
        Ok(Value::String(attr.unwrap_or_default()))
    }

    fn is_safe(&self) -> bool {
        // A validated language tag in quotes, or nothing.
        true
    }
}

/// `in_lang(text=…, lang=…)`: the text escaped, in a `<span lang>` when its language differs.
struct InLang(String);

impl Function for InLang {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = super::escape::html(&args.get("text").map(plain).unwrap_or_default());
        Ok(Value::String(match language(args)?.filter(|tag| *tag != self.0) {
            Some(tag) if !text.is_empty() => format!("<span lang=\"{tag}\">{text}</span>"),
            _ => text,
        }))
    }

    fn is_safe(&self) -> bool {
        // The text is escaped above.
        true
    }
}

/// The engines of a render: a copy of the theme's engine per page language, each with the
/// functions bound to its language.
pub struct Engines {
    engines: BTreeMap<String, Tera>,
}

impl Engines {
    /// Engines for `languages` (their strings from `catalog`, the reference language's for one
    /// it does not know, which has been reported).
    pub fn new<'a>(base: &Tera, catalog: &Catalog, languages: impl IntoIterator<Item = &'a str>) -> Engines {
        let engines = languages
            .into_iter()
            .map(|lang| {
                let mut tera = base.clone();
                let strings = catalog.or_reference(lang).clone();
                super::inline_strings::inline(&mut tera, &strings, lang);
                register(&mut tera, strings, lang);
                (lang.to_owned(), tera)
            })
            .collect();
        Engines { engines }
    }

    /// The engine of a page language.
    pub fn get(&self, lang: &str) -> &Tera {
        self.engines.get(lang).expect("an engine for every language a page is in")
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.engines.keys().map(String::as_str)
    }
}

/// Registers `t`, `lang_attr` and `in_lang` for `lang` on `tera`.
pub fn register(tera: &mut Tera, strings: Arc<Strings>, lang: &str) {
    tera.register_function("t", Translate(strings));
    tera.register_function("lang_attr", LangAttr(lang.to_owned()));
    tera.register_function("in_lang", InLang(lang.to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(lang: &str, template: &str) -> tera::Result<String> {
        let mut tera = Tera::default();
        tera.add_raw_template("x.html", template).unwrap();
        tera.autoescape_on(vec![".html"]);
        let catalog = Catalog::builtin();
        register(&mut tera, catalog.strings(lang).unwrap().clone(), lang);
        let mut context = tera::Context::new();
        context.insert("status", "in-force");
        tera.render("x.html", &context)
    }

    #[test]
    fn t_prints_the_string_of_the_engines_language_with_its_values() {
        assert_eq!(engine("vi", r#"{{ t(key="nav.home") }}"#).unwrap(), "Trang chủ");
        assert_eq!(engine("en", r#"{{ t(key="nav.home") }}"#).unwrap(), "Home");
        assert_eq!(engine("en", r#"{{ t(key="amendments.revision_n", revision=3) }}"#).unwrap(), "Revision 3");
        assert_eq!(engine("en", r#"{{ t(key="status." ~ status) }}"#).unwrap(), "In force");
    }

    #[test]
    fn t_errors_on_an_unknown_key_and_a_missing_value() {
        let e = engine("vi", r#"{{ t(key="nav.hom") }}"#).unwrap_err();
        let message = crate::render::templates::chain(&e);
        assert!(message.contains("no UI string `nav.hom`") && message.contains("did you mean `nav.home`"), "{message}");
        let e = engine("vi", r#"{{ t(key="amendments.revision_n") }}"#).unwrap_err();
        assert!(crate::render::templates::chain(&e).contains("needs the value `revision`"));
    }

    #[test]
    fn lang_marks_only_fragments_in_another_language() {
        assert_eq!(engine("en", r#"<p{{ lang_attr(lang="vi") }}>"#).unwrap(), r#"<p lang="vi">"#);
        assert_eq!(engine("vi", r#"<p{{ lang_attr(lang="vi") }}>"#).unwrap(), "<p>");
        assert_eq!(
            engine("en", r#"{{ in_lang(text="Sở <KH>", lang="vi") }}"#).unwrap(),
            r#"<span lang="vi">Sở &lt;KH&gt;</span>"#
        );
        assert_eq!(engine("vi", r#"{{ in_lang(text="Sở", lang="vi") }}"#).unwrap(), "Sở");
        assert!(engine("vi", r#"{{ lang_attr(lang='x" onload') }}"#).is_err());
    }
}
