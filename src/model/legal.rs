//! Legal documents: the number grammar of Decree 30/2020/NĐ-CP (DOMAIN.md §4) and the registry
//! entries in `legal/*.toml` that procedures cite as their legal basis.

use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::date::Date;
use crate::vietnamese;

/// Document types that may open the part after the slash (`QĐ` in `19/2014/QĐ-TTg`), with names.
const TYPES: &[(&str, &str)] = &[
    ("L", "Luật"),
    ("NQ", "Nghị quyết"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("PL", "Pháp lệnh"),
    ("LCT", "Lệnh"),
    ("NĐ", "Nghị định"),
    ("QĐ", "Quyết định"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("CT", "Chỉ thị"),
    ("KH", "Kế hoạch"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("BC", "Báo cáo"),
    ("VBHN", "Văn bản hợp nhất"),
    ("CV", "Công văn"),
];

/// ASCII spellings that stand for letters with đ, printed in their proper form.
const ASCII_FORMS: &[(&str, &str)] = &[("QD", "QĐ"), ("ND", "NĐ"), ("HDND", "HĐND"), ("TDC", "TĐC")];

/// A legal document's number: `19/2014/QĐ-TTg`, `64/2025/QH15`, `2617/QĐ-UBND`, `1314/SKHCN-TĐC`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LegalNumber {
    serial: String,
    year: Option<u16>,
    doc_type: Option<String>,
    issuer: Vec<String>,
}

impl LegalNumber {
    /// Parses a number as people write it: spaces around `/` and `-`, en dashes, `QD` for `QĐ`.
    pub fn parse(text: &str) -> Result<LegalNumber, String> {
        let cleaned = clean(text);
        let bad = || {
            format!(
                "`{}` is not a legal document number; expected forms like 19/2014/QĐ-TTg, 64/2025/QH15, 2617/QĐ-UBND or 1314/SKHCN-TĐC",
                text.trim()
            )
        };
        let parts: Vec<&str> = cleaned.split('/').collect();
        let (serial, year, suffix) = match parts.as_slice() {
            [serial, year, suffix] => {
                let year: u16 = year.parse().map_err(|_| bad())?;
                if !(1945..=2100).contains(&year) {
                    return Err(bad());
                }
                (*serial, Some(year), *suffix)
            }
            [serial, suffix] => (*serial, None, *suffix),
            _ => return Err(bad()),
        };
        let serial_ok = !serial.is_empty()
            && serial.len() <= 6
            && serial.starts_with(|c: char| c.is_ascii_digit())
            && serial.chars().all(|c| c.is_ascii_alphanumeric());
        let tokens: Vec<String> = suffix.split('-').map(proper_form).collect();
        if !serial_ok || tokens.iter().any(|t| t.is_empty() || !t.chars().all(char::is_alphanumeric)) {
            return Err(bad());
        }
        if !tokens[0].starts_with(|c: char| c.is_uppercase()) {
            return Err(bad());
        }
        let is_type = TYPES.iter().any(|(code, _)| *code == tokens[0]);
        let (doc_type, issuer) = if is_type && tokens.len() >= 2 {
            (Some(tokens[0].clone()), tokens[1..].to_vec())
        } else if (tokens.len() == 1 && year.is_some() && tokens[0].starts_with("QH"))
            || (!is_type && tokens.len() >= 2)
        {
            (None, tokens)
        } else {
            return Err(bad());
        };
        Ok(LegalNumber { serial: serial.to_owned(), year, doc_type, issuer })
    }

    /// The form two numbers are compared in: diacritics folded, upper-case.
    pub fn key(&self) -> String {
        vietnamese::fold(&self.to_string()).to_uppercase()
    }

    /// The URL segment: `19/2014/QĐ-TTg` → `19-2014-qd-ttg`.
    pub fn slug(&self) -> String {
        vietnamese::slug(&self.to_string())
    }

    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// The type code after the slash (`QĐ`), when the number has one.
    pub fn type_code(&self) -> Option<&str> {
        self.doc_type.as_deref()
    }

    /// The type's Vietnamese name: `QĐ` → `Quyết định`; a bare `QH…` number is a law.
    pub fn type_name(&self) -> Option<&'static str> {
        match &self.doc_type {
            Some(code) => TYPES.iter().find(|(c, _)| c == code).map(|(_, name)| *name),
            None if self.issuer.len() == 1 && self.issuer[0].starts_with("QH") => Some("Luật"),
            None => None,
        }
    }

    pub fn issuer(&self) -> String {
        self.issuer.join("-")
    }
}

fn clean(text: &str) -> String {
    let text = vietnamese::nfc(text.trim()).replace(['\u{2013}', '\u{2014}', '\u{2010}', '\u{2011}'], "-");
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        out.push(c);
    }
    out
}

fn proper_form(token: &str) -> String {
    ASCII_FORMS
        .iter()
        .find(|(ascii, _)| *ascii == token)
        .map_or_else(|| token.to_owned(), |(_, proper)| (*proper).to_owned())
}

impl fmt::Display for LegalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serial)?;
        if let Some(year) = self.year {
            write!(f, "/{year}")?;
        }
        f.write_str("/")?;
        if let Some(doc_type) = &self.doc_type {
            write!(f, "{doc_type}-")?;
        }
        f.write_str(&self.issuer.join("-"))
    }
}

impl TryFrom<String> for LegalNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        LegalNumber::parse(&value)
    }
}

impl From<LegalNumber> for String {
    fn from(number: LegalNumber) -> String {
        number.to_string()
    }
}

/// Validity as the national legal database states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LegalStatus {
    InForce,
    PartlyExpired,
    Expired,
    NotYetInForce,
    Suspended,
}

impl LegalStatus {
    pub fn vietnamese(self) -> &'static str {
        match self {
            LegalStatus::InForce => "Còn hiệu lực",
            LegalStatus::PartlyExpired => "Hết hiệu lực một phần",
            LegalStatus::Expired => "Hết hiệu lực toàn bộ",
            LegalStatus::NotYetInForce => "Chưa có hiệu lực",
            LegalStatus::Suspended => "Ngưng hiệu lực",
        }
    }
}

/// Who checked a registry entry's facts against the official text, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    pub date: Date,
    /// Who checked: a name or a post ("Nguyễn Văn A, Văn phòng Sở").
    pub by: Option<String>,
    /// The source checked, when not the entry's own `source`: a link or a printed source.
    pub source: Option<Spanned<String>>,
}

/// An article of a legal document, so citations can point at `Điều 4` or `khoản 6 Điều 4`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// The article number as written: `4`, `5a`.
    pub number: String,
    pub title: Option<String>,
    /// The clauses the article has (`"1"`, `"2a"`, or `{ number = "6", points = ["a", "b"] }`), when known.
    #[serde(default)]
    pub clauses: Vec<Clause>,
}

/// A clause of an article: its number alone (`"6"`) or with its title and points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ClauseWritten", into = "ClauseWritten")]
pub struct Clause {
    pub number: String,
    pub title: Option<String>,
    pub points: Vec<String>,
}

/// How a clause may be written in the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, expecting = "số khoản (\"6\") hoặc bảng { number = \"6\", title = \"…\", points = [\"a\"] }")]
pub enum ClauseWritten {
    Number(String),
    Table(ClauseTable),
}

/// A clause written as a table: `{ number = "6", points = ["a", "b"] }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseTable {
    pub number: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub points: Vec<String>,
}

impl From<ClauseWritten> for Clause {
    fn from(written: ClauseWritten) -> Clause {
        match written {
            ClauseWritten::Number(number) => Clause { number, title: None, points: Vec::new() },
            ClauseWritten::Table(ClauseTable { number, title, points }) => Clause { number, title, points },
        }
    }
}

impl From<Clause> for ClauseWritten {
    fn from(clause: Clause) -> ClauseWritten {
        if clause.title.is_none() && clause.points.is_empty() {
            ClauseWritten::Number(clause.number)
        } else {
            ClauseWritten::Table(ClauseTable { number: clause.number, title: clause.title, points: clause.points })
        }
    }
}

/// The anchor of an article (`dieu-4`), of a clause (`dieu-4-khoan-6`) or of a point
/// (`dieu-4-khoan-6-diem-a`) on a legal document's page.
pub fn provision_anchor(article: &str, clause: Option<&str>, point: Option<&str>) -> String {
    let mut anchor = format!("dieu-{}", vietnamese::slug(article));
    if let Some(clause) = clause {
        anchor.push_str("-khoan-");
        anchor.push_str(&vietnamese::slug(clause));
        if let Some(point) = point {
            anchor.push_str("-diem-");
            anchor.push_str(&vietnamese::slug(point));
        }
    }
    anchor
}

impl Article {
    /// Every anchor the legal page gives this article, its clauses and their points.
    pub fn anchors(&self) -> Vec<String> {
        let mut anchors = vec![provision_anchor(&self.number, None, None)];
        for clause in &self.clauses {
            anchors.push(provision_anchor(&self.number, Some(&clause.number), None));
            anchors.extend(clause.points.iter().map(|p| provision_anchor(&self.number, Some(&clause.number), Some(p))));
        }
        anchors
    }
}

/// Directed relations to other legal documents (DOMAIN.md §4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relations {
    #[serde(default)]
    pub replaces: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub replaced_by: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub amends: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub amended_by: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub guides: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub guided_by: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub repeals: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub repealed_by: Vec<Spanned<LegalNumber>>,
    #[serde(default)]
    pub based_on: Vec<Spanned<LegalNumber>>,
}

/// One entry of the legal registry: a file `legal/*.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalDoc {
    pub number: Spanned<LegalNumber>,
    /// The type's name, e.g. `Quyết định`; taken from the number when omitted.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Who issued it, e.g. `Thủ tướng Chính phủ`.
    pub issuer: String,
    /// The trích yếu: what the document is about.
    pub summary: String,
    pub signed: Date,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    pub status: LegalStatus,
    pub signer: Option<String>,
    /// A link to the official text.
    pub source: Option<Spanned<String>>,
    /// Where and when the facts above were checked; absent means unverified.
    pub verified: Option<Verification>,
    /// Notes shown on the document's page, e.g. what is still unverified.
    pub note: Option<String>,
    #[serde(default)]
    pub relations: Relations,
    #[serde(default)]
    pub articles: Vec<Article>,
}

impl LegalDoc {
    /// Every anchor of the entry's page for its articles, clauses and points.
    pub fn anchors(&self) -> Vec<String> {
        self.articles.iter().flat_map(Article::anchors).collect()
    }

    /// The link to the official text the facts were checked against: `verified.source` when
    /// given, else `source`.
    pub fn checked_source(&self) -> Option<&Spanned<String>> {
        self.verified.as_ref().and_then(|v| v.source.as_ref()).or(self.source.as_ref())
    }

    /// The type's name as printed: the registry's own, else the one the number implies.
    pub fn type_name(&self) -> String {
        self.doc_type
            .clone()
            .or_else(|| self.number.get_ref().type_name().map(str::to_owned))
            .unwrap_or_else(|| "Văn bản".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Result<String, String> {
        LegalNumber::parse(text).map(|n| n.to_string())
    }

    #[test]
    fn parses_the_four_shapes() {
        assert_eq!(n("19/2014/QĐ-TTg").unwrap(), "19/2014/QĐ-TTg");
        assert_eq!(n("64/2025/QH15").unwrap(), "64/2025/QH15");
        assert_eq!(n("2617/QĐ-UBND").unwrap(), "2617/QĐ-UBND");
        assert_eq!(n("1314/SKHCN-TĐC").unwrap(), "1314/SKHCN-TĐC");
        assert_eq!(n("17/2015/TTLT-BTP-BQP").unwrap(), "17/2015/TTLT-BTP-BQP");
    }

    #[test]
    fn messy_forms_print_properly() {
        assert_eq!(n("19/2014/QĐ- TTg").unwrap(), "19/2014/QĐ-TTg");
        assert_eq!(n("19/2014/QĐ – TTg").unwrap(), "19/2014/QĐ-TTg");
        assert_eq!(n("118/2025/ND-CP").unwrap(), "118/2025/NĐ-CP");
        assert_eq!(
            LegalNumber::parse("19/2014/QD-TTg").unwrap().key(),
            LegalNumber::parse("19/2014/QĐ-TTg").unwrap().key()
        );
    }

    #[test]
    fn rejects_things_that_are_not_numbers() {
        for bad in ["15/01/2026", "1/2", "abc", "19/2014", "19/3000/QĐ-TTg", "0912/345/678", "https://x/y"] {
            assert!(n(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_clause_is_its_number_or_a_table_with_points_and_anchors_follow() {
        let article: Article =
            toml::from_str("number = \"4\"\nclauses = [\"5\", { number = \"6\", points = [\"a\"] }]").unwrap();
        assert_eq!(article.clauses[0], Clause { number: "5".into(), title: None, points: vec![] });
        assert_eq!(article.clauses[1].points, ["a"]);
        assert_eq!(article.anchors(), ["dieu-4", "dieu-4-khoan-5", "dieu-4-khoan-6", "dieu-4-khoan-6-diem-a"]);
        for bad in ["clauses = [5]", "clauses = [{ number = \"6\", pointz = [\"a\"] }]"] {
            let err = toml::from_str::<Article>(&format!("number = \"4\"\n{bad}")).unwrap_err().to_string();
            assert!(err.contains("số khoản"), "{bad}: {err}");
        }
    }

    #[test]
    fn type_names_come_from_the_number() {
        assert_eq!(LegalNumber::parse("116/2015/TT-BTC").unwrap().type_name(), Some("Thông tư"));
        assert_eq!(LegalNumber::parse("64/2025/QH15").unwrap().type_name(), Some("Luật"));
        assert_eq!(LegalNumber::parse("1314/SKHCN-TĐC").unwrap().type_name(), None);
    }
}
