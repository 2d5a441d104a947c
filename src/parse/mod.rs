//! The second stage: turn source files into typed values. Front matter and registry entries are
//! deserialised strictly into the model; every problem of a file becomes a diagnostic in one run
//! (`lenient`), and a file is kept without its wrong values when the rest reads, so the rest of
//! the manual is still checked against it. A file that cannot be read at all is left out and
//! counted ([`Manual::unread_documents`]).
//!
//! A caller that parses the same folder again (`sotay serve`) may pass a [`ParseMemo`]: the
//! documents and registry entries the last parse made, taken again for a file whose path, text
//! and stored bytes are the same (compared by content digest, [`SourceFile::digest`]).

pub mod catalog;
pub mod citation;
mod cited_date;
mod files;
pub mod front_matter;
pub mod lenient;
pub mod links;
pub mod lookalike;
pub mod markdown;
pub mod non_legal;
pub mod precompress;
pub mod provision;
pub mod translation;

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use toml::Spanned;

use crate::config::{BaseUrl, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, Text};
use crate::load::{SourceFile, Sources};
use crate::model::{FrontMatter, Kind, LegalDoc};
pub use files::{parse_document, parse_file, parse_legal, reading_diagnostics, Parsed};
pub use translation::Translation;

/// A document of the manual: its file and its front matter.
#[derive(Clone, Debug)]
pub struct Document {
    pub kind: Kind,
    pub file: Arc<SourceFile>,
    /// Byte offset of the front matter in the file's text.
    pub front_matter_offset: usize,
    /// Byte range of the Markdown body in the file's text.
    pub body: std::ops::Range<usize>,
    pub meta: FrontMatter,
    /// The URL segment: the code's slug, or the file name's for uncontrolled pages.
    pub slug: String,
    /// The body's `[[…]]` links and heading ids.
    pub scan: markdown::Scan,
    /// The problems of its front matter: the values it was read without. Reported each run,
    /// also when the document is taken again from a [`ParseMemo`].
    pub problems: Vec<Diagnostic>,
    /// Keys the front matter had but that could not be read, as dotted paths (`revision`,
    /// `procedure.methods.fee`), so rules do not call them missing as well.
    pub unread_keys: BTreeSet<String>,
}

impl Document {
    /// The position of a front-matter value.
    pub fn loc<T>(&self, value: &Spanned<T>) -> Loc {
        let span = value.span();
        self.file.loc(self.front_matter_offset + span.start..self.front_matter_offset + span.end)
    }

    /// The position of a byte range of the body.
    pub fn body_loc(&self, span: std::ops::Range<usize>) -> Loc {
        self.file.loc(self.body.start + span.start..self.body.start + span.end)
    }

    pub fn whole_file(&self) -> Loc {
        Loc::file(&self.file.path)
    }

    pub fn markdown(&self) -> &str {
        &self.file.text[self.body.clone()]
    }

    pub fn code(&self) -> Option<&str> {
        self.meta.code.as_ref().map(|c| c.get_ref().as_str())
    }

    pub fn title(&self) -> &str {
        self.meta.title.get_ref()
    }
}

/// A legal registry entry and its file.
#[derive(Clone, Debug)]
pub struct LegalEntry {
    pub file: Arc<SourceFile>,
    pub doc: LegalDoc,
    /// The problems of its file: the values it was read without.
    pub problems: Vec<Diagnostic>,
}

impl LegalEntry {
    pub fn loc<T>(&self, value: &Spanned<T>) -> Loc {
        self.file.loc(value.span())
    }
}

/// The manual as typed values, before cross-references are resolved.
#[derive(Debug)]
pub struct Manual {
    pub config: Config,
    pub config_file: Arc<SourceFile>,
    pub base_url: BaseUrl,
    /// Shared, so a rebuild takes unchanged documents from the last one without copying them.
    pub documents: Vec<Arc<Document>>,
    /// Translations of documents, in file order.
    pub translations: Vec<Translation>,
    pub legal: Vec<LegalEntry>,
    /// Code keys of documents that exist but failed to parse: references to them are not
    /// reported again, since the file's own error says what to fix.
    pub unparsed_codes: BTreeSet<String>,
    /// Files of `content/` that could not be read at all (no front matter, not TOML, a
    /// required field wrong), each with its own diagnostics.
    pub unread_documents: usize,
    /// The interface strings of every language the site can use.
    pub catalog: Arc<crate::i18n::Catalog>,
    /// The TTHC catalogue (`catalog/tthc.csv` or `.toml`), when the manual has one.
    pub tthc: Option<catalog::Catalog>,
    /// The compressed copies a build writes beside each text file (`[site] precompress`, or
    /// `sotay build --precompress`), each once, in [`Encoding::ALL`](crate::model::precompress::Encoding::ALL)'s order.
    pub precompress: Vec<crate::model::precompress::Encoding>,
}

impl Manual {
    /// The interface strings of the site's language (`[site] language`).
    pub fn ui(&self) -> &Arc<crate::i18n::Strings> {
        self.catalog.or_reference(self.config.site.language.get_ref())
    }
}

/// What the last parse made, for the next parse of the same folder (`serve` owns one).
#[derive(Debug, Default)]
pub struct ParseMemo {
    documents: Vec<Arc<Document>>,
    legal: Vec<LegalEntry>,
}

/// Whether two reads of a file have the same path, text and stored bytes.
pub fn same_file(a: &SourceFile, b: &SourceFile) -> bool {
    a.path == b.path && a.digest() == b.digest()
}

/// Parses everything `load` read, taking from `memo` (and updating it) what the last parse made
/// of the very same files. Without a readable `sotay.toml` there is no manual.
pub fn parse(sources: &Sources, memo: Option<&mut ParseMemo>) -> (Option<Manual>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let earlier = memo.as_deref();
    let documents = parse_documents(sources, earlier);
    let legal = parse_registry(sources, earlier, &mut diagnostics);
    let unparsed_codes = sources
        .documents
        .iter()
        .zip(&documents)
        .filter(|(_, result)| match result {
            Err(_) => true,
            // Kept without its code: links to it are not reported again either.
            Ok(Parsed::Document(doc)) => doc.unread_keys.contains("code"),
            Ok(Parsed::Translation(_)) => false,
        })
        .filter_map(|((_, file), _)| recover_code(&file.text))
        .collect();
    let unread_documents = documents.iter().filter(|result| result.is_err()).count();
    let (mut translations, mut kept) = (Vec::new(), Vec::with_capacity(documents.len()));
    for parsed in keep_ok(documents, &mut diagnostics) {
        match parsed {
            Parsed::Document(doc) => {
                diagnostics.extend(doc.problems.iter().cloned());
                kept.push(doc);
            }
            Parsed::Translation(translation) => translations.push(translation),
        }
    }
    let documents = kept;
    if let Some(memo) = memo {
        *memo = ParseMemo { documents: documents.clone(), legal: legal.clone() };
    }
    for entry in &legal {
        links::check_legal(entry, &mut diagnostics);
    }
    let (catalog, i18n_problems) = crate::i18n::catalog(sources);
    diagnostics.extend(i18n_problems);
    let Some(config_file) = sources.config.clone() else {
        return (None, diagnostics);
    };
    let Some((config, base_url)) = parse_config(&config_file, &mut diagnostics) else {
        return (None, diagnostics);
    };
    let catalog = Arc::new(catalog);
    let precompress = precompress::encodings(&config.site.precompress, &config_file, &mut diagnostics);
    let (tthc, tthc_problems) = catalog::parse(&sources.catalog);
    diagnostics.extend(tthc_problems);
    let manual = Manual {
        config,
        config_file,
        base_url,
        documents,
        translations,
        legal,
        unparsed_codes,
        unread_documents,
        catalog,
        tthc,
        precompress,
    };
    (Some(manual), diagnostics)
}

/// The registry's entries, each taken from `earlier` when it parsed the same file; an entry
/// with problems is kept without its wrong values when the rest reads.
fn parse_registry(sources: &Sources, earlier: Option<&ParseMemo>, diagnostics: &mut Diagnostics) -> Vec<LegalEntry> {
    let parsed: Vec<(Option<LegalEntry>, Vec<Diagnostic>)> = sources
        .legal
        .par_iter()
        .enumerate()
        .map(|(i, file)| match earlier.and_then(|m| m.legal.get(i)).filter(|e| same_file(&e.file, file)) {
            Some(entry) => (Some(entry.clone()), entry.problems.clone()),
            None => parse_legal(file),
        })
        .collect();
    let mut entries = Vec::with_capacity(parsed.len());
    for (entry, problems) in parsed {
        diagnostics.extend(problems);
        entries.extend(entry);
    }
    entries
}

/// Each Markdown file of `content/` parsed, or taken from `earlier` when it parsed the same file.
fn parse_documents(sources: &Sources, earlier: Option<&ParseMemo>) -> Vec<Result<Parsed, Vec<Diagnostic>>> {
    // Usually the documents are where they were; the map is for when some moved.
    let moved = earlier.is_some_and(|m| {
        m.documents.len() != sources.documents.len()
            || m.documents.iter().zip(&sources.documents).any(|(d, (_, f))| d.file.path != f.path)
    });
    let before: std::collections::BTreeMap<&std::path::Path, &Arc<Document>> = match earlier {
        Some(m) if moved => m.documents.iter().map(|d| (&*d.file.path, d)).collect(),
        _ => Default::default(),
    };
    sources
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, (kind, file))| {
            let aligned = earlier.and_then(|m| m.documents.get(i)).filter(|doc| doc.file.path == file.path);
            match aligned.or_else(|| before.get(&*file.path).copied()) {
                Some(doc) if doc.kind == *kind && same_file(&doc.file, file) => Ok(Parsed::Document(Arc::clone(doc))),
                _ => parse_file(*kind, file),
            }
        })
        .collect()
}

/// sotay.toml as typed values, with its base URL; `None` when it cannot be read. Its keys
/// with wrong values are reported and left at their defaults when the rest reads.
fn parse_config(config_file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<(Config, BaseUrl)> {
    let reading = lenient::read::<Config>(&config_file.text);
    diagnostics.extend(reading_diagnostics(config_file, 0, &reading));
    let mut config = reading.value?;
    links::check_config(&mut config, config_file, diagnostics);
    let base_url = match BaseUrl::parse(config.site.base_url.get_ref()) {
        Ok(base) => base,
        Err(message) => {
            let span = config.site.base_url.span();
            diagnostics.push(
                Diagnostic::error(config_file.loc(span), "invalid-base-url", Text::reason(&message)).with_help(tr!(
                    "đặt [site] base_url là địa chỉ nơi trang web sẽ được công bố",
                    "set [site] base_url to where the site will be published"
                )),
            );
            BaseUrl { origin: String::new(), path: "/".to_owned() }
        }
    };
    diagnostics.extend(config.limits.problems(&|span| config_file.loc(span)));
    Some((config, base_url))
}

fn keep_ok<T>(results: Vec<Result<T, Vec<Diagnostic>>>, diagnostics: &mut Diagnostics) -> Vec<T> {
    let mut kept = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => kept.push(value),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    kept
}

/// The code of a document whose front matter did not parse, when it can still be read: from the
/// TOML if only a value is wrong, else from a `code = "…"` line.
fn recover_code(text: &str) -> Option<String> {
    let split = front_matter::split(text).ok()?;
    let front = &text[split.front_matter];
    let from_table = toml::from_str::<toml::Table>(front).ok().and_then(|t| t.get("code")?.as_str().map(str::to_owned));
    let from_line = || {
        front.lines().find_map(|line| {
            let value = line.trim().strip_prefix("code")?.trim_start().strip_prefix('=')?.trim();
            Some(value.strip_prefix('"')?.split('"').next()?.to_owned())
        })
    };
    from_table.or_else(from_line).map(|code| crate::model::code::code_key(&code))
}
