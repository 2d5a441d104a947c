//! The one way sotay reads a file of the manual: only a regular file (a FIFO, a device or a
//! socket named like a document would block the build or feed it bytes for ever), opened so
//! that opening itself never blocks, and never more than a cap (issue 16, findings 2 and 3).
//!
//! The file's type is checked before opening (following a symbolic link, which `load::walk`
//! has already confined to the manual) and again on the opened handle, so a file swapped for
//! a FIFO in between is still refused. Reads go through `take(cap + 1)`, so a file that grows
//! while it is read stops at the cap instead of filling memory.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Loc};

/// UTF-8 bytes as text: without a byte-order mark, in NFC, and the stored bytes' SHA-256 when
/// they differ from the text's.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), std::str::Utf8Error> {
    let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = crate::vietnamese::nfc(std::str::from_utf8(unmarked)?);
    let raw = (text.as_bytes() != bytes).then(|| crate::digest::sha256(bytes));
    Ok((text, raw))
}

/// The default cap on a text file (document, translation, registry entry, catalogue,
/// template, translation strings, sotay.toml).
pub const DOCUMENT_BYTES: u64 = 20_000_000;
/// The default cap on a file published as is (an attachment, a static or theme file).
pub const ATTACHMENT_BYTES: u64 = 200_000_000;
/// The highest `document_bytes` sotay.toml may set: text is held in memory several times over
/// while it is parsed and rendered.
pub const MAX_DOCUMENT_BYTES: u64 = 2_000_000_000;

/// How much of a file is read at most, by what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub document_bytes: u64,
    pub attachment_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { document_bytes: DOCUMENT_BYTES, attachment_bytes: ATTACHMENT_BYTES }
    }
}

/// The `[limits]` table of sotay.toml.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// The largest text file read, in bytes (20 000 000 when omitted).
    pub document_bytes: Option<Spanned<u64>>,
    /// The largest attachment or static file published, in bytes (200 000 000 when omitted).
    pub attachment_bytes: Option<Spanned<u64>>,
}

impl LimitSettings {
    /// The limits these settings give; a value out of range keeps the default (and is reported
    /// by [`LimitSettings::problems`]).
    pub fn limits(&self) -> Limits {
        let pick = |value: &Option<Spanned<u64>>, default: u64, max: u64| {
            value.as_ref().map(|v| *v.get_ref()).filter(|v| (1..=max).contains(v)).unwrap_or(default)
        };
        Limits {
            document_bytes: pick(&self.document_bytes, DOCUMENT_BYTES, MAX_DOCUMENT_BYTES),
            attachment_bytes: pick(&self.attachment_bytes, ATTACHMENT_BYTES, u64::MAX),
        }
    }

    /// A zero limit, or a document limit above [`MAX_DOCUMENT_BYTES`], at its place in sotay.toml.
    /// `loc` places a byte range of sotay.toml.
    pub fn problems(&self, loc: &dyn Fn(std::ops::Range<usize>) -> Loc) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut check = |value: &Option<Spanned<u64>>, key: &str, max: u64| {
            let Some(value) = value else { return };
            if !(1..=max).contains(value.get_ref()) {
                problems.push(
                    Diagnostic::error(loc(value.span()), "invalid-limit", {
                        let max = grouped(max);
                        tr!(
                            "[limits] {key} phải từ 1 đến {max} byte",
                            "[limits] {key} must be between 1 and {max} bytes"
                        )
                    })
                    .with_help(tr!(
                        "đặt {key} bằng kích thước của tệp lớn nhất cần công bố, hoặc bỏ dòng này",
                        "set {key} to the size of the largest file you mean to publish, or remove it"
                    )),
                );
            }
        };
        check(&self.document_bytes, "document_bytes", MAX_DOCUMENT_BYTES);
        check(&self.attachment_bytes, "attachment_bytes", u64::MAX);
        problems
    }
}

/// The limits set in sotay.toml's text, read leniently before the file is parsed (the build
/// needs them to read the other files; the parse stage reports a malformed table).
pub fn limits_of_config(text: &str) -> Limits {
    let Ok(table) = toml::from_str::<toml::Table>(text) else { return Limits::default() };
    let limits = table.get("limits").and_then(toml::Value::as_table);
    let value = |key: &str| {
        let n = limits?.get(key)?.as_integer().and_then(|n| u64::try_from(n).ok())?;
        Some(Spanned::new(0..0, n))
    };
    LimitSettings { document_bytes: value("document_bytes"), attachment_bytes: value("attachment_bytes") }.limits()
}

/// Which cap applies, and so which key of `[limits]` raises it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    Document,
    Attachment,
}

impl Budget {
    pub fn of(self, limits: &Limits) -> u64 {
        match self {
            Budget::Document => limits.document_bytes,
            Budget::Attachment => limits.attachment_bytes,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Budget::Document => "document_bytes",
            Budget::Attachment => "attachment_bytes",
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file: what it is instead ("a FIFO (named pipe)", …).
    Special(&'static str),
    /// Larger than the cap; `size` is what the file system reported, or the cap + 1 for a file
    /// that grew past it while being read.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl Refused {
    /// The diagnostic for the file `rel` (relative to the manual), at its first character.
    pub fn diagnostic(&self, rel: &Arc<Path>, budget: Budget) -> Diagnostic {
        let loc = Loc::at(rel, "", 0..0);
        match self {
            Refused::Special(what) => Diagnostic::error(loc, "not-a-regular-file", {
                let vi = special_vi(what);
                tr!(
                    "đây không phải tệp thường mà là {vi}, nên không được đọc",
                    "this is not a regular file but {what}, so it is not read"
                )
            })
            .with_help(tr!("xóa nó, hoặc thay bằng tệp thật", "remove it, or replace it with the real file")),
            Refused::TooLarge { size, limit } => {
                let (vi_size, en_size) = match size > limit {
                    true => (grouped(*size), grouped(*size)),
                    false => (format!("hơn {}", grouped(*limit)), format!("more than {}", grouped(*limit))),
                };
                let (limit, key) = (grouped(*limit), budget.key());
                Diagnostic::error(
                    loc,
                    "file-too-large",
                    tr!(
                        "tệp này có {vi_size} byte, vượt giới hạn {limit} byte",
                        "this file is {en_size} bytes, more than the limit of {limit} bytes"
                    ),
                )
                .with_help(tr!(
                    "làm tệp nhỏ lại, hoặc nâng giới hạn trong sotay.toml: [limits] {key} = <số byte>",
                    "make the file smaller, or raise the limit in sotay.toml: [limits] {key} = <bytes>"
                ))
            }
            Refused::Io(source) => Diagnostic::error(
                loc,
                "unreadable",
                tr!("không đọc được tệp này: {source}", "cannot read this file: {source}"),
            )
            .with_help(tr!("kiểm tra quyền truy cập tệp", "check the file's permissions")),
        }
    }
}

/// The Vietnamese for what a special file is ("a FIFO (named pipe)" …).
fn special_vi(what: &str) -> &'static str {
    match what {
        "a FIFO (named pipe)" => "một đường ống có tên (FIFO)",
        "a character device" => "một thiết bị ký tự",
        "a block device" => "một thiết bị khối",
        "a socket" => "một socket",
        "a folder" => "một thư mục",
        _ => "một tệp đặc biệt",
    }
}

impl Refused {
    /// As an I/O error, for callers that report a path with its error (exit 2, not a diagnostic).
    pub fn into_io(self) -> std::io::Error {
        match self {
            Refused::Io(error) => error,
            Refused::Special(what) => std::io::Error::other(format!("not a regular file but {what}")),
            Refused::TooLarge { size, limit } => {
                std::io::Error::other(format!("{size} bytes, more than the limit of {limit} bytes"))
            }
        }
    }
}

impl From<std::io::Error> for Refused {
    fn from(error: std::io::Error) -> Self {
        Refused::Io(error)
    }
}

/// What a file that is not a regular file is, for messages; `None` for a regular file.
pub fn special_kind(kind: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    (!kind.is_file()).then_some("a special file")
}

/// Checks that `path` is a regular file of at most `limit` bytes without reading it; its size.
pub fn check(path: &Path, limit: u64) -> Result<u64, Refused> {
    check_metadata(path, limit).map(|meta| meta.len())
}

/// [`check`], giving the file's metadata (its size and modification time).
pub fn check_metadata(path: &Path, limit: u64) -> Result<std::fs::Metadata, Refused> {
    let meta = std::fs::metadata(path)?;
    if let Some(what) = special_kind(meta.file_type()) {
        return Err(Refused::Special(what));
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge { size: meta.len(), limit });
    }
    Ok(meta)
}

/// Opens `path` for reading if it is a regular file, without ever blocking on the open (a FIFO
/// opened for reading waits for a writer unless opened non-blocking); the file and its size.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, u64), Refused> {
    let meta = std::fs::metadata(path)?;
    if let Some(what) = special_kind(meta.file_type()) {
        return Err(Refused::Special(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking only matters for what is not a regular file, which is refused below:
        // reads of a regular file are not affected by the flag.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if let Some(what) = special_kind(meta.file_type()) {
        return Err(Refused::Special(what));
    }
    Ok((file, meta.len()))
}

/// Reads the regular file `path`, refusing one of more than `limit` bytes, however it grows.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let (file, size) = open_regular(path)?;
    if size > limit {
        return Err(Refused::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge { size: limit.saturating_add(1), limit });
    }
    Ok(bytes)
}

/// The bytes of a file published as is, read when it is hashed, served or copied: a regular
/// file only, and no more than its size when opened (its size was checked against the cap when
/// the manual was loaded; a file that grows meanwhile does not make this read for ever).
pub fn read_published(path: &Path) -> std::io::Result<Vec<u8>> {
    let (file, size) = open_regular(path).map_err(into_io)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Copies a file published as is to `to` (which must not exist), on the same terms as
/// [`read_published`], refusing one larger than `limit` when opened (checked when the manual
/// was loaded, and again here in case it was replaced since); the bytes copied.
pub fn copy_published(from: &Path, to: &Path, limit: u64) -> std::io::Result<u64> {
    // The error is reported with the path written to, so it names the file copied from.
    let named = |refused: Refused| std::io::Error::other(format!("copying {}: {}", from.display(), refused.into_io()));
    let (file, size) = open_regular(from).map_err(named)?;
    if size > limit {
        return Err(named(Refused::TooLarge { size, limit }));
    }
    let mut target = std::fs::OpenOptions::new().write(true).create_new(true).open(to)?;
    std::io::copy(&mut file.take(size), &mut target)
}

fn into_io(refused: Refused) -> std::io::Error {
    refused.into_io()
}

/// 20000000 → "20 000 000", as sizes are written in the docs and in Vietnamese.
pub fn grouped(n: u64) -> String {
    crate::model::quantity::grouped(n, ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("QT-99.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
        assert!(matches!(read_capped(&fifo, 100), Err(Refused::Special("a FIFO (named pipe)"))));
        assert!(matches!(check(&fifo, 100), Err(Refused::Special(_))));
        assert!(read_published(&fifo).is_err());
        assert!(copy_published(&fifo, &dir.path().join("copy"), 100).is_err());
        assert!(!dir.path().join("copy").exists(), "nothing is created for a refused copy");
    }

    #[test]
    fn a_character_device_is_refused() {
        assert!(matches!(read_capped(Path::new("/dev/zero"), 100), Err(Refused::Special("a character device"))));
        assert!(read_published(Path::new("/dev/zero")).is_err());
    }

    #[test]
    fn a_file_over_the_cap_is_refused_and_one_at_the_cap_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, [b'x'; 10]).unwrap();
        assert_eq!(read_capped(&file, 10).unwrap().len(), 10);
        assert!(matches!(read_capped(&file, 9), Err(Refused::TooLarge { size: 10, limit: 9 })));
        assert!(matches!(check(&file, 9), Err(Refused::TooLarge { size: 10, limit: 9 })));
        assert!(copy_published(&file, &dir.path().join("big"), 9).is_err(), "the copy honours the cap too");
        assert_eq!(copy_published(&file, &dir.path().join("ok"), 10).unwrap(), 10);
    }

    #[test]
    fn limits_come_from_the_config_text_and_bad_ones_keep_the_default() {
        let limits = limits_of_config("[agency]\nname = \"x\"\n[limits]\ndocument_bytes = 5_000\n");
        assert_eq!(limits, Limits { document_bytes: 5_000, attachment_bytes: ATTACHMENT_BYTES });
        assert_eq!(limits_of_config("[limits]\ndocument_bytes = 0\n"), Limits::default());
        assert_eq!(limits_of_config("[limits]\ndocument_bytes = -1\n"), Limits::default());
        assert_eq!(limits_of_config("not toml ["), Limits::default());
    }

    #[test]
    fn sizes_are_grouped_by_thousands() {
        assert_eq!(grouped(20_000_000), "20 000 000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1 000");
    }
}
