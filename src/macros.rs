//! `tr!`: a text a user reads, written in Vietnamese and English side by side where it is made,
//! so no message can be added in one language only. Declared before every other module (see
//! lib.rs) so any module can write `tr!(…)` without importing it.

/// A [`crate::diagnostic::Text`] from a Vietnamese and an English format string, each
/// formatted as `format!` would (names in braces are captured from the scope):
/// `tr!("không có đơn vị `{unit}`", "there is no unit `{unit}`")`.
#[macro_export]
macro_rules! tr {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::diagnostic::Text::new(format!($vi), format!($en))
    };
}
