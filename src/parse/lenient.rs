//! Reading TOML that has mistakes without stopping at the first one. Serde stops at the first
//! wrong field; a secretary with five mistakes in a file would need five runs. So when a file
//! does not deserialise, it is read again as spanned TOML, and each time serde refuses a value,
//! that value (the deepest key, array item or table holding the error's position) is recorded
//! and taken out, and the rest is read again — until it reads, or nothing more can be taken out
//! (a required field is missing). Every problem is found in one run; the value, when it reads,
//! lets the rest of the manual be checked against this file too.
//!
//! Each round takes out at least one value, so the rounds are bounded by the file's values; at
//! most [`CAP`] problems are kept.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};
use toml::Spanned;

/// At most this many problems are reported for one file; the rest are counted.
pub const CAP: usize = 50;

/// One thing serde or the TOML parser refused, with the keys leading to it (`["procedure",
/// "steps", "time"]`) so its message can name the field as the user wrote it.
#[derive(Debug)]
pub struct Problem {
    pub error: toml::de::Error,
    pub keys: Vec<String>,
}

/// What was read of a file: its value when the rest reads without the refused parts, and
/// every problem (at most [`CAP`], then `more` counts the others).
#[derive(Debug)]
pub struct Reading<T> {
    pub value: Option<T>,
    pub problems: Vec<Problem>,
    /// Problems found beyond [`CAP`].
    pub more: usize,
    /// Whether the text is not TOML at all (no value was attempted).
    pub syntax: bool,
    /// The keys taken out, as dotted paths from the top (`revision`, `procedure.methods.fee`;
    /// an item of a list is its list's path): the value, when there is one, lacks them.
    pub removed: BTreeSet<String>,
}

/// Reads `text` as a `T`, collecting every problem. A file without problems is read once, the
/// quick way; only a file with problems is read again value by value.
pub fn read<T: DeserializeOwned>(text: &str) -> Reading<T> {
    if let Ok(value) = toml::from_str::<T>(text) {
        return Reading { value: Some(value), problems: Vec::new(), more: 0, syntax: false, removed: BTreeSet::new() };
    }
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    // After a syntax error the parser's recovery guesses, and its later errors are often that
    // guess's (a table header without its `]` makes every key below it a duplicate): only the
    // first is reported, and the file is not read.
    if let Some(error) = syntax_errors.into_iter().next() {
        let problems = vec![Problem { error, keys: Vec::new() }];
        return Reading { value: None, problems, more: 0, syntax: true, removed: BTreeSet::new() };
    }
    recover(root)
}

/// Reads `root` again and again, taking out what serde refused each time.
fn recover<T: DeserializeOwned>(mut root: Spanned<DeTable<'_>>) -> Reading<T> {
    let mut problems = Vec::new();
    let mut more = 0;
    let mut removed = BTreeSet::new();
    // (the table's span, the key) of each key taken out: serde then misses a required one, which
    // is the same problem again.
    let mut taken: Vec<(Range<usize>, String)> = Vec::new();
    loop {
        let error = match T::deserialize(Deserializer::from(root.clone())) {
            Ok(value) => return Reading { value: Some(value), problems, more, syntax: false, removed },
            Err(error) => error,
        };
        let Some(span) = error.span() else {
            problems.push(Problem { error, keys: Vec::new() });
            break;
        };
        // A required key taken out, or misspelt (`titel` for `title`), is missed again: the same
        // problem, already reported.
        let missing = crate::toml_error::missing_field(error.message());
        let repeat = missing.is_some_and(|key| {
            taken.iter().any(|(s, k)| *s == span && (k == key || crate::diagnostic::closest(k, [key]).is_some()))
        });
        // A missing key is the fault of the table that lacks it: that table, exactly, is taken
        // out (none at the top: then nothing more can be read).
        let to = Target { span: span.clone(), exact: missing.is_some() };
        let root_span = root.span();
        let cut = cut_in_table(root.get_mut(), root_span, &to);
        if !repeat {
            let keys = cut.as_ref().map(|c| c.keys.clone()).unwrap_or_default();
            if problems.len() < CAP {
                problems.push(Problem { error, keys });
            } else {
                more += 1;
            }
        }
        match cut {
            Some(cut) => {
                if !cut.keys.is_empty() {
                    removed.insert(cut.keys.join("."));
                }
                taken.push((cut.parent, cut.key));
            }
            None => break,
        }
    }
    Reading { value: None, problems, more, syntax: false, removed }
}

/// What was taken out: the key (empty for an array item), the span of the table or array it
/// was in, and the keys from the top down to it.
struct Cut {
    parent: Range<usize>,
    key: String,
    keys: Vec<String>,
}

/// What to take out: the deepest part holding `span`, or with `exact` the table at `span`.
struct Target {
    span: Range<usize>,
    exact: bool,
}

impl Target {
    fn in_key(&self, key: &Range<usize>) -> bool {
        !self.exact && contains(key, &self.span)
    }

    fn in_value(&self, value: &Range<usize>) -> bool {
        match self.exact {
            true => *value == self.span,
            false => contains(value, &self.span),
        }
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Takes out of `table` the deepest key or value holding `span`.
fn cut_in_table(table: &mut DeTable<'_>, own: Range<usize>, to: &Target) -> Option<Cut> {
    let keys: Vec<Spanned<toml::de::DeString<'_>>> = table.iter().map(|(k, _)| k.clone()).collect();
    for key in keys {
        let name = key.get_ref().to_string();
        let whole = || Cut { parent: own.clone(), key: name.clone(), keys: vec![name.clone()] };
        if to.in_key(&key.span()) {
            table.remove(&key);
            return Some(whole());
        }
        let Some(value) = table.get_mut(&key) else { continue };
        let value_span = value.span();
        if let Some(mut cut) = cut_in_value(value.get_mut(), value_span.clone(), to) {
            cut.keys.insert(0, name.clone());
            return Some(cut);
        }
        if to.in_value(&value_span) {
            table.remove(&key);
            return Some(whole());
        }
    }
    None
}

/// Takes out of a table or array the deepest part holding `span`.
fn cut_in_value(value: &mut DeValue<'_>, own: Range<usize>, to: &Target) -> Option<Cut> {
    let items = match value {
        DeValue::Table(table) => return cut_in_table(table, own, to),
        DeValue::Array(items) => items,
        _ => return None,
    };
    let mut hit = None;
    for (i, item) in items.iter_mut().enumerate() {
        let item_span = item.span();
        if let Some(cut) = cut_in_value(item.get_mut(), item_span.clone(), to) {
            return Some(cut);
        }
        if to.in_value(&item_span) {
            hit = Some(i);
            break;
        }
    }
    let hit = hit?;
    let kept: DeArray<'_> = std::mem::replace(items, DeArray::new())
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != hit)
        .map(|(_, v)| v)
        .collect();
    *items = kept;
    Some(Cut { parent: own, key: String::new(), keys: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Row {
        name: String,
        count: Option<u32>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        revision: Option<u32>,
        weight: Option<i32>,
        #[serde(default)]
        rows: Vec<Row>,
    }

    fn lines(text: &str, reading: &Reading<Doc>) -> Vec<usize> {
        reading.problems.iter().map(|p| text[..p.error.span().unwrap().start].matches('\n').count() + 1).collect()
    }

    #[test]
    fn every_wrong_field_is_a_problem_and_the_rest_is_kept() {
        let text = "title = \"a\"\nrevision = \"ba\"\nweigth = 3\n[[rows]]\nname = \"x\"\ncount = \"hai\"\n[[rows]]\nname = \"y\"\n";
        let reading = read::<Doc>(text);
        assert_eq!(reading.problems.len(), 3, "{:?}", reading.problems);
        let mut at = lines(text, &reading);
        at.sort();
        assert_eq!(at, [2, 3, 6]);
        let doc = reading.value.expect("the rest reads");
        assert_eq!(doc.title, "a");
        assert_eq!(doc.revision, None);
        assert_eq!(doc.rows.len(), 2);
        let count = reading.problems.iter().find(|p| p.error.message().contains("hai")).unwrap();
        assert_eq!(count.keys, ["rows", "count"]);
    }

    #[test]
    fn a_wrong_required_field_is_reported_once_and_the_file_does_not_read() {
        let text = "title = 5\nrevision = \"x\"\n";
        let reading = read::<Doc>(text);
        assert_eq!(reading.problems.len(), 2, "{:?}", reading.problems);
        assert!(reading.value.is_none());
        assert!(!reading.problems.iter().any(|p| p.error.message().starts_with("missing field")));
    }

    #[test]
    fn a_wrong_required_field_in_an_item_drops_the_item() {
        let text = "title = \"a\"\n[[rows]]\nname = 1\n[[rows]]\nname = \"y\"\n";
        let reading = read::<Doc>(text);
        assert_eq!(reading.problems.len(), 1, "{:?}", reading.problems);
        assert_eq!(reading.value.unwrap().rows.len(), 1);
    }

    #[test]
    fn a_genuinely_missing_field_is_reported() {
        let reading = read::<Doc>("revision = 1\n");
        assert_eq!(reading.problems.len(), 1);
        assert_eq!(crate::toml_error::missing_field(reading.problems[0].error.message()), Some("title"));
    }

    #[test]
    fn a_syntax_error_is_reported_and_nothing_is_read() {
        let reading = read::<Doc>("title = \"a\"\nrevision = ba\nweight = 1 2\n");
        assert!(reading.syntax);
        assert!(reading.value.is_none());
        assert_eq!(reading.problems.len(), 1);
    }

    #[test]
    fn problems_beyond_the_cap_are_counted() {
        let text: String = (0..60).map(|i| format!("extra{i} = 1\n")).collect::<String>() + "title = \"a\"\n";
        let reading = read::<Doc>(&text);
        assert_eq!(reading.problems.len(), CAP);
        assert_eq!(reading.more, 10);
        assert!(reading.value.is_some());
    }
}
