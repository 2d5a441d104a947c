//! The first stage: find and read every file the build depends on. Text is decoded as UTF-8,
//! stripped of a byte-order mark and normalised to NFC; files that cannot be decoded become
//! diagnostics, not failures, so one bad file does not hide the others.
//!
//! A caller that loads the same folder again (`sotay serve`) may pass a [`LoadMemo`]: what the
//! last load read, with each document's modification time and size, so unchanged documents are
//! not read again. The memo is the caller's; [`Sources`] carries none of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::error::{Error, Result};
use crate::fs;
use crate::model::Kind;
use crate::read::{decode, Budget, Limits};
use crate::vietnamese;

/// A text file of the manual, read and normalised.
#[derive(Debug)]
pub struct SourceFile {
    /// The path relative to the manual folder, e.g. `content/procedures/QT-07.md`.
    pub path: Arc<Path>,
    pub text: String,
    /// The SHA-256 of the bytes as stored, when they are not `text`'s (a byte-order mark was
    /// stripped or the text was normalised to NFC), so the manifest can name what was stored.
    pub raw_sha256: Option<String>,
    /// Where each line starts, worked out on first use, so positions cost a search, not a scan.
    lines: std::sync::OnceLock<Vec<usize>>,
    /// A digest of this read, worked out on first use (see [`SourceFile::digest`]).
    digest: std::sync::OnceLock<u64>,
}

impl SourceFile {
    pub fn new(path: Arc<Path>, text: String, raw_sha256: Option<String>) -> SourceFile {
        SourceFile { path, text, raw_sha256, lines: std::sync::OnceLock::new(), digest: std::sync::OnceLock::new() }
    }

    /// The SHA-256 of the file as stored.
    pub fn sha256(&self) -> String {
        self.raw_sha256.clone().unwrap_or_else(|| crate::digest::sha256(self.text.as_bytes()))
    }

    /// A digest of this read of the file — its path, text and stored bytes' SHA-256 — for
    /// telling two reads apart (the dependency index of `resolve::deps`, the memos of a
    /// rebuild). Worked out once per read, so a file a rebuild did not read again is not hashed
    /// again.
    pub fn digest(&self) -> u64 {
        *self.digest.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (self.path.as_os_str(), &self.text, &self.raw_sha256).hash(&mut hasher);
            hasher.finish()
        })
    }

    pub fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        let lines = self
            .lines
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        Loc::at_line(&self.path, &self.text, span, lines)
    }
}

/// A file that is published as is (a static file, a form's attachment): not read until written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetFile {
    /// The path relative to the manual folder.
    pub path: Arc<Path>,
    /// The path on disk.
    pub disk: PathBuf,
    pub size: u64,
    /// When it was last modified, as the load found it: with the size, how a later build tells
    /// that it changed without reading it (as make does).
    pub modified: Option<std::time::SystemTime>,
    /// An SVG attachment's text, or why it cannot be read: resolve checks that it is a plain
    /// picture, and reads nothing itself. `None` for every other file.
    pub svg: Option<Arc<std::result::Result<String, String>>>,
}

/// Everything the build reads, before any of it is interpreted.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub root: PathBuf,
    pub config: Option<Arc<SourceFile>>,
    pub documents: Vec<(Kind, Arc<SourceFile>)>,
    pub legal: Vec<Arc<SourceFile>>,
    /// The official TTHC catalogue under `catalog/` (`tthc.csv` or `tthc.toml`), see `catalog.rs`.
    pub catalog: Vec<Arc<SourceFile>>,
    /// Non-Markdown files under `content/`, e.g. forms' attachments.
    pub attachments: Vec<AssetFile>,
    /// Files under `static/`, with paths relative to `static/`.
    pub static_files: Vec<AssetFile>,
    /// The manual's template overrides under `templates/`, by file name.
    pub templates: Vec<Arc<SourceFile>>,
    /// The theme folder when the theme is not the built-in one.
    pub theme_dir: Option<PathBuf>,
    /// That theme's templates, by file name.
    pub theme_templates: Vec<Arc<SourceFile>>,
    /// That theme's static files, with paths relative to its `static/`.
    pub theme_static: Vec<AssetFile>,
    /// That theme's translation files (`themes/<name>/i18n/<lang>.toml`).
    pub theme_i18n: Vec<Arc<SourceFile>>,
    /// The manual's own translation files (`i18n/<lang>.toml`), overriding the theme's strings.
    pub i18n: Vec<Arc<SourceFile>>,
    /// The caps on what was read (`[limits]` of sotay.toml), for later re-reads.
    pub limits: Limits,
}

/// When a document was read: its modification time and size.
type Stamp = (std::time::SystemTime, u64);

/// What a load keeps for the next load of the same folder (`serve` owns one): the sources it
/// read, when each document was read, and the problems it found (so a load that only re-reads
/// changed documents still reports the rest). Documents whose modification time and size are
/// unchanged, and that are not among the paths [`LoadMemo::changed`] was told of, are taken from
/// it. When every such path is a document the last load read, and it is still a plain file, only
/// those are read again and the folders are not walked: the paths reported must then be
/// complete, as a file watcher's report is.
#[derive(Clone, Debug, Default)]
pub struct LoadMemo {
    last: Option<Sources>,
    stamps: std::collections::BTreeMap<Arc<Path>, Stamp>,
    problems: Diagnostics,
    /// Paths reported changed since the last load.
    changed: std::collections::BTreeSet<PathBuf>,
}

impl LoadMemo {
    /// Notes paths (relative to the manual folder) changed since the last load.
    pub fn changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.changed.extend(paths);
    }
}

/// The folders of a manual that a build reads (besides `sotay.toml`).
pub const FOLDERS: [&str; 7] = ["content", "legal", "catalog", "static", "templates", "themes", "i18n"];

impl Sources {
    /// Every text file read, for quoting sources in diagnostics.
    pub fn text_files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.config
            .iter()
            .chain(self.documents.iter().map(|(_, f)| f))
            .chain(&self.legal)
            .chain(&self.catalog)
            .chain(&self.templates)
            .chain(&self.theme_templates)
            .chain(&self.theme_i18n)
            .chain(&self.i18n)
    }

    /// Every text file's path and text, for quoting diagnostics
    /// ([`crate::diagnostic::format_diagnostics`]).
    pub fn texts(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.text_files().map(|file| (&*file.path, file.text.as_str()))
    }
}

/// Reads the manual folder `root`, taking unchanged documents from `memo` (and updating it) when
/// given. Missing optional folders are fine; a missing `sotay.toml` is an environment error
/// because nothing else can be interpreted without it.
pub fn load(root: &Path, memo: Option<&mut LoadMemo>) -> Result<(Sources, Diagnostics)> {
    let Some(memo) = memo else {
        return load_folder(root, None).map(|(sources, diagnostics, _)| (sources, diagnostics));
    };
    let (sources, diagnostics, stamps) = match reread_changed_documents(root, &mut *memo) {
        Some(reread) => reread,
        None => load_folder(root, Some(&*memo))?,
    };
    *memo =
        LoadMemo { last: Some(sources.clone()), stamps, problems: diagnostics.clone(), changed: Default::default() };
    Ok((sources, diagnostics))
}

/// Walks and reads the whole folder; documents unchanged since `memo`'s load are taken from it.
fn load_folder(
    root: &Path,
    memo: Option<&LoadMemo>,
) -> Result<(Sources, Diagnostics, std::collections::BTreeMap<Arc<Path>, Stamp>)> {
    // Not `is_file()`: a sotay.toml that is there but not a regular file is a diagnostic.
    if std::fs::symlink_metadata(root.join("sotay.toml")).is_err() {
        return Err(Error::NotAManual { path: root.to_owned() });
    }
    let mut diagnostics = Diagnostics::new();
    let mut sources = Sources { root: root.to_owned(), ..Sources::default() };
    // sotay.toml sets the limits, so it is read under the default one.
    sources.config = read_text(root, Path::new("sotay.toml"), crate::read::DOCUMENT_BYTES, &mut diagnostics)?;
    sources.limits = sources.config.as_ref().map(|c| crate::read::limits_of_config(&c.text)).unwrap_or_default();
    let limits = sources.limits;

    let mut documents = Vec::new();
    for rel in walk(root, Path::new("content"), &mut diagnostics)? {
        if let Some(kind) = classify_content(root, &rel, &mut sources, &mut diagnostics)? {
            documents.push((kind, rel));
        }
    }
    let stamps = read_documents(root, documents, memo, &mut sources, &mut diagnostics)?;
    let text_cap = limits.document_bytes;
    sources.legal = read_toml_folder(root, "legal", "a .toml registry entry", text_cap, &mut diagnostics)?;
    let catalog = walk(root, Path::new("catalog"), &mut diagnostics)?;
    sources.catalog = read_catalog_folder(root, &catalog, text_cap, &mut diagnostics)?;
    sources.i18n = read_toml_folder(root, "i18n", "a .toml translation file", text_cap, &mut diagnostics)?;
    for rel in walk(root, Path::new("static"), &mut diagnostics)? {
        let inside = rel.strip_prefix("static").expect("walked under static/").to_owned();
        sources.static_files.extend(asset(root, &rel, Some(inside), &limits, &mut diagnostics));
    }
    if let Some(theme) = sources.config.as_ref().and_then(|c| theme_name(&c.text)) {
        load_theme(root, &theme, &mut sources, &mut diagnostics)?;
    }
    for rel in walk(root, Path::new("templates"), &mut diagnostics)? {
        if has_extension(&rel, "html") || has_extension(&rel, "xml") {
            if let Some(file) = read_text(root, &rel, text_cap, &mut diagnostics)? {
                sources.templates.push(file);
            }
        }
    }
    Ok((sources, diagnostics, stamps))
}

/// The last load with the changed documents read again, when only known documents changed
/// and each still reads cleanly; otherwise `None`, and the folder is loaded afresh. The memo's
/// sources and stamps are moved out, not copied, when it is used.
fn reread_changed_documents(
    root: &Path,
    memo: &mut LoadMemo,
) -> Option<(Sources, Diagnostics, std::collections::BTreeMap<Arc<Path>, Stamp>)> {
    let last = memo.last.as_ref()?;
    if memo.changed.is_empty() || !memo.changed.iter().all(|p| memo.stamps.contains_key(p.as_path())) {
        return None;
    }
    let mut reread = Vec::with_capacity(memo.changed.len());
    for rel in &memo.changed {
        let meta = std::fs::symlink_metadata(root.join(rel)).ok().filter(|m| m.file_type().is_file())?;
        let mut problems = Diagnostics::new();
        let cap = last.limits.document_bytes;
        let file = read_text(root, rel, cap, &mut problems).ok().flatten().filter(|_| problems.is_empty())?;
        reread.push((file, (meta.modified().ok()?, meta.len())));
    }
    let (mut sources, mut stamps) = (memo.last.take()?, std::mem::take(&mut memo.stamps));
    for (file, stamp) in reread {
        // Every path with a stamp is a document the last load read.
        if let Some(slot) = sources.documents.iter_mut().find(|(_, f)| f.path == file.path) {
            stamps.insert(file.path.clone(), stamp);
            slot.1 = file;
        }
    }
    Some((sources, memo.problems.clone(), stamps))
}

/// The theme named in sotay.toml, when it is not the built-in one. A malformed sotay.toml is
/// reported by the parse stage; here it just means the built-in theme.
fn theme_name(config: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(config).ok()?;
    let theme = table.get("site")?.get("theme")?.as_str()?;
    (theme != "default").then(|| theme.to_owned())
}

fn load_theme(root: &Path, theme: &str, sources: &mut Sources, diagnostics: &mut Diagnostics) -> Result<()> {
    let folder = Path::new("themes").join(theme);
    let plain = Path::new(theme).file_name().is_some_and(|n| n == theme);
    if !plain || !root.join(&folder).is_dir() {
        let config = sources.config.as_ref().expect("the theme name came from sotay.toml");
        let at = config.text.find(&format!("\"{theme}\"")).unwrap_or(0);
        diagnostics.push(
            Diagnostic::error(
                config.loc(at..at + theme.len() + 2),
                "unknown-theme",
                tr!(
                    "sổ tay không có thư mục giao diện themes/{theme}/",
                    "there is no theme folder themes/{theme}/ in the manual"
                ),
            )
            .with_help(tr!(
                "ghi [site] theme = \"default\" để dùng giao diện có sẵn, hoặc tạo thư mục đó",
                "set [site] theme = \"default\" for the built-in theme, or create the folder"
            )),
        );
        return Ok(());
    }
    sources.theme_dir = Some(root.join(&folder));
    let limits = sources.limits;
    for rel in walk(root, &folder.join("templates"), diagnostics)? {
        if let Some(file) = read_text(root, &rel, limits.document_bytes, diagnostics)? {
            sources.theme_templates.push(file);
        }
    }
    let i18n = folder.join("i18n").to_string_lossy().into_owned();
    sources.theme_i18n = read_toml_folder(root, &i18n, "a .toml translation file", limits.document_bytes, diagnostics)?;
    let static_dir = folder.join("static");
    for rel in walk(root, &static_dir, diagnostics)? {
        let inside = rel.strip_prefix(&static_dir).expect("walked under the theme's static/").to_owned();
        sources.theme_static.extend(asset(root, &rel, Some(inside), &limits, diagnostics));
    }
    Ok(())
}

/// The .toml files of a folder; any other file there is a warning that it is ignored.
/// The TTHC catalogue's file names: `catalog/` holds one of them (parse reads it,
/// `parse::catalog`).
pub const CATALOG_CSV: &str = "catalog/tthc.csv";
pub const CATALOG_TOML: &str = "catalog/tthc.toml";

/// Reads the files under `catalog/` (paths relative to `root`): the catalogue is text, read
/// like every other source (at most `cap` bytes); any other file there is a warning that it is
/// ignored.
fn read_catalog_folder(
    root: &Path,
    files: &[PathBuf],
    cap: u64,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Arc<SourceFile>>> {
    let mut read = Vec::new();
    for rel in files {
        let known = [CATALOG_CSV, CATALOG_TOML].iter().any(|name| Path::new(name) == rel);
        if !known {
            diagnostics.push(
                Diagnostic::warning(
                    Loc::file(&Arc::from(rel.as_path())),
                    "stray-file",
                    tr!("tệp này trong catalog/ bị bỏ qua", "this file in catalog/ is ignored"),
                )
                .with_help(tr!(
                    "catalog/ chỉ chứa danh mục thủ tục hành chính: đặt tên catalog/tthc.csv hoặc catalog/tthc.toml",
                    "catalog/ holds the TTHC catalogue only: name it catalog/tthc.csv or catalog/tthc.toml"
                )),
            );
        } else if let Some(file) = read_text(root, rel, cap, diagnostics)? {
            read.push(file);
        }
    }
    Ok(read)
}

fn read_toml_folder(
    root: &Path,
    folder: &str,
    what: &str,
    cap: u64,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Arc<SourceFile>>> {
    let mut files = Vec::new();
    for rel in walk(root, Path::new(folder), diagnostics)? {
        if !has_extension(&rel, "toml") {
            let message = tr!(
                "tệp này trong {folder}/ không phải tệp .toml nên bị bỏ qua",
                "this file in {folder}/ is not {what} and is ignored"
            );
            diagnostics.push(Diagnostic::warning(Loc::file(&arc(&rel)), "stray-file", message).with_help(tr!(
                "{folder}/ chỉ chứa tệp .toml; chuyển các tệp khác đi nơi khác",
                "{folder}/ holds only .toml files; move other files elsewhere"
            )));
        } else if let Some(file) = read_text(root, &rel, cap, diagnostics)? {
            files.push(file);
        }
    }
    Ok(files)
}

/// Sorts a file under `content/`: a document to read (its kind is returned), an attachment, or a
/// file in no known folder.
fn classify_content(
    root: &Path,
    rel: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Kind>> {
    let folder = rel.components().nth(1).map(|c| c.as_os_str().to_string_lossy().into_owned());
    let kind = folder.as_deref().filter(|_| rel.components().count() > 2).and_then(Kind::from_folder);
    let Some(kind) = kind else {
        let folders: Vec<String> = Kind::ALL.iter().map(|k| format!("content/{}/", k.folder())).collect();
        diagnostics.push(
            Diagnostic::error(
                Loc::file(&arc(rel)),
                "unknown-folder",
                tr!(
                    "tệp này không nằm trong thư mục nào sotay biết, nên không rõ là loại tài liệu gì",
                    "this file is not in a folder sotay knows, so its kind is unknown"
                ),
            )
            .with_help({
                let folders = folders.join(", ");
                tr!("chuyển tệp vào một trong các thư mục {folders}", "move it into one of {folders}")
            }),
        );
        return Ok(None);
    };
    if has_extension(rel, "md") {
        return Ok(Some(kind));
    }
    let limits = sources.limits;
    sources.attachments.extend(asset(root, rel, None, &limits, diagnostics));
    Ok(None)
}

/// Reads the documents in parallel, keeping their order and every problem; when each was read.
fn read_documents(
    root: &Path,
    documents: Vec<(Kind, PathBuf)>,
    memo: Option<&LoadMemo>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Result<std::collections::BTreeMap<Arc<Path>, Stamp>> {
    use rayon::prelude::*;
    type Read = (Kind, Result<Option<Arc<SourceFile>>>, Option<Stamp>, Diagnostics);
    let cap = sources.limits.document_bytes;
    // A document read under other limits is read again: it may be over the new cap.
    let last = memo.and_then(|m| Some((m, m.last.as_ref()?))).filter(|(_, last)| last.limits == sources.limits);
    let before: std::collections::BTreeMap<&Path, &Arc<SourceFile>> =
        last.map(|(_, l)| l.documents.iter().map(|(_, f)| (&*f.path, f)).collect()).unwrap_or_default();
    let read: Vec<Read> = documents
        .into_par_iter()
        .map(|(kind, rel)| {
            let stamp = std::fs::metadata(root.join(&rel)).ok().and_then(|m| Some((m.modified().ok()?, m.len())));
            let unchanged = last.and_then(|(m, _)| {
                let same = stamp.is_some() && m.stamps.get(rel.as_path()) == stamp.as_ref();
                (same && !m.changed.contains(&rel)).then(|| before.get(rel.as_path()).copied()).flatten()
            });
            if let Some(file) = unchanged {
                return (kind, Ok(Some(file.clone())), stamp, Diagnostics::new());
            }
            let mut problems = Diagnostics::new();
            let file = read_text(root, &rel, cap, &mut problems);
            (kind, file, stamp, problems)
        })
        .collect();
    let mut stamps = std::collections::BTreeMap::new();
    for (kind, file, stamp, problems) in read {
        diagnostics.extend(problems.into_vec());
        if let Some(file) = file? {
            if let Some(stamp) = stamp {
                stamps.insert(file.path.clone(), stamp);
            }
            sources.documents.push((kind, file));
        }
    }
    Ok(stamps)
}

fn arc(path: &Path) -> Arc<Path> {
    Arc::from(path)
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// A file published as is, when it is a regular file within the attachment cap (it is read
/// only when written); otherwise a diagnostic and `None`.
fn asset(
    root: &Path,
    rel: &Path,
    published: Option<PathBuf>,
    limits: &Limits,
    diagnostics: &mut Diagnostics,
) -> Option<AssetFile> {
    let disk = root.join(rel);
    let (size, modified) = match crate::read::check_metadata(&disk, limits.attachment_bytes) {
        Ok(meta) => (meta.len(), meta.modified().ok()),
        Err(refused) => {
            diagnostics.push(refused.diagnostic(&arc(rel), Budget::Attachment));
            return None;
        }
    };
    // Names are compared with front matter, which is NFC; macOS stores names decomposed.
    let name = vietnamese::nfc(&published.as_deref().unwrap_or(rel).to_string_lossy());
    let svg = (published.is_none() && has_extension(rel, "svg")).then(|| Arc::new(read_svg(&disk)));
    Some(AssetFile { path: arc(Path::new(&name)), disk, size, modified, svg })
}

/// The text of an SVG attachment, read only if it is a regular file of at most 20 MB.
fn read_svg(path: &Path) -> std::result::Result<String, String> {
    use std::io::Read;
    const LIMIT: u64 = 20 * 1024 * 1024;
    use crate::lang::reason;
    let unreadable =
        |e: std::io::Error| reason(format!("không đọc được tệp ({e})"), format!("it cannot be read ({e})"));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(reason("đây không phải tệp thường", "it is not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(LIMIT + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > LIMIT {
        return Err(reason("tệp lớn hơn 20 MB, quá lớn để kiểm tra", "it is larger than 20 MB, too large to check"));
    }
    String::from_utf8(bytes).map_err(|_| reason("tệp không phải văn bản UTF-8", "it is not UTF-8 text"))
}

/// Reads a text file of at most `cap` bytes; a file that is not a regular file, is larger,
/// cannot be read or is not UTF-8 is a diagnostic and gives `None`.
pub(crate) fn read_text(
    root: &Path,
    rel: &Path,
    cap: u64,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Arc<SourceFile>>> {
    let bytes = match crate::read::read_capped(&root.join(rel), cap) {
        Ok(bytes) => bytes,
        Err(refused) => {
            diagnostics.push(refused.diagnostic(&arc(rel), Budget::Document));
            return Ok(None);
        }
    };
    let path = arc(rel);
    match decode(&bytes) {
        Ok((text, raw_sha256)) => Ok(Some(Arc::new(SourceFile::new(path, text, raw_sha256)))),
        Err(e) => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let end = valid.len();
            diagnostics.push(
                Diagnostic::error(
                    Loc::at(&path, &valid, end..end),
                    "not-utf8",
                    tr!(
                        "tệp không lưu ở dạng văn bản UTF-8 (byte sai đầu tiên ở đây)",
                        "the file is not valid UTF-8 text (the first bad byte is here)"
                    ),
                )
                .with_help(tr!(
                    "lưu tệp ở dạng UTF-8 (trong Word hoặc Notepad: Lưu thành → Mã hóa: UTF-8)",
                    "save the file as UTF-8 (in Word or Notepad: Save As → Encoding: UTF-8)"
                )),
            );
            Ok(None)
        }
    }
}

/// Every file under `root/dir`, as paths relative to `root`, sorted. Hidden files and editors'
/// A file whose name is not UTF-8 (it cannot be given a URL).
fn name_not_utf8(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Loc::file(&arc(rel)),
        "file-name-not-utf8",
        tr!(
            "tên tệp có ký tự không đọc được (không phải UTF-8), nên không đặt được địa chỉ trang",
            "this file's name is not valid UTF-8, so it cannot be published under a URL"
        ),
    )
    .with_help(tr!(
        "đổi tên tệp (trên Windows, tên chép từ hệ thống cũ có thể cần gõ lại)",
        "rename the file (on Windows, names copied from old systems may need retyping)"
    ))
}

/// A symbolic link that leads outside the manual.
fn outside_manual(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Loc::file(&arc(rel)),
        "outside-manual",
        tr!(
            "liên kết tượng trưng (symbolic link) này trỏ ra ngoài thư mục sổ tay (hoặc không trỏ tới đâu)",
            "this symbolic link leads outside the manual folder (or nowhere)"
        ),
    )
    .with_help(tr!(
        "chép tệp vào sổ tay thay vì liên kết tới nó",
        "copy the file into the manual instead of linking to it"
    ))
}

/// temporary files are skipped; symbolic links that lead outside the manual are reported.
fn walk(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    let canonical_root = std::fs::canonicalize(root).map_err(|source| Error::Read { path: root.to_owned(), source })?;
    while let Some(rel) = pending.pop() {
        let disk = root.join(&rel);
        if !disk.is_dir() {
            continue;
        }
        for entry in fs::read_dir_sorted(&disk)?.into_iter().rev() {
            let Some(name) = entry.file_name().map(|n| n.to_str().map(str::to_owned)) else { continue };
            let Some(name) = name else {
                // A lossy name would point at a file that does not exist; say what is wrong.
                let shown = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                diagnostics.push(name_not_utf8(&rel.join(&shown)));
                continue;
            };
            if is_ignored(&name) {
                continue;
            }
            let entry_rel = rel.join(&name);
            let meta =
                std::fs::symlink_metadata(&entry).map_err(|source| Error::Read { path: entry.clone(), source })?;
            if meta.file_type().is_symlink() {
                let target_inside = std::fs::canonicalize(&entry).is_ok_and(|t| t.starts_with(&canonical_root));
                if !target_inside {
                    diagnostics.push(outside_manual(&entry_rel));
                    continue;
                }
            }
            // Following a link (confined to the manual above): what it names is what is read.
            let kind = std::fs::metadata(&entry).map(|m| m.file_type()).unwrap_or(meta.file_type());
            if kind.is_dir() {
                pending.push(entry_rel);
            } else if let Some(what) = crate::read::special_kind(kind) {
                // A FIFO or a device is never opened: reading it would block or never end.
                diagnostics.push(crate::read::Refused::Special(what).diagnostic(&arc(&entry_rel), Budget::Document));
            } else {
                files.push(entry_rel);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("~$")
}
