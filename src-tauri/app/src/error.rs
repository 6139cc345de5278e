//! The one error type commands return, serialized once to
//! `{kind, code?, journal_id?, message, detail?}`. `kind` is what the page branches
//! on; `code` is the cloud's error code; `journal_id` is the activity-log entry a
//! money error is about ("Check now"); `message` is one friendly sentence in the UI
//! language, chosen here, when the error is serialized, from the catalogs
//! (`crate::messages` and `flexus_core::messages`); `detail` holds the technical part
//! (request id, the OS's words) behind the "Details" disclosure. Nothing on the way
//! carries a language. Never carries secrets: API errors are already redacted by the
//! client, and inputs are not echoed.

use std::sync::atomic::{AtomicU8, Ordering};

use flexus_core::actions::ActionError;
use flexus_core::keychain::KeychainError;
use flexus_core::messages::{ActionText, Lang};
use flexus_core::ApiError;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::messages::AppText;

/// What an error says: a key of the app's catalog, or a core error's sentence in
/// every language (the core's errors are not `Clone`, their texts are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    App(AppText),
    /// (English, Chinese), from the core's catalog.
    Core(String, String),
    /// Words from outside any catalog (a plugin's message), shown as they are.
    Plain(String),
}

impl Text {
    fn of(f: impl Fn(Lang) -> String) -> Text {
        Text::Core(f(Lang::En), f(Lang::Zh))
    }

    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Text::App(t), l) => t.text(l),
            (Text::Core(en, _), Lang::En) => en.clone(),
            (Text::Core(_, zh), Lang::Zh) => zh.clone(),
            (Text::Plain(s), _) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {}", .text.render(Lang::En))]
pub struct CmdError {
    pub kind: String,
    /// The cloud's error code, when the cloud answered with one.
    pub code: Option<String>,
    /// Boxed: errors travel in every `Result` and should stay small.
    pub text: Box<Text>,
    pub detail: Option<String>,
    /// The activity-log entry a money error is about (unknown outcome, or the
    /// unresolved action that blocks this one), for "Check now".
    pub journal_id: Option<String>,
}

pub type CmdResult<T> = Result<T, CmdError>;

/// The language the UI speaks, read when an error or a dialog title is shown. Set
/// by the settings store whenever the settings are loaded or changed.
static UI_LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_ui_lang(lang: Lang) {
    UI_LANG.store(u8::from(lang == Lang::Zh), Ordering::Relaxed);
}

pub fn ui_lang() -> Lang {
    if UI_LANG.load(Ordering::Relaxed) == 1 {
        Lang::Zh
    } else {
        Lang::En
    }
}

impl Serialize for CmdError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.kind)?;
        if let Some(c) = &self.code {
            m.serialize_entry("code", c)?;
        }
        if let Some(j) = &self.journal_id {
            m.serialize_entry("journal_id", j)?;
        }
        m.serialize_entry("message", &self.message())?;
        if let Some(d) = &self.detail {
            m.serialize_entry("detail", d)?;
        }
        m.end()
    }
}

impl CmdError {
    fn with_text(kind: &str, text: Text) -> Self {
        CmdError {
            kind: kind.into(),
            code: None,
            text: Box::new(text),
            detail: None,
            journal_id: None,
        }
    }

    /// An error of the app's own, its sentence from the app catalog.
    pub fn app(kind: &str, text: AppText) -> Self {
        Self::with_text(kind, Text::App(text))
    }

    /// Input the page sent that a command refuses.
    pub fn invalid(text: AppText) -> Self {
        Self::app("invalid_input", text)
    }

    /// Words from outside any catalog, shown as they are.
    pub fn plain(kind: &str, message: impl Into<String>) -> Self {
        Self::with_text(kind, Text::Plain(message.into()))
    }

    /// The sentence in the UI language (what the page shows).
    pub fn message(&self) -> String {
        self.text.render(ui_lang())
    }

    pub fn with_journal(mut self, id: &str) -> Self {
        self.journal_id = Some(id.to_string());
        self
    }

    /// The same error with its technical part for the "Details" disclosure.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// A review, quote or paid command refused because its confirmation is not valid.
    pub fn confirm(e: &flexus_core::confirm::ConfirmError) -> Self {
        Self::with_text(e.kind(), Text::of(|l| e.user_text(l).into())).with_detail(e.to_string())
    }

    /// The keychain failed: the sentence from the catalog, the OS's words in `detail`.
    pub fn keychain(detail: impl std::fmt::Display) -> Self {
        Self::with_text(
            "keychain",
            Text::of(|l| ActionText::Keychain.text(l).into()),
        )
        .with_detail(detail.to_string())
    }

    /// The one mapping of keychain failures to what the user sees.
    pub fn from_keychain(e: &KeychainError) -> Self {
        match e {
            KeychainError::Locked => CmdError::app("keychain_locked", AppText::KeychainLocked),
            KeychainError::TooLong(n) => {
                CmdError::app("keychain", AppText::KeysTooLong).with_detail(n.to_string())
            }
            e => CmdError::app("keychain", AppText::KeychainFailed).with_detail(e.to_string()),
        }
    }

    /// The activity log could not be read.
    pub fn journal_read(detail: impl std::fmt::Display) -> Self {
        Self::with_text(
            "journal",
            Text::of(|l| ActionText::JournalRead.text(l).into()),
        )
        .with_detail(detail.to_string())
    }

    pub fn from_api(e: &ApiError) -> Self {
        let mut c = Self::with_text(e.kind(), Text::of(|l| e.user_text(l).into()))
            .with_detail(e.to_string());
        c.code = e.code().map(str::to_string);
        c
    }

    pub fn from_action(e: &ActionError) -> Self {
        let text = Text::of(|l| e.user_text(l));
        match e {
            ActionError::Invalid(_) | ActionError::Catalog(_) => {
                Self::with_text("invalid_input", text)
            }
            ActionError::Api {
                source,
                unknown: true,
                journal_id,
            } => Self::with_text("outcome_unknown", text)
                .with_detail(source.to_string())
                .with_journal(journal_id),
            ActionError::Pending(p) => Self::with_text("pending", text)
                .with_detail(format!("{}, {}", p.describe(), p.time))
                .with_journal(&p.id),
            ActionError::Api { source, .. } => CmdError::from_api(source),
            ActionError::NoEvidence(source) => {
                Self::with_text("no_evidence", text).with_detail(source.to_string())
            }
            ActionError::Journal(m) => Self::with_text("journal", text).with_detail(m.clone()),
        }
    }
}

impl From<flexus_core::validate::Invalid> for CmdError {
    fn from(i: flexus_core::validate::Invalid) -> Self {
        Self::with_text("invalid_input", Text::of(|l| i.text(l)))
    }
}

impl From<flexus_core::purchase::FormError> for CmdError {
    fn from(e: flexus_core::purchase::FormError) -> Self {
        Self::with_text("invalid_input", Text::of(move |l| e.text(l)))
    }
}

impl From<flexus_core::catalog::CatalogError> for CmdError {
    fn from(e: flexus_core::catalog::CatalogError) -> Self {
        Self::with_text("invalid_input", Text::of(|l| e.text(l)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_serialized_once_in_the_language_of_the_moment() {
        let e = ApiError::Network {
            service: "bss".into(),
            detail: "error sending request".into(),
        };
        let c = CmdError::from_api(&e);
        assert_eq!(
            c.text.render(Lang::Zh),
            "无法连接华为云。请检查网络后重试。"
        );
        assert!(c.detail.clone().unwrap().contains("error sending request"));
        let json = serde_json::to_value(CmdError::app("x", AppText::NoSuchProfile)).unwrap();
        assert!(json.get("detail").is_none(), "no empty detail");
        assert!(json.get("journal_id").is_none(), "no empty journal id");
        assert_eq!(json["kind"], "x");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    #[test]
    fn validation_messages_follow_the_ui_language_without_an_english_tail() {
        let bad = flexus_core::validate::hostname("a..b").unwrap_err();
        let e = CmdError::from_action(&ActionError::Invalid(bad));
        let zh = e.text.render(Lang::Zh);
        assert!(zh.starts_with("主机名："), "{zh}");
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        assert!(e.text.render(Lang::En).starts_with("Hostname: "));
    }
}
