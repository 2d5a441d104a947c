//! What each site-wide page reads (part of the dependency index, `deps.rs`): which part of which
//! document's view it shows, the list order, translations and citations. Its own file so the
//! list of site-wide pages and their reads is in one place.

use super::{Input, Part, Wide};
use crate::model::Kind;
use crate::resolve::ResolvedManual;

/// Every site-wide key but [`Wide::Remade`], in key order, with what it reads.
pub fn reads(resolved: &ResolvedManual) -> Vec<(Wide, Vec<Input>)> {
    let documents = resolved.manual.documents.len();
    let shown = |part: Part| (0..documents).map(move |i| Input::Shown(i, part));
    let mut wide: Vec<(Wide, Vec<Input>)> = vec![
        (Wide::Home, home(resolved)),
        (Wide::Changes, shown(Part::Changes).collect()),
        (Wide::ApiIndex, shown(Part::Index).collect()),
        (Wide::Editions, shown(Part::Editions).collect()),
        (Wide::LegalIndex, legal_index(resolved)),
        (Wide::Search, shown(Part::Search).collect()),
        (Wide::Fixed, Vec::new()),
        (Wide::Oversight, shown(Part::Oversight).collect()),
    ];
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Page) {
        let of_kind = (0..documents).filter(|&i| resolved.manual.documents[i].kind == kind);
        let mut reads: Vec<Input> = of_kind.map(|i| Input::Shown(i, Part::ListItem)).collect();
        reads.push(Input::Weights(kind));
        wide.push((Wide::List(kind), reads));
    }
    wide.extend(language_indexes(resolved));
    wide.sort_by(|a, b| a.0.cmp(&b.0));
    wide
}

/// Home shows every document's latest amendment rows, the number published of each kind (a
/// document coming or going changes every part of it), and the policy, objectives,
/// announcement and manual whole (the first of each in list order).
fn home(resolved: &ResolvedManual) -> Vec<Input> {
    let docs = &resolved.manual.documents;
    let whole = |i: usize| matches!(docs[i].kind, Kind::Policy | Kind::Objective | Kind::Announcement | Kind::Manual);
    let mut reads: Vec<Input> = (0..docs.len()).map(|i| Input::Shown(i, Part::Changes)).collect();
    reads.extend((0..docs.len()).filter(|&i| whole(i)).map(|i| Input::Shown(i, Part::Whole)));
    // The first of a kind in list order is the one shown.
    reads.extend([Kind::Policy, Kind::Objective, Kind::Announcement, Kind::Manual].map(Input::Weights));
    reads
}

/// Each language's index of translations: its translations (title, revision, whether out of
/// date), their originals' references, in the order of the lists.
fn language_indexes(resolved: &ResolvedManual) -> Vec<(Wide, Vec<Input>)> {
    let mut by_language: std::collections::BTreeMap<&str, Vec<Input>> = std::collections::BTreeMap::new();
    for (t, translation) in resolved.translations.iter().enumerate().filter(|(_, t)| t.published) {
        let reads = by_language.entry(resolved.manual.translations[t].lang()).or_default();
        reads.push(Input::Translation(t));
        reads.extend(translation.original.map(|i| Input::Shown(i, Part::Translations)));
    }
    let order = Kind::ALL.into_iter().map(Input::Weights);
    by_language
        .into_iter()
        .map(|(lang, reads)| (Wide::LanguageIndex(lang.to_owned()), reads.into_iter().chain(order.clone()).collect()))
        .collect()
}

/// The legal index counts, per entry, the published documents citing it.
fn legal_index(resolved: &ResolvedManual) -> Vec<Input> {
    let mut reads: Vec<Input> = (0..resolved.manual.legal.len()).map(Input::Citations).collect();
    let mut citing: Vec<usize> =
        resolved.citations.iter().flat_map(|sites| sites.iter()).map(|site| site.document).collect();
    citing.sort_unstable();
    citing.dedup();
    reads.extend(citing.into_iter().map(Input::Published));
    reads
}
