//! Section 5.4, the time limit (*thời gian xử lý*): "10 ngày làm việc kể từ …" for one method, or
//! one limit per method ("Trực tiếp: 10 ngày làm việc; Trực tuyến: 8 ngày làm việc"), read into
//! `[[procedure.methods]]` rows. A part that is not a time limit is left for the body.

use super::report::Notes;
use super::values::fold;
use super::Procedure;
use crate::model::time_limit::TimeLimit;

/// Method labels, folded, and the kind each names.
const LABELS: &[(&str, &str)] = &[
    ("truc tiep", "in-person"),
    ("truc tuyen", "online"),
    ("qua mang", "online"),
    ("qua dich vu buu chinh", "post"),
    ("dich vu buu chinh", "post"),
    ("buu chinh", "post"),
    ("qua buu dien", "post"),
];

/// A part's method kind, when it starts with a label, and the text after the label.
fn labelled(part: &str) -> (Option<&'static str>, &str) {
    let folded = fold(part);
    for (label, kind) in LABELS {
        if folded.starts_with(label) {
            // Folding keeps one character per character: skip as many in the original.
            let skip = part.char_indices().nth(label.chars().count()).map_or(part.len(), |(i, _)| i);
            let rest = part[skip..].trim_start_matches([' ', ':', '-', '–']).trim();
            return (Some(kind), rest);
        }
    }
    (None, part)
}

/// Fills `procedure.methods` from the section's text; false when some of it could not be read
/// (it is then kept in the body, and named in the report).
pub fn read(text: &str, procedure: &mut Procedure, notes: &mut Notes) -> bool {
    let mut all_read = true;
    for part in text.split(';').map(|p| p.trim().trim_end_matches('.')).filter(|p| !p.is_empty()) {
        let (kind, limit) = labelled(part);
        let kind_given = kind.is_some();
        let kind = kind.unwrap_or("in-person");
        let taken = procedure.methods.iter().any(|(k, _)| *k == kind);
        if taken || TimeLimit::try_from(limit.to_owned()).is_err() {
            notes.review(tr!(
                "thời gian xử lý \"{part}\" chưa đọc được thành thời hạn của một cách nộp; giữ trong bài",
                "the processing time \"{part}\" could not be read as a method's time limit; kept in the body"
            ));
            all_read = false;
            continue;
        }
        if !kind_given {
            notes.guess(tr!(
                "cách thức nộp hồ sơ không ghi rõ; thời hạn được ghi cho cách nộp trực tiếp (in-person)",
                "the way of submitting is not stated; the time limit is written for in-person submission"
            ));
        }
        notes.field(&format!("procedure.methods ({kind}).time_limit"), limit);
        procedure.methods.push((kind, limit.to_owned()));
    }
    all_read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_limit_per_labelled_method() {
        let mut procedure = Procedure::default();
        let text = "Trực tiếp: 10 ngày làm việc; Trực tuyến: 8 ngày làm việc; Qua dịch vụ bưu chính - 10 ngày làm việc";
        let mut notes = Notes::default();
        assert!(read(text, &mut procedure, &mut notes), "{notes:?}");
        let methods: Vec<(&str, &str)> = procedure.methods.iter().map(|(k, l)| (*k, l.as_str())).collect();
        assert_eq!(
            methods,
            [("in-person", "10 ngày làm việc"), ("online", "8 ngày làm việc"), ("post", "10 ngày làm việc")]
        );
        assert!(notes.guesses.is_empty(), "labelled methods are not guesses");
    }

    #[test]
    fn an_unlabelled_limit_is_in_person_and_prose_stays() {
        let mut procedure = Procedure::default();
        let mut notes = Notes::default();
        let text = "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp phải xác minh thì kéo dài thêm";
        assert!(!read(text, &mut procedure, &mut notes));
        assert_eq!(procedure.methods, [("in-person", "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ".to_owned())]);
        assert!(notes.review[0].contains("trường hợp phải xác minh"));
    }
}
