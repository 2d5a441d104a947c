//! The import's honest report: for each file, what became which field, every guess and why,
//! what could not be placed (kept in the body for review), units the manual lacks, and the
//! `sotay check` problems of the written document; a summary line; text or JSON.

use serde::Serialize;

use crate::diagnostic::Text;
use crate::lang::Lang;

/// What the recognisers note while they read one file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Notes {
    /// (field, value as read).
    pub fields: Vec<Filled>,
    pub guesses: Vec<Text>,
    /// Things a person must look at: unplaced content, values that could not be read.
    pub review: Vec<Text>,
    /// Units named in the file that sotay.toml does not have: (as written, id written).
    pub unknown_units: Vec<UnknownUnit>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Filled {
    pub field: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct UnknownUnit {
    pub place: String,
    pub written: String,
    pub id: String,
    /// The manual's closest unit, "Tên (id)", when one is close enough to suggest.
    pub closest: Option<String>,
}

impl Notes {
    pub fn field(&mut self, field: &str, value: &str) {
        self.fields.push(Filled { field: field.to_owned(), value: value.trim().to_owned() });
    }

    pub fn guess(&mut self, text: Text) {
        self.guesses.push(text);
    }

    pub fn review(&mut self, text: Text) {
        self.review.push(text);
    }

    pub fn unknown_unit(&mut self, place: &str, written: &str, id: &str, closest: Option<String>) {
        let (place, written, id) = (place.to_owned(), written.to_owned(), id.to_owned());
        self.unknown_units.push(UnknownUnit { place, written, id, closest });
    }
}

/// What happened to one file.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Outcome {
    /// Written (or, with --dry-run, would be written) to these paths inside the manual.
    Imported { document: String, files: Vec<String>, written: bool },
    /// Not imported, with the one-line reason.
    Failed { reason: String },
}

/// The report of one file.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub source: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub kind: Option<&'static str>,
    pub code: Option<String>,
    #[serde(flatten)]
    pub notes: Notes,
    /// `sotay check` problems of the written document, one line each.
    pub diagnostics: Vec<String>,
}

/// The whole run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub imported: usize,
    pub failed: usize,
    pub fields_filled: usize,
    pub to_review: usize,
    pub dry_run: bool,
}

impl Report {
    pub fn new(files: Vec<FileReport>, dry_run: bool) -> Report {
        let imported = files.iter().filter(|f| matches!(f.outcome, Outcome::Imported { .. })).count();
        let fields_filled = files.iter().map(|f| f.notes.fields.len()).sum();
        let to_review = files
            .iter()
            .map(|f| f.notes.guesses.len() + f.notes.review.len() + f.notes.unknown_units.len() + f.diagnostics.len())
            .sum();
        Report { imported, failed: files.len() - imported, fields_filled, to_review, dry_run, files }
    }

    /// The report as JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report is plain data") + "\n"
    }

    /// The report as text for people.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        for file in &self.files {
            file.write_text(&mut out, lang);
        }
        out.push_str(&self.summary(lang));
        out.push('\n');
        out
    }

    /// "Đã nhập 12 tệp (1 lỗi), điền 180 trường, 9 mục cần xem lại".
    pub fn summary(&self, lang: Lang) -> String {
        let (imported, failed, fields, review) = (self.imported, self.failed, self.fields_filled, self.to_review);
        let verb =
            if self.dry_run { lang.pick("Sẽ nhập", "Would import") } else { lang.pick("Đã nhập", "Imported") };
        lang.pick(
            format!("{verb} {imported} tệp ({failed} không nhập được), điền {fields} trường, {review} mục cần xem lại"),
            format!(
                "{verb} {imported} files ({failed} not imported), {fields} fields filled, {review} items to review"
            ),
        )
    }
}

impl FileReport {
    fn write_text(&self, out: &mut String, lang: Lang) {
        match &self.outcome {
            Outcome::Failed { reason } => {
                out.push_str(&format!("{}: {} {reason}\n", self.source, lang.pick("không nhập:", "not imported:")));
                return;
            }
            Outcome::Imported { document, written, .. } => {
                let arrow = if *written { "→" } else { lang.pick("→ (chạy thử)", "→ (dry run)") };
                out.push_str(&format!("{} {arrow} {document}\n", self.source));
            }
        }
        for filled in &self.notes.fields {
            out.push_str(&format!("  {} {}: {}\n", lang.pick("điền", "filled"), filled.field, filled.value));
        }
        for guess in &self.notes.guesses {
            out.push_str(&format!("  {} {}\n", lang.pick("đoán:", "guess:"), guess.get(lang)));
        }
        for unit in &self.notes.unknown_units {
            let closest = match &unit.closest {
                Some(name) => format!("{} {name}", lang.pick("; hay là đơn vị", "; or did you mean")),
                None => String::new(),
            };
            out.push_str(&format!(
                "  {} {}: \"{}\" → \"{}\"; {}{closest}\n",
                lang.pick("đơn vị chưa có:", "unknown unit:"),
                unit.place,
                unit.written,
                unit.id,
                lang.pick(
                    "thêm [[units]] với id này vào sotay.toml",
                    "add a [[units]] entry with this id to sotay.toml"
                ),
            ));
        }
        for item in &self.notes.review {
            out.push_str(&format!("  {} {}\n", lang.pick("cần xem lại:", "to review:"), item.get(lang)));
        }
        for line in &self.diagnostics {
            out.push_str(&format!("  {} {line}\n", lang.pick("kiểm tra:", "check:")));
        }
    }
}
