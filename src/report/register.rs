//! The document register (danh mục tài liệu, ISO 9001 7.5.3): every controlled document with its
//! code, title, kind, revision, issue and effective dates, owner unit and status — drafts and
//! withdrawn documents too, since the register is where their status is looked up.
//!
//! Besides the page, the register is a CSV file (`register.csv`) for Excel: RFC 4180 (fields
//! quoted when needed, CRLF line ends), UTF-8 **with a byte-order mark**, because Excel opens a
//! CSV without one in the system's legacy code page and garbles Vietnamese letters. Headers are
//! the interface's strings; dates are dd/mm/yyyy, as the rest of the site prints them.

use serde::Serialize;

use super::{DocBrief, Reach};
use crate::model::{Audience, Date, Kind};
use crate::resolve::ResolvedManual;

#[derive(Clone, Debug, Serialize)]
pub struct RegisterRow {
    pub document: DocBrief,
    pub revision: Option<u32>,
    pub issued: Option<Date>,
    pub effective: Option<Date>,
    /// The owner unit's id and name (the id again when `[[units]]` does not know it).
    pub owner_id: Option<String>,
    pub owner: Option<String>,
    pub audience: Audience,
}

/// The register of the controlled documents in reach: by kind (the manual's order: manual,
/// policy, objectives, procedures, forms, announcements), then by code.
pub fn register(resolved: &ResolvedManual, reach: Reach) -> Vec<RegisterRow> {
    let mut rows: Vec<RegisterRow> = reach
        .documents(resolved)
        .into_iter()
        .filter(|&i| resolved.manual.documents[i].kind.is_controlled())
        .map(|i| {
            let doc = &resolved.manual.documents[i];
            let owner_id = doc.meta.owner.as_ref().map(|o| o.get_ref().clone());
            let owner = owner_id
                .as_ref()
                .map(|id| resolved.manual.config.unit(id).map_or_else(|| id.clone(), |u| u.name.clone()));
            RegisterRow {
                document: DocBrief::of(resolved, i),
                revision: doc.meta.revision.as_ref().map(|r| *r.get_ref()),
                issued: doc.meta.issued.as_ref().map(|d| *d.get_ref()),
                effective: doc.meta.effective.as_ref().map(|d| *d.get_ref()),
                owner_id,
                owner,
                audience: doc.meta.audience,
            }
        })
        .collect();
    let order = |kind: Kind| Kind::ALL.iter().position(|k| *k == kind);
    rows.sort_by_cached_key(|r| {
        (order(r.document.kind), r.document.code.as_deref().map(crate::model::code::code_key), r.document.file.clone())
    });
    rows
}

/// The register as CSV for Excel: BOM, RFC 4180, headers in the interface's language.
pub fn to_csv(rows: &[RegisterRow], ui: &crate::i18n::Strings) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let headers: Vec<&str> = COLUMNS.iter().map(|key| ui.get(key)).collect();
        writer.write_record(&headers).expect("writing to memory cannot fail");
        for row in rows {
            writer.write_record(cells(row, ui)).expect("writing to memory cannot fail");
        }
        writer.flush().expect("writing to memory cannot fail");
    }
    out
}

/// The interface strings naming the CSV's columns, in order.
pub const COLUMNS: [&str; 9] = [
    "oversight.col_code",
    "oversight.col_title",
    "oversight.col_kind",
    "oversight.col_revision",
    "oversight.col_issued",
    "oversight.col_effective",
    "oversight.col_owner",
    "oversight.col_status",
    "oversight.col_audience",
];

fn cells(row: &RegisterRow, ui: &crate::i18n::Strings) -> [String; 9] {
    let date = |d: Option<Date>| d.map(Date::vietnamese).unwrap_or_default();
    let status = row.document.status.map(|s| ui.named("status", &s).to_owned());
    let audience = match row.audience {
        Audience::Public => ui.get("audience.public"),
        Audience::Internal => ui.get("audience.internal"),
    };
    [
        row.document.code.clone().unwrap_or_default(),
        row.document.title.clone(),
        ui.kind(row.document.kind).to_owned(),
        row.revision.map(|r| r.to_string()).unwrap_or_default(),
        date(row.issued),
        date(row.effective),
        row.owner.clone().unwrap_or_default(),
        status.unwrap_or_default(),
        audience.to_owned(),
    ]
}

/// The register as text for a terminal.
pub fn to_text(rows: &[RegisterRow], ui: &crate::i18n::Strings) -> String {
    let mut out = format!("Document register: {} controlled documents\n", rows.len());
    for row in rows {
        let c = cells(row, ui);
        out.push_str(&format!(
            "  {:<12} {}  (lần {}, {} → {}; {}; {}; {})\n",
            c[0], c[1], c[3], c[4], c[5], c[6], c[7], c[8]
        ));
    }
    out
}
