//! `sotay import`: the Word files an agency already has (procedures and forms built on the
//! framework model, DOMAIN.md §3 and §8) turned into sotay documents, with a report of what
//! became which field, what was guessed and what a person must still place.
//!
//! Per file: [`archive`] opens the .docx within limits (or says in one line why not),
//! [`wordml`] reads its blocks (text decoded from legacy fonts by [`legacy`]), [`structure`]
//! recognises the header, sign-off, amendments and sections, [`procedure`] fills the typed
//! procedure fields, [`body`] and [`frontmatter`] write the document, and [`write`] puts it in
//! the manual and runs `sotay check` on the result. Output paths come only from the document's
//! validated code, and nothing depends on the clock, so importing twice gives the same bytes.

mod archive;
mod body;
mod convert;
mod dossier;
mod fee;
mod frontmatter;
mod inline;
mod legacy;
mod methods;
mod procedure;
mod report;
mod signoff;
mod structure;
mod styles;
mod tables;
mod units;
mod values;
mod wordml;
mod write;

use std::path::PathBuf;

pub use legacy::Encoding;
pub use report::{FileReport, Notes, Outcome, Report};
pub use write::run;

use crate::model::{Date, DocCode, Kind};

/// What `sotay import` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The manual (the folder holding sotay.toml).
    pub dir: PathBuf,
    /// The kind of every file, when the files do not say it themselves.
    pub kind: Option<Kind>,
    /// Print what would be written, write nothing.
    pub dry_run: bool,
    /// Replace documents that already exist.
    pub force: bool,
}

/// A sign-off as read: name, title, date.
#[derive(Clone, Debug, Default)]
pub struct Signoff {
    pub name: String,
    pub title: String,
    pub date: Option<Date>,
}

/// A step of the step table.
#[derive(Clone, Debug, Default)]
pub struct Step {
    pub task: String,
    pub unit: String,
    pub time: Option<String>,
    pub form: Option<String>,
    pub result: Option<String>,
}

/// A record of section 7.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub name: String,
    pub kept_by: String,
    pub retention: String,
    pub form: Option<String>,
}

/// A dossier item of section 5.2.
#[derive(Clone, Debug, Default)]
pub struct DossierItem {
    pub name: String,
    pub copy: Option<String>,
    pub count: Option<u32>,
    pub originals: Option<u32>,
    pub copies: Option<u32>,
    pub form: Option<String>,
    pub note: Option<String>,
}

/// The fee of section 5.6.
#[derive(Clone, Debug)]
pub struct Fee {
    pub kind: &'static str,
    pub amount: Option<u64>,
    pub per: Option<String>,
    pub note: Option<String>,
}

/// The `[procedure]` fields read from sections 5–7.
#[derive(Clone, Debug, Default)]
pub struct Procedure {
    pub dossier_count: Option<String>,
    pub where_to_submit: Option<String>,
    /// (method kind, time limit) rows of 5.4.
    pub methods: Vec<(&'static str, String)>,
    pub fee: Option<Fee>,
    pub dossier: Vec<DossierItem>,
    pub steps: Vec<Step>,
    pub records: Vec<Record>,
}

/// A document ready to be written.
#[derive(Clone, Debug)]
pub struct Draft {
    pub kind: Kind,
    pub code: DocCode,
    pub title: String,
    pub revision: Option<u32>,
    pub issued: Option<Date>,
    pub effective: Option<Date>,
    pub signoffs: [Option<Signoff>; 3],
    pub amendments: Vec<structure::Amendment>,
    pub legal_basis: Vec<String>,
    pub procedure: Option<Procedure>,
    pub form_files: Vec<String>,
    pub body: String,
}

#[cfg(test)]
mod tests;
