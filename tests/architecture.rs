//! The source tree keeps its layers (docs/architecture.md): every `crate::` path in a
//! library file names a module of its own layer or of one below, no two files import
//! each other through any chain, and no file grows past 500 lines without saying why
//! at its top. The check reads the sources, so it needs no extra tool.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers from the bottom up. `lab` and `research` share a rank: both sit on the
/// outputs and neither may import the other; so do `serve` and `study`, both on top.
const LAYERS: &[(&str, u32)] = &[
    ("model", 0),
    ("input", 1),
    ("rules", 2),
    ("solve", 3),
    ("round", 4),
    ("school", 5),
    ("output", 6),
    ("lab", 7),
    ("research", 7),
    ("serve", 8),
    ("study", 8),
];

/// Lines a file may have before it must say at its top why it is long.
const MAX_LINES: usize = 500;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/solve/pricing/layout.rs` → `["solve", "pricing", "layout"]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The source without comments and string literals, so a doc sentence or a message
/// that names a path is not an import, and `//` inside a string is not a comment.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                // A comment runs to the end of the line.
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                // A string literal (escapes skipped); its text is dropped.
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '\n' => out.push('\n'),
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            // A char literal such as '"' must not open a string.
            '\'' if chars.clone().nth(1) == Some('\'') => {
                out.push(c);
                out.push(chars.next().unwrap_or(' '));
            }
            c => out.push(c),
        }
    }
    out
}

/// Every path that follows `crate::`, with `{a, b::c}` groups expanded.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    prefixed_paths(code, "crate::", Vec::new())
}

/// Every path that follows `prefix` (a `crate::` or `super::` path), placed below
/// `base`, with groups expanded.
fn prefixed_paths(code: &str, prefix: &str, base: Vec<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().last();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        expand(rest, base.clone(), &mut out);
    }
    out
}

/// The paths a file names through `super::`, written from the crate root: `super` is
/// the parent of the file's module (for a `mod.rs`, of its folder).
fn super_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    // `super::` inside a `mod tests` block refers to the file itself.
    let code = match code.find("mod tests") {
        Some(i) => &code[..i],
        None => code,
    };
    let Some((_, parent)) = module.split_last() else {
        return Vec::new();
    };
    prefixed_paths(code, "super::", parent.to_vec())
}

/// Reads one path (or group) at the start of `text` below `prefix`.
fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    let mut t = text.trim_start();
    loop {
        if let Some(group) = t.strip_prefix('{') {
            let mut depth = 1;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        expand(&group[start..i], path.clone(), out);
                        start = i + 1;
                    }
                    _ => {}
                }
                if depth == 0 {
                    expand(&group[start..i], path.clone(), out);
                    return;
                }
            }
            return;
        }
        let end = t
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        if end == 0 {
            break;
        }
        path.push(t[..end].to_string());
        t = &t[end..];
        match t.strip_prefix("::") {
            Some(more) => t = more.trim_start(),
            None => break,
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

struct Tree {
    /// Module path of each library file.
    modules: BTreeMap<Vec<String>, PathBuf>,
    /// File → files it names.
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn library_tree() -> Tree {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut modules = BTreeMap::new();
    for f in &files {
        let m = module_path(&src, f);
        // The binary (`main.rs`, `cli/`) sits above everything and uses the library
        // only through its public API; `lib.rs` is the facade that re-exports it.
        if m.first()
            .is_some_and(|p| p == "cli" || p == "main" || p == "lib")
        {
            continue;
        }
        modules.insert(m, f.clone());
    }
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, f) in &modules {
        let code = code_only(&fs::read_to_string(f).unwrap());
        let targets = edges.entry(m.clone()).or_default();
        let mut paths = crate_paths(&code);
        paths.extend(super_paths(&code, m));
        for path in paths {
            // The longest prefix of the path that is a file is the module it imports.
            // Inside the library every path is written in full (not through the
            // facade's re-exports), so a path that names no module is a mistake.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains_key(p))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: `crate::{}` names no module",
                        f.display(),
                        path.join("::")
                    )
                });
            if &target != m && !m.starts_with(&target) {
                targets.insert(target);
            }
        }
    }
    Tree { modules, edges }
}

fn rank(m: &[String]) -> Option<(&'static str, u32)> {
    let top = m.first()?;
    LAYERS.iter().copied().find(|(name, _)| name == top)
}

#[test]
fn every_library_file_belongs_to_a_layer() {
    let tree = library_tree();
    let stray: Vec<String> = tree
        .modules
        .keys()
        .filter(|m| !m.is_empty() && rank(m).is_none())
        .map(|m| m.join("::"))
        .collect();
    assert!(stray.is_empty(), "files outside every layer: {stray:?}");
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let tree = library_tree();
    let mut wrong = Vec::new();
    for (from, targets) in &tree.edges {
        let Some((from_layer, from_rank)) = rank(from) else {
            continue;
        };
        for to in targets {
            let Some((to_layer, to_rank)) = rank(to) else {
                continue;
            };
            if to_rank > from_rank || (to_rank == from_rank && to_layer != from_layer) {
                wrong.push(format!("{} → {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_cycle_between_files() {
    let tree = library_tree();
    // Depth-first search with colours; a grey node met again closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let nodes: Vec<&Vec<String>> = tree.modules.keys().collect();
    let index: BTreeMap<&Vec<String>, usize> =
        nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut colour = vec![Colour::White; nodes.len()];
    let mut cycles = Vec::new();
    fn visit(
        v: usize,
        nodes: &[&Vec<String>],
        index: &BTreeMap<&Vec<String>, usize>,
        tree: &Tree,
        colour: &mut [Colour],
        stack: &mut Vec<usize>,
        cycles: &mut Vec<String>,
    ) {
        colour[v] = Colour::Grey;
        stack.push(v);
        for to in tree.edges.get(nodes[v]).into_iter().flatten() {
            let w = index[to];
            match colour[w] {
                Colour::White => visit(w, nodes, index, tree, colour, stack, cycles),
                Colour::Grey => {
                    let at = stack.iter().position(|&s| s == w).unwrap();
                    let mut names: Vec<String> =
                        stack[at..].iter().map(|&s| nodes[s].join("::")).collect();
                    names.push(nodes[w].join("::"));
                    cycles.push(names.join(" → "));
                }
                Colour::Black => {}
            }
        }
        stack.pop();
        colour[v] = Colour::Black;
    }
    for v in 0..nodes.len() {
        if colour[v] == Colour::White {
            visit(
                v,
                &nodes,
                &index,
                &tree,
                &mut colour,
                &mut Vec::new(),
                &mut cycles,
            );
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn long_files_say_why_at_their_top() {
    let tree = library_tree();
    let mut long = Vec::new();
    for f in tree.modules.values() {
        let text = fs::read_to_string(f).unwrap();
        let lines = text.lines().count();
        let explained = text
            .lines()
            .take(12)
            .any(|l| l.starts_with("//!") && l.contains("Long file:"));
        if lines > MAX_LINES && !explained {
            long.push(format!("{} ({lines} lines)", f.display()));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines without a reason: {long:?}"
    );
}

#[test]
fn the_checker_resolves_super_and_skips_strings() {
    let code = code_only(
        "use super::settings::{Stats, TOL};\nlet url = \"http://x\"; let p = crate::model::county::County;\nlet q = \"crate::lab::x\";",
    );
    let module = ["solve".to_string(), "pricing".into(), "layout".into()];
    let supers: Vec<String> = super_paths(&code, &module)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        supers,
        [
            "solve::pricing::settings::Stats",
            "solve::pricing::settings::TOL"
        ]
    );
    let paths: Vec<String> = crate_paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["model::county::County"]);
}

#[test]
fn the_checker_sees_grouped_imports_and_skips_comments() {
    let code = code_only(
        "use crate::model::{county::{County, Zone}, policy::Policy};\n// crate::lab::x\nlet a = crate::rules::verify::verify(x);",
    );
    let paths: Vec<String> = crate_paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        [
            "model::county::County",
            "model::county::Zone",
            "model::policy::Policy",
            "rules::verify::verify"
        ]
    );
}
