//! `sotay impact NUMBER`: every document, section and step that depends on a legal document,
//! directly or through the documents that guide or amend it — what staff must revise the day a
//! law changes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diagnostic::{closest, display_path};
use crate::model::LegalNumber;
use crate::resolve::citations::Place;
use crate::resolve::legal::{Relation, Target};
use crate::resolve::ResolvedManual;

/// The answer to "what depends on this law?".
#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    pub number: String,
    pub summary: String,
    pub status: &'static str,
    /// The documents that guide or amend it (transitively), whose citations count too.
    pub through: Vec<Through>,
    pub documents: Vec<ImpactedDocument>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Through {
    pub number: String,
    /// How it relates to the document asked about, e.g. "guides".
    pub relation: Relation,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImpactedDocument {
    pub code: Option<String>,
    pub title: String,
    pub kind: crate::model::Kind,
    pub file: String,
    pub revision: Option<u32>,
    pub citations: Vec<ImpactedPlace>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImpactedPlace {
    pub place: Place,
    pub place_name: String,
    pub provision: Option<String>,
    /// The legal document actually cited, when it is not the one asked about.
    pub via: Option<String>,
}

/// What depends on `number`, or why it cannot be told (not in the registry: with suggestions).
pub fn impact(resolved: &ResolvedManual, number: &LegalNumber) -> Result<Impact, crate::diagnostic::Text> {
    let Some(&start) = resolved.legal_by_key.get(&number.key()) else {
        let known: Vec<String> = resolved.manual.legal.iter().map(|e| e.doc.number.get_ref().to_string()).collect();
        return Err(match closest(&number.to_string(), known.iter().map(String::as_str)) {
            Some(best) => tr!(
                "{number} không có trong danh mục văn bản pháp luật (legal/*.toml); có phải ý bạn là {best}?",
                "{number} is not in the legal registry (legal/*.toml); did you mean {best}?"
            ),
            None => tr!(
                "{number} không có trong danh mục văn bản pháp luật (legal/*.toml)",
                "{number} is not in the legal registry (legal/*.toml)"
            ),
        });
    };
    let reached = dependents(resolved, start);
    let mut documents: BTreeMap<usize, Vec<ImpactedPlace>> = BTreeMap::new();
    for &entry in reached.keys() {
        let via = (entry != start).then(|| resolved.manual.legal[entry].doc.number.get_ref().to_string());
        for site in resolved.citations[entry].iter() {
            documents.entry(site.document).or_default().push(ImpactedPlace {
                place_name: site.place.name(resolved.manual.ui()),
                place: site.place.clone(),
                provision: site.provision.clone(),
                via: via.clone(),
            });
        }
    }
    let legal = &resolved.manual.legal[start].doc;
    Ok(Impact {
        number: legal.number.get_ref().to_string(),
        summary: legal.summary.clone(),
        status: legal.status.vietnamese(),
        through: reached
            .iter()
            .filter(|(&entry, _)| entry != start)
            .map(|(&entry, &relation)| Through {
                number: resolved.manual.legal[entry].doc.number.get_ref().to_string(),
                relation,
            })
            .collect(),
        documents: documents
            .into_iter()
            .map(|(i, mut citations)| {
                let doc = &resolved.manual.documents[i];
                citations.sort_by(|a, b| (&a.via, &a.place, &a.provision).cmp(&(&b.via, &b.place, &b.provision)));
                ImpactedDocument {
                    code: doc.code().map(str::to_owned),
                    title: doc.title().to_owned(),
                    kind: doc.kind,
                    file: display_path(&doc.file.path),
                    revision: doc.meta.revision.as_ref().map(|r| *r.get_ref()),
                    citations,
                }
            })
            .collect(),
    })
}

/// The entry and every entry that guides or amends it, directly or through another, with the
/// relation that brought each in.
fn dependents(resolved: &ResolvedManual, start: usize) -> BTreeMap<usize, Relation> {
    let mut reached = BTreeMap::from([(start, Relation::BasedOn)]);
    let mut queue = vec![start];
    let mut seen = BTreeSet::from([start]);
    while let Some(entry) = queue.pop() {
        for edge in &resolved.legal_edges[entry] {
            let (Target::Entry(other), Relation::GuidedBy | Relation::AmendedBy) = (&edge.target, edge.relation) else {
                continue;
            };
            if seen.insert(*other) {
                reached.insert(*other, edge.relation.inverse());
                queue.push(*other);
            }
        }
    }
    reached
}

/// The report as text for a terminal.
pub fn to_text(impact: &Impact) -> String {
    let mut out = format!("{} – {} ({})\n", impact.number, impact.summary, impact.status);
    for t in &impact.through {
        out.push_str(&format!("  through {} ({} it)\n", t.number, relation_word(t.relation)));
    }
    if impact.documents.is_empty() {
        out.push_str("No document of the manual depends on it.\n");
        return out;
    }
    out.push_str(&format!("{} documents depend on it:\n", impact.documents.len()));
    for doc in &impact.documents {
        let code = doc.code.as_deref().unwrap_or("");
        let revision = doc.revision.map(|r| format!(", revision {r}")).unwrap_or_default();
        let code = if code.is_empty() { String::new() } else { format!("{code} ") };
        out.push_str(&format!("\n{code}{} ({}{revision})\n", doc.title, doc.file));
        for c in &doc.citations {
            let provision = c.provision.as_deref().map(|p| format!(" – {p}")).unwrap_or_default();
            let via = c.via.as_deref().map(|v| format!(" (via {v})")).unwrap_or_default();
            out.push_str(&format!("  {}{provision}{via}\n", c.place_name));
        }
    }
    out
}

fn relation_word(relation: Relation) -> &'static str {
    match relation {
        Relation::Guides => "guides",
        Relation::Amends => "amends",
        _ => "relates to",
    }
}
