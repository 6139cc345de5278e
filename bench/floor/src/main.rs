//! The floor beside Flexus Desk's figures (`bench/run.sh`): a minimal Tauri 2 app with
//! the app's tauri version, features, build profile and WebKit settings, one static
//! page and a tray icon. Closing its window destroys the window and keeps the process
//! in the tray, so "in the tray" has a floor too.
use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{Manager, RunEvent, WebviewWindowBuilder};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// The page's first frame is drawn: the bench reads this line (like the app's mark).
#[tauri::command]
fn painted() {
    let ms = STARTED.get().map(|t| t.elapsed().as_millis()).unwrap_or(0);
    let mut out = std::io::stdout();
    let _ = writeln!(out, "painted {ms}");
    let _ = out.flush();
}

fn main() {
    STARTED.get_or_init(Instant::now);
    // As the app does before any thread exists (see the app's `webkit_defaults`).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let app = tauri::Builder::default()
        .setup(|app| {
            let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
            let open_item = MenuItem::with_id(app, "open", "Open", true, None::<&str>)?;
            let menu = Menu::with_items(app, &[&open_item, &quit])?;
            let mut tray = TrayIconBuilder::with_id("floor").menu(&menu);
            if let Some(icon) = app.default_window_icon() {
                tray = tray.icon(icon.clone());
            }
            tray.on_menu_event(|app, ev| match ev.id.as_ref() {
                "quit" => app.exit(0),
                _ => open_window(app),
            })
            .build(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![painted])
        .build(tauri::generate_context!())
        .expect("the floor app starts");
    app.run(|_, e| {
        // The last window closed: stay in the tray (as the app does).
        if let RunEvent::ExitRequested {
            api, code: None, ..
        } = e
        {
            api.prevent_exit();
        }
    });
}

fn open_window(app: &tauri::AppHandle) {
    if app.get_webview_window("main").is_none() {
        let conf = app.config().app.windows[0].clone();
        let _ = WebviewWindowBuilder::from_config(app, &conf).and_then(|b| b.build());
    }
}
