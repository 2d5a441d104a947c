//! The index's files: for each folded token the documents holding it (its postings: the document,
//! the token as written there, the weight of the best field it is in, its positions), and the
//! documents themselves, as shown in a result and for snippets.
//!
//! A small site gets one file, `tim-kiem/index.js`, with both. A large one (more than
//! [`INLINE_BYTES`] of JSON) gets a manifest in `index.js` and parts the page loads as a query
//! needs them: term shards (`t<i>.js`, tokens in order, the manifest lists each shard's first),
//! document chunks (`d<i>.js`, [`DOCS_PER_CHUNK`] documents each) and the vocabulary for "did
//! you mean" (`v.js`). Every file is a script, so search works from `file://` too.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
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

/// One document's postings: per (folded, exact) token, the weight of the best field it is in and
/// its first positions.
type DocPostings = HashMap<(String, String), (u32, Vec<u32>)>;

/// Documents tokenised together on every core before their postings join the index: bounds the
/// memory held by tokens not yet merged.
const DOCS_PER_BATCH: usize = 256;

fn doc_postings(doc: &SearchDoc) -> DocPostings {
    let mut found = DocPostings::new();
    let mut first = 0;
    for (field, text) in &doc.x {
        let weight = field.weight() * doc.w;
        let tokens = tokens(text, first);
        first = tokens.last().map_or(first, |t| t.position + 2);
        for token in tokens {
            let entry = found.entry((token.folded, token.exact)).or_insert((0, Vec::new()));
            entry.0 = entry.0.max(weight);
            if entry.1.len() < MAX_POSITIONS && entry.1.last() != Some(&token.position) {
                entry.1.push(token.position);
            }
        }
    }
    found
}

/// The postings of every folded token, in UTF-16 order as JavaScript compares strings, each as
/// its JSON text. A token's postings are `[exact, flat, exact, flat, …]`: per way it is written, a
/// flat list of numbers, per document `doc − previous doc, weight, count, position − previous
/// position…` (small numbers that compress well, read without building an object per document).
fn postings(docs: &[SearchDoc]) -> Vec<(String, String)> {
    type ByDoc = Vec<(u32, u32, Vec<u32>)>;
    let mut terms: HashMap<String, BTreeMap<String, ByDoc>> = HashMap::new();
    for (batch, chunk) in docs.chunks(DOCS_PER_BATCH).enumerate() {
        let found: Vec<DocPostings> = chunk.par_iter().map(doc_postings).collect();
        for (offset, postings) in found.into_iter().enumerate() {
            let number = u32::try_from(batch * DOCS_PER_BATCH + offset).unwrap_or(u32::MAX);
            for ((folded, exact), (weight, positions)) in postings {
                terms.entry(folded).or_default().entry(exact).or_default().push((number, weight, positions));
            }
        }
    }
    let mut out: Vec<(String, String)> = terms
        .into_par_iter()
        .map(|(term, written)| {
            let mut json = String::from("[");
            for (i, (exact, by_doc)) in written.into_iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                // Documents were pushed in their order: `by_doc` is sorted already.
                json.push_str(&serde_json::to_string(&exact).unwrap_or_default());
                json.push(',');
                push_flat(&mut json, &by_doc);
            }
            json.push(']');
            (term, json)
        })
        .collect();
    out.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    out
}

/// One way of writing a token, in its documents, as the flat JSON list `postings` describes.
fn push_flat(json: &mut String, by_doc: &[(u32, u32, Vec<u32>)]) {
    use std::fmt::Write;
    json.push('[');
    let mut previous = 0;
    let mut first = true;
    let mut number = |json: &mut String, n: u32| {
        if !std::mem::take(&mut first) {
            json.push(',');
        }
        let _ = write!(json, "{n}");
    };
    for (doc, weight, positions) in by_doc {
        number(json, doc - previous);
        number(json, *weight);
        number(json, positions.len() as u32);
        previous = *doc;
        let mut last = 0;
        for &p in positions {
            number(json, p.saturating_sub(last));
            last = p;
        }
    }
    json.push(']');
}

/// `{"terms":{…}}`'s object: the terms' JSON in key order, as serde_json writes a map.
fn terms_object(terms: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = terms.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut json = String::with_capacity(terms.iter().map(|(t, v)| t.len() + v.len() + 4).sum::<usize>() + 2);
    json.push('{');
    for (i, (term, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(term).unwrap_or_default());
        json.push(':');
        json.push_str(value);
    }
    json.push('}');
    json
}

/// Documents as a JSON array, each written as serde_json writes it as a value (keys in order).
fn docs_array(docs: &[SearchDoc]) -> String {
    let each: Vec<String> =
        docs.par_iter().map(|doc| serde_json::to_value(doc).map(|v| v.to_string()).unwrap_or_default()).collect();
    format!("[{}]", each.join(","))
}

/// `text` as a script that sets `target` (JSON made safe inside a script element).
fn script(target: &str, json: &str) -> Vec<u8> {
    format!("{target} = {};\n", crate::render::structured::script_safe(json)).into_bytes()
}

/// What a part's script sets: it files itself under `name` for the page that loads it.
fn part_target(name: &str) -> String {
    format!("(window.SOTAY_SEARCH_PARTS = window.SOTAY_SEARCH_PARTS || {{}})[\"{name}\"]")
}

fn part(name: &str, json: &str) -> Vec<u8> {
    script(&part_target(name), json)
}

/// The prefix of `index.js` before its JSON.
pub const PREFIX: &str = "window.SOTAY_SEARCH_INDEX = ";

/// The index files for `docs`, by path under the site's root; `folder` is `tim-kiem/`.
pub fn files(docs: &[SearchDoc], folder: &str) -> Vec<(String, Vec<u8>)> {
    let terms = postings(docs);
    let index_target = PREFIX.trim_end_matches(" = ");
    let terms_size: usize = terms.iter().map(|(t, v)| t.len() + v.len()).sum();
    if terms_size <= INLINE_BYTES {
        let inline =
            format!("{{\"docs\":{},\"terms\":{},\"version\":{VERSION}}}", docs_array(docs), terms_object(&terms));
        if inline.len() <= INLINE_BYTES {
            return vec![(format!("{folder}index.js"), script(index_target, &inline))];
        }
    }
    let mut out = Vec::new();
    let mut shards = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < terms.len() && (end == start || bytes < SHARD_BYTES) {
            bytes += terms[end].0.len() + terms[end].1.len();
            end += 1;
        }
        let name = format!("t{}", shards.len());
        let json = format!("{{\"terms\":{}}}", terms_object(&terms[start..end]));
        out.push((format!("{folder}{name}.js"), part(&name, &json)));
        shards.push(terms[start].0.clone());
        start = end;
    }
    let chunks: Vec<(String, Vec<u8>)> = docs
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(i, chunk)| {
            let name = format!("d{i}");
            (format!("{folder}{name}.js"), part(&name, &format!("{{\"docs\":{}}}", docs_array(chunk))))
        })
        .collect();
    out.extend(chunks);
    let vocabulary: Vec<&str> = terms
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| t.chars().count() >= 3 && t.chars().all(char::is_alphabetic))
        .collect();
    out.push((format!("{folder}v.js"), part("v", &json!({ "vocab": vocabulary }).to_string())));
    let manifest = json!({ "version": VERSION, "n": docs.len(), "chunk": DOCS_PER_CHUNK, "shards": shards });
    out.push((format!("{folder}index.js"), script(index_target, &manifest.to_string())));
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
        let terms: BTreeMap<String, Value> =
            postings(&docs).into_iter().map(|(t, json)| (t, serde_json::from_str(&json).expect("JSON"))).collect();
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
