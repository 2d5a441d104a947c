//! The shape of the code (issue 17, item 5): a stage imports earlier stages, the model,
//! diagnostics and small leaf modules, never a later stage, and no two modules import each
//! other, even through others. Read from the source: every `crate::…` path between top-level
//! modules, and `super::…` paths between render's modules (tests left out).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Edges = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// The stages in order, and the modules that sit at each; a module may import its own rank
/// and lower ones.
const RANKS: &[(&str, u32)] = &[
    ("read", 1),
    ("load", 2),
    ("history", 2),
    ("toml_error", 3),
    ("i18n", 4),
    ("config", 4),
    ("parse", 5),
    ("resolve", 6),
    ("report", 7),
    ("render", 8),
    ("write", 9),
    ("pipeline", 10),
    ("serve", 11),
    ("portal", 12),
    ("import", 12),
    ("cli", 13),
];

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src").with_extension("");
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    match parts.as_slice() {
        [render, sub, ..] if render == "render" && sub != "mod" => format!("render::{sub}"),
        [first, ..] => first.clone(),
        [] => unreachable!("a file has a name"),
    }
}

fn words(text: &str, after: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(after) {
        let rest = &text[at + after.len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let list = &list[..list.find('}').unwrap_or(0)];
            found.extend(list.split(',').filter_map(|item| item.trim().split("::").next()).map(str::to_owned));
        } else {
            found.push(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
        }
    }
    found.retain(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    found
}

fn edges() -> Edges {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges = Edges::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = &text[..text.find("#[cfg(test)]").unwrap_or(text.len())];
        // Doc links name modules without importing them.
        let code: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let code = code.as_str();
        let from = module_of(&src, &path);
        let mut targets: Vec<String> = words(code, "crate::");
        if from.starts_with("render::") {
            let subs =
                words(code, "super::").into_iter().filter(|s| src.join("render").join(format!("{s}.rs")).exists());
            targets.extend(subs.map(|s| format!("render::{s}")));
            targets.extend(words(code, "crate::render::").into_iter().map(|s| format!("render::{s}")));
        }
        let file = path.strip_prefix(&src).unwrap().display().to_string();
        for to in targets {
            let to = if to.starts_with("render::") && !src.join(format!("{}.rs", to.replace("::", "/"))).exists() {
                "render".to_owned()
            } else {
                to
            };
            if to != from {
                edges.entry(from.clone()).or_default().entry(to).or_default().insert(file.clone());
            }
        }
    }
    edges
}

/// The groups of modules that import each other, through others or directly.
fn loops(edges: &Edges) -> Vec<Vec<String>> {
    let reach = |from: &str| {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from.to_owned()]);
        while let Some(m) = todo.pop() {
            for to in edges.get(&m).into_iter().flat_map(|t| t.keys()) {
                if seen.insert(to.clone()) {
                    todo.push(to.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> = edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, from_m) in &reached {
        let group: Vec<String> =
            from_m.iter().filter(|other| reached.get(other).is_some_and(|r| r.contains(*m))).cloned().collect();
        if !group.is_empty() {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

#[test]
fn no_two_modules_import_each_other_issue_17() {
    let edges = edges();
    let loops = loops(&edges);
    let shown: Vec<String> = loops
        .iter()
        .map(|group| {
            let inner: Vec<String> = group
                .iter()
                .flat_map(|a| edges[a].iter().filter(|(b, _)| group.contains(b)).map(move |(b, files)| (a, b, files)))
                .map(|(a, b, files)| format!("{a} -> {b} ({files:?})"))
                .collect();
            inner.join("\n  ")
        })
        .collect();
    assert!(loops.is_empty(), "modules that import each other:\n  {}", shown.join("\n\n  "));
}

#[test]
fn no_stage_imports_a_later_stage_issue_17() {
    let rank =
        |module: &str| RANKS.iter().find(|(m, _)| *m == module.split("::").next().unwrap_or("")).map(|(_, r)| *r);
    let mut later = Vec::new();
    for (from, targets) in edges() {
        for (to, files) in targets {
            if let (Some(a), Some(b)) = (rank(&from), rank(&to)) {
                if b > a {
                    later.push(format!("{from} -> {to} ({files:?})"));
                }
            }
        }
    }
    assert!(later.is_empty(), "stages that import a later stage:\n  {}", later.join("\n  "));
}
