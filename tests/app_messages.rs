//! Every key of the app's message catalog has a real text in both languages, and
//! errors choose their language when they are serialized, not when they are made.
//! The check is tried on planted mistakes first, so a pass means something.

use flexus_core::messages::Lang;
use flexus_desk::error::{set_ui_lang, CmdError};
use flexus_desk::messages::AppText;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// What is wrong with one key's texts: empty, Chinese in the English one, no Chinese
/// in the Chinese one, or an English tail (three English words in a row) on it.
fn faults(key: &str, en: &str, zh: &str) -> Vec<String> {
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

#[test]
fn the_check_catches_planted_mistakes() {
    assert!(faults("ok", "No such profile.", "没有该账户。").is_empty());
    assert_eq!(faults("same", "Saved.", "Saved.").len(), 1);
    assert_eq!(faults("empty", "", "已保存").len(), 1);
    assert_eq!(
        faults("tail", "name: too long", "名称：too long for it").len(),
        1
    );
}

#[test]
fn every_app_text_exists_in_both_languages() {
    let all = AppText::every();
    assert!(all.len() >= 30, "only {} keys listed", all.len());
    let bad: Vec<String> = all
        .iter()
        .flat_map(|k| faults(&format!("{k:?}"), &k.text(Lang::En), &k.text(Lang::Zh)))
        .collect();
    assert!(bad.is_empty(), "untranslated app texts: {bad:?}");
}

#[test]
fn an_error_speaks_the_language_of_the_moment_it_is_shown() {
    let e = CmdError::app("not_found", AppText::NoSuchProfile).with_journal("j-1");
    set_ui_lang(Lang::Zh);
    let zh = serde_json::to_value(&e).unwrap();
    set_ui_lang(Lang::En);
    let en = serde_json::to_value(&e).unwrap();
    assert_eq!(zh["message"], "没有该账户。");
    assert_eq!(en["message"], "No such profile.");
    assert_eq!(
        en["journal_id"], "j-1",
        "the journal id is a field, not in the text"
    );
    assert_eq!(en["kind"], "not_found");
    let keys: Vec<&String> = en.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["journal_id", "kind", "message"]);
}
