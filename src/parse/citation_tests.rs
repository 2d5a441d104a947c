use unicode_normalization::UnicodeNormalization;

use super::*;
use crate::vietnamese::{fold, nfc};

/// What one citation must be: the span as written, the canonical number, the provisions
/// (canonical, joined by "; ").
pub(super) type Expect = (&'static str, &'static str, Option<&'static str>);

/// Real-world strings and every citation each must yield, in order.
pub(super) const CASES: &[(&str, &[Expect])] = &[
    // Type words, `số`, trailing dates and issuers left out.
    (
        "Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ",
        &[("Quyết định số 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)],
    ),
    ("Nghị định 118/2025/ND-CP", &[("Nghị định 118/2025/ND-CP", "118/2025/NĐ-CP", None)]),
    ("áp dụng theo 19/2014/QĐ-TTg", &[("19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    ("Quyết định số 19/2014/QĐ- TTg", &[("Quyết định số 19/2014/QĐ- TTg", "19/2014/QĐ-TTg", None)]),
    ("Quyết định 19/2014/QĐ – TTg của Thủ tướng", &[("Quyết định 19/2014/QĐ – TTg", "19/2014/QĐ-TTg", None)]),
    ("Quyết định 19/2014/QD-TTg", &[("Quyết định 19/2014/QD-TTg", "19/2014/QĐ-TTg", None)]),
    ("Luật số 64/2025/QH15 về ban hành văn bản", &[("Luật số 64/2025/QH15", "64/2025/QH15", None)]),
    ("Công văn số 1314/SKHCN-TĐC ngày 12/5/2025", &[("Công văn số 1314/SKHCN-TĐC", "1314/SKHCN-TĐC", None)]),
    ("Kế hoạch số 83/KH-UBND ngày 10/02/2026", &[("Kế hoạch số 83/KH-UBND", "83/KH-UBND", None)]),
    ("Quyết định số 2617/QĐ-UBND của UBND tỉnh", &[("Quyết định số 2617/QĐ-UBND", "2617/QĐ-UBND", None)]),
    (
        "Thông tư liên tịch số 17/2015/TTLT-BTP-BQP",
        &[("Thông tư liên tịch số 17/2015/TTLT-BTP-BQP", "17/2015/TTLT-BTP-BQP", None)],
    ),
    ("Văn bản hợp nhất số 05/VBHN-BKHCN", &[("Văn bản hợp nhất số 05/VBHN-BKHCN", "05/VBHN-BKHCN", None)]),
    ("Nghị quyết số 01/NQ-CP ngày 08/01/2026", &[("Nghị quyết số 01/NQ-CP", "01/NQ-CP", None)]),
    ("Chỉ thị số 05/CT-TTg", &[("Chỉ thị số 05/CT-TTg", "05/CT-TTg", None)]),
    ("Pháp lệnh số 02/2020/PL-UBTVQH14", &[("Pháp lệnh số 02/2020/PL-UBTVQH14", "02/2020/PL-UBTVQH14", None)]),
    ("văn bản 419/BKHCN-TĐC ngày 21/02/2018", &[("văn bản 419/BKHCN-TĐC", "419/BKHCN-TĐC", None)]),
    ("Số: 45/QĐ-SKHCN", &[("45/QĐ-SKHCN", "45/QĐ-SKHCN", None)]),
    ("Số:45/QĐ-SKHCN", &[("45/QĐ-SKHCN", "45/QĐ-SKHCN", None)]),
    ("QĐ số 19/2014/QĐ-TTg", &[("QĐ số 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    ("QUYẾT ĐỊNH SỐ 101/QĐ-BKHCN", &[("QUYẾT ĐỊNH SỐ 101/QĐ-BKHCN", "101/QĐ-BKHCN", None)]),
    ("Thông tư số 116/ 2015 /TT-BTC", &[("Thông tư số 116/ 2015 /TT-BTC", "116/2015/TT-BTC", None)]),
    ("Quyết định số\u{a0}19/2014/QĐ-TTg", &[("Quyết định số\u{a0}19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    // Punctuation after the number ends it.
    ("… theo 19/2014/QĐ-TTg.", &[("19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    ("(Quyết định 19/2014/QĐ-TTg)", &[("Quyết định 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    ("Thông tư 26/2014/TT-BKHCN; và", &[("Thông tư 26/2014/TT-BKHCN", "26/2014/TT-BKHCN", None)]),
    ("Quyết định 19/2014/QĐ-TTg - Hà Nội", &[("Quyết định 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    // Provisions.
    (
        "khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC ngày 11/8/2015 của Bộ trưởng Bộ Tài chính",
        &[("khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC", "116/2015/TT-BTC", Some("khoản 6 Điều 4"))],
    ),
    (
        "Căn cứ điểm a khoản 1 Điều 5 Nghị định số 118/2025/NĐ-CP,",
        &[("điểm a khoản 1 Điều 5 Nghị định số 118/2025/NĐ-CP", "118/2025/NĐ-CP", Some("điểm a khoản 1 Điều 5"))],
    ),
    (
        "các khoản 1, 3 và 5 Điều 35 Luật số 64/2025/QH15",
        &[("các khoản 1, 3 và 5 Điều 35 Luật số 64/2025/QH15", "64/2025/QH15", Some("các khoản 1, 3 và 5 Điều 35"))],
    ),
    (
        "theo Điều 5a Nghị định 118/2025/NĐ-CP",
        &[("Điều 5a Nghị định 118/2025/NĐ-CP", "118/2025/NĐ-CP", Some("Điều 5a"))],
    ),
    (
        "điểm a1 khoản 2a Điều 7 Thông tư 26/2014/TT-BKHCN",
        &[("điểm a1 khoản 2a Điều 7 Thông tư 26/2014/TT-BKHCN", "26/2014/TT-BKHCN", Some("điểm a1 khoản 2a Điều 7"))],
    ),
    (
        "tại điểm c khoản 4 Điều 4 của Quyết định số 19/2014/QĐ-TTg",
        &[("điểm c khoản 4 Điều 4 của Quyết định số 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", Some("điểm c khoản 4 Điều 4"))],
    ),
    (
        "Chương II Nghị định 118/2025/NĐ-CP",
        &[("Chương II Nghị định 118/2025/NĐ-CP", "118/2025/NĐ-CP", Some("Chương II"))],
    ),
    (
        "khoản 6, Điều 4 Thông tư 116/2015/TT-BTC",
        &[("khoản 6, Điều 4 Thông tư 116/2015/TT-BTC", "116/2015/TT-BTC", Some("khoản 6 Điều 4"))],
    ),
    (
        "khoản 1 và khoản 2 Điều 5 Nghị định 118/2025/NĐ-CP",
        &[("khoản 1 và khoản 2 Điều 5 Nghị định 118/2025/NĐ-CP", "118/2025/NĐ-CP", Some("các khoản 1 và 2 Điều 5"))],
    ),
    (
        "các điểm a, b và đ khoản 1 Điều 5 Nghị định 118/2025/NĐ-CP",
        &[(
            "các điểm a, b và đ khoản 1 Điều 5 Nghị định 118/2025/NĐ-CP",
            "118/2025/NĐ-CP",
            Some("các điểm a, b và đ khoản 1 Điều 5"),
        )],
    ),
    ("ĐIỀU 4 THÔNG TƯ 116/2015/TT-BTC", &[("ĐIỀU 4 THÔNG TƯ 116/2015/TT-BTC", "116/2015/TT-BTC", Some("Điều 4"))]),
    ("Điều 4, Thông tư 116/2015/TT-BTC", &[("Điều 4, Thông tư 116/2015/TT-BTC", "116/2015/TT-BTC", Some("Điều 4"))]),
    ("Điều 4 của 19/2014/QĐ-TTg", &[("Điều 4 của 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", Some("Điều 4"))]),
    (
        "Điều 4 của Quyết định này và Điều 5 Quyết định 19/2014/QĐ-TTg",
        &[("Điều 5 Quyết định 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", Some("Điều 5"))],
    ),
    // A list of articles is kept, one provision each (issue 21; was dropped before).
    (
        "các Điều 5 và 6 Nghị định 118/2025/NĐ-CP",
        &[("các Điều 5 và 6 Nghị định 118/2025/NĐ-CP", "118/2025/NĐ-CP", Some("Điều 5; Điều 6"))],
    ),
    // ASCII without diacritics.
    ("Thong tu so 116/2015/TT-BTC", &[("Thong tu so 116/2015/TT-BTC", "116/2015/TT-BTC", None)]),
    (
        "diem a khoan 1 Dieu 5 Nghi dinh 118/2025/ND-CP",
        &[("diem a khoan 1 Dieu 5 Nghi dinh 118/2025/ND-CP", "118/2025/NĐ-CP", Some("điểm a khoản 1 Điều 5"))],
    ),
    // Two citations, the very start and the very end.
    (
        "Quyết định số 19/2014/QĐ-TTg và Thông tư số 26/2014/TT-BKHCN",
        &[
            ("Quyết định số 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None),
            ("Thông tư số 26/2014/TT-BKHCN", "26/2014/TT-BKHCN", None),
        ],
    ),
    (
        "19/2014/QĐ-TTg được hướng dẫn bởi khoản 2 Điều 3 Thông tư 26/2014/TT-BKHCN",
        &[
            ("19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None),
            ("khoản 2 Điều 3 Thông tư 26/2014/TT-BKHCN", "26/2014/TT-BKHCN", Some("khoản 2 Điều 3")),
        ],
    ),
    (
        "Quyết định 4108/QĐ-BKHCN và 4109/QĐ-BKHCN",
        &[("Quyết định 4108/QĐ-BKHCN", "4108/QĐ-BKHCN", None), ("4109/QĐ-BKHCN", "4109/QĐ-BKHCN", None)],
    ),
    (
        "Quyết định số 19/2014/QĐ-TTg,Thông tư 116/2015/TT-BTC",
        &[
            ("Quyết định số 19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None),
            ("Thông tư 116/2015/TT-BTC", "116/2015/TT-BTC", None),
        ],
    ),
    ("19/2014/QĐ-TTg", &[("19/2014/QĐ-TTg", "19/2014/QĐ-TTg", None)]),
    // A law's name between the type word and `số` belongs to the citation (issue 21; was the number alone).
    (
        "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật số 68/2006/QH11",
        &[("Luật Tiêu chuẩn và Quy chuẩn kỹ thuật số 68/2006/QH11", "68/2006/QH11", None)],
    ),
];

/// Strings that hold no citation.
pub(super) const NEGATIVES: &[&str] = &[
    "ngày 05/3/2014",
    "15/01/2026",
    "ngày 05/03/2014",
    "1/2",
    "3/4 số phiếu",
    "tỷ lệ 98/100",
    "0912.345.678",
    "0203 3812 345",
    "https://example.gov.vn/van-ban/19/2014",
    "https://vbpl.vn/van-ban/19/2014/QD-TTg.html",
    "xem 19/2014/QĐ-TTg.pdf",
    "a/b/c",
    "TCVN ISO 9001:2015",
    "QT-07",
    "BM-07-01",
    "QT 02/CX-HCTP",
    "1.004518",
    "50.000 đồng",
    "24/7",
    "x19/2014/QĐ-TTgy",
    "x19/2014/QĐ-TTg",
    "19/2014/QĐ-TTgy",
    "19/2014/qđ-ttg",
    "19/2014/QĐ-ttg",
    "19/2014/QĐ",
    "19/3000/QĐ-TTg",
    "Mẫu số 02/TK",
    "khoản 6 Điều 4 của Quyết định này",
    "Điều 5 khoản 2",
    "Quyết định số 19/2014",
    "xem QD_19/2014/QĐ-TTg_v2",
    "19/2014/QĐ-TTg/abc",
    "số 1234567/QĐ-UBND",
    "thông tư số 116/2015/tt-btc",
];

/// The provisions of a citation, canonical, joined by "; " (None when there is none).
pub(super) fn provisions(c: &Citation) -> Option<String> {
    let all: Vec<String> = c.provisions.iter().map(Provision::canonical).collect();
    (!all.is_empty()).then(|| all.join("; "))
}

pub(super) fn check(
    text: &str,
    expected: &[Expect],
    same_span: impl Fn(&str, &str) -> bool,
    same_words: fn(&str) -> String,
) {
    let found = recognize(text);
    assert_eq!(found.len(), expected.len(), "{text:?}: {found:#?}");
    let mut previous_end = 0;
    for (c, (span, number, provision)) in found.iter().zip(expected) {
        assert!(same_span(&text[c.span.clone()], span), "{text:?}: span {:?}, want {span:?}", &text[c.span.clone()]);
        assert_eq!(c.number.key(), LegalNumber::parse(number).unwrap().key(), "{text:?}");
        assert_eq!(LegalNumber::parse(&text[c.number_span.clone()]).as_ref(), Ok(&c.number), "{text:?}");
        assert!(c.span.start <= c.number_span.start && c.span.end == c.number_span.end, "{text:?}");
        assert!(c.span.start >= previous_end, "{text:?}: overlapping");
        previous_end = c.span.end;
        assert_eq!(provisions(c).map(|p| same_words(&p)), provision.map(same_words), "{text:?}");
    }
}

#[test]
fn recognises_real_world_citations() {
    assert_eq!((CASES.len(), NEGATIVES.len()), (49, 34), "the issue-21 baseline: 49 positive, 34 negative strings");
    for (text, expected) in CASES {
        let found = recognize(text);
        assert_eq!(found.len(), expected.len(), "{text:?}: {found:#?}");
        for (c, (span, number, provision)) in found.iter().zip(*expected) {
            assert_eq!(&text[c.span.clone()], *span, "{text:?}");
            assert_eq!(c.number.to_string(), *number, "{text:?}");
            assert_eq!(provisions(c).as_deref(), *provision, "{text:?}");
        }
        check(text, expected, |a, b| a == b, str::to_owned);
    }
}

#[test]
fn recognises_nfd_input() {
    for (text, expected) in CASES {
        let decomposed: String = text.nfd().collect();
        check(&decomposed, expected, |a, b| nfc(a) == b, str::to_owned);
    }
}

#[test]
fn recognises_ascii_without_diacritics() {
    for (text, expected) in CASES {
        check(&fold(text), expected, |a, b| a == fold(b), fold);
    }
}

#[test]
fn rejects_what_is_not_a_citation() {
    for text in NEGATIVES {
        let decomposed: String = text.nfd().collect();
        for variant in [text.to_string(), decomposed, fold(text)] {
            assert_eq!(recognize(&variant), Vec::new(), "{variant:?}");
        }
    }
}

#[test]
fn number_span_is_the_number_as_written() {
    let text = "Căn cứ Quyết định số 19/2014/QĐ – TTg ngày 05/3/2014.";
    let c = &recognize(text)[0];
    assert_eq!(&text[c.number_span.clone()], "19/2014/QĐ – TTg");
    assert_eq!(&text[c.span.clone()], "Quyết định số 19/2014/QĐ – TTg");
    assert_eq!(c.number.to_string(), "19/2014/QĐ-TTg");
    assert_eq!(c.provisions, Vec::new());
}

#[test]
fn a_provision_is_not_taken_across_a_blank_line() {
    let text = "Điều 4\nThông tư 116/2015/TT-BTC";
    assert_eq!(&text[recognize(text)[0].span.clone()], text);
    let text = "## Điều 4\n\nThông tư 116/2015/TT-BTC";
    assert_eq!(&text[recognize(text)[0].span.clone()], "Thông tư 116/2015/TT-BTC");
    let text = "Quyết định số\n \n19/2014/QĐ-TTg";
    assert_eq!(&text[recognize(text)[0].span.clone()], "19/2014/QĐ-TTg");
}

#[test]
fn markdown_around_a_citation_is_not_part_of_it() {
    let text = "_Quyết định 19/2014/QĐ-TTg_ và **Thông tư 116/2015/TT-BTC**, [xem](https://vbpl.vn/19/2014/QD-TTg)";
    let spans: Vec<&str> = recognize(text).iter().map(|c| &text[c.span.clone()]).collect();
    assert_eq!(spans, ["Quyết định 19/2014/QĐ-TTg", "Thông tư 116/2015/TT-BTC"]);
}

#[test]
fn a_provision_for_the_previous_citation_is_not_taken_across_it() {
    let text = "Thông tư 26/2014/TT-BKHCN Điều 3 19/2014/QĐ-TTg";
    let found = recognize(text);
    assert_eq!(found.len(), 2);
    assert_eq!(&text[found[1].span.clone()], "Điều 3 19/2014/QĐ-TTg");
    let text = "Thông tư 26/2014/TT-BKHCN 19/2014/QĐ-TTg";
    let found = recognize(text);
    assert_eq!(&text[found[1].span.clone()], "19/2014/QĐ-TTg");
}

#[test]
fn parses_provisions_written_alone() {
    let p = |text: &str| parse_provision(text).map(|p| p.canonical());
    assert_eq!(p("khoản 6 Điều 4").as_deref(), Some("khoản 6 Điều 4"));
    assert_eq!(p("  điểm a khoản 1 Điều 5 ").as_deref(), Some("điểm a khoản 1 Điều 5"));
    assert_eq!(p("các khoản 1, 3 và 5 Điều 35").as_deref(), Some("các khoản 1, 3 và 5 Điều 35"));
    assert_eq!(p("Điều 5A").as_deref(), Some("Điều 5a"));
    assert_eq!(p("chương ii").as_deref(), Some("Chương II"));
    assert_eq!(p("Dieu 4").as_deref(), Some("Điều 4"));
    assert_eq!(p("diem đ khoan 2a dieu 7").as_deref(), Some("điểm đ khoản 2a Điều 7"));
    let decomposed: String = "khoản 6, Điều 4".nfd().collect();
    assert_eq!(p(&decomposed).as_deref(), Some("khoản 6 Điều 4"));
    let full = parse_provision("điểm a1 khoản 2a Điều 7 Chương III").unwrap();
    assert_eq!(
        full,
        Provision {
            chapter: Some("III".into()),
            article: Some("7".into()),
            clauses: vec!["2a".into()],
            points: vec!["a1".into()],
            ..Provision::default()
        }
    );
    // "Điều 4 khoản 6" is read since issue 21 (falling order); "Điều 5 và 6" is two provisions.
    assert_eq!(p("Điều 4 khoản 6").as_deref(), Some("khoản 6 Điều 4"));
    for bad in ["", "Điều", "Điều này", "khoản 6 Điều 4 Thông tư", "Điều 5 và 6", "khoản 1234"] {
        assert_eq!(parse_provision(bad), None, "{bad:?}");
    }
}

#[test]
fn article_anchor_is_dieu_and_the_article() {
    let anchor = |text: &str| parse_provision(text).unwrap().article_anchor();
    assert_eq!(anchor("Điều 5a").as_deref(), Some("dieu-5a"));
    assert_eq!(anchor("khoản 6 Điều 4").as_deref(), Some("dieu-4"));
    assert_eq!(anchor("ĐIỀU 12B").as_deref(), Some("dieu-12b"));
    assert_eq!(anchor("Chương II"), None);
    assert_eq!(anchor("khoản 3"), None);
}

#[test]
fn long_and_hostile_text_is_scanned_in_linear_time() {
    let mut text = String::new();
    for _ in 0..20_000 {
        text.push_str("khoản 1, 2, 3 và 4 Điều 5 1/ 2/ 3/A-a 24/7 05/3/2014 Quyết định số 19/2014/QĐ-TTg ");
    }
    text.push_str(&"khoản 1, ".repeat(50_000));
    text.push_str(&" ".repeat(100_000));
    text.push_str("Thông tư 116/2015/TT-BTC");
    let started = std::time::Instant::now();
    let found = recognize(&text);
    assert_eq!(found.len(), 20_001);
    assert_eq!(found[0].provision(), None);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}
