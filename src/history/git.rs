//! Reading [`History`] from a git repository with gix. One pass over the first-parent chain
//! from HEAD, down to the commit where an earlier run's cache ends ([`super::cache`]) when that
//! commit is on the chain, else to the chain's start: each commit's `content/` tree id is looked
//! up, a commit whose `content/` tree is its parent's is skipped without reading more, and
//! otherwise only the `content/` subtrees are diffed and only the changed blobs are read.
//! Renames are not tracked (the caller follows documents by their code), and blobs are taken as
//! stored: no clean/smudge filters or end-of-line conversion are applied.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Display;
use std::path::{Path, PathBuf};

use gix::bstr::{BString, ByteSlice};
use gix::diff::tree::recorder::Change;
use gix::objs::TreeRefIter;
use gix::ObjectId;

use super::{cache, Commit, FileVersion, History, Unavailable};
use crate::model::Date;
use crate::vietnamese;

/// See [`super::read`]: the history up to a commit that an earlier run read is taken from the
/// cache, and only the commits after it are read.
pub(super) fn read(root: &Path) -> Result<History, Unavailable> {
    let _span = crate::timings::span("history: read");
    let read = read_with(root, true);
    if let Ok(read) = &read {
        crate::timings::note(|| format!("history: {:?} ({} commits)", read.how, read.history.commits.len()));
    }
    read.and_then(Read::into_result)
}

/// A history read, and how.
struct Read {
    history: History,
    /// Cut off by a shallow clone's boundary.
    cut: bool,
    how: How,
}

/// Where a history came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    /// All of it from the cache: HEAD is where the cache ends.
    Cached,
    /// From the cache, and this many commits after its end from the repository.
    Extended(usize),
    /// All of it from the repository (no usable cache, or caching off).
    Full,
}

impl Read {
    fn into_result(self) -> Result<History, Unavailable> {
        if self.cut {
            Err(Unavailable::Shallow(self.history))
        } else {
            Ok(self.history)
        }
    }
}

/// Reads the history, taking from and updating the cache when `use_cache` is set; the history
/// is the same either way.
fn read_with(root: &Path, use_cache: bool) -> Result<Read, Unavailable> {
    // Absolute from the start, so that the work tree gix reports is absolute too.
    let root = canonical(root)?;
    let repo = discover(&root)?;
    let reader = Reader { repo: &repo, git_dir: repo.git_dir().to_owned() };
    let Some(head) = reader.head()? else {
        return Ok(Read { history: History::default(), cut: false, how: How::Full });
    };
    let content = reader.content_components(&root)?;
    let shallow = reader.shallow_commits()?;
    let key = cache::Key::new(&content, &shallow);
    let cached = if use_cache { cache::load(&reader.git_dir, &key) } else { None };
    let (how, tip, mut history) = match cached {
        Some((tip, history)) if tip.head == head => (How::Cached, tip, history),
        cached => {
            // Down to the cache's end if it is on the chain, else to the chain's start.
            let stop = cached.as_ref().map(|(tip, _)| tip.head);
            let (links, end) = reader.first_parent_chain(head, &content, &shallow, stop)?;
            let (how, mut tip, mut history) = match (end, cached) {
                (End::Reached, Some((tip, history))) => (How::Extended(links.len()), tip, history),
                (end, _) => (How::Full, cache::Tip { head, tree: None, cut: end == End::Cut }, History::default()),
            };
            reader.append(&mut history, &mut tip, links)?;
            if use_cache {
                cache::store(&reader.git_dir, &key, &tip, &history);
            }
            (how, tip, history)
        }
    };
    history.tags = reader.tags(&history.commits)?;
    Ok(Read { history, cut: tip.cut, how })
}

/// See [`super::state`].
pub(super) fn state(root: &Path) -> Option<String> {
    let root = canonical(root).ok()?;
    let repo = discover(&root).ok()?;
    let reader = Reader { repo: &repo, git_dir: repo.git_dir().to_owned() };
    let mut state = reader.head().ok()?.map(|id| id.to_string()).unwrap_or_default();
    let platform = repo.references().ok()?;
    let mut tags: Vec<String> = platform
        .tags()
        .ok()?
        .filter_map(Result::ok)
        .map(|r| format!("{}={:?}", r.name().as_bstr(), r.target()))
        .collect();
    tags.sort();
    for tag in tags {
        state.push(' ');
        state.push_str(&tag);
    }
    // A deepened or unshallowed clone reads more history at the same HEAD: its boundary counts.
    if let Ok(boundary) = std::fs::read(repo.git_dir().join("shallow")) {
        state.push_str(" shallow ");
        state.push_str(&crate::digest::sha256(&boundary));
    }
    Some(state)
}

fn canonical(path: &Path) -> Result<PathBuf, Unavailable> {
    std::fs::canonicalize(path).map_err(|e| Unavailable::Broken(format!("{}: {e}", path.display())))
}

/// Opens the repository that holds `root`, searching upwards.
fn discover(root: &Path) -> Result<gix::Repository, Unavailable> {
    use gix::discover::upwards::Error as Upwards;
    gix::discover(root).map_err(|err| match err.downcast_any_ref::<Upwards>() {
        Some(Upwards::NoGitRepository { .. })
        | Some(Upwards::NoGitRepositoryWithinCeiling { .. })
        | Some(Upwards::NoGitRepositoryWithinFs { .. }) => Unavailable::NoRepository,
        _ => Unavailable::Broken(format!("{}: cannot open its git repository: {}", root.display(), causes(&err))),
    })
}

/// One commit of the first-parent chain, with the id of its `content/` tree.
struct Link {
    commit: Commit,
    id: ObjectId,
    content: Option<ObjectId>,
}

/// Where a walk down the first-parent chain ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// At a commit without parents.
    Root,
    /// At a shallow clone's boundary: the commit has parents, but they are not in the clone.
    Cut,
    /// At the commit it was asked to stop at (which is not in the walk).
    Reached,
}

/// A repository being read, with the path every error message names.
struct Reader<'r> {
    repo: &'r gix::Repository,
    git_dir: PathBuf,
}

impl Reader<'_> {
    fn broken(&self, what: impl Display, cause: impl Display) -> Unavailable {
        Unavailable::Broken(format!("{}: {what}: {cause}", self.git_dir.display()))
    }

    /// The commit HEAD points at, or None when nothing has been committed yet.
    fn head(&self) -> Result<Option<ObjectId>, Unavailable> {
        let mut head = self.repo.head().map_err(|e| self.broken("cannot read HEAD", causes(&e)))?;
        let id = head.try_peel_to_id().map_err(|e| self.broken("cannot resolve HEAD", causes(&e)))?;
        Ok(id.map(|id| id.detach()))
    }

    /// The path of the manual's `content/` folder inside the repository, as tree-entry names;
    /// `root` is canonical.
    fn content_components(&self, root: &Path) -> Result<Vec<Vec<u8>>, Unavailable> {
        let Some(workdir) = self.repo.workdir() else {
            return Err(self.broken(
                format!("cannot read the manual at {}", root.display()),
                "the repository is bare (it has no work tree)",
            ));
        };
        let workdir_abs = canonical(workdir)?;
        let Ok(inside) = root.strip_prefix(&workdir_abs) else {
            return Err(self.broken(
                format!("cannot read the manual at {}", root.display()),
                format!("it is not inside the work tree {}", workdir_abs.display()),
            ));
        };
        let mut components: Vec<Vec<u8>> =
            inside.components().map(|c| c.as_os_str().as_encoded_bytes().to_vec()).collect();
        components.push(b"content".to_vec());
        Ok(components)
    }

    /// The commits of a shallow clone's boundary (none for a full clone).
    fn shallow_commits(&self) -> Result<Vec<ObjectId>, Unavailable> {
        match self.repo.shallow_commits() {
            Ok(commits) => Ok(commits.map(|c| c.iter().copied().collect()).unwrap_or_default()),
            Err(e) => Err(self.broken("cannot read the list of shallow commits", causes(&e))),
        }
    }

    /// The first-parent chain from `head` down to `stop` (not included) or, when `stop` is not
    /// on it, to its start or a shallow clone's boundary; oldest first.
    fn first_parent_chain(
        &self,
        head: ObjectId,
        content: &[Vec<u8>],
        shallow: &[ObjectId],
        stop: Option<ObjectId>,
    ) -> Result<(Vec<Link>, End), Unavailable> {
        let shallow: HashSet<ObjectId> = shallow.iter().copied().collect();
        let mut chain = Vec::new();
        let mut next = Some(head);
        let mut end = End::Root;
        while let Some(id) = next {
            if Some(id) == stop {
                end = End::Reached;
                break;
            }
            let object =
                self.repo.find_commit(id).map_err(|e| self.broken(format!("cannot read commit {id}"), causes(&e)))?;
            let decoded = object.decode().map_err(|e| self.broken(format!("cannot decode commit {id}"), causes(&e)))?;
            let content = self.subtree(decoded.tree(), content)?;
            let commit = describe(id, &decoded).map_err(|e| self.broken(format!("commit {id}"), e))?;
            chain.push(Link { commit, id, content });
            next = decoded.parents().next();
            if next.is_some() && shallow.contains(&id) {
                end = End::Cut;
                next = None;
            }
        }
        chain.reverse();
        Ok((chain, end))
    }

    /// Adds the commits of `links` (oldest first, each the first-parent child of the one before,
    /// the first one's the child of `tip`'s commit) to `history`: the files their `content/`
    /// trees changed are read, compared with `tip`'s tree at first; `tip` moves to the last one.
    fn append(&self, history: &mut History, tip: &mut cache::Tip, links: Vec<Link>) -> Result<(), Unavailable> {
        for link in links {
            let index = history.commits.len();
            if link.content != tip.tree {
                for (path, blob) in self.changed_files(tip.tree, link.content)? {
                    let decoded = blob.map(|id| self.text(id)).transpose()?.flatten();
                    let (text, raw_sha256) = decoded.map_or((None, None), |(text, raw)| (Some(text), raw));
                    history.files.entry(path).or_default().push(FileVersion { commit: index, text, raw_sha256 });
                }
                tip.tree = link.content;
            }
            tip.head = link.id;
            history.commits.push(link.commit);
        }
        Ok(())
    }

    /// The id of the tree at `path` under the tree `tree`, if there is a folder there.
    fn subtree(&self, tree: ObjectId, path: &[Vec<u8>]) -> Result<Option<ObjectId>, Unavailable> {
        let tree =
            self.repo.find_tree(tree).map_err(|e| self.broken(format!("cannot read tree {tree}"), causes(&e)))?;
        let entry = tree
            .lookup_entry(path.iter().map(Vec::as_slice))
            .map_err(|e| self.broken(format!("cannot read a folder of tree {}", tree.id), causes(&e)))?;
        Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
    }

    /// The Markdown files that differ between two `content/` trees, with their new blob (None
    /// when the file is gone), paths relative to the manual folder.
    fn changed_files(
        &self,
        before: Option<ObjectId>,
        after: Option<ObjectId>,
    ) -> Result<Vec<(String, Option<ObjectId>)>, Unavailable> {
        let (before_data, after_data) = (self.tree_data(before)?, self.tree_data(after)?);
        let kind = self.repo.object_hash();
        let mut recorder = gix::diff::tree::Recorder::default();
        gix::diff::tree(
            TreeRefIter::from_bytes(&before_data, kind),
            TreeRefIter::from_bytes(&after_data, kind),
            gix::diff::tree::State::default(),
            &self.repo.objects,
            &mut recorder,
        )
        .map_err(|e| self.broken(format!("cannot compare content trees {before:?} and {after:?}"), causes(&e)))?;
        let mut files = Vec::new();
        for change in recorder.records {
            let (path, old, new) = match change {
                Change::Addition { entry_mode, oid, path, .. } => (path, None, entry_mode.is_blob().then_some(oid)),
                Change::Deletion { entry_mode, oid, path, .. } => (path, entry_mode.is_blob().then_some(oid), None),
                Change::Modification { previous_entry_mode, previous_oid, entry_mode, oid, path } => {
                    (path, previous_entry_mode.is_blob().then_some(previous_oid), entry_mode.is_blob().then_some(oid))
                }
            };
            // A folder, a mode-only change (`chmod +x`) or a symbolic link is no new version.
            if old == new || !is_document(&path) {
                continue;
            }
            files.push((format!("content/{}", path.to_str_lossy()), new));
        }
        Ok(files)
    }

    fn tree_data(&self, tree: Option<ObjectId>) -> Result<Vec<u8>, Unavailable> {
        let Some(id) = tree else { return Ok(Vec::new()) };
        let tree = self.repo.find_tree(id).map_err(|e| self.broken(format!("cannot read tree {id}"), causes(&e)))?;
        Ok(tree.detach().data)
    }

    /// A blob's text as [`crate::load`] would read it: BOM stripped, NFC; None if not UTF-8.
    fn text(&self, blob: ObjectId) -> Result<Option<(String, Option<String>)>, Unavailable> {
        let blob =
            self.repo.find_blob(blob).map_err(|e| self.broken(format!("cannot read file blob {blob}"), causes(&e)))?;
        Ok(crate::read::decode(&blob.data).ok())
    }

    /// Tags that point, directly or through annotated tags, at one of `commits`.
    fn tags(&self, commits: &[Commit]) -> Result<BTreeMap<String, usize>, Unavailable> {
        let index: HashMap<&str, usize> = commits.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let platform = self.repo.references().map_err(|e| self.broken("cannot read references", causes(&e)))?;
        let iter = platform.tags().map_err(|e| self.broken("cannot read tags", causes(&e)))?;
        // Like git, a malformed or dangling tag is passed over rather than hiding the history.
        let references: Vec<gix::Reference<'_>> = iter.filter_map(Result::ok).collect();
        let mut tags = BTreeMap::new();
        for mut reference in references {
            let name = reference.name().shorten().to_str_lossy().into_owned();
            if let Some(&i) = reference.peel_to_id().ok().and_then(|id| index.get(id.to_string().as_str())) {
                tags.insert(name, i);
            }
        }
        Ok(tags)
    }
}

/// An error and its causes on one line, each told once.
fn causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = String::new();
    for cause in std::iter::successors(Some(err), |e| e.source()).map(ToString::to_string) {
        if !text.contains(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

/// A commit's public description. The error names what could not be parsed.
fn describe(id: ObjectId, commit: &gix::objs::CommitRef<'_>) -> Result<Commit, String> {
    let committer = commit.committer().map_err(|e| format!("cannot parse the committer: {}", causes(&e)))?;
    let time = committer.time().map_err(|e| format!("cannot parse the commit time: {}", causes(&e)))?;
    let date = local_date(time.seconds, time.offset)
        .ok_or_else(|| format!("the commit time {} is not a representable date", committer.time))?;
    let author = commit.author().map_err(|e| format!("cannot parse the author: {}", causes(&e)))?;
    let first_line = commit.message.lines().next().unwrap_or_default();
    Ok(Commit {
        id: id.to_string(),
        time: time.seconds,
        date,
        author: vietnamese::nfc(author.name.to_str_lossy().trim()),
        message: vietnamese::nfc(first_line.to_str_lossy().trim()),
    })
}

/// The calendar date of a moment as seen at `offset` seconds east of UTC.
fn local_date(seconds: i64, offset: i32) -> Option<Date> {
    let local = time::OffsetDateTime::from_unix_timestamp(seconds.checked_add(i64::from(offset))?).ok()?;
    Date::new(local.year(), u8::from(local.month()), local.day())
}

/// Whether a path under `content/` is a document [`crate::load`] would read: a `.md` file, not
/// hidden, not an office lock file.
fn is_document(path: &BString) -> bool {
    let path = path.to_str_lossy();
    let hidden = path.split('/').any(|c| c.starts_with('.'));
    let name = path.rsplit('/').next().unwrap_or_default();
    let md = Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
    md && !hidden && !name.starts_with("~$")
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use super::super::{cache, read, Commit, FileVersion, History, Unavailable};
    use super::{read_with, How};
    use crate::model::Date;

    /// A repository made by the `git` program (tests only), with fixed names and dates.
    struct Repo {
        dir: tempfile::TempDir,
    }

    impl Repo {
        fn new() -> Repo {
            let repo = Repo { dir: tempfile::tempdir().expect("temp dir") };
            repo.git(&["init", "-q", "-b", "main"]);
            repo
        }

        fn path(&self) -> &Path {
            self.dir.path()
        }

        fn git_in(dir: &Path, args: &[&str], date: &str) -> String {
            let out = Command::new("git")
                .args(args)
                .current_dir(dir)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_AUTHOR_NAME", "Nguyễn Văn An")
                .env("GIT_AUTHOR_EMAIL", "an@example.vn")
                .env("GIT_COMMITTER_NAME", "Trần Thị Bình")
                .env("GIT_COMMITTER_EMAIL", "binh@example.vn")
                .env("GIT_AUTHOR_DATE", date)
                .env("GIT_COMMITTER_DATE", date)
                .output()
                .expect("git runs");
            assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        }

        fn git(&self, args: &[&str]) -> String {
            Repo::git_in(self.path(), args, "2025-01-01T08:00:00+07:00")
        }

        fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
            let path = self.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }

        fn remove(&self, rel: &str) {
            std::fs::remove_file(self.path().join(rel)).expect("remove");
        }

        /// Commits everything at `date` and returns the commit's id.
        fn commit(&self, message: &str, date: &str) -> String {
            Repo::git_in(self.path(), &["add", "-A"], date);
            Repo::git_in(self.path(), &["commit", "-q", "--allow-empty", "-m", message], date);
            self.git(&["rev-parse", "HEAD"])
        }
    }

    fn version(commit: usize, text: &str) -> FileVersion {
        FileVersion { commit, text: Some(text.to_owned()), raw_sha256: None }
    }

    fn deleted(commit: usize) -> FileVersion {
        FileVersion { commit, text: None, raw_sha256: None }
    }

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).expect("a valid date")
    }

    fn paths(history: &History) -> Vec<&str> {
        history.files.keys().map(String::as_str).collect()
    }

    #[test]
    fn commits_record_additions_changes_deletions_and_renames() {
        let repo = Repo::new();
        repo.write("sotay.toml", "[site]\n");
        repo.write("content/procedures/QT-01.md", "một");
        repo.write("content/procedures/QT-02.md", "hai");
        repo.write("content/forms/BM-01.docx", "not markdown");
        repo.write("README.md", "outside content");
        let first = repo.commit("Ban hành lần đầu\n\nChi tiết.", "2025-01-10T09:00:00+07:00");
        repo.write("content/procedures/QT-01.md", "một, sửa");
        repo.write("README.md", "outside content, changed");
        repo.commit("  Sửa QT-01  ", "2025-03-02T01:30:00+07:00");
        repo.write("README.md", "only outside content");
        repo.commit("Outside only", "2025-04-01T10:00:00+00:00");
        repo.remove("content/procedures/QT-02.md");
        repo.git(&["mv", "content/procedures/QT-01.md", "content/procedures/QT-01-moi.md"]);
        repo.commit("Xoá QT-02, đổi tên QT-01", "2025-05-01T10:00:00-05:00");

        let history = read(repo.path()).expect("a full history");
        assert_eq!(history.commits.len(), 4);
        assert_eq!(
            history.commits[0],
            Commit {
                id: first,
                time: 1_736_474_400,
                date: day(2025, 1, 10),
                author: "Nguyễn Văn An".into(),
                message: "Ban hành lần đầu".into(),
            }
        );
        // 2025-03-02 01:30 at +07:00 is still 1 March in UTC: the committer's own day counts.
        assert_eq!(history.commits[1].date, day(2025, 3, 2));
        assert_eq!(history.commits[1].time, 1_740_853_800);
        assert_eq!(history.commits[1].message, "Sửa QT-01");
        assert_eq!(history.commits[3].date, day(2025, 5, 1));
        assert_eq!(
            paths(&history),
            ["content/procedures/QT-01-moi.md", "content/procedures/QT-01.md", "content/procedures/QT-02.md"]
        );
        assert_eq!(
            history.files["content/procedures/QT-01.md"],
            [version(0, "một"), version(1, "một, sửa"), deleted(3)]
        );
        assert_eq!(history.files["content/procedures/QT-02.md"], [version(0, "hai"), deleted(3)]);
        assert_eq!(history.files["content/procedures/QT-01-moi.md"], [version(3, "một, sửa")]);
        assert!(history.tags.is_empty());
    }

    #[test]
    fn manual_in_a_subfolder_gets_paths_relative_to_it() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-09.md", "another manual's content/ at the top");
        repo.write("so-tay/sotay.toml", "[site]\n");
        repo.write("so-tay/content/policies/CS-01.md", "chính sách");
        repo.commit("Sổ tay", "2025-01-10T09:00:00+07:00");
        repo.write("so-tay/content/policies/CS-01.md", "chính sách 2");
        repo.commit("Sửa", "2025-01-11T09:00:00+07:00");

        let history = read(&repo.path().join("so-tay")).expect("a full history");
        assert_eq!(paths(&history), ["content/policies/CS-01.md"]);
        assert_eq!(history.files["content/policies/CS-01.md"], [version(0, "chính sách"), version(1, "chính sách 2")]);
        // From a deeper folder of the manual the content/ folder is not the manual's.
        let inner = read(&repo.path().join("so-tay/content")).expect("a full history");
        assert!(inner.files.is_empty());
    }

    #[test]
    fn lightweight_and_annotated_tags_point_at_chain_commits() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "a");
        repo.commit("2024", "2024-12-31T09:00:00+07:00");
        repo.git(&["tag", "2024"]);
        repo.write("content/procedures/QT-01.md", "b");
        repo.commit("2025", "2025-12-31T09:00:00+07:00");
        repo.git(&["tag", "-a", "2025", "-m", "Phiên bản 2025"]);
        repo.git(&["tag", "-a", "nested", "-m", "a tag of a tag", "2025"]);
        repo.git(&["checkout", "-q", "-b", "side"]);
        repo.write("content/procedures/QT-01.md", "draft");
        repo.commit("draft", "2026-01-01T09:00:00+07:00");
        repo.git(&["tag", "draft"]);
        repo.git(&["checkout", "-q", "main"]);
        let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
        repo.git(&["tag", "a-tree", &tree]);

        let history = read(repo.path()).expect("a full history");
        assert_eq!(history.commits.len(), 2);
        let tags: Vec<(&str, usize)> = history.tags.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(tags, [("2024", 0), ("2025", 1), ("nested", 1)]);
    }

    #[test]
    fn merges_are_followed_along_the_first_parent() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "a");
        repo.commit("start", "2025-01-01T09:00:00+07:00");
        repo.git(&["checkout", "-q", "-b", "side"]);
        repo.write("content/procedures/QT-02.md", "side 1");
        repo.commit("side 1", "2025-01-02T09:00:00+07:00");
        repo.write("content/procedures/QT-02.md", "side 2");
        repo.commit("side 2", "2025-01-03T09:00:00+07:00");
        repo.git(&["checkout", "-q", "main"]);
        Repo::git_in(repo.path(), &["merge", "-q", "--no-ff", "-m", "merge side", "side"], "2025-01-04T09:00:00+07:00");

        let history = read(repo.path()).expect("a full history");
        let messages: Vec<&str> = history.commits.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(messages, ["start", "merge side"]);
        assert_eq!(history.files["content/procedures/QT-02.md"], [version(1, "side 2")]);
    }

    #[test]
    fn repository_without_commits_has_empty_history() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "not committed");
        assert_eq!(read(repo.path()), Ok(History::default()));
    }

    #[test]
    fn uncommitted_changes_are_not_history() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "committed");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        repo.write("content/procedures/QT-01.md", "edited");
        repo.write("content/procedures/QT-02.md", "new");
        Repo::git_in(repo.path(), &["add", "content/procedures/QT-02.md"], "2025-01-01T09:00:00+07:00");

        let history = read(repo.path()).expect("a full history");
        assert_eq!(paths(&history), ["content/procedures/QT-01.md"]);
        assert_eq!(history.files["content/procedures/QT-01.md"], [version(0, "committed")]);
    }

    #[test]
    fn folder_outside_any_repository_is_no_repository() {
        let dir = tempfile::tempdir().expect("temp dir");
        if let Some(repo) = dir.path().ancestors().find(|a| a.join(".git").exists()) {
            eprintln!("skipped: the temporary folder is inside the repository {}", repo.display());
            return;
        }
        assert_eq!(read(dir.path()), Err(Unavailable::NoRepository));
    }

    #[test]
    fn missing_object_is_broken_and_named() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "soon lost");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        let blob = repo.git(&["rev-parse", "HEAD:content/procedures/QT-01.md"]);
        std::fs::remove_file(repo.path().join(".git/objects").join(&blob[..2]).join(&blob[2..])).expect("remove");

        let Err(Unavailable::Broken(message)) = read(repo.path()) else {
            panic!("a repository missing an object is broken");
        };
        assert!(message.contains(".git") && message.contains(&blob), "{message}");
    }

    #[test]
    fn shallow_clone_gives_the_partial_history() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "v1");
        repo.write("content/procedures/QT-02.md", "gone later");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        repo.remove("content/procedures/QT-02.md");
        repo.commit("two", "2025-01-02T09:00:00+07:00");
        repo.write("content/procedures/QT-01.md", "v3");
        let head = repo.commit("three", "2025-01-03T09:00:00+07:00");

        let clones = tempfile::tempdir().expect("temp dir");
        let url = format!("file://{}", repo.path().display());
        Repo::git_in(clones.path(), &["clone", "-q", "--depth", "2", &url, "shallow"], "2025-01-04T09:00:00+07:00");
        let Err(Unavailable::Shallow(history)) = read(&clones.path().join("shallow")) else {
            panic!("a shallow clone is reported as such");
        };
        let messages: Vec<&str> = history.commits.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(messages, ["two", "three"]);
        assert_eq!(history.commits[1].id, head);
        // The boundary commit shows what it has as added; what it lacks never appears.
        assert_eq!(paths(&history), ["content/procedures/QT-01.md"]);
        assert_eq!(history.files["content/procedures/QT-01.md"], [version(0, "v1"), version(1, "v3")]);

        Repo::git_in(clones.path(), &["clone", "-q", "--depth", "1", &url, "one"], "2025-01-04T09:00:00+07:00");
        let Err(Unavailable::Shallow(history)) = read(&clones.path().join("one")) else {
            panic!("a depth-1 clone is reported as shallow");
        };
        assert_eq!(history.commits.len(), 1);
    }

    /// Reads `root` with the cache, checks that the result is what a read without the cache
    /// gives, and tells how the cached read came by it.
    fn read_checked(root: &Path) -> How {
        let cached = read_with(root, true).expect("a history");
        let fresh = read_with(root, false).expect("a history");
        assert_eq!(fresh.how, How::Full);
        assert_eq!(cached.history, fresh.history, "cached ({:?}) and fresh reads differ", cached.how);
        assert_eq!(cached.cut, fresh.cut);
        cached.how
    }

    /// The cache files in a repository's git folder.
    fn cache_files(git_dir: &Path) -> Vec<std::path::PathBuf> {
        let Ok(entries) = std::fs::read_dir(git_dir.join("sotay")) else { return Vec::new() };
        let mut files: Vec<_> = entries.map(|e| e.expect("an entry").path()).collect();
        files.sort();
        files
    }

    #[test]
    fn cached_extended_and_rewritten_histories_are_what_a_fresh_read_gives() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "\u{feff}một");
        repo.write("content/procedures/QT-02.md", "hai");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        repo.write("content/procedures/QT-01.md", "một, sửa");
        repo.commit("two", "2025-01-02T09:00:00+07:00");
        assert_eq!(read_checked(repo.path()), How::Full, "no cache yet");
        assert_eq!(cache_files(&repo.path().join(".git")).len(), 1);
        assert_eq!(read_checked(repo.path()), How::Cached);

        // New commits: one outside content/, one deleting, one adding; a tag (never cached).
        repo.write("README.md", "outside");
        repo.commit("three", "2025-01-03T09:00:00+07:00");
        repo.remove("content/procedures/QT-02.md");
        repo.commit("four", "2025-01-04T09:00:00+07:00");
        repo.write("content/forms/BM-01.md", "biểu mẫu");
        repo.write("content/procedures/QT-01.md", "Quye\u{302}\u{301}t");
        repo.commit("five", "2025-01-05T09:00:00+07:00");
        repo.git(&["tag", "2025"]);
        assert_eq!(read_checked(repo.path()), How::Extended(3));
        assert_eq!(read(repo.path()).expect("a history").tags.len(), 1);
        repo.git(&["tag", "-a", "later", "-m", "a tag added while the cache is current", "HEAD~1"]);
        assert_eq!(read_checked(repo.path()), How::Cached);
        assert_eq!(read(repo.path()).expect("a history").tags.len(), 2);

        // A merge adds one commit of the first-parent chain.
        repo.git(&["checkout", "-q", "-b", "side"]);
        repo.write("content/procedures/QT-03.md", "side");
        repo.commit("side", "2025-01-06T09:00:00+07:00");
        repo.git(&["checkout", "-q", "main"]);
        Repo::git_in(repo.path(), &["merge", "-q", "--no-ff", "-m", "merge", "side"], "2025-01-07T09:00:00+07:00");
        assert_eq!(read_checked(repo.path()), How::Extended(1));

        // Rewritten history: the cache's end is no longer on the chain.
        repo.write("content/procedures/QT-01.md", "amended");
        Repo::git_in(
            repo.path(),
            &["commit", "-q", "-a", "--amend", "-m", "merge, amended"],
            "2025-01-08T09:00:00+07:00",
        );
        assert_eq!(read_checked(repo.path()), How::Full);
        assert_eq!(read_checked(repo.path()), How::Cached);
        repo.git(&["reset", "-q", "--hard", "HEAD~2"]);
        assert_eq!(read_checked(repo.path()), How::Full, "HEAD moved back");
        repo.write("content/procedures/QT-04.md", "after the reset");
        repo.commit("six", "2025-01-09T09:00:00+07:00");
        assert_eq!(read_checked(repo.path()), How::Extended(1));
        let orphan = repo.git(&["commit-tree", "-m", "unrelated", "HEAD^{tree}"]);
        repo.git(&["reset", "-q", "--hard", &orphan]);
        assert_eq!(read_checked(repo.path()), How::Full, "a history without the cached commits");
        assert_eq!(cache_files(&repo.path().join(".git")).len(), 1, "one cache file for the manual");
    }

    #[test]
    fn each_manual_of_a_repository_has_its_own_cache() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "top");
        repo.write("so-tay/content/procedures/QT-01.md", "inner");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        let inner = repo.path().join("so-tay");
        assert_eq!(read_checked(repo.path()), How::Full);
        assert_eq!(read_checked(&inner), How::Full);
        assert_eq!(read_checked(repo.path()), How::Cached);
        assert_eq!(read_checked(&inner), How::Cached);
        assert_eq!(cache_files(&repo.path().join(".git")).len(), 2);
        assert_eq!(read(&inner).expect("a history").files["content/procedures/QT-01.md"], [version(0, "inner")]);
    }

    #[test]
    fn the_cache_is_taken_as_it_is_and_only_new_commits_are_read() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "v1");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        let mut history = read(repo.path()).expect("a history");
        // A cache of this binary for this HEAD that says something else: it is believed, which
        // shows the committed blobs are not read again.
        history.files.get_mut("content/procedures/QT-01.md").expect("QT-01")[0].text = Some("from the cache".into());
        let head = gix::ObjectId::from_hex(history.commits[0].id.as_bytes()).expect("an id");
        let tree = repo.git(&["rev-parse", "HEAD:content"]);
        let tip = cache::Tip { head, tree: gix::ObjectId::from_hex(tree.as_bytes()).ok(), cut: false };
        let content = [b"content".to_vec()];
        cache::store(&repo.path().join(".git"), &cache::Key::new(&content, &[]), &tip, &history);
        assert_eq!(
            read(repo.path()).expect("a history").files["content/procedures/QT-01.md"],
            [version(0, "from the cache")]
        );

        repo.write("content/procedures/QT-01.md", "v2");
        repo.commit("two", "2025-01-02T09:00:00+07:00");
        let (extended, how) = read_with(repo.path(), true).map(|r| (r.history, r.how)).expect("a history");
        assert_eq!(how, How::Extended(1));
        assert_eq!(extended.files["content/procedures/QT-01.md"], [version(0, "from the cache"), version(1, "v2")]);
    }

    #[test]
    fn a_corrupt_truncated_or_foreign_cache_is_read_in_full() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "một");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        repo.write("content/procedures/QT-02.md", "hai");
        repo.commit("two", "2025-01-02T09:00:00+07:00");
        let git_dir = repo.path().join(".git");
        assert_eq!(read_checked(repo.path()), How::Full);
        let [file] = &cache_files(&git_dir)[..] else { panic!("one cache file") };
        let whole = std::fs::read(file).expect("the cache");

        let mut corrupt = whole.clone();
        corrupt[whole.len() / 2] ^= 0x20;
        std::fs::write(file, &corrupt).expect("corrupt it");
        assert_eq!(read_checked(repo.path()), How::Full, "corrupt");
        assert_eq!(std::fs::read(file).expect("the cache"), whole, "written again");
        for len in [whole.len() / 2, whole.len() - 1, 3, 0] {
            std::fs::write(file, &whole[..len]).expect("truncate it");
            assert_eq!(read_checked(repo.path()), How::Full, "cut to {len} bytes");
        }
        std::fs::write(file, "not a cache at all, but long enough to look like one").expect("overwrite it");
        assert_eq!(read_checked(repo.path()), How::Full, "garbage");
        assert_eq!(read_checked(repo.path()), How::Cached);

        // Written by another sotay, for this HEAD and with other text: not taken.
        let (mut history, tip) = {
            let read = read_with(repo.path(), false).expect("a history");
            let head = gix::ObjectId::from_hex(read.history.commits[1].id.as_bytes()).expect("an id");
            (read.history, cache::Tip { head, tree: None, cut: false })
        };
        history.files.values_mut().for_each(|v| v[0].text = Some("from another sotay".into()));
        let content = [b"content".to_vec()];
        let other = cache::Key { binary: "0.0.0 another build\n", ..cache::Key::new(&content, &[]) };
        cache::store(&git_dir, &other, &tip, &history);
        assert_eq!(read_checked(repo.path()), How::Full, "another binary's cache");
    }

    #[test]
    fn an_unwritable_git_folder_gives_the_history_all_the_same() {
        let repo = Repo::new();
        repo.write("content/procedures/QT-01.md", "một");
        repo.commit("one", "2025-01-01T09:00:00+07:00");
        // A file where the cache's folder would be: creating the folder fails, even for root.
        std::fs::write(repo.path().join(".git/sotay"), "in the way").expect("write");
        assert_eq!(read_checked(repo.path()), How::Full);
        assert_eq!(read_checked(repo.path()), How::Full);
        assert_eq!(read(repo.path()).expect("a history").files["content/procedures/QT-01.md"], [version(0, "một")]);
    }

    #[test]
    fn a_shallow_clone_is_cached_with_its_boundary() {
        let repo = Repo::new();
        for n in 1..=3 {
            repo.write("content/procedures/QT-01.md", format!("v{n}"));
            repo.commit(&format!("{n}"), &format!("2025-01-0{n}T09:00:00+07:00"));
        }
        let clones = tempfile::tempdir().expect("temp dir");
        let url = format!("file://{}", repo.path().display());
        Repo::git_in(clones.path(), &["clone", "-q", "--depth", "2", &url, "shallow"], "2025-01-04T09:00:00+07:00");
        let clone = Repo { dir: clones };
        let shallow = clone.path().join("shallow");
        let read_shallow = |expected: How| {
            let cached = read_with(&shallow, true).expect("a history");
            let fresh = read_with(&shallow, false).expect("a history");
            assert_eq!((&cached.history, cached.cut, cached.how), (&fresh.history, fresh.cut, expected));
            cached.into_result()
        };
        assert!(matches!(read_shallow(How::Full), Err(Unavailable::Shallow(h)) if h.commits.len() == 2));
        assert!(matches!(read_shallow(How::Cached), Err(Unavailable::Shallow(h)) if h.commits.len() == 2));
        Repo::git_in(&shallow, &["commit", "-q", "--allow-empty", "-m", "4"], "2025-01-05T09:00:00+07:00");
        assert!(matches!(read_shallow(How::Extended(1)), Err(Unavailable::Shallow(h)) if h.commits.len() == 3));
        Repo::git_in(&shallow, &["fetch", "-q", "--unshallow"], "2025-01-05T09:00:00+07:00");
        assert!(matches!(read_shallow(How::Full), Ok(h) if h.commits.len() == 4), "the boundary moved");
    }

    #[test]
    fn text_is_nfc_without_bom_and_crlf_is_kept() {
        let repo = Repo::new();
        let decomposed = "Quye\u{302}\u{301}t \u{111}i\u{323}nh\r\ndo\u{300}ng 2\r\n";
        repo.write("content/procedures/QT-01.md", format!("\u{feff}{decomposed}"));
        repo.write("content/procedures/QT-02.md", b"Latin-1 \xe9\n");
        repo.write("content/procedures/.nhap.md", "hidden");
        repo.write("content/procedures/~$QT-01.md", "an office lock file");
        repo.write("content/procedures/QT-03.MD", "upper-case extension");
        repo.commit("Văn bản", "2025-01-01T09:00:00+07:00");

        let history = read(repo.path()).expect("a full history");
        assert_eq!(
            paths(&history),
            ["content/procedures/QT-01.md", "content/procedures/QT-02.md", "content/procedures/QT-03.MD"]
        );
        let qt01 = &history.files["content/procedures/QT-01.md"];
        assert_eq!(qt01[0].text.as_deref(), Some("Quyết định\r\ndòng 2\r\n"));
        let stored = format!("\u{feff}{decomposed}");
        assert_eq!(qt01[0].raw_sha256, Some(crate::digest::sha256(stored.as_bytes())), "the blob as stored");
        assert_eq!(history.files["content/procedures/QT-02.md"], [deleted(0)]);
    }

    #[test]
    fn many_commits_and_files_read_quickly() {
        // 1,000 commits over 10,000 files, made with fast-import so the fixture is quick to build.
        let repo = Repo::new();
        let mut stream = String::new();
        for n in 1..=1000u32 {
            let time = 1_735_700_000 + n * 3600;
            stream.push_str(&format!(
                "commit refs/heads/main\ncommitter Người Soạn <a@b.vn> {time} +0700\ndata <<END\nbản {n}\nEND\n"
            ));
            if n == 1 {
                for f in 0..10_000 {
                    stream.push_str(&format!(
                        "M 100644 inline content/procedures/d{}/QT-{f}.md\ndata <<END\nbản đầu {f}\nEND\n",
                        f % 100
                    ));
                }
            } else if n % 10 == 0 {
                stream.push_str(&format!("M 100644 inline notes/n{n}.txt\ndata <<END\nnot content\nEND\n"));
            } else {
                let f = n * 7 % 10_000;
                stream.push_str(&format!(
                    "M 100644 inline content/procedures/d{}/QT-{f}.md\ndata <<END\nbản {n}\nEND\n",
                    f % 100
                ));
            }
        }
        let mut child = Command::new("git")
            .args(["fast-import", "--quiet"])
            .current_dir(repo.path())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("git fast-import runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), stream.as_bytes()).expect("feed");
        assert!(child.wait().expect("fast-import ends").success());

        let start = std::time::Instant::now();
        let history = read(repo.path()).expect("a full history");
        let elapsed = start.elapsed();
        assert_eq!(history.commits.len(), 1000);
        assert_eq!(history.files.len(), 10_000);
        assert_eq!(history.files["content/procedures/d7/QT-7.md"], [version(0, "bản đầu 7\n")]);
        let changed = &history.files["content/procedures/d14/QT-14.md"];
        assert_eq!(changed.last(), Some(&version(1, "bản 2\n")));
        eprintln!("read 1,000 commits and 10,000 files in {elapsed:?}");
        // Generous for an unoptimised build on a slow machine; a release build takes far less.
        assert!(elapsed.as_secs() < 30, "{elapsed:?}");
    }
}
