//! Which catalogue row each procedure implements, for the coverage report and its warnings.
//!
//! A province publishes its own variants of national TTHC (`1.001612.000.00.00.H01` is the
//! province's variant of `1.001612`), and catalogues and manuals do not agree on which of the two
//! they write: a catalogue copied from the national database lists the national code, a
//! province's decision the variant, and a procedure gives either (or both: `tthc_code` and
//! `local_code`). So a procedure matches a row that lists one of its codes exactly, or else a
//! row whose code is its code's national part, or whose national part is its national code.
//! Two different variants (`….H01`, `….H02`) do not match each other: they are different
//! procedures of different places.

use std::collections::BTreeMap;

use super::{in_use, Reach};
use crate::model::{Kind, TthcCode};
use crate::parse::catalog::Catalog;
use crate::resolve::ResolvedManual;

/// Procedures matched to catalogue rows.
#[derive(Debug, Default)]
pub struct Matches {
    /// By the code of the catalogue row (its first row when listed twice): the procedures, in
    /// document order.
    pub by_row: BTreeMap<String, Vec<usize>>,
    /// Procedures that match no row, by their `tthc_code`, in document order.
    pub unmatched: BTreeMap<String, Vec<usize>>,
}

/// A procedure's codes: its `tthc_code`, then its `local_code` if any.
fn codes_of(resolved: &ResolvedManual, index: usize) -> Vec<&TthcCode> {
    let doc = &resolved.manual.documents[index];
    let Some(procedure) = doc.meta.procedure.as_ref().map(|p| p.get_ref()) else { return Vec::new() };
    procedure.tthc_code.iter().chain(&procedure.local_code).map(|c| c.get_ref()).collect()
}

/// Whether `a` and `b` are one TTHC: the same code, or a variant and its national code.
fn same_tthc(a: &TthcCode, b: &TthcCode) -> bool {
    let national_only = |c: &TthcCode| c.as_str() == c.national();
    a.as_str() == b.as_str() || (a.national() == b.national() && (national_only(a) || national_only(b)))
}

/// The procedures in reach that implement a TTHC (in use, with a `tthc_code`).
fn implementing(resolved: &ResolvedManual, reach: Reach) -> Vec<usize> {
    reach
        .documents(resolved)
        .into_iter()
        .filter(|&i| {
            let doc = &resolved.manual.documents[i];
            doc.kind == Kind::Procedure && in_use(doc) && !codes_of(resolved, i).is_empty()
        })
        .collect()
}

/// Matches every procedure in reach to a row of `catalog`: an exact code first, else the first
/// row (in catalogue order) of the same TTHC.
pub fn match_catalogue(resolved: &ResolvedManual, catalog: &Catalog, reach: Reach) -> Matches {
    let mut matches = Matches::default();
    let rows: Vec<&TthcCode> = catalog.entries.iter().map(|e| &e.code).collect();
    for i in implementing(resolved, reach) {
        let codes = codes_of(resolved, i);
        let exact = rows.iter().find(|row| codes.iter().any(|c| c.as_str() == row.as_str()));
        let row = exact.or_else(|| rows.iter().find(|row| codes.iter().any(|c| same_tthc(c, row))));
        match row {
            Some(row) => matches.by_row.entry(row.as_str().to_owned()).or_default().push(i),
            None => matches.unmatched.entry(codes[0].as_str().to_owned()).or_default().push(i),
        }
    }
    matches
}

/// Without a catalogue: the procedures in reach grouped by `tthc_code`, all unmatched.
pub fn without_catalogue(resolved: &ResolvedManual, reach: Reach) -> Matches {
    let mut matches = Matches::default();
    for i in implementing(resolved, reach) {
        let code = codes_of(resolved, i)[0].as_str().to_owned();
        matches.unmatched.entry(code).or_default().push(i);
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> TthcCode {
        TthcCode::try_from(text.to_owned()).expect("a valid code")
    }

    #[test]
    fn a_local_variant_is_the_same_tthc_as_its_national_code() {
        assert!(same_tthc(&code("1.001612.000.00.00.H01"), &code("1.001612")));
        assert!(same_tthc(&code("1.001612"), &code("1.001612.000.00.00.H01")));
        assert!(same_tthc(&code("1.001612.000.00.00.H01"), &code("1.001612.000.00.00.H01")));
    }

    #[test]
    fn two_variants_or_two_national_codes_are_different_tthc() {
        assert!(!same_tthc(&code("1.001612.000.00.00.H01"), &code("1.001612.000.00.00.H02")));
        assert!(!same_tthc(&code("1.001612"), &code("1.001613")));
        assert!(!same_tthc(&code("1.001612.000.00.00.H01"), &code("1.001613")));
    }
}
