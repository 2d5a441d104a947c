//! Legal citations in prose: "khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC", "theo 19/2014/QĐ-TTg".
//!
//! Procedures cite their legal basis in running text, and real text is messy (DOMAIN.md §4):
//! spaces and en dashes inside numbers, `QD` for `QĐ`, NFD diacritics, ASCII without diacritics.
//! Recognising those citations lets the build link them to the legal registry and warn when a
//! cited document is unknown or no longer in force.
//!
//! The scanner is hand-written and linear: it looks for a number shape going forward (a serial
//! after a word boundary, a slash, an optional year, upper-case issuer parts), checks it with
//! [`LegalNumber::parse`], then reads a bounded number of words backwards for `số`, a type word
//! (`Thông tư`) and a provision (`khoản 6 Điều 4`). Dates, fractions, URLs and manual codes fail
//! the shape or the boundary checks.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use crate::model::LegalNumber;
use crate::vietnamese;

/// A provision inside a legal document: `điểm a khoản 1 Điều 5`, `các khoản 1, 3 và 5 Điều 35`, `Điều 5a`, `Chương II`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provision {
    /// The chapter, upper-case: `II`, `3`.
    pub chapter: Option<String>,
    /// The article, lower-case: `5`, `5a`.
    pub article: Option<String>,
    /// The clauses, lower-case: `["1", "3", "5"]`, `["2a"]`.
    pub clauses: Vec<String>,
    /// The points, lower-case: `["a"]`, `["a1"]`, `["đ"]`.
    pub points: Vec<String>,
}

impl Provision {
    /// How it is written canonically: "điểm a khoản 1 Điều 5", "các khoản 1, 3 và 5 Điều 35", "Điều 5a".
    pub fn canonical(&self) -> String {
        let parts = [
            unit_text("điểm", &self.points),
            unit_text("khoản", &self.clauses),
            self.article.as_ref().map(|article| format!("Điều {article}")),
            self.chapter.as_ref().map(|chapter| format!("Chương {chapter}")),
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    }

    /// The anchor of the article on the legal document's page: Some("dieu-5a") when there is an article.
    pub fn article_anchor(&self) -> Option<String> {
        self.article.as_ref().map(|article| format!("dieu-{}", vietnamese::slug(article)))
    }
}

fn unit_text(word: &str, items: &[String]) -> Option<String> {
    match items {
        [] => None,
        [one] => Some(format!("{word} {one}")),
        [init @ .., last] => Some(format!("các {word} {} và {last}", init.join(", "))),
    }
}

/// A citation of a legal document found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole citation as written, from the provision (if any) through the number, e.g. the whole of "khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC". Never includes a trailing date or issuer phrase.
    pub span: Range<usize>,
    /// Byte range of the number alone as written ("116/2015/TT-BTC", "19/2014/QĐ- TTg").
    pub number_span: Range<usize>,
    pub number: LegalNumber,
    /// The provision cited, when the text names one (None for a bare document citation).
    pub provision: Option<Provision>,
}

/// Every citation in `text`, in order, not overlapping.
pub fn recognize(text: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < text.len() {
        let Some((end, number)) = number_at(text, i) else {
            i += 1;
            continue;
        };
        let mut behind = Behind { text, from: i, floor, toks: Vec::new() };
        if !behind.is_manual_code() {
            let (start, provision) = prefix(&mut behind);
            found.push(Citation { span: start..end, number_span: i..end, number, provision });
            floor = end;
        }
        i = end;
    }
    found
}

/// A provision written alone, e.g. the `provision = "khoản 6 Điều 4"` value of front matter; None if it is not a provision.
pub fn parse_provision(text: &str) -> Option<Provision> {
    let toks = tokens(text);
    match parse_units(&toks) {
        Some((provision, used)) if used == toks.len() => Some(provision),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The number, read forwards.

/// Type codes after which a spaced dash still belongs to the number ("19/2014/QĐ – TTg").
const TYPE_CODES: &[&str] =
    &["L", "NQ", "NQLT", "PL", "LCT", "NĐ", "ND", "QĐ", "QD", "TT", "TTLT", "CT", "KH", "TB", "HD", "BC", "VBHN", "CV"];

/// Prefixes of the manual's own codes: `QT 02/CX-HCTP` is a procedure, not an official letter.
const MANUAL_CODE_PREFIXES: &[&str] = &["QT", "BM", "HS", "HDCV", "STCL", "MTCL", "CSCL"];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}')
}

/// Whether a number may start at byte `at`: not glued to a word, a path, a decimal or a code.
fn number_may_start(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        None => true,
        Some(c) if is_word_char(c) || is_dash(c) => false,
        Some('/' | '\\' | '.' | '@' | '#' | '&' | '=' | '?' | '%' | '+' | '~' | '$' | '^') => false,
        Some(',' | ':') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        Some('_') => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// Bytes of horizontal white space at `at` (spaces, tabs, no-break spaces; never a line break).
fn skip_space(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}']);
    at + rest.len() - trimmed.len()
}

/// The end of the word starting at `at` (`at` itself when no word starts there).
fn word_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())
}

/// Whether a word may be a part after the slash: `QĐ`, `TTg`, `QH15`, `UBND`, `TĐC`.
/// Lower case only as the last letter after two capitals (`TTg`), so prose and `ttg` fail.
fn is_number_part(word: &str) -> bool {
    let mut upper = 0;
    let count = word.chars().count();
    for (k, c) in word.chars().enumerate() {
        match c {
            'A'..='Z' | 'Đ' => upper += 1,
            '0'..='9' if k > 0 => {}
            'a'..='z' | 'đ' if k + 1 == count && upper >= 2 => {}
            _ => return false,
        }
    }
    (1..=12).contains(&count)
}

/// The end of the number starting at byte `start`, and the number, or None.
fn number_at(text: &str, start: usize) -> Option<(usize, LegalNumber)> {
    let bytes = text.as_bytes();
    if !bytes[start].is_ascii_digit() || !number_may_start(text, start) {
        return None;
    }
    let serial_end = word_end(text, start);
    if serial_end - start > 6 || !text[start..serial_end].bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut at = skip_space(text, serial_end);
    if bytes.get(at) != Some(&b'/') {
        return None;
    }
    at = skip_space(text, at + 1);
    let year_end = word_end(text, at);
    if year_end - at == 4 && text[at..year_end].bytes().all(|b| b.is_ascii_digit()) {
        let slash = skip_space(text, year_end);
        if bytes.get(slash) == Some(&b'/') {
            at = skip_space(text, slash + 1);
        }
    }
    let first_end = word_end(text, at);
    if !is_number_part(&text[at..first_end]) {
        return None;
    }
    let mut end = first_end;
    let mut parts = 1;
    loop {
        let dash_at = skip_space(text, end);
        let Some(dash) = text[dash_at..].chars().next().filter(|c| is_dash(*c)) else { break };
        let part_at = skip_space(text, dash_at + dash.len_utf8());
        let spaced = dash_at > end || part_at > dash_at + dash.len_utf8();
        let part_end = word_end(text, part_at);
        let part = &text[part_at..part_end];
        let spaced_ok = parts == 1 && TYPE_CODES.contains(&&text[at..first_end]);
        if is_number_part(part) && (!spaced || spaced_ok) {
            end = part_end;
            parts += 1;
        } else if !spaced && !part.is_empty() {
            return None; // glued to a longer token: `QĐ-TTgy`, `QĐ-ttg`
        } else {
            break;
        }
    }
    // Glued to a path or a file name: `19/2014/QĐ-TTg/…`, `…QĐ-TTg.pdf`, `…TTg_v2`.
    let mut after = text[end..].chars();
    match after.next() {
        Some('/' | '@' | '\\') => None,
        Some('.' | '_') if after.next().is_some_and(|c| c.is_ascii_alphanumeric()) => None,
        _ => LegalNumber::parse(&text[start..end]).ok().map(|number| (end, number)),
    }
}

// ---------------------------------------------------------------------------------------------
// Words before the number, read backwards.

/// A word (letters, digits and combining marks) or one other character.
#[derive(Clone, Debug)]
struct Tok<'a> {
    start: usize,
    raw: &'a str,
    /// The word folded and lower-cased ("Điều" → "dieu"); empty for punctuation.
    folded: String,
}

impl Tok<'_> {
    fn is(&self, word: &str) -> bool {
        self.folded == word
    }

    fn is_punct(&self, c: char) -> bool {
        self.folded.is_empty() && self.raw.starts_with(c)
    }
}

fn tok(text: &str, range: Range<usize>) -> Tok<'_> {
    let raw = &text[range.clone()];
    let folded = if raw.starts_with(is_word_char) { vietnamese::fold_lower(raw) } else { String::new() };
    Tok { start: range.start, raw, folded }
}

/// All tokens of `text`, forwards.
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let end = if is_word_char(c) { word_end(text, at) } else { at + c.len_utf8() };
        if !c.is_whitespace() {
            toks.push(tok(text, at..end));
        }
        at = end;
    }
    toks
}

/// Tokens before `from`, read lazily backwards and never before `floor` (the previous citation).
struct Behind<'a> {
    text: &'a str,
    from: usize,
    floor: usize,
    toks: Vec<Tok<'a>>,
}

impl<'a> Behind<'a> {
    /// The `k`-th token before the number (0 is the nearest). A blank line ends the reading, as
    /// the floor does.
    fn get(&mut self, k: usize) -> Option<&Tok<'a>> {
        while self.toks.len() <= k {
            let pos = self.toks.last().map_or(self.from, |t| t.start);
            let gap = &self.text[self.floor..pos];
            let before = gap.trim_end();
            let Some((i, last)) =
                before.char_indices().next_back().filter(|_| gap[before.len()..].matches('\n').nth(1).is_none())
            else {
                self.floor = pos;
                return None;
            };
            let start = if is_word_char(last) {
                before.char_indices().rev().take_while(|(_, c)| is_word_char(*c)).last().map_or(i, |(j, _)| j)
            } else {
                i
            };
            let end = self.floor + before.len();
            self.toks.push(tok(self.text, self.floor + start..end));
        }
        self.toks.get(k)
    }

    /// Whether the number is the tail of a manual code such as `QT 02/CX-HCTP`.
    fn is_manual_code(&mut self) -> bool {
        let from = self.from;
        let text = self.text;
        self.get(0).is_some_and(|t| {
            MANUAL_CODE_PREFIXES.contains(&t.raw) && text[t.start + t.raw.len()..from].chars().count() <= 1
        })
    }
}

/// Type words that may precede a number, folded; the longer of two with the same ending first.
const TYPE_WORDS: &[&str] = &[
    "van ban hop nhat",
    "nghi quyet lien tich",
    "thong tu lien tich",
    "nghi dinh",
    "nghi quyet",
    "quyet dinh",
    "thong tu",
    "chi thi",
    "ke hoach",
    "cong van",
    "phap lenh",
    "thong bao",
    "huong dan",
    "bao cao",
    "van ban",
    "luat",
    "lenh",
];

/// Abbreviated type words, accepted only in capitals: "QĐ số 19/2014/QĐ-TTg".
const TYPE_ABBREVIATIONS: &[&str] = &["QĐ", "QD", "NĐ", "ND", "TT", "TTLT", "NQ", "CT", "KH", "CV", "VBHN"];

/// How many tokens from `k` on (backwards) spell a type word.
fn type_word_at(behind: &mut Behind<'_>, k: usize) -> Option<usize> {
    if behind.get(k).is_some_and(|t| TYPE_ABBREVIATIONS.contains(&t.raw)) {
        return Some(1);
    }
    'phrases: for phrase in TYPE_WORDS {
        for (j, word) in phrase.split(' ').rev().enumerate() {
            if !behind.get(k + j).is_some_and(|t| t.is(word)) {
                continue 'phrases;
            }
        }
        return Some(phrase.split(' ').count());
    }
    None
}

/// Where the citation starts, and its provision: `[provision [,] [của]] [type word [số [:]]]`.
fn prefix(behind: &mut Behind<'_>) -> (usize, Option<Provision>) {
    let so = usize::from(behind.get(0).is_some_and(|t| t.is_punct(':')));
    let so = if behind.get(so).is_some_and(|t| t.is("so")) { so + 1 } else { 0 };
    let k = type_word_at(behind, so).map(|n| so + n).or_else(|| type_word_at(behind, 0)).unwrap_or(0);
    let start = if k > 0 { behind.toks[k - 1].start } else { behind.from };
    let mut p = k + usize::from(behind.get(k).is_some_and(|t| t.is("cua")));
    p += usize::from(behind.get(p).is_some_and(|t| t.is_punct(',')));
    let mut words = Vec::new();
    while let Some(t) = behind.get(p + words.len()).filter(|t| words.len() < 40 && is_provision_word(t)) {
        words.push(t.clone());
    }
    words.reverse();
    // The longest provision that ends right before the document.
    (0..words.len())
        .find_map(|i| {
            let (provision, used) = parse_units(&words[i..])?;
            (i + used == words.len()).then(|| (words[i].start, Some(provision)))
        })
        .unwrap_or((start, None))
}

// ---------------------------------------------------------------------------------------------
// Provisions.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Point,
    Clause,
    Article,
    Chapter,
}

fn unit_of(folded: &str) -> Option<Unit> {
    match folded {
        "diem" => Some(Unit::Point),
        "khoan" => Some(Unit::Clause),
        "dieu" => Some(Unit::Article),
        "chuong" => Some(Unit::Chapter),
        _ => None,
    }
}

fn is_provision_word(t: &Tok<'_>) -> bool {
    t.is_punct(',')
        || t.is("cac")
        || t.is("va")
        || unit_of(&t.folded).is_some()
        || [Unit::Point, Unit::Clause, Unit::Article, Unit::Chapter].into_iter().any(|u| item(u, t).is_some())
}

/// The token as a point (`a`, `a1`, `đ`), clause (`2a`), article (`5a`) or chapter (`II`, `3`).
fn item(unit: Unit, t: &Tok<'_>) -> Option<String> {
    if t.folded.is_empty() || t.raw.len() > 8 {
        return None;
    }
    let s = vietnamese::nfc(t.raw).to_lowercase();
    let numbered = |max: usize| {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &s[digits..];
        (1..=max).contains(&digits) && (rest.is_empty() || (rest.len() == 1 && rest.as_bytes()[0].is_ascii_lowercase()))
    };
    let ok = match unit {
        Unit::Point => {
            let mut chars = s.chars();
            let letter = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == 'đ');
            let rest = chars.as_str();
            letter && rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_digit())
        }
        Unit::Clause => numbered(3),
        Unit::Article => numbered(4),
        Unit::Chapter => {
            s.bytes().all(|b| b"ivxlc".contains(&b)) || (s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        }
    };
    ok.then(|| if unit == Unit::Chapter { s.to_uppercase() } else { s })
}

/// Items of one unit: `1`, `1, 3 và 5`, `1 và khoản 2`. Returns them and the index after them.
fn item_list(unit: Unit, toks: &[Tok<'_>], at: usize) -> Option<(Vec<String>, usize)> {
    let mut items = vec![item(unit, toks.get(at)?)?];
    let mut i = at + 1;
    loop {
        let comma = usize::from(toks.get(i).is_some_and(|t| t.is_punct(',')));
        let mut j = i + comma + usize::from(toks.get(i + comma).is_some_and(|t| t.is("va")));
        if j == i {
            break;
        }
        j += usize::from(toks.get(j).is_some_and(|t| unit_of(&t.folded) == Some(unit)));
        let Some(next) = toks.get(j).and_then(|t| item(unit, t)) else { break };
        items.push(next);
        i = j + 1;
    }
    Some((items, i))
}

/// A provision at the start of `toks`, units in order (points, clauses, article, chapter), and
/// how many tokens it used.
fn parse_units(toks: &[Tok<'_>]) -> Option<(Provision, usize)> {
    let mut provision = Provision::default();
    let mut last: Option<Unit> = None;
    let mut i = 0;
    loop {
        let mut j = i + usize::from(last.is_some() && toks.get(i).is_some_and(|t| t.is_punct(',')));
        j += usize::from(toks.get(j).is_some_and(|t| t.is("cac")));
        let Some(unit) = toks.get(j).and_then(|t| unit_of(&t.folded)) else { break };
        if last.is_some_and(|l| unit <= l) {
            break;
        }
        let Some((mut items, next)) = item_list(unit, toks, j + 1) else { break };
        match unit {
            Unit::Point => provision.points = items,
            Unit::Clause => provision.clauses = items,
            Unit::Article | Unit::Chapter if items.len() > 1 => break,
            Unit::Article => provision.article = items.pop(),
            Unit::Chapter => provision.chapter = items.pop(),
        }
        last = Some(unit);
        i = next;
    }
    last.map(|_| (provision, i))
}

#[cfg(test)]
#[path = "citation_tests.rs"]
mod tests;
