//! Interface strings written into an engine's compiled templates. Most `t(key="…")` calls name
//! a fixed string with no placeholders, and an engine has one language, so such a call always
//! prints the same text: replacing it by that text (escaped as the call's output would be) once
//! per engine spares the function call on every page — a page makes about 150. Calls with
//! arguments, computed keys, filters or whitespace control, and keys the language lacks (which
//! must keep failing with their message), are left as they are.

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

use crate::i18n::Strings;

/// Replaces the fixed `t(key="…")` calls of every template of `tera` by their text in `strings`.
pub fn inline(tera: &mut Tera, strings: &Strings) {
    for (name, template) in tera.templates.iter_mut() {
        let escape = name.ends_with(".html") || name.ends_with(".xml");
        let text = |key: &str| -> Option<String> {
            let filled = crate::i18n::fill(strings.try_get(key)?, |_| None).ok()?;
            Some(if escape { tera::escape_html(&filled) } else { filled })
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

fn rewrite(nodes: &mut [Node], text: &dyn Fn(&str) -> Option<String>) {
    for node in nodes {
        match node {
            Node::VariableBlock(ws, expr) if !ws.left && !ws.right => {
                if let Some(fixed) = fixed_key(expr).and_then(text) {
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

/// The key of `t(key="…")` when that is the whole expression.
fn fixed_key(expr: &Expr) -> Option<&str> {
    if expr.negated || !expr.filters.is_empty() {
        return None;
    }
    let ExprVal::FunctionCall(call) = &expr.val else { return None };
    if call.name != "t" || call.args.len() != 1 {
        return None;
    }
    let key = call.args.get("key")?;
    match &key.val {
        ExprVal::String(key_text) if !key.negated && key.filters.is_empty() => Some(key_text.as_str()),
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
        inline(&mut tera, &strings);
        (called, tera.render("x.html", &context).unwrap())
    }

    #[test]
    fn inlined_strings_print_what_the_calls_printed() {
        let template = r#"{% if true %}<a>{{ t(key="nav.home") }}</a>{% endif %}{% for x in [1] %}{{ t(key="status." ~ status) }}{% endfor %}{{ t(key="amendments.revision_n", revision=3) }}"#;
        let (called, inlined) = both(template);
        assert_eq!(called, inlined);
        assert!(inlined.contains("Trang chủ"), "{inlined}");
    }

    #[test]
    fn only_fixed_calls_become_text() {
        let mut tera = Tera::default();
        tera.add_raw_template("x.html", r#"{{ t(key="nav.home") }}{{ t(key="x.unknown") }}{{ t(key="status." ~ s) }}"#)
            .unwrap();
        let catalog = Catalog::builtin();
        inline(&mut tera, catalog.strings("vi").unwrap());
        let ast = &tera.templates["x.html"].ast;
        assert!(matches!(&ast[0], Node::Text(t) if t == "Trang chủ"));
        assert!(matches!(ast[1], Node::VariableBlock(..)), "an unknown key keeps failing at render");
        assert!(matches!(ast[2], Node::VariableBlock(..)));
    }
}
