//! The window process's tray icon. Linux (appindicator) delivers no click events, so
//! every action is a menu item; what the items say and do is `tray_menu`'s, shared
//! with the tray agent.

use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;
use crate::tray_menu::{self, Action};
use crate::window::OpenDialog;

pub const TRAY_ID: &str = "main";

pub use crate::tray_menu::{items, tooltip, unpaid_items, Item};
pub use crate::window::show_main;

fn build_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let state = app.state::<AppState>();
    let menu = Menu::new(app)?;
    for it in items(&state) {
        if it.separator_before() {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
        if it.is_check() {
            let check = CheckMenuItem::with_id(app, &it.id, &it.label, true, it.on, None::<&str>)?;
            menu.append(&check)?;
        } else {
            menu.append(&MenuItem::with_id(
                app,
                &it.id,
                &it.label,
                it.on,
                None::<&str>,
            )?)?;
        }
        if it.separator_after() {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
    }
    Ok(menu)
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = build_menu(app)?;
    let mut b = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip("Flexus Desk");
    if let Some(icon) = app.default_window_icon() {
        b = b.icon(icon.clone());
    }
    b.on_menu_event(|app, ev| on_menu(app, ev.id.as_ref()))
        .build(app)?;
    Ok(())
}

/// The actions behind the menu items (also called from tests through the state).
pub fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if let Some(a) = Action::of(id) {
        act(app, a);
    }
}

/// Carries out a tray action in the window process.
pub fn act<R: Runtime>(app: &AppHandle<R>, action: Action) {
    let state = app.state::<AppState>();
    match action {
        Action::Open => {
            show_main(app);
        }
        Action::Refresh => state.wake.notify_one(),
        Action::TogglePause => {
            let _ = state.settings.update(|s| {
                s.notifications_paused = !s.notifications_paused;
                Ok(())
            });
            refresh(app);
        }
        Action::Quit => app.exit(0),
        Action::Order { profile, id } => {
            let d = OpenDialog {
                kind: "order".into(),
                profile,
                ids: vec![id],
            };
            crate::window::open_dialog(app, d, "open-order");
        }
        Action::Instance {
            profile,
            id,
            renewal,
        } => open_instance(app, &profile, &id, renewal),
    }
}

/// Shows the window with one instance open: its renewal dialog, or its details.
/// Used by the tray's expiry items and by clicks on notifications.
pub fn open_instance<R: Runtime>(app: &AppHandle<R>, profile: &str, id: &str, renewal: bool) {
    let (kind, event) = if renewal {
        ("renew", "open-renewal")
    } else {
        ("detail", "open-instance")
    };
    let d = OpenDialog {
        kind: kind.into(),
        profile: profile.into(),
        ids: vec![id.into()],
    };
    crate::window::open_dialog(app, d, event);
}

/// Rebuilds the menu and tooltip after a watcher run or a settings change.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        if let Ok(menu) = build_menu(app) {
            let _ = tray.set_menu(Some(menu));
        }
        let _ = tray.set_tooltip(Some(tray_menu::tooltip(&app.state::<AppState>())));
    }
}
