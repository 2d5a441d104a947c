//! The Tera engine: the built-in theme (embedded in the binary), or a theme folder of the
//! manual, with the manual's own `templates/` overriding templates by name. Template errors
//! become diagnostics naming the template (and, when rendering, the page) with Tera's whole
//! cause chain, since Tera hides the real cause one level down.

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::Arc;

use tera::{Tera, Value};

use crate::diagnostic::{Diagnostic, Loc, Text};
use crate::load::{SourceFile, Sources};
use crate::theme::{DEFAULT_THEME, REQUIRED};

/// The templates by name, their texts and files (none for the built-in theme's).
type Templates = Vec<(String, String, Option<Arc<SourceFile>>)>;

/// A fingerprint of the templates' names and texts: the same for the same templates.
pub fn fingerprint(sources: &Sources) -> u64 {
    cache_key(&templates(sources))
}

/// The theme's templates with the manual's overrides.
fn templates(sources: &Sources) -> Templates {
    let mut templates: Templates = Vec::new();
    match &sources.theme_dir {
        None => {
            for file in DEFAULT_THEME.get_dir("templates").map(|d| d.files()).into_iter().flatten() {
                let name = file.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                templates.push((name, file.contents_utf8().unwrap_or_default().to_owned(), None));
            }
        }
        Some(_) => {
            for file in &sources.theme_templates {
                let name = file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                templates.push((name, file.text.clone(), Some(file.clone())));
            }
        }
    }
    for file in &sources.templates {
        let name = file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        templates.retain(|(existing, _, _)| *existing != name);
        templates.push((name, file.text.clone(), Some(file.clone())));
    }
    templates
}

/// A ready engine, or the diagnostics that prevent one.
pub fn engine(sources: &Sources) -> Result<Tera, Vec<Diagnostic>> {
    engine_cached(sources, &mut None)
}

/// The engine the templates compiled last, with a fingerprint of their names and texts.
pub type LastEngine = Option<(u64, Tera)>;

/// [`engine`], taken from `last` when the templates are the same (compiling and checking them
/// for cycles takes a while), else compiled and kept there.
pub fn engine_cached(sources: &Sources, last: &mut LastEngine) -> Result<Tera, Vec<Diagnostic>> {
    let templates = templates(sources);
    let mut problems = Vec::new();
    for required in REQUIRED {
        if !templates.iter().any(|(name, _, _)| name == required) {
            problems.push(
                Diagnostic::error(
                    Loc::file(&Arc::from(std::path::Path::new("templates"))),
                    "missing-template",
                    tr!("giao diện không có mẫu trang `{required}`", "the theme has no template `{required}`"),
                )
                .with_help(tr!(
                    "thêm templates/{required}, hoặc dùng theme = \"default\"",
                    "add templates/{required}, or use theme = \"default\""
                )),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let key = cache_key(&templates);
    if let Some((_, tera)) = last.as_ref().filter(|(k, _)| *k == key) {
        return Ok(tera.clone());
    }
    let mut tera = Tera::default();
    let pairs: Vec<(&str, &str)> = templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())).collect();
    if tera.add_raw_templates(pairs).is_ok() {
        let cycles = cycle_problems(&tera, &templates);
        if !cycles.is_empty() {
            return Err(cycles);
        }
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(super::escape::html);
        tera.register_filter("vn_date", vn_date);
        tera.register_function("range", super::template_limits::range);
        *last = Some((key, tera.clone()));
        return Ok(tera);
    }
    // Parse each template beside empty stand-ins for the others, so every broken template is
    // reported with its own position and a broken parent does not blame its children.
    for (name, text, file) in &templates {
        let mut single = Tera::default();
        let stand_ins =
            templates.iter().filter(|(other, _, _)| other != name).map(|(other, _, _)| (other.as_str(), ""));
        if let Err(e) = single.add_raw_templates(stand_ins.chain(std::iter::once((name.as_str(), text.as_str())))) {
            problems.push(parse_error(name, file.as_ref(), &e));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    let pairs: Vec<(&str, &str)> = templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())).collect();
    let error = tera.add_raw_templates(pairs).err().map_or_else(
        || tr!("các mẫu trang không khớp với nhau", "the templates do not fit together"),
        |e| {
            let cause = chain(&e);
            tr!("các mẫu trang không khớp với nhau: {cause}", "the templates do not fit together: {cause}")
        },
    );
    Err(vec![Diagnostic::error(Loc::file(&Arc::from(std::path::Path::new("templates"))), "template-error", error)
        .with_help(tr!(
            "một mẫu trang kế thừa (extends) hoặc chèn (include) một mẫu không có",
            "a template extends or includes a template that does not exist"
        ))])
}

/// Each include or macro cycle as an error, at the call that closes it in the first template
/// of the cycle that is the manual's own (else the first template), with the line when the
/// call's text is found there.
fn cycle_problems(tera: &Tera, templates: &Templates) -> Vec<Diagnostic> {
    use super::template_cycles::{self, Vertex};
    template_cycles::find(tera)
        .into_iter()
        .map(|cycle| {
            let located = cycle.path.iter().map(|(vertex, step)| {
                let (name, after) = match vertex {
                    Vertex::Template(name) => (name, None),
                    Vertex::Macro { file, name } => (file, Some(format!("macro {name}"))),
                };
                let file = templates.iter().find(|(n, _, _)| n == name).and_then(|(_, _, f)| f.clone());
                (name, file, after, step.needle())
            });
            let mut located: Vec<_> = located.collect();
            let first = located.iter().position(|(_, file, _, _)| file.is_some()).unwrap_or(0);
            let (name, file, after, needle) = located.swap_remove(first);
            let loc = match file {
                Some(file) => {
                    let from = after.and_then(|a| file.text.find(&a)).unwrap_or(0);
                    match file.text[from..].find(&needle) {
                        Some(at) => file.loc(from + at..from + at + needle.len()),
                        None => Loc::file(&file.path),
                    }
                }
                None => Loc::file(&Arc::from(std::path::Path::new(&format!("themes/default/templates/{name}")))),
            };
            Diagnostic::error(
                loc,
                "template-recursion",
                {
                    let cycle = cycle.describe();
                    tr!("các mẫu trang gọi lẫn nhau không dứt: {cycle}", "templates would call each other without end: {cycle}")
                },
            )
            .with_help(tr!(
                "bỏ lệnh include hoặc lời gọi macro khép vòng (mẫu thay thế không được chèn chính mẫu nó thay: hãy chép phần cần dùng); dựng trang như vậy sẽ tràn bộ nhớ ngăn xếp",
                "remove the include or macro call that closes the loop (an override cannot include the template it replaces: copy what it needs from it instead); rendering it would overflow the stack"
            ))
        })
        .collect()
}

fn cache_key(templates: &Templates) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (name, text, _) in templates {
        (name, text).hash(&mut hasher);
    }
    hasher.finish()
}

fn parse_error(name: &str, file: Option<&Arc<SourceFile>>, error: &tera::Error) -> Diagnostic {
    let message = chain(error);
    let loc = match file {
        Some(file) => match line_col(&message) {
            Some((line, column)) => {
                let offset = offset_of(&file.text, line, column);
                file.loc(offset..offset)
            }
            None => Loc::file(&file.path),
        },
        None => Loc::file(&Arc::from(std::path::Path::new(&format!("themes/default/templates/{name}")))),
    };
    Diagnostic::error(
        loc,
        "template-syntax",
        tr!("mẫu trang `{name}` viết sai cú pháp: {message}", "the template `{name}` does not parse: {message}"),
    )
    .with_help(Text::new(
        "sửa cú pháp Tera ở vị trí này ({{ … }}, {% … %}, các thẻ đóng tương ứng)",
        "fix the Tera syntax at this position ({{ … }}, {% … %}, matching end tags)",
    ))
}

/// Tera's parse errors contain "--> LINE:COLUMN".
fn line_col(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")? + 4;
    let rest = &message[at..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    line_start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// An error with all its causes, one per clause.
pub fn chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// `{{ date | vn_date }}`: "2026-01-15" → "15/01/2026"; null → "".
fn vn_date(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    match value {
        Value::Null => Ok(Value::String(String::new())),
        Value::String(s) => match crate::model::Date::parse(s) {
            Ok(date) => Ok(Value::String(date.vietnamese())),
            Err(_) => Ok(Value::String(s.clone())),
        },
        other => Err(tera::Error::msg(format!("vn_date expects a date string, got {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_positions_are_found() {
        assert_eq!(line_col("Failed to parse 'x'\n --> 3:14\n  |"), Some((3, 14)));
        assert_eq!(offset_of("ab\ncdef\n", 2, 3), 5);
    }

    #[test]
    fn vn_date_formats_iso_dates() {
        let v = vn_date(&Value::String("2026-01-15".into()), &HashMap::new()).unwrap();
        assert_eq!(v, Value::String("15/01/2026".into()));
        assert_eq!(vn_date(&Value::Null, &HashMap::new()).unwrap(), Value::String(String::new()));
    }
}
