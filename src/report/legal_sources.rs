//! `sotay check --report legal`: which facts of the legal registry rest on nothing checked.
//!
//! A procedure page states a law's status and dates; if nobody checked them against the
//! official text, or checked long ago, the page may be wrong. This report lists the entries to
//! look at: never verified, without a `source` link to the official text, and verified longer
//! ago than `[legal] verified_max_age_months` (12 without it) before the build date, when the
//! status may have changed since.

use serde::Serialize;

use crate::lang::Lang;
use crate::model::Date;
use crate::resolve::ResolvedManual;

/// Months after which a verification is old when `sotay.toml` does not say.
pub const DEFAULT_MAX_AGE_MONTHS: u32 = 12;

/// One registry entry in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LegalRow {
    pub number: String,
    /// The entry's file, relative to the manual folder.
    pub file: String,
    /// When it was verified, if ever.
    pub verified: Option<Date>,
}

/// The report: three lists, each in registry order.
#[derive(Clone, Debug, Serialize)]
pub struct LegalSources {
    pub date: Date,
    pub max_age_months: u32,
    pub unverified: Vec<LegalRow>,
    pub without_source: Vec<LegalRow>,
    pub verified_long_ago: Vec<LegalRow>,
}

/// The report of `resolved`'s registry, as of the build date.
pub fn legal_sources(resolved: &ResolvedManual) -> LegalSources {
    let config = &resolved.manual.config.legal;
    let max_age_months = config.verified_max_age_months.as_ref().map_or(DEFAULT_MAX_AGE_MONTHS, |m| *m.get_ref());
    let date = resolved.options.date;
    let mut report = LegalSources {
        date,
        max_age_months,
        unverified: Vec::new(),
        without_source: Vec::new(),
        verified_long_ago: Vec::new(),
    };
    for entry in &resolved.manual.legal {
        let doc = &entry.doc;
        let verified = doc.verified.as_ref().map(|v| v.date);
        let row = LegalRow {
            number: doc.number.get_ref().to_string(),
            file: entry.file.path.display().to_string(),
            verified,
        };
        if doc.source.is_none() {
            report.without_source.push(row.clone());
        }
        match verified {
            None => report.unverified.push(row),
            Some(day) if day.add_months(max_age_months) < date => report.verified_long_ago.push(row),
            Some(_) => {}
        }
    }
    report
}

/// The report as text for people, in `lang` (`--lang`, else the manual's language: the readers are its staff).
pub fn to_text(report: &LegalSources, lang: Lang) -> String {
    let mut out = lang.pick(
        format!("Danh mục văn bản pháp luật, tính đến ngày {}:\n", report.date),
        format!("The legal registry as of {}:\n", report.date),
    );
    let months = report.max_age_months;
    let lists = [
        (
            lang.pick(
                "Chưa kiểm chứng với văn bản gốc (chưa có verified)".to_owned(),
                "Not checked against the official text (no `verified`)".to_owned(),
            ),
            &report.unverified,
        ),
        (
            lang.pick(
                "Không có nguồn (source) dẫn tới văn bản chính thức".to_owned(),
                "No `source` link to the official text".to_owned(),
            ),
            &report.without_source,
        ),
        (
            lang.pick(
                format!("Kiểm chứng đã hơn {months} tháng, tình trạng có thể đã đổi"),
                format!("Checked more than {months} months ago: the status may have changed"),
            ),
            &report.verified_long_ago,
        ),
    ];
    for (title, rows) in lists {
        out.push_str(&format!("\n{title}: {}\n", rows.len()));
        for row in rows.iter() {
            let when = row
                .verified
                .map(|d| lang.pick(format!(" (kiểm chứng ngày {d})"), format!(" (checked on {d})")))
                .unwrap_or_default();
            out.push_str(&format!("  {}  {}{when}\n", row.number, row.file));
        }
    }
    out
}
