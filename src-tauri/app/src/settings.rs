//! Non-secret settings (language, theme, thresholds, profiles without keys). The
//! app persists them with tauri-plugin-store; a damaged file is backed up and
//! replaced by defaults, and the user is told.

use crate::messages::AppText;
use flexus_core::expiry::{Lang, DEFAULT_THRESHOLDS};
use flexus_core::Site;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = flexus_core::paths::SETTINGS_SCHEMA;
pub const DEMO_PROFILE: &str = "Demo";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    System,
    Light,
    Dark,
}

/// A connected account. The keys live only in the OS keychain.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Profile {
    pub name: String,
    pub site: Site,
    pub masked_ak: String,
    pub temporary: bool,
    #[serde(default)]
    pub account_name: Option<String>,
    /// The random id the keys are stored under in the OS keychain (never the name:
    /// Windows matches names case-insensitively). Empty for profiles saved before
    /// ids existed; their entry is moved on first use.
    #[serde(default)]
    pub key_id: String,
}

impl Profile {
    pub fn new_key_id() -> String {
        format!("p-{}", uuid::Uuid::new_v4().simple())
    }
}

/// A proxy for every cloud request (besides the system's). The password is in the
/// OS keychain under `PROXY_KEY`, never here.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProxySetting {
    pub url: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub has_password: bool,
}

/// The keychain key of the proxy password.
pub const PROXY_KEY: &str = "proxy";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub schema_version: u32,
    pub language: Lang,
    pub theme: Theme,
    /// Days before expiry at which to notify.
    pub thresholds: Vec<i64>,
    pub notifications_paused: bool,
    pub autostart: bool,
    pub autostart_offered: bool,
    pub refresh_hours: u32,
    pub profiles: Vec<Profile>,
    pub active_profile: String,
    /// Set once the user chose demo or connected an account.
    pub onboarded: bool,
    pub proxy: Option<ProxySetting>,
    /// Traffic reminders in percent of the monthly allowance used, once per cycle.
    pub traffic_reminders: Vec<u8>,
    /// Instance id → percent used at which the traffic guard stops it once per
    /// cycle. Off unless the user turned it on for that instance (with a confirmation).
    pub auto_stop: std::collections::BTreeMap<String, u8>,
    /// Phone alerts: the webhook's service and host; the URL is in the keychain.
    pub alerts: Option<AlertsSetting>,
}

/// What Settings may show of the phone-alert webhook (the URL is a secret).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AlertsSetting {
    pub channel: flexus_core::alerts::Channel,
    pub host: String,
}

/// The keychain key of the phone-alert webhook URL.
pub const ALERTS_KEY: &str = "alerts-webhook";

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schema_version: SCHEMA_VERSION,
            language: system_lang(),
            theme: Theme::System,
            thresholds: DEFAULT_THRESHOLDS.to_vec(),
            notifications_paused: false,
            autostart: false,
            autostart_offered: false,
            refresh_hours: 6,
            profiles: vec![],
            active_profile: DEMO_PROFILE.into(),
            onboarded: false,
            proxy: None,
            traffic_reminders: vec![70, 90, 95],
            auto_stop: Default::default(),
            alerts: None,
        }
    }
}

/// The OS language: Chinese when LANG/LC_ALL say zh, else English.
pub fn system_lang() -> Lang {
    let v = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match v {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}

/// What the UI may change. Each field is optional; everything is re-checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsPatch {
    pub language: Option<Lang>,
    pub theme: Option<Theme>,
    pub thresholds: Option<Vec<i64>>,
    pub notifications_paused: Option<bool>,
    pub refresh_hours: Option<u32>,
    pub onboarded: Option<bool>,
    pub autostart_offered: Option<bool>,
    pub traffic_reminders: Option<Vec<u8>>,
}

impl Settings {
    pub fn apply(&mut self, p: SettingsPatch) -> Result<(), AppText> {
        if let Some(t) = &p.thresholds {
            if t.is_empty() || t.len() > 12 || t.iter().any(|d| !(0..=365).contains(d)) {
                return Err(AppText::Thresholds);
            }
        }
        if let Some(t) = &p.traffic_reminders {
            if t.len() > 5 || t.iter().any(|x| !(1..=100).contains(x)) {
                return Err(AppText::TrafficReminders);
            }
        }
        if let Some(h) = p.refresh_hours {
            if !(1..=168).contains(&h) {
                return Err(AppText::RefreshHours);
            }
        }
        if let Some(l) = p.language {
            self.language = l;
        }
        if let Some(t) = p.theme {
            self.theme = t;
        }
        if let Some(mut t) = p.thresholds {
            t.sort_unstable_by(|a, b| b.cmp(a));
            t.dedup();
            self.thresholds = t;
        }
        if let Some(b) = p.notifications_paused {
            self.notifications_paused = b;
        }
        if let Some(h) = p.refresh_hours {
            self.refresh_hours = h;
        }
        if let Some(b) = p.onboarded {
            self.onboarded = b;
        }
        if let Some(b) = p.autostart_offered {
            self.autostart_offered = b;
        }
        if let Some(mut t) = p.traffic_reminders {
            t.sort_unstable();
            t.dedup();
            self.traffic_reminders = t;
        }
        Ok(())
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// A profile whose name equals `name` ignoring case (names must be unique that way).
    pub fn profile_like(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| same_name(&p.name, name))
    }
}

/// Names are compared ignoring case: "Shop" and "shop" are one profile.
pub fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Profile names: 1–32 letters, digits, spaces, `_` `-` `.` or Chinese.
pub fn valid_profile_name(n: &str) -> bool {
    let len = n.chars().count();
    (1..=32).contains(&len)
        && !same_name(n, DEMO_PROFILE)
        && n.trim() == n
        && n.chars().all(|c| c.is_alphanumeric() || " _-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_is_validated_and_normalised() {
        let mut s = Settings::default();
        assert!(s
            .apply(SettingsPatch {
                thresholds: Some(vec![400]),
                ..Default::default()
            })
            .is_err());
        assert!(s
            .apply(SettingsPatch {
                refresh_hours: Some(0),
                ..Default::default()
            })
            .is_err());
        s.apply(SettingsPatch {
            thresholds: Some(vec![1, 7, 7, 30]),
            theme: Some(Theme::Dark),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.thresholds, vec![30, 7, 1]);
        assert!(s
            .apply(SettingsPatch {
                traffic_reminders: Some(vec![0]),
                ..Default::default()
            })
            .is_err());
        s.apply(SettingsPatch {
            traffic_reminders: Some(vec![95, 50, 50]),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.traffic_reminders, vec![50, 95]);
        assert_eq!(s.theme, Theme::Dark);
    }

    #[test]
    fn old_or_partial_files_load_with_defaults() {
        let s: Settings = serde_json::from_str(r#"{"language":"zh"}"#).unwrap();
        assert_eq!(s.language, Lang::Zh);
        assert_eq!(s.thresholds, DEFAULT_THRESHOLDS.to_vec());
        assert_eq!(s.traffic_reminders, vec![70, 90, 95]);
        assert!(
            s.auto_stop.is_empty(),
            "the automatic stop is off by default"
        );
        assert!(valid_profile_name("My shop 1"));
        assert!(!valid_profile_name("Demo"));
        assert!(!valid_profile_name("DEMO"));
        assert!(!valid_profile_name(" x"));
        assert!(!valid_profile_name("a/b"));
    }
}
