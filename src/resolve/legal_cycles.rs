//! Cycles in the legal registry's relations. Replacing, amending, guiding, repealing and being
//! based on all point from a later document to an earlier one, so they can never come back to
//! where they started: A based on B, B on C and C on A is a mistake in the registry, and pages
//! that follow the chain ("replaced by …, which was replaced by …") would not end. Two documents
//! that point at each other are a loop too; most such pairs are reported as contradicting
//! already, the rest (one rests on the other) here.

use std::collections::{BTreeMap, VecDeque};

use super::legal::{written, Edge, Relation, Target};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::parse::Manual;

/// Whether a relation points from the later document to the earlier one.
fn points_back_in_time(relation: Relation) -> bool {
    matches!(relation, Relation::Replaces | Relation::Amends | Relation::Guides | Relation::Repeals | Relation::BasedOn)
}

/// Reports each loop of registry entries once, at the first entry's statement of its relation to
/// the next.
pub fn report_cycles(manual: &Manual, edges: &[Vec<Edge>], diagnostics: &mut Diagnostics) {
    let next: Vec<Vec<usize>> = edges
        .iter()
        .map(|list| {
            let mut to: Vec<usize> = list
                .iter()
                .filter(|e| points_back_in_time(e.relation))
                .filter_map(|e| match e.target {
                    Target::Entry(i) => Some(i),
                    Target::Unregistered(_) => None,
                })
                .collect();
            to.sort_unstable();
            to.dedup();
            to
        })
        .collect();
    let mut reported = vec![false; next.len()];
    for start in 0..next.len() {
        if reported[start] {
            continue;
        }
        let Some(cycle) = shortest_cycle(&next, start).filter(|c| c.len() >= 3 || based_on_pair(edges, c)) else {
            continue;
        };
        for &i in &cycle {
            reported[i] = true;
        }
        diagnostics.push(cycle_diagnostic(manual, &cycle));
    }
}

/// A pair that points at each other is already reported as contradicting unless one of them
/// rests on the other, which that check allows.
fn based_on_pair(edges: &[Vec<Edge>], pair: &[usize]) -> bool {
    let (a, b) = (pair[0], pair[1]);
    let rests_on = |from: usize, to: usize| {
        edges[from].iter().any(|e| e.relation == Relation::BasedOn && e.target == Target::Entry(to))
    };
    rests_on(a, b) || rests_on(b, a)
}

/// The shortest loop from `start` back to itself, as the entries in order.
fn shortest_cycle(next: &[Vec<usize>], start: usize) -> Option<Vec<usize>> {
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &to in &next[at] {
            if to == start {
                let mut cycle = vec![at];
                let mut back = at;
                while back != start {
                    back = came_from[&back];
                    cycle.push(back);
                }
                cycle.reverse();
                return Some(cycle);
            }
            if to != start && !came_from.contains_key(&to) {
                came_from.insert(to, at);
                queue.push_back(to);
            }
        }
    }
    None
}

fn cycle_diagnostic(manual: &Manual, cycle: &[usize]) -> Diagnostic {
    let number = |i: usize| manual.legal[i].doc.number.get_ref().to_string();
    let mut path: Vec<String> = cycle.iter().map(|&i| number(i)).collect();
    path.push(number(cycle[0]));
    let first = &manual.legal[cycle[0]];
    let second = cycle[1];
    // Where the first entry states its relation to the second, if it does; else the whole file.
    let key = manual.legal[second].doc.number.get_ref().key();
    let stated =
        written(&first.doc.relations).into_iter().flat_map(|(_, numbers)| numbers).find(|n| n.get_ref().key() == key);
    let loc = stated.map_or_else(|| crate::diagnostic::Loc::file(&first.file.path), |n| first.loc(n));
    Diagnostic::error(
        loc,
        "relation-cycle",
        {
            let path = path.join(" → ");
            tr!(
                "quan hệ giữa các văn bản trong danh mục thành một vòng khép kín: {path}",
                "the registry's relations go round in a circle: {path}"
            )
        },
    )
    .with_help(tr!(
        "một văn bản chỉ thay thế, sửa đổi, hướng dẫn, bãi bỏ hoặc căn cứ vào văn bản ban hành trước nó; sửa quan hệ bị ghi ngược chiều",
        "a document replaces, amends, guides, repeals or rests on earlier ones only; correct the relation that points the wrong way"
    ))
}
