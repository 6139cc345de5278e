//! Every command through Tauri's IPC with the mock runtime: argument names,
//! validation in Rust, `{kind, message}` errors, confirmation rules, and that no
//! answer ever carries a secret.

mod common;
mod mock_app;

use serde_json::{json, Value};
use tauri::Manager;

use mock_app::App;
use tauri::test::mock_builder;

#[test]
fn every_command_validates_and_answers_kind_and_message() {
    let mut a = App::new();
    let info = a.call("app_info", json!({})).unwrap();
    assert_eq!(info["onboarded"], true);
    assert_eq!(
        a.call("list_profiles", json!({})).unwrap()[0]["name"],
        "Demo"
    );
    assert_eq!(
        a.call("get_settings", json!({})).unwrap()["refresh_hours"],
        6
    );
    assert_eq!(
        a.err_kind("update_settings", json!({"patch": {"thresholds": [999]}})),
        "invalid_input"
    );
    let s = a
        .call(
            "update_settings",
            json!({"patch": {"language": "zh", "thresholds": [3, 30]}}),
        )
        .unwrap();
    assert_eq!(s["thresholds"], json!([30, 3]));
    // Errors follow the UI language.
    let e = a
        .call("purchase", json!({"confirm_id": "made-up"}))
        .unwrap_err();
    assert_eq!(e["kind"], "not_confirmed");
    assert!(e["message"].as_str().unwrap().contains("确认"));
    a.call("update_settings", json!({"patch": {"language": "en"}}))
        .unwrap();

    // Dashboard over the demo cloud.
    let f = a.call("refresh_fleet", json!({})).unwrap();
    assert_eq!(f["demo"], true);
    let inst = f["fleet"]["instances"].as_array().unwrap().clone();
    assert_eq!(inst.len(), 6);
    let id_of = |n: &str| {
        inst.iter().find(|i| i["name"] == n).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let web = id_of("web-shop");

    // Catalog.
    let c = a
        .call("catalog", json!({"region": "ap-southeast-3"}))
        .unwrap();
    assert_eq!(c["regions"].as_array().unwrap().len(), 6);
    let specs = a.call("catalog_specs", json!({"region": "ap-southeast-3", "image": {"type": "public", "name": "WordPress", "version": "6.4"}})).unwrap();
    assert_eq!(specs[0]["code"], "hf.large.1.30m.linux");
    assert_eq!(a.call("auto_match", json!({"region": "ap-southeast-3", "image": {"type": "public", "name": "Ubuntu", "version": "22.04"}, "cpu": 4, "memory": 8.0})).unwrap()["code"], "hf.xlarge.2.30m.linux");
    assert_eq!(a.err_kind("catalog_specs", json!({"region": "cn-north-4", "image": {"type": "public", "name": "Ubuntu", "version": "22.04"}})), "invalid_input");
    assert!(
        a.call("catalog_specs", json!({"region": 5})).is_err(),
        "wrong argument types are refused"
    );

    // Purchase: review validates, confirmed purchase sends, order status readable.
    let form = json!({"region": "ap-southeast-3", "image": {"type": "public", "name": "Ubuntu", "version": "22.04"}, "cpu": 2, "memory": 1.0, "name": "ipc-box", "period_type": "month", "period_num": 1, "quantity": 1, "auto_pay": true});
    let r = a.call("purchase_review", json!({"form": form})).unwrap();
    assert_eq!(r["spec"]["code"], "hf.large.05.30m.linux");
    assert_eq!(r["request"]["is_auto_renew"], false);
    let mut bad = form.clone();
    bad["name"] = json!("bad name");
    assert_eq!(
        a.err_kind("purchase_review", json!({"form": bad})),
        "invalid_input"
    );
    bad = form.clone();
    bad["period_num"] = json!(10);
    assert_eq!(
        a.err_kind("purchase_review", json!({"form": bad})),
        "invalid_input"
    );
    assert_eq!(
        r["payer"]["profile"], "Demo",
        "the review names the paying account"
    );
    let cid = r["confirm_id"].as_str().unwrap().to_string();
    let p = a.call("purchase", json!({"confirm_id": cid})).unwrap();
    let order = p["order_id"].as_str().unwrap().to_string();
    assert_eq!(
        a.err_kind("purchase", json!({"confirm_id": cid})),
        "not_confirmed",
        "a confirmation buys once"
    );
    let st = a.call("order_status", json!({"order_id": order})).unwrap();
    assert!([3, 5].contains(&st["status"].as_i64().unwrap()));
    assert!(
        a.call("purchase", json!({"form": form})).is_err(),
        "the paid command takes only a confirmation id"
    );
    assert_eq!(
        a.err_kind("pay_order", json!({"confirm_id": order})),
        "not_confirmed"
    );
    assert_eq!(
        a.err_kind("order_status", json!({"order_id": "../etc"})),
        "invalid_input"
    );

    // Renewal quote, confirmation, balance.
    let q = a
        .call(
            "renew_quote",
            json!({"ids": [web], "period_type": "month", "period_num": 1, "auto_pay": false}),
        )
        .unwrap();
    assert!(q["total"].as_f64().unwrap() > 0.0);
    assert!(
        q["items"][0]["expire_new"].as_str().unwrap()
            > q["items"][0]["expire_now"].as_str().unwrap()
    );
    assert_eq!(
        a.err_kind(
            "renew_quote",
            json!({"ids": [web], "period_type": "month", "period_num": 12, "auto_pay": false})
        ),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind("renew", json!({"confirm_id": "x"})),
        "not_confirmed"
    );
    assert_eq!(
        a.err_kind(
            "renew_quote",
            json!({"ids": ["not-on-dashboard"], "period_type": "month", "period_num": 1, "auto_pay": false})
        ),
        "not_found"
    );
    let r = a
        .call("renew", json!({"confirm_id": q["confirm_id"]}))
        .unwrap();
    assert_eq!(r["order_ids"].as_array().unwrap().len(), 1);
    assert_eq!(
        a.err_kind("renew", json!({"confirm_id": q["confirm_id"]})),
        "not_confirmed",
        "a second click sends nothing"
    );
    // The journal keeps the price that was confirmed, for the Activity sentence.
    let log = a.call("activity_log", json!({})).unwrap();
    let renewal = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == "renew")
        .unwrap();
    let shown = format!("{:.2}", q["total"].as_f64().unwrap());
    assert_eq!(renewal["price"]["amount"], shown.as_str(), "{renewal}");
    assert_eq!(renewal["price"]["currency"], q["currency"], "{renewal}");

    // Unsubscribe needs the exact names.
    let staging = id_of("staging");
    assert_eq!(a.err_kind("unsubscribe_review", json!({"ids": [staging], "unsubscribe_type": 1, "reason_type": null, "reason": null, "confirm_names": ["Staging"]})), "not_confirmed");
    assert_eq!(a.err_kind("unsubscribe_review", json!({"ids": [staging], "unsubscribe_type": 3, "reason_type": null, "reason": null, "confirm_names": ["staging"]})), "invalid_input");
    assert_eq!(a.err_kind("unsubscribe_review", json!({"ids": [staging], "unsubscribe_type": 1, "reason_type": 9, "reason": null, "confirm_names": ["staging"]})), "invalid_input");
    assert_eq!(
        a.err_kind("unsubscribe", json!({"confirm_id": cid})),
        "not_confirmed"
    );

    // Servers.
    let jobs = a
        .call(
            "server_action",
            json!({"ids": [staging], "action": "start", "hard": false}),
        )
        .unwrap();
    let job = &jobs[0];
    let js = a
        .call(
            "job_status",
            json!({"region": job["region"], "job_id": job["job_id"]}),
        )
        .unwrap();
    assert!(["INIT", "RUNNING", "SUCCESS"].contains(&js["status"].as_str().unwrap()));
    assert_eq!(
        a.err_kind(
            "server_action",
            json!({"ids": [staging], "action": "explode", "hard": false})
        ),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind("job_status", json!({"region": "mars-1", "job_id": "abc"})),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind(
            "reset_password",
            json!({"ids": [staging], "password": "short", "restart": false})
        ),
        "invalid_input"
    );
    assert_eq!(
        a.call(
            "reset_password",
            json!({"ids": [staging], "password": "Flexus@2026x", "restart": true})
        )
        .unwrap()
        .as_array()
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        a.err_kind("update_server", json!({"id": staging, "hostname": "a..b"})),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind(
            "update_server",
            json!({"id": staging, "description": "<b>"})
        ),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind("update_server", json!({"id": staging})),
        "invalid_input"
    );
    a.call(
        "update_server",
        json!({"id": staging, "name": "staging_srv", "hostname": "stage-01"}),
    )
    .unwrap();
    // The effects, read back from the cloud itself.
    let in_cloud = |a: &App| {
        a.demo_sim().state()["instances"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == staging)
            .cloned()
            .unwrap()
    };
    assert_eq!(in_cloud(&a)["hostname"], "stage-01");
    assert_eq!(
        in_cloud(&a)["auto_renew"],
        false,
        "staging starts without auto-renew"
    );
    a.call("set_auto_renew", json!({"id": staging, "on": true}))
        .unwrap();
    assert_eq!(in_cloud(&a)["auto_renew"], true);
    assert!(
        a.call("set_auto_renew", json!({"id": staging, "on": true}))
            .is_ok(),
        "enabling twice is allowed by BSS"
    );

    // Activity log and reconcile.
    let log = a.call("activity_log", json!({})).unwrap();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for x in ["purchase", "renew", "start", "reset_password", "auto_renew"] {
        assert!(actions.contains(&x), "{x} in {actions:?}");
    }
    let pid = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "purchase")
        .unwrap()["id"]
        .clone();
    let again = a.call("reconcile", json!({"journal_id": pid})).unwrap();
    assert_eq!(again["result"], "found", "{again}");
    assert_eq!(
        again["order_id"],
        order.as_str(),
        "its own order, from evidence"
    );
    assert_eq!(
        a.err_kind("reconcile", json!({"journal_id": "nope"})),
        "not_found"
    );

    // Demo clock.
    assert!(a.call("demo_advance", json!({"days": 1})).unwrap()["now"].is_string());
    assert_eq!(
        a.err_kind("demo_advance", json!({"days": 100})),
        "invalid_input"
    );
    check_now_runs_the_watcher(&mut a);
}

/// "Check now" wakes the expiry watcher: each call is followed by one more run.
fn check_now_runs_the_watcher(a: &mut App) {
    struct Quiet;
    impl flexus_desk::watcher::Notifier for Quiet {
        fn notify(&self, _: &str, _: &flexus_core::expiry::Notice, _: flexus_core::expiry::Lang) {}
    }
    let h = a.w.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let st = h.state::<flexus_desk::state::AppState>();
        flexus_desk::watcher::run(&st, &Quiet, || {}).await;
    });
    let runs = |a: &mut App| a.call("app_info", json!({})).unwrap()["watch"]["runs"].as_u64();
    assert_eq!(runs(a), Some(0), "the watcher waits before its first run");
    for want in 1..=2 {
        a.call("check_now", json!({})).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while runs(a) != Some(want) {
            assert!(
                std::time::Instant::now() < deadline,
                "no watcher run {want}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

#[test]
fn credentials_are_write_only() {
    let mut a = App::new();
    let sk = format!("very-secret-{}", uuid::Uuid::new_v4());
    let token = format!("tok-{}", uuid::Uuid::new_v4());
    assert_eq!(a.err_kind("save_credentials", json!({"name": "Demo", "site": "intl", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null})), "invalid_input");
    assert_eq!(a.err_kind("save_credentials", json!({"name": "Shop", "site": "mars", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null})), "invalid_input");
    assert_eq!(a.err_kind("save_credentials", json!({"name": "Shop", "site": "intl", "access_key": "AK ID", "secret_key": sk, "security_token": null})), "invalid_input");
    assert_eq!(a.err_kind("save_credentials", json!({"name": "Shop", "site": "intl", "access_key": "AKID1234567890", "secret_key": "has space", "security_token": null})), "invalid_input");
    let p = a.call("save_credentials", json!({"name": "Shop", "site": "cn", "access_key": "AKID1234567890", "secret_key": sk, "security_token": token})).unwrap();
    assert_eq!(p["masked_ak"], "AKID…90");
    assert_eq!(p["temporary"], true);
    let profiles = a.call("list_profiles", json!({})).unwrap();
    assert_eq!(profiles[1]["active"], true);
    let settings = a.call("get_settings", json!({})).unwrap();
    assert_eq!(settings["active_profile"], "Shop");
    assert_eq!(
        a.err_kind("use_profile", json!({"name": "Nobody"})),
        "not_found"
    );
    a.call("use_profile", json!({"name": "Demo"})).unwrap();
    a.call("delete_profile", json!({"name": "Shop"})).unwrap();
    assert_eq!(
        a.call("list_profiles", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        a.err_kind("delete_profile", json!({"name": "Shop"})),
        "not_found"
    );
    let all = a.seen.join("\n");
    assert!(
        !all.contains(&sk) && !all.contains(&token),
        "a secret came back through IPC"
    );
}

#[test]
fn verifying_keys_against_an_unreachable_cloud_is_a_network_error_without_the_keys() {
    // A local port that was just free and is closed now: nothing listens there,
    // whatever this machine's internet access is.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dead = format!("http://127.0.0.1:{port}");
    let endpoints = flexus_core::Service::ALL
        .iter()
        .map(|s| (*s, dead.clone()))
        .collect();
    let mut a = App::reaching(mock_builder(), endpoints);
    let sk = format!("very-secret-{}", uuid::Uuid::new_v4());
    a.call("save_credentials", json!({"name": "Shop", "site": "intl", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null})).unwrap();
    let e = a
        .call("verify_profile", json!({"name": "Shop"}))
        .unwrap_err();
    assert_eq!(e["kind"], "network", "{e}");
    assert!(!a.seen.join("\n").contains(&sk), "the secret came back");
}

#[test]
fn capabilities_allow_only_our_commands_from_our_pages() {
    let mut a = App::new();
    assert!(a.call("get_settings", json!({})).is_ok());
    for (cmd, args) in [
        ("plugin:store|get", json!({"rid": 1, "key": "settings"})),
        (
            "plugin:notification|notify",
            json!({"options": {"title": "x"}}),
        ),
        ("plugin:autostart|enable", json!({})),
        ("not_a_command", json!({})),
    ] {
        let e = a.call(cmd, args).expect_err(cmd);
        assert!(
            e.as_str()
                .is_some_and(|m| m.contains("not allowed") || m.contains("not found")),
            "{cmd}: {e}"
        );
    }
    assert!(
        a.call_from("https://evil.example", "get_settings", json!({}))
            .is_err(),
        "remote pages get no IPC"
    );
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

#[test]
fn dashboard_reuses_a_recent_refresh_only_when_asked() {
    let mut a = App::new();
    let sent = |a: &App| -> u64 {
        let st = a._app.state::<flexus_desk::state::AppState>();
        tauri::async_runtime::block_on(async {
            st.accounts
                .demo()
                .await
                .unwrap()
                .sim
                .request_counts()
                .values()
                .sum()
        })
    };
    let first = a.call("refresh_fleet", json!({})).unwrap();
    let n = sent(&a);
    let again = a
        .call("refresh_fleet", json!({"max_age_ms": 60000}))
        .unwrap();
    assert_eq!(sent(&a), n, "a refresh that started a moment ago is reused");
    assert_eq!(again["fleet"], first["fleet"]);
    a.call("refresh_fleet", json!({"max_age_ms": 0})).unwrap();
    assert!(sent(&a) > n, "max_age 0 always asks the cloud");
    let n = sent(&a);
    a.call("refresh_fleet", json!({})).unwrap();
    assert!(sent(&a) > n, "no max_age always asks the cloud");
}

#[test]
fn profile_names_are_unique_ignoring_case_and_keyed_by_id() {
    let mut a = App::new();
    let save = |name: &str, sk: &str| json!({"name": name, "site": "intl", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null});
    a.call("save_credentials", save("Shop", "sk-one")).unwrap();
    // "shop" would share Shop's Credential Manager entry on Windows: refused.
    assert_eq!(
        a.err_kind("save_credentials", save("shop", "sk-two")),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind("save_credentials", save("DEMO", "sk-two")),
        "invalid_input"
    );
    let id = |a: &mut App| {
        a.call("get_settings", json!({})).unwrap()["profiles"][0]["key_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first = id(&mut a);
    assert!(
        first.starts_with("p-") && !first.contains("Shop"),
        "{first}"
    );
    // Re-entering keys under the same name keeps one profile and its id.
    a.call("save_credentials", save("Shop", "sk-three"))
        .unwrap();
    assert_eq!(
        a.call("list_profiles", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(id(&mut a), first);
    let secrets = a
        ._app
        .state::<flexus_desk::state::AppState>()
        .accounts
        .secrets
        .clone();
    let stored = secrets.get(&first).unwrap().unwrap();
    assert_eq!(stored.secret_key.expose(), "sk-three");
    assert!(secrets.get("Shop").unwrap().is_none());
    a.call("delete_profile", json!({"name": "Shop"})).unwrap();
    assert!(secrets.get(&first).unwrap().is_none());
}

/// Money through IPC: a confirmation pays once, on the account it was reviewed
/// for; a lost renewal answer blocks every further paid action on the instance
/// ("pending", with the entry to check) until evidence resolves it.
#[test]
fn paid_actions_are_confirmed_once_and_blocked_while_unknown() {
    use flexus_desk::state::AppState;
    use flexus_sim::{Fault, FaultKind};
    let mut a = App::new();
    let f = a.call("refresh_fleet", json!({})).unwrap();
    let web = f["fleet"]["instances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "web-shop")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // A review on one account cannot be confirmed on another.
    let form = json!({"region": "ap-southeast-3", "image": {"type": "public", "name": "Ubuntu", "version": "22.04"}, "plan_spec": "hf.large.05.30m.linux", "name": "other-acct", "period_type": "month", "period_num": 1, "quantity": 1, "auto_pay": true});
    let review = a.call("purchase_review", json!({"form": form})).unwrap();
    let sk = "S".repeat(40);
    a.call("save_credentials", json!({"name": "Shop", "site": "intl", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null})).unwrap();
    a.call("use_profile", json!({"name": "Shop"})).unwrap();
    let e = a
        .call("purchase", json!({"confirm_id": review["confirm_id"]}))
        .unwrap_err();
    assert_eq!(e["kind"], "profile_changed", "{e}");
    a.call("use_profile", json!({"name": "Demo"})).unwrap();
    assert_eq!(
        a.err_kind("purchase", json!({"confirm_id": review["confirm_id"]})),
        "not_confirmed",
        "refused confirmations are consumed"
    );
    let log = a.call("activity_log", json!({})).unwrap();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "purchase"),
        "nothing was bought: {log}"
    );

    // The renewal's answer is lost after the cloud renewed.
    let sim = a.demo_sim();
    sim.add_fault(Fault {
        service: flexus_core::Service::Bss,
        method: Some("POST".into()),
        path_contains: Some("subscriptions/resources/renew".into()),
        kind: FaultKind::ResetAfter,
        latency_ms: 0,
        times: 1,
    });
    let q = a
        .call(
            "renew_quote",
            json!({"ids": [web], "period_type": "month", "period_num": 1, "auto_pay": true}),
        )
        .unwrap();
    assert_eq!(q["payer"]["profile"], "Demo");
    let e = a
        .call("renew", json!({"confirm_id": q["confirm_id"]}))
        .unwrap_err();
    assert_eq!(e["kind"], "outcome_unknown", "{e}");
    let jid = e["journal_id"].as_str().unwrap().to_string();
    assert_eq!(sim.count_matching("subscriptions/resources/renew"), 1);
    // Reopening the dialog (a new quote) or unsubscribing is refused, naming the entry.
    let blocked = a
        .call(
            "renew_quote",
            json!({"ids": [web], "period_type": "month", "period_num": 1, "auto_pay": true}),
        )
        .unwrap_err();
    assert_eq!(blocked["kind"], "pending", "{blocked}");
    assert_eq!(blocked["journal_id"], jid.as_str());
    assert!(blocked["message"].as_str().unwrap().contains("Check now"));
    assert_eq!(
        a.err_kind("unsubscribe_review", json!({"ids": [web], "unsubscribe_type": 1, "reason_type": null, "reason": null, "confirm_names": ["web-shop"]})),
        "pending"
    );
    assert_eq!(
        a.err_kind("set_auto_renew", json!({"id": web, "on": true})),
        "pending"
    );
    assert_eq!(
        sim.count_matching("subscriptions/resources/renew"),
        1,
        "nothing sent again"
    );
    let pending = a.call("pending_actions", json!({})).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let tooltip = || flexus_desk::tray::tooltip(&a._app.state::<AppState>());
    assert!(
        tooltip().contains("1 paid action(s) with unknown outcome"),
        "{}",
        tooltip()
    );
    // Facts for the banner to word in the UI language: the action and what it touched.
    assert_eq!(pending[0]["action"], "renew", "{pending}");
    assert_eq!(
        pending[0]["params"]["resource_ids"][0],
        web.as_str(),
        "{pending}"
    );
    assert!(
        pending[0]["price"]["amount"].is_string(),
        "what may have been charged: {pending}"
    );
    // Evidence (the expiry moved by a calendar month) resolves it.
    let left = a.call("check_pending", json!({})).unwrap();
    assert_eq!(left, json!([]), "resolved");
    assert!(!flexus_desk::tray::tooltip(&a._app.state::<AppState>()).contains("unknown"));
    let entry = a
        .call("activity_log", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == jid.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["outcome"], "succeeded", "{entry}");
    assert_eq!(sim.count_matching("subscriptions/resources/renew"), 1);
    // Now the next renewal may be quoted again.
    a.call(
        "renew_quote",
        json!({"ids": [web], "period_type": "month", "period_num": 1, "auto_pay": true}),
    )
    .unwrap();
}

#[test]
fn proxy_setting_is_checked_and_its_password_write_only() {
    let mut a = App::new();
    let set = |url: &str, user: Option<&str>, pw: Option<&str>| json!({"url": url, "username": user, "password": pw});
    for bad in [
        "ftp://proxy:21",
        "proxy:8080",
        "http://u:p@proxy:8080",
        "http://proxy:8080/path",
    ] {
        assert_eq!(
            a.err_kind("set_proxy", set(bad, None, None)),
            "invalid_input",
            "{bad}"
        );
    }
    assert_eq!(
        a.err_kind("set_proxy", set("http://proxy:8080", None, Some("pw"))),
        "invalid_input"
    );
    let pw = format!("proxy-pass-{}", uuid::Uuid::new_v4());
    let s = a
        .call(
            "set_proxy",
            set("socks5://proxy.corp:1080", Some("alice"), Some(&pw)),
        )
        .unwrap();
    assert_eq!(s["proxy"]["url"], "socks5://proxy.corp:1080");
    assert_eq!(s["proxy"]["has_password"], true);
    let secrets = a
        ._app
        .state::<flexus_desk::state::AppState>()
        .accounts
        .secrets
        .clone();
    let kept = secrets
        .get(flexus_desk::settings::PROXY_KEY)
        .unwrap()
        .unwrap();
    assert_eq!(kept.secret_key.expose(), pw);
    a.call("get_settings", json!({})).unwrap();
    a.call("app_info", json!({})).unwrap();
    // Removing the proxy removes its password too.
    let s = a.call("set_proxy", set("", None, None)).unwrap();
    assert!(s["proxy"].is_null());
    assert!(secrets
        .get(flexus_desk::settings::PROXY_KEY)
        .unwrap()
        .is_none());
    assert!(
        !a.seen.join("\n").contains(&pw),
        "the proxy password came back"
    );
}

#[test]
fn renewal_outlook_lists_a_year_of_priced_renewals() {
    let mut a = App::new();
    let v = a.call("renewal_outlook", json!({})).unwrap();
    let dues = v["outlook"]["dues"].as_array().unwrap();
    assert!(dues.len() >= 6, "{v}");
    // Amounts are exact decimals (strings), never floats; a month's total is their sum.
    let m = &v["outlook"]["months"][0];
    let sum: f64 = dues
        .iter()
        .filter(|d| d["month"] == m["month"] && d["currency"] == m["currency"])
        .filter_map(|d| d["amount"].as_str())
        .map(|s| s.parse::<f64>().unwrap())
        .sum();
    assert!(m["total"].is_string(), "{m}");
    assert!((m["total"].as_str().unwrap().parse::<f64>().unwrap() - sum).abs() < 0.005);
    // Coverage is facts for the page to word: the demo's balance, as an exact decimal,
    // against what falls due.
    let cover = &v["outlook"]["coverage"][0];
    assert!(cover["balance"].is_string(), "{cover}");
    assert!(cover["due_total"].is_string(), "{cover}");
    assert!(
        v.get("coverage_text").is_none(),
        "no Rust-worded sentence: {v}"
    );
    assert!(v["problems"].as_array().unwrap().is_empty());
}

/// Issue 18 (3): no estimate is guessed before any order; a paid purchase teaches
/// its plan's rating codes, and the next review of the same spec, region and
/// period carries BSS's estimate, equal to what the simulator charged. Another
/// spec or region gets none.
#[test]
fn a_paid_purchase_teaches_the_estimate_for_the_same_plan_only() {
    use flexus_core::catalog::{Catalog, ImageChoice};
    let mut a = App::new();
    let image = json!({"type": "public", "name": "Ubuntu", "version": "22.04"});
    let form = |region: &str, spec: &str, name: &str| {
        json!({"region": region, "image": image, "plan_spec": spec, "name": name,
            "period_type": "month", "period_num": 1, "quantity": 1, "auto_pay": false})
    };
    let spec = "hf.large.05.30m.linux";
    let review = a
        .call(
            "purchase_review",
            json!({"form": form("ap-southeast-3", spec, "est-1")}),
        )
        .unwrap();
    assert_eq!(
        review["estimate"],
        Value::Null,
        "nothing learned yet: {review}"
    );

    let bought = a
        .call("purchase", json!({"confirm_id": review["confirm_id"]}))
        .unwrap();
    let order = bought["order_id"].as_str().unwrap().to_string();
    // Unpaid: no resources yet, nothing learned.
    let st = a.call("order_status", json!({"order_id": order})).unwrap();
    assert_eq!(st["status"], 6, "{st}");
    let again = a
        .call(
            "purchase_review",
            json!({"form": form("ap-southeast-3", spec, "est-2")}),
        )
        .unwrap();
    assert_eq!(
        again["estimate"],
        Value::Null,
        "an unpaid order teaches nothing"
    );

    let pay = a.call("pay_review", json!({"order_id": order})).unwrap();
    let charged = pay["amount"].as_f64().unwrap();
    a.call("pay_order", json!({"confirm_id": pay["confirm_id"]}))
        .unwrap();
    // Processing, then completed (the tracker polls the same way).
    let mut st = Value::Null;
    for _ in 0..120 {
        st = a.call("order_status", json!({"order_id": order})).unwrap();
        if st["status"] == 5 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    assert_eq!(st["status"], 5, "{st}");

    let next = a
        .call(
            "purchase_review",
            json!({"form": form("ap-southeast-3", spec, "est-3")}),
        )
        .unwrap();
    assert_eq!(next["estimate"]["amount"].as_f64(), Some(charged), "{next}");
    assert_eq!(next["estimate"]["learned_from"], order.as_str());
    assert!(next["estimate"]["currency"]
        .as_str()
        .is_some_and(|c| !c.is_empty()));

    // Another spec in the same region: nothing guessed.
    let other = a
        .call(
            "purchase_review",
            json!({"form": form("ap-southeast-3", "hf.xlarge.2.30m.linux", "est-4")}),
        )
        .unwrap();
    assert_eq!(other["estimate"], Value::Null, "{other}");
    // The same spec in another region: nothing guessed either.
    let choice = ImageChoice::Public {
        name: "Ubuntu".into(),
        version: "22.04".into(),
    };
    let cat = Catalog::bundled();
    let region = cat
        .regions(flexus_core::Site::Intl)
        .iter()
        .map(|r| r.id.clone())
        .find(|r| {
            r != "ap-southeast-3" && cat.check(flexus_core::Site::Intl, r, &choice, spec).is_ok()
        })
        .expect("another region sells the plan");
    let elsewhere = a
        .call(
            "purchase_review",
            json!({"form": form(&region, spec, "est-5")}),
        )
        .unwrap();
    assert_eq!(elsewhere["estimate"], Value::Null, "{elsewhere}");
    // A year is another period type.
    let mut yearly = form("ap-southeast-3", spec, "est-6");
    yearly["period_type"] = json!("year");
    let yearly = a.call("purchase_review", json!({"form": yearly})).unwrap();
    assert_eq!(yearly["estimate"], Value::Null, "{yearly}");
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
    a.call("order_status", json!({"order_id": order})).unwrap();
    assert!(!tooltip(&app).contains(&order), "{}", tooltip(&app));
    assert!(flexus_desk::tray::unpaid_items(&app.state::<AppState>()).is_empty());
}

/// Reconciliation teaches the codes too: a purchase whose answer was lost, found
/// completed from evidence, gives the next review of the same plan its estimate.
#[test]
fn a_reconciled_purchase_teaches_the_estimate() {
    use flexus_sim::{Fault, FaultKind};
    let mut a = App::new();
    let form = json!({"region": "ap-southeast-3", "image": {"type": "public", "name": "Ubuntu", "version": "22.04"},
        "plan_spec": "hf.large.05.30m.linux", "name": "lost-answer", "period_type": "month",
        "period_num": 1, "quantity": 1, "auto_pay": true});
    let review = a.call("purchase_review", json!({"form": form})).unwrap();
    assert_eq!(review["estimate"], Value::Null);
    let sim = a.demo_sim();
    sim.add_fault(Fault {
        service: flexus_core::Service::Hcss,
        method: Some("POST".into()),
        path_contains: Some("light-instances".into()),
        kind: FaultKind::ResetAfter,
        latency_ms: 0,
        times: 1,
    });
    let e = a
        .call("purchase", json!({"confirm_id": review["confirm_id"]}))
        .unwrap_err();
    assert_eq!(e["kind"], "outcome_unknown", "{e}");
    assert_eq!(
        a.call("pending_actions", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1,
        "unknown until checked"
    );
    // Checked from evidence once the order completed: wait for the simulator to finish
    // processing it (its order list says so), not for a fixed time.
    let processing = |a: &App| {
        a.demo_sim().state()["orders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["status"] == 3)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while processing(&a) {
        assert!(
            std::time::Instant::now() < deadline,
            "the order never completed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(a.call("check_pending", json!({})).unwrap(), json!([]));
    let estimate = a.call("purchase_review", json!({"form": form})).unwrap()["estimate"].clone();
    assert!(
        estimate["amount"].as_f64().is_some_and(|x| x > 0.0),
        "{estimate}"
    );
}
