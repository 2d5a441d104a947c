//! The language diagnostics and status lines are printed in. The people who read them are the
//! agency's staff: Vietnamese unless the manual says `[site] language = "en"` (a portal:
//! `[portal] language`) or the command line says `--lang en`. A diagnostic carries both
//! languages (`diagnostic::Text`); the printer picks one. Its code is the same in both.

/// The language of the run, set once by the command line (`--lang`, else the manual's
/// `[site] language`), for the few lines printed where no manual is at hand: a Ctrl-C's cleanup,
/// a browser that would not open.
static RUN: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Sets the run's language (the first call wins).
pub fn set_for_run(lang: Lang) {
    let _ = RUN.set(lang);
}

/// The run's language: Vietnamese until the command line says otherwise.
pub fn for_run() -> Lang {
    RUN.get().copied().unwrap_or_default()
}

/// Vietnamese (the default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The language of a site whose `[site] language` is `code` ("vi", "en", "en-GB"…):
    /// English for English, Vietnamese for everything else.
    pub fn of_code(code: &str) -> Lang {
        let code = code.trim().to_ascii_lowercase();
        if code == "en" || code.starts_with("en-") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// The language `sotay.toml`'s text asks for, read before the file is checked (its own
    /// problems are worded in it too); Vietnamese when it does not say or cannot be read.
    pub fn of_config_text(text: &str) -> Lang {
        let table = toml::from_str::<toml::Table>(text).ok();
        let language = |section: &str| table.as_ref().and_then(|t| t.get(section)).and_then(|s| s.get("language"));
        // A manual says it in `[site]`, a portal in `[portal]`.
        let said = language("site").or_else(|| language("portal"));
        said.and_then(toml::Value::as_str).map_or(Lang::Vi, Lang::of_code)
    }

    /// The Vietnamese or the English of a message.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Joins the Vietnamese and the English of a reason a model type gives for refusing a value,
/// so both cross serde's error (which carries one string); [`crate::diagnostic::Text::reason`]
/// and the TOML error wording split it again.
pub fn reason(vi: impl std::fmt::Display, en: impl std::fmt::Display) -> String {
    format!("{vi}{SEPARATOR}{en}")
}

/// The Vietnamese and English halves of a reason written with [`reason`].
pub fn split_reason(reason: &str) -> Option<(&str, &str)> {
    reason.split_once(SEPARATOR)
}

/// The ASCII unit separator: never in a manual's text (control characters are refused).
const SEPARATOR: char = '\u{1f}';

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_when_the_site_says_so() {
        assert_eq!(Lang::of_config_text("[site]\nlanguage = \"en\"\n"), Lang::En);
        assert_eq!(Lang::of_config_text("[site]\nlanguage = \"vi\"\n"), Lang::Vi);
        assert_eq!(Lang::of_config_text("[site\nlanguage = \"en\"\n"), Lang::Vi);
        assert_eq!(Lang::of_config_text(""), Lang::Vi);
        assert_eq!(Lang::of_config_text("[portal]\nlanguage = \"en\"\n"), Lang::En);
        assert_eq!(Lang::En.pick("một", "one"), "one");
    }
}
