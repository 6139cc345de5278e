//! The window process's side of the hand-over with the tray agent (Linux, where a
//! process that once showed a WebKit window stays heavy; see `src-tauri/tray`).
//! At start it takes the data folder over from a running agent. When its window
//! closes (or it was started for the tray only) it settles, leaves the view and the
//! demo's world on disk, starts the agent and exits. Without the agent's binary, or
//! with `FLEXUS_UNTUNED=agent`, it stays in the tray itself with its web view freed.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// Where the view waits for the next window process (tauri-plugin-store's file).
const VIEW_FILE: &str = "view.json";

/// The agent's executable, installed beside this one.
fn agent_path() -> Option<PathBuf> {
    if crate::window::untuned("agent") || crate::window::untuned("keep-webview") {
        return None;
    }
    let p = std::env::current_exe().ok()?.with_file_name("flexus-tray");
    p.is_file().then_some(p)
}

/// Takes the data folder over (asking a running agent to hand over). The lock is
/// kept for the life of the process. Blocks while the agent finishes a check.
#[cfg(target_os = "linux")]
pub fn take_over(dir: &std::path::Path) {
    match flexus_app::handoff::acquire(dir, std::time::Duration::from_secs(150), true) {
        Ok(Some(own)) => {
            Box::leak(Box::new(own));
        }
        Ok(None) => tracing::warn!("another Flexus Desk process kept the data folder"),
        Err(e) => tracing::warn!(error = %e, "the data folder could not be locked"),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn take_over(_dir: &std::path::Path) {}

/// Hands over to the agent in the background; false when there is none to hand to.
pub fn hand_over<R: Runtime>(app: &AppHandle<R>) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let Some(agent) = agent_path() else {
        return false;
    };
    let app = app.clone();
    std::thread::spawn(move || {
        tracing::info!("handing over to the tray agent");
        let state = app.state::<AppState>();
        #[cfg(target_os = "linux")]
        let work = tauri::async_runtime::block_on(flexus_app::handoff::settle(&state));
        // The window came back meanwhile (a second launch, a notification): stay.
        if app.get_webview_window(crate::window::MAIN).is_some() {
            tracing::info!("the window came back; staying");
            #[cfg(target_os = "linux")]
            flexus_app::dbus_notify::forget_saved(&state.data_dir);
            return;
        }
        if let Err(e) = state.accounts.save_demo() {
            tracing::warn!(error = %e, "the demo's state was not written; it restarts from its seed");
        }
        save_view(&app, &state.data_dir);
        let exe = std::env::current_exe().unwrap_or_default();
        let mut cmd = std::process::Command::new(&agent);
        cmd.arg("--data-dir")
            .arg(&state.data_dir)
            .arg("--app")
            .arg(exe);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        match cmd.spawn() {
            Ok(_) => {
                tracing::info!("the tray agent started; leaving");
                #[cfg(target_os = "linux")]
                std::mem::forget(work);
                app.exit(0);
            }
            Err(e) => {
                tracing::error!(error = %e, "the tray agent did not start; staying in the tray")
            }
        }
    });
    true
}

/// Leaves the view (tab, search, filters, open dialog) for the next window process.
fn save_view<R: Runtime>(app: &AppHandle<R>, dir: &std::path::Path) {
    use tauri_plugin_store::StoreExt;
    let Some(view) = app.try_state::<crate::window::ViewStore>().map(|v| v.get()) else {
        return;
    };
    let saved = app.store(dir.join(VIEW_FILE)).and_then(|s| {
        s.set("view", serde_json::to_value(view).unwrap_or_default());
        s.save()
    });
    if let Err(e) = saved {
        tracing::warn!(error = %e, "the window's view was not kept");
    }
}

/// The view the previous window process left, read once (a later start from the
/// menu begins on the dashboard as usual). It is checked like any view from a page.
pub fn restore_view<R: Runtime>(app: &AppHandle<R>, dir: &std::path::Path) {
    use tauri_plugin_store::StoreExt;
    let Ok(store) = app.store(dir.join(VIEW_FILE)) else {
        return;
    };
    let Some(v) = store.get("view") else {
        return;
    };
    store.delete("view");
    let _ = store.save();
    let view = serde_json::from_value::<crate::window::ViewState>(v);
    if let (Ok(view), Some(views)) = (view, app.try_state::<crate::window::ViewStore>()) {
        if let Err(e) = views.set(view) {
            tracing::warn!(error = %e.message(), "the view left by the last window was not restored");
        }
    }
}
