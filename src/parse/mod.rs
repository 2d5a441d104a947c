//! The second stage: turn source files into typed values. Front matter and registry entries are
//! deserialised strictly into the model; each file's problems become diagnostics and the file is
//! left out, so the rest of the manual is still checked.
//!
//! A caller that parses the same folder again (`sotay serve`) may pass a [`ParseMemo`]: the
//! documents and registry entries the last parse made, taken again for a file whose path, text
//! and stored bytes are the same (compared by content digest, [`SourceFile::digest`]).

pub mod catalog;
pub mod citation;
pub mod front_matter;
pub mod links;
pub mod markdown;
pub mod translation;

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use toml::Spanned;

use crate::config::{BaseUrl, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::load::{SourceFile, Sources};
use crate::model::{FrontMatter, Kind, LegalDoc};
use crate::toml_error;
use front_matter::SplitError;
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
    /// The interface strings of every language the site can use.
    pub catalog: Arc<crate::i18n::Catalog>,
    /// The TTHC catalogue (`catalog/tthc.csv` or `.toml`), when the manual has one.
    pub tthc: Option<catalog::Catalog>,
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
    let legal: Vec<Result<LegalEntry, Diagnostic>> = sources
        .legal
        .par_iter()
        .enumerate()
        .map(|(i, file)| match earlier.and_then(|m| m.legal.get(i)).filter(|e| same_file(&e.file, file)) {
            Some(entry) => Ok(entry.clone()),
            None => parse_legal(file),
        })
        .collect();
    let unparsed_codes = sources
        .documents
        .iter()
        .zip(&documents)
        .filter(|(_, result)| result.is_err())
        .filter_map(|((_, file), _)| recover_code(&file.text))
        .collect();
    let (mut translations, mut kept) = (Vec::new(), Vec::with_capacity(documents.len()));
    for parsed in keep_ok(documents, &mut diagnostics) {
        match parsed {
            Parsed::Document(doc) => kept.push(doc),
            Parsed::Translation(translation) => translations.push(translation),
        }
    }
    let documents = kept;
    let legal = keep_ok(legal, &mut diagnostics);
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
    let (tthc, tthc_problems) = catalog::parse(&sources.catalog);
    diagnostics.extend(tthc_problems);
    let manual =
        Manual { config, config_file, base_url, documents, translations, legal, unparsed_codes, catalog, tthc };
    (Some(manual), diagnostics)
}

/// Each Markdown file of `content/` parsed, or taken from `earlier` when it parsed the same file.
fn parse_documents(sources: &Sources, earlier: Option<&ParseMemo>) -> Vec<Result<Parsed, Diagnostic>> {
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

/// sotay.toml as typed values, with its base URL; `None` when it does not parse.
fn parse_config(config_file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<(Config, BaseUrl)> {
    let mut config = match toml::from_str::<Config>(&config_file.text) {
        Ok(config) => config,
        Err(e) => {
            diagnostics.push(toml_error::diagnostic(config_file, 0, &e));
            return None;
        }
    };
    links::check_config(&mut config, config_file, diagnostics);
    let base_url = match BaseUrl::parse(config.site.base_url.get_ref()) {
        Ok(base) => base,
        Err(message) => {
            let span = config.site.base_url.span();
            diagnostics.push(
                Diagnostic::error(config_file.loc(span), "invalid-base-url", message)
                    .with_help("set [site] base_url to where the site will be published"),
            );
            BaseUrl { origin: String::new(), path: "/".to_owned() }
        }
    };
    diagnostics.extend(config.limits.problems(&|span| config_file.loc(span)));
    Some((config, base_url))
}

fn keep_ok<T>(results: Vec<Result<T, Diagnostic>>, diagnostics: &mut Diagnostics) -> Vec<T> {
    let mut kept = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => kept.push(value),
            Err(problem) => diagnostics.push(problem),
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

/// A Markdown file of `content/` as parsed: a document, or a translation of one. Each is moved
/// once into its list, so the size difference costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Document(Arc<Document>),
    Translation(Translation),
}

/// Parses a Markdown file of `content/`, telling translations from documents.
pub fn parse_file(kind: Kind, file: &Arc<SourceFile>) -> Result<Parsed, Diagnostic> {
    let split = front_matter::split(&file.text).map_err(|e| split_diagnostic(file, e))?;
    if translation::is_translation(&file.text[split.front_matter.clone()]) {
        return translation::parse_translation(kind, file, split).map(Parsed::Translation);
    }
    parse_split(kind, file, split).map(|doc| Parsed::Document(Arc::new(doc)))
}

/// Parses one Markdown file with front matter.
pub fn parse_document(kind: Kind, file: &Arc<SourceFile>) -> Result<Document, Diagnostic> {
    let split = front_matter::split(&file.text).map_err(|e| split_diagnostic(file, e))?;
    parse_split(kind, file, split)
}

fn parse_split(kind: Kind, file: &Arc<SourceFile>, split: front_matter::Split) -> Result<Document, Diagnostic> {
    let text = &file.text[split.front_matter.clone()];
    let meta: FrontMatter =
        toml::from_str(text).map_err(|e| toml_error::diagnostic(file, split.front_matter.start, &e))?;
    let slug = match &meta.code {
        Some(code) => code.get_ref().slug(),
        None => {
            let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            crate::vietnamese::slug(&stem)
        }
    };
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Loc::file(&file.path),
            "no-slug",
            "the file name has no letters or digits to make a URL from",
        )
        .with_help("rename the file, or give the document a `code`"));
    }
    let scan = markdown::scan(&file.text[split.body.clone()]);
    Ok(Document {
        kind,
        file: file.clone(),
        front_matter_offset: split.front_matter.start,
        body: split.body,
        meta,
        slug,
        scan,
    })
}

fn split_diagnostic(file: &SourceFile, error: SplitError) -> Diagnostic {
    const EXAMPLE: &str = "start the file with a line `+++`, then TOML such as `code = \"QT-07\"` and `title = \"…\"`, then a line `+++`, then the Markdown text";
    match error {
        SplitError::Empty => {
            Diagnostic::error(Loc::file(&file.path), "empty-file", "the file is empty").with_help(EXAMPLE)
        }
        SplitError::Missing(span) => Diagnostic::error(
            file.loc(span),
            "missing-front-matter",
            "the file does not start with front matter (a `+++` line)",
        )
        .with_help(EXAMPLE),
        SplitError::Unterminated(span) => Diagnostic::error(
            file.loc(span),
            "unterminated-front-matter",
            "the front matter opened here is never closed",
        )
        .with_help("add a line `+++` after the last TOML line"),
    }
}

/// Parses one legal registry entry.
pub fn parse_legal(file: &Arc<SourceFile>) -> Result<LegalEntry, Diagnostic> {
    if file.text.trim().is_empty() {
        return Err(Diagnostic::error(Loc::file(&file.path), "empty-file", "the registry entry is empty")
            .with_help("give at least number, issuer, summary, signed and status"));
    }
    let doc: LegalDoc = toml::from_str(&file.text).map_err(|e| toml_error::diagnostic(file, 0, &e))?;
    Ok(LegalEntry { file: file.clone(), doc })
}
