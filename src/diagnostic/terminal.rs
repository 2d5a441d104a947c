//! The text output for people: each diagnostic with its source line quoted, as a compiler
//! prints it (codespan-reporting), its message, help and related places in the language asked
//! for. The machine formats are `json`, `github` and `sarif`.

use std::ops::Range;
use std::path::Path;

use super::{display_path, help_word, Diagnostic, Diagnostics, Loc, Severity};
use crate::lang::Lang;

/// Quotes the source line of each diagnostic, as a compiler would, its message and help in
/// `lang`. The files are the manual's text files, by path (`load::Sources::texts`); a
/// diagnostic in another file, or with no line, is printed without a quote.
pub fn format_diagnostics<'a>(
    diagnostics: &Diagnostics,
    files: impl IntoIterator<Item = (&'a Path, &'a str)>,
    lang: Lang,
) -> String {
    use codespan_reporting::diagnostic::Diagnostic as Report;
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term;

    let mut quoted = SimpleFiles::new();
    let mut ids = std::collections::BTreeMap::new();
    // Only the files a diagnostic quotes: adding one finds its line starts, and reading all of
    // a 10 000-document manual's took longer than the rebuild whose note is printed.
    let named: std::collections::BTreeSet<String> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.loc).chain(d.related().iter().map(|r| &r.loc)))
        .map(|loc| display_path(&loc.file))
        .collect();
    for (path, text) in files {
        let name = display_path(path);
        if named.contains(&name) {
            ids.insert(name.clone(), quoted.add(name, text));
        }
    }
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let name = display_path(&d.loc.file);
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Note => Report::note(),
        }
        .with_code(d.code)
        .with_message(d.message.get(lang));
        let (labels, notes) = labels_and_notes(d, &ids, lang);
        report = report.with_labels(labels).with_notes(notes);
        if d.loc.line == 0 || !ids.contains_key(&name) {
            out.push_str(&plain(d, lang));
            continue;
        }
        if term::emit_to_string(&mut out, &config, &quoted, &report).is_err() {
            out.push_str(&plain(d, lang));
        }
    }
    out
}

/// What a quoted diagnostic underlines (its place, and its related places in quoted files) and
/// the lines under it (the help, related places that cannot be underlined). `ids` are the
/// quoted files' ids by shown path.
fn labels_and_notes(
    d: &Diagnostic,
    ids: &std::collections::BTreeMap<String, usize>,
    lang: Lang,
) -> (Vec<codespan_reporting::diagnostic::Label<usize>>, Vec<String>) {
    use codespan_reporting::diagnostic::Label;
    let mut notes: Vec<String> = d.help.iter().map(|h| format!("{}: {}", help_word(lang), h.get(lang))).collect();
    let mut labels = Vec::new();
    if let Some(&id) = ids.get(&display_path(&d.loc.file)).filter(|_| d.loc.line > 0) {
        labels.push(Label::primary(id, label_range(&d.loc)));
    }
    for related in d.related() {
        match ids.get(&display_path(&related.loc.file)) {
            // A related place is underlined only beside a quoted problem in a quoted file.
            Some(&id) if related.loc.line > 0 && !labels.is_empty() => {
                labels.push(Label::secondary(id, label_range(&related.loc)).with_message(related.message.get(lang)));
            }
            _ => notes.push(format!("{}: {}", related.loc, related.message.get(lang))),
        }
    }
    (labels, notes)
}

/// The bytes a label underlines: at least the position itself.
fn label_range(loc: &Loc) -> Range<usize> {
    let (start, end) = loc.span;
    start..end.max(start)
}

fn plain(d: &Diagnostic, lang: Lang) -> String {
    format!("{}\n\n", d.shown(lang))
}
