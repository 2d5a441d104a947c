//! What the search index holds of each published thing a citizen may look for: procedures (code,
//! TTHC code, title, field, case names, dossier items, results, where to submit, fees, steps),
//! forms, announcements, pages and the other documents, and the legal registry's entries
//! (number, type, title, issuer). Each is a [`SearchDoc`]: how it is shown in a result and its
//! texts, each under a [`Field`] whose weight says how much a match there counts.
//!
//! To index one more field of a procedure, add a line to [`procedure_texts`] (and, for a new kind
//! of text, a [`Field`] variant with its weight).

use serde::{Deserialize, Serialize};

use super::super::views::{DocView, ProcedureView, TranslationLink};
use crate::model::Kind;
use crate::parse::LegalEntry;

/// Where a text stands in a document, and so how much a match in it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Field {
    Title,
    Code,
    TthcCode,
    LegalNumber,
    Field,
    Case,
    Result,
    Dossier,
    Summary,
    Fee,
    Where,
    Applicants,
    Step,
    Issuer,
}

impl Field {
    const ALL: [Field; 14] = [
        Field::Title,
        Field::Code,
        Field::TthcCode,
        Field::LegalNumber,
        Field::Field,
        Field::Case,
        Field::Result,
        Field::Dossier,
        Field::Summary,
        Field::Fee,
        Field::Where,
        Field::Applicants,
        Field::Step,
        Field::Issuer,
    ];

    /// How much one query word found here counts.
    pub fn weight(self) -> u32 {
        match self {
            Field::Title | Field::Code | Field::TthcCode => 10,
            Field::LegalNumber => 6,
            Field::Case | Field::Result => 5,
            Field::Field | Field::Dossier | Field::Summary | Field::Fee => 4,
            Field::Issuer => 3,
            Field::Where | Field::Applicants | Field::Step => 2,
        }
    }
}

impl From<Field> for u8 {
    fn from(field: Field) -> u8 {
        Field::ALL.iter().position(|f| *f == field).expect("every field is in ALL") as u8
    }
}

impl TryFrom<u8> for Field {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, String> {
        Field::ALL.get(usize::from(value)).copied().ok_or_else(|| format!("no search field {value}"))
    }
}

/// One result the search can give; short keys keep the index small.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Site path of the page, e.g. `quy-trinh/qt-07/`.
    pub u: String,
    /// Kind, as readers name it.
    pub k: String,
    /// Code, or a legal document's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c: Option<String>,
    /// Title.
    pub t: String,
    /// The language, for a translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub g: Option<String>,
    /// The agency, in a portal's index (its name and slug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    /// How much the document itself counts, 1 to 10: what citizens act on (procedures with a
    /// TTHC code, the forms they hand in) above the agency's internal-looking documents.
    pub w: u32,
    /// Texts searched, each with its field; the title and code come first.
    pub x: Vec<(Field, String)>,
}

/// How much a kind of document counts, before its fields.
fn boost(view: &DocView, dossier_forms: &[&str]) -> u32 {
    let code = view.reference.code.as_deref().unwrap_or_default();
    match view.reference.kind {
        Kind::Procedure if view.procedure.as_ref().is_some_and(|p| p.tthc_code.is_some()) => 10,
        Kind::Form if dossier_forms.contains(&code) => 9,
        Kind::Procedure | Kind::Announcement | Kind::Page => 7,
        Kind::Form | Kind::Policy | Kind::Objective | Kind::Manual => 6,
    }
}

/// The texts of a procedure a citizen may search for, each with its field.
fn procedure_texts(p: &ProcedureView, x: &mut Vec<(Field, String)>) {
    let mut push = |field: Field, text: &str| x.push((field, text.to_owned()));
    p.name.iter().for_each(|n| push(Field::Title, n));
    p.tthc_code.iter().chain(&p.local_code).for_each(|c| push(Field::TthcCode, c));
    p.field.iter().for_each(|f| push(Field::Field, f));
    p.cases.iter().for_each(|c| push(Field::Case, &c.name));
    p.dossier.iter().filter_map(|g| g.case.as_deref()).for_each(|c| push(Field::Case, c));
    p.results.iter().for_each(|r| push(Field::Result, &r.name));
    for item in p.dossier.iter().flat_map(|g| &g.items) {
        push(Field::Dossier, &item.name);
        item.one_of.iter().for_each(|alternative| push(Field::Dossier, alternative));
    }
    p.fees.iter().filter_map(|f| f.note.as_deref()).for_each(|f| push(Field::Fee, f));
    p.where_to_submit.iter().for_each(|w| push(Field::Where, w));
    p.submit_at.iter().for_each(|body| push(Field::Where, &body.name));
    p.applicants.iter().for_each(|a| push(Field::Applicants, a));
    p.steps.iter().for_each(|s| push(Field::Step, &s.task));
}

/// The forms a procedure's dossier names: what applicants fill in.
pub fn dossier_forms(views: &[std::sync::Arc<DocView>]) -> Vec<&str> {
    let items = views.iter().filter_map(|v| v.procedure.as_ref()).flat_map(|p| &p.dossier).flat_map(|g| &g.items);
    let mut codes: Vec<&str> = items.filter_map(|i| i.form.as_ref()?.code.as_deref()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// A published document, at site path `path`.
pub fn document(view: &DocView, path: String, dossier_forms: &[&str]) -> SearchDoc {
    let mut x = vec![(Field::Title, view.reference.title.clone())];
    x.extend(view.reference.code.iter().map(|c| (Field::Code, c.clone())));
    if let Some(p) = &view.procedure {
        procedure_texts(p, &mut x);
    }
    x.extend(view.summary.iter().map(|s| (Field::Summary, s.clone())));
    let cited = |provision: Option<&String>, number: &str| match provision {
        Some(provision) => format!("{provision} {number}"),
        None => number.to_owned(),
    };
    let mut legal: Vec<String> = view.citations.iter().map(|c| cited(c.provision.as_ref(), &c.number)).collect();
    legal.extend(view.legal_basis.iter().map(|b| cited(b.provision.as_ref(), &b.number)));
    legal.sort_unstable();
    legal.dedup();
    x.extend(legal.into_iter().map(|l| (Field::LegalNumber, l)));
    SearchDoc {
        u: path,
        k: view.reference.kind_name.clone(),
        c: view.reference.code.clone(),
        t: view.reference.title.clone(),
        g: None,
        a: None,
        p: None,
        w: boost(view, dossier_forms),
        x,
    }
}

/// A published translation of `view`'s document, whose kind is called `kind` in its language.
pub fn translation(view: &DocView, link: &TranslationLink, path: String, kind: &str) -> SearchDoc {
    let mut x = vec![(Field::Title, link.title.clone())];
    x.extend(view.reference.code.iter().map(|c| (Field::Code, c.clone())));
    x.extend(link.summary.iter().map(|s| (Field::Summary, s.clone())));
    SearchDoc {
        u: path,
        k: kind.to_owned(),
        c: view.reference.code.clone(),
        t: link.title.clone(),
        g: Some(link.lang.clone()),
        a: None,
        p: None,
        w: 5,
        x,
    }
}

/// A legal registry entry, whose page is at `path`; its kind is its type ("Thông tư").
pub fn legal(entry: &LegalEntry, path: String) -> SearchDoc {
    let doc = &entry.doc;
    let number = doc.number.get_ref().to_string();
    let kind = doc.type_name();
    let x = vec![
        (Field::Title, doc.summary.clone()),
        (Field::Code, number.clone()),
        // How citizens name it ("Nghị định 118/2025/NĐ-CP"), as strong as its number.
        (Field::Code, format!("{kind} {number}")),
        (Field::Issuer, doc.issuer.clone()),
    ];
    SearchDoc { u: path, k: kind, c: Some(number), t: doc.summary.clone(), g: None, a: None, p: None, w: 7, x }
}
