//! Provisions of a legal document as people write them: "điểm a khoản 1 Điều 5", "Điều 5 khoản 2",
//! "các Điều 5 và 6", "khoản 2 Điều 5 và Điều 7", "Mục 2 Chương III", "Phụ lục III".
//!
//! A citation keeps the provisions it names so its link can point at the article (and clause)
//! on the legal page and the build can check them against the registry. The words are tokens
//! folded for matching ([`Tok`]), shared with the citation scanner that reads them backwards.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use crate::model::legal::provision_anchor;
use crate::vietnamese;

/// A provision inside a legal document: `điểm a khoản 1 Điều 5`, `các khoản 1, 3 và 5 Điều 35`,
/// `Điều 5a`, `Chương II`, `Mục 2`, `Phần 1`, `Phụ lục III`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provision {
    /// The annex, upper-case: `III`, `01`.
    pub annex: Option<String>,
    /// The annex's name as written after its number, when the text gives one.
    pub annex_name: Option<String>,
    /// The part (Phần), upper-case.
    pub part: Option<String>,
    /// The chapter, upper-case: `II`, `3`.
    pub chapter: Option<String>,
    /// The section (Mục), upper-case.
    pub section: Option<String>,
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
        let one = |word: &str, item: &Option<String>| item.as_ref().map(|i| format!("{word} {i}"));
        let annex = self.annex.as_ref().map(|a| match &self.annex_name {
            Some(name) => format!("Phụ lục {a} {name}"),
            None => format!("Phụ lục {a}"),
        });
        let parts = [
            unit_text("điểm", &self.points),
            unit_text("khoản", &self.clauses),
            one("Điều", &self.article),
            one("Mục", &self.section),
            one("Chương", &self.chapter),
            one("Phần", &self.part),
            annex,
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    }

    /// The anchor of the article on the legal document's page: Some("dieu-5a") when there is an article.
    pub fn article_anchor(&self) -> Option<String> {
        self.article.as_ref().map(|article| provision_anchor(article, None, None))
    }

    /// The anchor of the one clause cited (`dieu-4-khoan-6`), when one clause of an article is.
    pub fn clause_anchor(&self) -> Option<String> {
        match self.clauses.as_slice() {
            [clause] => Some(provision_anchor(self.article.as_ref()?, Some(clause), None)),
            _ => None,
        }
    }

    /// The anchor of the one point cited (`dieu-4-khoan-6-diem-a`), when one point of a clause is.
    pub fn point_anchor(&self) -> Option<String> {
        match (self.clauses.as_slice(), self.points.as_slice()) {
            ([clause], [point]) => Some(provision_anchor(self.article.as_ref()?, Some(clause), Some(point))),
            _ => None,
        }
    }

    /// The most precise anchor among `known` (the anchors the legal page has): point, clause, article.
    pub fn anchor_among(&self, known: &[String]) -> Option<String> {
        [self.point_anchor(), self.clause_anchor(), self.article_anchor()]
            .into_iter()
            .flatten()
            .find(|anchor| known.contains(anchor))
    }
}

fn unit_text(word: &str, items: &[String]) -> Option<String> {
    match items {
        [] => None,
        [one] => Some(format!("{word} {one}")),
        [init @ .., last] => Some(format!("các {word} {} và {last}", init.join(", "))),
    }
}

/// Provisions written alone, e.g. a `legal_basis` entry's `provision = "Điều 13, Điều 14"`: one
/// or more, in order; None if the text is not only provisions.
pub fn parse_provisions(text: &str) -> Option<Vec<Provision>> {
    let toks = tokens(text);
    match parse_list(&toks) {
        Some((provisions, used)) if used == toks.len() => Some(provisions),
        _ => None,
    }
}

/// A provision written alone, e.g. `provision = "khoản 6 Điều 4"`; None if it is not exactly one.
pub fn parse_provision(text: &str) -> Option<Provision> {
    match parse_provisions(text)?.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens.

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The end of the word starting at `at` (`at` itself when no word starts there).
pub(super) fn word_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())
}

/// A word (letters, digits and combining marks) or one other character.
#[derive(Clone, Debug)]
pub(super) struct Tok<'a> {
    pub start: usize,
    pub raw: &'a str,
    /// The word folded and lower-cased ("Điều" → "dieu"); empty for punctuation.
    pub folded: String,
}

impl Tok<'_> {
    pub fn is(&self, word: &str) -> bool {
        self.folded == word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.folded.is_empty() && self.raw.starts_with(c)
    }

    pub fn end(&self) -> usize {
        self.start + self.raw.len()
    }
}

pub(super) fn tok(text: &str, range: Range<usize>) -> Tok<'_> {
    let raw = &text[range.clone()];
    let folded = if raw.starts_with(is_word_char) {
        vietnamese::fold_lower(&super::lookalike::fold(raw))
    } else {
        String::new()
    };
    Tok { start: range.start, raw, folded }
}

/// All tokens of `text`, forwards.
pub(super) fn tokens(text: &str) -> Vec<Tok<'_>> {
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

// ---------------------------------------------------------------------------------------------
// Units and their items.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Point,
    Clause,
    Article,
    Section,
    Chapter,
    Part,
    Annex,
}

/// The unit named at `toks[at]` and how many tokens name it (`Phụ lục` is two).
fn unit_at(toks: &[Tok<'_>], at: usize) -> Option<(Unit, usize)> {
    let unit = match toks.get(at)?.folded.as_str() {
        "diem" => Unit::Point,
        "khoan" => Unit::Clause,
        "dieu" => Unit::Article,
        "muc" => Unit::Section,
        "chuong" => Unit::Chapter,
        "phan" => Unit::Part,
        "phu" if toks.get(at + 1).is_some_and(|t| t.is("luc")) => return Some((Unit::Annex, 2)),
        _ => return None,
    };
    Some((unit, 1))
}

/// Whether a token may be part of a provision (read backwards before a document's name).
pub(super) fn is_provision_word(t: &Tok<'_>) -> bool {
    const WORDS: &[&str] = &["cac", "va", "diem", "khoan", "dieu", "muc", "chuong", "phan", "phu", "luc"];
    t.is_punct(',')
        || WORDS.contains(&t.folded.as_str())
        || [Unit::Point, Unit::Clause, Unit::Article, Unit::Chapter].into_iter().any(|u| item(u, t).is_some())
}

/// The token as a point (`a`, `a1`, `đ`), clause (`2a`), article (`5a`) or chapter-like (`II`, `3`).
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
        Unit::Section | Unit::Chapter | Unit::Part | Unit::Annex => {
            s.bytes().all(|b| b"ivxlc".contains(&b)) || (s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        }
    };
    ok.then(|| if unit > Unit::Article { s.to_uppercase() } else { s })
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
        j += unit_at(toks, j).filter(|(u, _)| *u == unit).map_or(0, |(_, width)| width);
        let Some(next) = toks.get(j).and_then(|t| item(unit, t)) else { break };
        items.push(next);
        i = j + 1;
    }
    Some((items, i))
}

fn set(provision: &mut Provision, unit: Unit, mut items: Vec<String>) {
    match unit {
        Unit::Point => provision.points = items,
        Unit::Clause => provision.clauses = items,
        Unit::Article => provision.article = items.pop(),
        Unit::Section => provision.section = items.pop(),
        Unit::Chapter => provision.chapter = items.pop(),
        Unit::Part => provision.part = items.pop(),
        Unit::Annex => provision.annex = items.pop(),
    }
}

/// Provisions at the start of `toks`, each separated by `,` or `và`: "Điều 137, Điều 138",
/// "khoản 2 Điều 5 và Điều 7". Returns them and how many tokens they used.
pub(super) fn parse_list(toks: &[Tok<'_>]) -> Option<(Vec<Provision>, usize)> {
    let (mut provisions, mut i) = parse_units(toks)?;
    loop {
        let comma = usize::from(toks.get(i).is_some_and(|t| t.is_punct(',')));
        let j = i + comma + usize::from(toks.get(i + comma).is_some_and(|t| t.is("va")));
        if j == i {
            break;
        }
        let Some((more, used)) = parse_units(&toks[j..]) else { break };
        provisions.extend(more);
        i = j + used;
    }
    Some((provisions, i))
}

/// One provision at the start of `toks`, its units in order — rising ("khoản 2 Điều 5") or
/// falling ("Điều 5 khoản 2") — and how many tokens it used. A list of articles (or of a higher
/// unit) makes one provision per item: "các Điều 5 và 6" is Điều 5 and Điều 6.
fn parse_units(toks: &[Tok<'_>]) -> Option<(Vec<Provision>, usize)> {
    let mut provision = Provision::default();
    let mut siblings: Vec<(Unit, String)> = Vec::new();
    let mut last: Option<Unit> = None;
    let mut falling: Option<bool> = None;
    let mut i = 0;
    loop {
        let mut j = i + usize::from(last.is_some() && toks.get(i).is_some_and(|t| t.is_punct(',')));
        j += usize::from(toks.get(j).is_some_and(|t| t.is("cac")));
        let Some((unit, width)) = unit_at(toks, j) else { break };
        if let Some(l) = last {
            let down = unit < l;
            if unit == l || falling.is_some_and(|f| f != down) || (down && !siblings.is_empty()) {
                break;
            }
            falling = Some(down);
        }
        let Some((mut items, next)) = item_list(unit, toks, j + width) else { break };
        if unit > Unit::Clause && items.len() > 1 {
            if falling == Some(true) {
                break;
            }
            siblings.extend(items.drain(1..).map(|item| (unit, item)));
        }
        set(&mut provision, unit, items);
        last = Some(unit);
        i = next;
    }
    last?;
    let mut all = vec![provision.clone()];
    for (unit, item) in siblings {
        let mut sibling =
            Provision { part: provision.part.clone(), annex: provision.annex.clone(), ..Default::default() };
        if unit < Unit::Section {
            sibling.section.clone_from(&provision.section);
        }
        if unit < Unit::Chapter {
            sibling.chapter.clone_from(&provision.chapter);
        }
        set(&mut sibling, unit, vec![item]);
        all.push(sibling);
    }
    Some((all, i))
}
