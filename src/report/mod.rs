//! Reports over the resolved manual for staff and auditors: what depends on a law (`impact`),
//! and the oversight reports — TTHC coverage against the official catalogue (`coverage`), the
//! ISO 9001 clause matrix (`clauses`), the review schedule (`reviews`) and the document register
//! (`register`). The command line prints them (`sotay check --report …`, as [`output`] writes
//! them); the render stage publishes them as pages (`render/oversight_pages.rs`); their problems
//! join every run's diagnostics through [`check`].

pub mod catalogue_match;
pub mod clauses;
pub mod coverage;
pub mod impact;
pub mod iso9001;
pub mod legal_sources;
pub mod output;
pub mod register;
pub mod reviews;

use serde::Serialize;

use crate::diagnostic::{display_path, Diagnostic};
use crate::model::{Kind, Status};
use crate::parse::Document;
use crate::resolve::ResolvedManual;

/// Which documents a report counts: all of them (the command line, internal builds) or the
/// ones a public build publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    All,
    Published,
}

impl Reach {
    /// The reach of the build `resolved` was resolved for.
    pub fn of_build(resolved: &ResolvedManual) -> Reach {
        match resolved.options.audience {
            crate::model::Audience::Internal => Reach::All,
            crate::model::Audience::Public => Reach::Published,
        }
    }

    /// The documents in reach, in document order.
    pub fn documents(self, resolved: &ResolvedManual) -> Vec<usize> {
        (0..resolved.manual.documents.len()).filter(|&i| self == Reach::All || resolved.published[i]).collect()
    }
}

/// A document as a report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocBrief {
    /// The document's index in the manual, for pages to link it.
    #[serde(skip)]
    pub index: usize,
    pub code: Option<String>,
    pub title: String,
    pub kind: Kind,
    pub file: String,
    pub status: Option<Status>,
    /// The document's page, when the build publishes it (pages fill this in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl DocBrief {
    pub fn of(resolved: &ResolvedManual, index: usize) -> DocBrief {
        let doc = &resolved.manual.documents[index];
        DocBrief {
            index,
            code: doc.code().map(str::to_owned),
            title: doc.title().to_owned(),
            kind: doc.kind,
            file: display_path(&doc.file.path),
            status: doc.meta.status.as_ref().map(|s| *s.get_ref()),
            url: None,
        }
    }

    /// `QT-07` or, for a document without a code, its title.
    pub fn label(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.title)
    }
}

/// Whether a document counts in the reports: a controlled document that is not withdrawn.
pub fn in_use(doc: &Document) -> bool {
    doc.kind.is_controlled() && doc.meta.status.as_ref().is_none_or(|s| *s.get_ref() != Status::Withdrawn)
}

/// The position of `needle` in a document's front matter after the key `key` (e.g. the clause
/// `"8.3"` of `iso_clauses`), for values the model keeps without a span; the whole file when it
/// cannot be found.
pub fn find_in_front_matter(doc: &Document, key: &str, needle: &str) -> crate::diagnostic::Loc {
    let text = &doc.file.text;
    let end = doc.body.start.min(text.len());
    let front = text.get(doc.front_matter_offset.min(end)..end).unwrap_or_default();
    let at = front.find(key).and_then(|k| front[k..].find(needle).map(|n| k + n));
    match at {
        Some(at) => {
            let start = doc.front_matter_offset + at;
            doc.file.loc(start..start + needle.len())
        }
        None => doc.whole_file(),
    }
}

/// The oversight reports' problems, for every run: duplicated or unknown TTHC codes, claimed excluded clauses, overdue reviews and ended
/// objectives without a result.
pub fn check(resolved: &ResolvedManual) -> Vec<Diagnostic> {
    let mut problems = coverage::problems(resolved, resolved.manual.tthc.as_ref());
    problems.extend(clauses::problems(resolved));
    problems.extend(reviews::problems(resolved));
    problems
}
