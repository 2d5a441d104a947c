//! What the preview adds to every HTML page: the live-reload script, and, while the latest build
//! has errors, an overlay listing its problems above the last good page, so a broken build is
//! never mistaken for a working one. Pages on disk never get either.

use std::fmt::Write as _;

use crate::diagnostic::{help_word, Diagnostic, Severity};
use crate::lang::Lang;

/// The tag that loads the live-reload script.
pub const LIVE_SCRIPT: &str = r#"<script src="/__sotay/live.js" defer></script>"#;

/// `html` with the overlay (if any) just after `<body…>` and the live script just before
/// `</body>`. A page without those tags gets them appended.
pub fn decorate(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let close = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let open = body_open_end(&html[..close]).unwrap_or(close);
    let mut out = Vec::with_capacity(html.len() + LIVE_SCRIPT.len() + overlay.map_or(0, str::len));
    out.extend_from_slice(&html[..open]);
    out.extend_from_slice(overlay.unwrap_or_default().as_bytes());
    out.extend_from_slice(&html[open..close]);
    out.extend_from_slice(LIVE_SCRIPT.as_bytes());
    out.extend_from_slice(&html[close..]);
    out
}

/// The offset just after the `>` of the first `<body` tag.
fn body_open_end(html: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = find_ascii_ci(&html[from..], b"<body") {
        let start = from + found + b"<body".len();
        match html.get(start) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') => return tag_end(html, start),
            _ => from = start,
        }
    }
    None
}

/// The offset after the `>` closing a tag whose attributes start at `from`, skipping quoted values.
fn tag_end(html: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &byte) in html.iter().enumerate().skip(from) {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

const BOX: &str = "position:fixed;top:0;left:0;right:0;max-height:80vh;overflow:auto;z-index:2147483647;\
margin:0;padding:16px 20px;box-sizing:border-box;background:#fff;color:#000;border-bottom:6px solid #b00020;\
box-shadow:0 4px 24px rgba(0,0,0,.5);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;\
text-align:left";
const BUTTON: &str = "float:right;margin:0 0 8px 8px;padding:4px 12px;font:inherit;color:#000;background:#fff;\
border:2px solid #000;border-radius:4px;cursor:pointer";
const CODE: &str = "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:15px;color:#000;background:#f2f2f2;\
padding:0 4px";

/// The overlay for the latest run's diagnostics, or `None` when it has no errors. It lists every
/// error and warning (notes are left out), with the severity spelt out so no colour is needed,
/// in `lang` (the box carries its `lang` attribute, so a screen reader reads it right).
pub fn overlay(diagnostics: &[Diagnostic], lang: Lang) -> Option<String> {
    if !diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let shown: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity != Severity::Note).collect();
    let errors = shown.iter().filter(|d| d.is_error()).count();
    let warnings = shown.len() - errors;
    let mut count = lang.pick(format!("{errors} lỗi"), format!("{errors} error(s)"));
    if warnings > 0 {
        let _ = write!(count, "{}", lang.pick(format!(", {warnings} cảnh báo"), format!(", {warnings} warning(s)")));
    }
    let (code, hide) = (lang.pick("vi", "en"), lang.pick("Ẩn", "Hide"));
    let title =
        lang.pick("Bản dựng lỗi — đang hiển thị bản tốt gần nhất", "The build failed — showing the last good site");
    let mut html = format!(
        "<div id=\"sotay-overlay\" lang=\"{code}\" role=\"alert\" style=\"{BOX}\">\
         <button type=\"button\" data-sotay-close style=\"{BUTTON}\">{hide}</button>\
         <h2 style=\"margin:0 0 4px;font-size:20px;font-weight:700;color:#000\">{title}</h2>\
         <p style=\"margin:0 0 12px;color:#000\">{count}</p><ol style=\"margin:0;padding-left:24px\">"
    );
    for diagnostic in shown {
        push_item(&mut html, diagnostic, lang);
    }
    html.push_str("</ol></div>");
    Some(html)
}

fn push_item(html: &mut String, diagnostic: &Diagnostic, lang: Lang) {
    let (word, mark) = match diagnostic.severity {
        Severity::Error => (lang.pick("lỗi", "error"), "#b00020"),
        _ => (lang.pick("cảnh báo", "warning"), "#8a5a00"),
    };
    let _ = write!(
        html,
        "<li style=\"margin:0 0 10px;padding-left:8px;border-left:4px solid {mark}\">\
         <strong style=\"text-transform:uppercase\">{word}</strong> \
         <code style=\"{CODE}\">{loc}</code> <span>[{code}]</span><br><span>{message}</span>",
        loc = escape(&diagnostic.loc.to_string()),
        code = escape(diagnostic.code),
        message = escape(diagnostic.message.get(lang)),
    );
    if let Some(help) = &diagnostic.help {
        let _ = write!(html, "<br><span><em>{}:</em> {}</span>", help_word(lang), escape(help.get(lang)));
    }
    html.push_str("</li>");
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Loc;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let page = text(decorate(b"<html><BODY class=\"a>b\"><p>x</p></Body></html>", None));
        assert_eq!(page, format!("<html><BODY class=\"a>b\"><p>x</p>{LIVE_SCRIPT}</Body></html>"));
    }

    #[test]
    fn a_page_without_body_tags_gets_both_appended() {
        let page = text(decorate(b"<p>x</p>", Some("<div>o</div>")));
        assert_eq!(page, format!("<p>x</p><div>o</div>{LIVE_SCRIPT}"));
    }

    #[test]
    fn the_overlay_goes_right_after_the_opening_body_tag() {
        let page = text(decorate(b"<bodyguard><body id=\"top\">\n<p>x</p></body>", Some("<div>o</div>")));
        assert_eq!(page, format!("<bodyguard><body id=\"top\"><div>o</div>\n<p>x</p>{LIVE_SCRIPT}</body>"));
    }

    #[test]
    fn the_overlay_only_appears_with_errors_and_escapes_everything() {
        let file: Arc<Path> = Arc::from(Path::new("content/a&b.md"));
        let loc = Loc { file, line: 3, column: 7, span: (0, 0) };
        let warning = Diagnostic::warning(loc.clone(), "review-needed", tr!("<i>cẩn thận</i>", "<i>careful</i>"));
        let note = Diagnostic::note(loc.clone(), "no-history", tr!("để biết", "just so you know"));
        assert_eq!(overlay(&[warning.clone(), note.clone()], Lang::Vi), None);
        let error = Diagnostic::error(loc, "invalid-value", tr!("sai \"x\" & 'y'", "bad \"x\" & 'y'"))
            .with_help(tr!("dùng <b>", "use <b>"));
        let html = overlay(&[error.clone(), warning.clone(), note.clone()], Lang::Vi).unwrap();
        assert!(html.contains("lang=\"vi\"") && html.contains("1 lỗi, 1 cảnh báo"), "{html}");
        assert!(html.contains("content/a&amp;b.md:3:7"), "{html}");
        assert!(html.contains("sai &quot;x&quot; &amp; &#39;y&#39;"), "{html}");
        assert!(html.contains("cách sửa:</em> dùng &lt;b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;cẩn thận&lt;/i&gt;"), "{html}");
        assert!(!html.contains("để biết"), "notes are left out");
        let english = overlay(&[error, warning, note], Lang::En).unwrap();
        assert!(english.contains("lang=\"en\"") && english.contains("1 error(s), 1 warning(s)"), "{english}");
        assert!(english.contains("help:</em> use &lt;b&gt;") && !english.contains("cẩn thận"), "{english}");
    }
}
