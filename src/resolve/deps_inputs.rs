//! The dependency index's inputs that come straight from the files read and the build's
//! options, before anything is parsed: the site inputs every page reads (sotay.toml with the
//! build's options and the sotay binary, the legal registry, the TTHC catalogue, templates,
//! interface strings, static files, attachments, where the git history stands) and each
//! Markdown file's text. [`crate::resolve::deps::DepIndex::build`] takes these digests as they
//! are; the no-op build (`sotay build` of an unchanged folder, `crate::write::up_to_date`) and
//! the portal (an unchanged agency) compare them with the ones recorded by the last build, so
//! "nothing changed" means what it means to the index: every source digest is equal. Whatever
//! the index derives from the parsed manual (which documents and translations there are, what
//! is published) follows from these, so it cannot differ when they do not.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};

use super::deps::SiteInput;
use crate::load::{AssetFile, SourceFile, Sources};
use crate::model::{Audience, Date, Kind};

/// What a build is asked for, besides the folder: its audience, date and base URL override.
#[derive(Clone, Copy, Debug)]
pub struct BuildInputs<'a> {
    pub audience: Audience,
    pub date: Date,
    /// `--base-url`, replacing sotay.toml's.
    pub base_url: Option<&'a str>,
    /// `--precompress`, replacing sotay.toml's.
    pub precompress: Option<&'a [crate::model::precompress::Encoding]>,
}

/// The digests of one build's sources (see the module comment).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceDigests {
    /// The site inputs known before parsing; the index adds the sets of documents and
    /// translations it parsed.
    pub site: BTreeMap<SiteInput, u64>,
    /// Per Markdown file under `content/`, in the order `load` read them: [`text`].
    pub documents: Vec<u64>,
}

impl SourceDigests {
    /// All the digests as one line (a hex SHA-256 over them), for the build's state file: equal
    /// lines, equal digests.
    pub fn summary(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(b"sotay source digests v1\n");
        for (input, digest) in &self.site {
            hash.update(format!("{input:?} {digest:016x}\n").as_bytes());
        }
        for digest in &self.documents {
            hash.update(digest.to_le_bytes());
        }
        crate::digest::hex(&hash.finalize())
    }
}

fn digest(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A Markdown file of `content/` read as a document of `kind`: its path, text and stored bytes
/// (digested once per read, [`SourceFile::digest`]) and the kind. The index's `Text` digest of a
/// document, and the content key of resolve's per-document results (`resolve::memo`), start
/// from it.
pub fn text(file: &SourceFile, kind: Kind) -> u64 {
    digest(&(file.digest(), kind))
}

/// The source digests of `sources`, built with `options`, the git history standing at
/// `history` (`crate::history::state`; `None` without a readable repository).
pub fn source_digests(sources: &Sources, options: &BuildInputs, history: Option<&str>) -> SourceDigests {
    use rayon::prelude::*;
    let documents = sources.documents.par_iter().map(|(kind, file)| text(file, *kind)).collect();
    // The built-in theme and every rule live in the binary: another binary, another build.
    let config = (
        sources.config.as_ref().map(|c| c.digest()),
        format!("{:?} {} {:?} {:?}", options.audience, options.date, options.base_url, options.precompress),
        crate::digest::binary(),
    );
    let site = BTreeMap::from([
        (SiteInput::Config, digest(&config)),
        (SiteInput::Registry, files(&sources.legal)),
        (SiteInput::Catalog, files(&sources.catalog)),
        (SiteInput::Templates, digest(&(files(&sources.templates), files(&sources.theme_templates)))),
        (SiteInput::Strings, digest(&(files(&sources.i18n), files(&sources.theme_i18n)))),
        (SiteInput::Static, assets(&[&sources.static_files, &sources.theme_static])),
        (SiteInput::Attachments, assets(&[&sources.attachments])),
        (SiteInput::History, digest(&history)),
    ]);
    SourceDigests { site, documents }
}

/// Text files by path, text and stored bytes ([`SourceFile::digest`]).
fn files(list: &[std::sync::Arc<SourceFile>]) -> u64 {
    digest(&list.iter().map(|f| f.digest()).collect::<Vec<_>>())
}

/// Files published as is, by path, size and modification time: reading every attachment to
/// hash it would cost more than the check saves.
fn assets(lists: &[&[AssetFile]]) -> u64 {
    digest(&lists.iter().flat_map(|l| l.iter().map(|a| (a.path.as_os_str(), a.size, a.modified))).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn file(path: &str, text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile::new(Arc::from(Path::new(path)), text.to_owned(), None))
    }

    fn sources(page: &str) -> Sources {
        Sources {
            config: Some(file("sotay.toml", "[site]\n")),
            documents: vec![(Kind::Page, file("content/pages/a.md", page))],
            ..Sources::default()
        }
    }

    fn options(audience: Audience, base_url: Option<&str>) -> BuildInputs<'_> {
        BuildInputs { audience, date: Date::parse("2026-11-22").expect("a date"), base_url, precompress: None }
    }

    #[test]
    fn equal_sources_and_options_give_equal_digests_and_any_difference_differs() {
        let public = options(Audience::Public, None);
        let first = source_digests(&sources("one"), &public, Some("head"));
        assert_eq!(first, source_digests(&sources("one"), &public, Some("head")), "a new read of the same text");
        assert_eq!(first.summary(), source_digests(&sources("one"), &public, Some("head")).summary());
        let changed = [
            source_digests(&sources("two"), &public, Some("head")),
            source_digests(&sources("one"), &options(Audience::Internal, None), Some("head")),
            source_digests(&sources("one"), &options(Audience::Public, Some("/x/")), Some("head")),
            source_digests(&sources("one"), &public, Some("head tag")),
            source_digests(&sources("one"), &public, None),
            // `--precompress` changes what is written: the same sources are another build.
            source_digests(
                &sources("one"),
                &BuildInputs { precompress: Some(&[crate::model::precompress::Encoding::Gzip]), ..public },
                Some("head"),
            ),
        ];
        for other in changed {
            assert_ne!(first, other);
            assert_ne!(first.summary(), other.summary());
        }
    }

    #[test]
    fn an_asset_is_told_apart_by_its_modification_time_too() {
        let with = |modified: u64| {
            let mut sources = sources("one");
            let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(modified);
            let path = Arc::from(Path::new("logo.png"));
            let disk = "static/logo.png".into();
            sources.static_files.push(AssetFile { path, disk, size: 3, modified: Some(at), svg: None });
            source_digests(&sources, &options(Audience::Public, None), None)
        };
        assert_eq!(with(1), with(1));
        assert_ne!(with(1).site[&SiteInput::Static], with(2).site[&SiteInput::Static]);
    }
}
