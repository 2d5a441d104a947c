//! Markdown bodies to HTML: pulldown-cmark with stable ASCII heading ids, `[[CODE]]` links
//! resolved to the target's page and titled with its title, root-relative links moved under the
//! base path, code blocks highlighted, and the result cleaned of scripts (see `sanitise`).

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::highlight;
use crate::model::LegalNumber;
use crate::parse::citation::{self, Provision};
use crate::parse::markdown::{independent_pieces, options, HeadingIds, RUN, WHOLE_BODY};

/// A resolved link: where it goes, the text to show when the source gives none, and a tooltip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub url: String,
    pub text: String,
    pub title: String,
    /// The target's language, when it is not the linking text's (a translation linking to an
    /// untranslated Vietnamese document): the link gets `hreflang` and `lang`.
    pub lang: Option<String>,
}

/// What the body renderer needs to resolve links.
pub trait LinkResolver {
    /// A `[[…]]` target (a document code or a legal number, with an optional `#anchor`), or
    /// `None` to print the link's text without a link.
    fn resolve(&self, target: &str) -> Option<Resolved>;
    /// A legal document cited in prose, or `None` when it is not in the registry.
    fn legal(&self, number: &LegalNumber, provision: Option<&Provision>) -> Option<Resolved>;
    /// Prefixes a root-relative URL (`/images/a.png`) with the base path.
    fn rebase(&self, url: &str) -> String;
}

/// In a body over [`WHOLE_BODY`], each run of top-level blocks of about [`RUN`] bytes of source
/// is rendered to HTML and cleaned on its own, and its events dropped: the sanitiser's DOM
/// (about 7 times the HTML) and the event list then stay the size of one run instead of the
/// whole body, which took a 50 MB body to 27 times its size in memory (issue 16, finding 9).
/// Cleaning each run alone is as safe as cleaning the whole: every run comes out balanced, so no
/// markup can open in one run and take effect in the next (raw HTML that opens a `<div>` in one
/// block and closes it in a later run is closed in its own run instead). Where the body can be
/// cut into pieces that parse alone (`independent_pieces`), each piece is also parsed alone.
/// Renders a body to HTML.
pub fn render(body: &str, links: &dyn LinkResolver) -> String {
    let mut renderer = Renderer {
        links,
        events: Vec::new(),
        ids: HeadingIds::default(),
        heading: None,
        prose: String::new(),
        wiki_stack: Vec::new(),
        in_image: 0,
    };
    // pulldown-cmark numbers footnotes within one call of `push_html`: a body with footnotes is
    // rendered whole so its numbers stay right.
    let in_runs = body.len() > WHOLE_BODY && !body.contains("[^");
    // Room for the HTML at once (it is about 1.3 times the source), not doubled as it grows.
    let mut out = String::with_capacity(if in_runs { body.len() / 2 * 3 } else { 0 });
    let (mut depth, mut run_start) = (0usize, 0usize);
    let mut code: Option<(String, String)> = None;
    if in_runs {
        if let Some(pieces) = independent_pieces(body) {
            for piece in pieces {
                for event in Parser::new_ext(piece, options()) {
                    renderer.take(event, &mut code);
                }
                renderer.flush_prose();
                out.push_str(&finish(std::mem::take(&mut renderer.events)));
            }
            return out;
        }
    }
    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let ends_top_block = depth == 0 && matches!(event, Event::End(_));
        renderer.take(event, &mut code);
        if in_runs && ends_top_block && span.end.saturating_sub(run_start) >= RUN {
            out.push_str(&finish(std::mem::take(&mut renderer.events)));
            run_start = span.end;
        }
    }
    renderer.flush_prose();
    let rest = finish(renderer.events);
    if out.is_empty() {
        return rest;
    }
    out.push_str(&rest);
    out
}

/// Events to clean HTML.
fn finish(events: Vec<Event<'_>>) -> String {
    let mut out = String::with_capacity(events.len() * 16);
    html::push_html(&mut out, events.into_iter());
    // Header cells of Markdown tables are column headers; say so for screen readers.
    let out = out.replace("<th>", "<th scope=\"col\">").replace("<th style=", "<th scope=\"col\" style=");
    super::sanitise::sanitise(&out)
}

/// Plain text with its legal citations linked, as HTML (for step tasks and other short fields).
pub fn link_citations(text: &str, links: &dyn LinkResolver) -> String {
    let mut events = Vec::new();
    push_prose(text, links, &mut events);
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

struct Renderer<'a, 'l> {
    links: &'l dyn LinkResolver,
    events: Vec<Event<'a>>,
    ids: HeadingIds,
    /// The open heading: where its start event is and its text so far.
    heading: Option<(usize, String)>,
    /// Prose not yet emitted, joined across soft breaks so citations over two lines are found.
    prose: String,
    wiki_stack: Vec<WikiState>,
    in_image: usize,
}

impl<'a> Renderer<'a, '_> {
    /// Takes the next event of the body; a code block's text is gathered in `code` and
    /// highlighted at its end.
    fn take(&mut self, event: Event<'a>, code: &mut Option<(String, String)>) {
        if let Some((language, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text) = (std::mem::take(language), std::mem::take(text));
                    self.events.push(Event::Html(code_block(&text, &language).into()));
                    *code = None;
                }
                _ => {}
            }
            return;
        }
        if let Event::Start(Tag::CodeBlock(kind)) = event {
            self.flush_prose();
            let language = match kind {
                CodeBlockKind::Fenced(info) => info.into_string(),
                CodeBlockKind::Indented => String::new(),
            };
            *code = Some((language, String::new()));
            return;
        }
        self.event(event);
    }

    fn event(&mut self, event: Event<'a>) {
        let in_prose = self.wiki_stack.is_empty() && self.in_image == 0;
        match event {
            Event::Text(text) if in_prose => return self.prose.push_str(&text),
            Event::SoftBreak if in_prose => return self.prose.push('\n'),
            _ => self.flush_prose(),
        }
        match event {
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                self.heading = Some((self.events.len(), String::new()));
                self.events.push(Event::Start(Tag::Heading { level, id: None, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, id, .. }) => {
                self.start_wiki_link(has_pothole, &dest_url, id)
            }
            Event::End(TagEnd::Link) => match self.wiki_stack.pop() {
                Some(WikiState::Plain | WikiState::PlainReplaced) => {}
                _ => self.events.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.start_link(link_type, &dest_url, title, id)
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                self.in_image += 1;
                let dest_url = self.links.rebase(&dest_url).into();
                self.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Image) => {
                self.in_image = self.in_image.saturating_sub(1);
                self.events.push(Event::End(TagEnd::Image));
            }
            Event::Text(_)
                if matches!(self.wiki_stack.last(), Some(WikiState::Replaced | WikiState::PlainReplaced)) => {}
            Event::Start(Tag::Table(alignments)) => {
                self.events.push(Event::Html("<div class=\"table-wrap\">".into()));
                self.events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.events.push(Event::Html("</div>\n".into()));
            }
            other => {
                if let Event::Text(t) | Event::Code(t) = &other {
                    self.add_heading_text(t);
                }
                self.events.push(other);
            }
        }
    }

    /// A heading's end: its id, made from its text, goes into its start event.
    fn end_heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        if let Some((start, text)) = self.heading.take() {
            let id = self.ids.next(&text);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[start] {
                *slot = Some(CowStr::from(id));
            }
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// A `[[…]]` link: to its target with the target's title, or plain text when it has none.
    fn start_wiki_link(&mut self, has_pothole: bool, dest_url: &str, id: CowStr<'a>) {
        let Some(target) = self.links.resolve(dest_url) else {
            if has_pothole {
                return self.wiki_stack.push(WikiState::Plain);
            }
            let text = unlinked_text(dest_url);
            self.add_heading_text(&text);
            self.events.push(Event::Text(text.into()));
            return self.wiki_stack.push(WikiState::PlainReplaced);
        };
        match &target.lang {
            Some(lang) => self.events.push(Event::Html(foreign_link(&target, lang).into())),
            None => self.events.push(Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url: target.url.into(),
                title: target.title.into(),
                id,
            })),
        }
        if has_pothole {
            self.wiki_stack.push(WikiState::Linked);
        } else {
            self.add_heading_text(&target.text);
            self.events.push(Event::Text(target.text.into()));
            self.wiki_stack.push(WikiState::Replaced);
        }
    }

    /// A Markdown link: moved under the base URL; a link to one of the site's files downloads it.
    fn start_link(&mut self, link_type: LinkType, dest_url: &str, title: CowStr<'a>, id: CowStr<'a>) {
        let dest_url = self.links.rebase(dest_url);
        if opens_in_the_site(&dest_url) {
            self.events.push(Event::Html(download_link(&dest_url, &title).into()));
        } else {
            self.events.push(Event::Start(Tag::Link { link_type, dest_url: dest_url.into(), title, id }));
        }
        self.wiki_stack.push(WikiState::Normal);
    }

    fn add_heading_text(&mut self, text: &str) {
        if let Some((_, heading)) = self.heading.as_mut() {
            heading.push_str(text);
        }
    }

    fn flush_prose(&mut self) {
        if self.prose.is_empty() {
            return;
        }
        let prose = std::mem::take(&mut self.prose);
        self.add_heading_text(&prose);
        push_prose(&prose, self.links, &mut self.events);
    }
}

/// Emits `text` as text events, with each recognised citation of a registered legal document
/// as a link around the citation as written.
fn push_prose(text: &str, links: &dyn LinkResolver, events: &mut Vec<Event<'_>>) {
    let mut at = 0;
    for found in citation::recognize(text) {
        let Some(target) = links.legal(&found.number, found.provision()) else { continue };
        if found.span.start > at {
            events.push(Event::Text(text[at..found.span.start].to_owned().into()));
        }
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: target.url.into(),
            title: target.title.into(),
            id: CowStr::Borrowed(""),
        }));
        events.push(Event::Text(text[found.span.clone()].to_owned().into()));
        events.push(Event::End(TagEnd::Link));
        at = found.span.end;
    }
    if at < text.len() {
        events.push(Event::Text(text[at..].to_owned().into()));
    }
}

/// What an unlinkable `[[TARGET]]` reads as: `[[06/2025/TT-BKHCN#khoản 6 Điều 4]]` as
/// "khoản 6 Điều 4 06/2025/TT-BKHCN", `[[QT-90#buoc-2]]` as "QT-90".
fn unlinked_text(target: &str) -> String {
    let (code, anchor) = target.split_once('#').map_or((target.trim(), None), |(c, a)| (c.trim(), Some(a.trim())));
    match (LegalNumber::parse(code), anchor) {
        (Ok(number), Some(anchor)) => {
            let provision = citation::parse_provision(anchor).map_or_else(|| anchor.to_owned(), |p| p.canonical());
            format!("{provision} {number}")
        }
        (Ok(number), None) => number.to_string(),
        (Err(_), _) => code.to_owned(),
    }
}

/// Whether `url` is a file of this site that a browser would show in the site's origin rather
/// than save (a PDF, a picture, an SVG attachment): such links get `download`, like the theme's
/// attachment lists (issue 16, finding 5).
fn opens_in_the_site(url: &str) -> bool {
    let same_site = !url.contains(':') && !url.starts_with("//") && !url.starts_with('#');
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    same_site && matches!(extension.as_str(), "pdf" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg")
}

/// The opening tag of a link that downloads its file; the usual end event closes it.
fn download_link(url: &str, title: &str) -> String {
    use pulldown_cmark_escape::{escape_href, escape_html};
    let (mut href, mut escaped_title) = (String::new(), String::new());
    escape_href(&mut href, url).expect("writing to a string cannot fail");
    escape_html(&mut escaped_title, title).expect("writing to a string cannot fail");
    if title.is_empty() {
        format!("<a href=\"{href}\" download>")
    } else {
        format!("<a href=\"{href}\" title=\"{escaped_title}\" download>")
    }
}

/// How an open link is being rendered.
/// The opening tag of a link to a page in another language; the usual end event closes it.
fn foreign_link(target: &Resolved, lang: &str) -> String {
    use pulldown_cmark_escape::{escape_href, escape_html};
    let (mut href, mut title) = (String::new(), String::new());
    escape_href(&mut href, &target.url).expect("writing to a string cannot fail");
    escape_html(&mut title, &target.title).expect("writing to a string cannot fail");
    let lang = if crate::i18n::is_language_tag(lang) { lang } else { "und" };
    format!("<a href=\"{href}\" title=\"{title}\" hreflang=\"{lang}\" lang=\"{lang}\">")
}

enum WikiState {
    /// A `[[CODE]]` whose text is replaced by the target's title.
    Replaced,
    /// A `[[CODE|text]]` keeping its text.
    Linked,
    /// A link to nothing publishable: its text stays, without the link.
    Plain,
    /// A `[[TARGET]]` to nothing publishable, shown as readable text instead of its target.
    PlainReplaced,
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
    fn doc(url: &str) -> Option<Resolved> {
        Some(Resolved {
            url: url.into(),
            text: "Kiểm soát tài liệu".into(),
            title: "QT-01 Kiểm soát tài liệu".into(),
            lang: None,
        })
    }
    impl LinkResolver for Fake {
        fn resolve(&self, target: &str) -> Option<Resolved> {
            match target {
                "QT-01" => doc("/iso/quy-trinh/qt-01/"),
                "QT-01#buoc-2" => doc("/iso/quy-trinh/qt-01/#buoc-2"),
                _ => None,
            }
        }
        fn legal(&self, number: &LegalNumber, provision: Option<&Provision>) -> Option<Resolved> {
            (number.to_string() == "116/2015/TT-BTC").then(|| Resolved {
                url: format!(
                    "/iso/van-ban/116-2015-tt-btc/{}",
                    provision.and_then(Provision::article_anchor).map(|a| format!("#{a}")).unwrap_or_default()
                ),
                text: number.to_string(),
                title: "Thông tư 116/2015/TT-BTC".into(),
                lang: None,
            })
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
        assert_eq!(html, "<p>Theo <a href=\"/iso/quy-trinh/qt-01/\" title=\"QT-01 Kiểm soát tài liệu\">Kiểm soát tài liệu</a>.</p>\n");
    }

    #[test]
    fn piped_wiki_links_keep_their_text_and_anchor() {
        let html = render("Xem [[QT-01#buoc-2|bước 2]].", &Fake);
        assert!(
            html.contains("<a href=\"/iso/quy-trinh/qt-01/#buoc-2\" title=\"QT-01 Kiểm soát tài liệu\">bước 2</a>"),
            "{html}"
        );
    }

    #[test]
    fn links_to_the_sites_pdfs_and_pictures_download() {
        let html = render("[Mẫu](/bieu-mau/bm-01/Mau.PDF \"Mẫu \\\"1\\\"\") [ảnh](so-do.svg?v=1) [web](https://x.vn/a.pdf) [trang](/quy-trinh/)", &Fake);
        assert!(
            html.contains("<a href=\"/iso/bieu-mau/bm-01/Mau.PDF\" title=\"Mẫu &quot;1&quot;\" download=\"\">Mẫu</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"so-do.svg?v=1\" download=\"\">ảnh</a>"), "{html}");
        assert!(html.contains("<a href=\"https://x.vn/a.pdf\">web</a>"), "another site's file is its business: {html}");
        assert!(html.contains("<a href=\"/iso/quy-trinh/\">trang</a>"), "{html}");
    }

    /// A big body is rendered a run of blocks at a time: the HTML is the same as rendering it
    /// whole, heading ids keep counting across runs, and markup cannot reach from one run into
    /// the next.
    #[test]
    fn a_big_body_in_runs_renders_as_it_would_whole() {
        let block = "## Mục đích\n\nTheo [[QT-01]] và khoản 6 Điều 4 116/2015/TT-BTC, *xem* [mẫu](/a.pdf).\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n- một\n- hai\n\n```toml\na = 1\n```\n\n> trích\n\n";
        let body = block.repeat((WHOLE_BODY + 3 * RUN) / block.len());
        assert!(body.len() > WHOLE_BODY + RUN);
        let in_runs = render(&body, &Fake);
        let whole: String = {
            // The same body, with a footnote-free marker that forces the whole-body path.
            let forced = format!("{body}[^x]");
            let html = render(&forced, &Fake);
            html.rsplit_once("<p>[^x]</p>").map(|(head, _)| head.to_owned()).unwrap_or(html)
        };
        assert_eq!(in_runs.len(), whole.len());
        assert!(in_runs == whole, "the HTML differs");
        assert!(independent_pieces(&body).is_some_and(|p| p.len() > 3), "the body is cut into pieces");
        assert!(independent_pieces(&format!("{body}\n[a]: /x")).is_none(), "reference definitions reach across");
        let last = body.matches("## Mục đích").count();
        assert!(in_runs.contains(&format!("id=\"muc-dich-{last}\"")), "ids count across runs");

        let open = format!("<div class=\"x\">\n\n{body}</div>\n\n<script>alert(1)</script>");
        let html = render(&open, &Fake);
        assert!(!html.contains("<script") && !html.contains("alert(1)</"), "still cleaned");
    }

    #[test]
    fn pieces_are_not_cut_inside_fenced_code() {
        let filler = "Nội dung.\n\n".repeat(WHOLE_BODY / 10);
        let body = format!("{filler}```\n\n# không phải tiêu đề\n```\n\n{filler}~~~~\n\n# vẫn là mã\n~~~\n\n# vẫn là mã\n~~~~\n\n# Tiêu đề\n");
        let pieces = independent_pieces(&body).expect("nothing reaches across");
        assert_eq!(pieces.concat(), body);
        assert_eq!(pieces.len(), 2, "one cut, before the real heading");
        assert!(pieces[1].starts_with("# Tiêu đề"), "{:?}", &pieces[1][..20.min(pieces[1].len())]);
    }

    #[test]
    fn unresolvable_wiki_links_become_text() {
        let html = render("Theo [[QT-99]] nhé.", &Fake);
        assert_eq!(html, "<p>Theo QT-99 nhé.</p>\n");
        let html = render("Theo [[QT-99#buoc-2]] và [[06/2025/TT-BKHCN#khoản 6 Điều 4]].", &Fake);
        assert_eq!(html, "<p>Theo QT-99 và khoản 6 Điều 4 06/2025/TT-BKHCN.</p>\n");
    }

    #[test]
    fn citations_in_prose_link_to_the_article_but_not_in_code_or_links() {
        let text = "Theo khoản 6 Điều 4 Thông tư số\n116/2015/TT-BTC ngày 11/8/2015.\n\n`116/2015/TT-BTC` và [xem 116/2015/TT-BTC](https://x.vn/)\n\n```\n116/2015/TT-BTC\n```\n";
        let html = render(text, &Fake);
        assert!(
            html.contains("<a href=\"/iso/van-ban/116-2015-tt-btc/#dieu-4\" title=\"Thông tư 116/2015/TT-BTC\">khoản 6 Điều 4 Thông tư số\n116/2015/TT-BTC</a> ngày 11/8/2015."),
            "{html}"
        );
        assert_eq!(html.matches("van-ban/116").count(), 1, "{html}");
    }

    #[test]
    fn unregistered_numbers_stay_text() {
        let html = render("Theo Nghị định số 99/2099/NĐ-CP.", &Fake);
        assert_eq!(html, "<p>Theo Nghị định số 99/2099/NĐ-CP.</p>\n");
    }

    #[test]
    fn citations_in_headings_keep_the_heading_id() {
        let html = render("## Căn cứ Thông tư 116/2015/TT-BTC\n", &Fake);
        assert!(html.contains("<h2 id=\"can-cu-thong-tu-116-2015-tt-btc\">"), "{html}");
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
