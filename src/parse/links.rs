//! Every link a value of `sotay.toml` or of the legal registry becomes, checked against the one
//! URL policy ([`crate::model::url`]) where it is read, so a refused link is an error at its
//! file:line:col. The Markdown bodies have their own check (the sanitiser, with the same list of
//! schemes); front matter holds no link of its own.
//!
//! A refused link is never written: the agency's website is taken out of the configuration here,
//! and the legal pages leave out a registry link that [`legal_link`] refuses.

use toml::Spanned;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Text};
use crate::load::SourceFile;
use crate::model::url::{check_link, LINK_HELP, LINK_HELP_VI};
use crate::parse::LegalEntry;

/// Checks the links of `sotay.toml`, taking refused ones out of `config`.
pub fn check_config(config: &mut Config, file: &SourceFile, diagnostics: &mut Diagnostics) {
    if let Some(website) = &config.agency.website {
        if let Err(message) = check_link(website.get_ref()) {
            diagnostics.push(refused(file, website, "[agency] website", message));
            config.agency.website = None;
        }
    }
}

/// Checks the links of one registry entry: `source`, and `verified.source` when it is written as
/// an address (it may also name a printed source, e.g. "Công báo số 12").
pub fn check_legal(entry: &LegalEntry, diagnostics: &mut Diagnostics) {
    let doc = &entry.doc;
    if let Some(source) = &doc.source {
        if let Err(message) = check_link(source.get_ref()) {
            diagnostics.push(refused(&entry.file, source, "source", message));
        }
    }
    if let Some(source) = doc.verified.as_ref().and_then(|v| v.source.as_ref()) {
        if let Err(message) = check_verified(source.get_ref()) {
            diagnostics.push(refused(&entry.file, source, "verified.source", message));
        }
    }
}

/// `verified.source` names a printed source (any text with spaces but no control character) or
/// is an address the policy accepts.
fn check_verified(source: &str) -> Result<(), String> {
    match is_printed_source(source) {
        true if source.chars().any(char::is_control) => Err(crate::lang::reason(
            "nguồn có ký tự điều khiển (dấu tab, xuống dòng hoặc tương tự)",
            "the source holds a control character (a tab, line break or similar)",
        )),
        true => Ok(()),
        false => check_link(source),
    }
}

/// `verified.source` as the page may show it: the text, or nothing when it was refused.
pub fn verified_text(source: &Spanned<String>) -> String {
    check_verified(source.get_ref()).map(|()| source.get_ref().clone()).unwrap_or_default()
}

/// A registry link as the pages may write it: `None` when the policy refuses it.
pub fn legal_link(link: &Spanned<String>) -> Option<String> {
    check_link(link.get_ref()).is_ok().then(|| link.get_ref().clone())
}

/// `verified.source` as a link: an http(s) address the policy accepts, else `None` (the source
/// is then shown as text only).
pub fn verified_link(source: &Spanned<String>) -> Option<String> {
    let text = source.get_ref();
    let web = matches!(crate::model::url::scheme(text).as_deref(), Some("http" | "https"));
    (web && !is_printed_source(text)).then(|| legal_link(source)).flatten()
}

/// Whether `verified.source` names a printed source ("Công báo số 12/2025") rather than an
/// address: a name has spaces, an address has none.
fn is_printed_source(text: &str) -> bool {
    text.trim().contains(' ')
}

fn refused(file: &SourceFile, value: &Spanned<String>, key: &str, message: String) -> Diagnostic {
    let message = Text::reason(&message).map(|m, _| format!("{key}: {m}"));
    Diagnostic::error(file.loc(value.span()), "unsafe-url", message).with_help(Text::new(LINK_HELP_VI, LINK_HELP))
}
