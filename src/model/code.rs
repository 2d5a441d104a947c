//! Identifiers that appear in front matter, validated when read: document codes, national TTHC
//! codes and ISO 9001 clause numbers.

use crate::lang::reason;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::vietnamese;

/// A controlled document's code as printed in the manual, e.g. `QT-07` or `QT 02/CX-HCTP`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocCode(String);

impl DocCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two codes are compared in: folded, upper-case, spaces and dashes unified,
    /// so `[[qt-07]]`, `[[QT 07]]` and `QT-07` are the same document.
    pub fn key(&self) -> String {
        code_key(&self.0)
    }

    /// The URL segment for this code: `QT-07` → `qt-07`.
    pub fn slug(&self) -> String {
        vietnamese::slug(&self.0)
    }
}

/// The comparison key of a code as written anywhere (a link, a step's form field).
pub fn code_key(text: &str) -> String {
    vietnamese::slug(text).to_uppercase()
}

impl TryFrom<String> for DocCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(reason(
                "mã đang để trống; ghi mã của tài liệu, ví dụ \"QT-07\"",
                "the code is empty; give the document's code, e.g. \"QT-07\"",
            ));
        }
        if trimmed.chars().count() > 40 {
            return Err(reason(
                format!("mã `{trimmed}` dài hơn 40 ký tự"),
                format!("the code `{trimmed}` is longer than 40 characters"),
            ));
        }
        if let Some(bad) = trimmed.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '/' | '_' | ' ')))
        {
            return Err(reason(
                format!("mã `{trimmed}` có ký tự `{bad}`; chỉ dùng chữ, số, `-`, `.`, `/` hoặc dấu cách"),
                format!("the code `{trimmed}` contains `{bad}`; use letters, digits, `-`, `.`, `/` or spaces"),
            ));
        }
        if vietnamese::slug(trimmed).is_empty() {
            return Err(reason(
                format!("mã `{trimmed}` không có chữ hay số nào"),
                format!("the code `{trimmed}` has no letters or digits"),
            ));
        }
        Ok(DocCode(trimmed.to_owned()))
    }
}

impl From<DocCode> for String {
    fn from(code: DocCode) -> String {
        code.0
    }
}

impl fmt::Display for DocCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A procedure code of the national database of administrative procedures: `1.001193`, or a
/// local variant with a suffix such as `1.001612.000.00.00.H01`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TthcCode(String);

impl TthcCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The national part, without a local suffix: `1.001612.000.00.00.H01` → `1.001612`.
    pub fn national(&self) -> &str {
        &self.0[..8]
    }
}

impl TryFrom<String> for TthcCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let code = value.trim();
        let bytes = code.as_bytes();
        let national = bytes.len() >= 8
            && bytes[0].is_ascii_digit()
            && bytes[1] == b'.'
            && bytes[2..8].iter().all(u8::is_ascii_digit);
        let suffix_ok = bytes.len() == 8
            || (bytes.len() > 9
                && bytes[8] == b'.'
                && code[9..]
                    .split('.')
                    .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric())));
        if national && suffix_ok {
            Ok(TthcCode(code.to_owned()))
        } else {
            Err(reason(
                format!("`{code}` không phải mã thủ tục hành chính; mã quốc gia có dạng 1.001193 (một chữ số, dấu chấm, sáu chữ số), mã của địa phương thêm phần đuôi như 1.001612.000.00.00.H01"),
                format!("`{code}` is not a TTHC code; national codes look like 1.001193 (one digit, a dot, six digits), local variants add a suffix such as 1.001612.000.00.00.H01"),
            ))
        }
    }
}

impl From<TthcCode> for String {
    fn from(code: TthcCode) -> String {
        code.0
    }
}

impl fmt::Display for TthcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A clause of ISO 9001:2015 from 4 to 10, e.g. `8.5.1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoClause(String);

impl IsoClause {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The top-level clause number (4 to 10).
    pub fn top(&self) -> u8 {
        self.0.split('.').next().and_then(|n| n.parse().ok()).unwrap_or(0)
    }
}

impl TryFrom<String> for IsoClause {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let clause = value.trim();
        let parts: Vec<&str> = clause.split('.').collect();
        let numeric = parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
        let top: u8 = parts[0].parse().unwrap_or(0);
        if numeric && parts.len() <= 4 && (4..=10).contains(&top) {
            Ok(IsoClause(clause.to_owned()))
        } else {
            Err(format!(
                "`{clause}` is not an ISO 9001:2015 clause; the requirements are clauses 4 to 10, e.g. \"7.5\" or \"8.5.1\""
            ))
        }
    }
}

impl From<IsoClause> for String {
    fn from(clause: IsoClause) -> String {
        clause.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_code_keys_ignore_case_and_separators() {
        let a = DocCode::try_from("QT-07".to_owned()).unwrap();
        assert_eq!(a.key(), code_key("qt 07"));
        assert_eq!(a.slug(), "qt-07");
        assert!(DocCode::try_from("  ".to_owned()).is_err());
        assert!(DocCode::try_from("QT<07>".to_owned()).is_err());
        assert_eq!(DocCode::try_from("QT 02/CX-HCTP".to_owned()).unwrap().slug(), "qt-02-cx-hctp");
    }

    #[test]
    fn tthc_codes_national_and_local() {
        assert!(TthcCode::try_from("1.001193".to_owned()).is_ok());
        let local = TthcCode::try_from("1.001612.000.00.00.H01".to_owned()).unwrap();
        assert_eq!(local.national(), "1.001612");
        for bad in ["1.00119", "01.001193", "1-001193", "1.001193.", "abc", "1.001193 x"] {
            assert!(TthcCode::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn iso_clauses_are_4_to_10() {
        assert!(IsoClause::try_from("8.5.1".to_owned()).is_ok());
        assert_eq!(IsoClause::try_from("10.2".to_owned()).unwrap().top(), 10);
        for bad in ["3.1", "11", "8..5", "8.a", ""] {
            assert!(IsoClause::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
