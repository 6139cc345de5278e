//! Where the app and the CLI keep their files (the same folder Tauri's
//! `app_data_dir` resolves to for the bundle identifier). `FLEXUS_DATA_DIR` overrides it.

use std::path::PathBuf;

pub const IDENTIFIER: &str = "app.flexusdesk.desktop";

pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("FLEXUS_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let base = if cfg!(target_os = "macos") {
        home.join("Library/Application Support")
    } else if cfg!(windows) {
        std::env::var_os("APPDATA")
            .map(PathBuf::from)
            .unwrap_or(home)
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".local/share"))
    };
    base.join(IDENTIFIER)
}
