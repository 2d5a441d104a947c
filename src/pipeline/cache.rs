//! The one value a caller that runs the pipeline again over the same folder owns and passes in
//! (`sotay serve`'s `Rebuilder`): what each stage may take from its last run. `sotay build`
//! and `check` pass none and keep nothing between runs. Nothing in it is read by a stage except
//! as a memo of its own earlier results, each taken only when its content digests say it is
//! for the same input; the core values (`Sources`, `Manual`, `ResolvedManual`) carry none of it.

use std::path::PathBuf;

use crate::load::LoadMemo;
use crate::parse::ParseMemo;
use crate::resolve::history::HistoryIndex;
use crate::resolve::memo::ResolveMemo;

/// What the stages keep between runs over one folder.
#[derive(Default)]
pub struct Cache {
    /// Load's: the sources it read, when each document was read, its problems.
    pub(super) load: LoadMemo,
    /// Parse's: the documents and registry entries it made, by file.
    pub(super) parse: ParseMemo,
    /// Resolve's per-document results and code index, by content key.
    pub(super) resolve: ResolveMemo,
    /// The git history as last read, with where HEAD and the tags stood then: read again only
    /// when they moved.
    pub(super) history: Option<HistoryIndex>,
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Notes paths (relative to the manual folder) changed since the last run, as a file
    /// watcher reports them: the next load reads only those again when they are all documents.
    pub fn changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.load.changed(paths);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::pipeline::{analyse, BuildOptions};
    use crate::resolve::ResolvedManual;

    fn position(resolved: &ResolvedManual, file: &str) -> usize {
        let found = resolved.manual.documents.iter().position(|d| &*d.file.path == Path::new(file));
        found.unwrap_or_else(|| panic!("{file} is a document of the example"))
    }

    /// Resolve's memo takes a result by the content digest of the document it was made for: a
    /// document read and parsed again (a new allocation) to the same text gets it back; one whose
    /// text changed gets a new one; and the result is what a run without a cache gives.
    #[test]
    fn a_memo_entry_is_taken_for_the_same_content_whatever_the_allocation_and_not_for_other_content() {
        let dir = crate::test_example::example();
        let mut options = BuildOptions::new(dir.path());
        options.date = crate::model::Date::parse("2026-11-22").expect("date");
        let mut cache = Cache::new();
        let first = analyse(&options, &|_| {}, Some(&mut cache)).expect("analyse").resolved.expect("resolved");
        // Everything read and parsed again: no document is the allocation the memo was made from.
        (cache.load, cache.parse) = (LoadMemo::default(), ParseMemo::default());
        let edited = "content/pages/gioi-thieu.md";
        let text = std::fs::read_to_string(dir.path().join(edited)).expect("read");
        std::fs::write(dir.path().join(edited), format!("{text}\nMột câu mới.\n")).expect("write");
        let second = analyse(&options, &|_| {}, Some(&mut cache)).expect("analyse").resolved.expect("resolved");
        let (same, changed) = (position(&second, "content/procedures/QT-01.md"), position(&second, edited));
        assert!(!first.links[same].is_empty(), "QT-01 links to other documents");
        assert!(!Arc::ptr_eq(&first.manual.documents[same], &second.manual.documents[same]), "parsed again");
        assert!(Arc::ptr_eq(&first.links[same], &second.links[same]), "the same content: the memo's links");
        assert!(!Arc::ptr_eq(&first.links[changed], &second.links[changed]), "other content: links made again");
        let fresh = analyse(&options, &|_| {}, None).expect("analyse");
        let fresh_resolved = fresh.resolved.as_ref().expect("resolved");
        assert_eq!(second.links, fresh_resolved.links);
        assert_eq!(second.citations, fresh_resolved.citations);
        assert_eq!(second.deps, fresh_resolved.deps, "the same dependency index");
    }
}
