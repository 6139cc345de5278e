//! English texts of [`AppText`].

use super::AppText as T;

pub fn app(t: &T) -> String {
    let s = match t {
        T::RefreshFirst => "Refresh the dashboard first.",
        T::NotOnDashboard => "That instance is not on the dashboard; refresh and try again.",
        T::NoCloudServer => "That instance has no cloud server.",
        T::SettingsNotSaved => "Settings could not be saved.",
        T::DemoNoStart => "The demo cloud could not start. Restart Flexus Desk.",
        T::NoSuchProfile => "No such profile.",
        T::NoKeys => "No keys are stored for this profile. Connect the account again.",
        T::KeychainLocked => {
            "The system keychain is locked. Unlock it (or answer its prompt) and try again."
        }
        T::KeysTooLong => "The keys are too long for the system keychain.",
        T::KeychainFailed => "The system keychain did not work.",
        T::SaveCalendar => "Save the renewal calendar",
        T::SaveInstances => "Save the instance list",
        T::SaveActivity => "Save the activity log",
        T::NothingToChange => "Nothing to change.",
        T::NoSuchEntry => "No such activity entry.",
        T::TypeNamesToConfirm => "Type each instance's name exactly to confirm; nothing was sent.",
        T::FileNotWritten => "The file could not be written. Choose another folder.",
        T::OnlyDemoClock => "Only the demo cloud's clock can be moved.",
        T::DemoDays => "days: 1 to 60",
        T::ExportKind => "export: not something Flexus Desk exports",
        T::ServerActionKind => "action: start, stop or reboot",
        T::PeriodKind => "period_type: month or year",
        T::ProxyUrl => "proxy: use http://host:port (or https://, socks5://)",
        T::ProxyUsername => "proxy_username: up to 128 characters",
        T::ProxyPassword => {
            "proxy_password: give a user name with the password (up to 1024 characters)"
        }
        T::ProfileName => "name: use 1–32 letters, digits, spaces, _ - . (not \"Demo\")",
        T::SiteKind => "site: choose China or International",
        T::AccessKey => "access_key: an AK is letters and digits only",
        T::SecretKey => "secret_key: the SK is missing or has spaces",
        T::SecurityToken => "security_token: the security token has spaces or is too long",
        T::ViewNotSaved => "The window's view could not be saved.",
        T::ProfileExists { name } => {
            return format!("name: a profile named \"{name}\" already exists");
        }
        T::Thresholds => "thresholds: give 1 to 12 whole days between 0 and 365",
        T::RefreshHours => "refresh_hours: between 1 and 168",
        T::AmountMissing => "The order's amount is missing, so it cannot be paid here.",
        T::AmountMissingNothingPaid => "The order's amount is missing; nothing was paid.",
        T::AutostartFailed => "Start at login could not be changed.",
        T::AutoStopPercent => "percent: 50 to 100",
        T::AutoStopNotConfirmed => "Confirm the automatic stop first.",
        T::TrafficReminders => "traffic_reminders: up to 5 percentages between 1 and 100",
        T::AlertsChannel => "channel: WeCom, Feishu, DingTalk or generic",
        T::WebhookUrl => "webhook_url: the https:// webhook address copied from the chat app",
        T::NoWebhook => "No webhook is set.",
        T::WebhookFailed { why } => {
            return format!("The webhook did not take the message: {why}");
        }
        T::AlertTestTitle => "Flexus Desk test message",
        T::AlertTestText => "Reminders about expiry and traffic will arrive here.",
        T::HealthHours => "hours: 24 or 168",
        T::OffsetMinutes => "offset_minutes: -840 to 840",
        T::NoBrowser => "No web browser could be started on this computer.",
        T::TrayOpen => "Open dashboard",
        T::TrayNothingSoon => "Nothing expires soon",
        T::TrayRefresh => "Refresh now",
        T::TrayPause => "Pause notifications",
        T::TrayQuit => "Quit Flexus Desk",
        T::NotifyRenew => "Renew…",
        T::NotifyOpen => "Open",
        T::TrayUnresolved { n } => return format!("⚠ {n} paid action(s) with unknown outcome — open to check"),
        T::TrayRemindersWaiting { n } => return format!("{n} reminder(s) not shown yet (no notification service)"),
        T::TrayUnpaid { order, amount, by } => return format!("Unpaid order {order}{amount} — pay by {by} UTC"),
        T::TipUnresolved { n } => return format!("Flexus Desk — {n} paid action(s) with unknown outcome"),
        T::TipWaiting { n } => return format!("Flexus Desk — {n} reminder(s) waiting"),
        T::TipMore { n } => return format!(" (+{n} more)"),
        T::JournalDamaged { lines, backup } => return format!("The activity log had {lines} damaged line(s); they were skipped and the original was kept at {backup}."),
        T::RemindersDamaged { backup } => return format!("The reminder history was damaged; it was moved to {backup} and starts fresh."),
        T::SettingsDamaged { backup } => return format!("The settings file was damaged. It was moved to {backup} and default settings are used."),
        T::SettingsUnreadable { backup } => return format!("Some settings could not be read. A copy was kept at {backup} and defaults are used."),
    };
    s.to_string()
}
