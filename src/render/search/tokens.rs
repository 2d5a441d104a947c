//! Text cut into search tokens, the same way `search.js` cuts a query: Vietnamese syllables (a
//! run of letters, marks and digits), each folded (no diacritics, đ → d, lower case) and kept as
//! written (lower case) so exact diacritics can rank higher; and for a code written with
//! punctuation (`QT-07`, `1.004518`, `116/2015/TT-BTC`, `X-quang`) its pieces run together
//! (`qt07`, `1004518`, `1162015`, `1162015tt`, …), so a code typed with or without its
//! punctuation finds the same document.
//!
//! Any change here must be made in `themes/default/static/search.js` (`tokens`) too.

use unicode_normalization::char::is_combining_mark;

use crate::vietnamese::fold_lower;

/// The most pieces of one code run together (`116/2015/TT-BTC` has four).
const MAX_JOINED: usize = 6;

/// One token of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Folded: no diacritics, đ → d, lower case.
    pub folded: String,
    /// As written, lower case; empty for a code's joined pieces.
    pub exact: String,
    /// The syllable's place in its text, counted in syllables.
    pub position: u32,
}

/// A letter, mark or digit: what a syllable is made of.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

/// Punctuation that joins the pieces of a code without a space.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '/' | '-' | ':' | '_' | '‐' | '–')
}

/// A piece folded and lower-cased. Folding Vietnamese (NFD, marks dropped) costs more than looking
/// the piece up again: a manual of 10 000 documents cuts about ten million pieces from a few
/// thousand words, so each thread keeps what it folded (up to [`FOLDED_KEPT`] pieces).
fn folded_and_lower(piece: &str) -> (String, String) {
    if piece.is_ascii() {
        let lower = piece.to_ascii_lowercase();
        return (lower.clone(), lower);
    }
    thread_local! {
        static FOLDED: std::cell::RefCell<std::collections::HashMap<String, (String, String)>> =
            std::cell::RefCell::default();
    }
    FOLDED.with_borrow_mut(|kept| {
        if let Some(found) = kept.get(piece) {
            return found.clone();
        }
        if kept.len() >= FOLDED_KEPT {
            kept.clear();
        }
        let made = (fold_lower(piece), piece.to_lowercase());
        kept.insert(piece.to_owned(), made.clone());
        made
    })
}

/// The most folded pieces a thread keeps.
const FOLDED_KEPT: usize = 50_000;

/// The tokens of `text` (NFC), positions counted from `first`.
pub fn tokens(text: &str, first: u32) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position = first;
    for chunk in text.split(|c: char| !is_word_char(c) && !is_joiner(c)) {
        let pieces: Vec<&str> = chunk.split(is_joiner).filter(|p| !p.is_empty()).collect();
        let start = position;
        let mut joined = String::new();
        for (i, piece) in pieces.iter().enumerate() {
            let (folded, exact) = folded_and_lower(piece);
            if i > 0 && i < MAX_JOINED {
                joined.push_str(&folded);
                out.push(Token { folded: joined.clone(), exact: String::new(), position: start });
            } else if i == 0 {
                joined.push_str(&folded);
            }
            out.push(Token { folded, exact, position });
            position += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokens(text, 0).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn syllables_are_folded_and_kept_as_written() {
        let found = tokens("Giấy phép Đăng ký", 0);
        let pairs: Vec<(&str, &str, u32)> =
            found.iter().map(|t| (t.folded.as_str(), t.exact.as_str(), t.position)).collect();
        assert_eq!(pairs, [("giay", "giấy", 0), ("phep", "phép", 1), ("dang", "đăng", 2), ("ky", "ký", 3)]);
    }

    #[test]
    fn codes_are_found_with_and_without_their_punctuation() {
        assert_eq!(folded("QT-07"), ["qt", "qt07", "07"]);
        assert_eq!(folded("mã 1.004518."), ["ma", "1", "1004518", "004518"]);
        assert_eq!(folded("116/2015/TT-BTC"), ["116", "1162015", "2015", "1162015tt", "tt", "1162015ttbtc", "btc"]);
    }

    #[test]
    fn punctuation_and_spaces_separate_syllables_and_never_cut_a_character() {
        assert_eq!(folded("(chứng chỉ, bị mất)"), ["chung", "chi", "bi", "mat"]);
        assert_eq!(folded("3 × 4 cm"), ["3", "4", "cm"]);
        assert!(folded("<img onerror=x>").contains(&"onerror".to_owned()));
        assert!(tokens("", 0).is_empty());
    }

    #[test]
    fn nfd_text_folds_like_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Chứng chỉ".nfd().collect();
        assert_eq!(folded(&nfd), ["chung", "chi"]);
    }
}
