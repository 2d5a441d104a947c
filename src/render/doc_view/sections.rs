//! Section numbers on a document's page. A procedure's page shows the standard sections of
//! DOMAIN.md §3 (5.2 Thành phần hồ sơ … 5.7 Quy trình xử lý công việc, 6 Biểu mẫu, 7 Hồ sơ cần
//! lưu) from its front matter, numbered the way the body numbers "Nội dung quy trình", so that
//! an amendment row's "Mục 5.4; Mục 5.6" links to the part of the page it changed.

use crate::model::document::Amendment;
use crate::render::views::{AmendmentPlace, ProcedureView, SectionNumbers};

/// A heading of the rendered body whose text starts with a number: "5.1" and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberedHeading {
    pub number: String,
    pub id: String,
    pub text: String,
}

/// The headings of `body_html` that start with a section number ("### 5.1 Cơ sở pháp lý").
pub fn numbered_headings(body_html: &str) -> Vec<NumberedHeading> {
    let mut found = Vec::new();
    for piece in body_html.split("<h").skip(1) {
        if !piece.starts_with(|c: char| ('1'..='6').contains(&c)) {
            continue;
        }
        let Some(rest) = piece[1..].strip_prefix(" id=\"") else { continue };
        let Some((id, rest)) = rest.split_once('"') else { continue };
        let Some((_, rest)) = rest.split_once('>') else { continue };
        let text: String = strip_tags(rest.split("</h").next().unwrap_or_default());
        let number = leading_number(&text);
        if !number.is_empty() {
            found.push(NumberedHeading { number, id: id.to_owned(), text });
        }
    }
    found
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// "5.1 Cơ sở pháp lý" → "5.1"; "5. Nội dung" → "5"; "Mục đích" → "".
fn leading_number(text: &str) -> String {
    let number: String = text.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let number = number.trim_end_matches('.');
    if number.split('.').all(|part| !part.is_empty()) {
        number.to_owned()
    } else {
        String::new()
    }
}

/// The standard sections' numbers: after the body's "N. Nội dung quy trình" (5 when the body
/// does not number it), N.2 … N.7, then N+1 and N+2.
pub fn standard_numbers(headings: &[NumberedHeading]) -> SectionNumbers {
    let content = headings
        .iter()
        .find(|h| !h.number.contains('.') && h.text.to_lowercase().contains("nội dung quy trình"))
        .and_then(|h| h.number.parse::<u32>().ok())
        .unwrap_or(5);
    let sub = |n: u32| format!("{content}.{n}");
    SectionNumbers {
        dossier: sub(2),
        count: sub(3),
        time: sub(4),
        place: sub(5),
        fee: sub(6),
        flow: sub(7),
        forms: (content + 1).to_string(),
        records: (content + 2).to_string(),
    }
}

/// The anchor of a standard section: "5.4" → "muc-5-4".
pub fn anchor(number: &str) -> String {
    format!("muc-{}", number.replace('.', "-"))
}

/// The section numbers a procedure's page shows from its front matter, with their anchors.
pub fn standard_anchors(p: &ProcedureView) -> Vec<(String, String)> {
    let s = &p.sections;
    let shown = [
        (&s.dossier, !p.dossier.is_empty()),
        (&s.count, p.dossier_count.is_some()),
        (&s.time, !p.methods.is_empty()),
        (&s.place, p.where_to_submit.is_some() || !p.submit_at.is_empty()),
        (&s.fee, !p.methods.is_empty()),
        (&s.flow, !p.steps.is_empty()),
        (&s.forms, true),
        (&s.records, !p.records.is_empty()),
    ];
    shown.into_iter().filter(|(_, on)| *on).map(|(n, _)| (n.clone(), anchor(n))).collect()
}

/// Every amendment row's "where", its section numbers linked: the standard sections first,
/// then the body's numbered headings.
pub fn amendment_places(amendments: &[Amendment], anchors: &[(String, String)]) -> Vec<AmendmentPlace> {
    amendments
        .iter()
        .map(|a| AmendmentPlace {
            revision: a.revision,
            section: a.section.clone(),
            html: link_places(&a.section, anchors),
        })
        .collect()
}

/// `text`, HTML-escaped, with each section number that has an anchor linked: a number with a
/// dot ("5.4"), or a whole number right after "Mục" ("Mục 3"). "bước 3" stays text.
pub fn link_places(text: &str, anchors: &[(String, String)]) -> String {
    let mut html = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(start);
        let number = leading_number(from);
        let taken = from.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count().max(1);
        let after_muc = before.trim_end().to_lowercase().ends_with("mục");
        let glued = before.ends_with(|c: char| c.is_alphanumeric());
        let target = (!glued && (number.contains('.') || after_muc))
            .then(|| anchors.iter().find(|(n, _)| *n == number))
            .flatten();
        html.push_str(&escape(before));
        match target {
            Some((n, id)) => {
                html.push_str(&format!("<a href=\"#{}\">{}</a>", escape(id), escape(n)));
                html.push_str(&escape(&from[n.len()..taken]));
            }
            None => html.push_str(&escape(&from[..taken])),
        }
        rest = &from[taken..];
    }
    html.push_str(&escape(rest));
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A CSS string literal of `text`, safe inside a `style` attribute (which Tera escapes again).
pub fn css_string(text: &str) -> String {
    let mut css = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                css.push('\\');
                css.push(c);
            }
            c if c.is_control() => css.push(' '),
            c => css.push(c),
        }
    }
    css.push('"');
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors() -> Vec<(String, String)> {
        ["5.1", "5.4", "5.6", "5.7", "3"].iter().map(|n| (n.to_string(), anchor(n))).collect()
    }

    #[test]
    fn numbers_with_a_dot_and_after_muc_are_linked_steps_are_not() {
        let html = link_places("Mục 5.4; Mục 5.6; Mục 5.7 (bước 3, 4, 5)", &anchors());
        assert_eq!(
            html,
            "Mục <a href=\"#muc-5-4\">5.4</a>; Mục <a href=\"#muc-5-6\">5.6</a>; \
             Mục <a href=\"#muc-5-7\">5.7</a> (bước 3, 4, 5)"
        );
        assert_eq!(link_places("Mục 3; 5.4", &anchors()), "Mục <a href=\"#muc-3\">3</a>; <a href=\"#muc-5-4\">5.4</a>");
    }

    #[test]
    fn a_number_without_an_anchor_and_markup_stay_text() {
        assert_eq!(link_places("Mục 5.9 <b>", &anchors()), "Mục 5.9 &lt;b&gt;");
        assert_eq!(link_places("Toàn bộ tài liệu", &anchors()), "Toàn bộ tài liệu");
        assert_eq!(link_places("QT5.4", &anchors()), "QT5.4", "a number glued to a word is not a section");
    }

    #[test]
    fn standard_sections_follow_the_bodys_numbering() {
        let body = "<h2 id=\"1-muc-dich\">1. Mục đích</h2><h2 id=\"4-noi-dung-quy-trinh\">4. Nội dung quy trình</h2>\
                    <h3 id=\"4-1-co-so\">4.1 Cơ sở</h3><h2 id=\"x\">Lưu ý</h2>";
        let headings = numbered_headings(body);
        let numbers: Vec<&str> = headings.iter().map(|h| h.number.as_str()).collect();
        assert_eq!(numbers, ["1", "4", "4.1"]);
        assert_eq!(headings[2].id, "4-1-co-so");
        let s = standard_numbers(&headings);
        assert_eq!(
            (s.dossier.as_str(), s.flow.as_str(), s.forms.as_str(), s.records.as_str()),
            ("4.2", "4.7", "5", "6")
        );
        assert_eq!(standard_numbers(&[]).time, "5.4", "5 when the body does not say");
    }

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("QT-07 · Lần 3"), "\"QT-07 · Lần 3\"");
        assert_eq!(css_string("a\"b\\c\nd"), "\"a\\\"b\\\\c d\"");
    }
}
