//! The runs of a Word paragraph as Markdown: bold and italic, hyperlinks, pictures, footnote
//! marks, and each run's text decoded by its font (TCVN3, VNI or Unicode).

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

use super::legacy::Encoding;
use super::styles::{val, w};
use super::wordml::Extras;

/// The marker an image's Markdown carries until the writer knows where the picture goes.
pub const IMAGE_MARK: &str = "sotay-import-image:";

/// A paragraph's text.
#[derive(Debug, Default)]
pub struct Inline {
    pub markdown: String,
    pub plain: String,
    pub bold: bool,
}

/// A stretch of text with one formatting.
#[derive(Debug, Default, Clone, PartialEq)]
struct Piece {
    text: String,
    bold: bool,
    italic: bool,
    link: Option<String>,
}

/// The document-wide things runs point to (relationships, footnotes) and what was found.
pub struct Runs {
    relationships: BTreeMap<String, (String, bool)>,
    footnotes: BTreeMap<String, String>,
    extras: Extras,
    /// The font of the paragraph being read, for runs that name none.
    font: Option<String>,
}

/// How deep runs may be wrapped (insertions, content controls …) before the rest is ignored:
/// real documents nest a few levels, a hostile one could nest enough to exhaust the stack.
const MAX_DEPTH: usize = 32;

impl Runs {
    pub fn new(relationships_xml: Option<&str>, footnotes_xml: Option<&str>) -> Runs {
        let mut relationships = BTreeMap::new();
        if let Some(doc) = relationships_xml.and_then(|x| Document::parse(x).ok()) {
            for rel in doc.descendants().filter(|n| n.tag_name().name() == "Relationship") {
                let (Some(id), Some(target)) = (rel.attribute("Id"), rel.attribute("Target")) else { continue };
                let external = rel.attribute("TargetMode") == Some("External");
                relationships.insert(id.to_owned(), (target.to_owned(), external));
            }
        }
        let mut runs = Runs { relationships, footnotes: BTreeMap::new(), extras: Extras::default(), font: None };
        if let Some(doc) = footnotes_xml.and_then(|x| Document::parse(x).ok()) {
            for note in doc.descendants().filter(|n| n.tag_name().name() == "footnote") {
                let Some(id) = note.attributes().find(|a| a.name() == "id").map(|a| a.value().to_owned()) else {
                    continue;
                };
                let text: Vec<String> = note
                    .descendants()
                    .filter(|n| n.tag_name().name() == "p")
                    .map(|p| runs.paragraph(p, None).plain.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect();
                if !text.is_empty() {
                    runs.footnotes.insert(id, text.join(" "));
                }
            }
        }
        runs
    }

    pub fn into_extras(self) -> Extras {
        self.extras
    }

    /// The text of one paragraph; `font` is the one its style or the document gives runs
    /// that name none.
    pub fn paragraph(&mut self, p: Node, font: Option<&str>) -> Inline {
        let mut pieces = Vec::new();
        self.font = font.map(str::to_owned);
        self.collect(p, None, 0, &mut pieces);
        let plain: String = pieces.iter().map(|p| p.text.as_str()).collect();
        let visible: Vec<&Piece> = pieces.iter().filter(|p| !p.text.trim().is_empty()).collect();
        let bold = !visible.is_empty() && visible.iter().all(|p| p.bold);
        Inline { markdown: markdown(&pieces), plain: collapse(&plain), bold }
    }

    fn collect(&mut self, node: Node, link: Option<&str>, depth: usize, pieces: &mut Vec<Piece>) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children() {
            match child.tag_name().name() {
                "r" => self.run(child, link, pieces),
                "hyperlink" => {
                    let target = child
                        .attributes()
                        .find(|a| a.name() == "id")
                        .and_then(|a| self.relationships.get(a.value()))
                        .filter(|(_, external)| *external)
                        .map(|(target, _)| target.clone())
                        .filter(|t| t.starts_with("https://") || t.starts_with("http://") || t.starts_with("mailto:"));
                    self.collect(child, target.as_deref().or(link), depth + 1, pieces);
                }
                "ins" | "smartTag" | "fldSimple" | "sdt" | "sdtContent" | "customXml" => {
                    self.collect(child, link, depth + 1, pieces)
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node, link: Option<&str>, pieces: &mut Vec<Piece>) {
        let rpr = w(r, "rPr");
        let on = |name: &str| {
            rpr.and_then(|n| w(n, name)).is_some_and(|n| !matches!(val(Some(n)).as_deref(), Some("0" | "false")))
        };
        let font = rpr
            .and_then(|n| w(n, "rFonts"))
            .and_then(super::styles::font_of)
            .or_else(|| self.font.clone())
            .unwrap_or_default();
        let encoding = Encoding::of_font(&font);
        let mut text = String::new();
        for child in r.children() {
            match child.tag_name().name() {
                "t" => text.push_str(child.text().unwrap_or_default()),
                "tab" | "br" | "cr" => text.push(' '),
                "drawing" | "pict" => self.image(child, pieces),
                "footnoteReference" => self.footnote(child, pieces),
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        match encoding {
            Encoding::Tcvn3 { .. } => *self.extras.legacy.entry("TCVN3").or_default() += 1,
            Encoding::Vni => *self.extras.legacy.entry("VNI").or_default() += 1,
            Encoding::Unicode => {}
        }
        let text = encoding.decode(&text);
        pieces.push(Piece { text, bold: on("b"), italic: on("i"), link: link.map(str::to_owned) });
    }

    fn image(&mut self, drawing: Node, pieces: &mut Vec<Piece>) {
        let embed = drawing
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "blip" | "imagedata"))
            .find_map(|n| n.attributes().find(|a| matches!(a.name(), "embed" | "id")).map(|a| a.value().to_owned()));
        let Some((target, false)) = embed.and_then(|id| self.relationships.get(&id).cloned()) else { return };
        let name = format!("word/{}", target.trim_start_matches("/word/").trim_start_matches('/'));
        if !self.extras.images.contains(&name) {
            self.extras.images.push(name.clone());
        }
        pieces.push(Piece { text: format!("\u{0}{name}\u{0}"), ..Piece::default() });
    }

    fn footnote(&mut self, reference: Node, pieces: &mut Vec<Piece>) {
        let Some(id) = reference.attributes().find(|a| a.name() == "id").map(|a| a.value().to_owned()) else {
            return;
        };
        let Some(text) = self.footnotes.get(&id).cloned() else { return };
        let number = self.extras.footnotes.len() + 1;
        self.extras.footnotes.push((number, text));
        pieces.push(Piece { text: format!("\u{1}{number}\u{1}"), ..Piece::default() });
    }
}

/// Runs of spaces made one; no leading or trailing space; image and footnote marks removed.
fn collapse(text: &str) -> String {
    let mut out = String::new();
    let mut marker = false;
    for c in text.chars() {
        if c == '\u{0}' || c == '\u{1}' {
            marker = !marker;
            continue;
        }
        if marker {
            continue;
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// Escapes what Markdown would read as syntax.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(pieces: &[Piece]) -> String {
    let mut merged: Vec<Piece> = Vec::new();
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if last.bold == piece.bold && last.italic == piece.italic && last.link == piece.link => {
                last.text.push_str(&piece.text)
            }
            _ => merged.push(piece.clone()),
        }
    }
    let mut out = String::new();
    for piece in merged {
        out.push_str(&styled(&piece));
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.split('\u{0}').enumerate().fold(String::new(), |mut acc, (i, part)| {
        // Odd parts are image names between the markers.
        if i % 2 == 1 {
            acc.push_str(&format!("![](<{IMAGE_MARK}{part}>)"));
        } else {
            acc.push_str(&footnote_marks(part));
        }
        acc
    })
}

fn footnote_marks(text: &str) -> String {
    text.split('\u{1}')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("[^{part}]") } else { part.to_owned() })
        .collect()
}

fn styled(piece: &Piece) -> String {
    let core = piece.text.trim();
    if core.is_empty() {
        return piece.text.clone();
    }
    let lead = if piece.text.starts_with(char::is_whitespace) { " " } else { "" };
    let trail = if piece.text.ends_with(char::is_whitespace) { " " } else { "" };
    let mut body = escape_keeping_marks(core);
    if piece.italic {
        body = format!("*{body}*");
    }
    if piece.bold {
        body = format!("**{body}**");
    }
    if let Some(link) = &piece.link {
        body = format!("[{body}](<{link}>)");
    }
    format!("{lead}{body}{trail}")
}

/// Escapes text but not the image and footnote markers inside it.
fn escape_keeping_marks(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    let mut part = String::new();
    for c in text.chars() {
        if c == '\u{0}' || c == '\u{1}' {
            out.push_str(&if inside { part.clone() } else { escape(&part) });
            part.clear();
            out.push(c);
            inside = !inside;
        } else {
            part.push(c);
        }
    }
    out.push_str(&if inside { part } else { escape(&part) });
    out
}
