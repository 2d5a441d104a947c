//! `sotay check --report legal`: which facts of the legal registry rest on nothing checked.
//!
//! A procedure page states a law's status and dates; if nobody checked them against the
//! official text, or checked long ago, the page may be wrong. This report lists the entries to
//! look at: never verified, without a `source` link to the official text, and verified longer
//! ago than `[legal] verified_max_age_months` (12 without it) before the build date, when the
//! status may have changed since.

use serde::Serialize;

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

/// The report as text for people (Vietnamese: the readers are the agency's staff).
pub fn to_text(report: &LegalSources) -> String {
    let mut out = format!("Danh mục văn bản pháp luật, tính đến ngày {}:\n", report.date);
    let old = format!("Kiểm chứng đã hơn {} tháng, tình trạng có thể đã đổi", report.max_age_months);
    let lists = [
        ("Chưa kiểm chứng với văn bản gốc (chưa có verified)", &report.unverified),
        ("Không có nguồn (source) dẫn tới văn bản chính thức", &report.without_source),
        (old.as_str(), &report.verified_long_ago),
    ];
    for (title, rows) in lists {
        out.push_str(&format!("\n{title}: {}\n", rows.len()));
        for row in rows.iter() {
            let when = row.verified.map(|d| format!(" (kiểm chứng ngày {d})")).unwrap_or_default();
            out.push_str(&format!("  {}  {}{when}\n", row.number, row.file));
        }
    }
    out
}
