//! The index's files: for each folded token the documents holding it (its postings: the document,
//! the token as written there, the weight of the best field it is in, its positions), and the
//! documents themselves, as shown in a result and for snippets.
//!
//! A small site gets one file, `tim-kiem/index.js`, with both. A large one (more than
//! [`INLINE_BYTES`] of JSON) gets a manifest in `index.js` and parts the page loads as a query
//! needs them: term shards (`t<i>.js`, tokens in order, the manifest lists each shard's first),
//! document chunks (`d<i>.js`, [`DOCS_PER_CHUNK`] documents each) and the vocabulary for "did
//! you mean" (`v.js`). Every file is a script, so search works from `file://` too.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::docs::SearchDoc;
use super::tokens::tokens;

/// The JSON size up to which the whole index is one file.
pub const INLINE_BYTES: usize = 200 * 1024;
/// Documents per document chunk.
pub const DOCS_PER_CHUNK: usize = 32;
/// About how much JSON one term shard holds.
const SHARD_BYTES: usize = 40 * 1024;
/// Positions kept per token and document: enough to find words side by side.
const MAX_POSITIONS: usize = 8;
/// The index format; `search.js` refuses others.
pub const VERSION: u32 = 2;

/// The postings of every folded token, in UTF-16 order as JavaScript compares strings. A token's
/// postings are `[exact, flat, exact, flat, …]`: per way it is written, a flat list of numbers, per
/// document `doc − previous doc, weight, count, position − previous position…` (small numbers
/// that compress well, read without building an object per document).
fn postings(docs: &[SearchDoc]) -> Vec<(String, Value)> {
    type Found = BTreeMap<String, BTreeMap<u32, (u32, Vec<u32>)>>;
    let mut terms: BTreeMap<String, Found> = BTreeMap::new();
    for (number, doc) in (0u32..).zip(docs) {
        let mut first = 0;
        for (field, text) in &doc.x {
            let weight = field.weight() * doc.w;
            let found = tokens(text, first);
            first = found.last().map_or(first, |t| t.position + 2);
            for token in found {
                let by_doc = terms.entry(token.folded).or_default().entry(token.exact).or_default();
                let entry = by_doc.entry(number).or_insert((0, Vec::new()));
                entry.0 = entry.0.max(weight);
                if entry.1.len() < MAX_POSITIONS && entry.1.last() != Some(&token.position) {
                    entry.1.push(token.position);
                }
            }
        }
    }
    let mut out: Vec<(String, Value)> = terms
        .into_iter()
        .map(|(term, written)| {
            let mut list = Vec::with_capacity(written.len() * 2);
            for (exact, by_doc) in written {
                list.push(Value::String(exact));
                list.push(Value::Array(flat(&by_doc).into_iter().map(Value::from).collect()));
            }
            (term, Value::Array(list))
        })
        .collect();
    out.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    out
}

/// One way of writing a token, in its documents, as the flat list `postings` describes.
fn flat(by_doc: &BTreeMap<u32, (u32, Vec<u32>)>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut previous = 0;
    for (&doc, (weight, positions)) in by_doc {
        out.extend([doc - previous, *weight, positions.len() as u32]);
        previous = doc;
        let mut last = 0;
        for &p in positions {
            out.push(p.saturating_sub(last));
            last = p;
        }
    }
    out
}

/// `text` as a script that sets `target` (JSON made safe inside a script element).
fn script(target: &str, value: &Value) -> Vec<u8> {
    let json = serde_json::to_string(value).expect("the index serialises");
    format!("{target} = {};\n", crate::render::structured::script_safe(&json)).into_bytes()
}

/// What a part's script sets: it files itself under `name` for the page that loads it.
fn part_target(name: &str) -> String {
    format!("(window.SOTAY_SEARCH_PARTS = window.SOTAY_SEARCH_PARTS || {{}})[\"{name}\"]")
}

fn part(name: &str, value: &Value) -> Vec<u8> {
    script(&part_target(name), value)
}

/// The prefix of `index.js` before its JSON.
pub const PREFIX: &str = "window.SOTAY_SEARCH_INDEX = ";

/// The index files for `docs`, by path under the site's root; `folder` is `tim-kiem/`.
pub fn files(docs: &[SearchDoc], folder: &str) -> Vec<(String, Vec<u8>)> {
    let terms = postings(docs);
    let docs_json = serde_json::to_value(docs).expect("documents serialise");
    let terms_json = |terms: &[(String, Value)]| Value::Object(terms.iter().cloned().collect());
    let inline = json!({ "version": VERSION, "docs": docs_json, "terms": terms_json(&terms) });
    let size = serde_json::to_string(&inline).map_or(usize::MAX, |s| s.len());
    if size <= INLINE_BYTES {
        return vec![(format!("{folder}index.js"), script(PREFIX.trim_end_matches(" = "), &inline))];
    }
    let mut out = Vec::new();
    let mut shards = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < terms.len() && (end == start || bytes < SHARD_BYTES) {
            bytes += terms[end].0.len() + terms[end].1.to_string().len();
            end += 1;
        }
        let name = format!("t{}", shards.len());
        out.push((format!("{folder}{name}.js"), part(&name, &json!({ "terms": terms_json(&terms[start..end]) }))));
        shards.push(terms[start].0.clone());
        start = end;
    }
    for (i, chunk) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let name = format!("d{i}");
        out.push((format!("{folder}{name}.js"), part(&name, &json!({ "docs": chunk }))));
    }
    let vocabulary: Vec<&str> = terms
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| t.chars().count() >= 3 && t.chars().all(char::is_alphabetic))
        .collect();
    out.push((format!("{folder}v.js"), part("v", &json!({ "vocab": vocabulary }))));
    let manifest = json!({ "version": VERSION, "n": docs.len(), "chunk": DOCS_PER_CHUNK, "shards": shards });
    out.push((format!("{folder}index.js"), script(PREFIX.trim_end_matches(" = "), &manifest)));
    out.sort();
    out
}

/// The documents of an index read back from its files (`file` gives one by its path under
/// `folder`), for the portal, which merges agencies' indexes. `None` when they cannot be read.
pub fn read_docs(folder: &str, file: impl Fn(&str) -> Option<Vec<u8>>) -> Option<Vec<SearchDoc>> {
    let manifest = json_of(&file(&format!("{folder}index.js"))?, PREFIX.trim_end_matches(" = "))?;
    if manifest.get("version")?.as_u64()? != u64::from(VERSION) {
        return None;
    }
    if let Some(docs) = manifest.get("docs") {
        return serde_json::from_value(docs.clone()).ok();
    }
    let count = usize::try_from(manifest.get("n")?.as_u64()?).ok()?;
    let mut docs = Vec::with_capacity(count);
    for i in 0..count.div_ceil(DOCS_PER_CHUNK) {
        let chunk = json_of(&file(&format!("{folder}d{i}.js"))?, &part_target(&format!("d{i}")))?;
        docs.extend(serde_json::from_value::<Vec<SearchDoc>>(chunk.get("docs")?.clone()).ok()?);
    }
    Some(docs)
}

/// The JSON of one of the index's scripts, which sets `target`.
fn json_of(bytes: &[u8], target: &str) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let json = text.strip_prefix(target)?.strip_prefix(" = ")?;
    serde_json::from_str(json.trim_end().strip_suffix(';')?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::docs::Field;

    fn doc(code: &str, title: &str) -> SearchDoc {
        SearchDoc {
            u: format!("quy-trinh/{code}/"),
            k: "Quy trình".into(),
            c: Some(code.into()),
            t: title.into(),
            g: None,
            a: None,
            p: None,
            w: 10,
            x: vec![(Field::Title, title.into()), (Field::Code, code.into())],
        }
    }

    #[test]
    fn postings_are_flat_delta_coded_and_grouped_by_how_a_word_is_written() {
        let docs = [doc("QT-01", "Bán hàng"), doc("QT-02", "Bàn hàng bán lẻ")];
        let terms: BTreeMap<String, Value> = postings(&docs).into_iter().collect();
        // "bán" in QT-01 (doc 0, title weight 100, at 0) and QT-02 (doc 1, at 2); "bàn" in QT-02.
        assert_eq!(terms["ban"], json!(["bàn", [1, 100, 1, 0], "bán", [0, 100, 1, 0, 1, 100, 1, 2]]));
        // The code is the next text: after "bán hàng" (0, 1) and a gap, so never beside the title.
        assert_eq!(terms["qt01"], json!(["", [0, 100, 1, 3]]), "the code's pieces run together");
    }

    #[test]
    fn a_small_index_is_one_file_that_reads_back() {
        let docs = vec![doc("QT-01", "Cấp giấy phép"), doc("QT-02", "Gia hạn giấy phép")];
        let files = files(&docs, "tim-kiem/");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "tim-kiem/index.js");
        let text = String::from_utf8(files[0].1.clone()).expect("UTF-8");
        assert!(text.starts_with(PREFIX) && text.ends_with(";\n"), "{text}");
        let back = read_docs("tim-kiem/", |p| (p == "tim-kiem/index.js").then(|| files[0].1.clone()));
        assert_eq!(back, Some(docs));
    }

    #[test]
    fn an_unreadable_or_foreign_index_reads_as_none() {
        assert_eq!(
            read_docs("tim-kiem/", |_| Some(b"window.SOTAY_SEARCH_INDEX = {\"version\":1,\"docs\":[]};\n".to_vec())),
            None
        );
        assert_eq!(read_docs("tim-kiem/", |_| Some(b"not a script".to_vec())), None);
        assert_eq!(read_docs("tim-kiem/", |_| None), None);
    }
}
