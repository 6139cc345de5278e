//! Issue #15 commands: the traffic guard, health charts and phone alerts.

use serde_json::{json, Value};

use crate::mock_app::App;

/// Issue #15 commands through IPC: the automatic stop needs the confirmation and a
/// sane percentage; the traffic figures ride on the dashboard; the webhook URL is
/// write-only (kept in the keychain, never answered); Send test without a hook is
/// a clear error.
#[test]
fn traffic_guard_and_phone_alert_commands() {
    let mut a = App::new();
    let f = a.call("refresh_fleet", json!({})).unwrap();
    let erp = f["fleet"]["instances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "erp")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let tv = &f["traffic"][&erp];
    let pct = tv["percent_used"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&pct), "{tv}");
    assert!(tv["forecast"]["kind"].is_string(), "{tv}");
    assert!(tv["auto_stop_at"].is_null(), "off by default");
    let stop = |p: Value, confirmed: bool| json!({"id": erp, "percent": p, "confirmed": confirmed});
    assert_eq!(
        a.err_kind("set_auto_stop", stop(json!(90), false)),
        "not_confirmed"
    );
    assert_eq!(
        a.err_kind("set_auto_stop", stop(json!(10), true)),
        "invalid_input"
    );
    assert_eq!(
        a.err_kind(
            "set_auto_stop",
            json!({"id": "../x", "percent": 90, "confirmed": true})
        ),
        "invalid_input"
    );
    let s = a.call("set_auto_stop", stop(json!(90), true)).unwrap();
    assert_eq!(s["auto_stop"][&erp], 90);
    let f = a.call("refresh_fleet", json!({})).unwrap();
    assert_eq!(f["traffic"][&erp]["auto_stop_at"], 90);
    let s = a.call("set_auto_stop", stop(Value::Null, false)).unwrap();
    assert!(
        s["auto_stop"].get(&erp).is_none(),
        "turning it off needs no confirmation"
    );
    assert_eq!(
        a.err_kind(
            "update_settings",
            json!({"patch": {"traffic_reminders": [0]}})
        ),
        "invalid_input"
    );

    // Health charts: two ranges only; the demo's Cloud Eye answers with data.
    let h = |hours: i64, off: i32| json!({"id": erp, "hours": hours, "offset_minutes": off});
    assert_eq!(a.err_kind("instance_health", h(5, 0)), "invalid_input");
    assert_eq!(a.err_kind("instance_health", h(24, 5000)), "invalid_input");
    let v = a.call("instance_health", h(24, 480)).unwrap();
    assert_eq!(v["health"]["state"], "data", "{v}");
    assert!(v["note"].is_null());

    // Sparklines: a bounded batch; a row with CPU data gets points.
    let many: Vec<String> = (0..201).map(|n| format!("id{n}")).collect();
    assert_eq!(
        a.err_kind("sparklines", json!({"ids": many})),
        "invalid_input"
    );
    let sp = a.call("sparklines", json!({"ids": [erp]})).unwrap();
    assert!(!sp[&erp].as_array().unwrap().is_empty(), "{sp}");

    // Phone alerts.
    assert_eq!(a.err_kind("test_alerts", json!({})), "not_configured");
    let key = format!("hook-{}", uuid::Uuid::new_v4());
    for bad in [
        "http://example.com/x",
        "not a url",
        "https://u:p@example.com/x",
    ] {
        assert_eq!(
            a.err_kind("set_alerts", json!({"channel": "we_com", "url": bad})),
            "invalid_input",
            "{bad}"
        );
    }
    assert_eq!(
        a.err_kind(
            "set_alerts",
            json!({"channel": "pager", "url": "https://example.com/x"})
        ),
        "invalid_input"
    );
    let url = format!("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={key}");
    let v = a
        .call("set_alerts", json!({"channel": "we_com", "url": url}))
        .unwrap();
    assert_eq!(v["host"], "qyapi.weixin.qq.com");
    assert_eq!(v["channel"], "we_com");
    let kept = a.keychain_secret(flexus_desk::settings::ALERTS_KEY);
    assert_eq!(kept.as_deref(), Some(url.as_str()));
    assert_eq!(
        a.call("get_settings", json!({})).unwrap()["alerts"]["host"],
        "qyapi.weixin.qq.com"
    );
    a.call("alerts_status", json!({})).unwrap();
    let off = a
        .call("set_alerts", json!({"channel": null, "url": null}))
        .unwrap();
    assert!(off["host"].is_null());
    assert_eq!(a.keychain_secret(flexus_desk::settings::ALERTS_KEY), None);
    assert!(
        !a.seen.join("\n").contains(&key),
        "the webhook URL came back"
    );
}
