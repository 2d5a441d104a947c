//! What a build publishes, decided once here and read by every renderer. A document is
//! published when its working copy is public and issued (internal builds publish everything);
//! and in a public build, each earlier revision is judged on its own, as it was committed: a
//! revision that was internal then, or only ever a draft, is left out of the history — no page,
//! redline side, feed entry, edition address, manifest line, amendment row, or translation —
//! though the document is public now. Pages then show such a revision only by its number, as
//! "not public". The commits at which the document was internal or a draft are left out too
//! (their messages describe what was not public), and so are edition entries that show a
//! document as it stood while it was internal or a draft, or at a revision withheld (a revision
//! made internal after an edition showed it is not published through that edition either).

use std::sync::Arc;

use super::history::{ManualHistory, Withheld};
use crate::model::{Audience, Status};

/// Whether a document is published for an audience: public builds show public documents that
/// are not drafts; internal builds show everything.
pub fn is_published(audience: Audience, doc_audience: Audience, status: Option<Status>) -> bool {
    match audience {
        Audience::Internal => true,
        Audience::Public => doc_audience == Audience::Public && status != Some(Status::Draft),
    }
}

/// Leaves out of a public build's history every earlier revision, commit and edition entry
/// that was not public and issued as committed; each revision left out stays as a number in
/// [`super::history::DocHistory::withheld`]. Internal builds keep everything. Runs after a
/// draft's last issued revision took the draft's place, so that a document whose revision in
/// force was internal stays unpublished rather than falling back to an older public text.
pub fn withhold(audience: Audience, history: &mut ManualHistory) {
    if audience == Audience::Internal {
        return;
    }
    for doc_history in &mut history.documents {
        let all_public = doc_history.revisions.iter().all(|r| r.public)
            && doc_history.never_issued.is_empty()
            && doc_history.private_commits.is_empty();
        if all_public {
            continue;
        }
        // The kept result (see `history::KeptHistories`) stays as resolved: this build's copy changes.
        let doc_history = Arc::make_mut(doc_history);
        let mut withheld: Vec<Withheld> = doc_history
            .revisions
            .iter()
            .filter(|r| !r.public)
            .map(|r| Withheld {
                number: r.number,
                in_force_from: Some(r.document.meta.effective.as_ref().map(|e| *e.get_ref())),
            })
            .chain(doc_history.never_issued.iter().map(|&number| Withheld { number, in_force_from: None }))
            .collect();
        withheld.sort_by_key(|w| w.number);
        doc_history.withheld = withheld;
        doc_history.revisions.retain(|r| r.public);
        let private = std::mem::take(&mut doc_history.private_commits);
        doc_history.commits.retain(|c| private.binary_search(c).is_err());
    }
    let documents = &history.documents;
    let withheld = |e: &super::editions::EditionEntry| {
        documents.get(e.document).is_some_and(|h| h.withheld.iter().any(|w| w.number == e.revision))
    };
    for edition in &mut history.editions {
        edition.entries.retain(|e| is_published(audience, e.audience, e.status) && !withheld(e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_builds_hide_internal_and_drafts() {
        assert!(is_published(Audience::Public, Audience::Public, Some(Status::InForce)));
        assert!(!is_published(Audience::Public, Audience::Internal, Some(Status::InForce)));
        assert!(!is_published(Audience::Public, Audience::Public, Some(Status::Draft)));
        assert!(is_published(Audience::Internal, Audience::Internal, Some(Status::Draft)));
    }
}
