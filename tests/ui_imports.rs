//! The page's modules import one way: no circle of ES module imports under `ui/`
//! (views and dialogs announce what happened through `ui/lib/bus.js` instead of
//! importing the views above them). Read from the files as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            js_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "js") {
            out.push(p);
        }
    }
}

/// Relative module paths a file imports: `from "./x.js"` and `import("./x.js")`.
fn imports(src: &str) -> Vec<String> {
    let mut found = vec![];
    for marker in ["from \"", "import(\""] {
        for (i, _) in src.match_indices(marker) {
            let rest = &src[i + marker.len()..];
            if let Some(end) = rest.find('"') {
                let spec = &rest[..end];
                if spec.starts_with("./") || spec.starts_with("../") {
                    found.push(spec.to_string());
                }
            }
        }
    }
    found
}

/// Lexically resolves `spec` against the folder of `from` (both relative to ui/).
fn resolve(from: &str, spec: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for s in spec.split('/') {
        match s {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Every circle of the graph, as the path that closes it (empty when there is none).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        if let Some(i) = path.iter().position(|p| p == n) {
            found.push(path[i..].iter().cloned().chain([n.to_string()]).collect());
            return;
        }
        if done.contains(n) {
            return;
        }
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            visit(m, g, path, done, found);
        }
        path.pop();
        done.insert(n.to_string());
    }
    let (mut done, mut found) = (BTreeSet::new(), vec![]);
    for n in graph.keys() {
        visit(n, graph, &mut vec![], &mut done, &mut found);
    }
    found
}

fn graph_of(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    files
        .iter()
        .map(|(name, src)| {
            let to = imports(src).iter().map(|s| resolve(name, s)).collect();
            (name.clone(), to)
        })
        .collect()
}

#[test]
fn the_page_modules_import_without_a_circle() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut paths = vec![];
    js_files(&ui, &mut paths);
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p
                .strip_prefix(&ui)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let graph = graph_of(&files);
    assert!(graph.len() > 30, "read only {} modules", graph.len());
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges > 100, "found only {edges} imports: the scan is blind");
    assert_eq!(
        circles(&graph),
        Vec::<Vec<String>>::new(),
        "import circles in ui/"
    );
}

#[test]
fn the_circle_check_finds_a_planted_circle() {
    let files = [
        ("app.js", r#"import { a } from "./views/a.js";"#),
        ("views/a.js", r#"import { b } from "../dialogs/b.js";"#),
        (
            "dialogs/b.js",
            r#"const { a } = await import("../views/a.js");"#,
        ),
        ("lib/bus.js", ""),
    ];
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let found = circles(&graph_of(&files));
    assert_eq!(
        found,
        vec![vec!["views/a.js", "dialogs/b.js", "views/a.js"]]
    );
}
