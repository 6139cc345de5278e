//! The expiry watcher against the simulated cloud, its clock walked day by day from
//! 30 days before an instance's expiry to its deletion; then a restart (same data
//! folder) must not repeat a single notice.

mod common;

use std::sync::Mutex;

use flexus_core::expiry::{Lang, Notice};
use flexus_desk::watcher::{self, Notifier};

#[derive(Default)]
struct Recorder(Mutex<Vec<(String, String)>>);

impl Notifier for Recorder {
    fn notify(&self, _profile: &str, n: &Notice, lang: Lang) {
        self.0.lock().unwrap().push((n.title(lang), n.body(lang)));
    }
}

fn staging(rec: &Recorder) -> Vec<String> {
    rec.0
        .lock()
        .unwrap()
        .iter()
        .filter(|(t, _)| t.starts_with("staging"))
        .map(|(t, _)| t.clone())
        .collect()
}

#[test]
fn notices_from_30_days_before_expiry_to_deletion_once_each() {
    tauri::async_runtime::block_on(async {
        let dir = common::temp_dir("watch");
        let state = common::state_in(&dir, common::demo_settings());
        let rec = Recorder::default();
        let demo = state.accounts.demo().await.unwrap();
        // "staging" expires 40 days (and 3 hours) after the seed time, auto-renew off.
        demo.sim.advance(time::Duration::days(10));
        let mut per_day = Vec::new();
        for _day in 10..=72 {
            let before = staging(&rec).len();
            let report = watcher::check_all(&state, &rec).await;
            assert!(
                report.failed_profiles.is_empty(),
                "{:?}",
                report.failed_profiles
            );
            per_day.push(staging(&rec).len() - before);
            demo.sim.advance(time::Duration::days(1));
        }
        let titles = staging(&rec);
        let expiry: Vec<&String> = titles.iter().filter(|t| t.contains("expires")).collect();
        assert_eq!(
            expiry.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            [
                "staging expires in 30 days",
                "staging expires in 15 days",
                "staging expires in 7 days",
                "staging expires in 3 days",
                "staging expires in 1 day",
                "staging expires today"
            ]
        );
        assert_eq!(
            titles.iter().filter(|t| t.contains("grace period")).count(),
            15,
            "daily in grace"
        );
        assert_eq!(
            titles.iter().filter(|t| t.contains("frozen")).count(),
            15,
            "daily in retention"
        );
        assert!(
            per_day.iter().all(|n| *n <= 1),
            "never two staging notices on one day: {per_day:?}"
        );
        let bodies: Vec<String> = rec
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t.contains("staging is frozen"))
            .map(|(_, b)| b.clone())
            .collect();
        assert!(
            bodies[0].contains("deleted with its data on"),
            "{}",
            bodies[0]
        );
        // The tray's next-expiry list is filled.
        assert!(!flexus_desk::state::lock(&state.reminders.upcoming).is_empty());
        let sent_before = rec.0.lock().unwrap().len();
        // Same day again: nothing new.
        watcher::check_all(&state, &rec).await;
        assert_eq!(rec.0.lock().unwrap().len(), sent_before);
    });
}

#[test]
fn no_duplicates_after_a_restart() {
    tauri::async_runtime::block_on(async {
        let dir = common::temp_dir("restart");
        let rec = Recorder::default();
        {
            let state = common::state_in(&dir, common::demo_settings());
            watcher::check_all(&state, &rec).await;
        }
        let first = rec.0.lock().unwrap().len();
        assert!(first >= 5, "the demo has due notices: {first}");
        // Same data folder, a new process's state (and a new demo cloud, same seed).
        let again = common::state_in(&dir, common::demo_settings());
        let rec2 = Recorder::default();
        watcher::check_all(&again, &rec2).await;
        assert!(
            rec2.0.lock().unwrap().is_empty(),
            "repeated after restart: {:?}",
            rec2.0.lock().unwrap()
        );
        // A damaged reminder history is set aside and explained, not fatal.
        std::fs::write(dir.join("notices.json"), b"[broken").unwrap();
        let third = common::state_in(&dir, common::demo_settings());
        assert!(flexus_desk::state::lock(&third.startup_notes)
            .iter()
            .any(|n| n
                .text(flexus_core::messages::Lang::En)
                .contains("reminder history was damaged")
                && n.text(flexus_core::messages::Lang::Zh)
                    .contains("提醒记录已损坏")));
    });
}

#[test]
fn paused_notifications_are_not_sent_nor_forgotten() {
    tauri::async_runtime::block_on(async {
        let dir = common::temp_dir("pause");
        let mut s = common::demo_settings();
        s.notifications_paused = true;
        let state = common::state_in(&dir, s);
        let rec = Recorder::default();
        let report = watcher::check_all(&state, &rec).await;
        assert!(!report.sent.is_empty(), "notices are due");
        assert!(
            rec.0.lock().unwrap().is_empty(),
            "but nothing is shown while paused"
        );
        state
            .settings
            .update(|s| {
                s.notifications_paused = false;
                Ok(())
            })
            .unwrap();
        watcher::check_all(&state, &rec).await;
        let n = rec.0.lock().unwrap().len();
        assert_eq!(n, report.sent.len(), "shown once unpaused");
        watcher::check_all(&state, &rec).await;
        assert_eq!(rec.0.lock().unwrap().len(), n, "and only once");
    });
}
