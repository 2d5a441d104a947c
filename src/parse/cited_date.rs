//! The signing date written after a cited number: "… số 2617/QĐ-UBND ngày 05/8/2025", "ngày
//! 05 tháng 3 năm 2014". The resolver compares it with the registry (`citation-date-mismatch`):
//! a wrong date in a citation usually means the wrong document, or a typo in one of the two.

use crate::model::Date;
use crate::vietnamese;

/// The date written after byte `end` (`[,] ngày dd/mm/yyyy` or `ngày d tháng m năm yyyy`), if any.
pub fn date_after(text: &str, end: usize) -> Option<Date> {
    let rest = text.get(end..)?;
    let rest = rest.trim_start_matches([' ', '\t', '\u{a0}', ',']);
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || is_mark(*c)).collect();
    if vietnamese::fold_lower(&word) != "ngay" {
        return None;
    }
    let after = rest[word.len()..].trim_start_matches([' ', '\t', '\u{a0}']);
    let numbers = numbers_of(after)?;
    match numbers.as_slice() {
        [day, month, year] if *year >= 1945 => Date::new(*year as i32, *month as u8, *day as u8),
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Day, month and year of "05/3/2014", "05-3-2014", "05.3.2014" or "05 tháng 3 năm 2014".
fn numbers_of(text: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    let mut rest = text;
    for n in 0..3 {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 || (n < 2 && digits > 2) {
            return None;
        }
        numbers.push(rest[..digits].parse().ok()?);
        rest = &rest[digits..];
        if n == 2 {
            break;
        }
        rest = separator(rest, n)?;
    }
    // Not part of a longer token: "05/3/20145".
    (!rest.starts_with(|c: char| c.is_ascii_digit())).then_some(numbers)
}

/// After the `n`-th number: `/`, `-`, `.` or the words "tháng" / "năm".
fn separator(text: &str, n: usize) -> Option<&str> {
    if let Some(rest) = text.strip_prefix(['/', '-', '.']) {
        return Some(rest);
    }
    let trimmed = text.trim_start();
    let word: String = trimmed.chars().take_while(|c| c.is_alphabetic() || is_mark(*c)).collect();
    let expected = if n == 0 { "thang" } else { "nam" };
    (vietnamese::fold_lower(&word) == expected).then(|| trimmed[word.len()..].trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<String> {
        let end = text.find("TTg").map_or(0, |i| i + 3);
        date_after(text, end).map(|d| d.vietnamese())
    }

    #[test]
    fn reads_the_date_after_a_number() {
        assert_eq!(at("19/2014/QĐ-TTg ngày 05/3/2014 của").as_deref(), Some("05/03/2014"));
        assert_eq!(at("19/2014/QĐ-TTg, ngày 5-3-2014").as_deref(), Some("05/03/2014"));
        assert_eq!(at("19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014").as_deref(), Some("05/03/2014"));
        assert_eq!(at("19/2014/QĐ-TTg Ngay 05/03/2014").as_deref(), Some("05/03/2014"));
    }

    #[test]
    fn no_date_or_no_real_date_is_none() {
        assert_eq!(at("19/2014/QĐ-TTg của Thủ tướng"), None);
        assert_eq!(at("19/2014/QĐ-TTg ngày 31/02/2014"), None);
        assert_eq!(at("19/2014/QĐ-TTg ngày 05/3"), None);
        assert_eq!(at("19/2014/QĐ-TTg ngày 05/3/20145"), None);
        assert_eq!(at("19/2014/QĐ-TTg ngày ký"), None);
    }
}
