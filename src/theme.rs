//! The built-in default theme, embedded in the binary: its templates, static files and interface
//! strings (`i18n/`). Its own module, below the stages, because two of them read it — parse
//! builds the interface strings from its `i18n/` (with the manual's overrides) and render its
//! templates and static files — and parse must not reach into render for it.

use include_dir::{include_dir, Dir};

/// The built-in default theme.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "home.html",
    "list.html",
    "document.html",
    "procedure.html",
    "form.html",
    "objective.html",
    "legal-index.html",
    "legal.html",
    "404.html",
    "history.html",
    "redline.html",
    "changes.html",
    "editions.html",
    "edition.html",
    "forward.html",
    "search.html",
    "translation.html",
    "translations.html",
];
