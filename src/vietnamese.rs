//! Vietnamese text as Unicode: NFC normalisation, diacritic folding for matching and search, and
//! ASCII slugs for stable URLs and heading ids.
//!
//! Folding strips combining marks after NFD and maps đ/Đ to d/D, because U+0111 has no
//! decomposition and NFD alone would leave "quyết định" as "quyet đinh".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The text in Unicode Normalization Form C, as every stage after `load` expects it.
pub fn nfc(text: &str) -> String {
    if unicode_normalization::is_nfc(text) {
        text.to_owned()
    } else {
        text.nfc().collect()
    }
}

/// The text without diacritics: "Quyết định" → "Quyet dinh", "Đ" → "D". Case is kept.
pub fn fold(text: &str) -> String {
    // Codes, numbers and slugs are mostly ASCII, which folding leaves as it is.
    if text.is_ascii() {
        return text.to_owned();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// Folded and lower-cased: the form two strings are compared in when diacritics must not matter.
pub fn fold_lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    fold(text).to_lowercase()
}

/// An ASCII slug: folded, lower-case, runs of anything but letters and digits become one `-`.
/// "Bước 3: Thẩm định" → "buoc-3-tham-dinh". Empty input gives an empty slug.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let folded = if text.is_ascii() { std::borrow::Cow::Borrowed(text) } else { fold_lower(text).into() };
    for c in folded.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// At most `max` characters of `text`, cut at a character boundary, with `…` when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_marks_and_maps_d_stroke() {
        assert_eq!(fold("Quyết định số 19/2014/QĐ-TTg"), "Quyet dinh so 19/2014/QD-TTg");
        assert_eq!(fold("giấy phép"), "giay phep");
        assert_eq!(fold_lower("ĐIỀU 4"), "dieu 4");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        let nfd: String = "Thủ tục hành chính".nfd().collect();
        assert_ne!(nfd, "Thủ tục hành chính");
        assert_eq!(nfc(&nfd), "Thủ tục hành chính");
        assert_eq!(fold(&nfd), "Thu tuc hanh chinh");
    }

    #[test]
    fn slug_is_ascii_and_stable() {
        assert_eq!(slug("Bước 3: Thẩm định hồ sơ"), "buoc-3-tham-dinh-ho-so");
        assert_eq!(slug("QT 02/CX-HCTP"), "qt-02-cx-hctp");
        assert_eq!(slug("  Đề nghị  "), "de-nghi");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn truncate_never_cuts_inside_a_character() {
        assert_eq!(truncate_chars("Quyết định", 4), "Quyế…");
        assert_eq!(truncate_chars("abc", 10), "abc");
    }
}
