//! Start at login through the autostart plugin. Its own test binary: the plugin
//! finds the autostart folder only through $HOME / $XDG_CONFIG_HOME, so this test
//! sets them for its process, where no other test runs beside it.

mod common;
mod mock_app;

use mock_app::App;
use serde_json::json;
use tauri::test::mock_builder;

#[test]
fn start_at_login_writes_and_removes_the_autostart_entry() {
    // The autostart plugin writes an XDG autostart file under $HOME/.config.
    let home = common::temp_dir("home");
    std::env::set_var("HOME", &*home);
    std::env::set_var("XDG_CONFIG_HOME", home.join(".config"));
    let mut a = App::with(mock_builder().plugin(tauri_plugin_autostart::init(
        tauri_plugin_autostart::MacosLauncher::LaunchAgent,
        Some(vec!["--minimized"]),
    )));
    let s = a.call("set_autostart", json!({"on": true})).unwrap();
    assert_eq!(
        (s["autostart"].as_bool(), s["autostart_offered"].as_bool()),
        (Some(true), Some(true))
    );
    let entries: Vec<_> = std::fs::read_dir(home.join(".config/autostart"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(entries.len(), 1);
    let text = std::fs::read_to_string(entries[0].path()).unwrap();
    assert!(text.contains("--minimized"), "{text}");
    a.call("set_autostart", json!({"on": false})).unwrap();
    assert_eq!(
        std::fs::read_dir(home.join(".config/autostart"))
            .unwrap()
            .count(),
        0
    );
}
