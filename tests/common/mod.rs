#![allow(dead_code)]
//! Helpers for the app-level tests: an AppState on a temp folder with an in-memory
//! secret store (the keychain itself is tested in tests/keychain.rs).

use std::sync::Arc;

use flexus_core::keychain::MemoryStore;
use flexus_desk::settings::Settings;
use flexus_desk::state::AppState;

/// A fresh folder under the system temp dir, removed with everything in it when
/// dropped (keep it alive as long as anything uses the folder).
pub struct TempDir(std::path::PathBuf);

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn temp_dir(tag: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("flexus-app-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}

/// While this file exists in the folder, every settings save is refused (as the app's
/// are when the settings file comes from a newer version).
pub const REFUSE_SAVES: &str = "refuse-saves";

/// Settings are persisted to `settings.json` in `dir` (plain JSON, like the store).
pub fn state_in(dir: &std::path::Path, settings: Settings) -> AppState {
    state_reaching(dir, settings, vec![])
}

/// Like `state_in`, with real profiles' endpoints overridden (given explicitly, not
/// through the process environment, so parallel tests do not see each other's).
pub fn state_reaching(
    dir: &std::path::Path,
    settings: Settings,
    endpoints: Vec<(flexus_core::Service, String)>,
) -> AppState {
    let path = dir.join("settings.json");
    let refuse = dir.join(REFUSE_SAVES);
    let persist = Box::new(move |s: &Settings| {
        if refuse.exists() {
            return Err("settings.json was written by a newer Flexus Desk".to_string());
        }
        std::fs::write(&path, serde_json::to_vec(s).unwrap()).map_err(|e| e.to_string())
    });
    AppState::with_endpoints(
        dir.to_path_buf(),
        settings,
        persist,
        Arc::new(MemoryStore::default()),
        endpoints,
    )
    .unwrap()
}

pub fn demo_settings() -> Settings {
    Settings {
        onboarded: true,
        language: flexus_core::expiry::Lang::En,
        ..Settings::default()
    }
}
