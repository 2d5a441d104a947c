//! Section 5.6, the fee (*lệ phí*): "Không", "50.000 đồng/hồ sơ", "Theo Nghị quyết của HĐND
//! tỉnh" read into one `[[procedure.fees]]` row: an amount, zero, or a note.

use super::report::Notes;
use super::values::{self, fold};
use super::{Fee, Procedure};

/// Reads the fee text into `procedure.fee`.
pub fn read(text: &str, procedure: &mut Procedure, notes: &mut Notes) {
    let folded = fold(text);
    // "Phí thẩm định …" is a fee for a service; anything else is read as a state charge.
    let kind = if folded.starts_with("phi") { "phí" } else { "lệ phí" };
    let fee = if folded.starts_with("khong") || folded.contains("mien phi") || folded.contains("khong thu") {
        Fee { kind, amount: Some(0), per: None, note: None }
    } else if let Some(amount) = values::money(text) {
        let per = text.split_once('/').map(|(_, per)| per.trim().trim_end_matches('.').to_owned());
        let per = per.filter(|p| !p.is_empty() && p.chars().count() <= 40);
        Fee { kind, amount: Some(amount), per, note: None }
    } else {
        notes.guess(tr!(
            "lệ phí \"{text}\" không có số tiền; ghi thành ghi chú",
            "the fee \"{text}\" has no amount; written as a note"
        ));
        Fee { kind, amount: None, per: None, note: Some(text.to_owned()) }
    };
    if kind == "lệ phí" && !folded.contains("le phi") && fee.amount != Some(0) {
        notes.guess(tr!(
            "không ghi rõ là phí hay lệ phí; ghi là lệ phí",
            "not stated whether it is a phí or a lệ phí; written as lệ phí"
        ));
    }
    notes.field("procedure.fees", text);
    procedure.fee = Some(fee);
}
