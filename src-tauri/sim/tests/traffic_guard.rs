//! The traffic guard against the simulated cloud on its simulated clock: the forecast
//! made from real BSS readings comes true, and the automatic stop sends one real stop
//! per cycle and leaves alone a server the user started again.

mod common;

use flexus_core::client::ecs::ServerAction;
use flexus_core::traffic::{forecast, Forecast, GuardBook, GuardSettings, Reading};
use flexus_core::CloudClient;
use flexus_sim::{Running, Seed};
use time::Duration;

async fn reading(c: &CloudClient, sim: &Running, pkg: &str) -> Reading {
    let r = c
        .free_resource_usage(&[pkg.to_string()])
        .await
        .expect("usage");
    Reading::from_free_resource(&r.free_resources[0], sim.sim.now()).expect("a guarded package")
}

#[tokio::test]
async fn forecast_from_two_readings_a_day_apart_comes_true() {
    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let inst = common::instance_named(&c, &sim, "erp").await;
    let pkg = inst.traffic_package_id.clone().expect("traffic package");
    // Shape erp's rate so its allowance runs out about three days from now, inside the
    // current cycle (the seed puts it 24 days into a 30-day cycle).
    let r = reading(&c, &sim, &pkg).await;
    let into = (r.at - r.cycle_start).as_seconds_f64() / 86_400.0;
    assert_eq!(
        sim.sim
            .set_traffic_per_day("erp", r.total_gb / (into + 3.0)),
        1
    );
    // Start at an odd hour so the day-old reading is not at the same time of day by luck.
    sim.sim.advance(Duration::hours(5));
    let r0 = reading(&c, &sim, &pkg).await;
    sim.sim.advance(Duration::hours(22));
    let r_busy = reading(&c, &sim, &pkg).await;
    sim.sim.advance(Duration::hours(2));
    let r1 = reading(&c, &sim, &pkg).await;
    assert!(r1.left_gb < r0.left_gb, "traffic grows: {r0:?} {r1:?}");
    let f = forecast(&[r0.clone(), r_busy.clone(), r1.clone()]);
    let Forecast::RunsOut { at, .. } = f else {
        panic!("erp should run out this cycle: {f:?} from {r1:?}");
    };
    let until = at - sim.sim.now();
    assert!(until > Duration::days(1), "{until}");
    // Reading only the last two hours gives another rate: the pattern is daily.
    let short = forecast(&[Reading {
        at: r1.at,
        ..r_busy.clone()
    }]);
    assert_ne!(short, f);
    sim.sim.advance(until - Duration::hours(12));
    let before = reading(&c, &sim, &pkg).await;
    assert!(
        before.left_gb > 0.0,
        "runs out later than forecast: {before:?}"
    );
    sim.sim.advance(Duration::hours(24));
    let after = reading(&c, &sim, &pkg).await;
    assert_eq!(
        after.left_gb, 0.0,
        "runs out sooner than forecast: {after:?}"
    );
}

#[tokio::test]
async fn automatic_stop_stops_once_and_never_after_the_user_starts_again() {
    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let inst = common::instance_named(&c, &sim, "erp").await;
    assert_eq!(inst.status, "ACTIVE");
    let pkg = inst.traffic_package_id.clone().unwrap();
    let server = inst.server_id.clone().unwrap();
    let first = reading(&c, &sim, &pkg).await;
    let at = (first.percent_used().floor() as u8 + 2).min(100);
    let settings = GuardSettings {
        reminders: vec![70, 90, 95],
        auto_stop_at: Some(at),
    };
    let mut book = GuardBook::default();
    let mut stops = 0;
    let mut restarted = false;
    for _hour in 0..72 {
        let r = reading(&c, &sim, &pkg).await;
        let running = c.server(&inst.region, &server).await.unwrap().status == "ACTIVE";
        let o = book.evaluate(&inst.id, &settings, &r, running);
        if o.stop {
            stops += 1;
            let job = c
                .server_action(
                    &inst.region,
                    ServerAction::Stop,
                    std::slice::from_ref(&server),
                    false,
                )
                .await
                .expect("stop sent");
            sim.sim.advance(Duration::seconds(5));
            let j = c
                .wait_job(
                    &inst.region,
                    &job,
                    std::time::Duration::from_millis(50),
                    std::time::Duration::from_secs(5),
                )
                .await
                .unwrap();
            assert!(j.finished());
        } else if stops == 1 && !running && !restarted {
            // The user starts it again: the guard must stay quiet for the cycle.
            assert!(o.stopped_by_guard_at.is_some(), "says why it is stopped");
            common::send_power(&c, &inst.region, &server, ServerAction::Start, false).await;
            restarted = true;
        }
        sim.sim.advance(Duration::hours(1));
    }
    assert_eq!(stops, 1, "exactly one automatic stop in the cycle");
    assert!(restarted);
    assert_eq!(
        c.server(&inst.region, &server).await.unwrap().status,
        "ACTIVE",
        "the server the user started again keeps running"
    );
    assert_eq!(
        sim.sim.count_matching("POST /v1/"),
        2,
        "one stop and one start reached ECS"
    );
}

/// The guard as the watcher runs it: hourly fleet refreshes on the simulated clock,
/// `guard::run` deciding. One journaled stop with its notice; the user's start is
/// respected for the rest of the cycle; reminders once each; the book on disk.
#[tokio::test]
async fn guard_run_stops_once_journals_it_and_respects_the_users_start() {
    use flexus_core::expiry::Due;
    use flexus_core::guard::{self, GuardStore};
    use flexus_core::journal::Journal;

    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let inst = common::instance_named(&c, &sim, "erp").await;
    let server = inst.server_id.clone().unwrap();
    let first = reading(&c, &sim, inst.traffic_package_id.as_deref().unwrap()).await;
    let at = (first.percent_used().floor() as u8 + 2).min(100);
    let dir = common::temp_dir("guard-run");
    let path = dir.join(guard::GUARD_FILE);
    let (journal, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let actor = flexus_core::actions::Actor::new(&c, &journal, "Demo");
    let settings_of = |id: &str| GuardSettings {
        reminders: vec![70, 90, 95],
        auto_stop_at: (id == inst.id).then_some(at),
    };
    let mut stops = 0;
    let mut notices = vec![];
    let mut restarted = false;
    for _hour in 0..48 {
        let fleet = flexus_core::fleet::refresh(&c, sim.sim.now())
            .await
            .unwrap();
        let run = guard::run(&path, &actor, &fleet.instances, settings_of, sim.sim.now())
            .await
            .unwrap();
        assert!(run.failed.is_empty(), "{:?}", run.failed);
        stops += run.stopped.len();
        notices.extend(run.notices);
        let store = GuardStore::load(&path);
        if stops == 1 && !restarted {
            let erp = fleet.instances.iter().find(|i| i.id == inst.id).unwrap();
            if erp.status == "SHUTOFF" {
                assert!(store.stopped_by_guard(&inst.id).is_some(), "says why");
                common::send_power(&c, &inst.region, &server, ServerAction::Start, false).await;
                restarted = true;
            }
        }
        sim.sim.advance(Duration::hours(1));
    }
    assert_eq!(stops, 1, "exactly one automatic stop");
    assert!(
        restarted,
        "the stop took effect and the user started it again"
    );
    assert!(GuardStore::load(&path).stopped_by_guard(&inst.id).is_none());
    let stopped: Vec<_> = notices
        .iter()
        .filter(|n| matches!(n.due, Due::AutoStopped { .. }))
        .collect();
    assert_eq!(stopped.len(), 1);
    assert_eq!(stopped[0].instance_id, inst.id);
    // Reminders are re-offered each run under a stable per-cycle key (the
    // watcher's history sends each key once); the stop's notice comes only once.
    assert!(notices
        .iter()
        .filter(|n| matches!(n.due, Due::Traffic { .. }))
        .all(|n| n.key.starts_with(&format!("{}:", n.instance_id)) && n.key.contains(":traffic:")));
    let entries = journal.entries().unwrap();
    let stops_journaled: Vec<_> = entries.iter().filter(|e| e.action == "stop").collect();
    assert_eq!(stops_journaled.len(), 1, "the stop is journaled once");
    assert_eq!(stops_journaled[0].params["server_ids"][0], server.as_str());
    assert_eq!(
        c.server(&inst.region, &server).await.unwrap().status,
        "ACTIVE"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn reminders_use_the_users_thresholds() {
    use flexus_core::expiry::Due;
    use flexus_core::guard::GuardStore;
    use time::macros::datetime;
    let start = datetime!(2026-11-01 0:00 UTC);
    let r = Reading {
        at: datetime!(2026-11-20 0:00 UTC),
        left_gb: 40.0,
        total_gb: 200.0,
        cycle_start: start,
        cycle_end: start + Duration::days(30),
    };
    let mut i: flexus_core::fleet::InstanceView =
        serde_json::from_value(serde_json::json!({"id": "i1", "name": "web",
            "region": "r", "region_name": "R", "status": "ACTIVE", "frozen": false}))
        .expect("an InstanceView");
    i.status = "ACTIVE".into();
    let s = GuardSettings {
        reminders: vec![50, 85],
        auto_stop_at: None,
    };
    let mut store = GuardStore::default();
    let c = store.observe(&i, &s, &r, Some(true));
    assert!(!c.stop);
    let pct: Vec<u8> = c
        .notices
        .iter()
        .map(|n| match n.due {
            Due::Traffic { percent, .. } => percent,
            _ => 0,
        })
        .collect();
    assert_eq!(pct, vec![50]);
    assert_eq!(c.notices[0].key, "i1:2026-11-01:traffic:50");
    // The same key again next run (sent once by the caller's history), and only the
    // highest threshold crossed once more is reached.
    let again = store.observe(&i, &s, &r, Some(true));
    assert_eq!(again.notices, c.notices);
    let r90 = Reading {
        left_gb: 20.0,
        ..r.clone()
    };
    let keys: Vec<String> = store
        .observe(&i, &s, &r90, Some(true))
        .notices
        .into_iter()
        .map(|n| n.key)
        .collect();
    assert_eq!(keys, vec!["i1:2026-11-01:traffic:85".to_string()]);
}
