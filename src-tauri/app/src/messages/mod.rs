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
        // The tray menu and its tooltip (the window's tray and the tray agent's).
        TrayOpen,
        TrayUnresolved { n: usize },
        TrayRemindersWaiting { n: usize },
        TrayNothingSoon,
        TrayRefresh,
        TrayPause,
        TrayQuit,
        TrayUnpaid { order: String, amount: String, by: String },
        TipUnresolved { n: usize },
        TipWaiting { n: usize },
        TipMore { n: usize },
        // Start-up notes: a damaged file was set aside.
        JournalDamaged { lines: usize, backup: String },
        RemindersDamaged { backup: String },
        SettingsDamaged { backup: String },
        SettingsUnreadable { backup: String },
        // Notification buttons.
        NotifyRenew,
        NotifyOpen,
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

/// A note shown once at start-up (a damaged or newer file was found), worded when
/// shown, in the language of that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    App(AppText),
    Newer(flexus_core::paths::NewerFormat),
}

impl Note {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Note::App(t) => t.text(lang),
            Note::Newer(e) => e.user_text(lang),
        }
    }
}
