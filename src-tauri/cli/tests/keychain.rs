//! The real OS keychain (Secret Service via gnome-keyring on Linux). Needs a
//! session bus with an unlocked keyring, which `scripts/test.sh` provides and marks
//! with FLEXUS_KEYCHAIN_TESTS=1; elsewhere this test says so and does nothing.

#[path = "../../sim/tests/common/mod.rs"]
mod common;

use flexus_core::keychain::{KeyringStore, SecretStore};
use flexus_core::Credentials;

fn enabled() -> bool {
    let on = std::env::var("FLEXUS_KEYCHAIN_TESTS").as_deref() == Ok("1");
    if !on {
        eprintln!("FLEXUS_KEYCHAIN_TESTS is not 1: the real-keychain test needs scripts/test.sh (dbus-run-session + gnome-keyring)");
    }
    on
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_round_trip_through_the_real_keychain_and_the_cli_uses_them() {
    if !enabled() {
        return;
    }
    let store = KeyringStore::new("app.flexusdesk.desktop");
    let profile = format!("test-{}", uuid::Uuid::new_v4());
    let sk = flexus_sim::seed::DEMO_INTL_SK;
    let creds = Credentials::new(flexus_sim::seed::DEMO_INTL_AK, sk, None);
    assert!(store.get(&profile).unwrap().is_none());
    store.set(&profile, &creds).unwrap();
    // A second handle (as another process would) reads the same entry.
    let back = KeyringStore::new("app.flexusdesk.desktop")
        .get(&profile)
        .unwrap()
        .unwrap();
    assert_eq!(back.access_key, creds.access_key);
    assert_eq!(back.secret_key.expose(), sk);
    assert!(back.security_token.is_none());

    // The CLI's --profile reads the app's keychain entry.
    let sim = common::start(flexus_sim::Seed::Demo).await;
    let urls = sim.urls.clone();
    let p2 = profile.clone();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flexus"));
        cmd.env_remove("HW_ACCESS_KEY")
            .env_remove("HW_SECRET_KEY")
            .args(["--profile", &p2]);
        for (s, k) in [
            ("iam", "iam"),
            ("rms", "rms"),
            ("hcss", "hcss"),
            ("bss", "bss-intl"),
            ("ecs", "ecs"),
        ] {
            cmd.args(["--endpoint", &format!("{s}={}", urls[k])]);
        }
        cmd.arg("balance").output().unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("USD"));

    // Overwrite with temporary keys, then delete; deleting twice is fine.
    store
        .set(
            &profile,
            &Credentials::new("AKTEMP00000000000001", "sk2", Some("tok")),
        )
        .unwrap();
    assert_eq!(
        store
            .get(&profile)
            .unwrap()
            .unwrap()
            .security_token
            .unwrap()
            .expose(),
        "tok"
    );
    store.delete(&profile).unwrap();
    store.delete(&profile).unwrap();
    assert!(store.get(&profile).unwrap().is_none());
}

/// A long temporary security token (Huawei's are several KB) is split over entries
/// that each fit Windows Credential Manager's 2,560-byte limit, and read back whole.
#[test]
fn a_6_kb_token_round_trips_through_the_real_keychain() {
    if !enabled() {
        return;
    }
    let store = KeyringStore::new("app.flexusdesk.desktop");
    let key = format!("p-{}", uuid::Uuid::new_v4().simple());
    let token: String = (0..6 * 1024)
        .map(|i| (b'A' + (i * 7 % 26) as u8) as char)
        .collect();
    store
        .set(
            &key,
            &Credentials::new("AKLONGTOKEN000000001", "sk-long", Some(&token)),
        )
        .unwrap();
    let head = store.get_raw(&key).unwrap().unwrap();
    assert!(
        head.encode_utf16().count() * 2 <= 2560,
        "the first entry fits Credential Manager ({} chars)",
        head.len()
    );
    let back = KeyringStore::new("app.flexusdesk.desktop")
        .get(&key)
        .unwrap()
        .unwrap();
    assert_eq!(back.security_token.unwrap().expose(), token);
    assert_eq!(back.secret_key.expose(), "sk-long");
    // A short secret replaces it in one entry; deleting removes every part.
    store
        .set(
            &key,
            &Credentials::new("AKLONGTOKEN000000001", "sk-short", None),
        )
        .unwrap();
    assert!(!store
        .get_raw(&key)
        .unwrap()
        .unwrap()
        .starts_with("flexus-split:"));
    store
        .set(
            &key,
            &Credentials::new("AKLONGTOKEN000000001", "sk-long", Some(&token)),
        )
        .unwrap();
    store.delete(&key).unwrap();
    assert!(store.get(&key).unwrap().is_none());
}
