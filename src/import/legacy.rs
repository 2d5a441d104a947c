//! Legacy 8-bit Vietnamese encodings in Word files: TCVN3 (ABC, fonts `.VnTime`, `.VnArial` …)
//! and VNI (fonts `VNI-Times` …), turned into Unicode NFC.
//!
//! Many agencies' older files were typed before Unicode: the letters are Latin-1 look-alikes
//! that only read as Vietnamese in the legacy font (`Quy tr×nh` in `.VnTime` is "Quy trình").
//! Word keeps the font name with every run of text, so the font tells the encoding. TCVN3 has
//! one code per lower-case letter and the seven toneless capitals; its capital fonts (`.VnTimeH`,
//! names ending in `H`) draw every letter as a capital. VNI writes a base letter followed by
//! a mark character (`a` + `ù` = á, `a` + `â` = â, `a` + `á` = ấ).

use unicode_normalization::UnicodeNormalization;

/// How a run of text is encoded, told by its font.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Unicode,
    /// TCVN3 (ABC); `capitals` for the `…H` fonts, which draw every letter as a capital.
    Tcvn3 {
        capitals: bool,
    },
    Vni,
}

impl Encoding {
    /// The encoding a font name implies: `.VnTime` → TCVN3, `.VnTimeH` → TCVN3 capitals,
    /// `VNI-Times` → VNI, anything else Unicode.
    pub fn of_font(font: &str) -> Encoding {
        let font = font.trim();
        if font.starts_with(".Vn") || font.starts_with(".vn") {
            return Encoding::Tcvn3 { capitals: font.ends_with('H') };
        }
        if font.len() >= 4 && font[..4].eq_ignore_ascii_case("VNI-") {
            return Encoding::Vni;
        }
        Encoding::Unicode
    }

    /// The text of a run in this encoding, as Unicode NFC.
    pub fn decode(self, text: &str) -> String {
        match self {
            Encoding::Unicode => unicode(text),
            Encoding::Tcvn3 { capitals } => tcvn3(text, capitals),
            Encoding::Vni => vni(text),
        }
    }
}

/// Unicode text made NFC, with the look-alike `Ð` (U+00D0, from old converters and PDFs) read as `Đ`.
fn unicode(text: &str) -> String {
    text.nfc().map(|c| if c == '\u{00D0}' { 'Đ' } else { c }).collect()
}

/// TCVN3 codes (as Word stores them: the Windows-1252 character of each byte) and their letters.
const TCVN3: &[(char, char)] = &[
    ('µ', 'à'),
    ('¸', 'á'),
    ('¶', 'ả'),
    ('·', 'ã'),
    ('¹', 'ạ'),
    ('¨', 'ă'),
    ('»', 'ằ'),
    ('¾', 'ắ'),
    ('¼', 'ẳ'),
    ('½', 'ẵ'),
    ('Æ', 'ặ'),
    ('©', 'â'),
    ('Ç', 'ầ'),
    ('Ê', 'ấ'),
    ('È', 'ẩ'),
    ('É', 'ẫ'),
    ('Ë', 'ậ'),
    ('®', 'đ'),
    ('Ì', 'è'),
    ('Ð', 'é'),
    ('Î', 'ẻ'),
    ('Ï', 'ẽ'),
    ('Ñ', 'ẹ'),
    ('ª', 'ê'),
    ('Ò', 'ề'),
    ('Õ', 'ế'),
    ('Ó', 'ể'),
    ('Ô', 'ễ'),
    ('Ö', 'ệ'),
    ('×', 'ì'),
    ('Ý', 'í'),
    ('Ø', 'ỉ'),
    ('Ü', 'ĩ'),
    ('Þ', 'ị'),
    ('ß', 'ò'),
    ('ã', 'ó'),
    ('á', 'ỏ'),
    ('â', 'õ'),
    ('ä', 'ọ'),
    ('«', 'ô'),
    ('å', 'ồ'),
    ('è', 'ố'),
    ('æ', 'ổ'),
    ('ç', 'ỗ'),
    ('é', 'ộ'),
    ('¬', 'ơ'),
    ('ê', 'ờ'),
    ('í', 'ớ'),
    ('ë', 'ở'),
    ('ì', 'ỡ'),
    ('î', 'ợ'),
    ('ï', 'ù'),
    ('ó', 'ú'),
    ('ñ', 'ủ'),
    ('ò', 'ũ'),
    ('ô', 'ụ'),
    ('\u{AD}', 'ư'),
    ('õ', 'ừ'),
    ('ø', 'ứ'),
    ('ö', 'ử'),
    ('÷', 'ữ'),
    ('ù', 'ự'),
    ('ú', 'ỳ'),
    ('ý', 'ý'),
    ('û', 'ỷ'),
    ('ü', 'ỹ'),
    ('þ', 'ỵ'),
    ('¡', 'Ă'),
    ('¢', 'Â'),
    ('§', 'Đ'),
    ('£', 'Ê'),
    ('¤', 'Ô'),
    ('¥', 'Ơ'),
    ('¦', 'Ư'),
];

fn tcvn3(text: &str, capitals: bool) -> String {
    let decoded: String =
        text.chars().map(|c| TCVN3.iter().find(|(code, _)| *code == c).map_or(c, |(_, letter)| *letter)).collect();
    let decoded = if capitals { decoded.to_uppercase() } else { decoded };
    decoded.nfc().collect()
}

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const TILDE: char = '\u{303}';
const HOOK: char = '\u{309}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// A VNI mark character after a vowel: the combining marks it stands for. The breve forms
/// (`ê é è ú ü ë`) only follow `a`; `â á à å ã ä` add a circumflex to `a`, `e`, `o`.
fn vni_mark(base: char, mark: char) -> Option<&'static [char]> {
    let base = base.to_lowercase().next().unwrap_or(base);
    let mark = mark.to_lowercase().next().unwrap_or(mark);
    let tone: Option<&'static [char]> = match mark {
        'ù' => Some(&[ACUTE]),
        'ø' => Some(&[GRAVE]),
        'û' => Some(&[HOOK]),
        'õ' => Some(&[TILDE]),
        'ï' => Some(&[DOT]),
        _ => None,
    };
    if tone.is_some() {
        return tone;
    }
    let circumflex = matches!(base, 'a' | 'e' | 'o');
    match mark {
        'â' if circumflex => Some(&[CIRCUMFLEX]),
        'á' if circumflex => Some(&[CIRCUMFLEX, ACUTE]),
        'à' if circumflex => Some(&[CIRCUMFLEX, GRAVE]),
        'å' if circumflex => Some(&[CIRCUMFLEX, HOOK]),
        'ã' if circumflex => Some(&[CIRCUMFLEX, TILDE]),
        'ä' if circumflex => Some(&[CIRCUMFLEX, DOT]),
        'ê' if base == 'a' => Some(&[BREVE]),
        'é' if base == 'a' => Some(&[BREVE, ACUTE]),
        'è' if base == 'a' => Some(&[BREVE, GRAVE]),
        'ú' if base == 'a' => Some(&[BREVE, HOOK]),
        'ü' if base == 'a' => Some(&[BREVE, TILDE]),
        'ë' if base == 'a' => Some(&[BREVE, DOT]),
        _ => None,
    }
}

/// A VNI character that is a whole letter on its own: `ô` ơ, `ö` ư, `ñ` đ, the `i` and `y` forms.
fn vni_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ô' => "o\u{31B}",
        'Ô' => "O\u{31B}",
        'ö' => "u\u{31B}",
        'Ö' => "U\u{31B}",
        'ñ' => "đ",
        'Ñ' => "Đ",
        'í' => "i\u{301}",
        'Í' => "I\u{301}",
        'ì' => "i\u{300}",
        'Ì' => "I\u{300}",
        'æ' => "i\u{309}",
        'Æ' => "I\u{309}",
        'ó' => "i\u{303}",
        'Ó' => "I\u{303}",
        'ò' => "i\u{323}",
        'Ò' => "I\u{323}",
        'î' => "y\u{323}",
        'Î' => "Y\u{323}",
        _ => return None,
    })
}

fn vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_vowel: Option<char> = None;
    for c in text.chars() {
        if let Some(marks) = last_vowel.and_then(|base| vni_mark(base, c)) {
            out.extend(marks.iter());
            // A circumflex or breve may still take a tone mark after it (`aâ` then nothing).
            last_vowel = None;
            continue;
        }
        if let Some(letter) = vni_letter(c) {
            out.push_str(letter);
            // ơ and ư take tone marks after them: `ôù` = ớ.
            last_vowel = letter.starts_with(['o', 'O', 'u', 'U']).then_some('u');
            continue;
        }
        out.push(c);
        last_vowel = matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'o' | 'u' | 'y' | 'i').then_some(c);
    }
    out.nfc().collect()
}

#[cfg(test)]
#[path = "legacy_tests.rs"]
mod tests;
