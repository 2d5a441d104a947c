//! Control characters in single-line text: a form feed or a vertical tab pasted from Word into a
//! title is invisible in the editor, shows as nothing (or a box) on the page and is forbidden in
//! XML. The feed and sitemap writers replace such characters (see `render::sitemap::escape_xml`),
//! so the site stays well-formed; these warnings say where they are, so the text can be fixed.

use crate::diagnostic::{Diagnostic, Loc};
use crate::parse::{Document, Translation};

/// Warnings for the document's title, summary and amendment rows.
pub fn in_document(doc: &Document) -> Vec<Diagnostic> {
    let meta = &doc.meta;
    let title_loc = doc.loc(&meta.title);
    let mut found: Vec<(Loc, &str, &str)> = vec![(title_loc.clone(), "title", meta.title.get_ref())];
    if let Some(summary) = &meta.summary {
        found.push((title_loc, "summary", summary));
    }
    for amendment in &meta.amendments {
        let row = amendment.get_ref();
        found.push((doc.loc(amendment), "[[amendments]] where", &row.section));
        found.push((doc.loc(amendment), "[[amendments]] summary", &row.summary));
    }
    found.into_iter().filter_map(|(loc, field, text)| warning(loc, field, text)).collect()
}

/// Warnings for a translation's title and summary.
pub fn in_translation(translation: &Translation) -> Vec<Diagnostic> {
    let meta = &translation.meta;
    let loc = translation.loc(&meta.title);
    let mut found = vec![warning(loc.clone(), "title", meta.title.get_ref())];
    if let Some(summary) = &meta.summary {
        found.push(warning(loc, "summary", summary));
    }
    found.into_iter().flatten().collect()
}

/// Warnings for `[agency] name` and `[site] title` (the feed's author and title), at the file:
/// sotay.toml's plain strings keep no position.
pub fn in_config(config: &crate::config::Config, file: &crate::load::SourceFile) -> Vec<Diagnostic> {
    let names = [("[agency] name", Some(&config.agency.name)), ("[site] title", config.site.title.as_ref())];
    names.into_iter().filter_map(|(field, text)| warning(Loc::file(&file.path), field, text?)).collect()
}

/// A warning when `text` (the `field` at `loc`) holds a control character other than a line
/// break or tab in a multi-line value.
pub fn warning(loc: Loc, field: &str, text: &str) -> Option<Diagnostic> {
    let bad = text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))?;
    Some(
        Diagnostic::warning(
            loc,
            "control-character",
            {
                let code = format!("U+{:04X}", bad as u32);
                tr!("`{field}` có một ký tự điều khiển ẩn ({code})", "the `{field}` holds an invisible control character ({code})")
            },
        )
        .with_help(tr!(
            "xóa ký tự đó (thường đi kèm khi dán văn bản từ trình soạn thảo văn bản); bản tin RSS hiện nó thành dấu cách",
            "delete it (it often comes with text pasted from a word processor); feeds show it as a space"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn form_feed_is_reported_and_ordinary_text_is_not() {
        let loc = Loc::file(&Arc::from(Path::new("a.md")));
        assert!(warning(loc.clone(), "title", "Quy trình\u{c} cấp phép").is_some());
        assert!(warning(loc.clone(), "title", "Quy trình\u{7f}").is_some());
        assert!(warning(loc, "title", "Quy trình cấp phép, lần 2").is_none());
    }
}
