//! Accounts through IPC: keys in, never out; profiles; the proxy; capabilities.

use serde_json::json;
use tauri::test::mock_builder;
use tauri::Manager;

use crate::mock_app::App;

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
    let kept = a.keychain_secret(flexus_desk::settings::PROXY_KEY);
    assert_eq!(kept.as_deref(), Some(pw.as_str()));
    a.call("get_settings", json!({})).unwrap();
    a.call("app_info", json!({})).unwrap();
    // Removing the proxy removes its password too.
    let s = a.call("set_proxy", set("", None, None)).unwrap();
    assert!(s["proxy"].is_null());
    assert_eq!(a.keychain_secret(flexus_desk::settings::PROXY_KEY), None);
    assert!(
        !a.seen.join("\n").contains(&pw),
        "the proxy password came back"
    );
}

#[test]
fn a_real_account_in_use_stops_the_demo_cloud_and_the_demo_comes_back_as_it_was() {
    let mut a = App::new();
    let h = a._app.handle().clone();
    let st = h.state::<flexus_desk::state::AppState>();
    let dir = st.data_dir.clone();
    // The demo in use, its clock moved five days.
    let moved = a.call("demo_advance", json!({"days": 5})).unwrap()["now"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(st.accounts.demo_running());
    let admin = std::fs::read_to_string(dir.join("demo-admin.url")).unwrap();
    let admin_answers = |url: &str| {
        reqwest::blocking::Client::new()
            .get(format!("{url}/_sim/state"))
            .send()
            .is_ok()
    };
    assert!(admin_answers(&admin));

    // A real account becomes the one in use: the demo cloud stops, its world kept.
    let sk = format!("sk-{}", uuid::Uuid::new_v4());
    a.call("save_credentials", json!({"name": "Shop", "site": "intl", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null})).unwrap();
    assert!(!st.accounts.demo_running(), "the demo cloud still runs");
    // (Its listeners close as their tasks see the stop.)
    let closed = (0..50).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        !admin_answers(&admin)
    });
    assert!(closed, "its listeners still answer");
    assert!(
        dir.join("demo-world.json").exists(),
        "its world was not kept"
    );

    // Back to the demo: it starts again where it was (the clock still moved).
    a.call("use_profile", json!({"name": "Demo"})).unwrap();
    let again = tauri::async_runtime::block_on(st.accounts.now("Demo"));
    let moved = flexus_core::timefmt::parse_utc(&moved).unwrap();
    assert!(
        again >= moved,
        "the demo came back at {again}, before its moved clock {moved}"
    );
    assert!(st.accounts.demo_running());
    assert!(!dir.join("demo-world.json").exists(), "read once");
}

#[test]
fn a_change_whose_settings_cannot_be_saved_leaves_the_keychain_as_it_was() {
    let mut a = App::new();
    let h = a._app.handle().clone();
    let st = h.state::<flexus_desk::state::AppState>();
    let save = |sk: &str| json!({"name": "Shop", "site": "intl", "access_key": "AKID1234567890", "secret_key": sk, "security_token": null});
    a.call("save_credentials", save("sk-first")).unwrap();
    a.call(
        "set_proxy",
        json!({"url": "http://127.0.0.1:3128", "username": "u", "password": "pw-first"}),
    )
    .unwrap();
    a.call(
        "set_alerts",
        json!({"channel": "generic", "url": "https://hooks.example.com/first"}),
    )
    .unwrap();
    let key_id = st.settings.get().profile("Shop").unwrap().key_id.clone();
    let keys = [key_id.as_str(), "proxy", "alerts-webhook"];
    let keychain =
        |a: &App| -> Vec<Option<String>> { keys.iter().map(|k| a.keychain_secret(k)).collect() };
    let before = keychain(&a);
    assert!(before.iter().all(Option::is_some), "{before:?}");
    let settings_before = st.settings.get();

    // From now on every settings save is refused (a settings file from a newer version).
    std::fs::write(st.data_dir.join(crate::common::REFUSE_SAVES), b"").unwrap();
    for (cmd, args) in [
        ("save_credentials", save("sk-second")),
        (
            "set_proxy",
            json!({"url": "http://127.0.0.1:3128", "username": "u", "password": "pw-second"}),
        ),
        (
            "set_proxy",
            json!({"url": "", "username": null, "password": null}),
        ),
        (
            "set_alerts",
            json!({"channel": "generic", "url": "https://hooks.example.com/second"}),
        ),
        ("set_alerts", json!({"channel": null, "url": null})),
        ("delete_profile", json!({"name": "Shop"})),
    ] {
        let e = a.call(cmd, args.clone()).expect_err(cmd);
        assert_eq!(e["kind"], "storage", "{cmd} {args}: {e}");
        assert_eq!(keychain(&a), before, "{cmd} {args} changed the keychain");
        assert_eq!(
            st.settings.get(),
            settings_before,
            "{cmd} changed the settings in use"
        );
    }
}
