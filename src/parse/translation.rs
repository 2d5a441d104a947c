//! Translations of documents: a Markdown file beside the original (by convention
//! `QT-07.en.md` beside `QT-07.md`) whose front matter names the document it translates with
//! `translation_of`. It is parsed apart from the documents: it has no code, revision or
//! approval of its own, since the Vietnamese original is the controlled document.

use std::sync::Arc;

use toml::Spanned;

use super::front_matter::Split;
use super::markdown;
use crate::diagnostic::{Diagnostic, Loc};
use crate::load::SourceFile;
use crate::model::{Kind, TranslationMatter};

/// A translation of a document, as read.
#[derive(Clone, Debug)]
pub struct Translation {
    /// The folder it is in, which must be its original's.
    pub kind: Kind,
    pub file: Arc<SourceFile>,
    pub front_matter_offset: usize,
    pub body: std::ops::Range<usize>,
    pub meta: TranslationMatter,
    /// The body's `[[…]]` links and heading ids.
    pub scan: markdown::Scan,
}

impl Translation {
    pub fn loc<T>(&self, value: &Spanned<T>) -> Loc {
        let span = value.span();
        self.file.loc(self.front_matter_offset + span.start..self.front_matter_offset + span.end)
    }

    pub fn body_loc(&self, span: std::ops::Range<usize>) -> Loc {
        self.file.loc(self.body.start + span.start..self.body.start + span.end)
    }

    pub fn markdown(&self) -> &str {
        &self.file.text[self.body.clone()]
    }

    pub fn lang(&self) -> &str {
        self.meta.lang.get_ref()
    }

    pub fn title(&self) -> &str {
        self.meta.title.get_ref()
    }
}

/// Whether front matter is a translation's: it sets `translation_of` at its top level.
pub fn is_translation(front_matter: &str) -> bool {
    front_matter.lines().take_while(|line| !line.trim_start().starts_with('[')).any(|line| {
        let line = line.trim_start();
        line.strip_prefix("translation_of").is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}

/// Parses a translation whose file `split` has already split. A translation with any problem
/// is left out, with every problem reported.
pub fn parse_translation(kind: Kind, file: &Arc<SourceFile>, split: Split) -> Result<Translation, Vec<Diagnostic>> {
    let reading = super::lenient::read::<TranslationMatter>(&file.text[split.front_matter.clone()]);
    let problems = super::reading_diagnostics(file, split.front_matter.start, &reading);
    let meta = match reading.value {
        Some(meta) if problems.is_empty() => meta,
        _ => return Err(problems),
    };
    let scan = markdown::scan(&file.text[split.body.clone()]);
    Ok(Translation {
        kind,
        file: file.clone(),
        front_matter_offset: split.front_matter.start,
        body: split.body,
        meta,
        scan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_are_told_by_a_top_level_translation_of() {
        assert!(is_translation("translation_of = \"QT-07\"\nlang = \"en\"\n"));
        assert!(is_translation("lang = \"en\"\n  translation_of=\"QT-07\"\n"));
        assert!(!is_translation("code = \"QT-07\"\ntitle = \"translation_of the law\"\n"));
        assert!(!is_translation("code = \"QT-07\"\n[procedure]\ntranslation_of = \"x\"\n"));
    }
}
