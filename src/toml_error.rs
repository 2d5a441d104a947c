//! Turning TOML and serde errors into diagnostics that say what to do: a misspelt key or value
//! gets a "did you mean" hint from the names serde would have accepted. A leaf after load that
//! every reader of TOML uses — parse (config, front matter, registry, catalogue), the interface
//! strings (`i18n`) and the portal's config — so none of them reaches into another for it.

use crate::diagnostic::{closest, Diagnostic};
use crate::load::SourceFile;

/// A diagnostic for `error`, raised while reading TOML that starts at byte `offset` of `file`.
pub fn diagnostic(file: &SourceFile, offset: usize, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().map_or(offset..offset, |s| offset + s.start..offset + s.end);
    let loc = file.loc(span);
    let message = error.message().trim().to_owned();
    let (code, help) = if let Some((wrong, expected)) = unknown_name(&message, "unknown field") {
        let help = match closest(&wrong, expected.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`? Accepted keys here: {}", expected.join(", ")),
            None => format!("remove it, or use one of the accepted keys: {}", expected.join(", ")),
        };
        ("unknown-key", help)
    } else if let Some((wrong, mut expected)) = unknown_name(&message, "unknown variant") {
        // Aliases such as "in force" are accepted but not advertised: suggest the documented form.
        let documented: Vec<String> = expected.iter().filter(|e| !e.contains(' ')).cloned().collect();
        expected.retain(|e| !e.contains(' ') || !documented.contains(&e.replace(' ', "-")));
        let help = match closest(&wrong, expected.iter().map(String::as_str)) {
            Some(best) => format!("did you mean \"{best}\"? Accepted values: {}", expected.join(", ")),
            None => format!("use one of: {}", expected.join(", ")),
        };
        ("unknown-value", help)
    } else if message.starts_with("missing field") {
        ("missing-key", "add the key; see docs/front-matter.md for what each kind needs".to_owned())
    } else if message.starts_with("invalid type") {
        ("wrong-type", "check the value's type: text needs quotes, numbers and dates do not".to_owned())
    } else if message.starts_with("duplicate key") {
        ("duplicate-key", "keep one of the two keys".to_owned())
    } else if error.span().is_some() && !message.contains('`') && !message.contains("expected") {
        ("invalid-value", "correct the value as the message says".to_owned())
    } else {
        ("invalid-toml", "check the TOML syntax near this position (quotes, brackets, `=`)".to_owned())
    };
    Diagnostic::error(loc, code, message).with_help(help)
}

/// From "unknown field `titel`, expected one of `title`, `code`" take the wrong name and the list.
fn unknown_name(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?;
    let mut names = rest.split('`').skip(1).step_by(2).map(str::to_owned);
    let wrong = names.next()?;
    Some((wrong, names.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        revision: Option<u32>,
    }

    fn diagnose(text: &str) -> Diagnostic {
        let file = SourceFile::new(Arc::from(Path::new("x.md")), format!("+++\n{text}+++\n"), None);
        let err = toml::from_str::<T>(text).unwrap_err();
        diagnostic(&file, 4, &err)
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let d = diagnose("title = \"a\"\nrevison = 2\n");
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.loc.line, d.loc.column), (3, 1));
        assert!(d.help.unwrap().starts_with("did you mean `revision`?"));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let d = diagnose("title = \"a\"\nrevision = \"hai\"\n");
        assert_eq!(d.code, "wrong-type");
        assert_eq!((d.loc.line, d.loc.column), (3, 12));
    }

    #[test]
    fn syntax_error_has_a_position() {
        let d = diagnose("title = \"a\n");
        assert_eq!(d.loc.line, 2);
    }
}
