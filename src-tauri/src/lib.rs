//! Flexus Desk: a thin Tauri shell over `flexus-core`. Commands are the webview's
//! only door; the tray and the expiry watcher run in Rust.

pub mod commands;
pub mod handover;
pub mod platform;
#[cfg(desktop)]
pub mod tray;
pub mod window;

// The Tauri-free app layer, shared with the tray agent, under the names the
// commands have always used.
#[cfg(target_os = "linux")]
pub use flexus_app::dbus_notify;
pub use flexus_app::{
    alerts, error, guard, messages, refresh, settings, state, tray_menu, unresolved, watcher,
};

use std::sync::Arc;

use flexus_core::keychain::KeyringStore;
use tauri::{Manager, RunEvent, WindowEvent};

use state::AppState;

/// Every command the webview may call (each also needs `allow-<name>` in
/// `src-tauri/capabilities/main.json`).
#[macro_export]
macro_rules! app_commands {
    () => {
        tauri::generate_handler![
            $crate::commands::profiles::app_info,
            $crate::commands::profiles::list_profiles,
            $crate::commands::profiles::save_credentials,
            $crate::commands::profiles::verify_profile,
            $crate::commands::profiles::use_profile,
            $crate::commands::profiles::delete_profile,
            $crate::commands::fleet::refresh_fleet,
            $crate::commands::catalog::catalog,
            $crate::commands::catalog::catalog_specs,
            $crate::commands::catalog::auto_match,
            $crate::commands::purchase::purchase_review,
            $crate::commands::purchase::purchase,
            $crate::commands::progress::wait_order,
            $crate::commands::purchase::pay_review,
            $crate::commands::purchase::pay_order,
            $crate::commands::purchase::cancel_order,
            $crate::commands::billing::renew_quote,
            $crate::commands::billing::renew,
            $crate::commands::billing::unsubscribe_review,
            $crate::commands::billing::unsubscribe,
            $crate::commands::billing::set_auto_renew,
            $crate::commands::pending::activity_log,
            $crate::commands::pending::reconcile,
            $crate::commands::pending::pending_actions,
            $crate::commands::pending::check_pending,
            $crate::commands::pending::unpaid_orders,
            $crate::commands::servers::server_action,
            $crate::commands::progress::wait_job,
            $crate::commands::servers::reset_password,
            $crate::commands::servers::update_server,
            $crate::commands::settings::get_settings,
            $crate::commands::settings::update_settings,
            $crate::commands::settings::set_autostart,
            $crate::commands::settings::demo_advance,
            $crate::commands::settings::check_now,
            $crate::commands::export::save_export,
            $crate::commands::outlook::renewal_outlook,
            $crate::commands::outlook::export_ics,
            $crate::commands::outlook::export_csv,
            $crate::commands::network::set_proxy,
            $crate::commands::traffic::set_auto_stop,
            $crate::commands::alerts::set_alerts,
            $crate::commands::alerts::alerts_status,
            $crate::commands::alerts::test_alerts,
            $crate::commands::console::open_console,
            $crate::commands::health::instance_health,
            $crate::commands::health::sparklines,
            $crate::commands::view::view_state,
            $crate::commands::view::save_view,
            $crate::commands::view::painted,
        ]
    };
}

/// The app's generated context (config, assets, capabilities). Tests build the mock
/// runtime with it so the real permission system is enforced.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

fn data_dir<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> std::path::PathBuf {
    match std::env::var_os("FLEXUS_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(d) => d.into(),
        None => app
            .path()
            .app_data_dir()
            .unwrap_or_else(|_| flexus_core::paths::data_dir()),
    }
}

/// When the process started, for the start-up figure in `app_info`.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    flexus_app::few_malloc_arenas();
    #[cfg(target_os = "linux")]
    webkit_defaults();
    flexus_app::init_logging();
    let _runtime = desktop_runtime();
    let app = tauri::Builder::default()
        // First: a second launch only shows the running window.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            tray::act(app, open_arg(&argv).unwrap_or(tray_menu::Action::Open));
        }))
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--minimized"]),
        ))
        .setup(|app| {
            let handle = app.handle().clone();
            let dir = data_dir(&handle);
            flexus_core::paths::create_private_dir(&dir)?;
            handover::take_over(&dir);
            let (settings, persist, note) = flexus_app::settings_file::load(&dir);
            let state = AppState::new(
                dir.clone(),
                settings,
                persist,
                Arc::new(KeyringStore::default()),
            )?;
            if let Some(n) = note {
                state::lock(&state.startup_notes).push(n);
            }
            app.manage(state);
            #[cfg(desktop)]
            {
                // A missing appindicator library must not take the app down.
                let h = handle.clone();
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || tray::create(&h)))
                    .map(|r| r.is_err())
                    .unwrap_or(true)
                {
                    tracing::warn!("the tray icon is not available on this desktop");
                }
            }
            app.manage(window::ViewStore::default());
            handover::restore_view(&handle, &dir);
            let argv: Vec<String> = std::env::args().collect();
            if argv.iter().any(|a| a == "--minimized") {
                // Started by the session's autostart: the tray only, no web view.
                handover::hand_over(&handle);
            } else {
                // From the tray agent: the item or notification clicked there.
                tray::act(&handle, open_arg(&argv).unwrap_or(tray_menu::Action::Open));
            }
            let h = handle.clone();
            tauri::async_runtime::spawn(async move {
                // Made on the runtime: the D-Bus notifier starts a task of its own.
                let notifier = notifier(&h).await;
                let state = h.state::<AppState>();
                let h2 = h.clone();
                watcher::run(&state, &notifier, move || {
                    #[cfg(desktop)]
                    tray::refresh(&h2);
                    let _ = &h2;
                })
                .await;
            });
            let h = handle.clone();
            tauri::async_runtime::spawn(async move {
                alerts::run(&h.state::<AppState>()).await;
            });
            Ok(())
        })
        .on_window_event(|w, e| {
            // Closing frees the window and its web view; the app stays in the tray
            // (Quit in the tray menu exits).
            match e {
                WindowEvent::CloseRequested { api, .. } => window::on_close_requested(w, api),
                WindowEvent::Destroyed => {
                    tracing::debug!(window = %w.label(), "window destroyed");
                    // Closed by the person (not by Quit): the agent takes the tray over.
                    if !window::closed_by_user() || !handover::hand_over(w.app_handle()) {
                        window::on_destroyed(w.app_handle());
                    }
                }
                _ => {}
            }
        })
        .invoke_handler(app_commands!())
        .build(context());
    let app = match app {
        Ok(a) => a,
        Err(e) => {
            // For example a second launch that could not reach the first one.
            eprintln!("Flexus Desk could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|_app, e| {
        if let RunEvent::ExitRequested { api, code, .. } = e {
            if code.is_none() {
                api.prevent_exit();
            }
        }
    });
}

/// `--open <what>`: what the tray agent (or a launch) asks the window to show.
fn open_arg(argv: &[String]) -> Option<tray_menu::Action> {
    let i = argv.iter().position(|a| a == "--open")?;
    argv.get(i + 1).map(|a| tray_menu::Action::from_arg(a))
}

/// WebKitGTK's accelerated compositing costs ~80 MB in the web process where GL is
/// software-rendered and buys nothing for a table UI (it is also the usual cause of
/// blank windows on some GPU drivers). `FLEXUS_GPU=1` keeps it. Called before any
/// thread exists, as `set_var` requires.
#[cfg(target_os = "linux")]
fn webkit_defaults() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() && std::env::var_os("FLEXUS_GPU").is_none() {
        std::env::set_var(VAR, "1");
    }
}

/// A desktop app waiting in the tray needs two worker threads, not one per core
/// (`FLEXUS_UNTUNED=tokio` keeps tokio's default). The runtime lives as long as the app.
fn desktop_runtime() -> Option<tokio::runtime::Runtime> {
    if window::untuned("tokio") {
        return None;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("flexus-rt")
        .build()
        .ok()?;
    tauri::async_runtime::set(rt.handle().clone());
    Some(rt)
}

/// Linux: our own D-Bus notifier, so that a click opens the instance.
#[cfg(target_os = "linux")]
async fn notifier(app: &tauri::AppHandle) -> impl watcher::Notifier {
    let dir = app.state::<AppState>().data_dir.clone();
    let app = app.clone();
    let n = dbus_notify::DbusNotifier::spawn(move |c| {
        tray::open_instance(&app, &c.profile, &c.instance_id, c.renewal)
    });
    // Clicks on the notices the tray agent left on screen now come here.
    n.adopt_saved(&dir).await;
    n
}

#[cfg(not(target_os = "linux"))]
async fn notifier(app: &tauri::AppHandle) -> impl watcher::Notifier {
    platform::OsNotifier(app.clone())
}
