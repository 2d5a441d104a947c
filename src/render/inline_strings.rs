//! Interface strings written into an engine's compiled templates. Most `t(key="…")` calls name
//! a fixed string with no placeholders, and an engine has one language, so such a call always
//! prints the same text: replacing it by that text (escaped as the call's output would be) once
//! per engine spares the function call on every page — a page makes about 150. Calls with
//! arguments, computed keys, filters or whitespace control, and keys the language lacks (which
//! must keep failing with their message), are left as they are. Likewise `lang_attr(lang="vi")`
//! with a fixed tag: in an engine of one language it always prints the same attribute, or nothing.

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

use crate::i18n::Strings;

/// Replaces the fixed `t(key="…")` calls of every template of `tera` by their text in `strings`,
/// and the fixed `lang_attr(lang="…")` calls by what they print on a page in `lang`.
pub fn inline(tera: &mut Tera, strings: &Strings, lang: &str) {
    for (name, template) in tera.templates.iter_mut() {
        let escape = name.ends_with(".html") || name.ends_with(".xml");
        let text = |call: Fixed| -> Option<String> {
            match call {
                Fixed::String(key) => {
                    let filled = crate::i18n::fill(strings.try_get(key)?, |_| None).ok()?;
                    Some(if escape { super::escape::html(&filled) } else { filled })
                }
                Fixed::LangAttr(tag) if crate::i18n::is_language_tag(tag) => {
                    Some(if tag == lang { String::new() } else { format!(" lang=\"{tag}\"") })
                }
                Fixed::LangAttr(_) => None,
            }
        };
        rewrite(&mut template.ast, &text);
        for definition in template.macros.values_mut() {
            rewrite(&mut definition.body, &text);
        }
        for block in template.blocks.values_mut() {
            rewrite(&mut block.body, &text);
        }
        for levels in template.blocks_definitions.values_mut() {
            for (_, block) in levels.iter_mut() {
                rewrite(&mut block.body, &text);
            }
        }
    }
}

/// A call whose output depends only on the engine: `t(key="…")` or `lang_attr(lang="…")`.
#[derive(Clone, Copy)]
enum Fixed<'a> {
    String(&'a str),
    LangAttr(&'a str),
}

fn rewrite(nodes: &mut [Node], text: &dyn Fn(Fixed) -> Option<String>) {
    for node in nodes {
        match node {
            Node::VariableBlock(ws, expr) if !ws.left && !ws.right => {
                if let Some(fixed) = fixed_call(expr).and_then(text) {
                    *node = Node::Text(fixed);
                }
            }
            Node::MacroDefinition(_, definition, _) => rewrite(&mut definition.body, text),
            Node::Block(_, block, _) => rewrite(&mut block.body, text),
            Node::Forloop(_, forloop, _) => {
                rewrite(&mut forloop.body, text);
                if let Some(empty) = &mut forloop.empty_body {
                    rewrite(empty, text);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &mut branches.conditions {
                    rewrite(body, text);
                }
                if let Some((_, body)) = &mut branches.otherwise {
                    rewrite(body, text);
                }
            }
            _ => {}
        }
    }
}

/// The fixed call when `t(key="…")` or `lang_attr(lang="…")` is the whole expression.
fn fixed_call(expr: &Expr) -> Option<Fixed<'_>> {
    if expr.negated || !expr.filters.is_empty() {
        return None;
    }
    let ExprVal::FunctionCall(call) = &expr.val else { return None };
    let argument = match call.name.as_str() {
        "t" => "key",
        "lang_attr" => "lang",
        _ => return None,
    };
    if call.args.len() != 1 {
        return None;
    }
    let value = call.args.get(argument)?;
    match &value.val {
        ExprVal::String(text) if !value.negated && value.filters.is_empty() => {
            Some(if argument == "key" { Fixed::String(text) } else { Fixed::LangAttr(text) })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalog;

    fn both(template: &str) -> (String, String) {
        let catalog = Catalog::builtin();
        let strings = catalog.strings("vi").unwrap().clone();
        let mut tera = Tera::default();
        tera.add_raw_template("x.html", template).unwrap();
        tera.autoescape_on(vec![".html"]);
        crate::render::localise::register(&mut tera, strings.clone(), "vi");
        let mut context = tera::Context::new();
        context.insert("status", "in-force");
        let called = tera.render("x.html", &context).unwrap();
        inline(&mut tera, &strings, "vi");
        (called, tera.render("x.html", &context).unwrap())
    }

    #[test]
    fn inlined_strings_print_what_the_calls_printed() {
        let template = r#"{% if true %}<a{{ lang_attr(lang="en") }}>{{ t(key="nav.home") }}</a>{% endif %}{% for x in [1] %}{{ t(key="status." ~ status) }}<p{{ lang_attr(lang="vi") }}>{% endfor %}{{ t(key="amendments.revision_n", revision=3) }}"#;
        let (called, inlined) = both(template);
        assert_eq!(called, inlined);
        assert!(inlined.contains("<a lang=\"en\">Trang chủ") && inlined.contains("<p>"), "{inlined}");
    }

    #[test]
    fn only_fixed_calls_become_text() {
        let mut tera = Tera::default();
        let template = r#"{{ t(key="nav.home") }}{{ t(key="x.unknown") }}{{ t(key="status." ~ s) }}{{ lang_attr(lang='x" y') }}{{ lang_attr(lang=d.lang) }}"#;
        tera.add_raw_template("x.html", template).unwrap();
        let catalog = Catalog::builtin();
        inline(&mut tera, catalog.strings("vi").unwrap(), "vi");
        let ast = &tera.templates["x.html"].ast;
        assert!(matches!(&ast[0], Node::Text(t) if t == "Trang chủ"));
        assert!(matches!(ast[1], Node::VariableBlock(..)), "an unknown key keeps failing at render");
        assert!(matches!(ast[2], Node::VariableBlock(..)));
        assert!(matches!(ast[3], Node::VariableBlock(..)), "an invalid tag keeps failing at render");
        assert!(matches!(ast[4], Node::VariableBlock(..)), "a tag known only at render");
    }
}
