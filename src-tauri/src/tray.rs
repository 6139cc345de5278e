//! The tray icon. Linux (appindicator) delivers no click events, so every action is
//! a menu item: open, the next expiries, refresh now, pause notifications, quit.

use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use crate::messages::tr;
use crate::state::{lock, AppState};
use crate::window::OpenDialog;

pub const TRAY_ID: &str = "main";

pub use crate::window::show_main;

/// One tray menu entry: id, label in the UI language, and enabled (or, for "pause", checked).
pub struct Item {
    pub id: String,
    pub label: String,
    pub on: bool,
}

/// The menu's entries, in the settings' language (a test reads them; `build_menu` draws them).
pub fn items(state: &AppState) -> Vec<Item> {
    let s = state.settings.get();
    let l = s.language;
    let item = |id: &str, label: String, on: bool| Item {
        id: id.into(),
        label,
        on,
    };
    let mut out = vec![item("open", tr(l, "Open dashboard", "打开控制台"), true)];
    let unresolved = crate::unresolved::pending_list(state).len();
    if unresolved > 0 {
        // A paid action with a lost answer is the first thing the tray says.
        out.push(item(
            "pending",
            tr(
                l,
                &format!("⚠ {unresolved} paid action(s) with unknown outcome — open to check"),
                &format!("⚠ {unresolved} 个付费操作结果未知 — 打开核对"),
            ),
            true,
        ));
    }
    // Reminders no notification server took: listed here until delivered.
    let pending = state.reminders.waiting();
    if !pending.is_empty() {
        let n = pending.len();
        out.push(item(
            "reminders",
            tr(
                l,
                &format!("{n} reminder(s) not shown yet (no notification service)"),
                &format!("{n} 条提醒未能显示（无通知服务）"),
            ),
            false,
        ));
        for (profile, r) in &pending {
            out.push(item(
                &format!("renew:{profile}:{}", r.instance_id),
                format!("• {}", r.title(l)),
                true,
            ));
        }
    }
    for (id, label) in unpaid_items(state) {
        out.push(item(&id, label, true));
    }
    let up = lock(&state.reminders.upcoming).clone();
    if up.is_empty() {
        out.push(item(
            "none",
            tr(l, "Nothing expires soon", "近期没有到期的实例"),
            false,
        ));
    }
    for (profile, id, label) in up {
        out.push(item(&format!("renew:{profile}:{id}"), label, true));
    }
    out.push(item("refresh", tr(l, "Refresh now", "立即刷新"), true));
    out.push(item(
        "pause",
        tr(l, "Pause notifications", "暂停提醒"),
        s.notifications_paused,
    ));
    out.push(item(
        "quit",
        tr(l, "Quit Flexus Desk", "退出 Flexus Desk"),
        true,
    ));
    out
}

fn build_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let state = app.state::<AppState>();
    let menu = Menu::new(app)?;
    for it in items(&state) {
        if it.id == "refresh" {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
        if it.id == "pause" {
            menu.append(&CheckMenuItem::with_id(
                app,
                &it.id,
                &it.label,
                true,
                it.on,
                None::<&str>,
            )?)?;
        } else {
            menu.append(&MenuItem::with_id(
                app,
                &it.id,
                &it.label,
                it.on,
                None::<&str>,
            )?)?;
        }
        if it.id == "open" {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
    }
    Ok(menu)
}

/// One menu item per order waiting for payment, `order:{profile}:{order_id}`,
/// naming its payment deadline (so an unpaid order is not forgotten).
pub fn unpaid_items(state: &AppState) -> Vec<(String, String)> {
    let l = state.settings.lang();
    lock(&state.reminders.unpaid)
        .iter()
        .map(|(profile, o)| {
            let by = o
                .pay_by
                .as_deref()
                .map(|t| t.get(..16).unwrap_or(t).replace('T', " "))
                .unwrap_or_else(|| "—".into());
            let amount = o
                .amount
                .map(|a| format!(" {a:.2} {}", o.currency.as_deref().unwrap_or("")))
                .unwrap_or_default();
            (
                format!("order:{profile}:{}", o.order_id),
                tr(
                    l,
                    &format!("Unpaid order {}{amount} — pay by {by} UTC", o.order_id),
                    &format!("待支付订单 {}{amount} — 请在 {by} UTC 前支付", o.order_id),
                ),
            )
        })
        .collect()
}

pub fn tooltip(state: &AppState) -> String {
    let unresolved = crate::unresolved::pending_list(state).len();
    if unresolved > 0 {
        return tr(
            state.settings.lang(),
            &format!("Flexus Desk — {unresolved} paid action(s) with unknown outcome"),
            &format!("Flexus Desk — {unresolved} 个付费操作结果未知"),
        );
    }
    let pending = state.reminders.waiting().len();
    if pending > 0 {
        return match state.settings.lang() {
            flexus_core::expiry::Lang::Zh => format!("Flexus Desk — {pending} 条提醒待显示"),
            flexus_core::expiry::Lang::En => {
                format!("Flexus Desk — {pending} reminder(s) waiting")
            }
        };
    }
    if let Some((_, label)) = unpaid_items(state).first() {
        let n = lock(&state.reminders.unpaid).len();
        let more = if n > 1 {
            tr(
                state.settings.lang(),
                &format!(" (+{} more)", n - 1),
                &format!("（另有 {} 个）", n - 1),
            )
        } else {
            String::new()
        };
        return format!("Flexus Desk — {label}{more}");
    }
    let up = lock(&state.reminders.upcoming);
    match up.first() {
        Some((_, _, label)) => format!("Flexus Desk — {label}"),
        None => "Flexus Desk".into(),
    }
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
    let state = app.state::<AppState>();
    match id {
        "open" | "pending" => {
            show_main(app);
        }
        "refresh" => state.wake.notify_one(),
        "pause" => {
            let _ = state.settings.update(|s| {
                s.notifications_paused = !s.notifications_paused;
                Ok(())
            });
            refresh(app);
        }
        "quit" => app.exit(0),
        other => {
            if let Some(rest) = other.strip_prefix("order:") {
                if let Some((profile, order)) = rest.rsplit_once(':') {
                    let d = OpenDialog {
                        kind: "order".into(),
                        profile: profile.into(),
                        ids: vec![order.into()],
                    };
                    crate::window::open_dialog(app, d, "open-order");
                }
            }
            if let Some(rest) = other.strip_prefix("renew:") {
                if let Some((profile, inst)) = rest.rsplit_once(':') {
                    open_instance(app, profile, inst, true);
                }
            }
        }
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
        let _ = tray.set_tooltip(Some(tooltip(&app.state::<AppState>())));
    }
}
