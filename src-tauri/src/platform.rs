//! The Tauri-plugin side: settings in tauri-plugin-store (with a damaged file backed
//! up), OS notifications sent from Rust only, start at login.

use std::path::Path;

use flexus_core::expiry::{Lang, Notice};
use serde_json::Value;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::settings::{Settings, SCHEMA_VERSION};
use crate::state::Persist;
use crate::watcher::Notifier;

/// Loads the settings. A file that is not valid JSON, or holds settings that cannot
/// be read, is moved aside and replaced by defaults; the returned note says so.
pub fn load_settings<R: Runtime>(
    app: &AppHandle<R>,
    dir: &Path,
) -> (Settings, Persist, Option<String>) {
    let path = dir.join("settings.json");
    let mut note = None;
    // A file from a newer version: defaults for this run, and the file is never
    // written (this version would drop what it does not know).
    if let Some(Err(e)) = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .map(|v| {
            flexus_core::paths::check_schema(
                &path,
                &v,
                "/settings/schema_version",
                SCHEMA_VERSION.into(),
            )
        })
    {
        let text = e.user_text(crate::settings::system_lang());
        let persist: Persist = Box::new(move |_: &Settings| Err(e.to_string()));
        return (Settings::default(), persist, Some(text));
    }
    if let Ok(bytes) = std::fs::read(&path) {
        let ok = serde_json::from_slice::<Value>(&bytes)
            .map(|v| v.is_object())
            .unwrap_or(false);
        if !ok {
            let backup = flexus_core::journal::backup_name(&path);
            let _ = std::fs::rename(&path, &backup);
            note = Some(format!(
                "The settings file was damaged. It was moved to {} and default settings are used.",
                backup.display()
            ));
        }
    }
    // The file keeps tauri-plugin-store's shape (`{"settings": {...}}`) but is
    // read and written here: the store rewrites in place, and a crash mid-write
    // would lose every profile. Writes are atomic (temp + fsync + rename), 0600.
    let _ = app;
    let stored = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v.get("settings").cloned());
    let settings = match stored {
        None => Settings::default(),
        Some(v) => {
            match serde_json::from_value::<Settings>(v) {
                Ok(s) => s,
                Err(_) => {
                    let backup = flexus_core::journal::backup_name(&path);
                    let _ = std::fs::copy(&path, &backup);
                    note = Some(format!("Some settings could not be read. A copy was kept at {} and defaults are used.", backup.display()));
                    Settings::default()
                }
            }
        }
    };
    let persist: Persist = Box::new(move |s: &Settings| {
        let bytes = serde_json::to_vec_pretty(&serde_json::json!({ "settings": s }))
            .map_err(|e| e.to_string())?;
        flexus_core::paths::write_atomic(&path, &bytes).map_err(|e| e.to_string())
    });
    (settings, persist, note)
}

/// Notifications through tauri-plugin-notification, where clicks are not reported
/// (Windows, macOS). Linux uses `dbus_notify`, which opens the instance on a click.
#[cfg_attr(target_os = "linux", allow(dead_code))]
pub struct OsNotifier<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> OsNotifier<R> {
    /// True when the OS accepted the notice.
    fn show(&self, n: &Notice, lang: Lang) -> bool {
        // Logged without secrets: titles and bodies name instances only.
        tracing::info!(title = %n.title(lang), "notification");
        match self
            .0
            .notification()
            .builder()
            .title(n.title(lang))
            .body(n.body(lang))
            .show()
        {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "notification not delivered");
                false
            }
        }
    }
}

impl<R: Runtime> Notifier for OsNotifier<R> {
    fn notify(&self, _profile: &str, n: &Notice, lang: Lang) {
        self.show(n, lang);
    }

    fn deliver<'a>(
        &'a self,
        _profile: &'a str,
        n: &'a Notice,
        lang: Lang,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>> {
        let ok = self.show(n, lang);
        Box::pin(std::future::ready(ok))
    }
}

pub fn set_autostart<R: Runtime>(app: &AppHandle<R>, on: bool) -> Result<(), String> {
    use tauri_plugin_autostart::ManagerExt;
    let m = app.autolaunch();
    let r = if on { m.enable() } else { m.disable() };
    r.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_a_newer_version_are_not_read_or_overwritten() {
        let dir = std::env::temp_dir().join(format!("flexus-schema-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("settings.json");
        let newer = serde_json::json!({"settings": {
            "schema_version": SCHEMA_VERSION + 1,
            "active_profile": "shop",
            "profiles": [{"name": "shop", "site": "intl", "masked_ak": "AK**", "temporary": false}],
            "a_field_from_the_future": true
        }});
        let bytes = serde_json::to_vec(&newer).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        let app = tauri::test::mock_app();
        let (settings, persist, note) = load_settings(app.handle(), &dir);
        assert_eq!(settings, Settings::default());
        let note = note.expect("the user is told");
        assert!(note.contains("newer") || note.contains("更新"), "{note}");
        assert!(persist(&settings).is_err(), "a save must be refused");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the file is untouched"
        );
        // The current version is read as before.
        let mut current = newer.clone();
        current["settings"]["schema_version"] = SCHEMA_VERSION.into();
        std::fs::write(&path, serde_json::to_vec(&current).unwrap()).unwrap();
        let (settings, persist, note) = load_settings(app.handle(), &dir);
        assert_eq!(settings.active_profile, "shop");
        assert!(note.is_none());
        assert!(persist(&settings).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
