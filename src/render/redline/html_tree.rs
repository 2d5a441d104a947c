//! A rendered body as a tree of elements, so a redline can pair the blocks of two revisions
//! (headings, paragraphs, list items, table cells) and compare words inside them.
//!
//! The input is always the sanitiser's output (`render::sanitise`): html5ever's serialisation,
//! with every element closed, `<` and `>` escaped in text, attribute values double-quoted, and
//! no comments or scripts. So a small reader is enough; it still never panics on anything else
//! (an unmatched end tag is dropped, unclosed elements are closed at the end), and the redline
//! is sanitised again after it is put together.

/// Elements with no end tag.
const VOID: &[&str] = &["area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"];

/// Elements that are blocks: the redline pairs and compares these.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements deeper than this are kept as plain tags inside their ancestor (as [`Node::Tag`]),
/// so walking the tree is never deeper than this, whatever a pasted body nests.
const MAX_DEPTH: usize = 32;

/// A piece of a rendered body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// An element with its start tag as written (`<h2 id="muc-dich">`), its name and children.
    Element { open: String, name: String, children: Vec<Node> },
    /// A tag on its own: a void element (`<br>`, `<img …>`), or a start or end tag deeper than
    /// the tree goes.
    Tag(String),
    /// Text as written, entities and all.
    Text(String),
}

impl Node {
    /// The element's name, or the tag's.
    pub fn name(&self) -> Option<&str> {
        match self {
            Node::Element { name, .. } => Some(name),
            Node::Tag(raw) => Some(tag_name(raw)),
            Node::Text(_) => None,
        }
    }

    /// Whether this is a block (a paragraph, heading, list, table, cell, rule…).
    pub fn is_block(&self) -> bool {
        match self {
            Node::Element { name, .. } => BLOCKS.contains(&name.as_str()),
            Node::Tag(raw) => tag_name(raw) == "hr",
            Node::Text(_) => false,
        }
    }

    /// Whether this block holds other blocks (a list, a table, a quote) rather than text.
    pub fn holds_blocks(&self) -> bool {
        matches!(self, Node::Element { children, .. } if children.iter().any(Node::is_block))
    }

    /// The node as HTML again.
    pub fn write(&self, out: &mut String) {
        match self {
            Node::Element { open, name, children } => {
                out.push_str(open);
                children.iter().for_each(|c| c.write(out));
                close_tag(out, name);
            }
            Node::Tag(raw) | Node::Text(raw) => out.push_str(raw),
        }
    }
}

/// Writes `</name>`.
pub fn close_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Whether `name` is a void element (no end tag, no content).
pub fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// The lower-case name of a start or end tag as written (`<a href…>`, `</a>`).
pub fn tag_name(raw: &str) -> &str {
    let inner = raw.trim_start_matches('<').trim_start_matches('/');
    let end = inner.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(inner.len());
    &inner[..end]
}

/// The body's top-level nodes.
pub fn parse(html: &str) -> Vec<Node> {
    // Open elements: (start tag, name, children so far); the first is the body itself.
    let mut stack: Vec<(String, String, Vec<Node>)> = vec![(String::new(), String::new(), Vec::new())];
    // Start tags kept as plain tags below MAX_DEPTH whose end tags are still to come.
    let mut flat_open = 0usize;
    for token in tokens(html) {
        let depth = stack.len();
        let top = &mut stack.last_mut().expect("the body's frame is never popped").2;
        match token {
            Token::Text(text) => top.push(Node::Text(text.to_owned())),
            Token::Start(raw) => {
                let name = tag_name(raw).to_ascii_lowercase();
                if is_void(&name) || raw.ends_with("/>") {
                    top.push(Node::Tag(raw.to_owned()));
                } else if depth > MAX_DEPTH {
                    flat_open += 1;
                    top.push(Node::Tag(raw.to_owned()));
                } else {
                    stack.push((raw.to_owned(), name, Vec::new()));
                }
            }
            Token::End(raw) if flat_open > 0 => {
                flat_open -= 1;
                top.push(Node::Tag(raw.to_owned()));
            }
            Token::End(raw) => {
                let name = tag_name(raw).to_ascii_lowercase();
                // An end tag closes its element and any left open inside it; a stray one is dropped.
                if let Some(at) = stack.iter().skip(1).rposition(|(_, open, _)| *open == name) {
                    close_down_to(&mut stack, at + 1);
                }
            }
        }
    }
    close_down_to(&mut stack, 1);
    stack.pop().map(|(_, _, children)| children).unwrap_or_default()
}

/// Pops the open elements from the top down to (and with) `stack[depth]` into their parents.
fn close_down_to(stack: &mut Vec<(String, String, Vec<Node>)>, depth: usize) {
    while stack.len() > depth.max(1) {
        let Some((open, name, children)) = stack.pop() else { return };
        if let Some(parent) = stack.last_mut() {
            parent.2.push(Node::Element { open, name, children });
        }
    }
}

/// A piece of HTML as read.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Start(&'a str),
    End(&'a str),
    Text(&'a str),
}

/// The tags and texts of `html`, in order; comments and doctypes are skipped.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(rest));
            break;
        };
        let after = &rest[lt + 1..];
        let starts_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !starts_tag {
            // A lone `<` (not in sanitised output) stays text.
            let end = lt + 1 + after.find('<').unwrap_or(after.len());
            out.push(Token::Text(&rest[..end]));
            rest = &rest[end..];
            continue;
        }
        if lt > 0 {
            out.push(Token::Text(&rest[..lt]));
        }
        let tag_len = tag_length(&rest[lt..]);
        let raw = &rest[lt..lt + tag_len];
        if raw.starts_with("</") {
            out.push(Token::End(raw));
        } else if !raw.starts_with("<!") {
            out.push(Token::Start(raw));
        }
        rest = &rest[lt + tag_len..];
    }
    out
}

/// The length of the tag at the start of `text` (which starts with `<`): up to the first `>`
/// outside quotes, a comment up to `-->`, or the rest of the text when it never closes.
fn tag_length(text: &str) -> usize {
    if let Some(comment) = text.strip_prefix("<!--") {
        return comment.find("-->").map_or(text.len(), |at| at + 7);
    }
    let mut quote: Option<u8> = None;
    for (i, byte) in text.bytes().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(nodes: &[Node]) -> String {
        let mut out = String::new();
        nodes.iter().for_each(|n| n.write(&mut out));
        out
    }

    #[test]
    fn a_rendered_body_reads_back_to_the_same_html() {
        let html = "<h2 id=\"a\">1. Mục đích</h2>\n<p>Theo <a href=\"/x/\" title=\"a &gt; b\">QT-06</a><br>dòng &lt;2&gt;</p>\n\
                    <ul>\n<li>một<ul><li>hai</li></ul></li>\n</ul>\n<div class=\"table-wrap\"><table><tbody><tr><td>ô</td></tr></tbody></table></div><hr>";
        let nodes = parse(html);
        assert_eq!(written(&nodes), html);
        assert!(nodes[0].is_block() && !nodes[0].holds_blocks());
        assert!(nodes.iter().any(|n| n.name() == Some("ul") && n.holds_blocks()));
        assert_eq!(nodes.last().map(Node::is_block), Some(true), "<hr> is a block");
    }

    #[test]
    fn a_quoted_angle_bracket_stays_inside_its_tag() {
        let nodes = parse("<a title=\"x>y\">t</a>");
        assert_eq!(
            nodes,
            vec![Node::Element {
                open: "<a title=\"x>y\">".into(),
                name: "a".into(),
                children: vec![Node::Text("t".into())]
            }]
        );
    }

    #[test]
    fn broken_markup_never_panics_and_keeps_its_text() {
        for html in ["</p>text", "<p><em>a</p>b", "<p", "a < b", "<!-- x", "<div><div>", "<p>\u{0}đ</q>"] {
            let nodes = parse(html);
            let text = written(&nodes);
            for word in ["text", "a", "b", "đ"] {
                if html.contains(word) && !html.starts_with("<!--") {
                    assert!(text.contains(word), "{html:?} → {text:?}");
                }
            }
        }
    }

    #[test]
    fn nesting_deeper_than_the_tree_is_kept_as_tags() {
        let html = format!("{}x{}", "<div>".repeat(200), "</div>".repeat(200));
        let nodes = parse(&html);
        assert_eq!(written(&nodes), html);
        fn depth(node: &Node) -> usize {
            match node {
                Node::Element { children, .. } => 1 + children.iter().map(depth).max().unwrap_or(0),
                _ => 0,
            }
        }
        assert!(nodes.iter().map(depth).max().unwrap_or(0) <= MAX_DEPTH);
    }
}
