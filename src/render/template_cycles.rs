//! Include and macro recursion in templates, found before anything renders.
//!
//! Tera renders `{% include %}` and macro calls by recursing on the thread's stack with no depth
//! limit, so a template that includes itself (a theme override of `procedure.html` including
//! `procedure.html`) or a macro that calls itself, directly or through others, overflows the
//! stack. That is an abort: no diagnostic, no cleanup (issue 16, finding 6). Tera keeps no
//! position in its syntax tree, but it does keep the tree: this module walks every template for
//! includes, parents (`extends`) and macro calls, and reports each cycle as an error naming the
//! templates and macros on it, at the line of the call that closes it.
//!
//! Every cycle is refused, also a recursive macro that would stop on its own (a tree walk with a
//! base case): the manual's data has no trees that need one, and telling the two apart needs
//! running the template.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

/// A place templates can recurse through: a whole template or one macro of a template file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vertex {
    Template(String),
    Macro { file: String, name: String },
}

impl std::fmt::Display for Vertex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Vertex::Template(name) => write!(f, "`{name}`"),
            Vertex::Macro { file, name } => write!(f, "macro `{name}` of `{file}`"),
        }
    }
}

/// How one vertex reaches another, for the message and the line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Include(String),
    Extends(String),
    Import(String),
    Call { namespace: String, name: String },
}

impl Step {
    /// Text that appears in the template at the call, to find its line.
    pub fn needle(&self) -> String {
        match self {
            Step::Include(name) | Step::Extends(name) | Step::Import(name) => format!("\"{name}\""),
            Step::Call { namespace, name } => format!("{namespace}::{name}"),
        }
    }
}

/// A cycle: the vertices in order (the first is reached again after the last) and the step
/// each takes to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub path: Vec<(Vertex, Step)>,
}

impl Cycle {
    /// "`a.html` includes `b.html`, which includes `a.html` again".
    pub fn describe(&self) -> String {
        let mut text = self.path.first().map(|(vertex, _)| vertex.to_string()).unwrap_or_default();
        for (i, (_, step)) in self.path.iter().enumerate() {
            if i > 0 {
                text.push_str(", which");
            }
            text.push_str(&match step {
                Step::Include(name) => format!(" includes `{name}`"),
                Step::Extends(name) => format!(" extends `{name}`"),
                Step::Import(name) => format!(" imports `{name}`"),
                Step::Call { namespace, name } => format!(" calls `{namespace}::{name}`"),
            });
        }
        text.push_str(" again");
        text
    }
}

type Graph = BTreeMap<Vertex, Vec<(Step, Vertex)>>;

/// The graph of macro imports: Tera loads a template's imports before it records the template as
/// loaded, so a file that imports itself, directly or through others, recurses as well.
fn imports(tera: &Tera) -> Graph {
    let mut graph = Graph::new();
    for (name, template) in &tera.templates {
        let mut out: Vec<(Step, Vertex)> = template
            .imported_macro_files
            .iter()
            .map(|(file, _)| (Step::Import(file.clone()), Vertex::Template(file.clone())))
            .collect();
        out.sort();
        out.dedup();
        graph.insert(Vertex::Template(name.clone()), out);
    }
    graph
}

/// The graph of includes, parents and macro calls of a set of parsed templates.
fn calls(tera: &Tera) -> Graph {
    let namespaces = namespaces(tera);
    let mut graph = Graph::new();
    for (name, template) in &tera.templates {
        let scope = namespaces.get(name.as_str());
        let mut out = Vec::new();
        if let Some(parent) = &template.parent {
            if tera.templates.contains_key(parent) {
                out.push((Step::Extends(parent.clone()), Vertex::Template(parent.clone())));
            }
        }
        nodes(&template.ast, tera, scope, &mut out);
        graph.insert(Vertex::Template(name.clone()), out);
        for (macro_name, definition) in &template.macros {
            let mut out = Vec::new();
            nodes(&definition.body, tera, scope, &mut out);
            graph.insert(Vertex::Macro { file: name.clone(), name: macro_name.clone() }, out);
        }
    }
    for out in graph.values_mut() {
        out.sort();
        out.dedup();
    }
    graph
}

/// For each template, the file each macro namespace names, as Tera resolves it: `self`, the
/// template's imports, what those import, and its parents' namespaces, nearer ones first.
fn namespaces(tera: &Tera) -> HashMap<&str, HashMap<String, String>> {
    fn of<'t>(
        tera: &'t Tera,
        name: &'t str,
        done: &mut HashMap<&'t str, HashMap<String, String>>,
        visiting: &mut BTreeSet<&'t str>,
    ) -> HashMap<String, String> {
        if let Some(map) = done.get(name) {
            return map.clone();
        }
        let Some(template) = tera.templates.get(name) else { return HashMap::new() };
        if !visiting.insert(name) {
            return HashMap::new();
        }
        let mut map = HashMap::new();
        if !template.macros.is_empty() {
            map.insert("self".to_owned(), name.to_owned());
        }
        for (file, namespace) in &template.imported_macro_files {
            map.insert(namespace.clone(), file.clone());
            for (inner, target) in of(tera, file, done, visiting) {
                map.entry(inner).or_insert(target);
            }
        }
        for parent in &template.parents {
            for (inner, target) in of(tera, parent, done, visiting) {
                map.entry(inner).or_insert(target);
            }
        }
        visiting.remove(name);
        done.insert(name, map.clone());
        map
    }
    let mut done = HashMap::new();
    for name in tera.templates.keys() {
        of(tera, name, &mut done, &mut BTreeSet::new());
    }
    done
}

type Bindings<'a> = Option<&'a HashMap<String, String>>;

fn nodes(body: &[Node], tera: &Tera, scope: Bindings, out: &mut Vec<(Step, Vertex)>) {
    for node in body {
        match node {
            Node::Include(_, names, _) => {
                // Tera includes the first of the names that exists.
                if let Some(name) = names.iter().find(|n| tera.templates.contains_key(*n)) {
                    out.push((Step::Include(name.clone()), Vertex::Template(name.clone())));
                }
            }
            Node::VariableBlock(_, expr) => expression(expr, scope, out),
            Node::Set(_, set) => expression(&set.value, scope, out),
            Node::FilterSection(_, section, _) => {
                section.filter.args.values().for_each(|e| expression(e, scope, out));
                nodes(&section.body, tera, scope, out);
            }
            Node::Block(_, block, _) => nodes(&block.body, tera, scope, out),
            Node::Forloop(_, for_loop, _) => {
                expression(&for_loop.container, scope, out);
                nodes(&for_loop.body, tera, scope, out);
                if let Some(empty) = &for_loop.empty_body {
                    nodes(empty, tera, scope, out);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expression(condition, scope, out);
                    nodes(body, tera, scope, out);
                }
                if let Some((_, body)) = &branches.otherwise {
                    nodes(body, tera, scope, out);
                }
            }
            // Macro bodies are their own vertices; the rest holds no call.
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn expression(expr: &Expr, scope: Bindings, out: &mut Vec<(Step, Vertex)>) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expression(e, scope, out));
    }
    match &expr.val {
        ExprVal::MacroCall(call) => {
            if let Some(file) = scope.and_then(|s| s.get(&call.namespace)) {
                let step = Step::Call { namespace: call.namespace.clone(), name: call.name.clone() };
                out.push((step, Vertex::Macro { file: file.clone(), name: call.name.clone() }));
            }
            call.args.values().for_each(|e| expression(e, scope, out));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expression(e, scope, out)),
        ExprVal::Math(math) => {
            expression(&math.lhs, scope, out);
            expression(&math.rhs, scope, out);
        }
        ExprVal::Logic(logic) => {
            expression(&logic.lhs, scope, out);
            expression(&logic.rhs, scope, out);
        }
        ExprVal::In(within) => {
            expression(&within.lhs, scope, out);
            expression(&within.rhs, scope, out);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|e| expression(e, scope, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| expression(e, scope, out)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_)
        | ExprVal::StringConcat(_) => {}
    }
}

/// Every cycle of includes, parents and macro calls, then of macro imports, in a stable order;
/// a cycle that shares a template or macro with one already found is left out.
pub fn find(tera: &Tera) -> Vec<Cycle> {
    let mut cycles = cycles_of(&calls(tera));
    cycles.extend(cycles_of(&imports(tera)));
    cycles
}

/// Depth-first search with an explicit stack, so a long chain of templates cannot overflow this
/// stack either.
fn cycles_of(graph: &Graph) -> Vec<Cycle> {
    let mut state: BTreeMap<&Vertex, Visit> = BTreeMap::new();
    let mut cycles = Vec::new();
    let mut on_cycle: BTreeSet<Vertex> = BTreeSet::new();
    for start in graph.keys() {
        if state.contains_key(start) {
            continue;
        }
        // Each open vertex with the index of the next edge to follow from it.
        let mut stack: Vec<(&Vertex, usize)> = vec![(start, 0)];
        state.insert(start, Visit::Open);
        while let Some(top) = stack.len().checked_sub(1) {
            let (vertex, next) = stack[top];
            let Some((_, target)) = graph.get(vertex).and_then(|out| out.get(next)) else {
                state.insert(vertex, Visit::Done);
                stack.pop();
                continue;
            };
            stack[top].1 += 1;
            match state.get(target) {
                None => {
                    state.insert(target, Visit::Open);
                    stack.push((target, 0));
                }
                Some(Visit::Open) => {
                    // The stack from `target` to here, then the edge back, is a cycle; each
                    // vertex on it left by the edge before its next one.
                    let from = stack.iter().position(|(v, _)| *v == target).unwrap_or(0);
                    let path: Vec<(Vertex, Step)> = stack[from..]
                        .iter()
                        .filter_map(|&(v, n)| {
                            let (step, _) = graph.get(v)?.get(n.checked_sub(1)?)?;
                            Some((v.clone(), step.clone()))
                        })
                        .collect();
                    if path.iter().all(|(v, _)| !on_cycle.contains(v)) {
                        on_cycle.extend(path.iter().map(|(v, _)| v.clone()));
                        cycles.push(Cycle { path });
                    }
                }
                Some(Visit::Done) => {}
            }
        }
    }
    cycles
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Visit {
    Open,
    Done,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).expect("the test templates parse");
        tera
    }

    #[test]
    fn self_include_is_a_cycle() {
        let cycles = find(&tera(&[("a.html", "x{% include \"a.html\" %}")]));
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].describe(), "`a.html` includes `a.html` again");
    }

    #[test]
    fn mutual_include_through_a_parent_is_a_cycle() {
        let cycles = find(&tera(&[
            ("base.html", "{% block main %}{% endblock %}{% include \"footer.html\" %}"),
            ("footer.html", "{% include \"page.html\" %}"),
            ("page.html", "{% extends \"base.html\" %}{% block main %}p{% endblock %}"),
        ]));
        assert_eq!(cycles.len(), 1, "{cycles:?}");
        let text = cycles[0].describe();
        assert!(text.contains("includes `footer.html`") && text.contains("extends `base.html`"), "{text}");
    }

    #[test]
    fn direct_and_mutual_macro_recursion_are_cycles() {
        let cycles = find(&tera(&[
            ("m.html", "{% macro a(n) %}{{ self::a(n=n) }}{% endmacro a %}{% macro b() %}{% if true %}{{ self::c() }}{% endif %}{% endmacro b %}{% macro c() %}{% for x in [1] %}{{ 1 + self::b() | length }}{% endfor %}{% endmacro c %}"),
            ("page.html", "{% import \"m.html\" as page %}{{ page::a(n=1) }}{{ page::b() }}"),
        ]));
        let texts: Vec<String> = cycles.iter().map(Cycle::describe).collect();
        assert_eq!(
            texts,
            [
                "macro `a` of `m.html` calls `self::a` again",
                "macro `b` of `m.html` calls `self::c`, which calls `self::b` again"
            ]
        );
    }

    #[test]
    fn a_file_importing_itself_is_a_cycle() {
        let cycles = find(&tera(&[
            ("m.html", "{% import \"n.html\" as n %}{% macro a() %}a{% endmacro a %}"),
            ("n.html", "{% import \"m.html\" as m %}{% macro b() %}b{% endmacro b %}"),
        ]));
        let texts: Vec<String> = cycles.iter().map(Cycle::describe).collect();
        assert_eq!(texts, ["`m.html` imports `n.html`, which imports `m.html` again"]);
    }

    #[test]
    fn the_default_theme_has_no_cycle() {
        let mut tera = Tera::default();
        let templates: Vec<(String, String)> = crate::theme::DEFAULT_THEME
            .get_dir("templates")
            .map(|d| d.files())
            .into_iter()
            .flatten()
            .map(|f| {
                let name = f.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (name, f.contents_utf8().unwrap_or_default().to_owned())
            })
            .collect();
        assert!(templates.len() > 10, "the default theme's templates are embedded");
        tera.add_raw_templates(templates).expect("the default theme parses");
        assert_eq!(find(&tera), Vec::new());
    }

    #[test]
    fn shared_includes_and_macros_without_a_loop_are_fine() {
        let cycles = find(&tera(&[
            ("m.html", "{% macro a() %}{{ self::b() }}{{ self::b() }}{% endmacro a %}{% macro b() %}b{% endmacro b %}"),
            ("head.html", "h"),
            ("one.html", "{% import \"m.html\" as m %}{% include \"head.html\" %}{{ m::a() }}"),
            ("two.html", "{% include \"head.html\" %}{% include \"one.html\" %}"),
        ]));
        assert_eq!(cycles, Vec::new());
    }
}
