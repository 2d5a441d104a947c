//! Document control over time (ISO 9001 clause 7.5.3): each document's earlier issued revisions
//! from the manual's git history — revision N's text is the last commit whose front matter
//! carried revision N — followed by document code across renames, and the change-control checks:
//! no content change without a new revision, no revision that goes down or skips, and an
//! amendment-table row for every issued revision.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, Loc, Text};
use crate::history::{Commit, History, Unavailable};
use crate::load::SourceFile;
use crate::model::code::code_key;
use crate::model::{Audience, Kind, Status};
use crate::parse::{parse_document, Document, Manual};

/// An earlier issued revision of a document.
#[derive(Clone, Debug)]
pub struct Revision {
    pub number: u32,
    /// The commit whose text this is: the last one carrying this revision.
    pub commit: usize,
    /// The document as it was, parsed like the current one (shared: a public build puts a
    /// draft's last issued revision in the draft's place, and a rebuild keeps it).
    pub document: Arc<Document>,
    /// Whether that text was public (`audience = "public"`) as committed: a public build
    /// publishes nothing of a revision that was internal then (see [`super::visibility`]).
    pub public: bool,
}

/// What the history knows about one document.
#[derive(Clone, Debug, Default)]
pub struct DocHistory {
    /// Earlier issued revisions, oldest first; the current revision is not among them. In a
    /// public build, only those that were public.
    pub revisions: Vec<Revision>,
    /// The commits that changed the document (under any file name it had), oldest first. In a
    /// public build, only those at which the document as committed was public and issued.
    pub commits: Vec<usize>,
    /// The commits at which the document as committed was internal or a draft, or carried an
    /// earlier revision whose issued text was internal or that was never issued (a subset of
    /// `commits`, oldest first): a public build leaves them out.
    pub private_commits: Vec<usize>,
    /// Earlier revision numbers that were committed only as drafts, never issued.
    pub never_issued: Vec<u32>,
    /// The earlier revisions a public build does not publish (internal as committed, or never
    /// issued), oldest first: pages show only their numbers. Empty in internal builds.
    pub withheld: Vec<Withheld>,
}

/// An earlier revision a public build leaves out: all a page may say of it is its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub number: u32,
    /// When it was issued, the day it took effect (`Some(None)` when it names none): while it
    /// was in force, no earlier revision was.
    pub in_force_from: Option<Option<crate::model::Date>>,
}

/// The manual's history, as far as it could be read.
#[derive(Debug, Default)]
pub struct ManualHistory {
    pub commits: Vec<Commit>,
    /// Per document of the manual (same order).
    pub documents: Vec<Arc<DocHistory>>,
    /// Tags naming commits.
    pub tags: BTreeMap<String, usize>,
    /// The editions sotay.toml names, newest first.
    pub editions: Vec<super::editions::Edition>,
}

/// Each document's history and problems as [`resolve_history`] found them, before a public
/// build put drafts' issued revisions in their place, kept (in the caller's `ResolveMemo`) so
/// that a rebuild (`serve`) resolves again only the documents that changed. A document's history
/// depends on its parsed text (its code, revision, amendment table, status) and on the history
/// index (its committed versions, the commits' ids and messages); so a kept result is taken
/// only for a document with the same content key ([`super::memo::document_key`]) against a
/// history read at the same HEAD and tags ([`HistoryIndex::version`]).
#[derive(Debug, Default)]
pub struct KeptHistories {
    /// The [`HistoryIndex::version`] the results were resolved against.
    index: Option<u64>,
    per_document: Vec<KeptDocument>,
}

#[derive(Debug)]
struct KeptDocument {
    /// The content key of the document as parsed from the working copy.
    key: u64,
    history: Arc<DocHistory>,
    problems: Arc<[Diagnostic]>,
}

impl KeptHistories {
    /// The kept result for the `i`-th document, of content key `key`, against index `version`.
    fn get(&self, version: Option<u64>, i: usize, key: u64) -> Option<(Arc<DocHistory>, Arc<[Diagnostic]>)> {
        if version.is_none() || self.index != version {
            return None;
        }
        let kept = self.per_document.get(i).filter(|k| k.key == key)?;
        Some((kept.history.clone(), kept.problems.clone()))
    }
}

/// One committed version of a document, with the fields the checks and editions need.
pub(super) struct Version {
    pub commit: usize,
    pub path: String,
    pub kind: Kind,
    pub text: String,
    pub revision: u32,
    pub status: Option<Status>,
    pub audience: Audience,
    /// See [`SourceFile::raw_sha256`].
    pub raw_sha256: Option<String>,
    /// What readers rely on: title, body, legal basis and the kind's table — not the amendment
    /// table, sign-offs or review date, which may change without a new revision.
    pub content: String,
}

/// The readers' content of a document, for telling whether two versions say the same.
pub(super) fn content(doc: &Document) -> String {
    let m = &doc.meta;
    let tables = serde_json::json!([
        m.title,
        m.summary,
        m.legal_basis,
        m.procedure,
        m.form,
        m.objectives,
        m.scope,
        m.announcement
    ]);
    format!("{}\n{}", tables, doc.markdown().trim())
}

/// The git history as read, with every committed version of every document parsed and grouped
/// by code: what does not depend on the working copy, so `serve` can keep it while HEAD and the
/// tags stay where they are.
pub struct HistoryIndex {
    history: Result<History, Unavailable>,
    by_code: BTreeMap<String, Vec<Version>>,
    /// Where HEAD and the tags stood when it was read (`history::state`), `None` without a
    /// readable repository.
    state: Option<String>,
}

impl HistoryIndex {
    /// Reads and indexes the history of the manual at `root`, whose HEAD and tags stand at
    /// `state` (read first: should they move during the read, the next state differs and the
    /// history is read again).
    pub fn read(root: &Path, state: Option<String>) -> HistoryIndex {
        let history = crate::history::read(root);
        let by_code = match &history {
            Ok(history) | Err(Unavailable::Shallow(history)) => versions_by_code(history),
            Err(_) => BTreeMap::new(),
        };
        HistoryIndex { history, by_code, state }
    }

    /// Where HEAD and the tags stood when it was read.
    pub fn state(&self) -> Option<&str> {
        self.state.as_deref()
    }

    /// Names what was read: two indexes read at the same HEAD and tags have the same version.
    /// `None` without a readable repository (two such reads are not known to be the same).
    pub fn version(&self) -> Option<u64> {
        self.state.as_ref().map(super::memo::digest)
    }
}

/// Resolves each document's history and runs the change-control checks; a document with the
/// content key (`keys`, by position) it had when `earlier` was resolved against an index of the
/// same version keeps its result (see [`KeptHistories`]). This run's results go to `kept`.
pub fn resolve_history(
    manual: &Manual,
    index: &HistoryIndex,
    (keys, earlier): (&[u64], Option<&KeptHistories>),
    kept: &mut KeptHistories,
    diagnostics: &mut Diagnostics,
) -> ManualHistory {
    let history = &index.history;
    let config = Loc::file(&manual.config_file.path);
    if !manual.config.editions.is_empty() && !matches!(history, Ok(_) | Err(Unavailable::Shallow(_))) {
        diagnostics.push(
            Diagnostic::warning(
                config.clone(),
                "editions-without-history",
                tr!(
                    "sotay.toml có khai báo phiên bản, nhưng không đọc được lịch sử git: không phiên bản nào được công bố",
                    "sotay.toml names editions, but the git history cannot be read: no edition is published"
                ),
            )
            .with_help(tr!(
                "dựng từ một bản sao git của sổ tay có đủ các thẻ (tag) của phiên bản",
                "build from a git clone of the manual that has the editions' tags"
            )),
        );
    }
    let shallow = matches!(history, Err(Unavailable::Shallow(_)));
    let history: &History = match history {
        Ok(history) => history,
        Err(Unavailable::NoRepository) => {
            diagnostics.push(
                Diagnostic::note(config, "no-history", tr!(
                    "sổ tay không nằm trong kho git: chỉ công bố lần ban hành hiện tại và bảng theo dõi sửa đổi",
                    "the manual is not in a git repository: only current revisions and their amendment tables are published"
                ))
                .with_help(tr!(
                    "lưu sổ tay trong git (git init; git add .; git commit) để công bố mọi lần ban hành, bản so sánh và lịch sử thay đổi",
                    "keep the manual in git (git init; git add .; git commit) to publish every issued revision, redlines and change history"
                )),
            );
            return ManualHistory::default();
        }
        Err(Unavailable::Shallow(history)) => {
            diagnostics.push(
                Diagnostic::note(
                    config,
                    "shallow-history",
                    tr!(
                        "kho git là bản sao rút gọn (shallow): các lần ban hành trước chỗ cắt không được công bố",
                        "the repository is a shallow clone: earlier revisions before the cut are not published"
                    ),
                )
                .with_help(tr!(
                    "lấy toàn bộ lịch sử (git fetch --unshallow) trước khi dựng để công bố",
                    "fetch the whole history (git fetch --unshallow) before building for publication"
                )),
            );
            history
        }
        Err(Unavailable::Broken(message)) => {
            diagnostics.push(
                Diagnostic::warning(
                    config,
                    "unreadable-history",
                    tr!("không đọc được lịch sử git: {message}", "the git history cannot be read: {message}"),
                )
                .with_help(tr!(
                    "kiểm tra kho git (git fsck); chỉ lần ban hành hiện tại được công bố",
                    "check the repository (git fsck); only current revisions are published"
                )),
            );
            return ManualHistory::default();
        }
    };
    // Each document's history on its own, on every core (earlier revisions are parsed here).
    use rayon::prelude::*;
    let versions_of = |doc: &Document| -> &[Version] {
        match doc.code() {
            Some(code) if doc.kind.is_controlled() => {
                index.by_code.get(&code_key(code)).map(Vec::as_slice).unwrap_or(&[])
            }
            _ => &[],
        }
    };
    let version = index.version();
    let per_document: Vec<KeptDocument> = manual
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let (history, problems) = match earlier.and_then(|kept| kept.get(version, i, keys[i])) {
                Some(kept) => kept,
                None => {
                    let mut problems = Diagnostics::new();
                    let doc_history = match doc.code() {
                        Some(_) if doc.kind.is_controlled() => {
                            let versions = versions_of(doc);
                            check_versions(doc, versions, history, &mut problems);
                            doc_history(doc, versions, history, &mut problems)
                        }
                        _ => DocHistory::default(),
                    };
                    (Arc::new(doc_history), problems.into_vec().into())
                }
            };
            KeptDocument { key: keys[i], history, problems }
        })
        .collect();
    for kept in &per_document {
        diagnostics.extend(kept.problems.iter().cloned());
    }
    let editions = if manual.config.editions.is_empty() {
        Vec::new()
    } else {
        let pairs: Vec<(&[Version], &DocHistory)> =
            manual.documents.iter().zip(&per_document).map(|(doc, kept)| (versions_of(doc), &*kept.history)).collect();
        super::editions::resolve_editions(manual, &history.commits, &history.tags, &pairs, shallow, diagnostics)
    };
    let documents = per_document.iter().map(|kept| kept.history.clone()).collect();
    *kept = KeptHistories { index: version, per_document };
    ManualHistory { commits: history.commits.clone(), documents, tags: history.tags.clone(), editions }
}

/// Every committed version of every document, grouped by code and in commit order.
fn versions_by_code(history: &History) -> BTreeMap<String, Vec<Version>> {
    let _span = crate::timings::span("history: versions by code");
    use rayon::prelude::*;
    // Every committed version parsed on every core; grouped afterwards in path order, so the
    // result does not depend on the scheduling.
    let files: Vec<(&String, &Vec<crate::history::FileVersion>)> = history.files.iter().collect();
    let parsed: Vec<(String, Version)> = files
        .par_iter()
        .flat_map_iter(|&(path, versions)| {
            let kind = path.split('/').nth(1).and_then(Kind::from_folder);
            versions.iter().filter_map(move |version| {
                let kind = kind?;
                let text = version.text.as_ref()?;
                let file =
                    Arc::new(SourceFile::new(Arc::from(Path::new(path)), text.clone(), version.raw_sha256.clone()));
                let doc = parse_document(kind, &file).ok()?;
                let (code, revision) = (doc.code()?, doc.meta.revision.as_ref()?);
                let version = Version {
                    commit: version.commit,
                    path: path.clone(),
                    kind,
                    revision: *revision.get_ref(),
                    status: doc.meta.status.as_ref().map(|s| *s.get_ref()),
                    audience: doc.meta.audience,
                    content: content(&doc),
                    text: text.clone(),
                    raw_sha256: version.raw_sha256.clone(),
                };
                Some((code_key(code), version))
            })
        })
        .collect();
    let mut by_code: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    for (code, version) in parsed {
        by_code.entry(code).or_default().push(version);
    }
    for versions in by_code.values_mut() {
        versions.sort_by(|a, b| (a.commit, &a.path).cmp(&(b.commit, &b.path)));
    }
    by_code
}

fn short(commit: &Commit) -> String {
    format!("{} ({}, {}: \"{}\")", &commit.id[..commit.id.len().min(7)], commit.date, commit.author, commit.message)
}

/// Revisions only go up one at a time, and content does not change within an issued revision.
fn check_versions(doc: &Document, versions: &[Version], history: &History, diagnostics: &mut Diagnostics) {
    let Some(current) = doc.meta.revision.as_ref() else { return };
    let loc = doc.loc(current);
    let mut steps: Vec<(u32, u32, Text)> = versions
        .windows(2)
        .map(|pair| (pair[0].revision, pair[1].revision, Text::verbatim(short(&history.commits[pair[1].commit]))))
        .collect();
    if let Some(last) = versions.last() {
        steps.push((last.revision, *current.get_ref(), tr!("bản đang sửa (chưa commit)", "the working copy")));
    }
    for (before, after, at) in steps {
        diagnostics.extend(revision_step(&loc, before, after, &at));
    }
    // Only the revision in force must match what was issued: silent changes to an earlier
    // revision were superseded by the controlled revision that followed.
    for pair in versions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let issued = a.status == Some(Status::InForce) && b.status == Some(Status::InForce);
        if issued && a.revision == b.revision && b.revision == *current.get_ref() && a.content != b.content {
            diagnostics.push(
                Diagnostic::warning(
                    loc.clone(),
                    "changed-without-revision",
                    {
                        let (commit, revision) = (short(&history.commits[b.commit]), b.revision);
                        tr!(
                            "nội dung đã thay đổi ở {commit} mà không có lần ban hành mới (vẫn là lần ban hành {revision})",
                            "the text changed in {commit} without a new revision (still revision {revision})"
                        )
                    },
                )
                .with_help(tr!(
                    "sửa tài liệu đã ban hành cần một lần ban hành mới, có dòng trong bảng theo dõi sửa đổi (ISO 9001 mục 7.5.3)",
                    "a change to an issued document needs a new revision with an amendment-table row (ISO 9001 7.5.3)"
                )),
            );
        }
    }
}

/// An error when the revision went down or skipped a number between two versions (`at` names
/// the commit, or the working copy).
fn revision_step(loc: &Loc, before: u32, after: u32, at: &Text) -> Option<Diagnostic> {
    let (at_vi, at_en) = (&at.vi, &at.en);
    if after < before {
        let message = tr!(
            "lần ban hành giảm từ {before} xuống {after} ở {at_vi}",
            "the revision went down from {before} to {after} in {at_en}"
        );
        let help = tr!(
            "lần ban hành chỉ tăng lên; khôi phục số lớn hơn rồi ban hành lần tiếp theo",
            "revisions only go up; restore the higher number and issue the next one"
        );
        Some(Diagnostic::error(loc.clone(), "revision-decreased", message).with_help(help))
    } else if after > before + 1 {
        let next = before + 1;
        let message = tr!(
            "lần ban hành nhảy từ {before} lên {after} ở {at_vi}",
            "the revision jumped from {before} to {after} in {at_en}"
        );
        let help = tr!(
            "lần tiếp theo là lần ban hành {next}; mỗi lần ban hành lấy số kế tiếp",
            "issue revision {next} next; every issue gets the next number"
        );
        Some(Diagnostic::error(loc.clone(), "revision-skipped", message).with_help(help))
    } else {
        None
    }
}

/// The earlier issued revisions and the commits of a document.
fn doc_history(doc: &Document, versions: &[Version], history: &History, diagnostics: &mut Diagnostics) -> DocHistory {
    let current = doc.meta.revision.as_ref().map_or(0, |r| *r.get_ref());
    let mut last_of: BTreeMap<u32, &Version> = BTreeMap::new();
    for version in versions.iter().filter(|v| v.revision < current && v.status != Some(Status::Draft)) {
        last_of.insert(version.revision, version);
    }
    let listed: Vec<u32> = doc.meta.amendments.iter().map(|a| a.get_ref().revision).collect();
    let mut revisions = Vec::new();
    let never_issued: Vec<u32> = versions
        .iter()
        .filter(|v| v.revision < current && !last_of.contains_key(&v.revision))
        .map(|v| v.revision)
        .collect::<std::collections::BTreeSet<u32>>()
        .into_iter()
        .collect();
    for (&number, version) in &last_of {
        if !listed.contains(&number) {
            let commit = &history.commits[version.commit];
            diagnostics.push(
                Diagnostic::error(
                    doc.meta.revision.as_ref().map_or_else(|| doc.whole_file(), |r| doc.loc(r)),
                    "missing-amendment",
                    {
                        let commit = short(commit);
                        tr!(
                            "lần ban hành {number} đã được ban hành ({commit}) nhưng bảng theo dõi sửa đổi không có dòng nào cho nó",
                            "revision {number} was issued ({commit}) but the amendment table has no row for it"
                        )
                    },
                )
                .with_help(tr!(
                    "thêm [[amendments]] với revision = {number}, ngày, nơi sửa và tóm tắt",
                    "add [[amendments]] with revision = {number}, its date, where and summary"
                )),
            );
        }
        let name = format!(
            "{}@{}",
            version.path,
            &history.commits[version.commit].id[..7.min(history.commits[version.commit].id.len())]
        );
        let file =
            Arc::new(SourceFile::new(Arc::from(Path::new(&name)), version.text.clone(), version.raw_sha256.clone()));
        if let Ok(document) = parse_document(version.kind, &file) {
            let public = version.audience == Audience::Public;
            revisions.push(Revision { number, commit: version.commit, document: Arc::new(document), public });
        }
    }
    let mut commits: Vec<usize> = versions.iter().map(|v| v.commit).collect();
    commits.dedup();
    // A commit is private when the document as committed there was internal or a draft, or
    // carried an earlier revision whose issued text was internal (or that was never issued).
    let not_public =
        |number: u32| number < current && last_of.get(&number).is_none_or(|v| v.audience != Audience::Public);
    let mut private_commits: Vec<usize> = versions
        .iter()
        .filter(|v| !super::is_published(Audience::Public, v.audience, v.status) || not_public(v.revision))
        .map(|v| v.commit)
        .collect();
    private_commits.dedup();
    DocHistory { revisions, commits, private_commits, never_issued, withheld: Vec::new() }
}

/// In a public build, a document whose working copy is a draft of its next revision is published
/// as its last issued revision, as if the draft did not exist: the public keeps seeing the
/// revision in force, and nothing of the draft reaches the site. (Internal builds and `serve`
/// show the draft.)
pub fn issued_in_place_of_drafts(manual: &mut Manual, history: &mut ManualHistory, diagnostics: &mut Diagnostics) {
    for (doc, doc_history) in manual.documents.iter_mut().zip(&mut history.documents) {
        if doc.meta.status.as_ref().map(|s| *s.get_ref()) != Some(Status::Draft) {
            continue;
        }
        if doc_history.revisions.is_empty() {
            continue;
        }
        // The kept result (see [`KeptHistories`]) stays as resolved: this build's copy loses the revision.
        let Some(issued) = Arc::make_mut(doc_history).revisions.pop() else { continue };
        let commit = history.commits.get(issued.commit).map(short).unwrap_or_default();
        diagnostics.push(
            Diagnostic::note(
                doc.meta.status.as_ref().map_or_else(|| doc.whole_file(), |s| doc.loc(s)),
                "draft-not-published",
                {
                    let number = issued.number;
                    if issued.public {
                        tr!(
                            "đây là dự thảo; trang công khai giữ lần ban hành {number} như đã ban hành ở {commit}",
                            "this is a draft; the public site keeps revision {number} as issued in {commit}"
                        )
                    } else {
                        tr!(
                            "đây là dự thảo, và lần ban hành {number} trước nó là nội bộ khi ban hành ở {commit}: trang công khai không hiện gì của tài liệu này",
                            "this is a draft, and revision {number} before it was internal as issued in {commit}: the public site shows nothing of this document"
                        )
                    }
                },
            )
            .with_help(tr!(
                "xem dự thảo với --audience internal (hoặc trong sotay serve); ghi status = \"in-force\" để ban hành",
                "check the draft with --audience internal (or in sotay serve); set status = \"in-force\" to issue it"
            )),
        );
        *doc = issued.document;
    }
}
