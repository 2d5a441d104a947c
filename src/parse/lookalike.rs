//! Letters that look like the Latin capitals of a legal number but are other code points.
//!
//! Text converted from the old TCVN3 and VNI fonts, or pasted from old PDFs, carries letters
//! that look right and are not: U+00D0 "Ð" (Icelandic eth) for "Đ", Cyrillic "Т" for "T", Greek
//! "Ο" for "O". A reader sees "19/2014/QĐ-TTg"; a program sees another word. The recogniser
//! folds these letters inside a number's issuer part before matching, links the text as
//! written, and the resolver warns (`look-alike-letter`) with the proper spelling so the source
//! gets fixed.

use std::borrow::Cow;

/// Look-alike → the letter it imitates. Latin, Greek, Cyrillic and full-width forms.
const LOOKALIKES: &[(char, char)] = &[
    // Đ: Latin eth, African D, D with stroke variants.
    ('\u{00D0}', 'Đ'), // Ð LATIN CAPITAL LETTER ETH
    ('\u{0189}', 'Đ'), // Ɖ LATIN CAPITAL LETTER AFRICAN D
    ('\u{00F0}', 'đ'), // ð latin small letter eth
    // Greek capitals.
    ('\u{0391}', 'A'),
    ('\u{0392}', 'B'),
    ('\u{0395}', 'E'),
    ('\u{0396}', 'Z'),
    ('\u{0397}', 'H'),
    ('\u{0399}', 'I'),
    ('\u{039A}', 'K'),
    ('\u{039C}', 'M'),
    ('\u{039D}', 'N'),
    ('\u{039F}', 'O'),
    ('\u{03A1}', 'P'),
    ('\u{03A4}', 'T'),
    ('\u{03A5}', 'Y'),
    ('\u{03A7}', 'X'),
    // Cyrillic capitals.
    ('\u{0410}', 'A'),
    ('\u{0412}', 'B'),
    ('\u{0421}', 'C'),
    ('\u{0415}', 'E'),
    ('\u{041D}', 'H'),
    ('\u{0406}', 'I'),
    ('\u{0408}', 'J'),
    ('\u{041A}', 'K'),
    ('\u{041C}', 'M'),
    ('\u{041E}', 'O'),
    ('\u{0420}', 'P'),
    ('\u{051A}', 'Q'),
    ('\u{0405}', 'S'),
    ('\u{0422}', 'T'),
    ('\u{0425}', 'X'),
    ('\u{04AE}', 'Y'),
    ('\u{0490}', 'G'),
    // Small letters that end a part (`TTg`).
    ('\u{0261}', 'g'), // ɡ LATIN SMALL LETTER SCRIPT G
    ('\u{0501}', 'd'), // ԁ CYRILLIC SMALL LETTER KOMI DE
];

/// The letter `c` imitates, when it is a look-alike: `Ð` → `Đ`, Cyrillic `Т` → `T`, `Ｑ` → `Q`.
pub fn proper(c: char) -> Option<char> {
    if let Some(&(_, p)) = LOOKALIKES.iter().find(|(l, _)| *l == c) {
        return Some(p);
    }
    // Full-width Latin capitals and small letters (U+FF21–FF3A, U+FF41–FF5A).
    match c {
        '\u{FF21}'..='\u{FF3A}' => char::from_u32(c as u32 - 0xFF21 + u32::from(b'A')),
        '\u{FF41}'..='\u{FF5A}' => char::from_u32(c as u32 - 0xFF41 + u32::from(b'a')),
        _ => None,
    }
}

/// `text` with every look-alike replaced by the letter it imitates (borrowed when there is none).
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(|c| proper(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| proper(c).unwrap_or(c)).collect())
}

/// Whether the look-alikes are few enough that `word` is Latin text with a stray letter, not a
/// word of another script: at least one proper Latin letter, and look-alikes no more than half.
pub fn is_mostly_latin(word: &str) -> bool {
    let (mut latin, mut lookalike) = (0, 0);
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if proper(c).is_some() {
            lookalike += 1;
        } else if c.is_ascii_alphabetic() || matches!(c, 'Đ' | 'đ') {
            latin += 1;
        }
    }
    latin > 0 && lookalike <= latin
}

/// The look-alike letters of `text`, each once, in order: for the warning's message.
pub fn found_in(text: &str) -> Vec<char> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| proper(*c).is_some()) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_eth_cyrillic_greek_and_full_width_letters() {
        assert_eq!(fold("Q\u{00D0}-TTg"), "QĐ-TTg");
        assert_eq!(fold("\u{0422}\u{0422}g"), "TTg");
        assert_eq!(fold("\u{039F}K"), "OK");
        assert_eq!(fold("\u{FF31}Đ"), "QĐ");
        assert!(matches!(fold("QĐ-TTg"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_word_of_another_script_is_not_mostly_latin() {
        assert!(is_mostly_latin("Q\u{00D0}-TTg"));
        assert!(is_mostly_latin("TT-B\u{0422}C"));
        assert!(!is_mostly_latin("\u{041E}\u{0422}\u{041A}"));
        assert!(!is_mostly_latin("\u{0422}\u{0422}-\u{041C}"));
    }
}
