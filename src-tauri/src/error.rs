//! The one error type commands return: `{kind, message}` with the message in the
//! UI language, saying what happened and what to do. Never carries secrets: API
//! errors are already redacted by the client, and inputs are not echoed.

use flexus_core::actions::ActionError;
use flexus_core::expiry::Lang;
use flexus_core::ApiError;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct CmdError {
    pub kind: String,
    pub message: String,
    /// The activity-log entry a money error is about (unknown outcome, or the
    /// unresolved action that blocks this one), for "Check now".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal_id: Option<String>,
}

pub type CmdResult<T> = Result<T, CmdError>;

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
            C::Unknown => ("This confirmation was already used or has expired. Nothing was sent; review again.", "该确认已使用或已过期。未发送任何请求；请重新确认。"),
            C::Expired => ("This review is too old. Nothing was sent; review again.", "该确认已过期。未发送任何请求；请重新确认。"),
            C::OtherProfile { .. } => ("The account changed since this was reviewed. Nothing was sent; review again on the account that should pay.", "确认后账户已切换。未发送任何请求；请在要付款的账户上重新确认。"),
            C::PriceChanged { .. } => ("The price changed since it was shown. Nothing was sent; review the new price.", "价格已变化。未发送任何请求；请查看新价格。"),
        };
        CmdError::new(e.kind(), format!("{} ({e})", tr(lang, en, zh)))
    }

    pub fn invalid(lang: Lang, field: &str, en: &str, zh: &str) -> Self {
        CmdError::new("invalid_input", format!("{field}: {}", tr(lang, en, zh)))
    }

    pub fn from_api(lang: Lang, e: &ApiError) -> Self {
        let detail = e.to_string();
        let (en, zh) = match e {
            ApiError::Network { .. } => ("Could not reach Huawei Cloud. Check your internet connection and try again.", "无法连接华为云。请检查网络后重试。"),
            ApiError::Timeout { .. } => ("Huawei Cloud did not answer in time. Try again in a moment.", "华为云响应超时，请稍后重试。"),
            ApiError::Signature { .. } => ("Huawei Cloud rejected the access keys. Check the AK/SK (and security token) of this profile.", "华为云拒绝了访问密钥。请检查该账户的 AK/SK（及安全令牌）。"),
            ApiError::ClockSkew { .. } => ("This computer's clock is wrong. Correct the system time, then try again.", "本机时间不正确。请校准系统时间后重试。"),
            ApiError::Throttled { .. } => ("Too many requests right now. Wait a few seconds and try again.", "请求过于频繁，请稍等几秒后重试。"),
            ApiError::WrongSite { .. } => ("This account belongs to the other Huawei Cloud site. Edit the profile and switch between China and International.", "该账号属于另一个华为云站点。请在账户设置中切换中国站/国际站。"),
            ApiError::InsufficientBalance { .. } => ("Your account balance is too low. Top up in the Huawei Cloud console, then try again.", "账户余额不足。请在华为云控制台充值后重试。"),
            ApiError::InvalidParameter { .. } => ("Huawei Cloud did not accept the request.", "华为云未接受该请求。"),
            ApiError::Forbidden { .. } => ("These keys lack permission for this action. Ask the account owner to grant it.", "该密钥没有执行此操作的权限，请联系账号管理员授权。"),
            ApiError::NotFound { .. } => ("It no longer exists. Refresh the dashboard.", "目标已不存在，请刷新列表。"),
            ApiError::PartialFailure { .. } => ("Huawei Cloud did not accept every instance; the details name each one and the reason.", "华为云未接受全部实例；详情列出了每个实例及原因。"),
            ApiError::Http { .. } | ApiError::Decode { .. } => ("Huawei Cloud returned an error. Try again later.", "华为云返回错误，请稍后重试。"),
            ApiError::Config(_) => ("The connection settings are not valid.", "连接设置无效。"),
        };
        CmdError::new(e.kind(), format!("{} ({detail})", tr(lang, en, zh)))
    }

    pub fn from_action(lang: Lang, e: &ActionError) -> Self {
        match e {
            ActionError::Invalid(i) => CmdError::new("invalid_input", format!("{}: {}", i.field, i.message)),
            ActionError::Catalog(c) => CmdError::new("invalid_input", c.to_string()),
            ActionError::Api { source, unknown: true, journal_id } => CmdError::new(
                "outcome_unknown",
                format!(
                    "{} [{journal_id}] ({source})",
                    tr(lang, "The answer was lost, so it is unknown whether this went through. Nothing was sent again; checking the orders now.", "未收到应答，无法确定操作是否成功。未重复发送；正在核对订单。")
                ),
            )
            .with_journal(journal_id),
            ActionError::Pending(p) => CmdError::new(
                "pending",
                format!(
                    "{} ({}, {})",
                    tr(lang, "Nothing was sent: an earlier paid action on this has no known outcome yet. Use “Check now” to look for it first.", "未发送任何请求：此前对其的付费操作结果尚未确认。请先点击“立即核对”。"),
                    p.describe(),
                    p.time
                ),
            )
            .with_journal(&p.id),
            ActionError::Api { source, .. } => CmdError::from_api(lang, source),
            ActionError::NoEvidence(source) => CmdError::new(
                "no_evidence",
                format!(
                    "{} ({source})",
                    tr(lang, "Nothing was sent: the cloud's clock or the current expiry could not be read, so a lost answer could not be checked later. Try again.", "未发送任何请求：无法读取云端时间或当前到期时间，若应答丢失将无法核对。请重试。")
                ),
            ),
            ActionError::Journal(m) => CmdError::new("journal", format!("{} ({m})", tr(lang, "The activity log could not be written, so nothing was sent. Check disk space.", "无法写入操作日志，因此未发送任何请求。请检查磁盘空间。"))),
        }
    }
}

impl From<flexus_core::validate::Invalid> for CmdError {
    fn from(i: flexus_core::validate::Invalid) -> Self {
        CmdError::new("invalid_input", format!("{}: {}", i.field, i.message))
    }
}

impl From<flexus_core::catalog::CatalogError> for CmdError {
    fn from(e: flexus_core::catalog::CatalogError) -> Self {
        CmdError::new("invalid_input", e.to_string())
    }
}
