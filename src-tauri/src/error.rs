//! The one error type commands return: `{kind, message, detail?}`. `message` is one
//! friendly sentence in the UI language saying what happened and what to do; `detail`
//! holds the technical part (codes, request id, journal id) that the UI shows behind a
//! "Details" disclosure. Never carries secrets: API errors are already redacted by
//! the client, and inputs are not echoed.

use std::sync::atomic::{AtomicU8, Ordering};

use flexus_core::actions::ActionError;
use flexus_core::expiry::Lang;
use flexus_core::ApiError;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct CmdError {
    pub kind: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The activity-log entry a money error is about (unknown outcome, or the
    /// unresolved action that blocks this one), for "Check now".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal_id: Option<String>,
}

pub type CmdResult<T> = Result<T, CmdError>;

/// The language the UI speaks, for errors made by `?` conversions (which have no
/// state at hand). Set from the settings whenever they are loaded or changed.
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

pub fn tr(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}

impl CmdError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        CmdError {
            kind: kind.into(),
            message: message.into(),
            detail: None,
            journal_id: None,
        }
    }

    pub fn with_journal(mut self, id: &str) -> Self {
        self.journal_id = Some(id.to_string());
        self
    }

    /// A review, quote or paid command refused because its confirmation is not valid.
    pub fn confirm(lang: Lang, e: &flexus_core::confirm::ConfirmError) -> Self {
        use flexus_core::confirm::ConfirmError as C;
        let (en, zh) = match e {
            C::Unknown => (
                "This confirmation was already used or has expired. Nothing was sent; review again.",
                "该确认已使用或已过期。未发送任何请求；请重新确认。",
            ),
            C::Expired => (
                "This review is too old. Nothing was sent; review again.",
                "该确认已过期。未发送任何请求；请重新确认。",
            ),
            C::OtherProfile { .. } => (
                "The account changed since this was reviewed. Nothing was sent; review again on the account that should pay.",
                "确认后账户已切换。未发送任何请求；请在要付款的账户上重新确认。",
            ),
            C::PriceChanged { .. } => (
                "The price changed since it was shown. Nothing was sent; review the new price.",
                "价格已变化。未发送任何请求；请查看新价格。",
            ),
        };
        CmdError::new(e.kind(), tr(lang, en, zh)).with_detail(e.to_string())
    }

    /// The same error with its technical part for the "Details" disclosure.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The keychain failed: a sentence in the UI language, the OS's words in `detail`.
    pub fn keychain(detail: impl std::fmt::Display) -> Self {
        let l = ui_lang();
        CmdError::new(
            "keychain",
            tr(
                l,
                "The system keychain could not be used. Unlock it (or log in again), then try again.",
                "无法使用系统钥匙串。请解锁（或重新登录）后重试。",
            ),
        )
        .with_detail(detail.to_string())
    }

    /// The activity log could not be read.
    pub fn journal_read(detail: impl std::fmt::Display) -> Self {
        let l = ui_lang();
        CmdError::new(
            "journal",
            tr(
                l,
                "The activity log could not be read. Check the disk, then try again.",
                "无法读取操作记录。请检查磁盘后重试。",
            ),
        )
        .with_detail(detail.to_string())
    }

    pub fn invalid(lang: Lang, field: &str, en: &str, zh: &str) -> Self {
        let sep = if lang == Lang::Zh { "：" } else { ": " };
        CmdError::new("invalid_input", format!("{field}{sep}{}", tr(lang, en, zh)))
    }

    pub fn from_api(lang: Lang, e: &ApiError) -> Self {
        CmdError::new(e.kind(), e.user_text(lang)).with_detail(e.to_string())
    }

    pub fn from_action(lang: Lang, e: &ActionError) -> Self {
        match e {
            ActionError::Invalid(i) => CmdError::new("invalid_input", i.text(lang)),
            ActionError::Catalog(c) => CmdError::new("invalid_input", c.text(lang)),
            ActionError::Api {
                source,
                unknown: true,
                journal_id,
            } => CmdError::new(
                "outcome_unknown",
                tr(
                    lang,
                    "The answer was lost, so it is unknown whether this went through. Nothing was sent again; checking the orders now.",
                    "未收到应答，无法确定操作是否成功。未重复发送；正在核对订单。",
                ),
            )
            .with_detail(format!("[{journal_id}] {source}"))
            .with_journal(journal_id),
            ActionError::Pending(p) => CmdError::new(
                "pending",
                tr(
                    lang,
                    "Nothing was sent: an earlier paid action on this has no known outcome yet. Use “Check now” to look for it first.",
                    "未发送任何请求：此前对其的付费操作结果尚未确认。请先点击“立即核对”。",
                ),
            )
            .with_detail(format!("{}, {}", p.describe(), p.time))
            .with_journal(&p.id),
            ActionError::Api { source, .. } => CmdError::from_api(lang, source),
            ActionError::NoEvidence(source) => CmdError::new(
                "no_evidence",
                tr(
                    lang,
                    "Nothing was sent: the cloud's clock or the current expiry could not be read, so a lost answer could not be checked later. Try again.",
                    "未发送任何请求：无法读取云端时间或当前到期时间，若应答丢失将无法核对。请重试。",
                ),
            )
            .with_detail(source.to_string()),
            ActionError::Journal(m) => CmdError::new(
                "journal",
                tr(
                    lang,
                    "The activity log could not be written, so nothing was sent. Check disk space.",
                    "无法写入操作日志，因此未发送任何请求。请检查磁盘空间。",
                ),
            )
            .with_detail(m.clone()),
        }
    }
}

impl From<flexus_core::validate::Invalid> for CmdError {
    fn from(i: flexus_core::validate::Invalid) -> Self {
        CmdError::new("invalid_input", i.text(ui_lang()))
    }
}

impl From<flexus_core::catalog::CatalogError> for CmdError {
    fn from(e: flexus_core::catalog::CatalogError) -> Self {
        CmdError::new("invalid_input", e.text(ui_lang()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_are_one_sentence_with_the_technical_part_in_detail() {
        let e = ApiError::Network {
            service: "bss".into(),
            detail: "error sending request".into(),
        };
        let c = CmdError::from_api(Lang::Zh, &e);
        assert_eq!(c.message, "无法连接华为云。请检查网络后重试。");
        assert!(c.detail.unwrap().contains("error sending request"));
        let json = serde_json::to_value(CmdError::new("x", "y")).unwrap();
        assert!(json.get("detail").is_none(), "no empty detail");
    }

    #[test]
    fn validation_messages_follow_the_ui_language_without_an_english_tail() {
        let bad = flexus_core::validate::hostname("a..b").unwrap_err();
        let zh = CmdError::from_action(Lang::Zh, &ActionError::Invalid(bad.clone())).message;
        let en = CmdError::from_action(Lang::En, &ActionError::Invalid(bad)).message;
        assert!(zh.starts_with("主机名："), "{zh}");
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        assert!(en.starts_with("Hostname: "), "{en}");
    }
}
