//! Syntax highlighting of fenced code blocks with syntect, as CSS classes (`hl-…`) rather than
//! inline styles, so the theme's stylesheet (and dark mode) decides the colours.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's own syntaxes plus bat's extras (TOML, among others, which manuals quote often).
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The code as HTML spans with classes, or `None` when the language is unknown (the caller
/// then prints it escaped, unhighlighted).
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let language = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    if language.is_empty() {
        return None;
    }
    let syntax = SYNTAXES.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for the highlighting classes: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = themes.themes.get("InspiredGitHub").and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok());
    let dark = themes.themes.get("base16-ocean.dark").and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok());
    let mut css = light.unwrap_or_default();
    if let Some(dark) = dark {
        css.push_str("\n@media (prefers-color-scheme: dark) {\n");
        css.push_str(&dark);
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn toml_is_highlighted() {
        let html = highlight("code = \"QT-07\"\n", "toml").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_languages_are_left_plain() {
        assert_eq!(highlight("x", "no-such-language"), None);
        assert_eq!(highlight("x", ""), None);
    }

    #[test]
    fn stylesheet_has_dark_mode() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
