//! The legal registry as a graph: relations between legal documents completed in both
//! directions (A replaced by B implies B replaces A), contradictions reported, and the facts a
//! citing document needs — whether a law was in force on a given day, what replaced it, and
//! since when its status or relations changed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::legal::Relations;
use crate::model::{Date, LegalNumber, LegalStatus};
use crate::parse::{LegalEntry, Manual};

/// A directed relation between two legal documents (DOMAIN.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    Replaces,
    ReplacedBy,
    Amends,
    AmendedBy,
    Guides,
    GuidedBy,
    Repeals,
    RepealedBy,
    BasedOn,
    BasisOf,
}

impl Relation {
    pub fn inverse(self) -> Relation {
        use Relation::*;
        match self {
            Replaces => ReplacedBy,
            ReplacedBy => Replaces,
            Amends => AmendedBy,
            AmendedBy => Amends,
            Guides => GuidedBy,
            GuidedBy => Guides,
            Repeals => RepealedBy,
            RepealedBy => Repeals,
            BasedOn => BasisOf,
            BasisOf => BasedOn,
        }
    }

    pub fn vietnamese(self) -> &'static str {
        use Relation::*;
        match self {
            Replaces => "Thay thế",
            ReplacedBy => "Được thay thế bởi",
            Amends => "Sửa đổi, bổ sung",
            AmendedBy => "Được sửa đổi, bổ sung bởi",
            Guides => "Hướng dẫn",
            GuidedBy => "Được hướng dẫn bởi",
            Repeals => "Bãi bỏ",
            RepealedBy => "Bị bãi bỏ bởi",
            BasedOn => "Căn cứ",
            BasisOf => "Là căn cứ của",
        }
    }

    /// Whether this relation ends or changes the document it points from (it was replaced,
    /// amended or repealed), which makes citing documents suspect.
    pub fn changes_source(self) -> bool {
        matches!(self, Relation::ReplacedBy | Relation::AmendedBy | Relation::RepealedBy)
    }
}

/// The relations as written in one registry entry.
pub(super) fn written(relations: &Relations) -> [(Relation, &Vec<Spanned<LegalNumber>>); 9] {
    [
        (Relation::Replaces, &relations.replaces),
        (Relation::ReplacedBy, &relations.replaced_by),
        (Relation::Amends, &relations.amends),
        (Relation::AmendedBy, &relations.amended_by),
        (Relation::Guides, &relations.guides),
        (Relation::GuidedBy, &relations.guided_by),
        (Relation::Repeals, &relations.repeals),
        (Relation::RepealedBy, &relations.repealed_by),
        (Relation::BasedOn, &relations.based_on),
    ]
}

/// One edge of the graph.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub relation: Relation,
    pub target: Target,
    /// True when only the other document's entry states it.
    pub inferred: bool,
}

/// The other end of an edge: a registry entry, or a number the registry does not hold.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Entry(usize),
    Unregistered(LegalNumber),
}

/// A relation as one entry states it, with the number as written there.
type Stated<'a> = (Relation, &'a Spanned<LegalNumber>);

/// Every entry's relations, both directions, sorted.
pub fn relation_graph(
    manual: &Manual,
    by_key: &BTreeMap<String, usize>,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<Edge>> {
    let mut explicit: BTreeMap<(usize, usize), Vec<Stated>> = BTreeMap::new();
    let mut edges: Vec<BTreeSet<Edge>> = vec![BTreeSet::new(); manual.legal.len()];
    for (from, entry) in manual.legal.iter().enumerate() {
        for (relation, numbers) in written(&entry.doc.relations) {
            for number in numbers {
                match by_key.get(&number.get_ref().key()) {
                    Some(&to) if to == from => diagnostics.push(
                        Diagnostic::warning(
                            entry.loc(number),
                            "self-relation",
                            tr!(
                                "văn bản không thể có quan hệ với chính nó",
                                "a legal document cannot relate to itself"
                            ),
                        )
                        .with_help(tr!("bỏ số hiệu này khỏi quan hệ", "remove this number from the relation")),
                    ),
                    Some(&to) => {
                        explicit.entry((from, to)).or_default().push((relation, number));
                        edges[from].insert(Edge { relation, target: Target::Entry(to), inferred: false });
                    }
                    None => {
                        edges[from].insert(Edge {
                            relation,
                            target: Target::Unregistered(number.get_ref().clone()),
                            inferred: false,
                        });
                    }
                }
            }
        }
    }
    for (&(from, to), relations) in &explicit {
        for &(relation, _) in relations {
            let inverse = Edge { relation: relation.inverse(), target: Target::Entry(from), inferred: true };
            let stated = Edge { inferred: false, ..inverse.clone() };
            if !edges[to].contains(&stated) {
                edges[to].insert(inverse);
            }
        }
        report_contradictions(manual, from, to, relations, explicit.get(&(to, from)), diagnostics);
    }
    let edges: Vec<Vec<Edge>> = edges.into_iter().map(|set| set.into_iter().collect()).collect();
    super::legal_cycles::report_cycles(manual, &edges, diagnostics);
    edges
}

/// A says "replaces B" and B says "replaces A" (or anything but the inverse) cannot both hold.
fn report_contradictions(
    manual: &Manual,
    from: usize,
    to: usize,
    relations: &[Stated],
    back: Option<&Vec<Stated>>,
    diagnostics: &mut Diagnostics,
) {
    let Some(back) = back else { return };
    if from > to {
        return; // each pair once
    }
    for &(relation, number) in relations {
        for &(other, _) in back {
            let compatible = other == relation.inverse()
                || matches!((relation, other), (Relation::BasedOn, _) | (_, Relation::BasedOn));
            if !compatible {
                let entry = &manual.legal[from];
                let target = &manual.legal[to];
                diagnostics.push(
                    Diagnostic::warning(entry.loc(number), "contradicting-relation", {
                        let (a, b) = (entry.doc.number.get_ref(), target.doc.number.get_ref());
                        let (said, answered) =
                            (relation.vietnamese().to_lowercase(), other.vietnamese().to_lowercase());
                        tr!(
                            "{a} ghi là {said} {b}, nhưng {b} lại ghi là {answered} {a}",
                            "{a} says it {said} {b}, but {b} says it {answered} {a}"
                        )
                    })
                    .with_help({
                        let (a, b) = (entry.file.path.display(), target.file.path.display());
                        tr!("sửa một trong hai tệp {a} và {b}", "correct one of {a} and {b}")
                    }),
                );
            }
        }
    }
}

/// Whether a legal document was in force on `day`, as far as the registry can tell.
pub fn in_force_on(entry: &LegalEntry, day: Date) -> bool {
    let doc = &entry.doc;
    let started = doc.effective_from.unwrap_or(doc.signed) <= day;
    let not_ended = doc.effective_to.is_none_or(|end| day <= end);
    started && not_ended
}

/// Whether the document has stopped being (wholly) in force.
pub fn is_ended(entry: &LegalEntry) -> bool {
    matches!(entry.doc.status, LegalStatus::Expired | LegalStatus::Suspended)
}

/// The entries that replace, amend or repeal this one, with the relation.
pub fn changed_by(edges: &[Edge]) -> Vec<(Relation, usize)> {
    edges
        .iter()
        .filter(|e| e.relation.changes_source())
        .filter_map(|e| match e.target {
            Target::Entry(i) => Some((e.relation, i)),
            Target::Unregistered(_) => None,
        })
        .collect()
}

/// The day the document's status or relations last changed, as far as the registry knows: the
/// end of its force, or the signing of a document that replaced, amended or repealed it.
pub fn last_change(manual: &Manual, index: usize, edges: &[Edge]) -> Option<Date> {
    let doc = &manual.legal[index].doc;
    let by_others = changed_by(edges).into_iter().map(|(_, i)| {
        let other = &manual.legal[i].doc;
        other.effective_from.unwrap_or(other.signed)
    });
    doc.effective_to.into_iter().chain(by_others).max()
}
