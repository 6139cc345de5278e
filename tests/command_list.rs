//! The app's commands are declared once, in `src-tauri/build.rs` (`COMMANDS`, which
//! puts them under the permission system). The handler list in `lib.rs`, the window's
//! capability and the one JS module that calls `invoke` must name exactly the same
//! commands: a command missing from one of them either cannot be called or is callable
//! without being declared. This test reads the four places as text and compares them.

use std::collections::BTreeSet;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"))
        + start.len();
    let len = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("`{end}` not found after `{start}`"));
    &text[from..from + len]
}

/// Every `"..."` string literal in a piece of text.
fn quoted(text: &str) -> BTreeSet<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn declared(build_rs: &str) -> BTreeSet<String> {
    quoted(between(build_rs, "const COMMANDS", "];"))
}

fn handlers(lib_rs: &str) -> BTreeSet<String> {
    between(lib_rs, "generate_handler![", "]")
        .split(',')
        .filter_map(|p| p.trim().rsplit("::").next())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

fn capability(json: &str) -> BTreeSet<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("capability JSON");
    v["permissions"]
        .as_array()
        .expect("permissions list")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|n| n.replace('-', "_"))
        .collect()
}

fn invoked(api_js: &str) -> BTreeSet<String> {
    api_js
        .split("call(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Names each list that differs from the declaration, with what it lacks or adds.
fn disagreements(declared: &BTreeSet<String>, lists: &[(&str, BTreeSet<String>)]) -> Vec<String> {
    lists
        .iter()
        .filter(|(_, l)| l != declared)
        .map(|(name, l)| {
            let missing: Vec<_> = declared.difference(l).collect();
            let extra: Vec<_> = l.difference(declared).collect();
            format!("{name}: missing {missing:?}, not declared {extra:?}")
        })
        .collect()
}

#[test]
fn every_place_names_exactly_the_declared_commands() {
    let declared = declared(&read("src-tauri/build.rs"));
    assert!(declared.len() >= 30, "COMMANDS parsed: {declared:?}");
    let lists = [
        ("lib.rs handlers", handlers(&read("src-tauri/src/lib.rs"))),
        (
            "capabilities/main.json",
            capability(&read("src-tauri/capabilities/main.json")),
        ),
        ("ui/api.js", invoked(&read("ui/api.js"))),
    ];
    let bad = disagreements(&declared, &lists);
    assert!(
        bad.is_empty(),
        "command lists disagree:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_reports_a_command_missing_or_undeclared() {
    let declared: BTreeSet<String> = ["a", "b"].map(String::from).into();
    let js = invoked(r#"x: () => call("a"), y: () => call("c", {})"#);
    let bad = disagreements(&declared, &[("ui/api.js", js)]);
    assert_eq!(bad.len(), 1);
    assert!(bad[0].contains("missing [\"b\"]"), "{bad:?}");
    assert!(bad[0].contains("not declared [\"c\"]"), "{bad:?}");

    let handlers = handlers("tauri::generate_handler![\n m::a,\n m::b,\n ]");
    assert!(disagreements(&declared, &[("lib.rs", handlers)]).is_empty());
    let cap = capability(r#"{"permissions":["core:event:allow-listen","allow-a"]}"#);
    assert_eq!(disagreements(&declared, &[("cap", cap)]).len(), 1);
}
