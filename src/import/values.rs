//! Values as agencies type them in Word — "15/3/2024", "ngày 15 tháng 3 năm 2024", "Lần ban
//! hành: 02", "50.000 đồng" — read into the forms front matter takes.

use crate::model::Date;
use crate::vietnamese;

/// Text folded for matching labels: no diacritics, đ → d, lower case, spaces collapsed.
pub fn fold(text: &str) -> String {
    vietnamese::fold_lower(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date as written: `15/3/2024`, `15-03-2024`, `15.03.2024`, `2024-03-15`, or
/// `ngày 15 tháng 3 năm 2024`; the first one found in the text.
pub fn date(text: &str) -> Option<Date> {
    let folded = fold(text);
    let numbers: Vec<&str> = folded.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    if folded.contains("thang") && folded.contains("nam") {
        return numbers.windows(3).find_map(|w| dmy(w[0], w[1], w[2]));
    }
    for word in folded.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')') {
        let parts: Vec<&str> = word.split(['/', '-', '.']).filter(|s| !s.is_empty()).collect();
        if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
            let found =
                if parts[0].len() == 4 { dmy(parts[2], parts[1], parts[0]) } else { dmy(parts[0], parts[1], parts[2]) };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

fn dmy(day: &str, month: &str, year: &str) -> Option<Date> {
    let (day, month, year) = (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Date::new(year, month, day)
}

/// The first whole number in the text: "02" → 2, "Lần 3" → 3.
pub fn number(text: &str) -> Option<u32> {
    text.split(|c: char| !c.is_ascii_digit()).find(|s| !s.is_empty())?.parse().ok()
}

/// An amount of money in đồng: "50.000 đồng", "50,000đ", "1.500.000 VNĐ".
pub fn money(text: &str) -> Option<u64> {
    let folded = fold(text);
    let at = folded.find(|c: char| c.is_ascii_digit())?;
    let digits: String =
        folded[at..].chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ')).collect();
    let rest = &folded[at + digits.len()..];
    if !(rest.starts_with("dong") || rest.starts_with('d') || rest.starts_with("vnd")) {
        return None;
    }
    digits.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// Upper-case text (a title typed in capitals) written as a sentence: "QUY TRÌNH CẤP" → "Quy trình cấp".
pub fn sentence_case(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether text has letters and none of them lower-case.
pub fn is_all_caps(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_agencies_write_them() {
        let want = Date::new(2024, 3, 15);
        assert_eq!(date("15/3/2024"), want);
        assert_eq!(date("Ngày ban hành: 15/03/2024"), want);
        assert_eq!(date("ngày 15 tháng 3 năm 2024"), want);
        assert_eq!(date("2024-03-15"), want);
        assert_eq!(date("32/13/2024"), None);
        assert_eq!(date("Trang 1/5"), None);
    }

    #[test]
    fn money_needs_a_currency() {
        assert_eq!(money("Lệ phí: 50.000 đồng/hồ sơ"), Some(50_000));
        assert_eq!(money("1.500.000đ"), Some(1_500_000));
        assert_eq!(money("Theo Nghị quyết 12/2020"), None);
    }

    #[test]
    fn capital_titles_become_sentences() {
        assert_eq!(sentence_case("QUY TRÌNH CẤP PHÉP"), "Quy trình cấp phép");
        assert!(is_all_caps("QUY TRÌNH 01"));
        assert!(!is_all_caps("Quy trình"));
    }
}
