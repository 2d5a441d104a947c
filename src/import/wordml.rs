//! WordprocessingML (`word/document.xml`) read into plain blocks: paragraphs with their text as
//! Markdown and as plain words, their heading or list numbering, and tables with merged cells
//! expanded. What the blocks mean (a header table, section 5.7) is `structure`'s business.

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

use super::archive::Docx;
use super::inline::{Inline, Runs};
use super::styles::{num_pr, val, w, Numbering};

/// A paragraph as read.
#[derive(Clone, Debug, Default)]
pub struct Para {
    /// The text as Markdown (bold, italic, links, images, footnote marks).
    pub markdown: String,
    /// The text as a reader sees it, without formatting.
    pub plain: String,
    /// Every run is bold.
    pub bold: bool,
    /// The outline level its style gives (0 = heading 1).
    pub outline: Option<u8>,
    /// The list number or bullet Word draws before it.
    pub numbered: Option<super::styles::Numbered>,
}

/// A table cell: its paragraphs' plain lines and its Markdown.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub lines: Vec<String>,
    pub markdown: String,
}

impl Cell {
    /// The cell's text on one line.
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// A table, one row per `w:tr`, merged cells expanded.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// Some cell spanned rows or columns.
    pub merged: bool,
}

#[derive(Clone, Debug)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// What reading the document found besides the blocks.
#[derive(Debug, Default)]
pub struct Extras {
    /// Pictures: the name inside the package (`word/media/image1.png`), in order of first use.
    pub images: Vec<String>,
    /// Footnotes in order of reference: (number shown, text).
    pub footnotes: Vec<(usize, String)>,
    /// Legacy encodings decoded: "TCVN3" / "VNI", with how many runs.
    pub legacy: BTreeMap<&'static str, usize>,
    /// Tables with merged cells.
    pub merged_tables: usize,
}

/// The document's blocks, or None when its XML cannot be read.
pub fn read(docx: &Docx) -> Option<(Vec<Block>, Extras)> {
    let doc = Document::parse(&docx.document).ok()?;
    let body = doc.descendants().find(|n| n.tag_name().name() == "body")?;
    let mut numbering = Numbering::new(docx.styles.as_deref(), docx.numbering.as_deref());
    let mut runs = Runs::new(docx.relationships.as_deref(), docx.footnotes.as_deref());
    let mut blocks = Vec::new();
    for child in body.children() {
        match child.tag_name().name() {
            "p" => blocks.push(Block::Para(paragraph(child, &mut numbering, &mut runs))),
            "tbl" => blocks.push(Block::Table(table(child, &mut numbering, &mut runs))),
            "sdt" => {
                // Content controls wrap ordinary paragraphs and tables.
                for inner in child.descendants().filter(|n| matches!(n.tag_name().name(), "p" | "tbl")) {
                    if inner.ancestors().skip(1).any(|a| a.tag_name().name() == "tbl") {
                        continue;
                    }
                    match inner.tag_name().name() {
                        "p" if !inner.ancestors().skip(1).any(|a| a.tag_name().name() == "p") => {
                            blocks.push(Block::Para(paragraph(inner, &mut numbering, &mut runs)))
                        }
                        "tbl" => blocks.push(Block::Table(table(inner, &mut numbering, &mut runs))),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let mut extras = runs.into_extras();
    extras.merged_tables = blocks.iter().filter(|b| matches!(b, Block::Table(t) if t.merged)).count();
    Some((blocks, extras))
}

fn paragraph(p: Node, numbering: &mut Numbering, runs: &mut Runs) -> Para {
    let ppr = w(p, "pPr");
    let style = numbering.style(&val(ppr.and_then(|n| w(n, "pStyle"))).unwrap_or_default());
    let own_outline = ppr.and_then(|n| val(w(n, "outlineLvl"))).and_then(|v| v.parse::<u8>().ok());
    let num = ppr.and_then(|n| w(n, "numPr")).and_then(num_pr).or(style.numbering.clone());
    let numbered = num.and_then(|(id, level)| numbering.count(&id, level));
    let font = style.font.clone().or_else(|| numbering.default_font.clone());
    let Inline { markdown, plain, bold } = runs.paragraph(p, font.as_deref());
    Para { markdown, plain, bold, outline: own_outline.or(style.outline).filter(|l| *l < 9), numbered }
}

fn table(tbl: Node, numbering: &mut Numbering, runs: &mut Runs) -> Table {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut merged = false;
    for tr in tbl.children().filter(|n| n.tag_name().name() == "tr") {
        let mut row = Vec::new();
        for tc in tr.children().filter(|n| n.tag_name().name() == "tc") {
            let tcpr = w(tc, "tcPr");
            let span = tcpr.and_then(|n| val(w(n, "gridSpan"))).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
            let vmerge = tcpr.and_then(|n| w(n, "vMerge"));
            let continues = vmerge.is_some() && val(vmerge).as_deref() != Some("restart");
            let column = row.len();
            let cell = if continues {
                merged = true;
                rows.last().and_then(|above: &Vec<Cell>| above.get(column).cloned()).unwrap_or_default()
            } else {
                cell(tc, numbering, runs)
            };
            row.push(cell);
            // A cell spanning columns is written once; the columns it covers stay empty.
            for _ in 1..span.min(64) {
                merged = true;
                row.push(Cell::default());
            }
        }
        rows.push(row);
    }
    Table { rows, merged }
}

fn cell(tc: Node, numbering: &mut Numbering, runs: &mut Runs) -> Cell {
    let mut lines = Vec::new();
    let mut markdown = Vec::new();
    for p in tc.children().filter(|n| n.tag_name().name() == "p") {
        let para = paragraph(p, numbering, runs);
        let prefix = match &para.numbered {
            Some(n) if n.bullet => "- ".to_owned(),
            Some(n) => format!("{}. ", n.number),
            None => String::new(),
        };
        if !para.plain.trim().is_empty() {
            lines.push(format!("{prefix}{}", para.plain.trim()));
            markdown.push(format!("{prefix}{}", para.markdown.trim()));
        }
    }
    Cell { lines, markdown: markdown.join("<br>") }
}
