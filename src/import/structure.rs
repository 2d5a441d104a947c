//! The framework model's document structure recognised in Word blocks: the control header table
//! (Mã hiệu, Lần ban hành, Ngày ban hành), the sign-off block, the amendment table, and the
//! numbered sections ("1. Mục đích", "5.2 Thành phần hồ sơ") whose content follows them.
//! Whatever is recognised nowhere is kept as unplaced, never dropped.

use super::report::Notes;
use super::values::{self, fold};
use super::wordml::{Block, Para, Table};
use super::{tables, Signoff};
use crate::model::{Date, Kind};

/// The control header's values.
#[derive(Debug, Default)]
pub struct Header {
    pub code: Option<String>,
    pub title: Option<String>,
    pub revision: Option<u32>,
    pub issued: Option<Date>,
    pub effective: Option<Date>,
    pub kind: Option<Kind>,
}

/// An amendment row as read.
#[derive(Debug, Clone)]
pub struct Amendment {
    pub revision: u32,
    pub date: Date,
    pub place: String,
    pub summary: String,
}

/// A numbered section: "5.2" "Thành phần hồ sơ" and the blocks under its heading.
#[derive(Debug, Default)]
pub struct Section {
    pub number: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Section {
    /// How deep the number is: "5" → 1, "5.2" → 2; an unnumbered heading 1.
    pub fn depth(&self) -> usize {
        if self.number.is_empty() {
            1
        } else {
            self.number.split('.').count()
        }
    }
}

/// A Word document's structure.
#[derive(Debug, Default)]
pub struct Recognised {
    pub header: Header,
    /// prepared, reviewed, approved.
    pub signoffs: [Option<Signoff>; 3],
    pub amendments: Vec<Amendment>,
    pub sections: Vec<Section>,
    /// Blocks before the first section that are neither header, sign-off nor amendments.
    pub unplaced: Vec<Block>,
}

/// Recognises the structure of `blocks`.
pub fn recognise(blocks: Vec<Block>, notes: &mut Notes) -> Recognised {
    let mut found = Recognised::default();
    let mut title_lines: Vec<String> = Vec::new();
    for block in blocks {
        match block {
            Block::Table(table) if is_header(&table) && found.header.code.is_none() => {
                found.header = header(&table, notes);
            }
            Block::Table(table) if super::signoff::is_signoff(&table) => {
                found.signoffs = super::signoff::read(&table, notes);
            }
            Block::Table(table) if is_amendments(&table) => found.amendments = amendments(&table, notes),
            Block::Para(para) if heading(&para).is_some() => {
                let (number, title) = heading(&para).expect("checked just above");
                found.sections.push(Section { number, title, blocks: Vec::new() });
            }
            Block::Para(para) if para.plain.trim().is_empty() && para.markdown.trim().is_empty() => {}
            block => match found.sections.last_mut() {
                Some(section) => section.blocks.push(block),
                None => preamble(block, &mut title_lines, &mut found.unplaced),
            },
        }
    }
    if found.header.title.is_none() && !title_lines.is_empty() {
        found.header.title = Some(title(&title_lines, notes));
        found.header.kind = found.header.kind.or_else(|| kind_of(&title_lines.join(" ")));
    }
    found
}

/// A paragraph before the first section: a title line ("QUY TRÌNH …"), a label of a table
/// that follows ("THEO DÕI SỬA ĐỔI TÀI LIỆU"), or something to keep for review.
fn preamble(block: Block, title_lines: &mut Vec<String>, unplaced: &mut Vec<Block>) {
    if let Block::Para(para) = &block {
        let folded = fold(&para.plain);
        if folded.contains("theo doi sua doi") || folded.starts_with("trang ") {
            return;
        }
        if kind_of(&para.plain).is_some() || (!title_lines.is_empty() && values::is_all_caps(&para.plain)) {
            title_lines.push(para.plain.trim().to_owned());
            return;
        }
    }
    unplaced.push(block);
}

const LABELS: &[(&str, &str)] = &[
    ("ma hieu", "code"),
    ("ma so", "code"),
    ("so hieu", "code"),
    ("lan ban hanh", "revision"),
    ("ngay ban hanh", "issued"),
    ("ngay hieu luc", "effective"),
    ("ngay co hieu luc", "effective"),
    ("trang", "page"),
];

fn label_of(line: &str) -> Option<&'static str> {
    let folded = fold(line);
    LABELS.iter().find(|(label, _)| folded.starts_with(label)).map(|(_, field)| *field)
}

fn is_header(table: &Table) -> bool {
    table.rows.iter().flatten().flat_map(|c| c.lines.iter()).any(|l| matches!(label_of(l), Some("code" | "revision")))
}

fn header(table: &Table, notes: &mut Notes) -> Header {
    let mut header = Header::default();
    let mut title_cells: Vec<Vec<String>> = Vec::new();
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let mut labelled = false;
            for line in &cell.lines {
                let Some(field) = label_of(line) else { continue };
                labelled = true;
                let after = line.split_once(':').map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
                let value = if after.is_empty() { row.get(i + 1).map(|c| c.text()).unwrap_or_default() } else { after };
                set_header(&mut header, field, &value, notes);
            }
            if !labelled && kind_of(&cell.text()).is_some() {
                title_cells.push(cell.lines.clone());
            }
        }
    }
    if let Some(lines) = title_cells.first() {
        header.title = Some(title(lines, notes));
        header.kind = kind_of(&lines.join(" "));
    }
    header
}

fn set_header(header: &mut Header, field: &str, value: &str, notes: &mut Notes) {
    match field {
        "code" if !value.is_empty() => header.code = Some(value.trim().to_owned()),
        "revision" => header.revision = values::number(value),
        "issued" => header.issued = values::date(value),
        "effective" => header.effective = values::date(value),
        _ => return,
    }
    notes.field(field, value);
}

/// The document's title from its title lines; capitals made a sentence (a guess: proper names
/// lose their capitals).
fn title(lines: &[String], notes: &mut Notes) -> String {
    // A form's "BIỂU MẪU" line says the kind, not the name.
    let named = match lines.first().map(|l| fold(l)) {
        Some(first) if lines.len() > 1 && matches!(first.as_str(), "bieu mau" | "mau") => &lines[1..],
        _ => lines,
    };
    let joined = named.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    if values::is_all_caps(&joined) {
        let sentence = values::sentence_case(&joined);
        notes.guess(tr!(
            "tiêu đề viết hoa toàn bộ, đã viết lại thành \"{sentence}\"; kiểm tra lại các tên riêng",
            "the title was all capitals and is now written \"{sentence}\"; check proper names"
        ));
        return sentence;
    }
    joined
}

/// The kind a title announces: "QUY TRÌNH …" a procedure, "BIỂU MẪU …" a form.
pub fn kind_of(text: &str) -> Option<Kind> {
    let folded = fold(text);
    let starts = |word: &str| folded.starts_with(word);
    if starts("quy trinh") {
        Some(Kind::Procedure)
    } else if starts("bieu mau") || starts("mau ") {
        Some(Kind::Form)
    } else if starts("chinh sach chat luong") {
        Some(Kind::Policy)
    } else {
        None
    }
}

/// Section titles of the framework model, folded, that make a numbered line a heading even
/// when it is not bold.
const SECTION_WORDS: &[&str] = &[
    "muc dich",
    "pham vi",
    "tai lieu vien dan",
    "dinh nghia",
    "viet tat",
    "noi dung",
    "bieu mau",
    "ho so can luu",
    "ho so luu",
    "co so phap ly",
    "thanh phan ho so",
    "so luong ho so",
    "thoi gian xu ly",
    "thoi han giai quyet",
    "noi tiep nhan",
    "le phi",
    "quy trinh xu ly",
];

fn known_section(title: &str) -> bool {
    let folded = fold(title);
    SECTION_WORDS.iter().any(|w| folded.starts_with(w))
}

/// A heading's number and title: by list numbering (`w:numPr`), by a typed "5.2" number, or by
/// a heading style; None for body text.
pub fn heading(para: &Para) -> Option<(String, String)> {
    let text = para.plain.trim();
    if text.is_empty() || text.chars().count() > 120 || text.ends_with([';', ',']) {
        return None;
    }
    let strong = para.bold || para.outline.is_some() || known_section(text);
    if let Some(numbered) = para.numbered.as_ref().filter(|n| !n.bullet) {
        if numbered.outline || strong {
            return Some((numbered.number.clone(), text.to_owned()));
        }
        return None;
    }
    if let Some((number, rest)) = typed_number(text) {
        if strong || known_section(rest) {
            return Some((number, rest.to_owned()));
        }
        return None;
    }
    para.outline.map(|_| (String::new(), text.to_owned()))
}

/// "5.2. Thành phần hồ sơ" → ("5.2", "Thành phần hồ sơ"); at most three levels, each 1–2 digits.
fn typed_number(text: &str) -> Option<(String, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, rest) = text.split_at(end);
    let number = number.trim_end_matches('.');
    let parts: Vec<&str> = number.split('.').collect();
    let valid = !number.is_empty() && parts.len() <= 3 && parts.iter().all(|p| (1..=2).contains(&p.len()));
    let rest = rest.trim_start();
    let separated = text[end..].starts_with([' ', '\t', '\u{a0}']);
    (valid && separated && !rest.is_empty()).then(|| (number.to_owned(), rest))
}

fn is_amendments(table: &Table) -> bool {
    let header: String = table.rows.first().map(|r| r.iter().map(|c| fold(&c.text())).collect()).unwrap_or_default();
    let columns = tables::columns(table, tables::AMENDMENT_COLUMNS, &["summary", "date"]);
    columns.is_some() && (header.contains("sua doi") || header.contains("lan"))
}

fn amendments(table: &Table, notes: &mut Notes) -> Vec<Amendment> {
    let Some(columns) = tables::columns(table, tables::AMENDMENT_COLUMNS, &["summary", "date"]) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (i, row) in table.rows.iter().enumerate().skip(1) {
        if tables::is_filler(row) {
            continue;
        }
        let text = |role| tables::text(row, &columns, role);
        let Some(date) = values::date(&text("date")) else {
            let row = row_text(row);
            notes.review(tr!(
                "dòng {i} của bảng theo dõi sửa đổi không có ngày đọc được: \"{row}\"",
                "amendment row {i} has no readable date: \"{row}\""
            ));
            continue;
        };
        let revision = values::number(&text("revision")).unwrap_or_else(|| {
            notes.guess(tr!(
                "dòng {i} của bảng sửa đổi không ghi lần ban hành; coi là lần {i}",
                "amendment row {i} names no revision; taken as revision {i}"
            ));
            i as u32
        });
        let mut place = text("where");
        if place.is_empty() {
            place = "Toàn bộ tài liệu".to_owned();
            notes.guess(tr!(
                "lần {revision}: vị trí sửa đổi để trống, ghi \"Toàn bộ tài liệu\"",
                "revision {revision}: the place of the change was empty, written as \"Toàn bộ tài liệu\" (whole document)"
            ));
        }
        let mut summary = text("summary");
        if summary.is_empty() && revision == 1 {
            summary = "Ban hành lần đầu".to_owned();
        }
        rows.push(Amendment { revision, date, place, summary });
    }
    notes.field("amendments", &format!("{} dòng", rows.len()));
    rows
}

/// A row's cells on one line, for the report.
pub fn row_text(row: &[super::wordml::Cell]) -> String {
    row.iter().map(|c| c.text()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" | ")
}
