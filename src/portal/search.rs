//! One search across every agency: the agencies' own search indexes (`tim-kiem/index.js`, see
//! `render::search`) merged into the portal's, each entry's page moved under its agency's slug
//! and marked with the agency (`a`: its name as readers know it, `p`: its slug), so the portal's
//! search page (`tim-kiem/`) uses the same script, folding and ranking as an agency's.

use serde_json::Value;

use super::agency::AgencyResult;
use crate::render::Output;

/// The prefix of an index script, before its JSON.
const PREFIX: &str = "window.SOTAY_SEARCH_INDEX = ";

/// The portal's `tim-kiem/index.js`; an agency whose index cannot be read is left out (its
/// pages are then reported as unreadable elsewhere).
pub fn index(results: &[AgencyResult]) -> Vec<u8> {
    let mut docs = Vec::new();
    for r in results {
        let Some(summary) = &r.summary else { continue };
        let name = summary.short_name.clone().unwrap_or_else(|| summary.name.clone());
        let path = format!("{}/{}", r.entry.slug, crate::render::search::INDEX_PATH);
        let Some(index) = r.files.iter().find(|(p, _)| *p == path).and_then(|(_, output)| parse(output)) else {
            continue;
        };
        for mut doc in index.get("docs").and_then(Value::as_array).cloned().unwrap_or_default() {
            let Some(entry) = doc.as_object_mut() else { continue };
            let page = entry.get("u").and_then(Value::as_str).unwrap_or_default();
            entry.insert("u".into(), Value::String(format!("{}/{page}", r.entry.slug)));
            entry.insert("a".into(), Value::String(name.clone()));
            entry.insert("p".into(), Value::String(r.entry.slug.clone()));
            docs.push(doc);
        }
    }
    let json = serde_json::to_string(&serde_json::json!({ "version": 1, "docs": docs })).expect("the index serialises");
    format!("{PREFIX}{};\n", crate::render::structured::script_safe(&json)).into_bytes()
}

fn parse(output: &Output) -> Option<Value> {
    let bytes = match output {
        Output::Bytes(bytes) => bytes.to_vec(),
        Output::Copy(path) => crate::read::read_published(path).ok()?,
        Output::Staged { .. } => return None,
    };
    let text = std::str::from_utf8(&bytes).ok()?;
    let json = text.strip_prefix(PREFIX)?.trim_end().strip_suffix(';')?;
    serde_json::from_str(json).ok()
}
