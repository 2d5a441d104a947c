//! Legal citations in prose: "khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC", "theo 19/2014/QĐ-TTg".
//!
//! Procedures cite their legal basis in running text, and real text is messy (DOMAIN.md §4):
//! spaces and en dashes inside numbers, `QD` for `QĐ`, NFD diacritics, ASCII without diacritics.
//! Recognising those citations lets the build link them to the legal registry and warn when a
//! cited document is unknown or no longer in force.
//!
//! The scanner is hand-written and linear: it looks for a number shape going forward (a serial
//! after a word boundary, a slash, an optional year, upper-case issuer parts, look-alike letters
//! from other alphabets read as the Latin ones — [`super::lookalike`]), checks it with
//! [`LegalNumber::parse`], then reads a bounded number of words backwards for `số`, a type word
//! (`Thông tư`) or a named document ("Luật Hộ tịch số"), an annex ("Phụ lục III … kèm theo") and
//! provisions, lists included ("Điều 137, Điều 138" — [`super::provision`]); and a few words
//! forwards for the date ("ngày 05/3/2014" — [`super::cited_date`]). Dates, fractions, URLs,
//! manual codes and the numbers of permits and receipts ([`super::non_legal`]) are not citations.

use std::ops::Range;

use super::lookalike;
use super::provision::{is_provision_word, is_word_char, tok, word_end, Tok};
pub use super::provision::{parse_provision, parse_provisions, Provision};
use crate::model::{Date, LegalNumber};

/// A citation of a legal document found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole citation as written, from the provision (if any) through the
    /// number, e.g. the whole of "khoản 6 Điều 4 Thông tư số 116/2015/TT-BTC" or of "Điều 16
    /// Luật Hộ tịch số 60/2014/QH13". Never includes a trailing date or issuer phrase.
    pub span: Range<usize>,
    /// Byte range of the number alone as written ("116/2015/TT-BTC", "19/2014/QĐ- TTg").
    pub number_span: Range<usize>,
    pub number: LegalNumber,
    /// The provisions cited, in order ("Điều 137, Điều 138" is two); empty for a bare document.
    pub provisions: Vec<Provision>,
    /// Letters of the number that only look like the proper ones (`Ð` for `Đ`), each once.
    pub look_alikes: Vec<char>,
    /// The signing date written after the number ("… ngày 05/3/2014"), when there is one.
    pub date: Option<Date>,
}

impl Citation {
    /// The first provision cited, which the link points at.
    pub fn provision(&self) -> Option<&Provision> {
        self.provisions.first()
    }
}

/// Every citation in `text`, in order, not overlapping. Numbers of permits, certificates,
/// receipts and dossiers ([`super::non_legal`]) are not citations.
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
        if behind.is_manual_code() {
            i = end;
            continue;
        }
        let paper = number.type_name().is_none() && behind.names_non_legal_paper();
        if !super::non_legal::is_non_legal(&number, &[]) && !paper {
            let (start, provisions) = prefix(&mut behind);
            let look_alikes = lookalike::found_in(&text[i..end]);
            let date = super::cited_date::date_after(text, end);
            found.push(Citation { span: start..end, number_span: i..end, number, provisions, look_alikes, date });
        }
        floor = end;
        i = end;
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The number, read forwards.

/// Type codes after which a spaced dash still belongs to the number ("19/2014/QĐ – TTg").
const TYPE_CODES: &[&str] =
    &["L", "NQ", "NQLT", "PL", "LCT", "NĐ", "ND", "QĐ", "QD", "TT", "TTLT", "CT", "KH", "TB", "HD", "BC", "VBHN", "CV"];

/// Prefixes of the manual's own codes: `QT 02/CX-HCTP` is a procedure, not an official letter.
const MANUAL_CODE_PREFIXES: &[&str] = &["QT", "BM", "HS", "HDCV", "STCL", "MTCL", "CSCL"];

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

/// Whether a word may be a part after the slash: `QĐ`, `TTg`, `QH15`, `UBND`, `TĐC`.
/// Lower case only as the last letter after two capitals (`TTg`), so prose and `ttg` fail.
/// Look-alike letters are folded by the caller.
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
    let first = lookalike::fold(&text[at..first_end]);
    if !is_number_part(&first) {
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
        let part = lookalike::fold(&text[part_at..part_end]);
        let spaced_ok = parts == 1 && TYPE_CODES.contains(&first.as_ref());
        if is_number_part(&part) && (!spaced || spaced_ok) {
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
        // Look-alike letters are read as the letters they imitate, in Latin words only.
        _ if !lookalike::is_mostly_latin(&text[at..end]) => None,
        _ => LegalNumber::parse(&lookalike::fold(&text[start..end])).ok().map(|number| (end, number)),
    }
}

// ---------------------------------------------------------------------------------------------
// Words before the number, read backwards.

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

    /// Whether the words before `số` name a paper that is not a legal document: "Giấy phép số",
    /// "Biên nhận hồ sơ số". Looks at the six words before `số`, within the sentence.
    fn names_non_legal_paper(&mut self) -> bool {
        let colon = usize::from(self.get(0).is_some_and(|t| t.is_punct(':')));
        if !self.get(colon).is_some_and(|t| t.is("so")) {
            return false;
        }
        for j in colon + 1..colon + 7 {
            if self.get(j).is_none_or(|t| t.folded.is_empty()) {
                return false;
            }
            let found = super::non_legal::PAPER_WORDS.iter().any(|phrase| {
                phrase.split(' ').rev().enumerate().all(|(n, word)| self.get(j + n).is_some_and(|t| t.is(word)))
            });
            if found {
                return true;
            }
        }
        false
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
    "bo luat",
    "luat",
    "lenh",
];

/// Type words that never open a document's name ("VĂN BẢN QUY PHẠM PHÁP LUẬT" is inside one).
const GENERIC_TYPE_WORDS: &[&str] =
    &["van ban", "van ban hop nhat", "cong van", "thong bao", "huong dan", "bao cao", "ke hoach"];

/// Abbreviated type words, accepted only in capitals: "QĐ số 19/2014/QĐ-TTg".
const TYPE_ABBREVIATIONS: &[&str] = &["QĐ", "QD", "NĐ", "ND", "TT", "TTLT", "NQ", "CT", "KH", "CV", "VBHN"];

/// How many tokens from `k` on (backwards) spell a type word.
fn type_word_at(behind: &mut Behind<'_>, k: usize) -> Option<usize> {
    if behind.get(k).is_some_and(|t| TYPE_ABBREVIATIONS.contains(&lookalike::fold(t.raw).as_ref())) {
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

/// Whether the type word of `n` tokens at `k` starts a name in capitals ("Luật Hộ tịch"), and
/// is not the "luật" of "pháp luật" inside a name.
fn is_named_type_word(behind: &mut Behind<'_>, k: usize, n: usize) -> bool {
    let capital = behind.get(k + n - 1).is_some_and(|t| t.raw.starts_with(char::is_uppercase));
    capital && !is_phap_luat(behind, k, n)
}

/// Whether the type word at `k` is the "luật" of "pháp luật" (or "văn bản" of "các văn bản").
fn is_phap_luat(behind: &mut Behind<'_>, k: usize, n: usize) -> bool {
    let luat = n == 1 && behind.get(k).is_some_and(|t| t.is("luat"));
    luat && behind.get(k + 1).is_some_and(|t| t.is("phap"))
}

/// The document type word of a citation whose name stands between it and `số`: "Luật Hộ tịch
/// số", "Luật Ban hành văn bản quy phạm pháp luật số". Returns the token count through it.
fn named_document(behind: &mut Behind<'_>, from: usize) -> Option<usize> {
    for j in from..from + 20 {
        let t = behind.get(j)?;
        if t.folded.is_empty() && !t.is_punct(',') && !t.is_punct('-') && !t.is_punct('–') {
            return None;
        }
        if let Some(n) = type_word_at(behind, j) {
            let phrase: Vec<String> =
                (j..j + n).rev().filter_map(|i| behind.get(i).map(|t| t.folded.clone())).collect();
            if !GENERIC_TYPE_WORDS.contains(&phrase.join(" ").as_str()) && is_named_type_word(behind, j, n) {
                return Some(j + n);
            }
        }
    }
    None
}

/// How many tokens the document's type word (and name) take before `số` and the number.
fn document_words(behind: &mut Behind<'_>) -> usize {
    let colon = usize::from(behind.get(0).is_some_and(|t| t.is_punct(':')));
    let so = behind.get(colon).is_some_and(|t| t.is("so"));
    let k = if so { colon + 1 } else { 0 };
    match type_word_at(behind, k) {
        Some(n) if !is_phap_luat(behind, k, n) => k + n,
        _ if so => named_document(behind, k).unwrap_or(0),
        _ => 0,
    }
}

/// Where the citation starts, and its provisions:
/// `[provisions [,] [của | (ban hành) kèm theo]] [type word [name] [số [:]]]`.
fn prefix(behind: &mut Behind<'_>) -> (usize, Vec<Provision>) {
    let k = document_words(behind);
    let start = if k > 0 { behind.toks[k - 1].start } else { behind.from };
    let cua = behind.get(k).is_some_and(|t| t.is("cua"));
    let mut p = k + usize::from(cua);
    p += usize::from(behind.get(p).is_some_and(|t| t.is_punct(',')));
    let annex = annex_before(behind, p, cua);
    if let Some((item, _)) = &annex {
        p = *item;
    }
    let mut words = Vec::new();
    while let Some(t) = behind.get(p + words.len()).filter(|t| words.len() < 40 && is_provision_word(t)) {
        words.push(t.clone());
    }
    words.reverse();
    // The longest provision list that ends right before the document (or its annex's name).
    let found = (0..words.len()).find_map(|i| {
        let (provisions, used) = super::provision::parse_list(&words[i..])?;
        (i + used == words.len()).then(|| (words[i].start, provisions))
    });
    match (found, annex) {
        (Some((at, mut provisions)), Some((_, name))) => {
            provisions.iter_mut().filter(|p| p.annex.is_some()).for_each(|p| p.annex_name = name.clone());
            (at, provisions)
        }
        (Some(found), None) => found,
        (None, _) => (start, Vec::new()),
    }
}

/// An annex named before the document: "Phụ lục III Danh mục … ban hành kèm theo", read back
/// from token `p`. Returns the index of the annex's number token and the name as written.
/// A name is read only after "của" or "kèm theo", which tie the annex to the document; without
/// them, only an annex right before the document counts ("Phụ lục III Thông tư …").
fn annex_before(behind: &mut Behind<'_>, p: usize, cua: bool) -> Option<(usize, Option<String>)> {
    let mut q = p;
    let kem_theo = behind.get(q).is_some_and(|t| t.is("theo")) && behind.get(q + 1).is_some_and(|t| t.is("kem"));
    if kem_theo {
        q += 2;
        if behind.get(q).is_some_and(|t| t.is("hanh")) && behind.get(q + 1).is_some_and(|t| t.is("ban")) {
            q += 2;
        }
    }
    let name_end = if q > 0 { behind.get(q - 1).map(|t| t.start) } else { None }.unwrap_or(behind.from);
    let reach = if cua || kem_theo { 25 } else { 1 };
    for j in q..q + reach {
        let t = behind.get(j)?;
        if t.folded.is_empty() && !t.is_punct('-') && !t.is_punct('–') && !t.is_punct('"') {
            return None;
        }
        let is_annex = behind.get(j + 1).is_some_and(|t| t.is("luc")) && behind.get(j + 2).is_some_and(|t| t.is("phu"));
        if is_annex {
            let item_end = behind.toks[j].end();
            let text = behind.text;
            let name = text.get(item_end..name_end.max(item_end)).unwrap_or("");
            let name = name.trim_matches(|c: char| c.is_whitespace() || "-–:\"“”".contains(c));
            return Some((j, (!name.is_empty()).then(|| crate::vietnamese::nfc(name))));
        }
    }
    None
}

#[cfg(test)]
#[path = "citation_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "citation_phrasing_tests.rs"]
mod phrasing_tests;
