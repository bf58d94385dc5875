//! The library's layering, read from its source: no import cycle between top-level modules or
//! between the files of a module, `sweep` below `report`, and the terminal (indicatif) in the
//! binary only.
//!
//! A file's dependencies are the modules its code names as `crate::a::b` or `super::x`
//! (test modules excluded); `src/cli/` and `src/main.rs` are the binary, outside the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::crate_path;

type ModPath = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/report/sweep/plots.rs` → [report, sweep, plots]; `mod.rs` names its folder.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("below src");
    let mut parts: ModPath = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The identifiers after `prefix` in `text`, each as a path of up to two segments.
fn paths_after(text: &str, prefix: &str) -> Vec<ModPath> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        rest = &rest[i + prefix.len()..];
        let segments: ModPath = rest
            .split("::")
            .take(2)
            .map(|s| {
                s.chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|s| !s.is_empty())
            .collect();
        if !segments.is_empty() {
            out.push(segments);
        }
    }
    out
}

/// Module → the modules it names (paths of the same depth or shorter).
fn dependencies() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let src = crate_path("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        if module.first().is_some_and(|m| m == "cli") || module == ["main"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read source");
        let code = match text.find("#[cfg(test)]") {
            Some(i) => &text[..i],
            None => &text,
        };
        // `super` of `a/b/x.rs` ([a, b, x]) and of `a/b/mod.rs` ([a, b]) is module[..len − 1].
        let parent = &module[..module.len().saturating_sub(1)];
        let mut deps: BTreeSet<ModPath> = paths_after(code, "crate::").into_iter().collect();
        for p in paths_after(code, "super::") {
            let mut full = parent.to_vec();
            full.push(p[0].clone());
            deps.insert(full);
        }
        graph.insert(module, deps);
    }
    graph
}

/// Some cycle of `graph`, if there is one.
fn find_cycle(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Option<Vec<ModPath>> {
    fn visit(
        node: &ModPath,
        graph: &BTreeMap<ModPath, BTreeSet<ModPath>>,
        stack: &mut Vec<ModPath>,
        done: &mut BTreeSet<ModPath>,
    ) -> Option<Vec<ModPath>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if !done.insert(node.clone()) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

fn show(cycle: &[ModPath]) -> String {
    cycle
        .iter()
        .map(|m| m.join("::"))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[test]
fn no_import_cycles() {
    let deps = dependencies();
    // Top level: crate::a → crate::b.
    let mut top: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, names) in &deps {
        let Some(a) = module.first() else { continue };
        for n in names {
            if n[0] != *a {
                top.entry(vec![a.clone()])
                    .or_default()
                    .insert(vec![n[0].clone()]);
            }
        }
    }
    assert!(
        top.contains_key(&vec!["sim".to_string()]),
        "the graph was read"
    );
    if let Some(c) = find_cycle(&top) {
        panic!("import cycle between top-level modules: {}", show(&c));
    }
    // Files of one module: a::x → a::y.
    let mut files: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, names) in &deps {
        if module.len() < 2 {
            continue;
        }
        let parent = &module[..module.len() - 1];
        for n in names {
            if n.len() >= module.len() && n[..parent.len()] == *parent {
                let sibling = n[..module.len()].to_vec();
                if sibling != *module && deps.contains_key(&sibling) {
                    files.entry(module.clone()).or_default().insert(sibling);
                }
            }
        }
    }
    if let Some(c) = find_cycle(&files) {
        panic!("import cycle between the files of a module: {}", show(&c));
    }
    // Sweeps compute with sim, the reports present them: never the other way.
    for (module, names) in &deps {
        if module.first().is_some_and(|m| m == "sweep" || m == "sim") {
            assert!(
                !names.iter().any(|n| n[0] == "report"),
                "{} uses report",
                module.join("::")
            );
        }
    }
}

#[test]
fn the_terminal_is_the_binary_s() {
    let src = crate_path("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    for file in files {
        let module = module_of(&src, &file);
        if module.first().is_some_and(|m| m == "cli") || module == ["main"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read source");
        assert!(
            !text.contains("indicatif"),
            "{} uses indicatif (progress goes through sim::Progress)",
            file.display()
        );
        checked += 1;
    }
    assert!(checked > 30, "{checked} library files read");
}
