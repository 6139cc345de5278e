#![allow(dead_code)]
//! Helpers for the app-level tests: an AppState on a temp folder with an in-memory
//! secret store (the keychain itself is tested in tests/keychain.rs).

use std::sync::Arc;

use flexus_core::keychain::MemoryStore;
use flexus_desk::settings::Settings;
use flexus_desk::state::AppState;

pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("flexus-app-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Settings are persisted to `settings.json` in `dir` (plain JSON, like the store).
pub fn state_in(dir: &std::path::Path, settings: Settings) -> AppState {
    let path = dir.join("settings.json");
    let persist = Box::new(move |s: &Settings| {
        std::fs::write(&path, serde_json::to_vec(s).unwrap()).map_err(|e| e.to_string())
    });
    AppState::new(
        dir.to_path_buf(),
        settings,
        persist,
        Arc::new(MemoryStore::default()),
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
