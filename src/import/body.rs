//! The Markdown body of an imported document: its sections as headings ("## 1. Mục đích",
//! "### 5.1 Cơ sở pháp lý"), paragraphs, lists and tables, then — under a heading that says so —
//! everything the importer could not place, then the footnotes.

use super::inline::escape;
use super::structure::Section;
use super::wordml::{Block, Para, Table};

/// The heading under which unplaced content is kept.
pub const UNPLACED_HEADING: &str = "## Nội dung chưa xếp được khi nhập (cần xem lại)";

/// The body text.
pub fn write(sections: &[Section], unplaced: &[(String, Block)], footnotes: &[(usize, String)]) -> String {
    let mut out = Vec::new();
    for section in sections {
        out.push(heading(section));
        out.extend(section.blocks.iter().map(block));
    }
    if !unplaced.is_empty() {
        out.push(UNPLACED_HEADING.to_owned());
        out.push(
            "*Phần dưới đây có trong tệp Word nhưng chưa được đưa vào trường nào; hãy chuyển vào đúng chỗ rồi xóa mục này.*"
                .to_owned(),
        );
        let mut last = None;
        for (from, b) in unplaced {
            if last != Some(from) {
                out.push(format!("**{}:**", escape(from)));
                last = Some(from);
            }
            out.push(block(b));
        }
    }
    for (number, text) in footnotes {
        out.push(format!("[^{number}]: {}", escape(text)));
    }
    let text = join(out);
    if text.is_empty() {
        text
    } else {
        text + "\n"
    }
}

/// Blocks separated by a blank line, but the items of one list kept together.
fn join(blocks: Vec<String>) -> String {
    let mut text = String::new();
    let is_item = |b: &str| {
        let t = b.trim_start();
        t.starts_with("- ")
            || t.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
    };
    let mut last_item = false;
    for block in blocks.iter().filter(|b| !b.trim().is_empty()) {
        let item = is_item(block);
        if !text.is_empty() {
            text.push_str(if item && last_item { "\n" } else { "\n\n" });
        }
        text.push_str(block);
        last_item = item;
    }
    text
}

fn heading(section: &Section) -> String {
    let hashes = "#".repeat((section.depth() + 1).min(6));
    let title = escape(&section.title);
    if title.is_empty() {
        return String::new();
    }
    match (section.number.as_str(), section.depth()) {
        ("", _) => format!("{hashes} {title}"),
        (number, 1) => format!("{hashes} {number}. {title}"),
        (number, _) => format!("{hashes} {number} {title}"),
    }
}

fn block(block: &Block) -> String {
    match block {
        Block::Para(p) => paragraph(p),
        Block::Table(t) => table(t),
    }
}

fn paragraph(p: &Para) -> String {
    let text = p.markdown.trim();
    match &p.numbered {
        Some(n) if n.bullet => format!("{}- {text}", "  ".repeat(usize::from(n.level.min(4)))),
        Some(n) if !n.number.is_empty() && n.number.chars().all(|c| c.is_ascii_digit()) => {
            format!("{}{}. {text}", "   ".repeat(usize::from(n.level.min(4))), n.number)
        }
        Some(n) => format!("{}- {}) {text}", "  ".repeat(usize::from(n.level.min(4))), n.number),
        None if text.starts_with('#') => format!("\\{text}"),
        None => text.to_owned(),
    }
}

/// A Markdown table; rows padded to the widest, the first row the header.
fn table(t: &Table) -> String {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let mut lines = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(|c| c.markdown.replace('\n', " ")).collect();
        cells.resize(width, String::new());
        lines.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    lines.join("\n")
}
