//! Numbers that are not legal documents: permits, certificates, receipts, minutes and dossier
//! numbers ("Giấy phép số 12/GP-SKHCN", "Biên nhận số 0345/BN-TNHS").
//!
//! They have the shape of an official letter's number (`serial/CODE-ISSUER`), so without this
//! list every one of them is "not in the legal registry". A number whose first code after the
//! slash is one of these (or one the manual declares in `sotay.toml`, `[legal]
//! non_legal_codes`), or that follows the name of such a paper, is neither linked nor warned
//! about. A number with a legal type code (`QĐ`, `TT`, …) is always a legal document.

use crate::model::LegalNumber;

/// First codes after the slash that mark a paper, not a legal document.
pub const NON_LEGAL_CODES: &[&str] = &[
    "GP",     // giấy phép
    "GPHĐ",   // giấy phép hoạt động
    "GCN",    // giấy chứng nhận
    "GCNĐK",  // giấy chứng nhận đăng ký
    "CN",     // chứng nhận
    "CC",     // chứng chỉ
    "CCHN",   // chứng chỉ hành nghề
    "BB",     // biên bản
    "BN",     // biên nhận
    "GBN",    // giấy biên nhận
    "BL",     // biên lai
    "HĐ",     // hợp đồng
    "PTN",    // phiếu tiếp nhận
    "TNHS",   // tiếp nhận hồ sơ
    "GXN",    // giấy xác nhận
    "XN",     // xác nhận
    "GĐK",    // giấy đăng ký
    "ĐK",     // đăng ký
    "HS",     // hồ sơ
    "TBTNHS", // thông báo tiếp nhận hồ sơ
];

/// Names of papers, folded, that a number after them (`… số 12/…`) belongs to.
pub const PAPER_WORDS: &[&str] = &[
    "giay phep",
    "giay chung nhan",
    "chung nhan",
    "chung chi",
    "bien ban",
    "bien nhan",
    "bien lai",
    "phieu",
    "ho so",
    "hoa don",
    "hop dong",
    "giay xac nhan",
    "ma ho so",
];

/// Whether `number` is a paper's number: its first code after the slash is a non-legal code,
/// built in or among `declared` (the manual's own, compared without diacritics and case).
pub fn is_non_legal(number: &LegalNumber, declared: &[String]) -> bool {
    if number.type_name().is_some() {
        return false;
    }
    let issuer = number.issuer();
    let first = crate::vietnamese::fold(issuer.split('-').next().unwrap_or_default()).to_uppercase();
    let same = |code: &str| crate::vietnamese::fold(code).to_uppercase() == first;
    NON_LEGAL_CODES.iter().any(|code| same(code)) || declared.iter().any(|code| same(code.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> LegalNumber {
        LegalNumber::parse(text).expect("a number in the test")
    }

    #[test]
    fn permits_certificates_and_receipts_are_not_legal_documents() {
        for text in ["12/GP-SKHCN", "05/2024/GCN-SKHCN", "0345/BN-TNHS", "7/BB-TĐC", "88/CCHN-SKHCN"] {
            assert!(is_non_legal(&n(text), &[]), "{text}");
        }
        for text in ["19/2014/QĐ-TTg", "1314/SKHCN-TĐC", "64/2025/QH15", "83/KH-UBND"] {
            assert!(!is_non_legal(&n(text), &[]), "{text}");
        }
    }

    #[test]
    fn a_declared_code_is_not_a_legal_document() {
        assert!(!is_non_legal(&n("12/GPMT-STNMT"), &[]));
        assert!(is_non_legal(&n("12/GPMT-STNMT"), &["gpmt".to_owned()]));
    }
}
