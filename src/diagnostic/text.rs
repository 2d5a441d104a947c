//! A text a user reads, kept in Vietnamese and in English until it is printed: the language is
//! a choice of the printer (`--lang`, `[site] language`), not of the stage that found the
//! problem, so `sotay serve` never shows the wording of a language the manual no longer asks
//! for, and `--lang en` needs no second run. Made with `tr!`.

use serde::Serialize;

use crate::lang::Lang;

/// The Vietnamese and the English of one message (read as `text.vi`, `text.en`). Boxed: a
/// diagnostic is the error of many results, and stays small this way.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(Box<Both>);

/// The two languages of a [`Text`].
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Both {
    pub vi: String,
    pub en: String,
}

impl std::ops::Deref for Text {
    type Target = Both;
    fn deref(&self) -> &Both {
        &self.0
    }
}

impl Text {
    /// Both languages, already written out.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text(Box::new(Both { vi: vi.into(), en: en.into() }))
    }

    /// The same words in both languages: a quotation of the user's own text, a name, a
    /// number. Never for a sentence sotay writes.
    pub fn verbatim(text: impl Into<String>) -> Text {
        let text = text.into();
        Text::new(text.clone(), text)
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Each language changed alike, e.g. a prefix added.
    pub fn map(self, mut f: impl FnMut(String, Lang) -> String) -> Text {
        let Both { vi, en } = *self.0;
        Text::new(f(vi, Lang::Vi), f(en, Lang::En))
    }

    /// Whether either language contains `needle` (for tests and filters that do not care which).
    pub fn contains(&self, needle: &str) -> bool {
        self.vi.contains(needle) || self.en.contains(needle)
    }

    /// Built by a function of the language, called once for each.
    pub fn by_lang(f: impl Fn(Lang) -> String) -> Text {
        Text::new(f(Lang::Vi), f(Lang::En))
    }
}

/// A model type's reason for refusing a value, in both languages. Model types give serde their
/// reason as one string (serde's errors carry no more), written with [`crate::lang::reason`]:
/// split back here; a reason written in English only stays English.
impl Text {
    pub fn reason(reason: &str) -> Text {
        match crate::lang::split_reason(reason) {
            Some((vi, en)) => Text::new(vi, en),
            None => Text::verbatim(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_formats_both_languages_with_captured_names() {
        let unit = "ngày làm việc";
        let text = tr!("đơn vị `{unit}`", "the unit `{unit}`");
        assert_eq!(text.get(Lang::Vi), "đơn vị `ngày làm việc`");
        assert_eq!(text.get(Lang::En), "the unit `ngày làm việc`");
        assert_eq!(Text::by_lang(|l| l.pick("một", "one").to_owned()), Text::new("một", "one"));
    }
}
