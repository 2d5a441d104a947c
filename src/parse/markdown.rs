//! What the build needs to know about a document's Markdown before rendering it: the `[[CODE]]`
//! links it makes, the heading ids it will have and the legal documents its prose cites. Render uses the same options and the same
//! id rules, so an anchor checked here is the anchor the page gets.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::citation::{self, Provision};
use crate::vietnamese;

/// The Markdown extensions sotay enables everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
}

/// A `[[TARGET]]` or `[[TARGET|text]]` link in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiLink {
    /// What is between the brackets before any `|`, e.g. `QT-07#buoc-3`.
    pub target: String,
    /// Byte range in the body.
    pub span: Range<usize>,
    /// The heading the link is under, as an index into `Scan::headings`.
    pub section: Option<usize>,
}

impl WikiLink {
    /// The code part and the anchor part of the target.
    pub fn parts(&self) -> (&str, Option<&str>) {
        match self.target.split_once('#') {
            Some((code, anchor)) => (code.trim(), Some(anchor.trim())),
            None => (self.target.trim(), None),
        }
    }
}

/// A legal citation recognised in a body's prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyCitation {
    pub number: crate::model::LegalNumber,
    /// The provisions cited, in order; empty for a bare document.
    pub provisions: Vec<Provision>,
    /// Look-alike letters in the number as written (`Ð` for `Đ`).
    pub look_alikes: Vec<char>,
    /// The signing date written after the number.
    pub date: Option<crate::model::Date>,
    /// Byte range in the body (of the whole citation as written).
    pub span: Range<usize>,
    /// The heading the citation is under, as an index into `Scan::headings`.
    pub section: Option<usize>,
}

/// A heading of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub id: String,
    pub text: String,
}

/// The links, headings and legal citations of a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    pub links: Vec<WikiLink>,
    pub heading_ids: Vec<String>,
    pub headings: Vec<Heading>,
    pub citations: Vec<BodyCitation>,
}

/// Consecutive prose of one block, joined across soft line breaks so a citation split over two
/// lines is still found, remembering where each piece came from in the source.
#[derive(Debug, Default)]
pub struct TextRun {
    pub text: String,
    /// (offset in `text`, offset in the source) where each piece starts.
    pieces: Vec<(usize, usize)>,
}

impl TextRun {
    pub fn push(&mut self, text: &str, source_start: usize) {
        self.pieces.push((self.text.len(), source_start));
        self.text.push_str(text);
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source offset of a byte offset in the joined text.
    pub fn source_offset(&self, at: usize) -> usize {
        let piece = self.pieces.partition_point(|(start, _)| *start <= at).saturating_sub(1);
        self.pieces.get(piece).map_or(0, |(start, source)| source + (at - start))
    }

    pub fn take(&mut self) -> TextRun {
        std::mem::take(self)
    }
}

/// Bodies up to this size are parsed (and rendered) whole.
pub const WHOLE_BODY: usize = 256 * 1024;

/// The least size of a piece of a larger body parsed on its own (see `independent_pieces`), and
/// of a run of blocks rendered and cleaned on its own (`render::markdown`).
pub const RUN: usize = 64 * 1024;

/// A body over [`WHOLE_BODY`] cut before ATX headings (`#` at the start of a line after a blank line, outside
/// fenced code) into pieces of at least [`RUN`] bytes that parse alone exactly as they parse in
/// the whole: pulldown-cmark builds its block tree for all it is given (about 6 times the
/// source), so parsing piece by piece keeps that tree the size of a piece. `None` when the body
/// has what reaches across such a line: link reference definitions and footnotes (anything with
/// `]:` or `[^`), and HTML blocks that a blank line does not end (comments, `<?`, `<!`,
/// `<script>`, `<pre>`, `<style>`, `<textarea>`).
pub fn independent_pieces(body: &str) -> Option<Vec<&str>> {
    if body.len() <= WHOLE_BODY {
        return None;
    }
    let reaching = ["]:", "[^", "<!", "<?", "<script", "<pre", "<style", "<textarea"];
    let bytes = body.as_bytes();
    if reaching.iter().any(|r| bytes.windows(r.len()).any(|w| w.eq_ignore_ascii_case(r.as_bytes()))) {
        return None;
    }
    let mut pieces = Vec::new();
    let (mut start, mut at, mut blank_before) = (0usize, 0usize, true);
    let mut fence: Option<(u8, usize)> = None;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let marker = content.trim_start_matches(' ');
        let run = |c: u8| marker.bytes().take_while(|&b| b == c).count();
        match fence {
            Some((c, len)) if indent < 4 && run(c) >= len && marker.trim_start_matches(c as char).trim().is_empty() => {
                fence = None;
            }
            Some(_) => {}
            None if indent < 4 && (run(b'`') >= 3 || run(b'~') >= 3) => {
                let c = if run(b'`') >= 3 { b'`' } else { b'~' };
                fence = Some((c, run(c)));
            }
            None if blank_before && content.starts_with('#') && at - start >= RUN => {
                pieces.push(&body[start..at]);
                start = at;
            }
            None => {}
        }
        blank_before = content.trim().is_empty();
        at += line.len();
    }
    pieces.push(&body[start..]);
    Some(pieces)
}

/// Reads a body once for its links, headings and citations.
pub fn scan(body: &str) -> Scan {
    let mut scan = Scan::default();
    let mut ids = HeadingIds::default();
    let mut heading_text: Option<String> = None;
    let mut run = TextRun::default();
    let mut in_link = 0usize;
    let mut in_code_block = false;
    // A big body is read piece by piece (positions stay those in the whole body), so
    // pulldown-cmark's block tree is never built for all of it at once.
    let pieces = independent_pieces(body).unwrap_or_else(|| vec![body]);
    let mut offset = 0;
    let events = pieces.into_iter().flat_map(|piece| {
        let start = offset;
        offset += piece.len();
        Parser::new_ext(piece, options())
            .into_offset_iter()
            .map(move |(e, span)| (e, span.start + start..span.end + start))
    });
    for (event, span) in events {
        let is_prose = matches!(event, Event::Text(_) | Event::SoftBreak) && in_link == 0 && !in_code_block;
        if !is_prose && !run.is_empty() {
            collect_citations(&run.take(), &mut scan);
        }
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                in_link += 1;
                if let LinkType::WikiLink { .. } = link_type {
                    let section = scan.headings.len().checked_sub(1);
                    scan.links.push(WikiLink { target: dest_url.into_string(), span, section });
                }
            }
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Heading { .. }) => heading_text = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = heading_text.take() {
                    let id = ids.next(&text);
                    scan.heading_ids.push(id.clone());
                    scan.headings.push(Heading { id, text });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(&text);
                }
                if is_prose {
                    run.push(&text, span.start);
                }
            }
            Event::SoftBreak if is_prose => run.push("\n", span.start),
            _ => {}
        }
    }
    if !run.is_empty() {
        collect_citations(&run.take(), &mut scan);
    }
    scan
}

fn collect_citations(run: &TextRun, scan: &mut Scan) {
    for found in citation::recognize(&run.text) {
        let start = run.source_offset(found.span.start);
        let end = run.source_offset(found.span.end.saturating_sub(1)) + 1;
        scan.citations.push(BodyCitation {
            number: found.number,
            provisions: found.provisions,
            look_alikes: found.look_alikes,
            date: found.date,
            span: start..end.max(start),
            section: scan.headings.len().checked_sub(1),
        });
    }
}

/// Hands out stable, unique, ASCII heading ids: the heading's slug, then `-2`, `-3` for repeats.
/// Ids that the default theme's layout itself uses (steps, sections) are reserved.
///
/// Linear in the number of headings: for each base slug it remembers the next suffix to try, so
/// the 10,000th `## Mục đích` does not try `-2` … `-9999` again (issue 16, finding 7). A skipped
/// suffix was taken when it was skipped and ids are never released, so starting from the
/// remembered suffix gives the same id as counting from 2.
#[derive(Debug)]
pub struct HeadingIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        let reserved = [
            "bang-muc-tieu",
            "bang-muc-tieu-h",
            "bieu-mau",
            "bieu-mau-h",
            "cac-buoc",
            "cac-buoc-h",
            "can-cu-phap-ly",
            "can-cu-phap-ly-h",
            "dieu",
            "dieu-h",
            "duoc-su-dung-trong",
            "duoc-su-dung-trong-h",
            "duoc-tham-chieu",
            "duoc-tham-chieu-h",
            "ho-so",
            "ho-so-h",
            "ho-so-luu",
            "ho-so-luu-h",
            "ky-duyet-tai-lieu",
            "ky-duyet-tai-lieu-h",
            "lien-quan",
            "lien-quan-h",
            "noi-dung",
            "pham-vi-he-thong",
            "pham-vi-he-thong-h",
            "quy-trinh-xu-ly",
            "quy-trinh-xu-ly-h",
            "sua-doi",
            "sua-doi-h",
            "tep-tai-ve",
            "tep-tai-ve-h",
            "thong-tin-cong-bo",
            "thong-tin-cong-bo-h",
            "tom-tat",
            "tom-tat-h",
            "trang-chu-chinh-sach",
            "trang-chu-chinh-sach-h",
            "trang-chu-cong-bo",
            "trang-chu-cong-bo-h",
            "trang-chu-danh-muc",
            "trang-chu-danh-muc-h",
            "trang-chu-h",
            "trang-chu-muc-tieu",
            "trang-chu-muc-tieu-h",
            "trang-chu-thay-doi",
            "trang-chu-thay-doi-h",
            "vien-dan",
            "vien-dan-h",
            "yeu-cau-dieu-kien",
            "yeu-cau-dieu-kien-h",
            "main",
            "top",
            "cac-buoc",
            "can-cu-phap-ly",
            "bieu-mau",
        ];
        HeadingIds { used: reserved.iter().map(|s| (*s).to_owned()).collect(), next_suffix: HashMap::new() }
    }
}

impl HeadingIds {
    pub fn next(&mut self, heading: &str) -> String {
        let mut base = vietnamese::slug(heading);
        if base.is_empty() || base.starts_with("buoc-") {
            base = format!("muc-{base}").trim_end_matches('-').to_owned();
        }
        if is_section_anchor(&base) {
            // "Mục 6" would take `muc-6`, the anchor of a procedure's standard section 6.
            base.push_str("-h");
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Whether `id` has the form of a standard section's anchor on a procedure page: `muc-6`,
/// `muc-5-4` (see `render::doc_view::sections::anchor`).
fn is_section_anchor(id: &str) -> bool {
    id.strip_prefix("muc-")
        .is_some_and(|rest| rest.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_named_like_a_standard_section_does_not_take_its_anchor() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.next("Mục 6"), "muc-6-h");
        assert_eq!(ids.next("Mục 5.4"), "muc-5-4-h");
        assert_eq!(ids.next("Mục 6"), "muc-6-h-2");
        assert_eq!(ids.next("Mục đích"), "muc-dich", "a word after Mục is no section number");
        assert_eq!(ids.next("6. Biểu mẫu"), "6-bieu-mau");
    }

    #[test]
    fn finds_wiki_links_but_not_in_code() {
        let s = scan("Theo [[QT-01]] và [[BM-07-01|mẫu đơn]].\n\n```\n[[QT-99]]\n```\n\n`[[QT-98]]`\n");
        let targets: Vec<&str> = s.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["QT-01", "BM-07-01"]);
        assert_eq!(s.links[0].parts(), ("QT-01", None));
    }

    #[test]
    fn anchors_split_off() {
        let s = scan("[[QT-07#buoc-3]]");
        assert_eq!(s.links[0].parts(), ("QT-07", Some("buoc-3")));
    }

    #[test]
    fn a_big_body_read_in_pieces_scans_as_it_would_whole() {
        let block =
            "## Mục đích\n\nTheo [[QT-01]] và khoản 6 Điều 4 Thông tư số\n116/2015/TT-BTC.\n\n```\n[[QT-99]]\n```\n\n";
        let body = block.repeat((WHOLE_BODY + 3 * RUN) / block.len());
        assert!(independent_pieces(&body).is_some_and(|p| p.len() > 3), "the body is cut");
        let pieces = scan(&body);
        let whole = scan(&format!("{body}[^x]"));
        assert_eq!(pieces, whole);
        assert_eq!(&body[pieces.links.last().unwrap().span.clone()], "[[QT-01]]", "spans are in the whole body");
    }

    #[test]
    fn heading_ids_are_folded_and_unique() {
        let s = scan("# Mục đích\n## Phạm vi áp dụng\n## Mục đích\n## Đ\n## Bước 3\n");
        assert_eq!(s.heading_ids, ["muc-dich", "pham-vi-ap-dung", "muc-dich-2", "d", "muc-buoc-3"]);
    }

    #[test]
    fn repeated_heading_ids_skip_ids_already_taken() {
        // "Mục đích 3" takes `muc-dich-3` first, so the third "Mục đích" gets `-4`; a later
        // "Mục đích 5" then finds `-5` free, and the next repeat goes on to `-6`.
        let s =
            scan("## Mục đích\n## Mục đích 3\n## Mục đích\n## Mục đích\n## Mục đích 5\n## Mục đích\n## Mục đích 4\n");
        assert_eq!(
            s.heading_ids,
            ["muc-dich", "muc-dich-3", "muc-dich-2", "muc-dich-4", "muc-dich-5", "muc-dich-6", "muc-dich-4-2"]
        );
    }

    #[test]
    fn many_repeated_headings_get_distinct_ids_in_order() {
        let body = "## Mục đích\n\n".repeat(20_000);
        let ids = scan(&body).heading_ids;
        assert_eq!(ids.len(), 20_000);
        assert_eq!(ids[0], "muc-dich");
        assert_eq!(ids[19_999], "muc-dich-20000");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 20_000);
    }
}
