//! Section 5.2, the dossier (*thành phần hồ sơ*), as a list ("- Đơn đề nghị (theo mẫu
//! BM-01-01): 01 bản chính") or a table (Tên giấy tờ | Bản chính | Bản sao), turned into
//! dossier items: name, kind of copy, count and form.

use std::collections::BTreeMap;

use super::procedure::form_code;
use super::report::Notes;
use super::values::{self, fold};
use super::wordml::Block;
use super::{tables, DossierItem, Procedure};

/// Kinds of copy, longest first so "bản sao có chứng thực" is not read as "bản sao".
const COPIES: &[(&str, &str)] = &[
    ("ban sao kem ban chinh de doi chieu", "bản sao kèm bản chính để đối chiếu"),
    ("ban sao co chung thuc", "bản sao có chứng thực"),
    ("ban dien tu", "bản điện tử"),
    ("ban sao", "bản sao"),
    ("ban chinh", "bản chính"),
];

/// Fills `procedure.dossier` from the section's blocks; returns the blocks it could not read.
pub fn read(
    blocks: Vec<Block>,
    procedure: &mut Procedure,
    forms: &BTreeMap<String, String>,
    notes: &mut Notes,
) -> Vec<Block> {
    let mut rest = Vec::new();
    for block in blocks {
        match block {
            Block::Para(p) if p.numbered.is_some() || starts_as_item(&p.plain) => {
                procedure.dossier.push(item(&p.plain, forms));
            }
            Block::Table(t) => match tables::columns(&t, tables::DOSSIER_COLUMNS, &["name"]) {
                Some(columns) => {
                    for row in t.rows.iter().skip(1).filter(|r| !tables::is_filler(r)) {
                        let name = tables::text(row, &columns, "name");
                        if name.is_empty() {
                            continue;
                        }
                        let mut item = item(&name, forms);
                        item.originals = values::number(&tables::text(row, &columns, "original"));
                        item.copies = values::number(&tables::text(row, &columns, "copy"));
                        if item.originals.is_some() || item.copies.is_some() {
                            item.copy = None;
                            item.count = None;
                        }
                        let note = tables::text(row, &columns, "note");
                        item.note = (!note.is_empty()).then_some(note);
                        procedure.dossier.push(item);
                    }
                }
                None => rest.push(Block::Table(t)),
            },
            other => rest.push(other),
        }
    }
    if !procedure.dossier.is_empty() {
        notes.field("procedure.dossier", &format!("{} giấy tờ", procedure.dossier.len()));
    }
    rest
}

fn starts_as_item(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(['-', '+', '•', '*'])
        || t.split_once([')', '.']).is_some_and(|(head, _)| {
            !head.is_empty() && head.len() <= 2 && head.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// One dossier item from its text.
fn item(text: &str, forms: &BTreeMap<String, String>) -> DossierItem {
    let text = text.trim().trim_start_matches(['-', '+', '•', '*']).trim();
    let text = strip_marker(text).trim_end_matches(['.', ';']).trim();
    let folded = fold(text);
    let copy = COPIES.iter().find(|(words, _)| folded.contains(words));
    let count = copy.and_then(|(words, _)| count_before(&folded, words));
    let form = form_code(text, forms);
    let mut cut = text.len();
    if copy.is_some() || form.is_some() {
        // The name ends where the details start: "Đơn đề nghị (theo mẫu …): 01 bản chính".
        if let Some(at) = text.find([':', '(']) {
            cut = at;
        }
    }
    let name = text[..cut].trim().trim_end_matches([',', '-', ':']).trim().to_owned();
    let name = if name.is_empty() { text.to_owned() } else { name };
    DossierItem {
        name,
        copy: copy.map(|(_, copy)| copy.to_string()).filter(|c| c != "bản chính"),
        count: count.filter(|n| *n > 1),
        form,
        ..DossierItem::default()
    }
}

/// "a) …", "1. …" markers typed before an item.
fn strip_marker(text: &str) -> &str {
    match text.split_once([')', '.']) {
        Some((head, rest))
            if !head.is_empty() && head.len() <= 2 && head.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            rest.trim_start()
        }
        _ => text,
    }
}

/// "02 bản sao": the number just before the kind of copy.
fn count_before(folded: &str, words: &str) -> Option<u32> {
    let at = folded.find(words)?;
    let before = folded[..at].trim_end();
    let digits: String = before.chars().rev().take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().ok()
}
