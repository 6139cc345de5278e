//! Every command through Tauri's IPC with the mock runtime: argument names,
//! validation in Rust, `{kind, message}` errors, confirmation rules, and that no
//! answer ever carries a secret.
//! One test binary (each links the whole Tauri stack), one file per area.

#[path = "../common/mod.rs"]
mod common;
#[path = "../mock_app/mod.rs"]
mod mock_app;

mod accounts;
mod features;
mod money;
mod tray;

use serde_json::json;
use tauri::Manager;

use crate::mock_app::App;

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
    // The sentence's language is checked in tests/app_messages.rs: the error language
    // is process-wide, and other tests here build apps in English beside this one.
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
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
    // Rust waits for the order and reports each status it sees as an event.
    let progress = a.events("order-progress");
    let st = a.call("wait_order", json!({"order_id": order})).unwrap();
    assert_eq!(st["status"], 5, "auto-paid, then completed: {st}");
    let seen = App::drain(&progress);
    assert!(
        seen.iter().all(|e| e["order_id"] == order.as_str()),
        "{seen:?}"
    );
    assert_eq!(seen.last(), Some(&st), "the last event is the answer");
    assert!(
        a.call("purchase", json!({"form": form})).is_err(),
        "the paid command takes only a confirmation id"
    );
    assert_eq!(
        a.err_kind("pay_order", json!({"confirm_id": order})),
        "not_confirmed"
    );
    assert_eq!(
        a.err_kind("wait_order", json!({"order_id": "../etc"})),
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
    let progress = a.events("job-progress");
    let js = a
        .call(
            "wait_job",
            json!({"region": job["region"], "job_id": job["job_id"]}),
        )
        .unwrap();
    assert_eq!(js["status"], "SUCCESS", "{js}");
    let seen = App::drain(&progress);
    assert!(!seen.is_empty() && seen.iter().all(|e| e["job_id"] == job["job_id"]));
    assert_eq!(seen.last().unwrap()["status"], "SUCCESS", "{seen:?}");
    assert_eq!(
        a.err_kind(
            "server_action",
            json!({"ids": [staging], "action": "explode", "hard": false})
        ),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind("wait_job", json!({"region": "mars-1", "job_id": "abc"})),
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
}

/// "Check now" wakes the expiry watcher: each call is followed by one more run.
#[test]
fn check_now_runs_the_watcher() {
    let mut a = App::new();
    let a = &mut a;
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
