//! Dates too early to be true: `issued = 0000-01-01` or a 1900 typed for 2019. Every date of the
//! manual is already between 1900 and 2200 when read (`model::date`); here the dates a document
//! is issued, takes effect and is amended on, and the day a registry entry was signed, must be on
//! or after `[site] earliest_date` (1945-01-01 unless set).

use crate::diagnostic::{Diagnostic, Loc};
use crate::model::Date;
use crate::parse::{Document, LegalEntry, Manual};

/// Errors for the document's dates before `earliest`.
pub fn in_document(doc: &Document, earliest: Date) -> Vec<Diagnostic> {
    let meta = &doc.meta;
    let mut dates: Vec<(Loc, &str, Date)> = Vec::new();
    if let Some(issued) = &meta.issued {
        dates.push((doc.loc(issued), "issued", *issued.get_ref()));
    }
    if let Some(effective) = &meta.effective {
        dates.push((doc.loc(effective), "effective", *effective.get_ref()));
    }
    for amendment in &meta.amendments {
        dates.push((doc.loc(amendment), "[[amendments]] date", amendment.get_ref().date));
    }
    dates.into_iter().filter_map(|(loc, field, date)| too_early(loc, field, date, earliest)).collect()
}

/// Errors for the registry entries signed before `[site] earliest_date`.
pub fn in_registry(manual: &Manual) -> Vec<Diagnostic> {
    let earliest = manual.config.site.earliest_date();
    manual.legal.iter().filter_map(|entry| in_legal(entry, earliest)).collect()
}

/// An error when the registry entry was signed before `earliest`.
fn in_legal(entry: &LegalEntry, earliest: Date) -> Option<Diagnostic> {
    too_early(entry.loc(&entry.doc.number), "signed", entry.doc.signed, earliest)
}

fn too_early(loc: Loc, field: &str, date: Date, earliest: Date) -> Option<Diagnostic> {
    (date < earliest).then(|| {
        Diagnostic::error(loc, "date-too-early", {
            let (date, earliest) = (date.vietnamese(), earliest.vietnamese());
            tr!(
                "ngày `{field}` {date} trước {earliest}, ngày sớm nhất của sổ tay",
                "the `{field}` date {date} is before {earliest}, the earliest date of the manual"
            )
        })
        .with_help(tr!(
            "sửa lại năm; nếu ngày đúng, đặt [site] earliest_date trong sotay.toml về một ngày sớm hơn",
            "correct the year; if the date is right, set [site] earliest_date in sotay.toml to an earlier day"
        ))
    })
}
