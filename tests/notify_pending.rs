//! A reminder counts as sent only once a notification server took it. With no
//! server on the session bus it stays pending (shown in the tray and Settings);
//! once a server appears it is delivered, exactly once. Runs a private D-Bus
//! daemon (no activatable services) and a real `org.freedesktop.Notifications`
//! server on it, talking to the app's D-Bus notifier.
#![cfg(target_os = "linux")]

mod common;

use std::io::BufRead;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;

/// The daemon, and the folder of its socket (removed after the daemon is killed).
struct Bus(std::process::Child, #[allow(dead_code)] common::TempDir);
impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

/// A private session bus with no service directories (nothing is auto-started).
fn private_bus() -> Option<(Bus, String)> {
    let dir = common::temp_dir("bus");
    let conf = dir.join("bus.conf");
    std::fs::write(
        &conf,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir={}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>"#,
            dir.display()
        ),
    )
    .unwrap();
    let mut child = std::process::Command::new("dbus-daemon")
        .arg(format!("--config-file={}", conf.display()))
        .args(["--print-address", "--nofork"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take()?)
        .read_line(&mut line)
        .ok()?;
    Some((Bus(child, dir), line.trim().to_string()))
}

/// A notification server: answers `Notify` with a fresh id and records summaries.
async fn notification_server(address: &str, seen: Arc<Mutex<Vec<String>>>) -> zbus::Connection {
    let conn = zbus::connection::Builder::address(address)
        .build()
        .await
        .unwrap();
    conn.request_name("org.freedesktop.Notifications")
        .await
        .unwrap();
    let mut stream = zbus::MessageStream::from(&conn);
    let c2 = conn.clone();
    tokio::spawn(async move {
        let mut next = 1u32;
        while let Some(Ok(msg)) = stream.next().await {
            let h = msg.header();
            if h.message_type() != zbus::message::Type::MethodCall {
                continue;
            }
            if h.member().map(|m| m.as_str()) == Some("Notify") {
                type Args<'a> = (
                    String,
                    u32,
                    String,
                    String,
                    String,
                    Vec<String>,
                    std::collections::HashMap<String, zbus::OwnedVariant>,
                    i32,
                );
                if let Ok(a) = msg.body().deserialize::<Args>() {
                    seen.lock().unwrap().push(a.3);
                }
                let _ = c2.reply(&h, &(next,)).await;
                next += 1;
            }
        }
    });
    conn
}

#[test]
fn a_reminder_without_a_notification_server_waits_and_is_delivered_once_one_appears() {
    let Some((_bus, address)) = private_bus() else {
        eprintln!("dbus-daemon is not installed: scripts/install-deps.sh installs it");
        return;
    };
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    tauri::async_runtime::block_on(async {
        let dir = common::temp_dir("pending");
        let state = common::state_in(&dir, common::demo_settings());
        let notifier = flexus_desk::dbus_notify::DbusNotifier::spawn(|_| {});
        let demo = state.accounts.demo().await.unwrap();
        // "staging" is then 30 days from expiry: one reminder is due.
        demo.sim
            .advance(time::Duration::days(10) + time::Duration::hours(4));

        let report = flexus_desk::watcher::check_all(&state, &notifier).await;
        assert!(
            report.failed_profiles.is_empty(),
            "{:?}",
            report.failed_profiles
        );
        assert!(
            report.sent.is_empty(),
            "nothing could be shown: {:?}",
            report.sent
        );
        let pending = state.reminders.waiting();
        assert!(
            pending.iter().any(|(_, n)| n
                .title(flexus_core::expiry::Lang::En)
                .starts_with("staging")),
            "{pending:?}"
        );
        for (p, n) in &pending {
            assert!(
                !state.reminders.was_sent(&format!("{p}:{}", n.key)),
                "not marked sent"
            );
        }
        // Offering them again without a server changes nothing.
        assert_eq!(
            flexus_desk::watcher::retry_pending(&state, &notifier).await,
            0
        );
        assert_eq!(state.reminders.waiting().len(), pending.len());

        // A notification server appears.
        let seen = Arc::new(Mutex::new(Vec::new()));
        let _server = notification_server(&address, seen.clone()).await;
        let delivered = flexus_desk::watcher::retry_pending(&state, &notifier).await;
        assert_eq!(delivered, pending.len());
        assert!(state.reminders.waiting().is_empty());
        let titles: Vec<String> = pending
            .iter()
            .map(|(_, n)| n.title(flexus_core::expiry::Lang::En))
            .collect();
        assert_eq!(
            *seen.lock().unwrap(),
            titles,
            "each delivered once, in order"
        );
        for (p, n) in &pending {
            assert!(state.reminders.was_sent(&format!("{p}:{}", n.key)));
        }
        // The next check does not repeat them.
        let again = flexus_desk::watcher::check_all(&state, &notifier).await;
        assert!(again.sent.is_empty(), "{:?}", again.sent);
        // Rather than waiting a while for a repeat that should not come: one more
        // notice goes through the same bus; once the server took it, everything sent
        // before it has arrived too, and the repeats would be there.
        use flexus_desk::watcher::Notifier;
        let mut marker = pending[0].1.clone();
        marker.name = "marker".into();
        assert!(
            notifier
                .deliver("Demo", &marker, flexus_core::expiry::Lang::En)
                .await
        );
        let mut want = titles.clone();
        want.push(marker.title(flexus_core::expiry::Lang::En));
        assert_eq!(*seen.lock().unwrap(), want);
    });
}
