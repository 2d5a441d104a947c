//! One file to one document: read and recognised first ([`parse`], so the forms of the whole
//! run are known), then mapped to front matter and body ([`finish`]) with the files that go
//! beside it (a form's original, pictures).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::archive::{self, Refusal};
use super::procedure::{self, Context};
use super::report::Notes;
use super::structure::{self, Amendment, Recognised, Section};
use super::values::fold;
use super::wordml::{self, Block, Extras};
use super::{body, frontmatter, Draft};
use crate::lang::Lang;
use crate::model::{DocCode, Kind};

/// A file read and recognised.
pub struct Parsed {
    pub extension: String,
    pub bytes: Vec<u8>,
    pub kind: Kind,
    pub code: DocCode,
    /// None for a form given as .xlsx or .pdf: only attached.
    pub recognised: Option<Recognised>,
    pub extras: Extras,
    pub media: BTreeMap<String, Vec<u8>>,
    pub notes: Notes,
}

/// A document and its files, as paths inside the manual.
pub struct Plan {
    pub document: PathBuf,
    pub text: String,
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// Reads and recognises one file, or says in one line why it cannot be imported.
pub fn parse(path: &Path, kind: Option<Kind>, lang: Lang) -> Result<Parsed, Refusal> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !matches!(extension.as_str(), "docx" | "doc" | "xlsx" | "pdf") {
        return Err(Refusal::new(
            lang,
            "không phải tệp Word (.docx), Excel (.xlsx) hay PDF; bỏ qua",
            "not a Word (.docx), Excel (.xlsx) or PDF file; skipped",
        ));
    }
    let bytes = archive::read_file(path, lang)?;
    if matches!(extension.as_str(), "xlsx" | "pdf") {
        return original_form(path, extension, bytes, lang);
    }
    let docx = archive::open_docx(&bytes, lang)?;
    let (blocks, extras) = wordml::read(&docx).ok_or_else(|| {
        Refusal::new(
            lang,
            "nội dung văn bản Word bị hỏng (XML không đọc được)",
            "the Word text is damaged (unreadable XML)",
        )
    })?;
    let mut notes = Notes::default();
    for (encoding, runs) in &extras.legacy {
        notes.guess(tr!(
            "{runs} đoạn chữ phông {encoding} đã chuyển sang Unicode theo tên phông",
            "{runs} runs in a {encoding} font converted to Unicode by the font's name"
        ));
    }
    if extras.merged_tables > 0 {
        let tables = extras.merged_tables;
        notes.guess(tr!(
            "{tables} bảng có ô gộp: ô gộp dọc được chép vào từng dòng, ô gộp ngang để ở cột đầu",
            "{tables} tables have merged cells: a vertically merged cell is repeated on each row, a horizontally merged one kept in its first column"
        ));
    }
    let recognised = structure::recognise(blocks, &mut notes);
    let written = recognised.header.code.clone().or_else(|| {
        // Many forms carry no control header; told they are forms, the file name codes them.
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned())?;
        (kind == Some(Kind::Form)).then(|| {
            notes.guess(tr!(
                "không có bảng tiêu đề; mã hiệu \"{stem}\" lấy theo tên tệp",
                "no header table; the code \"{stem}\" is taken from the file name"
            ));
            stem
        })
    });
    let Some(written) = written else {
        return Err(Refusal::new(
            lang,
            "không thấy bảng tiêu đề có \"Mã hiệu\" (mẫu khung của Bộ KH&CN); thêm mã hiệu vào đầu tài liệu rồi nhập lại",
            "no header table with \"Mã hiệu\" (the framework model's control header); add the code, then import again",
        ));
    };
    let code = valid_code(&written, lang)?;
    let kind = kind.or(recognised.header.kind).or_else(|| kind_of_code(&code)).ok_or_else(|| {
        Refusal::new(
            lang,
            "không nhận ra loại tài liệu (quy trình hay biểu mẫu); chỉ rõ bằng --kind",
            "cannot tell the kind of document; give it with --kind",
        )
    })?;
    if !matches!(kind, Kind::Procedure | Kind::Form | Kind::Policy) {
        return Err(Refusal::new(
            lang,
            format!("chưa nhập được loại \"{}\"; tạo bằng `sotay new` rồi chép nội dung", kind.name()),
            format!("documents of kind \"{}\" cannot be imported yet; create one with `sotay new`", kind.name()),
        ));
    }
    Ok(Parsed { extension, bytes, kind, code, recognised: Some(recognised), extras, media: docx.media, notes })
}

/// A code fit to name files: a valid document code.
fn valid_code(written: &str, lang: Lang) -> Result<DocCode, Refusal> {
    DocCode::try_from(written.to_owned()).map_err(|why| {
        Refusal::new(
            lang,
            format!("mã hiệu \"{written}\" không dùng được làm tên tài liệu ({why})"),
            format!("the code \"{written}\" cannot name a document ({why})"),
        )
    })
}

fn kind_of_code(code: &DocCode) -> Option<Kind> {
    let key = code.key();
    if key.starts_with("QT") {
        Some(Kind::Procedure)
    } else if key.starts_with("BM") {
        Some(Kind::Form)
    } else {
        None
    }
}

/// A form given as .xlsx or .pdf: attached as it is, coded by its file name.
fn original_form(path: &Path, extension: String, bytes: Vec<u8>, lang: Lang) -> Result<Parsed, Refusal> {
    let looks_right = if extension == "pdf" { bytes.starts_with(b"%PDF") } else { bytes.starts_with(b"PK") };
    if !looks_right {
        return Err(Refusal::new(
            lang,
            format!("tệp .{extension} bị hỏng hoặc không đúng định dạng"),
            format!("the .{extension} file is damaged or not of its type"),
        ));
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let code = valid_code(&stem, lang)?;
    let mut notes = Notes::default();
    notes.guess(tr!(
        "mã hiệu \"{code}\" lấy theo tên tệp; tiêu đề cũng vậy",
        "the code \"{code}\" and the title are taken from the file name"
    ));
    notes.review(tr!(
        "tệp chỉ được đính kèm: điền lần ban hành, ngày ban hành, người soạn thảo, xem xét, phê duyệt và bảng sửa đổi",
        "the file is only attached: fill in the revision, dates, who prepared, reviewed and approved it, and the amendments"
    ));
    Ok(Parsed {
        extension,
        bytes,
        kind: Kind::Form,
        code,
        recognised: None,
        extras: Extras::default(),
        media: BTreeMap::new(),
        notes,
    })
}

/// The file name (without extension) a code gives: `/` and spaces become `-`, no leading dot.
pub fn file_stem(code: &DocCode) -> String {
    let stem: String = code.as_str().chars().map(|c| if c == '/' || c == ' ' || c == '\\' { '-' } else { c }).collect();
    stem.trim_start_matches('.').to_owned()
}

/// The document and its files.
pub fn finish(parsed: Parsed, context: &Context) -> (Plan, Notes, Kind, DocCode) {
    let Parsed { kind, code, extension, bytes, recognised, extras, media, mut notes, .. } = parsed;
    let stem = file_stem(&code);
    let folder = Path::new("content").join(kind.folder());
    let mut files = Vec::new();
    let mut draft = Draft {
        kind,
        code: code.clone(),
        title: stem.clone(),
        revision: None,
        issued: None,
        effective: None,
        signoffs: Default::default(),
        amendments: Vec::new(),
        legal_basis: Vec::new(),
        procedure: None,
        form_files: Vec::new(),
        body: String::new(),
    };
    if kind == Kind::Form {
        let name = format!("{stem}.{extension}");
        files.push((folder.join(&name), bytes));
        notes.field("form.files", &name);
        draft.form_files.push(name);
    }
    if let Some(recognised) = recognised {
        fill(&mut draft, recognised, &extras, context, &mut notes);
        draft.body = pictures(&draft.body, &extras, &media, &code, &mut files, &mut notes);
    }
    let text = frontmatter::document(&draft);
    let plan = Plan { document: folder.join(format!("{stem}.md")), text, files };
    (plan, notes, kind, code)
}

fn fill(draft: &mut Draft, recognised: Recognised, extras: &Extras, context: &Context, notes: &mut Notes) {
    let Recognised { header, signoffs, amendments, mut sections, unplaced } = recognised;
    draft.title = header.title.unwrap_or_else(|| {
        notes.review(tr!(
            "không thấy tiêu đề trong bảng tiêu đề; tạm dùng mã hiệu",
            "no title in the header table; the code stands in for it"
        ));
        draft.code.to_string()
    });
    notes.field("title", &draft.title);
    draft.revision = header.revision.or_else(|| amendments.iter().map(|a| a.revision).max());
    draft.issued = header.issued;
    draft.effective = header.effective.or_else(|| {
        if let Some(issued) = header.issued {
            let date = issued.vietnamese();
            notes.guess(tr!(
                "không ghi ngày hiệu lực; lấy ngày ban hành {date}",
                "no effective date; the issue date {date} is taken"
            ));
        }
        header.issued
    });
    notes.guess(tr!(
        "trạng thái ghi là \"in-force\" (đang có hiệu lực) vì tài liệu được nhập từ bộ tài liệu đang áp dụng",
        "status written as \"in-force\": the document comes from the manual in use"
    ));
    draft.signoffs = signoffs;
    draft.amendments = first_issue(amendments, draft, notes);
    let mut leftover: Vec<(String, Block)> = Vec::new();
    let start = if draft.kind == Kind::Form { "Nội dung biểu mẫu" } else { "Đầu tài liệu" };
    let mut unplaced: Vec<(String, Block)> = unplaced.into_iter().map(|b| (start.to_owned(), b)).collect();
    if draft.kind == Kind::Form {
        // A form's own content (headings, fields to fill) is its body.
        let content = std::mem::take(&mut unplaced).into_iter().map(|(_, b)| b).collect();
        sections.insert(0, Section { number: String::new(), title: String::new(), blocks: content });
    }
    if draft.kind == Kind::Procedure {
        draft.legal_basis = legal_basis(&sections, notes);
        let (fields, rest) = procedure::fields(&mut sections, context, notes);
        draft.procedure = Some(fields);
        leftover.extend(rest);
    }
    unplaced.extend(leftover);
    for (from, block) in &unplaced {
        let what = summary(block);
        notes.review(tr!(
            "{from}: \"{what}\" giữ ở cuối bài dưới tiêu đề \"Nội dung chưa xếp được\"",
            "{from}: \"{what}\" kept at the end of the body under the heading \"Nội dung chưa xếp được\" (unplaced content)"
        ));
    }
    draft.body = body::write(&sections, &unplaced, &extras.footnotes);
}

/// Without an amendment table, a first issue gets its row ("Ban hành lần đầu"); a later
/// revision without one is left for the report (and `sotay check`) to name.
fn first_issue(amendments: Vec<Amendment>, draft: &Draft, notes: &mut Notes) -> Vec<Amendment> {
    if !amendments.is_empty() {
        return amendments;
    }
    match (draft.revision, draft.issued) {
        (Some(1), Some(date)) => {
            notes.guess(tr!(
                "không có bảng theo dõi sửa đổi; ghi dòng \"Ban hành lần đầu\" cho lần ban hành 1",
                "no amendment table; a \"Ban hành lần đầu\" (first issue) row is written for revision 1"
            ));
            vec![Amendment {
                revision: 1, date, place: "Toàn bộ tài liệu".into(), summary: "Ban hành lần đầu".into()
            }]
        }
        _ => {
            notes.review(tr!(
                "không thấy bảng theo dõi sửa đổi tài liệu; thêm các dòng [[amendments]]",
                "no amendment table found; add the [[amendments]] rows"
            ));
            Vec::new()
        }
    }
}

/// The legal numbers of "Cơ sở pháp lý" (or, without it, "Tài liệu viện dẫn"), through the
/// citation recogniser, each once.
fn legal_basis(sections: &[Section], notes: &mut Notes) -> Vec<String> {
    let titled = |words: &[&str]| sections.iter().find(|s| words.iter().any(|w| fold(&s.title).starts_with(w)));
    let (section, guessed) = match titled(&["co so phap ly", "can cu phap ly"]) {
        Some(section) => (section, false),
        None => match titled(&["tai lieu vien dan"]) {
            Some(section) => (section, true),
            None => return Vec::new(),
        },
    };
    let mut numbers: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for text in section.blocks.iter().map(summary_full) {
        for citation in crate::parse::citation::recognize(&text) {
            if !keys.contains(&citation.number.key()) {
                keys.push(citation.number.key());
                numbers.push(citation.number.to_string());
            }
        }
    }
    if guessed && !numbers.is_empty() {
        notes.guess(tr!(
            "không có mục Cơ sở pháp lý; căn cứ pháp lý lấy từ mục Tài liệu viện dẫn",
            "no Cơ sở pháp lý (legal basis) section; the legal basis is taken from Tài liệu viện dẫn (references)"
        ));
    }
    for number in &numbers {
        notes.field("legal_basis", number);
    }
    numbers
}

fn summary_full(block: &Block) -> String {
    match block {
        Block::Para(p) => p.plain.clone(),
        Block::Table(t) => t.rows.iter().map(|r| structure::row_text(r)).collect::<Vec<_>>().join(" "),
    }
}

/// A block's text, cut short for the report.
fn summary(block: &Block) -> String {
    let text = summary_full(block);
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Pictures saved under `static/nhap/<code>/` (files beside a procedure are not published)
/// and their Markdown pointed at them.
fn pictures(
    body: &str,
    extras: &Extras,
    media: &BTreeMap<String, Vec<u8>>,
    code: &DocCode,
    files: &mut Vec<(PathBuf, Vec<u8>)>,
    notes: &mut Notes,
) -> String {
    let mut body = body.to_owned();
    for (i, name) in extras.images.iter().enumerate() {
        let mark = format!("![](<{}{name}>)", super::inline::IMAGE_MARK);
        let file: String = Path::new(name)
            .file_name()
            .map(|f| {
                f.to_string_lossy()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                    .collect()
            })
            .unwrap_or_default();
        match media.get(name) {
            Some(bytes) if !file.is_empty() && !file.starts_with('.') => {
                let url = format!("/nhap/{}/{file}", code.slug());
                files.push((Path::new("static").join("nhap").join(code.slug()).join(&file), bytes.clone()));
                notes.field("hình", &format!("static/nhap/{}/{file}", code.slug()));
                body = body.replace(&mark, &format!("![Hình {}]({url})", i + 1));
            }
            _ => {
                let n = i + 1;
                notes.review(tr!(
                    "hình {n} ({name}) không có trong tệp Word",
                    "picture {n} ({name}) is missing from the Word file"
                ));
                body = body.replace(&mark, &format!("*[Hình {} không đọc được]*", i + 1));
            }
        }
    }
    body
}
