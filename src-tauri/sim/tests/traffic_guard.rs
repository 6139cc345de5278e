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
            c.server_action(
                &inst.region,
                ServerAction::Start,
                std::slice::from_ref(&server),
                false,
            )
            .await
            .unwrap();
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
