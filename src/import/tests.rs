//! Unit tests of the recognisers on hand-made blocks, and a property test that no input bytes
//! or document text make the reader panic.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::archive::{open_docx, Docx};
use super::report::Notes;
use super::styles::Numbered;
use super::wordml::{Block, Cell, Para, Table};
use super::{signoff, structure, wordml};
use crate::lang::Lang;

fn para(text: &str, bold: bool) -> Para {
    Para { markdown: text.into(), plain: text.into(), bold, ..Para::default() }
}

fn cells(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|t| Cell { lines: vec![t.to_string()], markdown: t.to_string() }).collect()
}

#[test]
fn headings_by_typed_number_numbering_and_style() {
    assert_eq!(
        structure::heading(&para("5.2. Thành phần hồ sơ", false)),
        Some(("5.2".into(), "Thành phần hồ sơ".into()))
    );
    assert_eq!(structure::heading(&para("3. Ghi chú chung", true)), Some(("3".into(), "Ghi chú chung".into())));
    // A numbered line of body text is not a heading.
    assert_eq!(structure::heading(&para("1. Đơn đề nghị cấp phép", false)), None);
    assert_eq!(structure::heading(&para("Ngày 15/3/2024 họp giao ban", true)), None);
    let mut outline = para("Thành phần hồ sơ", false);
    outline.numbered = Some(Numbered { level: 1, bullet: false, number: "5.2".into(), outline: true });
    assert_eq!(structure::heading(&outline), Some(("5.2".into(), "Thành phần hồ sơ".into())));
    let mut styled = para("Lưu đồ", false);
    styled.outline = Some(1);
    assert_eq!(structure::heading(&styled), Some((String::new(), "Lưu đồ".into())));
}

#[test]
fn signoff_without_row_labels_reads_name_title_and_date() {
    let table = Table {
        rows: vec![
            cells(&["Người soạn thảo", "Người xem xét", "Người phê duyệt"]),
            cells(&["(đã ký)", "(đã ký)", "(đã ký)"]),
            cells(&["Nguyễn Văn An", "Lê Thị Bình", "Trần Minh Khoa"]),
            cells(&["Chuyên viên", "Phó Giám đốc", "Giám đốc"]),
            cells(&["01/02/2025", "03/02/2025", "05/02/2025"]),
        ],
        merged: false,
    };
    assert!(signoff::is_signoff(&table));
    let [prepared, _, approved] = signoff::read(&table, &mut Notes::default());
    let approved = approved.expect("approved");
    assert_eq!((approved.name.as_str(), approved.title.as_str()), ("Trần Minh Khoa", "Giám đốc"));
    assert_eq!(approved.date.map(|d| d.iso()), Some("2025-02-05".to_owned()));
    assert_eq!(prepared.expect("prepared").name, "Nguyễn Văn An");
}

#[test]
fn amendment_rows_in_any_column_order() {
    let table = Table {
        rows: vec![
            cells(&["Lần", "Nội dung sửa đổi", "Ngày sửa đổi", "Trang/Mục"]),
            cells(&["01", "", "15/3/2022", ""]),
            cells(&["02", "Rút ngắn thời hạn", "10/8/2023", "Mục 5.4"]),
        ],
        merged: false,
    };
    let mut notes = Notes::default();
    let found = structure::recognise(vec![Block::Table(table)], &mut notes);
    let rows: Vec<(u32, String, String, String)> =
        found.amendments.iter().map(|a| (a.revision, a.date.iso(), a.place.clone(), a.summary.clone())).collect();
    assert_eq!(
        rows,
        [
            (1, "2022-03-15".into(), "Toàn bộ tài liệu".into(), "Ban hành lần đầu".into()),
            (2, "2023-08-10".into(), "Mục 5.4".into(), "Rút ngắn thời hạn".into())
        ]
    );
    assert!(notes.guesses.iter().any(|g| g.contains("Toàn bộ tài liệu")), "the filled-in place is a guess");
}

#[test]
fn refusals_are_one_line() {
    for bytes in [&b"PK\x03\x04broken"[..], b"%PDF-1.4", b"", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]] {
        let refusal = open_docx(bytes, Lang::En).expect_err("not a docx");
        assert!(!refusal.0.is_empty() && !refusal.0.contains('\n'), "{refusal:?}");
    }
}

proptest! {
    #[test]
    fn no_bytes_make_the_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = open_docx(&bytes, Lang::Vi);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        let _ = open_docx(&zipped, Lang::Vi);
    }

    #[test]
    fn no_document_text_makes_the_recognisers_panic(body in "(<w:p>(<w:r><w:t>[0-9a-zA-Zà-ỹ.: ]{0,20}</w:t></w:r>){0,3}</w:p>|<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>|<w:p><w:pPr><w:numPr><w:ilvl w:val=\"[0-9]\"/><w:numId w:val=\"[0-3]\"/></w:numPr></w:pPr></w:p>){0,8}") {
        let document = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let docx = Docx { document, media: BTreeMap::new(), ..Docx::default() };
        if let Some((blocks, _)) = wordml::read(&docx) {
            let _ = structure::recognise(blocks, &mut Notes::default());
        }
    }
}
