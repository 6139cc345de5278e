//! The tray menu: its actions, its language, unpaid orders.

use serde_json::{json, Value};
use tauri::Manager;

use crate::mock_app::App;

#[test]
fn tray_menu_actions() {
    // The tray itself cannot be clicked headless; its menu calls these same functions.
    let a = App::new();
    let app = a.w.app_handle().clone();
    let state = || app.state::<flexus_desk::state::AppState>();
    assert!(!state().settings.get().notifications_paused);
    flexus_desk::tray::on_menu(&app, "pause");
    assert!(state().settings.get().notifications_paused);
    flexus_desk::tray::on_menu(&app, "pause");
    assert!(!state().settings.get().notifications_paused);
    let (tx, rx) = std::sync::mpsc::channel();
    tauri::Listener::listen_any(&app, "open-renewal", move |e| {
        let _ = tx.send(e.payload().to_string());
    });
    flexus_desk::tray::on_menu(&app, "renew:Demo:abc123");
    let got = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&got).unwrap(),
        json!({"profile": "Demo", "id": "abc123"})
    );
    // An unknown item changes nothing and sends nothing: the next event to arrive is
    // the one of the item after it.
    let before = serde_json::to_value(state().settings.get()).unwrap();
    flexus_desk::tray::on_menu(&app, "unknown-item");
    flexus_desk::tray::on_menu(&app, "renew:Demo:after");
    let next = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&next).unwrap(),
        json!({"profile": "Demo", "id": "after"})
    );
    assert_eq!(
        serde_json::to_value(state().settings.get()).unwrap(),
        before
    );
}

#[test]
fn tray_menu_follows_the_language() {
    let mut a = App::new();
    let app = a.w.app_handle().clone();
    let labels = || {
        let st = app.state::<flexus_desk::state::AppState>();
        flexus_desk::tray::items(&st)
            .into_iter()
            .map(|i| i.label)
            .collect::<Vec<_>>()
    };
    assert!(
        labels().contains(&"Refresh now".to_string()),
        "{:?}",
        labels()
    );
    a.call("update_settings", json!({"patch": {"language": "zh"}}))
        .unwrap();
    for l in labels() {
        let latin = l.replace("Flexus Desk", "");
        assert!(
            !latin.chars().any(|c| c.is_ascii_alphabetic()),
            "English left in the tray menu: {l}"
        );
    }
    a.call("update_settings", json!({"patch": {"language": "en"}}))
        .unwrap();
}

/// Issue 18 (2): the tray names an unpaid order with its payment deadline, its
/// item opens that order's tracker, and it leaves once the order is cancelled.
#[test]
fn the_tray_names_unpaid_orders_until_they_are_settled() {
    use flexus_desk::state::AppState;
    let mut a = App::new();
    let app = a.w.app_handle().clone();
    let form = json!({"region": "ap-southeast-3", "image": {"type": "public", "name": "Ubuntu", "version": "22.04"},
        "plan_spec": "hf.large.05.30m.linux", "name": "tray-unpaid", "period_type": "month",
        "period_num": 1, "quantity": 1, "auto_pay": false});
    let review = a.call("purchase_review", json!({"form": form})).unwrap();
    let tooltip = |app: &tauri::AppHandle<tauri::test::MockRuntime>| {
        flexus_desk::tray::tooltip(&app.state::<AppState>())
    };
    assert!(!tooltip(&app).contains("Unpaid"), "{}", tooltip(&app));
    let order = a
        .call("purchase", json!({"confirm_id": review["confirm_id"]}))
        .unwrap()["order_id"]
        .as_str()
        .unwrap()
        .to_string();
    let unpaid = a.call("unpaid_orders", json!({})).unwrap();
    let pay_by = unpaid
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["order_id"] == order.as_str())
        .expect("listed")["pay_by"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = pay_by[..16].replace('T', " ");
    let tip = tooltip(&app);
    assert!(tip.contains(&order) && tip.contains(&shown), "{tip}");
    let items = flexus_desk::tray::unpaid_items(&app.state::<AppState>());
    let (id, label) = items
        .iter()
        .find(|(id, _)| id.ends_with(&order))
        .expect("a menu item for the order");
    assert_eq!(id, &format!("order:Demo:{order}"));
    assert!(label.contains(&format!("pay by {shown}")), "{label}");

    // Clicking it opens that order's tracker.
    let (tx, rx) = std::sync::mpsc::channel();
    tauri::Listener::listen_any(&app, "open-order", move |e| {
        let _ = tx.send(e.payload().to_string());
    });
    flexus_desk::tray::on_menu(&app, id);
    let got = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&got).unwrap(),
        json!({"profile": "Demo", "id": order})
    );

    // Chinese too.
    a.call("update_settings", json!({"patch": {"language": "zh"}}))
        .unwrap();
    assert!(tooltip(&app).contains("待支付订单"), "{}", tooltip(&app));
    a.call("update_settings", json!({"patch": {"language": "en"}}))
        .unwrap();

    // Cancelled: the tracker's next look removes it from the tray.
    a.call("cancel_order", json!({"order_id": order})).unwrap();
    a.call("wait_order", json!({"order_id": order})).unwrap();
    assert!(!tooltip(&app).contains(&order), "{}", tooltip(&app));
    assert!(flexus_desk::tray::unpaid_items(&app.state::<AppState>()).is_empty());
}

#[test]
fn the_window_view_is_kept_in_rust_and_bad_views_are_refused() {
    // What a reopened window restores: saved by the page, read back by the next page.
    let mut a = App::new();
    let view = json!({"tab": "log", "search": "web", "region": "", "status": "soon",
        "dialog": {"kind": "renew", "profile": "Demo", "ids": ["a", "b"]}});
    a.call("save_view", json!({ "view": view })).unwrap();
    assert_eq!(a.call("view_state", json!({})).unwrap(), view);
    for bad in [
        json!({"tab": "admin"}),
        json!({"dialog": {"kind": "password", "profile": "Demo", "ids": ["a"]}}),
    ] {
        let e = a.call("save_view", json!({ "view": bad })).unwrap_err();
        assert_eq!(e["kind"], "invalid_input", "{e}");
        assert_eq!(a.call("view_state", json!({})).unwrap(), view, "kept");
    }
}
