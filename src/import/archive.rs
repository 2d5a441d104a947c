//! Opening a Word file safely: tells a .docx (a zip) from a binary Word 97 .doc, a
//! password-protected file (both are OLE compound files) and anything else, and reads the parts
//! an import needs within limits, so a zip bomb or a 50 MB file is refused with a reason instead
//! of filling memory.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::lang::Lang;

/// The largest file an import reads.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most one part of a .docx may hold once unpacked.
const MAX_PART_BYTES: u64 = 20 * 1024 * 1024;
/// The most all the parts read from one .docx may hold once unpacked.
const MAX_TOTAL_BYTES: u64 = 60 * 1024 * 1024;
/// How many times larger than packed a large part may be; more is a zip bomb.
const MAX_RATIO: u64 = 100;
/// The most entries a .docx may list.
const MAX_ENTRIES: usize = 5_000;

/// Why a file could not be imported: one line, in the manual's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    pub fn new(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal(lang.pick(vi.into(), en.into()))
    }
}

/// The parts of a .docx an import reads, as text, and its pictures.
#[derive(Debug, Default)]
pub struct Docx {
    pub document: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    pub footnotes: Option<String>,
    pub relationships: Option<String>,
    /// `word/media/…` files by their path inside the package.
    pub media: BTreeMap<String, Vec<u8>>,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the whole file within [`MAX_FILE_BYTES`], or says why not.
pub fn read_file(path: &Path, lang: Lang) -> Result<Vec<u8>, Refusal> {
    let size = std::fs::metadata(path).map_err(|e| unreadable(lang, &e))?.len();
    if size > MAX_FILE_BYTES {
        let mb = size / (1024 * 1024);
        return Err(Refusal::new(
            lang,
            format!("tệp nặng {mb} MB, quá giới hạn 50 MB; tách tài liệu hoặc bỏ bớt hình ảnh rồi nhập lại"),
            format!("the file is {mb} MB, over the 50 MB limit; split it or remove pictures, then import again"),
        ));
    }
    std::fs::read(path).map_err(|e| unreadable(lang, &e))
}

/// Why a file could not be read, in plain words rather than the system's.
fn unreadable(lang: Lang, error: &std::io::Error) -> Refusal {
    match error.kind() {
        std::io::ErrorKind::NotFound => Refusal::new(lang, "không có tệp này", "there is no such file"),
        std::io::ErrorKind::PermissionDenied => {
            Refusal::new(lang, "không có quyền đọc tệp này", "no permission to read this file")
        }
        _ => Refusal::new(lang, "không đọc được tệp", "the file cannot be read"),
    }
}

/// Opens a .docx from its bytes: every refusal (binary .doc, password, corrupt zip, bomb) is a reason.
pub fn open_docx(bytes: &[u8], lang: Lang) -> Result<Docx, Refusal> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(ole_refusal(bytes, lang));
    }
    if !bytes.starts_with(b"PK") {
        return Err(Refusal::new(
            lang,
            "không phải tệp Word .docx (nội dung không phải gói Office Open XML)",
            "not a Word .docx file (the content is not an Office Open XML package)",
        ));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| corrupt(lang))?;
    if zip.len() > MAX_ENTRIES {
        return Err(bomb(lang));
    }
    let mut budget = MAX_TOTAL_BYTES;
    let mut docx = Docx {
        document: read_part(&mut zip, "word/document.xml", &mut budget, lang)?.ok_or_else(|| {
            Refusal::new(
                lang,
                "tệp zip này không chứa văn bản Word (thiếu word/document.xml)",
                "this zip holds no Word document (word/document.xml is missing)",
            )
        })?,
        ..Docx::default()
    };
    docx.styles = read_part(&mut zip, "word/styles.xml", &mut budget, lang)?;
    docx.numbering = read_part(&mut zip, "word/numbering.xml", &mut budget, lang)?;
    docx.footnotes = read_part(&mut zip, "word/footnotes.xml", &mut budget, lang)?;
    docx.relationships = read_part(&mut zip, "word/_rels/document.xml.rels", &mut budget, lang)?;
    let media: Vec<String> = zip.file_names().filter(|n| n.starts_with("word/media/")).map(str::to_owned).collect();
    for name in media {
        let bytes = read_bytes(&mut zip, &name, &mut budget, lang)?.unwrap_or_default();
        docx.media.insert(name, bytes);
    }
    Ok(docx)
}

/// An OLE compound file: a password-protected Office file keeps its content in an
/// `EncryptedPackage` stream (named in UTF-16); otherwise it is a Word 97–2003 .doc.
fn ole_refusal(bytes: &[u8], lang: Lang) -> Refusal {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        return Refusal::new(
            lang,
            "tệp có mật khẩu; mở bằng Word, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu) rồi nhập lại",
            "the file is password-protected; open it in Word, remove the password, then import again",
        );
    }
    Refusal::new(
        lang,
        "tệp .doc (Word 97–2003) chưa đọc được; mở bằng Word và lưu lại dưới dạng .docx rồi nhập lại",
        "a .doc file (Word 97–2003) cannot be read; open it in Word, save it as .docx, then import again",
    )
}

/// A damaged package (the zip library's own words are for developers, not staff, so they are left out).
fn corrupt(lang: Lang) -> Refusal {
    Refusal::new(
        lang,
        "tệp .docx bị hỏng, không giải nén được; mở bằng Word và lưu lại rồi nhập lại",
        "the .docx file is damaged and cannot be unpacked; open it in Word, save it again, then import it",
    )
}

fn bomb(lang: Lang) -> Refusal {
    Refusal::new(
        lang,
        "tệp giải nén ra quá lớn so với kích thước (có thể là tệp độc hại), không nhập",
        "the file unpacks to far more than its size (possibly malicious); not imported",
    )
}

fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut u64,
    lang: Lang,
) -> Result<Option<String>, Refusal> {
    let Some(bytes) = read_bytes(zip, name, budget, lang)? else {
        return Ok(None);
    };
    String::from_utf8(bytes).map(Some).map_err(|_| corrupt(lang))
}

/// One entry's bytes, refusing one that claims or turns out to be too large or too compressed.
fn read_bytes<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut u64,
    lang: Lang,
) -> Result<Option<Vec<u8>>, Refusal> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(corrupt(lang)),
    };
    let (declared, packed) = (entry.size(), entry.compressed_size().max(1));
    let cap = MAX_PART_BYTES.min(*budget);
    if declared > cap || (declared > 1024 * 1024 && declared / packed > MAX_RATIO) {
        return Err(bomb(lang));
    }
    let mut bytes = Vec::new();
    // The declared size may lie: read at most one byte past the cap to tell.
    entry.take(cap + 1).read_to_end(&mut bytes).map_err(|_| corrupt(lang))?;
    if bytes.len() as u64 > cap {
        return Err(bomb(lang));
    }
    *budget -= bytes.len() as u64;
    Ok(Some(bytes))
}
