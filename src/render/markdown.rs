//! Markdown bodies to HTML: pulldown-cmark with stable ASCII heading ids, `[[CODE]]` links
//! resolved to the target's page and titled with its title, root-relative links moved under the
//! base path, and code blocks highlighted.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::highlight;
use crate::parse::markdown::{options, HeadingIds};

/// What the body renderer needs to resolve `[[…]]` links.
pub trait LinkResolver {
    /// The URL and title of a link target, or `None` to print the link as plain text.
    fn resolve(&self, target: &str) -> Option<(String, String)>;
    /// Prefixes a root-relative URL (`/images/a.png`) with the base path.
    fn rebase(&self, url: &str) -> String;
}

/// Renders a body to HTML.
pub fn render(body: &str, links: &dyn LinkResolver) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut wiki_stack: Vec<WikiState> = Vec::new();

    for event in Parser::new_ext(body, options()) {
        if let Some((language, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text) = (std::mem::take(language), std::mem::take(text));
                    events.push(Event::Html(code_block(&text, &language).into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
            }
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                heading = Some((events.len(), String::new()));
                events.push(Event::Start(Tag::Heading { level, id: None, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    let id = ids.next(&text);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, title, id }) => {
                match links.resolve(&dest_url) {
                    Some((url, target_title)) => {
                        let replace_text = !has_pothole;
                        if replace_text {
                            events.push(Event::Start(Tag::Link {
                                link_type: LinkType::WikiLink { has_pothole },
                                dest_url: url.into(),
                                title: dest_url.clone(),
                                id,
                            }));
                            events.push(Event::Text(target_title.into()));
                        } else {
                            events.push(Event::Start(Tag::Link {
                                link_type: LinkType::WikiLink { has_pothole },
                                dest_url: url.into(),
                                title: target_title.into(),
                                id,
                            }));
                        }
                        wiki_stack.push(if replace_text { WikiState::Replaced } else { WikiState::Linked });
                    }
                    None => {
                        drop(title);
                        wiki_stack.push(WikiState::Plain);
                    }
                }
            }
            Event::End(TagEnd::Link) => match wiki_stack.pop() {
                Some(WikiState::Plain) => {}
                _ => events.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                events.push(Event::Start(Tag::Link { link_type, dest_url: links.rebase(&dest_url).into(), title, id }));
                wiki_stack.push(WikiState::Normal);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: links.rebase(&dest_url).into(),
                    title,
                    id,
                }));
            }
            Event::Text(_) if matches!(wiki_stack.last(), Some(WikiState::Replaced)) => {}
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html("<div class=\"table-wrap\">".into()));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            other => {
                if let (Some((_, heading_text)), Event::Text(t) | Event::Code(t)) = (heading.as_mut(), &other) {
                    heading_text.push_str(t);
                }
                events.push(other);
            }
        }
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Header cells of Markdown tables are column headers; say so for screen readers.
    out.replace("<th>", "<th scope=\"col\">").replace("<th style=", "<th scope=\"col\" style=")
}

/// How an open link is being rendered.
enum WikiState {
    /// A `[[CODE]]` whose text is replaced by the target's title.
    Replaced,
    /// A `[[CODE|text]]` keeping its text.
    Linked,
    /// A link to nothing publishable: its text stays, without the link.
    Plain,
    /// An ordinary Markdown link.
    Normal,
}

fn code_block(text: &str, language: &str) -> String {
    let language_name = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class =
        if language_name.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(language_name)) };
    let inner = highlight::highlight(text, language).unwrap_or_else(|| escape(text));
    format!("<pre><code{class}>{inner}</code></pre>\n")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl LinkResolver for Fake {
        fn resolve(&self, target: &str) -> Option<(String, String)> {
            match target {
                "QT-01" => Some(("/iso/quy-trinh/qt-01/".into(), "Kiểm soát tài liệu".into())),
                "QT-01#buoc-2" => Some(("/iso/quy-trinh/qt-01/#buoc-2".into(), "Kiểm soát tài liệu".into())),
                _ => None,
            }
        }
        fn rebase(&self, url: &str) -> String {
            match url.strip_prefix('/') {
                Some(rest) if !url.starts_with("//") => format!("/iso/{rest}"),
                _ => url.to_owned(),
            }
        }
    }

    #[test]
    fn wiki_links_take_the_target_title() {
        let html = render("Theo [[QT-01]].", &Fake);
        assert_eq!(html, "<p>Theo <a href=\"/iso/quy-trinh/qt-01/\" title=\"QT-01\">Kiểm soát tài liệu</a>.</p>\n");
    }

    #[test]
    fn piped_wiki_links_keep_their_text_and_anchor() {
        let html = render("Xem [[QT-01#buoc-2|bước 2]].", &Fake);
        assert!(
            html.contains("<a href=\"/iso/quy-trinh/qt-01/#buoc-2\" title=\"Kiểm soát tài liệu\">bước 2</a>"),
            "{html}"
        );
    }

    #[test]
    fn unresolvable_wiki_links_become_text() {
        let html = render("Theo [[QT-99]] nhé.", &Fake);
        assert_eq!(html, "<p>Theo QT-99 nhé.</p>\n");
    }

    #[test]
    fn headings_get_ascii_ids() {
        let html = render("## Mục đích\n\n## Mục đích\n", &Fake);
        assert!(html.contains("<h2 id=\"muc-dich\">Mục đích</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"muc-dich-2\">"), "{html}");
    }

    #[test]
    fn root_relative_links_move_under_the_base() {
        let html = render("[a](/files/a.pdf) [b](https://x.vn/) ![c](/img/c.png)", &Fake);
        assert!(html.contains("href=\"/iso/files/a.pdf\""));
        assert!(html.contains("href=\"https://x.vn/\""));
        assert!(html.contains("src=\"/iso/img/c.png\""));
    }

    #[test]
    fn code_blocks_are_escaped_or_highlighted() {
        let html = render("```\n<script>x</script>\n```\n", &Fake);
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = render("```rust\nfn a() {}\n```\n", &Fake);
        assert!(html.contains("class=\"language-rust\""), "{html}");
        assert!(html.contains("hl-"), "{html}");
    }

    #[test]
    fn tables_footnotes_tasks_and_strikethrough() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: n\n\n- [x] done\n", &Fake);
        assert!(html.contains("<div class=\"table-wrap\"><table>"), "{html}");
        assert!(html.contains("<th scope=\"col\">a</th>"), "{html}");
        assert!(html.contains("<del>x</del>"));
        assert!(html.contains("footnote"));
        assert!(html.contains("checkbox"));
    }
}
