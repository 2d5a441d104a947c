//! Tables told apart by their header row: which column holds what, found by the words agencies
//! put in headers ("Trách nhiệm", "Thời gian lưu"), so the order and exact wording of columns
//! do not matter.

use super::values::fold;
use super::wordml::{Cell, Table};

/// A column role and the folded words that announce it (any one is enough).
pub type Role = (&'static str, &'static [&'static str]);

/// The step table of 5.7: TT | Trình tự | Trách nhiệm | Thời gian | Biểu mẫu/Kết quả.
pub const STEP_COLUMNS: &[Role] = &[
    ("unit", &["trach nhiem", "don vi", "bo phan", "nguoi thuc hien"]),
    ("time", &["thoi gian", "thoi han"]),
    ("form", &["bieu mau", "ket qua", "mau bieu"]),
    ("task", &["trinh tu", "noi dung", "cong viec", "mo ta", "cac buoc"]),
];

/// The dossier of 5.2: TT | Tên giấy tờ | Bản chính | Bản sao | Ghi chú.
pub const DOSSIER_COLUMNS: &[Role] = &[
    ("original", &["ban chinh"]),
    ("copy", &["ban sao"]),
    ("note", &["ghi chu"]),
    ("name", &["ten giay to", "thanh phan", "ten ho so", "giay to", "noi dung"]),
];

/// The records of section 7: TT | Tên hồ sơ | Nơi lưu | Thời gian lưu.
pub const RECORD_COLUMNS: &[Role] = &[
    ("retention", &["thoi gian luu", "thoi han luu"]),
    ("kept_by", &["noi luu", "trach nhiem luu", "bo phan luu", "don vi luu", "nguoi luu"]),
    ("form", &["bieu mau", "ma hieu", "ma so"]),
    ("name", &["ten ho so", "ho so", "ten"]),
];

/// The forms of section 6: TT | Tên biểu mẫu | Mã hiệu.
pub const FORM_COLUMNS: &[Role] = &[("code", &["ma hieu", "ma so", "ky hieu"]), ("name", &["ten bieu mau", "ten"])];

/// The amendment table: Ngày | Vị trí | Nội dung | Lần ban hành.
pub const AMENDMENT_COLUMNS: &[Role] = &[
    ("summary", &["noi dung", "tom tat", "mo ta"]),
    ("date", &["ngay"]),
    ("where", &["vi tri", "trang", "muc", "phan"]),
    ("revision", &["lan"]),
];

/// Which column holds each role, when the header row names the `required` ones; roles are
/// matched in order, each column taken once.
pub fn columns(table: &Table, roles: &[Role], required: &[&str]) -> Option<Vec<(&'static str, usize)>> {
    let header = table.rows.first()?;
    let names: Vec<String> = header.iter().map(|c| fold(&c.text())).collect();
    let mut found: Vec<(&'static str, usize)> = Vec::new();
    for (role, words) in roles {
        let column = names
            .iter()
            .enumerate()
            .find(|(i, name)| !found.iter().any(|(_, taken)| taken == i) && words.iter().any(|w| name.contains(w)));
        if let Some((i, _)) = column {
            found.push((role, i));
        }
    }
    required.iter().all(|r| found.iter().any(|(role, _)| role == r)).then_some(found)
}

/// The cell of `role` in `row`.
pub fn get<'a>(row: &'a [Cell], columns: &[(&'static str, usize)], role: &str) -> Option<&'a Cell> {
    let (_, i) = columns.iter().find(|(r, _)| *r == role)?;
    row.get(*i)
}

/// The text of `role` in `row`, trimmed; empty when the column is missing.
pub fn text(row: &[Cell], columns: &[(&'static str, usize)], role: &str) -> String {
    get(row, columns, role).map(Cell::text).unwrap_or_default()
}

/// Whether a row is only a repeat of column numbers ("(1) (2) (3)") or empty.
pub fn is_filler(row: &[Cell]) -> bool {
    row.iter().all(|c| {
        let t = c.text();
        t.chars().all(|ch| ch.is_ascii_digit() || matches!(ch, '(' | ')' | ' ' | '.'))
    })
}
