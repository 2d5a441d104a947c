//! The front matter of a translation of a document: which document it translates, into which
//! language, and which revision of it — the Vietnamese document stays the controlled one, and a
//! translation says which issue of it the reader has in hand.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::code::DocCode;
use super::date::Date;

/// A translation's front matter, as written between the `+++` lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationMatter {
    /// The code of the document translated, e.g. "QT-07".
    pub translation_of: Spanned<DocCode>,
    /// The language of the translation, e.g. "en".
    pub lang: Spanned<String>,
    pub title: Spanned<String>,
    /// One line on what the document is for, in the translation's language.
    pub summary: Option<String>,
    /// The revision of the original this text translates.
    pub translates_revision: Spanned<u32>,
    /// When the translation was made or last checked against the original.
    pub translated: Option<Date>,
    /// Who translated it.
    pub translator: Option<String>,
}
