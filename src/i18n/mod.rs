//! The words of the interface — headings, labels, banners, kind and status names — in each
//! language a site can show them in. They live in translation files, not in templates or code:
//! the default theme's `i18n/vi.toml` and `i18n/en.toml` (built into sotay), which a custom
//! theme's `i18n/<lang>.toml` and then the manual's own `i18n/<lang>.toml` override key by key.
//! Templates read them with the `t` function, the renderer with [`Strings::get`]; both see the
//! same [`Catalog`], so a page's interface is in one language whichever side printed a word.
//!
//! The manual's documents themselves are Vietnamese ([`ORIGINAL`]): a site in English shows
//! Vietnamese documents with an English interface, and an English translation of a document is
//! a separate page (see `resolve::translations`).

mod files;
mod layers;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use layers::catalog;

/// The language the manual's controlled documents are written in.
pub const ORIGINAL: &str = "vi";

/// The language whose translation file defines which keys exist.
pub const REFERENCE: &str = "vi";

/// One language's interface strings, by dotted key (`nav.home`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strings {
    lang: String,
    map: BTreeMap<String, String>,
}

impl Strings {
    pub fn new(lang: impl Into<String>, map: BTreeMap<String, String>) -> Strings {
        Strings { lang: lang.into(), map }
    }

    /// The language tag, e.g. `vi`.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    pub fn try_get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// The string for a key the renderer uses. Every such key is in the built-in files (a test
    /// checks it), and a catalog has every key of the built-in files, so the key itself only
    /// stands in for a string if that invariant is ever broken.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        debug_assert!(self.map.contains_key(key), "no UI string `{key}`");
        self.try_get(key).unwrap_or(key)
    }

    /// [`Strings::get`] with its `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let found = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned());
        fill(self.get(key), found).unwrap_or_else(|_| self.get(key).to_owned())
    }

    /// A processing time in this language: `10 ngày làm việc`, `10 working days`.
    pub fn duration(&self, d: &crate::model::Duration) -> String {
        self.fill(&format!("duration.{}", self.serial(&d.unit)), &[("amount", &d.written_amount())])
    }

    /// A time limit in this language: `10 ngày làm việc kể từ …`, `Trong ngày làm việc`.
    pub fn time_limit(&self, limit: &crate::model::time_limit::TimeLimit) -> String {
        use crate::model::time_limit::TimeLimit;
        match limit {
            TimeLimit::SameDay => self.get("duration.same-day").to_owned(),
            TimeLimit::Within { duration, from: None } => self.duration(duration),
            TimeLimit::Within { duration, from: Some(from) } => format!("{} {from}", self.duration(duration)),
        }
    }

    /// A fee in this language: `50.000 đồng`, `Không thu phí`.
    pub fn fee(&self, fee: &crate::model::Money) -> String {
        match fee.0 {
            0 => self.get("fee.free").to_owned(),
            _ => self.fill("fee.amount", &[("amount", &fee.amount())]),
        }
    }

    fn serial(&self, value: &impl serde::Serialize) -> String {
        serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The key of a kind's name (singular, `kind.procedure`) or list name (`kinds.procedure`).
    pub fn kind(&self, kind: crate::model::Kind) -> &str {
        self.lookup(&format!("kind.{}", kind.name()))
    }

    pub fn kinds(&self, kind: crate::model::Kind) -> &str {
        self.lookup(&format!("kinds.{}", kind.name()))
    }

    /// [`Strings::get`] for a key made on the fly.
    fn lookup(&self, key: &str) -> &str {
        debug_assert!(self.map.contains_key(key), "no UI string `{key}`");
        self.try_get(key).unwrap_or_default()
    }

    /// The name of a value of one of the model's enums (`status`, `method`, `level`, …), keyed
    /// by its serialised (kebab-case) form: `status.in-force`.
    pub fn named(&self, group: &str, value: &impl serde::Serialize) -> &str {
        self.lookup(&format!("{group}.{}", self.serial(value)))
    }
}

/// Every language a build can show its interface in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    languages: BTreeMap<String, Arc<Strings>>,
}

impl Catalog {
    pub fn new(languages: BTreeMap<String, Arc<Strings>>) -> Catalog {
        Catalog { languages }
    }

    /// The built-in strings alone (the default theme's files), for runs without a manual.
    pub fn builtin() -> Catalog {
        let languages = layers::builtin()
            .iter()
            .map(|(lang, map)| {
                let map = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                (lang.clone(), Arc::new(Strings::new(lang.clone(), map)))
            })
            .collect();
        Catalog { languages }
    }

    pub fn strings(&self, lang: &str) -> Option<&Arc<Strings>> {
        self.languages.get(lang)
    }

    /// The strings of `lang`, or of the reference language when there are none (a build whose
    /// language is unknown has already been told so).
    pub fn or_reference(&self, lang: &str) -> &Arc<Strings> {
        self.strings(lang)
            .or_else(|| self.strings(REFERENCE))
            .expect("a catalog always has the reference language: it is built in")
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }
}

/// Whether `tag` looks like a BCP 47 language tag sotay can use in `lang` attributes and paths:
/// `vi`, `en`, `en-GB`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The `{name}` placeholders of a string, in order of first use.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

/// `text` with each `{name}` replaced by `value(name)`; the first name without a value is the
/// error. Braces that do not hold a name stay as they are.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close
            .map(|c| &after[..c])
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        match (name, close) {
            (Some(name), Some(close)) => {
                out.push_str(&value(name).ok_or_else(|| name.to_owned())?);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}
