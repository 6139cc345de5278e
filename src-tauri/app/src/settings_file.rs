//! The settings file, read and written by both processes (the window and the tray
//! agent): `settings.json` in the data directory, in tauri-plugin-store's shape
//! (`{"settings": {...}}`) but read and written here, because the store rewrites in
//! place and a crash mid-write would lose every profile. Writes are atomic
//! (temp + fsync + rename), 0600.

use std::path::Path;

use serde_json::Value;

use crate::messages::{AppText, Note};
use crate::settings::{Settings, SCHEMA_VERSION};
use crate::state::Persist;

/// Loads the settings. A file that is not valid JSON, or holds settings that cannot
/// be read, is set aside and replaced by defaults; the returned note says so. A file
/// from a newer version gives defaults for this run and is never written (this
/// version would drop what it does not know).
pub fn load(dir: &Path) -> (Settings, Persist, Option<Note>) {
    let path = dir.join("settings.json");
    let parsed = std::fs::read(&path).ok().map(|b| {
        serde_json::from_slice::<Value>(&b)
            .ok()
            .filter(Value::is_object)
    });
    if let Some(Some(v)) = &parsed {
        let pointer = "/settings/schema_version";
        if let Err(e) = flexus_core::paths::check_schema(&path, v, pointer, SCHEMA_VERSION.into()) {
            let why = e.to_string();
            let persist: Persist = Box::new(move |_: &Settings| Err(why.clone()));
            return (Settings::default(), persist, Some(Note::Newer(e)));
        }
    }
    let backup = || flexus_core::journal::backup_name(&path);
    let (settings, note) = match parsed {
        None => (Settings::default(), None),
        Some(None) => {
            let b = backup();
            let _ = std::fs::rename(&path, &b);
            let note = AppText::SettingsDamaged {
                backup: b.display().to_string(),
            };
            (Settings::default(), Some(Note::App(note)))
        }
        Some(Some(v)) => match v.get("settings").cloned().map(serde_json::from_value) {
            None => (Settings::default(), None),
            Some(Ok(s)) => (s, None),
            Some(Err(_)) => {
                let b = backup();
                let _ = std::fs::copy(&path, &b);
                let note = AppText::SettingsUnreadable {
                    backup: b.display().to_string(),
                };
                (Settings::default(), Some(Note::App(note)))
            }
        },
    };
    let persist: Persist = Box::new(move |s: &Settings| {
        let bytes = serde_json::to_vec_pretty(&serde_json::json!({ "settings": s }))
            .map_err(|e| e.to_string())?;
        flexus_core::paths::write_atomic(&path, &bytes).map_err(|e| e.to_string())
    });
    (settings, persist, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("flexus-schema-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn settings_from_a_newer_version_are_not_read_or_overwritten() {
        let dir = temp_dir();
        let path = dir.join("settings.json");
        let newer = serde_json::json!({"settings": {
            "schema_version": SCHEMA_VERSION + 1,
            "active_profile": "shop",
            "profiles": [{"name": "shop", "site": "intl", "masked_ak": "AK**", "temporary": false}],
            "a_field_from_the_future": true
        }});
        let bytes = serde_json::to_vec(&newer).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        let (settings, persist, note) = load(&dir);
        assert_eq!(settings, Settings::default());
        let note = note.expect("the user is told");
        assert!(matches!(note, Note::Newer(_)), "{note:?}");
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
        let (settings, persist, note) = load(&dir);
        assert_eq!(settings.active_profile, "shop");
        assert!(note.is_none());
        assert!(persist(&settings).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_said_in_both_languages() {
        let dir = temp_dir();
        std::fs::write(dir.join("settings.json"), b"{not json").unwrap();
        let (settings, _, note) = load(&dir);
        assert_eq!(settings, Settings::default());
        let note = note.expect("the user is told");
        let backup = flexus_core::journal::backup_name(&dir.join("settings.json"));
        assert!(backup.exists(), "the damaged file is kept");
        use flexus_core::messages::Lang;
        let (en, zh) = (note.text(Lang::En), note.text(Lang::Zh));
        assert!(en.contains("damaged") && zh.contains("损坏"), "{en} / {zh}");
        assert!(zh.contains(&backup.display().to_string()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
