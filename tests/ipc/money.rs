//! Money through IPC: confirmations, unknown outcomes, renewal outlook, estimates.

use serde_json::{json, Value};
use tauri::Manager;

use crate::mock_app::App;

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
    assert!(blocked["message"].as_str().is_some_and(|m| !m.is_empty()));
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
    let st = a.call("wait_order", json!({"order_id": order})).unwrap();
    assert_eq!(st["status"], 6, "waiting for payment ends the wait: {st}");
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
    // Processing, then completed: Rust waits and reports both.
    let progress = a.events("order-progress");
    let st = a.call("wait_order", json!({"order_id": order})).unwrap();
    assert_eq!(st["status"], 5, "{st}");
    let statuses: Vec<Value> = App::drain(&progress)
        .iter()
        .map(|e| e["status"].clone())
        .collect();
    assert_eq!(statuses.first(), Some(&json!(3)), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&json!(5)), "{statuses:?}");

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
