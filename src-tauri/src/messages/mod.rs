//! The app's own sentences (errors of its commands, dialog titles), one catalog per
//! language (`en.rs`, `zh.rs`) keyed by [`AppText`], beside the core's catalog
//! (`flexus_core::messages`) and in the same style. A key without a text in every
//! language does not compile (the matches are exhaustive); `tests/app_messages.rs`
//! checks each text is really in its language.

use flexus_core::messages::Lang;

mod en;
mod zh;

flexus_core::message_keys! {
    /// Every sentence the app layer writes itself.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum AppText {
        RefreshFirst,
        NotOnDashboard,
        NoCloudServer,
        SettingsNotSaved,
        DemoNoStart,
        NoSuchProfile,
        NoKeys,
        KeychainLocked,
        KeysTooLong,
        KeychainFailed,
        SaveCalendar,
        SaveInstances,
        SaveActivity,
        NothingToChange,
        NoSuchEntry,
        TypeNamesToConfirm,
        FileNotWritten,
        OnlyDemoClock,
        DemoDays,
        ExportKind,
        ServerActionKind,
        PeriodKind,
        ProxyUrl,
        ProxyUsername,
        ProxyPassword,
        ProfileName,
        SiteKind,
        AccessKey,
        SecretKey,
        SecurityToken,
        ProfileExists { name: String },
        Thresholds,
        RefreshHours,
        AmountMissing,
        AmountMissingNothingPaid,
        AutostartFailed,
        // Issue #15: traffic guard, phone alerts, console, health.
        AutoStopPercent,
        AutoStopNotConfirmed,
        TrafficReminders,
        AlertsChannel,
        WebhookUrl,
        NoWebhook,
        WebhookFailed { why: String },
        AlertTestTitle,
        AlertTestText,
        HealthHours,
        OffsetMinutes,
        NoBrowser,
        ViewNotSaved,
    }
}

impl AppText {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::app(self),
            Lang::Zh => zh::app(self),
        }
    }
}

/// An inline English/Chinese pair, left only in the tray menu (whose window
/// lifecycle is being reworked); everything else speaks through [`AppText`].
pub fn tr(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}
