//! Every message key the UI uses exists in both catalogs (ui/locales/en.js and zh.js),
//! the two catalogs hold the same keys, every field Rust can reject has a label in both
//! languages, and every English/Chinese pair in the app's Rust code has real Chinese.
//! The scanners are tested on planted mistakes first, so a pass means something.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The text after each `needle` up to the closing quote (`"` or `` ` ``), for literal keys.
fn quoted_after(src: &str, needle: &str) -> Vec<String> {
    src.match_indices(needle)
        // `t("` must be the call `t`, not the end of `createElement("` or `closest("`.
        .filter(|(i, _)| {
            src[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'))
        })
        .filter_map(|(i, _)| {
            let rest = &src[i + needle.len()..];
            let end = rest.find('"')?;
            let key = &rest[..end];
            (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| key.to_string())
        })
        .collect()
}

/// Keys the page uses literally: `t("key"`, `data-i18n="key"`, `data-i18n-ph=…`, `data-i18n-aria=…`.
fn used_keys(js_and_html: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for needle in [
        "t(\"",
        "data-i18n=\"",
        "data-i18n-ph=\"",
        "data-i18n-aria=\"",
    ] {
        for k in quoted_after(js_and_html, needle) {
            // `t("st_" + x)` builds keys from a prefix: checked by the catalogs holding the same keys.
            if !k.ends_with('_') {
                keys.insert(k);
            }
        }
    }
    keys
}

/// Keys defined in a catalog file: lines `  key: "…"` inside `export default { … }`.
fn catalog_keys(src: &str) -> BTreeSet<String> {
    src.lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?;
            let (k, v) = l.split_once(':')?;
            (k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && v.trim_start().starts_with('"'))
            .then(|| k.to_string())
        })
        .collect()
}

fn missing(used: &BTreeSet<String>, en: &BTreeSet<String>, zh: &BTreeSet<String>) -> Vec<String> {
    let mut out = vec![];
    for k in used {
        if !en.contains(k) {
            out.push(format!("{k} (en)"));
        }
        if !zh.contains(k) {
            out.push(format!("{k} (zh)"));
        }
    }
    out.extend(
        en.symmetric_difference(zh)
            .map(|k| format!("{k} (only one catalog)")),
    );
    out
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `tr(lang, "English", "中文")` pairs: how many, and those whose Chinese half has no Chinese.
fn untranslated_pairs(rust: &str) -> (usize, Vec<String>) {
    let flat: String = rust.split_whitespace().collect::<Vec<_>>().join(" ");
    let pairs: BTreeSet<(String, String)> = flat
        .match_indices("tr(")
        .filter(|(i, _)| {
            flat[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .filter_map(|(i, _)| {
            let parts: Vec<&str> = flat[i..].splitn(6, '"').collect();
            // tr(l, "en", "zh") → [`tr(l, `, en, `, `, zh, …]
            let lang_arg = parts.first()?.strip_prefix("tr(")?.trim();
            (parts.len() >= 5
                && lang_arg.ends_with(',')
                && !lang_arg.contains('(')
                && parts[2].trim() == ",")
                .then(|| (parts[1].to_string(), parts[3].to_string()))
        })
        .collect();
    let bad = pairs
        .iter()
        .filter(|(_, zh)| !has_cjk(zh))
        .map(|(en, zh)| format!("{en} → {zh}"))
        .collect();
    (pairs.len(), bad)
}

fn ui_sources() -> String {
    let mut paths = vec![];
    files(&root().join("ui"), "js", &mut paths);
    paths.retain(|p| !p.to_string_lossy().contains("locales"));
    paths.push(root().join("ui/index.html"));
    paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_scanners_catch_planted_mistakes() {
    let used = used_keys(
        r#"t("known"); t("nope", { n }); el.closest("tr"); <b data-i18n-aria="also_nope">"#,
    );
    let en = catalog_keys("export default {\n  known: \"Known\",\n  extra: \"x\",\n};\n");
    let zh = catalog_keys("export default {\n  known: \"已知\",\n};\n");
    let m = missing(&used, &en, &zh);
    assert!(
        m.contains(&"nope (en)".to_string()) && m.contains(&"nope (zh)".to_string()),
        "{m:?}"
    );
    assert!(m.contains(&"also_nope (zh)".to_string()), "{m:?}");
    assert!(m.contains(&"extra (only one catalog)".to_string()), "{m:?}");
    assert!(
        !m.iter()
            .any(|x| x.starts_with("known") || x.starts_with("tr ")),
        "{m:?}"
    );
    let bad = untranslated_pairs(
        "tr(l, \"Saved.\", \"Saved.\"); tr(\n  l,\n  \"Gone.\",\n  \"已删除。\"\n)",
    );
    assert_eq!(bad, (2, vec!["Saved. → Saved.".to_string()]));
}

#[test]
fn every_ui_key_is_in_both_catalogs() {
    let used = used_keys(&ui_sources());
    assert!(used.len() > 150, "the scan found only {} keys", used.len());
    let en = catalog_keys(&fs::read_to_string(root().join("ui/locales/en.js")).unwrap());
    let zh = catalog_keys(&fs::read_to_string(root().join("ui/locales/zh.js")).unwrap());
    let m = missing(&used, &en, &zh);
    assert!(m.is_empty(), "missing message keys: {m:?}");
}

/// What is wrong with one key's texts: empty, Chinese in the English text, no Chinese
/// in the Chinese text, or an English tail (three English words in a row) on it.
fn text_faults(key: &str, en: &str, zh: &str) -> Vec<String> {
    let mut out = vec![];
    if en.trim().is_empty() || has_cjk(en) {
        out.push(format!("{key} (en): {en:?}"));
    }
    let english_run = zh
        .split(|c: char| !(c.is_ascii_alphabetic() || c == ' ' || c == '\''))
        .any(|run| run.split_whitespace().filter(|w| w.len() > 1).count() >= 3);
    if !has_cjk(zh) || english_run {
        out.push(format!("{key} (zh): {zh:?}"));
    }
    out
}

/// Every key of the Rust catalog with its English and Chinese text.
fn rust_catalog() -> Vec<(String, String, String)> {
    use flexus_core::messages::{ActionText, Field, Lang, Why};
    let mut out = vec![];
    let mut add = |key: String, text: &dyn Fn(Lang) -> String| {
        out.push((key, text(Lang::En), text(Lang::Zh)));
    };
    for k in Field::every() {
        add(format!("{k:?}"), &|l| k.label(l).to_string());
    }
    for k in Why::every() {
        add(format!("{k:?}"), &|l| k.text(l));
    }
    for k in flexus_core::catalog::CatalogError::every() {
        add(format!("{k:?}"), &|l| k.text(l));
    }
    for k in flexus_core::ApiError::every() {
        add(format!("{k:?}"), &|l| k.user_text(l).to_string());
    }
    for k in flexus_core::confirm::ConfirmError::every() {
        add(format!("{k:?}"), &|l| k.user_text(l).to_string());
    }
    for k in ActionText::every() {
        add(format!("{k:?}"), &|l| k.text(l).to_string());
    }
    for k in flexus_core::messages::CoverageText::every() {
        add(format!("{k:?}"), &|l| k.text(l));
    }
    for k in flexus_core::messages::IcsText::every() {
        add(format!("{k:?}"), &|l| k.text(l).to_string());
    }
    let newer = flexus_core::paths::NewerFormat {
        file: "settings.json".into(),
        found: 2,
        supported: 1,
    };
    add("NewerFormat".into(), &|l| newer.user_text(l));
    for due in flexus_core::expiry::Due::every() {
        let n = flexus_core::expiry::Notice {
            key: "k".into(),
            instance_id: "i".into(),
            name: "web".into(),
            due,
        };
        add(format!("{:?} title", n.due), &|l| n.title(l));
        add(format!("{:?} body", n.due), &|l| n.body(l));
    }
    out
}

#[test]
fn the_rust_catalog_check_catches_planted_mistakes() {
    assert!(text_faults("ok", "Renew now.", "请立即续费。").is_empty());
    assert_eq!(text_faults("a", "Renew now.", "Renew now.").len(), 1);
    assert_eq!(text_faults("b", "", "续费").len(), 1);
    assert_eq!(text_faults("c", "续费", "续费").len(), 1);
    // The bug of issue 14: a Chinese sentence with the English reason appended.
    assert_eq!(
        text_faults("d", "Name: must be short", "名称：must be short").len(),
        1
    );
    // Product words and values inside a Chinese sentence are fine.
    assert!(text_faults("e", "x", "区域 cn-north-4 在此站点不提供 Flexus L").is_empty());
}

#[test]
fn every_rust_message_key_has_a_text_in_both_languages() {
    let all = rust_catalog();
    assert!(all.len() > 90, "the catalog lists only {} keys", all.len());
    let faults: Vec<String> = all
        .iter()
        .flat_map(|(k, en, zh)| text_faults(k, en, zh))
        .collect();
    assert!(faults.is_empty(), "untranslated Rust messages: {faults:?}");
}

#[test]
fn validation_messages_come_out_wholly_in_the_chosen_language() {
    use flexus_core::messages::Lang;
    let bad = flexus_core::validate::hostname("a..b").unwrap_err();
    assert_eq!(bad.text(Lang::En), "Hostname: must not contain '..'");
    assert_eq!(bad.text(Lang::Zh), "主机名：不能包含“..”");
    assert_eq!(bad.to_string(), "hostname: must not contain '..'");
}

#[test]
fn the_app_pairs_no_texts_inline() {
    // Every sentence of the app (window process, app layer, tray agent) is in a
    // catalog (src-tauri/app/src/messages, checked by tests/app_messages.rs); an
    // inline `tr(lang, "en", "zh")` pair would escape that check.
    let mut app = vec![];
    for dir in ["src-tauri/src", "src-tauri/app/src", "src-tauri/tray/src"] {
        files(&root().join(dir), "rs", &mut app);
    }
    assert!(app.len() > 30, "the scan read only {} files", app.len());
    let rust: String = app.iter().map(|p| fs::read_to_string(p).unwrap()).collect();
    let (pairs, _) = untranslated_pairs(&rust);
    assert_eq!(pairs, 0, "texts paired inline instead of in the catalog");
    // The scan does find a pair (a zero above is not a blind scan).
    let planted = untranslated_pairs(r#"let x = tr(l, "Open", "Open");"#);
    assert_eq!((planted.0, planted.1.len()), (1, 1));
}
