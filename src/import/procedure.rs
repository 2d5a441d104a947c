//! Sections 5.2–5.7, 6 and 7 of a procedure turned into `[procedure]` fields: the dossier, the
//! number of sets, the time limit, where to submit, the fee, the step table, the forms and the
//! records. A section is known by its title words first ("Thành phần hồ sơ"), by its number
//! second, so a manual that numbers them differently still imports. What a section holds that
//! no field takes is handed back to be kept in the body for review.

use std::collections::BTreeMap;

use super::report::Notes;
use super::structure::Section;
use super::values::fold;
use super::wordml::{Block, Cell, Para};
use super::{dossier, tables, units, Procedure, Record, Step};
use crate::model::Duration;

/// What the mapping needs from the manual: its units and the forms it has (code key → code).
pub struct Context<'a> {
    pub units: &'a [units::Known],
    pub forms: &'a BTreeMap<String, String>,
}

/// Which field a section fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Dossier,
    Count,
    Time,
    Where,
    Fee,
    Steps,
    Forms,
    Records,
}

const TITLES: &[(&str, Part)] = &[
    ("thanh phan ho so", Part::Dossier),
    ("so luong ho so", Part::Count),
    ("thoi gian xu ly", Part::Time),
    ("thoi han giai quyet", Part::Time),
    ("thoi gian giai quyet", Part::Time),
    ("noi tiep nhan", Part::Where),
    ("noi nop", Part::Where),
    ("le phi", Part::Fee),
    ("phi,", Part::Fee),
    ("quy trinh xu ly", Part::Steps),
    ("trinh tu", Part::Steps),
    ("bieu mau", Part::Forms),
    ("ho so can luu", Part::Records),
    ("ho so luu", Part::Records),
    ("luu ho so", Part::Records),
];

const NUMBERS: &[(&str, Part)] = &[
    ("5.2", Part::Dossier),
    ("5.3", Part::Count),
    ("5.4", Part::Time),
    ("5.5", Part::Where),
    ("5.6", Part::Fee),
    ("5.7", Part::Steps),
    ("6", Part::Forms),
    ("7", Part::Records),
];

fn part_of(section: &Section) -> Option<Part> {
    let title = fold(&section.title);
    TITLES
        .iter()
        .find(|(words, _)| title.starts_with(words))
        .or_else(|| NUMBERS.iter().find(|(n, _)| *n == section.number))
        .map(|(_, part)| *part)
}

/// The procedure's fields from its sections; the sections used are taken out of `sections`,
/// and what they held that no field took is returned, each block with where it came from.
pub fn fields(sections: &mut Vec<Section>, context: &Context, notes: &mut Notes) -> (Procedure, Vec<(String, Block)>) {
    let mut procedure = Procedure::default();
    let mut leftover = Vec::new();
    let mut kept = Vec::new();
    for section in sections.drain(..) {
        let Some(part) = part_of(&section) else {
            kept.push(section);
            continue;
        };
        let from = format!("{} {}", section.number, section.title).trim().to_owned();
        let rest = fill(part, section.blocks, &mut procedure, context, notes);
        leftover.extend(rest.into_iter().map(|b| (from.clone(), b)));
    }
    *sections = kept;
    (procedure, leftover)
}

fn fill(part: Part, blocks: Vec<Block>, procedure: &mut Procedure, context: &Context, notes: &mut Notes) -> Vec<Block> {
    match part {
        Part::Dossier => dossier::read(blocks, procedure, context.forms, notes),
        Part::Steps => steps(blocks, procedure, context, notes),
        Part::Records => records(blocks, procedure, context, notes),
        Part::Forms => forms(blocks, context, notes),
        Part::Count | Part::Time | Part::Where | Part::Fee => {
            let (text, mut rest) = paragraphs(blocks);
            if !text.is_empty() && !prose(part, &text, procedure, notes) {
                // What could not be read stays in the body, as written.
                let kept = Para { markdown: super::inline::escape(&text), plain: text, ..Para::default() };
                rest.insert(0, Block::Para(kept));
            }
            rest
        }
    }
}

/// The section's paragraphs as one line of text, and the blocks that are not paragraphs.
fn paragraphs(blocks: Vec<Block>) -> (String, Vec<Block>) {
    let mut text = Vec::new();
    let mut rest = Vec::new();
    for block in blocks {
        match block {
            Block::Para(p) => text.push(p.plain.trim().trim_start_matches(['-', '+', '•']).trim().to_owned()),
            other => rest.push(other),
        }
    }
    (text.into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join("; "), rest)
}

/// Fills the field of a prose section; false when its text could not all be read.
fn prose(part: Part, text: &str, procedure: &mut Procedure, notes: &mut Notes) -> bool {
    match part {
        Part::Count => {
            procedure.dossier_count = Some(text.to_owned());
            notes.field("procedure.dossier_count", text);
        }
        Part::Where => {
            procedure.where_to_submit = Some(text.to_owned());
            notes.field("procedure.where_to_submit", text);
        }
        Part::Time => return super::methods::read(text, procedure, notes),
        Part::Fee => super::fee::read(text, procedure, notes),
        _ => {}
    }
    true
}

fn steps(blocks: Vec<Block>, procedure: &mut Procedure, context: &Context, notes: &mut Notes) -> Vec<Block> {
    let mut rest = Vec::new();
    for block in blocks {
        let table = match block {
            Block::Table(t) if procedure.steps.is_empty() => t,
            other => {
                rest.push(other);
                continue;
            }
        };
        let Some(columns) = tables::columns(&table, tables::STEP_COLUMNS, &["task", "unit"]) else {
            rest.push(Block::Table(table));
            continue;
        };
        for row in table.rows.iter().skip(1) {
            if tables::is_filler(row) || tables::text(row, &columns, "task").is_empty() {
                continue;
            }
            let step = step(procedure.steps.len() + 1, row, &columns, context, notes);
            procedure.steps.push(step);
        }
        notes.field("procedure.steps", &format!("{} bước", procedure.steps.len()));
    }
    rest
}

fn step(number: usize, row: &[Cell], columns: &[(&'static str, usize)], context: &Context, notes: &mut Notes) -> Step {
    let task = tables::text(row, columns, "task");
    let unit_text = tables::text(row, columns, "unit");
    let unit = unit_id(&unit_text, &format!("bước {number}"), context, notes);
    let time_text = tables::text(row, columns, "time");
    let time = match Duration::try_from(time_text.clone()) {
        Ok(_) => Some(time_text),
        Err(_) if time_text.is_empty() => None,
        Err(_) => {
            notes.review(tr!(
                "bước {number}: thời gian \"{time_text}\" không đọc được, để trống",
                "step {number}: the time \"{time_text}\" could not be read and is left empty"
            ));
            None
        }
    };
    let result_text = tables::text(row, columns, "form");
    let form = form_code(&result_text, context.forms);
    let looks_like_form = fold(&result_text).starts_with("bm") || fold(&result_text).starts_with("mau bm");
    if form.is_none() && looks_like_form {
        notes.review(tr!(
            "bước {number}: biểu mẫu \"{result_text}\" chưa có trong sổ tay nên được ghi là kết quả; nhập cả tệp biểu mẫu",
            "step {number}: the form \"{result_text}\" is not in the manual, so it is written as the result; import the form too"
        ));
    }
    let result = if form.is_some() || result_text.is_empty() { None } else { Some(result_text) };
    Step { task, unit, time, form, result }
}

/// A unit id for the text of a step or record, noting guesses and unknown units.
pub fn unit_id(text: &str, place: &str, context: &Context, notes: &mut Notes) -> String {
    match units::find(text, context.units) {
        units::Matched::Exact(id) => id,
        units::Matched::Similar(id, name) => {
            notes.guess(tr!(
                "{place}: \"{text}\" được hiểu là đơn vị \"{name}\" ({id}) vì tên gần giống",
                "{place}: \"{text}\" taken as the unit \"{name}\" ({id}), a similar name"
            ));
            id
        }
        units::Matched::Unknown => {
            let id = units::new_id(text);
            notes.unknown_unit(place, text, &id, units::closest(text, context.units));
            id
        }
    }
}

/// The code of a form of the manual named in `text` ("BM-03-01", "Mẫu BM 03-01"), if any.
pub fn form_code(text: &str, forms: &BTreeMap<String, String>) -> Option<String> {
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':')).collect();
    for width in [1, 2, 3] {
        for window in words.windows(width) {
            let key = crate::model::code::code_key(&window.join(" "));
            if let Some(code) = forms.get(&key) {
                return Some(code.clone());
            }
        }
    }
    None
}

fn records(blocks: Vec<Block>, procedure: &mut Procedure, context: &Context, notes: &mut Notes) -> Vec<Block> {
    let mut rest = Vec::new();
    for block in blocks {
        let columns = match &block {
            Block::Table(t) => tables::columns(t, tables::RECORD_COLUMNS, &["name", "retention"]),
            _ => None,
        };
        let (Block::Table(table), Some(columns)) = (&block, columns) else {
            rest.push(block);
            continue;
        };
        for row in table.rows.iter().skip(1).filter(|r| !tables::is_filler(r)) {
            let name = tables::text(row, &columns, "name");
            if name.is_empty() {
                continue;
            }
            let place = format!("hồ sơ \"{name}\"");
            let kept_by = unit_id(&tables::text(row, &columns, "kept_by"), &place, context, notes);
            let retention = tables::text(row, &columns, "retention");
            let form = form_code(&tables::text(row, &columns, "form"), context.forms)
                .or_else(|| form_code(&name, context.forms));
            procedure.records.push(Record { name, kept_by, retention, form });
        }
        notes.field("procedure.records", &format!("{} hồ sơ", procedure.records.len()));
    }
    rest
}

/// Section 6: the forms it lists must be forms of the manual; those that are not are named in
/// the report. The list itself is not kept: the page lists the forms the steps and dossier use.
fn forms(blocks: Vec<Block>, context: &Context, notes: &mut Notes) -> Vec<Block> {
    let mut rest = Vec::new();
    for block in blocks {
        let lines: Vec<String> = match &block {
            Block::Table(t) if tables::columns(t, tables::FORM_COLUMNS, &["name"]).is_some() => {
                t.rows.iter().skip(1).map(|r| super::structure::row_text(r)).collect()
            }
            Block::Para(p) => vec![p.plain.clone()],
            _ => {
                rest.push(block);
                continue;
            }
        };
        let mut missing = false;
        for line in lines.iter().filter(|l| !l.trim().is_empty()) {
            if fold(line).starts_with("khong") {
                notes.field("forms", line);
                continue;
            }
            match form_code(line, context.forms) {
                Some(code) => notes.field("forms", &code),
                None => {
                    missing = true;
                    notes.review(tr!(
                        "biểu mẫu ở mục 6 \"{line}\" chưa có trong sổ tay; hãy nhập cả tệp biểu mẫu",
                        "the form \"{line}\" listed in section 6 is not in the manual; import its file too"
                    ));
                }
            }
        }
        if missing {
            rest.push(block);
        }
    }
    rest
}
