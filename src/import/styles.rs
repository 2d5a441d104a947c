//! What a paragraph's style and list numbering say about it: Word's styles (`word/styles.xml`)
//! name headings ("heading 2") and may carry an outline level or a numbering; the numbering
//! definitions (`word/numbering.xml`) say whether a numbered paragraph is a bullet, "1." or
//! "5.2", and the counters give the number a reader sees.

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

/// A paragraph style: its outline level (0 = heading 1) and its own numbering, if any.
#[derive(Clone, Debug, Default)]
pub struct Style {
    pub outline: Option<u8>,
    pub numbering: Option<(String, u8)>,
    /// The font the style gives its text (`.VnTime` in many older files), when it names one.
    pub font: Option<String>,
}

/// One level of a list definition.
#[derive(Clone, Debug)]
struct Level {
    format: String,
    text: String,
}

/// The styles and numbering of a document, and the counters of its lists as they are read.
#[derive(Debug, Default)]
pub struct Numbering {
    styles: BTreeMap<String, Style>,
    /// The document's default font (`w:docDefaults`), when it names one.
    pub default_font: Option<String>,
    /// numId → abstractNumId.
    nums: BTreeMap<String, String>,
    /// abstractNumId → levels.
    abstracts: BTreeMap<String, BTreeMap<u8, Level>>,
    /// abstractNumId → the counters of levels 0..9.
    counters: BTreeMap<String, [u32; 9]>,
}

/// What numbering gives a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbered {
    pub level: u8,
    /// A bullet rather than a number.
    pub bullet: bool,
    /// The number as a reader sees it, without its trailing dot: "5.2", "3", "a".
    pub number: String,
    /// The level's text shows more than one counter ("%1.%2"): an outline heading number.
    pub outline: bool,
}

pub fn w<'a>(node: Node<'a, '_>, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| c.tag_name().name() == name)
}

pub fn val(node: Option<Node<'_, '_>>) -> Option<String> {
    node.and_then(|n| n.attributes().find(|a| a.name() == "val").map(|a| a.value().to_owned()))
}

fn parse(xml: Option<&str>) -> Option<Document<'_>> {
    xml.and_then(|text| Document::parse(text).ok())
}

impl Numbering {
    pub fn new(styles_xml: Option<&str>, numbering_xml: Option<&str>) -> Numbering {
        let mut numbering = Numbering::default();
        if let Some(doc) = parse(styles_xml) {
            for style in doc.descendants().filter(|n| n.tag_name().name() == "style") {
                numbering.add_style(style);
            }
            let defaults = doc.descendants().find(|n| n.tag_name().name() == "rPrDefault");
            numbering.default_font = defaults.and_then(|d| d.descendants().find_map(font_of));
        }
        if let Some(doc) = parse(numbering_xml) {
            numbering.add_numbering(&doc);
        }
        numbering
    }

    fn add_style(&mut self, style: Node) {
        let Some(id) = style.attributes().find(|a| a.name() == "styleId").map(|a| a.value().to_owned()) else {
            return;
        };
        let name = val(w(style, "name")).unwrap_or_default().to_lowercase();
        let ppr = w(style, "pPr");
        let mut outline = ppr.and_then(|p| val(w(p, "outlineLvl"))).and_then(|v| v.parse::<u8>().ok());
        if let Some(n) = name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok()) {
            outline = outline.or(Some(n.saturating_sub(1)));
        }
        let numbering = ppr.and_then(|p| w(p, "numPr")).and_then(num_pr);
        let font = w(style, "rPr").and_then(|r| w(r, "rFonts")).and_then(font_of);
        self.styles.insert(id, Style { outline, numbering, font });
    }

    fn add_numbering(&mut self, doc: &Document) {
        for node in doc.descendants() {
            let id = |n: &Node, attr: &str| n.attributes().find(|a| a.name() == attr).map(|a| a.value().to_owned());
            match node.tag_name().name() {
                "abstractNum" => {
                    let Some(abstract_id) = id(&node, "abstractNumId") else { continue };
                    let mut levels = BTreeMap::new();
                    for lvl in node.children().filter(|c| c.tag_name().name() == "lvl") {
                        let Some(ilvl) = id(&lvl, "ilvl").and_then(|v| v.parse::<u8>().ok()) else { continue };
                        let format = val(w(lvl, "numFmt")).unwrap_or_else(|| "decimal".into());
                        let text = val(w(lvl, "lvlText")).unwrap_or_default();
                        levels.insert(ilvl, Level { format, text });
                    }
                    self.abstracts.insert(abstract_id, levels);
                }
                "num" => {
                    if let (Some(num), Some(abstract_id)) = (id(&node, "numId"), val(w(node, "abstractNumId"))) {
                        self.nums.insert(num, abstract_id);
                    }
                }
                _ => {}
            }
        }
    }

    /// The style of a paragraph, by its id.
    pub fn style(&self, id: &str) -> Style {
        self.styles.get(id).cloned().unwrap_or_default()
    }

    /// Counts a numbered paragraph and says what it shows; None for numId 0 (numbering removed).
    pub fn count(&mut self, num_id: &str, level: u8) -> Option<Numbered> {
        let abstract_id = self.nums.get(num_id)?.clone();
        let levels = self.abstracts.get(&abstract_id)?;
        let def = levels.get(&level)?.clone();
        let counters = self.counters.entry(abstract_id).or_insert([0; 9]);
        let at = usize::from(level.min(8));
        counters[at] += 1;
        counters.iter_mut().skip(at + 1).for_each(|c| *c = 0);
        let counters = *counters;
        if def.format == "bullet" || def.format == "none" {
            return Some(Numbered { level, bullet: true, number: String::new(), outline: false });
        }
        let outline = def.text.matches('%').count() > 1;
        let mut number = def.text.clone();
        for (i, value) in counters.iter().enumerate().rev() {
            let shown = if i == at { show(*value, &def.format) } else { value.max(&1).to_string() };
            number = number.replace(&format!("%{}", i + 1), &shown);
        }
        let number = number.trim().trim_end_matches(['.', ')']).to_owned();
        Some(Numbered { level, bullet: false, number, outline })
    }
}

/// The font an `rFonts` element names for Latin text (`ascii`, else `hAnsi`).
pub fn font_of(fonts: Node) -> Option<String> {
    if fonts.tag_name().name() != "rFonts" {
        return None;
    }
    let attribute = |name: &str| fonts.attributes().find(|a| a.name() == name).map(|a| a.value().to_owned());
    attribute("ascii").or_else(|| attribute("hAnsi"))
}

/// `numPr` → (numId, ilvl).
pub fn num_pr(node: Node) -> Option<(String, u8)> {
    let id = val(w(node, "numId"))?;
    let level = val(w(node, "ilvl")).and_then(|v| v.parse().ok()).unwrap_or(0);
    Some((id, level))
}

fn show(value: u32, format: &str) -> String {
    match format {
        "lowerLetter" | "upperLetter" => {
            let letter = char::from_u32(u32::from(b'a') + (value.max(1) - 1) % 26).unwrap_or('a');
            if format == "upperLetter" {
                letter.to_ascii_uppercase().to_string()
            } else {
                letter.to_string()
            }
        }
        _ => value.to_string(),
    }
}
