//! The sign-off block: a table whose columns are Người soạn thảo / Người xem xét / Người phê
//! duyệt and whose rows are Họ và tên, Chức vụ, Chữ ký, Ngày — with or without those row labels.

use super::report::Notes;
use super::values::{self, fold};
use super::wordml::Table;
use super::Signoff;

const ROLES: [(&str, &str); 3] = [("soan thao", "prepared"), ("xem xet", "reviewed"), ("phe duyet", "approved")];

/// The columns of the three roles, from the first row that names at least two of them.
fn role_columns(table: &Table) -> Option<(usize, [Option<usize>; 3])> {
    table.rows.iter().enumerate().find_map(|(r, row)| {
        let mut columns = [None; 3];
        for (i, cell) in row.iter().enumerate() {
            let folded = fold(&cell.text());
            for (k, (word, _)) in ROLES.iter().enumerate() {
                if folded.contains(word) && columns[k].is_none() {
                    columns[k] = Some(i);
                }
            }
        }
        (columns.iter().flatten().count() >= 2).then_some((r, columns))
    })
}

pub fn is_signoff(table: &Table) -> bool {
    role_columns(table).is_some()
}

/// prepared, reviewed, approved, as far as the table gives them.
pub fn read(table: &Table, notes: &mut Notes) -> [Option<Signoff>; 3] {
    let mut found: [Option<Signoff>; 3] = Default::default();
    let Some((header, columns)) = role_columns(table) else { return found };
    for (k, column) in columns.iter().enumerate() {
        let Some(column) = *column else { continue };
        let mut signoff = Signoff::default();
        for row in table.rows.iter().skip(header + 1) {
            let label = if column == 0 { String::new() } else { fold(&row[0].text()) };
            let value = row.get(column).map(|c| c.text()).unwrap_or_default();
            place(&mut signoff, &label, &value);
        }
        if !signoff.name.is_empty() {
            notes.field(ROLES[k].1, &signoff.name);
            found[k] = Some(signoff);
        }
    }
    found
}

/// One row's value for one role, by the row's label or, without one, by what it looks like.
fn place(signoff: &mut Signoff, label: &str, value: &str) {
    let value = value.trim();
    // Signature rows ("Chữ ký", "(đã ký)") carry no value to keep.
    let signature = label.contains("ky") && !label.contains("ngay") || fold(value).starts_with("(da ky");
    if value.is_empty() || signature {
        return;
    }
    if label.contains("ho") && label.contains("ten") {
        signoff.name = value.to_owned();
    } else if label.contains("chuc vu") || label.contains("chuc danh") {
        signoff.title = value.to_owned();
    } else if label.contains("ngay") || values::date(value).is_some() {
        signoff.date = values::date(value);
    } else if signoff.name.is_empty() {
        signoff.name = value.to_owned();
    } else if signoff.title.is_empty() {
        signoff.title = value.to_owned();
    }
}
