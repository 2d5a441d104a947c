//! The redline of a document's body as auditors read it: the two revisions' rendered HTML,
//! compared block by block (headings, paragraphs, list items, table cells) and word by word
//! inside a pair of blocks, with `<del>`/`<ins>` around the words that changed — never the
//! Markdown source (`## 1. Mục đích`, `**…**`).
//!
//! Blocks are matched in order (a patience diff of their HTML), and the unmatched ones of a
//! changed stretch pair up when they are the same kind of element; a block on one side only is
//! shown whole, its text in `<del>` or `<ins>`. Inside a pair, the new revision's markup is
//! kept (so the result is always well nested) and the removed words are shown where they stood.
//! The result is sanitised again, like every body.

use similar::{capture_diff_slices, get_diff_ratio, Algorithm, ChangeTag, DiffOp};

use super::html_tree::{close_tag, is_void, parse, tag_name, Node};
use super::{close_mark, open_mark};
use crate::i18n::Strings;

/// Two paired blocks whose words are less alike than this are shown as the old text removed and
/// the new added, rather than a scatter of small changes.
const ALIKE: f32 = 0.4;

/// A changed stretch of more old × new units than this pairs its units in order rather than
/// comparing every pair (which costs a word diff each).
const MAX_PAIRS_COMPARED: usize = 400;

/// The redline of two rendered (and sanitised) bodies, as sanitised HTML.
pub fn rendered_redline(old_html: &str, new_html: &str, ui: &Strings) -> String {
    let (old, new) = (parse(old_html), parse(new_html));
    let mut out = Writer { ui, html: String::with_capacity(old_html.len() + new_html.len()) };
    out.children(&old, &new);
    crate::render::sanitise::sanitise(&out.html)
}

/// A block, or a run of text and inline elements between blocks.
#[derive(Clone, Copy, Debug)]
enum Unit<'a> {
    Block(&'a Node),
    Inline(&'a [Node]),
}

impl<'a> Unit<'a> {
    /// Splits an element's children into blocks and the inline runs between them.
    fn of(children: &'a [Node]) -> Vec<Unit<'a>> {
        let mut units = Vec::new();
        let mut run_start = 0;
        for (i, child) in children.iter().enumerate() {
            if child.is_block() {
                units.extend(Unit::run(&children[run_start..i]));
                units.push(Unit::Block(child));
                run_start = i + 1;
            }
        }
        units.extend(Unit::run(&children[run_start..]));
        units
    }

    /// A run of inline nodes between blocks, unless it is only white space (which a block's
    /// line break stands for, see [`Writer::end`]).
    fn run(nodes: &'a [Node]) -> Option<Unit<'a>> {
        let blank = nodes.iter().all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()));
        (!blank).then_some(Unit::Inline(nodes))
    }

    /// What the unit is, for pairing: its element's name, or text.
    fn kind(&self) -> &'a str {
        match self {
            Unit::Block(node) => node.name().unwrap_or("#text"),
            Unit::Inline(_) => "#text",
        }
    }

    /// The unit's HTML with runs of white space as one space: equal keys, equal blocks.
    fn key(&self) -> String {
        let mut html = String::new();
        self.nodes().iter().for_each(|n| n.write(&mut html));
        html.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn nodes(&self) -> &'a [Node] {
        match self {
            Unit::Block(node) => std::slice::from_ref(*node),
            Unit::Inline(nodes) => nodes,
        }
    }
}

/// A piece of inline content compared word by word.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Atom<'a> {
    Word(&'a str),
    Space(&'a str),
    Tag(String),
}

impl Atom<'_> {
    /// What two atoms are compared by: all white space is alike.
    fn key(&self) -> &str {
        match self {
            Atom::Word(word) => word,
            Atom::Space(_) => " ",
            Atom::Tag(raw) => raw,
        }
    }
}

/// The words, spaces and tags of inline content, in order.
fn atoms<'a>(nodes: &'a [Node], out: &mut Vec<Atom<'a>>) {
    for node in nodes {
        match node {
            Node::Text(text) => split_words(text, out),
            Node::Tag(raw) => out.push(Atom::Tag(raw.clone())),
            Node::Element { open, name, children } => {
                out.push(Atom::Tag(open.clone()));
                atoms(children, out);
                let mut close = String::new();
                close_tag(&mut close, name);
                out.push(Atom::Tag(close));
            }
        }
    }
}

/// Text cut at white space (entities such as `&amp;` hold none, so they stay whole).
fn split_words<'a>(text: &'a str, out: &mut Vec<Atom<'a>>) {
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|was| was != space) {
            out.push(if space { Atom::Word(&text[start..i]) } else { Atom::Space(&text[start..i]) });
            start = i;
        }
        in_space = Some(space);
    }
    match in_space {
        Some(true) => out.push(Atom::Space(&text[start..])),
        Some(false) => out.push(Atom::Word(&text[start..])),
        None => {}
    }
}

/// How alike two units' words are, from 0 (nothing in common) to 1 (the same words).
fn likeness(old: &Unit, new: &Unit) -> f32 {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    atoms(old.nodes(), &mut a);
    atoms(new.nodes(), &mut b);
    word_likeness(&a, &b)
}

/// How alike the words of two atom lists are; two lists without words are alike.
fn word_likeness(old: &[Atom], new: &[Atom]) -> f32 {
    let words = |atoms: &[Atom]| -> Vec<String> {
        atoms.iter().filter_map(|a| if let Atom::Word(w) = a { Some(w.to_lowercase()) } else { None }).collect()
    };
    let (a, b) = (words(old), words(new));
    match (a.is_empty(), b.is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.0,
        _ => get_diff_ratio(&capture_diff_slices(Algorithm::Patience, &a, &b), a.len(), b.len()),
    }
}

/// The redline being written.
struct Writer<'u> {
    ui: &'u Strings,
    html: String,
}

impl Writer<'_> {
    /// The redline of two lists of sibling nodes.
    fn children(&mut self, old: &[Node], new: &[Node]) {
        let (old, new) = (Unit::of(old), Unit::of(new));
        let old_keys: Vec<String> = old.iter().map(Unit::key).collect();
        let new_keys: Vec<String> = new.iter().map(Unit::key).collect();
        for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
            match op {
                DiffOp::Equal { new_index, len, .. } => {
                    for unit in &new[new_index..new_index + len] {
                        self.plain(unit.nodes());
                        self.end(unit);
                    }
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    self.whole(&old[old_index..old_index + old_len], ChangeTag::Delete)
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    self.whole(&new[new_index..new_index + new_len], ChangeTag::Insert)
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    self.stretch(&old[old_index..old_index + old_len], &new[new_index..new_index + new_len]);
                }
            }
        }
    }

    /// A changed stretch. Each new unit pairs with the most alike old unit of its kind after
    /// the last one paired; the units left over are shown whole, removed ones before added ones.
    /// A stretch too long to compare every pair pairs units of a kind in order.
    fn stretch(&mut self, old: &[Unit], new: &[Unit]) {
        if old.len().saturating_mul(new.len()) > MAX_PAIRS_COMPARED {
            return self.stretch_in_order(old, new);
        }
        let (mut next_old, mut next_new) = (0, 0);
        for (j, unit) in new.iter().enumerate() {
            let best = (next_old..old.len())
                .filter(|&i| old[i].kind() == unit.kind())
                .map(|i| (i, likeness(&old[i], unit)))
                .filter(|&(_, alike)| alike >= ALIKE)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((i, _)) = best {
                self.whole(&old[next_old..i], ChangeTag::Delete);
                self.whole(&new[next_new..j], ChangeTag::Insert);
                self.pair(&old[i], unit);
                (next_old, next_new) = (i + 1, j + 1);
            }
        }
        self.whole(&old[next_old..], ChangeTag::Delete);
        self.whole(&new[next_new..], ChangeTag::Insert);
    }

    /// A long changed stretch: units of the same kind pair up in order, the rest are whole.
    fn stretch_in_order(&mut self, old: &[Unit], new: &[Unit]) {
        let old_kinds: Vec<&str> = old.iter().map(Unit::kind).collect();
        let new_kinds: Vec<&str> = new.iter().map(Unit::kind).collect();
        for op in capture_diff_slices(Algorithm::Myers, &old_kinds, &new_kinds) {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            if let DiffOp::Equal { .. } = op {
                old[old_range].iter().zip(&new[new_range]).for_each(|(a, b)| self.pair(a, b));
            } else {
                self.whole(&old[old_range], ChangeTag::Delete);
                self.whole(&new[new_range], ChangeTag::Insert);
            }
        }
    }

    /// Two units of the same kind: blocks holding blocks compared child by child, blocks of
    /// text and runs of text word by word.
    fn pair(&mut self, old: &Unit, new: &Unit) {
        match (old, new) {
            (Unit::Block(a), Unit::Block(b)) => match (a, b) {
                (Node::Element { children: a_children, .. }, Node::Element { open, name, children }) => {
                    self.html.push_str(open);
                    if a.holds_blocks() || b.holds_blocks() {
                        self.children(a_children, children);
                    } else {
                        self.words(a_children, children);
                    }
                    close_tag(&mut self.html, name);
                }
                _ => self.plain(new.nodes()),
            },
            (Unit::Inline(a), Unit::Inline(b)) => self.words(a, b),
            _ => self.plain(new.nodes()),
        }
        self.end(new);
    }

    /// Inline content word by word: the new revision's tags, the old one's words where they stood.
    fn words(&mut self, old: &[Node], new: &[Node]) {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        atoms(old, &mut a);
        atoms(new, &mut b);
        let (a_keys, b_keys): (Vec<&str>, Vec<&str>) =
            (a.iter().map(Atom::key).collect(), b.iter().map(Atom::key).collect());
        if word_likeness(&a, &b) < ALIKE {
            self.marked(old, ChangeTag::Delete);
            self.marked(new, ChangeTag::Insert);
            return;
        }
        let mut open = None;
        for op in &capture_diff_slices(Algorithm::Patience, &a_keys, &b_keys) {
            match *op {
                DiffOp::Equal { new_index, len, .. } => self.emit(&b[new_index..new_index + len], None, &mut open),
                DiffOp::Delete { old_index, old_len, .. } => {
                    self.emit(&a[old_index..old_index + old_len], Some(ChangeTag::Delete), &mut open)
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    self.emit(&b[new_index..new_index + new_len], Some(ChangeTag::Insert), &mut open)
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    self.emit(&a[old_index..old_index + old_len], Some(ChangeTag::Delete), &mut open);
                    self.emit(&b[new_index..new_index + new_len], Some(ChangeTag::Insert), &mut open);
                }
            }
        }
        close_mark(&mut self.html, open);
    }

    /// Atoms of one side: words and spaces inside `mark`'s element (none: plain); tags only from
    /// the new revision (a removed start or end tag is left out, so nothing is misnested), except
    /// a removed picture or other void element, shown removed.
    fn emit(&mut self, atoms: &[Atom], mark: Option<ChangeTag>, open: &mut Option<ChangeTag>) {
        for atom in atoms {
            match atom {
                Atom::Tag(raw) if mark == Some(ChangeTag::Delete) && !is_void(tag_name(raw)) => {}
                Atom::Tag(raw) if mark == Some(ChangeTag::Delete) => {
                    self.switch(open, mark);
                    self.html.push_str(raw);
                }
                Atom::Tag(raw) => {
                    self.switch(open, None);
                    self.html.push_str(raw);
                }
                Atom::Word(text) | Atom::Space(text) => {
                    self.switch(open, mark);
                    self.html.push_str(text);
                }
            }
        }
    }

    /// Closes the open mark and opens `mark` when they differ.
    fn switch(&mut self, open: &mut Option<ChangeTag>, mark: Option<ChangeTag>) {
        if *open != mark {
            close_mark(&mut self.html, *open);
            if let Some(tag) = mark {
                open_mark(&mut self.html, tag, self.ui);
            }
            *open = mark;
        }
    }

    /// Units on one side only, each whole with its text marked.
    fn whole(&mut self, units: &[Unit], mark: ChangeTag) {
        for unit in units {
            self.marked(unit.nodes(), mark);
            self.end(unit);
        }
    }

    /// A line break after a block, as the renderer writes them, so the HTML reads line by line.
    fn end(&mut self, unit: &Unit) {
        if let Unit::Block(_) = unit {
            self.html.push('\n');
        }
    }

    /// Nodes as they are, every text in `mark`'s element.
    fn marked(&mut self, nodes: &[Node], mark: ChangeTag) {
        for node in nodes {
            match node {
                Node::Element { open, name, children } => {
                    self.html.push_str(open);
                    self.marked(children, mark);
                    close_tag(&mut self.html, name);
                }
                Node::Text(text) if !text.trim().is_empty() => {
                    open_mark(&mut self.html, mark, self.ui);
                    self.html.push_str(text);
                    close_mark(&mut self.html, Some(mark));
                }
                Node::Tag(raw) if is_void(tag_name(raw)) && !node.is_block() => {
                    open_mark(&mut self.html, mark, self.ui);
                    self.html.push_str(raw);
                    close_mark(&mut self.html, Some(mark));
                }
                Node::Tag(raw) | Node::Text(raw) => self.html.push_str(raw),
            }
        }
    }

    /// Nodes as they are.
    fn plain(&mut self, nodes: &[Node]) {
        nodes.iter().for_each(|n| n.write(&mut self.html));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi() -> std::sync::Arc<Strings> {
        crate::i18n::Catalog::builtin().strings("vi").expect("the built-in Vietnamese strings").clone()
    }

    /// The redline without the hidden spoken labels.
    fn redline(old: &str, new: &str) -> String {
        let html = rendered_redline(old, new, &vi());
        html.replace("<span class=\"visually-hidden\">[đã bỏ: </span>", "")
            .replace("<span class=\"visually-hidden\">[thêm: </span>", "")
            .replace("<span class=\"visually-hidden\">]</span>", "")
    }

    #[test]
    fn a_changed_heading_keeps_its_element_with_the_words_marked_inside() {
        let html = redline(
            "<h2 id=\"muc-dich\">1. Mục đích</h2>\n<p>Giữ nguyên.</p>",
            "<h2 id=\"muc-dich-moi\">1. Mục tiêu</h2>\n<p>Giữ nguyên.</p>",
        );
        assert_eq!(html, "<h2 id=\"muc-dich-moi\">1. Mục <del>đích</del><ins>tiêu</ins></h2>\n<p>Giữ nguyên.</p>\n");
    }

    #[test]
    fn list_items_and_cells_pair_up_and_a_block_on_one_side_is_marked_whole() {
        let old = "<ul>\n<li>Đơn đề nghị</li>\n<li>Bản sao giấy đăng ký</li>\n<li>Giấy tờ cũ</li>\n</ul>\n<table><tbody><tr><td>Thẩm định</td><td>10 ngày</td></tr></tbody></table>";
        let new = "<ul>\n<li>Đơn đề nghị</li>\n<li>Bản chính giấy đăng ký</li>\n</ul>\n<table><tbody><tr><td>Thẩm định</td><td>12 ngày</td></tr></tbody></table>\n<p>Mới.</p>";
        let html = redline(old, new);
        assert!(html.contains("<li>Bản <del>sao</del><ins>chính</ins> giấy đăng ký</li>"), "{html}");
        assert!(html.contains("<li><del>Giấy tờ cũ</del></li>"), "{html}");
        assert!(html.contains("<td><del>10</del><ins>12</ins> ngày</td>"), "{html}");
        assert!(html.contains("<p><ins>Mới.</ins></p>"), "{html}");
    }

    #[test]
    fn inline_markup_comes_from_the_new_revision_so_nothing_is_misnested() {
        let html = redline(
            "<p>Nộp <a href=\"/a/\">mẫu cũ</a> tại <strong>bộ phận</strong></p>",
            "<p>Nộp <a href=\"/b/\">mẫu mới</a> tại bộ phận một cửa</p>",
        );
        assert_eq!(
            html,
            "<p>Nộp <a href=\"/b/\">mẫu <del>cũ</del><ins>mới</ins></a> tại bộ phận<ins> một cửa</ins></p>\n"
        );
    }

    #[test]
    fn unrelated_paragraphs_show_the_old_text_removed_and_the_new_added() {
        let html = redline("<p>Một hai ba bốn năm.</p>", "<p>Sáu bảy tám chín mười.</p>");
        assert_eq!(html, "<p><del>Một hai ba bốn năm.</del></p>\n<p><ins>Sáu bảy tám chín mười.</ins></p>\n");
    }

    #[test]
    fn the_redline_is_sanitised_and_the_same_every_time() {
        let old = "<p>a &lt;script&gt; b</p>";
        let new = "<p>a &lt;script&gt; c</p>";
        let first = rendered_redline(old, new, &vi());
        assert!(!first.contains("<script"), "{first}");
        assert_eq!(first, rendered_redline(old, new, &vi()));
    }
}
