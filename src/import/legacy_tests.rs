use super::*;

/// Every Vietnamese vowel with every tone, lower-case, in the order base × (none, grave, acute,
/// hook, tilde, dot), plus đ.
fn every_letter() -> Vec<String> {
    let bases = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    let mut letters: Vec<String> =
        bases.iter().flat_map(|b| tones.iter().map(move |t| format!("{b}{t}").nfc().collect::<String>())).collect();
    letters.push("đ".to_owned());
    letters
}

fn tcvn3_code(letter: &str) -> String {
    let c = letter.chars().next().expect("a letter");
    if c.is_ascii() {
        return letter.to_owned();
    }
    let (code, _) = TCVN3.iter().find(|(_, l)| *l == c).unwrap_or_else(|| panic!("{letter} has no TCVN3 code"));
    code.to_string()
}

#[test]
fn tcvn3_table_has_every_lower_case_letter_once() {
    for letter in every_letter() {
        let code = tcvn3_code(&letter);
        assert_eq!(Encoding::Tcvn3 { capitals: false }.decode(&code), letter, "code {code:?}");
    }
    let mut codes: Vec<char> = TCVN3.iter().map(|(code, _)| *code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), TCVN3.len(), "two letters share a code");
}

#[test]
fn tcvn3_capital_fonts_give_every_capital_letter() {
    for letter in every_letter() {
        let decoded = Encoding::of_font(".VnTimeH").decode(&tcvn3_code(&letter));
        assert_eq!(decoded, letter.to_uppercase(), "{letter}");
    }
}

#[test]
fn tcvn3_toneless_capitals_in_the_plain_font() {
    assert_eq!(Encoding::of_font(".VnTime").decode("¡ ¢ § £ ¤ ¥ ¦"), "Ă Â Đ Ê Ô Ơ Ư");
}

#[test]
fn tcvn3_words_read_as_a_reader_of_the_word_file_sees_them() {
    let font = Encoding::of_font(".VnTime");
    assert_eq!(font.decode("Quy tr×nh cÊp giÊy phÐp"), "Quy trình cấp giấy phép");
    assert_eq!(font.decode("M\u{AD}êng Kh\u{AD}¬ng, B¶o Th¾ng"), "Mường Khương, Bảo Thắng");
    assert_eq!(font.decode("Thñ tôc hµnh chÝnh"), "Thủ tục hành chính");
}

/// VNI-Windows spellings of every capital vowel with every tone (base × none, acute, grave,
/// hook, tilde, dot), as keyboard tables list them; lower-case letters use the lower-case marks.
const VNI_CAPITALS: &[(&str, [&str; 6])] = &[
    ("A", ["A", "AÙ", "AØ", "AÛ", "AÕ", "AÏ"]),
    ("Â", ["AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ"]),
    ("Ă", ["AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË"]),
    ("E", ["E", "EÙ", "EØ", "EÛ", "EÕ", "EÏ"]),
    ("Ê", ["EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ"]),
    ("O", ["O", "OÙ", "OØ", "OÛ", "OÕ", "OÏ"]),
    ("Ô", ["OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ"]),
    ("Ơ", ["Ô", "ÔÙ", "ÔØ", "ÔÛ", "ÔÕ", "ÔÏ"]),
    ("U", ["U", "UÙ", "UØ", "UÛ", "UÕ", "UÏ"]),
    ("Ư", ["Ö", "ÖÙ", "ÖØ", "ÖÛ", "ÖÕ", "ÖÏ"]),
    ("I", ["I", "Í", "Ì", "Æ", "Ó", "Ò"]),
    ("Y", ["Y", "YÙ", "YØ", "YÛ", "YÕ", "Î"]),
];

#[test]
fn vni_gives_every_letter_in_both_cases() {
    let tones = ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];
    let vni = Encoding::of_font("VNI-Times");
    for (base, spellings) in VNI_CAPITALS {
        for (tone, spelling) in tones.iter().zip(spellings) {
            let capital: String = format!("{base}{tone}").nfc().collect();
            assert_eq!(vni.decode(spelling), capital, "{spelling}");
            assert_eq!(vni.decode(&spelling.to_lowercase()), capital.to_lowercase(), "{spelling}");
        }
    }
    assert_eq!(vni.decode("Ñ ñ"), "Đ đ");
}

#[test]
fn vni_words_read_as_a_reader_of_the_word_file_sees_them() {
    let vni = Encoding::of_font("VNI-Times");
    assert_eq!(vni.decode("Thuû tuïc haønh chính"), "Thủ tục hành chính");
    assert_eq!(vni.decode("Ñôn ñeà nghò caáp laïi"), "Đơn đề nghị cấp lại");
    assert_eq!(vni.decode("ngöôøi söû duïng"), "người sử dụng");
}

#[test]
fn unicode_text_with_combining_marks_is_made_nfc() {
    let decomposed = "Quy trình".nfd().collect::<String>();
    assert_ne!(decomposed, "Quy trình");
    assert_eq!(Encoding::of_font("Times New Roman").decode(&decomposed), "Quy trình");
    assert_eq!(Encoding::Unicode.decode("Ðơn"), "Đơn");
}

#[test]
fn fonts_name_their_encoding() {
    assert_eq!(Encoding::of_font(".VnTime"), Encoding::Tcvn3 { capitals: false });
    assert_eq!(Encoding::of_font(".VnArialH"), Encoding::Tcvn3 { capitals: true });
    assert_eq!(Encoding::of_font("VNI-Times"), Encoding::Vni);
    assert_eq!(Encoding::of_font("Times New Roman"), Encoding::Unicode);
}
